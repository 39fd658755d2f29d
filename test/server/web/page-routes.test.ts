/**
 * The phone page as the daemon serves it: index, script and styles with their content types, never cached, under the
 * server's CSP; nothing else; a page that was not built is one line saying so; no secret in anything served.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pageRoutes } from '../../../src/server/web/page-routes.js';
import { repoRoot } from '../../helpers/paseo-cli.js';
import { startHarness, type Harness } from '../harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function base(h: Harness): string {
  return `http://127.0.0.1:${h.port}`;
}

describe('phone page routes', () => {
  it('serves the built page with content types, no-store and the CSP, and no secret', async () => {
    // npm test builds first: dist/web holds the bundled page.
    const built = path.join(repoRoot, 'dist/web');
    const token = randomBytes(32).toString('hex');
    harness = await startHarness({ token, extraRoutes: pageRoutes(built) });
    const want: Record<string, RegExp> = { '/': /^text\/html/, '/app.js': /^text\/javascript/, '/app.css': /^text\/css/, '/xterm.css': /^text\/css/ };
    for (const [p, type] of Object.entries(want)) {
      const res = await fetch(base(harness) + p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toMatch(type);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const body = await res.text();
      expect(body).not.toContain(token);
      if (p === '/') {
        // No inline script or style: the page loads bundled files only.
        expect(body).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|style=/);
        expect(body).toContain('src="/app.js"');
      }
    }
    expect((await fetch(base(harness) + '/app.js', { method: 'POST' })).status).toBe(405);
    expect((await fetch(base(harness) + '/etc/passwd')).status).toBe(404);
    expect((await fetch(base(harness) + '/../package.json')).status).toBe(404);
  });

  it('says so in one line when the page was not built', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-noweb-'));
    harness = await startHarness({ extraRoutes: pageRoutes(empty) });
    const res = await fetch(base(harness) + '/');
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('paseo: the phone page is not built (run npm run build)\n');
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
