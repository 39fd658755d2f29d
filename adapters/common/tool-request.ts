/** Turns a CLI's tool call (name + input) into the structured approval request the queue shows. */
import type { ApprovalRequestInput } from '../../src/core/adapter.js';

type Input = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Claude Code, Codex, Gemini CLI and OpenCode tool names and argument spellings, in one table. */
export function toolRequest(tool: string, rawInput: unknown, cwd: string | undefined): ApprovalRequestInput {
  const input: Input = rawInput && typeof rawInput === 'object' ? (rawInput as Input) : {};
  const base: ApprovalRequestInput = { tool, raw: rawInput };
  if (cwd) base.cwd = cwd;
  const file = str(input.file_path) ?? str(input.filePath) ?? str(input.absolute_path) ?? str(input.notebook_path);
  switch (tool) {
    case 'Bash':
    case 'bash':
    case 'run_shell_command':
    case 'exec_command':
    case 'shell': {
      const cmd = input.command ?? input.cmd;
      const command = Array.isArray(cmd) ? cmd.map(String).join(' ') : str(cmd);
      // Codex's hook names its patch tool apply_patch but a shell-run patch arrives as Bash.
      return { ...base, ...(command !== undefined ? { command } : {}) };
    }
    case 'Write':
    case 'write':
    case 'write_file':
      return { ...base, ...(file ? { file } : {}), ...(str(input.content) !== undefined ? { content: str(input.content) } : {}) };
    case 'Edit':
    case 'edit':
    case 'replace': {
      const oldText = str(input.old_string) ?? str(input.oldString);
      const newText = str(input.new_string) ?? str(input.newString);
      return { ...base, ...(file ? { file } : {}), ...(oldText !== undefined ? { oldText } : {}), ...(newText !== undefined ? { newText } : {}) };
    }
    case 'MultiEdit': {
      const edits = Array.isArray(input.edits) ? (input.edits as Input[]) : [];
      return {
        ...base,
        ...(file ? { file } : {}),
        oldText: edits.map((e) => str(e.old_string) ?? '').join('\n…\n'),
        newText: edits.map((e) => str(e.new_string) ?? '').join('\n…\n'),
      };
    }
    case 'apply_patch':
      return { ...base, ...patchRequest(str(input.command) ?? str(input.input) ?? '') };
    default:
      return { ...base, ...(file ? { file } : {}), ...(str(input.command) ? { command: str(input.command) } : {}) };
  }
}

/** The first file of a Codex patch: Add File → full content; Update File → removed/added lines as old/new text. */
export function patchRequest(patch: string): Partial<ApprovalRequestInput> {
  const lines = patch.split('\n');
  const header = lines.findIndex((l) => /^\*\*\* (Add|Update|Delete) File: /.test(l));
  if (header < 0) return { command: patch };
  const m = /^\*\*\* (Add|Update|Delete) File: (.*)$/.exec(lines[header]!)!;
  const body: string[] = [];
  for (const l of lines.slice(header + 1)) {
    if (l.startsWith('*** ')) break;
    body.push(l);
  }
  const file = m[2]!.trim();
  if (m[1] === 'Add') return { file, content: body.map((l) => l.slice(1)).join('\n') + '\n', command: patch };
  if (m[1] === 'Delete') return { file, command: patch };
  const oldText = body.filter((l) => l.startsWith('-') || l.startsWith(' ')).map((l) => l.slice(1)).join('\n');
  const newText = body.filter((l) => l.startsWith('+') || l.startsWith(' ')).map((l) => l.slice(1)).join('\n');
  return { file, oldText, newText, command: patch };
}

export function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
