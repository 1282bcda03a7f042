// Autosave batching: every choice is kept on the device at once, but it
// costs a request only when BATCH_ANSWERS are waiting, the oldest has waited
// MAX_UNSENT_MS, the page is hidden or left, or the deadline is near; the
// submission carries the rest. The policy's numbers are read from journal.js
// itself, and requests are counted with Playwright's request events (and,
// for the request a leaving page sends, which those events cannot see, at
// a proxy). The long wait is shortened with Playwright's clock (page.clock),
// which drives the page's own timers without any test-only code in the page.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  MAIN_CONTEST, PHONE, SAVE_TEXT, answerCurrent, apiCall, assertNoProblems, checkPage, goToQuestion, journalPolicy, launch,
  openPage, registerViaApi, screenshot, startProxy, url, useSession, waitForSaveState, waitUntil,
} from '../helpers.mjs';

const BATCH_ANSWERS = journalPolicy('BATCH_ANSWERS');
const MAX_UNSENT_MS = journalPolicy('MAX_UNSENT_MS');
const DEBOUNCE_MS = journalPolicy('DEBOUNCE_MS');
const URGENT_BEFORE_DEADLINE_MS = journalPolicy('URGENT_BEFORE_DEADLINE_MS');

/** Long enough for a debounced send to have left, were one scheduled. */
const QUIET_MS = DEBOUNCE_MS * 3;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let browser;
let proxy;
before(async () => {
  browser = await launch();
  proxy = await startProxy();
});
after(async () => {
  await browser?.close();
  await proxy?.close();
});

/** Every answers PUT and submit POST the page sends, with its body and when it left. */
function recordRequests(page) {
  const puts = [];
  const submits = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'PUT' && path.endsWith('/answers')) puts.push({ at: Date.now(), answers: request.postDataJSON().answers });
    if (request.method() === 'POST' && path.endsWith('/submit')) submits.push(request.postDataJSON());
  });
  return { puts, submits };
}

async function storedAttempt(contest, attemptId, token) {
  const { status, data } = await apiCall('GET', `/api/contests/${contest}/attempts/${attemptId}`, { token });
  assert.equal(status, 200);
  return data;
}

/**
 * Headless Chromium keeps every page visible (another tab in front or a
 * minimized window change nothing), so the test flips the document's
 * visibility and fires the event the browser would.
 */
async function setVisibility(page, state) {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

test('answers are sent in batches, and nothing waiting is lost', { timeout: 180000 }, async (t) => {
  assert.ok(BATCH_ANSWERS >= 4, 'the steps below answer fewer than BATCH_ANSWERS questions at a time');
  const user = await registerViaApi(MAIN_CONTEST, { fullName: 'Đỗ Thị Gửi Gộp', organizationId: 'phuong-1' });
  const { page, problems } = await openPage(browser, { viewport: PHONE, base: proxy.url });
  const { puts, submits } = recordRequests(page);
  await page.clock.install();
  await useSession(page, user, { base: proxy.url });
  const started = await apiCall('POST', `/api/contests/${MAIN_CONTEST}/rounds/tuan-1/attempts`, { token: user.token });
  assert.equal(started.status, 201);
  const attemptId = started.data.attempt_id;
  const attemptUrl = url(`/bai-thi/${attemptId}`, MAIN_CONTEST, proxy.url);
  await page.goto(attemptUrl);
  await page.locator('legend', { hasText: 'Câu 1/20' }).waitFor();

  const chosen = {};
  let answered = 0;
  /** Answers the next `count` questions in order; returns what was chosen. */
  async function answerNext(count) {
    const picked = {};
    for (let i = 0; i < count; i += 1) {
      answered += 1;
      await goToQuestion(page, answered);
      const [qid, oid] = await answerCurrent(page, answered % 4);
      picked[qid] = oid;
      chosen[qid] = oid;
    }
    return picked;
  }

  await t.test(`${BATCH_ANSWERS - 2} answers stay on the device until the oldest has waited MAX_UNSENT_MS`, async () => {
    const firstAt = Date.now();
    const picked = await answerNext(BATCH_ANSWERS - 2);
    await sleep(QUIET_MS);
    await waitForSaveState(page, SAVE_TEXT.local);
    assert.equal(puts.length, 0, 'no PUT right after answering');

    // Jump to shortly before the oldest answer's limit, then past it.
    const margin = 2 * QUIET_MS;
    await page.clock.fastForward(MAX_UNSENT_MS - (Date.now() - firstAt) - margin);
    await sleep(QUIET_MS);
    assert.equal(puts.length, 0, 'no PUT before MAX_UNSENT_MS');
    await page.clock.fastForward(margin);
    await waitUntil(() => puts.length === 1, { message: 'the PUT after MAX_UNSENT_MS' });
    assert.deepEqual(puts[0].answers, picked);
    await waitForSaveState(page, SAVE_TEXT.sent);
    await screenshot(page, '50-attempt-sent');
    assert.deepEqual((await storedAttempt(MAIN_CONTEST, attemptId, user.token)).answers, chosen);
  });

  await t.test(`the ${BATCH_ANSWERS}th waiting answer sends one PUT with all ${BATCH_ANSWERS}`, async () => {
    const picked = await answerNext(BATCH_ANSWERS - 1);
    await sleep(QUIET_MS);
    assert.equal(puts.length, 1, `no PUT for ${BATCH_ANSWERS - 1} waiting answers`);
    Object.assign(picked, await answerNext(1));
    await waitUntil(() => puts.length === 2, { message: `the PUT for ${BATCH_ANSWERS} answers` });
    assert.deepEqual(puts[1].answers, picked);
    await waitForSaveState(page, SAVE_TEXT.sent);
    await sleep(QUIET_MS);
    assert.equal(puts.length, 2, 'one PUT, not one per answer');
  });

  await t.test('hiding the page sends the waiting answers at once', async () => {
    const picked = await answerNext(2);
    await sleep(QUIET_MS);
    await waitForSaveState(page, SAVE_TEXT.local);
    await checkPage(page, '51-attempt-saved-on-device');
    await screenshot(page, '52-attempt-saved-on-device-full', { fullPage: true });
    assert.equal(puts.length, 2);

    await setVisibility(page, 'hidden');
    await waitUntil(() => puts.length === 3, { message: 'the PUT when the page is hidden' });
    assert.deepEqual(puts[2].answers, picked);
    await waitForSaveState(page, SAVE_TEXT.sent);
    await setVisibility(page, 'visible');
  });

  await t.test('leaving the page (pagehide) sends the waiting answers', async () => {
    const picked = await answerNext(1);
    await sleep(QUIET_MS);
    assert.equal(puts.length, 3);
    assert.equal(proxy.stats.answerPuts, 3, 'the proxy saw what the page reported');
    await page.goto('about:blank');
    await waitUntil(() => proxy.stats.answerPuts === 4, { message: 'the keepalive PUT on pagehide' });
    await waitUntil(async () => (await storedAttempt(MAIN_CONTEST, attemptId, user.token)).answers[Object.keys(picked)[0]] !== undefined, {
      message: 'the server to store the answer sent on pagehide',
    });
    assert.deepEqual((await storedAttempt(MAIN_CONTEST, attemptId, user.token)).answers, chosen);
  });

  await t.test('submitting leaves nothing unsent: the submission carries the waiting answers', async () => {
    await page.goto(attemptUrl);
    // Back on the question last shown before leaving.
    await page.locator('legend', { hasText: `Câu ${answered}/20` }).waitFor();
    assert.equal(await page.locator('.progress-text').textContent(), `Đã trả lời ${answered}/20 câu`);
    await waitForSaveState(page, SAVE_TEXT.sent);
    const picked = await answerNext(BATCH_ANSWERS - 2);
    await waitForSaveState(page, SAVE_TEXT.local);

    await page.getByRole('button', { name: 'Nộp bài' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Nộp bài' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi' }).waitFor();

    assert.equal(puts.length, 3, 'no PUT before the submission');
    assert.equal(proxy.stats.answerPuts, 4);
    assert.equal(submits.length, 1);
    for (const [qid, oid] of Object.entries(picked)) assert.equal(submits[0].answers[qid], oid, `the submission carries ${qid}`);
    const stored = await storedAttempt(MAIN_CONTEST, attemptId, user.token);
    assert.equal(stored.status, 'submitted');
    assert.deepEqual(stored.answers, chosen, "the server's answers are exactly the chosen ones");
    const journal = await page.evaluate((key) => window.localStorage.getItem(key), `cuocthi:v1:${MAIN_CONTEST}:attempt:${attemptId}`);
    assert.equal(journal, null, 'the journal is cleared once submitted');
  });

  assertNoProblems(problems, 'autosave');
});

// ---- the last minutes ----

const URGENT_CONTEST = 'gan-het-gio';
const ORGANIZER = { username: process.env.ORGANIZER_USERNAME, password: process.env.ORGANIZER_PASSWORD };
/** Long enough to answer a few questions before the last URGENT_BEFORE_DEADLINE_MS begin. */
const URGENT_TIME_LIMIT_SECONDS = URGENT_BEFORE_DEADLINE_MS / 1000 + 30;

/** RFC 3339 in Vietnam time, whole seconds. */
function vietnam(ms) {
  const d = new Date(Math.floor(ms / 1000) * 1000 + 7 * 3600 * 1000);
  return `${d.toISOString().slice(0, 19)}+07:00`;
}

/** A four-question contest whose attempts last URGENT_TIME_LIMIT_SECONDS, made through the organizers' API. */
async function createUrgentContest() {
  assert.ok(ORGANIZER.username && ORGANIZER.password, 'ORGANIZER_USERNAME/ORGANIZER_PASSWORD come from scripts/browser-test.sh');
  const login = await apiCall('POST', '/api/admin/login', { body: ORGANIZER });
  assert.equal(login.status, 200, `organizer login failed: ${JSON.stringify(login.data)}`);
  const token = login.data.token;
  const day = 24 * 3600 * 1000;
  const created = await apiCall('POST', '/api/admin/contests', {
    token,
    body: {
      id: URGENT_CONTEST,
      title: 'Kiểm thử gửi câu trả lời gần hết giờ',
      description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
      rules: `Mỗi lượt thi ${URGENT_TIME_LIMIT_SECONDS} giây, 4 câu.`,
      time_limit_seconds: URGENT_TIME_LIMIT_SECONDS,
      grace_seconds: 5,
      questions_per_attempt: 4,
      max_attempts_per_round: 1,
      rounds: [{ id: 'vong-1', name: 'Vòng thử', opens_at: vietnam(Date.now() - day), closes_at: vietnam(Date.now() + day) }],
      organizations: [{ id: 'don-vi-thu', name: 'Đơn vị thử nghiệm', group: 'Kiểm thử', headcount: 10 }],
    },
  });
  if (created.status === 409) return; // made by an earlier run against the same stack
  assert.equal(created.status, 201, `creating the contest failed: ${JSON.stringify(created.data)}`);
  const questions = [
    { text: 'Một tuần có mấy ngày?', options: ['5 ngày', '6 ngày', '7 ngày', '8 ngày'], answer: 'C' },
    { text: 'Thủ đô của Việt Nam là thành phố nào?', options: ['Huế', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ'], answer: 'B' },
    { text: 'Một giờ có bao nhiêu phút?', options: ['30 phút', '60 phút', '90 phút', '100 phút'], answer: 'B' },
    { text: 'Tỉnh Quảng Trị thuộc vùng nào?', options: ['Bắc Trung Bộ', 'Tây Nguyên', 'Nam Bộ', 'Tây Bắc'], answer: 'A' },
  ];
  const imported = await apiCall('POST', `/api/admin/contests/${URGENT_CONTEST}/questions/import?dry_run=false&status=approved`, {
    token,
    body: { questions },
  });
  assert.equal(imported.status, 201, `importing the questions failed: ${JSON.stringify(imported.data)}`);
}

test('in the last two minutes every answer goes out after the short debounce', { timeout: 120000 }, async () => {
  await createUrgentContest();
  const user = await registerViaApi(URGENT_CONTEST, { fullName: 'Vũ Văn Gần Giờ', organizationId: 'don-vi-thu' });
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  const { puts } = recordRequests(page);
  await useSession(page, user, { contest: URGENT_CONTEST });
  const started = await apiCall('POST', `/api/contests/${URGENT_CONTEST}/rounds/vong-1/attempts`, { token: user.token });
  assert.equal(started.status, 201, `start attempt failed: ${JSON.stringify(started.data)}`);
  const urgentFrom = Date.parse(started.data.deadline) - URGENT_BEFORE_DEADLINE_MS;
  await page.goto(url(`/bai-thi/${started.data.attempt_id}`, URGENT_CONTEST));
  await page.locator('legend', { hasText: 'Câu 1/4' }).waitFor();

  /** Answers question `number`; returns what was chosen and a moment just before. */
  async function answer(number) {
    await goToQuestion(page, number, 4);
    const at = Date.now();
    const [qid, oid] = await answerCurrent(page, number % 4);
    return { picked: { [qid]: oid }, at };
  }

  // Before the last two minutes, answers wait as usual...
  const early = { ...(await answer(1)).picked, ...(await answer(2)).picked };
  await sleep(QUIET_MS);
  assert.ok(Date.now() < urgentFrom, 'the first answers were given before the last two minutes (machine too slow?)');
  assert.equal(puts.length, 0, 'no PUT before the last two minutes');
  await waitForSaveState(page, SAVE_TEXT.local);

  // ...and go out when they begin,
  await waitUntil(() => puts.length === 1, { timeout: urgentFrom - Date.now() + 10000, message: 'the PUT when the last two minutes begin' });
  assert.ok(puts[0].at >= urgentFrom - 1000, `sent when the last two minutes begin, not before (${urgentFrom - puts[0].at} ms early)`);
  assert.deepEqual(puts[0].answers, early);
  await waitForSaveState(page, SAVE_TEXT.sent);

  // after which every answer goes out on its own, DEBOUNCE_MS after it is chosen.
  for (const number of [3, 4]) {
    const { picked, at } = await answer(number);
    await waitUntil(() => puts.length === number - 1, { timeout: 5000, message: `the PUT for answer ${number}` });
    const delay = puts[number - 2].at - at;
    assert.ok(delay >= DEBOUNCE_MS - 50 && delay < DEBOUNCE_MS + 3000, `answer ${number} sent ${delay} ms after it was chosen`);
    assert.deepEqual(puts[number - 2].answers, picked);
    await waitForSaveState(page, SAVE_TEXT.sent);
  }
  assertNoProblems(problems, 'last minutes');
});
