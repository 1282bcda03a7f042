// The committee's announcements, for the landing page and «Trang của tôi»:
// fetched with a short wait so that a page can show them in its first
// render (no layout jump), and kept on this device for when the
// connection drops.

import { api, contestId } from './api.js';
import { localStore } from '../shared/storage.js';

const cacheKey = `cuocthi:v1:${contestId}:announcements`;
const FIRST_RENDER_WAIT_MS = 1500;

/** The published announcements, newest first; the copy kept from last time when offline; [] when none is known. */
export function fetchAnnouncements() {
  return api.announcements().then(
    (data) => {
      const list = data && Array.isArray(data.announcements) ? data.announcements : [];
      localStore.setJSON(cacheKey, list);
      return list;
    },
    () => {
      const cached = localStore.getJSON(cacheKey);
      return Array.isArray(cached) ? cached : [];
    },
  );
}

/**
 * Starts fetching; `early` resolves with the list if it arrives within
 * FIRST_RENDER_WAIT_MS (else with null: the page renders without it and
 * fills its slot from `later`).
 */
export function announcementsForFirstRender() {
  const later = fetchAnnouncements();
  const early = Promise.race([later, new Promise((resolve) => setTimeout(() => resolve(null), FIRST_RENDER_WAIT_MS))]);
  return { early, later };
}
