import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTemps } from '../../src/supervisor/atomic-write.js';

const dir = mkdtempSync(path.join(tmpdir(), 'paseo-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KILLS = 40;

function runWriterAndKill(file: string, start: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/atomic-writer.ts'), file, String(start)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', () => resolve());
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
  });
}

describe('atomic writes under kill -9', () => {
  it(`leaves a complete old or new file after ${KILLS} random kills`, async () => {
    const file = path.join(dir, 'a1.json');
    writeFileSync(file, JSON.stringify({ id: 'a1', n: 0, pad: '' }));
    let lastN = 0;
    for (let i = 0; i < KILLS; i++) {
      await runWriterAndKill(file, lastN, Math.floor(Math.random() * 40));
      const value = JSON.parse(readFileSync(file, 'utf8')) as { id: string; n: number; pad: string };
      expect(value.id).toBe('a1');
      // Self-check: the padding length is a function of n, so a mix of two versions cannot pass.
      expect(value.pad.length).toBe((value.n * 997) % 20_000);
      expect(value.n).toBeGreaterThanOrEqual(lastN);
      lastN = value.n;
      const temps = readdirSync(dir).filter((f) => f !== 'a1.json');
      expect(temps.length).toBeLessThanOrEqual(1);
      removeStaleTemps(dir);
      expect(readdirSync(dir)).toEqual(['a1.json']);
    }
    // The writer really was interrupted mid-stream many times, not killed before it wrote.
    expect(lastN).toBeGreaterThan(KILLS);
  }, 120_000);
});
