// Tạo cuộc thi mới: a contest created from the form is listed and chosen,
// its overview says the question bank must be imported first, and a small
// CSV bank imports into it. A taken id shows CONTEST_EXISTS's message next
// to the form. Runs last: it adds a contest to the list.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as H from './admin-helpers.mjs';

const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const NEW_ID = `thu-nghiem-${stamp}`;
const NEW_TITLE = `Cuộc thi tìm hiểu pháp luật năm 2023 (thử nghiệm ${stamp})`;

let browser;
let token;
before(async () => {
  browser = await H.launch();
  token = await H.organizerToken();
});
after(async () => { await browser?.close(); });

async function openCreateForm(page) {
  await page.getByRole('button', { name: 'Tạo cuộc thi mới' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tạo cuộc thi mới' }).waitFor();
  await H.waitIdle(page);
}

test('a contest created from the form is chosen, asks for its question bank, and takes a CSV bank', async () => {
  const { page, problems, context } = await H.openAdminPage(browser, { viewport: H.PHONE });
  await H.login(page);
  await openCreateForm(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'section-title', 'focus moves to the form heading');
  assert.equal(await page.getByLabel('Số câu mỗi lượt').inputValue(), '20');
  assert.equal(await page.getByLabel('Thời gian làm bài (giây)').inputValue(), '1800');
  assert.equal(await page.getByLabel('Số lượt thi tối đa mỗi tuần').inputValue(), '2');
  assert.equal(await page.getByLabel('Thời gian gia hạn khi nộp (giây)').inputValue(), '15');
  await page.getByText('= 30 phút').waitFor();
  await H.screenshot(page, 'admin-tao-cuoc-thi', { fullPage: true });
  await H.assertNoHorizontalScroll(page, 'create form 360px');
  await H.assertAccessible(page, 'create form');

  // Nothing filled in: every problem is listed, nothing is sent.
  await page.getByRole('button', { name: 'Tạo cuộc thi', exact: true }).click();
  const problemsBox = page.getByRole('alert').filter({ hasText: 'Chưa tạo được cuộc thi' });
  await problemsBox.waitFor();
  await problemsBox.getByText('Chưa nhập tên cuộc thi.').waitFor();
  await problemsBox.getByText('Đơn vị thứ 1: chưa có tên.').waitFor();

  // The id follows the title (without diacritics) until typed by hand.
  await page.getByLabel('Tên cuộc thi').fill('Tìm hiểu Luật Đất đai');
  assert.equal(await page.getByLabel('Mã cuộc thi').inputValue(), 'tim-hieu-luat-dat-dai');
  await page.getByLabel('Tên cuộc thi').fill(NEW_TITLE);
  await page.getByLabel('Mã cuộc thi').fill(NEW_ID);
  await page.getByLabel('Tên đơn vị').fill('Phòng Văn hóa – Thông tin');
  await page.getByLabel('Số người (tổng số cán bộ)').fill('25');
  await page.getByRole('button', { name: 'Thêm tuần thi' }).click();
  const second = page.getByRole('group', { name: /^Tuần 2/ });
  assert.equal(await second.getByLabel('Mã tuần thi').inputValue(), 'tuan-2');
  assert.equal(await page.evaluate(() => document.activeElement?.value), 'tuan-2', 'focus moves into the added round');
  await page.getByRole('button', { name: 'Tạo cuộc thi', exact: true }).click();

  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await H.waitIdle(page);
  await page.locator('.notice-success', { hasText: `Đã tạo cuộc thi «${NEW_TITLE}»` }).waitFor();
  assert.equal(await page.locator('#contest-select').inputValue(), NEW_ID, 'the new contest is chosen');
  const warning = page.locator('.notice-warning', { hasText: 'Ngân hàng câu hỏi còn trống' });
  await warning.waitFor();
  await warning.getByRole('link', { name: 'Nhập câu hỏi ở mục Ngân hàng câu hỏi' }).waitFor();
  await H.screenshot(page, 'admin-cuoc-thi-moi-tong-quan', { fullPage: true });
  await H.assertNoHorizontalScroll(page, 'new contest overview 360px');
  await H.assertAccessible(page, 'new contest overview');

  const list = (await H.apiCall('GET', '/api/admin/contests', { token })).data.contests;
  assert.ok(list.some((c) => c.id === NEW_ID && c.title === NEW_TITLE), 'listed by GET /api/admin/contests');
  const detail = (await H.apiCall('GET', `/api/admin/contests/${NEW_ID}`, { token })).data;
  assert.deepEqual(detail.questions, { total: 0, approved: 0, draft: 0 });
  assert.deepEqual(detail.contest.limits, { time_limit_seconds: 1800, grace_seconds: 15, questions_per_attempt: 20, max_attempts_per_round: 2 });
  assert.deepEqual(detail.contest.rounds.map((r) => [r.id, r.name]), [['tuan-1', 'Tuần 1'], ['tuan-2', 'Tuần 2']]);
  assert.match(detail.contest.rounds[0].opens_at, /T08:00:00\+07:00$/);
  assert.equal(detail.contest.rounds[1].opens_at, detail.contest.rounds[0].closes_at, 'the added round follows the first');
  assert.deepEqual(detail.contest.organizations.map((o) => [o.id, o.name, o.headcount]), [['phong-van-hoa-thong-tin', 'Phòng Văn hóa – Thông tin', 25]]);

  // Import a small bank for it, approved.
  const csv = path.join(H.ARTIFACTS, `cau-hoi-${NEW_ID}.csv`);
  writeFileSync(csv, [
    'Câu hỏi,A,B,C,D,E,F,Đáp án,Chủ đề,Nguồn',
    '"Luật Đất đai năm 2013 có hiệu lực từ ngày nào?",01/01/2014,01/07/2014,01/01/2015,01/07/2015,,,B,Luật Đất đai,Luật số 45/2013/QH13',
    '"Cơ quan nào thống nhất quản lý nhà nước về đất đai trong phạm vi cả nước?",Quốc hội,Chính phủ,Bộ Tài chính,Bộ Xây dựng,,,B,Luật Đất đai,',
    '"Đất đai thuộc sở hữu của ai?",Nhà nước,Toàn dân,Tập thể,Cá nhân,,,B,Luật Đất đai,Hiến pháp 2013',
  ].join('\r\n'));
  await warning.getByRole('link', { name: 'Nhập câu hỏi ở mục Ngân hàng câu hỏi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ngân hàng câu hỏi' }).waitFor();
  await H.waitIdle(page);
  assert.equal(await page.locator('#q-counts').getAttribute('data-total'), '0');
  await page.getByLabel('Trạng thái của câu được nhập').selectOption('approved');
  await page.getByLabel('Chọn tệp').setInputFiles(csv);
  await page.getByRole('table', { name: 'Xem trước 3 dòng hợp lệ' }).waitFor();
  await page.getByRole('button', { name: 'Nhập 3 dòng' }).click();
  await page.locator('.notice-success', { hasText: 'Đã nhập 3 câu hỏi vào ngân hàng.' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#q-counts')?.dataset.total === '3');
  assert.match(await page.locator('#q-counts').textContent(), /Ngân hàng có 3 câu: 3 đã duyệt, 0 bản nháp/);
  const counted = (await H.apiCall('GET', `/api/admin/contests/${NEW_ID}`, { token })).data.questions;
  assert.deepEqual(counted, { total: 3, approved: 3, draft: 0 });

  // The overview now counts them, and still says one attempt needs 20.
  await H.goSection(page, 'Tổng quan');
  await page.getByText('Ngân hàng câu hỏi: 3 câu (3 đã duyệt, 0 bản nháp).', { exact: false }).waitFor();
  await page.locator('.notice-warning', { hasText: 'mới có 3 câu đã duyệt, chưa đủ 20 câu cho một lượt thi' }).waitFor();
  H.assertNoProblems(problems, 'create contest');
  await context.close();
});

test('a taken contest id shows the CONTEST_EXISTS message at the id field, and nothing is created', async () => {
  const before = (await H.apiCall('GET', '/api/admin/contests', { token })).data.contests;
  const { page, problems, context } = await H.openAdminPage(browser);
  await H.login(page);
  await openCreateForm(page);
  await page.getByLabel('Tên cuộc thi').fill('Một cuộc thi trùng mã');
  await page.getByLabel('Mã cuộc thi').fill(H.MAIN_CONTEST);
  await page.getByLabel('Tên đơn vị').fill('Phòng Nội vụ');
  await page.getByLabel('Số người (tổng số cán bộ)').fill('10');
  await page.getByRole('button', { name: 'Tạo cuộc thi', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Đã có cuộc thi với mã này' });
  await alert.waitFor();
  assert.match(await alert.textContent(), new RegExp(`«${H.MAIN_CONTEST}»\\. Hãy chọn mã khác\\.`));
  const idField = page.getByLabel('Mã cuộc thi');
  assert.equal(await idField.getAttribute('aria-invalid'), 'true');
  const fieldError = page.locator('.field', { has: idField }).locator('.field-error');
  assert.equal(await fieldError.textContent(), await alert.textContent(), 'the message also stands under the id field');
  assert.ok((await idField.getAttribute('aria-describedby')).split(' ').includes(await fieldError.getAttribute('id')), 'and is read with it');
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'id', 'focus goes back to the id');
  await page.getByRole('heading', { level: 1, name: 'Tạo cuộc thi mới' }).waitFor();
  await H.screenshot(page, 'admin-tao-cuoc-thi-trung-ma');
  // Typing another id clears the message.
  await idField.fill(`${NEW_ID}-khac`);
  assert.equal(await fieldError.isHidden(), true);
  assert.equal(await idField.getAttribute('aria-invalid'), null);
  await idField.fill(H.MAIN_CONTEST);
  await H.assertAccessible(page, 'duplicate id');
  const after = (await H.apiCall('GET', '/api/admin/contests', { token })).data.contests;
  assert.equal(after.length, before.length, 'nothing was created');
  const original = (await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}`, { token })).data.contest;
  assert.notEqual(original.title, 'Một cuộc thi trùng mã');

  // «Hủy» goes back to the contest that was chosen.
  await page.getByRole('button', { name: 'Hủy', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  assert.equal(await page.locator('#contest-select').inputValue(), H.MAIN_CONTEST);
  H.assertNoProblems(problems, 'duplicate id');
  await context.close();
});
