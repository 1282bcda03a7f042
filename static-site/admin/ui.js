// Shared pieces: a confirmation dialog and the file-import preview panel.

import { h, replace, notice, field, busy, announce, table, nextId } from './dom.js';

/** A modal <dialog> asking to confirm; resolves true or false. */
export function confirmDialog({ title, message, confirmLabel = 'Đồng ý', cancelLabel = 'Hủy', danger = false }) {
  return new Promise((resolve) => {
    const titleId = nextId('dlg');
    const ok = h('button', { type: 'button', class: danger ? 'button button-danger' : 'button' }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'button button-quiet' }, cancelLabel);
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      h('p', null, message),
      h('div', { class: 'actions' }, ok, cancel),
    );
    const previous = document.activeElement;
    const finish = (value) => {
      dialog.close();
      dialog.remove();
      if (previous && typeof previous.focus === 'function') previous.focus();
      resolve(value);
    };
    ok.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/**
 * Choose a file → the server checks it (dry run) → a preview with every bad
 * row → the import button, enabled only when the file has no errors.
 *   preview(file, options) → Promise<{ valid, errors, preview, extra }>
 *   commit(file, options)  → Promise<string> (the success message)
 */
export function importPanel({ idPrefix, title, intro, accept, previewColumns, previewRow, preview, commit, extraControls, onImported }) {
  const fileInput = h('input', { type: 'file', accept, name: `${idPrefix}-file`, id: `${idPrefix}-file` });
  const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const importButton = h('button', { type: 'button', class: 'button', disabled: true, id: `${idPrefix}-commit` }, 'Nhập');
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
          notice('error', `Tệp «${file.name}» có ${errors.length} dòng lỗi; chưa nhập được. Sửa các dòng dưới đây trong tệp rồi chọn lại tệp.`),
          table({
            caption: 'Các dòng lỗi',
            headers: ['Dòng', 'Lỗi'],
            rows: errors.map((e) => [String(e.row ?? '—'), e.message]),
            className: 'import-errors',
          }),
        );
      } else if (report.valid > 0) {
        parts.push(notice('success', report.summary || `Tệp hợp lệ: ${report.valid} dòng sẵn sàng để nhập. Bấm «Nhập» để lưu.`));
      } else {
        parts.push(notice('warning', 'Tệp không có dòng dữ liệu nào.'));
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
      replace(result, notice('error', error.message));
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
        replace(result, notice('success', message));
        announce(message);
        fileInput.value = '';
        current = null;
        if (onImported) await onImported();
      } catch (error) {
        replace(result, notice('error', error.message));
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
