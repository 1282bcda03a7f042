// Building blocks of the participant's views (the shared ones are in
// ../shared/ui.js).

import { h } from '../shared/dom.js';
import { formatDuration, formatPercent, PRIZE_LABEL } from '../shared/format.js';
import { formatTimeOfDay, isoVietnam, parseTime } from '../shared/vietnam-time.js';
import { askDialog, notice } from '../shared/ui.js';
import { serverNow } from './clock.js';

export function heading(text, level = 1) {
  return h(`h${level}`, { tabindex: level === 1 ? '-1' : null, class: level === 1 ? 'page-title' : null, text });
}

/** The round's status now, by the server's clock (live, not as of page load). */
export function roundStatus(round, now = serverNow()) {
  const opens = parseTime(round.opens_at);
  const closes = parseTime(round.closes_at);
  if (opens !== null && now < opens) return 'upcoming';
  if (closes !== null && now < closes) return 'open';
  return 'closed';
}

/** A modal confirmation: «cancel» then «confirm», focus on «cancel». Resolves true when confirmed. */
export function confirmDialog({ title, content = [], confirmText = 'Đồng ý', cancelText = 'Hủy' }) {
  return askDialog({
    title,
    body: h('div', { class: 'dialog-body' }, content),
    describe: true,
    actionsClass: 'dialog-actions',
    buttons: [
      { text: cancelText, class: 'button button-secondary', value: false },
      { text: confirmText, class: 'button button-primary', value: true },
    ],
  });
}

// ---- leaderboards ----

/**
 * A round's leaderboard kept hidden while the round is open (`visible:
 * false`): when it will be shown, and why.
 */
export function hiddenBoardNotice(contest, round, board) {
  const closes = formatTimeOfDay(board.closes_at || (round && round.closes_at), { day: true });
  const reason = contest.prediction_question ? ', để bảo đảm công bằng cho câu hỏi dự đoán' : ', để bảo đảm công bằng';
  return notice('info', h('p', {
    class: 'board-hidden',
    text: `Bảng xếp hạng ${round ? round.name : 'tuần này'} được công bố sau khi tuần thi kết thúc lúc ${closes}${reason}.`,
  }));
}

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

/** A round's published prize winners: prize, name, organization, score and time. */
export function winnersList(winners, { caption } = {}) {
  if (!winners.length) return h('p', { class: 'empty', text: 'Tuần thi này không có người đạt giải.' });
  return h(
    'ol',
    { class: 'winner-list', 'aria-label': caption || null },
    winners.map((winner) => {
      const prize = PRIZE_LABEL[winner.prize] ? winner.prize : 'other';
      return h(
        'li',
        { class: `winner winner-${prize}` },
        h('span', { class: `prize prize-${prize}`, text: winner.prize_label || PRIZE_LABEL[winner.prize] || '' }),
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

// ---- practice rounds ----

/** A practice round (thi thử): unlimited attempts, never ranked. */
export const isPractice = (round) => Boolean(round && round.practice);

/** The rounds that count (ranked, with winners): every round but the practice ones. */
export const realRounds = (rounds) => (rounds || []).filter((round) => !isPractice(round));

/** The «Thi thử» label that goes wherever a practice round is named. */
export function practiceBadge() {
  return h('span', { class: 'badge badge-practice', text: 'Thi thử' });
}

/** A round's name with the «Thi thử» label for a practice round, unless its name already says so. */
export function roundTitle(round, fallback = '') {
  if (!round) return fallback;
  return isPractice(round) && !/thi thử/i.test(round.name) ? [round.name, ' ', practiceBadge()] : round.name;
}

/** A round's name, saying «(thi thử)» for a practice round whose name does not already say so. */
export function roundLabel(round, fallback = '') {
  if (!round) return fallback;
  return isPractice(round) && !/thi thử/i.test(round.name) ? `${round.name} (thi thử)` : round.name;
}

/** A result faster than plausible waits for the committee (`committee_review: pending`): said plainly. */
export const PENDING_REVIEW_TEXT = 'Kết quả đang được Ban Tổ chức xem xét vì thời gian làm bài quá nhanh.';

// ---- texts from the committee ----

/**
 * Plain text as paragraphs: a blank line starts a new one, a single line
 * break stays a line break (CSS white-space: pre-line). Always text, never
 * markup.
 */
export function textBlocks(text, className = 'text-block') {
  return String(text || '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.replace(/^\n+|\s+$/g, ''))
    .filter((block) => block.trim() !== '')
    .map((block) => h('p', { class: className, text: block }));
}

export const PRIVACY_NOTICE_TITLE = 'Thông báo về xử lý dữ liệu cá nhân';

/** The privacy notice's paragraphs, without a first line that only repeats its title (shown as a heading or summary). */
export function privacyNoticeBlocks(text) {
  const lines = String(text || '').replace(/\r\n?/g, '\n').split('\n');
  if (lines.length && lines[0].trim().toLocaleUpperCase('vi') === PRIVACY_NOTICE_TITLE.toLocaleUpperCase('vi')) lines.shift();
  return textBlocks(lines.join('\n'));
}

/**
 * «điện thoại 0233 3861 234, e-mail btc@…» as links (tel:, mailto:), after
 * `prefix`; null when the contest gives neither.
 */
export function contactLine(contact, prefix = '') {
  const hotline = contact && typeof contact.hotline === 'string' ? contact.hotline.trim() : '';
  const email = contact && typeof contact.email === 'string' ? contact.email.trim() : '';
  if (!hotline && !email) return null;
  const parts = [];
  if (hotline) parts.push(['điện thoại ', h('a', { href: `tel:${hotline.replace(/[^\d+]/g, '')}`, text: hotline })]);
  if (email) parts.push(['e-mail ', h('a', { href: `mailto:${email}`, text: email })]);
  return [prefix, parts[0], parts[1] ? [', ', parts[1]] : null, '.'];
}

// ---- announcements ----

const SHOWN_ANNOUNCEMENTS = 3;

function announcementItem(item) {
  const created = parseTime(item.created_at);
  const updated = parseTime(item.updated_at);
  const when = created === null ? null : h(
    'p',
    { class: 'announcement-time' },
    'Đăng lúc ',
    h('time', { datetime: isoVietnam(created), text: formatTimeOfDay(created, { day: true }) }),
    updated !== null && updated - created > 60000 ? `, cập nhật lúc ${formatTimeOfDay(updated, { day: true })}` : null,
  );
  return h(
    'li',
    { class: 'announcement' },
    h('article', null, h('h3', { text: item.title }), when, textBlocks(item.body, 'announcement-body')),
  );
}

/**
 * «Thông báo của Ban Tổ chức»: the newest few, the older ones one tap away;
 * null when there are none.
 */
export function announcementsSection(list) {
  const items = (list || []).filter((item) => item && item.published !== false);
  if (!items.length) return null;
  const older = items.slice(SHOWN_ANNOUNCEMENTS);
  return h(
    'section',
    { class: 'announcements', 'aria-labelledby': 'announcements-title' },
    h('h2', { id: 'announcements-title', text: 'Thông báo của Ban Tổ chức' }),
    h('ul', { class: 'announcement-list' }, items.slice(0, SHOWN_ANNOUNCEMENTS).map(announcementItem)),
    older.length
      ? h(
          'details',
          { class: 'older-announcements' },
          h('summary', { text: `Xem ${older.length} thông báo trước` }),
          h('ul', { class: 'announcement-list' }, older.map(announcementItem)),
        )
      : null,
  );
}
