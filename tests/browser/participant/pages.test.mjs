// Pages outside the main flow: public rankings, register errors from the
// API, a hostile name rendered as text, keyboard-only answering, the site
// inside an iframe, and desktop screenshots.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL, DESKTOP, EXPIRY_CONTEST, MAIN_CONTEST, PHONE, SAVE_TEXT, apiCall, assertNoProblems, checkPage, launch, openPage,
  registerViaApi, screenshot, url, useSession, waitForSaveState,
} from '../helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

// The expiry contest shows its open round's leaderboard (no prediction
// question) and reviews no fast result: a submission appears at once.
test('a name containing HTML shows literally on the leaderboard and my page', async () => {
  const user = await registerViaApi(EXPIRY_CONTEST, { fullName: HOSTILE_NAME, organizationId: 'don-vi-thu' });
  const started = await apiCall('POST', `/api/contests/${EXPIRY_CONTEST}/rounds/vong-1/attempts`, { token: user.token });
  assert.equal(started.status, 201);
  const submitted = await apiCall('POST', `/api/contests/${EXPIRY_CONTEST}/attempts/${started.data.attempt_id}/submit`, { token: user.token, body: {} });
  assert.equal(submitted.status, 200);

  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await page.goto(url('/xep-hang', EXPIRY_CONTEST));
  await page.getByRole('heading', { level: 1, name: 'Bảng xếp hạng' }).waitFor();
  const cell = page.locator('table.leaderboard .person', { hasText: HOSTILE_NAME });
  await cell.first().waitFor();
  assert.equal(await cell.first().textContent(), HOSTILE_NAME);
  assert.equal(await page.locator('table.leaderboard img').count(), 0, 'no <img> was created from the name');
  await page.locator('.org-list li').first().waitFor();
  await checkPage(page, '20-rankings');

  // Times to the tenth of a second on the leaderboard.
  assert.match(await page.locator('table.leaderboard td.time').first().textContent(), /^(\d+ phút )?\d+,\d giây$/);
  await useSession(page, user, { contest: EXPIRY_CONTEST });
  await page.goto(url('/cua-toi', EXPIRY_CONTEST));
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  assert.equal(await page.locator('.profile .person').textContent(), HOSTILE_NAME);
  assert.equal(await page.locator('main img').count(), 0);
  assertNoProblems(problems, 'hostile name');
});

test('registering a phone twice shows the API error next to the phone field', async () => {
  const existing = await registerViaApi(MAIN_CONTEST, { fullName: 'Lê Văn Đã Có', organizationId: 'phuong-1' });
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await page.goto(url('/dang-ky'));
  await page.getByLabel('Họ và tên').fill('Lê Văn Mới');
  await page.getByLabel('Số điện thoại').fill(existing.phone);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('mot-mat-khau-khac');
  await page.getByLabel('Đơn vị', { exact: true }).selectOption('phuong-1');
  await page.getByLabel(/^Tôi đã đọc và đồng ý/).check();
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const phoneField = page.locator('.field', { has: page.getByLabel('Số điện thoại') });
  await phoneField.locator('.field-error', { hasText: 'Số điện thoại này đã được đăng ký' }).waitFor();
  await phoneField.getByRole('link', { name: 'Đến trang đăng nhập' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('type')), 'tel', 'focus moves to the field at fault');

  // Birth year out of range: the server's message, under "Năm sinh".
  await page.getByLabel('Số điện thoại').fill(`09${String(Date.now() % 100000000).padStart(8, '0')}`);
  await page.getByLabel('Năm sinh (không bắt buộc)').fill('1850');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await page.locator('.field', { has: page.getByLabel('Năm sinh (không bắt buộc)') }).locator('.field-error', { hasText: 'Năm sinh phải từ 1900' }).waitFor();
  await checkPage(page, '21-register-api-errors');
  assertNoProblems(problems, 'register errors');
});

test('an attempt can be answered with the keyboard only', async () => {
  const user = await registerViaApi(MAIN_CONTEST, { fullName: 'Phạm Thị Bàn Phím', organizationId: 'phong-tu-phap' });
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await useSession(page, user);
  await page.goto(url('/cua-toi'));
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();

  // Tab to "Bắt đầu làm bài", press Enter, confirm with the keyboard.
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  for (let i = 0; i < 30 && (await focusedText()) !== 'Bắt đầu làm bài'; i += 1) await page.keyboard.press('Tab');
  assert.equal(await focusedText(), 'Bắt đầu làm bài');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Tab'); // from "Để sau" to "Bắt đầu"
  assert.equal(await focusedText(), 'Bắt đầu');
  await page.keyboard.press('Enter');
  await page.locator('legend', { hasText: 'Câu 1/20' }).waitFor();

  // Tab into the options, choose with the arrow keys, Tab to "Câu tiếp".
  const focusedType = () => page.evaluate(() => document.activeElement?.getAttribute('type'));
  for (let i = 0; i < 20 && (await focusedType()) !== 'radio'; i += 1) await page.keyboard.press('Tab');
  assert.equal(await focusedType(), 'radio');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  const checkedIndex = await page.evaluate(() => [...document.querySelectorAll('.options input')].findIndex((i) => i.checked));
  assert.equal(checkedIndex, 1, 'arrow keys move the choice');
  for (let i = 0; i < 10 && !(await focusedText()).startsWith('Câu tiếp'); i += 1) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('legend', { hasText: 'Câu 2/20' }).waitFor();
  assert.equal(await page.locator('.progress-text').textContent(), 'Đã trả lời 1/20 câu');
  await waitForSaveState(page, SAVE_TEXT.local);
  await page.locator('.grid-button').nth(1).focus();
  await screenshot(page, '22-keyboard-focus');
  assertNoProblems(problems, 'keyboard');
});

test('the site works inside an iframe and at desktop width', async () => {
  const { page, problems } = await openPage(browser, { viewport: DESKTOP });
  await page.goto(url('/'));
  await page.getByRole('heading', { level: 1, name: /cải cách hành chính/ }).waitFor();
  await page.locator('.countdown-value').waitFor();
  await checkPage(page, '30-landing-desktop');
  await page.goto(url('/xep-hang'));
  await page.locator('.board-hidden').waitFor();
  await page.locator('.org-list li').first().waitFor();
  await checkPage(page, '31-rankings-desktop');

  // A portal on another origin embedding the contest, as the town's and the
  // wards' sites will.
  const host = await openPage(browser, { viewport: { width: 420, height: 800 } });
  await host.page.route('http://cong-thong-tin.test/**', (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="vi"><title>Cổng thông tin</title><body><h1>Cổng thông tin</h1>
      <iframe title="Cuộc thi trắc nghiệm" src="${BASE_URL}/?contest=${MAIN_CONTEST}#/dang-ky" width="380" height="640"></iframe></body></html>`,
  }));
  await host.page.goto('http://cong-thong-tin.test/');
  const frame = host.page.frameLocator('iframe');
  await frame.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
  await frame.getByLabel('Tìm nhanh đơn vị').fill('tai nguyen');
  await frame.getByText('Tìm thấy 1 đơn vị (đã chọn).').waitFor();
  const scroll = await host.page.frames()[1].evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= 380, `no horizontal scroll inside the iframe (${scroll})`);
  await screenshot(host.page, '32-iframe');
  assertNoProblems(problems, 'desktop');
  assertNoProblems(host.problems, 'iframe');
});

test('logging out revokes the token on the server, not only on this device', async () => {
  const user = await registerViaApi(MAIN_CONTEST, { fullName: 'Đỗ Văn Đăng Xuất', organizationId: 'phuong-1' });
  const before = await apiCall('GET', `/api/contests/${MAIN_CONTEST}/me`, { token: user.token });
  assert.equal(before.status, 200);
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await useSession(page, user);
  await page.goto(url('/cua-toi'));
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByText('Bạn đã đăng xuất trên mọi thiết bị.').waitFor();
  assert.equal(await page.evaluate((key) => window.localStorage.getItem(key), `cuocthi:v1:${MAIN_CONTEST}:session`), null);
  // The same token, as another device still holding it would send it.
  const after = await apiCall('GET', `/api/contests/${MAIN_CONTEST}/me`, { token: user.token });
  assert.equal(after.status, 401);
  assert.equal(after.data.error.code, 'UNAUTHENTICATED');
  assertNoProblems(problems, 'logout');
});
