// My contest page: rounds, attempts used and left, best results, and the
// button that starts an attempt (after a confirmation, start.js).

import { api, clearSession } from '../api.js';
import { ApiError } from '../../shared/api.js';
import { h, replace } from '../../shared/dom.js';
import { formatDuration } from '../../shared/format.js';
import { button, linkButton, notice, statusBadge } from '../../shared/ui.js';
import { formatDateTime, formatLongDateTime, parseTime } from '../../shared/vietnam-time.js';
import { serverNow } from '../clock.js';
import { heading, roundStatus } from '../ui.js';
import { startRound } from './start.js';

const ATTEMPT_STATUS = { in_progress: 'Đang làm', submitted: 'Đã nộp', timed_out: 'Hết giờ' };

export async function renderMine(ctx) {
  const { contest, app } = ctx;
  const me = await api.me();
  if (!ctx.isCurrent()) return;
  const roundInfo = new Map(me.rounds.map((r) => [r.round_id, r]));
  const activeId = me.active_attempt_id;
  // An attempt past its deadline and grace is closed by the server when next
  // read (or when a new one starts): it is a result to see, not one to resume.
  const graceMs = (contest.grace_seconds || 0) * 1000;
  const expired = (attempt) => attempt.status === 'in_progress' && parseTime(attempt.deadline) + graceMs < serverNow();
  const activeAttempt = activeId ? me.attempts.find((a) => a.id === activeId) : null;
  const active = activeAttempt && !expired(activeAttempt) ? activeAttempt : null;
  const message = h('div', { class: 'message-slot' });

  function showError(error) {
    replace(message, notice('error', h('p', { text: error.message })));
    const shown = message.querySelector('.notice');
    if (shown) shown.focus();
  }

  const roundCards = contest.rounds.map((round) => {
    const info = roundInfo.get(round.id) || { attempts_used: 0, attempts_remaining: contest.max_attempts_per_round, best_score: null };
    const status = roundStatus(round);
    let action = null;
    if (active && active.round_id === round.id) {
      action = linkButton(`#/bai-thi/${active.id}`, 'Tiếp tục làm bài');
    } else if (status === 'open' && info.attempts_remaining > 0 && !active) {
      const startButton = button('Bắt đầu làm bài', () => startRound(ctx, round, startButton, { attemptsUsed: info.attempts_used, onError: showError }));
      action = startButton;
    } else if (status === 'open' && info.attempts_remaining === 0) {
      action = h('p', { class: 'muted', text: 'Bạn đã dùng hết lượt thi của tuần này.' });
    } else if (status === 'upcoming') {
      action = h('p', { class: 'muted', text: `Mở lúc ${formatLongDateTime(parseTime(round.opens_at))}.` });
    }
    return h(
      'li',
      { class: `round-card${status === 'open' ? ' round-open' : ''}` },
      h('div', { class: 'round-head' }, h('h3', { text: round.name }), statusBadge(status)),
      status === 'upcoming' ? null : h(
        'dl',
        { class: 'stats' },
        h('div', null, h('dt', { text: 'Lượt đã thi' }), h('dd', { text: `${info.attempts_used}/${contest.max_attempts_per_round}` })),
        h('div', null, h('dt', { text: 'Lượt còn lại' }), h('dd', { text: String(info.attempts_remaining) })),
        h('div', null, h('dt', { text: 'Điểm cao nhất' }), h('dd', { text: info.best_score === null ? '—' : `${info.best_score}/${contest.questions_per_attempt}` })),
        h('div', null, h('dt', { text: 'Thời gian' }), h('dd', { text: info.best_duration_ms === null || info.best_duration_ms === undefined ? '—' : formatDuration(info.best_duration_ms) })),
      ),
      action,
    );
  });

  const attemptsRows = [...me.attempts]
    .sort((a, b) => (parseTime(b.started_at) || 0) - (parseTime(a.started_at) || 0))
    .map((attempt) => {
      const round = contest.rounds.find((r) => r.id === attempt.round_id);
      const link = attempt.status === 'in_progress' && !expired(attempt)
        ? h('a', { href: `#/bai-thi/${attempt.id}`, text: 'Làm tiếp' })
        : h('a', { href: `#/ket-qua/${attempt.id}`, text: 'Xem kết quả' });
      return h(
        'tr',
        null,
        h('td', { text: round ? round.name : attempt.round_id }),
        h('td', { text: formatDateTime(parseTime(attempt.started_at), { empty: '' }) }),
        h('td', { text: expired(attempt) ? 'Hết giờ' : ATTEMPT_STATUS[attempt.status] || attempt.status }),
        h('td', { class: 'num', text: attempt.score === null || attempt.score === undefined ? '—' : `${attempt.score}/${attempt.total}` }),
        h('td', null, link),
      );
    });

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
    h('section', { 'aria-labelledby': 'my-rounds' }, h('h2', { id: 'my-rounds', text: 'Các tuần thi' }), h('ul', { class: 'rounds' }, roundCards)),
    h(
      'section',
      { 'aria-labelledby': 'my-attempts' },
      h('h2', { id: 'my-attempts', text: 'Các lượt thi của bạn' }),
      attemptsRows.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'attempts' },
              h('thead', null, h('tr', null, ['Tuần', 'Bắt đầu', 'Trạng thái', 'Điểm', ''].map((t, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : null }, t || h('span', { class: 'visually-hidden', text: 'Chi tiết' }))))),
              h('tbody', null, attemptsRows),
            ),
          )
        : h('p', { class: 'empty', text: 'Bạn chưa có lượt thi nào.' }),
    ),
    h('p', null, h('a', { href: '#/xep-hang', text: 'Xem bảng xếp hạng' })),
  );
}
