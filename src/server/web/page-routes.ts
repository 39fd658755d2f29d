/**
 * Serves the phone page built into dist/web (tools/build-web.mjs) at `/`: a fixed list of files, read once, with
 * their content types, never cached (a rebuilt daemon serves the new page at once). The Host/Origin checks and the
 * security headers (CSP, nosniff, no-referrer) were applied by the server before this runs.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/xterm.css': { file: 'xterm.css', type: 'text/css; charset=utf-8' },
};

/** dist/web beside the compiled server (dist/src/server/web → dist/web). */
export function defaultPageDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web');
}

export function pageRoutes(dir = defaultPageDir()): (req: IncomingMessage, res: ServerResponse) => boolean {
  const cache = new Map<string, Buffer | null>();
  const read = (file: string): Buffer | null => {
    if (!cache.has(file)) {
      try {
        cache.set(file, fs.readFileSync(path.join(dir, file)));
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file) ?? null;
  };
  return (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const entry = FILES[pathname];
    if (!entry) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 });
      res.end();
      return true;
    }
    const body = read(entry.file);
    if (!body) {
      const text = 'paseo: the phone page is not built (run npm run build)\n';
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return true;
    }
    res.writeHead(200, {
      'content-type': entry.type,
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
