// tmux on a private socket with an empty config; killed by socket name only.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let n = 0;
export class Tmux {
  /** conf: null → /dev/null; a string → written to a temp file and used as the config. */
  constructor(tag, confText = null) {
    this.name = `paseo_bench_${tag}_${process.pid}_${n++}`;
    this.conf = '/dev/null';
    if (confText) {
      this.conf = path.join(os.tmpdir(), `${this.name}.conf`);
      fs.writeFileSync(this.conf, confText);
    }
  }
  args(...a) { return ['-L', this.name, '-f', this.conf, ...a]; }
  run(...a) {
    const r = spawnSync('tmux', this.args(...a), { encoding: 'utf8', timeout: 10000 });
    if (r.status !== 0) throw new Error(`tmux ${a.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  }
  runAsync(...a) {
    return new Promise((res) => spawn('tmux', this.args(...a), { stdio: 'ignore' }).on('exit', res));
  }
  serverPid() { return Number(this.run('display-message', '-p', '#{pid}')); }
  /** Kills this server by its socket name (never by process name). */
  kill() {
    spawnSync('tmux', ['-L', this.name, 'kill-server'], { stdio: 'ignore', timeout: 5000 });
    // the socket file can outlive its server; it is ours (unique name), so remove it
    fs.rmSync(path.join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid()}`, this.name), { force: true });
    if (this.conf !== '/dev/null') fs.rmSync(this.conf, { force: true });
  }
}
