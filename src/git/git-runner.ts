/**
 * Runs git in one repository through simple-git. Every failure is a GitError carrying the command and git's stderr;
 * "not a git repository" and "git not installed" get one clear sentence each.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { simpleGit, type SimpleGit } from 'simple-git';
import { GitError, errorMessage } from '../core/errors.js';

export interface GitRunnerOptions {
  /** The environment git runs with (tests take git off PATH); default: the daemon's, without optional locks. */
  env?: NodeJS.ProcessEnv;
}

/** git -c options on every call: paths as they are (no octal quoting), no colour (diffs pass --no-ext-diff themselves). */
const CONFIG = ['-c', 'core.quotePath=false', '-c', 'color.ui=false'];

export class GitRunner {
  private constructor(
    /** The repository's top level: every later command runs there and names paths from there. */
    readonly root: string,
    private readonly git: SimpleGit,
    private readonly env: Record<string, string>,
  ) {}

  /** Finds the repository `cwd` is in; a GitError when it is none, or git is missing. */
  static async open(cwd: string, opts: GitRunnerOptions = {}): Promise<GitRunner> {
    if (!fs.existsSync(cwd)) throw new GitError(`not a git repository: ${cwd} does not exist`, 'git rev-parse --show-toplevel', '', { cwd });
    const probe = await GitRunner.at(cwd, opts).run(['rev-parse', '--show-toplevel']);
    const root = probe.trim();
    if (!root) throw new GitError(`not a git repository: ${cwd}`, 'git rev-parse --show-toplevel', '', { cwd });
    return GitRunner.at(root, opts);
  }

  private static at(dir: string, opts: GitRunnerOptions): GitRunner {
    // Polling `git status` while an agent works must never take index.lock from under its own git commands.
    const env = { ...readOnlyEnv(opts.env ?? process.env), GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
    const git = simpleGit({ baseDir: dir, trimmed: false }).env(env);
    return new GitRunner(dir, git, env);
  }

  /**
   * git's stdout, at most `maxBytes` of it: past that git is stopped (a diff of a huge generated file never fills the
   * daemon's memory) and what was read so far is returned, `truncated`.
   */
  async runCapped(args: string[], maxBytes: number): Promise<CappedOutput> {
    const controller = new AbortController();
    // Chunks may split a multibyte character: the decoder carries the rest over.
    const decoder = new StringDecoder('utf8');
    let out = '';
    let truncated = false;
    const git = simpleGit({ baseDir: this.root, trimmed: false, abort: controller.signal })
      .env(this.env)
      .outputHandler((_command, stdout) => {
        stdout.on('data', (chunk: Buffer) => {
          if (truncated) return;
          out += decoder.write(chunk);
          if (out.length > maxBytes) {
            truncated = true;
            out = out.slice(0, maxBytes);
            controller.abort();
          }
        });
      });
    try {
      const full = await git.raw([...CONFIG, ...args]);
      return { out: full, truncated: false };
    } catch (err) {
      if (truncated) return { out, truncated: true };
      throw toGitError(err, args, this.root);
    }
  }

  /** git's stdout. A non-zero exit that wrote nothing on stderr (`rev-parse --verify -q` of a missing ref) is empty output. */
  async run(args: string[]): Promise<string> {
    try {
      return await this.git.raw([...CONFIG, ...args]);
    } catch (err) {
      throw toGitError(err, args, this.root);
    }
  }
}

/**
 * Variables that make git run other programs (editors, pagers, external diffs, ssh, askpass) or read other config:
 * simple-git refuses to run with them set, and reading a diff needs none of them.
 */
const PROGRAM_VARS = new Set(['editor', 'git_askpass', 'git_config_global', 'git_config_system', 'git_config_count', 'git_config', 'git_editor', 'git_exec_path', 'git_external_diff', 'git_pager', 'git_proxy_command', 'git_template_dir', 'git_sequence_editor', 'git_ssh', 'git_ssh_command', 'pager', 'prefix', 'ssh_askpass']);

function readOnlyEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !PROGRAM_VARS.has(key.toLowerCase().trim())) out[key] = value;
  return out;
}

/** What runCapped read: git's stdout up to the cap; `truncated` when git was stopped there. */
export interface CappedOutput {
  out: string;
  truncated: boolean;
}

function toGitError(err: unknown, args: string[], cwd: string): GitError {
  const command = `git ${args.join(' ')}`;
  const stderr = errorMessage(err).trim();
  if (/spawn \S*git ENOENT/.test(stderr)) return new GitError('git is not installed (not found on PATH)', command, '', { cwd });
  if (/not a git repository/i.test(stderr)) return new GitError(`not a git repository: ${cwd}`, command, stderr, { cwd });
  const first = stderr.split('\n').find((l) => l.trim()) ?? 'failed';
  return new GitError(`${command}: ${first.replace(/^(fatal|error): /, '')}`, command, stderr, { cwd });
}
