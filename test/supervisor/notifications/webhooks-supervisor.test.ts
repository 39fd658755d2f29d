// Webhooks wired into a real supervisor (config.json notifications.webhooks): a shell agent's failed command reaches
// a working receiver while another receiver hangs, and the agent goes on answering at once meanwhile.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { closeAll, openSupervisor, statusReached, tempHome, until } from '../helpers/supervisor-fixture.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await closeAll();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

it('a hanging receiver does not slow the agent; the working one gets the failure', async () => {
  const hung: http.IncomingMessage[] = [];
  const bodies: string[] = [];
  const hangUrl = await listen((req) => void hung.push(req));
  let gotOne!: () => void;
  const delivered = new Promise<void>((r) => (gotOne = r));
  const okUrl = await listen((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end();
      gotOne();
    });
  });
  const home = tempHome();
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ notifications: { webhooks: [{ url: hangUrl }, { url: okUrl, events: ['error'] }] } }));
  const { sup } = await openSupervisor(home);
  const agent = await sup.createAgent({ provider: 'shell', title: 'builder', cwd: home });
  await sup.waitForAgent(agent.id);
  await sup.sendText(agent.id, 'false');
  await delivered;
  expect(bodies).toEqual(['"builder" failed']);
  await until('the hung receiver holds a request', () => hung.length === 1);
  // The receiver still holds that request unanswered: the agent takes and runs the next command regardless.
  const marker = `after-${Date.now()}`;
  const idle = statusReached(sup, () => agent.id, ['idle']);
  await sup.sendText(agent.id, `echo ${marker}`);
  await idle;
  await until('marker on screen', async () => (await sup.readLogs(agent.id)).includes(`\n${marker}`));
  expect((await sup.getAgent(agent.id)).lastExitCode).toBe(0);
  expect(hung).toHaveLength(1);
}, 30_000);
