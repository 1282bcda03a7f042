// The contest API: JSON in, JSON out, errors as ApiError carrying the
// server's Vietnamese message and the form field at fault.

import config from '../config.js';
import { recordSample } from './clock.js';
import { getJSON, setJSON, remove } from './storage.js';

const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  constructor(status, code, message, field = null, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }

  /** Worth trying again later: no connection, timeout, a busy or failing server. */
  get retryable() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

const NETWORK_MESSAGE = 'Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.';

function contestFromUrl() {
  const params = new URLSearchParams(window.location.search);
  const fromQuery = params.get('contest');
  const candidate = (fromQuery || config.defaultContest || '').trim().toLowerCase();
  return /^[a-z0-9_][a-z0-9_-]{0,63}$/.test(candidate) ? candidate : config.defaultContest;
}

export const contestId = contestFromUrl();

// ---- session (token per contest) ----

const sessionKey = `cuocthi:v1:${contestId}:session`;

/** Read afresh each time, so a login or logout in another tab is seen here too. */
export function getSession() {
  const session = getJSON(sessionKey);
  return session && typeof session.token === 'string' ? session : null;
}

export function saveSession(token, participant) {
  setJSON(sessionKey, { token, participant });
}

export function clearSession() {
  remove(sessionKey);
}

const expiredListeners = new Set();
export function onSessionExpired(listener) {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

// ---- requests ----

export async function request(path, { method = 'GET', body, auth = false, cache, keepalive = false, timeoutMs = TIMEOUT_MS } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) {
    const current = getSession();
    if (!current) throw new ApiError(401, 'UNAUTHENTICATED', 'Vui lòng đăng nhập.');
    headers.Authorization = `Bearer ${current.token}`;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const sentAt = performance.now();
  let response;
  try {
    response = await fetch(`${config.apiBase}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache,
      keepalive,
      signal: controller.signal,
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  } finally {
    clearTimeout(timer);
  }
  const receivedAt = performance.now();
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (data && typeof data.server_time === 'string') recordSample(data.server_time, sentAt, receivedAt);
  if (response.ok) return { status: response.status, data };

  const error = data && data.error ? data.error : {};
  const retryAfterHeader = Number(response.headers.get('Retry-After'));
  const apiError = new ApiError(
    response.status,
    error.code || `HTTP_${response.status}`,
    error.message || (response.status >= 500 ? 'Hệ thống đang bận. Vui lòng thử lại sau giây lát.' : `Yêu cầu không thành công (mã ${response.status}).`),
    error.field || null,
    Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader : null,
  );
  if (auth && response.status === 401) {
    clearSession();
    for (const listener of expiredListeners) listener(apiError);
  }
  throw apiError;
}

const c = () => `/api/contests/${encodeURIComponent(contestId)}`;
const seg = (value) => encodeURIComponent(value);

export const api = {
  contest: () => request(c()).then((r) => r.data),
  register: (body) => request(`${c()}/register`, { method: 'POST', body }).then((r) => r.data),
  login: (body) => request(`${c()}/login`, { method: 'POST', body }).then((r) => r.data),
  me: () => request(`${c()}/me`, { auth: true }).then((r) => r.data),
  startAttempt: (roundId) => request(`${c()}/rounds/${seg(roundId)}/attempts`, { method: 'POST', auth: true }).then((r) => r.data),
  attempt: (attemptId) => request(`${c()}/attempts/${seg(attemptId)}`, { auth: true }).then((r) => r.data),
  saveAnswers: (attemptId, answers, options = {}) =>
    request(`${c()}/attempts/${seg(attemptId)}/answers`, { method: 'PUT', auth: true, body: { answers }, ...options }).then((r) => r.data),
  submit: (attemptId, body) => request(`${c()}/attempts/${seg(attemptId)}/submit`, { method: 'POST', auth: true, body }).then((r) => r.data),
  leaderboard: (roundId, limit = 50, fresh = false) =>
    request(`${c()}/rounds/${seg(roundId)}/leaderboard?limit=${limit}`, { cache: fresh ? 'no-cache' : undefined }).then((r) => r.data),
  winners: (roundId) => request(`${c()}/rounds/${seg(roundId)}/winners`).then((r) => r.data),
  organizations: (fresh = false) => request(`${c()}/organizations/leaderboard`, { cache: fresh ? 'no-cache' : undefined }).then((r) => r.data),
};
