/**
 * Resume after a daemon crash: a Claude Code agent and a Codex agent each finish a turn; the daemon is
 * kill -9ed (and the agent process groups it left are killed); `paseo daemon start` brings both back in
 * their own CLI session — same id, same provider session, new process, same cwd — and a new prompt reaches
 * the fake model with the earlier conversation in its history.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../src/core/agent.js';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { startFakeOpenAI } from '../fakes/fake-openai.js';
import type { FakeModelServer, RecordedRequest } from '../fakes/fake-server.js';
import { cliUserEnv } from '../fixtures/agents/cli-env.js';
import { agentRig, procState, type AgentRig } from './agent-harness.js';

const MIN = 60_000;
let rig: AgentRig;
let anthropic: FakeModelServer;
let openai: FakeModelServer;
const userHomes: string[] = [];

interface Case {
  name: 'claude' | 'codex';
  home: string;
  provider: string;
  fake: () => FakeModelServer;
  word: string;
  cwd: string;
  env: Record<string, string>;
  before?: AgentRecord;
}
const cases: Case[] = [];

beforeAll(async () => {
  [anthropic, openai] = await Promise.all([startFakeAnthropic(), startFakeOpenAI()]);
  rig = await agentRig();
  for (const [name, provider, fake, word] of [
    ['claude', 'claude/sonnet', () => anthropic, 'MANGO'],
    ['codex', 'codex/gpt-5.5', () => openai, 'KIWI'],
  ] as const) {
    const cwd = path.join(rig.cwd, name);
    fs.mkdirSync(cwd);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), `paseo-${name}-user-`));
    userHomes.push(home);
    cases.push({ name, home, provider, fake, word, cwd, env: cliUserEnv(name, { home, cwd, fakeUrl: fake().url }) });
  }
}, MIN);

afterAll(async () => {
  await rig?.dispose();
  await Promise.all([anthropic?.close(), openai?.close()]);
  for (const h of userHomes) fs.rmSync(h, { recursive: true, force: true });
});

/** A session log (*.jsonl) under `dirs` that mentions `text` (symlinks not followed: each dir is searched on its own). */
function sessionLogWith(dirs: string[], text: string): string | undefined {
  for (const dir of dirs) {
    const stack = [dir];
    while (stack.length) {
      const d = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(d, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) stack.push(p);
        else if (e.isFile() && e.name.endsWith('.jsonl') && fs.readFileSync(p, 'utf8').includes(text)) return p;
      }
    }
  }
  return undefined;
}

/** A main-turn request (not a title side request) that carries every one of `texts`. */
function requestWith(fake: FakeModelServer, from: number, texts: string[]): RecordedRequest | undefined {
  return fake.requests.slice(from).find((r) => {
    const body = JSON.stringify(r.body ?? '');
    return /"tools"/.test(body) && texts.every((t) => body.includes(t));
  });
}

describe('resume after the daemon is killed -9', () => {
  it('Claude and Codex each finish a first turn', async () => {
    await Promise.all(
      cases.map(async (c) => {
        c.fake().turns.enqueue([{ text: `Noted the word ${c.word}.` }]);
        const agent = await rig.client.createAgent({ provider: c.provider, cwd: c.cwd, prompt: `remember the word ${c.word}`, env: c.env, cols: 100, rows: 30 });
        await rig.until(agent.id, async () => new RegExp(`Noted the word ${c.word}`).test(await rig.screen(agent.id)), `${c.name} answer on screen`);
        const idle = await rig.status(agent.id, ['idle'], `${c.name} idle after the turn`);
        expect(idle.providerSessionRef, `${c.name} session`).toMatch(/^[0-9a-f-]{36}$/);
        // The CLI writes its session log a moment after the turn ends (Claude: ~0.3 s); a crash before that
        // loses the turn, and Claude then refuses `--resume` ("No conversation found"). Start from a saved turn.
        await rig.until(agent.id, () => sessionLogWith([c.home, path.join(rig.sandbox.home, 'agents', agent.id)], `Noted the word ${c.word}`), `${c.name} session log has the turn`);
        c.before = idle;
      }),
    );
  }, 2 * MIN);

  it('after a crash and `paseo daemon start` both come back resumed and remember the conversation', async () => {
    const { agentPids } = await rig.crashDaemon();
    for (const c of cases) {
      expect(agentPids).toContain(c.before!.pid);
      expect(procState(c.before!.pid!)).not.toBe('alive');
    }
    const marks = cases.map((c) => c.fake().requests.length);
    await rig.startDaemon();
    await rig.connect();

    await Promise.all(
      cases.map(async (c, i) => {
        const before = c.before!;
        const back = await rig.status(before.id, ['idle', 'waiting'], `${c.name} resumed and idle`);
        expect(back.id).toBe(before.id);
        expect(back.providerSessionRef).toBe(before.providerSessionRef);
        expect(back.cwd).toBe(c.cwd);
        expect(back.pid).toBeGreaterThan(0);
        expect(back.pid).not.toBe(before.pid);
        expect(procState(back.pid!)).toBe('alive');
        expect(back.statusDetail).toMatch(/resumed/);
        const argv = fs.readFileSync(`/proc/${back.pid}/cmdline`, 'utf8').split('\0');
        expect(argv.join(' ')).toContain(before.providerSessionRef!);

        c.fake().turns.enqueue([{ text: `The word was ${c.word}.` }]);
        await rig.client.sendText(before.id, 'what was the word');
        // The new prompt reaches the model with the first turn's prompt and answer in its history.
        await rig.until(before.id, () => requestWith(c.fake(), marks[i]!, ['what was the word', `remember the word ${c.word}`, `Noted the word ${c.word}`]), `${c.name} request with history`);
        await rig.until(before.id, async () => new RegExp(`The word was ${c.word}`).test(await rig.screen(before.id)), `${c.name} new answer on screen`);
        await rig.status(before.id, ['idle'], `${c.name} idle after the new turn`);
      }),
    );
  }, 2 * MIN);
});
