// Dates and durations in Vietnam time (UTC+7 all year, no daylight saving),
// computed by hand so that the result does not depend on the device's time
// zone or its ICU data.

const VN_OFFSET_MS = 7 * 3600 * 1000;
const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

const pad = (n, width = 2) => String(n).padStart(width, '0');

export function parseTime(iso) {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

function vnParts(ms) {
  const d = new Date(ms + VN_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

/** "08:00 Thứ Hai, 17/10/2022" */
export function formatDateTime(ms) {
  if (ms === null || ms === undefined) return '';
  const p = vnParts(ms);
  return `${pad(p.hour)}h${pad(p.minute)} ${WEEKDAYS[p.weekday]}, ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "17/10/2022 08:00" (compact, for tables) */
export function formatShortDateTime(ms) {
  if (ms === null || ms === undefined) return '';
  const p = vnParts(ms);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** ISO string in Vietnam time for <time datetime>. */
export function isoVietnam(ms) {
  const p = vnParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}+07:00`;
}

/** A timer: "29:59", or "1:05:09" past an hour. */
export function formatClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** A countdown to an event days away: "2 ngày 03:04:05". */
export function formatCountdown(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  const clock = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return days > 0 ? `${days} ngày ${clock}` : clock;
}

/** "12 phút 34 giây", "45,2 giây" */
export function formatDuration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 60000) {
    const seconds = Math.round(ms / 100) / 10;
    return `${String(seconds).replace('.', ',')} giây`;
  }
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts = [];
  if (hours) parts.push(`${hours} giờ`);
  if (minutes) parts.push(`${minutes} phút`);
  if (seconds) parts.push(`${seconds} giây`);
  return parts.join(' ');
}

export function formatPercent(rate) {
  const value = Math.round(rate * 1000) / 10;
  return `${String(value).replace('.', ',')}%`;
}

export function formatMinutes(seconds) {
  if (seconds % 60 === 0) return `${seconds / 60} phút`;
  if (seconds < 60) return `${seconds} giây`;
  return `${Math.floor(seconds / 60)} phút ${seconds % 60} giây`;
}

/** Lower-case, without Vietnamese diacritics: "Phường Đông Lương" -> "phuong dong luong". */
export function fold(text) {
  return String(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
