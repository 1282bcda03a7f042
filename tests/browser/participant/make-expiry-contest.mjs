// Writes the small contest the expiry test uses: 8-second attempts, 1 s of
// grace, 3 questions, one round open from yesterday to tomorrow.
// Usage: node make-expiry-contest.mjs OUTPUT.json

import { writeFileSync } from 'node:fs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node make-expiry-contest.mjs OUTPUT.json');
  process.exit(2);
}

/** RFC 3339 in Vietnam time, whole seconds. */
function vietnam(ms) {
  const d = new Date(Math.floor(ms / 1000) * 1000 + 7 * 3600 * 1000);
  return `${d.toISOString().slice(0, 19)}+07:00`;
}

const now = Date.now();
const day = 24 * 3600 * 1000;
const contest = {
  id: 'het-gio',
  title: 'Kiểm thử tự động nộp bài khi hết giờ',
  description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
  rules: '1. Thời gian: Mỗi lượt thi 8 giây.\n2. Số câu: 3 câu mỗi lượt.',
  time_limit_seconds: 8,
  grace_seconds: 1,
  questions_per_attempt: 3,
  max_attempts_per_round: 3,
  // Its attempts are over in seconds: no review of fast results here.
  min_seconds_per_question: 0,
  rounds: [{ id: 'vong-1', name: 'Vòng thử', opens_at: vietnam(now - day), closes_at: vietnam(now + day) }],
  organizations: [{ id: 'don-vi-thu', name: 'Đơn vị thử nghiệm', group: 'Kiểm thử', headcount: 10 }],
  questions: [
    { id: 'h1', text: 'Một tuần có mấy ngày?', options: ['5 ngày', '6 ngày', '7 ngày', '8 ngày'], answer: 'C' },
    { id: 'h2', text: 'Thủ đô của Việt Nam là thành phố nào?', options: ['Huế', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ'], answer: 'B' },
    { id: 'h3', text: 'Một giờ có bao nhiêu phút?', options: ['30 phút', '60 phút', '90 phút', '100 phút'], answer: 'B' },
    { id: 'h4', text: 'Tỉnh Quảng Trị thuộc vùng nào?', options: ['Bắc Trung Bộ', 'Tây Nguyên', 'Nam Bộ', 'Tây Bắc'], answer: 'A' },
  ],
};
writeFileSync(out, `${JSON.stringify(contest, null, 2)}\n`);
