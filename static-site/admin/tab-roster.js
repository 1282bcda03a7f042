// Danh sách cán bộ: a unit's staff list. Once a unit has one, only the
// people on it (full name and birth year) can register into it, and its
// head count is the list's length. Lists come from a file (XLSX, CSV or
// JSON) with a preview; importing a unit's list again replaces it (that is
// how a list is edited). Each unit's list shows who has registered and in
// which rounds they took part.

import { h, replace } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { api, ApiError } from './api.js';
import { field, importPanel, loadOrSay, table } from './ui.js';

export async function render(ctx) {
  const root = h('div', { class: 'roster' });
  const units = () => (ctx.detail.contest.organizations || []).filter((o) => o.kind !== 'open');
  const orgName = (oid) => ((ctx.detail.contest.organizations || []).find((o) => o.id === oid) || { name: oid }).name;
  const rounds = ctx.detail.contest.rounds || [];
  const roundName = (rid) => (rounds.find((r) => r.id === rid) || { name: rid }).name;

  const unitSelect = h('select', { name: 'roster-unit' });
  const listHolder = h('div', { 'aria-live': 'polite' });

  function fillUnits(chosen) {
    const list = units();
    const current = chosen || unitSelect.value || (list.find((o) => o.staff_list) || list[0] || {}).id;
    replace(unitSelect, list.map((org) => h('option', { value: org.id, selected: org.id === current },
      `${org.name} — ${org.staff_list ? `có danh sách (${formatNumber(org.headcount)} người)` : 'chưa có danh sách'}`)));
  }

  async function showList() {
    const org = units().find((o) => o.id === unitSelect.value);
    if (!org) {
      replace(listHolder, h('p', { class: 'empty' }, 'Cuộc thi chưa có đơn vị nào.'));
      return;
    }
    if (!org.staff_list) {
      replace(listHolder, h('p', { class: 'empty' }, `${org.name} chưa có danh sách cán bộ: ai chọn đơn vị này khi đăng ký cũng được nhận, và số người của đơn vị là số đã khai (${formatNumber(org.headcount)}).`));
      return;
    }
    replace(listHolder, h('p', { class: 'loading' }, 'Đang tải danh sách…'));
    const data = await loadOrSay(listHolder, () => api.roster(ctx.cid, org.id));
    if (!data || !ctx.isCurrent()) return;
    const entries = data.entries || [];
    const registered = entries.filter((e) => e.participant_id).length;
    const perRound = rounds
      .map((r) => [r, entries.filter((e) => (e.rounds_completed || []).includes(r.id)).length])
      .filter(([, count]) => count > 0)
      .map(([r, count]) => `${r.name}: ${formatNumber(count)} người`);
    replace(
      listHolder,
      h('p', null, `${formatNumber(entries.length)} người trong danh sách, ${formatNumber(registered)} người đã đăng ký${perRound.length ? `; đã dự thi: ${perRound.join(', ')}` : ''}.`),
      table({
        caption: `Danh sách cán bộ: ${org.name}`,
        headers: ['Họ và tên', 'Năm sinh', 'Đăng ký', 'Đã dự thi'],
        rows: entries.map((e) => [
          e.full_name,
          String(e.birth_year),
          e.participant_id ? 'Đã đăng ký' : 'Chưa đăng ký',
          (e.rounds_completed || []).length ? e.rounds_completed.map(roundName).join(', ') : '—',
        ]),
        className: 'roster-table',
        rowClass: (i) => (entries[i].participant_id ? undefined : 'not-registered'),
      }),
    );
  }

  unitSelect.addEventListener('change', showList);

  const importer = importPanel({
    idPrefix: 'roster-import',
    title: 'Nhập danh sách cán bộ từ tệp',
    intro: h('div', { class: 'hint' },
      h('p', null, 'Tệp Excel (.xlsx), CSV hoặc JSON với các cột: Mã đơn vị, Họ và tên, Năm sinh, Số điện thoại (không bắt buộc: khi có, chỉ số điện thoại này đăng ký được theo dòng đó). Một tệp có thể gồm danh sách của nhiều đơn vị.'),
      h('p', null, 'Danh sách trong tệp thay thế toàn bộ danh sách hiện có của từng đơn vị có tên trong tệp; đơn vị không có trong tệp giữ nguyên. Muốn sửa danh sách của một đơn vị, nhập lại tệp có danh sách đầy đủ của đơn vị đó.'),
      h('p', null, h('a', { href: 'mau-danh-sach-can-bo.csv', download: 'mau-danh-sach-can-bo.csv' }, 'Tải tệp mẫu (CSV, mở được bằng Excel)'))),
    accept: '.xlsx,.csv,.json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,application/json',
    previewColumns: ['Họ và tên', 'Đơn vị', 'Năm sinh', 'Số điện thoại'],
    previewRow: (e) => [e.full_name, orgName(e.organization_id), String(e.birth_year), e.has_phone ? 'Có' : '—'],
    preview: async (file) => {
      const { data } = await api.importRoster(ctx.cid, file, { dryRun: true });
      const sizes = data.organizations || [];
      const valid = sizes.reduce((sum, o) => sum + o.entries, 0);
      return {
        valid,
        errors: data.errors || [],
        preview: data.preview || [],
        summary: `Tệp hợp lệ: ${formatNumber(valid)} người của ${formatNumber(sizes.length)} đơn vị (${sizes.map((o) => `${orgName(o.organization_id)}: ${formatNumber(o.entries)} người`).join('; ')}). Danh sách mới sẽ thay thế danh sách hiện có của các đơn vị này. Bấm «Nhập» để lưu.`,
      };
    },
    commit: async (file) => {
      try {
        const { data } = await api.importRoster(ctx.cid, file, { dryRun: false });
        const sizes = data.organizations || [];
        fillUnits((sizes[0] || {}).organization_id);
        return `Đã nhập danh sách cán bộ: ${formatNumber(data.imported)} người của ${formatNumber(sizes.length)} đơn vị.`;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'IMPORT_HAS_ERRORS') throw new ApiError(error.status, error.code, `${error.message} (Có thể tệp đã thay đổi sau khi xem trước.)`);
        throw error;
      }
    },
    onImported: async () => {
      const chosen = unitSelect.value;
      await ctx.reloadDetail();
      fillUnits(chosen);
      await showList();
    },
  });

  fillUnits();
  await showList();
  root.append(
    h('section', { class: 'card', 'aria-labelledby': 'roster-intro-title' },
      h('h2', { id: 'roster-intro-title' }, 'Đăng ký theo danh sách cán bộ'),
      h('p', null, 'Khi một đơn vị đã có danh sách cán bộ, chỉ người có tên trong danh sách mới đăng ký được vào đơn vị đó: họ tên đầy đủ, có dấu, và năm sinh phải khớp với danh sách; mỗi dòng chỉ một người đăng ký. Số người của đơn vị (để tính tỉ lệ tham gia) là số người trong danh sách.'),
      h('p', { class: 'hint' }, 'Tổ chức tự do (nhân dân, doanh nghiệp) không có danh sách cán bộ.')),
    importer,
    h('section', { class: 'card', 'aria-labelledby': 'roster-list-title' },
      h('h2', { id: 'roster-list-title' }, 'Danh sách của từng đơn vị'),
      h('div', { class: 'toolbar' }, field('Đơn vị', unitSelect).field),
      listHolder,
    ),
  );
  return root;
}
