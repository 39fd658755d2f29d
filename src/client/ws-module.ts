/**
 * The `ws` client class, loaded with require: imported from ESM, Node pre-parses every file of this CommonJS package
 * for named exports, which cost 25–45 ms of a TUI's first frame here; require loads the same class without that.
 */
import { createRequire } from 'node:module';
import type { WebSocket as WebSocketClass } from 'ws';

export const WebSocket = createRequire(import.meta.url)('ws') as typeof WebSocketClass;
export type WebSocket = WebSocketClass;
