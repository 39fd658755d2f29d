/** list_providers: which agent CLIs are installed, their models and modes. */
import { defineTool } from '../tool.js';

export const listProviders = defineTool({
  name: 'list_providers',
  description: 'Agent providers paseo can start (shell, command, claude, codex, gemini, opencode, aider…): installed or not, models, modes.',
  inputSchema: {},
  async run(_a, ctx) {
    return { providers: await ctx.api.listProviders() };
  },
});
