// The read-only account (role viewer) on a contest with something in every
// new section: it may look (search, open a profile — audited under its own
// name — read the bank, the announcements, the results, export results),
// while every new write control is disabled: the profile's actions, the
// bank's selection, bulk bar and per-question actions, the Word import,
// the announcement form and buttons, «Tính lại kết quả», the contact list,
// and the «Xét duyệt» decisions.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './admin-helpers.mjs';

const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const CID = `chi-xem-${stamp}`;
const TITLE = `Kiểm thử tài khoản chỉ xem ${stamp}`;

let browser;
let token;
before(async () => {
  browser = await H.launch();
  // Fast results wait for review (3 s per question): «Xét duyệt» has something to decide.
  ({ token } = await H.makeContest(CID, TITLE, { extra: { min_seconds_per_question: 3 } }));
  await H.takeAttempt({ contest: CID, fullName: 'Võ Thị Chỉ Xem', organizationId: 'phuong-a', correct: 'all', bank: H.BANK8, accept: true });
  await H.takeAttempt({ contest: CID, fullName: 'Đặng Văn Chờ Duyệt', organizationId: 'phuong-b' });
  const created = await H.apiCall('POST', `/api/admin/contests/${CID}/announcements`, { token, body: { title: 'Thông báo thử', body: 'Nội dung.', published: true } });
  assert.equal(created.status, 201);
  await H.closeFirstRound(CID, token);
});
after(async () => { await browser?.close(); });

async function assertAllDisabled(locator, what) {
  const count = await locator.count();
  assert.ok(count > 0, `${what}: found none`);
  for (let i = 0; i < count; i += 1) {
    assert.equal(await locator.nth(i).isDisabled(), true, `${what} #${i + 1} is disabled`);
  }
}

test('a viewer reads every new section; each new write control is disabled', async () => {
  const { page, problems, context } = await H.loginViewer(browser, CID);

  await H.goSection(page, 'Người dự thi');
  await page.getByRole('button', { name: 'Xem hồ sơ Võ Thị Chỉ Xem' }).click();
  const profile = page.locator('section.profile');
  await profile.getByRole('heading', { level: 2, name: 'Hồ sơ: Võ Thị Chỉ Xem' }).waitFor();
  for (const name of ['Lưu thông tin', 'Cấp mã đặt lại mật khẩu', 'Loại khỏi cuộc thi', 'Xóa dữ liệu cá nhân (theo yêu cầu)']) {
    assert.equal(await profile.getByRole('button', { name, exact: true }).isDisabled(), true, `«${name}» is disabled`);
  }
  await assertAllDisabled(profile.locator('form.profile-edit input, form.profile-edit select, textarea'), 'profile fields');
  const views = (await H.apiCall('GET', `/api/admin/contests/${CID}/audit`, { token })).data.entries.filter((e) => e.action === 'participant.view');
  assert.equal(views[0].who, H.VIEWER.username, 'the viewer’s look is audited under its name');
  await H.screenshot(page, 'admin-chi-xem-nguoi-du-thi', { fullPage: true });

  await H.goSection(page, 'Ngân hàng câu hỏi');
  await page.locator('.q-card').first().waitFor();
  await assertAllDisabled(page.locator('.q-card input.q-select'), 'question checkboxes');
  await assertAllDisabled(page.getByRole('group', { name: 'Thao tác với các câu đã chọn' }).getByRole('button'), 'bulk buttons');
  for (const name of ['Sửa', 'Lưu trữ', 'Hủy câu hỏi', 'Xóa']) await assertAllDisabled(page.locator('.q-card').getByRole('button', { name, exact: true }), `«${name}»`);
  assert.equal(await page.getByLabel('Chọn tệp').isDisabled(), true, 'no import');

  await H.goSection(page, 'Thông báo');
  await page.getByRole('heading', { level: 3, name: 'Thông báo thử' }).waitFor();
  const form = page.getByRole('region', { name: 'Viết thông báo mới' });
  await assertAllDisabled(form.locator('input, textarea, button'), 'announcement form');
  await assertAllDisabled(page.locator('li.announcement').getByRole('button'), 'announcement buttons');

  await H.goSection(page, 'Kết quả & giải thưởng');
  await page.getByRole('table', { name: 'Danh sách đạt giải Tuần 1' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Tính lại kết quả' }).isDisabled(), true);

  await H.goSection(page, 'Xét duyệt');
  await page.locator('.review-card').first().waitFor();
  await assertAllDisabled(page.locator('.review-card').getByRole('button'), 'review decisions');
  await assertAllDisabled(page.locator('.review-card textarea'), 'review notes');

  await H.goSection(page, 'Xuất kết quả');
  assert.equal(await page.getByRole('button', { name: 'Tạo danh bạ liên hệ' }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Tạo bản xuất mới' }).isDisabled(), false, 'a viewer may still export results');

  await H.goSection(page, 'Cài đặt cuộc thi');
  assert.equal(await page.getByRole('button', { name: 'Lưu cài đặt' }).isDisabled(), true);
  await H.assertAccessible(page, 'viewer settings');

  // And the server agrees.
  const login = await H.apiCall('POST', '/api/admin/login', { body: H.VIEWER });
  const write = await H.apiCall('POST', `/api/admin/contests/${CID}/exports/contacts`, { token: login.data.token, body: { scope: 'all' } });
  assert.equal(write.status, 403);
  H.assertNoProblems(problems, 'viewer');
  await context.close();
});
