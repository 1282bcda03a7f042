// What the organizer page's tests need on top of ../helpers.mjs (which this
// module re-exports, so a test imports only this one):
// - registering participants with the consent registration now asks for
//   (`consent: true` and the notice's version from GET /api/contests/{cid});
//   the shared helpers send it once the participant page's engineer adds it
//   there, and these stay correct either way;
// - a small contest of the test's own, made through the API, with attempts
//   whose questions are known;
// - a minimal Word document (.docx) for import fixtures;
// - dialogs and sections of the organizer page.

import assert from 'node:assert/strict';
import * as H from '../helpers.mjs';

export * from '../helpers.mjs';

const noticeVersions = new Map();

/** The privacy notice version a registration consents to (read once per contest and test file). */
export async function noticeVersion(contest, { fresh = false } = {}) {
  if (fresh || !noticeVersions.has(contest)) {
    const info = await H.apiCall('GET', `/api/contests/${contest}`);
    assert.equal(info.status, 200, `contest info failed: ${JSON.stringify(info.data)}`);
    noticeVersions.set(contest, info.data.privacy_notice_version);
  }
  return noticeVersions.get(contest);
}

/** POST …/register with a solved challenge and the consent to the current notice. */
export async function registerCall(contest, body) {
  const consent = { consent: true, privacy_notice_version: await noticeVersion(contest) };
  let answer = await H.apiCall('POST', `/api/contests/${contest}/register`, {
    body: Object.assign({}, body, consent, { altcha: await H.solvedChallenge(contest) }),
  });
  if (answer.status === 400 && answer.data && answer.data.error && answer.data.error.code === 'CONSENT_REQUIRED') {
    // The notice changed since it was read (a settings test saved new text): read it again.
    consent.privacy_notice_version = await noticeVersion(contest, { fresh: true });
    answer = await H.apiCall('POST', `/api/contests/${contest}/register`, {
      body: Object.assign({}, body, consent, { altcha: await H.solvedChallenge(contest) }),
    });
  }
  return answer;
}

export async function registerViaApi(contest, { fullName, organizationId, password = 'mat-khau-123', birthYear, phone = H.uniquePhone() }) {
  const body = { full_name: fullName, phone, password, organization_id: organizationId };
  if (birthYear) body.birth_year = birthYear;
  const { status, data } = await registerCall(contest, body);
  assert.equal(status, 201, `register failed: ${JSON.stringify(data)}`);
  return { phone, password, token: data.token, participant: data.participant, participantId: data.participant.id };
}

/**
 * As helpers.mjs's takeAttempt, registering with consent: one attempt in
 * the open round, submitted at once (`correct`: 'all' answers every
 * question right from `bank`, 'none' none, 'some' by position). Returns
 * also the ids of the questions drawn.
 */
export async function takeAttempt({ fullName = 'Người Thử Nghiệm', organizationId = 'phuong-1', correct = 'some', contest = H.MAIN_CONTEST, accept = false, bank = null, phone } = {}) {
  const number = phone || H.uniquePhone();
  const reg = await registerCall(contest, { full_name: fullName, phone: number, password: 'mat-khau-123', organization_id: organizationId });
  assert.equal(reg.status, 201, `register failed: ${JSON.stringify(reg.data)}`);
  const token = reg.data.token;
  const info = await H.apiCall('GET', `/api/contests/${contest}`);
  const open = (info.data.rounds || []).find((r) => r.status === 'open' && !r.practice);
  const roundId = open ? open.id : 'tuan-1';
  const start = await H.apiCall('POST', `/api/contests/${contest}/rounds/${roundId}/attempts`, { token });
  assert.ok(start.status === 200 || start.status === 201, `start attempt failed: ${JSON.stringify(start.data)}`);
  const answers = {};
  start.data.questions.forEach((q, i) => {
    if (correct === 'none') return;
    if (correct === 'all' && bank) {
      const known = bank.find((b) => b.text === q.text);
      const right = known.options['ABCDEF'.indexOf(known.answer)];
      answers[q.id] = q.options.find((o) => o.text === right).id;
      return;
    }
    answers[q.id] = q.options[i % q.options.length].id;
  });
  const submit = await H.apiCall('POST', `/api/contests/${contest}/attempts/${start.data.attempt_id}/submit`, {
    token,
    body: info.data.prediction_question ? { answers, prediction: 3 } : { answers },
  });
  assert.equal(submit.status, 200, `submit failed: ${JSON.stringify(submit.data)}`);
  if (accept) {
    const decided = await H.apiCall('POST', `/api/admin/contests/${contest}/reviews/${start.data.attempt_id}`, {
      token: await H.organizerToken(),
      body: { decision: 'accepted', note: 'Kiểm thử: chấp nhận' },
    });
    assert.equal(decided.status, 200, `accepting the result failed: ${JSON.stringify(decided.data)}`);
  }
  return {
    token, roundId, attemptId: start.data.attempt_id, participantId: reg.data.participant.id, result: submit.data,
    phone: number, drawnTexts: start.data.questions.map((q) => q.text),
  };
}

const DAY = 24 * 3600 * 1000;

/** Eight general-knowledge questions: enough for attempts of 3 and some left to archive and delete. */
export const BANK8 = H.SMALL_BANK.concat([
  { text: 'Một năm thường có bao nhiêu tháng?', options: ['10 tháng', '11 tháng', '12 tháng', '13 tháng'], answer: 'C' },
  { text: 'Sông nào chảy qua thị xã Quảng Trị?', options: ['Sông Hồng', 'Sông Thạch Hãn', 'Sông Hương', 'Sông Đà'], answer: 'B' },
  { text: 'Ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam là ngày nào?', options: ['30/4', '1/5', '2/9', '19/8'], answer: 'C' },
  { text: 'Một ngày có bao nhiêu giờ?', options: ['12 giờ', '20 giờ', '24 giờ', '48 giờ'], answer: 'C' },
]);

/**
 * A contest of the test's own: «Tuần 1» open now, «Tuần 2» next week, two
 * units and an open organization, no review of fast results (min 0 s) so
 * attempts count at once. Returns { cid, token, contest }.
 */
export async function makeContest(cid, title, { bank = BANK8, perAttempt = 3, extra = {} } = {}) {
  const settings = Object.assign({
    id: cid,
    title,
    description: 'Cuộc thi nhỏ chỉ dùng cho kiểm thử trang Ban Tổ chức.',
    rules: '1. Mỗi lượt thi 3 câu.',
    time_limit_seconds: 600,
    grace_seconds: 1,
    questions_per_attempt: perAttempt,
    max_attempts_per_round: 3,
    min_seconds_per_question: 0,
    live_leaderboard: true,
    rounds: [
      { id: 'tuan-1', name: 'Tuần 1', opens_at: H.vietnamTime(Date.now() - DAY), closes_at: H.vietnamTime(Date.now() + DAY) },
      { id: 'tuan-2', name: 'Tuần 2', opens_at: H.vietnamTime(Date.now() + 2 * DAY), closes_at: H.vietnamTime(Date.now() + 9 * DAY) },
    ],
    organizations: [
      { id: 'phuong-a', name: 'UBND Phường An', group: 'Phường, xã', headcount: 20 },
      { id: 'phuong-b', name: 'UBND Phường Bình', group: 'Phường, xã', headcount: 10 },
      { id: 'nhan-dan', name: 'Nhân dân', group: 'Khác', kind: 'open' },
    ],
    prizes: { first: 1, second: 1, third: 1 },
  }, extra);
  const { token, contest } = await H.createContestViaApi(settings, bank.map((q, i) => Object.assign({ id: `c${i + 1}` }, q)));
  return { cid, token, contest };
}

/** Closes «Tuần 1» now (confirm: it has results), lets the grace pass, runs the closing job; optionally publishes its winners. */
export async function closeFirstRound(cid, token, { publish = false } = {}) {
  const detail = (await H.apiCall('GET', `/api/admin/contests/${cid}`, { token })).data;
  // settingsOf predates the personal-data settings: keep them as they are.
  const settings = Object.assign(H.settingsOf(detail.contest), {
    data_controller: detail.contest.data_controller || '',
    privacy_notice: detail.contest.privacy_notice || null,
    personal_data_retention_days: detail.contest.personal_data_retention_days,
  });
  settings.rounds = settings.rounds.map((r) => (r.id === 'tuan-1' ? Object.assign({}, r, { closes_at: H.vietnamTime(Date.now() - 5000) }) : r));
  const moved = await H.apiCall('PUT', `/api/admin/contests/${cid}?confirm=true`, { token, body: settings });
  assert.equal(moved.status, 200, JSON.stringify(moved.data));
  assert.equal((await H.apiCall('POST', '/api/admin/jobs/close-rounds', { token })).status, 200);
  const winners = await H.apiCall('GET', `/api/admin/contests/${cid}/winners?round=tuan-1`, { token });
  assert.equal(winners.data.decided, true, JSON.stringify(winners.data));
  if (publish) {
    const published = await H.apiCall('POST', `/api/admin/contests/${cid}/winners/publish?round=tuan-1`, { token, body: { published: true } });
    assert.equal(published.status, 200, JSON.stringify(published.data));
  }
  return winners.data;
}

/** Logs in and chooses contest `cid` in the picker. */
export async function openContest(browser, cid, { viewport, section } = {}) {
  const opened = await H.openAdminPage(browser, viewport ? { viewport } : {});
  await H.login(opened.page);
  await opened.page.locator('#contest-select').selectOption(cid);
  await H.waitIdle(opened.page);
  if (section) await H.goSection(opened.page, section);
  return opened;
}

/** Logs the read-only account in (its own context). */
export async function loginViewer(browser, cid, { viewport } = {}) {
  const opened = await H.openAdminPage(browser, viewport ? { viewport } : {});
  const { page } = opened;
  await page.goto(H.adminUrl());
  await page.getByLabel('Tên đăng nhập').fill(H.VIEWER.username);
  await page.getByLabel('Mật khẩu').fill(H.VIEWER.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('navigation', { name: 'Các mục quản trị' }).waitFor();
  await H.waitIdle(page);
  if (cid) {
    await page.locator('#contest-select').selectOption(cid);
    await H.waitIdle(page);
  }
  return opened;
}

// ---- a Word document for import fixtures ----

const xmlEscape = (text) => String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);

/** A .docx whose paragraphs are `lines` (plain text, one run each). */
export function makeDocx(lines) {
  const body = lines.map((line) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(line)}</w:t></w:r></w:p>`).join('');
  return H.zip({
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
      + `<w:body>${body}</w:body></w:document>`,
  });
}
