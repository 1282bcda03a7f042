// Ngân hàng câu hỏi on a contest of its own (8 questions, 3 per attempt,
// one finished attempt answered all right): the shuffle checkbox, deleting
// a never-drawn question (drawn ones offer no «Xóa»), archiving two at once
// and a bulk change refused because it would starve the open round, a new
// key for a drawn question (REGRADE_REQUIRED → «Chấm lại 1 bài thi» →
// the report; cancelled once), voiding, and a Word import: the sample's
// preview, and a document whose errors are numbered by question.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as H from './admin-helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const CID = `ngan-hang-${stamp}`;
const TITLE = `Kiểm thử ngân hàng ${stamp}`;

let browser;
let token;
let drawn;
let undrawn;

before(async () => {
  browser = await H.launch();
  ({ token } = await H.makeContest(CID, TITLE));
  await H.takeAttempt({ contest: CID, fullName: 'Nguyễn Thị Đúng Hết', organizationId: 'phuong-a', correct: 'all', bank: H.BANK8 });
  const list = await bank();
  drawn = list.filter((q) => q.drawn).map((q) => q.id);
  undrawn = list.filter((q) => !q.drawn).map((q) => q.id);
  assert.equal(drawn.length, 3);
  assert.equal(undrawn.length, 5);
});
after(async () => { await browser?.close(); });

async function bank() {
  return (await H.apiCall('GET', `/api/admin/contests/${CID}/questions`, { token })).data.questions;
}
const question = async (id) => (await bank()).find((q) => q.id === id);
const card = (page, id) => page.locator(`#cau-${id}`);

test('the shuffle checkbox is saved; only never-drawn questions can be deleted, after a confirmation', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Ngân hàng câu hỏi' });
  const first = card(page, undrawn[0]);
  await first.getByRole('button', { name: 'Sửa' }).click();
  const shuffle = first.getByLabel('Xáo trộn thứ tự phương án');
  assert.equal(await shuffle.isChecked(), true, 'shuffled by default');
  await shuffle.uncheck();
  await first.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await first.getByText('Giữ nguyên thứ tự phương án (không xáo trộn).').waitFor();
  assert.equal((await question(undrawn[0])).shuffle_options, false);

  // Drawn questions say so and have no «Xóa».
  for (const id of drawn) {
    await card(page, id).getByText('Đã ra đề', { exact: true }).waitFor();
    assert.equal(await card(page, id).getByRole('button', { name: 'Xóa', exact: true }).count(), 0);
  }
  const doomed = card(page, undrawn[1]);
  await doomed.getByRole('button', { name: 'Xóa', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Xóa câu ${undrawn[1]}?` });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Hủy' }).click();
  assert.ok(await question(undrawn[1]), 'cancelled: still there');
  await doomed.getByRole('button', { name: 'Xóa', exact: true }).click();
  await dialog.getByRole('button', { name: 'Xóa câu hỏi' }).click();
  await page.locator(`#cau-${undrawn[1]}`).waitFor({ state: 'detached' });
  assert.equal(await question(undrawn[1]), undefined);
  await page.getByText(`Ngân hàng có 7 câu`).waitFor();
  H.assertNoProblems(problems, 'shuffle and delete');
  await context.close();
});

test('bulk: two questions archived with each outcome listed; a change that would starve the open round is refused whole', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Ngân hàng câu hỏi' });
  const bar = page.getByRole('group', { name: 'Thao tác với các câu đã chọn' });
  assert.equal(await bar.getByRole('button', { name: 'Lưu trữ', exact: true }).isDisabled(), true, 'nothing chosen yet');
  for (const id of [undrawn[2], undrawn[3]]) await page.getByLabel(`Chọn câu ${id}`).check();
  await bar.getByText('Đã chọn 2 câu.').waitFor();
  await bar.getByRole('button', { name: 'Lưu trữ', exact: true }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu trữ 2 câu.' }).waitFor();
  const outcomes = page.getByRole('table', { name: 'Kết quả từng câu' });
  assert.deepEqual(await outcomes.locator('tbody th').allTextContents(), [undrawn[2], undrawn[3]]);
  assert.deepEqual(await outcomes.locator('tbody td:nth-child(2)').allTextContents(), ['Đã thực hiện', 'Đã thực hiện']);
  for (const id of [undrawn[2], undrawn[3]]) {
    assert.equal((await question(id)).status, 'archived');
    await card(page, id).getByText('Lưu trữ', { exact: true }).first().waitFor();
  }
  await bar.getByText('Chưa chọn câu nào').waitFor();
  await page.getByLabel('Trạng thái', { exact: true }).selectOption('archived');
  await page.getByText('Đang hiện 2 / 2 câu phù hợp.').waitFor();
  await H.checkPage(page, 'admin-cau-hoi-hang-loat', { fullPage: true });

  // Every approved question at once: «Tuần 1» (open) would have none left.
  await page.getByLabel('Trạng thái', { exact: true }).selectOption('approved');
  await bar.getByRole('button', { name: 'Chọn tất cả câu đang hiện' }).click();
  await bar.getByText('Đã chọn 5 câu.').waitFor();
  await bar.getByRole('button', { name: 'Lưu trữ', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'Không thực hiện: sau thao tác này, một tuần thi chưa kết thúc sẽ không còn đủ câu hỏi đã duyệt' }).waitFor();
  assert.equal((await bank()).filter((q) => q.status === 'approved').length, 5, 'nothing changed');
  await bar.getByRole('button', { name: 'Bỏ chọn' }).click();
  await bar.getByText('Chưa chọn câu nào').waitFor();
  await H.assertAccessible(page, 'bulk');
  H.assertNoProblems(problems, 'bulk');
  await context.close();
});

test('a new key for a drawn question: REGRADE_REQUIRED asks «Chấm lại 1 bài thi» (cancelled once), then the report', async () => {
  const id = drawn[0];
  const before = await question(id);
  const newAnswer = before.answer_index === 0 ? 'B' : 'A';
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Ngân hàng câu hỏi' });
  const box = card(page, id);
  await box.getByRole('button', { name: 'Sửa' }).click();
  await box.getByText('Câu hỏi đã được ra đề: đổi đáp án đúng sẽ chấm lại').waitFor();
  await box.getByLabel('Đáp án đúng').selectOption(newAnswer);
  await box.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chấm lại 1 bài thi?' });
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /Đã có 1 bài thi dùng câu hỏi này/);
  await H.screenshot(page, 'admin-cau-hoi-cham-lai-xac-nhan');
  await dialog.getByRole('button', { name: 'Hủy' }).click();
  await box.locator('.notice-info', { hasText: 'Chưa lưu: bạn đã hủy việc chấm lại.' }).waitFor();
  assert.equal((await question(id)).answer_index, before.answer_index, 'cancelled: the key is unchanged');

  await box.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await dialog.getByRole('button', { name: 'Chấm lại 1 bài thi' }).click();
  const report = card(page, id).locator('.notice-success');
  await report.waitFor();
  assert.match(await report.textContent(), /Đã lưu câu .* và chấm lại các bài thi đã làm câu này\./);
  assert.match(await report.textContent(), /Đã kiểm tra 1 bài thi, chấm lại 1 bài có điểm thay đổi\./);
  await card(page, id).getByText(/^Đã đổi đáp án và chấm lại lúc \d\d\/\d\d\/\d{4} \d\d:\d\d \(đáp án đúng: «.+»\)\.$/).waitFor();
  const after = await question(id);
  assert.equal(after.answer_index, newAnswer === 'A' ? 0 : 1);
  assert.equal(after.correction.answer, after.options[after.answer_index]);
  const log = (await H.apiCall('GET', `/api/admin/contests/${CID}/audit`, { token })).data.entries;
  assert.ok(log.some((e) => e.action === 'question.regrade'));
  await H.checkPage(page, 'admin-cau-hoi-cham-lai', { fullPage: false });
  H.assertNoProblems(problems, 'regrade');
  await context.close();
});

test('voiding a drawn question counts it right for everyone, archives it and reports the rescoring', async () => {
  const id = drawn[1];
  const { page, problems, context } = await H.openContest(browser, CID, { viewport: H.PHONE, section: 'Ngân hàng câu hỏi' });
  await card(page, id).getByRole('button', { name: 'Hủy câu hỏi' }).click();
  const dialog = page.getByRole('dialog', { name: `Hủy câu ${id}?` });
  await dialog.getByText('Câu hỏi được tính đúng cho mọi người đã làm và được lưu trữ').waitFor();
  await dialog.getByRole('button', { name: 'Hủy câu hỏi' }).click();
  const report = card(page, id).locator('.notice-success');
  await report.waitFor();
  assert.match(await report.textContent(), /Đã hủy câu .*: tính đúng cho mọi người đã làm; câu hỏi được lưu trữ\./);
  assert.match(await report.textContent(), /Đã kiểm tra 1 bài thi/);
  await card(page, id).getByText(/^Đã hủy câu hỏi lúc .*: tính đúng cho mọi người đã làm\.$/).waitFor();
  assert.equal(await card(page, id).getByRole('button', { name: 'Hủy câu hỏi' }).count(), 0, 'voided once');
  const after = await question(id);
  assert.equal(after.status, 'archived');
  assert.equal(after.correction.voided, true);
  await H.checkPage(page, 'admin-cau-hoi-huy-cau-360', { fullPage: false });
  H.assertNoProblems(problems, 'void');
  await context.close();
});

test('Word import: the sample previews with its questions; a document with errors lists them by question number', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Ngân hàng câu hỏi' });
  const sample = page.getByRole('link', { name: 'Tải tệp mẫu (Word)' });
  assert.equal(await sample.getAttribute('href'), 'mau-cau-hoi.docx');
  const served = await fetch(`${H.BASE_URL}/admin/mau-cau-hoi.docx`);
  assert.equal(served.status, 200);
  const bytes = Buffer.from(await served.arrayBuffer());
  assert.deepEqual(bytes, readFileSync(path.resolve(here, '../../../contests/mau-cau-hoi.docx')), 'the page offers the repository sample');

  await page.getByLabel('Trạng thái của câu được nhập').selectOption('draft');
  await page.getByLabel('Chọn tệp').setInputFiles(path.resolve(here, '../../../contests/mau-cau-hoi.docx'));
  const preview = page.getByRole('table', { name: /^Xem trước \d+ câu hợp lệ$/ });
  await preview.waitFor();
  const headers = await preview.locator('thead th').allTextContents();
  assert.deepEqual(headers, ['Câu hỏi', 'Các phương án', 'Đáp án', 'Chủ đề', 'Nguồn', 'Tuần thi', 'Xáo trộn']);
  const rows = await preview.locator('tbody tr').count();
  assert.ok(rows >= 3, `the sample's questions are previewed (${rows})`);
  assert.ok((await preview.locator('tbody td:nth-child(7)').allTextContents()).includes('Không'), 'a question keeps its order');
  await page.getByRole('button', { name: `Nhập ${rows} câu` }).waitFor();
  await H.checkPage(page, 'admin-nhap-word', { fullPage: false });

  const bad = path.join(H.ARTIFACTS, `cau-hoi-loi-${stamp}.docx`);
  writeFileSync(bad, H.makeDocx([
    `Câu 1. Trụ sở UBND thị xã Quảng Trị đặt ở đâu (kiểm thử ${stamp})?`, 'A. Phường 1', 'B. Phường 2', 'Đáp án: B',
    'Câu 2. Một tuần có mấy ngày?', 'A. 5 ngày', 'B. 7 ngày',
    'Câu 3. Một giờ có bao nhiêu phút?', 'A. 30 phút', 'B. 60 phút', 'Đáp án: E',
  ]));
  await page.getByLabel('Chọn tệp').setInputFiles(bad);
  const errors = page.getByRole('table', { name: 'Các câu lỗi' });
  await errors.waitFor();
  assert.deepEqual(await errors.locator('thead th').allTextContents(), ['Câu', 'Lỗi']);
  assert.deepEqual(await errors.locator('tbody th').allTextContents(), ['2', '3']);
  await page.locator('.notice-error', { hasText: 'có 2 câu lỗi; chưa nhập được' }).waitFor();
  assert.equal(await page.locator('#q-import-commit').isDisabled(), true);
  await H.screenshot(page, 'admin-nhap-word-loi');
  H.assertNoProblems(problems, 'word import');
  await context.close();
});
