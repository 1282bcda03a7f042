// The organizer API. The token lives in sessionStorage (it ends with the
// browser tab, and the server makes it expire after 8 hours).

import config from '../config.js';

const SESSION_KEY = 'cuocthi:admin:v1:session';
const TIMEOUT_MS = 30000;
const NETWORK_MESSAGE = 'Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.';

const apiBase = (config && typeof config.apiBase === 'string' ? config.apiBase : '').replace(/\/$/, '');
export const defaultContest = config && config.defaultContest ? String(config.defaultContest) : '';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// ---- session ----

function tokenExpiry(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')));
    return Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

export function getSession() {
  let session = null;
  try {
    session = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) || 'null');
  } catch {
    session = null;
  }
  if (!session || typeof session.token !== 'string') return null;
  if (session.expiresAt && Date.now() >= session.expiresAt) {
    clearSession();
    return null;
  }
  return session;
}

export function saveSession(token, username) {
  const expiresAt = tokenExpiry(token) || Date.now() + 8 * 60 * 60 * 1000;
  try {
    window.sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token, username, expiresAt }));
  } catch {
    // Private mode without storage: the session lasts until the page reloads.
  }
  memorySession = { token, username, expiresAt };
}

let memorySession = null;

export function clearSession() {
  memorySession = null;
  try {
    window.sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // nothing stored
  }
}

function currentToken() {
  const session = getSession() || memorySession;
  return session ? session.token : null;
}

const expiredListeners = new Set();
export function onSessionExpired(listener) {
  expiredListeners.add(listener);
}

// ---- requests ----

/**
 * One API call. `body` is sent as JSON; `file` (a Blob) is sent raw with
 * `contentType`. Resolves to { status, data }; rejects with ApiError.
 */
export async function request(path, { method = 'GET', body, file, contentType, auth = true, timeoutMs = TIMEOUT_MS } = {}) {
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
    const token = currentToken();
    if (!token) {
      for (const listener of expiredListeners) listener();
      throw new ApiError(401, 'UNAUTHENTICATED', 'Vui lòng đăng nhập.');
    }
    headers.Authorization = `Bearer ${token}`;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers,
      body: payload,
      cache: 'no-store',
      credentials: 'omit',
      signal: controller.signal,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (response.ok) return { status: response.status, data };
  const error = data && data.error ? data.error : {};
  const apiError = new ApiError(
    response.status,
    error.code || `HTTP_${response.status}`,
    error.message ||
      (response.status >= 500
        ? 'Hệ thống đang bận. Vui lòng thử lại sau giây lát.'
        : `Yêu cầu không thành công (mã ${response.status}).`),
  );
  if (auth && response.status === 401) {
    clearSession();
    for (const listener of expiredListeners) listener(apiError);
  }
  throw apiError;
}

const seg = encodeURIComponent;
const c = (cid) => `/api/admin/contests/${seg(cid)}`;
const data = (promise) => promise.then((r) => r.data);

export const FILE_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  json: 'application/json',
};

/** The Content-Type the server expects for a chosen file, from its name. */
export function fileContentType(file) {
  const ext = (/\.([a-z0-9]+)$/i.exec(file.name || '') || [])[1];
  return FILE_TYPES[(ext || '').toLowerCase()] || file.type || 'application/octet-stream';
}

export const api = {
  login: (username, password) => data(request('/api/admin/login', { method: 'POST', body: { username, password }, auth: false })),
  contests: () => data(request('/api/admin/contests')),
  contest: (cid) => data(request(c(cid))),
  createContest: (settings) => data(request('/api/admin/contests', { method: 'POST', body: settings })),
  saveContest: (cid, settings, confirm = false) =>
    data(request(`${c(cid)}${confirm ? '?confirm=true' : ''}`, { method: 'PUT', body: settings })),
  questions: (cid) => data(request(`${c(cid)}/questions`)),
  importQuestions: (cid, file, { dryRun, status }) =>
    request(`${c(cid)}/questions/import?dry_run=${dryRun ? 'true' : 'false'}&status=${seg(status)}`, {
      method: 'POST',
      file,
      contentType: fileContentType(file),
      timeoutMs: 120000,
    }),
  saveQuestion: (cid, qid, question) => data(request(`${c(cid)}/questions/${seg(qid)}`, { method: 'PUT', body: question })),
  exclusions: (cid) => data(request(`${c(cid)}/exclusions`)),
  saveExclusions: (cid, phones) => data(request(`${c(cid)}/exclusions`, { method: 'PUT', body: { phones } })),
  saveOrganization: (cid, oid, organization) =>
    data(request(`${c(cid)}/organizations/${seg(oid)}`, { method: 'PUT', body: organization })),
  importOrganizations: (cid, file, { dryRun }) =>
    request(`${c(cid)}/organizations/import?dry_run=${dryRun ? 'true' : 'false'}`, {
      method: 'POST',
      file,
      contentType: fileContentType(file),
      timeoutMs: 120000,
    }),
  stats: (cid) => data(request(`${c(cid)}/stats`)),
  winners: (cid, rid) => data(request(`${c(cid)}/winners?round=${seg(rid)}`)),
  publishWinners: (cid, rid, published) =>
    data(request(`${c(cid)}/winners/publish?round=${seg(rid)}`, { method: 'POST', body: { published } })),
  ranking: (cid) => data(request(`${c(cid)}/organizations/ranking`)),
  createExport: (cid) => data(request(`${c(cid)}/exports`, { method: 'POST', timeoutMs: 180000 })),
  exports: (cid) => data(request(`${c(cid)}/exports`)),
  audit: (cid) => data(request(`${c(cid)}/audit`)),
  closeRounds: () => data(request('/api/admin/jobs/close-rounds', { method: 'POST', timeoutMs: 180000 })),
};

/** A route the server does not have yet answers 404 NOT_FOUND (not e.g. CONTEST_NOT_FOUND). */
export const isMissingRoute = (error) => error instanceof ApiError && error.status === 404 && error.code === 'NOT_FOUND';
