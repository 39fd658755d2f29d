/** `paseo diff`: what an agent changed in its cwd's repository, against HEAD or (--base) where its branch started. */
import type { Command } from 'commander';
import chalk from 'chalk';
import type { AgentDiff, DiffFile, FileDiff } from '../../core/diff-types.js';
import { PaseoError } from '../../core/errors.js';
import { sanitizeLine, sanitizeText } from '../../core/sanitize.js';
import type { CommandContext } from '../command-context.js';

/** Files asked for per request while listing them all. */
const FILES_PAGE = 500;

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('diff')
    .description("what an agent changed in its repository: working tree (staged, unstaged, untracked) against HEAD")
    .argument('<id>', 'agent id or unique prefix')
    .option('--stat', 'only the files with their status and +/- counts')
    .option('--base', "against the base: the merge-base with the branch it started from (or the default branch), its own commits included")
    .option('-w, --ignore-whitespace', 'ignore changes in whitespace')
    .action(async (id: string, o: { stat?: boolean; base?: boolean; ignoreWhitespace?: boolean }) => {
      const api = await ctx.api();
      if (!api.agentDiff) throw new PaseoError('unknown_method', 'this daemon cannot show diffs');
      const agent = await api.getAgent(id);
      const opts = { base: !!o.base, ignoreWhitespace: !!o.ignoreWhitespace };
      const first = await api.agentDiff(agent.id, { ...opts, limit: FILES_PAGE });
      const files = [...first.files];
      while (files.length < first.totalFiles) {
        const page = await api.agentDiff(agent.id, { ...opts, offset: files.length, limit: FILES_PAGE });
        if (page.files.length === 0) break;
        files.push(...page.files);
      }
      const details = new Map<string, FileDiff>();
      if (!o.stat) {
        for (const f of files) {
          if (f.binary) continue;
          const d = await api.agentDiff(agent.id, { ...opts, file: f.path });
          if (d.file) details.set(f.path, d.file);
        }
      }
      if (ctx.globals().json) {
        const { file: _file, offset: _offset, ...summary } = first;
        ctx.json({ ...summary, files: files.map((f) => (o.stat || !details.has(f.path) ? f : { ...f, hunks: details.get(f.path)!.hunks, moreLines: details.get(f.path)!.moreLines })) });
        return;
      }
      printDiff(ctx, first, files, o.stat ? undefined : details);
    });
}

const LETTER: Record<DiffFile['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R', binary: 'B', untracked: '?' };

function printDiff(ctx: CommandContext, d: AgentDiff, files: DiffFile[], details: Map<string, FileDiff> | undefined): void {
  ctx.out(chalk.dim(`${sanitizeLine(d.root)}: against ${d.against}`));
  if (files.length === 0) {
    ctx.out('no changes');
    return;
  }
  if (!details) {
    const width = Math.max(...files.map((f) => name(f).length));
    for (const f of files) {
      const counts = f.binary ? chalk.dim('binary') : `${chalk.green(`+${f.added}`)} ${chalk.red(`-${f.removed}`)}`;
      ctx.out(` ${LETTER[f.status]} ${name(f).padEnd(width)}  ${counts}`);
    }
  } else {
    for (const f of files) {
      ctx.out(chalk.bold(`${LETTER[f.status]} ${name(f)}`) + chalk.dim(` (${f.status}${f.untracked && f.status !== 'untracked' ? ', untracked' : ''})`));
      if (f.binary) {
        ctx.out(chalk.dim('  binary file, not shown'));
        continue;
      }
      const detail = details.get(f.path);
      for (const h of detail?.hunks ?? []) {
        ctx.out(chalk.cyan(h.header));
        for (const l of h.lines) {
          const text = sanitizeText(l.text).replace(/\n/g, ' ');
          if (l.kind === 'add') ctx.out(chalk.green(`+${text}`));
          else if (l.kind === 'del') ctx.out(chalk.red(`-${text}`));
          else ctx.out(` ${text}`);
        }
      }
      if (detail && detail.moreLines > 0) ctx.out(chalk.yellow(`… ${detail.moreLines} more lines${detail.unreadLines ? ' (too large to show)' : ''}`));
    }
  }
  ctx.out(`${d.totalFiles} file${d.totalFiles === 1 ? '' : 's'} changed, ${d.added} insertion${d.added === 1 ? '' : 's'}(+), ${d.removed} deletion${d.removed === 1 ? '' : 's'}(-)`);
}

function name(f: DiffFile): string {
  return sanitizeLine(f.oldPath ? `${f.oldPath} → ${f.path}` : f.path);
}

