// The answer journal of this attempt and the box that shows its save state
// («Đã lưu trên máy này — sẽ gửi lên máy chủ», «Đã gửi lên máy chủ», …).

import { contestId } from '../../api.js';
import { h, announce } from '../../../shared/dom.js';
import { offsetFromDevice } from '../../clock.js';
import { AnswerJournal } from '../../journal.js';

const SAVE_TEXT = {
  sent: 'Đã gửi lên máy chủ',
  local: 'Đã lưu trên máy này — sẽ gửi lên máy chủ',
  sending: 'Đang gửi lên máy chủ…',
  offline: 'Mất kết nối — câu trả lời được giữ trên máy',
};

/** The save-state line; show(state) updates it and announces losing and regaining the connection. */
export function saveStateBox() {
  const text = h('span', { class: 'save-text' });
  const element = h('p', { class: 'save-state', dataset: { state: 'sent' } }, h('span', { class: 'save-icon', 'aria-hidden': 'true' }), text);
  let lastState = 'sent';
  function show(stateName) {
    element.dataset.state = stateName;
    text.textContent = SAVE_TEXT[stateName];
    if (stateName === 'offline' && lastState !== 'offline') announce(SAVE_TEXT.offline);
    if (stateName !== 'offline' && lastState === 'offline') {
      announce(stateName === 'sent' ? 'Đã kết nối lại. Mọi câu trả lời đã được gửi lên máy chủ.' : 'Đã kết nối lại.');
    }
    lastState = stateName;
  }
  return { element, show };
}

/**
 * The journal of attempt `view`: it keeps the attempt (for an offline
 * reload) and the clock offset, and takes in what the server has saved.
 * callbacks: { onState, onClosed, onExternalChange } (see AnswerJournal).
 */
export function openJournal(aid, view, callbacks) {
  const journal = new AnswerJournal(contestId, aid, callbacks);
  journal.cacheAttempt(view);
  journal.data.offset = offsetFromDevice();
  journal.persist();
  if (view.answers) journal.reconcile(view.answers, view.questions);
  return journal;
}

/** Starts sending: at once after an offline start (shown as offline until it succeeds), else by the batching policy. */
export function startSyncing(journal, offlineStart) {
  if (offlineStart) {
    journal.failures = 1;
    journal.notify();
    journal.schedule(0, true);
  } else {
    journal.notify();
    journal.plan();
  }
}
