/**
 * One MCP tool: name, description, input schema (zod shape: the SDK validates input against it and lists it as JSON
 * Schema) and a handler over the PaseoApi. A new tool is one file in tools/ and one line in tools/index.ts.
 */
import type { ZodRawShape } from 'zod';
import type { PaseoApi } from '../core/api.js';

export interface ToolContext {
  api: PaseoApi;
  /** The agent whose MCP server this is (PASEO_AGENT_ID): `target: "self"`, the parent of agents it creates. */
  callerAgentId?: string;
  /** Tells the client the call is alive (an MCP progress notification when it gave a progressToken). */
  progress(message: string): Promise<void>;
  /** The client cancelled the call or went away. */
  signal: AbortSignal;
  /** How often a blocking call reports progress. */
  progressIntervalMs: number;
}

export interface PaseoTool<S extends ZodRawShape = ZodRawShape> {
  name: string;
  description: string;
  inputSchema: S;
  /** Returns a JSON-able result (sent as structured JSON text). Throw a PaseoError to report a failure to the caller. */
  run(args: { [K in keyof S]: import('zod').infer<S[K]> }, ctx: ToolContext): Promise<unknown>;
}

/** Identity helper that keeps a tool's argument types tied to its schema. */
export function defineTool<S extends ZodRawShape>(tool: PaseoTool<S>): PaseoTool<S> {
  return tool;
}
