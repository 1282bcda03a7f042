// «Xem lại bài thi»: each question of a finished attempt with the option
// chosen, the right one and where to read about it. Right after a practice
// attempt; for a real round only once it has closed (before, the server
// answers 409 REVIEW_NOT_YET_AVAILABLE and the page says when). A question
// a round still open may draw keeps its key until then. Right and wrong are
// told by icon, text and colour together, never by colour alone.

import { api } from '../api.js';
import { h, replace } from '../../shared/dom.js';
import { formatTimeOfDay, parseTime } from '../../shared/vietnam-time.js';
import { linkButton, notice } from '../../shared/ui.js';
import { heading, isPractice, roundTitle } from '../ui.js';

const LETTERS = 'ABCDEFGHIJ';
const WITHHELD_TEXT = 'Đáp án được công bố sau khi tuần thi cuối cùng kết thúc.';

/** How one question went: a class, an icon and the words for it. */
function verdictOf(q) {
  if (q.voided) return { kind: 'voided', icon: '✓', text: 'Được tính đúng' };
  if (q.correct === null || q.correct === undefined) return { kind: 'withheld', icon: '?', text: 'Chưa công bố đáp án' };
  if (q.is_correct) return { kind: 'right', icon: '✓', text: 'Đúng' };
  if (q.your_answer === null || q.your_answer === undefined) return { kind: 'unanswered', icon: '–', text: 'Chưa trả lời' };
  return { kind: 'wrong', icon: '✗', text: 'Sai' };
}

function optionRow(q, option, index) {
  const chosen = option.id === q.your_answer;
  const right = q.correct !== null && q.correct !== undefined && option.id === q.correct;
  const tags = [];
  if (chosen) tags.push(h('span', { class: `tag tag-chosen${right ? ' tag-chosen-right' : q.correct ? ' tag-chosen-wrong' : ''}`, text: 'Bạn chọn' }));
  if (right) tags.push(h('span', { class: 'tag tag-right', text: 'Đáp án đúng' }));
  let icon = '';
  if (right) icon = '✓';
  else if (chosen && q.correct) icon = '✗';
  return h(
    'li',
    { class: `review-option${chosen ? ' is-chosen' : ''}${right ? ' is-right' : ''}${chosen && !right && q.correct ? ' is-wrong' : ''}` },
    h('span', { class: 'option-icon', 'aria-hidden': 'true', text: icon }),
    h('span', { class: 'option-body' }, h('span', { class: 'option-letter', text: `${LETTERS[index] || index + 1}. ` }), h('span', { text: option.text }), tags.length ? h('span', { class: 'tags' }, tags) : null),
  );
}

function questionItem(q, index) {
  const verdict = verdictOf(q);
  const titleId = `review-q-${index + 1}`;
  return h(
    'li',
    { class: `review-item review-${verdict.kind}`, dataset: { kind: verdict.kind } },
    h(
      'article',
      { 'aria-labelledby': titleId },
      h(
        'div',
        { class: 'review-head' },
        h('h2', { id: titleId, class: 'review-number', text: `Câu ${index + 1}` }),
        h('span', { class: `verdict verdict-${verdict.kind}` }, h('span', { 'aria-hidden': 'true', text: `${verdict.icon} ` }), verdict.text),
      ),
      h('p', { class: 'review-question', text: q.text }),
      h('ul', { class: 'review-options', 'aria-label': `Các phương án của câu ${index + 1}` }, q.options.map((option, i) => optionRow(q, option, i))),
      q.voided ? h('p', { class: 'review-note', text: 'Câu này được tính đúng cho mọi người (Ban Tổ chức đã hủy câu hỏi).' }) : null,
      verdict.kind === 'withheld' ? h('p', { class: 'review-note', text: WITHHELD_TEXT }) : null,
      q.source && String(q.source).trim() ? h('p', { class: 'review-source' }, h('strong', { text: 'Nguồn: ' }), q.source) : null,
    ),
  );
}

/**
 * The review refused while the real round is open: when it opens, from the
 * round's own close time. (The server's message carries that time as a raw
 * timestamp, not fit to show.)
 */
function notYet(ctx, aid, round, error) {
  const closes = round ? parseTime(round.closes_at) : null;
  const text = round && !isPractice(round) && closes !== null
    ? `Phần xem lại bài thi (đáp án đúng và nguồn của từng câu) được mở sau khi ${round.name} kết thúc lúc ${formatTimeOfDay(closes, { day: true })}, để bảo đảm công bằng cho những người chưa thi.`
    : error.message;
  replace(
    ctx.app,
    heading('Xem lại bài thi'),
    notice('info', h('p', { class: 'review-not-yet', text })),
    h('div', { class: 'actions' }, linkButton(`#/ket-qua/${aid}`, 'Về kết quả bài thi'), linkButton('#/cua-toi', 'Về trang dự thi của tôi', 'secondary')),
  );
}

export async function renderReview(ctx) {
  const { contest } = ctx;
  const [aid] = ctx.params;
  let review;
  try {
    review = await api.review(aid);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    if (error.code === 'REVIEW_NOT_YET_AVAILABLE') {
      const attempt = await api.attempt(aid).catch(() => null);
      if (!ctx.isCurrent()) return;
      const round = attempt ? contest.rounds.find((r) => r.id === attempt.round_id) : null;
      notYet(ctx, aid, round, error);
      return;
    }
    throw error;
  }
  if (!ctx.isCurrent()) return;
  const round = contest.rounds.find((r) => r.id === review.round_id);
  const counts = { right: 0, wrong: 0, unanswered: 0, voided: 0, withheld: 0 };
  review.questions.forEach((q) => { counts[verdictOf(q).kind] += 1; });
  const list = h('ol', { class: 'review-list' }, review.questions.map(questionItem));

  // «Chỉ hiện câu sai»: on a phone, twenty questions are a long scroll.
  const filterBox = h('input', { type: 'checkbox', id: 'review-filter', class: 'check' });
  const filterStatus = h('p', { class: 'visually-hidden', role: 'status' });
  filterBox.addEventListener('change', () => {
    let shown = 0;
    for (const item of list.children) {
      const hide = filterBox.checked && (item.dataset.kind === 'right' || item.dataset.kind === 'voided');
      item.hidden = hide;
      if (!hide) shown += 1;
    }
    filterStatus.textContent = filterBox.checked ? `Đang hiện ${shown} câu chưa đúng.` : `Đang hiện cả ${review.questions.length} câu.`;
  });

  const summary = [
    counts.right + counts.voided ? `${counts.right + counts.voided} câu đúng` : null,
    counts.wrong ? `${counts.wrong} câu sai` : null,
    counts.unanswered ? `${counts.unanswered} câu chưa trả lời` : null,
    counts.withheld ? `${counts.withheld} câu chưa công bố đáp án` : null,
  ].filter(Boolean).join(' · ');

  replace(
    ctx.app,
    heading('Xem lại bài thi'),
    h('p', { class: 'review-round' }, roundTitle(round, review.round_id)),
    h(
      'section',
      { class: 'card review-summary', 'aria-label': 'Tóm tắt' },
      h('p', { class: 'score' }, h('span', { class: 'score-value', text: String(review.score) }), h('span', { class: 'score-total', text: `/${review.total}` })),
      h('p', { class: 'score-caption', text: 'câu trả lời đúng' }),
      summary ? h('p', { class: 'review-counts', text: summary }) : null,
      review.withheld > 0
        ? notice('info', h('p', { text: `${review.withheld} câu chưa công bố đáp án vì còn có thể xuất hiện trong tuần thi chưa kết thúc. ${WITHHELD_TEXT}` }))
        : null,
      counts.voided ? h('p', { class: 'hint', text: `${counts.voided} câu đã được Ban Tổ chức hủy và tính đúng cho mọi người.` }) : null,
    ),
    h('div', { class: 'check-row review-filter' }, filterBox, h('label', { for: 'review-filter', text: 'Chỉ hiện câu sai và câu chưa trả lời' })),
    filterStatus,
    list,
    h(
      'div',
      { class: 'actions' },
      linkButton(`#/ket-qua/${aid}`, 'Về kết quả bài thi', 'secondary'),
      linkButton('#/cua-toi', 'Về trang dự thi của tôi', 'secondary'),
    ),
  );
}
