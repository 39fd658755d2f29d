/** `permit.show`: one request's detail (command and cwd, or the diff of each file); reading it is a viewer's right. */
import type { SupervisorService } from '../../core/api.js';
import type { ApprovalDetail } from '../../core/protocol.js';
import { PaseoError } from '../../core/errors.js';
import type { ParamReader } from '../param-reader.js';

export const approvalMethods = {
  'permit.show': {
    role: 'viewer' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<ApprovalDetail> => {
      if (!s.showApproval) throw new PaseoError('unknown_method', 'this daemon cannot show approval details');
      return s.showApproval(p.string('requestId'));
    },
  },
};
