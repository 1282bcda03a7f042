// Published winners on the contest page. Uses the small contest written by
// make-winners-contest.mjs: an organizer (created by scripts/browser-test.sh)
// moves the close of "Tuần 1" to a few seconds ahead, two participants
// finish an attempt before it, the organizer runs the closing job once the
// round has closed and its grace period is over, and publishes; the rankings page shows "Danh sách đạt giải" only then, and
// the landing page links to it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, PHONE, apiCall, assertNoProblems, checkPage, launch, openPage, registerViaApi, settingsOf, url,
  vietnamTime as vietnam,
} from '../helpers.mjs';

const CONTEST = process.env.WINNERS_CONTEST || 'giai-thuong';
const ORGANIZER = { username: process.env.ORGANIZER_USERNAME, password: process.env.ORGANIZER_PASSWORD };
const ROUND = 'tuan-1';
// The correct option of each question of the test contest, by question text.
const KEY = {
  'Một tuần có mấy ngày?': '7 ngày',
  'Thủ đô của Việt Nam là thành phố nào?': 'Hà Nội',
  'Một giờ có bao nhiêu phút?': '60 phút',
};
const FIRST_NAME = 'Nguyễn Văn Nhất';
const SECOND_NAME = 'Trần Thị <b>Nhì</b>';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** One finished attempt answering `correctCount` questions right (the rest wrong). */
async function finishAttempt(user, correctCount) {
  const started = await apiCall('POST', `/api/contests/${CONTEST}/rounds/${ROUND}/attempts`, { token: user.token });
  assert.equal(started.status, 201, `start attempt failed: ${JSON.stringify(started.data)}`);
  const answers = {};
  started.data.questions.forEach((question, index) => {
    const right = question.options.find((o) => o.text === KEY[question.text]);
    assert.ok(right, `the key knows «${question.text}»`);
    answers[question.id] = index < correctCount ? right.id : question.options.find((o) => o !== right).id;
  });
  const submitted = await apiCall('POST', `/api/contests/${CONTEST}/attempts/${started.data.attempt_id}/submit`, {
    token: user.token,
    body: { answers },
  });
  assert.equal(submitted.status, 200, `submit failed: ${JSON.stringify(submitted.data)}`);
  assert.equal(submitted.data.score ?? submitted.data.result?.score, correctCount);
}

async function waitIdle(page) {
  await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
}

test('published winners appear on the rankings page, and only once published', { timeout: 120000 }, async (t) => {
  assert.ok(ORGANIZER.username && ORGANIZER.password, 'ORGANIZER_USERNAME/ORGANIZER_PASSWORD come from scripts/browser-test.sh');
  const login = await apiCall('POST', '/api/admin/login', { body: ORGANIZER });
  assert.equal(login.status, 200, `organizer login failed: ${JSON.stringify(login.data)}`);
  const token = login.data.token;

  // Close "Tuần 1" a few seconds from now, before anyone touches the
  // contest (the API caches a contest for up to a minute once loaded).
  const detail = await apiCall('GET', `/api/admin/contests/${CONTEST}`, { token });
  assert.equal(detail.status, 200);
  const settings = settingsOf(detail.data.contest);
  const closesAt = Math.floor((Date.now() + 10000) / 1000) * 1000; // whole seconds, as sent
  settings.rounds = settings.rounds.map((r) => (r.id === ROUND ? { ...r, closes_at: vietnam(closesAt) } : r));
  const saved = await apiCall('PUT', `/api/admin/contests/${CONTEST}`, { token, body: settings });
  assert.equal(saved.status, 200, `moving the close failed: ${JSON.stringify(saved.data)}`);

  const first = await registerViaApi(CONTEST, { fullName: FIRST_NAME, organizationId: 'phuong-dong-luong' });
  const second = await registerViaApi(CONTEST, { fullName: SECOND_NAME, organizationId: 'phong-tu-phap' });
  await finishAttempt(first, 3);
  await finishAttempt(second, 1);
  assert.ok(Date.now() < closesAt, 'both attempts were finished before the round closed');

  await t.test('the round closes and the closing job decides its winners', async () => {
    // A round is decided once settled: closed, and its grace period over (every deadline is capped at the close).
    const settledAt = closesAt + settings.grace_seconds * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, settledAt - Date.now()) + 1500));
    const job = await apiCall('POST', '/api/admin/jobs/close-rounds', { token });
    assert.equal(job.status, 200, `closing job failed: ${JSON.stringify(job.data)}`);
    const decided = await apiCall('GET', `/api/admin/contests/${CONTEST}/winners?round=${ROUND}`, { token });
    assert.equal(decided.data.decided, true, 'the winners are decided');
    assert.equal(decided.data.published, false);
    assert.deepEqual(decided.data.winners.map((w) => [w.prize, w.name]), [['first', FIRST_NAME], ['second', SECOND_NAME]]);
  });

  await t.test('before publishing, the page shows no winner list', async () => {
    const { page, problems, context } = await openPage(browser, { viewport: PHONE });
    await page.goto(url('/xep-hang', CONTEST));
    await page.getByRole('heading', { level: 1, name: 'Bảng xếp hạng' }).waitFor();
    await page.locator('table.leaderboard').waitFor();
    await waitIdle(page);
    assert.equal(await page.getByRole('heading', { name: 'Danh sách đạt giải' }).count(), 0);
    assert.equal(await page.locator('.winner-list').count(), 0);
    await page.goto(url('/', CONTEST));
    await page.getByRole('heading', { name: 'Lịch thi' }).waitFor();
    await waitIdle(page);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('.winners-link').count(), 0);
    assertNoProblems(problems, 'winners unpublished');
    await context.close();
  });

  await t.test('once published, the rankings page lists prize, name, organization, score and time', async () => {
    const published = await apiCall('POST', `/api/admin/contests/${CONTEST}/winners/publish?round=${ROUND}`, { token, body: { published: true } });
    assert.equal(published.status, 200, `publish failed: ${JSON.stringify(published.data)}`);
    const publicList = await apiCall('GET', `/api/contests/${CONTEST}/rounds/${ROUND}/winners`);
    assert.equal(publicList.data.published, true);
    const expected = publicList.data.winners;
    assert.equal(expected.length, 2);

    // A fresh context: the unpublished answer may still sit in the HTTP cache for 30 s.
    const { page, problems, context } = await openPage(browser, { viewport: PHONE });
    await page.goto(url('/xep-hang', CONTEST));
    const section = page.getByRole('region', { name: 'Danh sách đạt giải' });
    await section.getByRole('heading', { level: 3, name: 'Tuần 1' }).waitFor();
    const items = section.getByRole('list', { name: 'Danh sách đạt giải Tuần 1' }).getByRole('listitem');
    assert.equal(await items.count(), expected.length);
    for (const [index, winner] of expected.entries()) {
      const item = items.nth(index);
      assert.equal(await item.locator('.prize').textContent(), winner.prize_label);
      assert.equal(await item.locator('.person').textContent(), winner.name);
      assert.equal(await item.locator('.org').textContent(), winner.organization);
      assert.match(await item.locator('.winner-result').textContent(), new RegExp(`Điểm: ${winner.score}/${winner.total}`));
      assert.match(await item.locator('.winner-result').textContent(), /Thời gian: [\d,]+ giây|Thời gian: \d+ phút/);
    }
    assert.deepEqual(await items.locator('.prize').allTextContents(), ['Giải Nhất', 'Giải Nhì']);
    assert.equal(await items.nth(0).locator('.org').textContent(), 'Phường Đông Lương');
    assert.equal(await page.locator('.winner-list b').count(), 0, 'a name is shown as text, never as markup');
    await waitIdle(page);
    await checkPage(page, '40-winners', { fullPage: true });

    // The landing page links a closed round with published winners to the list.
    await page.goto(url('/', CONTEST));
    const link = page.getByRole('link', { name: 'Xem danh sách đạt giải Tuần 1' });
    await link.waitFor();
    await checkPage(page, '41-landing-winners-link', { fullPage: true });
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Bảng xếp hạng' }).waitFor();
    await section.getByRole('listitem').first().waitFor();
    assertNoProblems(problems, 'winners published');
    await context.close();

    const desktop = await openPage(browser, { viewport: DESKTOP });
    await desktop.page.goto(url('/xep-hang', CONTEST));
    await desktop.page.locator('.winner-list').waitFor();
    await waitIdle(desktop.page);
    await checkPage(desktop.page, '42-winners-desktop', { fullPage: true });
    assertNoProblems(desktop.problems, 'winners desktop');
    await desktop.context.close();
  });
});
