// Time running out: an open attempt submits itself at the server's deadline
// (even with the device clock two hours wrong), and an attempt abandoned past
// its deadline is closed when it is opened again. Uses the 8-second contest
// written by make-expiry-contest.mjs.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  EXPIRY_CONTEST, PHONE, SAVE_TEXT, apiCall, assertNoProblems, checkPage, launch, openPage, registerViaApi, screenshot, url,
  waitForSaveState,
} from '../helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The device's clock is two hours behind: the countdown must not care.
const WRONG_DEVICE_CLOCK = `(() => {
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() - 2 * 3600 * 1000;
})();`;

async function startAttempt(page) {
  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /3 câu hỏi/);
  assert.match(await dialog.textContent(), /8 giây/);
  await dialog.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.locator('legend', { hasText: 'Câu 1/3' }).waitFor();
}

async function answerFirst(page) {
  await page.locator('.options .option label').first().click();
  const checked = page.locator('.options input:checked');
  await checked.waitFor();
  return [(await checked.getAttribute('name')).replace(/^q-/, ''), await checked.getAttribute('value')];
}

test('time running out', { timeout: 120000 }, async (t) => {
  const user = await registerViaApi(EXPIRY_CONTEST, { fullName: 'Trần Văn Hết Giờ', organizationId: 'don-vi-thu' });
  const { page, problems } = await openPage(browser, { viewport: PHONE, initScript: WRONG_DEVICE_CLOCK });

  await t.test('log in through the login page', async () => {
    await page.goto(url('/dang-nhap', EXPIRY_CONTEST));
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Số điện thoại').fill(user.phone);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('alert').getByText('Số điện thoại hoặc mật khẩu không đúng.').waitFor();
    await checkPage(page, '10-login-error');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  });

  await t.test('an open attempt is submitted automatically at the deadline, not before', async () => {
    const started = Date.now();
    await startAttempt(page);
    const timerText = await page.locator('.timer-value').textContent();
    assert.match(timerText, /^00:0[5-8]$/, `the countdown follows the server, not the device clock (showed ${timerText})`);
    const [qid, oid] = await answerFirst(page);
    await waitForSaveState(page, SAVE_TEXT.sent);

    await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi' }).waitFor({ timeout: 15000 });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 6500, `not submitted before the deadline (after ${elapsed} ms)`);
    await page.locator('.status-line', { hasText: 'hệ thống đã tự động nộp bài' }).waitFor();
    await page.locator('.rank', { hasText: /hạng \d+/ }).waitFor();

    const attemptId = page.url().split('/ket-qua/')[1];
    const { data } = await apiCall('GET', `/api/contests/${EXPIRY_CONTEST}/attempts/${attemptId}`, { token: user.token });
    assert.equal(data.status, 'submitted', 'submitted within the grace period');
    assert.equal(data.answers[qid], oid, 'the answer chosen before the deadline counts');
    assert.equal(await page.locator('.score-value').textContent(), String(data.score));
    await checkPage(page, '11-result-auto-submitted');
  });

  await t.test('an attempt left open past its deadline is closed with its saved answers when reopened', async () => {
    await page.getByRole('link', { name: 'Về trang dự thi của tôi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    await startAttempt(page);
    const [qid, oid] = await answerFirst(page);
    await waitForSaveState(page, SAVE_TEXT.sent);
    const attemptId = page.url().split('/bai-thi/')[1];

    // Leave the page before time is up, and come back after deadline + grace.
    await page.goto('about:blank');
    const deadline = Date.now() + 8000 + 1000 + 500;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1000));

    await page.goto(url('/cua-toi', EXPIRY_CONTEST));
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Tiếp tục làm bài' }).count(), 0, 'an expired attempt is not offered for resuming');
    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).waitFor();
    await page.locator('.attempt-item', { hasText: 'Hết giờ' }).getByRole('link', { name: 'Xem kết quả' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi' }).waitFor();
    await page.locator('.status-line', { hasText: 'Hết giờ: bài được chấm với các câu trả lời đã lưu' }).waitFor();
    const { data } = await apiCall('GET', `/api/contests/${EXPIRY_CONTEST}/attempts/${attemptId}`, { token: user.token });
    assert.equal(data.status, 'timed_out');
    assert.equal(data.answers[qid], oid);
    await screenshot(page, '12-result-timed-out');
  });

  assertNoProblems(problems, 'expiry');
});
