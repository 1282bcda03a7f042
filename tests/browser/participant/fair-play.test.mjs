// Fair play on the participant page: a warning before starting an attempt
// the round's close will cut short, the demo contest's leaderboard kept
// hidden while its round is open (its prediction question), registration
// through the proof-of-work challenge (a refused solution retried once, the
// progress line, a brake's message), a unit's staff list refusing someone
// not on it, and the SMS code step.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, MAIN_CONTEST, PHONE, SMALL_BANK, apiCall, assertNoProblems, checkPage, createContestViaApi, launch,
  openPage, organizerToken, registerViaApi, screenshot, uniquePhone, url, useSession, vietnamTime,
} from '../helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const pad = (n) => String(n).padStart(2, '0');
/** "22:00" / "22:00 ngày 23/10/2022" in Vietnam time, as the page writes it. */
function vietnamClock(ms, withDay = false) {
  const d = new Date(ms + 7 * 3600 * 1000);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return withDay ? `${time} ngày ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}` : time;
}

/** A duration as the page shows it: truncated to the tenth of a second. */
function shownDuration(ms) {
  const tenths = Math.floor(ms / 100);
  const seconds = `${Math.floor((tenths % 600) / 10)},${tenths % 10} giây`;
  const minutes = Math.floor(tenths / 600);
  return minutes ? `${minutes} phút ${seconds}` : seconds;
}

async function waitIdle(page) {
  await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
}

test('a round closing in ten minutes warns before an attempt starts; cancelling starts nothing', async (t) => {
  const stamp = Date.now().toString(36);
  const cid = `sap-dong-${stamp}`;
  const closesAt = Math.floor((Date.now() + 10 * 60 * 1000) / 1000) * 1000;
  await createContestViaApi({
    id: cid,
    title: 'Kiểm thử tuần thi sắp kết thúc',
    description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
    rules: '1. Thời gian: Mỗi lượt thi 30 phút.',
    time_limit_seconds: 1800,
    grace_seconds: 5,
    questions_per_attempt: 3,
    max_attempts_per_round: 2,
    min_seconds_per_question: 0,
    rounds: [{ id: 'tuan-1', name: 'Tuần 1', opens_at: vietnamTime(Date.now() - 24 * 3600 * 1000), closes_at: vietnamTime(closesAt) }],
    organizations: [{ id: 'don-vi-thu', name: 'Đơn vị thử nghiệm', group: 'Kiểm thử', headcount: 10 }],
  }, SMALL_BANK);
  const user = await registerViaApi(cid, { fullName: 'Hoàng Văn Muộn', organizationId: 'don-vi-thu' });
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await useSession(page, user, { contest: cid });
  const title = new RegExp(`^Tuần 1 kết thúc lúc ${vietnamClock(closesAt)} — bạn còn (9|10) phút\\. Bắt đầu làm bài\\?$`);
  const me = async () => (await apiCall('GET', `/api/contests/${cid}/me`, { token: user.token })).data;

  await t.test('on «Trang của tôi»: the warning names the round, its closing time and the minutes left; «Để sau» starts nothing', async () => {
    await page.goto(url('/cua-toi', cid));
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.getByRole('heading').textContent(), title);
    assert.match(await dialog.textContent(), /bài thi sẽ tự động nộp lúc \d\d:\d\d, nên bạn chỉ có khoảng (9|10) phút thay vì 30 phút/);
    await checkPage(page, '60-start-warning');
    await dialog.getByRole('button', { name: 'Để sau' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await me();
    assert.equal(after.active_attempt_id, null, 'no attempt was started');
    assert.equal(after.rounds[0].attempts_used, 0);
    assert.equal(after.attempts.length, 0);
  });

  await t.test('on the landing page too; going ahead gives an attempt that ends with the round', async () => {
    await page.goto(url('/', cid));
    await page.getByRole('heading', { level: 1, name: 'Kiểm thử tuần thi sắp kết thúc' }).waitFor();
    const start = page.getByRole('button', { name: 'Bắt đầu làm bài' });
    await start.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.getByRole('heading').textContent(), title);
    await dialog.getByRole('button', { name: 'Để sau' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await me()).attempts.length, 0, 'cancelled on the landing page: nothing started');

    await start.click();
    await dialog.getByRole('button', { name: 'Vẫn bắt đầu' }).click();
    await page.locator('legend', { hasText: 'Câu 1/3' }).waitFor();
    const timer = await page.locator('.timer-value').textContent();
    assert.match(timer, /^(0\d|10):[0-5]\d$/, `the countdown runs to the round's close, not 30 minutes (${timer})`);
    const state = await me();
    assert.ok(state.active_attempt_id);
    assert.equal(Date.parse(state.attempts[0].deadline), closesAt, 'the deadline is the round’s close');
  });
  assertNoProblems(problems, 'start warning');
});

test('the demo contest hides its open round’s leaderboard and says until when; a result still shows score and time', async (t) => {
  const info = (await apiCall('GET', `/api/contests/${MAIN_CONTEST}`)).data;
  assert.equal(info.live_leaderboard, false, 'the demo contest (prediction question) hides its open round');
  const round = info.rounds.find((r) => r.status === 'open');
  const expected = `Bảng xếp hạng ${round.name} được công bố sau khi tuần thi kết thúc lúc ${vietnamClock(Date.parse(round.closes_at), true)}, để bảo đảm công bằng cho câu hỏi dự đoán.`;
  const board = await apiCall('GET', `/api/contests/${MAIN_CONTEST}/rounds/${round.id}/leaderboard`);
  assert.equal(board.data.visible, false);

  await t.test('the rankings page says so instead of an empty table (360 px and desktop)', async () => {
    for (const [viewport, name] of [[PHONE, '61-rankings-hidden'], [DESKTOP, '61b-rankings-hidden-desktop']]) {
      const { page, problems, context } = await openPage(browser, { viewport });
      await page.goto(url('/xep-hang'));
      await page.locator('.board-hidden').waitFor();
      assert.equal(await page.locator('.board-hidden').textContent(), expected);
      assert.equal(await page.locator('table.leaderboard').count(), 0);
      await page.locator('.org-list li').first().waitFor();
      await waitIdle(page);
      await checkPage(page, name, { fullPage: true });
      assertNoProblems(problems, name);
      await context.close();
    }
  });

  await t.test('a finished attempt’s page shows score and time to the tenth, and when the ranking comes', async () => {
    const user = await registerViaApi(MAIN_CONTEST, { fullName: 'Đặng Thị Chờ Bảng', organizationId: 'phuong-2' });
    const started = await apiCall('POST', `/api/contests/${MAIN_CONTEST}/rounds/${round.id}/attempts`, { token: user.token });
    assert.equal(started.status, 201);
    const answers = { [started.data.questions[0].id]: started.data.questions[0].options[0].id };
    const submitted = await apiCall('POST', `/api/contests/${MAIN_CONTEST}/attempts/${started.data.attempt_id}/submit`, { token: user.token, body: { answers } });
    assert.equal(submitted.status, 200);
    const { page, problems } = await openPage(browser, { viewport: PHONE });
    await useSession(page, user);
    await page.goto(url(`/ket-qua/${started.data.attempt_id}`));
    await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi' }).waitFor();
    assert.equal(await page.locator('.score-value').textContent(), String(submitted.data.score));
    const time = page.locator('.stats div', { hasText: 'Thời gian làm bài' }).locator('dd');
    assert.equal(await time.textContent(), shownDuration(submitted.data.duration_ms));
    assert.match(await time.textContent(), /\d,\d giây$/);
    await page.locator('.rank', { hasText: 'được công bố sau khi tuần thi kết thúc lúc' }).waitFor();
    assert.equal(await page.locator('.board-hidden').textContent(), expected);
    await checkPage(page, '62-result-board-hidden', { fullPage: true });
    assertNoProblems(problems, 'result with hidden board');
  });
});

/** Fills the registration form (on the page already) for `unit`; returns the phone. */
async function fillRegistration(page, { fullName, unit, birthYear = '' }) {
  const phone = uniquePhone();
  await page.getByLabel('Họ và tên').fill(fullName);
  await page.getByLabel('Số điện thoại').fill(phone);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-an-toan');
  await page.getByLabel('Đơn vị', { exact: true }).selectOption(unit);
  if (birthYear) await page.getByLabel(/^Năm sinh/).fill(birthYear);
  await page.getByLabel(/^Tôi đã đọc và đồng ý/).check();
  return phone;
}

/** Every challenge GET and register POST the page sends. */
function recordRegistration(page) {
  const seen = { challenges: 0, registrations: [] };
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'GET' && path.endsWith('/challenge')) seen.challenges += 1;
    if (request.method() === 'POST' && path.endsWith('/register')) seen.registrations.push(request.postDataJSON());
  });
  return seen;
}

test('registration solves the challenge in the background and retries once with a fresh one when it is refused', async () => {
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  const seen = recordRegistration(page);
  let refused = 0;
  await page.route('**/api/contests/*/register', async (route) => {
    if (refused === 0) {
      refused += 1;
      await route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'CHALLENGE_FAILED', message: 'Xác minh chống đăng ký tự động không thành công hoặc đã hết hạn. Vui lòng gửi lại.', field: 'altcha' } }),
      });
      return;
    }
    await route.continue();
  });
  await page.goto(url('/dang-ky'));
  await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
  await fillRegistration(page, { fullName: 'Vũ Thị Xác Minh', unit: 'phuong-1' });
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  assert.equal(seen.registrations.length, 2, 'refused once, sent again by itself');
  assert.equal(seen.challenges, 2, 'a fresh challenge for the second try');
  const [first, second] = seen.registrations.map((body) => JSON.parse(Buffer.from(body.altcha, 'base64').toString()));
  assert.notEqual(first.signature, second.signature);
  assert.equal(second.algorithm, 'SHA-256');
  assert.ok(Number.isInteger(second.number) && second.number >= 0);
  assertNoProblems(problems, 'challenge retry');
});

test('submitting before the challenge is solved shows the verification line, then registers', async () => {
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/contests/*/challenge', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(url('/dang-ky'));
  await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
  await fillRegistration(page, { fullName: 'Mai Văn Vội', unit: 'phuong-2' });
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const line = page.locator('.challenge-status');
  await line.getByText('Đang xác minh chống đăng ký tự động…').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Đang đăng ký…' }).isDisabled(), true);
  await screenshot(page, '63-register-verifying');
  release();
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  assertNoProblems(problems, 'verifying line');
});

test('too many registrations from one address: the server’s message is shown', async () => {
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  const message = 'Có quá nhiều lượt đăng ký từ cùng một địa chỉ mạng. Vui lòng thử lại sau 37 phút.';
  await page.route('**/api/contests/*/register', (route) => route.fulfill({
    status: 429,
    headers: { 'Retry-After': '2220' },
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'TOO_MANY_REQUESTS', message } }),
  }));
  await page.goto(url('/dang-ky'));
  await fillRegistration(page, { fullName: 'Cao Văn Nhiều', unit: 'phuong-1' });
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await page.getByRole('alert').getByText(message).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Đăng ký', exact: true }).isDisabled(), false);
  assertNoProblems(problems, 'too many registrations');
});

test('a unit with a staff list: birth year required, and someone not on it gets the message by the name field', async () => {
  const unit = 'hoi-nong-dan';
  const listed = { full_name: 'Nguyễn Văn Nông', birth_year: 1980 };
  const token = await organizerToken();
  const imported = await apiCall('POST', `/api/admin/contests/${MAIN_CONTEST}/roster/import?dry_run=false`, {
    token,
    raw: JSON.stringify({ entries: [{ organization_id: unit, ...listed }, { organization_id: unit, full_name: 'Trần Thị Lúa', birth_year: 1975 }] }),
    contentType: 'application/json',
  });
  assert.equal(imported.status, 201, `roster import failed: ${JSON.stringify(imported.data)}`);

  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await page.goto(url('/dang-ky'));
  await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
  await fillRegistration(page, { fullName: 'Lê Văn Không Có', unit });
  await page.getByText('Đơn vị này đối chiếu với danh sách cán bộ: nhập đúng họ tên đầy đủ, có dấu, và năm sinh như trong danh sách.').waitFor();
  const year = page.getByLabel('Năm sinh', { exact: true });
  assert.equal(await year.getAttribute('required'), '');

  // No birth year: asked for before anything is sent.
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const yearField = page.locator('.field', { has: year });
  await yearField.locator('.field-error', { hasText: 'danh sách cán bộ' }).waitFor();

  // Not on the list: the server's message, under «Họ và tên», focused.
  await year.fill('1980');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const nameField = page.locator('.field', { has: page.getByLabel('Họ và tên') });
  await nameField.locator('.field-error', { hasText: 'không có trong danh sách cán bộ' }).waitFor();
  assert.equal(await page.getByLabel('Họ và tên').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('autocomplete')), 'name', 'focus moves to the name');
  await checkPage(page, '64-register-not-on-roster', { fullPage: true });

  // The person on the list registers (with a fresh challenge).
  await page.getByLabel('Họ và tên').fill(listed.full_name);
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  const roster = await apiCall('GET', `/api/admin/contests/${MAIN_CONTEST}/roster?organization=${unit}`, { token });
  assert.ok(roster.data.entries.find((e) => e.full_name === listed.full_name).participant_id, 'the entry is claimed');
  assertNoProblems(problems, 'roster');
});

test('a contest that verifies phones by SMS asks for the code; a wrong code says how many tries remain', async () => {
  // The demo contest does not text codes: the two answers of such a contest
  // are played here, with a real account behind the second.
  const account = await registerViaApi(MAIN_CONTEST, { fullName: 'Phan Thị Tin Nhắn', organizationId: 'phuong-1' });
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  const verificationId = 'ab'.repeat(16);
  const codes = [];
  await page.route('**/api/contests/*/register', (route) => route.fulfill({
    status: 202,
    contentType: 'application/json',
    body: JSON.stringify({ verification_id: verificationId, expires_at: vietnamTime(Date.now() + 10 * 60 * 1000) }),
  }));
  await page.route('**/api/contests/*/register/verify', (route) => {
    const body = route.request().postDataJSON();
    codes.push(body);
    if (codes.length === 1) {
      return route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'VERIFICATION_CODE_INVALID', message: 'Mã xác minh không đúng. Bạn còn 4 lần thử.', field: 'code' } }),
      });
    }
    return route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ token: account.token, participant: account.participant }) });
  });
  await page.goto(url('/dang-ky'));
  const phone = await fillRegistration(page, { fullName: account.participant.full_name, unit: 'phuong-1' });
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Xác minh số điện thoại' }).waitFor();
  await page.getByText(`Nhập mã xác minh gồm 6 chữ số đã gửi đến số điện thoại ${phone}.`).waitFor();
  await page.getByLabel('Mã xác minh').fill('123456');
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.locator('.field-error', { hasText: 'Mã xác minh không đúng. Bạn còn 4 lần thử.' }).waitFor();
  await checkPage(page, '65-register-sms-code');
  await page.getByLabel('Mã xác minh').fill('654321');
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  assert.deepEqual(codes, [{ verification_id: verificationId, code: '123456' }, { verification_id: verificationId, code: '654321' }]);
  assertNoProblems(problems, 'sms');
});
