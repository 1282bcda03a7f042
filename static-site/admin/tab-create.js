// Tạo cuộc thi mới: a new contest from its settings (the contest-file shape,
// without questions), posted to POST /api/admin/contests. The round editor
// and number fields are the ones of Cài đặt cuộc thi (contest-form.js); the
// prediction question and the tie-break order keep their defaults and are
// edited there afterwards. The question bank is imported next (Ngân hàng
// câu hỏi).

import { h, replace, announce } from '../shared/dom.js';
import { stripDiacritics } from '../shared/format.js';
import { liveNotice, busy } from '../shared/ui.js';
import { fromVietnamInput, toVietnamInput, vietnamDate } from '../shared/vietnam-time.js';
import { api, ApiError } from './api.js';
import {
  DEFAULT_TIE_BREAKS, ID_PATTERN, fairPlayFieldset, generalFieldset, limitsFieldset, onContestSubmit, organizationsFieldset,
  prizesFieldset, roundEditor, roundsFieldset,
} from './contest-form.js';
import { field } from './ui.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const NEW_CONTEST_LIMITS = { time_limit_seconds: 1800, grace_seconds: 15, questions_per_attempt: 20, max_attempts_per_round: 2 };

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

/** The next round of the form: «Tuần N», a week long, from the previous round's close (or tomorrow 08:00). */
function nextRound({ count, last, remove }) {
  const opens = last && last.closes_at ? last.closes_at : morningInDays(1);
  const closes = fromVietnamInput(toVietnamInput(new Date(new Date(opens).getTime() + 7 * DAY_MS)));
  return roundEditor(
    { id: `tuan-${count + 1}`, name: `Tuần ${count + 1}`, opens_at: opens, closes_at: closes },
    null,
    remove,
    { editableId: true },
  );
}

/** «Mã cuộc thi», which follows the title until it is typed in by hand, with the server's answer about it under it. */
function contestIdField(title) {
  const id = h('input', { type: 'text', name: 'id', required: true, maxlength: '64', autocapitalize: 'none', spellcheck: 'false', pattern: '[a-z0-9_][a-z0-9_-]*', autocomplete: 'off' });
  const idField = field('Mã cuộc thi', id, 'Chữ thường không dấu, số, gạch ngang; ví dụ cchc-2023. Dùng trong địa chỉ trang dự thi (?contest=…) và không đổi được sau khi tạo.');
  const idError = h('p', { class: 'field-error', id: `${id.id}-error`, hidden: true });
  id.after(idError);
  id.setAttribute('aria-describedby', `${id.id}-error ${id.getAttribute('aria-describedby') || ''}`.trim());
  const setError = (message) => {
    idError.textContent = message || '';
    idError.hidden = !message;
    if (message) id.setAttribute('aria-invalid', 'true');
    else id.removeAttribute('aria-invalid');
  };
  let idTyped = false;
  title.addEventListener('input', () => {
    if (!idTyped) {
      id.value = slugify(title.value);
      setError(null);
    }
  });
  id.addEventListener('input', () => {
    idTyped = id.value.trim() !== '';
    setError(null);
  });
  return { element: idField.field, input: id, setError, value: () => id.value.trim() };
}

function idProblems(id) {
  if (!id) return ['Chưa nhập mã cuộc thi.'];
  if (!ID_PATTERN.test(id)) return ['Mã cuộc thi chỉ gồm chữ thường không dấu, số, gạch ngang, gạch dưới (tối đa 64 ký tự).'];
  return [];
}

/**
 * ctx: { hasContests, onCreated(contest), onCancel() }.
 */
export async function render(ctx) {
  let contestId = null;
  const general = generalFieldset({
    descriptionRows: '3',
    rulesRows: '5',
    idField: (title) => {
      contestId = contestIdField(title);
      return contestId.element;
    },
  });
  const limits = limitsFieldset(NEW_CONTEST_LIMITS, { perAttemptHint: 'Ngân hàng cần có ít nhất ngần này câu đã duyệt.' });
  const rounds = roundsFieldset({ removedMessage: 'Đã bỏ tuần thi khỏi biểu mẫu.', newRound: nextRound });
  rounds.appendBlank();
  const organizations = organizationsFieldset({ slugify });
  const prizes = prizesFieldset({ hint: 'Câu hỏi dự đoán và thứ tự xét giải khi bằng điểm đặt ở «Cài đặt cuộc thi» sau khi tạo.' });
  const fairPlay = fairPlayFieldset();

  const status = h('div', { class: 'form-status', tabindex: '-1' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Tạo cuộc thi');
  const cancel = ctx.hasContests
    ? h('button', { type: 'button', class: 'button button-quiet', onclick: () => ctx.onCancel() }, 'Hủy')
    : null;

  const form = h(
    'form',
    { class: 'settings-form create-form', novalidate: true },
    h('p', { class: 'muted' }, 'Cuộc thi mới chưa có câu hỏi: sau khi tạo, nhập ngân hàng câu hỏi ở mục «Ngân hàng câu hỏi» trước khi mở cho người dự thi. Mọi mục đều sửa được sau ở «Cài đặt cuộc thi» và «Đơn vị».'),
    general.element,
    limits.element,
    rounds.element,
    organizations.element,
    fairPlay.element,
    prizes.element,
    status,
    h('div', { class: 'actions sticky-actions' }, submit, cancel),
  );

  const collect = () => {
    const { title, description, rules } = general.values();
    // Object.assign, not object spread: the page parses as ES2017.
    return Object.assign(
      { id: contestId.value(), title, description, rules },
      limits.values(),
      { rounds: rounds.values(), organizations: organizations.values(), prediction_question: null },
      fairPlay.values(),
      prizes.values(),
      { tie_breaks: DEFAULT_TIE_BREAKS },
    );
  };

  const localProblems = (settings) => [
    ...general.problems(settings),
    ...idProblems(settings.id),
    ...limits.problems(settings),
    ...rounds.problems(settings),
    ...organizations.problems(settings),
    ...fairPlay.problems(settings),
  ];

  async function createContest(settings) {
    await busy(submit, async () => {
      try {
        const { contest } = await api.createContest(settings);
        announce(`Đã tạo cuộc thi ${contest.title}.`);
        await ctx.onCreated(contest);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONTEST_EXISTS') {
          const message = `${error.message.replace(/\.$/, '')}: «${settings.id}». Hãy chọn mã khác.`;
          replace(status, liveNotice('error', message));
          contestId.setError(message);
          contestId.input.focus();
          contestId.input.select();
          return;
        }
        replace(status, liveNotice('error', error.message));
        status.focus();
      }
    }, 'Đang tạo…');
  }

  onContestSubmit(form, { collect, problems: localProblems, status, lead: 'Chưa tạo được cuộc thi:', send: createContest });

  return form;
}
