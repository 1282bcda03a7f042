// The site as it ships, from a copy of static-site/ already in OUT (made by
// scripts/build-site.sh):
// - every page's module script (`<script type="module" src>`, found in any
//   *.html) is bundled with what it imports and minified to ES2017, and
//   every local stylesheet (`<link rel="stylesheet">`) is bundled and
//   minified, to OUT/assets/NAME-HASH.js|.css: content-hashed, so they are
//   served immutable;
// - each HTML file's references to those entries (the script, its
//   modulepreload, the stylesheet) are rewritten to the hashed files;
//   nothing else in the HTML changes but the {{…}} placeholders of the
//   link-preview tags, filled from META (a JSON file: title, description,
//   url, image), HTML-escaped;
// - the workers (WORKERS: a path the page gives `new Worker`) are bundled in
//   place under their own, stable names, like /embed.js, which a portal's
//   page loads by its address (short cache, not hashed, copied as is);
// - the assets are also written compressed (NAME.br, NAME.gz) for the local
//   gateway.
// Everything else is left as copied.
//   node build.mjs OUT [META]

import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import path from 'node:path';

const OUT = path.resolve(process.argv[2] || '');
const META = process.argv[3];
const WORKERS = ['js/pow-worker.js'];
const TARGET = 'es2017';

if (!process.argv[2] || !existsSync(path.join(OUT, 'index.html'))) {
  console.error('usage: node build.mjs OUT_DIR [META_JSON] (OUT_DIR holds a copy of static-site/)');
  process.exit(2);
}

/** The *.html files under `dir`, recursively (assets/ excluded). */
function pages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'assets' || entry.name === 'node_modules' ? [] : pages(full);
    return entry.name.endsWith('.html') ? [full] : [];
  });
}

const escapeHtml = (s) =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A local reference (not http:, //, data:, #…) resolved to a path inside OUT, or null. */
function local(htmlFile, ref) {
  if (!ref || /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(ref)) return null;
  const clean = ref.split(/[?#]/)[0];
  const full = clean.startsWith('/') ? path.join(OUT, clean) : path.resolve(path.dirname(htmlFile), clean);
  return full.startsWith(OUT + path.sep) && existsSync(full) ? full : null;
}

const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
};

// 1. The entries: module scripts and stylesheets named by the pages.
const htmlFiles = pages(OUT);
const entries = new Map(); // absolute source path -> hashed output path
for (const file of htmlFiles) {
  const html = readFileSync(file, 'utf8');
  for (const tag of html.match(/<script\b[^>]*>/gi) || []) {
    if ((attr(tag, 'type') || '').toLowerCase() !== 'module') continue;
    const source = local(file, attr(tag, 'src'));
    if (source && source.endsWith('.js')) entries.set(source, null);
  }
  for (const tag of html.match(/<link\b[^>]*>/gi) || []) {
    if (!/(^|\s)stylesheet(\s|$)/i.test(attr(tag, 'rel') || '')) continue;
    const source = local(file, attr(tag, 'href'));
    if (source && source.endsWith('.css')) entries.set(source, null);
  }
}

// 2. Bundled one entry at a time (no shared chunks: one request per page
// and type), named after the entry's folder and file so that two app.js
// stay apart: assets/app-HASH.js, assets/admin-app-HASH.js.
const assets = path.join(OUT, 'assets');
mkdirSync(assets, { recursive: true });
const common = {
  bundle: true,
  minify: true,
  target: TARGET,
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
  loader: { '.svg': 'file', '.png': 'file', '.woff2': 'file', '.woff': 'file' },
  assetNames: '[name]-[hash]',
};
for (const source of entries.keys()) {
  const rel = path.relative(OUT, source);
  const dir = path.dirname(rel);
  const base = path.basename(rel).replace(/\.(js|css)$/, '');
  const stem = dir === '.' || dir === 'js' || dir === 'css' ? base : `${dir.split(path.sep).join('-')}-${base}`;
  const isJs = source.endsWith('.js');
  const result = await build({
    ...common,
    entryPoints: [source],
    outdir: assets,
    format: isJs ? 'esm' : undefined,
    entryNames: `${stem}-[hash]`,
  });
  for (const output of result.outputFiles) {
    writeFileSync(output.path, output.contents);
    if (output.path.endsWith(isJs ? '.js' : '.css')) entries.set(source, output.path);
  }
}

// Each asset also compressed once, as hard as it goes (Brotli 11, gzip 9),
// beside it (NAME.br, NAME.gz): the local gateway serves these to browsers
// that accept them instead of compressing on every request. (CloudFront
// compresses by itself: make deploy does not upload them.)
for (const name of readdirSync(assets)) {
  if (!/\.(js|css|svg)$/.test(name)) continue;
  const body = readFileSync(path.join(assets, name));
  writeFileSync(path.join(assets, `${name}.br`), brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }));
  writeFileSync(path.join(assets, `${name}.gz`), gzipSync(body, { level: 9 }));
}

// 3. The workers, bundled where the page expects them.
for (const worker of WORKERS) {
  const source = path.join(OUT, worker);
  if (!existsSync(source)) continue;
  const result = await build({ ...common, entryPoints: [source], format: 'esm', outfile: source + '.bundled' });
  writeFileSync(source, result.outputFiles[0].contents);
}

// 4. The pages: hashed references, filled link-preview placeholders.
const meta = META ? JSON.parse(readFileSync(META, 'utf8')) : {};
for (const file of htmlFiles) {
  let html = readFileSync(file, 'utf8');
  html = html.replace(/(<(?:script|link)\b[^>]*?\s(?:src|href)\s*=\s*)(["'])([^"']*)\2/gi, (whole, before, quote, ref) => {
    const source = local(file, ref);
    const hashed = source && entries.get(source);
    if (!hashed) return whole;
    const relative = path.relative(path.dirname(file), hashed).split(path.sep).join('/');
    return `${before}${quote}${relative}${quote}`;
  });
  html = html.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key) => (key in meta ? escapeHtml(meta[key]) : whole));
  const left = html.match(/\{\{\s*\w+\s*\}\}/g);
  if (left) {
    console.error(`${path.relative(OUT, file)}: no value for ${[...new Set(left)].join(', ')} (META ${META || 'not given'})`);
    process.exit(1);
  }
  writeFileSync(file, html);
}

console.log(
  [...entries].map(([source, hashed]) => `${path.relative(OUT, source)} -> ${path.relative(OUT, hashed)}`).join('\n'),
);
