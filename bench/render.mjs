// Render cost of the TUI's cell compositor (dist/src/tui/compositor), in-process, over headless
// terminals fed with build-log lines. Per frame: 3 new lines go into each changing pane (parsed
// outside the timing), then the frame is timed: a fresh CellGrid, blitTerminal of every visible pane,
// ScreenWriter.present (cell diff against the last frame + synchronized output) into a byte sink.
// Reference: the research's raw renderer (rows of changed panes rewritten, no diff) on the same data.
// Targets: 4 panes (100x30) all changing p50 ≤ 2 ms; 16 panes ≤ 8 ms; an unchanged pane ≈ 0
// (gate: its cost ≤ 10 % of a changing pane's).
import fs from 'node:fs';
import xh from '@xterm/headless';
import { dist } from './lib/paseo.mjs';
import { buildlogLines } from './lib/data.mjs';
import { now, median, quantile } from './lib/stats.mjs';
import { rawFrame } from './lib/raw-render.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';

const quick = !!process.env.PASEO_BENCH_QUICK;
const FRAMES = quick ? 80 : 200, WARMUP = 20;
const PC = 100, PR = 30;
const LINES = buildlogLines(4000).map((l) => l + '\r\n');

async function loadCompositor() {
  const files = ['cell-grid.js', 'blit-terminal.js', 'screen-writer.js'].map((f) => dist(`src/tui/compositor/${f}`));
  const missing = files.find((f) => !fs.existsSync(f));
  if (missing) return { reason: `${missing.replace(/.*dist\//, 'dist/')} not built` };
  const [{ CellGrid }, { blitTerminal }, { ScreenWriter }] = await Promise.all(files.map((f) => import(f)));
  return { CellGrid, blitTerminal, ScreenWriter };
}

function layout(n) {
  const gx = Math.ceil(Math.sqrt(n)), gy = Math.ceil(n / gx);
  const cols = gx * (PC + 1) + 1, rows = gy * (PR + 1) + 1; // 1-cell borders like tmux
  const panes = [];
  for (let i = 0; i < n; i++) {
    const term = new xh.Terminal({ cols: PC, rows: PR, scrollback: 1000, allowProposedApi: true });
    panes.push({ term, x: 1 + (i % gx) * (PC + 1), y: 1 + Math.floor(i / gx) * (PR + 1), cols: PC, rows: PR, dirty: true, pos: i * 97 });
  }
  return { cols, rows, panes };
}
const write = (t, s) => new Promise((r) => t.write(s, r));
async function feed(p) { let s = ''; for (let k = 0; k < 3; k++) s += LINES[p.pos++ % LINES.length]; await write(p.term, s); }

/** Times FRAMES frames; `changing` = how many panes get new lines each frame. */
async function measure(C, n, changing, renderer) {
  const L = layout(n);
  for (const p of L.panes) { let s = ''; for (let k = 0; k < PR; k++) s += LINES[p.pos++ % LINES.length]; await write(p.term, s); }
  let bytes = 0;
  const sink = { write: (s) => { bytes += s.length; } };
  const writer = C && new C.ScreenWriter(sink);
  const frame = () => {
    if (renderer === 'raw') { rawFrame(L.panes, sink.write); return; }
    const grid = new C.CellGrid(L.cols, L.rows);
    for (const p of L.panes) C.blitTerminal(grid, p.term, { x: p.x, y: p.y, width: p.cols, height: p.rows }, { topLine: p.term.buffer.active.viewportY });
    writer.present(grid, { visible: true, x: L.panes[0].x, y: L.panes[0].y });
  };
  frame(); // first full frame (not timed)
  const times = [];
  let frameBytes = 0;
  for (let f = 0; f < FRAMES + WARMUP; f++) {
    for (let i = 0; i < n; i++) { L.panes[i].dirty = i < changing; if (i < changing) await feed(L.panes[i]); }
    const b0 = bytes, t0 = now();
    frame();
    const dt = now() - t0;
    if (f >= WARMUP) { times.push(dt); frameBytes += bytes - b0; }
  }
  for (const p of L.panes) p.term.dispose();
  return { p50: median(times), p99: quantile(times, 0.99), bytesPerFrame: frameBytes / FRAMES };
}

runMain('render', async () => {
  const C = await loadCompositor();
  const rows = [];
  const cases = [[1, 1], [4, 4], [9, 9], [16, 16], [4, 1], [4, 0]];
  const res = {};
  for (const [n, ch] of cases) {
    res[`raw ${n}/${ch}`] = await measure(null, n, ch, 'raw');
    if (!C.reason) res[`paseo ${n}/${ch}`] = await measure(C, n, ch, 'paseo');
  }
  const fmtDetail = (k) => `p99 ${res['paseo ' + k].p99.toFixed(2)} ms; ${Math.round(res['paseo ' + k].bytesPerFrame / 1024 * 10) / 10} KB/frame vs raw ${Math.round(res['raw ' + k].bytesPerFrame / 1024 * 10) / 10} KB`;
  const gates = { '4/4': 2, '16/16': 8 };
  for (const [n, ch] of cases.filter(([n, ch]) => n === ch)) {
    const k = `${n}/${ch}`;
    const metric = `${n} pane${n > 1 ? 's' : ''} all changing, frame p50`;
    if (C.reason) { rows.push({ ...skipRow(metric, `compositor: ${C.reason}`, gates[k] ? `p50 ≤ ${gates[k]} ms` : ''), ref: res['raw ' + k].p50, refLabel: 'raw renderer', unit: 'ms' }); continue; }
    const p = res['paseo ' + k], r = res['raw ' + k];
    rows.push(row({ metric, paseo: p.p50, ref: r.p50, refLabel: 'raw renderer', ratio: p.p50 / r.p50, unit: 'ms',
      ...(gates[k] ? { target: `p50 ≤ ${gates[k]} ms`, op: '<=', limit: gates[k], gateValue: p.p50 } : {}), detail: fmtDetail(k) }));
  }
  if (!C.reason) {
    const one = res['paseo 1/1'].p50, withIdle = res['paseo 4/1'].p50;
    const perIdle = Math.max(0, (withIdle - one) / 3);
    rows.push(row({ metric: 'unchanged pane cost (4 panes, 1 changing, vs 1 pane)', paseo: perIdle, ref: one, refLabel: 'one changing pane', ratio: perIdle / one, unit: 'ms',
      target: '≤ 0.1× a changing pane', op: '<=', limit: 0.1, detail: `4 panes/1 changing p50 ${withIdle.toFixed(2)} ms; ${fmtDetail('4/1')}` }));
    rows.push(row({ metric: '4 panes, none changing, frame p50 (info)', paseo: res['paseo 4/0'].p50, ref: res['raw 4/0'].p50, refLabel: 'raw renderer', unit: 'ms', detail: fmtDetail('4/0') }));
  } else rows.push(skipRow('unchanged pane cost', `compositor: ${C.reason}`, '≈ 0'));
  return { name: 'render', note: `${PC}x${PR} panes, ${FRAMES} frames after ${WARMUP} warm-up, 3 build-log lines per changing pane per frame`, rows, raw: res };
});
