// Practice rounds (thi thử) and reviews: a practice round labelled as such
// everywhere, started again and again past the contest's attempt limit,
// without a prediction question or a leaderboard, each attempt reviewable at
// once (the choice, the right option by icon and words, the source); a
// voided question right for everyone; a real round's review refused while
// it is open (the page says until when), then open once it has closed, a
// key still in play withheld; and a result the committee reviews for its
// speed said so plainly.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  MAIN_CONTEST, PHONE, apiCall, assertNoProblems, checkPage, createContestViaApi, launch, openPage, organizerToken,
  registerViaApi, takeAttempt, url, useSession, vietnamTime,
} from '../helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const day = 24 * 3600 * 1000;
const pad = (n) => String(n).padStart(2, '0');
/** "22:00 ngày 23/10/2022" in Vietnam time, as the page writes it. */
function vietnamClock(ms) {
  const d = new Date(ms + 7 * 3600 * 1000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ngày ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

async function waitIdle(page) {
  await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
}

const ORG = { id: 'don-vi-thu', name: 'Đơn vị thử nghiệm', group: 'Kiểm thử', headcount: 10 };
const PRACTICE_BANK = [
  { text: 'Ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam là ngày nào?', options: ['2/9', '30/4', '1/5', '19/5'], answer: 'A', source: 'Hiến pháp năm 2013, Điều 13' },
  { text: 'Cơ quan nào ban hành Nghị quyết số 76/NQ-CP?', options: ['Quốc hội', 'Chính phủ', 'Thủ tướng Chính phủ', 'Bộ Nội vụ'], answer: 'B', source: 'Nghị quyết số 76/NQ-CP ngày 15/7/2021' },
  { text: 'Chương trình tổng thể cải cách hành chính nhà nước theo Nghị quyết 76/NQ-CP thuộc giai đoạn nào?', options: ['2011 – 2020', '2016 – 2025', '2021 – 2030', '2021 – 2025'], answer: 'C', source: 'Nghị quyết số 76/NQ-CP, Điều 1' },
  { text: 'Thị xã Quảng Trị thuộc tỉnh nào?', options: ['Quảng Bình', 'Quảng Trị', 'Thừa Thiên Huế', 'Quảng Nam'], answer: 'B', source: 'Danh mục đơn vị hành chính Việt Nam' },
].map((q) => ({ ...q, rounds: ['thi-thu'] }));
const REAL_BANK = [
  { text: 'Một tuần có mấy ngày?', options: ['5 ngày', '6 ngày', '7 ngày', '8 ngày'], answer: 'C', source: 'Lịch dương' },
  { text: 'Thủ đô của Việt Nam là thành phố nào?', options: ['Huế', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ'], answer: 'B', source: 'Hiến pháp năm 2013, Điều 13' },
  { text: 'Một giờ có bao nhiêu phút?', options: ['30 phút', '60 phút', '90 phút', '100 phút'], answer: 'B', source: 'Đơn vị đo thời gian' },
];
const SOURCE = Object.fromEntries([...PRACTICE_BANK, ...REAL_BANK].map((q) => [q.text, q.source]));

/** The page's verdict for a reviewed question, from the API's own review of it. */
function expectedVerdict(q) {
  if (q.voided) return 'Được tính đúng';
  if (q.correct === null) return 'Chưa công bố đáp án';
  if (q.is_correct) return 'Đúng';
  return q.your_answer === null ? 'Chưa trả lời' : 'Sai';
}

/** Checks the review page against the API's review of the same attempt. */
async function checkReview(page, review) {
  const items = page.locator('.review-list > li');
  assert.equal(await items.count(), review.questions.length);
  for (const [index, q] of review.questions.entries()) {
    const item = items.nth(index);
    assert.equal(await item.getByRole('heading', { level: 2 }).textContent(), `Câu ${index + 1}`);
    assert.equal((await item.locator('.verdict').innerText()).replace(/^[^A-Za-zÀ-ỹĐđ]+/, ''), expectedVerdict(q), `question ${index + 1}`);
    assert.equal(await item.locator('.review-question').textContent(), q.text);
    const options = item.locator('.review-option');
    assert.equal(await options.count(), q.options.length);
    for (const [i, option] of q.options.entries()) {
      const row = options.nth(i);
      assert.match(await row.textContent(), new RegExp(option.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.equal(await row.getByText('Bạn chọn', { exact: true }).count(), option.id === q.your_answer ? 1 : 0, `«Bạn chọn» on question ${index + 1}`);
      assert.equal(await row.getByText('Đáp án đúng', { exact: true }).count(), option.id === q.correct ? 1 : 0, `«Đáp án đúng» on question ${index + 1}`);
    }
    if (q.correct === null) await item.getByText('Đáp án được công bố sau khi tuần thi cuối cùng kết thúc.').waitFor();
    if (q.voided) await item.getByText('Câu này được tính đúng cho mọi người', { exact: false }).waitFor();
    // A withheld key keeps its source too (it would tell the answer).
    if (q.correct === null) assert.equal(await item.locator('.review-source').count(), 0);
    else assert.equal(await item.locator('.review-source').textContent(), `Nguồn: ${SOURCE[q.text]}`);
  }
}

test('practice: «Thi thử» everywhere, attempts past the round limit, each reviewed at once', { timeout: 180000 }, async (t) => {
  const cid = `thi-thu-${Date.now().toString(36)}`;
  const now = Date.now();
  await createContestViaApi({
    id: cid,
    title: 'Kiểm thử thi thử và xem lại bài',
    description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
    rules: '1. Số câu: 3 câu mỗi lượt.\n2. Số lượt: mỗi tuần thi 1 lượt.',
    time_limit_seconds: 600,
    grace_seconds: 5,
    questions_per_attempt: 3,
    max_attempts_per_round: 1,
    min_seconds_per_question: 0,
    prediction_question: 'Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?',
    rounds: [
      { id: 'thi-thu', name: 'Thi thử', opens_at: vietnamTime(now - day), closes_at: vietnamTime(now + 7 * day), practice: true },
      { id: 'tuan-1', name: 'Tuần 1', opens_at: vietnamTime(now - day), closes_at: vietnamTime(now + 7 * day) },
    ],
    organizations: [ORG],
  }, [...PRACTICE_BANK, ...REAL_BANK]);
  const user = await registerViaApi(cid, { fullName: 'Lê Thị Làm Thử', organizationId: ORG.id });
  const me = async () => (await apiCall('GET', `/api/contests/${cid}/me`, { token: user.token })).data;
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  const attemptIds = [];

  /** From the dialog to the result: answers the first option of every question, submits. */
  async function takePracticeAttempt() {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('heading').textContent(), 'Bắt đầu làm bài thi thử?');
    assert.match(await dialog.textContent(), /Không giới hạn số lượt, không tính vào xếp hạng và giải thưởng/);
    assert.doesNotMatch(await dialog.textContent(), /lượt thứ/, 'no «lượt thứ n/1» for practice');
    await dialog.getByRole('button', { name: 'Bắt đầu' }).click();
    await page.locator('legend', { hasText: 'Câu 1/3' }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Bài thi thử');
    assert.equal(await page.locator('.prediction').count(), 0, 'no prediction question in a practice attempt');
    for (let n = 1; n <= 3; n += 1) {
      await page.locator('.options .option label').first().click();
      if (n < 3) await page.getByRole('button', { name: 'Câu tiếp' }).click();
    }
    attemptIds.push(page.url().split('/bai-thi/')[1]);
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi thử' }).waitFor();
  }

  await t.test('the landing page and the rules lead to «Làm thử trước khi thi thật»; logging in comes back to it', async () => {
    await page.goto(url('/', cid));
    await page.getByRole('heading', { level: 1, name: 'Kiểm thử thi thử và xem lại bài' }).waitFor();
    const teaser = page.getByRole('region', { name: /Làm thử trước khi thi thật/ });
    await teaser.getByRole('link', { name: 'Vào làm thử' }).waitFor();
    const practiceCard = page.locator('.rounds .round-card', { hasText: 'Thi thử' });
    await practiceCard.locator('.badge-practice', { hasText: 'Thi thử' }).waitFor();
    await page.locator('.rules').getByRole('link', { name: 'Làm thử trước khi thi thật' }).waitFor();
    // The countdown is the real round's.
    assert.match(await page.locator('.countdown-label').textContent(), /^Tuần 1 đang diễn ra/);
    await page.locator('.rules').getByRole('link', { name: 'Làm thử trước khi thi thật' }).click();
    await page.getByRole('heading', { level: 1, name: 'Làm thử trước khi thi thật' }).waitFor();
    assert.match(await page.locator('main').textContent(), /Không giới hạn số lượt; kết quả không tính vào xếp hạng và giải thưởng\./);
    await page.getByRole('link', { name: 'Đăng ký để làm thử' }).waitFor();
    await checkPage(page, '90-practice-page-logged-out');
    await page.getByRole('link', { name: 'Đăng nhập', exact: true }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Số điện thoại').fill(user.phone);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Làm thử trước khi thi thật' }).waitFor();
    await page.getByRole('button', { name: 'Bắt đầu làm thử' }).waitFor();
  });

  await t.test('a practice attempt: no prediction, no ranking, the review at once with answers and sources', async () => {
    await page.getByRole('button', { name: 'Bắt đầu làm thử' }).click();
    await takePracticeAttempt();
    assert.match(await page.locator('.score-card').textContent(), /Bài thi thử không tính vào xếp hạng và giải thưởng\./);
    assert.equal(await page.getByRole('heading', { name: /Bảng xếp hạng/ }).count(), 0, 'no leaderboard for practice');
    assert.equal(await page.locator('.rank').count(), 0);
    await checkPage(page, '91-practice-result');

    await page.getByRole('link', { name: 'Xem lại bài: đáp án và nguồn' }).click();
    await page.getByRole('heading', { level: 1, name: 'Xem lại bài thi' }).waitFor();
    const review = await apiCall('GET', `/api/contests/${cid}/attempts/${attemptIds[0]}/review`, { token: user.token });
    assert.equal(review.status, 200);
    assert.equal(review.data.withheld, 0, 'practice keys are never withheld');
    await checkReview(page, review.data);
    assert.equal(await page.locator('.score-value').textContent(), String(review.data.score));
    await checkPage(page, '92-practice-review', { fullPage: true });

    // «Chỉ hiện câu sai…» hides the right ones.
    const right = review.data.questions.filter((q) => q.is_correct).length;
    await page.getByLabel('Chỉ hiện câu sai và câu chưa trả lời').check();
    assert.equal(await page.locator('.review-list > li:visible').count(), review.data.questions.length - right);
    await page.getByLabel('Chỉ hiện câu sai và câu chưa trả lời').uncheck();
    assert.equal(await page.locator('.review-list > li:visible').count(), review.data.questions.length);
  });

  await t.test('again and again, past the one attempt a real round allows', async () => {
    await page.getByRole('link', { name: 'Về kết quả bài thi' }).click();
    await page.getByRole('button', { name: 'Làm thử lượt khác' }).click();
    await takePracticeAttempt();
    await page.getByRole('link', { name: 'Về trang dự thi của tôi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    const card = page.locator('.round-card', { hasText: 'Không giới hạn lượt' });
    await card.getByRole('button', { name: 'Bắt đầu làm thử' }).click();
    await takePracticeAttempt();

    const state = await me();
    const practiceRound = state.rounds.find((r) => r.round_id === 'thi-thu');
    assert.equal(practiceRound.attempts_used, 3);
    assert.equal(practiceRound.attempts_remaining, null, 'unlimited');
    assert.equal(practiceRound.practice, true);
    assert.equal(state.attempts.filter((a) => a.round_id === 'thi-thu' && a.review_available).length, 3);

    await page.getByRole('link', { name: 'Về trang dự thi của tôi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    const practiceCard = page.locator('.round-card', { hasText: 'Không giới hạn lượt' });
    assert.match(await practiceCard.textContent(), /Lượt đã làm thử3/);
    assert.doesNotMatch(await practiceCard.textContent(), /Lượt còn lại/);
    await practiceCard.locator('.badge-practice', { hasText: 'Thi thử' }).waitFor();
    await practiceCard.getByRole('button', { name: 'Bắt đầu làm thử' }).waitFor();
    // The real round still offers its one attempt.
    const realCard = page.locator('.round-card', { hasText: 'Tuần 1' });
    assert.match(await realCard.textContent(), /Lượt đã thi0\/1/);
    assert.match(await realCard.textContent(), /Lượt còn lại1/);
    const items = page.locator('.attempt-item', { hasText: 'Thi thử' });
    assert.equal(await items.count(), 3);
    assert.equal(await items.getByRole('link', { name: 'Xem lại bài' }).count(), 3);
    await checkPage(page, '93-my-page-practice', { fullPage: true });
  });

  await t.test('no leaderboard for the practice round', async () => {
    await page.goto(url('/xep-hang', cid));
    await page.getByRole('heading', { level: 1, name: 'Bảng xếp hạng' }).waitFor();
    assert.deepEqual(await page.locator('#round-select option').allTextContents(), ['Tuần 1']);
  });

  await t.test('a voided question: right for everyone, said so in the review', async () => {
    const token = await organizerToken();
    const first = await apiCall('GET', `/api/contests/${cid}/attempts/${attemptIds[0]}/review`, { token: user.token });
    const target = first.data.questions[0];
    const bank = await apiCall('GET', `/api/admin/contests/${cid}/questions`, { token });
    assert.equal(bank.status, 200);
    const question = (bank.data.questions || bank.data).find((q) => q.text === target.text);
    assert.ok(question, 'the question is in the bank');
    const voided = await apiCall('POST', `/api/admin/contests/${cid}/questions/${question.id}/void`, { token });
    assert.equal(voided.status, 200, `voiding failed: ${JSON.stringify(voided.data)}`);

    await page.goto(url(`/bai-thi/${attemptIds[0]}/xem-lai`, cid));
    await page.getByRole('heading', { level: 1, name: 'Xem lại bài thi' }).waitFor();
    const review = await apiCall('GET', `/api/contests/${cid}/attempts/${attemptIds[0]}/review`, { token: user.token });
    assert.equal(review.data.questions[0].voided, true);
    await checkReview(page, review.data);
    await page.locator('.review-list > li').first().locator('.verdict', { hasText: 'Được tính đúng' }).waitFor();
    await checkPage(page, '94-review-voided');
  });
  assertNoProblems(problems, 'practice');
});

test('a real round: the review waits for the round to close, then withholds only what a later round may draw', { timeout: 120000 }, async (t) => {
  const cid = `xem-lai-${Date.now().toString(36)}`;
  const closesAt = Math.floor((Date.now() + 30000) / 1000) * 1000;
  await createContestViaApi({
    id: cid,
    title: 'Kiểm thử xem lại bài sau tuần thi',
    description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
    rules: '1. Số câu: 3 câu mỗi lượt.',
    time_limit_seconds: 600,
    grace_seconds: 2,
    questions_per_attempt: 3,
    max_attempts_per_round: 2,
    min_seconds_per_question: 0,
    rounds: [
      { id: 'tuan-1', name: 'Tuần 1', opens_at: vietnamTime(Date.now() - day), closes_at: vietnamTime(closesAt) },
      { id: 'tuan-2', name: 'Tuần 2', opens_at: vietnamTime(Date.now() + day), closes_at: vietnamTime(Date.now() + 8 * day) },
    ],
    organizations: [ORG],
  }, [
    // Tuần 1 draws exactly these three; the third may still come in Tuần 2.
    { ...REAL_BANK[0], rounds: ['tuan-1'] },
    { ...REAL_BANK[1], rounds: ['tuan-1'] },
    REAL_BANK[2],
    { text: 'Tỉnh Quảng Trị thuộc vùng nào?', options: ['Bắc Trung Bộ', 'Tây Nguyên', 'Nam Bộ', 'Tây Bắc'], answer: 'A', rounds: ['tuan-2'] },
    { text: 'Một năm có bao nhiêu tháng?', options: ['10 tháng', '11 tháng', '12 tháng', '13 tháng'], answer: 'C', rounds: ['tuan-2'] },
  ]);
  const user = await registerViaApi(cid, { fullName: 'Phan Văn Chờ Đáp Án', organizationId: ORG.id });
  const started = await apiCall('POST', `/api/contests/${cid}/rounds/tuan-1/attempts`, { token: user.token });
  assert.equal(started.status, 201);
  const aid = started.data.attempt_id;
  // The first question answered right, the second wrong, the third left out.
  const key = { [REAL_BANK[0].text]: '7 ngày', [REAL_BANK[1].text]: 'Hà Nội' };
  const answers = {};
  for (const q of started.data.questions) {
    if (q.text === REAL_BANK[0].text) answers[q.id] = q.options.find((o) => o.text === key[q.text]).id;
    if (q.text === REAL_BANK[1].text) answers[q.id] = q.options.find((o) => o.text !== key[q.text]).id;
  }
  const submitted = await apiCall('POST', `/api/contests/${cid}/attempts/${aid}/submit`, { token: user.token, body: { answers } });
  assert.equal(submitted.status, 200);
  assert.ok(Date.now() < closesAt - 5000, 'set up before the round closes');
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await useSession(page, user, { contest: cid });
  const closing = vietnamClock(closesAt);

  await t.test('while the round is open: the result says when, the review page says it too', async () => {
    const refused = await apiCall('GET', `/api/contests/${cid}/attempts/${aid}/review`, { token: user.token });
    assert.equal(refused.status, 409);
    assert.equal(refused.data.error.code, 'REVIEW_NOT_YET_AVAILABLE');

    await page.goto(url(`/ket-qua/${aid}`, cid));
    await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi' }).waitFor();
    assert.equal(await page.locator('.review-line').textContent(), `Đáp án đúng và nguồn của từng câu được công bố để bạn xem lại bài sau khi Tuần 1 kết thúc lúc ${closing}.`);
    assert.equal(await page.getByRole('link', { name: /Xem lại bài/ }).count(), 0);
    await page.goto(url('/cua-toi', cid));
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    await page.locator('.attempt-item').getByRole('link', { name: 'Xem kết quả' }).waitFor();
    assert.equal(await page.locator('.attempt-item').getByRole('link', { name: 'Xem lại bài' }).count(), 0);

    await page.goto(url(`/bai-thi/${aid}/xem-lai`, cid));
    await page.getByRole('heading', { level: 1, name: 'Xem lại bài thi' }).waitFor();
    assert.equal(
      await page.locator('.review-not-yet').textContent(),
      `Phần xem lại bài thi (đáp án đúng và nguồn của từng câu) được mở sau khi Tuần 1 kết thúc lúc ${closing}, để bảo đảm công bằng cho những người chưa thi.`,
    );
    assert.equal(await page.locator('.review-list').count(), 0);
    await checkPage(page, '95-review-not-yet');
  });

  await t.test('once closed: no attempts «left», the review with the keys of this round only', async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, closesAt - Date.now()) + 1500));
    const state = (await apiCall('GET', `/api/contests/${cid}/me`, { token: user.token })).data;
    assert.equal(state.rounds.find((r) => r.round_id === 'tuan-1').attempts_remaining, 0);
    assert.equal(state.attempts[0].review_available, true);

    await page.goto(url('/cua-toi', cid));
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    const card = page.locator('.round-card', { hasText: 'Tuần 1' });
    await card.locator('.badge-closed').waitFor();
    assert.match(await card.textContent(), /Lượt đã thi1\/2/);
    assert.doesNotMatch(await card.textContent(), /Lượt còn lại/, 'a closed round has no attempts «left»');
    assert.equal(await card.getByRole('button').count(), 0);
    await page.locator('.attempt-item').getByRole('link', { name: 'Xem lại bài' }).click();
    await page.getByRole('heading', { level: 1, name: 'Xem lại bài thi' }).waitFor();
    const review = (await apiCall('GET', `/api/contests/${cid}/attempts/${aid}/review`, { token: user.token })).data;
    assert.equal(review.withheld, 1, 'the question Tuần 2 may draw keeps its key');
    await checkReview(page, review);
    const verdicts = await page.locator('.verdict').allInnerTexts();
    assert.deepEqual(verdicts.map((v) => v.replace(/^[^A-Za-zÀ-ỹĐđ]+/, '')).sort(), ['Chưa công bố đáp án', 'Sai', 'Đúng'].sort());
    await page.locator('.review-summary').getByText('1 câu chưa công bố đáp án vì còn có thể xuất hiện trong tuần thi chưa kết thúc.', { exact: false }).waitFor();
    await checkPage(page, '96-review-real-round', { fullPage: true });

    await page.goto(url(`/ket-qua/${aid}`, cid));
    await page.getByRole('link', { name: 'Xem lại bài thi: đáp án đúng và nguồn của từng câu' }).waitFor();
  });
  assertNoProblems(problems, 'real round review');
});

test('a result the committee reviews for its speed says so, instead of a missing rank', async () => {
  // Submitted at once: faster than the demo contest's minimum per question.
  const taken = await takeAttempt({ fullName: 'Trịnh Văn Nhanh Tay', organizationId: 'phuong-3' });
  const state = (await apiCall('GET', `/api/contests/${MAIN_CONTEST}/me`, { token: taken.token })).data;
  assert.equal(state.attempts[0].committee_review, 'pending');
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await useSession(page, { token: taken.token, participant: { id: taken.participantId, full_name: 'Trịnh Văn Nhanh Tay' } });
  await page.goto(url(`/ket-qua/${taken.attemptId}`));
  await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi' }).waitFor();
  await page.locator('.score-card').getByText('Kết quả đang được Ban Tổ chức xem xét vì thời gian làm bài quá nhanh.').waitFor();
  await waitIdle(page);
  await checkPage(page, '97-result-under-review');

  await page.goto(url('/cua-toi'));
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  await page.getByRole('main').locator('.notice-warning').getByText('Kết quả đang được Ban Tổ chức xem xét vì thời gian làm bài quá nhanh.').waitFor();
  await page.locator('.attempt-item').getByText('Đang được Ban Tổ chức xem xét').waitFor();
  assertNoProblems(problems, 'committee review');
});
