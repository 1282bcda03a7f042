// Building blocks of both pages: notices, buttons, the round status badge
// and modal dialogs. Each page passes the classes of its own look.

import { h, nextId } from './dom.js';
import { ROUND_STATUS } from './format.js';

// ---- notices ----

function noticeBox(kind, role, children) {
  return h('div', { class: `notice notice-${kind}`, role }, ...children);
}

/** A message box (kind: info, success, warning, error); only an error is announced (role=alert). */
export function notice(kind, ...children) {
  return noticeBox(kind, kind === 'error' ? 'alert' : null, children);
}

/** A message box that screen readers also read when it is not an error (role=status). */
export function liveNotice(kind, ...children) {
  return noticeBox(kind, kind === 'error' ? 'alert' : 'status', children);
}

/** "Đang diễn ra" in a badge coloured by the round's status (upcoming, open, closed). */
export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}`, text: ROUND_STATUS[status] || status });
}

// ---- buttons ----

export function button(text, onclick, kind = 'primary', extra = {}) {
  return h('button', Object.assign({ type: 'button', class: `button button-${kind}`, onclick, text }, extra));
}

export function linkButton(href, text, kind = 'primary') {
  return h('a', { class: `button button-${kind}`, href, text });
}

/** Runs `task` with the button disabled and marked busy (showing `busyText` meanwhile, if given). */
export async function busy(target, task, busyText) {
  const label = target.textContent;
  target.disabled = true;
  target.setAttribute('aria-busy', 'true');
  if (busyText) target.textContent = busyText;
  try {
    return await task();
  } finally {
    target.disabled = false;
    target.removeAttribute('aria-busy');
    if (busyText) target.textContent = label;
  }
}

// ---- dialogs ----

// Each open dialog and the function that closes it with a return value.
const openDialogs = new Map();

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/** Sets inline styles through the CSSOM (allowed by a CSP without 'unsafe-inline'). */
function setStyles(el, styles) {
  Object.keys(styles).forEach((name) => { el.style[name] = styles[name]; });
}

/**
 * Shows `dialog` as a modal without HTMLDialogElement.showModal (iOS Safari
 * before 15.4, old WebViews): the `open` attribute, a fixed position over a
 * backdrop that takes the taps meant for the page behind, Tab kept inside,
 * Esc calling `cancel`. The styles are set here rather than in a page's
 * stylesheet so that both pages get them. Returns { remove() }.
 */
function modalFallback(dialog, cancel) {
  const backdrop = h('div', { class: 'dialog-backdrop', 'aria-hidden': 'true' });
  setStyles(backdrop, { position: 'fixed', top: '0', right: '0', bottom: '0', left: '0', background: 'rgba(10, 20, 30, 0.55)', zIndex: '1000' });
  dialog.setAttribute('open', '');
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.classList.add('dialog-fallback');
  setStyles(dialog, {
    display: 'block', position: 'fixed', top: '50%', left: '50%', transform: 'translate(-50%, -50%)',
    margin: '0', maxHeight: 'calc(100% - 2rem)', overflow: 'auto', zIndex: '1001', background: '#fff',
    boxSizing: 'border-box', width: 'calc(100% - 2rem)', maxWidth: '32rem',
  });
  dialog.parentNode.insertBefore(backdrop, dialog);
  const focusable = () => Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), (el) => !el.disabled);
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' || event.key === 'Esc') {
      event.preventDefault();
      cancel();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusable();
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  // Focus that wanders behind the dialog (a screen reader, a hardware
  // keyboard) is brought back, as a native modal would keep it.
  const keepFocus = (event) => {
    if (dialog.contains(event.target)) return;
    const items = focusable();
    if (items.length) items[0].focus();
  };
  document.addEventListener('focusin', keepFocus);
  return {
    remove() {
      document.removeEventListener('focusin', keepFocus);
      if (backdrop.parentNode) backdrop.parentNode.removeChild(backdrop);
    },
  };
}

/**
 * A modal question on a <dialog> (focus kept inside, Esc cancels), native
 * where the browser has showModal, otherwise an equivalent overlay:
 *   title, body (a node under the title),
 *   buttons: [{ text, class, value }] in the order shown, in a row of class
 *   `actionsClass`; focus starts on the first one whose value is false;
 *   describe: the body is the dialog's accessible description;
 *   restoreFocus: focus goes back where it was once the dialog closes.
 * Resolves with the value of the button pressed; false on Esc or when
 * closeAllDialogs() closes it.
 */
export function askDialog({ title, body, buttons, actionsClass = 'actions', describe = false, restoreFocus = false }) {
  const titleId = nextId('dialog-title');
  if (describe) body.id = nextId('dialog-desc');
  let close = () => {};
  const buttonEls = buttons.map((b, index) => {
    const el = h('button', { type: 'button', class: b.class, text: b.text });
    el.addEventListener('click', () => close(String(index)));
    return el;
  });
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': describe ? body.id : null },
    h('h2', { id: titleId, text: title }),
    body,
    h('div', { class: actionsClass }, buttonEls),
  );
  const previous = document.activeElement;
  document.body.appendChild(dialog);
  return new Promise((resolve) => {
    let done = false;
    let fallback = null;
    const finish = (value) => {
      if (done) return;
      done = true;
      openDialogs.delete(dialog);
      if (fallback) fallback.remove();
      if (dialog.parentNode) dialog.parentNode.removeChild(dialog);
      if (restoreFocus && previous && typeof previous.focus === 'function') previous.focus();
      const chosen = buttons[Number(value)];
      resolve(value !== '' && chosen ? chosen.value : false);
    };
    if (typeof dialog.showModal === 'function') {
      close = (value) => dialog.close(value);
      dialog.addEventListener('close', () => finish(dialog.returnValue));
      dialog.showModal();
    } else {
      close = finish;
      fallback = modalFallback(dialog, () => finish(''));
    }
    openDialogs.set(dialog, (value) => close(value));
    const firstCancel = buttons.findIndex((b) => b.value === false);
    buttonEls[Math.max(0, firstCancel)].focus();
  });
}

/** Closes every open dialog as cancelled (before the page shows something else). */
export function closeAllDialogs() {
  Array.from(openDialogs.values()).forEach((close) => close(''));
}
