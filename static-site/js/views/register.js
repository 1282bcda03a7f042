// Registration: the form, with its brakes (a proof of work solved in the
// background while the person types, the staff list of the chosen unit,
// the server's messages next to the field at fault), the consent to the
// privacy notice that Nghị định 13/2023 requires (explicit: an unticked box,
// the button disabled until it is ticked) and, for a contest that verifies
// phone numbers by SMS, the step that takes the code. Written in ES2017,
// like the rest of what registration loads.

import { api } from '../api.js';
import { h, replace, nextId, announce } from '../../shared/dom.js';
import { fold } from '../../shared/format.js';
import { button, notice } from '../../shared/ui.js';
import { formatTimeOfDay } from '../../shared/vietnam-time.js';
import { challengeSupply } from '../challenge.js';
import { PRIVACY_NOTICE_TITLE, privacyNoticeBlocks } from '../ui.js';
import { afterLogin, alreadyLoggedIn, field, FormErrors, passwordToggle } from './auth.js';

const STAFF_LIST_HINT = 'Đơn vị này đối chiếu với danh sách cán bộ: nhập đúng họ tên đầy đủ, có dấu, và năm sinh như trong danh sách.';
const VERIFYING_TEXT = 'Đang xác minh chống đăng ký tự động…';
const CHALLENGE_CODES = ['CHALLENGE_FAILED', 'CHALLENGE_REQUIRED'];
const BIRTH_YEAR_LABEL = { optional: 'Năm sinh (không bắt buộc)', required: 'Năm sinh' };
const CONSENT_LABEL = 'Tôi đã đọc và đồng ý với việc xử lý dữ liệu cá nhân theo Thông báo trên.';
const CONSENT_MISSING = 'Vui lòng đọc Thông báo về xử lý dữ liệu cá nhân và đánh dấu ô đồng ý để đăng ký.';
const NOTICE_CHANGED = 'Thông báo về xử lý dữ liệu cá nhân vừa được Ban Tổ chức cập nhật. Vui lòng đọc lại thông báo đã cập nhật ở trên và đánh dấu lại ô đồng ý.';

/**
 * The privacy notice, collapsed but one tap away, and the unticked consent
 * box. `version` is the notice shown, sent with the consent; show(contest)
 * puts another notice in (after the server said it changed) and unticks.
 */
function consentBlock(onChange) {
  const boxId = nextId('consent');
  const box = h('input', { type: 'checkbox', id: boxId, class: 'check', name: 'consent' });
  const text = h('div', { class: 'privacy-text' });
  const details = h(
    'details',
    { class: 'privacy-details' },
    h('summary', { text: PRIVACY_NOTICE_TITLE }),
    text,
  );
  const errorEl = h('p', { class: 'field-error', id: `${boxId}-error`, hidden: true });
  box.setAttribute('aria-describedby', errorEl.id);
  box.addEventListener('change', () => {
    if (box.checked) {
      box.removeAttribute('aria-invalid');
      errorEl.hidden = true;
    }
    onChange(box.checked);
  });
  const block = {
    version: '',
    wrapper: h(
      'div',
      { class: 'field consent' },
      details,
      h('div', { class: 'check-row consent-row' }, box, h('label', { for: boxId, text: CONSENT_LABEL })),
      errorEl,
      h('p', { class: 'hint' }, 'Toàn văn thông báo cũng có tại trang ', h('a', { href: '#/du-lieu-ca-nhan', target: '_blank', rel: 'noopener', text: 'Dữ liệu cá nhân' }), ' (mở trong thẻ mới).'),
    ),
    // FormErrors' shape: the server's `field: "consent"` lands here.
    input: box,
    errorEl,
    details,
    show(contest) {
      block.version = contest.privacy_notice_version || '';
      replace(text, privacyNoticeBlocks(contest.privacy_notice));
      box.checked = false;
      onChange(false);
    },
  };
  return block;
}

/**
 * The organization picker: a search box filtering a grouped <select>.
 * onChoose(org or null) follows the choice, whether picked or found.
 */
function organizationPicker(organizations, onChoose) {
  const select = h('select', { required: true, autocomplete: 'organization' });
  const searchId = nextId('org-search');
  const search = h('input', { type: 'search', id: searchId, autocomplete: 'off', spellcheck: 'false', class: 'org-search' });
  const count = h('p', { class: 'hint', id: `${searchId}-count`, 'aria-live': 'polite' });
  search.setAttribute('aria-describedby', count.id);
  const indexed = organizations.map((org) => Object.assign({ key: fold(`${org.name} ${org.group}`) }, org));
  const chosen = () => indexed.find((org) => org.id === select.value) || null;

  function rebuild() {
    const previous = select.value;
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
    if (matches.some((org) => org.id === previous)) select.value = previous;
    else if (matches.length === 1 && words.length) select.value = matches[0].id;
    else select.value = '';
    count.textContent = words.length
      ? (matches.length ? `Tìm thấy ${matches.length} đơn vị${matches.length === 1 ? ' (đã chọn)' : ''}.` : 'Không tìm thấy đơn vị nào. Hãy thử từ khác.')
      : `${organizations.length} đơn vị, gõ để lọc nhanh (không cần dấu).`;
    onChoose(chosen());
  }
  search.addEventListener('input', rebuild);
  select.addEventListener('change', () => onChoose(chosen()));
  const searchRow = h('div', { class: 'org-search-row' }, h('label', { for: searchId, class: 'sub-label', text: 'Tìm nhanh đơn vị' }), search, count);
  return { select, searchRow, rebuild, chosen };
}

/**
 * A unit's own link (its poster's QR code: ?contest=…&don-vi=ORG_ID)
 * chooses that unit in the form; the participant can still change it.
 */
function preselectOrganization(organizations, select, onChoose) {
  const wanted = (new URLSearchParams(window.location.search).get('don-vi') || '').trim().toLowerCase();
  const org = wanted ? organizations.find((o) => o.id === wanted) : null;
  if (!org) return;
  select.value = org.id;
  onChoose(org);
}

/** Sends the registration with a fresh solved challenge, once more with another when the server refuses the first. */
async function sendRegistration(body, proof, { onVerifying }) {
  let supply = proof.supply;
  for (let tryNo = 0; ; tryNo += 1) {
    if (supply) {
      if (!supply.ready()) onVerifying(true);
      try {
        body.altcha = await supply.take();
      } finally {
        onVerifying(false);
      }
    }
    try {
      return await api.register(body);
    } catch (error) {
      if (tryNo > 0 || CHALLENGE_CODES.indexOf(error.code) < 0) throw error;
      // Spent, expired, or asked for although the contest did not say so: a new one, once.
      supply = supply || challengeSupply();
      proof.supply = supply;
    }
  }
}

export async function renderRegister(ctx) {
  const { contest } = ctx;
  const proof = { supply: contest.registration_challenge ? challengeSupply() : null };
  if (proof.supply) proof.supply.prepare();

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
  const birthYear = field({
    name: 'birth_year',
    label: BIRTH_YEAR_LABEL.optional,
    hint: 'Ví dụ 1985.',
    input: h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'bday-year', maxlength: '4', pattern: '[0-9]{4}', class: 'short' }),
  });
  const staffHint = h('div', { class: 'staff-hint', id: nextId('staff-hint'), 'aria-live': 'polite' });
  let staffList = false;
  function followOrganization(org) {
    const listed = Boolean(org && org.staff_list);
    if (listed === staffList) return;
    staffList = listed;
    birthYear.label.textContent = listed ? BIRTH_YEAR_LABEL.required : BIRTH_YEAR_LABEL.optional;
    birthYear.input.required = listed;
    replace(staffHint, listed ? notice('info', h('p', { text: STAFF_LIST_HINT })) : null);
  }
  const picker = organizationPicker(contest.organizations || [], followOrganization);
  const organization = field({ name: 'organization_id', label: 'Đơn vị', hint: 'Cơ quan, đơn vị nơi bạn công tác hoặc sinh sống.', input: picker.select });
  organization.wrapper.insertBefore(picker.searchRow, picker.select);
  organization.wrapper.append(staffHint);
  for (const input of [picker.select, fullName.input, birthYear.input]) {
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} ${staffHint.id}`);
  }
  picker.rebuild();
  preselectOrganization(contest.organizations || [], picker.select, followOrganization);
  // Only where «Quên mật khẩu» can e-mail a code is an address worth asking for.
  const email = contest.password_reset_by_email
    ? field({
        name: 'email',
        label: 'E-mail (không bắt buộc)',
        hint: 'Chỉ dùng để gửi mã đặt lại mật khẩu khi bạn quên mật khẩu.',
        input: h('input', { type: 'email', inputmode: 'email', autocomplete: 'email', maxlength: '254', spellcheck: 'false' }),
      })
    : null;

  const formError = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide', text: 'Đăng ký' });
  const submitHint = h('p', { class: 'hint submit-hint', id: nextId('submit-hint'), text: 'Đánh dấu ô đồng ý ở trên để đăng ký.' });
  submit.setAttribute('aria-describedby', submitHint.id);
  let sending = false;
  const consent = consentBlock((ticked) => {
    submit.disabled = sending || !ticked;
    submitHint.hidden = ticked;
  });
  consent.show(contest);
  const verifying = h('p', { class: 'hint challenge-status', role: 'status' });
  const fieldsByName = { full_name: fullName, phone: phone, password: password, organization_id: organization, birth_year: birthYear, consent: consent };
  if (email) fieldsByName.email = email;
  const errors = new FormErrors(fieldsByName, formError);
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'register-title' },
    fullName.wrapper,
    phone.wrapper,
    password.wrapper,
    organization.wrapper,
    birthYear.wrapper,
    email ? email.wrapper : null,
    consent.wrapper,
    formError,
    submit,
    submitHint,
    verifying,
  );
  const page = [
    ctx.takeFlash(),
    h('h1', { id: 'register-title', class: 'page-title', tabindex: '-1', text: 'Đăng ký dự thi' }),
    alreadyLoggedIn(ctx),
    h('p', null, 'Đã có tài khoản? ', h('a', { href: '#/dang-nhap', text: 'Đăng nhập' })),
    form,
  ];
  const showForm = () => {
    replace(ctx.app, page);
    if (proof.supply) proof.supply.prepare();
  };

  function collect() {
    const body = {
      full_name: fullName.input.value.trim(),
      phone: phone.input.value.trim(),
      password: passwordInput.value,
      organization_id: picker.select.value,
    };
    const year = birthYear.input.value.trim();
    const address = email ? email.input.value.trim() : '';
    if (address) body.email = address;
    if (address && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) errors.set('email', 'Địa chỉ e-mail chưa đúng, ví dụ ten@example.com. Có thể để trống.');
    // Consent to the very notice shown (its version), as Nghị định 13/2023 asks.
    body.consent = consent.input.checked;
    body.privacy_notice_version = consent.version;
    if (!body.consent) errors.set('consent', CONSENT_MISSING);
    if (!body.full_name) errors.set('full_name', 'Vui lòng nhập họ và tên.');
    if (!body.phone) errors.set('phone', 'Vui lòng nhập số điện thoại.');
    if (body.password.length < 8) errors.set('password', 'Mật khẩu phải có ít nhất 8 ký tự.');
    if (!body.organization_id) errors.set('organization_id', 'Vui lòng chọn đơn vị.');
    if (year && !/^\d{4}$/.test(year)) errors.set('birth_year', 'Năm sinh gồm 4 chữ số, ví dụ 1985.');
    else if (year) body.birth_year = Number(year);
    else if (staffList) errors.set('birth_year', 'Vui lòng nhập năm sinh để đối chiếu với danh sách cán bộ của đơn vị.');
    return body;
  }

  /**
   * The server refused the consent: most likely the committee changed the
   * notice since this page loaded. The contest is read again past every
   * cache and the new notice shown, opened and unticked, to be read and
   * agreed to again; the rest of the form stays as typed.
   */
  async function noticeRefused(error) {
    const sentVersion = consent.version;
    let fresh = null;
    try {
      fresh = await ctx.refreshContest(true);
    } catch (offline) {
      fresh = null;
    }
    if (fresh && fresh.privacy_notice_version && fresh.privacy_notice_version !== sentVersion) {
      consent.show(fresh);
      consent.details.open = true;
      errors.set('consent', NOTICE_CHANGED);
    } else {
      errors.set('consent', error.message || CONSENT_MISSING);
    }
    consent.details.scrollIntoView({ block: 'start' });
    consent.input.focus({ preventScroll: true });
  }

  function showError(error) {
    if (error.code === 'CONSENT_REQUIRED') {
      return noticeRefused(error);
    }
    if (error.code === 'PHONE_ALREADY_REGISTERED') {
      errors.set('phone', `${error.message} `, h('a', { href: '#/dang-nhap', text: 'Đến trang đăng nhập' }));
    } else if (error.field) {
      errors.set(error.field, error.message);
    } else {
      errors.setForm(error.message);
    }
    errors.focusFirst();
    return null;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    errors.clear();
    const body = collect();
    if (Object.keys(errors.fields).some((name) => errors.fields[name].input.getAttribute('aria-invalid') === 'true')) {
      errors.focusFirst();
      return;
    }
    sending = true;
    submit.disabled = true;
    submit.textContent = 'Đang đăng ký…';
    try {
      const data = await sendRegistration(body, proof, {
        onVerifying(on) {
          verifying.textContent = on ? VERIFYING_TEXT : '';
        },
      });
      if (data && data.verification_id) {
        showVerification(ctx, { pending: data, phone: body.phone, onRestart: showForm });
        return;
      }
      announce('Đăng ký thành công.');
      afterLogin(ctx, data);
    } catch (error) {
      await showError(error);
      // Whatever happened, the next try needs a fresh challenge: solve it now.
      if (proof.supply) proof.supply.prepare();
    } finally {
      sending = false;
      submit.disabled = !consent.input.checked;
      submit.textContent = 'Đăng ký';
    }
  });

  showForm();
}

/** «Nhập mã xác minh»: the six digits texted to `phone` complete the registration. */
function showVerification(ctx, { pending, phone, onRestart }) {
  const codeInput = h('input', {
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: '6',
    pattern: '[0-9]{6}',
    class: 'short',
    required: true,
  });
  const expires = formatTimeOfDay(pending.expires_at);
  const code = field({
    name: 'code',
    label: 'Mã xác minh',
    hint: `Nhập mã xác minh gồm 6 chữ số đã gửi đến số điện thoại ${phone}.${expires ? ` Mã có hiệu lực đến ${expires}.` : ''}`,
    input: codeInput,
  });
  const formError = h('div', { class: 'notice notice-error', role: 'alert', tabindex: '-1', hidden: true });
  const errors = new FormErrors({ code: code }, formError);
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide', text: 'Xác nhận' });
  const restart = button('Đăng ký lại', onRestart, 'secondary');
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'aria-labelledby': 'verify-title' },
    code.wrapper,
    formError,
    submit,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    errors.clear();
    const value = codeInput.value.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(value)) {
      errors.set('code', 'Mã xác minh gồm 6 chữ số.');
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Đang xác nhận…';
    try {
      const data = await api.verifyRegistration({ verification_id: pending.verification_id, code: value });
      announce('Đăng ký thành công.');
      afterLogin(ctx, data);
      return;
    } catch (error) {
      if (error.code === 'VERIFICATION_EXPIRED') {
        errors.setForm(`${error.message} `, h('a', { href: '#/dang-ky', text: 'Đăng ký lại', onclick: (e) => { e.preventDefault(); onRestart(); } }));
      } else if (error.field === 'code') {
        errors.set('code', error.message);
      } else {
        errors.setForm(error.message);
      }
      errors.focusFirst();
    }
    submit.disabled = false;
    submit.textContent = 'Xác nhận';
  });

  replace(
    ctx.app,
    h('h1', { id: 'verify-title', class: 'page-title', tabindex: '-1', text: 'Xác minh số điện thoại' }),
    h('p', { text: 'Ban Tổ chức đã gửi tin nhắn có mã xác minh đến số điện thoại bạn đăng ký.' }),
    form,
    h('p', { class: 'muted', text: 'Không nhận được mã, hoặc nhập sai số điện thoại?' }),
    restart,
  );
  codeInput.focus();
}
