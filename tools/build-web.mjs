// Bundles the phone page (src/web) into dist/web with esbuild: app.js, app.css, xterm.css and index.html. Nothing is
// fetched at run time; the daemon serves these files (src/server/web/page-routes.ts).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/web');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'src/web/main.ts')],
  outfile: path.join(out, 'app.js'),
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
// The frame applier alone, as ESM, for node consumers (bench/viewer.mjs applies frames like the page does).
await build({ entryPoints: [path.join(root, 'src/web/apply-frame.ts')], outfile: path.join(out, 'apply-frame.mjs'), bundle: true, format: 'esm', platform: 'neutral', logLevel: 'warning' });
await build({ entryPoints: [path.join(root, 'src/web/style.css')], outfile: path.join(out, 'app.css'), bundle: true, minify: true, logLevel: 'warning' });
const require = createRequire(import.meta.url);
copyFileSync(path.join(path.dirname(require.resolve('@xterm/xterm/package.json')), 'css/xterm.css'), path.join(out, 'xterm.css'));
copyFileSync(path.join(root, 'src/web/index.html'), path.join(out, 'index.html'));
