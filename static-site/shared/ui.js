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

const openDialogs = new Set();

/**
 * A modal question on a native <dialog> (focus kept inside, Esc cancels):
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
  const buttonEls = buttons.map((b, index) => {
    const el = h('button', { type: 'button', class: b.class, text: b.text });
    el.addEventListener('click', () => dialog.close(String(index)));
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
  document.body.append(dialog);
  openDialogs.add(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      openDialogs.delete(dialog);
      dialog.remove();
      if (restoreFocus && previous && typeof previous.focus === 'function') previous.focus();
      const chosen = buttons[Number(dialog.returnValue)];
      resolve(dialog.returnValue !== '' && chosen ? chosen.value : false);
    });
    dialog.showModal();
    buttonEls[Math.max(0, buttons.findIndex((b) => b.value === false))].focus();
  });
}

/** Closes every open dialog as cancelled (before the page shows something else). */
export function closeAllDialogs() {
  for (const dialog of [...openDialogs]) dialog.close('');
}
