// Register and log in. Field-level errors come from the API's `field`.

import { api, saveSession, getSession } from '../api.js';
import { h, replace, nextId, announce } from '../../shared/dom.js';
import { fold } from '../../shared/format.js';
import { notice } from '../../shared/ui.js';

/** A labelled form field with a hint and an error slot wired for screen readers. */
function field({ name, label, input, hint }) {
  const id = input.id || nextId(`f-${name}`);
  input.id = id;
  input.name = name;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const describedBy = [hintEl ? hintEl.id : null, errorEl.id].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', describedBy);
  const wrapper = h('div', { class: 'field' }, h('label', { for: id, text: label }), hintEl, input, errorEl);
  return { wrapper, input, errorEl };
}

class FormErrors {
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

function passwordToggle(input) {
  const id = nextId('show-password');
  const box = h('input', { type: 'checkbox', id, class: 'check' });
  box.addEventListener('change', () => { input.type = box.checked ? 'text' : 'password'; });
  return h('div', { class: 'check-row' }, box, h('label', { for: id, text: 'Hiện mật khẩu' }));
}

function afterLogin(ctx, data) {
  saveSession(data.token, data.participant);
  const target = ctx.state.returnTo && !ctx.state.returnTo.startsWith('/dang-') ? ctx.state.returnTo : '/cua-toi';
  ctx.state.returnTo = null;
  ctx.navigate(target);
}

function alreadyLoggedIn(ctx) {
  const session = getSession();
  if (!session) return null;
  return notice('info', h('p', null, `Bạn đang đăng nhập với tên ${session.participant?.full_name || ''}. `, h('a', { href: '#/cua-toi', text: 'Vào trang dự thi của tôi' })));
}

/** The organization picker: a search box filtering a grouped <select>. */
function organizationPicker(organizations) {
  const select = h('select', { required: true, autocomplete: 'organization' });
  const searchId = nextId('org-search');
  const search = h('input', { type: 'search', id: searchId, autocomplete: 'off', spellcheck: 'false', class: 'org-search' });
  const count = h('p', { class: 'hint', id: `${searchId}-count`, 'aria-live': 'polite' });
  search.setAttribute('aria-describedby', count.id);
  const indexed = organizations.map((org) => ({ ...org, key: fold(`${org.name} ${org.group}`) }));

  function rebuild() {
    const chosen = select.value;
    const query = fold(search.value);
    const words = query ? query.split(' ') : [];
    const matches = indexed.filter((org) => words.every((w) => org.key.includes(w)));
    replace(select);
    select.append(h('option', { value: '', text: matches.length ? '— Chọn đơn vị —' : 'Không tìm thấy đơn vị phù hợp' }));
    const groups = new Map();
    for (const org of matches) {
      const group = org.group || 'Khác';
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(org);
    }
    for (const [group, orgs] of groups) {
      select.append(h('optgroup', { label: group }, orgs.map((org) => h('option', { value: org.id, text: org.name }))));
    }
    if (matches.some((org) => org.id === chosen)) select.value = chosen;
    else if (matches.length === 1 && words.length) select.value = matches[0].id;
    else select.value = '';
    count.textContent = words.length
      ? (matches.length ? `Tìm thấy ${matches.length} đơn vị${matches.length === 1 ? ' (đã chọn)' : ''}.` : 'Không tìm thấy đơn vị nào. Hãy thử từ khác.')
      : `${organizations.length} đơn vị, gõ để lọc nhanh (không cần dấu).`;
  }
  search.addEventListener('input', rebuild);
  rebuild();
  const searchRow = h('div', { class: 'org-search-row' }, h('label', { for: searchId, class: 'sub-label', text: 'Tìm nhanh đơn vị' }), search, count);
  return { select, searchRow };
}

export async function renderRegister(ctx) {
  const { contest } = ctx;
  const fullName = field({ name: 'full_name', label: 'Họ và tên', input: h('input', { type: 'text', autocomplete: 'name', maxlength: '100', required: true }) });
  const phone = field({
    name: 'phone',
    label: 'Số điện thoại',
    hint: 'Số di động dùng để đăng nhập, ví dụ 0912345678.',
    input: h('input', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: '20', required: true }),
  });
  const passwordInput = h('input', { type: 'password', autocomplete: 'new-password', maxlength: '128', required: true });
  const password = field({ name: 'password', label: 'Mật khẩu', hint: 'Ít nhất 8 ký tự. Ghi nhớ để đăng nhập lại.', input: passwordInput });
  password.wrapper.append(passwordToggle(passwordInput));
  const picker = organizationPicker(contest.organizations || []);
  const organization = field({ name: 'organization_id', label: 'Đơn vị', hint: 'Cơ quan, đơn vị nơi bạn công tác hoặc sinh sống.', input: picker.select });
  organization.wrapper.insertBefore(picker.searchRow, picker.select);
  const birthYear = field({
    name: 'birth_year',
    label: 'Năm sinh (không bắt buộc)',
    hint: 'Ví dụ 1985.',
    input: h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'bday-year', maxlength: '4', pattern: '[0-9]{4}', class: 'short' }),
  });

  const formError = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide', text: 'Đăng ký' });
  const errors = new FormErrors(
    { full_name: fullName, phone, password, organization_id: organization, birth_year: birthYear },
    formError,
  );
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'register-title' },
    fullName.wrapper,
    phone.wrapper,
    password.wrapper,
    organization.wrapper,
    birthYear.wrapper,
    formError,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const body = {
      full_name: fullName.input.value.trim(),
      phone: phone.input.value.trim(),
      password: passwordInput.value,
      organization_id: picker.select.value,
    };
    const year = birthYear.input.value.trim();
    if (!body.full_name) errors.set('full_name', 'Vui lòng nhập họ và tên.');
    if (!body.phone) errors.set('phone', 'Vui lòng nhập số điện thoại.');
    if (body.password.length < 8) errors.set('password', 'Mật khẩu phải có ít nhất 8 ký tự.');
    if (!body.organization_id) errors.set('organization_id', 'Vui lòng chọn đơn vị.');
    if (year && !/^\d{4}$/.test(year)) errors.set('birth_year', 'Năm sinh gồm 4 chữ số, ví dụ 1985.');
    else if (year) body.birth_year = Number(year);
    if (Object.values(errors.fields).some(({ input }) => input.getAttribute('aria-invalid') === 'true')) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Đang đăng ký…';
    try {
      const data = await api.register(body);
      announce('Đăng ký thành công.');
      afterLogin(ctx, data);
    } catch (error) {
      if (error.code === 'PHONE_ALREADY_REGISTERED') {
        errors.set('phone', `${error.message} `, h('a', { href: '#/dang-nhap', text: 'Đến trang đăng nhập' }));
      } else if (error.field) {
        errors.set(error.field, error.message);
      } else {
        errors.setForm(error.message);
      }
      errors.focusFirst();
      submit.disabled = false;
      submit.textContent = 'Đăng ký';
    }
  });

  replace(
    ctx.app,
    ctx.takeFlash(),
    h('h1', { id: 'register-title', class: 'page-title', tabindex: '-1', text: 'Đăng ký dự thi' }),
    alreadyLoggedIn(ctx),
    h('p', null, 'Đã có tài khoản? ', h('a', { href: '#/dang-nhap', text: 'Đăng nhập' })),
    form,
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
    h('p', { class: 'muted', text: 'Quên mật khẩu? Vui lòng liên hệ Ban Tổ chức cuộc thi để được hỗ trợ.' }),
  );
}
