// «Kiểm tra giấy chứng nhận»: the page a certificate's QR code leads to
// (/?verify=CODE). Anyone can check, without an account, that a certificate
// was issued by the committee and what it attests. A code can also be typed.

import { api } from '../api.js';
import { h, replace } from '../../shared/dom.js';
import { notice } from '../../shared/ui.js';
import { formatLongDateTime, parseTime } from '../../shared/vietnam-time.js';
import { heading } from '../ui.js';

/** A code as printed, whatever was typed or scanned: «7K3M-9PQ2-XW4T-R8ZD». */
export function groupCode(raw) {
  const code = String(raw || '').replace(/[\s-]/g, '').toUpperCase();
  return code.length === 16 ? code.match(/.{4}/g).join('-') : code;
}

function codeForm(ctx, value) {
  const input = h('input', { id: 'verify-code', name: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', value: value || '', 'aria-describedby': 'verify-code-hint' });
  const form = h(
    'form',
    { class: 'verify-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'verify-code', text: 'Mã giấy chứng nhận' }),
      h('p', { class: 'hint', id: 'verify-code-hint', text: '16 ký tự in dưới mã QR, ví dụ 7K3M-9PQ2-XW4T-R8ZD.' }),
      input),
    h('button', { type: 'submit', class: 'button button-secondary', text: 'Kiểm tra' }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = input.value.replace(/[\s-]/g, '').toUpperCase();
    if (code) ctx.navigate(`/xac-minh/${encodeURIComponent(code)}`);
    else input.focus();
  });
  return form;
}

function row(label, value) {
  if (value === null || value === undefined || value === '') return null;
  return h('div', null, h('dt', { text: label }), h('dd', { text: value }));
}

/** The certificate's details under a clear «hợp lệ» heading. */
function validCard(cert, code) {
  const score = cert.score !== null && cert.score !== undefined && cert.total ? `${cert.score}/${cert.total} câu trả lời đúng` : null;
  const issued = parseTime(cert.issued_at);
  return h(
    'section',
    { class: 'card verify-card verify-valid', 'aria-labelledby': 'verify-result' },
    h('h2', { id: 'verify-result', class: 'verify-status' }, h('span', { class: 'verify-mark', 'aria-hidden': 'true', text: '✓ ' }), 'Giấy chứng nhận hợp lệ'),
    h('p', { text: 'Giấy chứng nhận này do Ban Tổ chức cấp qua hệ thống thi và có nội dung như sau:' }),
    h(
      'dl',
      { class: 'verify-details' },
      row('Cuộc thi', cert.contest_title),
      row('Họ và tên', cert.full_name),
      row('Cơ quan, đơn vị', cert.organization),
      row('Nội dung chứng nhận', cert.award),
      row('Tuần thi', cert.round),
      row('Kết quả', score),
      row('Ngày cấp', issued === null ? null : formatLongDateTime(issued)),
      row('Mã giấy chứng nhận', groupCode(code)),
    ),
    h('p', { class: 'hint', text: 'Đối chiếu họ tên, giải thưởng và mã số trên đây với giấy chứng nhận bạn đang cầm. Nếu có điểm khác nhau, giấy chứng nhận đó không phải do Ban Tổ chức cấp.' }),
  );
}

export async function renderVerify(ctx) {
  const { app } = ctx;
  const code = decodeURIComponent(ctx.params[0] || '');
  const result = h('div', { class: 'verify-slot', 'aria-live': 'polite' });
  replace(
    app,
    heading('Kiểm tra giấy chứng nhận'),
    h('p', { class: 'lead', text: 'Trang này cho biết một giấy chứng nhận của cuộc thi có đúng do Ban Tổ chức cấp hay không. Không cần đăng nhập.' }),
    result,
    codeForm(ctx, code ? groupCode(code) : ''),
  );
  if (!code) return;
  replace(result, h('p', { class: 'muted', text: 'Đang kiểm tra…' }));
  try {
    const cert = await api.verifyCertificate(code.replace(/[\s-]/g, '').toUpperCase());
    if (!ctx.isCurrent()) return;
    replace(result, validCard(cert, code));
  } catch (error) {
    if (!ctx.isCurrent()) return;
    if (error.status === 404 || error.code === 'CERTIFICATE_NOT_FOUND') {
      replace(result, h(
        'section',
        { class: 'card verify-card verify-invalid', 'aria-labelledby': 'verify-result' },
        h('h2', { id: 'verify-result', class: 'verify-status' }, h('span', { class: 'verify-mark', 'aria-hidden': 'true', text: '✗ ' }), 'Không tìm thấy giấy chứng nhận'),
        h('p', { text: `Không có giấy chứng nhận nào mang mã «${groupCode(code)}». Vui lòng kiểm tra lại mã in trên giấy chứng nhận (16 ký tự, không phân biệt chữ hoa, chữ thường). Nếu mã đúng mà vẫn không tìm thấy, giấy chứng nhận đó không do Ban Tổ chức cấp qua hệ thống thi.` }),
      ));
    } else {
      replace(result, notice('error', h('p', { text: error.message })));
    }
  }
}
