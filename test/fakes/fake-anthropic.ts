/**
 * Fake Anthropic Messages API (POST /v1/messages, SSE and JSON) for Claude Code and OpenCode.
 * Each new user prompt takes the next queued turn (or its E2E_ keywords); after the last tool step the
 * model answers "Tool finished. Result was: <tool_result>", so a test can read what the agent saw.
 */
import type http from 'node:http';
import { fillSchema, type Move } from './scenario.js';
import { nextId, pause, sendJson, startFakeServer, startSse, type FakeModelServer, type RecordedRequest } from './fake-server.js';

interface Block {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  content?: unknown;
  is_error?: boolean;
  tool_use_id?: string;
}
interface Message {
  role: string;
  content: string | Block[];
}
interface MessagesBody {
  model?: string;
  stream?: boolean;
  tools?: Array<{ name: string }>;
  messages?: Message[];
  output_config?: { format?: { schema?: unknown } };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Block[])
    .map((b) => (b.type === 'text' ? (b.text ?? '') : b.type === 'tool_result' ? textOf(b.content) : ''))
    .join('\n');
}

function promptText(content: Message['content']): string {
  if (typeof content === 'string') return content;
  return content.filter((b) => b.type === 'text').map((b) => b.text ?? '').join('\n');
}

/** The tool_result blocks the model received, newest request last: what tests assert on. */
export function anthropicToolResults(requests: RecordedRequest[]): Array<{ content: string; isError: boolean }> {
  const out: Array<{ content: string; isError: boolean }> = [];
  const seen = new Set<string>();
  for (const r of requests) {
    const body = r.body as MessagesBody | null;
    for (const m of body?.messages ?? []) {
      if (m.role !== 'user' || !Array.isArray(m.content)) continue;
      for (const b of m.content) {
        if (b.type !== 'tool_result' || seen.has(b.tool_use_id ?? '')) continue;
        seen.add(b.tool_use_id ?? '');
        out.push({ content: textOf(b.content), isError: b.is_error === true });
      }
    }
  }
  return out;
}

function toolUse(tools: string[], move: Move): Block {
  // OpenCode names its tools in lowercase with camelCase inputs; Claude Code in PascalCase with snake_case.
  const oc = tools.includes('bash') && !tools.includes('Bash');
  const id = nextId('toolu');
  switch (move.kind) {
    case 'bash':
      return { type: 'tool_use', id, name: oc ? 'bash' : 'Bash', input: { command: move.command, description: 'Run scripted command' } };
    case 'write':
      return { type: 'tool_use', id, name: oc ? 'write' : 'Write', input: oc ? { filePath: move.path, content: move.content } : { file_path: move.path, content: move.content } };
    case 'read':
      return { type: 'tool_use', id, name: oc ? 'read' : 'Read', input: oc ? { filePath: move.path } : { file_path: move.path } };
    case 'edit':
      return {
        type: 'tool_use',
        id,
        name: oc ? 'edit' : 'Edit',
        input: oc ? { filePath: move.path, oldString: move.old, newString: move.new } : { file_path: move.path, old_string: move.old, new_string: move.new, replace_all: false },
      };
    case 'tool':
      return { type: 'tool_use', id, name: move.name, input: move.input };
    default:
      return { type: 'text', text: move.kind === 'text' ? move.text : 'unsupported step' };
  }
}

function reply(fake: FakeModelServer, body: MessagesBody): Block[] {
  const schema = body.output_config?.format?.schema;
  if (schema) return [{ type: 'text', text: JSON.stringify(fillSchema(schema)) }]; // session title side request
  const tools = (body.tools ?? []).map((t) => t.name);
  if (tools.length === 0) return [{ type: 'text', text: 'OK' }];
  const msgs = body.messages ?? [];
  // The newest user message with prompt text (not only tool results); system messages may follow it.
  let p = -1;
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i]!;
    if (m.role !== 'user') continue;
    const hasResult = Array.isArray(m.content) && m.content.some((b) => b.type === 'tool_result');
    if (!hasResult && promptText(m.content).trim()) {
      p = i;
      break;
    }
  }
  const prompt = p >= 0 ? promptText(msgs[p]!.content).trim() : '';
  const done = msgs.slice(p + 1).filter((m) => m.role === 'assistant').length;
  const move = fake.turns.next(prompt, done);
  if (move) {
    const block = toolUse(tools, move);
    return block.type === 'tool_use' ? [{ type: 'text', text: 'I will use a tool.' }, block] : [block];
  }
  if (fake.turns.endsWithText(prompt)) return [{ type: 'text', text: 'Done.' }];
  const last = [...msgs].reverse().find((m) => m.role === 'user' && Array.isArray(m.content));
  const results = Array.isArray(last?.content) ? last.content.filter((b) => b.type === 'tool_result') : [];
  const text = results.map((r) => `${r.is_error ? 'ERROR ' : ''}${textOf(r.content)}`).join(' | ');
  return [{ type: 'text', text: `Tool finished. Result was: ${text}` }];
}

async function sendMessageSse(res: http.ServerResponse, msg: Record<string, unknown>, content: Block[], stop: string, chunkMs = 0): Promise<void> {
  startSse(res);
  const ev = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  ev('message_start', { message: { ...msg, content: [], stop_reason: null } });
  for (const [index, b] of content.entries()) {
    if (b.type === 'text') {
      ev('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const part of (b.text ?? '').match(/.{1,20}/gs) ?? ['']) {
        ev('content_block_delta', { index, delta: { type: 'text_delta', text: part } });
        if (chunkMs > 0) await pause(chunkMs);
      }
    } else {
      ev('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } });
    }
    ev('content_block_stop', { index });
  }
  ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 10 } });
  ev('message_stop', {});
  res.end();
}

export async function startFakeAnthropic(): Promise<FakeModelServer> {
  const holder: { fake?: FakeModelServer } = {};
  const fake = await startFakeServer(async (req, res) => {
    if (req.method === 'POST' && req.path === '/v1/messages') {
      const body = (req.body ?? {}) as MessagesBody;
      const content = reply(holder.fake!, body);
      if (holder.fake!.turns.delayMs > 0 && (body.tools?.length ?? 0) > 0) await pause(holder.fake!.turns.delayMs);
      const stop = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
      const msg = {
        id: nextId('msg'),
        type: 'message',
        role: 'assistant',
        model: body.model ?? 'claude-fake',
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      };
      const slow = (body.tools?.length ?? 0) > 0 ? holder.fake!.turns.streamChunkMs : 0;
      if (body.stream) await sendMessageSse(res, msg, content, stop, slow);
      else sendJson(res, 200, { ...msg, content, stop_reason: stop });
      return true;
    }
    if (req.method === 'POST' && req.path === '/v1/messages/count_tokens') {
      sendJson(res, 200, { input_tokens: 100 });
      return true;
    }
    return false;
  });
  holder.fake = fake;
  return fake;
}
