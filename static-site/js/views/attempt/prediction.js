// «Câu hỏi dự đoán»: a whole number typed in, kept in the journal as typed.

import { h, nextId } from '../../../shared/dom.js';
import { tieBreakSentence } from '../../../shared/format.js';

const MAX_PREDICTION = 4294967295;
const isPrediction = (value) => /^\d{1,10}$/.test(value) && Number(value) <= MAX_PREDICTION;

/** What the prediction is for, from the contest's tie-break order. */
function predictionHint(tieBreaks) {
  const order = (tieBreaks || []).includes('prediction_distance') ? tieBreakSentence(tieBreaks) : 'Câu trả lời không ảnh hưởng đến điểm và thứ hạng.';
  return `Nhập một số nguyên (ví dụ 25). ${order}`;
}

/**
 * The prediction section of `contest`, or null when it has none.
 * Returns { element, input, validate(), value() }: validate() shows or clears
 * the error (an empty answer is valid); value() is the number, or undefined.
 */
export function predictionSection(contest, journal) {
  const question = contest.prediction_question;
  if (!question) return null;
  const pid = nextId('prediction');
  const error = h('p', { class: 'field-error', id: `${pid}-error`, hidden: true });
  const input = h('input', {
    id: pid,
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: '10',
    class: 'short',
    value: journal.prediction === null || journal.prediction === undefined ? '' : journal.prediction,
    'aria-describedby': `${pid}-hint ${pid}-error`,
  });

  function validate() {
    const value = input.value.trim();
    const ok = value === '' || isPrediction(value);
    if (ok) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
    error.hidden = ok;
    error.textContent = ok ? '' : 'Vui lòng nhập một số nguyên không âm, ví dụ 25.';
    return ok;
  }

  function value() {
    const typed = input.value.trim();
    return isPrediction(typed) ? Number(typed) : undefined;
  }

  input.addEventListener('input', () => {
    journal.setPrediction(input.value.trim());
    validate();
  });
  const element = h(
    'section',
    { class: 'prediction card', 'aria-labelledby': `${pid}-title` },
    h('h2', { id: `${pid}-title`, text: 'Câu hỏi dự đoán' }),
    h('label', { for: pid, text: question }),
    h('p', { class: 'hint', id: `${pid}-hint`, text: predictionHint(contest.tie_breaks) }),
    input,
    error,
  );
  return { element, input, validate, value };
}
