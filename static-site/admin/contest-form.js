// The parts of a contest's settings form, shared by «Tạo cuộc thi mới»
// (tab-create.js) and «Cài đặt cuộc thi» (tab-settings.js): general
// information, the limits of an attempt, fair play (live leaderboard,
// review of fast results, registration brakes), the rounds editor, the
// prizes, the tie-break order, and the organization fields (also used by
// «Đơn vị»).
// Each part gives { element, values() } in the contest-file shape, and
// problems() where it can check itself.

import { h, replace, announce, nextId } from '../shared/dom.js';
import { describeSeconds } from '../shared/format.js';
import { liveNotice, statusBadge } from '../shared/ui.js';
import { toVietnamInput, fromVietnamInput } from '../shared/vietnam-time.js';
import { field } from './ui.js';

export const ID_PATTERN = /^[a-z0-9_][a-z0-9_-]{0,63}$/;
export const DEFAULT_TIE_BREAKS = ['score', 'prediction_distance', 'duration', 'submitted_at'];

const TIE_BREAKS = {
  score: 'Điểm số (nhiều câu đúng hơn xếp trên)',
  prediction_distance: 'Dự đoán gần đúng hơn (nếu có câu hỏi dự đoán)',
  duration: 'Thời gian làm bài ít hơn',
  submitted_at: 'Nộp bài sớm hơn',
};

const card = (legend, ...children) => h('fieldset', { class: 'card' }, h('legend', null, legend), ...children);

export function numberInput(name, value, min, max) {
  return h('input', { type: 'number', name, value: value === null || value === undefined ? '' : String(value), min: String(min), max: String(max), step: '1', inputmode: 'numeric', required: true });
}

/**
 * On submit: the settings from collect(); if problems(settings) finds any,
 * they are listed in `status` under «lead» (and focused), otherwise `status`
 * is cleared and send(settings) runs.
 */
export function onContestSubmit(form, { collect, problems, status, lead, send }) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const settings = collect();
    const found = problems(settings);
    if (found.length) {
      replace(status, liveNotice('error', h('p', null, lead), h('ul', null, found.map((p) => h('li', null, p)))));
      status.focus();
      return;
    }
    replace(status);
    await send(settings);
  });
}

// ---- Thông tin chung ----

/**
 * Title, introduction and rules (textarea heights per form); idField(title),
 * when given, makes the field shown under the title (it may follow the title).
 */
export function generalFieldset({ contest = {}, idField = null, descriptionRows, rulesRows }) {
  const title = h('input', { type: 'text', name: 'title', value: contest.title || '', required: true, maxlength: '200' });
  const idNode = idField ? idField(title) : null;
  const description = h('textarea', { name: 'description', rows: descriptionRows });
  description.value = contest.description || '';
  const rules = h('textarea', { name: 'rules', rows: rulesRows });
  rules.value = contest.rules || '';
  const element = card(
    'Thông tin chung',
    field('Tên cuộc thi', title).field,
    idNode,
    field('Giới thiệu', description).field,
    field('Thể lệ', rules, 'Hiện trên trang dự thi; mỗi dòng một mục.').field,
  );
  return {
    element,
    title,
    values: () => ({ title: title.value.trim(), description: description.value, rules: rules.value }),
    problems: (settings) => (settings.title ? [] : ['Chưa nhập tên cuộc thi.']),
  };
}

// ---- Giới hạn mỗi lượt thi ----

const LIMITS = [
  ['time_limit_seconds', 'Thời gian làm bài'],
  ['grace_seconds', 'Thời gian gia hạn'],
  ['questions_per_attempt', 'Số câu mỗi lượt'],
  ['max_attempts_per_round', 'Số lượt thi tối đa'],
];

/** Time limit (with its length in words), grace, questions per attempt, attempts per round. */
export function limitsFieldset(limits, { perAttemptHint }) {
  const timeLimit = numberInput('time_limit_seconds', limits.time_limit_seconds, 1, 14400);
  const grace = numberInput('grace_seconds', limits.grace_seconds, 0, 300);
  const perAttempt = numberInput('questions_per_attempt', limits.questions_per_attempt, 1, 200);
  const maxAttempts = numberInput('max_attempts_per_round', limits.max_attempts_per_round, 1, 100);
  const timeHint = h('span');
  const updateTimeHint = () => { timeHint.textContent = timeLimit.value ? `= ${describeSeconds(Number(timeLimit.value))}` : ''; };
  timeLimit.addEventListener('input', updateTimeHint);
  updateTimeHint();
  const element = card(
    'Giới hạn mỗi lượt thi',
    h('div', { class: 'grid-4' },
      h('div', null, field('Thời gian làm bài (giây)', timeLimit).field, h('p', { class: 'hint' }, timeHint)),
      field('Thời gian gia hạn khi nộp (giây)', grace, 'Bù độ trễ mạng; tối đa 300.').field,
      field('Số câu mỗi lượt', perAttempt, perAttemptHint).field,
      field('Số lượt thi tối đa mỗi tuần', maxAttempts).field,
    ),
  );
  return {
    element,
    values: () => ({
      time_limit_seconds: Number(timeLimit.value),
      grace_seconds: Number(grace.value),
      questions_per_attempt: Number(perAttempt.value),
      max_attempts_per_round: Number(maxAttempts.value),
    }),
    problems: (settings) => LIMITS.filter(([key]) => !Number.isInteger(settings[key])).map(([, label]) => `${label} phải là số nguyên.`),
  };
}

// ---- Công bằng và chống gian lận ----

export const DEFAULT_MIN_SECONDS_PER_QUESTION = 3;

// Short enough for a 360-px select; the label says «trong khi tuần thi mở».
const LIVE_LEADERBOARD = [
  ['', 'Mặc định: ẩn nếu có câu dự đoán'],
  ['true', 'Hiện'],
  ['false', 'Ẩn, công bố khi tuần thi kết thúc'],
];

const PHONE_VERIFICATION = [
  ['none', 'Không xác minh'],
  ['sms', 'Gửi mã xác minh qua tin nhắn SMS'],
];

const options = (list, current) => list.map(([value, label]) => h('option', { value, selected: value === current }, label));

/**
 * The live leaderboard (default / shown / hidden while a round is open),
 * the review of fast results, the registration challenge and the phone
 * check, filled from `contest` (the defaults for a new one).
 */
export function fairPlayFieldset(contest = {}) {
  const live = contest.live_leaderboard === true || contest.live_leaderboard === false ? String(contest.live_leaderboard) : '';
  const board = h('select', { name: 'live_leaderboard' }, options(LIVE_LEADERBOARD, live));
  const minSeconds = numberInput(
    'min_seconds_per_question',
    Number.isInteger(contest.min_seconds_per_question) ? contest.min_seconds_per_question : DEFAULT_MIN_SECONDS_PER_QUESTION,
    0,
    600,
  );
  const challenge = h('input', { type: 'checkbox', id: nextId('challenge'), checked: contest.registration_challenge !== false });
  const phone = h('select', { name: 'phone_verification' }, options(PHONE_VERIFICATION, contest.phone_verification || 'none'));
  const element = card(
    'Công bằng và chống gian lận',
    h('div', { class: 'grid-2' },
      field('Bảng xếp hạng trong khi tuần thi mở', board, 'Khi có câu hỏi dự đoán, bảng xếp hạng công khai sẽ để lộ đáp án (số người đạt điểm tuyệt đối): nên ẩn đến khi tuần thi kết thúc.').field,
      field('Số giây tối thiểu mỗi câu', minSeconds, 'Bài làm xong nhanh hơn mức này (tính trung bình mỗi câu) chờ Ban Tổ chức xét duyệt trước khi được xếp hạng, xét giải. 0 = tắt.').field,
    ),
    h('div', { class: 'check' }, challenge, h('label', { for: challenge.id }, 'Xác minh chống đăng ký tự động (trình duyệt giải một phép tính ngắn trước khi gửi đăng ký)')),
    field('Xác minh số điện thoại khi đăng ký', phone, 'Với tin nhắn SMS, người đăng ký nhập mã 6 chữ số gửi đến số điện thoại của mình (có phí tin nhắn).').field,
  );
  return {
    element,
    values: () => ({
      live_leaderboard: board.value === '' ? null : board.value === 'true',
      min_seconds_per_question: Number(minSeconds.value),
      registration_challenge: challenge.checked,
      phone_verification: phone.value,
    }),
    problems: (settings) => {
      const n = settings.min_seconds_per_question;
      return Number.isInteger(n) && n >= 0 && n <= 600 ? [] : ['Số giây tối thiểu mỗi câu phải là số nguyên từ 0 đến 600.'];
    },
  };
}

// ---- lists of editors (rounds, organizations) ----

/**
 * A growing list of editors (fieldsets with collect() and focusFirst()):
 * make({ count, last, remove }) builds one; the «add» button appends one and
 * focuses it; removing one says `removedMessage` and focuses «add».
 */
function editorList({ boxClass, addLabel, removedMessage, make }) {
  const box = h('div', { class: boxClass });
  const add = h('button', { type: 'button', class: 'button button-quiet' }, addLabel);
  const remove = (editor) => {
    editor.remove();
    announce(removedMessage);
    add.focus();
  };
  const blank = () => make({ count: box.children.length, last: box.lastElementChild ? box.lastElementChild.collect() : null, remove });
  add.addEventListener('click', () => {
    const editor = blank();
    box.append(editor);
    editor.focusFirst();
  });
  return {
    box,
    actions: h('div', { class: 'actions' }, add),
    remove,
    appendBlank: () => box.append(blank()),
    values: () => [...box.children].map((editor) => editor.collect()),
  };
}

// ---- Các tuần thi ----

export const PRACTICE_LABEL = 'Thi thử — không xếp hạng, không giới hạn lượt';

/**
 * One round's fields in a fieldset; `box.collect()` gives the round in the
 * contest-file shape. The id is editable only for a round not yet saved
 * (`editableId` forces that for a pre-filled new round).
 */
export function roundEditor(round, status, onRemove, { editableId = false, note = null } = {}) {
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
  // A practice round (thi thử) is never ranked and has no attempt limit.
  const practice = h('input', { type: 'checkbox', id: nextId('practice'), name: 'round-practice', checked: round.practice === true });
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
    h('div', { class: 'check' }, practice, h('label', { for: practice.id }, PRACTICE_LABEL)),
    h('p', { class: 'hint' }, 'Thi thử chỉ rút đề từ các câu hỏi ghi riêng cho vòng này (ô «Dùng cho tuần thi» ở Ngân hàng câu hỏi); đáp án hiện ngay sau khi nộp bài.'),
    note ? h('p', { class: note.warning ? 'hint pool-note pool-short' : 'hint pool-note' }, note.text) : null,
    h('div', { class: 'actions' }, remove),
  );
  remove.addEventListener('click', () => onRemove(box));
  const kept = (input) => (input.value === input.dataset.originalLocal && input.dataset.original ? input.dataset.original : fromVietnamInput(input.value));
  box.collect = () => {
    const value = { id: idInput.value.trim(), name: name.value.trim(), opens_at: kept(opens), closes_at: kept(closes) };
    // Only a practice round says so: an ordinary round reads as it always did.
    if (practice.checked) value.practice = true;
    return value;
  };
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

/**
 * «Các tuần thi»: an editor per round of `rounds` (with its status badge and
 * its note from `noteById`, { text, warning }) and «Thêm tuần thi», which
 * adds newRound({ count, last, remove }) (by default an empty round).
 */
export function roundsFieldset({ rounds = [], statusById = new Map(), noteById = new Map(), removedMessage, newRound = ({ remove }) => roundEditor({}, null, remove) }) {
  const list = editorList({ boxClass: 'rounds', addLabel: 'Thêm tuần thi', removedMessage, make: newRound });
  for (const round of rounds) list.box.append(roundEditor(round, statusById.get(round.id), list.remove, { note: noteById.get(round.id) }));
  return {
    element: card('Các tuần thi (giờ Việt Nam)', list.box, list.actions),
    appendBlank: list.appendBlank,
    values: list.values,
    problems: (settings) => roundsProblems(settings.rounds),
  };
}

// ---- Đơn vị ----

export const ORGANIZATION_KINDS = {
  unit: 'Đơn vị — xếp hạng tập thể',
  open: 'Tự do — nhân dân, doanh nghiệp: chỉ giải cá nhân',
};

/**
 * The inputs of an organization (filled from `org` when given):
 * { id, name, group, kind, headcount }. The head count is required for a
 * unit, optional for an open organization.
 */
export function organizationInputs(org = null, { idRequired = false } = {}) {
  const kind = h('select', { name: 'org-kind' }, Object.keys(ORGANIZATION_KINDS).map((value) =>
    h('option', { value, selected: value === ((org && org.kind) || 'unit') }, ORGANIZATION_KINDS[value])));
  const headcount = h('input', { type: 'number', name: 'org-headcount', min: '1', step: '1', inputmode: 'numeric', value: org && org.headcount ? String(org.headcount) : '' });
  const follow = () => { headcount.required = kind.value === 'unit'; };
  kind.addEventListener('change', follow);
  follow();
  return {
    id: h('input', { type: 'text', name: 'org-id', required: idRequired, autocapitalize: 'none', spellcheck: 'false', pattern: '[a-z0-9_][a-z0-9_-]*' }),
    name: h('input', { type: 'text', name: 'org-name', required: true, maxlength: '200', value: org ? org.name : '' }),
    group: h('input', { type: 'text', name: 'org-group', maxlength: '100', value: org ? org.group || '' : '' }),
    kind,
    headcount,
  };
}

export const HEADCOUNT_LABEL = 'Số người (tổng số cán bộ)';
export const HEADCOUNT_HINT = 'Không bắt buộc với tổ chức tự do (không dùng để xếp hạng tập thể).';

/** The head count typed: a number, or null when left empty. */
export const typedHeadcount = (input) => (input.value.trim() === '' ? null : Number(input.value));

/** What is wrong with an organization's kind and head count (`label` names it), in words. */
export function headcountProblems({ kind, headcount }, label = '') {
  const missing = headcount === null || headcount === undefined;
  if ((missing && kind === 'open') || (Number.isInteger(headcount) && headcount >= 1)) return [];
  return [label ? `${label}: số người phải là số nguyên lớn hơn 0.` : 'Số người phải là số nguyên lớn hơn 0.'];
}

/** A new organization's fields; an empty id is made from the name by `slugify`. */
function organizationEditor(onRemove, slugify) {
  const { id, name, group, kind, headcount } = organizationInputs();
  const remove = h('button', { type: 'button', class: 'button button-quiet button-small' }, 'Bỏ đơn vị này');
  const legend = h('legend', null, 'Đơn vị mới');
  const box = h(
    'fieldset',
    { class: 'round-editor org-editor' },
    legend,
    h('div', { class: 'grid-4' },
      field('Tên đơn vị', name).field,
      field('Nhóm', group, 'Không bắt buộc; ví dụ: Phường, xã.').field,
      field('Loại', kind).field,
      field(HEADCOUNT_LABEL, headcount, HEADCOUNT_HINT).field,
      field('Mã đơn vị', id, 'Để trống để tạo từ tên đơn vị.').field,
    ),
    h('div', { class: 'actions' }, remove),
  );
  name.addEventListener('input', () => { legend.textContent = name.value.trim() || 'Đơn vị mới'; });
  remove.addEventListener('click', () => onRemove(box));
  box.collect = () => {
    const org = {
      id: id.value.trim() || slugify(name.value),
      name: name.value.trim(),
      group: group.value.trim(),
      kind: kind.value,
    };
    const count = typedHeadcount(headcount);
    if (count !== null) org.headcount = count;
    return org;
  };
  box.focusFirst = () => name.focus();
  return box;
}

/** «Đơn vị dự thi» of a new contest: one empty organization to begin with, and «Thêm đơn vị». */
export function organizationsFieldset({ slugify }) {
  const list = editorList({
    boxClass: 'organizations-editor',
    addLabel: 'Thêm đơn vị',
    removedMessage: 'Đã bỏ đơn vị khỏi biểu mẫu.',
    make: ({ remove }) => organizationEditor(remove, slugify),
  });
  list.appendBlank();
  const element = card(
    'Đơn vị dự thi',
    h('p', { class: 'hint' }, 'Cần ít nhất một đơn vị. Danh sách đầy đủ có thể nhập từ tệp Excel/CSV ở mục «Đơn vị» sau khi tạo.'),
    list.box,
    list.actions,
  );
  const problems = (settings) => {
    const found = [];
    if (settings.organizations.length === 0) found.push('Cần ít nhất một đơn vị.');
    settings.organizations.forEach((org, index) => {
      const name = org.name || `Đơn vị thứ ${index + 1}`;
      if (!org.name) found.push(`Đơn vị thứ ${index + 1}: chưa có tên.`);
      else if (!ID_PATTERN.test(org.id)) found.push(`${name}: mã đơn vị chỉ gồm chữ thường không dấu, số, gạch ngang.`);
      found.push(...headcountProblems(org, name));
    });
    return found;
  };
  return { element, values: list.values, problems };
}

// ---- Giải cá nhân mỗi tuần ----

/** How many first, second and third prizes per round, and the one-prize rule; `hint` under them. */
export function prizesFieldset({ prizes = { first: 1, second: 1, third: 1 }, onePrizePerPerson = true, hint = null }) {
  const first = numberInput('prize_first', prizes.first, 0, 100);
  const second = numberInput('prize_second', prizes.second, 0, 100);
  const third = numberInput('prize_third', prizes.third, 0, 100);
  const onePrize = h('input', { type: 'checkbox', id: nextId('one'), checked: onePrizePerPerson });
  const element = card(
    'Giải cá nhân mỗi tuần',
    h('div', { class: 'grid-3' }, field('Số giải Nhất', first).field, field('Số giải Nhì', second).field, field('Số giải Ba', third).field),
    h('div', { class: 'check' }, onePrize, h('label', { for: onePrize.id }, 'Mỗi người chỉ nhận một giải cá nhân trong toàn cuộc thi')),
    hint ? h('p', { class: 'hint' }, hint) : null,
  );
  return {
    element,
    values: () => ({
      prizes: { first: Number(first.value), second: Number(second.value), third: Number(third.value) },
      one_prize_per_person: onePrize.checked,
    }),
  };
}

// ---- Thứ tự xét giải khi bằng điểm ----

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
  return { element: h('div', null, list, status), values: () => order.filter((key) => used.has(key)) };
}

/** «Thứ tự xét giải khi bằng điểm»: which criteria count, in which order (score always first). */
export function tieBreaksFieldset(current = DEFAULT_TIE_BREAKS) {
  const editor = tieBreakEditor(current);
  const element = card(
    'Thứ tự xét giải khi bằng điểm',
    h('p', { class: 'hint' }, 'Đánh dấu tiêu chí được dùng và sắp thứ tự bằng các nút mũi tên.'),
    editor.element,
  );
  return { element, values: () => ({ tie_breaks: editor.values() }) };
}

// ---- Liên hệ Ban Tổ chức ----

// Light checks only; the server has the last word.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** «Liên hệ Ban Tổ chức»: the hotline and e-mail shown to participants. */
export function contactFieldset(contact = {}) {
  const hotline = h('input', { type: 'text', name: 'contact-hotline', value: contact.hotline || '', maxlength: '100', inputmode: 'tel', autocomplete: 'off' });
  const email = h('input', { type: 'email', name: 'contact-email', value: contact.email || '', maxlength: '200', autocomplete: 'off', spellcheck: 'false' });
  const element = card(
    'Liên hệ Ban Tổ chức',
    h('p', { class: 'hint' }, 'Hiện trên trang đăng nhập và trang hướng dẫn của người dự thi, để liên hệ khi quên mật khẩu hoặc gặp sự cố.'),
    h('div', { class: 'grid-2' },
      field('Số điện thoại đường dây nóng', hotline, 'Ghi như muốn hiển thị, ví dụ: 0233 3861 234 (giờ hành chính).').field,
      field('Thư điện tử', email, 'Ví dụ: cchc@quangtri.gov.vn').field,
    ),
  );
  return {
    element,
    values: () => ({ contact: { hotline: hotline.value.trim(), email: email.value.trim() } }),
    problems: (settings) => {
      const typed = settings.contact.email;
      return typed && !EMAIL_PATTERN.test(typed) ? [`Thư điện tử liên hệ «${typed}» không đúng định dạng.`] : [];
    },
  };
}

// ---- Bảo vệ dữ liệu cá nhân ----

export const DEFAULT_RETENTION_DAYS = 365;

/**
 * «Bảo vệ dữ liệu cá nhân»: who controls the data, how long it is kept,
 * and the notice people consent to when they register (empty: the one the
 * system writes from these settings, shown as `generatedNotice` when the
 * contest has none of its own).
 */
export function privacyFieldset({ contest = {}, currentNotice = '', noticeVersion = '', eraseNote = null }) {
  const controller = h('textarea', { name: 'data_controller', rows: '2', maxlength: '500' });
  controller.value = contest.data_controller || '';
  const retention = numberInput(
    'personal_data_retention_days',
    Number.isInteger(contest.personal_data_retention_days) ? contest.personal_data_retention_days : DEFAULT_RETENTION_DAYS,
    0,
    3650,
  );
  const notice = h('textarea', { name: 'privacy_notice', rows: '8', maxlength: '20000' });
  notice.value = contest.privacy_notice || '';
  const own = Boolean(contest.privacy_notice);
  const preview = currentNotice
    ? h('details', { class: 'notice-preview' },
        h('summary', null, own ? `Thông báo đang áp dụng (phiên bản ${noticeVersion})` : `Thông báo do hệ thống soạn, đang áp dụng (phiên bản ${noticeVersion})`),
        h('div', { class: 'notice-text', role: 'region', 'aria-label': 'Nội dung thông báo xử lý dữ liệu cá nhân', tabindex: '0' }, currentNotice))
    : null;
  const element = card(
    'Bảo vệ dữ liệu cá nhân',
    h('p', { class: 'hint' }, 'Theo Nghị định 13/2023/NĐ-CP, người đăng ký phải đọc và đồng ý với thông báo xử lý dữ liệu cá nhân. Khi thông báo thay đổi, người đăng ký mới đồng ý với bản mới.'),
    field('Bên kiểm soát dữ liệu cá nhân', controller, 'Tên cơ quan, địa chỉ, số điện thoại; ví dụ: UBND thị xã Quảng Trị, số … đường …. Để trống: thông báo ghi là Ban Tổ chức cuộc thi.').field,
    field('Số ngày lưu dữ liệu cá nhân', retention, 'Tính từ khi tuần thi cuối cùng kết thúc; hết thời hạn, hệ thống tự xóa số điện thoại, thư điện tử, năm sinh, mật khẩu và các bản xuất (kết quả vẫn giữ, ẩn danh). Từ 0 đến 3.650 ngày; mặc định 365.').field,
    eraseNote ? h('p', { class: 'erase-note' }, eraseNote) : null,
    field('Thông báo xử lý dữ liệu cá nhân (không bắt buộc)', notice, 'Để trống để dùng thông báo hệ thống tự soạn từ các cài đặt trên (bên kiểm soát, mục đích, dữ liệu thu thập, ai được xem, thời hạn lưu, quyền của người dự thi). Văn bản thường; các đoạn cách nhau bằng một dòng trống.').field,
    preview,
  );
  return {
    element,
    values: () => ({
      data_controller: controller.value.trim(),
      personal_data_retention_days: Number(retention.value),
      // Empty means «the generated one» (null), not an empty notice.
      privacy_notice: notice.value.trim() ? notice.value.trim() : null,
    }),
    problems: (settings) => {
      const days = settings.personal_data_retention_days;
      return Number.isInteger(days) && days >= 0 && days <= 3650 ? [] : ['Số ngày lưu dữ liệu cá nhân phải là số nguyên từ 0 đến 3.650.'];
    },
  };
}
