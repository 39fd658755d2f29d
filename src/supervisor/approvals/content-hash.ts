/**
 * What a decision is bound to: sha256 over the agent, the tool and the request's canonical input (stable JSON: keys
 * sorted, undefined dropped). Two requests with the same hash ask the same thing; a request whose content changed
 * has another hash, and a decision taken on the old one does not apply to it.
 */
import { createHash } from 'node:crypto';
import type { ApprovalRequestInput } from '../../core/adapter.js';

/** JSON with object keys sorted at every level, so equal values always give the same text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * The canonical input: what the request shows (command, cwd, file, texts) and the CLI's raw tool input. The summary
 * and file list paseo derives from those are left out: they add nothing, and must not change a hash between versions.
 */
export function canonicalInput(request: ApprovalRequestInput): unknown {
  const { tool: _tool, summary: _summary, files: _files, ...rest } = request;
  return rest;
}

export function contentHash(agentId: string, request: ApprovalRequestInput): string {
  return createHash('sha256').update(stableJson({ agent: agentId, tool: request.tool, input: canonicalInput(request) })).digest('hex');
}
