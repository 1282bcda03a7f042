// «Văn bản và giấy chứng nhận» in Cài đặt cuộc thi: who issues and signs
// the committee's documents (Nghị định 30/2020/NĐ-CP), where they are sent,
// the prize money per prize, and whether everyone who finished an attempt
// gets a certificate. A settings PUT replaces the whole settings, so these
// must be in the form or saving it would blank them.

import { h, nextId } from '../shared/dom.js';
import { field } from './ui.js';

const TEXTS = [
  ['parent_body', 'Cơ quan chủ quản', 'Viết hoa, ví dụ: UBND THỊ XÃ QUẢNG TRỊ.', 200],
  ['issuing_body', 'Cơ quan ban hành', 'Ví dụ: BAN TỔ CHỨC CUỘC THI. Để trống: «Ban Tổ chức Cuộc thi».', 200],
  ['place', 'Địa danh', 'Nơi ban hành văn bản, ví dụ: Quảng Trị.', 100],
  ['contest_name', 'Tên cuộc thi trong văn bản', 'Để trống: dùng tên cuộc thi.', 500],
  ['plan_reference', 'Căn cứ kế hoạch', 'Ví dụ: Kế hoạch số 125/KH-UBND ngày 10/10/2022 của UBND thị xã Quảng Trị.', 500],
  ['signer_authority', 'Thẩm quyền ký', 'Ví dụ: TM. BAN TỔ CHỨC.', 100],
  ['signer_title', 'Chức vụ người ký', 'Ví dụ: TRƯỞNG BAN.', 100],
  ['signer_name', 'Họ và tên người ký', '', 100],
];

const DECISION_TEXTS = [
  ['decision_authority', 'Thẩm quyền ban hành quyết định', 'Viết hoa, ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ.', 200],
  ['decider', 'Người quyết định (trong câu văn)', 'Ví dụ: Chủ tịch UBND thị xã Quảng Trị.', 200],
  ['proposer', 'Theo đề nghị của', 'Ví dụ: Trưởng phòng Nội vụ.', 200],
  ['fund_source', 'Nguồn kinh phí', 'Ví dụ: kinh phí tổ chức Cuộc thi từ nguồn ngân sách thị xã năm 2022.', 500],
];

const lines = (text) => text.split('\n').map((line) => line.trim()).filter(Boolean);

function moneyInput(name, value) {
  return h('input', { type: 'number', name, min: '0', max: '1000000000', step: '1000', inputmode: 'numeric', value: value ? String(value) : '' });
}

/** The fieldset, its values ({paperwork, prize_amounts, certificates_for_finishers}) and its problems. */
export function paperworkFieldset(contest = {}) {
  const stored = contest.paperwork || {};
  const amounts = contest.prize_amounts || {};
  const inputs = {};
  const textField = ([key, label, hint, max]) => {
    const input = h('input', { type: 'text', name: `paperwork-${key}`, value: stored[key] || '', maxlength: String(max), autocomplete: 'off' });
    inputs[key] = input;
    return field(label, input, hint || null).field;
  };
  const recipients = h('textarea', { name: 'paperwork-recipients', rows: '4' });
  recipients.value = (stored.recipients || []).join('\n');
  const executors = h('textarea', { name: 'paperwork-executors', rows: '3' });
  executors.value = (stored.executors || []).join('\n');
  const first = moneyInput('prize-amount-first', amounts.first);
  const second = moneyInput('prize-amount-second', amounts.second);
  const third = moneyInput('prize-amount-third', amounts.third);
  const collective = h('input', { type: 'text', name: 'prize-amount-collective', value: (amounts.collective || []).join('; '), inputmode: 'numeric', autocomplete: 'off' });
  const finishers = h('input', { type: 'checkbox', id: nextId('finishers'), checked: Boolean(contest.certificates_for_finishers) });

  const element = h('fieldset', { class: 'card' },
    h('legend', null, 'Văn bản và giấy chứng nhận'),
    h('p', { class: 'hint' }, 'Dùng cho văn bản, giấy chứng nhận và áp phích ở mục Văn bản. Ô để trống được chừa chỗ trống trong văn bản để văn thư điền.'),
    h('div', { class: 'grid-2' }, TEXTS.map(textField)),
    field('Nơi nhận', recipients, 'Mỗi dòng một nơi nhận, ví dụ: Thường trực Thị ủy; Các cơ quan, đơn vị; Lưu: VT.').field,
    h('h3', null, 'Quyết định khen thưởng'),
    h('div', { class: 'grid-2' }, DECISION_TEXTS.map(textField)),
    field('Cơ quan, đơn vị thi hành quyết định', executors, 'Mỗi dòng một cơ quan, đơn vị.').field,
    h('h3', null, 'Mức thưởng (đồng)'),
    h('div', { class: 'grid-3' },
      field('Giải Nhất (mỗi tuần)', first).field,
      field('Giải Nhì (mỗi tuần)', second).field,
      field('Giải Ba (mỗi tuần)', third).field),
    field('Giải tập thể theo thứ hạng', collective, 'Các mức cách nhau bởi dấu chấm phẩy, từ hạng nhất, ví dụ: 1000000; 600000; 400000. Để trống nếu không có tiền thưởng.').field,
    h('div', { class: 'check' }, finishers, h('label', { for: finishers.id }, 'Cấp giấy chứng nhận cho mọi người đã hoàn thành phần thi (không chỉ người đạt giải)')));

  const amount = (input) => (input.value.trim() === '' ? 0 : Number(input.value));
  const collectiveAmounts = () => collective.value.split(/[;\s]+/).map((v) => v.replace(/[.,]/g, '').trim()).filter(Boolean).map(Number);

  return {
    element,
    values: () => {
      const paperwork = {};
      for (const key of Object.keys(inputs)) paperwork[key] = inputs[key].value.trim();
      paperwork.recipients = lines(recipients.value);
      paperwork.executors = lines(executors.value);
      return {
        paperwork,
        prize_amounts: { first: amount(first), second: amount(second), third: amount(third), collective: collectiveAmounts() },
        certificates_for_finishers: finishers.checked,
      };
    },
    problems: (settings) => {
      const money = settings.prize_amounts;
      const all = [money.first, money.second, money.third].concat(money.collective);
      return all.every((a) => Number.isInteger(a) && a >= 0 && a <= 1000000000)
        ? []
        : ['Mức thưởng phải là số nguyên đồng, từ 0 đến 1.000.000.000.'];
    },
  };
}
