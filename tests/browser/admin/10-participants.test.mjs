// Người dự thi, on a contest of its own: finding people by a +84 phone and
// by a name typed without diacritics, a profile (audited), correcting a
// unit (and a birth year the server refuses), a reset code shown once and
// usable on the participant API, disqualifying a published winner (the
// correction asked for twice, cancelled once) and reinstating, erasing a
// person's data with the phone typed to confirm.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as H from './admin-helpers.mjs';

const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const CID = `nguoi-du-thi-${stamp}`;
const TITLE = `Kiểm thử người dự thi ${stamp}`;

let browser;
let token;
const people = {};

before(async () => {
  browser = await H.launch();
  ({ token } = await H.makeContest(CID, TITLE));
  people.an = await H.takeAttempt({ contest: CID, fullName: 'Nguyễn Văn An', organizationId: 'phuong-a', correct: 'all', bank: H.BANK8 });
  people.binh = await H.takeAttempt({ contest: CID, fullName: 'Trần Thị Bình', organizationId: 'phuong-a', correct: 'none' });
  people.cuong = await H.takeAttempt({ contest: CID, fullName: 'Lê Hoàng Cường', organizationId: 'phuong-b', correct: 'none' });
  people.dung = await H.registerViaApi(CID, { fullName: 'Phạm Thị Dung', organizationId: 'nhan-dan' });
});
after(async () => { await browser?.close(); });

const profile = async (pid) => H.apiCall('GET', `/api/admin/contests/${CID}/participants/${pid}`, { token });
const audit = async () => (await H.apiCall('GET', `/api/admin/contests/${CID}/audit`, { token })).data.entries;
const rowNames = async (page) => page.getByRole('table', { name: 'Kết quả tra cứu' }).locator('tbody th').allTextContents();

async function search(page, text) {
  await page.getByLabel('Số điện thoại hoặc họ tên').fill(text);
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.getByText(`phù hợp với «${text}»`).waitFor();
}

async function openProfile(page, name) {
  await page.getByRole('button', { name: `Xem hồ sơ ${name}` }).click();
  const card = page.locator('section.profile');
  await card.getByRole('heading', { level: 2, name: `Hồ sơ: ${name}` }).waitFor();
  return card;
}

for (const [viewport, label] of [[H.ADMIN_DESKTOP, 'desktop'], [H.PHONE, '360px']]) {
  test(`search by a +84 phone, by a name without diacritics and by unit (${label})`, async () => {
    const { page, problems, context } = await H.openContest(browser, CID, { viewport, section: 'Người dự thi' });
    // Newest registrations first, every one of them.
    assert.deepEqual(await rowNames(page), ['Phạm Thị Dung', 'Lê Hoàng Cường', 'Trần Thị Bình', 'Nguyễn Văn An']);
    const p = people.an.phone;
    await search(page, `+84 ${p.slice(1, 4)} ${p.slice(4, 7)} ${p.slice(7)}`);
    assert.deepEqual(await rowNames(page), ['Nguyễn Văn An']);
    const cells = await page.getByRole('table', { name: 'Kết quả tra cứu' }).locator('tbody tr').first().locator('th, td').allTextContents();
    assert.equal(cells[1], `${p.slice(0, 4)} ${p.slice(4, 7)} ${p.slice(7)}`, 'the phone, grouped for reading out');
    assert.equal(cells[2], 'UBND Phường An');
    assert.equal(cells[5], '1', 'one attempt submitted');
    assert.equal(cells[6], 'Đang dự thi');

    await search(page, 'tran thi binh');
    assert.deepEqual(await rowNames(page), ['Trần Thị Bình']);
    await search(page, 'xyz khong co ai');
    await page.getByText('Không tìm thấy người dự thi nào phù hợp.').waitFor();
    await page.getByLabel('Số điện thoại hoặc họ tên').fill('12');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Cần nhập ít nhất 3 chữ số của số điện thoại, hoặc một phần họ tên.' }).waitFor();

    await page.getByLabel('Số điện thoại hoặc họ tên').fill('');
    await page.getByLabel('Đơn vị', { exact: true }).selectOption('phuong-b');
    await page.getByText('thuộc UBND Phường Bình').waitFor();
    assert.deepEqual(await rowNames(page), ['Lê Hoàng Cường']);
    await page.getByLabel('Đơn vị', { exact: true }).selectOption('');
    await page.getByText('Đang hiện 4 người;').waitFor();
    await H.checkPage(page, `admin-nguoi-du-thi-${label === '360px' ? '360' : 'desktop'}`, { fullPage: true });
    H.assertNoProblems(problems, `participant search ${label}`);
    await context.close();
  });
}

test('a profile (the look is audited), a unit corrected, a refused birth year, a reset code shown once that works', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Người dự thi' });
  await search(page, 'tran thi binh');
  const card = await openProfile(page, 'Trần Thị Bình');
  await card.getByText('Việc mở hồ sơ này đã được ghi vào Nhật ký (truy cập dữ liệu cá nhân).').waitFor();
  assert.equal(await card.getByRole('table', { name: 'Các lượt thi (1)' }).locator('tbody tr').count(), 1);
  const views = (await audit()).filter((e) => e.action === 'participant.view' && e.detail.participant_id === people.binh.participantId);
  assert.equal(views.length, 1, 'opening the profile is recorded');

  // A birth year the server refuses: its message under the field.
  await card.getByLabel('Năm sinh').fill('1800');
  await card.getByRole('button', { name: 'Lưu thông tin' }).click();
  const yearError = card.locator('.field-error:not([hidden])');
  await yearError.waitFor();
  assert.equal(await card.getByLabel('Năm sinh').getAttribute('aria-invalid'), 'true');
  assert.equal((await profile(people.binh.participantId)).data.birth_year, null, 'nothing saved');

  await card.getByLabel('Năm sinh').fill('1988');
  await card.getByLabel('Đơn vị', { exact: true }).selectOption('phuong-b');
  await card.getByRole('button', { name: 'Lưu thông tin' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu thông tin của Trần Thị Bình; đã chuyển sang UBND Phường Bình.' }).waitFor();
  const saved = (await profile(people.binh.participantId)).data;
  assert.equal(saved.organization_id, 'phuong-b');
  assert.equal(saved.birth_year, 1988);
  assert.deepEqual((await rowNames(page)), ['Trần Thị Bình']);
  assert.equal((await page.getByRole('table', { name: 'Kết quả tra cứu' }).locator('tbody td').nth(1).textContent()), 'UBND Phường Bình');

  // A reset code: big, grouped, with its expiry; it works once on the participant API.
  const fresh = page.locator('section.profile');
  await fresh.getByRole('button', { name: 'Cấp mã đặt lại mật khẩu' }).click();
  const code = fresh.locator('.reset-code .code');
  await code.waitFor();
  const shown = (await code.textContent()).trim();
  assert.match(shown, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await fresh.getByText(/Có hiệu lực đến \d\d\/\d\d\/\d{4} \d\d:\d\d, dùng được một lần\./).waitFor();
  await fresh.getByText('Mã mới thay thế mọi mã đã cấp trước đó.').waitFor();
  await fresh.getByRole('button', { name: 'Cấp mã mới (thay mã vừa cấp)' }).waitFor();
  await H.checkPage(page, 'admin-nguoi-du-thi-ma-dat-lai', { fullPage: true });
  const reset = await H.apiCall('POST', `/api/contests/${CID}/password-reset`, { body: { phone: people.binh.phone, code: shown, new_password: 'mat-khau-moi-123' } });
  assert.equal(reset.status, 200, JSON.stringify(reset.data));
  const again = await H.apiCall('POST', `/api/contests/${CID}/password-reset`, { body: { phone: people.binh.phone, code: shown, new_password: 'mat-khau-khac-456' } });
  assert.equal(again.data.error.code, 'RESET_CODE_INVALID', 'used once');

  // Shown once: reopening the profile shows no code.
  await fresh.getByRole('button', { name: 'Đóng hồ sơ' }).click();
  const reopened = await openProfile(page, 'Trần Thị Bình');
  assert.equal(await reopened.locator('.reset-code').count(), 0);
  const codes = (await audit()).filter((e) => e.action === 'participant.reset_code');
  assert.equal(codes.length, 1);
  assert.ok(!JSON.stringify(codes[0].detail).includes(shown.replace('-', '')), 'the code itself is not in the log');
  H.assertNoProblems(problems, 'profile');
  await context.close();
});

test('disqualifying a published winner asks for a correction (cancelled once), then reports it; reinstating brings them back', async () => {
  const decided = await H.closeFirstRound(CID, token, { publish: true });
  assert.equal(decided.winners[0].name, 'Nguyễn Văn An', JSON.stringify(decided.winners));
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Người dự thi' });
  await search(page, 'nguyen van an');
  const card = await openProfile(page, 'Nguyễn Văn An');

  await card.getByRole('button', { name: 'Loại khỏi cuộc thi' }).click();
  await card.getByText('Cần ghi lý do loại.').waitFor();
  await card.getByLabel('Lý do loại').fill('Nhờ người khác làm bài (biên bản xác minh ngày 20/10).');
  await card.getByRole('button', { name: 'Loại khỏi cuộc thi' }).click();
  const ask = page.getByRole('dialog', { name: 'Loại Nguyễn Văn An khỏi cuộc thi?' });
  await ask.getByRole('button', { name: 'Loại khỏi cuộc thi' }).click();
  const correction = page.getByRole('dialog', { name: 'Đính chính danh sách đạt giải đã công bố?' });
  await correction.waitFor();
  await H.screenshot(page, 'admin-nguoi-du-thi-dinh-chinh');
  await correction.getByRole('button', { name: 'Hủy' }).click();
  await page.locator('.notice-info', { hasText: 'Chưa loại: bạn đã hủy việc đính chính danh sách đạt giải.' }).waitFor();
  assert.equal((await profile(people.an.participantId)).data.disqualified, false, 'nothing changed');

  await card.getByRole('button', { name: 'Loại khỏi cuộc thi' }).click();
  await ask.getByRole('button', { name: 'Loại khỏi cuộc thi' }).click();
  await correction.getByRole('button', { name: 'Đính chính' }).click();
  await page.locator('.notice-success', { hasText: 'Đã loại Nguyễn Văn An khỏi cuộc thi. Đã tính lại danh sách đạt giải: Tuần 1. Đã đính chính danh sách đã công bố: Tuần 1.' }).waitFor();
  const after = (await profile(people.an.participantId)).data;
  assert.equal(after.disqualified, true);
  assert.equal(after.disqualification.reason, 'Nhờ người khác làm bài (biên bản xác minh ngày 20/10).');
  const winners = (await H.apiCall('GET', `/api/admin/contests/${CID}/winners?round=tuan-1`, { token })).data;
  assert.ok(!winners.winners.some((w) => w.name === 'Nguyễn Văn An'));
  assert.ok(winners.corrected_at);
  const shown = page.locator('section.profile');
  await shown.getByText(/Lý do: Nhờ người khác làm bài/).waitFor();
  assert.equal((await page.getByRole('table', { name: 'Kết quả tra cứu' }).locator('tbody td').nth(5).textContent()), 'Bị loại');
  await H.checkPage(page, 'admin-nguoi-du-thi-bi-loai', { fullPage: true });

  await shown.getByRole('button', { name: 'Khôi phục quyền dự thi' }).click();
  await page.getByRole('dialog', { name: 'Khôi phục quyền dự thi cho Nguyễn Văn An?' }).getByRole('button', { name: 'Khôi phục' }).click();
  await correction.getByRole('button', { name: 'Đính chính' }).click();
  await page.locator('.notice-success', { hasText: 'Đã khôi phục quyền dự thi cho Nguyễn Văn An.' }).waitFor();
  assert.equal((await profile(people.an.participantId)).data.disqualified, false);
  const back = (await H.apiCall('GET', `/api/admin/contests/${CID}/winners?round=tuan-1`, { token })).data;
  assert.equal(back.winners[0].name, 'Nguyễn Văn An');
  const actions = (await audit()).map((e) => e.action);
  assert.ok(actions.includes('participant.disqualify') && actions.includes('participant.reinstate'));
  H.assertNoProblems(problems, 'disqualify');
  await context.close();
});

test('erasing personal data needs the phone typed; afterwards the profile is gone and the phone cannot log in', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { viewport: H.PHONE, section: 'Người dự thi' });
  await search(page, 'pham thi dung');
  const card = await openProfile(page, 'Phạm Thị Dung');
  await card.getByRole('button', { name: 'Xóa dữ liệu cá nhân (theo yêu cầu)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Xóa vĩnh viễn dữ liệu cá nhân của Phạm Thị Dung?' });
  await dialog.waitFor();
  const confirm = dialog.getByRole('button', { name: 'Xóa vĩnh viễn' });
  assert.equal(await confirm.isDisabled(), true);
  await dialog.getByLabel('Số điện thoại của người dự thi').fill('0900000000');
  assert.equal(await confirm.isDisabled(), true, 'a wrong number keeps it disabled');
  const p = people.dung.phone;
  await dialog.getByLabel('Số điện thoại của người dự thi').fill(`+84 ${p.slice(1)}`);
  assert.equal(await confirm.isDisabled(), false);
  await H.screenshot(page, 'admin-nguoi-du-thi-xoa-du-lieu');
  await H.assertAccessible(page, 'erase dialog');
  await confirm.click();
  await page.locator('.notice-success', { hasText: 'Đã xóa dữ liệu cá nhân của Phạm Thị Dung' }).waitFor();
  assert.equal((await profile(people.dung.participantId)).status, 404);
  const login = await H.apiCall('POST', `/api/contests/${CID}/login`, { body: { phone: p, password: people.dung.password } });
  assert.equal(login.status, 401);
  assert.ok((await audit()).some((e) => e.action === 'participant.erase' && e.detail.participant_id === people.dung.participantId));
  assert.ok(!(await rowNames(page)).includes('Phạm Thị Dung'));
  H.assertNoProblems(problems, 'erase');
  await context.close();
});

test('«Xem thêm» asks for the next page with the server’s cursor and adds it under the first', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { section: 'Tổng quan' });
  const asked = [];
  // Two pages of one person each (the server's pages hold 50: shaped here to see the cursor go back).
  await context.route('**/api/admin/contests/*/participants?*', (route) => {
    const url = new URL(route.request().url());
    asked.push(Object.fromEntries(url.searchParams));
    const second = url.searchParams.get('cursor') === 'trang-2';
    const person = (name, id) => ({
      participant_id: id.repeat(32), full_name: name, phone: second ? '0912000002' : '0912000001', organization_id: 'phuong-a',
      birth_year: null, registered_at: '2022-10-17T08:00:00.000+07:00', attempts_finished: 0, disqualified: false, barred: false,
    });
    return route.fulfill({ json: second
      ? { participants: [person('Người Trang Hai', 'b')], next_cursor: null }
      : { participants: [person('Người Trang Một', 'a')], next_cursor: 'trang-2' } });
  });
  await H.goSection(page, 'Người dự thi');
  await page.getByLabel('Đơn vị', { exact: true }).selectOption('phuong-a');
  await page.getByText('(còn nữa: bấm «Xem thêm»)').waitFor();
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await page.getByText('Đang hiện 2 người thuộc UBND Phường An').waitFor();
  assert.deepEqual(await rowNames(page), ['Người Trang Một', 'Người Trang Hai']);
  assert.equal(await page.getByRole('button', { name: 'Xem thêm' }).isVisible(), false, 'no more pages');
  assert.deepEqual(asked.slice(-2), [{ organization: 'phuong-a' }, { organization: 'phuong-a', cursor: 'trang-2' }]);
  H.assertNoProblems(problems, 'paging');
  await context.close();
});
