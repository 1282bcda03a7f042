// Consent to the processing of personal data (Nghị định 13/2023) at
// registration: the notice collapsed but one tap away, an unticked box, the
// button disabled until it is ticked, the consent and the notice's version
// sent; a notice changed since the page loaded (the real server's
// CONSENT_REQUIRED) shown again to be agreed to again; and the full notice
// on its own page, linked from the footer, with the committee's contact.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  MAIN_CONTEST, PHONE, SMALL_BANK, apiCall, assertNoProblems, checkPage, createContestViaApi, launch, openPage,
  screenshot, uniquePhone, url, vietnamTime,
} from '../helpers.mjs';

const CONSENT = 'Tôi đã đọc và đồng ý với việc xử lý dữ liệu cá nhân theo Thông báo trên.';
const NOTICE_SUMMARY = 'Thông báo về xử lý dữ liệu cá nhân';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function contestInfo(contest = MAIN_CONTEST) {
  const { status, data } = await apiCall('GET', `/api/contests/${contest}`);
  assert.equal(status, 200);
  return data;
}

/** Every registration POST the page sends, as JSON, and each answer's status. */
function recordRegistrations(page) {
  const sent = [];
  page.on('requestfinished', async (request) => {
    if (request.method() !== 'POST' || !new URL(request.url()).pathname.endsWith('/register')) return;
    const response = await request.response();
    sent.push({ body: request.postDataJSON(), status: response ? response.status() : 0 });
  });
  return sent;
}

async function fillForm(page, fullName) {
  await page.getByLabel('Họ và tên').fill(fullName);
  await page.getByLabel('Số điện thoại').fill(uniquePhone());
  await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-an-toan');
  await page.getByLabel('Đơn vị', { exact: true }).selectOption('phuong-3');
}

test('the notice is collapsed but one tap away; «Đăng ký» waits for the box; consent and version are sent', async () => {
  const info = await contestInfo();
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  const sent = recordRegistrations(page);
  await page.goto(url('/dang-ky'));
  await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
  const box = page.getByLabel(CONSENT);
  const submit = page.getByRole('button', { name: 'Đăng ký', exact: true });
  assert.equal(await box.isChecked(), false, 'the box starts unticked');
  assert.equal(await submit.isDisabled(), true, 'the button waits for the consent');
  await page.getByText('Đánh dấu ô đồng ý ở trên để đăng ký.').waitFor();

  // Collapsed: the summary is there, the text is not shown until tapped.
  const details = page.locator('details.privacy-details');
  assert.equal(await details.evaluate((el) => el.open), false);
  const firstPoint = page.getByText('1. Bên kiểm soát và xử lý dữ liệu', { exact: false });
  assert.equal(await firstPoint.isVisible(), false);
  await page.locator('summary', { hasText: NOTICE_SUMMARY }).click();
  await firstPoint.waitFor();
  assert.match(await details.textContent(), /Nghị định số 13\/2023\/NĐ-CP/);
  assert.match(await details.textContent(), /Tải dữ liệu của tôi/);
  await checkPage(page, '70-register-notice-open', { fullPage: true });

  // Ticked: enabled; unticked again: disabled again.
  await fillForm(page, 'Ngô Thị Đồng Ý');
  await box.check();
  assert.equal(await submit.isDisabled(), false);
  await box.uncheck();
  assert.equal(await submit.isDisabled(), true);
  await box.check();
  await screenshot(page, '71-register-consent-ticked');
  await submit.click();
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].status, 201);
  assert.equal(sent[0].body.consent, true);
  assert.equal(sent[0].body.privacy_notice_version, info.privacy_notice_version);
  assertNoProblems(problems, 'consent');
});

test('a notice changed since the page loaded: the server refuses, the new notice is shown unticked, and agreeing to it registers', async () => {
  const current = await contestInfo();
  const OLD_TEXT = 'THÔNG BÁO VỀ XỬ LÝ DỮ LIỆU CÁ NHÂN\n\nBản thông báo cũ, trước khi Ban Tổ chức cập nhật.';
  const { page, problems } = await openPage(browser, { viewport: PHONE });
  // The page loads while the contest still has an older notice: the first
  // read of the contest answers with it; every later read is the server's.
  let served = 0;
  await page.route(`**/api/contests/${MAIN_CONTEST}`, async (route) => {
    served += 1;
    if (served > 1) return route.continue();
    const response = await route.fetch();
    const body = await response.json();
    return route.fulfill({
      response,
      json: { ...body, privacy_notice: OLD_TEXT, privacy_notice_version: 'a1b2c3d4e5f6' },
      headers: { ...response.headers(), 'cache-control': 'no-store' },
    });
  });
  const sent = recordRegistrations(page);
  await page.goto(url('/dang-ky'));
  await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
  await page.locator('summary', { hasText: NOTICE_SUMMARY }).click();
  await page.getByText('Bản thông báo cũ, trước khi Ban Tổ chức cập nhật.').waitFor();
  const fullName = 'Đinh Văn Đọc Lại';
  await fillForm(page, fullName);
  await page.getByLabel(CONSENT).check();
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();

  // The real server refused the old version; the page read the contest again.
  const consentError = page.locator('.consent .field-error');
  await consentError.getByText('vừa được Ban Tổ chức cập nhật', { exact: false }).waitFor();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].status, 400);
  assert.equal(sent[0].body.privacy_notice_version, 'a1b2c3d4e5f6');
  assert.ok(served >= 2, 'the contest was read again');
  const details = page.locator('details.privacy-details');
  assert.equal(await details.evaluate((el) => el.open), true, 'the new notice is opened');
  assert.equal(await page.getByText('Bản thông báo cũ', { exact: false }).count(), 0, 'the old text is gone');
  assert.match(await details.textContent(), /Nghị định số 13\/2023\/NĐ-CP/);
  assert.equal(await page.getByLabel(CONSENT).isChecked(), false, 'the consent is asked again');
  assert.equal(await page.getByRole('button', { name: 'Đăng ký', exact: true }).isDisabled(), true);
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), fullName, 'what was typed stays');
  await checkPage(page, '72-register-notice-changed', { fullPage: true });

  await page.getByLabel(CONSENT).check();
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
  assert.equal(sent.length, 2);
  assert.equal(sent[1].status, 201);
  assert.equal(sent[1].body.privacy_notice_version, current.privacy_notice_version);
  assertNoProblems(problems, 'notice changed');
});

test('the full notice has its own page, linked from the footer; the footer shows the committee’s contact when set', async (t) => {
  const cid = `lien-he-${Date.now().toString(36)}`;
  const day = 24 * 3600 * 1000;
  await createContestViaApi({
    id: cid,
    title: 'Kiểm thử thông báo dữ liệu cá nhân',
    description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trên trình duyệt.',
    rules: '1. Số câu: 3 câu mỗi lượt.',
    time_limit_seconds: 600,
    grace_seconds: 5,
    questions_per_attempt: 3,
    max_attempts_per_round: 2,
    min_seconds_per_question: 0,
    contact: { hotline: '0233 3861 234', email: 'bantochuc@thixaquangtri.gov.vn' },
    data_controller: 'Ủy ban nhân dân thị xã Quảng Trị',
    rounds: [{ id: 'tuan-1', name: 'Tuần 1', opens_at: vietnamTime(Date.now() - day), closes_at: vietnamTime(Date.now() + 7 * day) }],
    organizations: [{ id: 'don-vi-thu', name: 'Đơn vị thử nghiệm', group: 'Kiểm thử', headcount: 10 }],
  }, SMALL_BANK);
  const info = await contestInfo(cid);

  await t.test('without a contact: only the link, on the demo contest', async () => {
    const { page, problems, context } = await openPage(browser, { viewport: PHONE });
    await page.goto(url('/'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    const footer = page.locator('footer');
    await footer.getByRole('link', { name: NOTICE_SUMMARY }).waitFor();
    assert.equal(await footer.getByText('Liên hệ Ban Tổ chức', { exact: false }).count(), 0, 'no empty contact line');
    assertNoProblems(problems, 'footer without contact');
    await context.close();
  });

  await t.test('with a contact: the line in the footer, the notice page from its link', async () => {
    const { page, problems, context } = await openPage(browser, { viewport: PHONE });
    await page.goto(url('/', cid));
    await page.getByRole('heading', { level: 1, name: 'Kiểm thử thông báo dữ liệu cá nhân' }).waitFor();
    const footer = page.locator('footer');
    await footer.getByText('Liên hệ Ban Tổ chức: điện thoại 0233 3861 234, e-mail bantochuc@thixaquangtri.gov.vn.').waitFor();
    assert.equal(await footer.getByRole('link', { name: '0233 3861 234' }).getAttribute('href'), 'tel:02333861234');
    assert.equal(await footer.getByRole('link', { name: 'bantochuc@thixaquangtri.gov.vn' }).getAttribute('href'), 'mailto:bantochuc@thixaquangtri.gov.vn');
    // The rules link to it too.
    await page.locator('.rules').getByRole('link', { name: NOTICE_SUMMARY }).waitFor();

    await footer.getByRole('link', { name: NOTICE_SUMMARY }).click();
    await page.getByRole('heading', { level: 1, name: NOTICE_SUMMARY }).waitFor();
    const notice = page.locator('.privacy-notice');
    const text = await notice.textContent();
    assert.match(text, /Nghị định số 13\/2023\/NĐ-CP/);
    assert.match(text, /Ủy ban nhân dân thị xã Quảng Trị \(điện thoại 0233 3861 234, e-mail bantochuc@thixaquangtri\.gov\.vn\)/);
    assert.match(text, /Rút khỏi cuộc thi và xóa dữ liệu/);
    assert.equal(await notice.locator('p').count() >= 7, true, 'paragraph by paragraph');
    assert.doesNotMatch(text, /^\s*THÔNG BÁO VỀ XỬ LÝ/, 'the title is the page heading, not repeated');
    const facts = await page.locator('.privacy-facts').textContent();
    assert.match(facts, new RegExp(`Phiên bản thông báo${info.privacy_notice_version}`));
    assert.match(facts, /Dữ liệu cá nhân được xóa vào\d\dh\d\d .+, \d\d\/\d\d\/\d{4}/);
    assert.match(facts, /Bên kiểm soát dữ liệuỦy ban nhân dân thị xã Quảng Trị/);
    await page.getByRole('link', { name: 'Đăng nhập' }).last().waitFor();
    await checkPage(page, '73-privacy-notice', { fullPage: true });
    assertNoProblems(problems, 'notice page');
    await context.close();
  });
});
