// Everything the participant page ships parses as ES2017 modules: older
// phones' browsers (the page's public includes them) fail on newer syntax
// (`?.`, `??`, object spread, optional catch binding, async iteration,
// ES2018 regular expressions) before a single line runs, and a headless
// Chromium would never notice. acorn, set to ecmaVersion 2017, rejects each
// of those. No browser and no server needed.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';

const SITE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../static-site');

/** The .js files under `dir`, recursively. */
function scripts(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return scripts(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

// What index.html and the unit follow-up page (don-vi/index.html) load:
// config.js, js/ (the pages and their workers) and shared/ (also used by the
// organizer page, whose own admin/ is not the participants' concern here).
const SHIPPED = [path.join(SITE, 'config.js'), ...scripts(path.join(SITE, 'js')), ...scripts(path.join(SITE, 'shared'))];
// embed.js runs on portals' pages as a classic script (no modules), in
// whatever browser their visitors have: held to ES5.
const EMBED = path.join(SITE, 'embed.js');

function es2017Problem(file) {
  try {
    parse(readFileSync(file, 'utf8'), { ecmaVersion: 2017, sourceType: 'module' });
    return null;
  } catch (error) {
    return `${path.relative(SITE, file)}: ${error.message}`;
  }
}

test('acorn at ecmaVersion 2017 refuses what the page must not use', () => {
  for (const newer of ['a?.b', 'a ?? b', 'x = { ...y }', 'try {} catch {}', 'async function f() { for await (const x of y) {} }', '/(?<y>\\d{4})/', '/a.b/s']) {
    assert.throws(() => parse(newer, { ecmaVersion: 2017, sourceType: 'module' }), undefined, `ES2017 should refuse ${newer}`);
  }
  parse('const f = async (a) => { const [b, ...rest] = await a; return { b, rest }; };', { ecmaVersion: 2017, sourceType: 'module' });
});

test('every script of the participant page parses as an ES2017 module', () => {
  assert.ok(SHIPPED.length >= 30, `found only ${SHIPPED.length} scripts under static-site/`);
  for (const name of ['js/app.js', 'js/views/review.js', 'js/views/reset.js', 'js/views/withdraw.js', 'shared/api.js']) {
    assert.ok(SHIPPED.includes(path.join(SITE, name)), `${name} is checked`);
  }
  assert.deepEqual(SHIPPED.map(es2017Problem).filter(Boolean), []);
});

test('index.html loads only the page’s own module, no inline script', () => {
  const html = readFileSync(path.join(SITE, 'index.html'), 'utf8');
  const tags = html.match(/<script\b[^>]*>/g) || [];
  assert.deepEqual(tags, ['<script type="module" src="js/app.js">']);
  assert.doesNotMatch(html, /<script\b[^>]*>(?!\s*<\/script>)/, 'no inline script');
});

test('embed.js parses as a classic ES5 script (it runs on the portal’s page, not ours)', () => {
  const source = readFileSync(EMBED, 'utf8');
  parse(source, { ecmaVersion: 5, sourceType: 'script' });
  assert.doesNotMatch(source, /\bimport\b|\bexport\b/);
});

test('the unit follow-up page loads only its own module, which is checked', () => {
  const html = readFileSync(path.join(SITE, 'don-vi', 'index.html'), 'utf8');
  const tags = html.match(/<script\b[^>]*>/g) || [];
  assert.deepEqual(tags, ['<script type="module" src="../js/unit.js">']);
  assert.doesNotMatch(html, /<script\b[^>]*>(?!\s*<\/script>)/, 'no inline script');
  assert.ok(SHIPPED.includes(path.join(SITE, 'js', 'unit.js')), 'js/unit.js is parsed as ES2017 above');
  assert.match(html, /<meta name="referrer" content="no-referrer">/, 'the token in the address goes nowhere else');
});
