/** Reading a request body with a bound, for every HTTP endpoint (the daemon's routes, pairing, `/mcp`). */
import type { IncomingMessage } from 'node:http';

/** Reads the body up to maxBytes; past it stops reading and reports too_large without buffering more. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too_large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: string | 'too_large') => {
      if (done) return;
      done = true;
      resolve(value);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        finish('too_large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => finish('too_large'));
  });
}
