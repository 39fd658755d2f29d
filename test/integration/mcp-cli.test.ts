// `paseo mcp` as a person runs it: stdio, relayed to this home's daemon with its token.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry } from '../helpers/paseo-cli.js';

let sb: PaseoSandbox;
beforeAll(async () => {
  sb = await PaseoSandbox.create();
  expect((await sb.run(['daemon', 'start'])).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await sb.dispose();
});

it('serves the tools of this home\'s daemon on stdio', async () => {
  const client = new Client({ name: 'cli-test', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [cliEntry, 'mcp'], env: sb.env as Record<string, string>, cwd: sb.home, stderr: 'pipe' }));
  try {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('create_agent');
    const r = (await client.callTool({ name: 'create_agent', arguments: { title: 't', provider: 'shell', initialPrompt: 'echo via-stdio', cwd: sb.home } })) as { content: Array<{ text: string }> };
    expect(JSON.parse(r.content[0]!.text).lastAnswer).toContain('via-stdio');
    const ls = await sb.run(['--json', 'ls']);
    expect(ls.stdout).toContain('"title": "t"');
  } finally {
    await client.close();
  }
}, 60_000);
