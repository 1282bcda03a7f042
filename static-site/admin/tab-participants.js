// Người dự thi: the committee's help desk. Find a participant by phone (any
// form, or at least 3 of its digits) or by name (typed with or without
// diacritics), within a unit or not, 50 at a time, newest first; open a
// profile (a look at personal data: the server records it in the audit
// log, and the page says so); correct the name, unit and birth year; give a
// one-time code for a forgotten password over the phone; disqualify or
// reinstate (asking again when published winners would be corrected); and
// erase the personal data when the person asks (irreversible: the phone
// number must be typed to confirm).

import { h, replace, announce, nextId } from '../shared/dom.js';
import { formatDuration, formatNumber } from '../shared/format.js';
import { busy, liveNotice } from '../shared/ui.js';
import { formatDateTime } from '../shared/vietnam-time.js';
import { api, ApiError } from './api.js';
import { confirmAction, field, focusFirst, roundNames, table, typedConfirm, winnersSentence, withCorrection } from './ui.js';

const ATTEMPT_STATUS = { in_progress: 'Đang làm bài', submitted: 'Đã nộp', timed_out: 'Hết giờ (tự nộp)' };
const REVIEW_LABEL = { accepted: 'Đã chấp nhận', rejected: 'Đã loại kết quả' };

/** The participant's edit fields each error code points at. */
const FIELD_OF_CODE = {
  INVALID_FULL_NAME: 'full_name',
  UNKNOWN_ORGANIZATION: 'organization_id',
  INVALID_BIRTH_YEAR: 'birth_year',
};

/** "0912 345 678": easier to read out over the phone. */
function phoneText(phone) {
  const digits = String(phone || '');
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}` : digits;
}

/** "ABCD-EFGH": two groups of four, read out over the phone. */
export function groupedCode(code) {
  const text = String(code || '');
  return text.length === 8 ? `${text.slice(0, 4)}-${text.slice(4)}` : text;
}

/** «Đang dự thi», «Bị loại», «Thuộc danh sách loại trừ». */
function standing(p) {
  if (p.disqualified) return h('span', { class: 'badge badge-closed' }, 'Bị loại');
  if (p.excluded || p.barred) return h('span', { class: 'badge badge-closed' }, 'Thuộc danh sách loại trừ');
  return h('span', { class: 'badge badge-approved' }, 'Đang dự thi');
}

export async function render(ctx) {
  const contest = ctx.detail.contest;
  const orgs = contest.organizations || [];
  const rounds = contest.rounds || [];
  const orgName = (oid) => (orgs.find((o) => o.id === oid) || { name: oid }).name;

  // ---- search ----
  const q = h('input', { type: 'search', name: 'participant-q', autocomplete: 'off', spellcheck: 'false', placeholder: 'Ví dụ: 0912 345 678 hoặc nguyen van an' });
  const unit = h('select', { name: 'participant-unit' }, h('option', { value: '' }, 'Tất cả đơn vị'), orgs.map((o) => h('option', { value: o.id }, o.name)));
  const find = h('button', { type: 'submit', class: 'button' }, 'Tìm');
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const listHolder = h('div', { class: 'participant-results' });
  const more = h('button', { type: 'button', class: 'button button-quiet', hidden: true }, 'Xem thêm');
  const profileHolder = h('div', { class: 'profile-holder' });
  let found = [];
  let cursor = null;
  let searched = { q: '', organization: '' };

  const searchForm = h('form', { class: 'card participant-search', role: 'search', 'aria-labelledby': 'ps-title', novalidate: true },
    h('h2', { id: 'ps-title' }, 'Tra cứu người dự thi'),
    h('div', { class: 'grid-search' },
      field('Số điện thoại hoặc họ tên', q, 'Số điện thoại viết kiểu nào cũng được (0912…, +84 912…), hoặc ít nhất 3 chữ số của số đó; họ tên gõ có dấu hay không dấu đều được.').field,
      field('Đơn vị', unit).field,
      h('div', { class: 'field search-button' }, find)),
    summary,
    listHolder,
    h('div', { class: 'actions' }, more));

  function drawList() {
    if (!found.length) {
      replace(listHolder, h('p', { class: 'empty' }, searched.q || searched.organization ? 'Không tìm thấy người dự thi nào phù hợp.' : 'Chưa có người dự thi nào đăng ký.'));
      return;
    }
    replace(listHolder, table({
      caption: 'Kết quả tra cứu',
      headers: ['Họ và tên', 'Số điện thoại', 'Đơn vị', 'Năm sinh', 'Đăng ký lúc', 'Bài đã nộp', 'Tình trạng', 'Hồ sơ'],
      rows: found.map((p) => {
        const open = h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-label': `Xem hồ sơ ${p.full_name}` }, 'Xem hồ sơ');
        open.addEventListener('click', () => showProfile(p.participant_id, open));
        return [p.full_name, phoneText(p.phone), orgName(p.organization_id), p.birth_year ? String(p.birth_year) : '—',
          formatDateTime(p.registered_at), formatNumber(p.attempts_finished), standing(p), open];
      }),
      className: 'participants-table',
    }));
  }

  async function search({ next = false } = {}) {
    if (!next) {
      searched = { q: q.value.trim(), organization: unit.value };
      cursor = null;
      found = [];
      replace(listHolder, h('p', { class: 'loading' }, 'Đang tìm…'));
    }
    const button = next ? more : find;
    await busy(button, async () => {
      try {
        const page = await api.participants(ctx.cid, Object.assign({ cursor: next ? cursor : '' }, searched));
        found = found.concat(page.participants || []);
        cursor = page.next_cursor || null;
        more.hidden = !cursor;
        summary.textContent = `Đang hiện ${formatNumber(found.length)} người${cursor ? ' (còn nữa: bấm «Xem thêm»)' : ''}${searched.q ? ` phù hợp với «${searched.q}»` : ''}${searched.organization ? ` thuộc ${orgName(searched.organization)}` : ''}; người đăng ký gần nhất ở trên.`;
        drawList();
      } catch (error) {
        summary.textContent = '';
        more.hidden = true;
        replace(listHolder, liveNotice('error', error instanceof ApiError && error.code === 'INVALID_QUERY'
          ? 'Cần nhập ít nhất 3 chữ số của số điện thoại, hoặc một phần họ tên.'
          : error.message));
      }
    }, next ? 'Đang tải…' : 'Đang tìm…');
  }

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
  unit.addEventListener('change', () => search());
  more.addEventListener('click', () => search({ next: true }));

  // ---- the profile ----

  async function showProfile(pid, opener, flash) {
    replace(profileHolder, h('p', { class: 'loading' }, 'Đang mở hồ sơ…'));
    let p;
    try {
      p = await api.participant(ctx.cid, pid);
    } catch (error) {
      replace(profileHolder, liveNotice('error', error.message));
      return;
    }
    if (!ctx.isCurrent()) return;
    const card = profileCard(p, opener, flash);
    replace(profileHolder, card);
    const heading = card.querySelector('h2');
    heading.focus();
  }

  /** The search row of a person changed by an action, redrawn in place. */
  function refreshRow(p) {
    const index = found.findIndex((x) => x.participant_id === p.participant_id);
    if (index < 0) return;
    found[index] = Object.assign({}, found[index], p);
    drawList();
  }

  function profileCard(p, opener, flash) {
    const titleId = nextId('profile');
    const status = h('div', { class: 'form-status profile-status' }, flash || null);
    const say = (kind, ...content) => {
      replace(status, liveNotice(kind, ...content));
    };
    const closeButton = h('button', { type: 'button', class: 'button button-quiet button-small' }, 'Đóng hồ sơ');
    closeButton.addEventListener('click', () => {
      replace(profileHolder);
      if (opener && opener.isConnected) opener.focus();
    });

    // Facts.
    const facts = h('dl', { class: 'facts' },
      h('dt', null, 'Số điện thoại'), h('dd', null, phoneText(p.phone)),
      h('dt', null, 'Thư điện tử'), h('dd', null, p.email || '—'),
      h('dt', null, 'Đơn vị'), h('dd', null, orgName(p.organization_id)),
      h('dt', null, 'Năm sinh'), h('dd', null, p.birth_year ? String(p.birth_year) : '—'),
      h('dt', null, 'Đăng ký lúc'), h('dd', null, formatDateTime(p.registered_at)),
      h('dt', null, 'Tình trạng'), h('dd', null, standing(p),
        p.disqualification ? h('span', { class: 'dq-reason' }, ` Lý do: ${p.disqualification.reason} (${p.disqualification.by}, ${formatDateTime(p.disqualification.at)})`) : null,
        p.excluded ? h('span', null, ' Số điện thoại thuộc danh sách loại trừ (mục «Loại trừ»).') : null));

    const attempts = p.attempts || [];
    const attemptsTable = attempts.length
      ? table({
          caption: `Các lượt thi (${formatNumber(attempts.length)})`,
          headers: ['Tuần thi', 'Trạng thái', 'Bắt đầu', 'Nộp lúc', 'Điểm', 'Thời gian làm bài', 'Xét duyệt'],
          rows: attempts.map((a) => [
            roundNames([a.round_id], rounds),
            ATTEMPT_STATUS[a.status] || a.status,
            formatDateTime(a.started_at),
            formatDateTime(a.submitted_at),
            a.score === null || a.score === undefined ? '—' : `${formatNumber(a.score)}/${formatNumber(a.total)}`,
            a.duration_ms === null || a.duration_ms === undefined ? '—' : formatDuration(a.duration_ms),
            (a.flags || []).length ? (REVIEW_LABEL[a.review] || 'Chờ xét duyệt (nhanh bất thường)') : '—',
          ]),
          className: 'attempts-table',
        })
      : h('p', { class: 'empty' }, 'Chưa có lượt thi nào.');

    // Sửa thông tin.
    const fullName = h('input', { type: 'text', name: 'p-full-name', value: p.full_name, maxlength: '100', required: true, 'data-write': true });
    const org = h('select', { name: 'p-organization', 'data-write': true }, orgs.map((o) => h('option', { value: o.id, selected: o.id === p.organization_id }, o.name)));
    const birth = h('input', { type: 'number', name: 'p-birth-year', value: p.birth_year ? String(p.birth_year) : '', min: '1900', max: String(new Date().getFullYear()), step: '1', inputmode: 'numeric', 'data-write': true });
    const inputs = { full_name: fullName, organization_id: org, birth_year: birth };
    const errors = {};
    const fields = {};
    for (const [key, label, hint] of [['full_name', 'Họ và tên', 'Đầy đủ, có dấu.'], ['organization_id', 'Đơn vị', 'Đổi đơn vị thì số người dự thi của hai đơn vị được tính lại.'], ['birth_year', 'Năm sinh', 'Để trống nếu không có.']]) {
      const built = field(label, inputs[key], hint);
      errors[key] = h('p', { class: 'field-error', id: `${inputs[key].id}-error`, hidden: true });
      inputs[key].after(errors[key]);
      inputs[key].setAttribute('aria-describedby', `${inputs[key].id}-error ${inputs[key].getAttribute('aria-describedby') || ''}`.trim());
      fields[key] = built.field;
    }
    const clearErrors = () => {
      for (const key of Object.keys(errors)) {
        errors[key].hidden = true;
        errors[key].textContent = '';
        inputs[key].removeAttribute('aria-invalid');
      }
    };
    const showError = (key, message) => {
      errors[key].textContent = message;
      errors[key].hidden = false;
      inputs[key].setAttribute('aria-invalid', 'true');
      inputs[key].focus();
    };
    const saveEdit = h('button', { type: 'submit', class: 'button', 'data-write': true }, 'Lưu thông tin');
    const editForm = h('form', { class: 'profile-edit', novalidate: true },
      h('h3', null, 'Sửa thông tin'),
      h('div', { class: 'grid-3' }, fields.full_name, fields.organization_id, fields.birth_year),
      h('div', { class: 'actions' }, saveEdit));
    editForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors();
      const name = fullName.value.trim();
      const year = birth.value.trim();
      if (!name) return showError('full_name', 'Chưa nhập họ và tên.');
      if (year && !/^\d{4}$/.test(year)) return showError('birth_year', 'Năm sinh gồm 4 chữ số, ví dụ 1985.');
      const body = { full_name: name, organization_id: org.value, birth_year: year ? Number(year) : null };
      await busy(saveEdit, async () => {
        try {
          const saved = await api.saveParticipant(ctx.cid, p.participant_id, body);
          const moved = saved.organization_id !== p.organization_id;
          const text = `Đã lưu thông tin của ${saved.full_name}${moved ? `; đã chuyển sang ${orgName(saved.organization_id)}` : ''}.`;
          refreshRow(saved);
          replace(profileHolder, profileCard(saved, opener, liveNotice('success', text)));
          announce(text);
        } catch (error) {
          const key = (error instanceof ApiError && (FIELD_OF_CODE[error.code] || error.field)) || null;
          if (key && errors[key]) showError(key, error.message);
          else say('error', error.message);
        }
      }, 'Đang lưu…');
    });

    // Cấp mã đặt lại mật khẩu.
    const codeHolder = h('div', { class: 'reset-code-holder', 'aria-live': 'polite' });
    const issue = h('button', { type: 'button', class: 'button button-quiet', 'data-write': true }, 'Cấp mã đặt lại mật khẩu');
    issue.addEventListener('click', () => busy(issue, async () => {
      try {
        const issued = await api.resetCode(ctx.cid, p.participant_id);
        const copy = h('button', { type: 'button', class: 'button button-small button-quiet' }, 'Sao chép mã');
        const copied = h('span', { class: 'muted', 'aria-live': 'polite' });
        copy.addEventListener('click', async () => {
          try {
            await navigator.clipboard.writeText(issued.code);
            copied.textContent = ' Đã sao chép.';
          } catch (denied) {
            copied.textContent = ' Trình duyệt không cho sao chép; hãy chép tay mã ở trên.';
          }
        });
        replace(codeHolder, h('div', { class: 'reset-code' },
          h('p', null, `Mã đặt lại mật khẩu của ${p.full_name}:`),
          h('p', { class: 'code', 'aria-label': `Mã: ${issued.code.split('').join(' ')}` }, groupedCode(issued.code)),
          h('p', null, `Có hiệu lực đến ${formatDateTime(issued.expires_at)}, dùng được một lần. `, copy, copied),
          h('p', { class: 'hint' }, 'Đọc mã cho người dự thi qua điện thoại (sau khi đã xác minh đúng người); người dự thi vào «Quên mật khẩu» trên trang dự thi, nhập số điện thoại, mã này và mật khẩu mới. Mã chỉ hiện một lần tại đây: rời trang là không xem lại được, khi cần thì cấp mã mới.')));
        announce('Đã cấp mã đặt lại mật khẩu.');
      } catch (error) {
        replace(codeHolder, liveNotice('error', error.message));
      }
    }, 'Đang cấp mã…').then(() => {
      // busy() puts its label back: say afterwards that another click replaces the code.
      if (codeHolder.querySelector('.reset-code')) issue.textContent = 'Cấp mã mới (thay mã vừa cấp)';
    }));

    // Loại khỏi cuộc thi / khôi phục.
    const standingBox = h('div', { class: 'standing-box' });
    const after = async (result, done) => {
      const text = `${done} ${winnersSentence(result, rounds)}`;
      refreshRow(result.participant);
      replace(profileHolder, profileCard(result.participant, opener, liveNotice('success', text)));
      announce(done);
    };
    if (p.disqualified) {
      const reinstate = h('button', { type: 'button', class: 'button', 'data-write': true }, 'Khôi phục quyền dự thi');
      reinstate.addEventListener('click', () => busy(reinstate, async () => {
        const ok = await confirmAction({
          title: `Khôi phục quyền dự thi cho ${p.full_name}?`,
          body: 'Các kết quả của người này được tính lại vào bảng xếp hạng; danh sách đạt giải các tuần đã xét được tính lại.',
          confirmText: 'Khôi phục',
          danger: false,
        });
        if (!ok) return;
        try {
          const result = await withCorrection((confirm) => api.reinstate(ctx.cid, p.participant_id, confirm));
          if (!result) {
            say('info', 'Chưa khôi phục: bạn đã hủy việc đính chính danh sách đạt giải.');
            return;
          }
          await after(result, `Đã khôi phục quyền dự thi cho ${p.full_name}.`);
        } catch (error) {
          say('error', error.message);
        }
      }, 'Đang lưu…'));
      replace(standingBox, h('h3', null, 'Khôi phục quyền dự thi'), h('div', { class: 'actions' }, reinstate));
    } else {
      const reason = h('textarea', { name: 'dq-reason', rows: '2', maxlength: '1000', 'data-write': true });
      const reasonError = h('p', { class: 'field-error', hidden: true });
      const reasonField = field('Lý do loại', reason, 'Bắt buộc; ghi vào hồ sơ và Nhật ký, ví dụ: «Nhờ người khác làm bài (biên bản ngày …)».');
      reason.after(reasonError);
      const disqualify = h('button', { type: 'button', class: 'button button-danger', 'data-write': true }, 'Loại khỏi cuộc thi');
      disqualify.addEventListener('click', () => busy(disqualify, async () => {
        reasonError.hidden = true;
        reason.removeAttribute('aria-invalid');
        const text = reason.value.trim();
        if (!text) {
          reasonError.textContent = 'Cần ghi lý do loại.';
          reasonError.hidden = false;
          reason.setAttribute('aria-invalid', 'true');
          reason.focus();
          return;
        }
        const ok = await confirmAction({
          title: `Loại ${p.full_name} khỏi cuộc thi?`,
          body: 'Người này bị loại khỏi mọi bảng xếp hạng, tỉ lệ tham gia của đơn vị và danh sách đạt giải; danh sách các tuần đã xét giải được tính lại. Có thể khôi phục sau.',
          confirmText: 'Loại khỏi cuộc thi',
        });
        if (!ok) return;
        try {
          const result = await withCorrection((confirm) => api.disqualify(ctx.cid, p.participant_id, text, confirm));
          if (!result) {
            say('info', 'Chưa loại: bạn đã hủy việc đính chính danh sách đạt giải.');
            return;
          }
          await after(result, `Đã loại ${p.full_name} khỏi cuộc thi.`);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'INVALID_REASON') {
            reasonError.textContent = error.message;
            reasonError.hidden = false;
            reason.setAttribute('aria-invalid', 'true');
            reason.focus();
          } else {
            say('error', error.message);
          }
        }
      }, 'Đang lưu…'));
      replace(standingBox, h('h3', null, 'Loại khỏi cuộc thi'), reasonField.field, h('div', { class: 'actions' }, disqualify));
    }

    // Xóa dữ liệu cá nhân.
    const erase = h('button', { type: 'button', class: 'button button-danger', 'data-write': true }, 'Xóa dữ liệu cá nhân (theo yêu cầu)');
    erase.addEventListener('click', () => busy(erase, async () => {
      const ok = await typedConfirm({
        title: `Xóa vĩnh viễn dữ liệu cá nhân của ${p.full_name}?`,
        body: h('div', null,
          h('p', null, 'Chỉ làm khi chính người dự thi yêu cầu (có văn bản hoặc xác minh qua điện thoại). Số điện thoại, thư điện tử, năm sinh và mật khẩu bị xóa; họ tên được thay bằng «Người dự thi đã rút khỏi cuộc thi»; tài khoản không đăng nhập được nữa. Kết quả các lượt thi được giữ ở dạng ẩn danh.'),
          h('p', null, h('strong', null, 'Không thể hoàn tác.'), ` Để xác nhận, nhập số điện thoại của người này (${phoneText(p.phone)}).`)),
        label: 'Số điện thoại của người dự thi',
        expected: p.phone,
        normalize: (value) => String(value).replace(/\D/g, '').replace(/^84(?=\d{9}$)/, '0'),
        confirmText: 'Xóa vĩnh viễn',
      });
      if (!ok) return;
      try {
        const result = await api.eraseParticipant(ctx.cid, p.participant_id);
        found = found.filter((x) => x.participant_id !== p.participant_id);
        drawList();
        const text = result.erased
          ? `Đã xóa dữ liệu cá nhân của ${p.full_name} (mã ${result.participant_id}). Kết quả thi được giữ ở dạng ẩn danh; thao tác đã ghi vào Nhật ký.`
          : 'Dữ liệu cá nhân của người này đã được xóa từ trước.';
        replace(profileHolder, liveNotice('success', text));
        announce('Đã xóa dữ liệu cá nhân.');
        focusFirst(profileHolder, '.notice');
      } catch (error) {
        say('error', error.message);
      }
    }, 'Đang xóa…'));

    return h('section', { class: 'card profile', 'aria-labelledby': titleId },
      h('div', { class: 'section-head' }, h('h2', { id: titleId, tabindex: '-1' }, `Hồ sơ: ${p.full_name}`), closeButton),
      h('p', { class: 'audit-note' }, 'Việc mở hồ sơ này đã được ghi vào Nhật ký (truy cập dữ liệu cá nhân).'),
      status,
      facts,
      attemptsTable,
      editForm,
      h('div', { class: 'profile-block' },
        h('h3', null, 'Quên mật khẩu'),
        h('p', { class: 'hint' }, 'Cấp mã dùng một lần (8 ký tự, hiệu lực 24 giờ) để người dự thi tự đặt mật khẩu mới. Mã mới thay thế mọi mã đã cấp trước đó.'),
        h('div', { class: 'actions' }, issue),
        codeHolder),
      h('div', { class: 'profile-block' }, standingBox),
      h('div', { class: 'profile-block danger-zone' },
        h('h3', null, 'Xóa dữ liệu cá nhân'),
        h('p', { class: 'hint' }, 'Theo yêu cầu của chính người dự thi. Không thể hoàn tác.'),
        h('div', { class: 'actions' }, erase)),
    );
  }

  await search();
  return h('div', { class: 'participants' },
    h('p', { class: 'lead' }, 'Tra cứu, hỗ trợ người dự thi (quên mật khẩu, nhập sai thông tin), loại hoặc khôi phục quyền dự thi, xóa dữ liệu cá nhân theo yêu cầu. Mọi thao tác và mỗi lần mở hồ sơ đều được ghi vào Nhật ký.'),
    searchForm,
    profileHolder);
}
