// Nhật ký: who changed what, and when (newest first). A change recorded
// with its state before and after is shown as «trường: trước → sau», only
// for the fields that changed; looks at personal data (a profile, a contact
// list) are listed like any change.

import { h, replace } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { busy } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api } from './api.js';
import { table } from './ui.js';

const ACTIONS = {
  'contest.update': 'Sửa cài đặt cuộc thi',
  'contest.create': 'Tạo cuộc thi',
  'questions.import': 'Nhập câu hỏi',
  'question.update': 'Sửa câu hỏi',
  'question.regrade': 'Đổi đáp án và chấm lại',
  'question.void': 'Hủy câu hỏi (tính đúng cho mọi người)',
  'question.delete': 'Xóa câu hỏi',
  'questions.bulk': 'Thao tác hàng loạt với câu hỏi',
  'exclusions.update': 'Sửa danh sách loại trừ',
  'winners.publish': 'Công bố / thu hồi giải',
  'winners.recompute': 'Tính lại kết quả tuần thi',
  'export.create': 'Xuất kết quả',
  'organization.update': 'Sửa đơn vị',
  'organizations.import': 'Nhập đơn vị',
  'rounds.close': 'Chốt kết quả tuần thi',
  'roster.import': 'Nhập danh sách cán bộ',
  'review.decide': 'Xét duyệt kết quả',
  'review.decide.correction': 'Xét duyệt kết quả (đính chính danh sách đạt giải đã công bố)',
  'participant.view': 'Xem hồ sơ người dự thi (truy cập dữ liệu cá nhân)',
  'participant.edit': 'Sửa thông tin người dự thi',
  'participant.reset_code': 'Cấp mã đặt lại mật khẩu',
  'participant.disqualify': 'Loại người dự thi khỏi cuộc thi',
  'participant.reinstate': 'Khôi phục quyền dự thi',
  'participant.erase': 'Xóa dữ liệu cá nhân theo yêu cầu',
  'participant.data_download': 'Người dự thi tải dữ liệu cá nhân của mình',
  'participant.withdraw': 'Người dự thi rút khỏi cuộc thi (xóa dữ liệu cá nhân)',
  'announcement.create': 'Đăng thông báo mới',
  'announcement.update': 'Sửa thông báo',
  'announcement.delete': 'Xóa thông báo',
  'personal_data.contact_export': 'Tạo danh bạ liên hệ (truy cập dữ liệu cá nhân)',
  'personal_data.retention_erase': 'Xóa dữ liệu cá nhân khi hết thời hạn lưu',
};

const KEYS = {
  imported: 'số câu nhập', status: 'trạng thái', question_id: 'mã câu', added: 'thêm', removed: 'bỏ', total: 'tổng',
  round_id: 'tuần thi', published: 'công bố', export_id: 'mã bản xuất', rounds_with_results_changed: 'tuần đã có kết quả bị đổi',
  updated: 'cập nhật', organization_id: 'đơn vị', entries: 'số người', attempt_id: 'mã bài thi',
  participant_id: 'mã người dự thi', full_name: 'họ tên', birth_year: 'năm sinh', before: 'trước', after: 'sau', note: 'ghi chú',
  winners_recomputed: 'tính lại danh sách đạt giải', winners_corrected: 'đính chính danh sách đã công bố', correction: 'đính chính',
  reason: 'lý do', expires_at: 'hết hạn lúc', disqualified: 'bị loại',
  text: 'nội dung', options: 'phương án', answer: 'đáp án', shuffle_options: 'xáo trộn phương án', rounds: 'tuần thi',
  regrade: 'chấm lại', attempts_checked: 'số bài thi kiểm tra', attempts_rescored: 'số bài chấm lại', best_results_recomputed: 'số kết quả tốt nhất tính lại',
  status_before: 'trạng thái trước', status_after: 'trạng thái sau', action: 'thao tác', changed: 'đã thay đổi', refused: 'không thực hiện',
  announcement_id: 'mã thông báo', title: 'tiêu đề', body: 'nội dung',
  scope: 'phạm vi', people: 'số người', erased: 'đã xóa', participants: 'số người dự thi',
};

const VALUES = {
  accepted: 'chấp nhận', rejected: 'loại kết quả', approved: 'đã duyệt', draft: 'bản nháp', archived: 'lưu trữ',
  approve: 'duyệt', archive: 'lưu trữ', delete: 'xóa', winners: 'người đạt giải', all: 'tất cả người dự thi',
};

/** A short text for one value (long texts cut: the log is a table). */
function valueText(value) {
  if (Array.isArray(value)) return value.length ? value.map(valueText).join(', ') : 'không';
  if (value === true) return 'có';
  if (value === false || value === null || value === undefined) return 'không';
  if (typeof value === 'object') return describe(value);
  if (typeof value === 'number') return formatNumber(value);
  const text = VALUES[value] || String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** What a plain before/after (not a record) is about, per action. */
const PLAIN_CHANGE = { 'participant.disqualify': 'bị loại', 'participant.reinstate': 'bị loại' };

/** «trường: trước → sau» for each field that differs (or was added / removed). */
function changes(before, after, action) {
  if (!before || typeof before !== 'object' || !after || typeof after !== 'object') {
    const label = PLAIN_CHANGE[action];
    return [`${label ? `${label}: ` : ''}${valueText(before)} → ${valueText(after)}`];
  }
  const keys = Object.keys(before).concat(Object.keys(after).filter((k) => !(k in before)));
  const lines = keys.filter((k) => !same(before[k], after[k])).map((k) => `${KEYS[k] || k}: ${valueText(before[k])} → ${valueText(after[k])}`);
  return lines.length ? lines : ['không thay đổi'];
}

export function describe(detail, action) {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  if (Array.isArray(detail)) return detail.map((d) => describe(d)).join(' | ');
  const parts = [];
  const hasBoth = 'before' in detail && 'after' in detail;
  if (hasBoth) parts.push(changes(detail.before, detail.after, action).join('; '));
  for (const key of Object.keys(detail)) {
    if (hasBoth && (key === 'before' || key === 'after')) continue;
    // A lone «before» or «after» (a creation, a deletion) is the whole record.
    parts.push(`${KEYS[key] || key}: ${valueText(detail[key])}`);
  }
  return parts.join('; ');
}

export async function render(ctx) {
  const orgs = ctx.detail.contest.organizations || [];
  const rounds = ctx.detail.contest.rounds || [];
  // A round may be written «contest/round» (the closing job's records).
  const nameOf = (list, id) => {
    const bare = typeof id === 'string' && id.indexOf('/') >= 0 ? id.slice(id.lastIndexOf('/') + 1) : id;
    const found = list.find((x) => x.id === bare);
    return found ? found.name : id;
  };
  /** Unit and round ids as their names, wherever they are in a detail. */
  const named = (value) => {
    if (Array.isArray(value)) return value.map(named);
    if (!value || typeof value !== 'object') return value;
    const copy = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (key === 'organization_id' && typeof v === 'string') copy[key] = nameOf(orgs, v);
      else if (/_at$/.test(key) && typeof v === 'string') copy[key] = formatDateTime(v, { seconds: true });
      else if ((key === 'round_id' || key === 'winners_recomputed' || key === 'winners_corrected' || key === 'rounds') && v) {
        copy[key] = Array.isArray(v) ? v.map((id) => nameOf(rounds, id)) : nameOf(rounds, v);
      } else copy[key] = named(v);
    }
    return copy;
  };
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
            rows: entries.map((e) => [formatDateTime(e.at, { seconds: true }), e.who, ACTIONS[e.action] || e.action, describe(named(e.detail), e.action)]),
            className: 'audit-table',
          })
        : h('p', { class: 'empty' }, 'Chưa có thao tác nào được ghi.'),
    );
  };
  refresh.addEventListener('click', () => busy(refresh, load, 'Đang tải…'));
  await load();
  return h('section', { class: 'card' }, h('div', { class: 'section-head' }, h('p', null, 'Mọi thay đổi của Ban Tổ chức đều được ghi lại: ai, làm gì, lúc nào (giờ Việt Nam); việc xem hồ sơ và tạo danh bạ liên hệ (truy cập dữ liệu cá nhân) cũng vậy.'), refresh), holder);
}
