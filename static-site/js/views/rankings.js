// Public leaderboards: the prize winners the organizers have published, a
// round's top 50 (or, while an open round keeps it hidden, when it will be
// shown) and the organizations' participation.

import { api, getSession } from '../api.js';
import { h, replace, announce } from '../../shared/dom.js';
import { formatNumber, tieBreakSentence } from '../../shared/format.js';
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
      (data) => (data && data.published ? { round, winners: data.winners || [], data } : null),
      () => null,
    )),
  );
  return results.filter(Boolean);
}

/**
 * What lets anyone check the published list against the results file: the
 * number of people ranked and the file's SHA-256; null when the server gives
 * no fingerprint.
 */
function resultsFingerprint(round, data) {
  const sha = data && typeof data.results_sha256 === 'string' ? data.results_sha256 : '';
  const ranked = data ? data.ranked_participants : null;
  if (!sha && (ranked === null || ranked === undefined)) return null;
  const file = data.results_file || `xep-hang-${round.id}.csv`;
  return h(
    'dl',
    { class: 'fingerprint' },
    ranked === null || ranked === undefined ? null : h('div', null, h('dt', { text: 'Số người được xếp hạng' }), h('dd', { class: 'ranked-count', text: formatNumber(ranked) })),
    sha ? h('div', null, h('dt', null, 'Mã kiểm tra SHA-256 của tệp ', h('span', { class: 'file-name', text: file })), h('dd', null, h('code', { class: 'sha256', text: sha }))) : null,
  );
}

/** One paragraph: how anyone holding the results file checks it against the published fingerprint. */
function fingerprintExplanation(file) {
  return `Cách kiểm tra: mỗi danh sách đạt giải kèm mã kiểm tra SHA-256 của tệp kết quả xếp hạng tuần thi đó, do Ban Tổ chức lưu khi công bố. Ai có tệp này đều tự kiểm tra được: tính mã SHA-256 của tệp, chẳng hạn bằng lệnh «sha256sum ${file}» (Linux), «certutil -hashfile ${file} SHA256» (Windows) hoặc «shasum -a 256 ${file}» (macOS), rồi so với mã công bố ở đây. Hai mã trùng khớp từng ký tự nghĩa là tệp không bị sửa đổi sau khi công bố; số người được xếp hạng cũng phải bằng số dòng kết quả trong tệp.`;
}

/** "Danh sách đạt giải": one list per round; nothing at all when none is published. */
function winnersSection(published) {
  if (!published.length) return null;
  const fingerprinted = published.find(({ data }) => data && data.results_sha256);
  return h(
    'section',
    { class: 'winners', 'aria-labelledby': 'winners-title' },
    h('h2', { id: 'winners-title', text: 'Danh sách đạt giải' }),
    h('p', { class: 'hint', text: 'Do Ban Tổ chức công bố sau khi tuần thi kết thúc.' }),
    published.map(({ round, winners, data }) => {
      const titleId = `winners-round-${round.id}`;
      return h(
        'section',
        { class: 'winners-round', 'aria-labelledby': titleId },
        h('h3', { id: titleId, text: round.name }),
        winnersList(winners, { caption: `Danh sách đạt giải ${round.name}` }),
        resultsFingerprint(round, data),
      );
    }),
    fingerprinted
      ? h('p', { class: 'hint fingerprint-explanation', text: fingerprintExplanation(fingerprinted.data.results_file || `xep-hang-${fingerprinted.round.id}.csv`) })
      : null,
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
