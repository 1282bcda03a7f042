// Thông báo on a contest of its own: writing (the form's own checks, and
// the server's INVALID_ANNOUNCEMENT shown at its field), publishing and
// keeping drafts, editing, withdrawing, deleting after a confirmation; the
// public GET /api/contests/{cid}/announcements lists exactly the published
// ones; the audit log shows the edit as «trước → sau».

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './admin-helpers.mjs';

const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const CID = `thong-bao-${stamp}`;
const TITLE = `Kiểm thử thông báo ${stamp}`;

let browser;
let token;
before(async () => {
  browser = await H.launch();
  ({ token } = await H.makeContest(CID, TITLE));
});
after(async () => { await browser?.close(); });

const publicTitles = async () => (await H.apiCall('GET', `/api/contests/${CID}/announcements`)).data.announcements.map((a) => a.title);
const item = (page, title) => page.locator('li.announcement', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });

test('announcements: written, kept as a draft, edited, published, withdrawn and deleted; the public list follows', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Thông báo' });
  await page.getByText('Chưa có thông báo nào.').waitFor();
  const form = page.getByRole('region', { name: 'Viết thông báo mới' });

  // The form's own checks, then the server's, each at its field.
  await form.getByRole('button', { name: 'Lưu thông báo' }).click();
  await form.getByText('Chưa nhập tiêu đề.').waitFor();
  assert.equal(await form.getByLabel('Tiêu đề').getAttribute('aria-invalid'), 'true');
  await form.getByLabel('Tiêu đề').fill('Lịch thi\u0007 tuần 2');
  await form.getByLabel('Nội dung').fill('Nội dung thử.');
  await form.getByRole('button', { name: 'Lưu thông báo' }).click();
  await form.getByText('Tiêu đề không được chứa ký tự điều khiển.').waitFor();
  assert.deepEqual(await publicTitles(), []);

  await form.getByLabel('Tiêu đề').fill('Lịch thi Tuần 2');
  await form.getByLabel('Nội dung').fill('Tuần 2 mở lúc 08h00 ngày 24/10/2022 và kết thúc lúc 22h00 ngày 30/10/2022.\nMỗi người được thi tối đa 2 lượt.');
  await form.getByRole('button', { name: 'Lưu thông báo' }).click();
  await page.locator('.notice-success', { hasText: 'Đã đăng thông báo «Lịch thi Tuần 2» lên trang dự thi.' }).waitFor();
  await item(page, 'Lịch thi Tuần 2').getByText('Đã đăng', { exact: true }).waitFor();
  assert.deepEqual(await publicTitles(), ['Lịch thi Tuần 2']);
  const published = (await H.apiCall('GET', `/api/contests/${CID}/announcements`)).data.announcements[0];
  assert.equal(published.body, 'Tuần 2 mở lúc 08h00 ngày 24/10/2022 và kết thúc lúc 22h00 ngày 30/10/2022.\nMỗi người được thi tối đa 2 lượt.');

  await form.getByLabel('Tiêu đề').fill('Dự thảo: công bố kết quả Tuần 1');
  await form.getByLabel('Nội dung').fill('Ban Tổ chức sẽ công bố kết quả Tuần 1 trên trang dự thi.');
  await form.getByLabel(/Đăng ngay trên trang dự thi/).uncheck();
  await form.getByRole('button', { name: 'Lưu thông báo' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu bản nháp «Dự thảo: công bố kết quả Tuần 1».' }).waitFor();
  await item(page, 'Dự thảo: công bố kết quả Tuần 1').getByText('Bản nháp', { exact: true }).waitFor();
  assert.deepEqual(await publicTitles(), ['Lịch thi Tuần 2'], 'a draft is not public');
  await page.getByText('2 thông báo: 1 đang hiện trên trang dự thi, 1 bản nháp.').waitFor();
  await H.checkPage(page, 'admin-thong-bao', { fullPage: true });

  // Edit the draft's title, then publish it.
  const draft = item(page, 'Dự thảo: công bố kết quả Tuần 1');
  await draft.getByRole('button', { name: 'Sửa' }).click();
  const editing = page.locator('li.announcement form');
  await editing.getByLabel('Tiêu đề').fill('Công bố kết quả Tuần 1');
  await editing.getByRole('button', { name: 'Lưu thông báo' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu thông báo «Công bố kết quả Tuần 1».' }).waitFor();
  await item(page, 'Công bố kết quả Tuần 1').getByRole('button', { name: 'Đăng lên trang dự thi' }).click();
  await page.locator('.notice-success', { hasText: 'Đã đăng thông báo «Công bố kết quả Tuần 1» lên trang dự thi.' }).waitFor();
  assert.deepEqual((await publicTitles()).sort(), ['Công bố kết quả Tuần 1', 'Lịch thi Tuần 2']);

  // Withdraw the first one.
  await item(page, 'Lịch thi Tuần 2').getByRole('button', { name: 'Thu hồi (chuyển về nháp)' }).click();
  await page.locator('.notice-success', { hasText: 'Đã thu hồi thông báo «Lịch thi Tuần 2»' }).waitFor();
  assert.deepEqual(await publicTitles(), ['Công bố kết quả Tuần 1']);

  // Delete: cancelled once, then confirmed.
  await item(page, 'Công bố kết quả Tuần 1').getByRole('button', { name: 'Xóa' }).click();
  const dialog = page.getByRole('dialog', { name: 'Xóa thông báo «Công bố kết quả Tuần 1»?' });
  await dialog.getByRole('button', { name: 'Hủy' }).click();
  assert.deepEqual(await publicTitles(), ['Công bố kết quả Tuần 1']);
  await item(page, 'Công bố kết quả Tuần 1').getByRole('button', { name: 'Xóa' }).click();
  await dialog.getByRole('button', { name: 'Xóa thông báo' }).click();
  await page.locator('.notice-success', { hasText: 'Đã xóa thông báo «Công bố kết quả Tuần 1».' }).waitFor();
  assert.deepEqual(await publicTitles(), []);
  const all = (await H.apiCall('GET', `/api/admin/contests/${CID}/announcements`, { token })).data.announcements;
  assert.deepEqual(all.map((a) => [a.title, a.published]), [['Lịch thi Tuần 2', false]]);

  // The log: the edit as before → after.
  await H.goSection(page, 'Nhật ký');
  const edit = page.getByRole('row', { name: /Sửa thông báo/ }).filter({ hasText: 'tiêu đề: Dự thảo: công bố kết quả Tuần 1 → Công bố kết quả Tuần 1' });
  await edit.first().waitFor();
  for (const label of ['Đăng thông báo mới', 'Xóa thông báo']) await page.getByRole('cell', { name: label, exact: true }).first().waitFor();
  H.assertNoProblems(problems, 'announcements');
  await context.close();
});

test('the announcements section at 360 px', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { viewport: H.PHONE, section: 'Thông báo' });
  await page.getByRole('heading', { level: 3, name: 'Lịch thi Tuần 2' }).waitFor();
  await H.checkPage(page, 'admin-thong-bao-360', { fullPage: true });
  H.assertNoProblems(problems, 'announcements 360');
  await context.close();
});
