// Every section: no serious or critical axe-core violation on a wide
// screen and at 360 px, no horizontal scroll at 360 px, and the page can be
// used with the keyboard alone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './admin-helpers.mjs';

const SECTIONS = [
  'Tổng quan', 'Cài đặt cuộc thi', 'Đơn vị', 'Danh sách cán bộ', 'Ngân hàng câu hỏi', 'Người dự thi', 'Loại trừ', 'Xét duyệt',
  'Kết quả & giải thưởng', 'Thông báo', 'Xuất kết quả', 'Nhật ký',
];
const slug = (label) => label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

let browser;
before(async () => { browser = await H.launch(); });
after(async () => { await browser?.close(); });

for (const [viewport, label] of [[H.ADMIN_DESKTOP, 'desktop'], [H.PHONE, '360px']]) {
  test(`every section passes axe-core (${label})${label === '360px' ? ' without horizontal scroll' : ''}`, async () => {
    const { page, problems, context } = await H.openAdminPage(browser, { viewport });
    await H.login(page);
    for (const section of SECTIONS) {
      await H.goSection(page, section);
      await H.assertAccessible(page, `${section} (${label})`);
      if (label === '360px') {
        await H.assertNoHorizontalScroll(page, `${section} (360px)`);
        await H.screenshot(page, `360-${slug(section)}`);
      }
    }
    H.assertNoProblems(problems, `sections ${label}`);
    await context.close();
  });
}

test('keyboard only: skip link, the section links, and focus on the section heading', async () => {
  const { page, problems, context } = await H.openAdminPage(browser);
  await H.login(page);
  // A fresh load (the session stays): focus starts at the top of the document.
  await page.goto(H.adminUrl());
  await H.waitIdle(page);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Bỏ qua, đến nội dung chính');
  await page.keyboard.press('Enter');
  // The skip link must not switch sections.
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'noi-dung');

  const link = page.getByRole('navigation', { name: 'Các mục quản trị' }).getByRole('link', { name: 'Loại trừ' });
  await link.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Loại trừ' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'section-title');
  assert.equal(await link.getAttribute('aria-current'), 'page');
  H.assertNoProblems(problems, 'keyboard');
  await context.close();
});
