// The question on screen, the progress meter and the grid of all questions.

import { h, replace, nextId } from '../../../shared/dom.js';

/** How many of `questions` have an answer in `answers`. */
export function answeredCount(questions, answers) {
  return questions.filter((q) => answers[q.id] !== undefined).length;
}

/**
 * One question at a time as a fieldset of radio buttons, with «Câu trước» and
 * «Câu tiếp».
 *   answers()           the current answers { questionId: optionId }
 *   locked()            true once choices may no longer change
 *   onChoose(qid, oid)  an option was chosen
 *   onShown()           after each render (to refresh the progress)
 *   start               the question shown first (0-based; e.g. where a
 *                       reload left off)
 * Returns { element, current(), show(index), render(focus), setDisabled(disabled) }.
 */
export function questionCard(questions, { answers, locked, onChoose, onShown, start = 0 }) {
  const total = questions.length;
  let current = Number.isInteger(start) && start >= 0 && start < total ? start : 0;
  const titleId = nextId('question-title');
  const number = h('span', { class: 'question-number' });
  const text = h('span', { class: 'question-text' });
  const options = h('div', { class: 'options' });
  const fieldset = h(
    'fieldset',
    { class: 'question' },
    h('legend', { id: titleId, tabindex: '-1' }, number, text),
    options,
  );
  const prevButton = h('button', { type: 'button', class: 'button button-secondary' }, h('span', { 'aria-hidden': 'true', text: '← ' }), 'Câu trước');
  const nextButton = h('button', { type: 'button', class: 'button button-primary' }, 'Câu tiếp', h('span', { 'aria-hidden': 'true', text: ' →' }));
  prevButton.addEventListener('click', () => show(current - 1));
  nextButton.addEventListener('click', () => show(current + 1));

  function optionRow(q, option, index) {
    const name = `q-${q.id}`;
    const id = `${name}-${index}`;
    const input = h('input', {
      type: 'radio',
      name,
      id,
      value: option.id,
      checked: answers()[q.id] === option.id,
      disabled: locked(),
    });
    input.addEventListener('change', () => {
      if (input.checked && !locked()) onChoose(q.id, option.id);
    });
    return h('div', { class: 'option' }, input, h('label', { for: id }, h('span', { class: 'option-letter', 'aria-hidden': 'true', text: `${String.fromCharCode(65 + index)}.` }), h('span', { class: 'option-text', text: option.text })));
  }

  function render(focus) {
    const q = questions[current];
    number.textContent = `Câu ${current + 1}/${total}`;
    text.textContent = q.text;
    replace(options, q.options.map((option, index) => optionRow(q, option, index)));
    prevButton.disabled = current === 0;
    nextButton.disabled = current === total - 1;
    onShown();
    if (focus) fieldset.querySelector('legend').focus();
  }

  function show(index) {
    if (index < 0 || index >= total) return;
    current = index;
    render(true);
  }

  function setDisabled(disabled) {
    for (const input of options.querySelectorAll('input')) input.disabled = disabled;
  }

  const element = h('div', { class: 'card question-card' }, fieldset, h('div', { class: 'question-nav' }, prevButton, nextButton));
  return { element, current: () => current, show, render, setDisabled };
}

/** «Đã trả lời 3/20 câu» and its bar; show(count) updates both. */
export function progressMeter(total) {
  const text = h('span', { class: 'progress-text' });
  const fill = h('span', { class: 'bar-fill' });
  const bar = h('span', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(total), 'aria-label': 'Số câu đã trả lời' }, fill);
  function show(count) {
    text.textContent = `Đã trả lời ${count}/${total} câu`;
    fill.style.setProperty('width', `${total ? (count / total) * 100 : 0}%`);
    bar.setAttribute('aria-valuenow', String(count));
    bar.setAttribute('aria-valuetext', `${count}/${total} câu`);
  }
  return { element: h('div', { class: 'progress' }, text, bar), show };
}

/** «Danh sách câu hỏi»: a numbered button per question (marked when answered); onPick(index). */
export function questionGrid(questions, onPick) {
  const buttons = questions.map((q, index) => {
    const b = h('button', { type: 'button', class: 'grid-button', text: String(index + 1) });
    b.addEventListener('click', () => onPick(index));
    return b;
  });
  function show(answers, current) {
    questions.forEach((q, index) => {
      const answered = answers[q.id] !== undefined;
      const b = buttons[index];
      b.classList.toggle('answered', answered);
      b.setAttribute('aria-label', `Câu ${index + 1}, ${answered ? 'đã trả lời' : 'chưa trả lời'}`);
      if (index === current) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
    });
  }
  const element = h(
    'nav',
    { class: 'card grid-card', 'aria-labelledby': 'grid-title' },
    h('h2', { id: 'grid-title', text: 'Danh sách câu hỏi' }),
    h('p', { class: 'grid-legend hint' }, h('span', { class: 'legend-answered', 'aria-hidden': 'true' }), ' Đã trả lời ', h('span', { class: 'legend-empty', 'aria-hidden': 'true' }), ' Chưa trả lời'),
    h('ol', { class: 'grid' }, buttons.map((b) => h('li', null, b))),
  );
  return { element, show };
}
