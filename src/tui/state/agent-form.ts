/** The new-agent form as pure state: fields, focus, and what a key does to them. */
import { AGENT_MODES, type AgentMode, type CreateAgentOptions } from '../../core/agent.js';
import type { InputToken } from '../input/input-token.js';
import type { FormField } from '../../../components/view-model.js';

export interface AgentForm {
  fields: FormField[];
  focus: number;
  error?: string;
  busy?: boolean;
}

export const PROVIDER = 0;
export const MODEL = 1;
export const MODE = 2;
export const CWD = 3;
export const WORKTREE = 4;
export const BRANCH = 5;
export const TITLE = 6;
export const PROMPT = 7;

/** Where the agent runs: its cwd, or a paseo worktree of the cwd's repository on a new or an existing branch. */
export const WORKTREE_CHOICES = ['none', 'new branch', 'existing branch'] as const;

/** A worktree to make (or reuse) before the agent starts in it. */
export interface FormWorktree {
  action: 'branch-off' | 'checkout';
  branch: string;
}

export function newAgentForm(providers: string[], cwd: string): AgentForm {
  const choices = providers.length ? providers : ['shell'];
  return {
    focus: 0,
    fields: [
      { label: 'provider', value: choices[0] as string, choices },
      { label: 'model', value: '', placeholder: '(the provider default)' },
      { label: 'mode', value: 'default', choices: [...AGENT_MODES] },
      { label: 'cwd', value: cwd },
      { label: 'worktree', value: 'none', choices: [...WORKTREE_CHOICES] },
      { label: 'branch', value: '', placeholder: '(with a worktree)' },
      { label: 'title', value: '', placeholder: '(from provider)' },
      { label: 'first prompt', value: '', placeholder: '(none)' },
    ],
  };
}

export type FormOutcome = { kind: 'edit'; form: AgentForm } | { kind: 'submit'; options: CreateAgentOptions; worktree?: FormWorktree } | { kind: 'cancel' };

function withField(form: AgentForm, index: number, value: string): AgentForm {
  return { ...form, error: undefined, fields: form.fields.map((f, i) => (i === index ? { ...f, value } : f)) } as AgentForm;
}

export function formKey(form: AgentForm, token: InputToken): FormOutcome {
  const field = form.fields[form.focus] as FormField;
  if (token.kind === 'paste') return { kind: 'edit', form: field.choices ? form : withField(form, form.focus, field.value + token.text.replace(/[\r\n]+/g, ' ')) };
  if (token.kind !== 'key') return { kind: 'edit', form };
  const count = form.fields.length;
  switch (token.name) {
    case 'Escape':
      return { kind: 'cancel' };
    case 'Enter': {
      const worktree = formWorktree(form);
      if (worktree === 'missing-branch') return { kind: 'edit', form: { ...form, focus: BRANCH, error: 'a worktree needs a branch name' } };
      return { kind: 'submit', options: formOptions(form), ...(worktree ? { worktree } : {}) };
    }
    case 'Tab':
    case 'Down':
      return { kind: 'edit', form: { ...form, focus: (form.focus + 1) % count } };
    case 'BTab':
    case 'Up':
      return { kind: 'edit', form: { ...form, focus: (form.focus + count - 1) % count } };
    case 'Left':
    case 'Right': {
      if (!field.choices) return { kind: 'edit', form };
      const at = field.choices.indexOf(field.value);
      const step = token.name === 'Right' ? 1 : field.choices.length - 1;
      return { kind: 'edit', form: withField(form, form.focus, field.choices[(at + step) % field.choices.length] as string) };
    }
    case 'BSpace':
    case 'C-h':
      return { kind: 'edit', form: field.choices ? form : withField(form, form.focus, [...field.value].slice(0, -1).join('')) };
    case 'C-u':
      return { kind: 'edit', form: field.choices ? form : withField(form, form.focus, '') };
  }
  const printable = token.name === 'Space' ? ' ' : [...token.name].length === 1 && token.data === token.name ? token.data : undefined;
  if (printable === undefined || field.choices) return { kind: 'edit', form };
  return { kind: 'edit', form: withField(form, form.focus, field.value + printable) };
}

export function formOptions(form: AgentForm): CreateAgentOptions {
  const value = (i: number) => (form.fields[i]?.value ?? '').trim();
  const provider = value(PROVIDER) || 'shell';
  const model = value(MODEL);
  const options: CreateAgentOptions = { provider: model && !provider.includes('/') ? `${provider}/${model}` : provider };
  if (value(MODE) && value(MODE) !== 'default') options.mode = value(MODE) as AgentMode;
  if (value(CWD)) options.cwd = value(CWD);
  if (value(TITLE)) options.title = value(TITLE);
  if (value(PROMPT)) options.prompt = value(PROMPT);
  return options;
}

/** The worktree the form asks for, none, or that its branch is missing. */
export function formWorktree(form: AgentForm): FormWorktree | undefined | 'missing-branch' {
  const choice = form.fields[WORKTREE]?.value ?? 'none';
  if (choice === 'none') return undefined;
  const branch = (form.fields[BRANCH]?.value ?? '').trim();
  if (!branch) return 'missing-branch';
  return { action: choice === 'new branch' ? 'branch-off' : 'checkout', branch };
}
