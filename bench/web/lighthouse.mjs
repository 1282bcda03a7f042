// Lighthouse (npm, pinned in package-lock.json) on the pages of a running
// stack, with Debian's Chromium, the mobile preset and its default
// simulated throttling (slow 4G, 4× CPU). Each page is measured RUNS times
// (default 3) and the run with the median performance score is kept.
// Prints one JSON object: per page, the four category scores (0–100), LCP
// and FCP in ms, CLS, total blocking time, and the transfer size.
//   BASE_URL=http://127.0.0.1:8080 node lighthouse.mjs [/ /admin/ …]

import { readFileSync, writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const PAGES = process.argv.slice(2).length ? process.argv.slice(2) : ['/', '/admin/'];
const RUNS = Number(process.env.RUNS || 3);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const results = {};
try {
  for (const pagePath of PAGES) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) {
      const { lhr } = await lighthouse(`${BASE_URL}${pagePath}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      });
      if (process.env.LHR_DIR) writeFileSync(`${process.env.LHR_DIR}/lhr${pagePath.replace(/\W+/g, '-')}${i}.json`, JSON.stringify(lhr));
      if (lhr.runtimeError) throw new Error(`${pagePath}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const audit = (id) => lhr.audits[id]?.numericValue;
      const failing = Object.values(lhr.categories).flatMap((category) =>
        category.auditRefs
          .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
          .map((ref) => `${category.id}:${ref.id}=${lhr.audits[ref.id].score}`),
      );
      runs.push({
        performance: score('performance'),
        accessibility: score('accessibility'),
        best_practices: score('best-practices'),
        seo: score('seo'),
        lcp_ms: Math.round(audit('largest-contentful-paint')),
        fcp_ms: Math.round(audit('first-contentful-paint')),
        cls: Number(audit('cumulative-layout-shift').toFixed(3)),
        tbt_ms: Math.round(audit('total-blocking-time')),
        transfer_bytes: audit('total-byte-weight'),
        lcp_element: lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
        failing,
      });
    }
    runs.sort((a, b) => a.performance - b.performance || b.lcp_ms - a.lcp_ms);
    results[pagePath] = { ...runs[Math.floor(runs.length / 2)], runs: runs.length, performance_runs: runs.map((r) => r.performance) };
  }
} finally {
  await chrome.kill();
}
const pkg = JSON.parse(readFileSync(new URL('./node_modules/lighthouse/package.json', import.meta.url), 'utf8'));
console.log(JSON.stringify({ base_url: BASE_URL, lighthouse_version: pkg.version, preset: 'mobile (simulated slow 4G, 4x CPU)', pages: results }, null, 2));
