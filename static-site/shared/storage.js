// JSON in localStorage or sessionStorage that never throws (private mode,
// storage blocked in an iframe, quota): without usable storage, values live
// in memory for this page's lifetime.

function jsonStore(areaName) {
  const memory = new Map();
  let usable = null;

  function area() {
    if (usable === null) {
      try {
        const probe = '__cuocthi_probe__';
        window[areaName].setItem(probe, '1');
        window[areaName].removeItem(probe);
        usable = true;
      } catch (blocked) {
        usable = false;
      }
    }
    return usable ? window[areaName] : null;
  }

  return {
    /** Whether values outlive the page (false: memory only). */
    persistent() {
      return area() !== null;
    },

    /** The stored value, or null (also for something unreadable). */
    getJSON(key) {
      try {
        const raw = area() ? area().getItem(key) : memory.get(key);
        return raw ? JSON.parse(raw) : null;
      } catch (unreadable) {
        return null;
      }
    },

    /** Stores a value; false when only memory kept it. */
    setJSON(key, value) {
      const raw = JSON.stringify(value);
      memory.set(key, raw);
      try {
        const store = area();
        if (store) store.setItem(key, raw);
        return store !== null;
      } catch (full) {
        return false;
      }
    },

    remove(key) {
      memory.delete(key);
      try {
        const store = area();
        if (store) store.removeItem(key);
      } catch (blocked) {
        /* nothing to do */
      }
    },
  };
}

/** Kept on this device across visits (the participant's session and answers). */
export const localStore = jsonStore('localStorage');

/** Kept until the browser tab closes (the organizer's session). */
export const sessionStore = jsonStore('sessionStorage');
