// Xuất kết quả: write a workbook + CSV files to object storage, list the
// exports and download them through short-lived links. «Danh bạ liên hệ» is
// the one export with phone numbers and e-mail addresses (of the winners or
// of everyone): personal data, so it says so, and the server audits it.

import { h, replace, announce } from '../shared/dom.js';
import { formatBytes, formatNumber } from '../shared/format.js';
import { liveNotice, busy } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api } from './api.js';

/** Contact lists are exports whose id says «lien-he» (the server names them so). */
const isContactList = (item) => /-lien-he-/.test(String(item.export_id || ''));

const CONTACT_FILE_LABEL = {
  'ket-qua.xlsx': 'Danh bạ liên hệ (Excel)',
  'danh-ba-lien-he.csv': 'Danh bạ liên hệ (CSV)',
  'manifest.json': 'Bảng kê và mã SHA-256 (JSON)',
};

const FILE_LABEL = {
  'ket-qua.xlsx': 'Sổ tính Excel đầy đủ',
  'giai-ca-nhan.csv': 'Danh sách đạt giải cá nhân (CSV)',
  'tap-the.csv': 'Xếp hạng tập thể (CSV)',
  'manifest.json': 'Bảng kê và mã SHA-256 (JSON)',
};

function fileLabel(name, contactList, rounds) {
  if (contactList && CONTACT_FILE_LABEL[name]) return CONTACT_FILE_LABEL[name];
  if (FILE_LABEL[name]) return FILE_LABEL[name];
  const round = /^xep-hang-(.+)\.csv$/.exec(name);
  if (round) {
    const known = rounds.find((r) => r.id === round[1]);
    return `Xếp hạng đầy đủ ${known ? known.name : round[1]} (CSV)`;
  }
  const attempts = /^(tat-ca-)?luot-thi.*\.csv$/.exec(name);
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
            h('ol', { class: 'exports' }, exportsList.map((item, index) => {
              const contacts = isContactList(item);
              return h('li', { class: `export-item${contacts ? ' export-contacts' : ''}`, dataset: { exportId: item.export_id } },
                h('h3', null, `${contacts ? 'Danh bạ liên hệ' : 'Bản xuất'} lúc ${formatDateTime(item.created_at, { seconds: true })}`,
                  index === 0 ? h('span', { class: 'badge badge-open' }, 'Mới nhất') : null,
                  contacts ? h('span', { class: 'badge badge-personal' }, 'Có số điện thoại') : null),
                h('p', { class: 'muted' }, `Mã: ${item.export_id}`),
                h('ul', { class: 'files' }, (item.files || []).map((file) =>
                  h('li', null,
                    h('a', { href: file.url, download: file.name, rel: 'noopener noreferrer', class: 'download', dataset: { name: file.name } }, fileLabel(file.name, contacts, ctx.detail.contest.rounds || [])),
                    h('span', { class: 'muted' }, ` ${file.name}`)))));
            })),
          ]
        : h('p', { class: 'empty' }, 'Chưa có bản xuất nào. Bấm «Tạo bản xuất mới»; hệ thống cũng tự xuất khi mỗi tuần thi kết thúc.'),
    );
  }

  // A link clicked after it expired would fail: fetch fresh links first.
  listHolder.addEventListener('click', async (event) => {
    const link = event.target.closest('a.download');
    if (!link || Date.now() - fetchedAt < (validSeconds - 30) * 1000) return;
    event.preventDefault();
    const holder = link.closest('[data-export-id]');
    const exportId = holder ? holder.dataset.exportId : '';
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

  // ---- Danh bạ liên hệ ----
  const scopeName = 'contact-scope';
  const scopes = [
    ['winners', 'Người đạt giải (các tuần đã xét giải)'],
    ['all', 'Tất cả người dự thi'],
  ].map(([value, label], index) => {
    const input = h('input', { type: 'radio', name: scopeName, value, id: `contact-scope-${value}`, checked: index === 0, 'data-write': true });
    return h('div', { class: 'check' }, input, h('label', { for: input.id }, label));
  });
  const contactStatus = h('div', { class: 'form-status' });
  const contactButton = h('button', { type: 'button', class: 'button', id: 'create-contacts', 'data-write': true }, 'Tạo danh bạ liên hệ');
  contactButton.addEventListener('click', () => busy(contactButton, async () => {
    const chosen = document.querySelector(`input[name="${scopeName}"]:checked`);
    const scope = chosen ? chosen.value : 'winners';
    replace(contactStatus, h('p', { class: 'loading' }, 'Đang tạo danh bạ liên hệ…'));
    try {
      const result = await api.exportContacts(ctx.cid, scope);
      const message = `Đã tạo danh bạ liên hệ ${scope === 'all' ? 'của tất cả người dự thi' : 'của người đạt giải'} (${result.export_id}); tải về ở danh sách «Các bản xuất» bên dưới. Việc tạo danh bạ đã được ghi vào Nhật ký.`;
      replace(contactStatus, liveNotice('success', message));
      announce('Đã tạo danh bạ liên hệ.');
      await load();
    } catch (error) {
      replace(contactStatus, liveNotice('error', error.message));
    }
  }, 'Đang tạo…'));

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
    h('section', { class: 'card', 'aria-labelledby': 'export-contacts' },
      h('h2', { id: 'export-contacts' }, 'Danh bạ liên hệ'),
      liveNotice('warning',
        h('p', null, h('strong', null, 'Danh bạ có số điện thoại và thư điện tử của người dự thi — dữ liệu cá nhân. '),
          'Mỗi lần tạo danh bạ được ghi vào Nhật ký (ai tạo, lúc nào, bao nhiêu người). Chỉ tạo khi cần liên hệ (ví dụ mời nhận giải), không chuyển cho người ngoài Ban Tổ chức, xóa tệp khi đã dùng xong.')),
      h('fieldset', { class: 'contact-scope' }, h('legend', null, 'Danh bạ gồm'), scopes),
      h('div', { class: 'actions' }, contactButton),
      contactStatus,
    ),
    h('section', { class: 'card', 'aria-labelledby': 'export-list' },
      h('div', { class: 'section-head' }, h('h2', { id: 'export-list' }, 'Các bản xuất'), refresh),
      listHolder,
    ),
  );
}
