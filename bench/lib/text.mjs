// Escape stripping and stream marker detection.
const ANSI_RE = /\x1b\[[0-?]*[ -\/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP[^\x1b]*\x1b\\|\x1b[()*+][0-9A-Za-z]|\x1b[=>78DEMNOc]|[\x00-\x1f\x7f]/g;
export const stripAnsi = (s) => s.replace(ANSI_RE, '');

/** Returns feed(chunk) that calls onFound() once `marker` appears in the stream (handles chunk splits). */
export function markerWatcher(marker, onFound) {
  let tail = '', found = false;
  return (chunk) => {
    if (found) return;
    const s = tail + chunk;
    if (s.includes(marker)) { found = true; onFound(); return; }
    tail = s.slice(-(marker.length - 1));
  };
}

/** Counts occurrences of `needle` across chunks. */
export function counter(needle) {
  let tail = '', n = 0;
  const feed = (chunk) => {
    const s = tail + chunk;
    let i = 0;
    while ((i = s.indexOf(needle, i)) >= 0) { n++; i += needle.length; }
    tail = s.slice(-(needle.length - 1));
    // avoid double counting a match that lies entirely inside the tail
    if (tail.includes(needle)) tail = '';
  };
  return { feed, get count() { return n; }, reset() { n = 0; } };
}
