// Public leaderboards: the prize winners the organizers have published, a
// round's top 50 (or, while an open round keeps it hidden, when it will be
// shown) and the organizations' participation.

import { api, getSession } from '../api.js';
import { h, replace, announce } from '../../shared/dom.js';
import { tieBreakSentence } from '../../shared/format.js';
import { notice } from '../../shared/ui.js';
import { heading, hiddenBoardNotice, leaderboardTable, organizationsList, realRounds, roundStatus, winnersList } from '../ui.js';

/**
 * The closed rounds whose winners are published, latest first:
 * [{ round, winners }]. A round that fails to load is left out; the list is
 * extra information, never a reason for the page to fail.
 */
export async function publishedWinners(rounds) {
  // Practice rounds are never ranked: no winners to ask for.
  const closed = realRounds(rounds).filter((r) => roundStatus(r) === 'closed').reverse();
  const results = await Promise.all(
    closed.map((round) => api.winners(round.id).then(
      (data) => (data && data.published ? { round, winners: data.winners || [] } : null),
      () => null,
    )),
  );
  return results.filter(Boolean);
}

/** "Danh sách đạt giải": one list per round; nothing at all when none is published. */
function winnersSection(published) {
  if (!published.length) return null;
  return h(
    'section',
    { class: 'winners', 'aria-labelledby': 'winners-title' },
    h('h2', { id: 'winners-title', text: 'Danh sách đạt giải' }),
    h('p', { class: 'hint', text: 'Do Ban Tổ chức công bố sau khi tuần thi kết thúc.' }),
    published.map(({ round, winners }) => {
      const titleId = `winners-round-${round.id}`;
      return h(
        'section',
        { class: 'winners-round', 'aria-labelledby': titleId },
        h('h3', { id: titleId, text: round.name }),
        winnersList(winners, { caption: `Danh sách đạt giải ${round.name}` }),
      );
    }),
  );
}

export async function renderRankings(ctx) {
  const { contest, app } = ctx;
  // Practice rounds (thi thử) have no leaderboard.
  const rounds = realRounds(contest.rounds);
  const started = rounds.filter((r) => roundStatus(r) !== 'upcoming');
  const initial = started.find((r) => roundStatus(r) === 'open') || started[started.length - 1] || rounds[0];
  const session = getSession();
  const ownId = session && session.participant ? session.participant.id : null;
  const prizeOrder = tieBreakSentence(contest.tie_breaks);

  const select = h(
    'select',
    { id: 'round-select' },
    rounds.map((r) => h('option', { value: r.id, text: r.name, selected: initial && r.id === initial.id })),
  );
  const boardSlot = h('div');
  const orgSlot = h('div');
  const winnersSlot = h('div');

  async function loadBoard(announceLoad = false) {
    const round = rounds.find((r) => r.id === select.value);
    if (!round) return;
    replace(boardSlot, h('p', { class: 'muted', text: 'Đang tải…' }));
    try {
      const board = await api.leaderboard(round.id, 50);
      if (!ctx.isCurrent()) return;
      replace(boardSlot, board.visible === false
        ? hiddenBoardNotice(contest, round, board)
        : leaderboardTable(board.entries, { ownId, caption: `Bảng xếp hạng ${round.name}` }));
      if (announceLoad) announce(`Đã tải bảng xếp hạng ${round.name}.`);
    } catch (error) {
      if (ctx.isCurrent()) replace(boardSlot, notice('error', h('p', { text: error.message })));
    }
  }
  select.addEventListener('change', () => loadBoard(true));

  replace(
    app,
    heading('Bảng xếp hạng'),
    winnersSlot,
    h(
      'section',
      { 'aria-labelledby': 'round-board-title' },
      h('h2', { id: 'round-board-title', text: 'Cá nhân theo tuần thi (50 người dẫn đầu)' }),
      h('p', { class: 'hint', text: 'Xếp theo số câu đúng, rồi thời gian làm bài ít hơn (tính đến phần mười giây), rồi nộp bài sớm hơn. Mỗi người tính lượt thi tốt nhất trong tuần.' }),
      prizeOrder ? h('p', { class: 'hint', text: `Giải thưởng được xét sau khi tuần thi kết thúc. ${prizeOrder}` }) : null,
      h('div', { class: 'field field-inline' }, h('label', { for: 'round-select', text: 'Chọn tuần thi' }), select),
      boardSlot,
    ),
    h(
      'section',
      { 'aria-labelledby': 'org-board-title' },
      h('h2', { id: 'org-board-title', text: 'Tỷ lệ tham gia của các đơn vị' }),
      h('p', { class: 'hint', text: 'Tỷ lệ = số người đã dự thi / tổng số người của đơn vị.' }),
      orgSlot,
    ),
  );

  await Promise.all([
    publishedWinners(rounds).then((published) => { if (ctx.isCurrent()) replace(winnersSlot, winnersSection(published)); }),
    loadBoard(),
    api.organizations().then(
      (data) => { if (ctx.isCurrent()) replace(orgSlot, organizationsList(data.entries)); },
      (error) => { if (ctx.isCurrent()) replace(orgSlot, notice('error', h('p', { text: error.message }))); },
    ),
  ]);
}
