// The organizer page: login, the contest picker, and one section at a time
// chosen by the address (#tong-quan, #cai-dat, ...). #tao-cuoc-thi is the
// form for a new contest, opened by «Tạo cuộc thi mới» next to the picker.

import { h, replace, announce } from '../shared/dom.js';
import { sessionStore } from '../shared/storage.js';
import { busy, liveNotice } from '../shared/ui.js';
import { api, ApiError, getSession, saveSession, clearSession, onSessionExpired, defaultContest } from './api.js';
import { field } from './ui.js';
import * as overview from './tab-overview.js';
import * as settings from './tab-settings.js';
import * as organizations from './tab-organizations.js';
import * as roster from './tab-roster.js';
import * as questions from './tab-questions.js';
import * as exclusions from './tab-exclusions.js';
import * as participants from './tab-participants.js';
import * as announcements from './tab-announcements.js';
import * as reviews from './tab-reviews.js';
import * as results from './tab-results.js';
import * as exportsTab from './tab-exports.js';
import * as documents from './tab-documents.js';
import * as audit from './tab-audit.js';
import * as createContest from './tab-create.js';

const SECTIONS = [
  { id: 'tong-quan', label: 'Tổng quan', module: overview },
  { id: 'cai-dat', label: 'Cài đặt cuộc thi', module: settings },
  { id: 'don-vi', label: 'Đơn vị', module: organizations },
  { id: 'danh-sach-can-bo', label: 'Danh sách cán bộ', module: roster },
  { id: 'cau-hoi', label: 'Ngân hàng câu hỏi', module: questions },
  { id: 'nguoi-du-thi', label: 'Người dự thi', module: participants },
  { id: 'loai-tru', label: 'Loại trừ', module: exclusions },
  { id: 'xet-duyet', label: 'Xét duyệt', module: reviews },
  { id: 'ket-qua', label: 'Kết quả & giải thưởng', module: results },
  { id: 'van-ban', label: 'Văn bản', module: documents },
  { id: 'thong-bao', label: 'Thông báo', module: announcements },
  { id: 'xuat', label: 'Xuất kết quả', module: exportsTab },
  { id: 'nhat-ky', label: 'Nhật ký', module: audit },
];

// Not in the menu: it is about no contest in particular.
const CREATE = { id: 'tao-cuoc-thi', label: 'Tạo cuộc thi mới', module: createContest, standalone: true };

const CONTEST_KEY = 'cuocthi:admin:v1:contest';
const view = document.getElementById('view');
const nav = document.getElementById('admin-nav');
const navLinks = document.getElementById('nav-links');
const sessionBar = document.getElementById('session-bar');
const contestSelect = document.getElementById('contest-select');
const who = document.getElementById('who');
const contestPicker = contestSelect.closest('.contest-picker');
const createButton = document.getElementById('create-contest');

const READ_ONLY_TITLE = 'Tài khoản chỉ xem: không thể thay đổi dữ liệu.';

const state = {
  contests: [],
  cid: null,
  detail: null,
  disposers: [],
  renderToken: 0,
  loggedIn: false,
  section: null,
  flash: null, // a notice shown once above the next section
};

function disposeView() {
  for (const dispose of state.disposers.splice(0)) {
    try {
      dispose();
    } catch (ignored) {
      // a view failing to clean up must not block the next one
    }
  }
  state.renderToken += 1;
}

// ---- roles: a viewer reads everything but changes nothing ----

const isViewer = () => (getSession() || {}).role === 'viewer';
const isScoped = () => Array.isArray((getSession() || {}).contests);

/** Disables every control marked data-write (the server would answer 403 anyway). */
function lockWrites() {
  if (!isViewer()) return;
  for (const control of view.querySelectorAll('[data-write]:not([disabled])')) {
    control.disabled = true;
    control.setAttribute('title', READ_ONLY_TITLE);
  }
}

new MutationObserver(lockWrites).observe(view, { childList: true, subtree: true });

function applyRole() {
  const viewer = isViewer();
  document.body.classList.toggle('role-viewer', viewer);
  // A new contest is a write, and is outside any account limited to some contests.
  createButton.hidden = viewer || isScoped();
  const session = getSession() || {};
  const role = viewer ? ' (chỉ xem)' : '';
  who.textContent = session.username ? `Tài khoản: ${session.username}${role}` : '';
}

function viewerNotice() {
  return isViewer()
    ? liveNotice('info', 'Bạn đang dùng tài khoản chỉ xem: có thể xem số liệu, kết quả, nhật ký và tải bản xuất, nhưng không thay đổi được dữ liệu.')
    : null;
}

function loginErrorMessage(error) {
  if (error instanceof ApiError && error.code === 'LOGIN_LOCKED') {
    const minutes = error.retryAfter ? Math.ceil(error.retryAfter / 60) : null;
    return minutes
      ? `Đăng nhập tạm bị khóa vì nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`
      : error.message;
  }
  return error.message;
}

function setBusy(value) {
  if (value) view.setAttribute('aria-busy', 'true');
  else view.removeAttribute('aria-busy');
}

// ---- login ----

function renderLogin(message) {
  disposeView();
  state.loggedIn = false;
  sessionBar.hidden = true;
  nav.hidden = true;
  document.title = 'Đăng nhập – Trang Ban Tổ chức';
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Đăng nhập');
  const form = h(
    'form',
    { class: 'card login-card', novalidate: true },
    h('h1', { tabindex: '-1' }, 'Đăng nhập Ban Tổ chức'),
    h('p', { class: 'lead' }, 'Dành cho thành viên Ban Tổ chức cuộc thi. Tài khoản do quản trị hệ thống cấp.'),
    message ? liveNotice('warning', message) : null,
    field('Tên đăng nhập', username).field,
    field('Mật khẩu', password).field,
    status,
    h('div', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      replace(status, liveNotice('error', 'Vui lòng nhập tên đăng nhập và mật khẩu.'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    replace(status);
    await busy(submit, async () => {
      try {
        const result = await api.login(username.value.trim(), password.value);
        saveSession(result.token, result.username, result.role || 'admin', result.contests || null);
        password.value = '';
        announce('Đăng nhập thành công.');
        await enterApp();
      } catch (error) {
        replace(status, liveNotice('error', loginErrorMessage(error)));
        password.select();
        password.focus();
      }
    }, 'Đang đăng nhập…');
  });
  replace(view, form);
  setBusy(false);
  username.focus();
}

// ---- the app ----

function buildNav() {
  replace(
    navLinks,
    SECTIONS.map((section) => h('li', null, h('a', { href: `#${section.id}`, dataset: { section: section.id } }, section.label))),
  );
}

function sectionFromHash() {
  const id = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return [...SECTIONS, CREATE].find((section) => section.id === id) || null;
}

function currentSection() {
  if (state.contests.length === 0) return CREATE;
  const section = sectionFromHash() || state.section || SECTIONS[0];
  return section;
}

function fillContestSelect() {
  replace(
    contestSelect,
    state.contests.map((contest) => h('option', { value: contest.id, selected: contest.id === state.cid }, contest.title || contest.id)),
  );
  contestPicker.hidden = state.contests.length === 0;
}

function rememberContest() {
  sessionStore.setJSON(CONTEST_KEY, state.cid);
}

/** After «Tạo cuộc thi»: the new contest is listed, chosen, and its overview shown. */
async function contestCreated(contest) {
  state.contests = [...state.contests.filter((c) => c.id !== contest.id), { id: contest.id, title: contest.title, rounds: (contest.rounds || []).length }];
  state.cid = contest.id;
  state.detail = null;
  rememberContest();
  fillContestSelect();
  nav.hidden = false;
  state.flash = { kind: 'success', text: `Đã tạo cuộc thi «${contest.title}» (mã ${contest.id}).` };
  openSection(SECTIONS[0]);
}

/** Shows a section through the address, so Back and reload keep it. */
function openSection(section) {
  if (section === CREATE && state.section === CREATE && sectionFromHash() === CREATE) {
    const title = document.getElementById('section-title');
    if (title) title.focus(); // keep what was typed
    return;
  }
  if (sectionFromHash() === section) renderSection({ focus: true });
  else window.location.hash = `#${section.id}`;
}

async function loadDetail() {
  state.detail = await api.contest(state.cid);
  return state.detail;
}

async function enterApp() {
  const session = getSession();
  if (!session) {
    renderLogin();
    return;
  }
  state.loggedIn = true;
  applyRole();
  setBusy(true);
  replace(view, h('p', { class: 'loading' }, 'Đang tải danh sách cuộc thi…'));
  try {
    const { contests } = await api.contests();
    state.contests = contests || [];
  } catch (error) {
    if (!state.loggedIn) return;
    replace(view, liveNotice('error', error.message), h('button', { type: 'button', class: 'button', onclick: () => enterApp() }, 'Thử lại'));
    setBusy(false);
    return;
  }
  if (state.contests.length === 0 && (isViewer() || isScoped())) {
    // An account that may not create contests, and sees none.
    sessionBar.hidden = false;
    nav.hidden = true;
    replace(view, liveNotice('info', 'Tài khoản của bạn chưa được phân công cuộc thi nào. Liên hệ quản trị viên.'));
    setBusy(false);
    return;
  }
  if (state.contests.length === 0) {
    // Nothing to manage yet: the form for the first contest.
    state.cid = null;
    fillContestSelect();
    sessionBar.hidden = false;
    buildNav();
    nav.hidden = true;
    await renderSection({ focus: false });
    return;
  }
  const saved = sessionStore.getJSON(CONTEST_KEY);
  const ids = state.contests.map((contest) => contest.id);
  state.cid = [saved, defaultContest].find((id) => id && ids.includes(id)) || ids[0];
  fillContestSelect();
  sessionBar.hidden = false;
  buildNav();
  nav.hidden = false;
  await renderSection({ focus: false });
}

async function renderSection({ focus = true } = {}) {
  if (!state.loggedIn) return;
  disposeView();
  const token = state.renderToken;
  const section = currentSection();
  state.section = section;
  for (const link of navLinks.querySelectorAll('a')) {
    if (link.dataset.section === section.id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${section.label} – Trang Ban Tổ chức`;
  setBusy(true);
  const heading = h('h1', { tabindex: '-1', id: 'section-title' }, section.label);
  const body = h('div', { class: 'section-body' }, h('p', { class: 'loading' }, 'Đang tải…'));
  replace(view, heading, body);
  if (focus) heading.focus();
  const flash = state.flash ? liveNotice(state.flash.kind, state.flash.text) : null;
  state.flash = null;
  if (section.standalone) {
    const content = await section.module.render({
      hasContests: state.contests.length > 0,
      onCreated: contestCreated,
      onCancel: () => openSection(state.contests.length ? SECTIONS[0] : CREATE),
    });
    if (token !== state.renderToken) return;
    replace(body, content);
    setBusy(false);
    return;
  }
  try {
    if (!state.detail || state.detail.contest.id !== state.cid) await loadDetail();
  } catch (error) {
    if (token !== state.renderToken) return;
    replace(body, liveNotice('error', error.message));
    setBusy(false);
    return;
  }
  if (token !== state.renderToken) return;
  const ctx = {
    cid: state.cid,
    detail: state.detail,
    onDispose: (fn) => state.disposers.push(fn),
    isCurrent: () => token === state.renderToken,
    reloadDetail: async () => {
      const detail = await loadDetail();
      ctx.detail = detail;
      return detail;
    },
  };
  try {
    const content = await section.module.render(ctx);
    if (token !== state.renderToken) return;
    replace(body, flash, viewerNotice(), content);
  } catch (error) {
    if (token !== state.renderToken) return;
    replace(body, liveNotice('error', error instanceof ApiError ? error.message : `Lỗi hiển thị: ${error.message}`));
  }
  setBusy(false);
}

contestSelect.addEventListener('change', async () => {
  state.cid = contestSelect.value;
  state.detail = null;
  rememberContest();
  // The new-contest form is about no contest: choosing one leaves it.
  if (state.section === CREATE) {
    openSection(SECTIONS[0]);
  } else {
    await renderSection({ focus: false });
  }
  const chosen = contestSelect.selectedOptions[0];
  announce(`Đã chọn cuộc thi ${chosen ? chosen.textContent : ''}.`);
});

createButton.addEventListener('click', () => openSection(CREATE));

document.getElementById('logout').addEventListener('click', () => {
  clearSession();
  document.body.classList.remove('role-viewer');
  state.detail = null;
  renderLogin();
  announce('Đã đăng xuất.');
});

window.addEventListener('hashchange', () => {
  // The skip link (#noi-dung) also changes the address: only sections re-render.
  const section = sectionFromHash();
  if (state.loggedIn && section && section !== state.section) renderSection({ focus: true });
});

onSessionExpired(() => {
  if (state.loggedIn) renderLogin('Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.');
});

if (getSession()) enterApp();
else renderLogin();
