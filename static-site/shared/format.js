// Numbers, durations, days and labels the Vietnamese way, for both pages.
// (Moments in Vietnam time are in vietnam-time.js.)

export const pad = (n, width = 2) => String(n).padStart(width, '0');

const numberFormat = new Intl.NumberFormat('vi-VN');

/** "1.234"; '—' for what is not a number. */
export const formatNumber = (value) => (Number.isFinite(Number(value)) ? numberFormat.format(Number(value)) : '—');

/** "12,5%" (one decimal at most, computed by hand: no ICU data needed); '—' for what is not a number. */
export function formatPercent(rate) {
  const n = Number(rate);
  if (!Number.isFinite(n)) return '—';
  const value = Math.round(n * 1000) / 10;
  return `${String(value).replace('.', ',')}%`;
}

export function formatBytes(size) {
  const n = Number(size);
  if (!Number.isFinite(n)) return '—';
  if (n < 1024) return `${formatNumber(n)} byte`;
  if (n < 1024 * 1024) return `${formatNumber(Math.round(n / 102.4) / 10)} KB`;
  return `${formatNumber(Math.round(n / (1024 * 102.4)) / 10)} MB`;
}

// ---- durations ----

/** "30 phút" / "1 giờ 5 phút" / "45 giây" from whole seconds (a time limit): the non-zero parts ('' if not a number). */
export function describeSeconds(seconds) {
  const n = Number(seconds);
  if (!Number.isFinite(n) || n < 0) return '';
  const hours = Math.floor(n / 3600);
  const minutes = Math.floor((n % 3600) / 60);
  const rest = n % 60;
  const parts = [];
  if (hours) parts.push(`${hours} giờ`);
  if (minutes) parts.push(`${minutes} phút`);
  if (rest || parts.length === 0) parts.push(`${rest} giây`);
  return parts.join(' ');
}

/**
 * A time taken, to the tenth of a second as results are ranked: "45,2 giây",
 * "12 phút 34,5 giây", "1 giờ 0 phút 3,0 giây". Truncated, never rounded, so
 * two results shown alike are ranked alike. '—' for none.
 */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || ms === '' || !Number.isFinite(Number(ms))) return '—';
  const tenths = Math.floor(Math.max(0, Number(ms)) / 100);
  const hours = Math.floor(tenths / 36000);
  const minutes = Math.floor((tenths % 36000) / 600);
  const seconds = `${Math.floor((tenths % 600) / 10)},${tenths % 10} giây`;
  if (hours) return `${hours} giờ ${minutes} phút ${seconds}`;
  return minutes ? `${minutes} phút ${seconds}` : seconds;
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

// ---- days (calendar dates without a time) ----

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "17/10/2022" from "2022-10-17". */
export function formatDay(isoDate) {
  const m = ISO_DAY.exec(String(isoDate || ''));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(isoDate || '—');
}

/** "17/10" from "2022-10-17", for chart axes. */
export function formatShortDay(isoDate) {
  const m = ISO_DAY.exec(String(isoDate || ''));
  return m ? `${m[3]}/${m[2]}` : String(isoDate || '');
}

// ---- text ----

/** Without Vietnamese diacritics: "Phường Đông Lương" → "Phuong Dong Luong". */
export function stripDiacritics(text) {
  return String(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Lower-case, without diacritics, single spaces: "Phường Đông Lương" → "phuong dong luong" (for searching). */
export function fold(text) {
  return stripDiacritics(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

// ---- labels ----

export const ROUND_STATUS = {
  upcoming: 'Sắp diễn ra',
  open: 'Đang diễn ra',
  closed: 'Đã kết thúc',
};

export const PRIZE_LABEL = { first: 'Giải Nhất', second: 'Giải Nhì', third: 'Giải Ba' };

// ---- the tie-break order, in words ----

const TIE_BREAK_PEOPLE = {
  prediction_distance: 'người có dự đoán gần đúng nhất',
  duration: 'người làm bài nhanh hơn',
  submitted_at: 'người nộp bài sớm hơn',
};

/**
 * The contest's tie-break order (contest info `tie_breaks`, score first) as
 * a sentence: "Khi bằng điểm, người có dự đoán gần đúng nhất xếp trên; nếu
 * vẫn bằng, người làm bài nhanh hơn, rồi người nộp bài sớm hơn." '' when
 * nothing follows the score.
 */
export function tieBreakSentence(tieBreaks) {
  const people = (tieBreaks || []).filter((key) => key !== 'score').map((key) => TIE_BREAK_PEOPLE[key]).filter(Boolean);
  if (!people.length) return '';
  let sentence = `Khi bằng điểm, ${people[0]} xếp trên`;
  if (people.length > 1) sentence += `; nếu vẫn bằng, ${people.slice(1).join(', rồi ')}`;
  return `${sentence}.`;
}
