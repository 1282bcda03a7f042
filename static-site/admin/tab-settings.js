// Cài đặt cuộc thi: the contest's settings in the contest-file shape. Round
// times are typed in Vietnam time; moving a round that already has results
// asks for confirmation (the server answers 409 CONFIRMATION_REQUIRED).

import { h, replace, announce, nextId } from '../shared/dom.js';
import { describeSeconds, formatNumber } from '../shared/format.js';
import { askDialog, busy, liveNotice, statusBadge } from '../shared/ui.js';
import { toVietnamInput, fromVietnamInput } from '../shared/vietnam-time.js';
import { api, ApiError } from './api.js';
import { field } from './ui.js';

const TIE_BREAKS = {
  score: 'Điểm số (nhiều câu đúng hơn xếp trên)',
  prediction_distance: 'Dự đoán gần đúng hơn (nếu có câu hỏi dự đoán)',
  duration: 'Thời gian làm bài ít hơn',
  submitted_at: 'Nộp bài sớm hơn',
};

export function numberInput(name, value, min, max) {
  return h('input', { type: 'number', name, value: String(value ?? ''), min: String(min), max: String(max), step: '1', inputmode: 'numeric', required: true });
}

/**
 * One round's fields in a fieldset; `box.collect()` gives the round in the
 * contest-file shape. The id is editable only for a round not yet saved
 * (`editableId` forces that for a pre-filled new round).
 */
export function roundEditor(round, status, onRemove, { editableId = false } = {}) {
  const isNew = editableId || !round.id;
  const idInput = h('input', {
    type: 'text',
    name: 'round-id',
    value: round.id || '',
    required: true,
    pattern: '[a-z0-9_][a-z0-9_-]*',
    readonly: isNew ? undefined : true,
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  const name = h('input', { type: 'text', name: 'round-name', value: round.name || '', required: true, maxlength: '100' });
  const opens = h('input', { type: 'datetime-local', name: 'round-opens', value: toVietnamInput(round.opens_at), required: true });
  const closes = h('input', { type: 'datetime-local', name: 'round-closes', value: toVietnamInput(round.closes_at), required: true });
  // Keep the stored value exactly when the field is untouched, so saving
  // other settings never counts as moving the round.
  opens.dataset.original = round.opens_at || '';
  opens.dataset.originalLocal = opens.value;
  closes.dataset.original = round.closes_at || '';
  closes.dataset.originalLocal = closes.value;
  const legendText = round.name || 'Tuần thi mới';
  const remove = h('button', { type: 'button', class: 'button button-quiet button-small' }, `Xóa ${legendText}`);
  const box = h(
    'fieldset',
    { class: 'round-editor' },
    h('legend', null, legendText, status ? statusBadge(status) : null),
    h(
      'div',
      { class: 'grid-4' },
      field('Mã tuần thi', idInput, isNew ? 'Chữ thường không dấu, số, gạch ngang; ví dụ tuan-5.' : 'Không đổi được.').field,
      field('Tên tuần thi', name).field,
      field('Mở lúc (giờ Việt Nam)', opens).field,
      field('Đóng lúc (giờ Việt Nam)', closes).field,
    ),
    h('div', { class: 'actions' }, remove),
  );
  remove.addEventListener('click', () => onRemove(box));
  box.collect = () => ({
    id: idInput.value.trim(),
    name: name.value.trim(),
    opens_at: opens.value === opens.dataset.originalLocal && opens.dataset.original ? opens.dataset.original : fromVietnamInput(opens.value),
    closes_at: closes.value === closes.dataset.originalLocal && closes.dataset.original ? closes.dataset.original : fromVietnamInput(closes.value),
  });
  box.focusFirst = () => (isNew ? idInput : name).focus();
  return box;
}

/** What is wrong with the rounds of a form, in words for the organizer. */
export function roundsProblems(rounds) {
  const problems = [];
  if (rounds.length === 0) problems.push('Cần ít nhất một tuần thi.');
  rounds.forEach((round, index) => {
    const name = round.name || `Tuần thi thứ ${index + 1}`;
    if (!round.id) problems.push(`${name}: chưa có mã tuần thi.`);
    if (!round.name) problems.push(`Tuần thi thứ ${index + 1}: chưa có tên.`);
    if (!round.opens_at || !round.closes_at) problems.push(`${name}: chưa nhập đủ thời gian mở và đóng.`);
    else if (new Date(round.opens_at) >= new Date(round.closes_at)) problems.push(`${name}: thời gian mở phải trước thời gian đóng.`);
  });
  return problems;
}

function tieBreakEditor(current) {
  // The order: score first (fixed), then the chosen links, then the unused ones.
  const order = ['score', ...current.filter((t) => t !== 'score'), ...Object.keys(TIE_BREAKS).filter((t) => !current.includes(t))];
  const used = new Set(current);
  used.add('score');
  const list = h('ol', { class: 'tie-breaks' });
  const status = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });

  function draw(focusKey, focusWhich) {
    replace(
      list,
      order.map((key, index) => {
        if (key === 'score') {
          return h('li', { class: 'tie-break fixed' }, h('span', { class: 'tie-label' }, TIE_BREAKS[key]), h('span', { class: 'muted' }, ' (luôn xét đầu tiên)'));
        }
        const id = nextId('tb');
        const checkbox = h('input', { type: 'checkbox', id, checked: used.has(key), dataset: { key } });
        checkbox.addEventListener('change', () => {
          if (checkbox.checked) used.add(key);
          else used.delete(key);
        });
        const up = h('button', { type: 'button', class: 'button button-quiet button-small', disabled: index <= 1, 'aria-label': `Đưa «${TIE_BREAKS[key]}» lên trên` }, '↑');
        const down = h('button', { type: 'button', class: 'button button-quiet button-small', disabled: index === order.length - 1, 'aria-label': `Đưa «${TIE_BREAKS[key]}» xuống dưới` }, '↓');
        const move = (delta, which) => {
          const target = index + delta;
          [order[index], order[target]] = [order[target], order[index]];
          draw(key, which);
          status.textContent = `«${TIE_BREAKS[key]}» đã chuyển sang vị trí ${target + 1}.`;
        };
        up.addEventListener('click', () => move(-1, 'up'));
        down.addEventListener('click', () => move(1, 'down'));
        const li = h('li', { class: 'tie-break' }, h('label', { for: id }, checkbox, ' ', TIE_BREAKS[key]), h('span', { class: 'tie-move' }, up, down));
        if (focusKey === key) setTimeout(() => ((focusWhich === 'up' && !up.disabled) || down.disabled ? up : down).focus(), 0);
        return li;
      }),
    );
  }
  draw();
  const element = h('div', null, list, status);
  return { element, values: () => order.filter((key) => used.has(key)) };
}

function buildForm(ctx, container) {
  const { contest, round_status: roundStatus = [], questions = {} } = ctx.detail;
  const limits = contest.limits || {};
  const statusById = new Map(roundStatus.map((r) => [r.id, r.status]));

  const title = h('input', { type: 'text', name: 'title', value: contest.title || '', required: true, maxlength: '200' });
  const description = h('textarea', { name: 'description', rows: '5' });
  description.value = contest.description || '';
  const rules = h('textarea', { name: 'rules', rows: '10' });
  rules.value = contest.rules || '';

  const timeLimit = numberInput('time_limit_seconds', limits.time_limit_seconds, 1, 14400);
  const grace = numberInput('grace_seconds', limits.grace_seconds, 0, 300);
  const perAttempt = numberInput('questions_per_attempt', limits.questions_per_attempt, 1, 200);
  const maxAttempts = numberInput('max_attempts_per_round', limits.max_attempts_per_round, 1, 100);
  const timeHint = h('span');
  const updateTimeHint = () => { timeHint.textContent = timeLimit.value ? `= ${describeSeconds(Number(timeLimit.value))}` : ''; };
  timeLimit.addEventListener('input', updateTimeHint);
  updateTimeHint();

  const roundsBox = h('div', { class: 'rounds' });
  const removeRound = (box) => {
    box.remove();
    announce('Đã bỏ tuần thi khỏi biểu mẫu; bấm «Lưu cài đặt» để lưu.');
    addRound.focus();
  };
  for (const round of contest.rounds || []) roundsBox.append(roundEditor(round, statusById.get(round.id), removeRound));
  const addRound = h('button', { type: 'button', class: 'button button-quiet' }, 'Thêm tuần thi');
  addRound.addEventListener('click', () => {
    const box = roundEditor({}, null, removeRound);
    roundsBox.append(box);
    box.focusFirst();
  });

  const hasPrediction = h('input', { type: 'checkbox', id: nextId('pred'), checked: Boolean(contest.prediction_question) });
  const prediction = h('textarea', { name: 'prediction_question', rows: '2', maxlength: '500' });
  prediction.value = contest.prediction_question || '';
  const predictionField = field('Nội dung câu hỏi dự đoán', prediction, 'Số thật để so sánh là số người đạt điểm tuyệt đối trong tuần.');
  const syncPrediction = () => { predictionField.field.hidden = !hasPrediction.checked; };
  hasPrediction.addEventListener('change', syncPrediction);
  syncPrediction();

  const prizes = contest.prizes || { first: 1, second: 1, third: 1 };
  const first = numberInput('prize_first', prizes.first, 0, 100);
  const second = numberInput('prize_second', prizes.second, 0, 100);
  const third = numberInput('prize_third', prizes.third, 0, 100);
  const onePrize = h('input', { type: 'checkbox', id: nextId('one'), checked: contest.one_prize_per_person !== false });
  const ties = tieBreakEditor(contest.tie_breaks || ['score', 'prediction_distance', 'duration', 'submitted_at']);

  const status = h('div', { class: 'form-status' });
  const save = h('button', { type: 'submit', class: 'button' }, 'Lưu cài đặt');

  const form = h(
    'form',
    { class: 'settings-form', novalidate: true },
    h('p', { class: 'muted' }, `Mã cuộc thi: ${contest.id}. Mọi thay đổi được ghi vào Nhật ký.`),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Thông tin chung'),
      field('Tên cuộc thi', title).field,
      field('Giới thiệu', description).field,
      field('Thể lệ', rules, 'Hiện trên trang dự thi; mỗi dòng một mục.').field,
    ),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Giới hạn mỗi lượt thi'),
      h('div', { class: 'grid-4' },
        h('div', null, field('Thời gian làm bài (giây)', timeLimit).field, h('p', { class: 'hint' }, timeHint)),
        field('Thời gian gia hạn khi nộp (giây)', grace, 'Bù độ trễ mạng; tối đa 300.').field,
        field('Số câu mỗi lượt', perAttempt, `Ngân hàng có ${formatNumber(questions.approved)} câu đã duyệt.`).field,
        field('Số lượt thi tối đa mỗi tuần', maxAttempts).field,
      ),
    ),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Các tuần thi (giờ Việt Nam)'),
      roundsBox,
      h('div', { class: 'actions' }, addRound),
    ),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Câu hỏi dự đoán'),
      h('div', { class: 'check' }, hasPrediction, h('label', { for: hasPrediction.id }, 'Có câu hỏi dự đoán (câu hỏi phụ để xét khi bằng điểm)')),
      predictionField.field,
    ),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Giải cá nhân mỗi tuần'),
      h('div', { class: 'grid-3' }, field('Số giải Nhất', first).field, field('Số giải Nhì', second).field, field('Số giải Ba', third).field),
      h('div', { class: 'check' }, onePrize, h('label', { for: onePrize.id }, 'Mỗi người chỉ nhận một giải cá nhân trong toàn cuộc thi')),
    ),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Thứ tự xét giải khi bằng điểm'),
      h('p', { class: 'hint' }, 'Đánh dấu tiêu chí được dùng và sắp thứ tự bằng các nút mũi tên.'),
      ties.element,
    ),
    status,
    h('div', { class: 'actions sticky-actions' }, save),
  );

  const collect = () => ({
    id: contest.id,
    title: title.value.trim(),
    description: description.value,
    rules: rules.value,
    time_limit_seconds: Number(timeLimit.value),
    grace_seconds: Number(grace.value),
    questions_per_attempt: Number(perAttempt.value),
    max_attempts_per_round: Number(maxAttempts.value),
    rounds: [...roundsBox.children].map((box) => box.collect()),
    prediction_question: hasPrediction.checked && prediction.value.trim() ? prediction.value.trim() : null,
    prizes: { first: Number(first.value), second: Number(second.value), third: Number(third.value) },
    one_prize_per_person: onePrize.checked,
    tie_breaks: ties.values(),
  });

  const localProblems = (settings) => {
    const problems = [];
    if (!settings.title) problems.push('Chưa nhập tên cuộc thi.');
    for (const [key, label] of [['time_limit_seconds', 'Thời gian làm bài'], ['grace_seconds', 'Thời gian gia hạn'], ['questions_per_attempt', 'Số câu mỗi lượt'], ['max_attempts_per_round', 'Số lượt thi tối đa']]) {
      if (!Number.isInteger(settings[key])) problems.push(`${label} phải là số nguyên.`);
    }
    problems.push(...roundsProblems(settings.rounds));
    if (hasPrediction.checked && !prediction.value.trim()) problems.push('Chưa nhập nội dung câu hỏi dự đoán.');
    return problems;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const settings = collect();
    const problems = localProblems(settings);
    if (problems.length) {
      replace(status, liveNotice('error', h('p', null, 'Chưa lưu được:'), h('ul', null, problems.map((p) => h('li', null, p)))));
      status.focus?.();
      return;
    }
    replace(status);
    await busy(save, async () => {
      try {
        // Organizations are edited in their own section: send the stored list.
        const fresh = await api.contest(ctx.cid);
        settings.organizations = fresh.contest.organizations;
        try {
          await api.saveContest(ctx.cid, settings);
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 'CONFIRMATION_REQUIRED')) throw error;
          const ok = await askDialog({
            title: 'Xác nhận đổi tuần thi đã có người dự thi',
            body: h('p', null, `${error.message} Người dự thi đã được thông báo lịch cũ; kết quả đã nộp vẫn được giữ.`),
            buttons: [
              { text: 'Vẫn lưu thay đổi', class: 'button button-danger', value: true },
              { text: 'Hủy', class: 'button button-quiet', value: false },
            ],
            restoreFocus: true,
          });
          if (!ok) {
            replace(status, liveNotice('info', 'Chưa lưu: bạn đã hủy thay đổi thời gian tuần thi.'));
            return;
          }
          await api.saveContest(ctx.cid, settings, true);
        }
        await ctx.reloadDetail();
        buildForm(ctx, container);
        const done = container.querySelector('.form-status');
        replace(done, liveNotice('success', 'Đã lưu cài đặt cuộc thi.'));
        container.querySelector('button[type="submit"]')?.focus();
        announce('Đã lưu cài đặt cuộc thi.');
      } catch (error) {
        replace(status, liveNotice('error', error.message));
      }
    }, 'Đang lưu…');
  });
  replace(container, form);
}

export async function render(ctx) {
  const container = h('div');
  buildForm(ctx, container);
  return container;
}
