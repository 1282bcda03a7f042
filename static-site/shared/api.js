// The request core both pages build their endpoint lists on: JSON (or a raw
// file) in, JSON out, a timeout, errors as ApiError carrying the server's
// Vietnamese message, and a bearer token kept by a tokenSession.

import config from '../config.js';

/** Where the API is ('' = the page's own origin), from config.js. */
export const apiBase = (config && typeof config.apiBase === 'string' ? config.apiBase : '').replace(/\/$/, '');
/** The contest a page shows when its address names none, from config.js. */
export const defaultContest = config && config.defaultContest ? String(config.defaultContest) : '';

const NETWORK_MESSAGE = 'Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.';
const BUSY_MESSAGE = 'Hệ thống đang bận. Vui lòng thử lại sau giây lát.';
const LOGIN_MESSAGE = 'Vui lòng đăng nhập.';
const DEFAULT_SESSION_MS = 8 * 60 * 60 * 1000;

export class ApiError extends Error {
  constructor(status, code, message, field = null, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field; // the form field at fault, when the server names one
    this.retryAfter = retryAfter; // seconds, from Retry-After
  }

  /** Worth trying again later: no connection, timeout, a busy or failing server. */
  get retryable() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

// ---- the session: a token and what the page wants with it ----

/** When a JWT says it expires (milliseconds), or null. */
function tokenExpiry(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')));
    return Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch (unreadable) {
    return null;
  }
}

/**
 * The session kept under `key` in `store` (storage.js): { token, ...details }.
 * With `expiring`, it also keeps the token's expiry (8 hours when the token
 * does not say) and is forgotten once that has passed.
 */
export function tokenSession(store, key, { expiring = false } = {}) {
  const session = {
    /** Read afresh each time, so a login or logout in another tab is seen here too. */
    get() {
      const value = store.getJSON(key);
      if (!value || typeof value.token !== 'string') return null;
      if (value.expiresAt && Date.now() >= value.expiresAt) {
        session.clear();
        return null;
      }
      return value;
    },
    save(token, details = {}) {
      const value = Object.assign({ token }, details);
      if (expiring) value.expiresAt = tokenExpiry(token) || Date.now() + DEFAULT_SESSION_MS;
      store.setJSON(key, value);
    },
    clear() {
      store.remove(key);
    },
  };
  return session;
}

// ---- requests ----

/**
 * A client for one page:
 *   session            a tokenSession, for requests with `auth`
 *   timeoutMs          how long a request may take
 *   authByDefault      whether requests carry the token unless told otherwise
 *   cache              the default fetch cache mode
 *   expireWithoutToken a request needing a token when there is none also
 *                      tells the onSessionExpired listeners (not only throws)
 *   onData(data, sentAt, receivedAt)  sees every parsed response body
 *                      (performance.now() times), e.g. for the server's clock
 * Returns { request, onSessionExpired }. request(path, options) resolves to
 * { status, data } and rejects with ApiError; `body` goes as JSON, `file`
 * (a Blob) raw with `contentType`. A 401 to a request with `auth` ends the
 * session and tells the onSessionExpired listeners, unless `quiet` (a
 * request made in passing, whose failure should not move the page).
 */
export function apiClient({ session, timeoutMs: defaultTimeout, authByDefault = false, cache: defaultCache, expireWithoutToken = false, onData }) {
  const expiredListeners = new Set();

  function onSessionExpired(listener) {
    expiredListeners.add(listener);
    return () => expiredListeners.delete(listener);
  }

  async function request(path, { method = 'GET', body, file, contentType, auth = authByDefault, cache = defaultCache, keepalive = false, timeoutMs = defaultTimeout, quiet = false } = {}) {
    const headers = { Accept: 'application/json' };
    let payload;
    if (file !== undefined) {
      headers['Content-Type'] = contentType || 'application/octet-stream';
      payload = file;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    if (auth) {
      const current = session.get();
      if (!current) {
        if (expireWithoutToken) for (const listener of expiredListeners) listener();
        throw new ApiError(401, 'UNAUTHENTICATED', LOGIN_MESSAGE);
      }
      headers.Authorization = `Bearer ${current.token}`;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const sentAt = performance.now();
    let response;
    try {
      response = await fetch(`${apiBase}${path}`, {
        method,
        headers,
        body: payload,
        cache,
        keepalive,
        signal: controller.signal,
        credentials: 'omit',
      });
    } catch (offline) {
      throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
    } finally {
      clearTimeout(timer);
    }
    const receivedAt = performance.now();
    let data = null;
    try {
      data = await response.json();
    } catch (notJson) {
      data = null;
    }
    if (onData) onData(data, sentAt, receivedAt);
    if (response.ok) return { status: response.status, data };

    const error = data && data.error ? data.error : {};
    const retryAfter = Number(response.headers.get('Retry-After'));
    const apiError = new ApiError(
      response.status,
      error.code || `HTTP_${response.status}`,
      error.message || (response.status >= 500 ? BUSY_MESSAGE : `Yêu cầu không thành công (mã ${response.status}).`),
      error.field || null,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
    // A 401 ends the session, unless it is about a password the request
    // carried (INVALID_CREDENTIALS, e.g. withdrawing with a wrong password):
    // the token itself is still good then.
    if (auth && response.status === 401 && apiError.code !== 'INVALID_CREDENTIALS') {
      session.clear();
      if (!quiet) for (const listener of expiredListeners) listener(apiError);
    }
    throw apiError;
  }

  return { request, onSessionExpired };
}
