/**
 * Encodes an agent or approval event into its wire frame once, however many clients receive it. The supervisor fires
 * one event object to every connection's listener in turn, so remembering the last one is enough (LastFrameEncoder):
 * with 100 agents changing status and several clients, each change was stringified per client.
 */
import type { AgentEvent, ApprovalEvent, EventMessage } from '../core/protocol.js';
import { LastFrameEncoder } from './last-frame-encoder.js';

export class EventEncoder extends LastFrameEncoder<AgentEvent | ApprovalEvent> {
  constructor() {
    // Events are never mutated after they are fired: the same object is the same frame.
    super(
      (a, b) => a === b,
      (event) => Buffer.from(JSON.stringify({ type: 'event', event } satisfies EventMessage), 'utf8'),
    );
  }
}

/** The daemon's one event encoder, shared by every connection. */
export const sharedEventEncoder = new EventEncoder();
