// The one helper module of the browser tests, for both suites
// (participant/ and admin/): the browser, a page under a strict CSP with
// error capture, page checks (screenshot, no horizontal scroll, axe-core),
// direct API calls for setting up and verifying state, an XLSX writer for
// fixtures, then what each page's tests need (the participant's autosave
// policy, session, answers and a network that can be cut; the organizer's
// login and sections).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

if (!process.env.BASE_URL) {
  throw new Error('BASE_URL is not set: run the browser tests through scripts/browser-test.sh');
}
export const BASE_URL = process.env.BASE_URL.replace(/\/$/, '');
export const MAIN_CONTEST = process.env.MAIN_CONTEST || 'cchc-2022';
export const EXPIRY_CONTEST = process.env.EXPIRY_CONTEST || 'het-gio';
export const ORGANIZER = { username: process.env.ORGANIZER_USERNAME || 'btc', password: process.env.ORGANIZER_PASSWORD || 'mat-khau-btc' };
/** A read-only organizer account (role viewer), made by scripts/browser-test.sh. */
export const VIEWER = { username: process.env.VIEWER_USERNAME || 'btc-chi-xem', password: process.env.VIEWER_PASSWORD || 'mat-khau-chi-xem' };
export const SCREENSHOTS = process.env.SCREENSHOT_DIR || path.resolve(here, '../artifacts/screenshots');
/** Where the tests write their files (fixtures, downloads): the screenshots' parent folder. */
export const ARTIFACTS = path.dirname(SCREENSHOTS);
mkdirSync(SCREENSHOTS, { recursive: true });

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The policy the pages must run under: no inline script or style,
 * same-origin only. The participant page may be framed by a portal; the
 * organizer page may not.
 */
const cspFramedBy = (ancestors) =>
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  `object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors ${ancestors}`;
export const CSP = cspFramedBy('*');
export const ADMIN_CSP = cspFramedBy("'none'");

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
export const ADMIN_DESKTOP = { width: 1280, height: 900 };

/**
 * A fresh context (own storage) and page. Documents from the site (paths
 * ending in / or .html) are served with `csp`; script errors and CSP
 * violations are collected in `problems`, and a JavaScript dialog (alert)
 * counts as one too.
 */
export async function openPage(browser, { viewport = PHONE, initScript, base = BASE_URL, csp = CSP, acceptDownloads = false } = {}) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads });
  context.setDefaultTimeout(15000);
  const origin = new URL(base).origin;
  await context.route(
    (url) => url.origin === origin && (url.pathname.endsWith('/') || url.pathname.endsWith('.html')),
    async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
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

/** The organizer page's context: desktop by default, its own CSP, downloads accepted. */
export function openAdminPage(browser, { viewport = ADMIN_DESKTOP } = {}) {
  return openPage(browser, { viewport, csp: ADMIN_CSP, acceptDownloads: true });
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

/** One API call: `body` as JSON, or `raw` bytes with `contentType`. Resolves { status, data }. */
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

let phoneCounter = 0;
/** A valid, unused Vietnamese mobile number (09xxxxxxxx). */
export function uniquePhone() {
  phoneCounter += 1;
  const n = (Date.now() * 7 + process.pid * 131 + phoneCounter * 9973) % 100000000;
  return `09${String(n).padStart(8, '0')}`;
}

/**
 * The registration's `altcha` value for `contest`: a fresh challenge from
 * the API, solved here as the page's worker solves it (the n in
 * 0..maxnumber with hex(SHA-256(salt + n)) equal to the challenge).
 */
export async function solvedChallenge(contest) {
  const { status, data } = await apiCall('GET', `/api/contests/${contest}/challenge`);
  assert.equal(status, 200, `challenge failed: ${JSON.stringify(data)}`);
  for (let n = 0; n <= data.maxnumber; n += 1) {
    if (createHash('sha256').update(`${data.salt}${n}`).digest('hex') === data.challenge) {
      const { algorithm, challenge, salt, signature } = data;
      return Buffer.from(JSON.stringify({ algorithm, challenge, number: n, salt, signature })).toString('base64');
    }
  }
  throw new Error('the challenge has no solution');
}

/**
 * The contest's current privacy notice version (GET /api/contests/{cid}),
 * which a registration must send back with its consent (Nghị định 13/2023).
 * Read afresh each time: the notice changes with the contest's settings.
 */
export async function privacyNoticeVersion(contest) {
  const { status, data } = await apiCall('GET', `/api/contests/${contest}`);
  assert.equal(status, 200, `reading contest ${contest} failed: ${JSON.stringify(data)}`);
  assert.ok(data.privacy_notice_version, `contest ${contest} has no privacy_notice_version`);
  return data.privacy_notice_version;
}

/**
 * POST …/register with a solved challenge (every contest of the tests asks
 * for one) and consent to the current privacy notice, as the page sends
 * them; `body` may override either (e.g. `consent: false`).
 */
export async function registerCall(contest, body) {
  const consent = { consent: true, privacy_notice_version: await privacyNoticeVersion(contest) };
  return apiCall('POST', `/api/contests/${contest}/register`, { body: { ...consent, ...body, altcha: await solvedChallenge(contest) } });
}

export async function registerViaApi(contest, { fullName, organizationId, password = 'mat-khau-123', birthYear }) {
  const phone = uniquePhone();
  const { status, data } = await registerCall(contest, {
    full_name: fullName, phone, password, organization_id: organizationId, ...(birthYear ? { birth_year: birthYear } : {}),
  });
  assert.equal(status, 201, `register failed: ${JSON.stringify(data)}`);
  return { phone, password, token: data.token, participant: data.participant };
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

// ---- an XLSX file for fixtures ----
// A minimal XLSX writer: one sheet, text cells as inline strings, stored
// (uncompressed) ZIP entries. Enough for the server's reader (calamine) and
// for Excel; no dependency needed.

const xmlEscape = (text) =>
  String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

function columnName(index) {
  let name = '';
  let n = index + 1;
  while (n > 0) {
    const rem = (n - 1) % 26;
    name = String.fromCharCode(65 + rem) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

function sheetXml(rows) {
  const body = rows
    .map((cells, r) => {
      const xmlCells = cells
        .map((value, c) => {
          if (value === null || value === undefined || value === '') return '';
          const ref = `${columnName(c)}${r + 1}`;
          if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
          return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlEscape(value)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${xmlCells}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

function files(rows, sheetName) {
  return {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<sheets><sheet name="${xmlEscape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '</Relationships>',
    'xl/worksheets/sheet1.xml': sheetXml(rows),
  };
}

/** A stored ZIP archive of { name: text } entries (workbooks and Word documents for the import tests). */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const nameBuf = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const centralBuf = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(centralBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBuf, end]);
}

/** rows: arrays of cell values (the first row is the header). */
export function makeXlsx(rows, sheetName = 'Câu hỏi') {
  return zip(files(rows, sheetName));
}

// ---- the participant page ----

export function url(hashPath = '/', contest = MAIN_CONTEST, base = BASE_URL) {
  return `${base}/?contest=${encodeURIComponent(contest)}#${hashPath}`;
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

// ---- the organizer page ----

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

export async function organizerToken() {
  const { status, data } = await apiCall('POST', '/api/admin/login', { body: ORGANIZER });
  assert.equal(status, 200, `organizer login failed: ${JSON.stringify(data)}`);
  return data.token;
}

/**
 * Registers a participant and takes one full attempt in the open round of
 * `contest`, submitted at once. Finished that fast, the result is flagged
 * TOO_FAST (unless the contest's min_seconds_per_question is 0) and counts
 * only once the committee accepts it: `accept` does that through the API.
 */
export async function takeAttempt({ fullName = 'Người Thử Nghiệm', organizationId = 'phuong-1', correct = 'some', contest = MAIN_CONTEST, accept = false } = {}) {
  const reg = await registerCall(contest, { full_name: fullName, phone: uniquePhone(), password: 'mat-khau-123', organization_id: organizationId });
  assert.equal(reg.status, 201, `register failed: ${JSON.stringify(reg.data)}`);
  const token = reg.data.token;
  const info = await apiCall('GET', `/api/contests/${contest}`);
  const open = (info.data.rounds || []).find((r) => r.status === 'open');
  const roundId = open ? open.id : 'tuan-1';
  const start = await apiCall('POST', `/api/contests/${contest}/rounds/${roundId}/attempts`, { token });
  assert.ok(start.status === 200 || start.status === 201, `start attempt failed: ${JSON.stringify(start.data)}`);
  const answers = {};
  start.data.questions.forEach((q, i) => {
    if (correct === 'none') return;
    answers[q.id] = q.options[i % q.options.length].id;
  });
  const submit = await apiCall('POST', `/api/contests/${contest}/attempts/${start.data.attempt_id}/submit`, {
    token,
    body: info.data.prediction_question ? { answers, prediction: 3 } : { answers },
  });
  assert.equal(submit.status, 200, `submit failed: ${JSON.stringify(submit.data)}`);
  if (accept) {
    const decided = await apiCall('POST', `/api/admin/contests/${contest}/reviews/${start.data.attempt_id}`, {
      token: await organizerToken(),
      body: { decision: 'accepted', note: 'Kiểm thử: chấp nhận' },
    });
    assert.equal(decided.status, 200, `accepting the result failed: ${JSON.stringify(decided.data)}`);
  }
  return { token, roundId, attemptId: start.data.attempt_id, participantId: reg.data.participant.id, result: submit.data };
}

/**
 * A contest made through the organizer API (POST /api/admin/contests, then
 * its questions imported as JSON): `settings` in the contest-file shape
 * without questions, `questions` as in a contest file.
 */
export async function createContestViaApi(settings, questions) {
  const token = await organizerToken();
  const created = await apiCall('POST', '/api/admin/contests', { token, body: settings });
  assert.equal(created.status, 201, `creating ${settings.id} failed: ${JSON.stringify(created.data)}`);
  const imported = await apiCall('POST', `/api/admin/contests/${settings.id}/questions/import?dry_run=false&status=approved`, {
    token,
    raw: JSON.stringify({ questions }),
    contentType: 'application/json',
  });
  assert.ok(imported.status === 200 || imported.status === 201, `importing the questions failed: ${JSON.stringify(imported.data)}`);
  return { token, contest: created.data.contest };
}

/** The organizer API's view of a contest, back in the contest-file shape PUT expects. */
export function settingsOf(contest) {
  const limits = contest.limits || {};
  return {
    id: contest.id,
    title: contest.title,
    description: contest.description,
    rules: contest.rules,
    time_limit_seconds: limits.time_limit_seconds,
    grace_seconds: limits.grace_seconds,
    questions_per_attempt: limits.questions_per_attempt,
    max_attempts_per_round: limits.max_attempts_per_round,
    rounds: contest.rounds,
    organizations: contest.organizations,
    prediction_question: contest.prediction_question ?? null,
    prizes: contest.prizes,
    one_prize_per_person: contest.one_prize_per_person,
    tie_breaks: contest.tie_breaks,
    live_leaderboard: contest.live_leaderboard ?? null,
    min_seconds_per_question: contest.min_seconds_per_question,
    registration_challenge: contest.registration_challenge,
    phone_verification: contest.phone_verification,
    leaderboard_shards: contest.leaderboard_shards,
    ...(contest.contact ? { contact: contest.contact } : {}),
    // The personal-data settings go back as stored: a PUT without them
    // would reset them and so change the privacy notice (and its version).
    ...(contest.data_controller !== undefined ? { data_controller: contest.data_controller } : {}),
    ...(contest.privacy_notice !== undefined ? { privacy_notice: contest.privacy_notice } : {}),
    ...(contest.personal_data_retention_days !== undefined ? { personal_data_retention_days: contest.personal_data_retention_days } : {}),
  };
}

/** RFC 3339 in Vietnam time, whole seconds: what a contest file holds. */
export function vietnamTime(ms) {
  const d = new Date(Math.floor(ms / 1000) * 1000 + 7 * 3600 * 1000);
  return `${d.toISOString().slice(0, 19)}+07:00`;
}

/** A small question bank (Vietnamese general knowledge) for contests made in the tests. */
export const SMALL_BANK = [
  { text: 'Một tuần có mấy ngày?', options: ['5 ngày', '6 ngày', '7 ngày', '8 ngày'], answer: 'C' },
  { text: 'Thủ đô của Việt Nam là thành phố nào?', options: ['Huế', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ'], answer: 'B' },
  { text: 'Một giờ có bao nhiêu phút?', options: ['30 phút', '60 phút', '90 phút', '100 phút'], answer: 'B' },
  { text: 'Tỉnh Quảng Trị thuộc vùng nào?', options: ['Bắc Trung Bộ', 'Tây Nguyên', 'Nam Bộ', 'Tây Bắc'], answer: 'A' },
];
