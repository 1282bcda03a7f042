// Published winners on the contest page. Uses the small contest written by
// make-winners-contest.mjs: an organizer (created by scripts/browser-test.sh)
// moves the close of "Tuần 1" to a few seconds ahead, two participants
// finish an attempt before it, the organizer runs the closing job once the
// round has closed and its grace period is over, and publishes; the rankings page shows "Danh sách đạt giải" only then, and
// the landing page links to it.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  BASE_URL, DESKTOP, PHONE, apiCall, assertNoProblems, checkPage, launch, openPage, registerViaApi, screenshot, settingsOf, url,
  useSession, vietnamTime as vietnam,
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
    // The fingerprint of the round's results file, and how to check it.
    assert.match(publicList.data.results_sha256, /^[0-9a-f]{64}$/);
    const round = section.getByRole('region', { name: 'Tuần 1' });
    assert.equal(await round.locator('code.sha256').textContent(), publicList.data.results_sha256);
    assert.equal(await round.locator('.ranked-count').textContent(), String(publicList.data.ranked_participants));
    const explanation = await section.locator('.fingerprint-explanation').textContent();
    assert.match(explanation, new RegExp(`sha256sum ${publicList.data.results_file.replace(/[.]/g, '\\.')}`));
    assert.match(explanation, /so với mã công bố ở đây/);

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
    // Printed (A4): the list, without the site's header and navigation.
    await desktop.page.emulateMedia({ media: 'print' });
    assert.equal(await desktop.page.locator('.site-header').isVisible(), false);
    assert.equal(await desktop.page.locator('.winner-list').isVisible(), true);
    assert.equal(await desktop.page.locator('#round-select').isVisible(), false);
    await screenshot(desktop.page, '43-winners-print', { fullPage: true });
    assertNoProblems(desktop.problems, 'winners desktop');
    await desktop.context.close();
  });

  let certificateCode;
  await t.test('a winner downloads their certificate from «Trang của tôi»; someone without one gets a friendly word', async () => {
    const { page, problems, context } = await openPage(browser, { viewport: PHONE, acceptDownloads: true });
    await useSession(page, first, { contest: CONTEST });
    await page.goto(url('/cua-toi', CONTEST));
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    // The closed round says it has ended, with no attempts «left».
    const closedCard = page.locator('.round-card', { hasText: 'Tuần 1' });
    await closedCard.locator('.round-ended', { hasText: 'Tuần thi đã kết thúc lúc' }).waitFor();
    assert.doesNotMatch(await closedCard.innerText(), /Lượt còn lại/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải giấy chứng nhận' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `giay-chung-nhan-${CONTEST}.pdf`);
    const dir = mkdtempSync(path.join(tmpdir(), 'gcn-'));
    try {
      const pdf = path.join(dir, 'gcn.pdf');
      await download.saveAs(pdf);
      assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
      const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
      const found = text.match(/\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b/);
      assert.ok(found, `a certificate code in the PDF:\n${text}`);
      certificateCode = found[1];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page.getByText(`Đã tải xuống tệp giay-chung-nhan-${CONTEST}.pdf`).waitFor();
    await checkPage(page, '44-my-certificates', { fullPage: true });
    await context.close();

    const nobody = await registerViaApi(CONTEST, { fullName: 'Võ Văn Chưa Thi', organizationId: 'phong-tu-phap' });
    const other = await openPage(browser, { viewport: PHONE });
    await useSession(other.page, nobody, { contest: CONTEST });
    await other.page.goto(url('/cua-toi', CONTEST));
    await other.page.getByRole('button', { name: 'Tải giấy chứng nhận' }).click();
    await other.page.getByText('Bạn chưa có giấy chứng nhận nào.').waitFor();
    assertNoProblems(problems, 'certificate download');
    assertNoProblems(other.problems, 'no certificate');
    await other.context.close();
  });

  await t.test('the verify page (/?verify=CODE) says the certificate is valid, and what it attests; an unknown code is not found', async () => {
    assert.ok(certificateCode, 'a code from the certificate');
    const verified = await apiCall('GET', `/api/verify/${certificateCode}`);
    assert.equal(verified.status, 200, JSON.stringify(verified.data));
    const { page, problems, context } = await openPage(browser, { viewport: PHONE });
    // A fresh device, no login, the address a QR code holds.
    await page.goto(`${BASE_URL}/?verify=${certificateCode.replace(/-/g, '')}`);
    const card = page.getByRole('region', { name: 'Giấy chứng nhận hợp lệ' });
    await card.waitFor();
    const details = await card.locator('.verify-details').innerText();
    assert.match(details, new RegExp(FIRST_NAME));
    assert.match(details, /Phường Đông Lương/);
    assert.ok(details.includes(verified.data.award), details);
    assert.ok(details.includes(verified.data.contest_title));
    assert.match(details, /3\/3 câu trả lời đúng/);
    assert.ok(details.includes(certificateCode));
    await checkPage(page, '45-verify-valid', { fullPage: true });

    // A mistyped code.
    await page.goto(`${BASE_URL}/?verify=AAAA-BBBB-CCCC-DDDD`);
    await page.getByRole('region', { name: 'Không tìm thấy giấy chứng nhận' }).waitFor();
    await page.getByText('Không có giấy chứng nhận nào mang mã «AAAA-BBBB-CCCC-DDDD»', { exact: false }).waitFor();
    await checkPage(page, '46-verify-not-found');
    // Typed into the form instead.
    await page.getByLabel('Mã giấy chứng nhận').fill(certificateCode.toLowerCase());
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.getByRole('region', { name: 'Giấy chứng nhận hợp lệ' }).waitFor();
    // «Thể lệ» leads back to the contest page.
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Thể lệ' }).click();
    await page.getByRole('heading', { name: 'Lịch thi' }).waitFor();
    assertNoProblems(problems, 'verify');
    await context.close();
  });
});
