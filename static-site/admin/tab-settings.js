// Cài đặt cuộc thi: the contest's settings in the contest-file shape. Round
// times are typed in Vietnam time; moving a round that already has results
// asks for confirmation (the server answers 409 CONFIRMATION_REQUIRED).
// The form's parts are those of contest-form.js, plus the prediction question.
// Each round shows how many approved questions its attempts draw from.
// Contact, personal data (controller, retention, the privacy notice with
// the one in force shown under it) are edited here too.

import { h, replace, announce, nextId } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { askDialog, busy, liveNotice } from '../shared/ui.js';
import { api, ApiError } from './api.js';
import {
  DEFAULT_TIE_BREAKS, contactFieldset, fairPlayFieldset, generalFieldset, limitsFieldset, onContestSubmit, privacyFieldset,
  prizesFieldset, roundsFieldset, tieBreaksFieldset,
} from './contest-form.js';
import { erasureSentence, field, focusFirst } from './ui.js';
import { paperworkFieldset } from './paperwork-form.js';

/** «Câu hỏi dự đoán»: whether there is one, and its text. */
function predictionFieldset(contest) {
  const hasPrediction = h('input', { type: 'checkbox', id: nextId('pred'), checked: Boolean(contest.prediction_question) });
  const prediction = h('textarea', { name: 'prediction_question', rows: '2', maxlength: '500' });
  prediction.value = contest.prediction_question || '';
  const predictionField = field('Nội dung câu hỏi dự đoán', prediction, 'Số thật để so sánh là số người đạt điểm tuyệt đối trong tuần.');
  const syncPrediction = () => { predictionField.field.hidden = !hasPrediction.checked; };
  hasPrediction.addEventListener('change', syncPrediction);
  syncPrediction();
  const element = h('fieldset', { class: 'card' },
    h('legend', null, 'Câu hỏi dự đoán'),
    h('div', { class: 'check' }, hasPrediction, h('label', { for: hasPrediction.id }, 'Có câu hỏi dự đoán (câu hỏi phụ để xét khi bằng điểm)')),
    predictionField.field,
  );
  return {
    element,
    values: () => ({ prediction_question: hasPrediction.checked && prediction.value.trim() ? prediction.value.trim() : null }),
    problems: () => (hasPrediction.checked && !prediction.value.trim() ? ['Chưa nhập nội dung câu hỏi dự đoán.'] : []),
  };
}

/**
 * Contest settings this form does not show, sent back as stored. (The key
 * corrections are kept by the server itself and are not settings.)
 */
const KEPT_AS_STORED = ['leaderboard_shards'];

/** "Ngân hàng cho tuần này: 62 câu đã duyệt", with a warning when fewer than one attempt draws (and the round is not over). */
function poolNote(approved, perAttempt, status) {
  const text = `Ngân hàng cho tuần này: ${formatNumber(approved)} câu đã duyệt.`;
  if (!(approved < perAttempt) || status === 'closed') return { text };
  return { text: `${text} Chưa đủ ${formatNumber(perAttempt)} câu cho một lượt thi: người dự thi chưa thể bắt đầu làm bài.`, warning: true };
}

/** After «CONFIRMATION_REQUIRED»: moving a round that already has results. */
function confirmMovingRounds(message) {
  return askDialog({
    title: 'Xác nhận đổi tuần thi đã có người dự thi',
    body: h('p', null, `${message} Người dự thi đã được thông báo lịch cũ; kết quả đã nộp vẫn được giữ.`),
    buttons: [
      { text: 'Vẫn lưu thay đổi', class: 'button button-danger', value: true },
      { text: 'Hủy', class: 'button button-quiet', value: false },
    ],
    restoreFocus: true,
  });
}

function buildForm(ctx, container) {
  const { contest, round_status: roundStatus = [], questions = {}, pools = [] } = ctx.detail;
  const perAttempt = (contest.limits || {}).questions_per_attempt;
  const general = generalFieldset({ contest, descriptionRows: '5', rulesRows: '10' });
  const limits = limitsFieldset(contest.limits || {}, { perAttemptHint: `Ngân hàng có ${formatNumber(questions.approved)} câu đã duyệt.` });
  const rounds = roundsFieldset({
    rounds: contest.rounds || [],
    statusById: new Map(roundStatus.map((r) => [r.id, r.status])),
    noteById: new Map(pools.map((p) => [p.round_id, poolNote(p.approved, perAttempt, (roundStatus.find((r) => r.id === p.round_id) || {}).status)])),
    removedMessage: 'Đã bỏ tuần thi khỏi biểu mẫu; bấm «Lưu cài đặt» để lưu.',
  });
  const prediction = predictionFieldset(contest);
  const fairPlay = fairPlayFieldset(contest);
  const contact = contactFieldset(contest.contact || {});
  const privacy = privacyFieldset({
    contest,
    currentNotice: ctx.detail.privacy_notice || '',
    noticeVersion: ctx.detail.privacy_notice_version || '',
    eraseNote: erasureSentence(ctx.detail),
  });
  const prizes = prizesFieldset({ prizes: contest.prizes || undefined, onePrizePerPerson: contest.one_prize_per_person !== false });
  const ties = tieBreaksFieldset(contest.tie_breaks || DEFAULT_TIE_BREAKS);
  const paperwork = paperworkFieldset(contest);

  const status = h('div', { class: 'form-status' });
  const save = h('button', { type: 'submit', class: 'button', 'data-write': true }, 'Lưu cài đặt');

  const form = h(
    'form',
    { class: 'settings-form', novalidate: true },
    h('p', { class: 'muted' }, `Mã cuộc thi: ${contest.id}. Mọi thay đổi được ghi vào Nhật ký.`),
    general.element,
    limits.element,
    rounds.element,
    prediction.element,
    fairPlay.element,
    prizes.element,
    ties.element,
    contact.element,
    paperwork.element,
    privacy.element,
    status,
    h('div', { class: 'actions sticky-actions' }, save),
  );

  // Settings this form does not show go back as stored, so that saving it
  // never resets them (a PUT replaces the whole settings).
  const kept = {};
  for (const key of KEPT_AS_STORED) if (contest[key] !== undefined) kept[key] = contest[key];
  // Object.assign, not object spread: the page parses as ES2017.
  const collect = () => Object.assign(
    { id: contest.id },
    kept,
    general.values(),
    limits.values(),
    { rounds: rounds.values() },
    prediction.values(),
    fairPlay.values(),
    prizes.values(),
    ties.values(),
    contact.values(),
    paperwork.values(),
    privacy.values(),
  );

  const localProblems = (settings) => [].concat(
    general.problems(settings),
    limits.problems(settings),
    rounds.problems(settings),
    prediction.problems(),
    fairPlay.problems(settings),
    contact.problems(settings),
    paperwork.problems(settings),
    privacy.problems(settings),
  );

  async function saveSettings(settings) {
    await busy(save, async () => {
      try {
        // Organizations are edited in their own section: send the stored list.
        const fresh = await api.contest(ctx.cid);
        settings.organizations = fresh.contest.organizations;
        try {
          await api.saveContest(ctx.cid, settings);
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 'CONFIRMATION_REQUIRED')) throw error;
          if (!(await confirmMovingRounds(error.message))) {
            replace(status, liveNotice('info', 'Chưa lưu: bạn đã hủy thay đổi thời gian tuần thi.'));
            return;
          }
          await api.saveContest(ctx.cid, settings, true);
        }
        await ctx.reloadDetail();
        buildForm(ctx, container);
        const done = container.querySelector('.form-status');
        replace(done, liveNotice('success', 'Đã lưu cài đặt cuộc thi.'));
        focusFirst(container, 'button[type="submit"]');
        announce('Đã lưu cài đặt cuộc thi.');
      } catch (error) {
        replace(status, liveNotice('error', error.message));
      }
    }, 'Đang lưu…');
  }

  onContestSubmit(form, { collect, problems: localProblems, status, lead: 'Chưa lưu được:', send: saveSettings });
  replace(container, form);
}

export async function render(ctx) {
  const container = h('div');
  buildForm(ctx, container);
  return container;
}
