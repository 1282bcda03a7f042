// «Quên mật khẩu»: a new password with a one-time code of 8 characters,
// which the committee reads out by phone or, where this deployment sends
// e-mail, the page asks to be e-mailed to the address given at
// registration. Setting the new password logs the person in (every older
// session ends). Written in ES2017.

import { api } from '../api.js';
import { h, replace, nextId, announce } from '../../shared/dom.js';
import { liveNotice, notice } from '../../shared/ui.js';
import { contactLine, heading } from '../ui.js';
import { afterLogin, field, FormErrors } from './auth.js';

const CODE_LENGTH = 8;
/** The code as the server compares it: case, spaces and dashes do not matter. */
const normalizedCode = (typed) => typed.replace(/[\s-]+/g, '').toUpperCase();

function minutes(seconds) {
  return Math.max(1, Math.ceil(seconds / 60));
}

/** Where the code comes from when it is not e-mailed: the committee, with its contact when the contest gives one. */
function committeeLine(contest) {
  const contact = contactLine(contest.contact, 'Liên hệ Ban Tổ chức: ');
  return contact
    ? h('p', { class: 'contact-line' }, contact, ' Ban Tổ chức kiểm tra thông tin của bạn rồi đọc mã qua điện thoại.')
    : h('p', { class: 'contact-line', text: 'Liên hệ Ban Tổ chức cuộc thi để được cấp mã: Ban Tổ chức kiểm tra thông tin của bạn rồi đọc mã qua điện thoại.' });
}

/** «Gửi mã qua e-mail»: the phone, then the same answer whatever it is. onSent(phone) moves on to the code. */
function emailRequest(onSent) {
  const phone = field({
    name: 'phone',
    label: 'Số điện thoại nhận mã',
    hint: 'Số điện thoại bạn đã dùng để đăng ký.',
    input: h('input', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: '20', required: true }),
  });
  const formError = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', hidden: true });
  const errors = new FormErrors({ phone }, formError);
  const result = h('div', { class: 'message-slot' });
  const send = h('button', { type: 'submit', class: 'button button-secondary button-wide', text: 'Gửi mã qua e-mail' });
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'reset-email-title' },
    h('h2', { id: 'reset-email-title', text: 'Nhận mã qua e-mail' }),
    h('p', { text: 'Nếu khi đăng ký bạn có khai địa chỉ e-mail, mã sẽ được gửi tới e-mail đó (hiệu lực 60 phút, dùng được một lần).' }),
    phone.wrapper,
    formError,
    send,
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (send.disabled) return;
    errors.clear();
    replace(result);
    const value = phone.input.value.trim();
    if (!value) {
      errors.set('phone', 'Vui lòng nhập số điện thoại.');
      errors.focusFirst();
      return;
    }
    send.disabled = true;
    send.textContent = 'Đang gửi mã…';
    try {
      const data = await api.requestPasswordReset(value);
      replace(result, liveNotice('success', h('p', { text: data.message }), h('p', { text: 'Khi nhận được mã, nhập mã ở mục «Tôi đã có mã» bên dưới.' })));
      onSent(value);
    } catch (error) {
      if (error.field === 'phone') errors.set('phone', error.message);
      else if (error.code === 'TOO_MANY_REQUESTS') {
        // The server's sentence for this code speaks of registrations; the
        // page says what was refused here.
        errors.setForm(`Đã có quá nhiều yêu cầu gửi mã từ mạng này. Vui lòng thử lại sau ${minutes(error.retryAfter || 3600)} phút, hoặc liên hệ Ban Tổ chức để được cấp mã.`);
      } else errors.setForm(error.message);
      errors.focusFirst();
    } finally {
      send.disabled = false;
      send.textContent = 'Gửi mã qua e-mail';
    }
  });
  return form;
}

export async function renderPasswordReset(ctx) {
  const { contest } = ctx;
  const byEmail = Boolean(contest.password_reset_by_email);

  const phone = field({
    name: 'phone',
    label: 'Số điện thoại',
    input: h('input', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: '20', required: true }),
  });
  const codeInput = h('input', {
    type: 'text',
    autocomplete: 'one-time-code',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: '20',
    class: 'short code-input',
    required: true,
  });
  const code = field({ name: 'code', label: 'Mã đặt lại mật khẩu', hint: `Gồm ${CODE_LENGTH} ký tự, không phân biệt chữ hoa, chữ thường.`, input: codeInput });
  const passwordInput = h('input', { type: 'password', autocomplete: 'new-password', maxlength: '128', required: true });
  const password = field({ name: 'new_password', label: 'Mật khẩu mới', hint: 'Ít nhất 8 ký tự.', input: passwordInput });
  const repeatInput = h('input', { type: 'password', autocomplete: 'new-password', maxlength: '128', required: true });
  const repeat = field({ name: 'repeat_password', label: 'Nhập lại mật khẩu mới', input: repeatInput });
  const toggleId = nextId('show-passwords');
  const toggle = h('input', { type: 'checkbox', id: toggleId, class: 'check' });
  toggle.addEventListener('change', () => {
    passwordInput.type = toggle.checked ? 'text' : 'password';
    repeatInput.type = toggle.checked ? 'text' : 'password';
  });
  repeat.wrapper.append(h('div', { class: 'check-row' }, toggle, h('label', { for: toggleId, text: 'Hiện mật khẩu' })));
  const formError = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', hidden: true });
  // The server names `password` for a new password it refuses.
  const errors = new FormErrors({ phone, code, new_password: password, password, repeat_password: repeat }, formError);
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide', text: 'Đặt mật khẩu mới và đăng nhập' });
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'reset-code-title' },
    h('h2', { id: 'reset-code-title', text: 'Tôi đã có mã' }),
    byEmail ? h('p', { class: 'hint', text: 'Mã nhận qua e-mail, hoặc do Ban Tổ chức cấp qua điện thoại.' }) : null,
    phone.wrapper,
    code.wrapper,
    password.wrapper,
    repeat.wrapper,
    formError,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    errors.clear();
    const body = { phone: phone.input.value.trim(), code: normalizedCode(codeInput.value), new_password: passwordInput.value };
    if (!body.phone) errors.set('phone', 'Vui lòng nhập số điện thoại đã đăng ký.');
    if (!body.code) errors.set('code', 'Vui lòng nhập mã đặt lại mật khẩu.');
    else if (body.code.length !== CODE_LENGTH) errors.set('code', `Mã gồm ${CODE_LENGTH} ký tự. Vui lòng kiểm tra lại.`);
    if (body.new_password.length < 8) errors.set('new_password', 'Mật khẩu mới phải có ít nhất 8 ký tự.');
    else if (repeatInput.value !== body.new_password) errors.set('repeat_password', 'Hai lần nhập mật khẩu mới chưa khớp nhau.');
    if (Object.keys(errors.fields).some((name) => errors.fields[name].input.getAttribute('aria-invalid') === 'true')) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Đang đặt mật khẩu mới…';
    try {
      const data = await api.resetPassword(body);
      announce('Đã đặt mật khẩu mới.');
      ctx.state.flash = { kind: 'success', text: 'Đã đặt mật khẩu mới và đăng nhập. Từ nay hãy đăng nhập bằng mật khẩu mới; các phiên đăng nhập cũ trên thiết bị khác đã hết hiệu lực.' };
      afterLogin(ctx, data);
    } catch (error) {
      if (error.field && errors.fields[error.field]) errors.set(error.field, error.message);
      else errors.setForm(error.message);
      errors.focusFirst();
      submit.disabled = false;
      submit.textContent = 'Đặt mật khẩu mới và đăng nhập';
    }
  });

  replace(
    ctx.app,
    ctx.takeFlash(),
    heading('Quên mật khẩu'),
    h('p', { text: `Để đặt mật khẩu mới, bạn cần mã đặt lại mật khẩu gồm ${CODE_LENGTH} ký tự, chỉ dùng được một lần.` }),
    byEmail
      ? emailRequest((typed) => {
          // Ready for the code: the phone need not be typed twice.
          if (!phone.input.value.trim()) phone.input.value = typed;
        })
      : null,
    byEmail
      ? h('div', { class: 'card' }, h('h2', { class: 'card-title', text: 'Không nhận được e-mail?' }), committeeLine(contest))
      : notice('info', committeeLine(contest)),
    form,
    h('p', null, 'Nhớ ra mật khẩu? ', h('a', { href: '#/dang-nhap', text: 'Đăng nhập' })),
  );
}
