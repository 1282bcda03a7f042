// Kết quả & giải thưởng: the weekly winners (decided when a round closes;
// results waiting for review count only once accepted; a decision after
// publication is a dated correction), publishing them on the public page,
// and the collective ranking. «Tính lại kết quả» recomputes a decided
// round's winners (after a disqualification, an exclusion or a regrade),
// asking again when they are published. Practice rounds have no winners.

import { h, replace, announce } from '../shared/dom.js';
import { formatDuration, formatNumber, formatPercent, tieBreakSentence, ROUND_STATUS, PRIZE_LABEL } from '../shared/format.js';
import { liveNotice, busy } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api, ApiError } from './api.js';
import { confirmAction, field, focusFirst, pendingReviewsNotice, rescoreReport, table, withCorrection } from './ui.js';

const RANK_LABEL = ['Nhất', 'Nhì', 'Ba'];

/** "1 / 0 / 2": a unit's members' first, second and third prizes. */
function prizeCounts(prizes) {
  const p = prizes || {};
  return `${formatNumber(p.first || 0)} / ${formatNumber(p.second || 0)} / ${formatNumber(p.third || 0)}`;
}

export async function render(ctx) {
  const { contest, round_status: roundStatus = [] } = ctx.detail;
  const statusById = new Map(roundStatus.map((r) => [r.id, r.status]));
  const allRounds = contest.rounds || [];
  const rounds = allRounds.filter((r) => !r.practice);
  // Default to the latest round that has closed, else the first.
  const closed = rounds.filter((r) => statusById.get(r.id) === 'closed');
  const initial = (closed[closed.length - 1] || rounds[0] || {}).id;

  const roundSelect = h('select', { name: 'round' }, rounds.map((r) =>
    h('option', { value: r.id, selected: r.id === initial }, `${r.name} (${ROUND_STATUS[statusById.get(r.id)] || ''})`)));
  const winnersHolder = h('div', { class: 'winners', 'aria-live': 'polite' });
  const jobStatus = h('div', { class: 'form-status' });
  const closeNow = h('button', { type: 'button', class: 'button button-quiet', 'data-write': true }, 'Chốt kết quả ngay');
  const rankingHolder = h('div');

  async function loadWinners() {
    const rid = roundSelect.value;
    const round = rounds.find((r) => r.id === rid);
    replace(winnersHolder, h('p', { class: 'loading' }, 'Đang tải…'));
    let data;
    try {
      data = await api.winners(ctx.cid, rid);
    } catch (error) {
      replace(winnersHolder, liveNotice('error', error.message));
      return;
    }
    const pending = pendingReviewsNotice(data.pending_reviews, rid);
    if (!data.decided) {
      replace(
        winnersHolder,
        liveNotice('info', `${round ? round.name : rid} chưa được xét giải. Giải được xét tự động sau khi tuần thi kết thúc (${round ? formatDateTime(round.closes_at) : ''}); có thể bấm «Chốt kết quả ngay» nếu tuần thi đã kết thúc.`),
        pending,
      );
      return;
    }
    const publish = h('button', { type: 'button', class: data.published ? 'button button-quiet' : 'button', 'data-write': true }, data.published ? 'Thu hồi công bố' : 'Công bố trên trang dự thi');
    publish.addEventListener('click', () =>
      busy(publish, async () => {
        try {
          const result = await api.publishWinners(ctx.cid, rid, !data.published);
          announce(result.published ? 'Đã công bố danh sách đạt giải.' : 'Đã thu hồi công bố.');
          await loadWinners();
          focusFirst(winnersHolder, 'button');
        } catch (error) {
          winnersHolder.append(liveNotice('error', error.message));
        }
      }, 'Đang lưu…'),
    );
    const recompute = h('button', { type: 'button', class: 'button button-quiet', 'data-write': true }, 'Tính lại kết quả');
    const recomputeStatus = h('div', { class: 'form-status' });
    recompute.addEventListener('click', () => busy(recompute, async () => {
      const name = round ? round.name : rid;
      const ok = await confirmAction({
        title: `Tính lại kết quả ${name}?`,
        body: `Hệ thống chấm lại theo các đáp án đã sửa, bỏ người bị loại, rồi xét lại danh sách đạt giải ${name}. Dùng sau khi loại người dự thi, sửa đáp án hoặc hủy câu hỏi${data.published ? '; danh sách đã công bố sẽ được đính chính nếu thay đổi' : ''}.`,
        confirmText: 'Tính lại kết quả',
        danger: false,
      });
      if (!ok) return;
      replace(recomputeStatus, h('p', { class: 'loading' }, `Đang tính lại kết quả ${name}…`));
      try {
        const report = await withCorrection((confirm) => api.recomputeWinners(ctx.cid, rid, confirm));
        if (!report) {
          replace(recomputeStatus, liveNotice('info', 'Chưa tính lại: bạn đã hủy việc đính chính danh sách đạt giải.'));
          return;
        }
        const lines = rescoreReport(report, allRounds);
        await loadWinners();
        const status = winnersHolder.querySelector('.recompute-status');
        if (status) replace(status, liveNotice('success', h('p', null, `Đã tính lại kết quả ${name}.`), lines.map((line) => h('p', null, line))));
        announce(`Đã tính lại kết quả ${name}.`);
      } catch (error) {
        replace(recomputeStatus, liveNotice('error', error instanceof ApiError && error.code === 'WINNERS_NOT_DECIDED'
          ? `${name} chưa được xét giải nên chưa có gì để tính lại: giải được xét sau khi tuần thi kết thúc (hoặc bấm «Chốt kết quả ngay»).`
          : error.message));
      }
    }, 'Đang tính lại…'));
    recomputeStatus.classList.add('recompute-status');
    const winners = data.winners || [];
    replace(
      winnersHolder,
      h('p', null,
        h('span', { class: `badge ${data.published ? 'badge-open' : 'badge-upcoming'}` }, data.published ? 'Đã công bố' : 'Chưa công bố'),
        data.real_number === null || data.real_number === undefined ? '' : ` Số người đạt điểm tuyệt đối (số thật của câu dự đoán): ${formatNumber(data.real_number)}.`),
      data.corrected_at ? h('p', { class: 'corrected' }, `Đã đính chính lúc ${formatDateTime(data.corrected_at, { seconds: true })} (sau khi công bố, theo quyết định xét duyệt; xem Nhật ký).`) : null,
      pending,
      winners.length
        ? table({
            caption: `Danh sách đạt giải ${round ? round.name : rid}`,
            headers: ['Hạng', 'Giải', 'Họ và tên', 'Đơn vị', 'Điểm', 'Thời gian làm bài', contest.prediction_question ? 'Dự đoán' : null].filter(Boolean),
            rows: winners.map((w) => [
              String(w.rank),
              w.prize_label || PRIZE_LABEL[w.prize] || w.prize,
              w.name,
              w.organization || '—',
              w.total ? `${formatNumber(w.score)}/${formatNumber(w.total)}` : formatNumber(w.score),
              formatDuration(w.duration_ms),
              contest.prediction_question ? (w.prediction === null || w.prediction === undefined ? '—' : formatNumber(w.prediction)) : null,
            ].filter((cell) => cell !== null)),
            className: 'winners-table',
            rowClass: (i) => `prize-${winners[i].prize}`,
          })
        : h('p', { class: 'empty' }, 'Tuần thi không có người đạt giải (không có bài thi hợp lệ).'),
      recomputeStatus,
      h('div', { class: 'actions' }, publish, recompute),
    );
  }

  async function loadRanking() {
    try {
      const { entries } = await api.ranking(ctx.cid);
      replace(
        rankingHolder,
        entries && entries.length
          ? table({
              caption: 'Xếp hạng tập thể',
              headers: ['Hạng', 'Đơn vị', 'Người dự thi / tổng số', 'Tỉ lệ tham gia', 'Đạt số người cuối lúc', 'Giải cá nhân (Nhất/Nhì/Ba)'],
              rows: entries.map((e) => [
                e.rank <= 3 && e.participants > 0 ? `${e.rank} – Giải ${RANK_LABEL[e.rank - 1]}` : String(e.rank),
                e.name,
                `${formatNumber(e.participants)} / ${formatNumber(e.headcount)}`,
                formatPercent(e.participation_rate),
                e.reached_at ? formatDateTime(e.reached_at) : '—',
                prizeCounts(e.prizes),
              ]),
              className: 'ranking-table',
              // An organization nobody from took part in wins nothing, whatever its place.
              rowClass: (i) => (entries[i].rank <= 3 && entries[i].participants > 0 ? `top top-${entries[i].rank}` : undefined),
            })
          : h('p', { class: 'empty' }, 'Chưa có đơn vị nào.'),
      );
    } catch (error) {
      replace(rankingHolder, liveNotice('error', error.message));
    }
  }

  roundSelect.addEventListener('change', loadWinners);
  closeNow.addEventListener('click', () =>
    busy(closeNow, async () => {
      try {
        const report = await api.closeRounds();
        const roundsClosed = (report.rounds_closed || []).length;
        const exportsMade = (report.exports || []).length;
        const message = `Đã chạy chốt kết quả: đóng ${formatNumber(report.attempts_closed || 0)} lượt thi quá giờ, xét giải ${formatNumber(roundsClosed)} tuần thi, tạo ${formatNumber(exportsMade)} bản xuất.`;
        replace(jobStatus, liveNotice('success', message));
        announce(message);
        await Promise.all([loadWinners(), loadRanking()]);
      } catch (error) {
        replace(jobStatus, liveNotice('error', error.message));
      }
    }, 'Đang chốt…'),
  );

  await Promise.all([loadWinners(), loadRanking()]);
  return h(
    'div',
    { class: 'results' },
    h('section', { class: 'card', 'aria-labelledby': 'winners-title' },
      h('h2', { id: 'winners-title' }, 'Giải cá nhân theo tuần'),
      h('p', { class: 'hint' }, [
        'Xét theo điểm số.',
        tieBreakSentence(contest.tie_breaks),
        `${contest.one_prize_per_person === false ? '' : 'Mỗi người chỉ nhận một giải trong toàn cuộc thi; '}người bị loại trừ và kết quả chưa được xét duyệt hoặc đã bị loại không được xét.`,
      ].filter(Boolean).join(' ')),
      h('div', { class: 'toolbar' }, field('Tuần thi', roundSelect).field, closeNow),
      jobStatus,
      winnersHolder,
    ),
    h('section', { class: 'card', 'aria-labelledby': 'ranking-title' },
      h('h2', { id: 'ranking-title' }, 'Giải tập thể'),
      h('p', { class: 'hint' }, 'Xếp theo tỉ lệ người dự thi trên tổng số người của đơn vị, rồi thời điểm đạt số người cuối cùng sớm hơn, rồi số và mức giải cá nhân của thành viên. Ba đơn vị đầu (có người dự thi) được tô đậm. Tổ chức tự do (nhân dân, doanh nghiệp) chỉ xét giải cá nhân.'),
      rankingHolder,
    ),
  );
}
