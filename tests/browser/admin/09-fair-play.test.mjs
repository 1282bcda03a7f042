// Fair play on the organizer page, on a contest of its own made through the
// API (min_seconds_per_question 3, so attempts submitted at once are flagged
// TOO_FAST): «Xét duyệt» accepts and rejects flagged results with a note and
// a confirmation, and after the winners are published a decision is a
// correction asked for twice and shown in the winners view; «Danh sách cán
// bộ» imports staff lists with a preview and shows who registered; units
// and open organizations; the rounds a question is for and each round's
// pool; the fair-play settings.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as H from './admin-helpers.mjs';

const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const CID = `cong-bang-${stamp}`;
const TITLE = `Kiểm thử công bằng ${stamp}`;
const DAY = 24 * 3600 * 1000;

let browser;
let token;
const flagged = [];

before(async () => {
  browser = await H.launch();
  ({ token } = await H.createContestViaApi({
    id: CID,
    title: TITLE,
    description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trang Ban Tổ chức.',
    rules: '1. Số câu: 3 câu mỗi lượt.',
    time_limit_seconds: 600,
    grace_seconds: 1,
    questions_per_attempt: 3,
    max_attempts_per_round: 2,
    min_seconds_per_question: 3,
    rounds: [
      { id: 'tuan-1', name: 'Tuần 1', opens_at: H.vietnamTime(Date.now() - DAY), closes_at: H.vietnamTime(Date.now() + DAY) },
      { id: 'tuan-2', name: 'Tuần 2', opens_at: H.vietnamTime(Date.now() + 2 * DAY), closes_at: H.vietnamTime(Date.now() + 9 * DAY) },
    ],
    organizations: [
      { id: 'phuong-a', name: 'UBND Phường An', group: 'Phường, xã', headcount: 20 },
      { id: 'phuong-b', name: 'UBND Phường Bình', group: 'Phường, xã', headcount: 10 },
      { id: 'hoi-thu', name: 'Hội Thử nghiệm', group: 'Đoàn thể', headcount: 5 },
      { id: 'nhan-dan', name: 'Nhân dân', group: 'Nhân dân', kind: 'open' },
    ],
  }, H.SMALL_BANK));
  for (const fullName of ['Nguyễn Văn Nhanh', 'Trần Thị Vội', 'Lê Văn Chớp']) {
    flagged.push({ fullName, ...(await H.takeAttempt({ contest: CID, fullName, organizationId: 'phuong-a' })) });
  }
});
after(async () => { await browser?.close(); });

const detail = async () => (await H.apiCall('GET', `/api/admin/contests/${CID}`, { token })).data;
const reviews = async () => (await H.apiCall('GET', `/api/admin/contests/${CID}/reviews?round=tuan-1`, { token })).data.reviews;

async function openContest(viewport = H.ADMIN_DESKTOP) {
  const opened = await H.openAdminPage(browser, { viewport });
  await H.login(opened.page);
  await opened.page.locator('#contest-select').selectOption(CID);
  await opened.page.getByRole('heading', { level: 2, name: TITLE }).waitFor();
  await H.waitIdle(opened.page);
  return opened;
}

const card = (page, name) => page.locator('.review-card', { has: page.getByRole('heading', { name, exact: true }) });

test('flagged results: the overview counts them, «Xét duyệt» accepts and rejects each with a note and a confirmation', async () => {
  assert.equal((await detail()).pending_reviews, 3);
  const { page, problems, context } = await openContest(H.PHONE);
  const pending = page.locator('.notice-warning', { hasText: 'Còn 3 kết quả chờ xét duyệt' });
  await pending.waitFor();
  await pending.getByRole('link', { name: 'Xem mục Xét duyệt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Xét duyệt' }).waitFor();
  await H.waitIdle(page);
  assert.equal(await page.locator('.review-card').count(), 3);
  await page.getByText('3 kết quả chờ xét duyệt, 0 đã xét.').waitFor();
  const first = card(page, 'Nguyễn Văn Nhanh');
  await first.getByText('Lý do: Hoàn thành nhanh bất thường: dưới 3 giây mỗi câu').waitFor();
  await first.getByText('Chờ xét duyệt').waitFor();
  assert.match(await first.textContent(), /Thời gian làm bài: \d+,\d giây \(\d+,\d giây mỗi câu\)/);
  await H.checkPage(page, 'admin-xet-duyet-360', { fullPage: true });

  // Accept one, cancelling first: nothing is recorded until confirmed.
  await first.getByLabel('Ghi chú (không bắt buộc)').fill('Đã gọi điện xác minh: thí sinh ôn kỹ bộ câu hỏi.');
  await first.getByRole('button', { name: 'Chấp nhận' }).click();
  let dialog = page.getByRole('dialog', { name: 'Chấp nhận kết quả của Nguyễn Văn Nhanh?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Hủy' }).click();
  assert.equal((await reviews()).find((r) => r.full_name === 'Nguyễn Văn Nhanh').decision, null);
  await first.getByRole('button', { name: 'Chấp nhận' }).click();
  await dialog.waitFor();
  await H.screenshot(page, 'admin-xet-duyet-xac-nhan');
  await dialog.getByRole('button', { name: 'Chấp nhận' }).click();
  await page.locator('.notice-success', { hasText: 'Đã chấp nhận kết quả của Nguyễn Văn Nhanh.' }).waitFor();
  await card(page, 'Nguyễn Văn Nhanh').getByText('Đã chấp nhận', { exact: true }).waitFor();

  // Reject another.
  const second = card(page, 'Trần Thị Vội');
  await second.getByLabel('Ghi chú (không bắt buộc)').fill('Làm xong 3 câu trong chưa đầy 1 giây.');
  await second.getByRole('button', { name: 'Loại kết quả' }).click();
  dialog = page.getByRole('dialog', { name: 'Loại kết quả của Trần Thị Vội?' });
  await dialog.getByRole('button', { name: 'Loại kết quả' }).click();
  await page.locator('.notice-success', { hasText: 'Đã loại kết quả của Trần Thị Vội.' }).waitFor();

  const decided = await reviews();
  const byName = Object.fromEntries(decided.map((r) => [r.full_name, r]));
  assert.equal(byName['Nguyễn Văn Nhanh'].decision, 'accepted');
  assert.equal(byName['Nguyễn Văn Nhanh'].note, 'Đã gọi điện xác minh: thí sinh ôn kỹ bộ câu hỏi.');
  assert.equal(byName['Trần Thị Vội'].decision, 'rejected');
  assert.equal(byName['Lê Văn Chớp'].decision, null);
  await page.getByText('1 kết quả chờ xét duyệt, 2 đã xét.').waitFor();
  // Accepted, the result counts: it is on the round's leaderboard (no prediction question: shown live).
  const board = await H.apiCall('GET', `/api/contests/${CID}/rounds/tuan-1/leaderboard`);
  assert.deepEqual(board.data.entries.map((e) => e.name), ['Nguyễn Văn Nhanh']);
  await H.assertAccessible(page, 'reviews after decisions');
  H.assertNoProblems(problems, 'reviews');
  await context.close();
});

test('after the winners are published, a decision is a correction confirmed twice; the winners view says so', async () => {
  // Close «Tuần 1» (it has results: confirm=true), let its grace pass, decide and publish its winners.
  const settings = H.settingsOf((await detail()).contest);
  const closed = Date.now() - 5000;
  settings.rounds = settings.rounds.map((r) => (r.id === 'tuan-1' ? { ...r, closes_at: H.vietnamTime(closed) } : r));
  const moved = await H.apiCall('PUT', `/api/admin/contests/${CID}?confirm=true`, { token, body: settings });
  assert.equal(moved.status, 200, JSON.stringify(moved.data));
  assert.equal((await H.apiCall('POST', '/api/admin/jobs/close-rounds', { token })).status, 200);
  const winners = await H.apiCall('GET', `/api/admin/contests/${CID}/winners?round=tuan-1`, { token });
  assert.equal(winners.data.decided, true, JSON.stringify(winners.data));
  assert.equal(winners.data.pending_reviews, 1);
  const published = await H.apiCall('POST', `/api/admin/contests/${CID}/winners/publish?round=tuan-1`, { token, body: { published: true } });
  assert.equal(published.status, 200, JSON.stringify(published.data));

  const { page, problems, context } = await openContest();
  await H.goSection(page, 'Kết quả & giải thưởng');
  await page.getByLabel('Tuần thi').selectOption('tuan-1');
  const pending = page.locator('.notice-warning', { hasText: 'Còn 1 kết quả chờ xét duyệt' });
  await pending.waitFor();
  assert.equal(await page.locator('.corrected').count(), 0);
  assert.match(await page.getByRole('table', { name: 'Danh sách đạt giải Tuần 1' }).textContent(), /Nguyễn Văn Nhanh/);
  await pending.getByRole('link', { name: 'Xem mục Xét duyệt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Xét duyệt' }).waitFor();
  await H.waitIdle(page);
  assert.equal(await page.getByLabel('Tuần thi').inputValue(), 'tuan-1', 'the link opens the round');

  const third = card(page, 'Lê Văn Chớp');
  await third.getByRole('button', { name: 'Chấp nhận' }).click();
  await page.getByRole('dialog', { name: 'Chấp nhận kết quả của Lê Văn Chớp?' }).getByRole('button', { name: 'Chấp nhận' }).click();
  const correction = page.getByRole('dialog', { name: 'Đính chính danh sách đạt giải đã công bố?' });
  await correction.waitFor();
  assert.match(await correction.textContent(), /Danh sách đạt giải Tuần 1 đã công bố\. Đây sẽ là một lần đính chính/);
  await H.screenshot(page, 'admin-xet-duyet-dinh-chinh');
  // Cancelled: nothing recorded.
  await correction.getByRole('button', { name: 'Hủy' }).click();
  await page.locator('.notice-info', { hasText: 'Chưa ghi quyết định' }).waitFor();
  assert.equal((await reviews()).find((r) => r.full_name === 'Lê Văn Chớp').decision, null);

  await third.getByRole('button', { name: 'Chấp nhận' }).click();
  await page.getByRole('dialog', { name: 'Chấp nhận kết quả của Lê Văn Chớp?' }).getByRole('button', { name: 'Chấp nhận' }).click();
  await correction.getByRole('button', { name: 'Đính chính' }).click();
  await page.locator('.notice-success', { hasText: 'Đã chấp nhận kết quả của Lê Văn Chớp; danh sách đạt giải Tuần 1 đã được đính chính.' }).waitFor();
  const after = (await H.apiCall('GET', `/api/admin/contests/${CID}/winners?round=tuan-1`, { token })).data;
  assert.ok(after.corrected_at, 'the winners are marked corrected');
  assert.equal(after.pending_reviews, 0);
  assert.ok(after.winners.some((w) => w.name === 'Lê Văn Chớp'), 'the accepted result now wins too');

  await H.goSection(page, 'Kết quả & giải thưởng');
  await page.getByLabel('Tuần thi').selectOption('tuan-1');
  await page.locator('.corrected', { hasText: /^Đã đính chính lúc \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d/ }).waitFor();
  assert.equal(await page.locator('.notice-warning', { hasText: 'chờ xét duyệt' }).count(), 0);
  const rows = page.getByRole('table', { name: 'Danh sách đạt giải Tuần 1' }).locator('tbody tr');
  assert.match(await rows.first().textContent(), /\d+,\d giây/, 'times to the tenth of a second');
  await H.screenshot(page, 'admin-ket-qua-dinh-chinh', { fullPage: true });
  await H.assertAccessible(page, 'corrected winners');
  const audit = (await H.apiCall('GET', `/api/admin/contests/${CID}/audit`, { token })).data.entries;
  assert.ok(audit.some((e) => e.action === 'review.decide.correction'));
  await H.goSection(page, 'Nhật ký');
  await page.getByRole('cell', { name: 'Xét duyệt kết quả (đính chính danh sách đạt giải đã công bố)' }).first().waitFor();
  H.assertNoProblems(problems, 'correction');
  await context.close();
});

function csvFile(name, lines) {
  const file = path.join(H.ARTIFACTS, name);
  writeFileSync(file, `\ufeff${lines.join('\r\n')}\r\n`);
  return file;
}

test('staff lists import with a preview, replace the head count, and show who registered; units and open organizations', async () => {
  const header = 'Mã đơn vị,Họ và tên,Năm sinh,Số điện thoại';
  const bad = csvFile(`can-bo-co-loi-${stamp}.csv`, [
    header,
    'phuong-a,Phạm Văn Một,1980,',
    'phuong-a,Phạm Thị Hai,năm ngoái,',
    'khong-co,Đỗ Văn Ba,1990,',
  ]);
  const good = csvFile(`can-bo-${stamp}.csv`, [
    header,
    'phuong-a,Phạm Văn Một,1980,',
    'phuong-a,Phạm Thị Hai,1985,0905123456',
    'phuong-a,Võ Văn Ba,1990,',
    'phuong-b,Đinh Thị Bốn,1979,',
    'phuong-b,Hồ Văn Năm,1992,',
  ]);
  const { page, problems, context } = await openContest(H.PHONE);
  await H.goSection(page, 'Danh sách cán bộ');
  await page.getByRole('link', { name: 'Tải tệp mẫu (CSV, mở được bằng Excel)' }).waitFor();
  await page.getByLabel('Chọn tệp').setInputFiles(bad);
  const errors = page.getByRole('table', { name: 'Các dòng lỗi' });
  await errors.waitFor();
  assert.deepEqual(await errors.locator('tbody th').allTextContents(), ['3', '4']);
  assert.equal(await page.locator('#roster-import-commit').isDisabled(), true);

  await page.getByLabel('Chọn tệp').setInputFiles(good);
  await page.locator('.notice-success', { hasText: 'Tệp hợp lệ: 5 người của 2 đơn vị (UBND Phường An: 3 người; UBND Phường Bình: 2 người).' }).waitFor();
  const preview = page.getByRole('table', { name: 'Xem trước 5 dòng hợp lệ' });
  await preview.waitFor();
  assert.deepEqual(await preview.locator('tbody tr').first().locator('th, td').allTextContents(), ['Phạm Văn Một', 'UBND Phường An', '1980', '—']);
  await H.checkPage(page, 'admin-danh-sach-can-bo-xem-truoc', { fullPage: true });
  await page.getByRole('button', { name: 'Nhập 5 dòng' }).click();
  await page.locator('.notice-success', { hasText: 'Đã nhập danh sách cán bộ: 5 người của 2 đơn vị.' }).waitFor();
  const orgs = (await detail()).contest.organizations;
  assert.deepEqual(orgs.filter((o) => o.staff_list).map((o) => [o.id, o.headcount]), [['phuong-a', 3], ['phuong-b', 2]]);

  // One listed person registers: the list says so.
  await H.registerViaApi(CID, { fullName: 'Võ Văn Ba', organizationId: 'phuong-a', birthYear: 1990 });
  await page.getByLabel('Đơn vị', { exact: true }).selectOption('phuong-b');
  await page.getByRole('table', { name: 'Danh sách cán bộ: UBND Phường Bình' }).waitFor();
  await page.getByLabel('Đơn vị', { exact: true }).selectOption('phuong-a');
  const list = page.getByRole('table', { name: 'Danh sách cán bộ: UBND Phường An' });
  await list.waitFor();
  assert.deepEqual(await list.getByRole('row', { name: /Võ Văn Ba/ }).locator('th, td').allTextContents(), ['Võ Văn Ba', '1990', 'Đã đăng ký', '—']);
  assert.deepEqual(await list.getByRole('row', { name: /Phạm Văn Một/ }).locator('th, td').allTextContents(), ['Phạm Văn Một', '1980', 'Chưa đăng ký', '—']);
  await page.getByText('3 người trong danh sách, 1 người đã đăng ký.').waitFor();
  await H.checkPage(page, 'admin-danh-sach-can-bo', { fullPage: true });

  // Đơn vị: the head count of a unit with a list follows it; an organization becomes open.
  await H.goSection(page, 'Đơn vị');
  const table = page.getByRole('table', { name: 'Danh sách đơn vị' });
  assert.deepEqual(await table.getByRole('row', { name: /UBND Phường An/ }).locator('th, td').allTextContents(),
    ['UBND Phường An', 'phuong-a', 'Phường, xã', 'Đơn vị', '3 (theo danh sách cán bộ)', 'Sửa']);
  assert.deepEqual((await table.getByRole('row', { name: /^Nhân dân/ }).locator('th, td').allTextContents()).slice(3, 5), ['Tự do', '—']);
  await table.getByRole('button', { name: 'Sửa UBND Phường An' }).click();
  await page.getByText('3 — theo danh sách cán bộ').waitFor();
  assert.equal(await page.getByLabel('Loại').isDisabled(), true);
  await page.getByRole('button', { name: 'Hủy' }).click();
  await table.getByRole('button', { name: 'Sửa Hội Thử nghiệm' }).click();
  await page.getByLabel('Loại').selectOption('open');
  await page.getByLabel('Số người (tổng số cán bộ)').fill('');
  await page.getByRole('button', { name: 'Lưu đơn vị' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu đơn vị «Hội Thử nghiệm».' }).waitFor();
  const hoi = (await detail()).contest.organizations.find((o) => o.id === 'hoi-thu');
  assert.equal(hoi.kind, 'open');
  await H.checkPage(page, 'admin-don-vi-loai', { fullPage: true });
  H.assertNoProblems(problems, 'staff lists');
  await context.close();
});

test('the fair-play settings are saved from the form', async () => {
  const { page, problems, context } = await openContest(H.PHONE);
  await H.goSection(page, 'Cài đặt cuộc thi');
  const group = page.getByRole('group', { name: 'Công bằng và chống gian lận' });
  assert.equal(await group.getByLabel('Số giây tối thiểu mỗi câu').inputValue(), '3');
  assert.equal(await group.getByLabel('Bảng xếp hạng trong khi tuần thi mở').inputValue(), '');
  assert.equal(await group.getByLabel(/Xác minh chống đăng ký tự động/).isChecked(), true);
  assert.equal(await group.getByLabel('Xác minh số điện thoại khi đăng ký').inputValue(), 'none');
  await group.getByLabel('Bảng xếp hạng trong khi tuần thi mở').selectOption('false');
  await group.getByLabel('Số giây tối thiểu mỗi câu').fill('5');
  await group.getByLabel(/Xác minh chống đăng ký tự động/).uncheck();
  await group.getByLabel('Xác minh số điện thoại khi đăng ký').selectOption('sms');
  await H.checkPage(page, 'admin-cai-dat-cong-bang');
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu cài đặt cuộc thi.' }).waitFor();
  const saved = (await detail()).contest;
  assert.equal(saved.live_leaderboard, false);
  assert.equal(saved.min_seconds_per_question, 5);
  assert.equal(saved.registration_challenge, false);
  assert.equal(saved.phone_verification, 'sms');
  H.assertNoProblems(problems, 'fair-play settings');
  await context.close();
});

// Last: it narrows the rounds of a question.
test('a question kept for one round shows in the bank; narrowing that would starve a round is refused; a short pool is warned about', async () => {
  const { page, problems, context } = await openContest();
  await H.goSection(page, 'Ngân hàng câu hỏi');
  const cards = page.locator('.q-card');
  await cards.first().waitFor();
  assert.equal(await cards.first().locator('.q-rounds').textContent(), 'Tuần thi: Mọi tuần thi');
  // Keep the first question for «Tuần 1» only: «Tuần 2» keeps the 3 an attempt draws.
  const first = cards.nth(0);
  await first.getByRole('button', { name: 'Sửa' }).click();
  await first.getByRole('group', { name: 'Dùng cho tuần thi' }).getByLabel('Tuần 1').check();
  await first.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await first.locator('.q-rounds', { hasText: 'Tuần thi: Tuần 1' }).waitFor();
  // A second one would leave «Tuần 2» (not closed yet) 2 questions: the server refuses, the form says why.
  const second = cards.nth(1);
  await second.getByRole('button', { name: 'Sửa' }).click();
  await second.getByRole('group', { name: 'Dùng cho tuần thi' }).getByLabel('Tuần 1').check();
  await second.getByRole('button', { name: 'Lưu câu hỏi' }).click();
  await second.getByRole('alert').filter({ hasText: 'Tuần 2 chỉ có 2 câu hỏi đã duyệt để rút đề, ít hơn số câu mỗi lượt thi (3)' }).waitFor();
  await second.getByRole('button', { name: 'Hủy' }).click();
  const bank = (await H.apiCall('GET', `/api/admin/contests/${CID}/questions`, { token })).data.questions;
  assert.equal(bank.filter((q) => q.rounds.length === 1 && q.rounds[0] === 'tuan-1').length, 1);
  await page.getByLabel('Tuần thi', { exact: true }).selectOption('tuan-2');
  await page.getByText('Đang hiện 3 / 3 câu phù hợp.').waitFor();
  assert.deepEqual((await detail()).pools, [{ round_id: 'tuan-1', approved: 4 }, { round_id: 'tuan-2', approved: 3 }]);

  // A round whose pool is short (the server no longer lets the bank get there,
  // but a contest loaded from a file can): the overview and the settings warn.
  await context.route(`**/api/admin/contests/${CID}`, async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    const body = await response.json();
    body.pools = body.pools.map((p) => (p.round_id === 'tuan-2' ? Object.assign({}, p, { approved: 2 }) : p));
    return route.fulfill({ response, json: body });
  });
  await H.goSection(page, 'Tổng quan');
  await page.locator('.notice-warning', { hasText: 'Chưa đủ 3 câu đã duyệt cho một lượt thi ở: Tuần 2 (2 câu).' }).waitFor();
  await page.locator('.round-list .pool-short', { hasText: '2 câu đã duyệt (chưa đủ 3)' }).waitFor();
  await H.screenshot(page, 'admin-tong-quan-ngan-hang-theo-tuan', { fullPage: true });
  await H.goSection(page, 'Cài đặt cuộc thi');
  await page.getByRole('group', { name: /^Tuần 2/ }).locator('.pool-short', { hasText: 'Ngân hàng cho tuần này: 2 câu đã duyệt.' }).waitFor();
  H.assertNoProblems(problems, 'question rounds');
  await context.close();
});
