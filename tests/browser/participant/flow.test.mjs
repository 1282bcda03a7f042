// The whole participant flow on a 360-px phone: landing, register (with the
// proof-of-work challenge the demo contest asks for), my page, an attempt
// that survives a reload and a network drop, submission, and the result
// (whose round keeps its leaderboard hidden until it closes). Every page is
// screenshotted and checked with axe-core.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  MAIN_CONTEST, PHONE, SAVE_TEXT, answerCurrent, apiCall, assertNoProblems, checkPage, goToQuestion, journalPolicy, launch,
  openPage, screenshot, sessionFromPage, startProxy, uniquePhone, url, waitForSaveState, waitUntil,
} from '../helpers.mjs';

// The steps answer 8, 6 and 6 questions: a batch fills within each, with answers left over in the first and the last.
const BATCH_ANSWERS = journalPolicy('BATCH_ANSWERS');

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

async function checkedAnswer(page) {
  const checked = page.locator('.options input:checked');
  if ((await checked.count()) === 0) return null;
  return [(await checked.getAttribute('name')).replace(/^q-/, ''), await checked.getAttribute('value')];
}

test('a participant registers, takes an attempt that never loses an answer, and sees the result', { timeout: 240000 }, async (t) => {
  assert.ok(BATCH_ANSWERS >= 2 && BATCH_ANSWERS <= 5, `the steps suit BATCH_ANSWERS from 2 to 5, not ${BATCH_ANSWERS}`);
  // Through the proxy, so that the test can cut the network for real.
  const { page, problems } = await openPage(browser, { viewport: PHONE, base: proxy.url });
  const fullName = `Nguyễn Thị Thử ${Date.now() % 100000}`;
  const chosen = new Map(); // questionId -> optionId, in question order
  const order = [];
  let offlinePuts = 0;
  const serverAnswers = async () => {
    const session = await sessionFromPage(page);
    const attemptId = page.url().split('/bai-thi/')[1];
    const { data } = await apiCall('GET', `/api/contests/${MAIN_CONTEST}/attempts/${attemptId}`, { token: session.token });
    return data.answers;
  };

  await t.test('landing shows the contest, rounds in Vietnam time and a live countdown', async () => {
    await page.goto(url('/', MAIN_CONTEST, proxy.url));
    await page.getByRole('heading', { level: 1, name: /cải cách hành chính/ }).waitFor();
    await page.getByRole('heading', { name: 'Lịch thi' }).waitFor();
    await page.getByRole('heading', { name: 'Thể lệ' }).waitFor();
    assert.match(await page.locator('.countdown-label').textContent(), /Tuần 1 đang diễn ra/);
    const first = await page.locator('.countdown-value').textContent();
    await page.waitForFunction((before) => document.querySelector('.countdown-value').textContent !== before, first, { timeout: 5000 });
    assert.match(await page.locator('.rounds').textContent(), /08h00 Thứ Hai, \d\d\/\d\d\/\d{4}/);
    await page.locator('.badge-open').first().waitFor();
    await checkPage(page, '01-landing');
  });

  await t.test('register: field errors are shown next to the field, then the account is created', async () => {
    await page.getByRole('link', { name: 'Đăng ký dự thi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
    await checkPage(page, '02-register');

    // Consent to the privacy notice comes first: unticked, and the button waits for it.
    const submit = page.getByRole('button', { name: 'Đăng ký', exact: true });
    assert.equal(await submit.isDisabled(), true, 'the button is disabled until the consent box is ticked');
    await page.getByLabel('Tôi đã đọc và đồng ý với việc xử lý dữ liệu cá nhân theo Thông báo trên.').check();
    assert.equal(await submit.isDisabled(), false);

    // Nothing filled in: every required field says what is missing.
    await submit.click();
    await page.getByText('Vui lòng nhập họ và tên.').waitFor();
    await page.getByText('Vui lòng chọn đơn vị.').waitFor();
    assert.equal(await page.getByLabel('Họ và tên').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Họ và tên').fill(fullName);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-an-toan');
    await page.getByLabel('Tìm nhanh đơn vị').fill('phong noi vu');
    assert.equal(await page.getByLabel('Đơn vị', { exact: true }).inputValue(), 'phong-noi-vu');
    await page.getByLabel('Tìm nhanh đơn vị').fill('');
    await page.getByLabel('Đơn vị', { exact: true }).selectOption('phuong-2');
    await page.getByLabel('Năm sinh (không bắt buộc)').fill('1988');

    // A phone the server rejects: its Vietnamese message appears under the phone field.
    await page.getByLabel('Số điện thoại').fill('12345');
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    const phoneError = page.locator('.field', { has: page.getByLabel('Số điện thoại') }).locator('.field-error');
    await phoneError.getByText('Số điện thoại không hợp lệ', { exact: false }).waitFor();
    assert.equal(await page.getByLabel('Số điện thoại').getAttribute('aria-invalid'), 'true');
    await screenshot(page, '02b-register-errors', { fullPage: true });

    const sent = [];
    const recordRegister = (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/register')) sent.push(request.postDataJSON());
    };
    page.on('request', recordRegister);
    await page.getByLabel('Số điện thoại').fill(uniquePhone());
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    page.off('request', recordRegister);
    assert.equal(sent.length, 1);
    const contestInfo = (await apiCall('GET', `/api/contests/${MAIN_CONTEST}`)).data;
    assert.equal(sent[0].consent, true, 'the consent went with the registration');
    assert.equal(sent[0].privacy_notice_version, contestInfo.privacy_notice_version, 'for the notice shown');
    const solution = JSON.parse(Buffer.from(sent[0].altcha, 'base64').toString());
    assert.deepEqual(Object.keys(solution), ['algorithm', 'challenge', 'number', 'salt', 'signature'], 'the solved challenge went with the registration');
  });

  await t.test('my page shows the rounds and starts an attempt after a confirmation', async () => {
    await page.getByText(fullName).waitFor();
    await page.getByText('UBND Phường 2').first().waitFor();
    const session = await sessionFromPage(page);
    assert.ok(session?.token, 'the token is kept in localStorage');
    await checkPage(page, '03-my-page');

    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /20 câu hỏi/);
    assert.match(await dialog.textContent(), /30 phút/);
    await screenshot(page, '03b-start-confirmation');
    await dialog.getByRole('button', { name: 'Bắt đầu' }).click();
    await page.locator('legend', { hasText: 'Câu 1/20' }).waitFor();
  });

  await t.test('attempt page: timer from the server deadline, one question at a time, answers saved and sent in batches', async () => {
    const timer = page.locator('.timer-value');
    assert.match(await timer.textContent(), /^(30:00|29:[0-5]\d)$/);
    const width = (await timer.boundingBox()).width;
    const text = await timer.textContent();
    await page.waitForFunction((before) => document.querySelector('.timer-value').textContent !== before, text, { timeout: 5000 });
    assert.equal((await timer.boundingBox()).width, width, 'the timer keeps its width as it ticks');

    for (let n = 1; n <= 8; n += 1) {
      const [qid, oid] = await answerCurrent(page, n % 4);
      chosen.set(qid, oid);
      order.push(qid);
      if (n === BATCH_ANSWERS) await waitUntil(() => proxy.stats.answerPuts === 1, { message: 'one PUT for the first batch' });
      if (n < 8) {
        await page.getByRole('button', { name: 'Câu tiếp' }).click();
        await page.locator('legend', { hasText: `Câu ${n + 1}/20` }).waitFor();
      }
    }
    // The first batch went out together; the rest waits on the device.
    await waitForSaveState(page, SAVE_TEXT.local);
    assert.equal(proxy.stats.answerPuts, 1);
    assert.deepEqual(await serverAnswers(), Object.fromEntries(order.slice(0, BATCH_ANSWERS).map((q) => [q, chosen.get(q)])));
    assert.equal(await page.locator('.progress-text').textContent(), 'Đã trả lời 8/20 câu');
    // "Câu trước" goes back and keeps the choice.
    await page.getByRole('button', { name: 'Câu trước' }).click();
    await page.locator('legend', { hasText: 'Câu 7/20' }).waitFor();
    assert.deepEqual(await checkedAnswer(page), [order[6], chosen.get(order[6])]);
    await checkPage(page, '04-attempt');
  });

  await t.test('a reload mid-attempt sends the waiting answers and shows every answer again', async () => {
    await page.reload();
    // Back on the question the participant was on (kept with the answers).
    await page.locator('legend', { hasText: 'Câu 7/20' }).waitFor();
    assert.equal(await page.locator('.progress-text').textContent(), 'Đã trả lời 8/20 câu');
    for (let n = 1; n <= 8; n += 1) {
      await goToQuestion(page, n);
      assert.deepEqual(await checkedAnswer(page), [order[n - 1], chosen.get(order[n - 1])], `question ${n} after reload`);
    }
    await waitUntil(async () => Object.keys(await serverAnswers()).length === 8, { message: 'the server to have all 8 answers after the reload' });
    assert.deepEqual(await serverAnswers(), Object.fromEntries(chosen));
  });

  await t.test('answers chosen while the network is down are kept, survive a reload, and reach the server', async () => {
    const putsBefore = proxy.stats.answerPuts;
    proxy.mode = 'block-answers';
    await goToQuestion(page, 9);
    for (let n = 9; n <= 14; n += 1) {
      const [qid, oid] = await answerCurrent(page, n % 4);
      chosen.set(qid, oid);
      order.push(qid);
      if (n < 14) await page.getByRole('button', { name: 'Câu tiếp' }).click();
      await page.locator('legend', { hasText: `Câu ${n === 14 ? 14 : n + 1}/20` }).waitFor();
    }
    await waitForSaveState(page, SAVE_TEXT.offline, { timeout: 10000 });
    await screenshot(page, '05-attempt-offline');

    // The whole API unreachable, and the page reloaded: the attempt comes back
    // from the journal on this device, with the unsent answers.
    proxy.mode = 'block-api';
    await page.reload();
    await page.locator('legend', { hasText: 'Câu 14/20' }).waitFor();
    assert.equal(await page.locator('.progress-text').textContent(), 'Đã trả lời 14/20 câu');
    await waitForSaveState(page, SAVE_TEXT.offline, { timeout: 10000 });
    for (let n = 1; n <= 14; n += 1) {
      await goToQuestion(page, n);
      assert.deepEqual(await checkedAnswer(page), [order[n - 1], chosen.get(order[n - 1])], `question ${n} after an offline reload`);
    }
    offlinePuts = proxy.stats.answerPuts - putsBefore;
    assert.ok(offlinePuts <= 12, `retries back off instead of hammering the server (${offlinePuts} PUTs while offline)`);

    proxy.mode = 'pass';
    await waitForSaveState(page, SAVE_TEXT.sent, { timeout: 40000 });
    assert.deepEqual(await serverAnswers(), Object.fromEntries(chosen), 'every answer reached the server');
  });

  await t.test('submitting lists unanswered questions, then the result shows score, rank and leaderboards', async () => {
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Bạn còn 6 câu chưa trả lời: Câu 15, Câu 16, Câu 17, Câu 18, Câu 19, Câu 20\./);
    await screenshot(page, '06-submit-confirmation-unanswered');
    await dialog.getByRole('button', { name: 'Quay lại làm bài' }).click();
    await dialog.waitFor({ state: 'detached' });

    await goToQuestion(page, 15);
    const putsBeforeLast = proxy.stats.answerPuts;
    for (let n = 15; n <= 20; n += 1) {
      const [qid, oid] = await answerCurrent(page, n % 4);
      chosen.set(qid, oid);
      order.push(qid);
      if (n === 14 + BATCH_ANSWERS) await waitUntil(() => proxy.stats.answerPuts === putsBeforeLast + 1, { message: 'one PUT for a batch from answer 15' });
      if (n < 20) {
        await page.getByRole('button', { name: 'Câu tiếp' }).click();
        await page.locator('legend', { hasText: `Câu ${n + 1}/20` }).waitFor();
      }
    }
    assert.equal(await page.locator('.progress-text').textContent(), 'Đã trả lời 20/20 câu');
    await page.getByLabel(/Dự đoán có bao nhiêu người/).fill('7');
    // Its help follows the contest's tie-break order (the demo: score, time, prediction, submission).
    assert.equal(
      await page.locator('.prediction .hint').textContent(),
      'Nhập một số nguyên (ví dụ 25). Khi bằng điểm, người làm bài nhanh hơn xếp trên; nếu vẫn bằng, người có dự đoán gần đúng nhất, rồi người nộp bài sớm hơn.',
    );
    // A batch from answer 15 went out together; the rest goes with the submission.
    await waitForSaveState(page, SAVE_TEXT.local);
    assert.equal(proxy.stats.answerPuts, putsBeforeLast + 1);
    const onlinePuts = proxy.stats.answerPuts - offlinePuts;
    assert.ok(onlinePuts <= 5, `answers are batched (${onlinePuts} PUTs reached the server for 20 answers)`);

    await page.getByRole('button', { name: 'Nộp bài' }).click();
    dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Bạn đã trả lời đủ 20\/20 câu\./);
    await dialog.getByRole('button', { name: 'Nộp bài' }).click();

    await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi' }).waitFor();
    const session = await sessionFromPage(page);
    const attemptId = page.url().split('/ket-qua/')[1];
    const { data } = await apiCall('GET', `/api/contests/${MAIN_CONTEST}/attempts/${attemptId}`, { token: session.token });
    assert.equal(data.status, 'submitted');
    assert.deepEqual(data.answers, Object.fromEntries(chosen), 'the submitted attempt has all 20 answers');
    assert.equal(data.prediction, 7);
    assert.equal(await page.locator('.score-value').textContent(), String(data.score));
    assert.equal(await page.locator('.score-total').textContent(), '/20');

    // The time to the tenth of a second; the round's ranking waits for its close.
    assert.match(await page.locator('.stats div', { hasText: 'Thời gian làm bài' }).locator('dd').textContent(), /^(\d+ phút )?\d+,\d giây$/);
    await page.locator('.rank', { hasText: /được công bố sau khi tuần thi kết thúc lúc \d\d:\d\d ngày/ }).waitFor();
    await page.locator('.board-hidden').waitFor();
    assert.equal(await page.locator('table.leaderboard').count(), 0);
    await page.locator('.org-list li', { hasText: 'UBND Phường 2' }).waitFor();
    await checkPage(page, '07-result');
    await screenshot(page, '07b-result-full', { fullPage: true });

    // The public leaderboard of the open round is hidden (the demo contest has a prediction question).
    const board = await apiCall('GET', `/api/contests/${MAIN_CONTEST}/rounds/${data.round_id}/leaderboard?limit=50`);
    assert.equal(board.data.visible, false);
    assert.deepEqual(board.data.entries, []);
  });

  await t.test('my page now shows the best score and one attempt left', async () => {
    await page.getByRole('link', { name: 'Về trang dự thi của tôi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    await page.getByRole('link', { name: 'Xem kết quả' }).waitFor();
    const firstRound = page.locator('.round-card').first();
    assert.match(await firstRound.textContent(), /Lượt đã thi1\/2/);
  });

  assertNoProblems(problems, 'flow');
});
