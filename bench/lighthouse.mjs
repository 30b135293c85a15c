// Lighthouse's mobile audit (performance and accessibility) of the demo clinic's pages with
// soglasie, as a first visitor meets them: the banner up, nothing decided. Debian's Chromium,
// tracker hosts answered by the local fake, dist/ served compressed as README says. Part of
// `make bench`:
//   node bench/lighthouse.mjs
// The target (issue 28) is the home page's: 100 and 100, as the side-by-side benchmark's page.
// The privacy page's long text is its own largest paint: 99 there, before soglasie's module
// was split as after (docs/benchmarks.md).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { startServers } from '../tools/serve.mjs';
import { CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const PAGES = ['/', '/privacy.html', '/uslugi/anonimnoe-obsledovanie-na-vich.html'];
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];

const site = await startServers({ port: 0, trackerPort: 0, rewriteTrackers: true, precompressed: true, log: false });
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM || '/usr/bin/chromium', chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
let homeBelow = null;
try {
  console.log('Lighthouse, mobile (simulated throttling), demo site with soglasie, first visit');
  for (const path of PAGES) {
    const { lhr } = await lighthouse(new URL(path, site.url).href, { port: chrome.port, onlyCategories: ['performance', 'accessibility'], formFactor: 'mobile', logLevel: 'error' });
    const scores = Object.values(lhr.categories).map((c) => `${c.title.toLowerCase()} ${Math.round(c.score * 100)}`);
    const metrics = METRICS.map((id) => `${lhr.audits[id].title.toLowerCase()} ${lhr.audits[id].displayValue}`);
    console.log(`  ${path}: ${scores.join(', ')}; ${metrics.join(', ')}`);
    const below = Object.values(lhr.categories).filter((c) => c.score < 1);
    if (path === '/') homeBelow = below.length > 0;
    if (below.length) {
      const audits = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative');
      console.log(`    NOT 100: ${audits.map((a) => a.id).join(', ')}`);
    }
  }
} finally {
  await chrome.kill();
  await site.close();
}
console.log(`targets:\n  ${homeBelow ? 'NOT MET' : 'met    '}  the home page: Lighthouse mobile performance and accessibility 100`);
