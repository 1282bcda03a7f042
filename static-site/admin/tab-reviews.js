// Xét duyệt: results finished faster than a person can read
// (`min_seconds_per_question`, flag TOO_FAST) count for no ranking or prize
// until the committee accepts them. Each waiting one is accepted or
// rejected, with a note and a confirmation; in a round whose winners are
// published, the decision is a correction the server asks to confirm again.
// #xet-duyet?round=ID opens the section on one round.

import { h, replace, announce, nextId } from '../shared/dom.js';
import { formatDuration, formatNumber } from '../shared/format.js';
import { askDialog, busy, liveNotice } from '../shared/ui.js';
import { api, ApiError } from './api.js';
import { field, loadOrSay } from './ui.js';

const DECISION_LABEL = { accepted: 'Đã chấp nhận', rejected: 'Đã loại kết quả' };
const DECISION_BADGE = { accepted: 'badge-approved', rejected: 'badge-closed' };

/** The round named in the address (#xet-duyet?round=tuan-1), if any. */
function roundFromHash() {
  const query = window.location.hash.split('?')[1] || '';
  return new URLSearchParams(query).get('round') || '';
}

/** Why a result waits, in words. */
function flagText(flag, contest) {
  if (flag === 'TOO_FAST') {
    return `Hoàn thành nhanh bất thường: dưới ${formatNumber(contest.min_seconds_per_question)} giây mỗi câu`;
  }
  return flag;
}

function confirmDecision(review, decision, roundName) {
  const accept = decision === 'accepted';
  const result = `${formatNumber(review.score)}/${formatNumber(review.total)} câu đúng trong ${formatDuration(review.duration_ms)}`;
  return askDialog({
    title: accept ? `Chấp nhận kết quả của ${review.full_name}?` : `Loại kết quả của ${review.full_name}?`,
    body: h('p', null, accept
      ? `Kết quả ${result} sẽ được tính vào bảng xếp hạng và xét giải ${roundName}.`
      : `Kết quả ${result} sẽ bị loại khỏi bảng xếp hạng và không được xét giải ${roundName}. Các lượt thi khác của người này vẫn được tính.`),
    buttons: [
      { text: accept ? 'Chấp nhận' : 'Loại kết quả', class: accept ? 'button' : 'button button-danger', value: true },
      { text: 'Hủy', class: 'button button-quiet', value: false },
    ],
    describe: true,
    restoreFocus: true,
  });
}

/** After 409 CONFIRMATION_REQUIRED: the round's winners are published. */
function confirmCorrection(roundName) {
  return askDialog({
    title: 'Đính chính danh sách đạt giải đã công bố?',
    body: h('p', null, `Danh sách đạt giải ${roundName} đã công bố. Đây sẽ là một lần đính chính: danh sách được tính lại theo quyết định này, vẫn ở trạng thái công bố, kèm thời điểm đính chính; thao tác được ghi vào Nhật ký.`),
    buttons: [
      { text: 'Đính chính', class: 'button button-danger', value: true },
      { text: 'Hủy', class: 'button button-quiet', value: false },
    ],
    describe: true,
    restoreFocus: true,
  });
}

export async function render(ctx) {
  const { contest } = ctx.detail;
  const rounds = contest.rounds || [];
  const roundName = (rid) => (rounds.find((r) => r.id === rid) || { name: rid }).name;
  const orgName = (oid) => ((contest.organizations || []).find((o) => o.id === oid) || { name: oid }).name;
  const wanted = roundFromHash();
  const roundSelect = h('select', { name: 'review-round' },
    h('option', { value: '' }, 'Tất cả các tuần thi'),
    rounds.map((r) => h('option', { value: r.id, selected: r.id === wanted }, r.name)));
  const message = h('div', { class: 'form-status' });
  const summary = h('p', { 'aria-live': 'polite' });
  const listHolder = h('div');

  /** Sends a decision, confirming a correction when the server asks; true when it was recorded. */
  async function decide(review, decision, note) {
    if (!(await confirmDecision(review, decision, roundName(review.round_id)))) return false;
    const body = { decision, note };
    let corrected = false;
    try {
      await api.decideReview(ctx.cid, review.attempt_id, body);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'CONFIRMATION_REQUIRED')) throw error;
      if (!(await confirmCorrection(roundName(review.round_id)))) {
        replace(message, liveNotice('info', 'Chưa ghi quyết định: bạn đã hủy việc đính chính danh sách đạt giải.'));
        return false;
      }
      await api.decideReview(ctx.cid, review.attempt_id, body, true);
      corrected = true;
    }
    const done = `${decision === 'accepted' ? 'Đã chấp nhận' : 'Đã loại'} kết quả của ${review.full_name}${corrected ? `; danh sách đạt giải ${roundName(review.round_id)} đã được đính chính` : ''}.`;
    replace(message, liveNotice('success', done));
    announce(done);
    return true;
  }

  function reviewCard(review) {
    const titleId = nextId('review');
    const note = h('textarea', { name: 'review-note', rows: '2', maxlength: '1000', 'data-write': true });
    note.value = review.note || '';
    const status = h('div', { class: 'form-status' });
    const actions = [];
    const choices = review.decision === 'accepted' ? ['rejected'] : review.decision === 'rejected' ? ['accepted'] : ['accepted', 'rejected'];
    for (const decision of choices) {
      const accept = decision === 'accepted';
      const label = review.decision ? (accept ? 'Đổi thành chấp nhận' : 'Đổi thành loại kết quả') : accept ? 'Chấp nhận' : 'Loại kết quả';
      const action = h('button', { type: 'button', class: accept ? 'button' : 'button button-danger', 'aria-describedby': titleId, 'data-write': true }, label);
      action.addEventListener('click', () => busy(action, async () => {
        try {
          if (await decide(review, decision, note.value.trim())) await load({ keepMessage: true });
        } catch (error) {
          replace(status, liveNotice('error', error.message));
        }
      }, 'Đang lưu…'));
      actions.push(action);
    }
    const perQuestion = review.total ? formatDuration(review.duration_ms / review.total) : '—';
    return h(
      'li',
      { class: `card review-card${review.decision ? '' : ' review-waiting'}` },
      h('div', { class: 'q-head' },
        h('h3', { id: titleId }, review.full_name),
        h('span', { class: `badge ${DECISION_BADGE[review.decision] || 'badge-upcoming'}` }, DECISION_LABEL[review.decision] || 'Chờ xét duyệt')),
      h('p', { class: 'muted' }, `${orgName(review.organization_id)} · ${roundName(review.round_id)}`),
      h('ul', { class: 'review-facts' },
        h('li', null, 'Điểm: ', h('strong', null, `${formatNumber(review.score)}/${formatNumber(review.total)}`)),
        h('li', null, 'Thời gian làm bài: ', h('strong', null, formatDuration(review.duration_ms)), ` (${perQuestion} mỗi câu)`),
        review.flags.map((flag) => h('li', null, 'Lý do: ', flagText(flag, contest)))),
      review.decision && review.note ? h('p', null, `Ghi chú: ${review.note}`) : null,
      field(review.decision ? 'Ghi chú cho quyết định mới (không bắt buộc)' : 'Ghi chú (không bắt buộc)', note).field,
      status,
      h('div', { class: 'actions' }, actions),
    );
  }

  async function load({ keepMessage = false } = {}) {
    if (!keepMessage) replace(message);
    const data = await loadOrSay(listHolder, () => api.reviews(ctx.cid, roundSelect.value));
    if (!data || !ctx.isCurrent()) return;
    const reviews = data.reviews || [];
    const waiting = reviews.filter((r) => !r.decision).length;
    summary.textContent = reviews.length
      ? `${formatNumber(waiting)} kết quả chờ xét duyệt, ${formatNumber(reviews.length - waiting)} đã xét.`
      : '';
    replace(listHolder, reviews.length
      ? h('ol', { class: 'review-list' }, reviews.map(reviewCard))
      : h('p', { class: 'empty' }, 'Không có kết quả nào cần xét duyệt.'));
  }

  roundSelect.addEventListener('change', () => load());
  await load();
  return h(
    'div',
    { class: 'reviews' },
    h('section', { class: 'card', 'aria-labelledby': 'reviews-title' },
      h('h2', { id: 'reviews-title' }, 'Kết quả cần xét duyệt'),
      h('p', { class: 'hint' }, contest.min_seconds_per_question > 0
        ? `Bài làm xong nhanh hơn ${formatNumber(contest.min_seconds_per_question)} giây mỗi câu chưa được xếp hạng, xét giải cho đến khi Ban Tổ chức chấp nhận. Kết quả bị loại không được tính; các lượt thi khác của người đó vẫn được tính.`
        : 'Cuộc thi đang tắt việc xét duyệt bài làm nhanh bất thường (số giây tối thiểu mỗi câu là 0, ở «Cài đặt cuộc thi»).'),
      h('div', { class: 'toolbar' }, field('Tuần thi', roundSelect).field),
      summary,
      message,
      listHolder,
    ),
  );
}
