/**
 * The phone page in real Chromium (390×844, touch) against a real daemon with a shell agent and the real Claude Code
 * on the fake model server: pairing from the printed link, the list, a held `git push` with its command, Deny with a
 * message and Allow from the page, the page's terminal equal to `paseo logs`, a prompt typed on the page, reconnect
 * after a daemon restart, and cut off within a second of `paseo devices revoke`. Screenshots: test-artifacts/phone/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { cliUserEnv } from '../fixtures/agents/cli-env.js';
import { until } from '../helpers/paseo-cli.js';
import { agentRig, type AgentRig } from './agent-harness.js';
import { openPhone, type Phone } from './helpers/phone-browser.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
let phone: Phone;
let userHome: string;
let shellId: string;
let claudeId: string;
let deviceId: string;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  userHome = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-phone-user-'));
  const env = cliUserEnv('claude', { home: userHome, cwd: fs.realpathSync(os.tmpdir()), fakeUrl: fake.url });
  rig = await agentRig();
  const shell = await rig.client.createAgent({ provider: 'shell', cwd: rig.cwd, title: 'phone-shell', cols: 80, rows: 24 });
  shellId = shell.id;
  fake.turns.enqueue([{ text: 'Ready for the phone.' }]);
  const claude = await rig.client.createAgent({ provider: 'claude/sonnet', cwd: rig.cwd, title: 'phone-claude', prompt: 'say ready', env, cols: 100, rows: 30 });
  claudeId = claude.id;
  await rig.until(claudeId, async () => /Ready for the phone/.test(await rig.screen(claudeId)), 'claude answered', MIN);
  phone = await openPhone();
  if (process.env.PHONE_DEBUG) {
    // Debugging aid (PHONE_DEBUG=1): the page's console and HTTP answers on the test's stdout.
    const print = (line: string) => process.stdout.write(`${line}\n`);
    phone.page.on('console', (m) => print(`PAGE ${m.type()} ${m.text()}`));
    phone.page.on('pageerror', (e) => print(`PAGEERROR ${e.message}`));
    phone.page.on('response', (r) => print(`HTTP ${r.status()} ${r.url()}`));
  }
}, 2 * MIN);

afterAll(async () => {
  await phone?.close();
  await rig?.dispose();
  await fake?.close();
  if (userHome) fs.rmSync(userHome, { recursive: true, force: true });
});

/** The text rows of the page's terminal (trailing blank rows dropped). */
async function pageScreen(on: Phone = phone): Promise<string[]> {
  const rows = (await on.page.evaluate(() => (window as unknown as { paseoScreen?: () => string[] | undefined }).paseoScreen?.() ?? [])) as string[];
  const out = rows.map((r) => r.trimEnd());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

async function logsScreen(agentId: string, rows: number): Promise<string[]> {
  const r = await rig.sandbox.run(['logs', agentId]);
  expect(r.code).toBe(0);
  return r.stdout.replace(/\n$/, '').split('\n').slice(-rows).map((l) => l.trimEnd());
}

describe('the phone page', () => {
  it('pairs from the printed link and lists both agents', async () => {
    const r = await rig.sandbox.run(['pair', '--role', 'operator', '--label', 'test phone', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { url: string };
    expect(info.url).toMatch(/#pair=/);
    await phone.page.goto(info.url);
    await phone.page.locator(`[data-agent="${shellId}"]`).waitFor();
    await phone.page.locator(`[data-agent="${claudeId}"]`).waitFor();
    // The one-time code is gone from the address bar.
    expect(phone.page.url()).not.toContain('pair=');
    const devices = JSON.parse((await rig.sandbox.run(['devices', 'ls', '--json'])).stdout) as Array<{ id: string; label: string }>;
    deviceId = devices.find((d) => d.label === 'test phone')!.id;
    await phone.shot('01-list');
  }, MIN);

  it('a held git push appears with its command; Deny with a message reaches the agent', async () => {
    fake.turns.enqueue([{ bash: 'git push origin main' }]);
    await rig.client.sendText(claudeId, 'push it');
    await rig.approval((a) => a.agentId === claudeId && a.command === 'git push origin main', 'git push approval', claudeId);
    await phone.page.locator('[data-testid=nav-approvals]').tap();
    const card = phone.page.locator('article.card', { hasText: 'git push origin main' });
    await card.waitFor();
    expect(await card.locator('[data-testid=approval-command]').textContent()).toBe('git push origin main');
    // The tab title counts what waits.
    expect(await phone.page.title()).toBe('(1) paseo');
    await phone.shot('02-approvals');
    await card.locator('[data-testid=deny-message]').fill('PHONE_SAYS_NO');
    // Another agent changes while the message is typed: the page re-renders, and the message must stay.
    await rig.client.renameAgent!(shellId, 'phone-shell-renamed');
    await phone.page.waitForFunction(() => (window as unknown as { paseoTitles?: () => string[] }).paseoTitles?.().includes('phone-shell-renamed'));
    expect(await card.locator('[data-testid=deny-message]').inputValue()).toBe('PHONE_SAYS_NO');
    await card.locator('[data-testid=deny]').tap();
    await rig.until(claudeId, async () => /PHONE_SAYS_NO/.test(await rig.screen(claudeId)), 'deny message in paseo logs');
    await phone.page.goto(phone.page.url().replace(/#.*$/, '') + `#/agent/${claudeId}`);
    await until(async () => (await pageScreen()).join('\n').includes('PHONE_SAYS_NO'), 'deny message on the page', 20_000);
    await phone.shot('03-agent-claude');
    await rig.status(claudeId, ['idle'], 'idle after the deny');
  }, MIN);

  it('Allow on a second request lets it run', async () => {
    fake.turns.enqueue([{ bash: 'echo phone-allowed > phone-allowed.txt' }]);
    await rig.client.sendText(claudeId, 'write the file');
    await rig.approval((a) => a.agentId === claudeId && a.command === 'echo phone-allowed > phone-allowed.txt', 'second approval', claudeId);
    // The request shows in the agent's own view too.
    const card = phone.page.locator('article.card', { hasText: 'phone-allowed.txt' });
    await card.waitFor();
    await card.locator('[data-testid=allow]').tap();
    const marker = path.join(rig.cwd, 'phone-allowed.txt');
    await rig.until(claudeId, () => fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === 'phone-allowed\n', 'the allowed command ran');
  }, MIN);

  it('Allow always shows the rule it adds, adds it and allows', async () => {
    await rig.status(claudeId, ['idle'], 'idle before the third request');
    fake.turns.enqueue([{ bash: 'echo always > phone-always.txt' }]);
    await rig.client.sendText(claudeId, 'write another file');
    await rig.approval((a) => a.agentId === claudeId && a.command === 'echo always > phone-always.txt', 'third approval', claudeId);
    const card = phone.page.locator('article.card', { hasText: 'phone-always.txt' });
    await card.waitFor();
    await card.locator('[data-testid=allow-always]').tap();
    const confirm = card.locator('[data-testid=confirm-always]');
    await confirm.waitFor();
    expect(await card.locator('.rule').textContent()).toMatch(/allow Bash “echo always.*” in \//);
    await phone.shot('03b-allow-always');
    await confirm.tap();
    const marker = path.join(rig.cwd, 'phone-always.txt');
    await rig.until(claudeId, () => fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === 'always\n', 'the always-allowed command ran');
    await rig.status(claudeId, ['idle'], 'idle after the always-allowed command');
    // An edit is shown as a coloured diff of the file.
    const notes = path.join(rig.cwd, 'notes.txt');
    fs.writeFileSync(notes, 'hello phone\n');
    fake.turns.enqueue([{ edit: { path: notes, old: 'hello', new: 'goodbye' } }]);
    await rig.client.sendText(claudeId, 'edit the notes');
    await rig.approval((a) => a.agentId === claudeId && a.tool === 'Edit', 'edit approval', claudeId);
    const editCard = phone.page.locator('article.card', { hasText: 'notes.txt' });
    await editCard.locator('.dl-add').first().waitFor();
    expect(await editCard.locator('.dl-del').allTextContents()).toEqual(['-hello phone']);
    expect(await editCard.locator('.dl-add').allTextContents()).toEqual(['+goodbye phone']);
    await phone.shot('03c-edit-diff');
    await editCard.locator('[data-testid=deny]').tap();
    await rig.status(claudeId, ['idle'], 'idle after the denied edit');
    expect(fs.readFileSync(notes, 'utf8')).toBe('hello phone\n');
    const policy = JSON.parse((await rig.sandbox.run(['policy', 'ls', '--json'])).stdout) as { rules: Array<{ rule: { action: string; command?: string | string[] }; source: string }> };
    expect(policy.rules.some((r) => r.source === 'config' && r.rule.action === 'allow' && JSON.stringify(r.rule.command ?? '').includes('echo'))).toBe(true);
  }, MIN);

  it("a prompt typed on the page reaches the shell, and the page's terminal equals paseo logs", async () => {
    await phone.page.goto(phone.page.url().replace(/#.*$/, '') + `#/agent/${shellId}`);
    await phone.page.locator('[data-testid=prompt]').fill('echo PHONE_$((6*7))');
    await phone.page.locator('[data-testid=send]').tap();
    await rig.until(shellId, async () => /PHONE_42/.test(await rig.screen(shellId)), 'the shell ran the prompt');
    await until(async () => (await pageScreen()).join('\n').includes('PHONE_42'), 'the output on the page', 20_000);
    await rig.status(shellId, ['idle'], 'shell idle');
    const shown = await until(async () => {
      const page = await pageScreen();
      const logs = await logsScreen(shellId, page.length);
      return JSON.stringify(page) === JSON.stringify(logs) ? page : undefined;
    }, 'page terminal equal to paseo logs', 10_000);
    expect(shown.join('\n')).toContain('PHONE_42');
    await phone.shot('04-agent-shell');
  }, MIN);

  it('fetches earlier output from the daemon, takes control of the size, and offers a new agent', async () => {
    await phone.page.locator('[data-testid=prompt]').fill('seq 1 150');
    await phone.page.locator('[data-testid=send]').tap();
    await until(async () => (await pageScreen()).some((l) => l === '150'), 'seq on the page', 20_000);
    await phone.page.locator('[data-testid=load-history]').tap();
    // Rows above the live screen come from history.read: the first numbers are not on the 24-row screen.
    await until(async () => /(^|\n)1\n2\n3(\n|$)/.test((await phone.page.locator('[data-testid=history]').textContent()) ?? ''), 'history rows', 10_000);
    await phone.shot('05-history');
    const before = await rig.client.getAgent(shellId);
    await phone.page.locator('[data-testid=take-control]').tap();
    const after = await until(async () => {
      const a = await rig.client.getAgent(shellId);
      return a.cols !== before.cols ? a : undefined;
    }, 'the PTY resized to the phone', 10_000);
    expect(after.cols).toBeLessThan(before.cols);
    await phone.page.goto(phone.page.url().replace(/#.*$/, '') + '#/new');
    await phone.page.locator('[data-testid=create]').waitFor();
    await phone.page.locator('[data-testid=new-cwd]').fill(rig.cwd);
    await phone.page.locator('[data-testid=new-prompt]').fill('echo NEW_FROM_$((2*3))');
    // An agent event re-renders the page: the form keeps what was typed.
    await rig.client.renameAgent!(shellId, 'phone-shell-again');
    await phone.page.waitForFunction(() => (window as unknown as { paseoTitles?: () => string[] }).paseoTitles?.().includes('phone-shell-again'));
    expect(await phone.page.locator('[data-testid=new-cwd]').inputValue()).toBe(rig.cwd);
    await phone.page.locator('[data-testid=new-provider]').selectOption('shell');
    await phone.shot('06-new-agent');
    await phone.page.locator('[data-testid=create]').tap();
    await phone.page.waitForURL(/#\/agent\//);
    await until(async () => (await pageScreen()).join('\n').includes('NEW_FROM_6'), 'the new shell ran its first prompt', 20_000);
  }, MIN);

  it('a viewer device sees the queue and screens but gets no buttons that act', async () => {
    const r = await rig.sandbox.run(['pair', '--role', 'viewer', '--label', 'viewer phone', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const viewerPhone = await openPhone();
    try {
      await viewerPhone.page.goto((JSON.parse(r.stdout) as { url: string }).url);
      await viewerPhone.page.locator(`[data-agent="${shellId}"]`).waitFor();
      expect(await viewerPhone.page.locator('[data-testid=new-agent]').count()).toBe(0);
      await viewerPhone.page.goto(viewerPhone.page.url().replace(/#.*$/, '') + `#/agent/${shellId}`);
      await until(async () => (await viewerPhone.page.evaluate(() => (window as unknown as { paseoScreen?: () => string[] | undefined }).paseoScreen?.() ?? [])).join('\n').includes('150'), 'the viewer sees the screen', 20_000);
      expect(await viewerPhone.page.locator('[data-testid=prompt], [data-testid=take-control], [data-testid=key-Enter]').count()).toBe(0);
      await viewerPhone.shot('07-viewer-role');
    } finally {
      await viewerPhone.close();
    }
  }, MIN);

  it('works in a desktop browser too', async () => {
    const r = await rig.sandbox.run(['pair', '--role', 'operator', '--label', 'desktop', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const desktop = await openPhone({ desktop: true });
    try {
      await desktop.page.goto((JSON.parse(r.stdout) as { url: string }).url);
      await rig.status(claudeId, ['idle'], 'claude idle');
      await desktop.page.locator(`[data-agent="${claudeId}"]`).click();
      await until(async () => {
        const rows = await pageScreen(desktop);
        return rows.length > 0 && JSON.stringify(rows) === JSON.stringify(await logsScreen(claudeId, rows.length));
      }, 'the agent on a desktop equal to paseo logs', 20_000);
      await desktop.shot('desktop-agent');
    } finally {
      await desktop.close();
    }
  }, MIN);

  it('reconnects by itself after a daemon restart', async () => {
    await phone.page.goto(phone.page.url().replace(/#.*$/, '') + `#/agent/${shellId}`);
    await until(async () => (await pageScreen()).length > 0, 'the shell on the page', 20_000);
    const frames = () => phone.page.evaluate(() => (window as unknown as { paseoFrames?: () => number }).paseoFrames?.() ?? 0);
    const before = await frames();
    const stop = await rig.sandbox.run(['daemon', 'stop']);
    expect(stop.code, stop.stderr).toBe(0);
    await phone.page.locator('[data-testid=netstatus]').waitFor({ state: 'visible' });
    await phone.shot('08-offline');
    await rig.startDaemon();
    await rig.connect();
    await phone.page.locator('[data-testid=netstatus]').waitFor({ state: 'hidden', timeout: 20_000 });
    // The page resubscribed by itself: the new daemon sent it the agent's screen again (the shell did not survive the
    // stop, its saved screen did) and the list knows the agent's new state.
    await until(async () => (await frames()) > before, 'a frame from the restarted daemon', 20_000);
    await until(async () => (await pageScreen()).join('\n').includes('150'), 'the saved screen on the page', 20_000);
    const status = (await rig.client.getAgent(shellId)).status;
    await until(async () => (await phone.page.locator('[data-testid=agent-status]').textContent()) === status, 'the status after the restart', 10_000);
  }, MIN);

  it('is cut off within a second of paseo devices revoke', async () => {
    expect(await phone.page.locator('[data-testid=netstatus]').isHidden()).toBe(true);
    const r = await rig.sandbox.run(['devices', 'revoke', deviceId]);
    expect(r.code, r.stderr).toBe(0);
    const revokedAt = Date.now();
    await phone.page.locator('[data-testid=netstatus], [data-testid=unpaired]').first().waitFor({ state: 'visible', timeout: 1_000 });
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    await phone.page.locator('[data-testid=unpaired]').waitFor({ timeout: 10_000 });
    await phone.shot('09-revoked');
  }, MIN);
});
