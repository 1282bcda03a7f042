// Xuất kết quả: create an export, see it listed, and download the workbook
// and a CSV through their presigned links.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as H from './admin-helpers.mjs';

let browser;
before(async () => { browser = await H.launch(); });
after(async () => { await browser?.close(); });

test('«Tạo bản xuất mới» writes an export; its XLSX and CSV download through the links', async () => {
  const { page, problems, context } = await H.openAdminPage(browser);
  await H.login(page, 'xuat');
  const before = await page.locator('li.export-item').count();
  await page.getByRole('button', { name: 'Tạo bản xuất mới' }).click();
  const done = page.locator('.notice-success', { hasText: 'Đã tạo bản xuất' });
  await done.waitFor({ timeout: 60000 });
  const exportId = /Đã tạo bản xuất (\S+) gồm/.exec(await done.textContent())[1];
  const sizes = Object.fromEntries(
    (await done.locator('li').allTextContents()).map((line) => [line.split(' – ')[0].trim(), line]),
  );
  assert.ok(sizes['ket-qua.xlsx'], `the workbook is among the files: ${Object.keys(sizes)}`);
  const item = page.locator(`li.export-item[data-export-id="${exportId}"]`);
  await item.waitFor();
  assert.equal(await page.locator('li.export-item').count(), before + 1);
  assert.equal(await item.getByText('Mới nhất').count(), 1, 'the newest export is marked');

  const xlsxLink = item.locator('a[data-name="ket-qua.xlsx"]');
  assert.equal(await xlsxLink.getAttribute('download'), 'ket-qua.xlsx');
  assert.match(await xlsxLink.getAttribute('href'), /X-Amz-Expires=\d+/, 'a presigned link');
  const [download] = await Promise.all([page.waitForEvent('download'), xlsxLink.click()]);
  assert.equal(download.suggestedFilename(), 'ket-qua.xlsx');
  const saved = path.join(H.ARTIFACTS, `tai-ve-${exportId}.xlsx`);
  await download.saveAs(saved);
  assert.equal(await download.failure(), null);
  const bytes = readFileSync(saved);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (ZIP) file');
  assert.ok(statSync(saved).size > 1000);

  const csvLink = item.locator('a[data-name="tap-the.csv"]');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
  const csvPath = path.join(H.ARTIFACTS, `tai-ve-${exportId}-tap-the.csv`);
  await csvDownload.saveAs(csvPath);
  const csv = readFileSync(csvPath);
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM');
  assert.match(csv.toString('utf8'), /UBND Phường 1/);

  await H.screenshot(page, 'admin-xuat-ket-qua');
  H.assertNoProblems(problems, 'exports');
  await context.close();
});
