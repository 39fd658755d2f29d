/**
 * Encodes an agent or approval event into its wire frame once, however many clients receive it. The supervisor fires
 * one event object to every connection's listener in turn, so remembering the last one is enough (as DeltaEncoder does
 * for terminal output): with 100 agents changing status and several clients, each change was stringified per client.
 */
import type { AgentEvent, ApprovalEvent, EventMessage } from '../core/protocol.js';

export class EventEncoder {
  private last: AgentEvent | ApprovalEvent | undefined;
  private lastFrame: Buffer | undefined;
  private count = 0;

  /** How many frames were actually encoded (tests). */
  get encodeCount(): number {
    return this.count;
  }

  encode(event: AgentEvent | ApprovalEvent): Buffer {
    // Events are never mutated after they are fired: the same object is the same frame.
    if (event === this.last && this.lastFrame) return this.lastFrame;
    const message: EventMessage = { type: 'event', event };
    this.lastFrame = Buffer.from(JSON.stringify(message), 'utf8');
    this.last = event;
    this.count++;
    return this.lastFrame;
  }
}

/** The daemon's one event encoder, shared by every connection. */
export const sharedEventEncoder = new EventEncoder();
