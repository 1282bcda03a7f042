// «Văn bản» on a contest of its own whose «Tuần 1» is closed and published:
// each Word document is generated from the page and its link gives a real
// .docx (the motto and the winners inside); the round's certificates and
// the posters give PDFs, a round not decided yet gets the server's message;
// a unit's follow-up link is created, copied, replaced (confirmed) and
// revoked (confirmed), the public route following each step; a viewer sees
// every write control disabled. Then the overview's embed snippet and its
// printout. Screenshots at 360 px and on a desktop.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import * as H from './admin-helpers.mjs';

const stamp = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const CID = `van-ban-${stamp}`;
const TITLE = `Kiểm thử văn bản ${stamp}`;
const WINNER = 'Nguyễn Văn Giỏi';
const SIGNER = 'Hoàng Văn Ký';

let browser;
let token;

before(async () => {
  browser = await H.launch();
  ({ token } = await H.makeContest(CID, TITLE));
  await H.takeAttempt({ contest: CID, fullName: WINNER, organizationId: 'phuong-a', correct: 'all', bank: H.BANK8 });
  await H.takeAttempt({ contest: CID, fullName: 'Trần Thị Khá', organizationId: 'phuong-b', correct: 'some' });
  await H.closeFirstRound(CID, token, { publish: true });
});
after(async () => { await browser?.close(); });

/** The bytes behind a link the page shows (presigned: no token needed). */
async function download(url) {
  const response = await fetch(url);
  assert.equal(response.status, 200, `download ${url}`);
  return Buffer.from(await response.arrayBuffer());
}

/** One entry of a zip (a .docx), read through its central directory. */
function unzipEntry(zip, wanted) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip has an end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (name === wanted) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${wanted} is not in the zip`);
}

/** The text of a Word document's body (runs joined, tags dropped). */
const wordText = (xml) => xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');

async function openPaperwork(viewport = H.ADMIN_DESKTOP) {
  const opened = await H.openContest(browser, CID, { viewport, section: 'Văn bản' });
  await opened.page.getByRole('heading', { level: 2, name: 'Văn bản hành chính (Word)' }).waitFor();
  return opened;
}

test('each Word document is generated from the page; its link is a .docx with the motto and the winners', async () => {
  const { page, problems, context } = await openPaperwork();
  await page.getByText('Chưa có văn bản nào được tạo.').waitFor();
  // The signer and the prize money come from the settings: set them on the page first.
  await H.goSection(page, 'Cài đặt cuộc thi');
  const paperwork = page.getByRole('group', { name: 'Văn bản và giấy chứng nhận' });
  await paperwork.getByLabel('Họ và tên người ký').fill(SIGNER);
  await paperwork.getByLabel('Nơi nhận').fill('Thường trực Thị ủy;\nLưu: VT, BTC.');
  await paperwork.getByLabel('Giải Nhất (mỗi tuần)').fill('500000');
  await paperwork.getByLabel('Giải tập thể theo thứ hạng').fill('1.000.000; 600.000');
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
  await page.locator('.notice-success', { hasText: 'Đã lưu cài đặt cuộc thi.' }).waitFor();
  const saved = (await H.apiCall('GET', `/api/admin/contests/${CID}`, { token })).data.contest;
  assert.equal(saved.paperwork.signer_name, SIGNER);
  assert.deepEqual(saved.paperwork.recipients, ['Thường trực Thị ủy;', 'Lưu: VT, BTC.']);
  assert.deepEqual(saved.prize_amounts, { first: 500000, second: 0, third: 0, collective: [1000000, 600000] });
  await H.goSection(page, 'Văn bản');
  const kind = page.getByLabel('Loại văn bản');
  const round = page.locator('.paperwork-card').first().getByLabel('Tuần thi');
  assert.deepEqual(await kind.locator('option').allTextContents(), ['Thông báo kết quả tuần', 'Báo cáo tổng kết', 'Dự thảo quyết định khen thưởng']);
  assert.equal(await round.inputValue(), 'tuan-1', 'the closed round is chosen');
  const status = page.locator('.document-status');
  const expected = [
    ['weekly_notice', 'Thông báo kết quả tuần – Tuần 1', 'thong-bao-ket-qua-tuan-1.docx'],
    ['final_report', 'Báo cáo tổng kết', 'bao-cao-tong-ket.docx'],
    ['award_decision', 'Dự thảo quyết định khen thưởng', 'du-thao-quyet-dinh-khen-thuong.docx'],
  ];
  for (const [value, label, name] of expected) {
    await kind.selectOption(value);
    assert.equal(await round.isVisible(), value === 'weekly_notice', `the round is asked for ${value} only`);
    await page.getByRole('button', { name: 'Tạo văn bản' }).click();
    const link = status.getByRole('link', { name: `Tải về: ${label}` });
    await link.waitFor({ timeout: 60000 });
    assert.equal(await link.getAttribute('download'), name);
    await status.getByText(/Liên kết tải có hiệu lực 15 phút \(đến \d\d:\d\d:\d\d\)/).waitFor();
    const bytes = await download(await link.getAttribute('href'));
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', `${name} is a zip`);
    const text = wordText(unzipEntry(bytes, 'word/document.xml'));
    assert.match(text, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/, `${name}: the motto`);
    assert.match(text, /Độc lập - Tự do - Hạnh phúc/, `${name}: the motto`);
    assert.ok(text.includes(WINNER), `${name}: the winner's name`);
    // The award decision is signed by the authority that decides, not the committee.
    if (value !== 'award_decision') assert.ok(text.includes(SIGNER), `${name}: the signer from the settings`);
    else assert.ok(text.includes('500.000'), `${name}: the first prize's amount from the settings`);
  }
  // The list: the three (newest first, to the second: made within one they may come in any order), each with its time and a link.
  const list = page.locator('ol.documents li');
  await H.waitUntil(async () => (await list.count()) === 3, { message: 'three documents listed' });
  assert.deepEqual((await list.locator('a.download').allTextContents()).sort(), expected.map((e) => e[1]).sort());
  assert.match(await list.first().textContent(), /lập lúc \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d/);
  const listed = await download(await list.first().locator('a').getAttribute('href'));
  assert.equal(listed.subarray(0, 2).toString('latin1'), 'PK');
  const api = await H.apiCall('GET', `/api/admin/contests/${CID}/documents`, { token });
  assert.equal(api.data.documents.length, 3);
  const audit = (await H.apiCall('GET', `/api/admin/contests/${CID}/audit`, { token })).data.entries;
  assert.equal(audit.filter((e) => e.action === 'document.create').length, 3, 'each is audited');
  await H.screenshot(page, 'admin-van-ban', { fullPage: true });
  await H.assertAccessible(page, 'documents');
  H.assertNoProblems(problems, 'documents');
  await context.close();
});

test('certificates of a decided round and posters (contest, one unit) are PDFs; a round not decided gets the server’s message', async () => {
  const { page, problems, context } = await openPaperwork(H.PHONE);
  const card = page.getByRole('region', { name: 'Giấy chứng nhận' });
  await card.getByLabel('Tuần thi').selectOption('tuan-2');
  await card.getByRole('button', { name: 'Tạo giấy chứng nhận' }).click();
  await card.locator('.notice-error', { hasText: 'Tuần thi chưa kết thúc hoặc chưa xét giải' }).waitFor();
  await card.getByLabel('Tuần thi').selectOption('tuan-1');
  await card.getByRole('button', { name: 'Tạo giấy chứng nhận' }).click();
  const certificates = card.getByRole('link', { name: 'Tải giấy chứng nhận (PDF)' });
  await certificates.waitFor({ timeout: 60000 });
  await card.getByText(/^Đã tạo [1-9]\d* giấy chứng nhận/).waitFor();
  assert.equal((await download(await certificates.getAttribute('href'))).subarray(0, 4).toString('latin1'), '%PDF');

  const posters = page.getByRole('region', { name: 'Áp phích có mã QR' });
  await posters.getByRole('button', { name: 'Tạo áp phích' }).click();
  let poster = posters.getByRole('link', { name: 'Tải áp phích (PDF, khổ A4)' });
  await poster.waitFor({ timeout: 60000 });
  assert.equal((await download(await poster.getAttribute('href'))).subarray(0, 4).toString('latin1'), '%PDF');
  assert.doesNotMatch(await posters.locator('.poster-link').textContent(), /don-vi=/);
  await posters.getByLabel('Áp phích cho').selectOption('phuong-a');
  await posters.getByRole('button', { name: 'Tạo áp phích' }).click();
  await posters.getByText('Đã tạo áp phích cho UBND Phường An').waitFor({ timeout: 60000 });
  poster = posters.getByRole('link', { name: 'Tải áp phích (PDF, khổ A4)' });
  assert.equal(await poster.getAttribute('download'), 'ap-phich-phuong-a.pdf');
  assert.equal((await download(await poster.getAttribute('href'))).subarray(0, 4).toString('latin1'), '%PDF');
  assert.match(await posters.locator('.poster-link').textContent(), new RegExp(`\\?contest=${CID}&don-vi=phuong-a$`));
  await H.checkPage(page, 'admin-van-ban-giay-chung-nhan-360', { fullPage: true });
  H.assertNoProblems(problems, 'certificates and posters');
  await context.close();
});

test('a unit’s follow-up link: created, copied, replaced and revoked with confirmations; the public route follows', async () => {
  const { page, problems, context } = await openPaperwork(H.PHONE);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(H.BASE_URL).origin });
  const unit = page.locator('.follow-up-item[data-organization="phuong-a"]');
  await unit.getByText('Chưa có đường dẫn.').waitFor();
  assert.equal(await page.locator('.follow-up-item[data-organization="nhan-dan"]').count(), 0, 'open organizations have no head to follow up');
  await unit.getByRole('button', { name: 'Tạo đường dẫn', exact: true }).click();
  const url = unit.getByRole('textbox', { name: 'Đường dẫn của UBND Phường An' });
  await url.waitFor();
  const first = await url.inputValue();
  const firstToken = new URL(first).searchParams.get('t');
  assert.match(first, /\/don-vi\/\?t=[0-9a-f]{32}$/);
  assert.equal((await H.apiCall('GET', `/api/units/${firstToken}`)).status, 200);
  await page.getByText('1/2 đơn vị đã có đường dẫn đang hoạt động.').waitFor();

  await unit.getByRole('button', { name: 'Sao chép đường dẫn của UBND Phường An' }).click();
  await page.locator('.follow-up-status .notice-success', { hasText: 'Đã sao chép đường dẫn của UBND Phường An.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), first);
  await H.checkPage(page, 'admin-duong-dan-theo-doi-360', { fullPage: true });

  // Replacing asks first; cancelled, the link stays.
  await unit.getByRole('button', { name: 'Tạo đường dẫn mới' }).click();
  const replaceDialog = page.getByRole('dialog', { name: 'Tạo đường dẫn mới cho UBND Phường An?' });
  await replaceDialog.getByText('Đường dẫn cũ sẽ ngừng hoạt động ngay').waitFor();
  await replaceDialog.getByRole('button', { name: 'Hủy' }).click();
  assert.equal(await url.inputValue(), first);
  await unit.getByRole('button', { name: 'Tạo đường dẫn mới' }).click();
  await replaceDialog.getByRole('button', { name: 'Tạo đường dẫn mới' }).click();
  await page.locator('.follow-up-status .notice-success', { hasText: 'đường dẫn cũ đã ngừng hoạt động' }).waitFor();
  const second = await url.inputValue();
  assert.notEqual(second, first);
  const secondToken = new URL(second).searchParams.get('t');
  assert.equal((await H.apiCall('GET', `/api/units/${firstToken}`)).status, 404, 'the earlier link stopped');
  assert.equal((await H.apiCall('GET', `/api/units/${secondToken}`)).status, 200);

  // Revoking asks too.
  await unit.getByRole('button', { name: 'Thu hồi' }).click();
  const revokeDialog = page.getByRole('dialog', { name: 'Thu hồi đường dẫn theo dõi của UBND Phường An?' });
  await revokeDialog.getByRole('button', { name: 'Hủy' }).click();
  assert.equal((await H.apiCall('GET', `/api/units/${secondToken}`)).status, 200, 'cancelled: still works');
  await unit.getByRole('button', { name: 'Thu hồi' }).click();
  await revokeDialog.getByRole('button', { name: 'Thu hồi' }).click();
  await page.locator('.follow-up-status .notice-success', { hasText: 'Đã thu hồi đường dẫn theo dõi của UBND Phường An.' }).waitFor();
  await unit.getByText('Chưa có đường dẫn.').waitFor();
  assert.equal((await H.apiCall('GET', `/api/units/${secondToken}`)).status, 404);
  const links = (await H.apiCall('GET', `/api/admin/contests/${CID}/follow-up-links`, { token })).data.links;
  assert.equal(links.filter((l) => l.organization_id === 'phuong-a').length, 0);
  const actions = (await H.apiCall('GET', `/api/admin/contests/${CID}/audit`, { token })).data.entries.map((e) => e.action);
  assert.equal(actions.filter((a) => a === 'follow_up.create').length, 2);
  assert.equal(actions.filter((a) => a === 'follow_up.revoke').length, 1);

  // A link for the desktop picture (and for the viewer's test below).
  await page.locator('.follow-up-item[data-organization="phuong-b"]').getByRole('button', { name: 'Tạo đường dẫn', exact: true }).click();
  await page.getByRole('textbox', { name: 'Đường dẫn của UBND Phường Bình' }).waitFor();
  H.assertNoProblems(problems, 'follow-up links');
  await context.close();

  const desktop = await openPaperwork();
  await desktop.page.getByRole('textbox', { name: 'Đường dẫn của UBND Phường Bình' }).waitFor();
  await H.screenshot(desktop.page, 'admin-van-ban-desktop', { fullPage: true });
  await H.assertNoHorizontalScroll(desktop.page, 'paperwork desktop');
  H.assertNoProblems(desktop.problems, 'paperwork desktop');
  await desktop.context.close();
});

test('a viewer sees the documents and links but cannot create or revoke anything', async () => {
  const { page, problems, context } = await H.loginViewer(browser, CID);
  await H.goSection(page, 'Văn bản');
  for (const name of ['Tạo văn bản', 'Tạo giấy chứng nhận', 'Tạo áp phích', 'Thu hồi', 'Tạo đường dẫn mới']) {
    const buttons = page.getByRole('button', { name, exact: true });
    assert.ok((await buttons.count()) > 0, `«${name}» is shown`);
    for (let i = 0; i < (await buttons.count()); i += 1) assert.equal(await buttons.nth(i).isDisabled(), true, `«${name}» is disabled`);
  }
  assert.equal(await page.locator('.follow-up-item[data-organization="phuong-a"]').getByRole('button', { name: 'Tạo đường dẫn', exact: true }).isDisabled(), true);
  assert.equal(await page.locator('ol.documents a.download').count(), 3, 'the documents can still be downloaded');
  assert.equal(await page.getByRole('button', { name: 'Sao chép đường dẫn của UBND Phường Bình' }).isDisabled(), false, 'copying is reading');
  const login = await H.apiCall('POST', '/api/admin/login', { body: H.VIEWER });
  const refused = await H.apiCall('POST', `/api/admin/contests/${CID}/organizations/phuong-a/follow-up-link`, { token: login.data.token });
  assert.equal(refused.status, 403, 'and the server agrees');
  H.assertNoProblems(problems, 'viewer paperwork');
  await context.close();
});

test('the overview gives the embed snippet with the contest filled in, and prints on A4 without the page’s controls', async () => {
  const { page, problems, context } = await H.openContest(browser, CID, { viewport: H.PHONE });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(H.BASE_URL).origin });
  const origin = new URL(H.BASE_URL).origin;
  const snippet = `<script src="${origin}/embed.js" data-contest="${CID}" async></script>`;
  const card = page.getByRole('region', { name: 'Nhúng cuộc thi vào cổng thông tin' });
  assert.equal(await card.getByLabel('Đoạn mã nhúng').inputValue(), snippet);
  await card.getByText(`cho phép địa chỉ ${origin} trong cả hai chỉ thị script-src và frame-src`).waitFor();
  await card.getByRole('button', { name: 'Sao chép đoạn mã' }).click();
  await card.locator('.notice-success', { hasText: 'Đã sao chép đoạn mã nhúng.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  await H.checkPage(page, 'admin-tong-quan-nhung-360', { fullPage: true });

  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.admin-nav', '.admin-header', '.embed-card', 'button']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  await page.getByRole('heading', { level: 2, name: TITLE }).waitFor();
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
  const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  assert.ok(box, 'the printout has a page size');
  assert.ok(Math.abs(Number(box[1]) - 595) < 2 && Math.abs(Number(box[2]) - 842) < 2, `A4 portrait, got ${box[1]}×${box[2]}`);
  await page.setViewportSize(H.ADMIN_DESKTOP);
  await H.screenshot(page, 'admin-tong-quan-ban-in', { fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  H.assertNoProblems(problems, 'overview embed and print');
  await context.close();
});
