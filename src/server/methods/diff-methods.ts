/** `agent.diff` and `agent.diffWait`: git runs in the daemon, clients page files and lines; reading a diff is a viewer's right. */
import type { SupervisorService } from '../../core/api.js';
import { Diff } from '../../core/constants.js';
import type { AgentDiff, DiffWaitResult } from '../../core/diff-types.js';
import { PaseoError } from '../../core/errors.js';
import { compact, type ParamReader } from '../param-reader.js';

/** Largest page a client may ask for: files of a list, or lines of one file. */
const MAX_PAGE = 100_000;

export const diffMethods = {
  'agent.diff': {
    role: 'viewer' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<AgentDiff> => {
      if (!s.agentDiff) throw new PaseoError('unknown_method', 'this daemon cannot show diffs');
      return s.agentDiff(
        p.string('agentId'),
        compact({
          base: p.optBool('base'),
          ignoreWhitespace: p.optBool('ignoreWhitespace'),
          file: p.optString('file'),
          offset: p.optInt('offset', 0, Number.MAX_SAFE_INTEGER),
          limit: p.optInt('limit', 0, MAX_PAGE),
        }),
      );
    },
  },
  'agent.diffWait': {
    role: 'viewer' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<DiffWaitResult> => {
      if (!s.waitDiffChange) throw new PaseoError('unknown_method', 'this daemon cannot watch diffs');
      return s.waitDiffChange(p.string('agentId'), compact({ fingerprint: p.stringAllowEmpty('fingerprint'), timeoutMs: p.optInt('timeoutMs', 0, Diff.WAIT_MAX_MS) }));
    },
  },
};
