// The organizer guide's pictures (docs/screenshots/admin-*.png) of the
// sections added for running a contest: not a test, a script run by hand
// against a local stack with the browser tests' accounts, e.g.
//   BASE_URL=http://127.0.0.1:8080 ORGANIZER_USERNAME=btc ORGANIZER_PASSWORD=… \
//     node tests/browser/admin/docs-screenshots.mjs
// It makes a small contest of its own with believable data, then takes one
// picture per section, of the part the guide talks about (small files).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as H from './admin-helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(here, '../../../docs/screenshots');
const stamp = Date.now().toString(36);
const CID = `minh-hoa-${stamp}`;
const VIEW = { width: 1100, height: 760 };

const shot = (locator, name) => locator.screenshot({ path: path.join(OUT, `${name}.png`) });

/** The top of `locator`, at most `maxHeight` pixels (a long table is cut). */
async function shotTop(page, locator, name, maxHeight) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.screenshot({
    path: path.join(OUT, `${name}.png`),
    fullPage: true,
    clip: { x: box.x, y: box.y + scrollY, width: box.width, height: Math.min(box.height, maxHeight) },
  });
}

const { token } = await H.makeContest(CID, 'Tìm hiểu cải cách hành chính thị xã Quảng Trị (minh họa)');
const people = [];
for (const [fullName, org, correct] of [
  ['Nguyễn Văn An', 'phuong-a', 'all'], ['Trần Thị Bình', 'phuong-a', 'none'], ['Lê Hoàng Cường', 'phuong-b', 'some'], ['Phạm Thị Dung', 'nhan-dan', 'some'],
]) {
  people.push(await H.takeAttempt({ contest: CID, fullName, organizationId: org, correct, bank: H.BANK8 }));
}
await H.apiCall('POST', `/api/admin/contests/${CID}/announcements`, { token, body: { title: 'Lịch thi Tuần 2', body: 'Tuần 2 mở lúc 08h00 ngày 24/10/2022 và kết thúc lúc 22h00 ngày 30/10/2022.\nMỗi người được thi tối đa 2 lượt.', published: true } });
await H.apiCall('POST', `/api/admin/contests/${CID}/announcements`, { token, body: { title: 'Công bố kết quả Tuần 1', body: 'Ban Tổ chức sẽ công bố danh sách đạt giải Tuần 1 trên trang dự thi.', published: false } });

const browser = await H.launch();
const { page, context } = await H.openContest(browser, CID, { viewport: VIEW, section: 'Người dự thi' });

// Người dự thi: the search, then a profile with a reset code.
await page.getByLabel('Số điện thoại hoặc họ tên').fill('nguyen van an');
await page.getByRole('button', { name: 'Tìm', exact: true }).click();
await page.getByText('phù hợp với «nguyen van an»').waitFor();
await shot(page.locator('form.participant-search'), 'admin-nguoi-du-thi');
await page.getByRole('button', { name: 'Xem hồ sơ Nguyễn Văn An' }).click();
const profile = page.locator('section.profile');
await profile.getByRole('button', { name: 'Cấp mã đặt lại mật khẩu' }).click();
await profile.locator('.reset-code').waitFor();
await shot(profile.locator('.profile-block').first(), 'admin-ma-dat-lai-mat-khau');

// Ngân hàng câu hỏi: a new key (the question), then the list with a selection.
await H.goSection(page, 'Ngân hàng câu hỏi');
const bank = (await H.apiCall('GET', `/api/admin/contests/${CID}/questions`, { token })).data.questions;
const drawn = bank.filter((q) => q.drawn);
const card = page.locator(`#cau-${drawn[0].id}`);
await card.getByRole('button', { name: 'Sửa' }).click();
await card.getByLabel('Đáp án đúng').selectOption(drawn[0].answer_index === 0 ? 'B' : 'A');
await card.getByRole('button', { name: 'Lưu câu hỏi' }).click();
const dialog = page.getByRole('dialog');
await dialog.waitFor();
await shot(dialog, 'admin-cham-lai');
await dialog.getByRole('button', { name: /^Chấm lại/ }).click();
await page.locator(`#cau-${drawn[0].id} .notice-success`).waitFor();
await shot(page.locator(`#cau-${drawn[0].id}`), 'admin-cau-hoi-cham-lai');
const undrawn = bank.filter((q) => !q.drawn);
for (const q of undrawn.slice(0, 2)) await page.getByLabel(`Chọn câu ${q.id}`).check();
await shot(page.locator('.bulk-bar'), 'admin-cau-hoi-hang-loat');

// Word import preview.
await page.getByLabel('Chọn tệp').setInputFiles(path.resolve(here, '../../../contests/mau-cau-hoi.docx'));
await page.getByRole('table', { name: /^Xem trước/ }).waitFor();
await shotTop(page, page.locator('section.import-panel'), 'admin-nhap-word', 760);

// Thông báo.
await H.goSection(page, 'Thông báo');
await shot(page.getByRole('region', { name: 'Các thông báo' }), 'admin-thong-bao');

// Cài đặt: personal data.
await H.goSection(page, 'Cài đặt cuộc thi');
const privacy = page.getByRole('group', { name: 'Bảo vệ dữ liệu cá nhân' });
await privacy.getByLabel('Bên kiểm soát dữ liệu cá nhân').fill('Ủy ban nhân dân thị xã Quảng Trị (Phòng Văn hóa và Thông tin), số 01 Trần Hưng Đạo, thị xã Quảng Trị');
await privacy.locator('summary').click();
// The sticky «Lưu cài đặt» bar would cover the fieldset in the picture.
await page.evaluate(() => { document.querySelector('.sticky-actions').style.position = 'static'; });
await shotTop(page, privacy, 'admin-du-lieu-ca-nhan', 1000);

// Kết quả: close, decide, publish, then recompute.
await H.closeFirstRound(CID, token, { publish: true });
await H.goSection(page, 'Kết quả & giải thưởng');
await page.getByRole('button', { name: 'Tính lại kết quả' }).click();
await page.getByRole('dialog').getByRole('button', { name: 'Tính lại kết quả' }).click();
await page.getByRole('dialog', { name: 'Đính chính danh sách đạt giải đã công bố?' }).getByRole('button', { name: 'Đính chính' }).click();
await page.locator('.recompute-status .notice-success').waitFor();
await shot(page.getByRole('region', { name: 'Giải cá nhân theo tuần' }), 'admin-tinh-lai-ket-qua');

// Xuất: the contact list.
await H.goSection(page, 'Xuất kết quả');
await shot(page.getByRole('region', { name: 'Danh bạ liên hệ' }), 'admin-danh-ba-lien-he');

// Nhật ký.
await H.goSection(page, 'Nhật ký');
await shotTop(page, page.locator('.audit-table').locator('xpath=..'), 'admin-nhat-ky', 560);

// Văn bản: the three Word documents listed, then a unit's follow-up link.
await H.goSection(page, 'Văn bản');
for (const kind of ['weekly_notice', 'final_report', 'award_decision']) {
  await page.getByLabel('Loại văn bản').selectOption(kind);
  await page.getByRole('button', { name: 'Tạo văn bản' }).click();
  await page.locator('.document-status a.download').waitFor({ timeout: 60000 });
}
await page.locator('ol.documents li').nth(2).waitFor();
await shot(page.getByRole('region', { name: 'Văn bản hành chính (Word)' }), 'admin-van-ban');
const unit = page.locator('.follow-up-item[data-organization="phuong-a"]');
await unit.getByRole('button', { name: 'Tạo đường dẫn', exact: true }).click();
await unit.getByRole('textbox', { name: 'Đường dẫn của UBND Phường An' }).waitFor();
await shotTop(page, page.getByRole('region', { name: 'Đường dẫn theo dõi đơn vị' }), 'admin-duong-dan-theo-doi', 700);

await context.close();
await browser.close();
console.log(`Ảnh đã ghi vào ${OUT}`);
