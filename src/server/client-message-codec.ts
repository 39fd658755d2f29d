/** Decodes and validates one client frame. Never throws: a bad frame becomes an error the connection replies with. */
import type { ClientKind, ClientMessage, WireError } from '../core/protocol.js';

export type DecodeResult =
  | { ok: true; message: ClientMessage }
  /** requestId is set when the frame was a request with a usable id, so the error can answer it. */
  | { ok: false; error: WireError; requestId?: number };

const CLIENT_KINDS: readonly ClientKind[] = ['cli', 'tui', 'web', 'mcp', 'test'];
const MAX_METHOD_CHARS = 64;
const MAX_NAME_CHARS = 128;

export function decodeClientMessage(raw: string): DecodeResult {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return bad('malformed JSON');
  }
  if (!isRecord(value)) return bad('a message must be a JSON object');
  switch (value.type) {
    case 'hello':
      return decodeHello(value);
    case 'request':
      return decodeRequest(value);
    case 'input':
      if (typeof value.agentId !== 'string' || typeof value.data !== 'string') {
        return bad('input needs string agentId and data');
      }
      return { ok: true, message: { type: 'input', agentId: value.agentId, data: value.data } };
    case 'ack':
      if (typeof value.agentId !== 'string' || typeof value.id !== 'number' || !Number.isSafeInteger(value.id)) {
        return bad('ack needs string agentId and integer id');
      }
      return { ok: true, message: { type: 'ack', agentId: value.agentId, id: value.id } };
    default:
      return bad(`unknown message type ${JSON.stringify(String(value.type)).slice(0, 80)}`);
  }
}

function decodeHello(value: Record<string, unknown>): DecodeResult {
  const client = value.client;
  if (typeof value.protocol !== 'number' || !Number.isInteger(value.protocol)) return bad('hello needs an integer protocol');
  if (value.token !== undefined && typeof value.token !== 'string') return bad('hello token must be a string');
  if (!isRecord(client) || !CLIENT_KINDS.includes(client.kind as ClientKind)) return bad('hello needs client.kind');
  if (client.name !== undefined && (typeof client.name !== 'string' || client.name.length > MAX_NAME_CHARS)) {
    return bad('hello client.name must be a short string');
  }
  const message: ClientMessage = {
    type: 'hello',
    protocol: value.protocol,
    client: { kind: client.kind as ClientKind, ...(client.name !== undefined ? { name: client.name as string } : {}) },
    ...(value.token !== undefined ? { token: value.token as string } : {}),
  };
  return { ok: true, message };
}

function decodeRequest(value: Record<string, unknown>): DecodeResult {
  const id = value.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return bad('request needs a non-negative integer id');
  if (typeof value.method !== 'string' || value.method.length === 0 || value.method.length > MAX_METHOD_CHARS) {
    return { ok: false, error: { code: 'bad_request', message: 'request needs a method name' }, requestId: id };
  }
  return { ok: true, message: { type: 'request', id, method: value.method, params: value.params } };
}

function bad(message: string): DecodeResult {
  return { ok: false, error: { code: 'bad_request', message } };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
