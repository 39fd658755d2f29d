// A viewer-stream client as the phone page is one: subscribes with viewer: true, applies each frame into a headless
// terminal with the page's own frame applier (dist/web/apply-frame.mjs) and acks it once parsed; counts bytes.
import WebSocket from 'ws';
import { createRequire } from 'node:module';
import { dist } from './paseo.mjs';

const require = createRequire(import.meta.url);
const { Terminal } = require('@xterm/headless');

export async function loadFrameApplier() {
  return (await import(dist('web/apply-frame.mjs'))).frameToAnsi;
}

export class ViewerClient {
  static async connect(url, token, agentId, frameToAnsi, { cols = 80, rows = 24, onApplied, host } = {}) {
    const v = new ViewerClient();
    v.bytes = 0; v.frames = 0; v.agentId = agentId; v.onApplied = onApplied; v.pending = new Map(); v.nextId = 1;
    v.term = new Terminal({ cols, rows, scrollback: 100, allowProposedApi: true });
    // Through a proxy the daemon must still see its own Host (it refuses others: DNS rebinding).
    v.ws = new WebSocket(url, { perMessageDeflate: false, ...(host ? { headers: { host } } : {}) });
    await new Promise((resolve, reject) => {
      v.ws.on('error', reject);
      v.ws.on('open', () => v.ws.send(JSON.stringify({ type: 'hello', protocol: 1, token, client: { kind: 'web', name: 'bench-viewer' } })));
      v.ws.on('message', (raw) => {
        v.bytes += raw.length;
        const m = JSON.parse(raw.toString());
        if (m.type === 'welcome') return resolve();
        if (m.type === 'response') { const p = v.pending.get(m.id); if (p) { v.pending.delete(m.id); m.error ? p.reject(new Error(m.error.message)) : p.resolve(m.result); } return; }
        if (m.type === 'frame' && m.agentId === agentId) {
          if (m.cols !== v.term.cols || m.rows !== v.term.rows) v.term.resize(m.cols, m.rows);
          v.term.write(frameToAnsi(m), () => {
            v.frames++;
            v.ws.send(JSON.stringify({ type: 'ack', agentId, id: m.id }));
            v.onApplied?.(v);
          });
        }
      });
    });
    await v.request('terminal.subscribe', { agentId, viewer: true });
    return v;
  }
  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => { this.pending.set(id, { resolve, reject }); this.ws.send(JSON.stringify({ type: 'request', id, method, params })); });
  }
  input(data) { this.ws.send(JSON.stringify({ type: 'input', agentId: this.agentId, data })); }
  text() {
    const b = this.term.buffer.active;
    const rows = [];
    for (let y = 0; y < this.term.rows; y++) rows.push(b.getLine(b.baseY + y)?.translateToString(true) ?? '');
    return rows.join('\n');
  }
  close() { try { this.ws.terminate(); } catch {} this.term.dispose(); }
}
