// The «Trang web» section of BENCHMARKS.md from the JSON that
// lighthouse.mjs and attempt-bytes.mjs printed.
//   node report.mjs LIGHTHOUSE_JSON ATTEMPT_JSON > 50-web.md

import { readFileSync } from 'node:fs';

const lighthouse = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const attempt = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
const rows = [];
const row = (figure, value, target, ok) => rows.push(`| ${figure} | ${value} | ${target} | ${ok === undefined ? '—' : verdict(ok)} |`);

for (const [page, r] of Object.entries(lighthouse.pages)) {
  const name = `\`${page}\``;
  row(`${name} Performance`, r.performance, '≥ 95', r.performance >= 95);
  row(`${name} Accessibility`, r.accessibility, '100', r.accessibility === 100);
  row(`${name} Best Practices`, r.best_practices, '100', r.best_practices === 100);
  if (page === '/') row(`${name} SEO`, r.seo, '≥ 95', r.seo >= 95);
  else row(`${name} SEO`, r.seo, '— (noindex)');
  row(`${name} LCP`, `${(r.lcp_ms / 1000).toFixed(2)} s`, page === '/' ? '≤ 1.5 s' : '—', page === '/' ? r.lcp_ms <= 1500 : undefined);
  row(`${name} CLS`, r.cls, page === '/' ? '≤ 0.1' : '—', page === '/' ? r.cls <= 0.1 : undefined);
}
row('bytes over the wire, one whole attempt', kb(attempt.total_bytes), '≤ 150 KB', attempt.total_bytes <= 150 * 1024);

const pages = Object.entries(lighthouse.pages)
  .map(([page, r]) => `| \`${page}\` | ${r.performance} (${r.performance_runs.join(', ')}) | ${r.accessibility} | ${r.best_practices} | ${r.seo} | ${r.fcp_ms} | ${r.lcp_ms} | ${r.cls} | ${r.tbt_ms} | ${kb(r.transfer_bytes)} |`);
const steps = attempt.steps.map((s) => `| ${s.step} | ${kb(s.bytes)} |`);
console.log(`### Trang web

Lighthouse ${lighthouse.lighthouse_version || ''} with Debian's Chromium (\`--headless --no-sandbox --disable-gpu --disable-background-networking\`), mobile preset with its default simulated throttling (slow 4G: 150 ms RTT, 1.6 Mbit/s; CPU ×4), on the local stack serving the built site (\`scripts/build-site.sh\`: what \`make dev\` and \`make deploy\` serve), gateway compressing as CloudFront does (the assets compressed once at build time). Each page measured ${Object.values(lighthouse.pages)[0]?.runs ?? '?'} times, the run with the median performance kept (bench/web/lighthouse.mjs). \`/admin/\` is \`noindex\`, which Lighthouse's SEO score counts against it: expected. Bytes: every response Chromium received (compressed bodies and headers, Network.loadingFinished encodedDataLength), in a fresh browser, for one whole attempt on the demo contest (bench/web/attempt-bytes.mjs): ${attempt.requests} requests.

| figure | value | target | verdict |
| --- | --- | --- | --- |
${rows.join('\n')}

| page | performance (runs) | accessibility | best practices | SEO | FCP ms | LCP ms | CLS | TBT ms | transfer |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${pages.join('\n')}

| step of the attempt | bytes |
| --- | --- |
${steps.join('\n')}
| **total** | **${kb(attempt.total_bytes)}** |
`);
