// The unit follow-up page (/don-vi/?t=TOKEN, issue 18): a contest made for
// the test, a unit with a staff list of four, two of them registered and
// one of those having taken part in the open round. The organizer creates
// the unit's secret link; the page highlights «Chưa đăng ký» and «Chưa dự
// thi tuần này», copies a ready reminder, shows names only, and says the
// link no longer works once it is revoked.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL, PHONE, SMALL_BANK, apiCall, assertNoProblems, checkPage, createContestViaApi, launch, openPage, registerViaApi,
  screenshot, vietnamTime,
} from '../helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const day = 24 * 3600 * 1000;
const UNIT = { id: 'phong-noi-vu', name: 'Phòng Nội vụ', group: 'Cơ quan chuyên môn', headcount: 4 };
const STAFF = [
  { full_name: 'Nguyễn Văn An', birth_year: 1980 },
  { full_name: 'Trần Thị Bình', birth_year: 1985 },
  { full_name: 'Lê Văn Cường', birth_year: 1990 },
  { full_name: 'Phạm Thị Dung', birth_year: 1975 },
];
const pad = (n) => String(n).padStart(2, '0');
/** "22:00 ngày 23/10/2022" in Vietnam time, as the page writes it. */
function vietnamClock(ms) {
  const d = new Date(ms + 7 * 3600 * 1000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ngày ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

test('a unit head follows the unit through its secret link, copies a reminder, and the revoked link says so', { timeout: 120000 }, async (t) => {
  const cid = `don-vi-${Date.now().toString(36)}`;
  const now = Date.now();
  const closesAt = Math.floor((now + 5 * day) / 60000) * 60000;
  const { token } = await createContestViaApi({
    id: cid,
    title: 'Kiểm thử trang theo dõi đơn vị',
    description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
    rules: '1. Số câu: 3 câu mỗi lượt.',
    time_limit_seconds: 600,
    grace_seconds: 5,
    questions_per_attempt: 3,
    max_attempts_per_round: 2,
    min_seconds_per_question: 0,
    rounds: [
      { id: 'tuan-1', name: 'Tuần 1', opens_at: vietnamTime(now - day), closes_at: vietnamTime(closesAt) },
      { id: 'tuan-2', name: 'Tuần 2', opens_at: vietnamTime(closesAt + 3600000), closes_at: vietnamTime(closesAt + 7 * day) },
    ],
    organizations: [UNIT, { id: 'don-vi-khac', name: 'Đơn vị khác', group: 'Kiểm thử', headcount: 10 }],
  }, SMALL_BANK);
  const imported = await apiCall('POST', `/api/admin/contests/${cid}/roster/import?dry_run=false`, {
    token,
    raw: JSON.stringify({ entries: STAFF.map((s) => ({ organization_id: UNIT.id, ...s })) }),
    contentType: 'application/json',
  });
  assert.equal(imported.status, 201, `roster import failed: ${JSON.stringify(imported.data)}`);
  const an = await registerViaApi(cid, { fullName: STAFF[0].full_name, organizationId: UNIT.id, birthYear: STAFF[0].birth_year });
  await registerViaApi(cid, { fullName: STAFF[1].full_name, organizationId: UNIT.id, birthYear: STAFF[1].birth_year });
  const started = await apiCall('POST', `/api/contests/${cid}/rounds/tuan-1/attempts`, { token: an.token });
  assert.equal(started.status, 201, JSON.stringify(started.data));
  const submitted = await apiCall('POST', `/api/contests/${cid}/attempts/${started.data.attempt_id}/submit`, { token: an.token, body: { answers: {} } });
  assert.equal(submitted.status, 200, JSON.stringify(submitted.data));

  const created = await apiCall('POST', `/api/admin/contests/${cid}/organizations/${UNIT.id}/follow-up-link`, { token });
  assert.equal(created.status, 201, `creating the link failed: ${JSON.stringify(created.data)}`);
  assert.match(created.data.url, new RegExp(`/don-vi/\\?t=${created.data.token}$`));
  const pageUrl = `${BASE_URL}/don-vi/?t=${created.data.token}`;
  const api = await apiCall('GET', `/api/units/${created.data.token}`);
  assert.equal(api.status, 200);

  const { context, page, problems } = await openPage(browser, { viewport: PHONE });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });

  await t.test('the page highlights who has not registered and who has not taken part this week', async () => {
    await page.goto(pageUrl);
    await page.getByRole('heading', { level: 1, name: UNIT.name }).waitFor();
    const unregistered = page.getByRole('region', { name: 'Chưa đăng ký (2)' });
    assert.deepEqual(await unregistered.locator('.person').allTextContents(), [STAFF[2].full_name, STAFF[3].full_name].sort());
    assert.equal(await unregistered.locator('.flag-unregistered', { hasText: 'Chưa đăng ký' }).count(), 2);
    const notYet = page.getByRole('region', { name: 'Chưa dự thi Tuần 1 (1)' });
    assert.deepEqual(await notYet.locator('.person').allTextContents(), [STAFF[1].full_name]);
    await notYet.locator('.flag-not-yet', { hasText: 'Chưa dự thi tuần này' }).waitFor();
    const done = page.getByRole('region', { name: 'Đã dự thi Tuần 1 (1)' });
    assert.deepEqual(await done.locator('.person').allTextContents(), [STAFF[0].full_name]);
    const facts = await page.locator('.unit-facts').innerText();
    assert.match(facts, /1\/4\s+người đã dự thi/);
    assert.match(facts, /Tỷ lệ tham gia: 25%/);
    // Names only: no phone number anywhere on the page.
    assert.doesNotMatch(await page.locator('body').innerText(), /0\d{9}/);
    assert.doesNotMatch(JSON.stringify(api.data), new RegExp(an.phone), 'the API sends no phone');
    await checkPage(page, '73-unit-page', { fullPage: true });
  });

  await t.test('«Sao chép lời nhắc» puts a ready reminder on the clipboard', async () => {
    await page.getByRole('button', { name: 'Sao chép lời nhắc' }).click();
    await page.getByText('Đã sao chép lời nhắc.').first().waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^\[Nhắc dự thi\] Kiểm thử trang theo dõi đơn vị/);
    assert.ok(copied.includes(`kết thúc lúc ${vietnamClock(closesAt)} (giờ Việt Nam)`), copied);
    assert.ok(copied.includes(api.data.contest_url), 'the contest link');
    assert.match(copied, /Chưa đăng ký tài khoản \(2 người\):\n1\. Lê Văn Cường\n2\. Phạm Thị Dung/);
    assert.match(copied, /Đã đăng ký nhưng chưa dự thi Tuần 1 \(1 người\):\n1\. Trần Thị Bình/);
    assert.ok(!copied.includes(STAFF[0].full_name), 'who took part is not chased');
  });

  await t.test('without navigator.clipboard, the reminder is copied from a selected text box', async () => {
    const old = await openPage(browser, {
      viewport: PHONE,
      initScript: () => { Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true }); },
    });
    await old.page.goto(pageUrl);
    await old.page.getByRole('button', { name: 'Sao chép lời nhắc' }).click();
    await old.page.locator('.reminder .notice').waitFor();
    const selected = await old.page.evaluate(() => {
      const box = document.getElementById('reminder-text');
      return box.value.slice(box.selectionStart, box.selectionEnd);
    });
    assert.match(selected, /^\[Nhắc dự thi\]/, 'the whole reminder is selected for copying');
    assert.match(await old.page.locator('.reminder .notice').innerText(), /Đã sao chép lời nhắc|chọn toàn bộ đoạn văn bản/);
    assertNoProblems(old.problems, 'unit page without clipboard API');
    await old.context.close();
  });

  await t.test('printed: no buttons, no header', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('button', { name: 'Sao chép lời nhắc' }).isVisible(), false);
    assert.equal(await page.locator('.site-header').isVisible(), false);
    assert.equal(await page.getByRole('heading', { level: 1, name: UNIT.name }).isVisible(), true);
    await screenshot(page, '74-unit-page-print', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  await t.test('once revoked, the link gets a clear message', async () => {
    const revoked = await apiCall('DELETE', `/api/admin/contests/${cid}/organizations/${UNIT.id}/follow-up-link`, { token });
    assert.ok(revoked.status === 200 || revoked.status === 204, `revoking failed: ${revoked.status} ${JSON.stringify(revoked.data)}`);
    assert.equal((await apiCall('GET', `/api/units/${created.data.token}`)).status, 404);
    await page.goto(pageUrl);
    await page.getByRole('heading', { level: 1, name: 'Liên kết không còn hiệu lực' }).waitFor();
    await page.getByText('Liên kết có thể đã bị Ban Tổ chức thu hồi').waitFor();
    assert.equal(await page.getByText(STAFF[0].full_name).count(), 0);
    await checkPage(page, '75-unit-page-revoked');
    // A mangled token says the same without asking the server.
    await page.goto(`${BASE_URL}/don-vi/?t=abc`);
    await page.getByRole('heading', { level: 1, name: 'Liên kết không còn hiệu lực' }).waitFor();
  });

  assertNoProblems(problems, 'unit page');
  await context.close();
});
