// Đơn vị: the organizations: units (ranked collectively by their head count,
// which a staff list fixes) and open ones (the public, businesses:
// individual prizes only). List, edit one, add one, import a CSV/XLSX list
// with a preview.

import { h, replace, announce } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { liveNotice } from '../shared/ui.js';
import { api, ApiError, isMissingRoute } from './api.js';
import {
  HEADCOUNT_HINT, HEADCOUNT_LABEL, ID_PATTERN, ORGANIZATION_KINDS, headcountProblems, organizationInputs, typedHeadcount,
} from './contest-form.js';
import { checkedSave, field, table, importPanel } from './ui.js';

const KIND_SHORT = { unit: 'Đơn vị', open: 'Tự do' };

/** The head count as the list shows it. */
function headcountText(org) {
  if (org.staff_list) return `${formatNumber(org.headcount)} (theo danh sách cán bộ)`;
  if (org.kind === 'open') return org.headcount ? formatNumber(org.headcount) : '—';
  return formatNumber(org.headcount);
}

/**
 * An organization's form. A unit with a staff list keeps the list's size:
 * its head count is shown, not edited (importing the list again changes it).
 */
function orgForm({ org, submitLabel, withId, onSubmit, onCancel }) {
  const { id, name, group, kind, headcount } = organizationInputs(org, { idRequired: true });
  const fromList = Boolean(org && org.staff_list);
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'button', 'data-write': true }, submitLabel);
  const headcountField = fromList
    ? h('div', { class: 'field' }, h('p', { class: 'strong' }, HEADCOUNT_LABEL), h('p', null, `${formatNumber(org.headcount)} — theo danh sách cán bộ`), h('p', { class: 'hint' }, h('a', { href: '#danh-sach-can-bo' }, 'Nhập lại danh sách cán bộ'), ' để thay đổi.'))
    : field(HEADCOUNT_LABEL, headcount, HEADCOUNT_HINT).field;
  const form = h(
    'form',
    { class: 'org-form', novalidate: true },
    h('div', { class: 'grid-4' },
      withId ? field('Mã đơn vị', id, 'Chữ thường không dấu, số, gạch ngang; ví dụ phong-noi-vu.').field : null,
      field('Tên đơn vị', name).field,
      field('Nhóm', group, 'Ví dụ: Phường, xã; Cơ quan chuyên môn.').field,
      field('Loại', kind, fromList ? 'Đơn vị có danh sách cán bộ.' : null).field,
      headcountField,
    ),
    status,
    h('div', { class: 'actions' }, submit, onCancel ? h('button', { type: 'button', class: 'button button-quiet', onclick: onCancel }, 'Hủy') : null),
  );
  if (fromList) kind.disabled = true;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = { name: name.value.trim(), group: group.value.trim(), kind: kind.value };
    if (withId) value.id = id.value.trim();
    const count = fromList ? null : typedHeadcount(headcount);
    if (count !== null) value.headcount = count;
    const problems = [];
    if (withId && !ID_PATTERN.test(value.id)) problems.push('Mã đơn vị chỉ gồm chữ thường không dấu, số, gạch ngang.');
    if (!value.name) problems.push('Chưa nhập tên đơn vị.');
    if (!fromList) problems.push(...headcountProblems({ kind: value.kind, headcount: count }));
    await checkedSave({
      button: submit,
      status,
      problems,
      save: () => onSubmit(value),
      describe: (error) => (isMissingRoute(error) ? `Máy chủ chưa hỗ trợ thao tác này (${error.message})` : error.message),
    });
  });
  form.focusFirst = () => (withId ? id : name).focus();
  return form;
}

export async function render(ctx) {
  const root = h('div', { class: 'organizations' });
  const listHolder = h('div');
  const message = h('div', { class: 'form-status' });

  const refresh = async () => {
    await ctx.reloadDetail();
    drawList();
  };

  function drawList() {
    const orgs = ctx.detail.contest.organizations || [];
    const units = orgs.filter((o) => o.kind !== 'open');
    const total = units.reduce((sum, o) => sum + (o.headcount || 0), 0);
    const rows = orgs.map((org) => {
      const edit = h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-label': `Sửa ${org.name}`, 'data-write': true }, 'Sửa');
      edit.addEventListener('click', () => {
        const row = edit.closest('tr');
        const editorRow = h('tr', { class: 'editor-row' });
        const cell = h('td', { colspan: '6' });
        const form = orgForm({
          org,
          submitLabel: 'Lưu đơn vị',
          withId: false,
          onSubmit: async (value) => {
            await api.saveOrganization(ctx.cid, org.id, value);
            await refresh();
            replace(message, liveNotice('success', `Đã lưu đơn vị «${value.name}».`));
            announce(`Đã lưu đơn vị ${value.name}.`);
          },
          onCancel: () => {
            editorRow.remove();
            edit.focus();
          },
        });
        cell.append(h('p', { class: 'strong' }, `Sửa đơn vị «${org.name}» (mã ${org.id})`), form);
        editorRow.append(cell);
        row.after(editorRow);
        form.focusFirst();
      });
      return [org.name, org.id, org.group || '—', KIND_SHORT[org.kind] || KIND_SHORT.unit, headcountText(org), edit];
    });
    const open = orgs.length - units.length;
    replace(
      listHolder,
      h('p', null, `${formatNumber(units.length)} đơn vị xếp hạng tập thể, tổng ${formatNumber(total)} người${open ? `; ${formatNumber(open)} tổ chức tự do (chỉ giải cá nhân)` : ''}.`),
      h('p', { class: 'hint' }, `Loại: «${ORGANIZATION_KINDS.unit}» hoặc «${ORGANIZATION_KINDS.open}». Số người của đơn vị có danh sách cán bộ là số người trong danh sách (`, h('a', { href: '#danh-sach-can-bo' }, 'Danh sách cán bộ'), ').'),
      table({ caption: 'Danh sách đơn vị', headers: ['Tên đơn vị', 'Mã', 'Nhóm', 'Loại', 'Số người', 'Thao tác'], rows, className: 'org-table' }),
      h('p', { class: 'hint' }, 'Đường dẫn để trưởng đơn vị theo dõi cán bộ chưa đăng ký, chưa dự thi, và áp phích có mã QR của từng đơn vị: ', h('a', { href: '#van-ban' }, 'mục Văn bản'), '.'),
    );
  }
  drawList();

  const addHolder = h('div');
  const addButton = h('button', { type: 'button', class: 'button button-quiet', 'data-write': true }, 'Thêm đơn vị');
  addButton.addEventListener('click', () => {
    const form = orgForm({
      submitLabel: 'Lưu đơn vị mới',
      withId: true,
      onSubmit: async (value) => {
        if ((ctx.detail.contest.organizations || []).some((o) => o.id === value.id)) {
          throw new ApiError(400, 'DUPLICATE', `Đã có đơn vị mã «${value.id}»; dùng nút «Sửa» của đơn vị đó.`);
        }
        // The id goes in the address, not in the body.
        const organization = Object.assign({}, value);
        delete organization.id;
        await api.saveOrganization(ctx.cid, value.id, organization);
        replace(addHolder);
        addButton.hidden = false;
        await refresh();
        replace(message, liveNotice('success', `Đã thêm đơn vị «${value.name}».`));
        announce(`Đã thêm đơn vị ${value.name}.`);
        addButton.focus();
      },
      onCancel: () => {
        replace(addHolder);
        addButton.hidden = false;
        addButton.focus();
      },
    });
    replace(addHolder, h('h3', null, 'Thêm đơn vị'), form);
    addButton.hidden = true;
    form.focusFirst();
  });

  const importer = importPanel({
    idPrefix: 'org-import',
    title: 'Nhập danh sách đơn vị từ tệp',
    intro: h('p', { class: 'hint' }, 'Tệp Excel (.xlsx) hoặc CSV với các cột: Tên đơn vị, Nhóm, Số người, Mã (không bắt buộc), Loại (không bắt buộc: «Đơn vị» hoặc «Tự do»). Đơn vị đã có (cùng mã hoặc cùng tên) được cập nhật; đơn vị mới được thêm.'),
    accept: '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv',
    previewColumns: ['Tên đơn vị', 'Mã', 'Nhóm', 'Loại', 'Số người'],
    previewRow: (o) => [o.name || '—', o.id || '—', o.group || '—', KIND_SHORT[o.kind] || KIND_SHORT.unit, headcountText(o)],
    preview: async (file) => {
      const { data } = await api.importOrganizations(ctx.cid, file, { dryRun: true });
      const added = data.added || 0;
      const updated = data.updated || 0;
      return {
        valid: added + updated,
        errors: data.errors || [],
        // The server previews the whole list as it would be after the import.
        preview: data.preview || [],
        previewCaption: 'Danh sách đơn vị sau khi nhập',
        summary: `Tệp hợp lệ: ${formatNumber(added)} đơn vị mới, ${formatNumber(updated)} đơn vị cập nhật. Bấm «Nhập» để lưu.`,
      };
    },
    commit: async (file) => {
      const { data } = await api.importOrganizations(ctx.cid, file, { dryRun: false });
      return `Đã nhập: ${formatNumber(data.added || 0)} đơn vị mới, cập nhật ${formatNumber(data.updated || 0)} đơn vị.`;
    },
    onImported: refresh,
  });

  root.append(
    message,
    h('section', { class: 'card', 'aria-labelledby': 'org-list-title' }, h('h2', { id: 'org-list-title' }, 'Các đơn vị dự thi'), listHolder, h('div', { class: 'actions' }, addButton), addHolder),
    importer,
  );
  return root;
}

