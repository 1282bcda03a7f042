// Logging in and out of the organizer page, and what a bad or missing
// token does.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './admin-helpers.mjs';

let browser;
before(async () => { browser = await H.launch(); });
after(async () => { await browser?.close(); });

test('a wrong password is refused with the server message; the right one opens the page', async () => {
  const { page, problems, context } = await H.openAdminPage(browser);
  await page.goto(H.adminUrl());
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập Ban Tổ chức' }).waitFor();
  await H.assertAccessible(page, 'login');

  await page.getByLabel('Tên đăng nhập').fill(H.ORGANIZER.username);
  await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng.' }).waitFor();
  assert.equal(await page.evaluate(() => window.sessionStorage.length), 0, 'nothing stored after a failed login');

  await page.getByLabel('Mật khẩu').fill(H.ORGANIZER.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await H.waitIdle(page);
  await page.getByText(`Tài khoản: ${H.ORGANIZER.username}`).waitFor();
  const stored = await page.evaluate(() => JSON.parse(window.sessionStorage.getItem('cuocthi:admin:v1:session')));
  assert.equal(stored.username, H.ORGANIZER.username);
  assert.ok(stored.expiresAt > Date.now() + 7 * 3600 * 1000, 'expiry taken from the 8-hour token');
  assert.equal(await page.evaluate(() => window.localStorage.length), 0, 'the token is not kept in localStorage');

  // A reload keeps the session (sessionStorage) and the section in the address.
  await page.goto(H.adminUrl('nhat-ky'));
  await page.getByRole('heading', { level: 1, name: 'Nhật ký' }).waitFor();

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập Ban Tổ chức' }).waitFor();
  assert.equal(await page.evaluate(() => window.sessionStorage.getItem('cuocthi:admin:v1:session')), null);
  H.assertNoProblems(problems, 'login');
  await context.close();
});

test('an invalid stored token sends the organizer back to the login form with a message', async () => {
  const { page, problems, context } = await H.openAdminPage(browser);
  await page.goto(H.adminUrl());
  await page.evaluate(() => window.sessionStorage.setItem('cuocthi:admin:v1:session', JSON.stringify({ token: 'khong-hop-le', username: 'btc', expiresAt: Date.now() + 3600000 })));
  await page.reload();
  await page.getByText('Phiên đăng nhập đã hết hạn hoặc không hợp lệ').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập Ban Tổ chức' }).waitFor();
  H.assertNoProblems(problems, 'expired');
  await context.close();
});

test('a participant token gets the server’s 403 message, not the organizer pages', async () => {
  const reg = await H.registerCall(H.MAIN_CONTEST, { full_name: 'Người Dự Thi Thử', phone: H.uniquePhone(), password: 'mat-khau-123', organization_id: 'phuong-2' });
  assert.equal(reg.status, 201);
  const { page, context } = await H.openAdminPage(browser);
  await page.goto(H.adminUrl());
  await page.evaluate((token) => window.sessionStorage.setItem('cuocthi:admin:v1:session', JSON.stringify({ token, username: 'x', expiresAt: Date.now() + 3600000 })), reg.data.token);
  await page.reload();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const direct = await H.apiCall('GET', '/api/admin/contests', { token: reg.data.token });
  assert.equal(direct.status, 403);
  assert.equal((await alert.textContent()).trim(), direct.data.error.message);
  await context.close();
});

test('repeated wrong passwords lock the username: the page says for how long, in Vietnamese', async () => {
  const { page, context } = await H.openAdminPage(browser);
  await page.goto(H.adminUrl());
  const username = `khong-ton-tai-${Date.now() % 100000}`;
  await page.getByLabel('Tên đăng nhập').fill(username);
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    await page.getByLabel('Mật khẩu').fill(`doan-sai-${attempt}`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await H.waitIdle(page);
  }
  await page.getByRole('alert').filter({ hasText: /Đăng nhập tạm bị khóa vì nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút\./ }).waitFor();
  const direct = await H.apiCall('POST', '/api/admin/login', { body: { username, password: 'doan-sai-7' } });
  assert.equal(direct.status, 429);
  assert.equal(direct.data.error.code, 'LOGIN_LOCKED');
  await context.close();
});

test('a viewer account sees the pages with every change disabled, and may still export', async () => {
  const { page, problems, context } = await H.openAdminPage(browser);
  await page.goto(H.adminUrl());
  await page.getByLabel('Tên đăng nhập').fill(H.VIEWER.username);
  await page.getByLabel('Mật khẩu').fill(H.VIEWER.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await H.waitIdle(page);
  await page.getByText(`Tài khoản: ${H.VIEWER.username} (chỉ xem)`).waitFor();
  await page.getByText('Bạn đang dùng tài khoản chỉ xem').first().waitFor();
  assert.equal(await page.locator('#create-contest').isVisible(), false, 'no «Tạo cuộc thi mới» for a viewer');

  await page.goto(H.adminUrl('cai-dat'));
  await page.getByRole('heading', { level: 1, name: 'Cài đặt cuộc thi' }).waitFor();
  await H.waitIdle(page);
  assert.equal(await page.getByRole('button', { name: 'Lưu cài đặt' }).isDisabled(), true);

  await page.goto(H.adminUrl('loai-tru'));
  await page.getByRole('heading', { level: 1, name: 'Loại trừ' }).waitFor();
  await H.waitIdle(page);
  assert.equal(await page.getByRole('button', { name: 'Lưu danh sách loại trừ' }).isDisabled(), true);

  await page.goto(H.adminUrl('xuat'));
  await page.getByRole('heading', { level: 1, name: 'Xuất kết quả' }).waitFor();
  await H.waitIdle(page);
  assert.equal(await page.getByRole('button', { name: 'Tạo bản xuất mới' }).isDisabled(), false, 'a viewer may export');

  // What the server says to a viewer who writes anyway.
  const login = await H.apiCall('POST', '/api/admin/login', { body: H.VIEWER });
  const write = await H.apiCall('PUT', `/api/admin/contests/${H.MAIN_CONTEST}/exclusions`, { token: login.data.token, body: { phones: [] } });
  assert.equal(write.status, 403);
  assert.equal(write.data.error.code, 'FORBIDDEN');
  H.assertNoProblems(problems, 'viewer');
  await context.close();
});
