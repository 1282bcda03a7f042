// The attempt: one question at a time plus a grid, a countdown from the
// server's deadline, a visible save state, submission with a confirmation,
// and automatic submission when time runs out. The parts are in attempt/.

import { h, replace, announce } from '../../shared/dom.js';
import { closeAllDialogs, notice } from '../../shared/ui.js';
import { parseTime } from '../../shared/vietnam-time.js';
import { loadAttempt } from './attempt/load.js';
import { predictionSection } from './attempt/prediction.js';
import { answeredCount, progressMeter, questionCard, questionGrid } from './attempt/question.js';
import { openJournal, saveStateBox, startSyncing } from './attempt/save-state.js';
import { confirmSubmission, sendSubmission, submissionBody } from './attempt/submit.js';
import { attemptTimer } from './attempt/timer.js';
import { isPractice } from '../ui.js';

const AUTO_FLAG = (aid) => `cuocthi:auto-submitted:${aid}`;
const SUBMIT_HINT = 'Mỗi lựa chọn được lưu ngay trên máy này và gửi lên máy chủ theo từng đợt; khi nộp bài, mọi câu trả lời đều được gửi kèm. Bạn có thể nộp bài bất cứ lúc nào trước khi hết giờ.';

/** «Bài thi Tuần 1»; for a practice round «Bài thi thử» (with its name when that says more). */
function attemptTitle(round) {
  if (!round) return 'Bài thi';
  if (!isPractice(round)) return `Bài thi ${round.name}`;
  return /^\s*thi thử\s*$/i.test(round.name) ? 'Bài thi thử' : `Bài thi thử – ${round.name}`;
}

export async function renderAttempt(ctx) {
  const { contest, app, state } = ctx;
  const [aid] = ctx.params;
  const loaded = await loadAttempt(ctx, aid);
  if (!loaded) return undefined;
  const { view, offlineStart } = loaded;

  const questions = view.questions;
  const round = contest.rounds.find((r) => r.id === view.round_id);
  let submitting = false;
  let disposed = false;
  let timeIsUp = false;

  const saveState = saveStateBox();
  const journal = openJournal(aid, view, {
    onState: saveState.show,
    onClosed() {
      if (!submitting) finishedElsewhere();
    },
    onExternalChange() {
      card.render(false);
      refreshProgress();
    },
  });

  const timer = attemptTimer({ deadline: parseTime(view.deadline), startedAt: parseTime(view.started_at), onTimeUp: timeUp });
  const progress = progressMeter(questions.length);
  const banner = h('div', { class: 'banner-slot' });
  const card = questionCard(questions, {
    answers: () => journal.answers,
    locked: () => timeIsUp || submitting,
    onChoose(questionId, optionId) {
      journal.choose(questionId, optionId);
      refreshProgress();
    },
    onShown() {
      journal.setPosition(card.current());
      refreshProgress();
    },
    start: journal.position,
  });
  const grid = questionGrid(questions, (index) => card.show(index));
  const practice = isPractice(round);
  // A practice attempt is never ranked, so the prediction (a tie-break) has no place in it.
  const prediction = practice ? null : predictionSection(contest, journal);
  const submitButton = h('button', { type: 'button', class: 'button button-submit button-wide', text: 'Nộp bài' });
  submitButton.addEventListener('click', confirmSubmit);

  replace(
    app,
    h('div', { class: 'attempt-bar' }, timer.element, h('div', { class: 'attempt-bar-side' }, saveState.element, progress.element)),
    h('h1', { class: 'page-title attempt-title', tabindex: '-1', text: attemptTitle(round) }),
    practice ? h('p', { class: 'hint', text: 'Bài thi thử: không tính vào xếp hạng và giải thưởng. Nộp bài xong, bạn xem lại ngay đáp án và nguồn của từng câu.' }) : null,
    banner,
    card.element,
    grid.element,
    prediction ? prediction.element : null,
    h('div', { class: 'submit-area' }, submitButton, h('p', { class: 'hint', text: SUBMIT_HINT })),
  );

  function refreshProgress() {
    progress.show(answeredCount(questions, journal.answers));
    grid.show(journal.answers, card.current());
  }

  function setInputsDisabled(disabled) {
    card.setDisabled(disabled);
    if (prediction) prediction.input.disabled = disabled;
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

  async function confirmSubmit() {
    if (submitting || timeIsUp) return;
    if (prediction && !prediction.validate()) {
      prediction.input.focus();
      return;
    }
    const ok = await confirmSubmission({
      questions,
      answers: journal.answers,
      predictionMissing: prediction !== null && prediction.value() === undefined,
    });
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
    const outcome = await sendSubmission(aid, submissionBody(journal, prediction ? prediction.value() : undefined), {
      isDisposed: () => disposed,
      onRetry(seconds) {
        replace(
          banner,
          notice('error', h('p', { text: `Chưa nộp được bài vì mất kết nối. Đang thử lại sau ${seconds} giây… Câu trả lời vẫn được giữ trên máy.` })),
        );
      },
    });
    if (outcome.result) {
      journal.discard();
      try {
        if (auto) sessionStorage.setItem(AUTO_FLAG(aid), '1');
      } catch (blocked) {
        /* the flag only changes a sentence on the result page */
      }
      state.stash = { submitted: outcome.result, attemptId: aid, auto };
      announce('Đã nộp bài.');
      ctx.navigate(`/ket-qua/${aid}`, { replaceHistory: true });
    } else if (outcome.error) {
      replace(banner, notice('error', h('p', { text: outcome.error.message })));
      submitting = false;
      if (!timeIsUp) setInputsDisabled(false);
      submitButton.textContent = 'Nộp bài';
    }
  }

  timer.start();
  card.render(false);
  timer.tick();
  startSyncing(journal, offlineStart);

  return () => {
    disposed = true;
    timer.stop();
    if (!submitting) journal.flushKeepalive();
    journal.stop();
  };
}
