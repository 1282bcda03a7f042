// What is really shipped, the build output of scripts/build-site.sh (the
// bundles under assets/, the workers, embed.js, config.js…): every .js file
// in it parses as an ES2017 module (acorn, ecmaVersion 2017), and the
// participant page loads its bundle, not the source modules. Also the
// link-preview tags, read from `/` over plain HTTP as a crawler does (no
// JavaScript): the demo contest's title in og:title.
// STATIC_DIR names the output (scripts/browser-test.sh sets it); without it
// the test builds into a temporary folder.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = JSON.parse(readFileSync(path.join(ROOT, 'contests/cchc-2022.json'), 'utf8'));

function built() {
  if (process.env.STATIC_DIR && existsSync(path.join(process.env.STATIC_DIR, 'assets'))) return process.env.STATIC_DIR;
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'site-')), 'site');
  execFileSync('bash', [path.join(ROOT, 'scripts/build-site.sh'), out], { stdio: 'inherit' });
  return out;
}
const SITE = built();

function scripts(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return scripts(full);
    return /\.m?js$/.test(entry.name) ? [full] : [];
  });
}

test('every script in the build output parses as an ES2017 module', () => {
  const all = scripts(SITE);
  assert.ok(all.some((f) => /assets\/app-[\w-]+\.js$/.test(f)), 'the participant bundle is there');
  assert.ok(all.some((f) => /assets\/admin-app-[\w-]+\.js$/.test(f)), 'the organizer bundle is there');
  const problems = all.flatMap((file) => {
    try {
      parse(readFileSync(file, 'utf8'), { ecmaVersion: 2017, sourceType: 'module' });
      return [];
    } catch (error) {
      return [`${path.relative(SITE, file)}: ${error.message}`];
    }
  });
  assert.deepEqual(problems, []);
});

test('the built pages load hashed bundles, each preloaded', () => {
  for (const page of ['index.html', 'admin/index.html']) {
    const html = readFileSync(path.join(SITE, page), 'utf8');
    const scriptTags = html.match(/<script\b[^>]*>/g) || [];
    assert.equal(scriptTags.length, 1, `${page}: one script`);
    const src = scriptTags[0].match(/src="([^"]+)"/)[1];
    assert.match(src, /^(\.\.\/)?assets\/[\w-]+-[A-Z0-9]{8}\.js$/, `${page}: ${src}`);
    assert.ok(existsSync(path.join(SITE, path.dirname(page), src)), `${page}: ${src} exists`);
    assert.match(html, new RegExp(`<link rel="modulepreload" href="${src.replace(/\./g, '\\.')}">`));
    assert.match(html, /<link rel="stylesheet" href="(\.\.\/)?assets\/[\w-]+-[A-Z0-9]{8}\.css">/);
    assert.doesNotMatch(html, /\{\{\s*\w+\s*\}\}/, `${page}: every placeholder filled`);
  }
});

test('/ without JavaScript carries the contest title in og:title', { skip: !process.env.BASE_URL && 'BASE_URL not set' }, async () => {
  const response = await fetch(new URL('/', process.env.BASE_URL));
  assert.equal(response.status, 200);
  assert.match(response.headers.get('cache-control') || '', /no-cache/);
  const html = await response.text();
  const meta = (key) => {
    const m = html.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`));
    return m && m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  };
  assert.equal(meta('og:title'), DEMO.title);
  assert.match(html, new RegExp(`<title>${DEMO.title}</title>`));
  assert.ok(meta('description').length >= 50 && meta('description').length <= 201, meta('description'));
  assert.equal(meta('og:locale'), 'vi_VN');
  assert.equal(meta('og:type'), 'website');
  assert.equal(meta('twitter:card'), 'summary_large_image');
  const image = new URL(meta('og:image'));
  assert.equal(image.pathname, '/og-image.png');
  const png = await fetch(new URL('/og-image.png', process.env.BASE_URL));
  assert.equal(png.headers.get('content-type'), 'image/png');
  const bytes = Buffer.from(await png.arrayBuffer());
  assert.equal(bytes.readUInt32BE(16), 1200);
  assert.equal(bytes.readUInt32BE(20), 630);
  const bundle = html.match(/<script type="module" src="([^"]+)">/)[1];
  const asset = await fetch(new URL(bundle, process.env.BASE_URL), { headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
});
