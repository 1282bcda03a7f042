// Numbers, dates and durations the Vietnamese way. Every time is shown and
// entered in Vietnam time (UTC+7, no daylight saving), whatever the
// organizer's computer is set to.

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const numberFormat = new Intl.NumberFormat('vi-VN');
const percentFormat = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

export const formatNumber = (value) => (Number.isFinite(Number(value)) ? numberFormat.format(Number(value)) : '—');
export const formatPercent = (rate) => (Number.isFinite(Number(rate)) ? percentFormat.format(Number(rate)) : '—');

const pad = (n) => String(n).padStart(2, '0');

/** The fields of a moment as a Vietnam wall clock shows it. */
function vnParts(value) {
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
  };
}

/** "17/10/2022 08:00" (Vietnam time). */
export function formatDateTime(value, { seconds = false } = {}) {
  if (!value) return '—';
  const p = vnParts(value);
  if (!p) return String(value);
  const time = `${pad(p.hour)}:${pad(p.minute)}${seconds ? `:${pad(p.second)}` : ''}`;
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${time}`;
}

/** "17/10/2022" from "2022-10-17". */
export function formatDay(isoDate) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(isoDate || ''));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(isoDate || '—');
}

/** "17/10" from "2022-10-17", for chart axes. */
export function formatShortDay(isoDate) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(isoDate || ''));
  return m ? `${m[3]}/${m[2]}` : String(isoDate || '');
}

/** The value for an <input type="datetime-local">: Vietnam wall-clock time. */
export function toVietnamInput(rfc3339) {
  const p = vnParts(rfc3339);
  if (!p) return '';
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2022-10-17T08:00" typed as Vietnam time → "2022-10-17T08:00:00+07:00". */
export function fromVietnamInput(value) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(String(value || ''));
  if (!m) return null;
  return `${m[1]}T${m[2]}:${m[3]}:${m[4] || '00'}+07:00`;
}

/** "12 phút 05 giây" from milliseconds. */
export function formatDuration(ms) {
  if (!Number.isFinite(Number(ms))) return '—';
  const total = Math.round(Number(ms) / 1000);
  const minutes = Math.floor(total / 60);
  const secs = total % 60;
  if (minutes === 0) return `${secs} giây`;
  return `${minutes} phút ${pad(secs)} giây`;
}

/** "30 phút" / "1 giờ 5 phút" / "45 giây" from seconds. */
export function describeSeconds(seconds) {
  const n = Number(seconds);
  if (!Number.isFinite(n) || n < 0) return '';
  const h = Math.floor(n / 3600);
  const m = Math.floor((n % 3600) / 60);
  const sec = n % 60;
  const parts = [];
  if (h) parts.push(`${h} giờ`);
  if (m) parts.push(`${m} phút`);
  if (sec || parts.length === 0) parts.push(`${sec} giây`);
  return parts.join(' ');
}

export function formatBytes(size) {
  const n = Number(size);
  if (!Number.isFinite(n)) return '—';
  if (n < 1024) return `${formatNumber(n)} byte`;
  if (n < 1024 * 1024) return `${formatNumber(Math.round(n / 102.4) / 10)} KB`;
  return `${formatNumber(Math.round(n / (1024 * 102.4)) / 10)} MB`;
}

export const ROUND_STATUS = {
  upcoming: 'Sắp diễn ra',
  open: 'Đang diễn ra',
  closed: 'Đã kết thúc',
};

export const PRIZE_LABEL = { first: 'Giải Nhất', second: 'Giải Nhì', third: 'Giải Ba' };
