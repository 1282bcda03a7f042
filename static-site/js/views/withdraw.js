// «Rút khỏi cuộc thi và xóa dữ liệu» (Nghị định 13/2023: withdrawing
// consent): what it means, the account's password (so that a borrowed phone
// cannot erase someone), a last confirmation, then the session and every
// copy this device keeps are forgotten. Nothing here can be undone.

import { api, clearSession, contestId } from '../api.js';
import { h, replace, announce } from '../../shared/dom.js';
import { localStore } from '../../shared/storage.js';
import { notice } from '../../shared/ui.js';
import { discardJournal } from '../journal.js';
import { confirmDialog, heading } from '../ui.js';
import { field, FormErrors, passwordToggle } from './auth.js';

const CONSEQUENCES = [
  'Thông tin đăng ký của bạn (họ tên, số điện thoại, năm sinh, e-mail, đơn vị) bị xóa ngay và không khôi phục được.',
  'Bạn không còn được xếp hạng và xét giải, kể cả với các lượt đã thi; tài khoản không đăng nhập được nữa.',
  'Các bài thi đã làm được giữ lại ở dạng ẩn danh (không còn gắn với bạn) để số liệu thống kê của cuộc thi vẫn đúng.',
  'Danh sách đạt giải đã công bố là văn bản công khai nên được giữ nguyên.',
  'Số điện thoại này có thể đăng ký lại từ đầu nếu bạn muốn dự thi tiếp.',
];

/** What this device keeps about the participant: the session, and the journals of their attempts. */
function forgetOnThisDevice(attemptIds) {
  clearSession();
  for (const id of attemptIds) discardJournal(contestId, id);
  localStore.remove(`cuocthi:v1:${contestId}:announcements`);
}

export async function renderWithdraw(ctx) {
  // The attempts' ids, to forget their journals afterwards (best effort).
  let attemptIds = [];
  try {
    const me = await api.me();
    attemptIds = me.attempts.map((a) => a.id);
  } catch (error) {
    if (error.status === 401) return;
  }
  if (!ctx.isCurrent()) return;

  const passwordInput = h('input', { type: 'password', autocomplete: 'current-password', maxlength: '128', required: true });
  const password = field({ name: 'password', label: 'Mật khẩu của bạn', hint: 'Để xác nhận chính bạn yêu cầu rút khỏi cuộc thi.', input: passwordInput });
  password.wrapper.append(passwordToggle(passwordInput));
  const formError = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', hidden: true });
  const errors = new FormErrors({ password }, formError);
  const submit = h('button', { type: 'submit', class: 'button button-danger button-wide', text: 'Rút khỏi cuộc thi và xóa dữ liệu' });
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'withdraw-form-title' },
    h('h2', { id: 'withdraw-form-title', text: 'Xác nhận bằng mật khẩu' }),
    password.wrapper,
    formError,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    errors.clear();
    if (!passwordInput.value) {
      errors.set('password', 'Vui lòng nhập mật khẩu.');
      errors.focusFirst();
      return;
    }
    const ok = await confirmDialog({
      title: 'Xóa vĩnh viễn dữ liệu của bạn?',
      content: [
        h('p', { text: 'Bạn sẽ rút khỏi cuộc thi: dữ liệu cá nhân bị xóa ngay, không còn được xếp hạng và xét giải. Việc này không thể hoàn tác.' }),
      ],
      confirmText: 'Xóa dữ liệu',
      cancelText: 'Không, quay lại',
    });
    if (!ok) {
      submit.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Đang xóa dữ liệu…';
    try {
      const data = await api.withdraw(passwordInput.value);
      forgetOnThisDevice(attemptIds);
      announce('Đã rút khỏi cuộc thi và xóa dữ liệu.');
      ctx.state.flash = { kind: 'success', text: (data && data.message) || 'Bạn đã rút khỏi cuộc thi; dữ liệu cá nhân của bạn đã được xóa.' };
      ctx.navigate('/');
      return;
    } catch (error) {
      if (error.code === 'WRONG_PASSWORD' || error.code === 'INVALID_CREDENTIALS') {
        // 400 WRONG_PASSWORD now (401 INVALID_CREDENTIALS from older servers,
        // whose sentence spoke of the phone too): said by the password field.
        errors.set('password', 'Mật khẩu không đúng. Vui lòng kiểm tra lại.');
      } else if (error.status === 401) {
        return; // the session ended: the login page takes over
      } else {
        errors.setForm(error.message);
      }
      errors.focusFirst();
    }
    submit.disabled = false;
    submit.textContent = 'Rút khỏi cuộc thi và xóa dữ liệu';
  });

  replace(
    ctx.app,
    ctx.takeFlash(),
    heading('Rút khỏi cuộc thi và xóa dữ liệu'),
    notice('warning', h('p', null, h('strong', { text: 'Việc này không thể hoàn tác.' }), ' Khi rút khỏi cuộc thi:')),
    h('ul', { class: 'consequences' }, CONSEQUENCES.map((text) => h('li', { text }))),
    h('p', null, 'Trước khi rút, bạn có thể ', h('a', { href: '#/cua-toi', text: 'tải dữ liệu của mình' }), ' (mục «Dữ liệu cá nhân của bạn» ở Trang dự thi của tôi). Xem thêm ', h('a', { href: '#/du-lieu-ca-nhan', text: 'Thông báo về xử lý dữ liệu cá nhân' }), '.'),
    form,
    h('p', null, h('a', { href: '#/cua-toi', text: 'Không rút nữa, quay lại Trang dự thi của tôi' })),
  );
}
