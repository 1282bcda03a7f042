// Vietnam time (UTC+7 all year, no daylight saving), computed by hand so that
// what both pages show and what the organizer types does not depend on the
// device's time zone or its ICU data.

import { pad } from './format.js';

export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** Milliseconds from an RFC 3339 string, or null. */
export function parseTime(iso) {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** The fields of a moment (milliseconds, Date or RFC 3339) as a Vietnam wall clock shows it; null if invalid. */
export function vietnamParts(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const shifted = new Date(date.getTime() + VN_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

const missing = (value) => value === null || value === undefined || value === '';

/** "17/10/2022 08:00" (or "08:00:05" with seconds); `empty` for no value, the value itself if unreadable. */
export function formatDateTime(value, { seconds = false, empty = '—' } = {}) {
  if (missing(value)) return empty;
  const p = vietnamParts(value);
  if (!p) return String(value);
  const time = `${pad(p.hour)}:${pad(p.minute)}${seconds ? `:${pad(p.second)}` : ''}`;
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${time}`;
}

/** "22:00", or "22:00 ngày 23/10/2022" with `day`; '' for no value. */
export function formatTimeOfDay(value, { day = false } = {}) {
  if (missing(value)) return '';
  const p = vietnamParts(value);
  if (!p) return '';
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  return day ? `${time} ngày ${pad(p.day)}/${pad(p.month)}/${p.year}` : time;
}

/** "08h00 Thứ Hai, 17/10/2022"; '' for no value. */
export function formatLongDateTime(value) {
  if (missing(value)) return '';
  const p = vietnamParts(value);
  if (!p) return '';
  return `${pad(p.hour)}h${pad(p.minute)} ${WEEKDAYS[p.weekday]}, ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "2022-10-17T08:00+07:00", for <time datetime>. */
export function isoVietnam(value) {
  const p = vietnamParts(value);
  return p ? `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}+07:00` : '';
}

/** "2022-10-17": the Vietnam calendar day of a moment. */
export function vietnamDate(value) {
  const p = vietnamParts(value);
  return p ? `${p.year}-${pad(p.month)}-${pad(p.day)}` : '';
}

/** The value for an <input type="datetime-local">: Vietnam wall-clock time. */
export function toVietnamInput(value) {
  const p = vietnamParts(value);
  if (!p) return '';
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2022-10-17T08:00" typed as Vietnam time → "2022-10-17T08:00:00+07:00". */
export function fromVietnamInput(value) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(String(value || ''));
  if (!m) return null;
  return `${m[1]}T${m[2]}:${m[3]}:${m[4] || '00'}+07:00`;
}
