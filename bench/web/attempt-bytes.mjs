// Bytes over the wire for one whole attempt on the demo contest, as a
// participant on a phone does it in a fresh browser (nothing cached):
// landing, registration (with the proof-of-work challenge), my page, an
// attempt of 20 questions each answered, the submission, the result. The
// figure is what Chromium counts as received (Network.loadingFinished
// encodedDataLength: compressed bodies plus headers), for every request of
// the page and of its worker. Prints one JSON object.
//   BASE_URL=http://127.0.0.1:8080 node attempt-bytes.mjs [CONTEST]

import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const CONTEST = process.argv[2] || process.env.MAIN_CONTEST || 'cchc-2022';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
});
const steps = [];
let total = 0;
let requests = 0;
const byType = {};
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(30000);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  const types = new Map();
  const urls = new Map();
  const urlOf = new Map();
  const seen = new Set();
  cdp.on('Network.requestWillBeSent', (event) => urlOf.set(event.requestId, event.request.url));
  cdp.on('Network.responseReceived', (event) => {
    types.set(event.requestId, event.type);
    urls.set(event.requestId, new URL(event.response.url).pathname);
  });
  cdp.on('Network.loadingFinished', (event) => {
    total += event.encodedDataLength;
    requests += 1;
    const type = (types.get(event.requestId) || 'Other').toLowerCase();
    byType[type] = (byType[type] || 0) + event.encodedDataLength;
    seen.add(urlOf.get(event.requestId));
    if (process.env.LIST_REQUESTS) console.error(`${event.encodedDataLength}\t${urls.get(event.requestId)}`);
  });
  // The worker's script is fetched on the worker's own target, which this
  // session does not see: Playwright reports it, with its sizes.
  context.on('requestfinished', async (request) => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (seen.has(request.url())) return;
    const sizes = await request.sizes().catch(() => null);
    if (!sizes) return;
    const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
    total += bytes;
    requests += 1;
    byType.worker = (byType.worker || 0) + bytes;
    if (process.env.LIST_REQUESTS) console.error(`${bytes}\t${new URL(request.url()).pathname} (worker)`);
  });
  let mark = 0;
  const step = async (name, run) => {
    await run();
    await page.waitForLoadState('networkidle').catch(() => {});
    steps.push({ step: name, bytes: total - mark });
    mark = total;
  };

  const fullName = `Người Đo Băng Thông ${Date.now() % 100000}`;
  const phone = `09${String((Date.now() * 7 + process.pid) % 100000000).padStart(8, '0')}`;
  await step('landing', async () => {
    await page.goto(`${BASE_URL}/${CONTEST === 'cchc-2022' ? '' : `?contest=${CONTEST}`}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  });
  await step('registration', async () => {
    await page.getByRole('link', { name: 'Đăng ký dự thi' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Đăng ký dự thi' }).waitFor();
    await page.getByLabel('Tôi đã đọc và đồng ý với việc xử lý dữ liệu cá nhân theo Thông báo trên.').check();
    await page.getByLabel('Họ và tên').fill(fullName);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-do-bang-thong');
    await page.getByLabel('Đơn vị', { exact: true }).selectOption('phuong-2');
    await page.getByLabel('Số điện thoại').fill(phone);
    await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  });
  await step('my page', async () => {
    await page.getByRole('heading', { level: 1, name: 'Trang dự thi của tôi' }).waitFor();
    await page.getByText(fullName).waitFor();
  });
  await step('start + 20 answers', async () => {
    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Bắt đầu' }).click();
    for (let n = 1; n <= 20; n += 1) {
      await page.locator('legend', { hasText: `Câu ${n}/20` }).waitFor();
      await page.locator('.options .option label').nth(n % 4).click();
      await page.locator('.options input:checked').waitFor();
      if (n < 20) await page.getByRole('button', { name: 'Câu tiếp' }).click();
    }
    const prediction = page.getByLabel(/Dự đoán có bao nhiêu người/);
    if (await prediction.count()) await prediction.fill('7');
  });
  await step('submit + result', async () => {
    await page.getByRole('button', { name: 'Nộp bài' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Nộp bài' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kết quả bài thi' }).waitFor();
  });
  await context.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify({ contest: CONTEST, total_bytes: total, requests, steps, by_type: byType }, null, 2));
