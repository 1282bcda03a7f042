// The one-line embed (static-site/embed.js, issue 19) on a portal page served
// from another origin, under a CSP that allows our origin only in
// script-src and frame-src (what the organizers' guide tells a portal's
// webmaster to set). Two embeds on one page: each gets its own frame, sized
// to its content (no inner scrollbar), and a view change inside a frame
// scrolls the portal page to that frame's top.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import {
  BASE_URL, MAIN_CONTEST, assertNoProblems, launch, openPage, screenshot, waitUntil,
} from '../helpers.mjs';

let browser;
let portal;
const OUR_ORIGIN = new URL(BASE_URL).origin;

/** The portal: a page of its own, two embeds, filler so that the page scrolls. */
function portalPage() {
  const filler = (n) => Array.from({ length: n }, (_, i) => `<p>Tin tức số ${i + 1} của Cổng thông tin điện tử thị xã.</p>`).join('\n');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thông tin điện tử thị xã Quảng Trị</title></head>
<body>
<h1>Cổng thông tin điện tử thị xã Quảng Trị</h1>
${filler(30)}
<h2>Cuộc thi thứ nhất</h2>
<script src="${OUR_ORIGIN}/embed.js" data-contest="${MAIN_CONTEST}" async></script>
${filler(10)}
<h2>Cuộc thi thứ hai</h2>
<script src="${OUR_ORIGIN}/embed.js" data-contest="${MAIN_CONTEST}" async></script>
${filler(30)}
</body></html>`;
}

before(async () => {
  browser = await launch();
  portal = http.createServer((req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      // Exactly what the guide asks of a portal: our origin in script-src and frame-src.
      'Content-Security-Policy': `default-src 'self'; script-src 'self' ${OUR_ORIGIN}; frame-src ${OUR_ORIGIN}; style-src 'self'`,
    });
    res.end(portalPage());
  });
  await new Promise((resolve) => portal.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => (portal ? portal.close(resolve) : resolve()));
});

/** Each embedded frame: its height on the portal and its content's height inside. */
async function frameSizes(page) {
  const frames = await page.locator('iframe').all();
  const sizes = [];
  for (const frame of frames) {
    const box = await frame.evaluate((el) => ({ height: el.getBoundingClientRect().height, client: el.clientHeight, name: el.name, src: el.src, scrolling: el.getAttribute('scrolling') }));
    const inner = await (await (await frame.elementHandle()).contentFrame()).evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      body: Math.ceil(document.body.getBoundingClientRect().height),
      innerHeight: window.innerHeight,
    }));
    sizes.push({ ...box, ...inner });
  }
  return sizes;
}

/** Waits until every frame is as tall as its content (no inner scrollbar). */
async function waitFitted(page, message) {
  let last = [];
  try {
    await waitUntil(async () => {
      last = await frameSizes(page);
      return last.length === 2 && last.every((s) => Math.abs(s.client - s.body) <= 2 && s.scrollHeight <= s.client + 1);
    }, { timeout: 15000, message });
  } catch (error) {
    error.message += `\n${JSON.stringify(last, null, 1)}`;
    throw error;
  }
}

const frameTop = (page, index) => page.locator('iframe').nth(index).evaluate((el) => el.getBoundingClientRect().top);

test('embed.js: two frames from another origin, each sized to its content, the portal scrolled to the frame on a view change', { timeout: 90000 }, async () => {
  const portalUrl = `http://127.0.0.1:${portal.address().port}/`;
  assert.notEqual(new URL(portalUrl).origin, OUR_ORIGIN, 'the portal is another origin');
  const { page, problems } = await openPage(browser, { viewport: { width: 360, height: 740 } });
  await page.goto(portalUrl);
  await page.locator('iframe').nth(1).waitFor({ state: 'attached' });
  assert.equal(await page.locator('iframe').count(), 2, 'one frame per script tag');

  // Each frame right after its own script tag, with ?contest= and embed=1.
  const placed = await page.evaluate(() => Array.from(document.querySelectorAll('script[data-contest]')).map((s) => s.nextElementSibling && s.nextElementSibling.tagName));
  assert.deepEqual(placed, ['IFRAME', 'IFRAME']);
  for (const index of [0, 1]) {
    await page.frameLocator(`iframe >> nth=${index}`).getByRole('heading', { level: 1, name: /cải cách hành chính/ }).waitFor();
  }
  await waitFitted(page, 'both frames fitted to the landing page');
  const first = await frameSizes(page);
  for (const size of first) {
    const src = new URL(size.src);
    assert.equal(src.origin, OUR_ORIGIN);
    assert.equal(src.searchParams.get('contest'), MAIN_CONTEST);
    assert.equal(src.searchParams.get('embed'), '1');
    assert.equal(size.scrolling, 'no');
    assert.ok(size.client > size.innerHeight - 2 && size.client > 740, `the frame grew to the content (${size.client} px)`);
  }
  assert.notEqual(first[0].name, first[1].name, 'each frame has its own id');
  await screenshot(page, '76-embed-portal');

  // A view change in the second frame: the portal scrolls to its top.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const second = page.frameLocator('iframe >> nth=1');
  await second.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Xếp hạng' }).click();
  await second.getByRole('heading', { level: 1, name: 'Bảng xếp hạng' }).waitFor();
  await waitUntil(async () => Math.abs(await frameTop(page, 1)) <= 2, { message: 'the portal scrolled to the second frame' });
  await waitFitted(page, 'the second frame refitted to the rankings');
  await screenshot(page, '77-embed-scrolled');

  // And in the first frame, from wherever the portal is.
  await page.evaluate(() => window.scrollTo(0, 0));
  const firstFrame = page.frameLocator('iframe >> nth=0');
  await firstFrame.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Hướng dẫn' }).click();
  await firstFrame.getByRole('heading', { level: 1, name: 'Hướng dẫn dự thi' }).waitFor();
  await waitUntil(async () => Math.abs(await frameTop(page, 0)) <= 2, { message: 'the portal scrolled to the first frame' });
  await waitFitted(page, 'the first frame refitted to the help page');
  // The second frame did not move the page when the first changed view.
  assert.ok(Math.abs(await frameTop(page, 0)) <= 2);

  // Messages from elsewhere (the portal itself, another origin) are ignored.
  const before = (await frameSizes(page))[0].client;
  await page.evaluate(() => window.postMessage({ type: 'cchc-embed-height', height: 50, frameId: 'cchc-embed-1' }, '*'));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await frameSizes(page))[0].client, before, 'a message not from our frame changes nothing');
  assertNoProblems(problems, 'embed');
});
