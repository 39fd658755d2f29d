// CPU profile of a process that cannot take --cpu-prof through NODE_OPTIONS (node 20 refuses it there), e.g. the
// daemon a bench starts:
//   PASEO_BENCH_DAEMON_NODE_OPTIONS="--import=$PWD/bench/lib/cpu-prof-preload.mjs" node bench/throughput.mjs
// Starts node:inspector's Profiler at load and writes <PASEO_CPU_PROF_DIR or /tmp/paseo-cpu-prof>/<pid>-<ms>.cpuprofile
// when the process exits (the daemon exits itself on `daemon stop` or SIGTERM; a SIGKILL writes nothing).
// PASEO_CPU_PROF_INTERVAL_US sets the sampling interval (default 1000 µs, as --cpu-prof's).
// Summarise a profile with bench/lib/cpu-prof-summary.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector';

const dir = process.env.PASEO_CPU_PROF_DIR || '/tmp/paseo-cpu-prof';
const session = new Session();
session.connect();
// Posts on an in-process session complete synchronously, so the profile can be taken in an 'exit' listener.
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: Number(process.env.PASEO_CPU_PROF_INTERVAL_US || 1000) });
session.post('Profiler.start');

let written = false;
function write() {
  if (written) return;
  written = true;
  session.post('Profiler.stop', (err, result) => {
    if (err || !result) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(result.profile));
  });
}
process.on('exit', write);
