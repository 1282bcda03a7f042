// The unit follow-up page (/don-vi/?t=TOKEN): for a unit head, through the
// secret link the committee gave the unit, without an account. Who in the
// unit has not registered, who has not taken part in this week's round, and
// a ready reminder to paste into Zalo. Names only: the server sends no
// phone and no score, and this page asks for none.

import { apiClient } from '../shared/api.js';
import { h, replace, announce } from '../shared/dom.js';
import { formatNumber, formatPercent } from '../shared/format.js';
import { button, liveNotice, notice } from '../shared/ui.js';
import { formatTimeOfDay, parseTime } from '../shared/vietnam-time.js';

const app = document.getElementById('app');

// No session on this page: the token in the address is the only key.
const noSession = { get: () => null, save() {}, clear() {} };
const { request } = apiClient({ session: noSession, timeoutMs: 15000 });

/** The token from ?t=, or '' when it does not look like one. */
function tokenFromUrl() {
  const raw = (new URLSearchParams(window.location.search).get('t') || '').trim().toLowerCase();
  return /^[0-9a-f]{32}$/.test(raw) ? raw : '';
}

/**
 * The round the page is about («tuần này»): the open one; else the next to
 * open; else the last that closed.
 */
export function currentRound(rounds) {
  const list = rounds || [];
  return list.find((r) => r.status === 'open')
    || list.find((r) => r.status === 'upcoming')
    || list.filter((r) => r.status === 'closed').slice(-1)[0]
    || null;
}

/** Members split by what the unit head must chase. */
export function groupMembers(members, round) {
  const groups = { unregistered: [], notYet: [], done: [] };
  (members || []).forEach((member) => {
    if (!member.registered) groups.unregistered.push(member);
    else if (round && (member.rounds_completed || []).indexOf(round.round_id) < 0) groups.notYet.push(member);
    else groups.done.push(member);
  });
  return groups;
}

/** The reminder to paste into Zalo: the contest link, the deadline, and who has not taken part yet. */
export function reminderText(data, round, groups) {
  const lines = [`[Nhắc dự thi] ${data.contest_title}`, `Kính gửi cán bộ, công chức, viên chức ${data.organization},`];
  if (round && round.status === 'open') {
    lines.push(`${round.name} của cuộc thi kết thúc lúc ${formatTimeOfDay(round.closes_at, { day: true })} (giờ Việt Nam). Đề nghị các đồng chí có tên dưới đây đăng ký và hoàn thành bài thi trước thời hạn trên.`);
  } else if (round && round.status === 'upcoming') {
    lines.push(`${round.name} của cuộc thi sắp diễn ra, kết thúc lúc ${formatTimeOfDay(round.closes_at, { day: true })} (giờ Việt Nam). Đề nghị các đồng chí có tên dưới đây đăng ký tài khoản để sẵn sàng dự thi.`);
  } else {
    lines.push('Đề nghị các đồng chí có tên dưới đây tham gia cuộc thi.');
  }
  lines.push(`Đường dẫn dự thi: ${data.contest_url}`);
  const list = (title, members) => {
    if (!members.length) return;
    lines.push('', `${title} (${members.length} người):`);
    members.forEach((m, i) => lines.push(`${i + 1}. ${m.full_name}`));
  };
  list('Chưa đăng ký tài khoản', groups.unregistered);
  if (round && round.status !== 'upcoming') list(`Đã đăng ký nhưng chưa dự thi ${round.name}`, groups.notYet);
  if (!groups.unregistered.length && !(round && round.status !== 'upcoming' && groups.notYet.length)) {
    lines.push('', 'Tất cả mọi người trong danh sách đều đã tham gia. Cảm ơn các đồng chí!');
  }
  lines.push('', 'Trân trọng.');
  return lines.join('\n');
}

/** Puts `text` on the clipboard: the Clipboard API, else the selected textarea and execCommand('copy'). */
async function copyText(text, textarea) {
  if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (refused) {
      /* permission refused or not a secure context: the old way below */
    }
  }
  textarea.value = text;
  textarea.focus();
  textarea.select();
  try {
    textarea.setSelectionRange(0, text.length);
  } catch (unsupported) {
    /* select() already did it */
  }
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch (refused) {
    copied = false;
  }
  return copied;
}

function memberList(members, kind, roundNames) {
  if (!members.length) return h('p', { class: 'empty', text: 'Không có ai.' });
  return h(
    'ol',
    { class: `member-list member-${kind}` },
    members.map((member) => {
      const done = (member.rounds_completed || []).map((rid) => roundNames[rid]).filter(Boolean);
      return h(
        'li',
        { class: 'member' },
        h('span', { class: 'person', text: member.full_name }),
        kind === 'unregistered' ? h('span', { class: 'flag flag-unregistered', text: 'Chưa đăng ký' }) : null,
        kind === 'notYet' ? h('span', { class: 'flag flag-not-yet', text: 'Chưa dự thi tuần này' }) : null,
        done.length ? h('span', { class: 'member-rounds', text: `Đã dự thi: ${done.join(', ')}` }) : null,
      );
    }),
  );
}

function roundsTable(data, round) {
  const statusText = { open: 'Đang diễn ra', upcoming: 'Sắp diễn ra', closed: 'Đã kết thúc' };
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'unit-rounds' },
      h('caption', { class: 'visually-hidden', text: 'Số người của đơn vị đã dự thi theo tuần thi' }),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', text: 'Tuần thi' }),
        h('th', { scope: 'col', text: 'Kết thúc' }),
        h('th', { scope: 'col', class: 'num', text: 'Đã dự thi' }))),
      h('tbody', null, data.rounds.map((r) => h(
        'tr',
        { class: round && r.round_id === round.round_id ? 'current-round' : null },
        h('th', { scope: 'row' }, r.name, h('span', { class: 'round-state', text: ` (${statusText[r.status] || r.status})` })),
        h('td', { text: formatTimeOfDay(r.closes_at, { day: true }) }),
        h('td', { class: 'num', text: `${formatNumber(r.completed)}/${formatNumber(data.headcount)}` }),
      ))),
    ),
  );
}

function render(data) {
  const round = currentRound(data.rounds);
  const groups = groupMembers(data.members, round);
  const roundNames = {};
  data.rounds.forEach((r) => { roundNames[r.round_id] = r.name; });
  const text = reminderText(data, round, groups);
  const textarea = h('textarea', { id: 'reminder-text', class: 'reminder-text', rows: '8', readonly: true });
  textarea.value = text;
  const status = h('div', { class: 'message-slot', 'aria-live': 'polite' });
  const copy = button('Sao chép lời nhắc', async () => {
    const copied = await copyText(text, textarea);
    replace(status, copied
      ? liveNotice('success', h('p', { text: 'Đã sao chép lời nhắc. Dán vào nhóm Zalo hoặc tin nhắn của đơn vị.' }))
      : liveNotice('warning', h('p', { text: 'Trình duyệt không cho sao chép tự động. Hãy chọn toàn bộ đoạn văn bản dưới đây rồi sao chép.' })));
    if (copied) announce('Đã sao chép lời nhắc.');
  });
  const printButton = button('In danh sách', () => window.print(), 'secondary');
  const roundWord = round ? round.name : 'tuần này';
  document.title = `${data.organization} – Theo dõi dự thi`;
  document.getElementById('brand').textContent = data.contest_title;

  replace(
    app,
    h('h1', { class: 'page-title', tabindex: '-1', text: data.organization }),
    h('p', { class: 'lead' }, 'Tình hình tham gia ', h('a', { href: data.contest_url, text: data.contest_title }), '.'),
    h(
      'ul',
      { class: 'facts unit-facts', 'aria-label': 'Tổng hợp' },
      h('li', null, h('strong', { text: `${formatNumber(data.participants_total)}/${formatNumber(data.headcount)}` }), ' người đã dự thi'),
      h('li', null, 'Tỷ lệ tham gia: ', h('strong', { text: formatPercent(data.rate) })),
      h('li', null, h('strong', { text: formatNumber(groups.unregistered.length) }), ' người chưa đăng ký'),
      round && round.status !== 'upcoming' ? h('li', null, h('strong', { text: formatNumber(groups.notYet.length) }), ` người chưa dự thi ${roundWord}`) : null,
    ),
    roundsTable(data, round),
    data.from_staff_list ? null : notice('info', h('p', { text: 'Đơn vị chưa có danh sách cán bộ trên hệ thống, nên trang chỉ liệt kê những người đã đăng ký. Người chưa đăng ký không hiện ở đây.' })),
    h(
      'section',
      { class: 'card reminder', 'aria-labelledby': 'reminder-title' },
      h('h2', { id: 'reminder-title', text: 'Nhắc cán bộ dự thi' }),
      h('p', { text: 'Lời nhắc gồm đường dẫn dự thi, thời hạn và họ tên những người chưa tham gia, để dán vào nhóm Zalo của đơn vị.' }),
      h('div', { class: 'actions' }, copy, printButton),
      status,
      h('details', { class: 'reminder-preview' }, h('summary', { text: 'Xem nội dung lời nhắc' }), h('label', { for: 'reminder-text', class: 'visually-hidden', text: 'Nội dung lời nhắc' }), textarea),
    ),
    h('section', { class: 'member-group group-unregistered', 'aria-labelledby': 'unregistered-title' },
      h('h2', { id: 'unregistered-title', text: `Chưa đăng ký (${groups.unregistered.length})` }),
      memberList(groups.unregistered, 'unregistered', roundNames)),
    round && round.status !== 'upcoming'
      ? h('section', { class: 'member-group group-not-yet', 'aria-labelledby': 'not-yet-title' },
          h('h2', { id: 'not-yet-title', text: `Chưa dự thi ${roundWord} (${groups.notYet.length})` }),
          memberList(groups.notYet, 'notYet', roundNames))
      : null,
    h('section', { class: 'member-group group-done', 'aria-labelledby': 'done-title' },
      h('h2', { id: 'done-title', text: round && round.status !== 'upcoming' ? `Đã dự thi ${roundWord} (${groups.done.length})` : `Đã đăng ký (${groups.done.length})` }),
      memberList(groups.done, 'done', roundNames)),
    h('p', { class: 'hint', text: `Số liệu lúc ${formatTimeOfDay(data.server_time, { day: true })}.` }),
  );
}

function renderMissing() {
  document.title = 'Liên kết không còn hiệu lực';
  replace(
    app,
    h('h1', { class: 'page-title', tabindex: '-1', text: 'Liên kết không còn hiệu lực' }),
    notice('error', h('p', { text: 'Không tìm thấy đơn vị theo liên kết này. Liên kết có thể đã bị Ban Tổ chức thu hồi hoặc được sao chép chưa đầy đủ.' })),
    h('p', { text: 'Vui lòng liên hệ Ban Tổ chức cuộc thi để nhận liên kết mới cho đơn vị.' }),
  );
}

async function main() {
  const token = tokenFromUrl();
  try {
    if (!token) {
      renderMissing();
      return;
    }
    let data;
    try {
      data = (await request(`/api/units/${token}`, { cache: 'no-store' })).data;
    } catch (error) {
      if (error.status === 404) {
        renderMissing();
        return;
      }
      replace(app, h('h1', { class: 'page-title', tabindex: '-1', text: 'Không tải được trang' }), notice('error', h('p', { text: error.message })), button('Thử lại', () => main()));
      return;
    }
    render(data);
  } finally {
    app.setAttribute('aria-busy', 'false');
  }
}

// Only on the page itself (the functions above can be imported elsewhere).
if (app && document.body.classList.contains('unit-page')) main();
