// The organizer page's own pieces: labelled fields, data tables and the
// file-import preview panel (the shared ones are in ../shared/).

import { h, replace, announce, nextId } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { busy, liveNotice } from '../shared/ui.js';

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
 */
export function importPanel({ idPrefix, title, intro, accept, previewColumns, previewRow, preview, commit, extraControls, onImported }) {
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
      const parts = [];
      if (errors.length) {
        parts.push(
          liveNotice('error', `Tệp «${file.name}» có ${errors.length} dòng lỗi; chưa nhập được. Sửa các dòng dưới đây trong tệp rồi chọn lại tệp.`),
          table({
            caption: 'Các dòng lỗi',
            headers: ['Dòng', 'Lỗi'],
            rows: errors.map((e) => [String(e.row ?? '—'), e.message]),
            className: 'import-errors',
          }),
        );
      } else if (report.valid > 0) {
        parts.push(liveNotice('success', report.summary || `Tệp hợp lệ: ${report.valid} dòng sẵn sàng để nhập. Bấm «Nhập» để lưu.`));
      } else {
        parts.push(liveNotice('warning', 'Tệp không có dòng dữ liệu nào.'));
      }
      const rows = report.preview || [];
      if (rows.length) {
        parts.push(
          table({
            caption: report.previewCaption || (report.valid > rows.length ? `Xem trước ${rows.length} trên ${report.valid} dòng hợp lệ` : `Xem trước ${rows.length} dòng hợp lệ`),
            headers: previewColumns,
            rows: rows.map(previewRow),
            className: 'import-preview',
          }),
        );
      }
      replace(result, parts);
      current = errors.length === 0 && report.valid > 0 ? file : null;
      importButton.disabled = !current;
      importButton.textContent = current ? `Nhập ${report.valid} dòng` : 'Nhập';
      announce(errors.length ? `Tệp có ${errors.length} dòng lỗi.` : `Tệp hợp lệ, ${report.valid} dòng.`);
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
