// Building blocks shared by the views.

import { h, nextId } from './dom.js';
import { formatDuration, formatPercent, parseTime } from './format.js';
import { serverNow } from './clock.js';

export function heading(text, level = 1) {
  return h(`h${level}`, { tabindex: level === 1 ? '-1' : null, class: level === 1 ? 'page-title' : null, text });
}

export function notice(kind, ...content) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : null }, ...content);
}

export function linkButton(href, text, kind = 'primary') {
  return h('a', { class: `button button-${kind}`, href, text });
}

export function button(text, onclick, kind = 'primary', extra = {}) {
  return h('button', { type: 'button', class: `button button-${kind}`, onclick, text, ...extra });
}

/** The round's status now, by the server's clock (live, not as of page load). */
export function roundStatus(round, now = serverNow()) {
  const opens = parseTime(round.opens_at);
  const closes = parseTime(round.closes_at);
  if (opens !== null && now < opens) return 'upcoming';
  if (closes !== null && now < closes) return 'open';
  return 'closed';
}

const STATUS_TEXT = { upcoming: 'Sắp diễn ra', open: 'Đang diễn ra', closed: 'Đã kết thúc' };

export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}`, text: STATUS_TEXT[status] || status });
}

// ---- dialogs ----

const openDialogs = new Set();

/**
 * A modal confirmation (native <dialog>: focus is kept inside, Esc cancels).
 * Resolves true when confirmed.
 */
export function confirmDialog({ title, content = [], confirmText = 'Đồng ý', cancelText = 'Hủy' }) {
  const titleId = nextId('dialog-title');
  const descId = nextId('dialog-desc');
  const cancel = h('button', { type: 'button', class: 'button button-secondary', text: cancelText });
  const confirm = h('button', { type: 'button', class: 'button button-primary', text: confirmText });
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': titleId, 'aria-describedby': descId },
    h('h2', { id: titleId, text: title }),
    h('div', { id: descId, class: 'dialog-body' }, content),
    h('div', { class: 'dialog-actions' }, cancel, confirm),
  );
  document.body.append(dialog);
  openDialogs.add(dialog);
  return new Promise((resolve) => {
    cancel.addEventListener('click', () => dialog.close('cancel'));
    confirm.addEventListener('click', () => dialog.close('ok'));
    dialog.addEventListener('close', () => {
      openDialogs.delete(dialog);
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    dialog.showModal();
    cancel.focus();
  });
}

export function closeAllDialogs() {
  for (const dialog of [...openDialogs]) dialog.close('cancel');
}

// ---- leaderboards ----

export function leaderboardTable(entries, { ownId = null, caption } = {}) {
  if (!entries.length) {
    return h('p', { class: 'empty', text: 'Chưa có ai hoàn thành bài thi trong tuần này.' });
  }
  const rows = entries.map((entry) => {
    const own = ownId && entry.participant_id === ownId;
    return h(
      'tr',
      { class: own ? 'own-row' : null },
      h('td', { class: 'num', text: String(entry.rank) }),
      h(
        'td',
        { class: 'who' },
        h('span', { class: 'person', text: entry.name }),
        own ? h('span', { class: 'you', text: ' (bạn)' }) : null,
        h('span', { class: 'org', text: entry.organization }),
      ),
      h('td', { class: 'num', text: `${entry.score}/${entry.total}` }),
      h('td', { class: 'num time', text: formatDuration(entry.duration_ms) }),
    );
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'leaderboard' },
      caption ? h('caption', { class: 'visually-hidden', text: caption }) : null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col', class: 'num', text: 'Hạng' }),
          h('th', { scope: 'col', text: 'Người dự thi' }),
          h('th', { scope: 'col', class: 'num', text: 'Điểm' }),
          h('th', { scope: 'col', class: 'num', text: 'Thời gian' }),
        ),
      ),
      h('tbody', null, rows),
    ),
  );
}

export function organizationsList(entries, { ownOrganizationId = null } = {}) {
  if (!entries.length) return h('p', { class: 'empty', text: 'Chưa có dữ liệu.' });
  return h(
    'ol',
    { class: 'org-list' },
    entries.map((entry) => {
      const rate = Math.max(0, Math.min(1, Number(entry.participation_rate) || 0));
      const fill = h('span', { class: 'bar-fill' });
      fill.style.setProperty('width', `${(rate * 100).toFixed(1)}%`);
      const own = ownOrganizationId && entry.organization_id === ownOrganizationId;
      return h(
        'li',
        { class: own ? 'own-row' : null },
        h(
          'div',
          { class: 'org-line' },
          h('span', { class: 'org-rank', text: `${entry.rank}.` }),
          h('span', { class: 'org-name', text: entry.name }),
          h('span', { class: 'org-rate', text: formatPercent(rate) }),
        ),
        h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
        h('span', { class: 'org-count', text: `${entry.participants}/${entry.headcount} người đã dự thi` }),
      );
    }),
  );
}

// ---- published winners ----

const PRIZE_TEXT = { first: 'Giải Nhất', second: 'Giải Nhì', third: 'Giải Ba' };

/** A round's published prize winners: prize, name, organization, score and time. */
export function winnersList(winners, { caption } = {}) {
  if (!winners.length) return h('p', { class: 'empty', text: 'Tuần thi này không có người đạt giải.' });
  return h(
    'ol',
    { class: 'winner-list', 'aria-label': caption || null },
    winners.map((winner) => {
      const prize = PRIZE_TEXT[winner.prize] ? winner.prize : 'other';
      return h(
        'li',
        { class: `winner winner-${prize}` },
        h('span', { class: `prize prize-${prize}`, text: winner.prize_label || PRIZE_TEXT[winner.prize] || '' }),
        h(
          'span',
          { class: 'who' },
          h('span', { class: 'person', text: winner.name }),
          h('span', { class: 'org', text: winner.organization }),
        ),
        h(
          'span',
          { class: 'winner-result' },
          h('span', null, 'Điểm: ', h('strong', { text: `${winner.score}/${winner.total}` })),
          h('span', null, 'Thời gian: ', h('strong', { text: formatDuration(winner.duration_ms) })),
        ),
      );
    }),
  );
}
