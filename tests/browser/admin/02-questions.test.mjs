// The question bank: an XLSX with bad rows shows exactly those rows and
// cannot be imported; a clean XLSX imports and the counts rise; a draft
// can be approved from the list.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as H from './admin-helpers.mjs';

const HEADER = ['Câu hỏi', 'A', 'B', 'C', 'D', 'E', 'Đáp án', 'Chủ đề', 'Nguồn'];
const stamp = `${Date.now().toString(36)}-${process.pid}`;

let browser;
let token;
before(async () => {
  browser = await H.launch();
  token = await H.organizerToken();
});
after(async () => { await browser?.close(); });

async function bankCounts() {
  const { data } = await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}/questions`, { token });
  const approved = data.questions.filter((q) => q.status === 'approved').length;
  return { total: data.questions.length, approved, draft: data.questions.length - approved, questions: data.questions };
}

function writeFixture(name, rows) {
  const file = path.join(H.ARTIFACTS, name);
  writeFileSync(file, H.makeXlsx(rows));
  return file;
}

test('a workbook with bad rows: the preview lists each bad row, «Nhập» stays disabled, nothing is written', async () => {
  const before = await bankCounts();
  const file = writeFixture('cau-hoi-co-loi.xlsx', [
    HEADER,
    [`Câu hỏi hợp lệ ${stamp}: cải cách hành chính gồm mấy nội dung?`, '4', '5', '6', '7', '', 'C', 'CCHC', 'NQ 76'],
    [`Câu thiếu đáp án ${stamp}?`, 'Một', 'Hai', 'Ba', 'Bốn', '', '', 'CCHC', ''],
    [`Câu có đáp án ngoài phương án ${stamp}?`, 'Một', 'Hai', 'Ba', 'Bốn', '', 'F', 'CCHC', ''],
    [`Câu hỏi hợp lệ ${stamp}: cải cách hành chính gồm mấy nội dung?`, 'a', 'b', 'c', 'd', '', 'A', '', ''],
  ]);
  const { page, problems, context } = await H.openAdminPage(browser);
  await H.login(page, 'cau-hoi');
  await page.getByLabel('Chọn tệp').setInputFiles(file);
  const errors = page.getByRole('table', { name: 'Các dòng lỗi' });
  await errors.waitFor();
  const rows = await errors.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  assert.deepEqual(rows.map((r) => r[0]), ['3', '4', '5'], `row numbers of the errors: ${JSON.stringify(rows)}`);
  assert.match(rows[1][1], /F/);
  assert.match(rows[2][1], /trùng/);
  await page.locator('.notice-error', { hasText: 'có 3 dòng lỗi' }).waitFor();
  assert.equal(await page.locator('#q-import-commit').isDisabled(), true, '«Nhập» must stay disabled');
  await H.screenshot(page, 'admin-import-loi', { fullPage: false });
  const after = await bankCounts();
  assert.equal(after.total, before.total, 'a preview writes nothing');
  H.assertNoProblems(problems, 'bad import');
  await context.close();
});

test('a clean workbook imports as drafts, the counts rise, and a draft can be approved', async () => {
  const before = await bankCounts();
  const texts = [1, 2, 3].map((n) => `Câu hỏi nhập thử số ${n} (${stamp}): Chương trình tổng thể CCHC giai đoạn nào?`);
  const file = writeFixture('cau-hoi-hop-le.xlsx', [
    HEADER,
    [texts[0], '2011–2020', '2021–2030', '2016–2020', '2030–2040', '', 'B', 'Chương trình tổng thể', 'NQ 76/NQ-CP'],
    [texts[1], 'Một', 'Hai', 'Ba', 'Bốn', 'Năm', 'E', 'Thử nghiệm', ''],
    [texts[2], 'Đúng', 'Sai', '', '', '', 'A', '', 'Kế hoạch 2022'],
  ]);
  const { page, problems, context } = await H.openAdminPage(browser, { viewport: H.PHONE });
  await H.login(page, 'cau-hoi');
  const counts = page.locator('#q-counts');
  assert.equal(await counts.getAttribute('data-total'), String(before.total));

  await page.getByLabel('Trạng thái của câu được nhập').selectOption('draft');
  await page.getByLabel('Chọn tệp').setInputFiles(file);
  const preview = page.getByRole('table', { name: 'Xem trước 3 dòng hợp lệ' });
  await preview.waitFor();
  assert.equal(await preview.locator('tbody tr').count(), 3);
  assert.equal(await page.getByRole('table', { name: 'Các dòng lỗi' }).count(), 0);
  const commit = page.getByRole('button', { name: 'Nhập 3 dòng' });
  assert.equal(await commit.isEnabled(), true);
  await H.assertNoHorizontalScroll(page, 'import preview 360px');
  await commit.click();
  await page.locator('.notice-success', { hasText: 'Đã nhập 3 câu hỏi vào ngân hàng.' }).waitFor();
  await page.waitForFunction((n) => document.querySelector('#q-counts')?.dataset.total === String(n), before.total + 3);

  const after = await bankCounts();
  assert.equal(after.total, before.total + 3);
  assert.equal(after.draft, before.draft + 3);
  const imported = after.questions.find((q) => q.text === texts[1]);
  assert.deepEqual(imported.options, ['Một', 'Hai', 'Ba', 'Bốn', 'Năm']);
  assert.equal(imported.answer_index, 4);
  assert.equal(imported.status, 'draft');

  // Approve it from the list.
  await page.getByLabel('Tìm kiếm').fill(stamp);
  await page.getByText('Đang hiện 3 / 3 câu phù hợp.').waitFor();
  const card = page.locator(`#cau-${imported.id}`);
  await card.waitFor();
  await card.getByRole('button', { name: 'Duyệt' }).click();
  await card.getByText('Đã duyệt', { exact: true }).waitFor();
  const approved = (await bankCounts()).questions.find((q) => q.id === imported.id);
  assert.equal(approved.status, 'approved');

  // Edit its topic.
  await card.getByRole('button', { name: 'Sửa' }).click();
  await card.getByLabel('Chủ đề').fill('Chủ đề đã sửa');
  await card.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await card.getByText('Chủ đề đã sửa').waitFor();
  const edited = (await bankCounts()).questions.find((q) => q.id === imported.id);
  assert.equal(edited.topic, 'Chủ đề đã sửa');
  assert.equal(edited.answer_index, 4, 'the answer is unchanged');
  H.assertNoProblems(problems, 'good import');
  await context.close();
});

test('a file the server cannot read gets its message, not a preview', async () => {
  const file = path.join(H.ARTIFACTS, 'khong-phai-excel.xlsx');
  writeFileSync(file, 'đây không phải tệp Excel');
  const { page, context } = await H.openAdminPage(browser);
  await H.login(page, 'cau-hoi');
  await page.getByLabel('Chọn tệp').setInputFiles(file);
  await page.getByRole('alert').filter({ hasText: 'Không đọc được tệp Excel' }).waitFor();
  assert.equal(await page.locator('#q-import-commit').isDisabled(), true);
  await context.close();
});
