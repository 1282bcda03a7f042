// «Quên mật khẩu»: a new password with a one-time code the committee gives
// (issued through the organizers' API, as the committee's page does), a
// wrong code refused by the field, and the e-mail route where the
// deployment sends e-mail (and its refusal where it does not).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  MAIN_CONTEST, PHONE, apiCall, assertNoProblems, checkPage, launch, openPage, organizerToken, registerViaApi,
  screenshot, sessionFromPage, url,
} from '../helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const login = (user, password) => apiCall('POST', `/api/contests/${MAIN_CONTEST}/login`, { body: { phone: user.phone, password } });

test('«Quên mật khẩu» with a code from the committee: a wrong code is refused, the right one sets the password and logs in', async () => {
  const user = await registerViaApi(MAIN_CONTEST, { fullName: 'Hồ Thị Quên Mật Khẩu', organizationId: 'phuong-1' });
  const token = await organizerToken();
  const issued = await apiCall('POST', `/api/admin/contests/${MAIN_CONTEST}/participants/${user.participant.id}/reset-code`, { token });
  assert.equal(issued.status, 201, `issuing a code failed: ${JSON.stringify(issued.data)}`);
  const { code } = issued.data;
  assert.equal(code.replace(/[\s-]/g, '').length, 8);

  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await page.goto(url('/dang-nhap'));
  await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Quên mật khẩu' }).waitFor();
  // This stack sends no e-mail: only the committee's code, and how to ask for it.
  assert.equal(await page.getByRole('button', { name: 'Gửi mã qua e-mail' }).count(), 0);
  await page.getByText('Liên hệ Ban Tổ chức cuộc thi để được cấp mã', { exact: false }).waitFor();
  await page.getByRole('heading', { name: 'Tôi đã có mã' }).waitFor();
  await checkPage(page, '100-reset-by-code', { fullPage: true });

  // Checked on the page first: two different new passwords.
  await page.getByLabel('Số điện thoại').fill(user.phone);
  await page.getByLabel('Mã đặt lại mật khẩu').fill('ABCD-2345');
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-moi-1');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-moi-2');
  await page.getByRole('button', { name: 'Đặt mật khẩu mới và đăng nhập' }).click();
  await page.getByText('Hai lần nhập mật khẩu mới chưa khớp nhau.').waitFor();

  // A wrong code: the server's RESET_CODE_INVALID, under the code.
  await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-moi-1');
  await page.getByRole('button', { name: 'Đặt mật khẩu mới và đăng nhập' }).click();
  const codeField = page.locator('.field', { has: page.getByLabel('Mã đặt lại mật khẩu') });
  await codeField.locator('.field-error', { hasText: 'Mã đặt lại mật khẩu không đúng, đã hết hạn hoặc đã được dùng.' }).waitFor();
  assert.equal(await page.getByLabel('Mã đặt lại mật khẩu').getAttribute('aria-invalid'), 'true');
  await screenshot(page, '101-reset-wrong-code');

  // The right code, typed in lower case with a space, as people do.
  await page.getByLabel('Mã đặt lại mật khẩu').fill(`${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`);
  await page.getByRole('button', { name: 'Đặt mật khẩu mới và đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  await page.getByText('Đã đặt mật khẩu mới và đăng nhập.', { exact: false }).waitFor();
  assert.ok((await sessionFromPage(page)).token, 'logged in');
  assert.equal((await login(user, user.password)).status, 401, 'the old password no longer works');
  assert.equal((await login(user, 'mat-khau-moi-1')).status, 200, 'the new one does');
  assert.equal((await apiCall('GET', `/api/contests/${MAIN_CONTEST}/me`, { token: user.token })).status, 401, 'earlier sessions ended');
  assertNoProblems(problems, 'reset by code');
});

test('«Gửi mã qua e-mail» where the contest offers it: the same answer whatever the phone; where e-mail is off, the server says so', async () => {
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  // This stack sends no e-mail; the contest is shown as a deployment that does.
  await page.route(`**/api/contests/${MAIN_CONTEST}`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), password_reset_by_email: true } });
  });
  const message = 'Nếu số điện thoại này đã đăng ký kèm địa chỉ e-mail, mã đặt lại mật khẩu đã được gửi tới e-mail đó (hiệu lực 60 phút). Nếu không nhận được, vui lòng liên hệ Ban Tổ chức.';
  let answer = 'accepted';
  const asked = [];
  await page.route('**/api/contests/*/password-reset/request', async (route) => {
    asked.push(route.request().postDataJSON());
    if (answer === 'accepted') await route.fulfill({ status: 202, json: { message } });
    else await route.continue(); // the real server: no e-mail here
  });
  await page.goto(url('/quen-mat-khau'));
  await page.getByRole('heading', { level: 1, name: 'Quên mật khẩu' }).waitFor();
  await page.getByRole('heading', { name: 'Nhận mã qua e-mail' }).waitFor();
  await page.getByRole('heading', { name: 'Không nhận được e-mail?' }).waitFor();
  // The registration form asks for the address where it is of use.
  await page.getByRole('button', { name: 'Gửi mã qua e-mail' }).click();
  await page.getByText('Vui lòng nhập số điện thoại.').waitFor();
  await page.getByLabel('Số điện thoại nhận mã').fill('0912 345 678');
  await page.getByRole('button', { name: 'Gửi mã qua e-mail' }).click();
  await page.getByRole('status').getByText(message).waitFor();
  assert.deepEqual(asked, [{ phone: '0912 345 678' }]);
  assert.equal(await page.getByLabel('Số điện thoại', { exact: true }).inputValue(), '0912 345 678', 'the phone is carried to the code form');
  await checkPage(page, '102-reset-by-email', { fullPage: true });

  answer = 'real';
  await page.getByRole('button', { name: 'Gửi mã qua e-mail' }).click();
  await page.getByRole('alert').getByText('Cuộc thi chưa hỗ trợ gửi mã qua e-mail.', { exact: false }).waitFor();
  assert.equal(asked.length, 2);

  await page.goto(url('/dang-ky'));
  await page.getByLabel('E-mail (không bắt buộc)').waitFor();
  assertNoProblems(problems, 'reset by e-mail');
});
