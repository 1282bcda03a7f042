// Submission: the confirmation listing what is unanswered, the request body,
// and sending it until the server takes it (retrying while offline).

import { h } from '../../../shared/dom.js';
import { api } from '../../api.js';
import { confirmDialog } from '../../ui.js';

const MAX_SUBMIT_ANSWERS = 100;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** «Nộp bài?» with the unanswered questions and a missing prediction; resolves true to submit. */
export function confirmSubmission({ questions, answers, predictionMissing }) {
  const total = questions.length;
  const unanswered = questions.map((q, i) => (answers[q.id] === undefined ? i + 1 : null)).filter((n) => n !== null);
  const content = [];
  if (unanswered.length) {
    content.push(h('p', null, h('strong', { text: `Bạn còn ${unanswered.length} câu chưa trả lời: ` }), unanswered.map((n) => `Câu ${n}`).join(', '), '.'));
    content.push(h('p', { text: 'Câu chưa trả lời được tính là sai.' }));
  } else {
    content.push(h('p', { text: `Bạn đã trả lời đủ ${total}/${total} câu.` }));
  }
  if (predictionMissing) content.push(h('p', { text: 'Bạn chưa trả lời câu hỏi dự đoán.' }));
  content.push(h('p', { text: 'Sau khi nộp, bạn không thể sửa câu trả lời.' }));
  return confirmDialog({ title: 'Nộp bài?', content, confirmText: 'Nộp bài', cancelText: 'Quay lại làm bài' });
}

/** Every answer (past 100, the unsent ones only) and the prediction when there is a valid one. */
export function submissionBody(journal, prediction) {
  const all = Object.assign({}, journal.answers);
  const body = { answers: Object.keys(all).length <= MAX_SUBMIT_ANSWERS ? all : Object.fromEntries(Object.entries(journal.pending()).slice(0, MAX_SUBMIT_ANSWERS)) };
  if (prediction !== undefined) body.prediction = prediction;
  return body;
}

/**
 * Sends `body` until the server takes it. A rejected answer set or
 * prediction is dropped and the rest sent again; a lost connection is retried
 * after 1, 2, 4 … 10 seconds (onRetry(seconds) says so).
 * Resolves { result } when submitted; { error } when the server refused;
 * { stopped: true } when the page went away or the session expired (the
 * login page takes over; the journal is kept).
 */
export async function sendSubmission(aid, body, { isDisposed, onRetry }) {
  let failures = 0;
  for (;;) {
    if (isDisposed()) return { stopped: true };
    try {
      const result = await api.submit(aid, body);
      if (isDisposed()) return { stopped: true };
      return { result };
    } catch (error) {
      if (isDisposed()) return { stopped: true };
      if (error.status === 401) return { stopped: true };
      if (!error.retryable) {
        if ((error.code === 'UNKNOWN_QUESTION' || error.code === 'UNKNOWN_OPTION') && Object.keys(body.answers).length) {
          body.answers = {};
          continue;
        }
        if (error.code === 'PREDICTION_NOT_ALLOWED' && body.prediction !== undefined) {
          delete body.prediction;
          continue;
        }
        return { error };
      }
      failures += 1;
      const wait = Math.min(10000, 1000 * 2 ** (failures - 1));
      onRetry(Math.round(wait / 1000));
      await sleep(wait);
    }
  }
}
