// Entry point: hash routing (a reload keeps the page), the header, the
// contest information every view needs, and session expiry.

import { api, contestId, getSession, onSessionExpired } from './api.js';
import { h, replace } from '../shared/dom.js';
import { localStore } from '../shared/storage.js';
import { button, closeAllDialogs, notice } from '../shared/ui.js';
import { heading } from './ui.js';
import { renderLanding } from './views/landing.js';
import { renderLogin } from './views/auth.js';
import { renderRegister } from './views/register.js';
import { renderMine } from './views/mine.js';
import { renderAttempt } from './views/attempt.js';
import { renderResult } from './views/result.js';
import { renderRankings } from './views/rankings.js';
import { renderPractice } from './views/practice.js';
import { renderPrivacy } from './views/privacy.js';
import { renderPasswordReset } from './views/reset.js';
import { renderReview } from './views/review.js';
import { renderWithdraw } from './views/withdraw.js';
import { renderVerify } from './views/verify.js';
import { renderHelp } from './views/help.js';
import { contactLine } from './ui.js';

const ROUTES = [
  { pattern: /^\/?$/, view: renderLanding, name: 'home' },
  { pattern: /^\/dang-ky$/, view: renderRegister, name: 'register' },
  { pattern: /^\/dang-nhap$/, view: renderLogin, name: 'login' },
  { pattern: /^\/cua-toi$/, view: renderMine, name: 'mine', auth: true },
  { pattern: /^\/bai-thi\/([0-9a-f]{32})$/, view: renderAttempt, name: 'attempt', auth: true },
  { pattern: /^\/bai-thi\/([0-9a-f]{32})\/xem-lai$/, view: renderReview, name: 'review', auth: true },
  { pattern: /^\/ket-qua\/([0-9a-f]{32})$/, view: renderResult, name: 'result', auth: true },
  { pattern: /^\/xep-hang$/, view: renderRankings, name: 'rankings' },
  { pattern: /^\/thi-thu$/, view: renderPractice, name: 'practice' },
  { pattern: /^\/du-lieu-ca-nhan$/, view: renderPrivacy, name: 'privacy' },
  { pattern: /^\/quen-mat-khau$/, view: renderPasswordReset, name: 'reset' },
  { pattern: /^\/rut-khoi-cuoc-thi$/, view: renderWithdraw, name: 'withdraw', auth: true },
  { pattern: /^\/huong-dan$/, view: renderHelp, name: 'help' },
  // A certificate's QR code leads to /?verify=CODE (see currentPath); works
  // without the contest (the code says which one).
  { pattern: /^\/xac-minh(?:\/([A-Za-z0-9%-]*))?$/, view: renderVerify, name: 'verify', contestOptional: true },
];

const app = document.getElementById('app');
let contest = null;
let cleanup = null;
let renderToken = 0;
let firstRender = true;

const state = {
  flash: null, // { kind, text } shown once by the next view
  returnTo: null, // where to go after logging in
  stash: null, // data handed from one view to the next (e.g. a started attempt)
};

/** A certificate's code from the address (/?verify=CODE), or ''. */
const verifyCode = (new URLSearchParams(window.location.search).get('verify') || '').replace(/[^A-Za-z0-9-]/g, '');

function currentPath() {
  const hash = window.location.hash.replace(/^#/, '');
  // Only while the address has no route of its own: «Thể lệ» (#/) still leads to the contest.
  if (hash === '' && verifyCode) return `/xac-minh/${verifyCode}`;
  return hash === '' ? '/' : hash;
}

export function navigate(path, { replaceHistory = false } = {}) {
  const target = `#${path}`;
  if (window.location.hash === target) {
    route();
  } else if (replaceHistory) {
    window.location.replace(target);
  } else {
    window.location.hash = target;
  }
}

const contestCacheKey = `cuocthi:v1:${contestId}:contest`;

/** The contest, from the API; without a connection, the copy kept from last time. */
async function loadContest(force = false, fresh = false) {
  if (!contest || force) {
    try {
      contest = await api.contest(fresh);
      localStore.setJSON(contestCacheKey, contest);
    } catch (error) {
      const cached = contest || localStore.getJSON(contestCacheKey);
      if (!error.retryable || !cached || cached.id !== contestId) throw error;
      contest = cached;
    }
    document.getElementById('brand').textContent = contest.title;
    renderFooter(contest);
  }
  return contest;
}

/**
 * The footer: the privacy notice one tap away from every page, and how to
 * reach the committee when the contest says (hotline, e-mail).
 */
function renderFooter(info) {
  const contact = contactLine(info.contact, 'Liên hệ Ban Tổ chức: ');
  replace(
    document.getElementById('footer-extra'),
    contact ? h('p', { class: 'footer-contact' }, contact) : null,
    h('p', null, h('a', { href: '#/huong-dan', text: 'Hướng dẫn dự thi và câu hỏi thường gặp' })),
    h('p', null, h('a', { href: '#/du-lieu-ca-nhan', text: 'Thông báo về xử lý dữ liệu cá nhân' })),
  );
}

function renderNav(active) {
  const links = [['/', 'Thể lệ', 'home'], ['/xep-hang', 'Xếp hạng', 'rankings'], ['/huong-dan', 'Hướng dẫn', 'help']];
  if (getSession()) links.push(['/cua-toi', 'Trang của tôi', 'mine']);
  else links.push(['/dang-nhap', 'Đăng nhập', 'login'], ['/dang-ky', 'Đăng ký', 'register']);
  replace(
    document.getElementById('nav-links'),
    links.map(([path, text, name]) =>
      h('li', null, h('a', { href: `#${path}`, text, 'aria-current': name === active ? 'page' : null })),
    ),
  );
}

function showError(error, retry) {
  const isMissing = error && error.code === 'CONTEST_NOT_FOUND';
  replace(
    app,
    heading(isMissing ? 'Không tìm thấy cuộc thi' : 'Không tải được trang'),
    notice('error', h('p', { text: isMissing ? `Không có cuộc thi với mã «${contestId}». Vui lòng kiểm tra lại đường dẫn.` : error.message || 'Đã có lỗi xảy ra.' })),
    isMissing ? null : button('Thử lại', retry),
  );
}

async function route() {
  const token = ++renderToken;
  closeAllDialogs();
  if (cleanup) {
    try {
      cleanup();
    } catch (ignored) {
      /* a view's cleanup must not stop navigation */
    }
    cleanup = null;
  }
  const path = currentPath();
  let match = null;
  let entry = ROUTES.find((r) => (match = path.match(r.pattern)));
  if (!entry) {
    entry = ROUTES[0];
    match = ['/'];
  }
  renderNav(entry.name);
  if (entry.auth && !getSession()) {
    state.returnTo = path;
    state.flash = state.flash || { kind: 'info', text: 'Vui lòng đăng nhập để tiếp tục.' };
    navigate('/dang-nhap', { replaceHistory: true });
    return;
  }
  app.setAttribute('aria-busy', 'true');
  try {
    let info = null;
    try {
      info = await loadContest(entry.name === 'home');
    } catch (error) {
      if (!entry.contestOptional) throw error;
    }
    if (token !== renderToken) return;
    const ctx = {
      app,
      contest: info,
      params: match.slice(1),
      state,
      navigate,
      isCurrent: () => token === renderToken,
      /** `fresh`: past the HTTP cache too (the server said the contest changed). */
      refreshContest: (fresh = false) => loadContest(true, fresh),
      takeFlash() {
        const flash = state.flash;
        state.flash = null;
        return flash ? notice(flash.kind, h('p', { text: flash.text })) : null;
      },
    };
    const result = await entry.view(ctx);
    if (token !== renderToken) {
      if (typeof result === 'function') result();
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
  } catch (error) {
    if (token !== renderToken) return;
    if (error && error.status === 401) return; // handled by onSessionExpired
    showError(error, () => route());
  } finally {
    if (token === renderToken) {
      app.setAttribute('aria-busy', 'false');
      const title = app.querySelector('h1');
      document.title = title ? `${title.textContent} – ${contest ? contest.title : 'Cuộc thi trắc nghiệm'}` : 'Cuộc thi trắc nghiệm trực tuyến';
      if (!firstRender && title && !app.contains(document.activeElement)) title.focus({ preventScroll: false });
      if (!firstRender) {
        window.scrollTo(0, 0);
        // Inside a portal's frame, scrolling this document moves nothing
        // the participant sees: the portal (embed.js) scrolls to the frame.
        postToHost({ type: 'cchc-embed-scroll-top' });
      }
      firstRender = false;
    }
  }
}

onSessionExpired(() => {
  const path = currentPath();
  state.returnTo = path.startsWith('/dang-') ? state.returnTo : path;
  state.flash = { kind: 'info', text: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại; câu trả lời đã chọn vẫn được giữ trên máy.' };
  navigate('/dang-nhap');
});

window.addEventListener('hashchange', route);

// ---- inside a portal's frame (embed.js) ----

const embedded = (() => {
  try {
    return window.parent !== window;
  } catch (crossOrigin) {
    return true;
  }
})();
// embed.js names each of its frames, so that a portal with several can tell them apart.
const frameId = embedded ? window.name || '' : '';

/**
 * A message to the page framing this one. Sent to any origin: the page
 * cannot know the portal's (no referrer crosses origins), and the messages
 * say nothing private (a height, a view change); embed.js checks that they
 * come from its own frames and from our origin.
 */
function postToHost(message) {
  if (!embedded) return;
  try {
    window.parent.postMessage(Object.assign({ frameId }, message), '*');
  } catch (ignored) {
    /* a host that went away */
  }
}

/** The content's height (not the frame's: documentElement.scrollHeight never shrinks below the frame). */
function contentHeight() {
  const body = document.body;
  return Math.ceil(Math.max(body.scrollHeight, body.getBoundingClientRect().height));
}

if (embedded) {
  document.documentElement.classList.add('embedded');
  let last = 0;
  const report = () => {
    const height = contentHeight();
    if (height !== last) {
      last = height;
      postToHost({ type: 'cchc-embed-height', height });
    }
  };
  if ('ResizeObserver' in window) new window.ResizeObserver(report).observe(document.body);
  // Chrome pauses rendering, and with it ResizeObserver, in a cross-origin
  // frame scrolled out of the portal's view, and older browsers (iOS < 13.4)
  // have no ResizeObserver: any change to the page tells too, and a slow
  // check catches what changes no node (fonts, images).
  if ('MutationObserver' in window) {
    new MutationObserver(report).observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
  }
  setInterval(report, 1000);
  window.addEventListener('load', report);
  window.addEventListener('resize', report);
  report();
}

route();
