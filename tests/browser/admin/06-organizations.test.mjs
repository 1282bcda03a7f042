// Đơn vị: import a list from XLSX with a preview (bad rows block the
// import), edit one organization, add one.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as H from './admin-helpers.mjs';

const HEADER = ['Tên đơn vị', 'Nhóm', 'Số người', 'Mã'];
const stamp = Date.now().toString(36);

let browser;
let token;
before(async () => {
  browser = await H.launch();
  token = await H.organizerToken();
});
after(async () => { await browser?.close(); });

const organizations = async () => (await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}`, { token })).data.contest.organizations;

function fixture(name, rows) {
  const file = path.join(H.ARTIFACTS, name);
  writeFileSync(file, H.makeXlsx(rows, 'Đơn vị'));
  return file;
}

test('an organization list imports from XLSX after a clean preview; one is edited and one added by hand', async () => {
  const before = await organizations();
  const phuong2 = before.find((o) => o.id === 'phuong-2');
  const newName = `Phòng Y tế thử ${stamp}`;
  const bad = fixture('don-vi-co-loi.xlsx', [
    HEADER,
    [newName, 'Cơ quan chuyên môn', 9, ''],
    ['UBND Phường 2', 'Phường, xã', phuong2.headcount + 1, 'phuong-2'],
    ['Đơn vị thiếu số người', 'Khác', 'nhiều', ''],
  ]);
  const good = fixture('don-vi-hop-le.xlsx', [
    HEADER,
    [newName, 'Cơ quan chuyên môn', 9, ''],
    ['UBND Phường 2', 'Phường, xã', phuong2.headcount + 1, 'phuong-2'],
  ]);

  const { page, problems, context } = await H.openAdminPage(browser, { viewport: H.PHONE });
  await H.login(page, 'don-vi');
  await page.getByLabel('Chọn tệp').setInputFiles(bad);
  const errors = page.getByRole('table', { name: 'Các dòng lỗi' });
  await errors.waitFor();
  assert.deepEqual(await errors.locator('tbody th').allTextContents(), ['4']);
  assert.equal(await page.locator('#org-import-commit').isDisabled(), true);

  await page.getByLabel('Chọn tệp').setInputFiles(good);
  await page.locator('.notice-success', { hasText: '1 đơn vị mới, 1 đơn vị cập nhật' }).waitFor();
  await page.getByRole('table', { name: 'Danh sách đơn vị sau khi nhập' }).waitFor();
  await H.assertNoHorizontalScroll(page, 'organizations preview 360px');
  await page.getByRole('button', { name: 'Nhập 2 dòng' }).click();
  await page.locator('.notice-success', { hasText: 'Đã nhập: 1 đơn vị mới, cập nhật 1 đơn vị.' }).waitFor();
  const list = page.getByRole('table', { name: 'Danh sách đơn vị' });
  await list.getByRole('rowheader', { name: newName }).waitFor();
  let now = await organizations();
  assert.equal(now.length, before.length + 1);
  assert.equal(now.find((o) => o.id === 'phuong-2').headcount, phuong2.headcount + 1);

  // Edit one.
  await list.getByRole('button', { name: 'Sửa UBND Phường 3' }).click();
  await page.getByLabel('Số người (tổng số cán bộ)').fill('33');
  await page.getByRole('button', { name: 'Lưu đơn vị' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu đơn vị «UBND Phường 3».' }).waitFor();
  now = await organizations();
  assert.equal(now.find((o) => o.id === 'phuong-3').headcount, 33);

  // Add one.
  await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
  await page.getByLabel('Mã đơn vị').fill(`hoi-thu-${stamp}`);
  await page.getByLabel('Tên đơn vị').fill(`Hội thử nghiệm ${stamp}`);
  await page.getByLabel('Nhóm').fill('Đoàn thể');
  await page.getByLabel('Số người (tổng số cán bộ)').fill('15');
  await page.getByRole('button', { name: 'Lưu đơn vị mới' }).click();
  await page.locator('.notice-success', { hasText: `Đã thêm đơn vị «Hội thử nghiệm ${stamp}».` }).waitFor();
  now = await organizations();
  assert.deepEqual(now.find((o) => o.id === `hoi-thu-${stamp}`), {
    id: `hoi-thu-${stamp}`, name: `Hội thử nghiệm ${stamp}`, group: 'Đoàn thể', headcount: 15, kind: 'unit', staff_list: false,
  });
  await H.assertAccessible(page, 'organizations');
  H.assertNoProblems(problems, 'organizations');
  await context.close();
});
