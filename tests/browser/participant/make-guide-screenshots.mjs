// The participant guide's screenshots (docs/huong-dan-thi-sinh.md), taken
// at 360 × 740 px from a running local stack: the demo contest's settings
// and questions with a practice round, the committee's contact and two
// announcements added, made through the organizers' API as a new contest.
// Not a test: run it by hand when the pages change, e.g. against `make dev`:
//   cd tests/browser && BASE_URL=http://127.0.0.1:8080 ORGANIZER_USERNAME=btc \
//     ORGANIZER_PASSWORD=… node participant/make-guide-screenshots.mjs [OUT_DIR]
// (OUT_DIR defaults to docs/screenshots; the organizer account needs the
// admin role.)

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PHONE, apiCall, launch, openPage, organizerToken, registerViaApi, url, useSession, vietnamTime,
} from '../helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(process.argv[2] || path.join(here, '../../../docs/screenshots'));
const demo = JSON.parse(readFileSync(path.join(here, '../../../contests/cchc-2022.json'), 'utf8'));
const week = 7 * 24 * 3600 * 1000;

// The demo's rounds moved by whole weeks so that «Tuần 1» is open now, as `make dev` does.
const firstOpen = Date.parse(demo.rounds[0].opens_at);
const shift = Math.ceil((Date.now() - firstOpen - week + 3600 * 1000) / week) * week;
const moved = (iso) => vietnamTime(Date.parse(iso) + shift);
// A readable id: it names the file «Tải dữ liệu của tôi» saves. Taken already (a second run), a suffix.
let cid = 'cchc-2022-huong-dan';
const settings = { ...demo };
delete settings.questions;
delete settings.excluded_phones; // managed apart, not through the settings
// The demo may carry its own practice round now: added only when it has none.
const demoRounds = demo.rounds.map((r) => ({ ...r, opens_at: moved(r.opens_at), closes_at: moved(r.closes_at) }));
settings.rounds = demoRounds.some((r) => r.id === 'thi-thu') ? demoRounds : [
  { id: 'thi-thu', name: 'Thi thử', opens_at: moved(demo.rounds[0].opens_at), closes_at: moved(demo.rounds[demo.rounds.length - 1].closes_at), practice: true },
  ...demoRounds,
];
settings.contact = { hotline: '0233 3 123 456', email: 'cuocthi@example.gov.vn' };
settings.data_controller = 'Ủy ban nhân dân thị xã Quảng Trị';
settings.min_seconds_per_question = 0;

// A practice round draws only from questions written for it (its review
// shows their keys): a whole attempt's worth of the demo's go to it.
const perAttempt = demo.questions_per_attempt;
const questions = demo.questions.map(({ id, ...q }, index) => (index < perAttempt ? { ...q, rounds: ['thi-thu'] } : q));

const token = await organizerToken();
let created = await apiCall('POST', '/api/admin/contests', { token, body: { ...settings, id: cid } });
if (created.status === 409) {
  cid = `${cid}-${Date.now().toString(36)}`;
  created = await apiCall('POST', '/api/admin/contests', { token, body: { ...settings, id: cid } });
}
if (created.status !== 201) throw new Error(`creating the contest failed: ${JSON.stringify(created.data)}`);
const imported = await apiCall('POST', `/api/admin/contests/${cid}/questions/import?dry_run=false&status=approved`, {
  token, raw: JSON.stringify({ questions }), contentType: 'application/json',
});
if (imported.status !== 200 && imported.status !== 201) throw new Error(`importing failed: ${JSON.stringify(imported.data)}`);
for (const body of [
  { title: 'Phát động Cuộc thi', body: 'Ban Tổ chức trân trọng mời cán bộ, công chức, viên chức, người lao động và Nhân dân trên địa bàn thị xã tham gia Cuộc thi.\nMỗi tuần thi, mỗi người được thi tối đa 2 lượt.' },
  { title: 'Mở vòng thi thử', body: 'Từ hôm nay, người dự thi có thể làm thử không giới hạn số lượt để làm quen với cách làm bài. Kết quả thi thử không tính vào xếp hạng và giải thưởng.' },
]) {
  const made = await apiCall('POST', `/api/admin/contests/${cid}/announcements`, { token, body });
  if (made.status !== 201) throw new Error(`announcement failed: ${JSON.stringify(made.data)}`);
  await new Promise((resolve) => setTimeout(resolve, 50));
}

const browser = await launch();
const { page, context } = await openPage(browser, { viewport: PHONE, acceptDownloads: true });
const idle = () => page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
async function shot(name, target, block = 'start') {
  await idle();
  await page.waitForLoadState('networkidle');
  if (target) await target.evaluate((el, where) => el.scrollIntoView({ block: where }), block);
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  console.log(`${name}.png`);
}

// Announcements on the landing page.
await page.goto(url('/', cid));
await page.getByRole('heading', { name: 'Thông báo của Ban Tổ chức' }).waitFor();
await shot('thong-bao', page.getByRole('heading', { name: 'Thông báo của Ban Tổ chức' }));

// Registration: the notice one tap away, the consent box, «Đăng ký» waiting for it.
await page.goto(url('/dang-ky', cid));
await page.getByLabel('Họ và tên').fill('Nguyễn Thị Lan');
await shot('dang-ky-dong-y', page.locator('.consent'), 'center');

// The full notice.
await page.goto(url('/du-lieu-ca-nhan', cid));
await page.getByRole('heading', { level: 1 }).waitFor();
await shot('du-lieu-ca-nhan');

// Forgot password.
await page.goto(url('/quen-mat-khau', cid));
await page.getByRole('heading', { level: 1, name: 'Quên mật khẩu' }).waitFor();
await shot('quen-mat-khau');

// The help page: figures from the contest's settings, the committee's contact.
await page.goto(url('/huong-dan', cid));
await page.getByRole('heading', { level: 1, name: 'Hướng dẫn dự thi' }).waitFor();
await shot('huong-dan');

// Practice, and its review.
const user = await registerViaApi(cid, { fullName: 'Nguyễn Thị Lan', organizationId: demo.organizations[0].id });
await useSession(page, user, { contest: cid });
await page.goto(url('/thi-thu', cid));
await page.getByRole('button', { name: 'Bắt đầu làm thử' }).waitFor();
await shot('thi-thu');
await page.getByRole('button', { name: 'Bắt đầu làm thử' }).click();
await page.getByRole('dialog').getByRole('button', { name: 'Bắt đầu' }).click();
await page.locator('legend', { hasText: /^Câu 1\// }).waitFor();
const total = Number((await page.locator('legend').textContent()).match(/Câu 1\/(\d+)/)[1]);
for (let n = 1; n <= total; n += 1) {
  await page.locator('.options .option label').nth(n % 2).click();
  if (n < total) await page.getByRole('button', { name: 'Câu tiếp' }).click();
}
await page.getByRole('button', { name: 'Nộp bài' }).click();
await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi thử' }).waitFor();
await shot('ket-qua-thi-thu');
await page.getByRole('link', { name: 'Xem lại bài: đáp án và nguồn' }).click();
await page.getByRole('heading', { level: 1, name: 'Xem lại bài thi' }).waitFor();
await shot('xem-lai-bai', page.locator('.review-summary'));

// My data, and withdrawing.
await page.goto(url('/cua-toi', cid));
await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải dữ liệu của tôi' }).click()]);
await page.locator('.my-data .notice-success').waitFor();
await shot('du-lieu-cua-toi', page.getByRole('heading', { name: 'Dữ liệu cá nhân của bạn' }));
await page.goto(url('/rut-khoi-cuoc-thi', cid));
await page.getByRole('heading', { level: 1, name: 'Rút khỏi cuộc thi và xóa dữ liệu' }).waitFor();
await shot('rut-khoi-cuoc-thi');

await context.close();
await browser.close();
