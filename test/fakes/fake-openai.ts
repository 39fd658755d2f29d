/**
 * Fake OpenAI Responses API (POST /v1/responses, SSE) for Codex (`wire_api = "responses"`).
 * Same turn model as the Anthropic fake: each new prompt takes the next queued turn or its E2E_ keywords.
 */
import type http from 'node:http';
import { fillSchema, type Move } from './scenario.js';
import { nextId, sendJson, startFakeServer, startSse, type FakeModelServer, type RecordedRequest, pause } from './fake-server.js';

interface Tool {
  name?: string;
  type?: string;
  /** A `namespace` tool's functions (Codex's MCP servers, once loaded). */
  tools?: Tool[];
}
interface Item {
  type?: string;
  role?: string;
  content?: unknown;
  name?: string;
  output?: unknown;
  call_id?: string;
  /** A `tool_search_output`'s loaded namespaces. */
  tools?: Tool[];
}
interface ResponsesBody {
  model?: string;
  stream?: boolean;
  input?: Item[] | string;
  tools?: Tool[];
  /** Side requests (Codex's thread title) ask for JSON that fits a schema. */
  text?: { format?: { type?: string; schema?: unknown } };
}

function itemText(item: Item): string {
  if (typeof item.content === 'string') return item.content;
  if (Array.isArray(item.content)) return (item.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n');
  return '';
}

/** Tool outputs Codex sent back to the model, in order. */
export function openaiToolOutputs(requests: RecordedRequest[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of requests) {
    const input = (r.body as ResponsesBody | null)?.input;
    if (!Array.isArray(input)) continue;
    for (const it of input) {
      if (it.type !== 'function_call_output' && it.type !== 'custom_tool_call_output') continue;
      if (seen.has(it.call_id ?? '')) continue;
      seen.add(it.call_id ?? '');
      out.push(typeof it.output === 'string' ? it.output : JSON.stringify(it.output));
    }
  }
  return out;
}

function shellCall(body: ResponsesBody, cmd: string, escalate: boolean): Record<string, unknown> {
  const names = (body.tools ?? []).map((t) => t.name ?? t.type);
  const args: Record<string, unknown> = names.includes('exec_command') ? { cmd, yield_time_ms: 10000 } : { command: ['bash', '-lc', cmd] };
  if (escalate) Object.assign(args, { sandbox_permissions: 'require_escalated', justification: 'E2E: may I run this outside the sandbox?' });
  return { type: 'function_call', name: names.includes('exec_command') ? 'exec_command' : 'shell', arguments: JSON.stringify(args) };
}

function patchCall(body: ResponsesBody, patch: string): Record<string, unknown> {
  const t = (body.tools ?? []).find((x) => x.name === 'apply_patch');
  if (t?.type === 'custom') return { type: 'custom_tool_call', name: 'apply_patch', input: patch };
  if (t) return { type: 'function_call', name: 'apply_patch', arguments: JSON.stringify({ input: patch }) };
  return shellCall(body, `apply_patch <<'EOF'\n${patch}\nEOF`, false);
}

function message(text: string): Record<string, unknown> {
  return { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
}

function moveItems(body: ResponsesBody, after: Item[], move: Move): Array<Record<string, unknown>> {
  switch (move.kind) {
    case 'text':
      return [message(move.text)];
    case 'bash':
      return [message('I will run the command.'), shellCall(body, move.command, move.escalate === true)];
    case 'patch':
      return [patchCall(body, move.patch)];
    case 'write':
      return [patchCall(body, `*** Begin Patch\n*** Add File: ${move.path}\n${move.content.replace(/\n$/, '').split('\n').map((l) => '+' + l).join('\n')}\n*** End Patch`)];
    case 'edit':
      return [patchCall(body, `*** Begin Patch\n*** Update File: ${move.path}\n@@\n-${move.old}\n+${move.new}\n*** End Patch`)];
    case 'read':
      return [shellCall(body, `cat ${move.path}`, false)];
    case 'tool':
      return namedToolCall(body, after, move.name, move.input);
  }
}

/**
 * A named tool, as a real model reaches it through Codex. Codex offers MCP tools deferred: its request lists only
 * `tool_search` and names the namespace (`mcp__paseo`) in its instructions. The model searches first (a client
 * `tool_search_call`); Codex answers with a `tool_search_output` holding the namespace and its functions; the model
 * then calls `{namespace: "mcp__paseo", name: "create_agent"}`. `mcp__paseo__create_agent` names that pair.
 */
function namedToolCall(body: ResponsesBody, after: Item[], name: string, input: unknown): Array<Record<string, unknown>> {
  const args = JSON.stringify(input ?? {});
  if ((body.tools ?? []).some((t) => t.name === name && t.type !== 'namespace')) return [{ type: 'function_call', name, arguments: args }];
  const m = /^(mcp__.+?)__(.+)$/.exec(name);
  if (!m) return [message(`the fake model has no tool named ${name}`)];
  const [, namespace, fn] = m as unknown as [string, string, string];
  const loaded = [...(body.tools ?? []), ...after.filter((it) => it.type === 'tool_search_output').flatMap((it) => it.tools ?? [])];
  if (loaded.some((t) => t.type === 'namespace' && t.name === namespace && (t.tools ?? []).some((f) => f.name === fn))) {
    return [{ type: 'function_call', namespace, name: fn, arguments: args }];
  }
  // A search that just answered without the tool ends the turn (no endless searching).
  if (after[after.length - 1]?.type === 'tool_search_output') return [message(`the fake model searched for ${name} and Codex did not load it`)];
  if (!(body.tools ?? []).some((t) => t.type === 'tool_search')) return [message(`the fake model cannot reach ${name}: no such tool and no tool_search`)];
  return [{ type: 'tool_search_call', execution: 'client', status: 'completed', arguments: { query: `${namespace.replace(/^mcp__/, '')} ${fn}`, limit: 8 } }];
}

function reply(fake: FakeModelServer, body: ResponsesBody): Array<Record<string, unknown>> {
  // Codex's thread-title request: answered here, so it never takes a scripted turn meant for a prompt.
  const schema = body.text?.format?.type === 'json_schema' ? body.text.format.schema : undefined;
  if (schema) return [message(JSON.stringify(fillSchema(schema)))];
  const input: Item[] = Array.isArray(body.input) ? body.input : [{ type: 'message', role: 'user', content: String(body.input ?? '') }];
  // The newest real user prompt: skip the <environment_context>/instructions messages Codex adds.
  let p = -1;
  for (let i = input.length - 1; i >= 0; i--) {
    const it = input[i]!;
    const text = itemText(it).trim();
    if ((it.type === 'message' || !it.type) && it.role === 'user' && text && !text.startsWith('<')) {
      p = i;
      break;
    }
  }
  if (p < 0 || (body.tools ?? []).length === 0) return [message('Hello from the fake model.')];
  const prompt = itemText(input[p]!).trim();
  const after = input.slice(p + 1);
  const done = after.filter((it) => it.type === 'function_call' || it.type === 'custom_tool_call').length;
  // Moves are counted in tool calls: a text move ends the turn, so it is only reached once. A tool search is the
  // first half of a named-tool move, not a move of its own.
  const plan = fake.turns.planFor(prompt);
  let calls = 0;
  for (const move of plan) {
    if (calls === done) return moveItems(body, after, move);
    if (move.kind !== 'text') calls += 1;
  }
  const outs = after.filter((it) => it.type === 'function_call_output' || it.type === 'custom_tool_call_output');
  const last = outs[outs.length - 1];
  const text = last ? (typeof last.output === 'string' ? last.output : JSON.stringify(last.output)) : '';
  return [message(`Tool finished. Result was: ${text.slice(0, 400)}`)];
}

function expand(item: Record<string, unknown>): Record<string, unknown> {
  if (item.type === 'message') return { id: nextId('msg'), ...item };
  if (item.type === 'tool_search_call') return { id: nextId('ts'), call_id: nextId('call'), ...item };
  if (item.type === 'function_call') return { id: nextId('fc'), call_id: nextId('call'), status: 'completed', ...item };
  return { id: nextId('ctc'), call_id: nextId('call'), status: 'completed', ...item };
}

async function sendResponseSse(res: http.ServerResponse, body: ResponsesBody, output: Array<Record<string, unknown>>, chunkMs = 0): Promise<void> {
  startSse(res);
  let seq = 0;
  const ev = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  const resp = { id: nextId('resp'), object: 'response', created_at: Math.floor(Date.now() / 1000), status: 'in_progress', model: body.model ?? 'gpt-fake', output: [] as unknown[] };
  ev('response.created', { response: resp });
  for (const [i, item] of output.entries()) {
    ev('response.output_item.added', { output_index: i, item });
    if (item.type === 'message') {
      const text = ((item.content as Array<{ text: string }>)[0]?.text) ?? '';
      for (const delta of chunkMs > 0 ? (text.match(/.{1,20}/gs) ?? ['']) : [text]) {
        ev('response.output_text.delta', { item_id: item.id, output_index: i, content_index: 0, delta });
        if (chunkMs > 0) await pause(chunkMs);
      }
    }
    ev('response.output_item.done', { output_index: i, item });
  }
  const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 20 };
  ev('response.completed', { response: { ...resp, status: 'completed', output, usage } });
  res.end();
}

export async function startFakeOpenAI(): Promise<FakeModelServer> {
  const holder: { fake?: FakeModelServer } = {};
  const fake = await startFakeServer(async (req, res) => {
    if (req.method === 'POST' && /\/responses$/.test(req.path)) {
      const body = (req.body ?? {}) as ResponsesBody;
      const output = reply(holder.fake!, body).map(expand);
      if (holder.fake!.turns.delayMs > 0) await pause(holder.fake!.turns.delayMs);
      if (body.stream) await sendResponseSse(res, body, output, holder.fake!.turns.streamChunkMs);
      else sendJson(res, 200, { id: nextId('resp'), object: 'response', status: 'completed', model: body.model, output });
      return true;
    }
    if (req.method === 'GET' && /\/models$/.test(req.path)) {
      sendJson(res, 200, { object: 'list', data: [{ id: 'gpt-fake', object: 'model', owned_by: 'fake' }], models: [] });
      return true;
    }
    return false;
  });
  holder.fake = fake;
  return fake;
}
