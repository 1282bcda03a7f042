// The committee's announcements (written through the organizers' API) on
// the landing page and at the top of «Trang của tôi»: newest first, a draft
// never shown, line breaks kept, text never markup, the older ones one tap
// away, and nothing below them moving once the page has rendered.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PHONE, SMALL_BANK, apiCall, assertNoProblems, checkPage, createContestViaApi, launch, openPage, registerViaApi,
  url, useSession, vietnamTime,
} from '../helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const day = 24 * 3600 * 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitIdle(page) {
  await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
}

test('announcements show on the landing page and on «Trang của tôi», newest first, as text', async (t) => {
  const cid = `thong-bao-${Date.now().toString(36)}`;
  const { token } = await createContestViaApi({
    id: cid,
    title: 'Kiểm thử thông báo của Ban Tổ chức',
    description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
    rules: '1. Số câu: 3 câu mỗi lượt.',
    time_limit_seconds: 600,
    grace_seconds: 5,
    questions_per_attempt: 3,
    max_attempts_per_round: 2,
    min_seconds_per_question: 0,
    rounds: [{ id: 'tuan-1', name: 'Tuần 1', opens_at: vietnamTime(Date.now() - day), closes_at: vietnamTime(Date.now() + 7 * day) }],
    organizations: [{ id: 'don-vi-thu', name: 'Đơn vị thử nghiệm', group: 'Kiểm thử', headcount: 10 }],
  }, SMALL_BANK);
  const written = [
    { title: 'Phát động cuộc thi', body: 'Ban Tổ chức trân trọng thông báo phát động cuộc thi.' },
    { title: 'Thông báo số 2', body: 'Nội dung thông báo số 2.' },
    { title: 'Thông báo số 3', body: 'Nội dung thông báo số 3.' },
    { title: 'Bản nháp chưa đăng', body: 'Người dự thi không được thấy bản nháp này.', published: false },
    {
      title: 'Điều chỉnh thời gian Tuần 2',
      body: 'Tuần 2 bắt đầu lúc 08h00 ngày 24/10/2022.\nKết thúc lúc 22h00 ngày 30/10/2022.\n\nThẻ <b>in đậm</b> hiện nguyên văn.',
    },
  ];
  for (const item of written) {
    const created = await apiCall('POST', `/api/admin/contests/${cid}/announcements`, { token, body: item });
    assert.equal(created.status, 201, `announcement not created: ${JSON.stringify(created.data)}`);
    await sleep(50); // distinct creation times: the order is the order written
  }
  const published = written.filter((a) => a.published !== false).reverse().map((a) => a.title);
  const publicList = await apiCall('GET', `/api/contests/${cid}/announcements`);
  assert.deepEqual(publicList.data.announcements.map((a) => a.title), published, 'the API lists the published ones, newest first');

  async function checkList(page) {
    const section = page.getByRole('region', { name: 'Thông báo của Ban Tổ chức' });
    await section.waitFor();
    // The three newest in view, the older one behind «Xem 1 thông báo trước».
    const shown = section.locator(':scope > .announcement-list > .announcement h3');
    assert.deepEqual(await shown.allTextContents(), published.slice(0, 3));
    assert.equal(await section.getByText('Bản nháp chưa đăng').count(), 0, 'a draft is never shown');
    const older = section.locator('details.older-announcements');
    assert.equal(await older.evaluate((el) => el.open), false);
    assert.equal(await section.getByRole('heading', { name: 'Phát động cuộc thi' }).isVisible(), false);
    await older.getByText('Xem 1 thông báo trước').click();
    await section.getByRole('heading', { name: 'Phát động cuộc thi' }).waitFor();
    // Line breaks kept, markup shown as typed.
    const body = section.locator('.announcement', { hasText: 'Điều chỉnh thời gian Tuần 2' }).locator('.announcement-body');
    assert.equal(await body.count(), 2, 'a blank line starts a new paragraph');
    assert.equal(await body.first().innerText(), 'Tuần 2 bắt đầu lúc 08h00 ngày 24/10/2022.\nKết thúc lúc 22h00 ngày 30/10/2022.');
    assert.equal(await body.nth(1).textContent(), 'Thẻ <b>in đậm</b> hiện nguyên văn.');
    assert.equal(await section.locator('b').count(), 0);
    assert.match(await section.locator('.announcement-time').first().textContent(), /^Đăng lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}$/);
    return section;
  }

  await t.test('the landing page, without moving what is below once rendered', async () => {
    const { page, problems, context } = await openPage(browser, { viewport: PHONE });
    await page.goto(url('/', cid));
    await page.getByRole('heading', { level: 1, name: 'Kiểm thử thông báo của Ban Tổ chức' }).waitFor();
    const schedule = page.getByRole('heading', { name: 'Lịch thi', exact: true });
    const firstTop = (await schedule.boundingBox()).y;
    await waitIdle(page);
    await page.waitForLoadState('networkidle');
    assert.equal((await schedule.boundingBox()).y, firstTop, 'the announcements were in the first render: nothing jumped');
    await checkList(page);
    await checkPage(page, '80-landing-announcements', { fullPage: true });
    assertNoProblems(problems, 'announcements on the landing page');
    await context.close();
  });

  await t.test('at the top of «Trang của tôi», before the rounds', async () => {
    const user = await registerViaApi(cid, { fullName: 'Vương Thị Đọc Tin', organizationId: 'don-vi-thu' });
    const { page, problems, context } = await openPage(browser, { viewport: PHONE });
    await useSession(page, user, { contest: cid });
    await page.goto(url('/cua-toi', cid));
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    const section = await checkList(page);
    const rounds = page.getByRole('heading', { name: 'Các tuần thi' });
    assert.ok((await section.boundingBox()).y < (await rounds.boundingBox()).y, 'the announcements come before the rounds');
    await checkPage(page, '81-my-page-announcements', { fullPage: true });
    assertNoProblems(problems, 'announcements on my page');
    await context.close();
  });

  await t.test('a contest without announcements shows no empty section', async () => {
    const { page, problems, context } = await openPage(browser, { viewport: PHONE });
    await page.goto(url('/'));
    await page.getByRole('heading', { name: 'Lịch thi', exact: true }).waitFor();
    await waitIdle(page);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByRole('region', { name: 'Thông báo của Ban Tổ chức' }).count(), 0);
    assertNoProblems(problems, 'no announcements');
    await context.close();
  });
});
