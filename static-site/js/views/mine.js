// My contest page: the committee's announcements, rounds (attempts used and
// left, best results; practice rounds apart), the button that starts an
// attempt (after a confirmation, start.js), my attempts with their results
// and reviews, and my personal data: download it, or withdraw and erase it
// (Nghị định 13/2023).

import { api, clearSession, contestId } from '../api.js';
import { ApiError } from '../../shared/api.js';
import { announcementsForFirstRender } from '../announcements.js';
import { h, replace, announce } from '../../shared/dom.js';
import { formatBytes, formatDuration } from '../../shared/format.js';
import { busy, button, linkButton, liveNotice, notice, statusBadge } from '../../shared/ui.js';
import { formatDateTime, formatLongDateTime, parseTime } from '../../shared/vietnam-time.js';
import { serverNow } from '../clock.js';
import { announcementsSection, heading, isPractice, PENDING_REVIEW_TEXT, practiceBadge, roundLabel, roundStatus, roundTitle } from '../ui.js';
import { startRound } from './start.js';

const ATTEMPT_STATUS = { in_progress: 'Đang làm', submitted: 'Đã nộp', timed_out: 'Hết giờ' };
const COMMITTEE_REVIEW = { pending: 'Đang được Ban Tổ chức xem xét', rejected: 'Không được Ban Tổ chức công nhận' };

/** The file a participant's data is saved as: du-lieu-cua-toi-<contest>.json. */
export const myDataFileName = () => `du-lieu-cua-toi-${contestId}.json`;

/**
 * «Tải dữ liệu của tôi»: everything the server stores about this
 * participant, fetched with their token and saved as a JSON file. A link
 * stays in `status` in case the browser did not start the download itself.
 */
async function downloadMyData(status) {
  replace(status, h('p', { class: 'muted', text: 'Đang chuẩn bị dữ liệu…' }));
  let data;
  try {
    data = await api.myData();
  } catch (error) {
    replace(status, notice('error', h('p', { text: error.message })));
    return;
  }
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json;charset=utf-8' });
  const href = URL.createObjectURL(blob);
  const name = myDataFileName();
  const link = h('a', { href, download: name, text: name });
  const trigger = h('a', { href, download: name, hidden: true });
  document.body.append(trigger);
  trigger.click();
  trigger.remove();
  // Long enough for a slow device to save it, or for the link below to be used.
  setTimeout(() => URL.revokeObjectURL(href), 10 * 60 * 1000);
  replace(status, liveNotice('success', h('p', null, `Đã tải xuống tệp ${name} (${formatBytes(blob.size)}). Nếu trình duyệt chưa lưu tệp, bấm vào đây: `, link, '.')));
  announce('Đã tải xuống dữ liệu của bạn.');
}

/** The name the certificates' PDF is saved as. */
export const certificatesFileName = () => `giay-chung-nhan-${contestId}.pdf`;

/**
 * «Tải giấy chứng nhận»: the participant's certificates (one PDF), fetched
 * with their token; a friendly sentence while there is none yet.
 */
async function downloadCertificates(status) {
  replace(status, h('p', { class: 'muted', text: 'Đang chuẩn bị giấy chứng nhận…' }));
  let blob;
  try {
    blob = await api.myCertificates();
  } catch (error) {
    if (error.code === 'NO_CERTIFICATES') {
      replace(status, liveNotice('info', h('p', { text: 'Bạn chưa có giấy chứng nhận nào. Giấy chứng nhận được cấp cho người đạt giải sau khi Ban Tổ chức công bố danh sách đạt giải của tuần thi.' })));
    } else {
      replace(status, notice('error', h('p', { text: error.message })));
    }
    return;
  }
  const href = URL.createObjectURL(blob);
  const name = certificatesFileName();
  const trigger = h('a', { href, download: name, hidden: true });
  document.body.appendChild(trigger);
  trigger.click();
  trigger.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10 * 60 * 1000);
  replace(status, liveNotice('success', h('p', null, `Đã tải xuống tệp ${name} (${formatBytes(blob.size)}). Nếu trình duyệt chưa lưu tệp, bấm vào đây: `, h('a', { href, download: name, text: name }), '.')));
  announce('Đã tải xuống giấy chứng nhận.');
}

function certificatesSection() {
  const status = h('div', { class: 'message-slot', 'aria-live': 'polite' });
  const download = button('Tải giấy chứng nhận', () => busy(download, () => downloadCertificates(status), 'Đang tải…'), 'secondary');
  return h(
    'section',
    { class: 'my-certificates', 'aria-labelledby': 'my-certificates-title' },
    h('h2', { id: 'my-certificates-title', text: 'Giấy chứng nhận' }),
    h('p', { text: 'Giấy chứng nhận của bạn (tệp PDF) có mã số và mã QR: bất kỳ ai quét mã QR hoặc nhập mã số trên trang dự thi đều kiểm tra được giấy chứng nhận là do Ban Tổ chức cấp.' }),
    h('div', { class: 'actions' }, download),
    status,
  );
}

function personalDataSection() {
  const status = h('div', { class: 'message-slot', 'aria-live': 'polite' });
  const download = button('Tải dữ liệu của tôi', () => busy(download, () => downloadMyData(status), 'Đang tải dữ liệu…'), 'secondary');
  return h(
    'section',
    { class: 'my-data', 'aria-labelledby': 'my-data-title' },
    h('h2', { id: 'my-data-title', text: 'Dữ liệu cá nhân của bạn' }),
    h('p', null, 'Ban Tổ chức xử lý dữ liệu của bạn theo ', h('a', { href: '#/du-lieu-ca-nhan', text: 'Thông báo về xử lý dữ liệu cá nhân' }), '.'),
    h('p', { text: 'Tải về một tệp (định dạng JSON) gồm mọi dữ liệu về bạn mà hệ thống đang lưu: thông tin đăng ký, sự đồng ý, các lượt thi với từng câu trả lời, giải thưởng.' }),
    h('div', { class: 'actions' }, download, linkButton('#/rut-khoi-cuoc-thi', 'Rút khỏi cuộc thi và xóa dữ liệu', 'danger')),
    status,
  );
}

export async function renderMine(ctx) {
  const { contest, app } = ctx;
  const announcements = announcementsForFirstRender();
  const [me, firstAnnouncements] = await Promise.all([api.me(), announcements.early]);
  if (!ctx.isCurrent()) return;
  const announcementsSlot = h('div', { class: 'announcements-slot' }, firstAnnouncements ? announcementsSection(firstAnnouncements) : null);
  if (!firstAnnouncements) {
    announcements.later.then((list) => {
      if (ctx.isCurrent()) replace(announcementsSlot, announcementsSection(list));
    });
  }
  const roundInfo = new Map(me.rounds.map((r) => [r.round_id, r]));
  const activeId = me.active_attempt_id;
  // An attempt past its deadline and grace is closed by the server when next
  // read (or when a new one starts): it is a result to see, not one to resume.
  const graceMs = (contest.grace_seconds || 0) * 1000;
  const expired = (attempt) => attempt.status === 'in_progress' && parseTime(attempt.deadline) + graceMs < serverNow();
  const activeAttempt = activeId ? me.attempts.find((a) => a.id === activeId) : null;
  const active = activeAttempt && !expired(activeAttempt) ? activeAttempt : null;
  const message = h('div', { class: 'message-slot' });
  const roundOf = (id) => contest.rounds.find((r) => r.id === id);

  function showError(error) {
    replace(message, notice('error', h('p', { text: error.message })));
    const shown = message.querySelector('.notice');
    if (shown) shown.focus();
  }

  const stat = (label, value) => h('div', null, h('dt', { text: label }), h('dd', { text: value }));
  const best = (info) => [
    stat('Điểm cao nhất', info.best_score === null || info.best_score === undefined ? '—' : `${info.best_score}/${contest.questions_per_attempt}`),
    stat('Thời gian', info.best_duration_ms === null || info.best_duration_ms === undefined ? '—' : formatDuration(info.best_duration_ms)),
  ];

  const roundCards = contest.rounds.map((round) => {
    const practice = isPractice(round);
    const info = roundInfo.get(round.id) || { attempts_used: 0, attempts_remaining: practice ? null : roundStatus(round) === 'closed' ? 0 : contest.max_attempts_per_round, best_score: null };
    // The server's word wins over this page's copy of the contest, which may
    // predate a change of the closing time: no attempt left although some
    // were never used means the round has closed.
    const closedByServer = !practice && roundInfo.has(round.id) && info.attempts_remaining === 0 && info.attempts_used < contest.max_attempts_per_round;
    const status = closedByServer && roundStatus(round) === 'open' ? 'closed' : roundStatus(round);
    // A closed round has no attempts left, whatever was unused (the server says 0 too).
    const remaining = status === 'open' ? info.attempts_remaining : 0;
    let action = null;
    if (active && active.round_id === round.id) {
      action = linkButton(`#/bai-thi/${active.id}`, 'Tiếp tục làm bài');
    } else if (status === 'open' && !active && (practice || remaining > 0)) {
      const startButton = button(practice ? 'Bắt đầu làm thử' : 'Bắt đầu làm bài', () => startRound(ctx, round, startButton, { attemptsUsed: practice ? null : info.attempts_used, onError: showError }));
      action = startButton;
    } else if (status === 'open' && !practice && remaining === 0) {
      action = h('p', { class: 'muted', text: 'Bạn đã dùng hết lượt thi của tuần này.' });
    } else if (status === 'upcoming') {
      action = h('p', { class: 'muted', text: `Mở lúc ${formatLongDateTime(parseTime(round.opens_at))}.` });
    } else if (status === 'closed') {
      // Said plainly: a closed round has no attempts left, whatever was unused.
      action = h('p', { class: 'muted round-ended', text: `${practice ? 'Đợt thi thử' : 'Tuần thi'} đã kết thúc lúc ${formatLongDateTime(parseTime(round.closes_at))}.` });
    }
    let stats = null;
    if (status !== 'upcoming' && practice) {
      stats = h('dl', { class: 'stats' }, stat('Lượt đã làm thử', String(info.attempts_used)), best(info));
    } else if (status === 'open') {
      stats = h('dl', { class: 'stats' }, stat('Lượt đã thi', `${info.attempts_used}/${contest.max_attempts_per_round}`), stat('Lượt còn lại', String(remaining)), best(info));
    } else if (status === 'closed') {
      stats = h('dl', { class: 'stats' }, stat('Lượt đã thi', `${info.attempts_used}/${contest.max_attempts_per_round}`), best(info));
    }
    return h(
      'li',
      { class: `round-card${status === 'open' ? ' round-open' : ''}${practice ? ' round-practice' : ''}` },
      h('div', { class: 'round-head' }, h('h3', { text: round.name }), h('span', { class: 'badges' }, practice ? practiceBadge() : null, statusBadge(status))),
      practice ? h('p', { class: 'hint', text: 'Không giới hạn lượt, không tính vào xếp hạng và giải thưởng.' }) : null,
      stats,
      action,
    );
  });

  const attempts = [...me.attempts].sort((a, b) => (parseTime(b.started_at) || 0) - (parseTime(a.started_at) || 0));
  // One card per attempt rather than a table: it reads on a 360-px phone without scrolling sideways.
  const attemptItems = attempts.map((attempt) => {
    const round = roundOf(attempt.round_id);
    const open = attempt.status === 'in_progress' && !expired(attempt);
    const links = open
      ? h('a', { href: `#/bai-thi/${attempt.id}`, text: 'Làm tiếp' })
      : [
          h('a', { href: `#/ket-qua/${attempt.id}`, text: 'Xem kết quả' }),
          attempt.review_available ? h('a', { href: `#/bai-thi/${attempt.id}/xem-lai`, text: 'Xem lại bài' }) : null,
        ];
    const review = COMMITTEE_REVIEW[attempt.committee_review];
    const score = attempt.score === null || attempt.score === undefined ? null : `${attempt.score}/${attempt.total}`;
    return h(
      'li',
      { class: 'attempt-item' },
      h(
        'div',
        { class: 'attempt-head' },
        h('span', { class: 'attempt-round' }, roundTitle(round, attempt.round_id)),
        h('span', { class: `attempt-state state-${open ? 'open' : attempt.status}`, text: expired(attempt) ? 'Hết giờ' : ATTEMPT_STATUS[attempt.status] || attempt.status }),
      ),
      h(
        'p',
        { class: 'attempt-meta' },
        `Bắt đầu ${formatDateTime(parseTime(attempt.started_at), { empty: '—' })}`,
        score ? [' · Điểm ', h('strong', { text: score })] : null,
      ),
      review ? h('p', { class: `review-state review-${attempt.committee_review}`, text: review }) : null,
      h('p', { class: 'attempt-links' }, links),
    );
  });

  // Said plainly, so that a result missing from the ranking is not a mystery.
  const pending = attempts.filter((a) => a.committee_review === 'pending');
  const pendingNotice = pending.length
    ? notice(
        'warning',
        h('p', null, h('strong', { text: PENDING_REVIEW_TEXT })),
        pending.map((a) => h('p', { text: `Lượt thi ${roundLabel(roundOf(a.round_id), a.round_id)} bắt đầu lúc ${formatDateTime(parseTime(a.started_at))}: kết quả được tính vào xếp hạng sau khi Ban Tổ chức công nhận.` })),
      )
    : null;

  const logout = button('Đăng xuất', async () => {
    logout.disabled = true;
    // The server revokes every token of this participant (other devices
    // too); without a connection the token is still forgotten here.
    let revoked = true;
    try {
      await api.logout();
    } catch (error) {
      revoked = error instanceof ApiError && error.status === 401;
    }
    clearSession();
    ctx.state.flash = revoked
      ? { kind: 'info', text: 'Bạn đã đăng xuất trên mọi thiết bị.' }
      : { kind: 'warning', text: 'Bạn đã đăng xuất trên thiết bị này, nhưng chưa báo được cho máy chủ (mất kết nối). Phiên trên thiết bị khác vẫn còn hiệu lực.' };
    ctx.navigate('/');
  }, 'secondary');

  replace(
    app,
    ctx.takeFlash(),
    heading('Trang dự thi của tôi'),
    h(
      'div',
      { class: 'profile' },
      h('p', null, 'Xin chào ', h('strong', { class: 'person', text: me.participant.full_name }), '!'),
      me.participant.organization_name ? h('p', { class: 'muted', text: me.participant.organization_name }) : null,
      logout,
    ),
    message,
    active
      ? notice('warning', h('p', null, 'Bạn đang có một bài thi chưa nộp. Đồng hồ vẫn đang chạy. ', h('a', { href: `#/bai-thi/${active.id}`, text: 'Tiếp tục làm bài' })))
      : null,
    pendingNotice,
    announcementsSlot,
    h('section', { 'aria-labelledby': 'my-rounds' }, h('h2', { id: 'my-rounds', text: 'Các tuần thi' }), h('ul', { class: 'rounds' }, roundCards)),
    h(
      'section',
      { 'aria-labelledby': 'my-attempts' },
      h('h2', { id: 'my-attempts', text: 'Các lượt thi của bạn' }),
      attemptItems.length
        ? h('ul', { class: 'attempt-list' }, attemptItems)
        : h('p', { class: 'empty', text: 'Bạn chưa có lượt thi nào.' }),
      attemptItems.length ? h('p', { class: 'hint', text: 'Phần xem lại bài (đáp án đúng và nguồn của từng câu) có ngay sau khi nộp bài thi thử; với tuần thi chính thức, sau khi tuần thi kết thúc.' }) : null,
    ),
    h('p', null, h('a', { href: '#/xep-hang', text: 'Xem bảng xếp hạng' })),
    certificatesSection(),
    personalDataSection(),
  );
}
