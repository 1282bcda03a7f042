// localStorage that never throws (private mode, blocked third-party storage
// in an iframe, quota): it falls back to memory for this page's lifetime.

const memory = new Map();
let usable = null;

function local() {
  if (usable === null) {
    try {
      const probe = '__cuocthi_probe__';
      window.localStorage.setItem(probe, '1');
      window.localStorage.removeItem(probe);
      usable = true;
    } catch {
      usable = false;
    }
  }
  return usable ? window.localStorage : null;
}

export function persistent() {
  return local() !== null;
}

export function getJSON(key) {
  try {
    const raw = local() ? local().getItem(key) : memory.get(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function setJSON(key, value) {
  const raw = JSON.stringify(value);
  memory.set(key, raw);
  try {
    local()?.setItem(key, raw);
    return true;
  } catch {
    return false;
  }
}

export function remove(key) {
  memory.delete(key);
  try {
    local()?.removeItem(key);
  } catch {
    /* nothing to do */
  }
}
