// Hand-drawn SVG bar charts. Each chart is redrawn at the width of its box
// (a ResizeObserver), so text stays readable from a 360 px phone to a wide
// screen. Every chart comes with its numbers in a table for screen readers
// and for anyone who wants exact values.

import { h, s, nextId } from '../shared/dom.js';
import { formatNumber } from '../shared/format.js';
import { table } from './ui.js';

export const SERIES_COLORS = ['#1d4ed8', '#b45309', '#047857'];
const TEXT = '#1f2937';
const MUTED = '#4b5563';
const GRID = '#d1d5db';
const TRACK = '#e5e7eb';

function niceMax(value) {
  if (!(value > 0)) return 1;
  const exponent = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * exponent) return step * exponent;
  }
  return 10 * exponent;
}

/** Whole-number axis ticks (counts): a 1-2-5 step, about four steps high. */
function countTicks(value) {
  const raw = Math.max(1, value) / 4;
  const exponent = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * exponent).find((s) => s >= raw));
  const top = Math.max(step, Math.ceil(value / step) * step);
  const ticks = [];
  for (let v = 0; v <= top + 1e-9; v += step) ticks.push(v);
  return { top, ticks };
}

function truncate(text, maxChars) {
  const str = String(text);
  if (maxChars < 2) return '';
  return str.length <= maxChars ? str : `${str.slice(0, Math.max(1, maxChars - 1))}…`;
}

const charsFor = (px, fontSize) => Math.floor(px / (fontSize * 0.56));

/**
 * A chart inside a <figure>: title, optional legend, the SVG, and a
 * collapsible table of the same numbers.
 *   series: [{ name }]; items: [{ label, values: [number], display?: [string] }]
 */
function chartFigure({ title, description, series, items, draw, tableHeaders, tableRows, className = '' }) {
  const titleId = nextId('chart-title');
  const holder = h('div', { class: 'chart-canvas' });
  const legend =
    series.length > 1
      ? h(
          'ul',
          { class: 'chart-legend', 'aria-hidden': 'true' },
          series.map((serie, index) =>
            h('li', null, h('span', { class: 'swatch', dataset: { series: String(index) } }), serie.name),
          ),
        )
      : null;
  const figure = h(
    'figure',
    { class: `chart ${className}`.trim(), 'aria-labelledby': titleId },
    h('figcaption', { id: titleId, class: 'chart-title' }, title),
    legend,
    holder,
    h(
      'details',
      { class: 'chart-data' },
      h('summary', null, 'Xem bảng số liệu'),
      table({ caption: title, headers: tableHeaders, rows: tableRows }),
    ),
  );

  let lastWidth = -1;
  const render = (width) => {
    const w = Math.max(240, Math.round(width));
    if (Math.abs(w - lastWidth) < 8) return;
    lastWidth = w;
    const svg = draw(w);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `${title}. ${description}`);
    holder.replaceChildren(svg);
  };
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) if (entry.contentRect.width > 0) render(entry.contentRect.width);
    });
    observer.observe(holder);
  }
  // Draw once straight away (at a guess) so the chart exists before layout.
  render(holder.clientWidth || 600);
  // The ResizeObserver redraws at the real width once the figure is on the page.
  lastWidth = -1;
  figure.dataset.items = String(items.length);
  return figure;
}

/** Vertical bars, one group per item (days, scores). */
export function columnChart({ title, description, series, items, xLabel, yLabel, tableHeaders, tableRows }) {
  const draw = (width) => {
    const fontSize = 12;
    const top = 20;
    const bottom = xLabel ? 44 : 28;
    const left = 44;
    const right = 8;
    const plotH = 180;
    const height = top + plotH + bottom;
    const plotW = width - left - right;
    const { top: max, ticks } = countTicks(Math.max(0, ...items.flatMap((item) => item.values)));
    const groupW = items.length ? plotW / items.length : plotW;
    // Bars at most 40 px wide, centred in their group, however few the items.
    const barW = Math.max(1, Math.min(40, (groupW - Math.min(6, groupW * 0.15) * 2) / series.length));
    const barGap = (groupW - barW * series.length) / 2;
    const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'chart-svg' });

    // Grid and y axis.
    for (const value of ticks) {
      const y = top + plotH - (plotH * value) / max;
      svg.append(
        s('line', { x1: left, x2: width - right, y1: y, y2: y, stroke: value === 0 ? MUTED : GRID, 'stroke-width': 1 }),
        s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', 'font-size': fontSize, fill: MUTED, text: formatNumber(value) }),
      );
    }
    if (yLabel) {
      svg.append(s('text', { x: 2, y: 12, 'font-size': fontSize, fill: MUTED, text: yLabel }));
    }

    // Bars, values above them when there is room, and x labels.
    const labelEvery = Math.max(1, Math.ceil(38 / groupW));
    items.forEach((item, index) => {
      const gx = left + index * groupW;
      item.values.forEach((value, si) => {
        const barH = max ? (plotH * value) / max : 0;
        const x = gx + barGap + si * barW;
        const y = top + plotH - barH;
        const rect = s('rect', {
          x: x.toFixed(2),
          y: y.toFixed(2),
          width: Math.max(1, barW - 1).toFixed(2),
          height: Math.max(0, barH).toFixed(2),
          fill: SERIES_COLORS[si % SERIES_COLORS.length],
          class: 'bar',
        });
        rect.append(s('title', { text: `${item.label} – ${series[si].name}: ${formatNumber(value)}` }));
        svg.append(rect);
        if (value > 0 && barW >= 16) {
          svg.append(
            s('text', {
              x: (x + barW / 2).toFixed(2),
              y: (y - 4).toFixed(2),
              'text-anchor': 'middle',
              'font-size': 11,
              fill: TEXT,
              text: formatNumber(value),
            }),
          );
        }
      });
      if (index % labelEvery === 0) {
        svg.append(
          s('text', {
            x: (gx + groupW / 2).toFixed(2),
            y: top + plotH + 16,
            'text-anchor': 'middle',
            'font-size': fontSize,
            fill: TEXT,
            text: item.label,
          }),
        );
      }
    });
    if (xLabel) {
      svg.append(s('text', { x: left + plotW / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': fontSize, fill: MUTED, text: xLabel }));
    }
    return svg;
  };
  return chartFigure({ title, description, series, items, draw, tableHeaders, tableRows, className: 'chart-columns' });
}

/**
 * Horizontal bars with the label above each bar and the value at the right,
 * for long names (rounds, organizations). `max` fixes the scale (1 for rates).
 */
export function barChart({ title, description, series, items, max: fixedMax, tableHeaders, tableRows, highlight }) {
  const draw = (width) => {
    const fontSize = 13;
    const barH = 12;
    const labelH = 18;
    const rowGap = 12;
    const rowH = labelH + series.length * (barH + 3) + rowGap;
    const height = Math.max(rowH, items.length * rowH) + 4;
    const max = fixedMax || niceMax(Math.max(0, ...items.flatMap((item) => item.values)));
    const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'chart-svg' });
    items.forEach((item, index) => {
      const y0 = index * rowH;
      const valueText = (item.display || item.values.map(formatNumber)).join(' · ');
      const valueChars = valueText.length;
      const labelChars = charsFor(width - valueChars * fontSize * 0.56 - 12, fontSize);
      const strong = highlight ? highlight(item, index) : false;
      const label = s('text', {
        x: 0,
        y: y0 + 13,
        'font-size': fontSize,
        fill: TEXT,
        'font-weight': strong ? 700 : 400,
        text: truncate(item.label, labelChars),
      });
      label.append(s('title', { text: item.label }));
      svg.append(
        label,
        s('text', { x: width, y: y0 + 13, 'text-anchor': 'end', 'font-size': fontSize, fill: TEXT, 'font-weight': 600, text: valueText }),
      );
      item.values.forEach((value, si) => {
        const y = y0 + labelH + si * (barH + 3);
        const w = max ? Math.min(1, value / max) * width : 0;
        svg.append(s('rect', { x: 0, y, width, height: barH, fill: TRACK, rx: 2 }));
        const rect = s('rect', {
          x: 0,
          y,
          width: Math.max(value > 0 ? 2 : 0, w).toFixed(2),
          height: barH,
          fill: SERIES_COLORS[si % SERIES_COLORS.length],
          rx: 2,
          class: 'bar',
        });
        rect.append(s('title', { text: `${item.label} – ${series[si].name}: ${(item.display || [])[si] || formatNumber(value)}` }));
        svg.append(rect);
      });
    });
    return svg;
  };
  return chartFigure({ title, description, series, items, draw, tableHeaders, tableRows, className: 'chart-bars' });
}
