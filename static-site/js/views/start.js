// Starting an attempt («Bắt đầu làm bài», on «Trang của tôi» and on the
// landing page; «Bắt đầu làm thử» for a practice round): a confirmation
// first. A round closes for everyone, so an attempt started late ends with
// the round: when the round's close leaves less than the full time limit,
// the confirmation says so first (not for practice, where nothing is at
// stake and another attempt is always allowed).

import { api } from '../api.js';
import { h } from '../../shared/dom.js';
import { describeSeconds } from '../../shared/format.js';
import { notice } from '../../shared/ui.js';
import { formatTimeOfDay, parseTime, vietnamDate } from '../../shared/vietnam-time.js';
import { serverNow } from '../clock.js';
import { confirmDialog, isPractice } from '../ui.js';

/**
 * When the round closes before a full attempt would end (by the server's
 * clock): { minutes left (whole), at: "22:00" (with the day when it is not
 * today) }; null when the whole time limit fits.
 */
export function closingSoon(contest, round, now = serverNow()) {
  const closes = parseTime(round.closes_at);
  if (closes === null) return null;
  const left = closes - now;
  if (left >= contest.time_limit_seconds * 1000) return null;
  return {
    minutes: Math.max(0, Math.floor(left / 60000)),
    at: formatTimeOfDay(closes, { day: vietnamDate(closes) !== vietnamDate(now) }),
  };
}

const minutesLeft = (minutes) => (minutes > 0 ? `bạn còn ${minutes} phút` : 'bạn còn chưa đến 1 phút');

/** The confirmation before a practice attempt: what it is, and that it counts for nothing. */
function confirmPractice(contest, round) {
  return confirmDialog({
    title: /^\s*thi thử\s*$/i.test(round.name) ? 'Bắt đầu làm bài thi thử?' : `Bắt đầu làm bài thi thử – ${round.name}?`,
    content: [
      h('p', null, 'Lượt thi thử gồm ', h('strong', { text: `${contest.questions_per_attempt} câu hỏi` }), ', thời gian làm bài ', h('strong', { text: describeSeconds(contest.time_limit_seconds) }), ', như lượt thi thật.'),
      h('p', { text: 'Không giới hạn số lượt, không tính vào xếp hạng và giải thưởng. Nộp bài xong, bạn xem lại ngay đáp án đúng và nguồn của từng câu.' }),
    ],
    confirmText: 'Bắt đầu',
    cancelText: 'Để sau',
  });
}

/** The confirmation before starting `round`; `attemptsUsed` (when known) numbers the attempt. */
function confirmStart(contest, round, attemptsUsed) {
  if (isPractice(round)) return confirmPractice(contest, round);
  const soon = closingSoon(contest, round);
  const limit = describeSeconds(contest.time_limit_seconds);
  const nth = Number.isInteger(attemptsUsed)
    ? h('p', { text: `Đây là lượt thứ ${attemptsUsed + 1}/${contest.max_attempts_per_round} của bạn trong ${round.name}.` })
    : null;
  if (soon) {
    return confirmDialog({
      title: `${round.name} kết thúc lúc ${soon.at} — ${minutesLeft(soon.minutes)}. Bắt đầu làm bài?`,
      content: [
        notice('warning', h('p', { text: `Tuần thi kết thúc cùng lúc cho mọi người dự thi: bài thi sẽ tự động nộp lúc ${soon.at}, nên bạn chỉ có khoảng ${soon.minutes > 0 ? `${soon.minutes} phút` : 'dưới 1 phút'} thay vì ${limit}.` })),
        h('p', null, 'Lượt thi gồm ', h('strong', { text: `${contest.questions_per_attempt} câu hỏi` }), '. Lượt đã bắt đầu vẫn được tính dù bạn làm chưa xong.'),
        nth,
      ],
      confirmText: 'Vẫn bắt đầu',
      cancelText: 'Để sau',
    });
  }
  return confirmDialog({
    title: `Bắt đầu làm bài ${round.name}?`,
    content: [
      h('p', null, 'Lượt thi gồm ', h('strong', { text: `${contest.questions_per_attempt} câu hỏi` }), ', thời gian làm bài ', h('strong', { text: limit }), '.'),
      h('p', { text: 'Đồng hồ bắt đầu tính ngay khi bạn bấm «Bắt đầu» và vẫn chạy nếu bạn rời trang. Hết giờ, hệ thống tự động nộp bài.' }),
      nth,
    ],
    confirmText: 'Bắt đầu',
    cancelText: 'Để sau',
  });
}

/**
 * «Bắt đầu làm bài» pressed: confirm, start (or resume) the attempt and go
 * to it. A failure goes to onError(error) with the button restored.
 */
export async function startRound(ctx, round, startButton, { attemptsUsed = null, onError }) {
  const ok = await confirmStart(ctx.contest, round, attemptsUsed);
  if (!ok) {
    startButton.focus();
    return;
  }
  const label = startButton.textContent;
  startButton.disabled = true;
  startButton.textContent = 'Đang chuẩn bị đề thi…';
  try {
    const attempt = await api.startAttempt(round.id);
    ctx.state.stash = attempt;
    ctx.navigate(`/bai-thi/${attempt.attempt_id}`);
  } catch (error) {
    startButton.disabled = false;
    startButton.textContent = label;
    onError(error);
  }
}
