// Old phones and the small things found walking through an attempt on a
// 360-px phone (issue 19):
// - without HTMLDialogElement.prototype.showModal (iOS Safari < 15.4) and
//   Array.prototype.at, a whole attempt still works: log in, start, answer,
//   submit, see the result;
// - a reload mid-attempt comes back to the question the participant was on;
// - a unit's link (?contest=…&don-vi=ORG_ID) preselects the unit in the
//   registration form;
// - «Hướng dẫn» is generated from the contest's settings and gives the
//   committee's contact, as do the login page and the footer.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_URL, MAIN_CONTEST, PHONE, answerCurrent, apiCall, assertNoProblems, checkPage, createContestViaApi, goToQuestion,
  launch, openPage, registerViaApi, url, useSession, vietnamTime, SMALL_BANK,
} from '../helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const day = 24 * 3600 * 1000;

// What an iOS 12–15.3 Safari lacks, removed before any script of the page runs.
const OLD_PHONE = () => {
  delete window.HTMLDialogElement.prototype.showModal;
  delete Array.prototype.at; // eslint-disable-line no-extend-native
};

test('without <dialog>.showModal and Array.prototype.at, a whole attempt works', { timeout: 120000 }, async () => {
  const user = await registerViaApi(MAIN_CONTEST, { fullName: 'Hoàng Văn Máy Cũ', organizationId: 'phuong-3' });
  const { page, problems } = await openPage(browser, { viewport: PHONE, initScript: OLD_PHONE });
  await page.goto(url('/dang-nhap'));
  assert.equal(await page.evaluate(() => typeof HTMLDialogElement.prototype.showModal), 'undefined', 'the init script ran');
  assert.equal(await page.evaluate(() => typeof [].at), 'undefined');
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Số điện thoại').fill(user.phone);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();

  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).first().click();
  let dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('open'), '', 'shown with the open attribute');
  assert.equal(await dialog.evaluate((el) => getComputedStyle(el).position), 'fixed');
  assert.ok(await dialog.evaluate((el) => el.contains(document.activeElement)), 'focus is inside the dialog');
  // Tab stays inside, and Esc cancels as a native modal would.
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('Tab');
  assert.ok(await dialog.evaluate((el) => el.contains(document.activeElement)), 'Tab keeps focus inside');
  await checkPage(page, '70-dialog-fallback');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.locator('.dialog-backdrop').count(), 0, 'the backdrop goes with the dialog');

  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).first().click();
  dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.locator('legend', { hasText: 'Câu 1/20' }).waitFor();
  for (let n = 1; n <= 3; n += 1) {
    await answerCurrent(page, n % 4);
    await page.getByRole('button', { name: 'Câu tiếp' }).click();
  }
  await page.getByLabel(/Dự đoán có bao nhiêu người/).fill('5');
  await page.getByRole('button', { name: 'Nộp bài' }).click();
  dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /Bạn còn 17 câu chưa trả lời/);
  await dialog.getByRole('button', { name: 'Nộp bài' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi' }).waitFor();
  await page.locator('.score-value').waitFor();
  const attemptId = page.url().split('/ket-qua/')[1];
  const { data } = await apiCall('GET', `/api/contests/${MAIN_CONTEST}/attempts/${attemptId}`, { token: user.token });
  assert.equal(data.status, 'submitted');
  assert.equal(Object.keys(data.answers).length, 3);
  assertNoProblems(problems, 'old phone');
});

test('a reload mid-attempt returns to the question the participant was on', { timeout: 90000 }, async () => {
  const user = await registerViaApi(MAIN_CONTEST, { fullName: 'Phan Thị Tải Lại', organizationId: 'phuong-2' });
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await useSession(page, user);
  await page.goto(url('/cua-toi'));
  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'Bắt đầu' }).click();
  await page.locator('legend', { hasText: 'Câu 1/20' }).waitFor();
  await answerCurrent(page, 1);
  await goToQuestion(page, 7);
  const [qid, oid] = await answerCurrent(page, 2);
  await page.reload();
  await page.locator('legend', { hasText: 'Câu 7/20' }).waitFor();
  assert.equal(await page.locator(`input[name="q-${qid}"]:checked`).getAttribute('value'), oid, 'the choice is there too');
  assert.equal(
    await page.getByRole('navigation', { name: 'Danh sách câu hỏi' }).getByRole('button', { name: /^Câu 7,/ }).getAttribute('aria-current'),
    'step',
  );
  // And from there on, the position follows: next question, reload again.
  await page.getByRole('button', { name: 'Câu tiếp' }).click();
  await page.locator('legend', { hasText: 'Câu 8/20' }).waitFor();
  await page.reload();
  await page.locator('legend', { hasText: 'Câu 8/20' }).waitFor();
  assertNoProblems(problems, 'reload position');
});

test('?don-vi=ORG_ID preselects the unit in the registration form', async () => {
  const info = (await apiCall('GET', `/api/contests/${MAIN_CONTEST}`)).data;
  const org = info.organizations.find((o) => !o.staff_list && o.id !== 'phuong-1');
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await page.goto(`${BASE_URL}/?contest=${MAIN_CONTEST}&don-vi=${org.id}#/dang-ky`);
  await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
  const select = page.getByLabel('Đơn vị', { exact: true });
  assert.equal(await select.inputValue(), org.id);
  assert.equal(await select.locator('option:checked').textContent(), org.name);
  // From the landing page (where a poster's QR code leads), through «Đăng ký dự thi».
  await page.goto(`${BASE_URL}/?contest=${MAIN_CONTEST}&don-vi=${org.id}`);
  await page.getByRole('link', { name: 'Đăng ký dự thi' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
  assert.equal(await page.getByLabel('Đơn vị', { exact: true }).inputValue(), org.id);
  // An unknown unit chooses nothing.
  await page.goto(`${BASE_URL}/?contest=${MAIN_CONTEST}&don-vi=khong-co-don-vi-nay#/dang-ky`);
  await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
  assert.equal(await page.getByLabel('Đơn vị', { exact: true }).inputValue(), '');
  assertNoProblems(problems, 'don-vi preselect');
});

test('«Hướng dẫn» follows the contest settings and gives the committee’s contact (help page, login page, footer)', { timeout: 90000 }, async () => {
  const cid = `huong-dan-${Date.now().toString(36)}`;
  const now = Date.now();
  const contact = { hotline: '0233 3861 234', email: 'btc.cuocthi@quangtri.gov.vn' };
  await createContestViaApi({
    id: cid,
    title: 'Kiểm thử trang hướng dẫn',
    description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
    rules: '1. Số câu: 3 câu mỗi lượt.\n2. Giải cá nhân: mỗi tuần 01 giải Nhất 500.000 đồng, 01 giải Nhì 300.000 đồng.\n3. Giải tập thể: 01 giải Nhất 1.000.000 đồng.',
    time_limit_seconds: 900,
    grace_seconds: 5,
    questions_per_attempt: 3,
    max_attempts_per_round: 3,
    min_seconds_per_question: 0,
    prediction_question: 'Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?',
    tie_breaks: ['score', 'prediction_distance', 'duration', 'submitted_at'],
    contact,
    rounds: [
      { id: 'thi-thu', name: 'Thi thử', opens_at: vietnamTime(now - day), closes_at: vietnamTime(now + 7 * day), practice: true },
      { id: 'tuan-1', name: 'Tuần 1', opens_at: vietnamTime(now - day), closes_at: vietnamTime(now + 7 * day) },
    ],
    organizations: [{ id: 'don-vi-thu', name: 'Đơn vị thử nghiệm', group: 'Kiểm thử', headcount: 10 }],
  }, [...SMALL_BANK.map((q) => ({ ...q, rounds: ['tuan-1'] })), ...SMALL_BANK.map((q) => ({ ...q, text: `Làm thử: ${q.text}`, rounds: ['thi-thu'] }))]);

  const { page, problems } = await openPage(browser, { viewport: PHONE });
  await page.goto(url('/', cid));
  await page.getByRole('heading', { level: 1, name: 'Kiểm thử trang hướng dẫn' }).waitFor();
  // The footer: the contact and the way to the help page.
  const footer = page.locator('.site-footer');
  await footer.getByRole('link', { name: contact.hotline }).waitFor();
  assert.equal(await footer.getByRole('link', { name: contact.email }).getAttribute('href'), `mailto:${contact.email}`);
  assert.equal(await footer.getByRole('link', { name: contact.hotline }).getAttribute('href'), 'tel:02333861234');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hướng dẫn' }).click();

  await page.getByRole('heading', { level: 1, name: 'Hướng dẫn dự thi' }).waitFor();
  const main = page.locator('#app');
  const text = await main.innerText();
  assert.match(text, /Mỗi lượt thi có 3 câu hỏi/);
  assert.match(text, /Thời gian làm bài mỗi lượt: 15 phút/);
  assert.match(text, /tối đa 3 lượt/);
  assert.match(text, /Khi bằng điểm, người có dự đoán gần đúng nhất xếp trên; nếu vẫn bằng, người làm bài nhanh hơn, rồi người nộp bài sớm hơn\./);
  assert.match(text, /Giải cá nhân: mỗi tuần 01 giải Nhất 500\.000 đồng/);
  assert.match(text, /Giải tập thể: 01 giải Nhất 1\.000\.000 đồng/);
  assert.match(text, /câu trả lời được giữ trên máy/);
  const help = page.getByRole('region', { name: 'Cần hỗ trợ?' });
  await help.getByRole('link', { name: contact.hotline }).waitFor();
  await help.getByRole('link', { name: contact.email }).waitFor();
  assert.equal(await main.getByRole('link', { name: 'Vào làm thử' }).getAttribute('href'), '#/thi-thu');
  await main.getByText('Tôi quên mật khẩu thì làm thế nào?').click();
  await main.getByRole('link', { name: 'Quên mật khẩu?' }).waitFor();
  await checkPage(page, '71-help', { fullPage: true });

  // The login page.
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  const loginHelp = page.locator('#app .login-help');
  await loginHelp.getByRole('link', { name: contact.hotline }).waitFor();
  await loginHelp.getByRole('link', { name: contact.email }).waitFor();
  await checkPage(page, '72-login-contact');

  // The demo contest's own figures; it gives no contact, so no «Cần hỗ trợ?».
  await page.goto(url('/huong-dan'));
  await page.getByRole('heading', { level: 1, name: 'Hướng dẫn dự thi' }).waitFor();
  assert.match(await page.locator('#app').innerText(), /Thời gian làm bài mỗi lượt: 30 phút/);
  assert.match(await page.locator('#app').innerText(), /tối đa 2 lượt/);
  assert.equal(await page.getByRole('region', { name: 'Cần hỗ trợ?' }).count(), 0);
  assertNoProblems(problems, 'help');
});
