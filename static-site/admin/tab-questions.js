// Ngân hàng câu hỏi: import (XLSX, CSV, JSON) with a per-row preview, the
// list with per-question statistics and the rounds each question is for
// (none: every round), edit one question, approve drafts.

import { h, replace, announce, nextId } from '../shared/dom.js';
import { formatNumber, formatPercent } from '../shared/format.js';
import { liveNotice, busy } from '../shared/ui.js';
import { api, ApiError } from './api.js';
import { checkedSave, field, importPanel } from './ui.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
const STATUS_LABEL = { approved: 'Đã duyệt', draft: 'Bản nháp' };
const PAGE = 50;

const optionsText = (options) => options.map((text, i) => `${LETTERS[i]}. ${text}`).join('\n');

/** "Tuần 1, Tuần 2", or "Mọi tuần thi" for a question of every round. */
function roundsText(ids, rounds) {
  if (!ids || !ids.length) return 'Mọi tuần thi';
  return ids.map((id) => (rounds.find((r) => r.id === id) || { name: id }).name).join(', ');
}

/** «Dùng cho tuần thi»: a checkbox per round; none checked means every round. */
function roundsPicker(chosen, rounds) {
  const boxes = rounds.map((round) => {
    const id = nextId('q-round');
    return { round, input: h('input', { type: 'checkbox', id, name: 'q-round', value: round.id, checked: (chosen || []).includes(round.id) }) };
  });
  const element = h('fieldset', { class: 'q-rounds-picker' },
    h('legend', null, 'Dùng cho tuần thi'),
    h('p', { class: 'hint' }, 'Không chọn tuần nào: câu hỏi được dùng cho mọi tuần thi.'),
    h('div', { class: 'check-list' }, boxes.map(({ round, input }) => h('div', { class: 'check' }, input, h('label', { for: input.id }, round.name)))));
  return { element, values: () => boxes.filter((b) => b.input.checked).map((b) => b.round.id) };
}

function statsLine(stats) {
  if (!stats) return h('p', { class: 'q-stats muted' }, 'Chưa có thống kê.');
  // The server's correct_rate is correct answers over times drawn.
  const rate = stats.drawn ? stats.correct_rate ?? stats.correct / stats.drawn : null;
  const low = rate !== null && stats.drawn >= 5 && rate < 0.3;
  return h(
    'p',
    { class: `q-stats${low ? ' q-stats-low' : ''}` },
    `Đã ra đề ${formatNumber(stats.drawn)} lần · ${formatNumber(stats.answered)} lần được trả lời · ${formatNumber(stats.correct)} lần đúng`,
    rate === null ? '' : ` (tỉ lệ đúng ${formatPercent(rate)})`,
    low ? h('strong', null, ' · Tỉ lệ đúng thấp, nên xem lại câu này') : null,
  );
}

function editForm(question, { rounds, onSave, onCancel }) {
  const text = h('textarea', { name: 'q-text', rows: '3', required: true });
  text.value = question.text;
  const optionInputs = LETTERS.map((letter, i) =>
    h('input', { type: 'text', name: `q-option-${letter}`, value: question.options[i] || '', required: i < 2 }),
  );
  const answer = h('select', { name: 'q-answer' }, LETTERS.map((letter, i) => h('option', { value: letter, selected: i === question.answer_index }, letter)));
  const topic = h('input', { type: 'text', name: 'q-topic', value: question.topic || '' });
  const source = h('input', { type: 'text', name: 'q-source', value: question.source || '' });
  const status = h('select', { name: 'q-status' }, Object.entries(STATUS_LABEL).map(([value, label]) => h('option', { value, selected: value === question.status }, label)));
  const roundsChoice = roundsPicker(question.rounds, rounds);
  const message = h('div', { class: 'form-status' });
  const save = h('button', { type: 'submit', class: 'button' }, 'Lưu câu hỏi');
  const form = h(
    'form',
    { class: 'q-edit', novalidate: true },
    field('Nội dung câu hỏi', text).field,
    h('div', { class: 'grid-2' }, optionInputs.map((input, i) => field(`Phương án ${LETTERS[i]}${i >= 4 ? ' (không bắt buộc)' : ''}`, input).field)),
    h('div', { class: 'grid-4' }, field('Đáp án đúng', answer).field, field('Chủ đề', topic).field, field('Nguồn', source).field, field('Trạng thái', status).field),
    rounds.length > 1 ? roundsChoice.element : null,
    message,
    h('div', { class: 'actions' }, save, h('button', { type: 'button', class: 'button button-quiet', onclick: onCancel }, 'Hủy')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Options end at the first empty one (E and F are optional).
    const values = optionInputs.map((input) => input.value.trim());
    const lastFilled = values.reduce((last, value, i) => (value ? i : last), -1);
    const options = values.slice(0, lastFilled + 1);
    const body = { text: text.value.trim(), options, answer: answer.value, topic: topic.value.trim(), source: source.value.trim(), status: status.value };
    if (rounds.length > 1) body.rounds = roundsChoice.values();
    const problems = [];
    if (!body.text) problems.push('Chưa nhập nội dung câu hỏi.');
    if (options.some((o) => !o)) problems.push('Các phương án phải liền nhau, không để trống ở giữa.');
    if (options.length < 2) problems.push('Cần ít nhất 2 phương án.');
    if (LETTERS.indexOf(body.answer) >= options.length) problems.push(`Đáp án ${body.answer} không nằm trong các phương án.`);
    await checkedSave({ button: save, status: message, problems, save: () => onSave(body) });
  });
  form.focusFirst = () => text.focus();
  return form;
}

function questionCard(question, handlers) {
  const card = h('li', { class: 'q-card', id: `cau-${question.id}` });
  const headingId = nextId('q');
  const draw = () => {
    const q = question;
    const edit = h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-describedby': headingId, 'data-write': true }, 'Sửa');
    const toggle = h(
      'button',
      { type: 'button', class: `button button-small ${q.status === 'draft' ? '' : 'button-quiet'}`, 'aria-describedby': headingId, 'data-write': true },
      q.status === 'draft' ? 'Duyệt' : 'Chuyển về nháp',
    );
    edit.addEventListener('click', () => {
      const form = editForm(q, {
        rounds: handlers.rounds,
        onSave: async (body) => {
          const saved = await handlers.save(q, body);
          Object.assign(question, saved);
          draw();
          card.querySelector('button')?.focus();
          announce(`Đã lưu câu ${q.id}.`);
        },
        onCancel: () => {
          draw();
          card.querySelector('button')?.focus();
        },
      });
      replace(card, h('h3', { id: headingId }, `Sửa câu ${q.id}`), form);
      form.focusFirst();
    });
    toggle.addEventListener('click', () =>
      busy(toggle, async () => {
        try {
          const body = { text: q.text, options: q.options, answer: LETTERS[q.answer_index], topic: q.topic || '', source: q.source || '', status: q.status === 'draft' ? 'approved' : 'draft' };
          const saved = await handlers.save(q, body);
          Object.assign(question, saved);
          draw();
          card.querySelector('button')?.focus();
          announce(`Câu ${q.id}: ${STATUS_LABEL[question.status]}.`);
        } catch (error) {
          card.append(liveNotice('error', error.message));
        }
      }),
    );
    replace(
      card,
      h('div', { class: 'q-head' },
        h('h3', { id: headingId }, `Câu ${q.id}`),
        h('span', { class: `badge badge-${q.status}` }, STATUS_LABEL[q.status] || q.status),
        q.topic ? h('span', { class: 'q-topic' }, q.topic) : null,
      ),
      h('p', { class: 'q-text' }, q.text),
      h('ol', { class: 'q-options', type: 'A' }, q.options.map((option, i) =>
        h('li', { class: i === q.answer_index ? 'correct' : undefined }, option, i === q.answer_index ? h('strong', null, ' — đáp án đúng') : null))),
      q.source ? h('p', { class: 'q-source muted' }, `Nguồn: ${q.source}`) : null,
      handlers.rounds.length > 1 ? h('p', { class: 'q-rounds' }, `Tuần thi: ${roundsText(q.rounds, handlers.rounds)}`) : null,
      statsLine(q.stats),
      h('div', { class: 'actions' }, edit, toggle),
    );
  };
  draw();
  return card;
}

export async function render(ctx) {
  const root = h('div', { class: 'questions' });
  const counts = h('p', { class: 'q-counts', id: 'q-counts' });
  const listHolder = h('div');
  let questions = [];
  let shown = PAGE;

  const search = h('input', { type: 'search', name: 'q-search', placeholder: 'Tìm theo nội dung, mã, chủ đề' });
  const statusFilter = h('select', { name: 'q-filter-status' },
    h('option', { value: '' }, 'Tất cả'), h('option', { value: 'approved' }, 'Đã duyệt'), h('option', { value: 'draft' }, 'Bản nháp'));
  const sort = h('select', { name: 'q-sort' },
    h('option', { value: 'id' }, 'Theo mã câu'), h('option', { value: 'rate' }, 'Tỉ lệ đúng thấp nhất trước'), h('option', { value: 'drawn' }, 'Ra đề nhiều nhất trước'));

  const rounds = ctx.detail.contest.rounds || [];
  const roundFilter = h('select', { name: 'q-filter-round' },
    h('option', { value: '' }, 'Tất cả'), rounds.map((r) => h('option', { value: r.id }, r.name)));
  const handlers = {
    rounds,
    save: async (q, body) => {
      const { question } = await api.saveQuestion(ctx.cid, q.id, body);
      updateCounts();
      return question;
    },
  };

  function updateCounts() {
    const approved = questions.filter((q) => q.status === 'approved').length;
    counts.textContent = `Ngân hàng có ${formatNumber(questions.length)} câu: ${formatNumber(approved)} đã duyệt, ${formatNumber(questions.length - approved)} bản nháp. Chỉ câu đã duyệt được đưa vào đề thi.`;
    counts.dataset.total = String(questions.length);
    counts.dataset.approved = String(approved);
  }

  function filtered() {
    const term = search.value.trim().toLocaleLowerCase('vi');
    const forRound = (q) => !roundFilter.value || !(q.rounds && q.rounds.length) || q.rounds.includes(roundFilter.value);
    let list = questions.filter((q) => (!statusFilter.value || q.status === statusFilter.value) && forRound(q)
      && (!term || [q.id, q.text, q.topic, ...(q.options || [])].some((t) => String(t || '').toLocaleLowerCase('vi').includes(term))));
    const rate = (q) => (q.stats && q.stats.drawn ? q.stats.correct_rate ?? q.stats.correct / q.stats.drawn : Infinity);
    if (sort.value === 'rate') list = [...list].sort((a, b) => rate(a) - rate(b));
    if (sort.value === 'drawn') list = [...list].sort((a, b) => ((b.stats && b.stats.drawn) || 0) - ((a.stats && a.stats.drawn) || 0));
    return list;
  }

  function drawList() {
    const list = filtered();
    const visible = list.slice(0, shown);
    const more = list.length > shown
      ? h('button', { type: 'button', class: 'button button-quiet', onclick: () => { shown += PAGE; drawList(); } }, `Hiện thêm (${formatNumber(list.length - shown)} câu nữa)`)
      : null;
    replace(
      listHolder,
      h('p', { class: 'muted', 'aria-live': 'polite' }, `Đang hiện ${formatNumber(visible.length)} / ${formatNumber(list.length)} câu phù hợp.`),
      h('ol', { class: 'q-list' }, visible.map((q) => questionCard(q, handlers))),
      more,
    );
  }

  async function load() {
    const data = await api.questions(ctx.cid);
    questions = data.questions || [];
    updateCounts();
    drawList();
  }

  for (const control of [statusFilter, roundFilter, sort]) control.addEventListener('change', () => { shown = PAGE; drawList(); });
  let searchTimer;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { shown = PAGE; drawList(); }, 200);
  });

  const importStatus = h('select', { name: 'import-status' }, h('option', { value: 'approved' }, 'Đã duyệt (dùng ngay trong đề thi)'), h('option', { value: 'draft' }, 'Bản nháp (duyệt sau)'));
  const importer = importPanel({
    idPrefix: 'q-import',
    title: 'Nhập câu hỏi từ tệp',
    intro: h('div', { class: 'hint' },
      h('p', null, 'Tệp Excel (.xlsx), CSV hoặc JSON. Các cột: Câu hỏi, A, B, C, D (E, F nếu có), Đáp án (chữ cái), Chủ đề, Nguồn, Tuần thi (không bắt buộc: tên hoặc mã các tuần thi dùng câu hỏi, cách nhau bằng dấu phẩy; để trống là mọi tuần thi). Hệ thống kiểm tra từng dòng trước; chỉ khi tệp không còn lỗi mới nhập được.'),
      h('p', null, h('a', { href: 'mau-cau-hoi.csv', download: 'mau-cau-hoi.csv' }, 'Tải tệp mẫu (CSV, mở được bằng Excel)'))),
    accept: '.xlsx,.csv,.json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,application/json',
    previewColumns: ['Câu hỏi', 'Các phương án', 'Đáp án', 'Chủ đề', 'Nguồn', 'Tuần thi'],
    previewRow: (q) => [q.text, optionsText(q.options || []), LETTERS[q.answer_index] || '—', q.topic || '—', q.source || '—', roundsText(q.rounds, rounds)],
    extraControls: {
      element: field('Trạng thái của câu được nhập', importStatus).field,
      values: () => ({ status: importStatus.value }),
      onChange: (fn) => importStatus.addEventListener('change', fn),
    },
    preview: async (file, options) => {
      const { data } = await api.importQuestions(ctx.cid, file, { dryRun: true, status: options.status });
      const report = data.report || {};
      return { valid: report.valid || 0, errors: data.errors || report.errors || [], preview: report.preview || [] };
    },
    commit: async (file, options) => {
      try {
        const { data } = await api.importQuestions(ctx.cid, file, { dryRun: false, status: options.status });
        return `Đã nhập ${formatNumber(data.imported)} câu hỏi vào ngân hàng.`;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'IMPORT_HAS_ERRORS') throw new ApiError(error.status, error.code, `${error.message} (Có thể tệp hoặc ngân hàng đã thay đổi sau khi xem trước.)`);
        throw error;
      }
    },
    onImported: async () => {
      await load();
      await ctx.reloadDetail().catch(() => null);
    },
  });

  await load();
  root.append(
    counts,
    importer,
    h('section', { class: 'card', 'aria-labelledby': 'q-list-title' },
      h('h2', { id: 'q-list-title' }, 'Danh sách câu hỏi'),
      h('div', { class: `filters ${rounds.length > 1 ? 'grid-4' : 'grid-3'}` },
        field('Tìm kiếm', search).field,
        field('Trạng thái', statusFilter).field,
        rounds.length > 1 ? field('Tuần thi', roundFilter, 'Câu của tuần này và câu dùng cho mọi tuần.').field : null,
        field('Sắp xếp', sort).field),
      listHolder,
    ),
  );
  return root;
}
