/**
 * A repository's `.paseo.json` commands run only once the user trusted that exact content: the first time, and
 * whenever it changes, it goes to the approval queue as tool `worktree.setup` showing the commands. Trusted
 * content hashes are remembered in PASEO_HOME.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ApprovalDecision, ApprovalRequestInput } from '../../core/adapter.js';
import { ConfigError } from '../../core/errors.js';
import { writeFileAtomic } from '../atomic-write.js';
import { trustedSetupFile } from './worktree-paths.js';

export interface PaseoJson {
  setup: string[];
  teardown: string[];
}

export interface ApprovalRequester {
  request(agentId: string, input: ApprovalRequestInput): { id: string; decision: Promise<ApprovalDecision> };
}

/** The `worktree` section of a `.paseo.json` text; a malformed file is a ConfigError naming what is wrong. */
export function parsePaseoJson(text: string, where: string): PaseoJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${where} is not JSON: ${(err as Error).message}`, { file: where });
  }
  const wt = (value as { worktree?: unknown } | null)?.worktree;
  if (wt === undefined) return { setup: [], teardown: [] };
  const list = (key: 'setup' | 'teardown'): string[] => {
    const v = (wt as Record<string, unknown>)[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((c) => typeof c !== 'string')) throw new ConfigError(`${where}: worktree.${key} must be an array of command strings`, { file: where });
    return v as string[];
  };
  return { setup: list('setup'), teardown: list('teardown') };
}

/** Trust is for this content in this repository: the same commands in another repository run other code (its npm scripts). */
export function contentHash(text: string, repoRoot: string): string {
  return createHash('sha256').update(repoRoot).update('\0').update(text).digest('hex');
}

export class SetupTrust {
  constructor(
    private readonly home: string,
    private readonly approvals: ApprovalRequester,
  ) {}

  isTrusted(hash: string): boolean {
    return this.read().includes(hash);
  }

  /**
   * Resolves allow at once for trusted content; else queues a `worktree.setup` request showing the commands and
   * remembers the content as trusted when the user allows it.
   */
  async ensureTrusted(opts: { text: string; commands: string[]; repoRoot: string; worktreePath: string; requestedBy?: string; phase: 'setup' | 'teardown' }): Promise<ApprovalDecision> {
    const hash = contentHash(opts.text, opts.repoRoot);
    if (this.isTrusted(hash)) return { behavior: 'allow' };
    const { decision } = this.approvals.request(opts.requestedBy ?? 'paseo', {
      tool: 'worktree.setup',
      command: opts.commands.join('\n'),
      cwd: opts.worktreePath,
      file: `${opts.repoRoot}/.paseo.json`,
      content: opts.text,
      raw: { phase: opts.phase, repoRoot: opts.repoRoot, contentSha256: hash },
    });
    const d = await decision;
    if (d.behavior === 'allow') await this.remember(hash);
    return d;
  }

  private read(): string[] {
    try {
      const v = JSON.parse(fs.readFileSync(trustedSetupFile(this.home), 'utf8')) as { trusted?: unknown };
      return Array.isArray(v.trusted) ? v.trusted.filter((h): h is string => typeof h === 'string') : [];
    } catch {
      return [];
    }
  }

  private async remember(hash: string): Promise<void> {
    const trusted = this.read();
    if (trusted.includes(hash)) return;
    fs.mkdirSync(this.home, { recursive: true, mode: 0o700 });
    await writeFileAtomic(trustedSetupFile(this.home), JSON.stringify({ trusted: [...trusted, hash] }, null, 2));
  }
}
