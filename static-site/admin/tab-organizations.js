// Đơn vị: the organizations (headcount drives the collective ranking):
// list, edit one, add one, import a CSV/XLSX list with a preview.

import { h, replace, announce } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { liveNotice } from '../shared/ui.js';
import { api, ApiError, isMissingRoute } from './api.js';
import { ID_PATTERN, organizationInputs } from './contest-form.js';
import { checkedSave, field, table, importPanel } from './ui.js';

function orgForm({ org, submitLabel, withId, onSubmit, onCancel }) {
  const { id, name, group, headcount } = organizationInputs(org, { idRequired: true });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'button', 'data-write': true }, submitLabel);
  const form = h(
    'form',
    { class: 'org-form', novalidate: true },
    h('div', { class: 'grid-4' },
      withId ? field('Mã đơn vị', id, 'Chữ thường không dấu, số, gạch ngang; ví dụ phong-noi-vu.').field : null,
      field('Tên đơn vị', name).field,
      field('Nhóm', group, 'Ví dụ: Phường, xã; Cơ quan chuyên môn.').field,
      field('Số người (tổng số cán bộ)', headcount).field,
    ),
    status,
    h('div', { class: 'actions' }, submit, onCancel ? h('button', { type: 'button', class: 'button button-quiet', onclick: onCancel }, 'Hủy') : null),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = { name: name.value.trim(), group: group.value.trim(), headcount: Number(headcount.value) };
    if (withId) value.id = id.value.trim();
    const problems = [];
    if (withId && !ID_PATTERN.test(value.id)) problems.push('Mã đơn vị chỉ gồm chữ thường không dấu, số, gạch ngang.');
    if (!value.name) problems.push('Chưa nhập tên đơn vị.');
    if (!Number.isInteger(value.headcount) || value.headcount < 1) problems.push('Số người phải là số nguyên lớn hơn 0.');
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
    const total = orgs.reduce((sum, o) => sum + (o.headcount || 0), 0);
    const rows = orgs.map((org) => {
      const edit = h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-label': `Sửa ${org.name}`, 'data-write': true }, 'Sửa');
      edit.addEventListener('click', () => {
        const row = edit.closest('tr');
        const editorRow = h('tr', { class: 'editor-row' });
        const cell = h('td', { colspan: '5' });
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
      return [org.name, org.id, org.group || '—', formatNumber(org.headcount), edit];
    });
    replace(
      listHolder,
      h('p', null, `${formatNumber(orgs.length)} đơn vị, tổng ${formatNumber(total)} người.`),
      table({ caption: 'Danh sách đơn vị', headers: ['Tên đơn vị', 'Mã', 'Nhóm', 'Số người', 'Thao tác'], rows, className: 'org-table' }),
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
        const { id, ...organization } = value;
        await api.saveOrganization(ctx.cid, id, organization);
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
    intro: h('p', { class: 'hint' }, 'Tệp Excel (.xlsx) hoặc CSV với các cột: Tên đơn vị, Nhóm, Số người, Mã (không bắt buộc). Đơn vị đã có (cùng mã hoặc cùng tên) được cập nhật; đơn vị mới được thêm.'),
    accept: '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv',
    previewColumns: ['Tên đơn vị', 'Mã', 'Nhóm', 'Số người'],
    previewRow: (o) => [o.name || '—', o.id || '—', o.group || '—', formatNumber(o.headcount)],
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
      return `Đã nhập: ${formatNumber(data.added ?? data.imported ?? 0)} đơn vị mới, cập nhật ${formatNumber(data.updated || 0)} đơn vị.`;
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

