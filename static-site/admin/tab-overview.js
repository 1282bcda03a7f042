// Tổng quan: the rounds with their question pools, results waiting for
// review, and live statistics as charts, refreshed every 30 seconds.

import { h, replace } from '../shared/dom.js';
import { formatNumber, formatPercent, formatShortDay, formatDay, ROUND_STATUS } from '../shared/format.js';
import { busy, liveNotice, statusBadge } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api, isMissingRoute } from './api.js';
import { copyButton, erasureSentence, field, pendingReviewsNotice } from './ui.js';
import { barChart, columnChart } from './charts.js';

const REFRESH_MS = 30000;

function statCard(label, value, extra) {
  return h('div', { class: 'stat-card' }, h('p', { class: 'stat-label' }, label), h('p', { class: 'stat-value' }, value), extra ? h('p', { class: 'stat-extra' }, extra) : null);
}

function roundsSummary(detail) {
  const statusById = new Map((detail.round_status || []).map((r) => [r.id, r.status]));
  const poolById = new Map((detail.pools || []).map((p) => [p.round_id, p.approved]));
  const needed = Number((detail.contest.limits || {}).questions_per_attempt) || 0;
  return h(
    'ul',
    { class: 'round-list' },
    detail.contest.rounds.map((round) => {
      const status = statusById.get(round.id) || '';
      return h(
        'li',
        null,
        statusBadge(status),
        ' ',
        h('strong', null, round.name),
        `: ${formatDateTime(round.opens_at)} → ${formatDateTime(round.closes_at)}`,
        poolById.has(round.id) ? poolText(poolById.get(round.id), needed) : null,
      );
    }),
  );
}

export function drawStats(stats) {
  const totals = stats.totals || {};
  const rounds = stats.rounds || [];
  const days = stats.days || [];
  const scores = [...(stats.score_distribution || [])].sort((a, b) => a.score - b.score);
  const orgs = [...(stats.organizations || [])].sort(
    (a, b) => (b.participation_rate || 0) - (a.participation_rate || 0) || String(a.name).localeCompare(String(b.name), 'vi'),
  );

  const cards = h(
    'div',
    { class: 'stat-cards' },
    statCard('Người dự thi', formatNumber(totals.participants)),
    statCard('Lượt thi đã nộp', formatNumber(totals.finished_attempts)),
    statCard('Đang làm bài', formatNumber(totals.in_progress), 'ngay lúc này'),
  );

  const charts = [];
  charts.push(
    rounds.length
      ? barChart({
          title: 'Người dự thi và lượt thi theo tuần',
          description: rounds.map((r) => `${r.name}: ${r.participants} người, ${r.attempts} lượt`).join('; '),
          series: [{ name: 'Người dự thi' }, { name: 'Lượt thi' }],
          items: rounds.map((r) => ({
            label: `${r.name} (${ROUND_STATUS[r.status] || r.status || ''})`,
            values: [r.participants || 0, r.attempts || 0],
          })),
          tableHeaders: ['Tuần thi', 'Trạng thái', 'Người dự thi', 'Lượt thi', 'Đang làm bài'],
          tableRows: rounds.map((r) => [r.name, ROUND_STATUS[r.status] || r.status || '', formatNumber(r.participants), formatNumber(r.attempts), formatNumber(r.in_progress)]),
        })
      : null,
  );
  charts.push(
    days.length
      ? columnChart({
          title: 'Lượt thi và người dự thi theo ngày',
          description: days.map((d) => `${formatDay(d.date)}: ${d.attempts} lượt, ${d.participants} người`).join('; '),
          series: [{ name: 'Lượt thi' }, { name: 'Người dự thi' }],
          items: days.map((d) => ({ label: formatShortDay(d.date), values: [d.attempts || 0, d.participants || 0] })),
          tableHeaders: ['Ngày', 'Lượt thi', 'Người dự thi'],
          tableRows: days.map((d) => [formatDay(d.date), formatNumber(d.attempts), formatNumber(d.participants)]),
        })
      : h('p', { class: 'empty' }, 'Chưa có lượt thi nào theo ngày.'),
  );
  charts.push(
    scores.length
      ? columnChart({
          title: 'Phân bố điểm (số câu trả lời đúng)',
          description: scores.map((d) => `${d.score} điểm: ${d.count}`).join('; '),
          series: [{ name: 'Số lượt thi' }],
          items: scores.map((d) => ({ label: String(d.score), values: [d.count || 0] })),
          xLabel: 'Số câu đúng',
          tableHeaders: ['Số câu đúng', 'Số lượt thi'],
          tableRows: scores.map((d) => [String(d.score), formatNumber(d.count)]),
        })
      : h('p', { class: 'empty' }, 'Chưa có bài thi nào được chấm.'),
  );
  charts.push(
    orgs.length
      ? barChart({
          title: 'Tỉ lệ tham gia theo đơn vị',
          description: orgs.map((o) => `${o.name}: ${formatPercent(o.participation_rate)}`).join('; '),
          series: [{ name: 'Tỉ lệ tham gia' }],
          max: 1,
          items: orgs.map((o) => ({
            label: o.name,
            values: [Math.min(1, o.participation_rate || 0)],
            display: [`${formatPercent(o.participation_rate)} (${formatNumber(o.participants)}/${formatNumber(o.headcount)})`],
          })),
          tableHeaders: ['Đơn vị', 'Người dự thi', 'Tổng số người', 'Tỉ lệ tham gia'],
          tableRows: orgs.map((o) => [o.name, formatNumber(o.participants), formatNumber(o.headcount), formatPercent(o.participation_rate)]),
        })
      : null,
  );
  return h('div', { class: 'stats' }, cards, h('div', { class: 'chart-grid' }, charts));
}

/** " · 62 câu đã duyệt", marked when fewer than one attempt draws. */
function poolText(approved, needed) {
  const short = approved < needed;
  return h('span', { class: short ? 'pool-short' : 'muted' }, ` · ${formatNumber(approved)} câu đã duyệt${short ? ` (chưa đủ ${formatNumber(needed)})` : ''}`);
}

/**
 * Attempts of a round cannot start while its pool (the approved questions
 * for it, or for every round) is smaller than one attempt draws: a warning
 * for each round still to come or open.
 */
function bankWarning(detail) {
  const q = detail.questions || {};
  const needed = Number((detail.contest.limits || {}).questions_per_attempt) || 0;
  const rounds = detail.contest.rounds || [];
  const pools = detail.pools && detail.pools.length ? detail.pools : rounds.map((r) => ({ round_id: r.id, approved: Number(q.approved) || 0 }));
  // A closed round draws no more attempts.
  const closed = new Set((detail.round_status || []).filter((r) => r.status === 'closed').map((r) => r.id));
  const short = pools.filter((p) => p.approved < needed && !closed.has(p.round_id));
  if (!short.length) return null;
  const link = h('a', { href: '#cau-hoi' }, 'Nhập câu hỏi ở mục Ngân hàng câu hỏi');
  if (!(Number(q.total) > 0)) {
    return liveNotice('warning', h('p', null, 'Ngân hàng câu hỏi còn trống: phải nhập câu hỏi trước khi người dự thi có thể bắt đầu làm bài. ', link, '.'));
  }
  const approved = Number(q.approved) || 0;
  if (short.every((p) => p.approved === approved)) {
    return liveNotice('warning', h('p', null,
      `Ngân hàng câu hỏi mới có ${formatNumber(approved)} câu đã duyệt, chưa đủ ${formatNumber(needed)} câu cho một lượt thi: người dự thi chưa thể bắt đầu làm bài. `, link, '.'));
  }
  // Some questions are kept for some rounds: say which rounds are short.
  const names = short.map((p) => `${(rounds.find((r) => r.id === p.round_id) || { name: p.round_id }).name} (${formatNumber(p.approved)} câu)`);
  return liveNotice('warning', h('p', null,
    `Chưa đủ ${formatNumber(needed)} câu đã duyệt cho một lượt thi ở: ${names.join(', ')}. Người dự thi chưa thể bắt đầu làm bài ở các tuần thi này. `,
    h('a', { href: '#cau-hoi' }, 'Xem câu hỏi theo tuần thi ở mục Ngân hàng câu hỏi'), '.'));
}

/** When the participants' personal data goes (or went), under the rounds. */
function erasureLine(detail) {
  const sentence = erasureSentence(detail);
  if (!sentence) return null;
  return h('p', { class: detail.personal_data_erased_at ? 'erase-note erased' : 'erase-note' }, sentence, ' ',
    h('a', { href: '#cai-dat' }, 'Thời hạn lưu ở mục Cài đặt cuộc thi'), '.');
}

/**
 * The one line a portal's webmaster pastes (the participant site is this
 * page's origin: the organizer page is served at /admin/ beside it).
 */
export function embedSnippet(origin, cid) {
  return `<script src="${origin}/embed.js" data-contest="${cid}" async></script>`;
}

function embedCard(cid) {
  const origin = window.location.origin;
  const code = h('textarea', { readonly: true, rows: '4', spellcheck: 'false', class: 'embed-code', name: 'embed-code' });
  code.value = embedSnippet(origin, cid);
  code.addEventListener('focus', () => code.select());
  const status = h('div', { class: 'form-status' });
  return h('section', { class: 'card no-print embed-card', 'aria-labelledby': 'ov-embed' },
    h('h2', { id: 'ov-embed' }, 'Nhúng cuộc thi vào cổng thông tin'),
    h('p', null, 'Gửi đoạn mã dưới đây cho người quản trị cổng thông tin điện tử của cơ quan, đơn vị để dán vào trang muốn hiện cuộc thi: khung cuộc thi tự điều chỉnh chiều cao theo nội dung.'),
    field('Đoạn mã nhúng', code).field,
    h('p', { class: 'hint' }, `Nếu cổng thông tin có chính sách bảo mật nội dung (Content-Security-Policy), cần cho phép địa chỉ ${origin} trong cả hai chỉ thị script-src và frame-src.`),
    h('div', { class: 'actions' }, copyButton({ label: 'Sao chép đoạn mã', value: () => code.value, status, what: 'đoạn mã nhúng', className: 'button button-quiet' })),
    status);
}

/**
 * Printed, the charts' numbers matter more than their colours: the tables
 * under each chart open for the printout (black and white), then close
 * again as they were.
 */
function printTables(ctx) {
  let opened = [];
  const before = () => {
    opened = Array.from(document.querySelectorAll('#view details.chart-data:not([open])'));
    opened.forEach((d) => { d.open = true; });
  };
  const after = () => {
    opened.forEach((d) => { d.open = false; });
    opened = [];
  };
  window.addEventListener('beforeprint', before);
  window.addEventListener('afterprint', after);
  ctx.onDispose(() => {
    window.removeEventListener('beforeprint', before);
    window.removeEventListener('afterprint', after);
  });
}

export async function render(ctx) {
  // Fresh counts (bank, pools, results under review) each time the overview opens.
  const detail = await ctx.reloadDetail().catch(() => ctx.detail);
  const q = detail.questions || {};
  const updated = h('p', { class: 'muted refresh-status' });
  const content = h('div', { class: 'stats-holder' }, h('p', { class: 'loading' }, 'Đang tải số liệu…'));
  const refresh = h('button', { type: 'button', class: 'button button-quiet' }, 'Làm mới');
  const print = h('button', { type: 'button', class: 'button button-quiet', onclick: () => window.print() }, 'In tổng quan');
  let missing = false;
  printTables(ctx);

  async function load() {
    try {
      const stats = await api.stats(ctx.cid);
      if (!ctx.isCurrent()) return;
      replace(content, drawStats(stats));
      updated.textContent = `Cập nhật lúc ${formatDateTime(stats.server_time || new Date(), { seconds: true })}; tự làm mới mỗi 30 giây.`;
    } catch (error) {
      if (!ctx.isCurrent()) return;
      if (isMissingRoute(error)) {
        missing = true;
        replace(content, liveNotice('warning', 'Máy chủ chưa cung cấp số liệu thống kê (GET …/stats chưa có). Biểu đồ sẽ hiện khi chức năng này được triển khai.'));
      } else {
        // Keep the last charts; say that this refresh failed.
        updated.textContent = `Không làm mới được số liệu: ${error.message}`;
        if (content.querySelector('.loading')) replace(content, liveNotice('error', error.message));
      }
    }
  }

  refresh.addEventListener('click', () => busy(refresh, load, 'Đang làm mới…'));
  const timer = setInterval(() => {
    if (!document.hidden && !missing) load();
  }, REFRESH_MS);
  ctx.onDispose(() => clearInterval(timer));
  await load();

  return h(
    'div',
    { class: 'overview' },
    h('section', { class: 'card', 'aria-labelledby': 'ov-contest' },
      h('h2', { id: 'ov-contest' }, detail.contest.title),
      bankWarning(detail),
      pendingReviewsNotice(detail.pending_reviews),
      h('p', null, `Ngân hàng câu hỏi: ${formatNumber(q.total)} câu (${formatNumber(q.approved)} đã duyệt, ${formatNumber(q.draft)} bản nháp). Mỗi lượt thi ${formatNumber((detail.contest.limits || {}).questions_per_attempt)} câu; số câu đã duyệt dùng được cho từng tuần:`),
      roundsSummary(detail),
      erasureLine(detail),
    ),
    h('section', { 'aria-labelledby': 'ov-stats' },
      h('div', { class: 'section-head' }, h('h2', { id: 'ov-stats' }, 'Số liệu trực tiếp'), h('div', { class: 'head-actions' }, refresh, print)),
      updated,
      content,
    ),
    embedCard(ctx.cid),
  );
}
