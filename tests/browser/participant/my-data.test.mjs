// A participant's own data (Nghị định 13/2023): «Tải dữ liệu của tôi»
// saving everything stored as a JSON file; «Rút khỏi cuộc thi và xóa dữ
// liệu»: a wrong password keeps the session, cancelling erases nothing,
// confirming erases the person, ends the session, and the account no
// longer logs in.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  MAIN_CONTEST, PHONE, apiCall, assertNoProblems, checkPage, launch, openPage, registerViaApi, screenshot,
  sessionFromPage, url, useSession,
} from '../helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const login = (user, password) => apiCall('POST', `/api/contests/${MAIN_CONTEST}/login`, { body: { phone: user.phone, password } });

test('«Tải dữ liệu của tôi» saves everything stored about the participant as a JSON file', async () => {
  const user = await registerViaApi(MAIN_CONTEST, { fullName: 'Tạ Văn Tải Dữ Liệu', organizationId: 'phong-tu-phap', birthYear: 1979 });
  const { page, problems, context } = await openPage(browser, { viewport: PHONE, acceptDownloads: true });
  await useSession(page, user);
  await page.goto(url('/cua-toi'));
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  const section = page.getByRole('region', { name: 'Dữ liệu cá nhân của bạn' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: 'Tải dữ liệu của tôi' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `du-lieu-cua-toi-${MAIN_CONTEST}.json`);
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(data.contest_id, MAIN_CONTEST);
  assert.equal(data.profile.phone, user.phone);
  assert.equal(data.profile.full_name, 'Tạ Văn Tải Dữ Liệu');
  assert.equal(data.profile.birth_year, 1979);
  assert.equal(data.consent.privacy_notice_version, (await apiCall('GET', `/api/contests/${MAIN_CONTEST}`)).data.privacy_notice_version);
  await section.getByText(`Đã tải xuống tệp du-lieu-cua-toi-${MAIN_CONTEST}.json`, { exact: false }).waitFor();
  await checkPage(page, '103-my-data-downloaded', { fullPage: true });
  assertNoProblems(problems, 'download');
  await context.close();
});

test('«Rút khỏi cuộc thi và xóa dữ liệu»: explained, password-checked, confirmed; then the account is gone', async (t) => {
  const user = await registerViaApi(MAIN_CONTEST, { fullName: 'Mạc Thị Rút Lui', organizationId: 'phuong-2' });
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await useSession(page, user);
  await page.goto(url('/cua-toi'));
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  await page.getByRole('link', { name: 'Rút khỏi cuộc thi và xóa dữ liệu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rút khỏi cuộc thi và xóa dữ liệu' }).waitFor();
  const text = await page.getByRole('main').textContent();
  for (const consequence of ['không thể hoàn tác', 'không còn được xếp hạng và xét giải', 'ẩn danh', 'Danh sách đạt giải đã công bố']) {
    assert.ok(text.includes(consequence), `the page explains: ${consequence}`);
  }
  await checkPage(page, '104-withdraw', { fullPage: true });
  const submit = page.getByRole('button', { name: 'Rút khỏi cuộc thi và xóa dữ liệu' });

  await t.test('a wrong password: said by the field, still logged in', async () => {
    await page.getByLabel('Mật khẩu của bạn').fill('khong-phai-mat-khau');
    await submit.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xóa dữ liệu' }).click();
    await page.locator('.field-error', { hasText: 'Mật khẩu không đúng. Vui lòng kiểm tra lại.' }).waitFor();
    assert.ok((await sessionFromPage(page)).token, 'a wrong password does not end the session');
    assert.equal((await apiCall('GET', `/api/contests/${MAIN_CONTEST}/me`, { token: user.token })).status, 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Rút khỏi cuộc thi và xóa dữ liệu');
  });

  await t.test('«Không, quay lại» erases nothing', async () => {
    await page.getByLabel('Mật khẩu của bạn').fill(user.password);
    await submit.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('heading').textContent(), 'Xóa vĩnh viễn dữ liệu của bạn?');
    assert.match(await dialog.textContent(), /không thể hoàn tác/);
    await screenshot(page, '105-withdraw-confirm');
    await dialog.getByRole('button', { name: 'Không, quay lại' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await login(user, user.password)).status, 200, 'nothing was erased');
  });

  await t.test('confirmed: the message, the session gone, and logging in fails', async () => {
    await submit.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Xóa dữ liệu' }).click();
    await page.getByRole('heading', { level: 1, name: /cải cách hành chính/ }).waitFor();
    await page.locator('.notice-success').waitFor();
    assert.equal(await sessionFromPage(page), null, 'the session is forgotten on this device');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đăng nhập' }).waitFor();
    await checkPage(page, '106-withdrawn');
    const again = await login(user, user.password);
    assert.equal(again.status, 401);
    assert.equal(again.data.error.code, 'INVALID_CREDENTIALS');
    assert.equal((await apiCall('GET', `/api/contests/${MAIN_CONTEST}/me`, { token: user.token })).status, 401, 'its tokens stopped working');

    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Số điện thoại').fill(user.phone);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').getByText('Số điện thoại hoặc mật khẩu không đúng.').waitFor();
  });
  assertNoProblems(problems, 'withdraw');
});
