// An in-process TCP proxy that behaves like a phone's link: a bandwidth cap per direction (down = toward the client,
// up = toward the daemon), a one-way delay with jitter, byte counters, and blackouts on demand (nothing moves; what
// was sent waits, as TCP would retransmit it once the link is back). Order is kept per direction.
import net from 'node:net';

export async function startThrottleProxy(target, { downBps = 2_000_000, upBps = 500_000, delayMs = 40, jitterMs = 10, seed = 1 } = {}) {
  let rnd = seed >>> 0;
  const random = () => ((rnd = (rnd * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  let blackoutUntil = 0;
  const stats = { down: 0, up: 0 };
  const sockets = new Set();

  /** One direction: chunks leave at the link's rate, arrive delayMs ± jitter later, never before an earlier chunk. */
  function pipe(from, to, bps, counter) {
    let linkFreeAt = 0;
    let lastArrival = 0;
    const queue = [];
    let timer;
    const pump = () => {
      timer = undefined;
      const t = performance.now();
      // During a blackout nothing arrives: what is queued is pushed back to after it.
      if (blackoutUntil > t) for (const q of queue) q.at = Math.max(q.at, blackoutUntil + delayMs);
      else {
        while (queue.length && queue[0].at <= t) {
          const { chunk } = queue.shift();
          if (!to.destroyed) to.write(chunk);
        }
      }
      if (queue.length) timer = setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
    };
    from.on('data', (chunk) => {
      stats[counter] += chunk.length;
      const t = Math.max(performance.now(), blackoutUntil);
      const start = Math.max(t, linkFreeAt);
      linkFreeAt = start + (chunk.length * 8 * 1000) / bps;
      const arrival = Math.max(lastArrival, linkFreeAt + delayMs + (random() * 2 - 1) * jitterMs);
      lastArrival = arrival;
      queue.push({ chunk, at: arrival });
      if (!timer) timer = setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
    });
    from.on('end', () => to.end());
  }

  const server = net.createServer({ noDelay: true }, (client) => {
    const upstream = net.connect({ host: target.host, port: target.port, noDelay: true });
    sockets.add(client);
    sockets.add(upstream);
    pipe(client, upstream, upBps, 'up');
    pipe(upstream, client, downBps, 'down');
    const close = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', close); upstream.on('error', close);
    client.on('close', close); upstream.on('close', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    stats,
    /** Nothing moves for ms from now. */
    blackout(ms) { blackoutUntil = performance.now() + ms; },
    close() { for (const s of sockets) s.destroy(); server.close(); },
  };
}
