// Thông báo: the committee's announcements, shown on the participant page
// (its home page and the top of «Trang của tôi») once published. Write one
// (published at once, or kept as a draft), edit it, publish or withdraw it,
// delete it (after a confirmation: it cannot be undone).

import { h, replace, announce, nextId } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { busy, liveNotice } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api, ApiError } from './api.js';
import { confirmAction, field, loadOrSay } from './ui.js';

const MAX_TITLE = 200;
const MAX_BODY = 5000;
const FIELD_LABEL = { title: 'Tiêu đề', body: 'Nội dung', announcements: 'Số thông báo' };

/**
 * INVALID_ANNOUNCEMENT names the fields at fault inside its message
 * («Thông báo chưa hợp lệ: title: không được để trống; body: …»): each
 * field's part, with the field's Vietnamese name.
 */
export function announcementProblems(message) {
  const detail = String(message || '').replace(/^[^:]*:\s*/, '');
  const problems = {};
  for (const part of detail.split(/;\s*/)) {
    const m = /^([a-z_]+):\s*(.+)$/.exec(part.trim());
    if (m) problems[m[1]] = `${FIELD_LABEL[m[1]] || m[1]} ${m[2]}.`;
  }
  return problems;
}

/** The title, body and «publish» fields, filled from `a`; values() and problems() as the other forms. */
function announcementForm(a, { submitLabel, onSubmit, onCancel }) {
  const title = h('input', { type: 'text', name: 'a-title', value: a ? a.title : '', maxlength: String(MAX_TITLE), required: true, 'data-write': true });
  const body = h('textarea', { name: 'a-body', rows: '6', maxlength: String(MAX_BODY), required: true, 'data-write': true });
  body.value = a ? a.body : '';
  const published = h('input', { type: 'checkbox', id: nextId('a-published'), name: 'a-published', checked: a ? a.published : true, 'data-write': true });
  const titleField = field('Tiêu đề', title, `Tối đa ${formatNumber(MAX_TITLE)} ký tự.`);
  const bodyField = field('Nội dung', body, `Văn bản thường, xuống dòng được giữ nguyên; tối đa ${formatNumber(MAX_BODY)} ký tự.`);
  const errors = {};
  for (const [key, input] of [['title', title], ['body', body]]) {
    errors[key] = h('p', { class: 'field-error', id: `${input.id}-error`, hidden: true });
    input.after(errors[key]);
    input.setAttribute('aria-describedby', `${input.id}-error ${input.getAttribute('aria-describedby') || ''}`.trim());
  }
  const inputs = { title, body };
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'button', 'data-write': true }, submitLabel);
  const form = h('form', { class: 'announcement-form', novalidate: true },
    titleField.field,
    bodyField.field,
    h('div', { class: 'check' }, published, h('label', { for: published.id }, 'Đăng ngay trên trang dự thi (bỏ chọn để lưu bản nháp)')),
    status,
    h('div', { class: 'actions' }, submit, onCancel ? h('button', { type: 'button', class: 'button button-quiet', onclick: onCancel }, 'Hủy') : null));

  const showProblems = (problems) => {
    let first = null;
    for (const key of Object.keys(errors)) {
      const text = problems[key];
      errors[key].textContent = text || '';
      errors[key].hidden = !text;
      if (text) {
        inputs[key].setAttribute('aria-invalid', 'true');
        first = first || inputs[key];
      } else {
        inputs[key].removeAttribute('aria-invalid');
      }
    }
    if (first) first.focus();
    return Boolean(first);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(status);
    const value = { title: title.value.trim(), body: body.value.trim(), published: published.checked };
    const local = {};
    if (!value.title) local.title = 'Chưa nhập tiêu đề.';
    if (!value.body) local.body = 'Chưa nhập nội dung.';
    if (showProblems(local)) return;
    await busy(submit, async () => {
      try {
        await onSubmit(value);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'INVALID_ANNOUNCEMENT') {
          const problems = announcementProblems(error.message);
          if (showProblems(problems)) return;
        }
        replace(status, liveNotice('error', error.message));
      }
    }, 'Đang lưu…');
  });
  form.focusFirst = () => title.focus();
  return form;
}

export async function render(ctx) {
  const message = h('div', { class: 'form-status' });
  const listHolder = h('div');
  let list = [];

  const say = (kind, text) => {
    replace(message, liveNotice(kind, text));
    announce(text);
  };

  function card(a) {
    const titleId = nextId('ann');
    const item = h('li', { class: `card announcement${a.published ? '' : ' announcement-draft'}`, dataset: { id: a.id } });
    const draw = () => {
      const edit = h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-describedby': titleId, 'data-write': true }, 'Sửa');
      const toggle = h('button', { type: 'button', class: `button button-small${a.published ? ' button-quiet' : ''}`, 'aria-describedby': titleId, 'data-write': true },
        a.published ? 'Thu hồi (chuyển về nháp)' : 'Đăng lên trang dự thi');
      const remove = h('button', { type: 'button', class: 'button button-danger button-small', 'aria-describedby': titleId, 'data-write': true }, 'Xóa');
      edit.addEventListener('click', () => {
        const form = announcementForm(a, {
          submitLabel: 'Lưu thông báo',
          onSubmit: async (value) => {
            const saved = await api.saveAnnouncement(ctx.cid, a.id, value);
            Object.assign(a, saved);
            await load();
            say('success', `Đã lưu thông báo «${saved.title}».`);
          },
          onCancel: () => {
            draw();
            edit.focus();
          },
        });
        replace(item, h('h3', { id: titleId }, `Sửa thông báo «${a.title}»`), form);
        form.focusFirst();
      });
      toggle.addEventListener('click', () => busy(toggle, async () => {
        try {
          const saved = await api.saveAnnouncement(ctx.cid, a.id, { title: a.title, body: a.body, published: !a.published });
          await load();
          say('success', saved.published ? `Đã đăng thông báo «${saved.title}» lên trang dự thi.` : `Đã thu hồi thông báo «${saved.title}» (bản nháp, không còn hiện trên trang dự thi).`);
        } catch (error) {
          replace(message, liveNotice('error', error.message));
        }
      }, 'Đang lưu…'));
      remove.addEventListener('click', () => busy(remove, async () => {
        const ok = await confirmAction({
          title: `Xóa thông báo «${a.title}»?`,
          body: `Thông báo bị xóa hẳn${a.published ? ' và không còn hiện trên trang dự thi' : ''}; không thể hoàn tác. Muốn tạm ẩn thì dùng «Thu hồi».`,
          confirmText: 'Xóa thông báo',
        });
        if (!ok) return;
        try {
          await api.deleteAnnouncement(ctx.cid, a.id);
          await load();
          say('success', `Đã xóa thông báo «${a.title}».`);
        } catch (error) {
          replace(message, liveNotice('error', error.message));
        }
      }, 'Đang xóa…'));
      replace(item,
        h('div', { class: 'q-head' },
          h('h3', { id: titleId }, a.title),
          h('span', { class: `badge ${a.published ? 'badge-open' : 'badge-draft'}` }, a.published ? 'Đã đăng' : 'Bản nháp')),
        h('p', { class: 'muted' }, `Viết lúc ${formatDateTime(a.created_at)}${a.updated_at && formatDateTime(a.updated_at) !== formatDateTime(a.created_at) ? ` · sửa lần cuối lúc ${formatDateTime(a.updated_at)}` : ''}`),
        h('div', { class: 'announcement-body' }, a.body),
        h('div', { class: 'actions' }, edit, toggle, remove));
    };
    draw();
    return item;
  }

  async function load() {
    const data = await loadOrSay(listHolder, () => api.announcements(ctx.cid));
    if (!data || !ctx.isCurrent()) return;
    list = data.announcements || [];
    const published = list.filter((a) => a.published).length;
    replace(listHolder,
      h('p', { class: 'muted', 'aria-live': 'polite' }, list.length
        ? `${formatNumber(list.length)} thông báo: ${formatNumber(published)} đang hiện trên trang dự thi, ${formatNumber(list.length - published)} bản nháp. Mới nhất ở trên.`
        : ''),
      list.length ? h('ol', { class: 'announcement-list' }, list.map(card)) : h('p', { class: 'empty' }, 'Chưa có thông báo nào.'));
  }

  const newHolder = h('div');
  const drawNew = () => {
    const form = announcementForm(null, {
      submitLabel: 'Lưu thông báo',
      onSubmit: async (value) => {
        const created = await api.createAnnouncement(ctx.cid, value);
        drawNew();
        await load();
        say('success', created.published ? `Đã đăng thông báo «${created.title}» lên trang dự thi.` : `Đã lưu bản nháp «${created.title}».`);
      },
    });
    replace(newHolder, form);
  };
  drawNew();
  await load();

  return h('div', { class: 'announcements' },
    h('section', { class: 'card', 'aria-labelledby': 'ann-new' },
      h('h2', { id: 'ann-new' }, 'Viết thông báo mới'),
      h('p', { class: 'hint' }, 'Thông báo đã đăng hiện ở trang chủ và trang cá nhân của người dự thi, mới nhất ở trên: lịch thi, thay đổi thể lệ, công bố kết quả, hướng dẫn khi gặp sự cố…'),
      newHolder),
    message,
    h('section', { class: 'card', 'aria-labelledby': 'ann-list' },
      h('h2', { id: 'ann-list' }, 'Các thông báo'),
      listHolder));
}
