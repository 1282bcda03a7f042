// Writes the small contest the winners test uses: 3 questions, one prize of
// each level, "Tuần 1" open from yesterday to tomorrow (the test moves its
// closing time to a few seconds ahead once the attempts are in) and
// "Tuần 2" later.
// Usage: node make-winners-contest.mjs OUTPUT.json

import { writeFileSync } from 'node:fs';

const out = process.argv[2];
if (!out) {
  console.error('usage: node make-winners-contest.mjs OUTPUT.json');
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
  id: 'giai-thuong',
  title: 'Kiểm thử công bố danh sách đạt giải',
  description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
  rules: '1. Số câu: 3 câu mỗi lượt.\n2. Giải thưởng: Một giải Nhất, một giải Nhì, một giải Ba mỗi tuần.',
  time_limit_seconds: 300,
  grace_seconds: 5,
  questions_per_attempt: 3,
  max_attempts_per_round: 2,
  // Its attempts are over in seconds: no review of fast results here.
  min_seconds_per_question: 0,
  rounds: [
    { id: 'tuan-1', name: 'Tuần 1', opens_at: vietnam(now - day), closes_at: vietnam(now + day) },
    { id: 'tuan-2', name: 'Tuần 2', opens_at: vietnam(now + 2 * day), closes_at: vietnam(now + 9 * day) },
  ],
  organizations: [
    { id: 'phuong-dong-luong', name: 'Phường Đông Lương', group: 'Phường, xã', headcount: 40 },
    { id: 'phong-tu-phap', name: 'Phòng Tư pháp', group: 'Cơ quan chuyên môn', headcount: 12 },
  ],
  prizes: { first: 1, second: 1, third: 1 },
  one_prize_per_person: true,
  tie_breaks: ['score', 'duration', 'submitted_at'],
  questions: [
    { id: 'g1', text: 'Một tuần có mấy ngày?', options: ['5 ngày', '6 ngày', '7 ngày', '8 ngày'], answer: 'C' },
    { id: 'g2', text: 'Thủ đô của Việt Nam là thành phố nào?', options: ['Huế', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ'], answer: 'B' },
    { id: 'g3', text: 'Một giờ có bao nhiêu phút?', options: ['30 phút', '60 phút', '90 phút', '100 phút'], answer: 'B' },
  ],
};
writeFileSync(out, `${JSON.stringify(contest, null, 2)}\n`);
