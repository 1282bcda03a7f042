// Shared by the organizer-page browser tests: the browser, a page under a
// strict CSP with error capture, login, page checks (screenshot, no
// horizontal scroll, axe-core) and direct API calls for setting up state.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

if (!process.env.BASE_URL) {
  throw new Error('BASE_URL is not set: run these tests through scripts/admin-browser-test.sh');
}
export const BASE_URL = process.env.BASE_URL.replace(/\/$/, '');
export const CONTEST = process.env.MAIN_CONTEST || 'cchc-2022';
export const ORGANIZER = { username: process.env.ORGANIZER_USERNAME || 'btc', password: process.env.ORGANIZER_PASSWORD || 'mat-khau-btc' };
export const SCREENSHOTS = process.env.SCREENSHOT_DIR || path.resolve(here, '../artifacts/admin-screenshots');
export const ARTIFACTS = path.dirname(SCREENSHOTS);
mkdirSync(SCREENSHOTS, { recursive: true });

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The policy the page must run under: no inline script or style, same-origin only. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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
export const DESKTOP = { width: 1280, height: 900 };

/**
 * A fresh context (own sessionStorage) and page. HTML documents get the
 * strict CSP; script errors, CSP violations and JS dialogs go to `problems`.
 */
export async function openPage(browser, { viewport = DESKTOP } = {}) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
  context.setDefaultTimeout(15000);
  const origin = new URL(BASE_URL).origin;
  await context.route(
    (url) => url.origin === origin && (url.pathname.endsWith('/') || url.pathname.endsWith('.html')),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
    },
  );
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

export const adminUrl = (section = '') => `${BASE_URL}/admin/${section ? `#${section}` : ''}`;

/** Logs in through the form and waits for the overview. */
export async function login(page, section = '') {
  await page.goto(adminUrl(section));
  await page.getByLabel('Tên đăng nhập').fill(ORGANIZER.username);
  await page.getByLabel('Mật khẩu').fill(ORGANIZER.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('navigation', { name: 'Các mục quản trị' }).waitFor();
  await waitIdle(page);
}

/** Waits until the section has finished loading. */
export async function waitIdle(page) {
  await page.waitForFunction(() => {
    const view = document.getElementById('view');
    return view && !view.hasAttribute('aria-busy') && !view.querySelector('.loading');
  });
}

export async function goSection(page, label) {
  await page.getByRole('navigation', { name: 'Các mục quản trị' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  await waitIdle(page);
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
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
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

export function assertNoProblems(problems, name) {
  assert.deepEqual(problems, [], `${name}: errors in the page:\n${problems.join('\n')}`);
}

// ---- the API, directly ----

export async function apiCall(method, apiPath, { body, token, raw, contentType } = {}) {
  const headers = { Accept: 'application/json' };
  if (raw !== undefined) headers['Content-Type'] = contentType;
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE_URL}${apiPath}`, {
    method,
    headers,
    body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  return { status: response.status, data };
}

export async function organizerToken() {
  const { status, data } = await apiCall('POST', '/api/admin/login', { body: ORGANIZER });
  assert.equal(status, 200, `organizer login failed: ${JSON.stringify(data)}`);
  return data.token;
}

let phoneCounter = 0;
/** A valid, unused Vietnamese mobile number (09xxxxxxxx). */
export function uniquePhone() {
  phoneCounter += 1;
  const n = (Date.now() * 7 + process.pid * 131 + phoneCounter * 9973) % 100000000;
  return `09${String(n).padStart(8, '0')}`;
}

/** Registers a participant and takes one full attempt in the open round. */
export async function takeAttempt({ fullName = 'Người Thử Nghiệm', organizationId = 'phuong-1', correct = 'some' } = {}) {
  const reg = await apiCall('POST', `/api/contests/${CONTEST}/register`, {
    body: { full_name: fullName, phone: uniquePhone(), password: 'mat-khau-123', organization_id: organizationId },
  });
  assert.equal(reg.status, 201, `register failed: ${JSON.stringify(reg.data)}`);
  const token = reg.data.token;
  const info = await apiCall('GET', `/api/contests/${CONTEST}`);
  const open = (info.data.contest?.rounds || info.data.rounds || []).find((r) => r.status === 'open');
  const roundId = open ? open.id : 'tuan-1';
  const start = await apiCall('POST', `/api/contests/${CONTEST}/rounds/${roundId}/attempts`, { token });
  assert.ok(start.status === 200 || start.status === 201, `start attempt failed: ${JSON.stringify(start.data)}`);
  const answers = {};
  start.data.questions.forEach((q, i) => {
    if (correct === 'none') return;
    answers[q.id] = q.options[i % q.options.length].id;
  });
  const submit = await apiCall('POST', `/api/contests/${CONTEST}/attempts/${start.data.attempt_id}/submit`, {
    token,
    body: { answers, prediction: 3 },
  });
  assert.equal(submit.status, 200, `submit failed: ${JSON.stringify(submit.data)}`);
  return { token, roundId, attemptId: start.data.attempt_id, result: submit.data };
}
