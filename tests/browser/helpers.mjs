// Shared by the browser tests: the browser, a page with a strict CSP and
// error capture, page checks (screenshot, no horizontal scroll, axe-core),
// and direct API calls for setting up and verifying state.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

if (!process.env.BASE_URL) {
  throw new Error('BASE_URL is not set: run the browser tests through scripts/browser-test.sh');
}
export const BASE_URL = process.env.BASE_URL.replace(/\/$/, '');
export const MAIN_CONTEST = process.env.MAIN_CONTEST || 'cchc-2022';
export const EXPIRY_CONTEST = process.env.EXPIRY_CONTEST || 'het-gio';
export const SCREENSHOTS = process.env.SCREENSHOT_DIR || path.resolve(here, '../artifacts/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The policy the site must run under: no inline script or style, same-origin only. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *";

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 860 };

/**
 * A fresh context (own localStorage) and page. Documents from the site are
 * served with the strict CSP; script errors and CSP violations are collected
 * in `problems`, and a JavaScript dialog (alert) counts as one too.
 */
export async function openPage(browser, { viewport = PHONE, initScript, base = BASE_URL } = {}) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(15000);
  const origin = new URL(base).origin;
  await context.route(
    (url) => url.origin === origin && (url.pathname === '/' || url.pathname.endsWith('.html')),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
    },
  );
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && !text.startsWith('Failed to load resource')) problems.push(`console: ${text}`);
    if (/Content Security Policy/i.test(text)) problems.push(`csp: ${text}`);
  });
  page.on('dialog', async (dialog) => {
    problems.push(`unexpected JS dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return { context, page, problems };
}

export function url(hashPath = '/', contest = MAIN_CONTEST, base = BASE_URL) {
  return `${base}/?contest=${encodeURIComponent(contest)}#${hashPath}`;
}

export async function screenshot(page, name, { fullPage = false } = {}) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

export async function assertNoHorizontalScroll(page, name) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `${name}: horizontal scroll (scrollWidth ${scrollWidth} > ${innerWidth})`);
}

/** axe-core on the current page; fails on any serious or critical violation. */
export async function assertAccessible(page, name) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  // page.addScriptTag({ path }) would insert an inline <script>, which the
  // strict CSP rightly blocks; evaluating the source through the DevTools
  // protocol is not subject to the page's CSP.
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} :: ${n.failureSummary}`),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${name}: axe-core found serious/critical violations:\n${JSON.stringify(bad, null, 2)}`);
  return violations;
}

/** Screenshot + no horizontal scroll + axe, the checks every page gets. */
export async function checkPage(page, name, options = {}) {
  await screenshot(page, name, options);
  await assertNoHorizontalScroll(page, name);
  await assertAccessible(page, name);
}

export function assertNoProblems(problems, name) {
  assert.deepEqual(problems, [], `${name}: errors in the page:\n${problems.join('\n')}`);
}

// ---- the API, directly ----

export async function apiCall(method, apiPath, { body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE_URL}${apiPath}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  return { status: response.status, data };
}

let phoneCounter = 0;
/** A valid, unused Vietnamese mobile number (09xxxxxxxx). */
export function uniquePhone() {
  phoneCounter += 1;
  const n = (Date.now() * 7 + process.pid * 131 + phoneCounter * 9973) % 100000000;
  return `09${String(n).padStart(8, '0')}`;
}

export async function registerViaApi(contest, { fullName, organizationId, password = 'mat-khau-123' }) {
  const phone = uniquePhone();
  const { status, data } = await apiCall('POST', `/api/contests/${contest}/register`, {
    body: { full_name: fullName, phone, password, organization_id: organizationId },
  });
  assert.equal(status, 201, `register failed: ${JSON.stringify(data)}`);
  return { phone, password, token: data.token, participant: data.participant };
}

/** The session the page keeps in localStorage for a contest. */
export async function sessionFromPage(page, contest = MAIN_CONTEST) {
  return page.evaluate((key) => JSON.parse(window.localStorage.getItem(key) || 'null'), `cuocthi:v1:${contest}:session`);
}

export async function saveState(page) {
  return (await page.locator('.save-state').textContent()).trim();
}

/** The autosave policy's numbers, read from journal.js as declared there (`const NAME = number;`). */
const JOURNAL_SOURCE = readFileSync(path.resolve(here, '../../static-site/js/journal.js'), 'utf8');
export function journalPolicy(name) {
  const match = JOURNAL_SOURCE.match(new RegExp(`^const ${name} = (\\d+);$`, 'm'));
  if (!match) throw new Error(`journal.js declares no ${name}`);
  return Number(match[1]);
}

/** The attempt page's save states, word for word. */
export const SAVE_TEXT = {
  sent: 'Đã gửi lên máy chủ',
  local: 'Đã lưu trên máy này — sẽ gửi lên máy chủ',
  offline: 'Mất kết nối — câu trả lời được giữ trên máy',
};

/** Waits until the save state reads exactly `text` (the texts share words). */
export async function waitForSaveState(page, text, { timeout } = {}) {
  await page.locator('.save-state', { hasText: new RegExp(`^${text}$`) }).waitFor({ timeout });
}

/** Logs `user` in by writing the session the page keeps, on the contest's page. */
export async function useSession(page, user, { contest = MAIN_CONTEST, base = BASE_URL } = {}) {
  await page.goto(url('/', contest, base));
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate(
    ([key, value]) => window.localStorage.setItem(key, JSON.stringify(value)),
    [`cuocthi:v1:${contest}:session`, { token: user.token, participant: user.participant }],
  );
}

/** Picks option `optionIndex` of the question on screen; returns [questionId, optionId]. */
export async function answerCurrent(page, optionIndex) {
  await page.locator('.options .option label').nth(optionIndex).click();
  const checked = page.locator('.options input:checked');
  await checked.waitFor();
  const name = await checked.getAttribute('name');
  return [name.replace(/^q-/, ''), await checked.getAttribute('value')];
}

export async function goToQuestion(page, number, total = 20) {
  await page.getByRole('navigation', { name: 'Danh sách câu hỏi' }).getByRole('button', { name: new RegExp(`^Câu ${number},`) }).click();
  await page.locator('legend', { hasText: `Câu ${number}/${total}` }).waitFor();
}

/** Polls `check` (sync or async) until it returns true. */
export async function waitUntil(check, { timeout = 15000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * A pass-through HTTP proxy in front of the gateway whose network can be cut.
 * page.route() cannot stop a `fetch(..., {keepalive: true})` sent while a page
 * unloads (Chromium sends it from the browser process), so to simulate a real
 * outage the test's browser talks to the site through this proxy instead.
 * mode: 'pass' | 'block-answers' (saving fails) | 'block-api' (every /api call fails).
 */
export async function startProxy() {
  const target = new URL(BASE_URL);
  const stats = { answerPuts: 0, blocked: 0 };
  const proxy = { mode: 'pass', stats };
  const server = http.createServer((req, res) => {
    const isAnswers = req.method === 'PUT' && /\/answers(\?|$)/.test(req.url);
    if (isAnswers) stats.answerPuts += 1;
    const cut = (proxy.mode === 'block-answers' && isAnswers) || (proxy.mode === 'block-api' && req.url.startsWith('/api/'));
    if (cut) {
      stats.blocked += 1;
      req.socket.destroy();
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); });
  return proxy;
}
