// One small driver interface over the three browser engines the auto-blocker is proven in:
// Chromium through playwright-core, Firefox ESR through puppeteer-core over WebDriver BiDi
// (Playwright cannot drive stock Firefox), WebKit through WebKitWebDriver (webkit.mjs). Each
// answers every tracker host with the local fake (tools/fake-trackers.mjs), logs each tracker
// request, and refuses all other hosts.
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { startServers } from '../../tools/serve.mjs';
import { CHROMIUM_ARGS, answer } from './harness.mjs';
import { webkitOn } from './webkit.mjs';

export const ROOTS = { '/soglasie/': 'dist', '/fixtures/': 'tests/e2e/fixtures', '/': 'www/demo' };

export function startSite() {
  return startServers({ port: 0, trackerPort: 0, roots: ROOTS, log: false });
}

export async function launchChromium() {
  const site = await startSite();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const origin = new URL(site.url).origin;
  return {
    name: 'chromium',
    url: site.url,
    /**
     * `extraRoutes`: path → HTML served for it (generated test pages), or `{ contentType, body }`
     * (harness.mjs `answer`). Each tracker hit carries the request's `referer` (or null).
     * `passOrigins`: local servers the page may reach besides the site (a receipts server).
     */
    async newVisitor(extraRoutes = {}, { passOrigins = [] } = {}) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const hits = [];
      const requested = [];
      const consoleLines = [];
      page.on('console', (m) => consoleLines.push(m.text()));
      await context.route('**/*', (route) => {
        const request = route.request();
        requested.push(request.url());
        const a = answer(request.url(), [origin, ...passOrigins], extraRoutes, hits, { referer: request.headers().referer ?? null });
        if (a.pass) return route.continue();
        if (a.fulfill) return route.fulfill(a.fulfill);
        return route.abort();
      });
      return {
        hits,
        /** Every URL the page asked for, in order; the console's lines. */
        requested,
        consoleLines,
        async open(path) {
          await page.goto(new URL(path, site.url).href);
          await page.evaluate(() => window.soglasie.ready);
        },
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        click: (action, part = 'banner') => page.locator(`[data-soglasie="${part}"] button[data-action="${action}"]`).click(),
        /** A key as Playwright names it ('Tab', 'Shift+Tab', 'Enter', 'Space', 'Escape'). */
        press: (key) => page.keyboard.press(key),
        /** Clicks the page's element `selector` (a link), waits for the next page and soglasie. */
        async follow(selector) {
          await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
          await page.evaluate(() => window.soglasie.ready);
        },
        /** Clicks the page's own element `selector` (light DOM). */
        clickOn: (selector) => page.locator(selector).click(),
        /** Opens `path` in another tab of this visitor (same cookies, storage and routes). */
        async openTab(path) {
          const tab = await context.newPage();
          tab.on('console', (m) => consoleLines.push(m.text()));
          await tab.goto(new URL(path, site.url).href);
          await tab.evaluate(() => window.soglasie.ready);
          return { evaluate: (fn, arg) => tab.evaluate(fn, arg), close: () => tab.close() };
        },
        wait: (ms) => page.waitForTimeout(ms),
        close: () => context.close(),
      };
    },
    async close() {
      await browser.close();
      await site.close();
    },
  };
}

/** A tab in `context`. Rarely (seen once in a run of patient.test.mjs, right after another
 * context was closed) Firefox reports the tab it is creating as discarded (BiDi
 * `browsingContext.create`: «no such frame», DiscardedBrowsingContextError): that is tried
 * again, up to three times in all. */
async function newPage(context) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await context.newPage();
    } catch (e) {
      if (attempt === 3 || !/DiscardedBrowsingContextError|no such frame/.test(String(e?.message))) throw e;
    }
  }
}

export async function launchFirefox() {
  const site = await startSite();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr',
    headless: true,
    // The test site is plain http, so protocol-relative snippets (Carrot quest's
    // //cdn.carrotquest.app) load over http; Firefox's HSTS preload list upgrades .app hosts
    // internally, and such a request never reaches the interception (the page hangs).
    extraPrefsFirefox: { 'network.stricttransportsecurity.preloadlist': false },
  });
  const origin = new URL(site.url).origin;
  return {
    name: 'firefox',
    url: site.url,
    async newVisitor(extraRoutes = {}, { passOrigins = [] } = {}) {
      const context = await browser.createBrowserContext();
      const hits = [];
      const requested = [];
      const consoleLines = [];
      /** A tab of this visitor whose every request goes through `answer`. */
      const tabOf = async () => {
        const tab = await newPage(context);
        tab.on('console', (m) => consoleLines.push(m.text()));
        await tab.setRequestInterception(true);
        tab.on('request', (request) => {
          requested.push(request.url());
          const a = answer(request.url(), [origin, ...passOrigins], extraRoutes, hits, { referer: request.headers().referer ?? null });
          const done = a.pass ? request.continue() : a.fulfill ? request.respond(a.fulfill) : request.abort();
          // A request the page dropped meanwhile (it navigated on) cannot be answered any more.
          done.catch(() => {});
        });
        return tab;
      };
      const page = await tabOf();
      return {
        hits,
        /** Every URL the page asked for, in order; the console's lines. */
        requested,
        consoleLines,
        async open(path) {
          await page.goto(new URL(path, site.url).href);
          await page.evaluate(() => window.soglasie.ready);
        },
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        click: (action, part = 'banner') => page.click(`[data-soglasie="${part}"] >>> button[data-action="${action}"]`),
        async press(key) {
          // Puppeteer presses one key (the space bar is ' '): modifiers are held around it.
          const [main, ...held] = key.split('+').reverse();
          for (const k of held) await page.keyboard.down(k);
          await page.keyboard.press(main === 'Space' ? ' ' : main);
          for (const k of held.reverse()) await page.keyboard.up(k);
        },
        async follow(selector) {
          await Promise.all([page.waitForNavigation(), page.click(selector)]);
          await page.evaluate(() => window.soglasie.ready);
        },
        clickOn: (selector) => page.click(selector),
        async openTab(path) {
          const tab = await tabOf();
          await tab.goto(new URL(path, site.url).href);
          await tab.evaluate(() => window.soglasie.ready);
          return { evaluate: (fn, arg) => tab.evaluate(fn, arg), close: () => tab.close() };
        },
        wait: (ms) => new Promise((r) => setTimeout(r, ms)),
        close: () => context.close(),
      };
    },
    async close() {
      await browser.close();
      await site.close();
    },
  };
}

/** WebKit: WebKitGTK's MiniBrowser through WebKitWebDriver, each visitor behind its own
 * recording proxy (webkit.mjs). */
export async function launchWebKit() {
  return webkitOn(await startSite());
}

/** The engines every guarantee is proven in, with their launchers. WebKit's visitors have no
 * console lines (webkit.mjs): tests that read them take the first two. */
export const ENGINES = [['Chromium', launchChromium], ['Firefox ESR', launchFirefox], ['WebKit', launchWebKit]];
