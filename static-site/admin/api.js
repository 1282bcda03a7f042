// The organizer API on the shared request core. The token lives in
// sessionStorage (it ends with the browser tab, and the server makes it
// expire after 8 hours).

import { ApiError, apiClient, tokenSession } from '../shared/api.js';
import { sessionStore } from '../shared/storage.js';

export { ApiError, defaultContest } from '../shared/api.js';

// ---- session ----

const session = tokenSession(sessionStore, 'cuocthi:admin:v1:session', { expiring: true });

export const getSession = () => session.get();
/** role: 'admin' or 'viewer'; contests: the ids the account may see, or null for every contest. */
export const saveSession = (token, username, role = 'admin', contests = null) => session.save(token, { username, role, contests });
export const clearSession = () => session.clear();

// ---- requests ----

const { request, onSessionExpired } = apiClient({
  session,
  timeoutMs: 30000,
  authByDefault: true,
  cache: 'no-store',
  expireWithoutToken: true,
});

export { onSessionExpired };

const seg = encodeURIComponent;
const c = (cid) => `/api/admin/contests/${seg(cid)}`;
const data = (promise) => promise.then((r) => r.data);

export const FILE_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  json: 'application/json',
};

/** The Content-Type the server expects for a chosen file, from its name. */
export function fileContentType(file) {
  const ext = (/\.([a-z0-9]+)$/i.exec(file.name || '') || [])[1];
  return FILE_TYPES[(ext || '').toLowerCase()] || file.type || 'application/octet-stream';
}

/** Whether a chosen file is a Word document (its row numbers are question numbers). */
export const isWordFile = (file) => fileContentType(file) === FILE_TYPES.docx;

/** "?a=1&b=2" from the entries whose value is set ('' when none is). */
function query(params) {
  const parts = Object.keys(params)
    .filter((key) => params[key] !== undefined && params[key] !== null && params[key] !== '' && params[key] !== false)
    .map((key) => `${key}=${encodeURIComponent(params[key])}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A file sent to an import: only checked (a preview) with `dryRun`, else imported. */
const importFile = (path, file, dryRun, query = '') =>
  request(`${path}?dry_run=${dryRun ? 'true' : 'false'}${query}`, {
    method: 'POST',
    file,
    contentType: fileContentType(file),
    timeoutMs: 120000,
  });

export const api = {
  login: (username, password) => data(request('/api/admin/login', { method: 'POST', body: { username, password }, auth: false })),
  contests: () => data(request('/api/admin/contests')),
  contest: (cid) => data(request(c(cid))),
  createContest: (settings) => data(request('/api/admin/contests', { method: 'POST', body: settings })),
  saveContest: (cid, settings, confirm = false) =>
    data(request(`${c(cid)}${confirm ? '?confirm=true' : ''}`, { method: 'PUT', body: settings })),
  questions: (cid) => data(request(`${c(cid)}/questions`)),
  importQuestions: (cid, file, { dryRun, status }) => importFile(`${c(cid)}/questions/import`, file, dryRun, `&status=${seg(status)}`),
  /** `regrade` allows moving a key finished attempts used; `confirm` correcting published winners. */
  saveQuestion: (cid, qid, question, { regrade = false, confirm = false } = {}) =>
    data(request(`${c(cid)}/questions/${seg(qid)}${query({ regrade, confirm })}`, { method: 'PUT', body: question, timeoutMs: 120000 })),
  deleteQuestion: (cid, qid) => data(request(`${c(cid)}/questions/${seg(qid)}`, { method: 'DELETE' })),
  voidQuestion: (cid, qid, confirm = false) =>
    data(request(`${c(cid)}/questions/${seg(qid)}/void${query({ confirm })}`, { method: 'POST', timeoutMs: 120000 })),
  /** action: approve | draft | archive | delete. */
  bulkQuestions: (cid, action, questionIds) =>
    data(request(`${c(cid)}/questions/bulk`, { method: 'POST', body: { action, question_ids: questionIds } })),
  participants: (cid, { q = '', organization = '', cursor = '' } = {}) =>
    data(request(`${c(cid)}/participants${query({ q: q.trim(), organization, cursor })}`)),
  participant: (cid, pid) => data(request(`${c(cid)}/participants/${seg(pid)}`)),
  saveParticipant: (cid, pid, edit) => data(request(`${c(cid)}/participants/${seg(pid)}`, { method: 'PUT', body: edit })),
  resetCode: (cid, pid) => data(request(`${c(cid)}/participants/${seg(pid)}/reset-code`, { method: 'POST' })),
  disqualify: (cid, pid, reason, confirm = false) =>
    data(request(`${c(cid)}/participants/${seg(pid)}/disqualify${query({ confirm })}`, { method: 'POST', body: { reason }, timeoutMs: 120000 })),
  reinstate: (cid, pid, confirm = false) =>
    data(request(`${c(cid)}/participants/${seg(pid)}/reinstate${query({ confirm })}`, { method: 'POST', timeoutMs: 120000 })),
  eraseParticipant: (cid, pid) => data(request(`${c(cid)}/participants/${seg(pid)}/erase`, { method: 'POST' })),
  announcements: (cid) => data(request(`${c(cid)}/announcements`)),
  createAnnouncement: (cid, announcement) => data(request(`${c(cid)}/announcements`, { method: 'POST', body: announcement })),
  saveAnnouncement: (cid, id, announcement) =>
    data(request(`${c(cid)}/announcements/${seg(id)}`, { method: 'PUT', body: announcement })),
  deleteAnnouncement: (cid, id) => data(request(`${c(cid)}/announcements/${seg(id)}`, { method: 'DELETE' })),
  exclusions: (cid) => data(request(`${c(cid)}/exclusions`)),
  saveExclusions: (cid, phones) => data(request(`${c(cid)}/exclusions`, { method: 'PUT', body: { phones } })),
  saveOrganization: (cid, oid, organization) =>
    data(request(`${c(cid)}/organizations/${seg(oid)}`, { method: 'PUT', body: organization })),
  importOrganizations: (cid, file, { dryRun }) => importFile(`${c(cid)}/organizations/import`, file, dryRun),
  roster: (cid, oid) => data(request(`${c(cid)}/roster?organization=${seg(oid)}`)),
  importRoster: (cid, file, { dryRun }) => importFile(`${c(cid)}/roster/import`, file, dryRun),
  /** Flagged results of round `rid` (every round's when empty). */
  reviews: (cid, rid) => data(request(`${c(cid)}/reviews${rid ? `?round=${seg(rid)}` : ''}`)),
  /** {decision: 'accepted'|'rejected', note}; `confirm` for a round whose winners are published (a correction). */
  decideReview: (cid, aid, decision, confirm = false) =>
    data(request(`${c(cid)}/reviews/${seg(aid)}${confirm ? '?confirm=true' : ''}`, { method: 'POST', body: decision })),
  stats: (cid) => data(request(`${c(cid)}/stats`)),
  winners: (cid, rid) => data(request(`${c(cid)}/winners?round=${seg(rid)}`)),
  recomputeWinners: (cid, rid, confirm = false) =>
    data(request(`${c(cid)}/winners/recompute${query({ round: rid, confirm })}`, { method: 'POST', timeoutMs: 180000 })),
  publishWinners: (cid, rid, published) =>
    data(request(`${c(cid)}/winners/publish?round=${seg(rid)}`, { method: 'POST', body: { published } })),
  ranking: (cid) => data(request(`${c(cid)}/organizations/ranking`)),
  createExport: (cid) => data(request(`${c(cid)}/exports`, { method: 'POST', timeoutMs: 180000 })),
  exports: (cid) => data(request(`${c(cid)}/exports`)),
  /** scope: winners | all (the only export with phone numbers; audited). */
  exportContacts: (cid, scope) => data(request(`${c(cid)}/exports/contacts`, { method: 'POST', body: { scope }, timeoutMs: 180000 })),
  audit: (cid) => data(request(`${c(cid)}/audit`)),
  // Paperwork: each answer carries a download link valid 15 minutes.
  documents: (cid) => data(request(`${c(cid)}/documents`)),
  /** kind: weekly_notice (with `round`) | final_report | award_decision. */
  createDocument: (cid, kind, round) =>
    data(request(`${c(cid)}/documents`, { method: 'POST', body: round ? { kind, round } : { kind }, timeoutMs: 180000 })),
  createCertificates: (cid, rid) =>
    data(request(`${c(cid)}/certificates?round=${seg(rid)}`, { method: 'POST', timeoutMs: 180000 })),
  /** `oid`: a unit's variant (its link preselects the unit); empty for the whole contest. */
  createPoster: (cid, oid) =>
    data(request(`${c(cid)}/posters`, { method: 'POST', body: oid ? { organization_id: oid } : {}, timeoutMs: 120000 })),
  followUpLinks: (cid) => data(request(`${c(cid)}/follow-up-links`)),
  createFollowUpLink: (cid, oid) => data(request(`${c(cid)}/organizations/${seg(oid)}/follow-up-link`, { method: 'POST' })),
  revokeFollowUpLink: (cid, oid) => data(request(`${c(cid)}/organizations/${seg(oid)}/follow-up-link`, { method: 'DELETE' })),
  closeRounds: () => data(request('/api/admin/jobs/close-rounds', { method: 'POST', timeoutMs: 180000 })),
};

/** A route the server does not have yet answers 404 NOT_FOUND (not e.g. CONTEST_NOT_FOUND). */
export const isMissingRoute = (error) => error instanceof ApiError && error.status === 404 && error.code === 'NOT_FOUND';

/** A viewer account: every write control stays disabled (the server would answer 403). */
export const isReadOnly = () => (getSession() || {}).role === 'viewer';
