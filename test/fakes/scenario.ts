/** What a fake model does for one user prompt: a queue of steps, one model response each. Shared by the three fakes. */

export type Step =
  | { text: string }
  | { bash: string }
  | { write: { path: string; content: string } }
  | { read: string }
  /** Claude Code refuses an Edit of a file it has not Read, so an edit is Read then Edit (two model responses). */
  | { edit: { path: string; old: string; new: string } }
  /** Codex: a shell call that asks to leave the sandbox, which makes Codex ask permission. */
  | { escalate: string }
  /** Codex: apply_patch with a raw patch. */
  | { patch: string }
  /**
   * Any tool by its name (an MCP tool: `mcp__paseo__create_agent`) with this input. The OpenAI fake reaches an
   * `mcp__<server>__<tool>` Codex defers as a real model does: tool_search first, then the call in that namespace.
   */
  | { tool: { name: string; input: unknown } };

/** One model turn as the fakes emit it (expanded from steps). */
export type Move =
  | { kind: 'text'; text: string }
  | { kind: 'bash'; command: string; escalate?: boolean }
  | { kind: 'write'; path: string; content: string }
  | { kind: 'read'; path: string }
  | { kind: 'edit'; path: string; old: string; new: string }
  | { kind: 'patch'; patch: string }
  | { kind: 'tool'; name: string; input: unknown };

export function expandSteps(steps: Step[]): Move[] {
  const moves: Move[] = [];
  for (const s of steps) {
    if ('text' in s) moves.push({ kind: 'text', text: s.text });
    else if ('bash' in s) moves.push({ kind: 'bash', command: s.bash });
    else if ('escalate' in s) moves.push({ kind: 'bash', command: s.escalate, escalate: true });
    else if ('write' in s) moves.push({ kind: 'write', ...s.write });
    else if ('read' in s) moves.push({ kind: 'read', path: s.read });
    else if ('tool' in s) moves.push({ kind: 'tool', ...s.tool });
    else if ('edit' in s) {
      moves.push({ kind: 'read', path: s.edit.path });
      moves.push({ kind: 'edit', ...s.edit });
    } else moves.push({ kind: 'patch', patch: s.patch });
  }
  return moves;
}

const KEY_RE = /E2E_(BASH|ESC|WRITE|READ|EDIT|PATCH|TEXT)(?::(.*?))?(?=\s+E2E_|$)/gs;

/**
 * Keyword fallback so a prompt typed by hand picks a scenario: `E2E_BASH:echo hi`, `E2E_WRITE:f.txt`,
 * `E2E_EDIT:f.txt` (hello→goodbye), `E2E_TEXT:words`. Used when no scripted turn is queued.
 */
export function stepsFromKeywords(prompt: string): Step[] {
  const steps: Step[] = [];
  for (const m of prompt.trim().replace(/^"(.*)"$/s, '$1').matchAll(KEY_RE)) {
    const arg = (m[2] ?? '').trim();
    switch (m[1]) {
      case 'BASH': steps.push({ bash: arg }); break;
      case 'ESC': steps.push({ escalate: arg }); break;
      case 'WRITE': steps.push({ write: { path: arg, content: 'hello world\nsecond line\n' } }); break;
      case 'READ': steps.push({ read: arg }); break;
      case 'EDIT': steps.push({ edit: { path: arg, old: 'hello', new: 'goodbye' } }); break;
      case 'PATCH': steps.push({ patch: `*** Begin Patch\n*** Add File: ${arg}\n+hello world\n+second line\n*** End Patch` }); break;
      case 'TEXT': steps.push({ text: arg || 'Hello from the fake model.' }); break;
    }
  }
  return steps;
}

/**
 * Maps each distinct user prompt to its steps: the first time a prompt is seen it takes the next queued
 * turn (or its keywords), so retries and the follow-up requests of one turn see the same plan.
 */
export class TurnBook {
  private readonly queue: Step[][] = [];
  private readonly plans = new Map<string, Move[]>();
  /** Optional pause before each streamed reply, to hold the agent "busy" for a recording. */
  delayMs = 0;
  /** Optional pause between streamed pieces of reply text (about 20 characters each): a model that types slowly. */
  streamChunkMs = 0;

  enqueue(...turns: Step[][]): void {
    this.queue.push(...turns);
  }

  planFor(prompt: string): Move[] {
    let plan = this.plans.get(prompt);
    if (!plan) {
      const kw = stepsFromKeywords(prompt);
      const steps = kw.length > 0 ? kw : (this.queue.shift() ?? [{ text: 'Hello from the fake model.' }]);
      plan = expandSteps(steps);
      this.plans.set(prompt, plan);
    }
    return plan;
  }

  /** The move for response number `done` (model responses already given since the prompt); undefined = final. */
  next(prompt: string, done: number): Move | undefined {
    const plan = this.planFor(prompt);
    return plan[done];
  }

  /** True when the plan's last move is text, so no "Tool finished" summary is owed. */
  endsWithText(prompt: string): boolean {
    const plan = this.planFor(prompt);
    return plan.length > 0 && plan[plan.length - 1]!.kind === 'text';
  }
}

/** Builds a minimal value that satisfies a JSON schema (side requests: titles, routing classifiers). */
export function fillSchema(sc: unknown): unknown {
  if (!sc || typeof sc !== 'object') return null;
  const s = sc as { enum?: unknown[]; type?: string; properties?: Record<string, unknown> };
  if (s.enum) return s.enum[0];
  const t = String(s.type ?? (s.properties ? 'object' : 'string')).toLowerCase();
  if (t === 'object') return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fillSchema(v)]));
  if (t === 'array') return [];
  if (t === 'integer' || t === 'number') return 1;
  if (t === 'boolean') return false;
  return 'E2E session';
}
