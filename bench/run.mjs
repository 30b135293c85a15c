// The benchmark: the same clinic page with no consent manager, soglasie (tag and inline
// form), vanilla-cookieconsent 3.1.0, Klaro 0.7.22 and tarteaucitron 1.34.0, in headless
// Chromium on Lighthouse's mobile profile (CPU ×4, 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s
// up), fresh context per run, products interleaved. Each first visit waits for the banner,
// then clicks its «accept all» as a visitor would (INP), then comes back (returning visitor).
// Prints medians and min–max, and each peer's ratio to soglasie.
//   node bench/run.mjs [runs=7]        (make bench)
//   BENCH_PRODUCTS=none,soglasie node bench/run.mjs 3   (only these columns)
//   BENCH_BASELINE=../other/dist BENCH_PRODUCTS=none,baseline,soglasie node bench/run.mjs 9
//                                (a `baseline` column: another build's dist/, same page)
import http from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname, extname, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PRODUCTS, page as pageFor } from './pages.mjs';
import { rewriteTrackerUrls, startFakeTrackerServer } from '../tools/fake-trackers.mjs';
import { CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';
import { loadPage } from '../tools/load-page.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.argv[2] || 7);
const ORDER = (process.env.BENCH_PRODUCTS || 'none,soglasie,inline,cookieconsent,klaro,tarteaucitron').split(',');
const STATIC = { '/fixtures/': 'tests/e2e/fixtures', '/soglasie/': 'dist', '/peers/cookieconsent/': 'node_modules/vanilla-cookieconsent/dist', '/peers/klaro/': 'node_modules/klaro/dist', '/peers/tarteaucitron/': 'node_modules/tarteaucitronjs', '/': 'www/demo' };
if (ORDER.includes('baseline')) {
  const folder = resolve(process.env.BENCH_BASELINE || '');
  if (!process.env.BENCH_BASELINE || !existsSync(join(folder, 'soglasie.js'))) {
    console.error('bench: the baseline column needs BENCH_BASELINE=<another build\'s dist/ folder, with soglasie.js>');
    process.exit(2);
  }
  STATIC['/baseline/'] = folder;
}
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json', '.gif': 'image/gif' };

// A static server that compresses like a production one: gzip for text and Wasm — soglasie's
// from the .gz copies its build writes (as nginx's gzip_static sends them; http here, so no
// brotli), the peers' compressed on the fly at level 9.
function serve(trackerOrigin) {
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let body;
    let type = 'text/html; charset=utf-8';
    const product = path.match(/^\/bench\/(\w+)\.html$/);
    if (product && PRODUCTS[product[1]]) {
      // Tracker URLs point at the local fake server: no request interception, which would
      // switch off the browser's HTTP cache that a returning visitor relies on.
      body = Buffer.from(rewriteTrackerUrls(pageFor(product[1]), trackerOrigin));
    } else if (path === '/bench/load.html') {
      body = Buffer.from(loadPage());
    } else if (path === '/bench/mutations.html') {
      body = Buffer.from(mutationPage(new URL(req.url, 'http://x').searchParams.get('with')));
    } else {
      const prefix = Object.keys(STATIC).sort((a, b) => b.length - a.length).find((p) => path.startsWith(p));
      const folder = resolve(root, STATIC[prefix]);
      const file = normalize(join(folder, path.slice(prefix.length)));
      if (!file.startsWith(folder + sep) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); return res.end(); }
      body = readFileSync(file);
      type = TYPES[extname(file)] || 'application/octet-stream';
      // tarteaucitron's own loaders carry the tracker addresses (the pages' are rewritten above).
      if (prefix === '/peers/tarteaucitron/' && type === 'text/javascript') body = Buffer.from(rewriteTrackerUrls(body.toString('utf8'), trackerOrigin));
      if (/gzip/.test(req.headers['accept-encoding'] || '') && existsSync(`${file}.gz`)) {
        res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'max-age=3600', 'Content-Encoding': 'gzip' });
        return res.end(readFileSync(`${file}.gz`));
      }
    }
    // Pages are never cached; static files are, as on any production site, so a returning
    // visitor reuses them (first visits use a fresh browser context: nothing cached).
    const headers = { 'Content-Type': type, 'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'max-age=3600' };
    if (/gzip/.test(req.headers['accept-encoding'] || '') && !type.startsWith('image/gif')) {
      body = gzipSync(body, { level: 9 });
      headers['Content-Encoding'] = 'gzip';
    }
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// 1,000 elements inserted one by one (images with data: URLs, so the network adds no noise);
// the page measures the time itself, observers included.
function mutationPage(withSoglasie) {
  const tag = withSoglasie ? `<script type="application/json" id="soglasie-config">${JSON.stringify({ operator: { name: 'ООО «К»', address: 'Москва', email: 'a@b.ru' }, policy: { url: '/p', revision: '1' } })}</script><script src="/soglasie/soglasie.js"></script>` : '<script>window.soglasie = { ready: Promise.resolve() }</script>';
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8">${tag}</head><body><div id="box"></div><script>
    window.measure = async function () {
      await window.soglasie.ready;
      await new Promise((r) => setTimeout(r, 500)); // both pages idle before measuring
      const box = document.getElementById('box');
      const t0 = performance.now();
      for (let i = 0; i < 1000; i++) {
        const img = document.createElement('img'); img.alt = ''; img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=#' + i;
        const div = document.createElement('div'); div.append(img); box.append(div);
      }
      await new Promise((r) => setTimeout(r, 0)); // let the observers run
      return performance.now() - t0;
    };</script></body></html>`;
}

async function throttle(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Performance.enable');
  return cdp;
}

const OBSERVE = (selector) => {
  window.__bench = { banner: null, longTasks: [], cls: 0, inp: 0 };
  // The slowest interaction's duration (input to the next paint): INP, on a page with one.
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.interactionId) window.__bench.inp = Math.max(window.__bench.inp, e.duration); }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__bench.cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
  if (!selector) return;
  const check = () => {
    const el = document.querySelector(selector);
    if (el) {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && Number(s.opacity) > 0) {
        window.__bench.banner = performance.now();
        window.__benchBannerShown();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
};

async function firstVisit(browser, base, product) {
  const p = PRODUCTS[product];
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  if (process.env.BENCH_DEBUG) page.on('console', (m) => console.error(product, m.text()));
  const cdp = await throttle(page);
  const sizes = new Map();
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, { bytes: e.encodedDataLength, at: e.timestamp }));
  // Nothing is evaluated in the page until the figures are in: Playwright's first
  // `waitForFunction` injects its own script (~60 ms of parsing at CPU ×4), which would be
  // counted as the product's script time and hold up what the product does next. The page
  // reports the banner through a binding; the returning visitor's tracker is seen as a request.
  let bannerShown;
  const banner = new Promise((resolve) => { bannerShown = resolve; });
  // The first visit's bytes: what the product fetched until its banner showed (what it
  // fetches later, when the page is idle, is not in the count).
  let bytes = p.inlineBytes || 0;
  const productBytes = () => {
    let sum = 0;
    for (const [id, s] of sizes) if (p.prefix && new URL(urls.get(id) || 'http://x/').pathname.startsWith(p.prefix)) sum += s.bytes;
    return sum;
  };
  await page.exposeFunction('__benchBannerShown', () => {
    bytes += productBytes();
    bannerShown();
  });
  await page.addInitScript(OBSERVE, p.banner);
  await page.goto(`${base}/bench/${product}.html`, { waitUntil: 'load' });
  if (p.banner) await withTimeout(banner, 30000, `${product}: no banner`);
  await page.waitForTimeout(1000);
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  const m = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    banner: window.__bench.banner,
    longTasks: window.__bench.longTasks,
    cls: window.__bench.cls,
    dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
  }));
  if (!p.banner) bytes = 0;
  // Returning visitor: accept all, then load again: when Метрика's tag.js starts (from
  // DOMContentLoaded, the target's measure, and from navigation), and that load's first paint —
  // a change that releases sooner only by working ahead of the page's paint shows there. The
  // page without a consent manager loads a second time too, for its first paint.
  let release = null;
  let releaseAt = null;
  let returnFcp = null;
  let inp = null;
  if (p.accept || product === 'none') {
    if (p.accept) {
      // «accept all», clicked: the interaction lasts until the page paints after it.
      await page.click(p.accept);
      await page.waitForTimeout(500);
      inp = await page.evaluate(() => window.__bench.inp);
    }
    const tagRequested = p.accept ? page.waitForRequest((r) => r.url().includes('metrika/tag.js'), { timeout: 30000 }) : null;
    await page.goto(`${base}/bench/${product}.html`, { waitUntil: 'load' });
    if (tagRequested) await tagRequested;
    // The request is out; its timing entry is in once the response is.
    const again = await page.evaluate((waitForTag) => new Promise((resolve) => {
      const poll = () => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const tag = performance.getEntriesByType('resource').find((r) => r.name.includes('metrika/tag.js'));
        if (!paint || (waitForTag && !tag)) return setTimeout(poll, 20);
        const dcl = performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;
        resolve({ fcp: paint.startTime, tagAt: tag ? tag.startTime : null, dcl });
      };
      poll();
    }), Boolean(tagRequested));
    returnFcp = again.fcp;
    if (again.tagAt !== null) {
      releaseAt = again.tagAt;
      release = again.tagAt - again.dcl;
    }
  }
  await context.close();
  return { bytes, fcp: m.fcp, banner: m.banner, script: metrics.ScriptDuration * 1000, longTasks: m.longTasks.length, longest: Math.max(0, ...m.longTasks), cls: m.cls, inp, release, releaseAt, returnFcp };
}

// «Настроить» on a first visit before the part loaded when used has come (the page is never
// idle here, so it is not prefetched): from the click until the dialog shows.
async function customise(browser, base, product) {
  const p = PRODUCTS[product];
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await throttle(page);
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
    addEventListener('pointerdown', () => { window.__clickedAt = performance.now(); }, true);
  });
  await page.goto(`${base}/bench/${product}.html`, { waitUntil: 'load' });
  await page.locator(p.banner).waitFor({ timeout: 30000 });
  await page.waitForTimeout(300);
  await page.click(p.customise);
  const r = await page.evaluate((selector) => new Promise((resolve) => {
    const poll = () => {
      const host = document.querySelector(selector);
      if (host && host.shadowRoot && host.shadowRoot.querySelector('dialog[open]')) {
        const part = performance.getEntriesByType('resource').find((e) => e.name.includes('soglasie-later.wasm'));
        resolve({ ms: performance.now() - window.__clickedAt, fetchedAfterClick: !!part && part.startTime >= window.__clickedAt });
      } else requestAnimationFrame(poll);
    };
    poll();
  }), p.preferences);
  await context.close();
  if (!r.fetchedAfterClick) throw new Error(`${product}: the part was there before «Настроить»: not what this measures`);
  return r.ms;
}

async function mutations(browser, base, withSoglasie) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await throttle(page);
  await page.goto(`${base}/bench/mutations.html?with=${withSoglasie ? 1 : ''}`, { waitUntil: 'load' });
  const ms = await page.evaluate(() => window.measure());
  await context.close();
  return ms;
}

// 5,000 elements, 200 marked-up trackers: the longest task while releasing them all.
async function load(browser, base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await throttle(page);
  await page.addInitScript(OBSERVE, null);
  await page.goto(`${base}/bench/load.html`, { waitUntil: 'load' });
  await page.evaluate(() => window.soglasie.ready);
  await page.waitForTimeout(500);
  const start = await page.evaluate(() => { window.__bench.longTasks = []; return performance.now(); });
  await page.evaluate(() => window.soglasie.accept('all'));
  // Polled inside one evaluation (its script is in since `ready`): a first `waitForFunction`
  // would inject Playwright's own script into the measured window.
  await page.evaluate(() => new Promise((resolve) => {
    const poll = () => ((window.order || []).length === 200 ? resolve() : setTimeout(poll, 20));
    poll();
  }));
  const r = await page.evaluate((t0) => ({ total: performance.now() - t0, longest: Math.max(0, ...window.__bench.longTasks) }), start);
  await context.close();
  return r;
}

const withTimeout = (promise, ms, what) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(what)), ms).unref())]);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const fmt = (x, digits = 0) => (x === null || Number.isNaN(x) ? '—' : x.toFixed(digits));

// The performance targets (issue 28, DESIGN.md), each with this run's figures and whether it
// is met.
function printTargets(results, loads, customising) {
  const med = (p, key) => (results[p] && results[p].length ? median(results[p].map((r) => r[key]).filter((x) => x !== null && x !== undefined)) : null);
  const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'met' : 'NOT MET');
  const has = (p) => ORDER.includes(p) && results[p].length > 0;
  const lines = [];
  for (const p of ['soglasie', 'inline'].filter(has)) {
    const bytes = med(p, 'bytes');
    lines.push([`${p}: first visit within the budget, 96 KB`, `${fmt(bytes)} B`, bytes <= 96 * 1024]);
    lines.push([`${p}: first visit within the target, 64 KB`, `${fmt(bytes)} B`, bytes <= 64 * 1024]);
    for (const peer of ['klaro', 'tarteaucitron'].filter(has)) {
      lines.push([`${p}: banner no later than ${peer}'s`, `${fmt(med(p, 'banner'))} vs ${fmt(med(peer, 'banner'))} ms`, med(p, 'banner') <= med(peer, 'banner')]);
    }
    if (p === 'soglasie' && has('cookieconsent')) lines.push([`${p}: first paint within 5 % of vanilla-cookieconsent's`, `${fmt(med(p, 'fcp'))} vs ${fmt(med('cookieconsent', 'fcp'))} ms`, med(p, 'fcp') <= med('cookieconsent', 'fcp') * 1.05]);
    if (p === 'inline' && has('none')) lines.push([`${p}: first paint within 10 % of the page without a consent manager`, `${fmt(med(p, 'fcp'))} vs ${fmt(med('none', 'fcp'))} ms`, med(p, 'fcp') <= med('none', 'fcp') * 1.1]);
    if (has('cookieconsent')) lines.push([`${p}: main-thread script time no more than vanilla-cookieconsent's`, `${fmt(med(p, 'script'))} vs ${fmt(med('cookieconsent', 'script'))} ms`, med(p, 'script') <= med('cookieconsent', 'script')]);
    if (has('klaro')) lines.push([`${p}: INP of «accept all» no more than Klaro's`, `${fmt(med(p, 'inp'))} vs ${fmt(med('klaro', 'inp'))} ms`, med(p, 'inp') <= med('klaro', 'inp')]);
    lines.push([`${p}: no layout shift`, fmt(Math.max(...results[p].map((r) => r.cls)), 3), Math.max(...results[p].map((r) => r.cls)) === 0]);
    if (customising[p]) lines.push([`${p}: «Настроить» before the part came: the dialog within 500 ms`, `${fmt(median(customising[p]))} ms`, median(customising[p]) <= 500]);
    lines.push([`${p}: returning visitor's trackers before DOMContentLoaded + 50 ms`, `${med(p, 'release') >= 0 ? '+' : ''}${fmt(med(p, 'release'))} ms`, med(p, 'release') <= 50]);
  }
  const longest = median(loads.map((l) => l.longest));
  lines.push(['200 trackers on a 5,000-element page: no task over 200 ms', `${fmt(longest)} ms`, longest <= 200]);
  console.log('\ntargets:');
  for (const [what, figure, ok] of lines) console.log(`  ${verdict(ok).padEnd(8)} ${what}: ${figure}`);
}

const trackers = await startFakeTrackerServer({ log: false });
const server = await serve(`http://127.0.0.1:${trackers.port}`);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
const results = Object.fromEntries(ORDER.map((p) => [p, []]));
try {
  for (let run = 0; run < RUNS; run++) {
    for (const product of ORDER) results[product].push(await firstVisit(browser, base, product));
    process.stderr.write(`run ${run + 1}/${RUNS} done\n`);
  }
  const mut = { none: [], soglasie: [] };
  for (let run = 0; run < RUNS; run++) {
    mut.none.push(await mutations(browser, base, false));
    mut.soglasie.push(await mutations(browser, base, true));
  }

  const loads = [];
  for (let run = 0; run < RUNS; run++) loads.push(await load(browser, base));
  const customising = Object.fromEntries(['soglasie', 'inline'].filter((p) => ORDER.includes(p)).map((p) => [p, []]));
  for (let run = 0; run < RUNS; run++) for (const p of Object.keys(customising)) customising[p].push(await customise(browser, base, p));

  const rows = [
    ['consent manager bytes (gzip, on the wire)', 'bytes', 0],
    ['first contentful paint, ms', 'fcp', 0],
    ['banner visible after navigation, ms', 'banner', 0],
    ['main-thread script time, ms', 'script', 0],
    ['long tasks (count)', 'longTasks', 0],
    ['longest task, ms', 'longest', 0],
    ['cumulative layout shift', 'cls', 3],
    ['INP of the «accept all» click, ms', 'inp', 0],
    ['returning visitor: Метрика requested, ms after DOMContentLoaded', 'release', 0],
    ['returning visitor: Метрика requested, ms after navigation', 'releaseAt', 0],
    ['returning visitor: first contentful paint, ms', 'returnFcp', 0],
  ];
  console.log(`\nsoglasie benchmark — headless Chromium, Lighthouse mobile profile (CPU ×4, 150 ms RTT, 1.6 Mbit/s), ${RUNS} runs interleaved; median [min–max]\n`);
  console.log(`| metric | ${ORDER.join(' | ')} |`);
  console.log(`|---|${ORDER.map(() => '---:').join('|')}|`);
  for (const [label, key, digits] of rows) {
    const cells = ORDER.map((p) => {
      const xs = results[p].map((r) => r[key]).filter((x) => x !== null && x !== undefined);
      if (!xs.length) return '—';
      const med = median(xs);
      const ratio = !['soglasie', 'inline', 'none'].includes(p) && (results.soglasie || []).length ? median(results.soglasie.map((r) => r[key]).filter((x) => x !== null)) : null;
      const r = ratio ? ` (×${fmt(med / ratio, 2)})` : '';
      return `${fmt(med, digits)} [${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}]${r}`;
    });
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  const per = (xs) => (median(xs) / 1000) * 1000; // ms per 1,000 = µs per element
  console.log(`\nauto-blocker cost: 1,000 inserted elements take ${fmt(median(mut.none), 1)} ms without soglasie, ${fmt(median(mut.soglasie), 1)} ms with it: ${fmt(per(mut.soglasie) - per(mut.none), 1)} µs per element (median of ${RUNS}).`);
  console.log(`load: 5,000 elements and 200 marked-up trackers released after one accept: longest task ${fmt(median(loads.map((l) => l.longest)))} ms [${fmt(Math.min(...loads.map((l) => l.longest)))}–${fmt(Math.max(...loads.map((l) => l.longest)))}], all released after ${fmt(median(loads.map((l) => l.total)))} ms (median of ${RUNS}).`);
  for (const [p, ms] of Object.entries(customising)) console.log(`«Настроить» (${p}), the part not fetched yet: dialog visible ${fmt(median(ms))} ms after the click [${fmt(Math.min(...ms))}–${fmt(Math.max(...ms))}] (median of ${RUNS}).`);
  console.log('(×n) = the peer\'s median divided by soglasie\'s.');
  printTargets(results, loads, customising);
} finally {
  await browser.close();
  server.close();
  await trackers.close();
}
