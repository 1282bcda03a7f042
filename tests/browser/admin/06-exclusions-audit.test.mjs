// Loại trừ (the phone list) and Nhật ký (the audit log of those changes).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './admin-helpers.mjs';

let browser;
let token;
before(async () => {
  browser = await H.launch();
  token = await H.organizerToken();
});
after(async () => { await browser?.close(); });

test('the exclusion list is saved; a bad number gets the server’s message; the audit log shows the change', async () => {
  const original = (await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}/exclusions`, { token })).data.phones;
  const phone = H.uniquePhone();
  const { page, problems, context } = await H.openAdminPage(browser);
  await H.login(page, 'loai-tru');
  const box = page.getByLabel('Số điện thoại bị loại trừ');
  assert.equal((await box.inputValue()).trim(), original.join('\n'));

  await box.fill(`${original.join('\n')}\n12345`);
  await page.getByRole('button', { name: 'Lưu danh sách loại trừ' }).click();
  await page.getByRole('alert').filter({ hasText: '12345' }).waitFor();

  await box.fill(`${original.join('\n')}\n${phone}`);
  await page.getByRole('button', { name: 'Lưu danh sách loại trừ' }).click();
  await page.locator('.notice-success', { hasText: 'thêm 1' }).waitFor();
  const saved = (await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}/exclusions`, { token })).data.phones;
  assert.deepEqual([...saved].sort(), [...original, phone].sort());

  // An excluded phone can no longer register.
  const reg = await H.registerCall(H.MAIN_CONTEST, { full_name: 'Thành Viên Ban Tổ Chức', phone, password: 'mat-khau-123', organization_id: 'phuong-1' });
  assert.equal(reg.status, 403, 'a barred phone must not register');
  assert.equal(reg.data.error.code, 'PHONE_BARRED');

  await H.goSection(page, 'Nhật ký');
  const log = page.getByRole('table', { name: /Nhật ký thao tác/ });
  await log.waitFor();
  const first = await log.locator('tbody tr').first().locator('th, td').allTextContents();
  assert.equal(first[1], H.ORGANIZER.username);
  assert.equal(first[2], 'Sửa danh sách loại trừ');
  assert.match(first[3], /thêm: 1/);

  // Put the list back.
  await H.goSection(page, 'Loại trừ');
  await page.getByLabel('Số điện thoại bị loại trừ').fill(original.join('\n'));
  await page.getByRole('button', { name: 'Lưu danh sách loại trừ' }).click();
  await page.locator('.notice-success', { hasText: 'bỏ 1' }).waitFor();
  H.assertNoProblems(problems, 'exclusions');
  await context.close();
});
