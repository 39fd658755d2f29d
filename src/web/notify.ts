/** While the page is open: a browser notification and a count in the title when a request arrives. */
import type { ApprovalInfo } from '../core/protocol.js';
import { plain } from './dom.js';

export function setBadge(pending: number): void {
  document.title = pending > 0 ? `(${pending}) paseo` : 'paseo';
}

export function notifyApproval(a: ApprovalInfo): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification('paseo: approval needed', { body: plain(`${a.agentTitle ?? a.agentId}: ${a.summary ?? a.command ?? a.tool}`), tag: a.id });
  } catch {
    // Some mobile browsers only notify from a service worker: the title badge still shows it.
  }
}

export function canAskNotifications(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'default';
}

export async function askNotifications(): Promise<void> {
  if (typeof Notification !== 'undefined') await Notification.requestPermission();
}
