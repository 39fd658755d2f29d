/**
 * Codex's apply_patch format (not a unified diff: hunks carry no line numbers, only context):
 *   *** Begin Patch / *** Add File: p (+lines) / *** Delete File: p / *** Update File: p [*** Move to: q]
 *   (@@ [context] / ' ' '-' '+' lines / *** End of File) / *** End Patch
 * Parsed into one operation per file, and an update applied to the file's text the way Codex applies it
 * (each chunk's old lines found in order after the previous chunk), so the queue can diff disk against the result.
 */

export interface PatchChunk {
  /** The `@@ …` line's text, a line to find before the chunk (Codex narrows the search with it). */
  anchor?: string;
  oldLines: string[];
  newLines: string[];
  /** `*** End of File`: the chunk ends at the end of the file. */
  atEnd: boolean;
}

export type PatchOp =
  | { op: 'add'; path: string; content: string }
  | { op: 'delete'; path: string }
  | { op: 'update'; path: string; moveTo?: string; chunks: PatchChunk[] };

const HEADER_RE = /^\*\*\* (Add|Delete|Update) File: (.+)$/;

/** The operations of a patch, in order; empty when the text is not an apply_patch patch. */
export function parseCodexPatch(patch: string): PatchOp[] {
  const lines = patch.replace(/\r\n/g, '\n').split('\n');
  const ops: PatchOp[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = HEADER_RE.exec(lines[i]!.trimEnd());
    i++;
    if (!m) continue;
    const path = m[2]!.trim();
    const body: string[] = [];
    while (i < lines.length && !HEADER_RE.test(lines[i]!) && !lines[i]!.startsWith('*** End Patch')) body.push(lines[i++]!);
    if (m[1] === 'Add') ops.push({ op: 'add', path, content: body.filter((l) => l.startsWith('+')).map((l) => `${l.slice(1)}\n`).join('') });
    else if (m[1] === 'Delete') ops.push({ op: 'delete', path });
    else ops.push(updateOp(path, body));
  }
  return ops;
}

function updateOp(path: string, body: string[]): PatchOp {
  let moveTo: string | undefined;
  const chunks: PatchChunk[] = [];
  let chunk: PatchChunk | undefined;
  const open = (anchor?: string) => {
    chunk = { ...(anchor ? { anchor } : {}), oldLines: [], newLines: [], atEnd: false };
    chunks.push(chunk);
    return chunk;
  };
  for (const line of body) {
    if (line.startsWith('*** Move to: ')) moveTo = line.slice('*** Move to: '.length).trim();
    else if (line.startsWith('*** End of File')) {
      if (chunk) chunk.atEnd = true;
    } else if (line.startsWith('@@')) open(line.slice(2).trim() || undefined);
    else {
      const c = chunk ?? open();
      // A blank line inside a hunk is an empty context line (editors strip the leading space).
      const mark = line[0] ?? ' ';
      const text = line.slice(1);
      if (mark === ' ' || line === '') (c.oldLines.push(text), c.newLines.push(text));
      else if (mark === '-') c.oldLines.push(text);
      else if (mark === '+') c.newLines.push(text);
    }
  }
  return { op: 'update', path, ...(moveTo ? { moveTo } : {}), chunks: chunks.filter((c) => c.oldLines.length || c.newLines.length) };
}

/**
 * The file's text after an update's chunks, or undefined when a chunk's old lines are not in it (the patch would
 * fail, or the file changed since): the caller then shows the chunks on their own.
 */
export function applyUpdate(original: string, chunks: PatchChunk[]): string | undefined {
  const endsWithNewline = original.endsWith('\n');
  const lines = (endsWithNewline ? original.slice(0, -1) : original).split('\n');
  if (original === '') lines.length = 0;
  let from = 0;
  for (const chunk of chunks) {
    if (chunk.anchor !== undefined) {
      const at = findSeq(lines, [chunk.anchor], from);
      if (at >= 0) from = at + 1;
    }
    let at: number;
    if (chunk.oldLines.length === 0) at = chunk.atEnd ? lines.length : from;
    else {
      at = chunk.atEnd ? findSeq(lines, chunk.oldLines, Math.max(from, lines.length - chunk.oldLines.length)) : -1;
      if (at < 0) at = findSeq(lines, chunk.oldLines, from);
    }
    if (at < 0) return undefined;
    lines.splice(at, chunk.oldLines.length, ...chunk.newLines);
    from = at + chunk.newLines.length;
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Index of `seq` in `lines` at or after `from`: exact, then ignoring trailing, then surrounding whitespace (as Codex does). */
function findSeq(lines: string[], seq: string[], from: number): number {
  const norms = [(s: string) => s, (s: string) => s.trimEnd(), (s: string) => s.trim()];
  for (const norm of norms) {
    for (let i = Math.max(0, from); i + seq.length <= lines.length; i++) {
      if (seq.every((s, k) => norm(lines[i + k]!) === norm(s))) return i;
    }
  }
  return -1;
}
