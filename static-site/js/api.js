// The participant API: the contest named in the address, the session kept
// on this device per contest, and the endpoint list, on the shared request
// core. Every response's `server_time` sets the server's clock (clock.js).

import { ApiError, apiBase, apiClient, defaultContest, tokenSession } from '../shared/api.js';
import { localStore } from '../shared/storage.js';
import { recordSample } from './clock.js';

function contestFromUrl() {
  const params = new URLSearchParams(window.location.search);
  const candidate = (params.get('contest') || defaultContest).trim().toLowerCase();
  return /^[a-z0-9_][a-z0-9_-]{0,63}$/.test(candidate) ? candidate : defaultContest;
}

export const contestId = contestFromUrl();

// ---- session (token per contest) ----

const session = tokenSession(localStore, `cuocthi:v1:${contestId}:session`);

export const getSession = () => session.get();
export const saveSession = (token, participant) => session.save(token, { participant });
export const clearSession = () => session.clear();

// ---- requests ----

const client = apiClient({
  session,
  timeoutMs: 15000,
  onData(data, sentAt, receivedAt) {
    if (data && typeof data.server_time === 'string') recordSample(data.server_time, sentAt, receivedAt);
  },
});

const { request } = client;
export const { onSessionExpired } = client;

const c = () => `/api/contests/${encodeURIComponent(contestId)}`;
const seg = (value) => encodeURIComponent(value);

export const api = {
  /** `fresh`: past the HTTP cache (after the server said the contest changed). */
  contest: (fresh = false) => request(c(), { cache: fresh ? 'no-cache' : undefined }).then((r) => r.data),
  /** The committee's published announcements, newest first. */
  announcements: () => request(`${c()}/announcements`).then((r) => r.data),
  /** A fresh proof-of-work challenge for the registration form (never from a cache: each is good once). */
  challenge: () => request(`${c()}/challenge`, { cache: 'no-store' }).then((r) => r.data),
  /** 201 {token, participant}; with SMS verification, 202 {verification_id, expires_at}. */
  register: (body) => request(`${c()}/register`, { method: 'POST', body }).then((r) => r.data),
  verifyRegistration: (body) => request(`${c()}/register/verify`, { method: 'POST', body }).then((r) => r.data),
  login: (body) => request(`${c()}/login`, { method: 'POST', body }).then((r) => r.data),
  /** `quiet`: an expired session is forgotten without sending the page to the login form. */
  me: ({ quiet = false } = {}) => request(`${c()}/me`, { auth: true, quiet }).then((r) => r.data),
  /** Everything stored about this participant, as one JSON document (Nghị định 13/2023: the right to access). */
  myData: () => request(`${c()}/me/data`, { auth: true, cache: 'no-store' }).then((r) => r.data),
  /** Withdraws and erases this participant (their password confirms it); every token stops working. */
  withdraw: (password) => request(`${c()}/me`, { method: 'DELETE', auth: true, body: { password } }).then((r) => r.data),
  /** «Quên mật khẩu»: a code by e-mail, when the phone was registered with one (202 whatever the phone). */
  requestPasswordReset: (phone) => request(`${c()}/password-reset/request`, { method: 'POST', body: { phone } }).then((r) => r.data),
  /** A new password with a one-time code: {token, participant}, logged in. */
  resetPassword: (body) => request(`${c()}/password-reset`, { method: 'POST', body }).then((r) => r.data),
  /** Revokes every token of this participant, on every device. */
  logout: () => request(`${c()}/logout`, { method: 'POST', auth: true }),
  startAttempt: (roundId) => request(`${c()}/rounds/${seg(roundId)}/attempts`, { method: 'POST', auth: true }).then((r) => r.data),
  attempt: (attemptId) => request(`${c()}/attempts/${seg(attemptId)}`, { auth: true }).then((r) => r.data),
  saveAnswers: (attemptId, answers, options = {}) =>
    request(`${c()}/attempts/${seg(attemptId)}/answers`, Object.assign({ method: 'PUT', auth: true, body: { answers } }, options)).then((r) => r.data),
  /** A finished attempt question by question (409 REVIEW_NOT_YET_AVAILABLE while its real round is open). */
  review: (attemptId) => request(`${c()}/attempts/${seg(attemptId)}/review`, { auth: true }).then((r) => r.data),
  submit: (attemptId, body) => request(`${c()}/attempts/${seg(attemptId)}/submit`, { method: 'POST', auth: true, body }).then((r) => r.data),
  leaderboard: (roundId, limit = 50, fresh = false) =>
    request(`${c()}/rounds/${seg(roundId)}/leaderboard?limit=${limit}`, { cache: fresh ? 'no-cache' : undefined }).then((r) => r.data),
  winners: (roundId) => request(`${c()}/rounds/${seg(roundId)}/winners`).then((r) => r.data),
  /**
   * The participant's certificates as one PDF (a Blob); 409 NO_CERTIFICATES
   * while there is none. Not through request(): the answer is a file, not JSON.
   */
  async myCertificates() {
    const current = session.get();
    if (!current) throw new ApiError(401, 'UNAUTHENTICATED', 'Vui lòng đăng nhập.');
    let response;
    try {
      response = await fetch(`${apiBase}${c()}/me/certificates`, {
        headers: { Accept: 'application/pdf, application/json', Authorization: `Bearer ${current.token}` },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (offline) {
      throw new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng rồi thử lại.');
    }
    if (response.ok) return response.blob();
    let data = null;
    try {
      data = await response.json();
    } catch (notJson) {
      data = null;
    }
    const error = data && data.error ? data.error : {};
    throw new ApiError(response.status, error.code || `HTTP_${response.status}`, error.message || `Yêu cầu không thành công (mã ${response.status}).`);
  },
  /** What a certificate's code attests (public): 404 CERTIFICATE_NOT_FOUND for any other code. */
  verifyCertificate: (code) => request(`/api/verify/${seg(code)}`).then((r) => r.data),
  /** A unit's follow-up through its secret link (public): 404 once revoked. */
  unitFollowUp: (token) => request(`/api/units/${seg(token)}`, { cache: 'no-store' }).then((r) => r.data),
  organizations: (fresh = false) => request(`${c()}/organizations/leaderboard`, { cache: fresh ? 'no-cache' : undefined }).then((r) => r.data),
};
