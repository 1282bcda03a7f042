// Văn bản: the committee's paperwork from the contest's real data. Word
// documents in the administrative format (weekly results notice, final
// report, draft award decision), a decided round's certificates as one PDF,
// QR posters for the contest and for each unit, and the secret follow-up
// links unit heads open without an account. Every file is written to the
// private bucket and reached through a link valid 15 minutes; the server
// audits each action.

import { h, replace, announce } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { busy, liveNotice } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api, isReadOnly } from './api.js';
import { confirmAction, copyButton, field } from './ui.js';

/** What the server answers when it says nothing (its links last 15 minutes). */
const LINK_SECONDS = 900;

export const DOCUMENT_KINDS = [
  { kind: 'weekly_notice', label: 'Thông báo kết quả tuần', needsRound: true,
    hint: 'Số người, số lượt dự thi và danh sách đạt giải của một tuần thi đã xét giải.' },
  { kind: 'final_report', label: 'Báo cáo tổng kết', needsRound: false,
    hint: 'Kết quả tham gia theo đơn vị, nhóm và tuần; phân bố điểm; người đạt giải các tuần; xếp hạng tập thể; tổng tiền thưởng.' },
  { kind: 'award_decision', label: 'Dự thảo quyết định khen thưởng', needsRound: false,
    hint: 'Dự thảo quyết định kèm phụ lục danh sách cá nhân, tập thể đạt giải và mức thưởng.' },
];

/** "Thông báo kết quả tuần – Tuần 1" from a file name the server chose. */
export function documentLabel(name, rounds) {
  const stem = String(name || '').replace(/\.docx$/i, '');
  if (stem === 'bao-cao-tong-ket') return 'Báo cáo tổng kết';
  if (stem === 'du-thao-quyet-dinh-khen-thuong') return 'Dự thảo quyết định khen thưởng';
  const weekly = /^thong-bao-ket-qua-(.+)$/.exec(stem);
  if (weekly) {
    const round = rounds.find((r) => r.id === weekly[1]);
    return `Thông báo kết quả tuần – ${round ? round.name : weekly[1]}`;
  }
  return name;
}

/** "Liên kết tải có hiệu lực 15 phút (đến 22:15:30); …" from when it was received. */
function validity(receivedAt, then = 'hết hạn thì tạo lại') {
  const until = new Date(receivedAt + LINK_SECONDS * 1000);
  const time = formatDateTime(until, { seconds: true }).split(' ')[1];
  return `Liên kết tải có hiệu lực ${formatNumber(Math.round(LINK_SECONDS / 60))} phút (đến ${time}); ${then}.`;
}

/** A «Đang tạo…» line with an indeterminate bar, while the server writes a file. */
function progressLine(text) {
  return h('p', { class: 'progress-line', role: 'status' }, h('progress', { 'aria-label': text }), ' ', text);
}

/** The ready file: its link (downloads under `name`), what it is, how long the link lasts. */
function downloadNotice({ message, url, name, linkText, extra }) {
  return liveNotice('success',
    h('p', null, message),
    h('p', { class: 'download-line' }, h('a', { href: url, download: name, rel: 'noopener noreferrer', class: 'download' }, linkText), h('span', { class: 'muted' }, ` ${name}`)),
    extra || null,
    h('p', { class: 'hint' }, validity(Date.now())));
}

const realRounds = (detail) => (detail.contest.rounds || []).filter((r) => !r.practice);

/** The rounds as options, the latest closed one chosen (the one paperwork is usually about). */
function roundSelect(detail, name) {
  const rounds = realRounds(detail);
  const statusById = new Map((detail.round_status || []).map((r) => [r.id, r.status]));
  const closed = rounds.filter((r) => statusById.get(r.id) === 'closed');
  const chosen = closed.length ? closed[closed.length - 1].id : (rounds[0] || {}).id;
  return h('select', { name },
    rounds.map((r) => h('option', { value: r.id, selected: r.id === chosen },
      statusById.get(r.id) === 'closed' ? `${r.name} (đã kết thúc)` : r.name)));
}

// ---- Word documents ----

function documentsCard(ctx) {
  const rounds = realRounds(ctx.detail);
  const kind = h('select', { name: 'document-kind', id: 'document-kind' },
    DOCUMENT_KINDS.map((k) => h('option', { value: k.kind }, k.label)));
  const kindHint = h('p', { class: 'hint', id: 'document-kind-hint' });
  kind.setAttribute('aria-describedby', kindHint.id);
  const round = roundSelect(ctx.detail, 'document-round');
  const roundField = field('Tuần thi', round, 'Tuần thi đã kết thúc và đã xét giải.').field;
  const status = h('div', { class: 'form-status document-status' });
  const create = h('button', { type: 'button', class: 'button', id: 'create-document', 'data-write': true }, 'Tạo văn bản');
  const listHolder = h('div', { class: 'document-list' });
  const refresh = h('button', { type: 'button', class: 'button button-quiet button-small' }, 'Làm mới liên kết');
  let fetchedAt = 0;

  function syncKind() {
    const chosen = DOCUMENT_KINDS.find((k) => k.kind === kind.value) || DOCUMENT_KINDS[0];
    roundField.hidden = !chosen.needsRound;
    kindHint.textContent = chosen.hint;
  }
  kind.addEventListener('change', syncKind);
  syncKind();

  async function load() {
    const data = await api.documents(ctx.cid);
    fetchedAt = Date.now();
    // Newest first by the id's time stamp (to the second); its random tail says nothing about order.
    const stampOf = (doc) => String(doc.export_id || '').slice(0, 15);
    const documents = (data.documents || []).slice().sort((a, b) => stampOf(b).localeCompare(stampOf(a)));
    const rows = [];
    for (const doc of documents) {
      for (const file of doc.files || []) {
        rows.push(h('li', { class: 'document-item', dataset: { documentId: doc.export_id } },
          h('a', { href: file.url, download: file.name, rel: 'noopener noreferrer', class: 'download', dataset: { name: file.name } }, documentLabel(file.name, rounds)),
          h('span', { class: 'muted' }, ` – lập lúc ${formatDateTime(doc.created_at, { seconds: true })}`)));
      }
    }
    replace(listHolder, rows.length
      ? [h('ol', { class: 'documents' }, rows), h('p', { class: 'hint' }, validity(fetchedAt, 'hết hạn thì bấm «Làm mới liên kết»'))]
      : h('p', { class: 'empty' }, 'Chưa có văn bản nào được tạo.'));
  }

  // A link clicked after it expired would fail: fetch fresh links first.
  listHolder.addEventListener('click', async (event) => {
    const link = event.target.closest('a.download');
    if (!link || Date.now() - fetchedAt < (LINK_SECONDS - 30) * 1000) return;
    event.preventDefault();
    const item = link.closest('[data-document-id]');
    const id = item ? item.dataset.documentId : '';
    await load().catch(() => null);
    const fresh = listHolder.querySelector(`[data-document-id="${CSS.escape(id || '')}"] a.download`);
    if (fresh) fresh.click();
  });

  refresh.addEventListener('click', () => busy(refresh, async () => {
    try {
      await load();
      announce('Đã làm mới liên kết tải.');
    } catch (error) {
      replace(listHolder, liveNotice('error', error.message));
    }
  }, 'Đang tải…'));

  create.addEventListener('click', () => busy(create, async () => {
    const chosen = DOCUMENT_KINDS.find((k) => k.kind === kind.value) || DOCUMENT_KINDS[0];
    const rid = chosen.needsRound ? round.value : '';
    replace(status, progressLine(`Đang lập «${chosen.label}» từ số liệu cuộc thi…`));
    try {
      const result = await api.createDocument(ctx.cid, chosen.kind, rid);
      const label = documentLabel(result.name, rounds);
      replace(status, downloadNotice({
        message: `Đã tạo «${label}» (tệp Word theo thể thức Nghị định 30/2020/NĐ-CP). Kiểm tra, bổ sung số văn bản, ngày ký trước khi trình ký.`,
        url: result.url,
        name: result.name,
        linkText: `Tải về: ${label}`,
      }));
      announce(`Đã tạo ${label}.`);
      await load().catch(() => null);
    } catch (error) {
      replace(status, liveNotice('error', error.message));
    }
  }, 'Đang tạo…'));

  const timer = setInterval(() => {
    if (!document.hidden && fetchedAt && Date.now() - fetchedAt > (LINK_SECONDS - 60) * 1000) load().catch(() => null);
  }, 30000);
  ctx.onDispose(() => clearInterval(timer));

  const card = h('section', { class: 'card paperwork-card', 'aria-labelledby': 'documents-title' },
    h('h2', { id: 'documents-title' }, 'Văn bản hành chính (Word)'),
    h('p', null, 'Văn bản lập theo thể thức Nghị định 30/2020/NĐ-CP (khổ A4, phông Times New Roman, Quốc hiệu, tiêu ngữ, nơi nhận, chữ ký) từ số liệu thật của cuộc thi. Cơ quan ban hành, người ký, nơi nhận và mức thưởng lấy từ mục ', h('a', { href: '#cai-dat' }, 'Cài đặt cuộc thi'), '.'),
    h('div', { class: 'grid-2' }, h('div', { class: 'field' }, h('label', { for: 'document-kind' }, 'Loại văn bản'), kind, kindHint), roundField),
    h('div', { class: 'actions' }, create),
    status,
    h('div', { class: 'section-head list-head' }, h('h3', { id: 'documents-list-title' }, 'Các văn bản đã tạo'), refresh),
    listHolder);
  return { card, load };
}

// ---- certificates and posters ----

function certificatesCard(ctx) {
  const round = roundSelect(ctx.detail, 'certificate-round');
  const status = h('div', { class: 'form-status certificate-status' });
  const create = h('button', { type: 'button', class: 'button', id: 'create-certificates', 'data-write': true }, 'Tạo giấy chứng nhận');
  create.addEventListener('click', () => busy(create, async () => {
    const name = round.selectedOptions[0] ? round.selectedOptions[0].textContent : round.value;
    replace(status, progressLine(`Đang tạo giấy chứng nhận ${name}…`));
    try {
      const result = await api.createCertificates(ctx.cid, round.value);
      replace(status, downloadNotice({
        message: `Đã tạo ${formatNumber(result.certificates)} giấy chứng nhận trong một tệp PDF (khổ A4 ngang, mỗi giấy một trang, có mã QR để kiểm tra).`,
        url: result.url,
        name: result.name,
        linkText: 'Tải giấy chứng nhận (PDF)',
      }));
      announce(`Đã tạo ${result.certificates} giấy chứng nhận.`);
    } catch (error) {
      replace(status, liveNotice('error', error.message));
    }
  }, 'Đang tạo…'));
  return h('section', { class: 'card paperwork-card', 'aria-labelledby': 'certificates-title' },
    h('h2', { id: 'certificates-title' }, 'Giấy chứng nhận'),
    h('p', null, 'Giấy chứng nhận của mọi người đạt giải trong một tuần thi đã xét giải (và của người hoàn thành phần thi, nếu cuộc thi có cấp). Mỗi giấy có mã QR và mã kiểm tra 16 ký tự: ai cũng có thể kiểm tra giấy thật trên trang dự thi.'),
    field('Tuần thi', round).field,
    h('div', { class: 'actions' }, create),
    status);
}

function postersCard(ctx) {
  const orgs = ctx.detail.contest.organizations || [];
  const unit = h('select', { name: 'poster-unit' },
    h('option', { value: '' }, 'Toàn cuộc thi'),
    orgs.map((o) => h('option', { value: o.id }, o.name)));
  const status = h('div', { class: 'form-status poster-status' });
  const create = h('button', { type: 'button', class: 'button', id: 'create-poster', 'data-write': true }, 'Tạo áp phích');
  create.addEventListener('click', () => busy(create, async () => {
    const oid = unit.value;
    const org = orgs.find((o) => o.id === oid);
    replace(status, progressLine(org ? `Đang tạo áp phích cho ${org.name}…` : 'Đang tạo áp phích…'));
    try {
      const result = await api.createPoster(ctx.cid, oid);
      replace(status, downloadNotice({
        message: org
          ? `Đã tạo áp phích cho ${org.name}: quét mã QR sẽ mở trang đăng ký với đơn vị này được chọn sẵn.`
          : 'Đã tạo áp phích của cuộc thi.',
        url: result.url,
        name: result.name,
        linkText: 'Tải áp phích (PDF, khổ A4)',
        extra: result.link ? h('p', { class: 'poster-link' }, 'Mã QR dẫn đến: ', h('code', null, result.link)) : null,
      }));
      announce('Đã tạo áp phích.');
    } catch (error) {
      replace(status, liveNotice('error', error.message));
    }
  }, 'Đang tạo…'));
  return h('section', { class: 'card paperwork-card', 'aria-labelledby': 'posters-title' },
    h('h2', { id: 'posters-title' }, 'Áp phích có mã QR'),
    h('p', null, 'Áp phích khổ A4 để in và dán tại trụ sở, bộ phận một cửa: tên cuộc thi, thời gian, đường dẫn và mã QR cỡ lớn. Bản của từng đơn vị chọn sẵn đơn vị đó khi người dự thi đăng ký.'),
    field('Áp phích cho', unit).field,
    h('div', { class: 'actions' }, create),
    status);
}

// ---- follow-up links ----

function followUpCard(ctx) {
  const units = (ctx.detail.contest.organizations || []).filter((o) => o.kind !== 'open');
  const holder = h('div', { class: 'follow-up-holder' });
  const message = h('div', { class: 'form-status follow-up-status' });
  let links = new Map();

  async function load() {
    const data = await api.followUpLinks(ctx.cid);
    links = new Map((data.links || []).map((l) => [l.organization_id, l]));
    draw();
  }

  async function create(org, button) {
    const existing = links.get(org.id);
    if (existing) {
      const ok = await confirmAction({
        title: `Tạo đường dẫn mới cho ${org.name}?`,
        body: 'Đường dẫn cũ sẽ ngừng hoạt động ngay; cần gửi đường dẫn mới cho trưởng đơn vị.',
        confirmText: 'Tạo đường dẫn mới',
      });
      if (!ok) return;
    }
    await busy(button, async () => {
      try {
        const link = await api.createFollowUpLink(ctx.cid, org.id);
        links.set(org.id, link);
        draw();
        const text = existing
          ? `Đã tạo đường dẫn mới cho ${org.name}; đường dẫn cũ đã ngừng hoạt động.`
          : `Đã tạo đường dẫn theo dõi cho ${org.name}.`;
        replace(message, liveNotice('success', text));
        announce(text);
        const input = holder.querySelector(`[data-organization="${CSS.escape(org.id)}"] input`);
        if (input) input.focus();
      } catch (error) {
        replace(message, liveNotice('error', error.message));
      }
    }, 'Đang tạo…');
  }

  async function revoke(org, button) {
    const ok = await confirmAction({
      title: `Thu hồi đường dẫn theo dõi của ${org.name}?`,
      body: 'Đường dẫn sẽ ngừng hoạt động ngay và không khôi phục được; khi cần, tạo đường dẫn mới và gửi lại cho trưởng đơn vị.',
      confirmText: 'Thu hồi',
    });
    if (!ok) return;
    await busy(button, async () => {
      try {
        await api.revokeFollowUpLink(ctx.cid, org.id);
        links.delete(org.id);
        draw();
        const text = `Đã thu hồi đường dẫn theo dõi của ${org.name}.`;
        replace(message, liveNotice('success', text));
        announce(text);
      } catch (error) {
        replace(message, liveNotice('error', error.message));
      }
    }, 'Đang thu hồi…');
  }

  function item(org) {
    const link = links.get(org.id);
    const titleId = `follow-up-${org.id}`;
    const createButton = h('button', { type: 'button', class: link ? 'button button-quiet button-small' : 'button button-small', 'data-write': true, 'aria-describedby': titleId },
      link ? 'Tạo đường dẫn mới' : 'Tạo đường dẫn');
    createButton.addEventListener('click', () => create(org, createButton));
    const parts = [h('h3', { id: titleId }, org.name)];
    if (link) {
      const input = h('input', { type: 'text', readonly: true, value: link.url, spellcheck: 'false', class: 'follow-up-url' });
      input.addEventListener('focus', () => input.select());
      const revokeButton = h('button', { type: 'button', class: 'button button-danger button-small', 'data-write': true, 'aria-describedby': titleId }, 'Thu hồi');
      revokeButton.addEventListener('click', () => revoke(org, revokeButton));
      parts.push(
        h('p', { class: 'follow-up-state' }, h('span', { class: 'badge badge-open' }, 'Đang hoạt động'),
          ` Tạo lúc ${formatDateTime(link.created_at)}${link.created_by ? ` (${link.created_by})` : ''}.`),
        field(`Đường dẫn của ${org.name}`, input).field,
        h('div', { class: 'actions' },
          copyButton({ value: () => input.value, status: message, what: `đường dẫn của ${org.name}`, ariaLabel: `Sao chép đường dẫn của ${org.name}`, className: 'button button-small' }),
          createButton, revokeButton));
    } else {
      parts.push(h('p', { class: 'follow-up-state muted' }, 'Chưa có đường dẫn.'), h('div', { class: 'actions' }, createButton));
    }
    return h('li', { class: `follow-up-item${link ? ' has-link' : ''}`, dataset: { organization: org.id } }, parts);
  }

  function draw() {
    const active = units.filter((o) => links.has(o.id)).length;
    replace(holder,
      units.length
        ? [h('p', { class: 'strong' }, `${formatNumber(active)}/${formatNumber(units.length)} đơn vị đã có đường dẫn đang hoạt động.`),
          h('ul', { class: 'follow-up-list' }, units.map(item))]
        : h('p', { class: 'empty' }, 'Cuộc thi chưa có đơn vị nào (mục Đơn vị).'));
  }

  const card = h('section', { class: 'card', 'aria-labelledby': 'follow-up-title', id: 'duong-dan-theo-doi' },
    h('h2', { id: 'follow-up-title' }, 'Đường dẫn theo dõi đơn vị'),
    h('p', null, 'Mỗi đơn vị có một đường dẫn bí mật cho trưởng đơn vị, mở được mà không cần tài khoản: tỉ lệ tham gia, ai chưa đăng ký, ai chưa dự thi tuần này, và nút sao chép lời nhắc để gửi qua Zalo. Trang chỉ hiện họ và tên, không có số điện thoại hay điểm số.'),
    liveNotice('warning', h('p', null, 'Ai có đường dẫn cũng xem được danh sách của đơn vị: chỉ gửi cho trưởng đơn vị. Khi đường dẫn bị lộ, tạo đường dẫn mới (đường dẫn cũ ngừng hoạt động) hoặc thu hồi.')),
    message,
    holder);
  return { card, load };
}

export async function render(ctx) {
  const documents = documentsCard(ctx);
  const followUp = followUpCard(ctx);
  const failures = [];
  await Promise.all([
    documents.load().catch((error) => failures.push(error.message)),
    followUp.load().catch((error) => failures.push(error.message)),
  ]);
  return h('div', { class: `paperwork${isReadOnly() ? ' read-only' : ''}` },
    failures.length ? liveNotice('error', failures.join(' ')) : null,
    documents.card,
    h('div', { class: 'paperwork-grid' }, certificatesCard(ctx), postersCard(ctx)),
    followUp.card);
}
