// Enter waits for the pasted text itself: a CLI still drawing its start screen makes output that is not the echo (Claude lost the Enter).
import { describe, expect, it } from 'vitest';
import { Prompt } from '../../src/core/constants.js';
import { pasteEcho, typeParts } from '../../src/supervisor/prompt-delivery.js';
import { posingTerminal } from './helpers/posing-terminal.js';

/** A screen posing as a program that shows what it is given only after `echoDelayMs` (and, meanwhile, whatever the test prints). */
function slowProgram(echoDelayMs: number, show: (d: string) => string = (d) => d) {
  const written: Array<{ data: string; at: number }> = [];
  let echoedAt = 0;
  const t = posingTerminal({ cols: 40, rows: 6 }, (d, screen) => {
    written.push({ data: d, at: Date.now() });
    if (d === '\r') return;
    setTimeout(() => {
      echoedAt = Date.now();
      screen.write(show(d.replace(/\x1b\[20[01]~/g, '')));
    }, echoDelayMs);
  });
  return { term: t.term, print: (s: string) => t.screen.write(s), written, echoedAt: () => echoedAt, dispose: t.dispose };
}

describe('pasteEcho', () => {
  it('Enter waits for the text, not for unrelated start-screen output', async () => {
    const p = slowProgram(500);
    const text = 'what is the answer to everything';
    const echoed = pasteEcho(p.term, text);
    const typing = typeParts(p.term, [`\x1b[200~${text}\x1b[201~`, '\r'], echoed);
    // The start screen keeps drawing for a moment (the old heuristic took this for the echo).
    await new Promise((r) => setTimeout(r, 50));
    p.print('\x1b[5;1H● high · /effort');
    await typing;
    expect(p.written.map((w) => w.data)).toEqual([`\x1b[200~${text}\x1b[201~`, '\r']);
    expect(p.written[1]!.at).toBeGreaterThanOrEqual(p.echoedAt());
    p.dispose();
  });

  it('counts a wrapped echo and a prompt already on screen only once more', async () => {
    const p = slowProgram(100);
    const text = 'run the same long command text again please';
    p.print(`❯ ${text}\r\n`); // the same prompt from an earlier turn
    const echoed = pasteEcho(p.term, text)!;
    expect(echoed()).toBe(false);
    p.term.writeRaw(text);
    await new Promise((r) => setTimeout(r, 250));
    expect(echoed()).toBe(true); // wrapped over two 40-column lines
    p.dispose();
  });

  it('accepts the adapter placeholder for a long paste', async () => {
    const p = slowProgram(150, () => '❯ [Pasted text #1 +40 lines]');
    const text = 'line\n'.repeat(40);
    const started = Date.now();
    await typeParts(p.term, [`\x1b[200~${text}\x1b[201~`, '\r'], pasteEcho(p.term, text, /\[Pasted text #\d+/));
    expect(p.written[1]!.at).toBeGreaterThanOrEqual(p.echoedAt());
    expect(Date.now() - started).toBeLessThan(Prompt.PASTE_ECHO_MAX_MS);
    p.dispose();
  });

  it('gives up waiting at the cap when the echo never shows', async () => {
    const p = slowProgram(50, () => 'something else');
    const started = Date.now();
    await typeParts(p.term, ['\x1b[200~hidden text\x1b[201~', '\r'], pasteEcho(p.term, 'hidden text'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(Prompt.PASTE_ECHO_MAX_MS - 20);
    expect(p.written.map((w) => w.data)).toEqual(['\x1b[200~hidden text\x1b[201~', '\r']);
    p.dispose();
  });
});
