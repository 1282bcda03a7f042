// Tạo cuộc thi mới: a new contest from its settings (the contest-file shape,
// without questions), posted to POST /api/admin/contests. The round editor
// and number fields are the ones of Cài đặt cuộc thi; the prediction
// question and the tie-break order keep their defaults and are edited there
// afterwards. The question bank is imported next (Ngân hàng câu hỏi).

import { h, replace, announce, nextId } from '../shared/dom.js';
import { describeSeconds, stripDiacritics } from '../shared/format.js';
import { liveNotice, busy } from '../shared/ui.js';
import { fromVietnamInput, toVietnamInput, vietnamDate } from '../shared/vietnam-time.js';
import { api, ApiError } from './api.js';
import { numberInput, roundEditor, roundsProblems } from './tab-settings.js';
import { field } from './ui.js';

const ID_PATTERN = /^[a-z0-9_][a-z0-9_-]{0,63}$/;
const DEFAULT_TIE_BREAKS = ['score', 'prediction_distance', 'duration', 'submitted_at'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** "Cải cách hành chính 2023" → "cai-cach-hanh-chinh-2023" (a valid id, or ''). */
export function slugify(text) {
  return stripDiacritics(text || '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** 08:00 Vietnam time, `days` days from today, as RFC 3339. */
function morningInDays(days) {
  return `${vietnamDate(Date.now() + days * DAY_MS)}T08:00:00+07:00`;
}

function organizationRow(onRemove) {
  const name = h('input', { type: 'text', name: 'org-name', required: true, maxlength: '200' });
  const group = h('input', { type: 'text', name: 'org-group', maxlength: '100' });
  const headcount = h('input', { type: 'number', name: 'org-headcount', required: true, min: '1', step: '1', inputmode: 'numeric' });
  const id = h('input', { type: 'text', name: 'org-id', autocapitalize: 'none', spellcheck: 'false', pattern: '[a-z0-9_][a-z0-9_-]*' });
  const remove = h('button', { type: 'button', class: 'button button-quiet button-small' }, 'Bỏ đơn vị này');
  const legend = h('legend', null, 'Đơn vị mới');
  const box = h(
    'fieldset',
    { class: 'round-editor org-editor' },
    legend,
    h('div', { class: 'grid-4' },
      field('Tên đơn vị', name).field,
      field('Nhóm', group, 'Không bắt buộc; ví dụ: Phường, xã.').field,
      field('Số người (tổng số cán bộ)', headcount).field,
      field('Mã đơn vị', id, 'Để trống để tạo từ tên đơn vị.').field,
    ),
    h('div', { class: 'actions' }, remove),
  );
  name.addEventListener('input', () => { legend.textContent = name.value.trim() || 'Đơn vị mới'; });
  remove.addEventListener('click', () => onRemove(box));
  box.collect = () => ({
    id: id.value.trim() || slugify(name.value),
    name: name.value.trim(),
    group: group.value.trim(),
    headcount: Number(headcount.value),
  });
  box.focusFirst = () => name.focus();
  return box;
}

/**
 * ctx: { hasContests, onCreated(contest), onCancel() }.
 */
export async function render(ctx) {
  const id = h('input', { type: 'text', name: 'id', required: true, maxlength: '64', autocapitalize: 'none', spellcheck: 'false', pattern: '[a-z0-9_][a-z0-9_-]*', autocomplete: 'off' });
  const title = h('input', { type: 'text', name: 'title', required: true, maxlength: '200' });
  const description = h('textarea', { name: 'description', rows: '3' });
  const rules = h('textarea', { name: 'rules', rows: '5' });

  const idField = field('Mã cuộc thi', id, 'Chữ thường không dấu, số, gạch ngang; ví dụ cchc-2023. Dùng trong địa chỉ trang dự thi (?contest=…) và không đổi được sau khi tạo.');
  // The server's answer about the id, under the field and read with it.
  const idError = h('p', { class: 'field-error', id: `${id.id}-error`, hidden: true });
  id.after(idError);
  id.setAttribute('aria-describedby', `${id.id}-error ${id.getAttribute('aria-describedby') || ''}`.trim());
  const setIdError = (message) => {
    idError.textContent = message || '';
    idError.hidden = !message;
    if (message) id.setAttribute('aria-invalid', 'true');
    else id.removeAttribute('aria-invalid');
  };

  // The id follows the title until it is typed in by hand.
  let idTyped = false;
  title.addEventListener('input', () => {
    if (!idTyped) {
      id.value = slugify(title.value);
      setIdError(null);
    }
  });
  id.addEventListener('input', () => {
    idTyped = id.value.trim() !== '';
    setIdError(null);
  });

  const timeLimit = numberInput('time_limit_seconds', 1800, 1, 14400);
  const grace = numberInput('grace_seconds', 15, 0, 300);
  const perAttempt = numberInput('questions_per_attempt', 20, 1, 200);
  const maxAttempts = numberInput('max_attempts_per_round', 2, 1, 100);
  const timeHint = h('span');
  const updateTimeHint = () => { timeHint.textContent = timeLimit.value ? `= ${describeSeconds(Number(timeLimit.value))}` : ''; };
  timeLimit.addEventListener('input', updateTimeHint);
  updateTimeHint();

  const roundsBox = h('div', { class: 'rounds' });
  const addRound = h('button', { type: 'button', class: 'button button-quiet' }, 'Thêm tuần thi');
  const removeRound = (box) => {
    box.remove();
    announce('Đã bỏ tuần thi khỏi biểu mẫu.');
    addRound.focus();
  };
  const newRound = () => {
    const count = roundsBox.children.length;
    const last = roundsBox.lastElementChild ? roundsBox.lastElementChild.collect() : null;
    const opens = last && last.closes_at ? last.closes_at : morningInDays(1);
    const closes = fromVietnamInput(toVietnamInput(new Date(new Date(opens).getTime() + 7 * DAY_MS)));
    return roundEditor(
      { id: `tuan-${count + 1}`, name: `Tuần ${count + 1}`, opens_at: opens, closes_at: closes },
      null,
      removeRound,
      { editableId: true },
    );
  };
  roundsBox.append(newRound());
  addRound.addEventListener('click', () => {
    const box = newRound();
    roundsBox.append(box);
    box.focusFirst();
  });

  const orgsBox = h('div', { class: 'organizations-editor' });
  const addOrg = h('button', { type: 'button', class: 'button button-quiet' }, 'Thêm đơn vị');
  const removeOrg = (box) => {
    box.remove();
    announce('Đã bỏ đơn vị khỏi biểu mẫu.');
    addOrg.focus();
  };
  orgsBox.append(organizationRow(removeOrg));
  addOrg.addEventListener('click', () => {
    const box = organizationRow(removeOrg);
    orgsBox.append(box);
    box.focusFirst();
  });

  const first = numberInput('prize_first', 1, 0, 100);
  const second = numberInput('prize_second', 1, 0, 100);
  const third = numberInput('prize_third', 1, 0, 100);
  const onePrize = h('input', { type: 'checkbox', id: nextId('one'), checked: true });

  const status = h('div', { class: 'form-status', tabindex: '-1' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Tạo cuộc thi');
  const cancel = ctx.hasContests
    ? h('button', { type: 'button', class: 'button button-quiet', onclick: () => ctx.onCancel() }, 'Hủy')
    : null;

  const form = h(
    'form',
    { class: 'settings-form create-form', novalidate: true },
    h('p', { class: 'muted' }, 'Cuộc thi mới chưa có câu hỏi: sau khi tạo, nhập ngân hàng câu hỏi ở mục «Ngân hàng câu hỏi» trước khi mở cho người dự thi. Mọi mục đều sửa được sau ở «Cài đặt cuộc thi» và «Đơn vị».'),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Thông tin chung'),
      field('Tên cuộc thi', title).field,
      idField.field,
      field('Giới thiệu', description).field,
      field('Thể lệ', rules, 'Hiện trên trang dự thi; mỗi dòng một mục.').field,
    ),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Giới hạn mỗi lượt thi'),
      h('div', { class: 'grid-4' },
        h('div', null, field('Thời gian làm bài (giây)', timeLimit).field, h('p', { class: 'hint' }, timeHint)),
        field('Thời gian gia hạn khi nộp (giây)', grace, 'Bù độ trễ mạng; tối đa 300.').field,
        field('Số câu mỗi lượt', perAttempt, 'Ngân hàng cần có ít nhất ngần này câu đã duyệt.').field,
        field('Số lượt thi tối đa mỗi tuần', maxAttempts).field,
      ),
    ),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Các tuần thi (giờ Việt Nam)'),
      roundsBox,
      h('div', { class: 'actions' }, addRound),
    ),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Đơn vị dự thi'),
      h('p', { class: 'hint' }, 'Cần ít nhất một đơn vị. Danh sách đầy đủ có thể nhập từ tệp Excel/CSV ở mục «Đơn vị» sau khi tạo.'),
      orgsBox,
      h('div', { class: 'actions' }, addOrg),
    ),
    h('fieldset', { class: 'card' },
      h('legend', null, 'Giải cá nhân mỗi tuần'),
      h('div', { class: 'grid-3' }, field('Số giải Nhất', first).field, field('Số giải Nhì', second).field, field('Số giải Ba', third).field),
      h('div', { class: 'check' }, onePrize, h('label', { for: onePrize.id }, 'Mỗi người chỉ nhận một giải cá nhân trong toàn cuộc thi')),
      h('p', { class: 'hint' }, 'Câu hỏi dự đoán và thứ tự xét giải khi bằng điểm đặt ở «Cài đặt cuộc thi» sau khi tạo.'),
    ),
    status,
    h('div', { class: 'actions sticky-actions' }, submit, cancel),
  );

  const collect = () => ({
    id: id.value.trim(),
    title: title.value.trim(),
    description: description.value,
    rules: rules.value,
    time_limit_seconds: Number(timeLimit.value),
    grace_seconds: Number(grace.value),
    questions_per_attempt: Number(perAttempt.value),
    max_attempts_per_round: Number(maxAttempts.value),
    rounds: [...roundsBox.children].map((box) => box.collect()),
    organizations: [...orgsBox.children].map((box) => box.collect()),
    prediction_question: null,
    prizes: { first: Number(first.value), second: Number(second.value), third: Number(third.value) },
    one_prize_per_person: onePrize.checked,
    tie_breaks: DEFAULT_TIE_BREAKS,
  });

  const localProblems = (settings) => {
    const problems = [];
    if (!settings.title) problems.push('Chưa nhập tên cuộc thi.');
    if (!settings.id) problems.push('Chưa nhập mã cuộc thi.');
    else if (!ID_PATTERN.test(settings.id)) problems.push('Mã cuộc thi chỉ gồm chữ thường không dấu, số, gạch ngang, gạch dưới (tối đa 64 ký tự).');
    for (const [key, label] of [['time_limit_seconds', 'Thời gian làm bài'], ['grace_seconds', 'Thời gian gia hạn'], ['questions_per_attempt', 'Số câu mỗi lượt'], ['max_attempts_per_round', 'Số lượt thi tối đa']]) {
      if (!Number.isInteger(settings[key])) problems.push(`${label} phải là số nguyên.`);
    }
    problems.push(...roundsProblems(settings.rounds));
    if (settings.organizations.length === 0) problems.push('Cần ít nhất một đơn vị.');
    settings.organizations.forEach((org, index) => {
      const name = org.name || `Đơn vị thứ ${index + 1}`;
      if (!org.name) problems.push(`Đơn vị thứ ${index + 1}: chưa có tên.`);
      else if (!ID_PATTERN.test(org.id)) problems.push(`${name}: mã đơn vị chỉ gồm chữ thường không dấu, số, gạch ngang.`);
      if (!Number.isInteger(org.headcount) || org.headcount < 1) problems.push(`${name}: số người phải là số nguyên lớn hơn 0.`);
    });
    return problems;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const settings = collect();
    const problems = localProblems(settings);
    if (problems.length) {
      replace(status, liveNotice('error', h('p', null, 'Chưa tạo được cuộc thi:'), h('ul', null, problems.map((p) => h('li', null, p)))));
      status.focus();
      return;
    }
    replace(status);
    await busy(submit, async () => {
      try {
        const { contest } = await api.createContest(settings);
        announce(`Đã tạo cuộc thi ${contest.title}.`);
        await ctx.onCreated(contest);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONTEST_EXISTS') {
          const message = `${error.message.replace(/\.$/, '')}: «${settings.id}». Hãy chọn mã khác.`;
          replace(status, liveNotice('error', message));
          setIdError(message);
          id.focus();
          id.select();
          return;
        }
        replace(status, liveNotice('error', error.message));
        status.focus();
      }
    }, 'Đang tạo…');
  });

  return form;
}
