// «Làm thử trước khi thi thật»: the contest's practice rounds (thi thử),
// what they are for, and the way in: «Bắt đầu làm thử» for someone logged
// in, registering or logging in (and back here) for anyone else.

import { api, getSession } from '../api.js';
import { h, replace } from '../../shared/dom.js';
import { describeSeconds } from '../../shared/format.js';
import { button, linkButton, notice, statusBadge } from '../../shared/ui.js';
import { formatLongDateTime, parseTime } from '../../shared/vietnam-time.js';
import { heading, isPractice, practiceBadge, roundStatus } from '../ui.js';
import { startRound } from './start.js';

export async function renderPractice(ctx) {
  const { contest, app } = ctx;
  const practice = (contest.rounds || []).filter(isPractice);
  const session = getSession();
  const message = h('div', { class: 'message-slot' });
  let me = null;
  if (session && practice.length) {
    try {
      me = await api.me({ quiet: true });
    } catch (error) {
      me = null; // the buttons below still start (or resume) an attempt
    }
    if (!ctx.isCurrent()) return;
  }
  const active = me && me.active_attempt_id ? me.attempts.find((a) => a.id === me.active_attempt_id) : null;

  const showError = (error) => {
    replace(message, notice('error', h('p', { text: error.message })));
    const shown = message.querySelector('.notice');
    if (shown) shown.focus();
  };
  const rememberReturn = () => { ctx.state.returnTo = '/thi-thu'; };

  const cards = practice.map((round) => {
    const status = roundStatus(round);
    let action = null;
    if (status === 'open' && active && active.round_id === round.id) {
      action = linkButton(`#/bai-thi/${active.id}`, 'Tiếp tục làm bài');
    } else if (status === 'open' && active) {
      action = h('p', { class: 'muted' }, 'Bạn đang có một bài thi chưa nộp. ', h('a', { href: `#/bai-thi/${active.id}`, text: 'Tiếp tục làm bài' }), ' trước khi làm thử.');
    } else if (status === 'open' && session) {
      const start = button('Bắt đầu làm thử', () => startRound(ctx, round, start, { onError: showError }));
      action = start;
    } else if (status === 'open') {
      action = h(
        'div',
        { class: 'actions' },
        h('a', { class: 'button button-primary', href: '#/dang-ky', text: 'Đăng ký để làm thử', onclick: rememberReturn }),
        h('a', { class: 'button button-secondary', href: '#/dang-nhap', text: 'Đăng nhập', onclick: rememberReturn }),
      );
    } else if (status === 'upcoming') {
      action = h('p', { class: 'muted', text: `Mở lúc ${formatLongDateTime(parseTime(round.opens_at))}.` });
    } else {
      action = h('p', { class: 'muted', text: 'Vòng thi thử này đã kết thúc.' });
    }
    return h(
      'li',
      { class: `round-card${status === 'open' ? ' round-open' : ''}` },
      h('div', { class: 'round-head' }, h('h2', { class: 'round-name', text: round.name }), h('span', { class: 'badges' }, practiceBadge(), statusBadge(status))),
      h('p', null, h('span', { class: 'muted', text: 'Mở đến: ' }), formatLongDateTime(parseTime(round.closes_at))),
      action,
    );
  });

  replace(
    app,
    ctx.takeFlash(),
    heading('Làm thử trước khi thi thật'),
    h(
      'ul',
      { class: 'plain-list' },
      h('li', null, 'Số câu và thời gian như lượt thi thật: ', h('strong', { text: `${contest.questions_per_attempt} câu hỏi, ${describeSeconds(contest.time_limit_seconds)}` }), '.'),
      h('li', { text: 'Không giới hạn số lượt; kết quả không tính vào xếp hạng và giải thưởng.' }),
      h('li', { text: 'Câu hỏi thi thử là bộ câu hỏi riêng để làm quen, không dùng trong các tuần thi chính thức.' }),
      h('li', { text: 'Nộp bài xong, bạn xem lại ngay từng câu: phương án bạn chọn, đáp án đúng và nguồn tham khảo.' }),
    ),
    message,
    practice.length
      ? h('ul', { class: 'rounds' }, cards)
      : notice('info', h('p', { text: 'Cuộc thi này không có vòng thi thử.' })),
    h('p', null, h('a', { href: '#/', text: 'Xem thể lệ và lịch thi' })),
  );
}
