// Cài đặt cuộc thi and Kết quả & giải thưởng. Runs last: it closes the open
// round (moving a round that has results asks for confirmation), runs the
// closing job from the page, publishes the winners and checks the
// collective ranking.

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

const contestDetail = async () => (await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}`, { token })).data;

/** Vietnam wall-clock time `minutes` from now, as a datetime-local value. */
function vietnamInput(minutes) {
  const shifted = new Date(Date.now() + minutes * 60000 + 7 * 3600000);
  return shifted.toISOString().slice(0, 16);
}

test('prizes and the tie-break order are saved from the form, and saving again changes nothing else', async () => {
  // A contact line set outside this form (the form does not show it) must survive a save.
  const withContact = { ...H.settingsOf((await contestDetail()).contest), contact: { hotline: '0233 3861 234 (giờ hành chính)', email: 'cchc@quangtri.gov.vn' } };
  assert.equal((await H.apiCall('PUT', `/api/admin/contests/${H.MAIN_CONTEST}`, { token, body: withContact })).status, 200);
  const before = await contestDetail();
  assert.equal(before.contest.contact.hotline, '0233 3861 234 (giờ hành chính)');
  const { page, problems, context } = await H.openAdminPage(browser);
  await H.login(page, 'cai-dat');
  await page.getByLabel('Số giải Nhất').fill('2');
  // The demo contest orders score, time, prediction (its published rules); move the prediction up.
  await page.getByRole('button', { name: 'Đưa «Dự đoán gần đúng hơn (nếu có câu hỏi dự đoán)» lên trên' }).click();
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu cài đặt cuộc thi.' }).waitFor();
  const after = await contestDetail();
  assert.equal(after.contest.prizes.first, 2);
  assert.deepEqual(after.contest.tie_breaks, ['score', 'prediction_distance', 'duration', 'submitted_at']);
  assert.deepEqual(after.contest.rounds, before.contest.rounds, 'untouched rounds keep their exact times');
  assert.deepEqual(after.contest.organizations, before.contest.organizations);
  assert.equal(after.contest.description, before.contest.description);
  for (const key of ['live_leaderboard', 'min_seconds_per_question', 'registration_challenge', 'phone_verification', 'leaderboard_shards', 'contact']) {
    assert.deepEqual(after.contest[key], before.contest[key], `saving the form keeps ${key}`);
  }

  // Put them back.
  await page.getByLabel('Số giải Nhất').fill(String(before.contest.prizes.first));
  await page.getByRole('button', { name: 'Đưa «Dự đoán gần đúng hơn (nếu có câu hỏi dự đoán)» xuống dưới' }).click();
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu cài đặt cuộc thi.' }).waitFor();
  const restored = await contestDetail();
  assert.deepEqual(restored.contest.prizes, before.contest.prizes);
  assert.deepEqual(restored.contest.tie_breaks, before.contest.tie_breaks);
  H.assertNoProblems(problems, 'settings');
  await context.close();
});

test('closing a round that has results asks for confirmation; then the winners are decided, published and ranked', async () => {
  // Make sure the open round has a result (this file may run on its own);
  // submitted at once, it waits for review: the committee accepts it.
  await H.takeAttempt({ fullName: 'Lê Văn Đạt Giải', organizationId: 'phuong-1', accept: true });
  const detail = await contestDetail();
  const round = detail.contest.rounds.find((r) => detail.round_status.find((s) => s.id === r.id)?.status === 'open');
  assert.ok(round, 'a round is open');

  const { page, problems, context } = await H.openAdminPage(browser);
  await H.login(page, 'cai-dat');
  const box = page.getByRole('group', { name: new RegExp(`^${round.name}`) });
  await box.getByLabel('Đóng lúc (giờ Việt Nam)').fill(vietnamInput(-2));

  // Cancel first: nothing changes.
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  const dialog = page.getByRole('dialog', { name: 'Xác nhận đổi tuần thi đã có người dự thi' });
  await dialog.waitFor();
  await dialog.locator('p', { hasText: 'đã có người dự thi' }).waitFor();
  await dialog.getByRole('button', { name: 'Hủy' }).click();
  await page.locator('.notice-info', { hasText: 'Chưa lưu' }).waitFor();
  assert.equal((await contestDetail()).contest.rounds.find((r) => r.id === round.id).closes_at, round.closes_at);

  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await dialog.waitFor();
  await H.screenshot(page, 'xac-nhan-doi-tuan');
  await dialog.getByRole('button', { name: 'Vẫn lưu thay đổi' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu cài đặt cuộc thi.' }).waitFor();
  const moved = await contestDetail();
  assert.equal(moved.round_status.find((s) => s.id === round.id).status, 'closed');

  // Results: run the closing job from the page; the winners appear.
  await H.goSection(page, 'Kết quả & giải thưởng');
  assert.equal(await page.getByLabel('Tuần thi').inputValue(), round.id, 'the latest closed round is chosen');
  await page.getByRole('button', { name: 'Chốt kết quả ngay' }).click();
  await page.locator('.notice-success', { hasText: 'Đã chạy chốt kết quả' }).waitFor({ timeout: 60000 });
  const winners = page.getByRole('table', { name: `Danh sách đạt giải ${round.name}` });
  await winners.waitFor();
  const apiWinners = (await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}/winners?round=${round.id}`, { token })).data;
  assert.equal(apiWinners.decided, true);
  assert.equal(await winners.locator('tbody tr').count(), apiWinners.winners.length);
  assert.ok(apiWinners.winners.length >= 1);
  const firstRow = await winners.locator('tbody tr').first().locator('th, td').allTextContents();
  assert.equal(firstRow[1], apiWinners.winners[0].prize_label);
  assert.equal(firstRow[2], apiWinners.winners[0].name);

  await page.getByRole('button', { name: 'Công bố trên trang dự thi' }).click();
  await page.getByText('Đã công bố', { exact: true }).waitFor();
  const published = (await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}/winners?round=${round.id}`, { token })).data;
  assert.equal(published.published, true);
  const publicWinners = await H.apiCall('GET', `/api/contests/${H.MAIN_CONTEST}/rounds/${round.id}/winners`);
  assert.equal(publicWinners.status, 200);

  // Collective ranking: the top three are highlighted.
  const ranking = page.getByRole('table', { name: 'Xếp hạng tập thể' });
  const top = ranking.locator('tbody tr.top');
  const apiRanking = (await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}/organizations/ranking`, { token })).data.entries;
  const expectedTop = apiRanking.filter((e) => e.rank <= 3 && e.participants > 0).length;
  assert.ok(expectedTop >= 1);
  assert.equal(await top.count(), expectedTop, 'only the first three with participants are highlighted');
  assert.match(await top.first().locator('th').textContent(), /^1 – Giải Nhất$/);
  assert.equal(await top.first().locator('td').first().textContent(), apiRanking[0].name);
  await H.screenshot(page, 'admin-ket-qua', { fullPage: true });
  await H.assertAccessible(page, 'results with winners');
  H.assertNoProblems(problems, 'results');
  await context.close();
});
