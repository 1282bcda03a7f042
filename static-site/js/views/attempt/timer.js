// The countdown to the attempt's deadline, by the server's clock, with the
// 5-minute and 1-minute warnings read out.

import { h, announce } from '../../../shared/dom.js';
import { formatClock } from '../../../shared/format.js';
import { serverNow } from '../../clock.js';

/**
 * «Còn lại 29:59». start() ticks it four times a second (and when the page
 * becomes visible again); onTimeUp() is called once when it reaches zero;
 * stop() ends it. Returns { element, tick, start, stop }.
 */
export function attemptTimer({ deadline, startedAt, onTimeUp }) {
  const value = h('span', { class: 'timer-value', role: 'timer', 'aria-live': 'off' });
  const element = h('div', { class: 'timer' }, h('span', { class: 'timer-label', text: 'Còn lại' }), value);
  let lastShown = '';
  let warned5 = false;
  let warned1 = false;
  let over = false;
  let stopped = false;
  let interval = null;

  function tick() {
    if (stopped) return;
    const remaining = deadline - serverNow();
    const text = formatClock(remaining);
    if (text !== lastShown) {
      lastShown = text;
      value.textContent = text;
      element.classList.toggle('timer-warn', remaining <= 5 * 60000 && remaining > 60000);
      element.classList.toggle('timer-danger', remaining <= 60000);
      value.setAttribute('aria-label', `Thời gian còn lại ${text}`);
    }
    if (!warned5 && remaining <= 5 * 60000 && remaining > 4 * 60000 && deadline - startedAt > 10 * 60000) {
      warned5 = true;
      announce('Còn 5 phút làm bài.');
    }
    if (!warned1 && remaining <= 60000 && remaining > 50000 && deadline - startedAt > 3 * 60000) {
      warned1 = true;
      announce('Còn 1 phút làm bài.');
    }
    if (remaining <= 0 && !over) {
      over = true;
      onTimeUp();
    }
  }
  const onVisible = () => { if (document.visibilityState === 'visible') tick(); };

  function start() {
    interval = setInterval(tick, 250);
    document.addEventListener('visibilitychange', onVisible);
  }

  function stop() {
    stopped = true;
    clearInterval(interval);
    document.removeEventListener('visibilitychange', onVisible);
  }

  return { element, tick, start, stop };
}
