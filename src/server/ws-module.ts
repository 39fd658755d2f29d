/**
 * `ws` for the server, loaded with require: an ESM import of this CommonJS package pre-parses each of its files for
 * named exports, which the daemon's start pays for nothing.
 */
import { createRequire } from 'node:module';
import type { WebSocket as WebSocketClass, WebSocketServer as WebSocketServerClass } from 'ws';

const ws = createRequire(import.meta.url)('ws') as { WebSocket: typeof WebSocketClass; WebSocketServer: typeof WebSocketServerClass };
export const WebSocket = ws.WebSocket;
export type WebSocket = WebSocketClass;
export const WebSocketServer = ws.WebSocketServer;
export type WebSocketServer = WebSocketServerClass;
