/**
 * Pairing from the link `paseo pair` printed: the one-time code is in the URL fragment (never sent to a server by the
 * browser); it is traded for the device cookie (HttpOnly, set by the daemon) and wiped from the address bar at once.
 */
export interface Session {
  deviceId?: string;
  role: import('../core/protocol.js').Role;
  label?: string;
}

export async function pairFromFragment(): Promise<string | undefined> {
  const m = /(?:^#|&)pair=([^&]+)/.exec(location.hash);
  if (!m) return undefined;
  const code = decodeURIComponent(m[1]!);
  history.replaceState(null, '', location.pathname + location.search);
  const res = await fetch('/api/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }), credentials: 'same-origin' });
  if (res.ok) return undefined;
  const body = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  return body.message ?? body.error ?? `pairing failed (${res.status})`;
}

/** The device this browser is paired as, or undefined when it is not (401). */
export async function readSession(): Promise<Session | undefined> {
  const res = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
  if (res.status === 401 || res.status === 403) return undefined;
  if (!res.ok) throw new Error(`session: ${res.status}`);
  return (await res.json()) as Session;
}
