// The attempt: one question at a time plus a grid, a countdown from the
// server's deadline, a visible save state, submission with a confirmation,
// and automatic submission when time runs out.

import { api, contestId } from '../api.js';
import { h, replace, announce, nextId } from '../../shared/dom.js';
import { formatClock } from '../../shared/format.js';
import { closeAllDialogs, notice } from '../../shared/ui.js';
import { parseTime } from '../../shared/vietnam-time.js';
import { serverNow, offsetFromDevice, restoreOffset } from '../clock.js';
import { AnswerJournal, readJournal, discardJournal } from '../journal.js';
import { confirmDialog } from '../ui.js';

const SAVE_TEXT = {
  sent: 'Đã gửi lên máy chủ',
  local: 'Đã lưu trên máy này — sẽ gửi lên máy chủ',
  sending: 'Đang gửi lên máy chủ…',
  offline: 'Mất kết nối — câu trả lời được giữ trên máy',
};
const MAX_SUBMIT_ANSWERS = 100;
const AUTO_FLAG = (aid) => `cuocthi:auto-submitted:${aid}`;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function renderAttempt(ctx) {
  const { contest, app, state } = ctx;
  const [aid] = ctx.params;

  // 1. The attempt: handed over by "Bắt đầu", fetched, or (offline) from the journal.
  let view = null;
  let offlineStart = false;
  if (state.stash && state.stash.attempt_id === aid) {
    view = state.stash;
    state.stash = null;
  } else {
    try {
      view = await api.attempt(aid);
    } catch (error) {
      const cached = readJournal(contestId, aid);
      if (!error.retryable || !cached || !cached.attempt) throw error;
      restoreOffset(cached.offset);
      view = { ...cached.attempt, status: 'in_progress', answers: null };
      offlineStart = true;
    }
  }
  if (!ctx.isCurrent()) return undefined;
  if (view.status !== 'in_progress') {
    discardJournal(contestId, aid);
    ctx.navigate(`/ket-qua/${aid}`, { replaceHistory: true });
    return undefined;
  }

  const questions = view.questions;
  const total = questions.length;
  const deadline = parseTime(view.deadline);
  const round = contest.rounds.find((r) => r.id === view.round_id);
  let current = 0;
  let submitting = false;
  let disposed = false;
  let timeIsUp = false;

  // 2. The journal, merged with what the server has.
  const saveText = h('span', { class: 'save-text' });
  const saveBox = h('p', { class: 'save-state', dataset: { state: 'sent' } }, h('span', { class: 'save-icon', 'aria-hidden': 'true' }), saveText);
  let lastState = 'sent';
  const journal = new AnswerJournal(contestId, aid, {
    onState(stateName) {
      saveBox.dataset.state = stateName;
      saveText.textContent = SAVE_TEXT[stateName];
      if (stateName === 'offline' && lastState !== 'offline') announce(SAVE_TEXT.offline);
      if (stateName !== 'offline' && lastState === 'offline') {
        announce(stateName === 'sent' ? 'Đã kết nối lại. Mọi câu trả lời đã được gửi lên máy chủ.' : 'Đã kết nối lại.');
      }
      lastState = stateName;
    },
    onClosed() {
      if (!submitting) finishedElsewhere();
    },
    onExternalChange() {
      renderQuestion(false);
      refreshProgress();
    },
  });
  journal.cacheAttempt(view);
  journal.data.offset = offsetFromDevice();
  journal.persist();
  if (view.answers) journal.reconcile(view.answers, questions);
  const answers = () => journal.answers;

  // 3. The page.
  const timerValue = h('span', { class: 'timer-value', role: 'timer', 'aria-live': 'off' });
  const timerBox = h('div', { class: 'timer' }, h('span', { class: 'timer-label', text: 'Còn lại' }), timerValue);
  const progressText = h('span', { class: 'progress-text' });
  const progressFill = h('span', { class: 'bar-fill' });
  const progressBar = h('span', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(total), 'aria-label': 'Số câu đã trả lời' }, progressFill);
  const banner = h('div', { class: 'banner-slot' });

  const questionTitleId = nextId('question-title');
  const questionNumber = h('span', { class: 'question-number' });
  const questionText = h('span', { class: 'question-text' });
  const options = h('div', { class: 'options' });
  const fieldset = h(
    'fieldset',
    { class: 'question' },
    h('legend', { id: questionTitleId, tabindex: '-1' }, questionNumber, questionText),
    options,
  );
  const prevButton = h('button', { type: 'button', class: 'button button-secondary' }, h('span', { 'aria-hidden': 'true', text: '← ' }), 'Câu trước');
  const nextButton = h('button', { type: 'button', class: 'button button-primary' }, 'Câu tiếp', h('span', { 'aria-hidden': 'true', text: ' →' }));
  prevButton.addEventListener('click', () => go(current - 1));
  nextButton.addEventListener('click', () => go(current + 1));

  const gridButtons = questions.map((q, index) => {
    const b = h('button', { type: 'button', class: 'grid-button', text: String(index + 1) });
    b.addEventListener('click', () => go(index));
    return b;
  });

  let predictionSection = null;
  let predictionInput = null;
  let predictionError = null;
  if (contest.prediction_question) {
    const pid = nextId('prediction');
    predictionError = h('p', { class: 'field-error', id: `${pid}-error`, hidden: true });
    predictionInput = h('input', {
      id: pid,
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      maxlength: '10',
      class: 'short',
      value: journal.prediction ?? '',
      'aria-describedby': `${pid}-hint ${pid}-error`,
    });
    predictionInput.addEventListener('input', () => {
      journal.setPrediction(predictionInput.value.trim());
      validatePrediction();
    });
    predictionSection = h(
      'section',
      { class: 'prediction card', 'aria-labelledby': `${pid}-title` },
      h('h2', { id: `${pid}-title`, text: 'Câu hỏi dự đoán' }),
      h('label', { for: pid, text: contest.prediction_question }),
      h('p', { class: 'hint', id: `${pid}-hint`, text: 'Nhập một số nguyên (ví dụ 25). Câu này dùng để xếp hạng khi bằng điểm và thời gian.' }),
      predictionInput,
      predictionError,
    );
  }

  const submitButton = h('button', { type: 'button', class: 'button button-submit button-wide', text: 'Nộp bài' });
  submitButton.addEventListener('click', confirmSubmit);

  replace(
    app,
    h(
      'div',
      { class: 'attempt-bar' },
      timerBox,
      h('div', { class: 'attempt-bar-side' }, saveBox, h('div', { class: 'progress' }, progressText, progressBar)),
    ),
    h('h1', { class: 'page-title attempt-title', tabindex: '-1', text: `Bài thi ${round ? round.name : ''}`.trim() }),
    banner,
    h('div', { class: 'card question-card' }, fieldset, h('div', { class: 'question-nav' }, prevButton, nextButton)),
    h(
      'nav',
      { class: 'card grid-card', 'aria-labelledby': 'grid-title' },
      h('h2', { id: 'grid-title', text: 'Danh sách câu hỏi' }),
      h('p', { class: 'grid-legend hint' }, h('span', { class: 'legend-answered', 'aria-hidden': 'true' }), ' Đã trả lời ', h('span', { class: 'legend-empty', 'aria-hidden': 'true' }), ' Chưa trả lời'),
      h('ol', { class: 'grid' }, gridButtons.map((b) => h('li', null, b))),
    ),
    predictionSection,
    h('div', { class: 'submit-area' }, submitButton, h('p', { class: 'hint', text: 'Mỗi lựa chọn được lưu ngay trên máy này và gửi lên máy chủ theo từng đợt; khi nộp bài, mọi câu trả lời đều được gửi kèm. Bạn có thể nộp bài bất cứ lúc nào trước khi hết giờ.' })),
  );

  function validatePrediction() {
    if (!predictionInput) return true;
    const value = predictionInput.value.trim();
    const ok = value === '' || (/^\d{1,10}$/.test(value) && Number(value) <= 4294967295);
    if (ok) predictionInput.removeAttribute('aria-invalid');
    else predictionInput.setAttribute('aria-invalid', 'true');
    predictionError.hidden = ok;
    predictionError.textContent = ok ? '' : 'Vui lòng nhập một số nguyên không âm, ví dụ 25.';
    return ok;
  }

  function predictionValue() {
    if (!predictionInput) return undefined;
    const value = predictionInput.value.trim();
    return /^\d{1,10}$/.test(value) && Number(value) <= 4294967295 ? Number(value) : undefined;
  }

  function answeredCount() {
    return questions.filter((q) => answers()[q.id] !== undefined).length;
  }

  function refreshProgress() {
    const count = answeredCount();
    progressText.textContent = `Đã trả lời ${count}/${total} câu`;
    progressFill.style.setProperty('width', `${total ? (count / total) * 100 : 0}%`);
    progressBar.setAttribute('aria-valuenow', String(count));
    progressBar.setAttribute('aria-valuetext', `${count}/${total} câu`);
    questions.forEach((q, index) => {
      const answered = answers()[q.id] !== undefined;
      const b = gridButtons[index];
      b.classList.toggle('answered', answered);
      b.setAttribute('aria-label', `Câu ${index + 1}, ${answered ? 'đã trả lời' : 'chưa trả lời'}`);
      if (index === current) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
    });
  }

  function renderQuestion(focus) {
    const q = questions[current];
    questionNumber.textContent = `Câu ${current + 1}/${total}`;
    questionText.textContent = q.text;
    const name = `q-${q.id}`;
    replace(
      options,
      q.options.map((option, index) => {
        const id = `${name}-${index}`;
        const input = h('input', {
          type: 'radio',
          name,
          id,
          value: option.id,
          checked: answers()[q.id] === option.id,
          disabled: timeIsUp || submitting,
        });
        input.addEventListener('change', () => {
          if (input.checked && !timeIsUp && !submitting) {
            journal.choose(q.id, option.id);
            refreshProgress();
          }
        });
        return h('div', { class: 'option' }, input, h('label', { for: id }, h('span', { class: 'option-letter', 'aria-hidden': 'true', text: `${String.fromCharCode(65 + index)}.` }), h('span', { class: 'option-text', text: option.text })));
      }),
    );
    prevButton.disabled = current === 0;
    nextButton.disabled = current === total - 1;
    refreshProgress();
    if (focus) fieldset.querySelector('legend').focus();
  }

  function go(index) {
    if (index < 0 || index >= total) return;
    current = index;
    renderQuestion(true);
  }

  // 4. Time.
  let lastShown = '';
  let warned5 = false;
  let warned1 = false;
  function tick() {
    if (disposed) return;
    const remaining = deadline - serverNow();
    const text = formatClock(remaining);
    if (text !== lastShown) {
      lastShown = text;
      timerValue.textContent = text;
      timerBox.classList.toggle('timer-warn', remaining <= 5 * 60000 && remaining > 60000);
      timerBox.classList.toggle('timer-danger', remaining <= 60000);
      timerValue.setAttribute('aria-label', `Thời gian còn lại ${text}`);
    }
    if (!warned5 && remaining <= 5 * 60000 && remaining > 4 * 60000 && deadline - parseTime(view.started_at) > 10 * 60000) {
      warned5 = true;
      announce('Còn 5 phút làm bài.');
    }
    if (!warned1 && remaining <= 60000 && remaining > 50000 && deadline - parseTime(view.started_at) > 3 * 60000) {
      warned1 = true;
      announce('Còn 1 phút làm bài.');
    }
    if (remaining <= 0 && !timeIsUp) timeUp();
  }
  const timer = setInterval(tick, 250);
  const onVisible = () => { if (document.visibilityState === 'visible') tick(); };
  document.addEventListener('visibilitychange', onVisible);

  function setInputsDisabled(disabled) {
    for (const input of options.querySelectorAll('input')) input.disabled = disabled;
    if (predictionInput) predictionInput.disabled = disabled;
    submitButton.disabled = disabled;
  }

  function timeUp() {
    timeIsUp = true;
    closeAllDialogs();
    setInputsDisabled(true);
    replace(banner, notice('warning', h('p', { text: 'Đã hết giờ làm bài. Hệ thống đang tự động nộp bài…' })));
    announce('Đã hết giờ làm bài. Hệ thống đang tự động nộp bài.');
    submitNow(true);
  }

  function finishedElsewhere() {
    // The server closed the attempt (submitted on another device, or too late).
    if (disposed) return;
    journal.discard();
    ctx.navigate(`/ket-qua/${aid}`, { replaceHistory: true });
  }

  // 5. Submission.
  async function confirmSubmit() {
    if (submitting || timeIsUp) return;
    if (!validatePrediction()) {
      predictionInput.focus();
      return;
    }
    const unanswered = questions.map((q, i) => (answers()[q.id] === undefined ? i + 1 : null)).filter((n) => n !== null);
    const content = [];
    if (unanswered.length) {
      content.push(h('p', null, h('strong', { text: `Bạn còn ${unanswered.length} câu chưa trả lời: ` }), unanswered.map((n) => `Câu ${n}`).join(', '), '.'));
      content.push(h('p', { text: 'Câu chưa trả lời được tính là sai.' }));
    } else {
      content.push(h('p', { text: `Bạn đã trả lời đủ ${total}/${total} câu.` }));
    }
    if (predictionInput && predictionValue() === undefined) content.push(h('p', { text: 'Bạn chưa trả lời câu hỏi dự đoán.' }));
    content.push(h('p', { text: 'Sau khi nộp, bạn không thể sửa câu trả lời.' }));
    const ok = await confirmDialog({ title: 'Nộp bài?', content, confirmText: 'Nộp bài', cancelText: 'Quay lại làm bài' });
    if (disposed || timeIsUp) return;
    if (ok) submitNow(false);
    else submitButton.focus();
  }

  async function submitNow(auto) {
    if (submitting) return;
    submitting = true;
    setInputsDisabled(true);
    submitButton.textContent = 'Đang nộp bài…';
    journal.stop();
    const all = { ...answers() };
    const body = { answers: Object.keys(all).length <= MAX_SUBMIT_ANSWERS ? all : Object.fromEntries(Object.entries(journal.pending()).slice(0, MAX_SUBMIT_ANSWERS)) };
    const prediction = predictionValue();
    if (prediction !== undefined) body.prediction = prediction;
    let failures = 0;
    for (;;) {
      if (disposed) return;
      try {
        const result = await api.submit(aid, body);
        if (disposed) return;
        journal.discard();
        try {
          if (auto) sessionStorage.setItem(AUTO_FLAG(aid), '1');
        } catch {
          /* the flag only changes a sentence on the result page */
        }
        state.stash = { submitted: result, attemptId: aid, auto };
        announce('Đã nộp bài.');
        ctx.navigate(`/ket-qua/${aid}`, { replaceHistory: true });
        return;
      } catch (error) {
        if (disposed) return;
        if (error.status === 401) return; // the login page takes over; the journal is kept
        if (!error.retryable) {
          if ((error.code === 'UNKNOWN_QUESTION' || error.code === 'UNKNOWN_OPTION') && Object.keys(body.answers).length) {
            body.answers = {};
            continue;
          }
          if (error.code === 'PREDICTION_NOT_ALLOWED' && body.prediction !== undefined) {
            delete body.prediction;
            continue;
          }
          replace(banner, notice('error', h('p', { text: error.message })));
          submitting = false;
          if (!timeIsUp) setInputsDisabled(false);
          submitButton.textContent = 'Nộp bài';
          return;
        }
        failures += 1;
        const wait = Math.min(10000, 1000 * 2 ** (failures - 1));
        replace(
          banner,
          notice('error', h('p', { text: `Chưa nộp được bài vì mất kết nối. Đang thử lại sau ${Math.round(wait / 1000)} giây… Câu trả lời vẫn được giữ trên máy.` })),
        );
        await sleep(wait);
      }
    }
  }

  renderQuestion(false);
  tick();
  if (offlineStart) {
    journal.failures = 1;
    journal.notify();
    journal.schedule(0, true);
  } else {
    journal.notify();
    journal.plan();
  }

  return () => {
    disposed = true;
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
    if (!submitting) journal.flushKeepalive();
    journal.stop();
  };
}
