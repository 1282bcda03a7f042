// The organizer page's own pieces: labelled fields, data tables and the
// file-import preview panel (the shared ones are in ../shared/).

import { h, replace, announce, nextId } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { askDialog, busy, liveNotice } from '../shared/ui.js';
import { ApiError } from './api.js';
import { formatDateTime } from '../shared/vietnam-time.js';

/** A labelled form field: returns { field, input }. */
export function field(label, input, hint) {
  const id = input.id || nextId('f');
  input.id = id;
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: `${id}-hint` }, hint);
    const describedBy = [input.getAttribute('aria-describedby'), hintEl.id].filter(Boolean).join(' ');
    input.setAttribute('aria-describedby', describedBy);
  }
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl);
  return { field: wrapper, input };
}

/** The data load() brings; when it fails, its message is shown in `holder` and the answer is null. */
export async function loadOrSay(holder, load) {
  try {
    return await load();
  } catch (error) {
    replace(holder, liveNotice('error', error.message));
    return null;
  }
}

/** A table with a caption; rows are arrays of cells (strings or nodes). */
export function table({ caption, headers, rows, className = '', rowClass }) {
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
    h(
      'table',
      { class: `data ${className}`.trim() },
      h('caption', null, caption),
      h('thead', null, h('tr', null, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h(
        'tbody',
        null,
        rows.map((cells, index) =>
          h(
            'tr',
            { class: rowClass ? rowClass(index) : undefined },
            cells.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', null, cell))),
          ),
        ),
      ),
    ),
  );
}

/**
 * A small form's save: the `problems` found (if any) go into `status` as one
 * error; otherwise save() runs with `button` busy («Đang lưu…») and a
 * failure is shown in `status` (as describe(error): its message by default).
 */
export async function checkedSave({ button, status, problems, save, describe = (error) => error.message }) {
  if (problems.length) {
    replace(status, liveNotice('error', problems.join(' ')));
    return;
  }
  await busy(button, async () => {
    try {
      await save();
    } catch (error) {
      replace(status, liveNotice('error', describe(error)));
    }
  }, 'Đang lưu…');
}

/**
 * Choose a file → the server checks it (dry run) → a preview with every bad
 * row → the import button, enabled only when the file has no errors.
 *   preview(file, options) → Promise<{ valid, errors, preview, extra }>
 *   commit(file, options)  → Promise<string> (the success message)
 *   rowNoun(file)          → 'dòng' (default) or e.g. 'câu' for a Word file,
 *                            whose errors are numbered by question
 */
export function importPanel({ idPrefix, title, intro, accept, previewColumns, previewRow, preview, commit, extraControls, onImported, rowNoun = () => 'dòng' }) {
  const fileInput = h('input', { type: 'file', accept, name: `${idPrefix}-file`, id: `${idPrefix}-file`, 'data-write': true });
  const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const importButton = h('button', { type: 'button', class: 'button', disabled: true, id: `${idPrefix}-commit`, 'data-write': true }, 'Nhập');
  let current = null;

  const options = () => (extraControls ? extraControls.values() : {});

  async function check() {
    importButton.disabled = true;
    current = null;
    const file = fileInput.files && fileInput.files[0];
    if (!file) {
      replace(result);
      return;
    }
    replace(result, h('p', { class: 'loading' }, `Đang kiểm tra tệp «${file.name}»…`));
    try {
      const report = await preview(file, options());
      const errors = report.errors || [];
      const noun = rowNoun(file);
      const parts = [];
      if (errors.length) {
        parts.push(
          liveNotice('error', `Tệp «${file.name}» có ${errors.length} ${noun} lỗi; chưa nhập được. Sửa các ${noun} dưới đây trong tệp rồi chọn lại tệp.`),
          table({
            caption: `Các ${noun} lỗi`,
            headers: [noun.charAt(0).toUpperCase() + noun.slice(1), 'Lỗi'],
            rows: errors.map((e) => [e.row === null || e.row === undefined ? '—' : String(e.row), e.message]),
            className: 'import-errors',
          }),
        );
      } else if (report.valid > 0) {
        parts.push(liveNotice('success', report.summary || `Tệp hợp lệ: ${report.valid} ${noun} sẵn sàng để nhập. Bấm «Nhập» để lưu.`));
      } else {
        parts.push(liveNotice('warning', `Tệp không có ${noun} dữ liệu nào.`));
      }
      const rows = report.preview || [];
      if (rows.length) {
        parts.push(
          table({
            caption: report.previewCaption || (report.valid > rows.length ? `Xem trước ${rows.length} trên ${report.valid} ${noun} hợp lệ` : `Xem trước ${rows.length} ${noun} hợp lệ`),
            headers: previewColumns,
            rows: rows.map(previewRow),
            className: 'import-preview',
          }),
        );
      }
      replace(result, parts);
      current = errors.length === 0 && report.valid > 0 ? file : null;
      importButton.disabled = !current;
      importButton.textContent = current ? `Nhập ${report.valid} ${noun}` : 'Nhập';
      announce(errors.length ? `Tệp có ${errors.length} ${noun} lỗi.` : `Tệp hợp lệ, ${report.valid} ${noun}.`);
    } catch (error) {
      replace(result, liveNotice('error', error.message));
    }
  }

  fileInput.addEventListener('change', check);
  if (extraControls) extraControls.onChange(check);
  importButton.addEventListener('click', async () => {
    if (!current) return;
    const file = current;
    await busy(importButton, async () => {
      try {
        const message = await commit(file, options());
        replace(result, liveNotice('success', message));
        announce(message);
        fileInput.value = '';
        current = null;
        if (onImported) await onImported();
      } catch (error) {
        replace(result, liveNotice('error', error.message));
      }
    }, 'Đang nhập…');
    importButton.disabled = !current;
    if (!current) importButton.textContent = 'Nhập';
  });

  return h(
    'section',
    { class: 'card import-panel', 'aria-labelledby': `${idPrefix}-title` },
    h('h2', { id: `${idPrefix}-title` }, title),
    intro,
    h('div', { class: 'import-controls' }, field('Chọn tệp', fileInput).field, extraControls ? extraControls.element : null),
    result,
    h('div', { class: 'actions' }, importButton),
  );
}

/** "Còn 2 kết quả chờ xét duyệt", linking to the section. */
export function pendingReviewsNotice(count, round = '') {
  if (!(count > 0)) return null;
  return liveNotice('warning', h('p', null,
    `Còn ${formatNumber(count)} kết quả chờ xét duyệt (hoàn thành nhanh bất thường): chưa được xếp hạng, xét giải cho đến khi Ban Tổ chức quyết định. `,
    h('a', { href: round ? `#xet-duyet?round=${encodeURIComponent(round)}` : '#xet-duyet' }, 'Xem mục Xét duyệt'), '.'));
}

/** Focuses the first element matching `selector` inside `container`, if any. */
export function focusFirst(container, selector) {
  const target = container && container.querySelector(selector);
  if (target) target.focus();
  return target;
}

/** "ngày 06/11/2023 (lúc 22:00)" in Vietnam time. */
function onDay(value) {
  const [day, time] = formatDateTime(value).split(' ');
  return time ? `ngày ${day} (lúc ${time})` : day;
}

/** "Dữ liệu cá nhân … sẽ được xóa ngày …" / "… đã được xóa ngày …", or null. */
export function erasureSentence(detail) {
  if (detail.personal_data_erased_at) {
    return `Dữ liệu cá nhân của người dự thi đã được xóa ${onDay(detail.personal_data_erased_at)}.`;
  }
  if (detail.personal_data_erase_on) {
    return `Dữ liệu cá nhân của người dự thi sẽ được xóa ${onDay(detail.personal_data_erase_on)}, khi hết thời hạn lưu.`;
  }
  return null;
}

// ---- confirmations ----

/** A yes/no question before an action; resolves true when confirmed. */
export function confirmAction({ title, body, confirmText, danger = true, cancelText = 'Hủy' }) {
  return askDialog({
    title,
    body: typeof body === 'string' ? h('p', null, body) : body,
    buttons: [
      { text: confirmText, class: danger ? 'button button-danger' : 'button', value: true },
      { text: cancelText, class: 'button button-quiet', value: false },
    ],
    describe: true,
    restoreFocus: true,
  });
}

/** After 409 CONFIRMATION_REQUIRED: published winners would be corrected. */
export function confirmCorrection(serverMessage) {
  return confirmAction({
    title: 'Đính chính danh sách đạt giải đã công bố?',
    body: h('div', null,
      h('p', null, serverMessage),
      h('p', null, 'Danh sách đạt giải được tính lại, vẫn ở trạng thái công bố, kèm thời điểm đính chính trên trang dự thi; thao tác được ghi vào Nhật ký.')),
    confirmText: 'Đính chính',
  });
}

/**
 * Runs send(confirm) once; when the server answers 409
 * CONFIRMATION_REQUIRED (published winners would change) asks, and runs
 * send(true) if the organizer agrees. Resolves the answer, or null when
 * the organizer cancelled the correction.
 */
export async function withCorrection(send) {
  try {
    return await send(false);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'CONFIRMATION_REQUIRED')) throw error;
    if (!(await confirmCorrection(error.message))) return null;
    return send(true);
  }
}

/**
 * A dialog for what cannot be undone: the button stays disabled until
 * `expected` is typed in the field labelled `label` (compared by
 * `normalize`). Resolves true when confirmed; false on Hủy or Esc.
 */
export function typedConfirm({ title, body, label, expected, normalize = (v) => v.trim(), confirmText }) {
  const titleId = nextId('dialog-title');
  const bodyId = nextId('dialog-desc');
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', name: 'typed-confirmation' });
  const ok = h('button', { type: 'button', class: 'button button-danger', disabled: true }, confirmText);
  const cancel = h('button', { type: 'button', class: 'button button-quiet' }, 'Hủy');
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': bodyId },
    h('h2', { id: titleId }, title),
    h('div', { id: bodyId }, typeof body === 'string' ? h('p', null, body) : body),
    field(label, input).field,
    h('div', { class: 'actions' }, ok, cancel),
  );
  const previous = document.activeElement;
  input.addEventListener('input', () => { ok.disabled = normalize(input.value) !== normalize(expected); });
  document.body.append(dialog);
  return new Promise((resolve) => {
    ok.addEventListener('click', () => dialog.close('ok'));
    cancel.addEventListener('click', () => dialog.close(''));
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (previous && typeof previous.focus === 'function') previous.focus();
      resolve(dialog.returnValue === 'ok');
    });
    dialog.showModal();
    input.focus();
  });
}

// ---- reports ----

/** "Tuần 1, Tuần 2" from round ids. */
export function roundNames(ids, rounds) {
  return (ids || []).map((id) => (rounds.find((r) => r.id === id) || { name: id }).name).join(', ');
}

/** What a rescoring pass did, as sentences (attempts checked and rescored, winners recomputed and corrected). */
export function rescoreReport(report, rounds) {
  const lines = [];
  if (report.attempts_checked > 0) {
    lines.push(`Đã kiểm tra ${formatNumber(report.attempts_checked)} bài thi, chấm lại ${formatNumber(report.attempts_rescored || 0)} bài có điểm thay đổi.`);
  } else if (report.attempts_checked === 0) {
    lines.push('Không có bài thi nào cần chấm lại.');
  }
  lines.push(winnersSentence(report, rounds));
  return lines;
}

/** "Đã tính lại danh sách đạt giải: …; đã đính chính danh sách đã công bố: …" (or that none changed). */
export function winnersSentence(report, rounds) {
  const recomputed = report.winners_recomputed || [];
  const corrected = report.winners_corrected || [];
  if (!recomputed.length) return 'Danh sách đạt giải không thay đổi.';
  let text = `Đã tính lại danh sách đạt giải: ${roundNames(recomputed, rounds)}.`;
  if (corrected.length) text += ` Đã đính chính danh sách đã công bố: ${roundNames(corrected, rounds)}.`;
  return text;
}

// ---- copying ----

/**
 * Puts `text` on the clipboard; resolves whether it worked. The Clipboard
 * API needs a secure context and may be refused; older browsers (and
 * http:// in a ward office) still copy a selected textarea's text with
 * execCommand('copy').
 */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (refused) {
      // fall through to the selection
    }
  }
  const buffer = h('textarea', { class: 'copy-buffer', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
  buffer.value = text;
  const previous = document.activeElement;
  document.body.append(buffer);
  buffer.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch (unsupported) {
    copied = false;
  }
  buffer.remove();
  if (previous && typeof previous.focus === 'function') previous.focus();
  return copied;
}

/**
 * A «Sao chép» button for what `value()` gives; says in `status` whether it
 * worked (if not: select the text and copy it by hand).
 */
export function copyButton({ label = 'Sao chép', value, status, what, className = 'button button-quiet button-small', ariaLabel }) {
  const button = h('button', { type: 'button', class: className, 'aria-label': ariaLabel || null }, label);
  button.addEventListener('click', async () => {
    const copied = await copyText(value());
    const message = copied
      ? `Đã sao chép ${what}.`
      : `Trình duyệt không cho sao chép tự động: hãy chọn ${what} rồi bấm Ctrl+C (trên điện thoại: giữ ngón tay để chọn).`;
    if (status) replace(status, liveNotice(copied ? 'success' : 'warning', message));
    announce(message);
  });
  return button;
}
