// Everything the organizer page ships parses as ES2017 modules, as the
// participant page's does (participant/es2017.test.mjs): members of the
// committee open it on older office computers and phones too, and newer
// syntax (`?.`, `??`, object spread, optional catch binding) fails there
// before a single line runs. Files added to static-site/admin/ are found
// by the directory listing, so a new section is covered without editing
// this test. No browser and no server needed.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';

const SITE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../static-site');
const ADMIN = path.join(SITE, 'admin');
const SHIPPED = readdirSync(ADMIN).filter((name) => name.endsWith('.js')).map((name) => path.join(ADMIN, name));

function es2017Problem(file) {
  try {
    parse(readFileSync(file, 'utf8'), { ecmaVersion: 2017, sourceType: 'module' });
    return null;
  } catch (error) {
    return `${path.relative(SITE, file)}: ${error.message}`;
  }
}

test('every script of the organizer page parses as an ES2017 module', () => {
  for (const name of ['app.js', 'api.js', 'ui.js', 'tab-overview.js', 'tab-documents.js', 'tab-organizations.js']) {
    assert.ok(SHIPPED.includes(path.join(ADMIN, name)), `admin/${name} is checked`);
  }
  assert.ok(SHIPPED.length >= 18, `found only ${SHIPPED.length} scripts under static-site/admin/`);
  assert.deepEqual(SHIPPED.map(es2017Problem).filter(Boolean), []);
});

test('the organizer page loads only its own module, no inline script', () => {
  const html = readFileSync(path.join(ADMIN, 'index.html'), 'utf8');
  assert.deepEqual(html.match(/<script\b[^>]*>/g) || [], ['<script type="module" src="app.js">']);
});
