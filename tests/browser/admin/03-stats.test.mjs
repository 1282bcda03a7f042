// Tổng quan: the live statistics are drawn as SVG charts. One test runs
// against the real server after a participant attempt; one feeds a fixed
// statistics answer (the documented shape) to check every chart, the
// numbers and the 30-second refresh deterministically.

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

test('after a participant attempt, the overview draws the server’s statistics as SVG charts', async (t) => {
  await H.takeAttempt({ fullName: 'Trần Thị Biểu Đồ', organizationId: 'phuong-3' });
  await H.takeAttempt({ fullName: 'Nguyễn Văn Thống Kê', organizationId: 'phong-noi-vu' });
  await H.takeAttempt({ fullName: 'Phạm Thị Số Liệu', organizationId: 'phong-noi-vu', correct: 'none' });
  const direct = await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}/stats`, { token });
  if (direct.status === 404) {
    t.skip('GET /api/admin/contests/{cid}/stats is not implemented on the server yet (404 NOT_FOUND)');
    return;
  }
  assert.equal(direct.status, 200, JSON.stringify(direct.data));
  assert.ok(direct.data.totals.participants >= 1, 'the attempt is counted');

  const { page, problems, context } = await H.openAdminPage(browser);
  await H.login(page);
  await page.locator('.chart svg').first().waitFor();
  const charts = await page.locator('figure.chart').count();
  assert.ok(charts >= 3, `expected the round, score and organization charts, got ${charts}`);
  assert.ok((await page.locator('.chart svg rect.bar').count()) > 0, 'bars are drawn');
  const participants = (await page.locator('.stat-card', { hasText: 'Người dự thi' }).locator('.stat-value').textContent()).trim();
  assert.equal(participants, new Intl.NumberFormat('vi-VN').format(direct.data.totals.participants));
  await H.screenshot(page, 'admin-tong-quan', { fullPage: true });

  // Per-question statistics in the bank: the most drawn question first.
  const bank = (await H.apiCall('GET', `/api/admin/contests/${H.MAIN_CONTEST}/questions`, { token })).data.questions;
  const drawn = bank.filter((q) => q.stats && q.stats.drawn > 0).sort((a, b) => b.stats.drawn - a.stats.drawn);
  assert.ok(drawn.length >= 20, `questions drawn in the attempt carry statistics (${drawn.length})`);
  await H.goSection(page, 'Ngân hàng câu hỏi');
  await page.getByLabel('Sắp xếp').selectOption('drawn');
  const firstStats = await page.locator('.q-card .q-stats').first().textContent();
  assert.match(firstStats, new RegExp(`^Đã ra đề ${drawn[0].stats.drawn} lần`));
  H.assertNoProblems(problems, 'stats');
  await context.close();
});

const FIXTURE = {
  server_time: '2026-11-26T10:00:00+07:00',
  totals: { participants: 137, finished_attempts: 201, in_progress: 4 },
  rounds: [
    { round_id: 'tuan-1', name: 'Tuần 1', status: 'open', participants: 120, attempts: 180, in_progress: 4 },
    { round_id: 'tuan-2', name: 'Tuần 2', status: 'upcoming', participants: 0, attempts: 0, in_progress: 0 },
  ],
  days: [
    { date: '2026-11-23', attempts: 5, participants: 4 },
    { date: '2026-11-24', attempts: 40, participants: 35 },
    { date: '2026-11-25', attempts: 31, participants: 25 },
  ],
  score_distribution: Array.from({ length: 21 }, (_, score) => ({ score, count: score >= 10 ? 21 - score : 0 })),
  organizations: [
    { organization_id: 'phuong-1', name: 'UBND Phường 1', participants: 30, headcount: 40, participation_rate: 0.75 },
    { organization_id: 'phong-giao-duc-dao-tao', name: 'Phòng Giáo dục và Đào tạo', participants: 12, headcount: 12, participation_rate: 1 },
    { organization_id: 'nhan-dan', name: 'Nhân dân <b>không phải HTML</b>', participants: 50, headcount: 2000, participation_rate: 0.025 },
  ],
};

for (const [viewport, label] of [[H.ADMIN_DESKTOP, 'desktop'], [H.PHONE, '360px']]) {
  test(`charts from a fixed statistics answer (${label}): every chart, the numbers, and a refresh every 30 s`, async () => {
    const { page, problems, context } = await H.openAdminPage(browser, { viewport });
    await page.clock.install();
    let calls = 0;
    await context.route('**/api/admin/contests/*/stats', (route) => {
      calls += 1;
      const body = structuredClone(FIXTURE);
      body.totals.in_progress = calls;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
    });
    await H.login(page);
    await page.locator('.chart svg').first().waitFor();
    assert.equal(await page.locator('figure.chart').count(), 4);
    assert.equal(await page.locator('figure.chart svg[role="img"]').count(), 4);
    // 2 rounds × 2 series + 3 days × 2 series + 21 scores + 3 organizations.
    assert.equal(await page.locator('.chart svg rect.bar').count(), 4 + 6 + 21 + 3);
    const rates = page.getByRole('figure', { name: 'Tỉ lệ tham gia theo đơn vị' });
    await rates.locator('svg text', { hasText: '100% (12/12)' }).waitFor();
    // The organization ordered first is the one with the highest rate.
    const firstLabel = await rates.locator('svg text').first().textContent();
    assert.equal(firstLabel.trim().startsWith('Phòng Giáo dục'), true, firstLabel);
    // Names are text, never markup.
    assert.equal(await page.locator('.chart b').count(), 0);
    assert.equal(await page.locator('.stat-card', { hasText: 'Đang làm bài' }).locator('.stat-value').textContent(), '1');
    await H.assertNoHorizontalScroll(page, `overview ${label}`);
    await H.assertAccessible(page, `overview ${label}`);
    if (label === 'desktop') await H.screenshot(page, 'overview-fixture', { fullPage: true });

    await page.clock.runFor(30500);
    await page.waitForFunction(() => document.querySelector('.stat-card:nth-child(3) .stat-value')?.textContent === '2');
    assert.equal(calls, 2, 'one refresh after 30 s');
    H.assertNoProblems(problems, `stats fixture ${label}`);
    await context.close();
  });
}
