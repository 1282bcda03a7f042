// Nhật ký: who changed what, and when (newest first).

import { h, replace } from '../shared/dom.js';
import { busy } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api } from './api.js';
import { table } from './ui.js';

const ACTIONS = {
  'contest.update': 'Sửa cài đặt cuộc thi',
  'questions.import': 'Nhập câu hỏi',
  'question.update': 'Sửa câu hỏi',
  'exclusions.update': 'Sửa danh sách loại trừ',
  'winners.publish': 'Công bố / thu hồi giải',
  'export.create': 'Xuất kết quả',
  'organization.update': 'Sửa đơn vị',
  'organizations.import': 'Nhập đơn vị',
  'rounds.close': 'Chốt kết quả tuần thi',
  'contest.create': 'Tạo cuộc thi',
  'roster.import': 'Nhập danh sách cán bộ',
  'review.decide': 'Xét duyệt kết quả',
  'review.decide.correction': 'Xét duyệt kết quả (đính chính danh sách đạt giải đã công bố)',
};

const KEYS = {
  imported: 'số câu nhập', status: 'trạng thái', question_id: 'mã câu', added: 'thêm', removed: 'bỏ', total: 'tổng',
  round_id: 'tuần thi', published: 'công bố', export_id: 'mã bản xuất', rounds_with_results_changed: 'tuần đã có kết quả bị đổi',
  updated: 'cập nhật', organization_id: 'mã đơn vị', entries: 'số người', attempt_id: 'mã bài thi',
  participant_id: 'mã người dự thi', full_name: 'họ tên', before: 'trước', after: 'sau', note: 'ghi chú',
  winners_recomputed: 'tính lại danh sách đạt giải', correction: 'đính chính',
};

const VALUES = { accepted: 'chấp nhận', rejected: 'loại kết quả' };

function describe(detail) {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  if (Array.isArray(detail)) return detail.map(describe).join(' | ');
  return Object.entries(detail)
    .map(([key, value]) => {
      let text;
      if (Array.isArray(value)) text = value.length ? value.join(', ') : 'không';
      else if (value === true) text = 'có';
      else if (value === false) text = 'không';
      else if (value && typeof value === 'object') text = JSON.stringify(value);
      else if (value === null) text = 'không';
      else text = VALUES[value] || String(value);
      return `${KEYS[key] || key}: ${text}`;
    })
    .join('; ');
}

export async function render(ctx) {
  const holder = h('div');
  const refresh = h('button', { type: 'button', class: 'button button-quiet' }, 'Làm mới');
  const load = async () => {
    const { entries } = await api.audit(ctx.cid);
    replace(
      holder,
      entries && entries.length
        ? table({
            caption: `Nhật ký thao tác (${entries.length} mục gần nhất)`,
            headers: ['Thời điểm', 'Người thực hiện', 'Thao tác', 'Chi tiết'],
            rows: entries.map((e) => [formatDateTime(e.at, { seconds: true }), e.who, ACTIONS[e.action] || e.action, describe(e.detail)]),
            className: 'audit-table',
          })
        : h('p', { class: 'empty' }, 'Chưa có thao tác nào được ghi.'),
    );
  };
  refresh.addEventListener('click', () => busy(refresh, load, 'Đang tải…'));
  await load();
  return h('section', { class: 'card' }, h('div', { class: 'section-head' }, h('p', null, 'Mọi thay đổi của Ban Tổ chức đều được ghi lại: ai, làm gì, lúc nào (giờ Việt Nam).'), refresh), holder);
}
