// The server's clock, as seen from here. Each API response that carries
// `server_time` gives a sample; between samples time advances with the
// monotonic performance.now(), so a wrong or changed device clock does not
// move a countdown.

let base = null; // { server: ms, perf: ms, rtt: ms }

export function recordSample(serverTimeIso, sentAt, receivedAt) {
  const server = Date.parse(serverTimeIso);
  if (!Number.isFinite(server)) return;
  const rtt = Math.max(0, receivedAt - sentAt);
  const perf = sentAt + rtt / 2;
  const stale = !base || receivedAt - base.perf > 60000;
  // Prefer samples from quick round trips (smaller error), but never keep
  // an old sample for long: after a sleep, performance.now() may have paused.
  if (stale || rtt <= base.rtt * 1.5 + 50) {
    base = { server, perf, rtt };
  }
}

export function serverNow() {
  return base ? base.server + (performance.now() - base.perf) : Date.now();
}

export function hasServerTime() {
  return base !== null;
}

/** The current difference between the server's clock and this device's. */
export function offsetFromDevice() {
  return serverNow() - Date.now();
}

/**
 * Without any sample yet (offline reload), start from an offset remembered
 * earlier; the first real sample replaces it.
 */
export function restoreOffset(offsetMs) {
  if (base || !Number.isFinite(offsetMs)) return;
  base = { server: Date.now() + offsetMs, perf: performance.now(), rtt: Number.MAX_SAFE_INTEGER };
}
