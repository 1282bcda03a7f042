// Ngân hàng câu hỏi: import (Word, XLSX, CSV, JSON) with a per-row preview,
// the list with per-question statistics and the rounds each question is for
// (none: every round), edit one question (its answer too: the attempts that
// used it are then regraded, after a confirmation), approve, archive, void
// or delete one, and the same for many at once.
//
// A question an attempt drew («Đã ra đề») is kept for the papers that hold
// it: it can be archived (never drawn again) but not deleted. Voiding counts
// it right for everyone who was given it and archives it.

import { h, replace, announce, nextId } from '../shared/dom.js';
import { formatNumber, formatPercent } from '../shared/format.js';
import { liveNotice, busy } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api, ApiError, isReadOnly, isWordFile } from './api.js';
import {
  checkedSave, confirmAction, field, focusFirst, importPanel, rescoreReport, table, withCorrection,
} from './ui.js';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
const STATUS_LABEL = { approved: 'Đã duyệt', draft: 'Bản nháp', archived: 'Lưu trữ' };
const PAGE = 50;

/** The bulk actions: the button, and what the result says. */
const BULK = {
  approve: { label: 'Duyệt', done: 'Đã duyệt' },
  draft: { label: 'Chuyển về nháp', done: 'Đã chuyển về nháp' },
  archive: { label: 'Lưu trữ', done: 'Đã lưu trữ' },
  delete: { label: 'Xóa', done: 'Đã xóa' },
};

const optionsText = (options) => options.map((text, i) => `${LETTERS[i]}. ${text}`).join('\n');

/** Correct answers over times drawn, or null when never drawn. */
function correctRate(stats) {
  if (!stats || !stats.drawn) return null;
  return typeof stats.correct_rate === 'number' ? stats.correct_rate : stats.correct / stats.drawn;
}

/** "Tuần 1, Tuần 2", or "Mọi tuần thi" for a question of every round. */
function roundsText(ids, rounds) {
  if (!ids || !ids.length) return 'Mọi tuần thi';
  return ids.map((id) => (rounds.find((r) => r.id === id) || { name: id }).name).join(', ');
}

/** The PUT body of a question as it stands (rounds left out: unchanged). */
function bodyOf(q, changes) {
  return Object.assign({
    text: q.text,
    options: q.options,
    answer: LETTERS[q.answer_index],
    topic: q.topic || '',
    source: q.source || '',
    status: q.status,
    shuffle_options: q.shuffle_options !== false,
  }, changes);
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
  const rate = correctRate(stats);
  const low = rate !== null && stats.drawn >= 5 && rate < 0.3;
  return h(
    'p',
    { class: `q-stats${low ? ' q-stats-low' : ''}` },
    `Đã ra đề ${formatNumber(stats.drawn)} lần · ${formatNumber(stats.answered)} lần được trả lời · ${formatNumber(stats.correct)} lần đúng`,
    rate === null ? '' : ` (tỉ lệ đúng ${formatPercent(rate)})`,
    low ? h('strong', null, ' · Tỉ lệ đúng thấp, nên xem lại câu này') : null,
  );
}

/** What happened to the key after attempts drew the question, if anything. */
function correctionLine(correction) {
  if (!correction) return null;
  const when = correction.at_ms ? ` lúc ${formatDateTime(correction.at_ms)}` : '';
  if (correction.voided) {
    return h('p', { class: 'q-correction' }, `Đã hủy câu hỏi${when}: tính đúng cho mọi người đã làm.`);
  }
  if (correction.answer) {
    return h('p', { class: 'q-correction' }, `Đã đổi đáp án và chấm lại${when} (đáp án đúng: «${correction.answer}»).`);
  }
  return null;
}

/**
 * INVALID_QUESTION says where each problem is, for programs («rounds[1]
 * (tuan-2): Tuần 2 chỉ có 2 câu…»): the sentences only, for people.
 */
function questionError(error) {
  if (!(error instanceof ApiError && error.code === 'INVALID_QUESTION')) return error.message;
  return error.message
    .replace(/^Câu hỏi chưa hợp lệ:\s*/, '')
    .replace(/\b(rounds|text|options|answer|topic|source|status)(\[\d+\])?( \([^)]*\))?:\s*/g, '');
}

/** "Chấm lại 3 bài thi?": the count is in the server's sentence only. */
function attemptsIn(message) {
  const m = /(\d[\d.]*) bài thi/.exec(message || '');
  return m ? Number(m[1].replace(/\./g, '')) : null;
}

function confirmRegrade(message) {
  const count = attemptsIn(message);
  const what = count ? `${formatNumber(count)} bài thi` : 'các bài thi đã làm';
  return confirmAction({
    title: `Chấm lại ${what}?`,
    body: h('div', null,
      h('p', null, message),
      h('p', null, 'Điểm của các bài thi này, bảng xếp hạng và danh sách đạt giải được cập nhật theo đáp án mới; thao tác được ghi vào Nhật ký.')),
    confirmText: `Chấm lại ${what}`,
  });
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
  const status = h('select', { name: 'q-status' }, Object.keys(STATUS_LABEL).map((value) => h('option', { value, selected: value === question.status }, STATUS_LABEL[value])));
  const shuffle = h('input', { type: 'checkbox', id: nextId('q-shuffle'), name: 'q-shuffle', checked: question.shuffle_options !== false });
  const roundsChoice = roundsPicker(question.rounds, rounds);
  const message = h('div', { class: 'form-status' });
  const save = h('button', { type: 'submit', class: 'button', 'data-write': true }, 'Lưu câu hỏi');
  const form = h(
    'form',
    { class: 'q-edit', novalidate: true },
    field('Nội dung câu hỏi', text).field,
    h('div', { class: 'grid-2' }, optionInputs.map((input, i) => field(`Phương án ${LETTERS[i]}${i >= 4 ? ' (không bắt buộc)' : ''}`, input).field)),
    h('div', { class: 'grid-4' }, field('Đáp án đúng', answer).field, field('Chủ đề', topic).field, field('Nguồn', source).field, field('Trạng thái', status).field),
    h('div', { class: 'check' }, shuffle, h('label', { for: shuffle.id }, 'Xáo trộn thứ tự phương án')),
    h('p', { class: 'hint' }, 'Bỏ chọn khi phương án phải giữ đúng thứ tự (ví dụ «Cả A và B đều đúng», «Tất cả các phương án trên»).'),
    question.drawn ? h('p', { class: 'hint' }, 'Câu hỏi đã được ra đề: đổi đáp án đúng sẽ chấm lại các bài thi đã làm câu này (trang hỏi lại trước khi chấm).') : null,
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
    const body = {
      text: text.value.trim(), options, answer: answer.value, topic: topic.value.trim(), source: source.value.trim(), status: status.value,
      shuffle_options: shuffle.checked,
    };
    if (rounds.length > 1) body.rounds = roundsChoice.values();
    const problems = [];
    if (!body.text) problems.push('Chưa nhập nội dung câu hỏi.');
    if (options.some((o) => !o)) problems.push('Các phương án phải liền nhau, không để trống ở giữa.');
    if (options.length < 2) problems.push('Cần ít nhất 2 phương án.');
    if (LETTERS.indexOf(body.answer) >= options.length) problems.push(`Đáp án ${body.answer} không nằm trong các phương án.`);
    await checkedSave({
      button: save,
      status: message,
      problems,
      describe: (error) => `Chưa lưu được: ${questionError(error)}`,
      save: async () => {
        const outcome = await onSave(body);
        if (outcome && outcome.info) replace(message, liveNotice('info', outcome.info));
      },
    });
  });
  form.focusFirst = () => text.focus();
  return form;
}

function questionCard(question, handlers) {
  const card = h('li', { class: 'q-card', id: `cau-${question.id}` });
  const headingId = nextId('q');
  // A notice under the card until its next change (a regrade report, an
  // error); kept in handlers.notices so that it survives reloading the list.
  let notice = handlers.notices.get(question.id) || null;
  const setNotice = (node) => {
    notice = node;
    if (node) handlers.notices.set(question.id, node);
    else handlers.notices.delete(question.id);
  };
  const say = (kind, ...content) => {
    setNotice(liveNotice(kind, ...content));
    draw();
  };
  /** After a change that moves statistics too: the list again, the report under the new card. */
  const reloadWith = async (node) => {
    setNotice(node);
    await handlers.reload();
    focusFirst(document.getElementById(`cau-${question.id}`), 'button');
  };
  const redraw = (saved) => {
    Object.assign(question, saved);
    draw();
    focusFirst(card, 'button');
  };

  /** A button of the card that changes data, run busy, its failure said under the card. */
  const action = (label, { kind = 'button-quiet', run }) => {
    const el = h('button', { type: 'button', class: `button button-small ${kind}`, 'aria-describedby': headingId, 'data-write': true }, label);
    el.addEventListener('click', () => busy(el, async () => {
      try {
        await run();
      } catch (error) {
        say('error', handlers.describe(error));
      }
    }));
    return el;
  };

  function draw() {
    const q = question;
    const select = h('input', { type: 'checkbox', class: 'q-select', id: nextId('q-select'), checked: handlers.selected.has(q.id), 'data-write': true });
    select.addEventListener('change', () => handlers.select(q.id, select.checked));
    const edit = h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-describedby': headingId, 'data-write': true }, 'Sửa');
    edit.addEventListener('click', () => {
      const form = editForm(q, {
        rounds: handlers.rounds,
        onSave: async (body) => {
          const result = await handlers.save(q, body);
          if (!result) return { info: 'Chưa lưu: bạn đã hủy việc chấm lại.' };
          announce(`Đã lưu câu ${q.id}.`);
          if (result.regrade) {
            await reloadWith(liveNotice('success', h('p', null, `Đã lưu câu ${q.id} và chấm lại các bài thi đã làm câu này.`),
              rescoreReport(result.regrade, handlers.rounds).map((line) => h('p', null, line))));
          } else {
            setNotice(null);
            redraw(result.question);
          }
          return null;
        },
        onCancel: () => {
          draw();
          focusFirst(card, 'button');
        },
      });
      replace(card, h('h3', { id: headingId }, `Sửa câu ${q.id}`), form);
      form.focusFirst();
    });
    const setStatus = (status, done) => async () => {
      const result = await handlers.save(q, bodyOf(q, { status }));
      if (!result) return;
      setNotice(null);
      redraw(result.question);
      announce(`Câu ${q.id}: ${done}.`);
    };
    const buttons = [edit];
    if (q.status === 'draft') buttons.push(action('Duyệt', { kind: '', run: setStatus('approved', 'đã duyệt') }));
    if (q.status === 'approved') buttons.push(action('Chuyển về nháp', { run: setStatus('draft', 'chuyển về nháp') }));
    if (q.status === 'archived') buttons.push(action('Khôi phục thành bản nháp', { run: setStatus('draft', 'khôi phục thành bản nháp') }));
    if (q.status !== 'archived') buttons.push(action('Lưu trữ', { run: setStatus('archived', 'đã lưu trữ') }));
    const voided = q.correction && q.correction.voided;
    if (q.drawn && !voided) {
      buttons.push(action('Hủy câu hỏi', {
        kind: 'button-danger',
        run: async () => {
          const report = await handlers.voidQuestion(q);
          if (!report) {
            say('info', 'Chưa hủy câu hỏi.');
            return;
          }
          announce(`Đã hủy câu ${q.id}.`);
          await reloadWith(liveNotice('success', h('p', null, `Đã hủy câu ${q.id}: tính đúng cho mọi người đã làm; câu hỏi được lưu trữ.`),
            rescoreReport(report, handlers.rounds).map((line) => h('p', null, line))));
        },
      }));
    }
    if (!q.drawn) {
      buttons.push(action('Xóa', {
        kind: 'button-danger',
        run: async () => {
          try {
            if (await handlers.remove(q)) await handlers.reload();
          } catch (error) {
            if (!(error instanceof ApiError && error.code === 'QUESTION_DRAWN')) throw error;
            // Drawn meanwhile: offer what is possible instead.
            const archive = action('Lưu trữ câu này', { run: setStatus('archived', 'đã lưu trữ') });
            say('warning', h('p', null, error.message), h('div', { class: 'actions' }, archive));
          }
        },
      }));
    }
    replace(
      card,
      h('div', { class: 'q-head' },
        h('div', { class: 'check q-select-box' }, select, h('label', { for: select.id }, h('span', { class: 'visually-hidden' }, `Chọn câu ${q.id}`))),
        h('h3', { id: headingId }, `Câu ${q.id}`),
        h('span', { class: `badge badge-${q.status}` }, STATUS_LABEL[q.status] || q.status),
        q.drawn ? h('span', { class: 'badge badge-drawn' }, 'Đã ra đề') : null,
        q.topic ? h('span', { class: 'q-topic' }, q.topic) : null,
      ),
      h('p', { class: 'q-text' }, q.text),
      h('ol', { class: 'q-options', type: 'A' }, q.options.map((option, i) =>
        h('li', { class: i === q.answer_index ? 'correct' : undefined }, option, i === q.answer_index ? h('strong', null, ' — đáp án đúng') : null))),
      correctionLine(q.correction),
      q.shuffle_options === false ? h('p', { class: 'q-fixed muted' }, 'Giữ nguyên thứ tự phương án (không xáo trộn).') : null,
      q.source ? h('p', { class: 'q-source muted' }, `Nguồn: ${q.source}`) : null,
      handlers.rounds.length > 1 ? h('p', { class: 'q-rounds' }, `Tuần thi: ${roundsText(q.rounds, handlers.rounds)}`) : null,
      statsLine(q.stats),
      notice,
      h('div', { class: 'actions' }, buttons),
    );
  }
  draw();
  return card;
}

/** The bulk result: a sentence, and each question's outcome. */
function bulkResult(report) {
  const results = report.results || [];
  const refused = results.filter((r) => !r.ok);
  const done = BULK[report.action] ? BULK[report.action].done : report.action;
  const sentence = `${done} ${formatNumber(report.changed)} câu.${refused.length ? ` ${formatNumber(refused.length)} câu không thực hiện được (xem lý do bên dưới).` : ''}`;
  return [
    liveNotice(refused.length ? 'warning' : 'success', sentence),
    table({
      caption: 'Kết quả từng câu',
      headers: ['Câu', 'Kết quả', 'Ghi chú'],
      rows: results.map((r) => [r.question_id, r.ok ? 'Đã thực hiện' : 'Không thực hiện', r.message || '']),
      className: 'bulk-results',
      rowClass: (i) => (results[i].ok ? undefined : 'refused'),
    }),
  ];
}

export async function render(ctx) {
  const root = h('div', { class: 'questions' });
  const counts = h('p', { class: 'q-counts', id: 'q-counts' });
  const listHolder = h('div');
  let questions = [];
  let shown = PAGE;
  const selected = new Set();

  const search = h('input', { type: 'search', name: 'q-search', placeholder: 'Tìm theo nội dung, mã, chủ đề' });
  const statusFilter = h('select', { name: 'q-filter-status' },
    h('option', { value: '' }, 'Tất cả'), Object.keys(STATUS_LABEL).map((value) => h('option', { value }, STATUS_LABEL[value])));
  const sort = h('select', { name: 'q-sort' },
    h('option', { value: 'id' }, 'Theo mã câu'), h('option', { value: 'rate' }, 'Tỉ lệ đúng thấp nhất trước'), h('option', { value: 'drawn' }, 'Ra đề nhiều nhất trước'));

  const rounds = ctx.detail.contest.rounds || [];
  const roundFilter = h('select', { name: 'q-filter-round' },
    h('option', { value: '' }, 'Tất cả'), rounds.map((r) => h('option', { value: r.id }, r.name)));

  // ---- bulk bar ----
  const bulkCount = h('p', { class: 'bulk-count', 'aria-live': 'polite' });
  const bulkStatus = h('div', { class: 'bulk-status' });
  const bulkButtons = Object.keys(BULK).map((act) =>
    h('button', { type: 'button', class: `button button-small ${act === 'delete' ? 'button-danger' : act === 'approve' ? '' : 'button-quiet'}`, dataset: { bulk: act }, 'data-write': true }, BULK[act].label));
  const selectShown = h('button', { type: 'button', class: 'button button-small button-quiet', 'data-write': true }, 'Chọn tất cả câu đang hiện');
  const clearSelection = h('button', { type: 'button', class: 'button button-small button-quiet', 'data-write': true }, 'Bỏ chọn');
  const bulkBar = h('div', { class: 'bulk-bar', role: 'group', 'aria-label': 'Thao tác với các câu đã chọn' },
    bulkCount, h('div', { class: 'actions' }, bulkButtons, selectShown, clearSelection));

  function updateBulk() {
    bulkCount.textContent = selected.size ? `Đã chọn ${formatNumber(selected.size)} câu.` : 'Chưa chọn câu nào: đánh dấu ô đầu mỗi câu để thao tác với nhiều câu cùng lúc.';
    // A read-only account keeps every write control disabled (app.js locks them once; this runs later).
    const locked = isReadOnly();
    for (const b of bulkButtons) b.disabled = locked || selected.size === 0;
    clearSelection.disabled = locked || selected.size === 0;
  }

  const describe = questionError;

  const handlers = {
    rounds,
    selected,
    notices: new Map(),
    describe,
    select: (id, on) => {
      if (on) selected.add(id);
      else selected.delete(id);
      updateBulk();
    },
    /** PUT, asking to regrade (and to correct published winners) when the server says so; null when cancelled. */
    save: async (q, body) => {
      let result;
      try {
        result = await api.saveQuestion(ctx.cid, q.id, body);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'REGRADE_REQUIRED')) throw error;
        if (!(await confirmRegrade(error.message))) return null;
        result = await withCorrection((confirm) => api.saveQuestion(ctx.cid, q.id, body, { regrade: true, confirm }));
        if (!result) return null;
      }
      // Keep the fields only the list has (statistics, drawn, correction).
      const listed = questions.find((x) => x.id === q.id);
      if (listed) Object.assign(listed, result.question);
      updateCounts();
      return result;
    },
    voidQuestion: async (q) => {
      const ok = await confirmAction({
        title: `Hủy câu ${q.id}?`,
        body: h('div', null,
          h('p', null, 'Câu hỏi được tính đúng cho mọi người đã làm và được lưu trữ (không ra đề nữa). Các bài thi đã làm câu này được chấm lại; bảng xếp hạng và danh sách đạt giải cập nhật theo.'),
          h('p', null, 'Không thể hoàn tác việc hủy câu hỏi.')),
        confirmText: 'Hủy câu hỏi',
        cancelText: 'Quay lại',
      });
      if (!ok) return null;
      return withCorrection((confirm) => api.voidQuestion(ctx.cid, q.id, confirm));
    },
    remove: async (q) => {
      const ok = await confirmAction({
        title: `Xóa câu ${q.id}?`,
        body: `«${q.text}» sẽ bị xóa khỏi ngân hàng; không thể hoàn tác. Câu hỏi chưa từng được ra đề nên không ảnh hưởng bài thi nào.`,
        confirmText: 'Xóa câu hỏi',
      });
      if (!ok) return false;
      await api.deleteQuestion(ctx.cid, q.id);
      announce(`Đã xóa câu ${q.id}.`);
      return true;
    },
    reload: () => load(),
  };

  function updateCounts() {
    const by = (status) => questions.filter((q) => q.status === status).length;
    const approved = by('approved');
    const archived = by('archived');
    counts.textContent = `Ngân hàng có ${formatNumber(questions.length)} câu: ${formatNumber(approved)} đã duyệt, ${formatNumber(by('draft'))} bản nháp${archived ? `, ${formatNumber(archived)} lưu trữ` : ''}. Chỉ câu đã duyệt được đưa vào đề thi.`;
    counts.dataset.total = String(questions.length);
    counts.dataset.approved = String(approved);
  }

  function filtered() {
    const term = search.value.trim().toLocaleLowerCase('vi');
    const forRound = (q) => !roundFilter.value || !(q.rounds && q.rounds.length) || q.rounds.includes(roundFilter.value);
    let list = questions.filter((q) => (!statusFilter.value || q.status === statusFilter.value) && forRound(q)
      && (!term || [q.id, q.text, q.topic].concat(q.options || []).some((t) => String(t || '').toLocaleLowerCase('vi').includes(term))));
    const rate = (q) => { const r = correctRate(q.stats); return r === null ? Infinity : r; };
    if (sort.value === 'rate') list = list.slice().sort((a, b) => rate(a) - rate(b));
    if (sort.value === 'drawn') list = list.slice().sort((a, b) => ((b.stats && b.stats.drawn) || 0) - ((a.stats && a.stats.drawn) || 0));
    return list;
  }

  let visible = [];
  function drawList() {
    const list = filtered();
    visible = list.slice(0, shown);
    const more = list.length > shown
      ? h('button', { type: 'button', class: 'button button-quiet', onclick: () => { shown += PAGE; drawList(); } }, `Hiện thêm (${formatNumber(list.length - shown)} câu nữa)`)
      : null;
    replace(
      listHolder,
      h('p', { class: 'muted', 'aria-live': 'polite' }, `Đang hiện ${formatNumber(visible.length)} / ${formatNumber(list.length)} câu phù hợp.`),
      h('ol', { class: 'q-list' }, visible.map((q) => questionCard(q, handlers))),
      more,
    );
    updateBulk();
  }

  async function load() {
    const data = await api.questions(ctx.cid);
    questions = data.questions || [];
    // Forget selections of questions that are gone.
    for (const id of Array.from(selected)) if (!questions.some((q) => q.id === id)) selected.delete(id);
    updateCounts();
    drawList();
    ctx.reloadDetail().catch(() => null);
  }

  selectShown.addEventListener('click', () => {
    for (const q of visible) selected.add(q.id);
    drawList();
  });
  clearSelection.addEventListener('click', () => {
    selected.clear();
    drawList();
  });
  for (const b of bulkButtons) {
    // busy() enables its button again when done: the selection decides after it.
    b.addEventListener('click', () => busy(b, async () => {
      const act = b.dataset.bulk;
      const ids = Array.from(selected);
      if (act === 'delete') {
        const ok = await confirmAction({
          title: `Xóa ${formatNumber(ids.length)} câu hỏi?`,
          body: 'Các câu chưa từng được ra đề sẽ bị xóa khỏi ngân hàng; không thể hoàn tác. Câu đã ra đề không xóa được (nên chọn «Lưu trữ»).',
          confirmText: `Xóa ${formatNumber(ids.length)} câu`,
        });
        if (!ok) return;
      }
      replace(bulkStatus, h('p', { class: 'loading' }, `Đang thực hiện với ${formatNumber(ids.length)} câu…`));
      try {
        const report = await api.bulkQuestions(ctx.cid, act, ids);
        selected.clear();
        replace(bulkStatus, bulkResult(report));
        announce(`${BULK[act].done} ${report.changed} câu.`);
        await load();
      } catch (error) {
        const starving = error instanceof ApiError && error.code === 'INVALID_QUESTION';
        replace(bulkStatus, liveNotice('error', starving
          ? `Không thực hiện: sau thao tác này, một tuần thi chưa kết thúc sẽ không còn đủ câu hỏi đã duyệt cho một lượt thi (${questionError(error)}). Không câu nào bị thay đổi.`
          : error.message));
      }
    }).then(updateBulk));
  }

  for (const control of [statusFilter, roundFilter, sort]) control.addEventListener('change', () => { shown = PAGE; drawList(); });
  let searchTimer;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { shown = PAGE; drawList(); }, 200);
  });

  const importStatus = h('select', { name: 'import-status', 'data-write': true }, h('option', { value: 'approved' }, 'Đã duyệt (dùng ngay trong đề thi)'), h('option', { value: 'draft' }, 'Bản nháp (duyệt sau)'));
  const importer = importPanel({
    idPrefix: 'q-import',
    title: 'Nhập câu hỏi từ tệp',
    intro: h('div', { class: 'hint' },
      h('p', null, 'Tệp Word (.docx), Excel (.xlsx), CSV hoặc JSON. Hệ thống kiểm tra từng câu trước; chỉ khi tệp không còn lỗi mới nhập được.'),
      h('p', null, 'Excel, CSV: các cột Câu hỏi, A, B, C, D (E, F nếu có), Đáp án (chữ cái), Chủ đề, Nguồn, Tuần thi (không bắt buộc: tên hoặc mã các tuần thi dùng câu hỏi, cách nhau bằng dấu phẩy; để trống là mọi tuần thi), Xáo trộn phương án (có/không; để trống là có). ',
        h('a', { href: 'mau-cau-hoi.csv', download: 'mau-cau-hoi.csv' }, 'Tải tệp mẫu (CSV, mở được bằng Excel)'), '.'),
      h('div', { class: 'word-help' },
        h('p', null, 'Word: mỗi câu bắt đầu bằng «Câu 1.», «Câu 2.»…; các phương án «A. …» đến «F. …» mỗi phương án một dòng; đáp án ghi «Đáp án: B» hoặc in đậm, gạch chân phương án đúng. Có thể thêm các dòng «Chủ đề: …», «Nguồn: …», «Tuần thi: …», «Xáo trộn phương án: không». Lỗi được báo theo số câu. ',
          h('a', { href: 'mau-cau-hoi.docx', download: 'mau-cau-hoi.docx' }, 'Tải tệp mẫu (Word)'), '.'))),
    accept: '.docx,.xlsx,.csv,.json,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,application/json',
    previewColumns: ['Câu hỏi', 'Các phương án', 'Đáp án', 'Chủ đề', 'Nguồn', 'Tuần thi', 'Xáo trộn'],
    previewRow: (q) => [q.text, optionsText(q.options || []), LETTERS[q.answer_index] || '—', q.topic || '—', q.source || '—', roundsText(q.rounds, rounds), q.shuffle_options === false ? 'Không' : 'Có'],
    rowNoun: (file) => (isWordFile(file) ? 'câu' : 'dòng'),
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
    onImported: load,
  });

  await load();
  root.append(
    counts,
    importer,
    h('section', { class: 'card', 'aria-labelledby': 'q-list-title' },
      h('h2', { id: 'q-list-title' }, 'Danh sách câu hỏi'),
      h('p', { class: 'hint' }, 'Câu «Đã ra đề» đã có trong bài thi nên không xóa được: chọn «Lưu trữ» để không ra đề nữa, hoặc «Hủy câu hỏi» để tính đúng cho mọi người đã làm. Câu chưa ra đề xóa được.'),
      h('div', { class: `filters ${rounds.length > 1 ? 'grid-4' : 'grid-3'}` },
        field('Tìm kiếm', search).field,
        field('Trạng thái', statusFilter).field,
        rounds.length > 1 ? field('Tuần thi', roundFilter, 'Câu của tuần này và câu dùng cho mọi tuần.').field : null,
        field('Sắp xếp', sort).field),
      bulkBar,
      bulkStatus,
      listHolder,
    ),
  );
  return root;
}
