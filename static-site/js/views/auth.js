// Log in, and the form pieces the registration (register.js) shares:
// labelled fields whose errors come from the API's `field`, the password
// toggle, what happens once logged in.

import { api, saveSession, getSession } from '../api.js';
import { h, replace, nextId, announce } from '../../shared/dom.js';
import { notice } from '../../shared/ui.js';
import { contactLine } from '../ui.js';

/** A labelled form field with a hint and an error slot wired for screen readers. */
export function field({ name, label, input, hint }) {
  const id = input.id || nextId(`f-${name}`);
  input.id = id;
  input.name = name;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const describedBy = [hintEl ? hintEl.id : null, errorEl.id].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', describedBy);
  const labelEl = h('label', { for: id, text: label });
  const wrapper = h('div', { class: 'field' }, labelEl, hintEl, input, errorEl);
  return { wrapper, input, errorEl, label: labelEl };
}

export class FormErrors {
  constructor(fields, formError) {
    this.fields = fields; // name -> {input, errorEl}
    this.formError = formError;
  }

  clear() {
    for (const { input, errorEl } of Object.values(this.fields)) {
      input.removeAttribute('aria-invalid');
      errorEl.hidden = true;
      replace(errorEl);
    }
    this.formError.hidden = true;
    replace(this.formError);
  }

  set(name, ...content) {
    const target = this.fields[name];
    if (!target) return this.setForm(...content);
    target.input.setAttribute('aria-invalid', 'true');
    replace(target.errorEl, ...content);
    target.errorEl.hidden = false;
    return target.input;
  }

  setForm(...content) {
    replace(this.formError, h('p', null, ...content));
    this.formError.hidden = false;
    return null;
  }

  focusFirst() {
    const invalid = Object.values(this.fields).find(({ input }) => input.getAttribute('aria-invalid') === 'true');
    if (invalid) invalid.input.focus();
    else if (!this.formError.hidden) this.formError.focus();
  }
}

export function passwordToggle(input) {
  const id = nextId('show-password');
  const box = h('input', { type: 'checkbox', id, class: 'check' });
  box.addEventListener('change', () => { input.type = box.checked ? 'text' : 'password'; });
  return h('div', { class: 'check-row' }, box, h('label', { for: id, text: 'Hiện mật khẩu' }));
}

export function afterLogin(ctx, data) {
  saveSession(data.token, data.participant);
  const target = ctx.state.returnTo && !ctx.state.returnTo.startsWith('/dang-') ? ctx.state.returnTo : '/cua-toi';
  ctx.state.returnTo = null;
  ctx.navigate(target);
}

export function alreadyLoggedIn(ctx) {
  const session = getSession();
  if (!session) return null;
  return notice('info', h('p', null, `Bạn đang đăng nhập với tên ${(session.participant && session.participant.full_name) || ''}. `, h('a', { href: '#/cua-toi', text: 'Vào trang dự thi của tôi' })));
}

/** Who to call when logging in does not work: the committee's contact, and the help page. */
function loginHelp(contest) {
  const contact = contactLine(contest && contest.contact, 'Cần hỗ trợ? Liên hệ Ban Tổ chức: ');
  return h(
    'div',
    { class: 'login-help' },
    contact ? h('p', { class: 'contact-line' }, contact) : null,
    h('p', null, h('a', { href: '#/huong-dan', text: 'Xem hướng dẫn dự thi' })),
  );
}

export async function renderLogin(ctx) {
  const phone = field({
    name: 'phone',
    label: 'Số điện thoại',
    input: h('input', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: '20', required: true }),
  });
  const passwordInput = h('input', { type: 'password', autocomplete: 'current-password', maxlength: '128', required: true });
  const password = field({ name: 'password', label: 'Mật khẩu', input: passwordInput });
  password.wrapper.append(passwordToggle(passwordInput));
  const formError = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide', text: 'Đăng nhập' });
  const errors = new FormErrors({ phone, password }, formError);
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'login-title' }, phone.wrapper, password.wrapper, formError, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const body = { phone: phone.input.value.trim(), password: passwordInput.value };
    if (!body.phone) errors.set('phone', 'Vui lòng nhập số điện thoại.');
    if (!body.password) errors.set('password', 'Vui lòng nhập mật khẩu.');
    if (!body.phone || !body.password) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Đang đăng nhập…';
    try {
      const data = await api.login(body);
      announce('Đăng nhập thành công.');
      afterLogin(ctx, data);
    } catch (error) {
      if (error.field) errors.set(error.field, error.message);
      else errors.setForm(error.message);
      errors.focusFirst();
      submit.disabled = false;
      submit.textContent = 'Đăng nhập';
    }
  });

  replace(
    ctx.app,
    ctx.takeFlash(),
    h('h1', { id: 'login-title', class: 'page-title', tabindex: '-1', text: 'Đăng nhập' }),
    alreadyLoggedIn(ctx),
    h('p', null, 'Chưa có tài khoản? ', h('a', { href: '#/dang-ky', text: 'Đăng ký dự thi' })),
    form,
    h('p', { class: 'forgot' }, h('a', { href: '#/quen-mat-khau', text: 'Quên mật khẩu?' })),
    loginHelp(ctx.contest),
  );
}
