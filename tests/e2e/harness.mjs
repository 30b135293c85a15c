// Shared set-up for end-to-end tests: the demo site on a free port, headless Chromium with
// every tracker host answered by the local fake (tools/fake-trackers.mjs), and a log of
// every tracker request. Nothing here touches the internet: other external hosts are refused.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServers } from '../../tools/serve.mjs';
import { TRACKER_HOSTS, fakeResponse } from '../../tools/fake-trackers.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function isTrackerHost(hostname) {
  return TRACKER_HOSTS.some((h) => hostname === h || hostname.endsWith('.' + h));
}

/**
 * What to do with one request: serve it from the site, answer it with the fake tracker (and
 * log it in `hits`, with `details` such as the request's referer), or refuse it.
 * `extraRoutes` maps paths to generated HTML pages, or to `{ contentType, body }` for other
 * types (a patched config); it is read at each request, so a test may change it meanwhile.
 * `siteOrigin` may be a list: the site and local servers a test runs (a receipts server).
 */
export function answer(url, siteOrigin, extraRoutes, hits, details = {}) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return { abort: true };
  }
  const extra = extraRoutes[u.pathname];
  if (typeof extra === 'string') return { fulfill: { status: 200, contentType: 'text/html; charset=utf-8', body: extra } };
  if (extra) return { fulfill: { status: 200, ...extra } };
  if ([].concat(siteOrigin).includes(u.origin)) return { pass: true };
  if (isTrackerHost(u.hostname)) {
    hits.push({ host: u.hostname, path: u.pathname + u.search, ...details });
    return { fulfill: fakeResponse(url) };
  }
  return { abort: true };
}

/** Starts the site server and a browser; returns helpers. Call `close()` at the end. */
export async function launch(options = {}) {
  const site = await startServers({ port: 0, trackerPort: 0, rewriteTrackers: false, log: false, ...options });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    url: site.url,
    browser,
    async newVisitor(contextOptions = {}) {
      const context = await browser.newContext(contextOptions);
      const hits = [];
      const consoleLines = [];
      await context.route('**/*', (route) => {
        const a = answer(route.request().url(), new URL(site.url).origin, {}, hits);
        if (a.pass) return route.continue();
        if (a.fulfill) return route.fulfill(a.fulfill);
        return route.abort();
      });
      context.on('page', (p) => p.on('console', (m) => consoleLines.push(m.type() + ': ' + m.text())));
      const page = await context.newPage();
      return { context, page, hits, consoleLines };
    },
    async close() {
      await browser.close();
      await site.close();
    },
  };
}

/** Opens `path` and waits until soglasie is ready. */
export async function open(page, base, path = '/') {
  await page.goto(new URL(path, base).href);
  await page.evaluate(() => window.soglasie.ready);
}

/** Waits a little for anything asynchronous (script loads, beacons) to show up. */
export function settle(page, ms = 400) {
  return page.waitForTimeout(ms);
}

/** Polls `done` (which may return a promise, such as a visitor's `evaluate`) until it holds or
 * `ms` pass; says whether it held. */
export async function until(done, ms) {
  const end = Date.now() + ms;
  while (!(await done()) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return done();
}

export function hosts(hits) {
  return [...new Set(hits.map((h) => h.host))].sort();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on our own UI (the part `which`: its host and open shadow root), in
 * the page that `evaluate(fn, arg)` runs in, once the part's entry animation has ended: axe
 * reads colours through the opacity of the moment, so the banner half faded in measured as too
 * faint (seen once in Firefox ESR). */
export async function axeViolations(evaluate, which) {
  await evaluate((source) => { (0, eval)(source); }, AXE);
  return evaluate(async (selector) => {
    const host = document.querySelector(selector);
    await Promise.all((host?.shadowRoot ?? document).getAnimations().map((a) => a.finished));
    const r = await window.axe.run({ include: [[selector]] }, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  }, `[data-soglasie="${which}"]`);
}

/** The focused element's text, looking into open shadow roots. */
export function focusedText(evaluate) {
  return evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    const label = el.labels && el.labels[0];
    return (el.getAttribute('aria-label') || (label ? label.textContent : el.textContent) || '').trim();
  });
}

/** Presses Tab (or Shift+Tab) on the visitor `v` until `text` has the focus. */
export async function tabTo(v, text, { shift = false, max = 40 } = {}) {
  for (let i = 0; i < max; i++) {
    if ((await focusedText(v.evaluate)) === text) return;
    await v.press(shift ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach «${text}» with the keyboard`);
}
