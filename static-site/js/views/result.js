// Result: score, time, rank so far in the round, the round's top 50 (unless
// the round keeps it hidden until it closes) and the organizations'
// participation; when the review (each question's right answer) opens; a
// result the committee is reviewing for its speed said so plainly. A
// practice attempt is never ranked: its score, the review at once, and
// another try.

import { api, getSession } from '../api.js';
import { h, replace } from '../../shared/dom.js';
import { formatDuration } from '../../shared/format.js';
import { button, linkButton, notice } from '../../shared/ui.js';
import { formatLongDateTime, formatTimeOfDay, parseTime } from '../../shared/vietnam-time.js';
import { heading, hiddenBoardNotice, isPractice, leaderboardTable, organizationsList, PENDING_REVIEW_TEXT, roundStatus, roundTitle } from '../ui.js';
import { startRound } from './start.js';

const AUTO_FLAG = (aid) => `cuocthi:auto-submitted:${aid}`;
const RANK_DEPTH = 200;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function renderResult(ctx) {
  const { contest, app } = ctx;
  const [aid] = ctx.params;
  const attempt = await api.attempt(aid);
  if (!ctx.isCurrent()) return;
  if (attempt.status === 'in_progress') {
    ctx.navigate(`/bai-thi/${aid}`, { replaceHistory: true });
    return;
  }
  let auto = false;
  try {
    auto = sessionStorage.getItem(AUTO_FLAG(aid)) === '1';
  } catch (blocked) {
    auto = false;
  }
  const round = contest.rounds.find((r) => r.id === attempt.round_id);
  const roundName = round ? round.name : attempt.round_id;
  if (isPractice(round)) {
    renderPracticeResult(ctx, attempt, round, auto);
    return;
  }
  const session = getSession();
  const ownId = session && session.participant ? session.participant.id : null;

  let statusText = 'Đã nộp bài.';
  if (attempt.status === 'timed_out') statusText = 'Hết giờ: bài được chấm với các câu trả lời đã lưu trước khi hết giờ.';
  else if (auto) statusText = 'Hết giờ: hệ thống đã tự động nộp bài của bạn.';

  const rankSlot = h('p', { class: 'rank', role: 'status', text: 'Đang tính thứ hạng…' });
  // Filled once «Trang của tôi»'s data says whether the committee reviews this result.
  const reviewSlot = h('div', { class: 'committee-review-slot' });
  const committeeReview = api.me({ quiet: true }).then(
    (me) => {
      const mine = (me.attempts || []).find((a) => a.id === aid);
      return mine ? mine.committee_review || null : null;
    },
    () => null,
  );
  committeeReview.then((state) => {
    if (!ctx.isCurrent()) return;
    if (state === 'pending') {
      replace(reviewSlot, notice('warning', h('p', null, h('strong', { text: PENDING_REVIEW_TEXT })), h('p', { text: 'Kết quả được tính vào xếp hạng sau khi Ban Tổ chức công nhận.' })));
    } else if (state === 'rejected') {
      replace(reviewSlot, notice('warning', h('p', { text: 'Ban Tổ chức đã xem xét và không công nhận kết quả này vì thời gian làm bài quá nhanh; kết quả không được tính vào xếp hạng.' })));
    }
  });
  const boardSlot = h('div', null, h('p', { class: 'muted', text: 'Đang tải bảng xếp hạng…' }));
  const orgSlot = h('div', null, h('p', { class: 'muted', text: 'Đang tải…' }));

  replace(
    app,
    heading('Kết quả bài thi'),
    h(
      'section',
      { class: 'card score-card', 'aria-label': 'Điểm của bạn' },
      h('p', { class: 'score' }, h('span', { class: 'score-value', text: String(attempt.score) }), h('span', { class: 'score-total', text: `/${attempt.total}` })),
      h('p', { class: 'score-caption', text: 'câu trả lời đúng' }),
      h(
        'dl',
        { class: 'stats' },
        h('div', null, h('dt', { text: 'Tuần thi' }), h('dd', { text: roundName })),
        h('div', null, h('dt', { text: 'Thời gian làm bài' }), h('dd', { text: formatDuration(attempt.duration_ms) })),
        h('div', null, h('dt', { text: 'Nộp lúc' }), h('dd', { text: formatLongDateTime(parseTime(attempt.submitted_at)) })),
        contest.prediction_question
          ? h('div', null, h('dt', { text: 'Dự đoán' }), h('dd', { text: attempt.prediction === null || attempt.prediction === undefined ? 'Không trả lời' : String(attempt.prediction) }))
          : null,
      ),
      h('p', { class: 'status-line', text: statusText }),
      reviewSlot,
      rankSlot,
    ),
    reviewLine(round, aid),
    h('div', { class: 'actions' }, linkButton('#/cua-toi', 'Về trang dự thi của tôi'), linkButton('#/xep-hang', 'Bảng xếp hạng các tuần', 'secondary')),
    h('section', { 'aria-labelledby': 'board-title' }, h('h2', { id: 'board-title', text: `Bảng xếp hạng ${roundName} (50 người dẫn đầu)` }), boardSlot),
    h('section', { 'aria-labelledby': 'org-title' }, h('h2', { id: 'org-title', text: 'Tỷ lệ tham gia của các đơn vị' }), orgSlot),
  );

  // The ranking index may lag a moment behind a fresh submission.
  (async () => {
    let board = null;
    // A result under review is not on the board: no point waiting for it there.
    const reviewState = await committeeReview;
    const offBoard = reviewState === 'pending' || reviewState === 'rejected';
    for (let tryNo = 0; tryNo < 3; tryNo += 1) {
      try {
        board = await api.leaderboard(attempt.round_id, RANK_DEPTH, true);
      } catch (error) {
        if (!ctx.isCurrent()) return;
        replace(boardSlot, notice('error', h('p', { text: error.message })));
        rankSlot.textContent = 'Chưa tải được thứ hạng.';
        return;
      }
      if (!ctx.isCurrent()) return;
      if (board.visible === false || !ownId || offBoard || board.entries.some((e) => e.participant_id === ownId)) break;
      await sleep(1500);
    }
    if (!ctx.isCurrent()) return;
    if (board.visible === false) {
      rankSlot.textContent = `Thứ hạng trong ${roundName} được công bố sau khi tuần thi kết thúc lúc ${formatTimeOfDay(board.closes_at, { day: true })}.`;
      replace(boardSlot, hiddenBoardNotice(contest, round, board));
      return;
    }
    const own = board.entries.find((e) => e.participant_id === ownId);
    if (!own && reviewState === 'pending') {
      rankSlot.textContent = 'Chưa có thứ hạng: kết quả đang được Ban Tổ chức xem xét.';
    } else if (!own && reviewState === 'rejected') {
      rankSlot.textContent = 'Kết quả này không được tính vào xếp hạng.';
    } else if (own) {
      replace(rankSlot, `Thứ hạng hiện tại trong ${roundName}: `, h('strong', { text: `hạng ${own.rank}` }), ` / ${board.entries.length}${board.entries.length >= RANK_DEPTH ? '+' : ''} người`);
      rankSlot.after(h('p', { class: 'rank-note', text: 'Tính theo lượt thi tốt nhất của bạn; thứ hạng còn thay đổi đến hết tuần thi.' }));
    } else {
      rankSlot.textContent = `Bạn chưa có tên trong ${RANK_DEPTH} người dẫn đầu của ${roundName}.`;
    }
    replace(boardSlot, leaderboardTable(board.entries.slice(0, 50), { ownId, caption: `Bảng xếp hạng ${roundName}` }));
  })();

  api.organizations(true).then(
    (data) => { if (ctx.isCurrent()) replace(orgSlot, organizationsList(data.entries)); },
    (error) => { if (ctx.isCurrent()) replace(orgSlot, notice('error', h('p', { text: error.message }))); },
  );
}

/** When this attempt's review opens: after its round closes (a link once it has). */
function reviewLine(round, aid) {
  if (round && roundStatus(round) === 'closed') {
    return h('p', { class: 'review-line' }, h('a', { href: `#/bai-thi/${aid}/xem-lai`, text: 'Xem lại bài thi: đáp án đúng và nguồn của từng câu' }));
  }
  const closes = round ? formatTimeOfDay(parseTime(round.closes_at), { day: true }) : '';
  return h('p', { class: 'review-line hint', text: `Đáp án đúng và nguồn của từng câu được công bố để bạn xem lại bài sau khi ${round ? round.name : 'tuần thi'} kết thúc${closes ? ` lúc ${closes}` : ''}.` });
}

/** A practice attempt's result: score and time, the review at once, another try; no ranking. */
function renderPracticeResult(ctx, attempt, round, auto) {
  const aid = attempt.attempt_id;
  const message = h('div', { class: 'message-slot' });
  let statusText = 'Đã nộp bài thi thử.';
  if (attempt.status === 'timed_out') statusText = 'Hết giờ: bài được chấm với các câu trả lời đã lưu trước khi hết giờ.';
  else if (auto) statusText = 'Hết giờ: hệ thống đã tự động nộp bài của bạn.';
  const again = roundStatus(round) === 'open'
    ? button('Làm thử lượt khác', () => startRound(ctx, round, again, {
        onError: (error) => replace(message, notice('error', h('p', { text: error.message }))),
      }), 'secondary')
    : null;
  replace(
    ctx.app,
    heading('Kết quả bài thi thử'),
    h(
      'section',
      { class: 'card score-card', 'aria-label': 'Điểm của bạn' },
      h('p', { class: 'score' }, h('span', { class: 'score-value', text: String(attempt.score) }), h('span', { class: 'score-total', text: `/${attempt.total}` })),
      h('p', { class: 'score-caption', text: 'câu trả lời đúng' }),
      h(
        'dl',
        { class: 'stats' },
        h('div', null, h('dt', { text: 'Vòng thi thử' }), h('dd', null, roundTitle(round))),
        h('div', null, h('dt', { text: 'Thời gian làm bài' }), h('dd', { text: formatDuration(attempt.duration_ms) })),
        h('div', null, h('dt', { text: 'Nộp lúc' }), h('dd', { text: formatLongDateTime(parseTime(attempt.submitted_at)) })),
      ),
      h('p', { class: 'status-line', text: statusText }),
      h('p', { text: 'Bài thi thử không tính vào xếp hạng và giải thưởng.' }),
    ),
    h(
      'div',
      { class: 'actions' },
      linkButton(`#/bai-thi/${aid}/xem-lai`, 'Xem lại bài: đáp án và nguồn'),
      again,
      linkButton('#/cua-toi', 'Về trang dự thi của tôi', 'secondary'),
    ),
    message,
  );
}
