// The registration form's proof of work: a challenge fetched from the API
// (GET …/challenge) as soon as the form is shown, solved in the background
// while the person types (in a Web Worker, pow-worker.js, or on the page
// where workers are not available), and sent as `altcha` with the
// registration. A solution is good once: every registration attempt takes
// a fresh one. Written in ES2017.

import { api } from './api.js';
import { solve } from './pow.js';

/** Where the worker is, relative to the page (index.html sits above js/). */
const WORKER_URL = 'js/pow-worker.js';
const UNSOLVED_MESSAGE = 'Không hoàn tất được bước xác minh chống đăng ký tự động. Vui lòng bấm «Đăng ký» lại.';

/** Solves in a Web Worker; rejects when the worker cannot run here (not when there is no solution). */
function solveInWorker(challenge) {
  return new Promise((resolve, reject) => {
    let worker;
    try {
      worker = new Worker(WORKER_URL, { type: 'module' });
    } catch (error) {
      reject(error);
      return;
    }
    worker.onmessage = (event) => {
      worker.terminate();
      const data = event.data || {};
      if (data.error) reject(new Error(data.error));
      else resolve(typeof data.number === 'number' ? data.number : null);
    };
    worker.onerror = (event) => {
      if (event && event.preventDefault) event.preventDefault();
      worker.terminate();
      reject(new Error('worker failed'));
    };
    worker.postMessage(challenge);
  });
}

async function solveAnywhere(challenge) {
  if (typeof Worker === 'function') {
    try {
      return await solveInWorker(challenge);
    } catch (error) {
      // No module workers (or none at all) here: solve on the page.
    }
  }
  return solve(challenge);
}

/** The `altcha` value: base64 of the solution's JSON, as the ALTCHA widget sends it. */
export function encodeSolution(challenge, number) {
  return btoa(JSON.stringify({
    algorithm: challenge.algorithm,
    challenge: challenge.challenge,
    number: number,
    salt: challenge.salt,
    signature: challenge.signature,
  }));
}

async function fetchAndSolve() {
  const challenge = await api.challenge();
  let number;
  try {
    number = await solveAnywhere(challenge);
  } catch (error) {
    throw new Error(UNSOLVED_MESSAGE);
  }
  if (number === null) throw new Error(UNSOLVED_MESSAGE);
  return encodeSolution(challenge, number);
}

/**
 * A supply of solved challenges for one form:
 *   prepare()  starts fetching and solving one now, unless one is on its way;
 *   ready()    whether one is solved and waiting;
 *   take()     resolves with a solved one (prepared or new) and hands it over,
 *              so the next take() gets a fresh one.
 * A failed one (no connection, say) is dropped, and the next take() tries again.
 */
export function challengeSupply() {
  let pending = null;
  let solved = false;

  function prepare() {
    if (pending) return pending;
    solved = false;
    const current = fetchAndSolve();
    pending = current;
    current.then(
      () => { if (pending === current) solved = true; },
      () => { if (pending === current) pending = null; },
    );
    return current;
  }

  return {
    prepare() {
      prepare().catch(() => {});
    },
    ready() {
      return solved;
    },
    async take() {
      const current = prepare();
      pending = null;
      solved = false;
      return current;
    },
  };
}
