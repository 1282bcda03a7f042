// The answer journal: every choice is written to localStorage first, then
// sent to the API in batches. What the server has confirmed is remembered
// per question, so nothing is sent twice needlessly, and a failed send is
// retried with exponential back-off (never a request storm).
//
// Every send costs an API Gateway request, a Lambda invocation and a
// DynamoDB write, while the journal already keeps each choice safe on the
// device and the submit carries whatever is still unsent. So answers wait
// until BATCH_ANSWERS of them are unsent or the oldest has waited
// MAX_UNSENT_MS. They go out at once when the page is hidden or left (in a
// keepalive request: the device may never run the page again), and after
// DEBOUNCE_MS near the deadline (should the page stop then, the timed-out
// attempt is graded with only what the server has).

import { api } from './api.js';
import { serverNow } from './clock.js';
import { localStore } from '../shared/storage.js';
import { parseTime } from '../shared/vietnam-time.js';

const BATCH_ANSWERS = 5;
const MAX_UNSENT_MS = 45000;
const URGENT_BEFORE_DEADLINE_MS = 120000;
const DEBOUNCE_MS = 600;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15000;
const MAX_BATCH = 100;

export function journalKey(contestId, attemptId) {
  return `cuocthi:v1:${contestId}:attempt:${attemptId}`;
}

/** The journal as stored, without starting any syncing (for offline resume). */
export function readJournal(contestId, attemptId) {
  return localStore.getJSON(journalKey(contestId, attemptId));
}

export function discardJournal(contestId, attemptId) {
  localStore.remove(journalKey(contestId, attemptId));
}

/** `value`, or `fallback` when it is null or undefined. */
const given = (value, fallback) => (value === null || value === undefined ? fallback : value);

export class AnswerJournal {
  constructor(contestId, attemptId, { onState = () => {}, onClosed = () => {}, onUnauthenticated = () => {}, onExternalChange = () => {} } = {}) {
    this.key = journalKey(contestId, attemptId);
    this.attemptId = attemptId;
    const stored = localStore.getJSON(this.key) || {};
    this.data = {
      answers: stored.answers || {},
      synced: stored.synced || {},
      prediction: given(stored.prediction, ''),
      attempt: stored.attempt || null,
      // When the oldest unsent answer was chosen (or a little earlier); kept
      // so that a reload does not restart its wait.
      unsentSince: given(stored.unsentSince, null),
      // The question on screen (0-based), so that a reload mid-attempt
      // comes back to it rather than to question 1.
      position: given(stored.position, 0),
    };
    this.callbacks = { onState, onClosed, onUnauthenticated, onExternalChange };
    this.timer = null;
    this.due = 0;
    // null, 'regular', or 'keepalive' (a send that outlives the page).
    this.inFlight = null;
    this.failures = 0;
    this.stopped = false;
    this.state = 'sent';

    this.handleOnline = () => {
      if (this.failures > 0) this.schedule(0, true);
    };
    this.handleHide = () => {
      if (document.visibilityState === 'hidden') this.flushKeepalive();
    };
    this.handlePageHide = () => this.flushKeepalive();
    this.handleStorage = (event) => {
      if (event.key !== this.key || !event.newValue) return;
      try {
        const other = JSON.parse(event.newValue);
        const hadUnsent = this.pendingCount() > 0;
        this.data.answers = Object.assign({}, this.data.answers, other.answers || {});
        this.data.synced = Object.assign({}, this.data.synced, other.synced || {});
        if (other.prediction !== undefined) this.data.prediction = other.prediction;
        if (!hadUnsent) this.data.unsentSince = given(other.unsentSince, Date.now());
        this.callbacks.onExternalChange();
        if (this.failures === 0) this.plan();
      } catch (malformed) {
        /* ignore a malformed write from elsewhere */
      }
    };
    window.addEventListener('online', this.handleOnline);
    window.addEventListener('pagehide', this.handlePageHide);
    window.addEventListener('storage', this.handleStorage);
    document.addEventListener('visibilitychange', this.handleHide);
  }

  persist() {
    localStore.setJSON(this.key, this.data);
  }

  /** Keeps what is needed to show the attempt again even without a connection. */
  cacheAttempt(view) {
    this.data.attempt = {
      attempt_id: view.attempt_id,
      round_id: view.round_id,
      started_at: view.started_at,
      deadline: view.deadline,
      questions: view.questions,
    };
    this.persist();
  }

  /**
   * Merges the server's saved answers: a local choice not yet confirmed wins
   * (it is newer); otherwise the server's value wins (another device may have
   * changed it since).
   */
  reconcile(serverAnswers = {}, questions = []) {
    const { answers, synced } = this.data;
    for (const [qid, oid] of Object.entries(serverAnswers)) {
      const localPending = answers[qid] !== undefined && answers[qid] !== synced[qid];
      if (!localPending) answers[qid] = oid;
      synced[qid] = oid;
    }
    for (const qid of Object.keys(synced)) {
      if (!(qid in serverAnswers)) delete synced[qid];
    }
    this.dropInvalid(questions);
    this.persist();
    this.notify();
  }

  /** Forgets local answers that do not belong to this attempt's questions. */
  dropInvalid(questions) {
    if (!questions.length) return false;
    const valid = new Map(questions.map((q) => [q.id, new Set(q.options.map((o) => o.id))]));
    let dropped = false;
    for (const [qid, oid] of Object.entries(this.data.answers)) {
      if (!valid.has(qid) || !valid.get(qid).has(oid)) {
        delete this.data.answers[qid];
        delete this.data.synced[qid];
        dropped = true;
      }
    }
    return dropped;
  }

  get answers() {
    return this.data.answers;
  }

  get prediction() {
    return this.data.prediction;
  }

  get position() {
    return this.data.position;
  }

  /** Remembers the question on screen (written only when it changes). */
  setPosition(index) {
    if (this.data.position === index) return;
    this.data.position = index;
    this.persist();
  }

  setPrediction(value) {
    this.data.prediction = value;
    this.persist();
  }

  choose(questionId, optionId) {
    if (this.pendingCount() === 0) this.data.unsentSince = Date.now();
    this.data.answers[questionId] = optionId;
    this.persist();
    if (this.failures === 0) this.plan();
    this.notify();
  }

  pending() {
    const out = {};
    for (const [qid, oid] of Object.entries(this.data.answers)) {
      if (this.data.synced[qid] !== oid) out[qid] = oid;
    }
    return out;
  }

  pendingCount() {
    return Object.keys(this.pending()).length;
  }

  notify() {
    let state;
    if (this.failures > 0) state = 'offline';
    else if (this.inFlight) state = 'sending';
    else if (this.pendingCount() > 0) state = 'local';
    else state = 'sent';
    this.state = state;
    this.callbacks.onState(state, this.pendingCount());
  }

  /** Schedules the next send of the unsent answers by the batching policy. */
  plan() {
    const count = this.pendingCount();
    if (count === 0) return;
    const untilUrgent = this.untilUrgent();
    if (count >= BATCH_ANSWERS || untilUrgent <= 0 || document.visibilityState === 'hidden') {
      this.schedule(DEBOUNCE_MS);
      return;
    }
    // Clamped, so that a device clock set back does not hold answers longer.
    const since = given(this.data.unsentSince, Date.now());
    const untilStale = Math.min(MAX_UNSENT_MS, Math.max(0, since + MAX_UNSENT_MS - Date.now()));
    this.schedule(Math.min(untilStale, untilUrgent));
  }

  /** Time left before the last URGENT_BEFORE_DEADLINE_MS of the attempt, by the server's clock. */
  untilUrgent() {
    const deadline = parseTime(this.data.attempt ? this.data.attempt.deadline : null);
    return deadline === null ? 0 : deadline - URGENT_BEFORE_DEADLINE_MS - serverNow();
  }

  /** Runs flush() after `delay` ms, unless one is already due sooner. */
  schedule(delay, force = false) {
    if (this.stopped) return;
    const due = Date.now() + delay;
    if (this.timer !== null && !force && this.due <= due) return;
    clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }

  retryDelay(retryAfterSeconds) {
    const exponential = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failures - 1));
    const jittered = exponential * (0.8 + Math.random() * 0.4);
    return Math.max(jittered, (retryAfterSeconds || 0) * 1000);
  }

  /**
   * Sends the unsent answers. At most one request is out, except that a
   * keepalive send may overtake a regular one, which dies with the page.
   */
  async flush({ keepalive = false } = {}) {
    if (this.stopped || this.inFlight === 'keepalive' || (this.inFlight && !keepalive)) return;
    const entries = Object.entries(this.pending());
    if (entries.length === 0) {
      this.failures = 0;
      this.notify();
      return;
    }
    const kind = keepalive ? 'keepalive' : 'regular';
    const batch = Object.fromEntries(entries.slice(0, MAX_BATCH));
    const startedAt = Date.now();
    this.inFlight = kind;
    this.notify();
    try {
      await api.saveAnswers(this.attemptId, batch, { keepalive });
      for (const [qid, oid] of Object.entries(batch)) this.data.synced[qid] = oid;
      // Whatever is still unsent was chosen while this request was out.
      this.data.unsentSince = this.pendingCount() > 0 ? startedAt : null;
      this.persist();
      this.failures = 0;
      this.release(kind);
      this.plan();
    } catch (error) {
      this.release(kind);
      if (error.code === 'ATTEMPT_CLOSED' || error.code === 'ATTEMPT_NOT_FOUND') {
        this.stop();
        this.callbacks.onClosed(error);
        return;
      }
      if (error.status === 401) {
        this.stop();
        this.callbacks.onUnauthenticated(error);
        return;
      }
      if (!error.retryable) {
        // A rejected batch (unknown question/option): drop what cannot be
        // valid, mark the rest as needing no resend, and move on.
        const questions = (this.data.attempt && this.data.attempt.questions) || [];
        if (!this.dropInvalid(questions)) {
          for (const [qid, oid] of Object.entries(batch)) this.data.synced[qid] = oid;
        }
        this.persist();
        this.notify();
        return;
      }
      this.failures += 1;
      this.schedule(this.retryDelay(error.retryAfter), true);
    }
    this.notify();
  }

  release(kind) {
    if (this.inFlight === kind) this.inFlight = null;
  }

  /** The page is hidden or goes away: send now, in a request that outlives the page. */
  flushKeepalive() {
    this.flush({ keepalive: true });
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = null;
    window.removeEventListener('online', this.handleOnline);
    window.removeEventListener('pagehide', this.handlePageHide);
    window.removeEventListener('storage', this.handleStorage);
    document.removeEventListener('visibilitychange', this.handleHide);
  }

  discard() {
    this.stop();
    localStore.remove(this.key);
  }
}
