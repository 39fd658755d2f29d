import { describe, expect, it } from 'vitest';
import { decodeClientMessage } from '../../src/server/client-message-codec.js';

describe('decodeClientMessage', () => {
  it('accepts the three client message types', () => {
    expect(decodeClientMessage('{"type":"hello","protocol":1,"token":"t","client":{"kind":"tui","name":"me"}}')).toEqual({
      ok: true,
      message: { type: 'hello', protocol: 1, token: 't', client: { kind: 'tui', name: 'me' } },
    });
    expect(decodeClientMessage('{"type":"request","id":7,"method":"agent.get","params":{"agentId":"x"}}')).toEqual({
      ok: true,
      message: { type: 'request', id: 7, method: 'agent.get', params: { agentId: 'x' } },
    });
    expect(decodeClientMessage('{"type":"input","agentId":"a1","data":"ls\\r"}')).toEqual({
      ok: true,
      message: { type: 'input', agentId: 'a1', data: 'ls\r' },
    });
  });

  it('drops unknown fields instead of passing them on', () => {
    const r = decodeClientMessage('{"type":"input","agentId":"a","data":"x","__proto__":{"polluted":1},"extra":2}');
    expect(r).toEqual({ ok: true, message: { type: 'input', agentId: 'a', data: 'x' } });
  });

  it.each([
    ['malformed JSON', '{"type":'],
    ['not an object', '[1,2,3]'],
    ['a bare string', '"hello"'],
    ['null', 'null'],
    ['unknown type', '{"type":"launch-missiles"}'],
    ['missing type', '{"id":1}'],
    ['hello without protocol', '{"type":"hello","client":{"kind":"tui"}}'],
    ['hello with a bad client kind', '{"type":"hello","protocol":1,"client":{"kind":"root"}}'],
    ['hello with a numeric token', '{"type":"hello","protocol":1,"token":5,"client":{"kind":"cli"}}'],
    ['request with a string id', '{"type":"request","id":"1","method":"agent.list"}'],
    ['request with a negative id', '{"type":"request","id":-1,"method":"agent.list"}'],
    ['request with a fractional id', '{"type":"request","id":1.5,"method":"agent.list"}'],
    ['input without data', '{"type":"input","agentId":"a"}'],
    ['input with object data', '{"type":"input","agentId":"a","data":{}}'],
  ])('rejects %s as bad_request', (_name, raw) => {
    const r = decodeClientMessage(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('bad_request');
  });

  it('keeps the id of a request whose method is unusable so the error can answer it', () => {
    const r = decodeClientMessage('{"type":"request","id":42,"method":17}');
    expect(r).toMatchObject({ ok: false, requestId: 42, error: { code: 'bad_request' } });
  });
});
