/** Fake Gemini API (v1beta :streamGenerateContent / :generateContent / :countTokens) for Gemini CLI. */
import type { Move } from './scenario.js';
import { fillSchema } from './scenario.js';
import { pause, sendJson, startFakeServer, startSse, type FakeModelServer, type RecordedRequest } from './fake-server.js';

interface Part {
  text?: string;
  functionCall?: { name: string; args: unknown };
  functionResponse?: { name: string; response: unknown };
}
interface Content {
  role?: string;
  parts?: Part[];
}
interface GenerateBody {
  contents?: Content[];
  tools?: Array<{ functionDeclarations?: Array<{ name: string }> }>;
  generationConfig?: { responseJsonSchema?: unknown; responseSchema?: unknown };
}

/** functionResponse payloads Gemini CLI sent back, as JSON text, in order of first appearance. */
export function geminiToolResponses(requests: RecordedRequest[]): string[] {
  const seen = new Set<string>();
  for (const r of requests) {
    for (const c of (r.body as GenerateBody | null)?.contents ?? []) {
      for (const p of c.parts ?? []) if (p.functionResponse) seen.add(JSON.stringify(p.functionResponse.response));
    }
  }
  return [...seen];
}

function moveParts(move: Move): Part[] {
  switch (move.kind) {
    case 'text':
      return [{ text: move.text }];
    case 'bash':
      return [{ text: 'I will run the command.' }, { functionCall: { name: 'run_shell_command', args: { command: move.command, description: 'Run scripted command' } } }];
    case 'write':
      return [{ functionCall: { name: 'write_file', args: { file_path: move.path, content: move.content } } }];
    case 'read':
      return [{ functionCall: { name: 'read_file', args: { absolute_path: move.path } } }];
    case 'edit':
      return [{ functionCall: { name: 'replace', args: { file_path: move.path, old_string: move.old, new_string: move.new, instruction: 'replace text' } } }];
    case 'patch':
      return [{ text: 'patches are a Codex step' }];
    case 'tool':
      return [{ functionCall: { name: move.name, args: move.input } }];
  }
}

function reply(fake: FakeModelServer, body: GenerateBody): Part[] {
  const schema = body.generationConfig?.responseJsonSchema ?? body.generationConfig?.responseSchema;
  if (schema) return [{ text: JSON.stringify(fillSchema(schema)) }]; // routing classifier and other side requests
  const names = (body.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((f) => f.name));
  if (names.length === 0) return [{ text: 'ok' }];
  const contents = body.contents ?? [];
  let p = -1;
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i]!;
    if (c.role === 'user' && (c.parts ?? []).some((x) => typeof x.text === 'string' && x.text.trim() && !x.text.startsWith('<'))) {
      p = i;
      break;
    }
  }
  if (p < 0) return [{ text: 'Hello from the fake model.' }];
  const prompt = (contents[p]!.parts ?? []).map((x) => x.text ?? '').join('\n').trim();
  const after = contents.slice(p + 1);
  const done = after.filter((c) => c.role === 'model' && (c.parts ?? []).some((x) => x.functionCall)).length;
  const plan = fake.turns.planFor(prompt);
  let calls = 0;
  for (const move of plan) {
    if (calls === done) return moveParts(move);
    if (move.kind !== 'text') calls += 1;
  }
  const resp = after.flatMap((c) => (c.parts ?? []).filter((x) => x.functionResponse)).pop();
  const text = resp ? JSON.stringify(resp.functionResponse!.response).slice(0, 400) : '';
  return [{ text: `Tool finished. Result was: ${text}` }];
}

function chunk(parts: Part[], finish: boolean): unknown {
  return {
    candidates: [{ content: { role: 'model', parts }, ...(finish ? { finishReason: 'STOP' } : {}), index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 },
    modelVersion: 'gemini-fake',
  };
}

export async function startFakeGemini(): Promise<FakeModelServer> {
  const holder: { fake?: FakeModelServer } = {};
  const fake = await startFakeServer(async (req, res) => {
    if (/:countTokens$/.test(req.path)) {
      sendJson(res, 200, { totalTokens: 10 });
      return true;
    }
    if (!/:(stream)?[gG]enerateContent$/.test(req.path)) return false;
    const body = (req.body ?? {}) as GenerateBody;
    const parts = reply(holder.fake!, body);
    if (/:streamGenerateContent$/.test(req.path)) {
      if (holder.fake!.turns.delayMs > 0 && (body.tools?.length ?? 0) > 0) await pause(holder.fake!.turns.delayMs);
      startSse(res);
      const texts = parts.filter((x) => x.text !== undefined);
      const calls = parts.filter((x) => x.functionCall);
      const slow = (body.tools?.length ?? 0) > 0 ? holder.fake!.turns.streamChunkMs : 0;
      if (texts.length && slow > 0) {
        // A model that types slowly: ~20 characters a piece, the last piece finishing the reply.
        const pieces = texts.flatMap((x) => x.text!.match(/.{1,20}/gs) ?? ['']);
        for (const [i, piece] of pieces.entries()) {
          res.write(`data: ${JSON.stringify(chunk([{ text: piece }], calls.length === 0 && i === pieces.length - 1))}\n\n`);
          await pause(slow);
        }
      } else if (texts.length) res.write(`data: ${JSON.stringify(chunk(texts, calls.length === 0))}\n\n`);
      if (calls.length) res.write(`data: ${JSON.stringify(chunk(calls, true))}\n\n`);
      res.end();
      return true;
    }
    sendJson(res, 200, chunk(parts, true));
    return true;
  });
  holder.fake = fake;
  return fake;
}
