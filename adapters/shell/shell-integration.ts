/**
 * Private startup files that make bash or zsh report each prompt and command exit status as OSC 133 marks (FinalTerm /
 * VS Code shell integration): C when a command line starts, D;<status> then A before each prompt, and B at the end of
 * the prompt itself. B is what says "ready": the shell's line editor prints the prompt after it has switched the tty
 * out of cooked mode, so text typed from then on is not echoed by the tty ahead of the prompt (typing at A, while a
 * slow PROMPT_COMMAND still ran, left the prompt's text on the screen twice). They load the user's own rc first, as
 * the shell would, and never change the user's files.
 */
import * as path from 'node:path';
import type { LaunchSpec } from '../../src/core/adapter.js';

export type ShellKind = 'bash' | 'zsh';

export function shellKind(file: string): ShellKind | undefined {
  const base = path.basename(file);
  return base === 'bash' ? 'bash' : base === 'zsh' ? 'zsh' : undefined;
}

// The status is read first thing, before the user's PROMPT_COMMAND / precmd hooks run, and handed back to them.
const BASH_RC = `# paseo: the user's ~/.bashrc, then OSC 133 marks for paseo's status (generated; not the user's file)
if [ -f ~/.bashrc ]; then . ~/.bashrc; fi
__paseo_precmd() { local s=$?; printf '\\e]133;D;%s\\a\\e]133;A\\a' "$s"; return $s; }
# First, so $? is the command's; on a line of its own, whatever the user's PROMPT_COMMAND looks like.
PROMPT_COMMAND="__paseo_precmd"$'\\n'"\${PROMPT_COMMAND:-}"
# PS0 (bash >= 4.4) is printed after a command line is read, never for an empty one.
PS0='\\e]133;C\\a'"\${PS0:-}"
# Last, so a PROMPT_COMMAND that sets PS1 itself (git prompts, themes) still ends with the prompt-end mark.
__paseo_prompt_end() { local s=$?; case "$PS1" in *'133;B'*) ;; *) PS1="$PS1"'\\[\\e]133;B\\a\\]' ;; esac; return $s; }
PROMPT_COMMAND="\${PROMPT_COMMAND}"$'\\n'"__paseo_prompt_end"
`;

const ZSH_ENV = `# paseo: the user's .zshenv with their ZDOTDIR, then back to paseo's for .zshrc (generated)
__paseo_zdotdir=$ZDOTDIR
ZDOTDIR=\${PASEO_USER_ZDOTDIR:-$HOME}
[[ -f $ZDOTDIR/.zshenv ]] && builtin source $ZDOTDIR/.zshenv
PASEO_USER_ZDOTDIR=$ZDOTDIR
ZDOTDIR=$__paseo_zdotdir
`;

const ZSH_RC = `# paseo: the user's .zshrc, then OSC 133 marks for paseo's status (generated; not the user's file)
ZDOTDIR=$PASEO_USER_ZDOTDIR
unset PASEO_USER_ZDOTDIR __paseo_zdotdir
[[ -f $ZDOTDIR/.zshrc ]] && builtin source $ZDOTDIR/.zshrc
__paseo_precmd() { local s=$?; printf '\\e]133;D;%s\\a\\e]133;A\\a' "$s"; return $s; }
__paseo_preexec() { printf '\\e]133;C\\a'; }
__paseo_prompt_end() { [[ $PS1 == *'133;B'* ]] || PS1="$PS1"$'%{\\e]133;B\\a%}'; }
precmd_functions=(__paseo_precmd $precmd_functions __paseo_prompt_end)
preexec_functions=($preexec_functions __paseo_preexec)
`;

/** argv, env and files that start `file` (bash or zsh) interactive with the marks, its rc files in `agentDir`. */
export function integratedShell(kind: ShellKind, agentDir: string, env: Record<string, string>): Pick<LaunchSpec, 'args' | 'env' | 'files'> {
  if (kind === 'bash') {
    const rc = path.join(agentDir, 'bashrc');
    return { args: ['--rcfile', rc, '-i'], env: {}, files: [{ path: rc, content: BASH_RC }] };
  }
  const dir = path.join(agentDir, 'zdotdir');
  return {
    args: ['-i'],
    env: { ZDOTDIR: dir, PASEO_USER_ZDOTDIR: env.ZDOTDIR || env.HOME || '' },
    files: [
      { path: path.join(dir, '.zshenv'), content: ZSH_ENV },
      { path: path.join(dir, '.zshrc'), content: ZSH_RC },
    ],
  };
}
