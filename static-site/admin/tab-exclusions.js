// Loại trừ: phones of the committee and question authors, who may not take
// part. A barred person cannot register; one barred later is left out of
// every ranking.

import { h, replace, announce } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { liveNotice, busy } from '../shared/ui.js';
import { api } from './api.js';
import { field } from './ui.js';

const parsePhones = (text) => [...new Set(text.split(/[\s,;]+/).map((p) => p.trim()).filter(Boolean))];

export async function render(ctx) {
  const { phones } = await api.exclusions(ctx.cid);
  const textarea = h('textarea', { name: 'phones', rows: '12', spellcheck: 'false', inputmode: 'tel', autocomplete: 'off' });
  textarea.value = (phones || []).join('\n');
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  const updateCount = () => { count.textContent = `${formatNumber(parsePhones(textarea.value).length)} số trong danh sách.`; };
  textarea.addEventListener('input', updateCount);
  updateCount();
  const status = h('div', { class: 'form-status' });
  const save = h('button', { type: 'submit', class: 'button', 'data-write': true }, 'Lưu danh sách loại trừ');
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('p', null, 'Theo Kế hoạch, thành viên Ban Tổ chức và công chức soạn thảo, phê duyệt câu hỏi không được tham gia. Nhập số điện thoại di động của họ, mỗi dòng một số (có thể dán từ Excel).'),
    h('p', { class: 'hint' }, 'Người có số trong danh sách không đăng ký được; người đã đăng ký trước đó bị loại khỏi mọi bảng xếp hạng và không được xét giải.'),
    field('Số điện thoại bị loại trừ', textarea).field,
    count,
    status,
    h('div', { class: 'actions' }, save),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const list = parsePhones(textarea.value);
    await busy(save, async () => {
      try {
        const result = await api.saveExclusions(ctx.cid, list);
        textarea.value = (result.phones || []).join('\n');
        updateCount();
        const message = `Đã lưu ${formatNumber((result.phones || []).length)} số (thêm ${formatNumber(result.added)}, bỏ ${formatNumber(result.removed)}).`;
        replace(status, liveNotice('success', message));
        announce(message);
      } catch (error) {
        replace(status, liveNotice('error', error.message));
        textarea.focus();
      }
    }, 'Đang lưu…');
  });
  return form;
}
