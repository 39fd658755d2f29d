/** Every tool paseo's MCP server offers, in listing order. A new tool: one file beside this, one line here. */
import type { PaseoTool } from '../tool.js';
import { archiveAgent } from './archive-agent.js';
import { archiveWorktree } from './archive-worktree.js';
import { createAgent } from './create-agent.js';
import { createWorktree } from './create-worktree.js';
import { getAgentStatus } from './get-agent-status.js';
import { listAgents } from './list-agents.js';
import { listPendingPermissions } from './list-pending-permissions.js';
import { listProviders } from './list-providers.js';
import { listWorktrees } from './list-worktrees.js';
import { sendAgentPrompt } from './send-agent-prompt.js';
import { waitForAgent } from './wait-for-agent.js';
import { createSchedule } from './create-schedule.js';
import { deleteSchedule } from './delete-schedule.js';
import { listSchedules } from './list-schedules.js';

export const ALL_TOOLS: PaseoTool[] = [
  createWorktree,
  listWorktrees,
  archiveWorktree,
  createAgent,
  sendAgentPrompt,
  waitForAgent,
  getAgentStatus,
  listAgents,
  archiveAgent,
  listPendingPermissions,
  createSchedule,
  listSchedules,
  deleteSchedule,
  listProviders,
] as unknown as PaseoTool[];
