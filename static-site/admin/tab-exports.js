// Xuất kết quả: write a workbook + CSV files to object storage, list the
// exports and download them through short-lived links.

import { h, replace, announce } from '../shared/dom.js';
import { formatBytes, formatNumber } from '../shared/format.js';
import { liveNotice, busy } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api } from './api.js';

const FILE_LABEL = {
  'ket-qua.xlsx': 'Sổ tính Excel đầy đủ',
  'giai-ca-nhan.csv': 'Danh sách đạt giải cá nhân (CSV)',
  'tap-the.csv': 'Xếp hạng tập thể (CSV)',
  'manifest.json': 'Bảng kê và mã SHA-256 (JSON)',
};

function fileLabel(name) {
  if (FILE_LABEL[name]) return FILE_LABEL[name];
  const round = /^xep-hang-(.+)\.csv$/.exec(name);
  if (round) return `Xếp hạng đầy đủ ${round[1]} (CSV)`;
  const attempts = /^luot-thi.*\.csv$/.exec(name);
  if (attempts) return 'Tất cả lượt thi (CSV)';
  return name;
}

export async function render(ctx) {
  const listHolder = h('div', { class: 'export-list' });
  const createStatus = h('div', { class: 'form-status' });
  const create = h('button', { type: 'button', class: 'button', id: 'create-export' }, 'Tạo bản xuất mới');
  const refresh = h('button', { type: 'button', class: 'button button-quiet' }, 'Làm mới liên kết');
  let fetchedAt = 0;
  let validSeconds = 900;

  async function load() {
    const data = await api.exports(ctx.cid);
    fetchedAt = Date.now();
    validSeconds = data.links_valid_seconds || 900;
    const exportsList = [...(data.exports || [])].sort((a, b) => String(b.export_id).localeCompare(String(a.export_id)));
    const expires = new Date(fetchedAt + validSeconds * 1000);
    replace(
      listHolder,
      exportsList.length
        ? [
            h('p', { class: 'hint' }, `Liên kết tải có hiệu lực ${formatNumber(Math.round(validSeconds / 60))} phút (đến ${formatDateTime(expires, { seconds: true })}); hết hạn thì bấm «Làm mới liên kết».`),
            h('ol', { class: 'exports' }, exportsList.map((item, index) =>
              h('li', { class: 'export-item', dataset: { exportId: item.export_id } },
                h('h3', null, `Bản xuất lúc ${formatDateTime(item.created_at, { seconds: true })}`, index === 0 ? h('span', { class: 'badge badge-open' }, 'Mới nhất') : null),
                h('p', { class: 'muted' }, `Mã: ${item.export_id}`),
                h('ul', { class: 'files' }, (item.files || []).map((file) =>
                  h('li', null,
                    h('a', { href: file.url, download: file.name, rel: 'noopener noreferrer', class: 'download', dataset: { name: file.name } }, fileLabel(file.name)),
                    h('span', { class: 'muted' }, ` ${file.name}`))))))),
          ]
        : h('p', { class: 'empty' }, 'Chưa có bản xuất nào. Bấm «Tạo bản xuất mới»; hệ thống cũng tự xuất khi mỗi tuần thi kết thúc.'),
    );
  }

  // A link clicked after it expired would fail: fetch fresh links first.
  listHolder.addEventListener('click', async (event) => {
    const link = event.target.closest('a.download');
    if (!link || Date.now() - fetchedAt < (validSeconds - 30) * 1000) return;
    event.preventDefault();
    const exportId = link.closest('[data-export-id]')?.dataset.exportId;
    const name = link.dataset.name;
    await load();
    const fresh = listHolder.querySelector(`[data-export-id="${CSS.escape(exportId || '')}"] a[data-name="${CSS.escape(name || '')}"]`);
    if (fresh) fresh.click();
  });

  create.addEventListener('click', () =>
    busy(create, async () => {
      try {
        const result = await api.createExport(ctx.cid);
        const files = result.files || [];
        replace(
          createStatus,
          liveNotice('success',
            h('p', null, `Đã tạo bản xuất ${result.export_id} gồm ${formatNumber(files.length)} tệp:`),
            h('ul', { class: 'files-created' }, files.map((f) => h('li', null, `${f.name} – ${formatBytes(f.size)} – SHA-256 `, h('code', { class: 'hash' }, f.sha256))))),
        );
        announce(`Đã tạo bản xuất với ${files.length} tệp.`);
        await load();
      } catch (error) {
        replace(createStatus, liveNotice('error', error.message));
      }
    }, 'Đang xuất…'),
  );
  refresh.addEventListener('click', () => busy(refresh, async () => {
    try {
      await load();
      announce('Đã làm mới liên kết tải.');
    } catch (error) {
      replace(createStatus, liveNotice('error', error.message));
    }
  }, 'Đang tải…'));

  // Renew links shortly before they expire while this section stays open.
  const timer = setInterval(() => {
    if (!document.hidden && Date.now() - fetchedAt > (validSeconds - 60) * 1000) load().catch(() => null);
  }, 30000);
  ctx.onDispose(() => clearInterval(timer));

  await load();
  return h(
    'div',
    { class: 'exports-tab' },
    h('section', { class: 'card', 'aria-labelledby': 'export-new' },
      h('h2', { id: 'export-new' }, 'Tạo bản xuất'),
      h('p', null, 'Bản xuất gồm sổ tính Excel (xếp hạng từng tuần, danh sách đạt giải, đơn vị, tất cả lượt thi) và các tệp CSV tương ứng (mở được bằng Excel, giữ đúng tiếng Việt), kèm bảng kê mã SHA-256 để đối chiếu.'),
      h('div', { class: 'actions' }, create),
      createStatus,
    ),
    h('section', { class: 'card', 'aria-labelledby': 'export-list' },
      h('div', { class: 'section-head' }, h('h2', { id: 'export-list' }, 'Các bản xuất'), refresh),
      listHolder,
    ),
  );
}
