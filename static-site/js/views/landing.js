// Landing: title, description, key facts, live countdown, the committee's
// announcements, the practice round, rounds, rules; for someone logged in
// while a round is open, «Bắt đầu làm bài» too.

import { api, getSession } from '../api.js';
import { h, replace } from '../../shared/dom.js';
import { describeSeconds, formatCountdown } from '../../shared/format.js';
import { button, linkButton, notice, statusBadge } from '../../shared/ui.js';
import { formatLongDateTime, isoVietnam, parseTime } from '../../shared/vietnam-time.js';
import { serverNow } from '../clock.js';
import { announcementsForFirstRender } from '../announcements.js';
import { announcementsSection, heading, isPractice, practiceBadge, realRounds, roundStatus } from '../ui.js';
import { publishedWinners } from './rankings.js';
import { startRound } from './start.js';

/** The next moment that changes something: the open round's close, or the next opening (practice rounds aside). */
function nextEvent(allRounds, now) {
  const rounds = realRounds(allRounds);
  const open = rounds.find((r) => roundStatus(r, now) === 'open');
  if (open) return { round: open, kind: 'closes', at: parseTime(open.closes_at) };
  const upcoming = rounds
    .filter((r) => roundStatus(r, now) === 'upcoming')
    .sort((a, b) => parseTime(a.opens_at) - parseTime(b.opens_at))[0];
  if (upcoming) return { round: upcoming, kind: 'opens', at: parseTime(upcoming.opens_at) };
  return null;
}

function timeEl(iso) {
  const ms = parseTime(iso);
  return h('time', { datetime: ms === null ? null : isoVietnam(ms), text: formatLongDateTime(ms) });
}

function rulesBlock(text, hasPractice) {
  const lines = String(text || '').split('\n').map((l) => l.trim()).filter(Boolean);
  const extra = [
    hasPractice ? h('p', null, 'Chưa quen cách làm bài? ', h('a', { href: '#/thi-thu', text: 'Làm thử trước khi thi thật' }), ' (không tính điểm, không giới hạn lượt).') : null,
    h('p', null, 'Khi đăng ký, bạn đọc và đồng ý với ', h('a', { href: '#/du-lieu-ca-nhan', text: 'Thông báo về xử lý dữ liệu cá nhân' }), ' của Ban Tổ chức.'),
  ];
  if (!lines.length) return h('div', { class: 'rules' }, h('p', { text: 'Thể lệ sẽ được Ban Tổ chức công bố.' }), extra);
  return h(
    'div',
    { class: 'rules' },
    lines.map((line) => {
      const match = line.match(/^(\d+\.\s*)?([^:]{2,60}):\s+(.*)$/);
      if (match) return h('p', null, h('strong', { text: `${match[1] || ''}${match[2]}:` }), ` ${match[3]}`);
      return h('p', { text: line });
    }),
    extra,
  );
}

/** «Làm thử trước khi thi thật»: what a practice round is, and the way to it. */
function practiceTeaser(practice) {
  if (!practice.length) return null;
  return h(
    'section',
    { class: 'card practice-teaser', 'aria-labelledby': 'practice-title' },
    h('h2', { id: 'practice-title' }, 'Làm thử trước khi thi thật ', practiceBadge()),
    h('p', { text: 'Làm quen với cách làm bài: số câu và thời gian như thi thật, không giới hạn số lượt, không tính vào xếp hạng và giải thưởng. Nộp bài xong, bạn xem lại ngay đáp án đúng và nguồn của từng câu.' }),
    h('p', null, h('a', { class: 'button button-secondary', href: '#/thi-thu', text: 'Vào làm thử' })),
  );
}

export async function renderLanding(ctx) {
  const { contest, app } = ctx;
  const rounds = contest.rounds || [];
  const practice = rounds.filter(isPractice);
  const session = getSession();
  // Announcements in the first render when they come quickly, so that
  // nothing below them jumps once they arrive.
  const announcements = announcementsForFirstRender();
  const firstAnnouncements = await announcements.early;
  if (!ctx.isCurrent()) return undefined;
  const announcementsSlot = h('div', { class: 'announcements-slot' }, firstAnnouncements ? announcementsSection(firstAnnouncements) : null);
  if (!firstAnnouncements) {
    announcements.later.then((list) => {
      if (ctx.isCurrent()) replace(announcementsSlot, announcementsSection(list));
    });
  }

  const countdownLabel = h('p', { class: 'countdown-label' });
  const countdownValue = h('p', { class: 'countdown-value'});
  const countdownBox = h('section', { class: 'countdown', 'aria-labelledby': 'countdown-title' },
    h('h2', { id: 'countdown-title', class: 'visually-hidden', text: 'Thời gian' }),
    countdownLabel, countdownValue);

  const roundItems = new Map();
  const winnerSlots = new Map();
  const roundsList = h(
    'ul',
    { class: 'rounds' },
    rounds.map((round) => {
      const badgeSlot = h('span', { class: 'badge-slot' });
      const winnersSlot = h('div', { class: 'winners-slot' });
      roundItems.set(round.id, badgeSlot);
      winnerSlots.set(round.id, winnersSlot);
      return h(
        'li',
        { class: 'round-card' },
        h('div', { class: 'round-head' }, h('h3', { text: round.name }), h('span', { class: 'badges' }, isPractice(round) ? practiceBadge() : null, badgeSlot)),
        h('p', null, h('span', { class: 'muted', text: 'Bắt đầu: ' }), timeEl(round.opens_at)),
        h('p', null, h('span', { class: 'muted', text: 'Kết thúc: ' }), timeEl(round.closes_at)),
        winnersSlot,
      );
    }),
  );

  const actions = session
    ? h('div', { class: 'actions' }, linkButton('#/cua-toi', 'Vào trang dự thi của tôi'), linkButton('#/xep-hang', 'Xem bảng xếp hạng', 'secondary'))
    : h(
        'div',
        { class: 'actions' },
        linkButton('#/dang-ky', 'Đăng ký dự thi'),
        linkButton('#/dang-nhap', 'Đăng nhập', 'secondary'),
      );

  const startMessage = h('div', { class: 'message-slot' });

  replace(
    app,
    ctx.takeFlash(),
    heading(contest.title),
    countdownBox,
    actions,
    startMessage,
    announcementsSlot,
    h(
      'ul',
      { class: 'facts', 'aria-label': 'Thông tin chính' },
      h('li', null, h('strong', { text: String(contest.questions_per_attempt) }), ' câu hỏi mỗi lượt thi'),
      h('li', null, h('strong', { text: describeSeconds(contest.time_limit_seconds) }), ' cho mỗi lượt'),
      h('li', null, 'Tối đa ', h('strong', { text: String(contest.max_attempts_per_round) }), ' lượt mỗi tuần thi'),
    ),
    contest.description ? h('p', { class: 'lead', text: contest.description }) : null,
    practiceTeaser(practice),
    h('section', { 'aria-labelledby': 'rounds-title' }, h('h2', { id: 'rounds-title', text: 'Lịch thi' }), roundsList),
    h('section', { 'aria-labelledby': 'rules-title' }, h('h2', { id: 'rules-title', text: 'Thể lệ' }), rulesBlock(contest.rules, practice.length > 0)),
  );

  let shownStatus = '';
  let refreshing = false;
  function tick() {
    const now = serverNow();
    const statusKey = rounds.map((r) => roundStatus(r, now)).join(',');
    if (statusKey !== shownStatus) {
      shownStatus = statusKey;
      for (const round of rounds) replace(roundItems.get(round.id), statusBadge(roundStatus(round, now)));
    }
    const event = nextEvent(rounds, now);
    if (!event) {
      countdownLabel.textContent = 'Cuộc thi đã kết thúc. Cảm ơn bạn đã quan tâm!';
      countdownValue.textContent = '';
      countdownValue.hidden = true;
      return;
    }
    countdownValue.hidden = false;
    const label = event.kind === 'closes'
      ? `${event.round.name} đang diễn ra. Thời gian còn lại để dự thi:`
      : `${event.round.name} sẽ bắt đầu sau:`;
    if (countdownLabel.textContent !== label) countdownLabel.textContent = label;
    const remaining = event.at - now;
    countdownValue.textContent = formatCountdown(remaining);
    if (remaining <= 0 && !refreshing) {
      refreshing = true;
      ctx.refreshContest().catch(() => {}).finally(() => { refreshing = false; });
    }
  }
  tick();
  const timer = setInterval(tick, 1000);
  // A closed round whose winners are published links to the list.
  publishedWinners(realRounds(rounds)).then((published) => {
    if (!ctx.isCurrent()) return;
    for (const { round, winners } of published) {
      const slot = winnerSlots.get(round.id);
      if (slot && winners.length) {
        replace(slot, h('p', { class: 'winners-link' }, h('a', { href: '#/xep-hang', text: `Xem danh sách đạt giải ${round.name}` })));
      }
    }
  });
  if (session) offerStart(ctx, actions, startMessage);
  return () => clearInterval(timer);
}

/**
 * Logged in while a round is open: «Bắt đầu làm bài» (or «Tiếp tục làm
 * bài») in front of the links, from the participant's own overview. Without
 * it (offline, session over) the links stay as they are.
 */
async function offerStart(ctx, actions, message) {
  const round = realRounds(ctx.contest.rounds).find((r) => roundStatus(r) === 'open');
  if (!round) return;
  let me;
  try {
    me = await api.me({ quiet: true });
  } catch (error) {
    return;
  }
  if (!ctx.isCurrent()) return;
  const info = (me.rounds || []).find((r) => r.round_id === round.id);
  let primary = null;
  if (me.active_attempt_id) {
    primary = linkButton(`#/bai-thi/${me.active_attempt_id}`, 'Tiếp tục làm bài');
  } else if (info && info.attempts_remaining > 0) {
    const startButton = button('Bắt đầu làm bài', () => startRound(ctx, round, startButton, {
      attemptsUsed: info.attempts_used,
      onError: (error) => replace(message, notice('error', h('p', { text: error.message }))),
    }));
    primary = startButton;
  }
  if (!primary) return;
  replace(actions, primary, linkButton('#/cua-toi', 'Vào trang dự thi của tôi', 'secondary'), linkButton('#/xep-hang', 'Xem bảng xếp hạng', 'secondary'));
}
