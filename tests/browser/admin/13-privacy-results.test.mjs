// On a contest of its own: the new settings (contact, a practice round,
// the data controller, the retention and the privacy notice, with the one
// in force shown) saved and read back, on the organizer API and the public
// one; the erasure date on the overview; practice rounds left out of the
// winners; «Tính lại kết quả» for a decided round (and, once published, the
// correction asked for); the contact list with its warning, downloaded,
// and audited.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as H from './admin-helpers.mjs';

const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const CID = `du-lieu-${stamp}`;
const TITLE = `Kiểm thử dữ liệu cá nhân ${stamp}`;
const NOTICE = 'Thông báo xử lý dữ liệu cá nhân của Ban Tổ chức.\n\nỦy ban nhân dân thị xã Quảng Trị xử lý họ tên, số điện thoại, đơn vị công tác của người dự thi để tổ chức cuộc thi và trao giải.';

const DAY = 24 * 3600 * 1000;
// A practice round draws only from the questions that name it: three of its own.
const PRACTICE_BANK = [
  { text: 'Thi thử: một tuần có mấy ngày làm việc theo quy định?', options: ['4 ngày', '5 ngày', '6 ngày', '7 ngày'], answer: 'B', rounds: ['thi-thu'] },
  { text: 'Thi thử: Thủ đô của Việt Nam là thành phố nào?', options: ['Huế', 'Hà Nội'], answer: 'B', rounds: ['thi-thu'] },
  { text: 'Thi thử: tỉnh Quảng Trị thuộc vùng nào?', options: ['Bắc Trung Bộ', 'Tây Nguyên'], answer: 'A', rounds: ['thi-thu'] },
];

let browser;
let token;
let winner;
before(async () => {
  browser = await H.launch();
  ({ token } = await H.makeContest(CID, TITLE, {
    bank: H.BANK8.concat(PRACTICE_BANK),
    extra: {
      rounds: [
        { id: 'tuan-1', name: 'Tuần 1', opens_at: H.vietnamTime(Date.now() - DAY), closes_at: H.vietnamTime(Date.now() + DAY) },
        { id: 'tuan-2', name: 'Tuần 2', opens_at: H.vietnamTime(Date.now() + 2 * DAY), closes_at: H.vietnamTime(Date.now() + 9 * DAY) },
        { id: 'thi-thu', name: 'Thi thử', opens_at: H.vietnamTime(Date.now() - DAY), closes_at: H.vietnamTime(Date.now() + 9 * DAY) },
      ],
    },
  }));
  winner = await H.takeAttempt({ contest: CID, fullName: 'Hoàng Thị Liên Hệ', organizationId: 'phuong-b', correct: 'all', bank: H.BANK8 });
});
after(async () => { await browser?.close(); });

const detail = async () => (await H.apiCall('GET', `/api/admin/contests/${CID}`, { token })).data;
const publicInfo = async () => (await H.apiCall('GET', `/api/contests/${CID}`)).data;

test('contact, a practice round, the data controller, retention and the privacy notice are saved and read back', async () => {
  const before = await detail();
  assert.equal(before.contest.personal_data_retention_days, 365);
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Cài đặt cuộc thi' });
  const contact = page.getByRole('group', { name: 'Liên hệ Ban Tổ chức' });
  const privacy = page.getByRole('group', { name: 'Bảo vệ dữ liệu cá nhân' });
  await privacy.getByText(`Thông báo do hệ thống soạn, đang áp dụng (phiên bản ${before.privacy_notice_version})`).click();
  assert.equal((await privacy.locator('.notice-text').textContent()).trim(), before.privacy_notice.trim(), 'the generated notice is shown');
  await privacy.getByText(/Dữ liệu cá nhân của người dự thi sẽ được xóa ngày \d\d\/\d\d\/\d{4} \(lúc \d\d:\d\d\)/).waitFor();

  await contact.getByLabel('Thư điện tử').fill('khong-phai-email');
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await page.getByRole('alert').filter({ hasText: 'Thư điện tử liên hệ «khong-phai-email» không đúng định dạng.' }).waitFor();

  await contact.getByLabel('Số điện thoại đường dây nóng').fill('0233 3861 234 (giờ hành chính)');
  await contact.getByLabel('Thư điện tử').fill('cchc@quangtri.gov.vn');
  await privacy.getByLabel('Bên kiểm soát dữ liệu cá nhân').fill('Ủy ban nhân dân thị xã Quảng Trị, số 1 Trần Hưng Đạo, thị xã Quảng Trị');
  await privacy.getByLabel('Số ngày lưu dữ liệu cá nhân').fill('30');
  await privacy.getByLabel('Thông báo xử lý dữ liệu cá nhân (không bắt buộc)').fill(NOTICE);
  await page.getByRole('group', { name: /^Thi thử/ }).getByLabel('Thi thử — không xếp hạng, không giới hạn lượt').check();
  await H.checkPage(page, 'admin-cai-dat-du-lieu-ca-nhan', { fullPage: true });
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu cài đặt cuộc thi.' }).waitFor();

  const saved = await detail();
  assert.deepEqual(saved.contest.contact, { hotline: '0233 3861 234 (giờ hành chính)', email: 'cchc@quangtri.gov.vn' });
  assert.equal(saved.contest.data_controller, 'Ủy ban nhân dân thị xã Quảng Trị, số 1 Trần Hưng Đạo, thị xã Quảng Trị');
  assert.equal(saved.contest.personal_data_retention_days, 30);
  assert.equal(saved.contest.privacy_notice, NOTICE);
  assert.equal(saved.contest.rounds.find((r) => r.id === 'thi-thu').practice, true);
  assert.ok(!saved.contest.rounds.find((r) => r.id === 'tuan-1').practice);
  assert.notEqual(saved.privacy_notice_version, before.privacy_notice_version, 'a new notice, a new version');
  assert.deepEqual(saved.contest.organizations, before.contest.organizations);
  assert.equal(saved.contest.leaderboard_shards, before.contest.leaderboard_shards);

  // Read back: the form shows what was saved.
  await page.reload();
  await H.waitIdle(page);
  assert.equal(await contact.getByLabel('Thư điện tử').inputValue(), 'cchc@quangtri.gov.vn');
  assert.equal(await privacy.getByLabel('Số ngày lưu dữ liệu cá nhân').inputValue(), '30');
  assert.equal(await privacy.getByLabel('Thông báo xử lý dữ liệu cá nhân (không bắt buộc)').inputValue(), NOTICE);
  assert.equal(await page.getByRole('group', { name: /^Thi thử/ }).getByLabel('Thi thử — không xếp hạng, không giới hạn lượt').isChecked(), true);
  await privacy.getByText(`Thông báo đang áp dụng (phiên bản ${saved.privacy_notice_version})`).waitFor();

  // Emptied, the notice is the generated one again.
  await privacy.getByLabel('Thông báo xử lý dữ liệu cá nhân (không bắt buộc)').fill('');
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu cài đặt cuộc thi.' }).waitFor();
  const generated = await detail();
  assert.equal(generated.contest.privacy_notice ?? null, null);
  assert.notEqual(generated.privacy_notice, NOTICE);
  assert.match(generated.privacy_notice, /Ủy ban nhân dân thị xã Quảng Trị, số 1 Trần Hưng Đạo/, 'the generated notice names the controller');

  // The overview says when the data goes.
  await H.goSection(page, 'Tổng quan');
  await page.locator('.erase-note', { hasText: /^Dữ liệu cá nhân của người dự thi sẽ được xóa ngày \d\d\/\d\d\/\d{4} \(lúc \d\d:\d\d\), khi hết thời hạn lưu\./ }).waitFor();
  assert.ok(generated.personal_data_erase_on);

  // The public contest info follows once its cache (60 s) renews.
  await H.waitUntil(async () => (await publicInfo()).privacy_notice_version === generated.privacy_notice_version, { timeout: 75000, interval: 2000, message: 'the public notice' });
  const info = await publicInfo();
  assert.equal(info.privacy_notice, generated.privacy_notice);
  assert.equal(info.data_controller, 'Ủy ban nhân dân thị xã Quảng Trị, số 1 Trần Hưng Đạo, thị xã Quảng Trị');
  assert.deepEqual(info.contact, { hotline: '0233 3861 234 (giờ hành chính)', email: 'cchc@quangtri.gov.vn' });
  assert.equal(info.rounds.find((r) => r.id === 'thi-thu').practice, true);
  assert.equal(info.rounds.find((r) => r.id === 'tuan-2').practice, false);
  H.assertNoProblems(problems, 'privacy settings');
  await context.close();
});

test('«Tính lại kết quả» for a decided round reports what it did; once published, the correction is asked for', async () => {
  await H.closeFirstRound(CID, token);
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Kết quả & giải thưởng' });
  const rounds = await page.getByLabel('Tuần thi').locator('option').allTextContents();
  assert.deepEqual(rounds, ['Tuần 1 (Đã kết thúc)', 'Tuần 2 (Sắp diễn ra)'], 'the practice round has no winners');
  await page.getByRole('table', { name: 'Danh sách đạt giải Tuần 1' }).waitFor();
  await page.getByRole('button', { name: 'Tính lại kết quả' }).click();
  await page.getByRole('dialog', { name: 'Tính lại kết quả Tuần 1?' }).getByRole('button', { name: 'Tính lại kết quả' }).click();
  const done = page.locator('.recompute-status .notice-success');
  await done.waitFor();
  assert.match(await done.textContent(), /Đã tính lại kết quả Tuần 1\.Không có bài thi nào cần chấm lại\./);

  await page.getByRole('button', { name: 'Công bố trên trang dự thi' }).click();
  await page.getByText('Đã công bố', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Tính lại kết quả' }).click();
  await page.getByRole('dialog', { name: 'Tính lại kết quả Tuần 1?' }).getByRole('button', { name: 'Tính lại kết quả' }).click();
  const correction = page.getByRole('dialog', { name: 'Đính chính danh sách đạt giải đã công bố?' });
  await correction.getByRole('button', { name: 'Đính chính' }).click();
  await page.locator('.recompute-status .notice-success', { hasText: 'Đã tính lại kết quả Tuần 1.' }).waitFor();
  const log = (await H.apiCall('GET', `/api/admin/contests/${CID}/audit`, { token })).data.entries;
  assert.equal(log.filter((e) => e.action === 'winners.recompute').length, 2);
  await H.checkPage(page, 'admin-ket-qua-tinh-lai', { fullPage: true });
  H.assertNoProblems(problems, 'recompute');
  await context.close();
});

test('the contact list warns about phone numbers, is written as an export, downloads, and is audited', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Xuất kết quả' });
  const section = page.getByRole('region', { name: 'Danh bạ liên hệ' });
  await section.getByText('Danh bạ có số điện thoại và thư điện tử của người dự thi — dữ liệu cá nhân.').waitFor();
  await section.getByText(/Mỗi lần tạo danh bạ được ghi vào Nhật ký/).waitFor();
  await section.getByLabel('Tất cả người dự thi').check();
  await section.getByRole('button', { name: 'Tạo danh bạ liên hệ' }).click();
  const done = section.locator('.notice-success', { hasText: 'Đã tạo danh bạ liên hệ của tất cả người dự thi' });
  await done.waitFor({ timeout: 60000 });
  const exportId = /\(([^)]+)\)/.exec(await done.textContent())[1];
  const entry = page.locator(`li.export-item[data-export-id="${exportId}"]`);
  await entry.getByRole('heading', { name: /^Danh bạ liên hệ lúc/ }).waitFor();
  await entry.getByText('Có số điện thoại', { exact: true }).waitFor();
  const csvLink = entry.getByRole('link', { name: 'Danh bạ liên hệ (CSV)' });
  const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
  const saved = path.join(H.ARTIFACTS, `danh-ba-${exportId}.csv`);
  await download.saveAs(saved);
  const csv = readFileSync(saved, 'utf8');
  assert.match(csv, /Hoàng Thị Liên Hệ/);
  assert.ok(csv.includes(winner.phone), 'the phone number is in the list');
  const log = (await H.apiCall('GET', `/api/admin/contests/${CID}/audit`, { token })).data.entries;
  const access = log.find((e) => e.action === 'personal_data.contact_export');
  assert.equal(access.detail.scope, 'all');
  assert.equal(access.detail.export_id, exportId);
  await H.checkPage(page, 'admin-xuat-danh-ba', { fullPage: true });

  await H.goSection(page, 'Nhật ký');
  const row = page.getByRole('row', { name: /Tạo danh bạ liên hệ \(truy cập dữ liệu cá nhân\)/ }).first();
  await row.getByText(/phạm vi: tất cả người dự thi/).waitFor();
  await row.getByText(/số người: 1(;|$)/).waitFor();
  H.assertNoProblems(problems, 'contact list');
  await context.close();
});
