// Failing closed and CSP (headless Chromium): when the Wasm cannot start, nothing held is
// released, the page works, one console line says why and a fallback notice links the policy;
// CSPs that allow soglasie less. A Wasm that cannot load and a strict CSP with a nonce are
// proven in every engine (engines.test.mjs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, settle, until } from './harness.mjs';

const roots = { '/soglasie/': 'dist', '/fixtures/': 'tests/e2e/fixtures', '/': 'www/demo' };
const envs = [];
after(async () => { for (const e of envs) await e.close(); });

async function env(options = {}) {
  const e = await launch({ roots, ...options });
  envs.push(e);
  return e;
}

const noWebAssembly = () => { delete window.WebAssembly; };

// A Wasm that fails to load (404, wrong bytes): engines.test.mjs, in every engine.
test('Wasm fails (no WebAssembly in the browser): trackers stay held, the page works, one line, a fallback notice', async () => {
  const e = await env();
  const { page, context, hits, consoleLines } = await e.newVisitor();
  await page.addInitScript(noWebAssembly);
  await open(page, e.url, '/fixtures/unmarked.html');
  await settle(page, 600);
  assert.deepEqual(hits, []);
  assert.equal(await page.evaluate(() => window.ownLoaded), true, 'the site\'s own work goes on');
  const lines = consoleLines.filter((l) => l.includes('soglasie: could not start'));
  assert.equal(lines.length, 1, consoleLines.join('\n'));
  const notice = page.locator('[data-soglasie="fallback"]');
  await notice.waitFor();
  assert.equal(await notice.getByRole('link').getAttribute('href'), '/privacy.html');
  assert.deepEqual(await page.evaluate(() => window.soglasie.consent()), { decided: false, categories: ['necessary'], policy: '', at: null, id: null, sensitive: false });
  await page.evaluate(() => window.soglasie.accept('all'));
  await settle(page, 300);
  assert.deepEqual(hits, [], 'accept() cannot release anything without the engine');
  await context.close();
});

// The module (its glue, soglasie-app.js, and soglasie.wasm) failing in each way a site can
// meet it: the console line it says.
const breakApp = {
  'the glue fails (404)': ['soglasie-app.js could not be loaded', '**/soglasie-app.js?*', (route) => route.fulfill({ status: 404, contentType: 'text/html', body: 'not found' })],
  'a glue that loads but is not soglasie\'s (an error page served as script)': ['soglasie-app.js did not start', '**/soglasie-app.js?*', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '<html>Service unavailable</html>' })],
  'a module of another build (an old copy in a cache)': ['soglasie.wasm is of another build than soglasie.js', '**/soglasie.wasm?*', async (route) => {
    const url = new URL(route.request().url());
    const build = url.searchParams.get('v');
    assert.match(build, /^[0-9a-f]{10}$/, 'the boot asks for its own build');
    const r = await route.fetch();
    const bytes = Buffer.from(await r.body());
    const at = bytes.indexOf(build);
    assert.ok(at > 0, 'the module carries its build id');
    bytes.write('0000000000', at);
    await route.fulfill({ response: r, body: bytes });
  }],
};

for (const [name, [says, pattern, handler]] of Object.entries(breakApp)) {
  test(`${name}: trackers stay held, the page works, one line, ready resolves with no decision`, async () => {
    const e = await env();
    const { page, context, hits, consoleLines } = await e.newVisitor();
    await context.route(pattern, handler);
    await page.addInitScript(() => document.addEventListener('soglasie:ready', (ev) => { window.readyDetail = ev.detail; }));
    await open(page, e.url, '/fixtures/unmarked.html');
    await settle(page, 400);
    assert.deepEqual(hits, []);
    assert.equal(await page.evaluate(() => window.ownLoaded), true, 'the site\'s own work goes on');
    assert.equal(consoleLines.filter((l) => l.includes(says) && l.endsWith('nothing optional will run')).length, 1, consoleLines.join('\n'));
    assert.equal(await page.locator('[data-soglasie="banner"]').count(), 0);
    const none = { decided: false, categories: ['necessary'], policy: '', at: null, id: null, sensitive: false };
    assert.deepEqual(await page.evaluate(() => window.readyDetail), none);
    await page.evaluate(() => window.soglasie.accept('all'));
    await settle(page, 300);
    assert.deepEqual(await page.evaluate(() => window.soglasie.consent()), none);
    assert.deepEqual(hits, [], 'accept() cannot release anything without the module');
    await context.close();
  });
}

test('Wasm served with a wrong MIME type still loads (the glue falls back), and works', async () => {
  const e = await env();
  const { page, context, hits } = await e.newVisitor();
  await context.route('**/soglasie.wasm?*', async (route) => {
    const r = await route.fetch();
    await route.fulfill({ response: r, headers: { ...r.headers(), 'content-type': 'application/octet-stream' } });
  });
  await open(page, e.url);
  await page.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Принять все' }).click();
  await page.waitForFunction(() => document.cookie.includes('_ym_uid'));
  assert.ok(hits.length > 0);
  await context.close();
});

// A classic tag whose config cannot be had: a page with marked-up trackers and one the page
// inserts itself, the tag's attributes, and the console line that says why.
const badConfig = {
  'no config at all (no data-config, no inline config)': ['', (l) => l.startsWith('error: soglasie: no config')],
  'a malformed data-config URL': [' data-config="http://[bad"', (l) => l.startsWith('error: soglasie: ') && l.endsWith('nothing optional will run')],
};

for (const [name, [attributes, says]] of Object.entries(badConfig)) {
  test(`${name}: one line, ready resolves, nothing optional`, async () => {
    const e = await env();
    const { page, context, hits, consoleLines } = await e.newVisitor({});
    await context.route('**/fixtures/bare.html', (route) => route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Bare</title><script src="/soglasie/soglasie.js"${attributes}></script></head><body><script type="text/plain" data-category="analytics">window.ran = true</script><img data-category="ads" data-src="https://vk.com/rtrg?p=bare" alt=""><script>var s = document.createElement("script"); s.src = "https://top-fwz1.mail.ru/js/code.js"; document.head.appendChild(s);</script></body></html>`,
    }));
    await open(page, e.url, '/fixtures/bare.html');
    await settle(page, 400);
    assert.deepEqual(hits, []);
    assert.equal(await page.evaluate(() => window.ran), undefined);
    assert.equal(consoleLines.filter(says).length, 1, consoleLines.join('\n'));
    await context.close();
  });
}

test('a CSP without wasm-unsafe-eval: fails closed the same way', async () => {
  const e = await env({ headers: { 'Content-Security-Policy': "script-src 'nonce-r4nd0m' 'strict-dynamic'; style-src 'self'" } });
  const { page, context, hits, consoleLines } = await e.newVisitor();
  await open(page, e.url, '/fixtures/csp.html');
  await settle(page, 600);
  assert.deepEqual(hits, []);
  assert.ok(consoleLines.some((l) => l.includes('soglasie: could not start')), consoleLines.join('\n'));
  await page.locator('[data-soglasie="fallback"]').waitFor();
  await context.close();
});

// Strict CSP with a nonce, in every engine: engines.test.mjs.

test("a CSP with a nonce and no 'strict-dynamic': the preferences still open", async () => {
  const e = await env({ headers: { 'Content-Security-Policy': "script-src 'nonce-r4nd0m' 'wasm-unsafe-eval'; style-src 'self'" } });
  const { page, context, consoleLines } = await e.newVisitor();
  await open(page, e.url, '/fixtures/csp.html');
  await page.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Настроить' }).click();
  const dialog = page.locator('[data-soglasie="preferences"]').getByRole('dialog');
  await dialog.getByRole('switch', { name: 'Аналитические' }).check();
  await dialog.getByRole('button', { name: 'Сохранить выбор' }).click();
  assert.deepEqual((await page.evaluate(() => window.soglasie.consent())).categories, ['necessary', 'analytics']);
  assert.deepEqual(consoleLines.filter((l) => /Content Security Policy|Refused/.test(l) && /soglasie/.test(l)), [], 'nothing of soglasie is refused');
  await context.close();
});

test('the tag included twice: one instance, one banner, no double release', async () => {
  const e = await env();
  const { page, context } = await e.newVisitor();
  await page.addInitScript(() => {
    document.addEventListener('soglasie:ready', () => { window.readyCount = (window.readyCount || 0) + 1; });
  });
  await open(page, e.url, '/fixtures/twice.html');
  await settle(page, 300);
  assert.equal(await page.locator('[data-soglasie="banner"]').count(), 1);
  await page.evaluate(() => window.soglasie.accept('all'));
  await settle(page, 300);
  assert.equal(await page.evaluate(() => window.runs), 1);
  assert.equal(await page.evaluate(() => window.readyCount), 1);
  await context.close();
});

test('two tabs: a decision and a withdrawal in one apply in the other at once', async () => {
  const e = await env();
  const { page: a, context, hits } = await e.newVisitor();
  const b = await context.newPage();
  await open(a, e.url);
  await open(b, e.url);
  await b.evaluate(() => {
    window.changes = [];
    document.addEventListener('soglasie:change', (ev) => window.changes.push(ev.detail.categories));
  });
  await a.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Принять все' }).click();
  await b.waitForFunction(() => window.changes.length === 1);
  assert.equal(await b.locator('[data-soglasie="banner"]').isVisible(), false);
  await b.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('metrika/tag.js')));
  // Withdrawal in the second tab reaches the first.
  await a.evaluate(() => {
    window.changes = [];
    document.addEventListener('soglasie:change', (ev) => window.changes.push(ev.detail.categories));
  });
  await b.evaluate(() => window.soglasie.decline());
  await a.waitForFunction(() => window.changes.length === 1);
  assert.deepEqual(await a.evaluate(() => window.soglasie.consent().categories), ['necessary']);
  // Held work in the first tab is not released after the withdrawal.
  hits.length = 0;
  await a.evaluate(() => { new Image().src = 'https://vk.com/rtrg?p=after-withdrawal'; });
  await settle(a, 300);
  assert.deepEqual(hits, []);
  await context.close();
});

test('cookies blocked: the banner says the choice lasts for this page; the choice holds here', async () => {
  const e = await env();
  const { page, context, hits } = await e.newVisitor();
  await page.addInitScript(() => {
    // What Chromium does when the visitor blocks cookies for the site.
    Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: () => '', set: () => {} });
  });
  await open(page, e.url);
  const banner = page.locator('[data-soglasie="banner"]');
  await banner.waitFor();
  assert.match(await banner.locator('.note').innerText(), /не\u00a0сохраняет cookie/);
  await banner.getByRole('button', { name: 'Принять все' }).click();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('metrika/tag.js')));
  assert.equal((await page.evaluate(() => window.soglasie.consent())).decided, true);
  assert.ok(hits.length > 0);
  await context.close();
});

test('a hostile page cannot make a held tracker run', async () => {
  const e = await env();
  const { page, context, hits } = await e.newVisitor();
  await open(page, e.url);
  const forged = await page.evaluate(() => {
    const out = {};
    // 1. Replace the API with one that claims consent.
    try { window.soglasie = { consent: () => ({ decided: true, categories: ['necessary', 'analytics', 'ads'] }) }; } catch (err) { out.assignThrew = true; }
    out.stillOurs = typeof window.soglasie.ready.then === 'function' && window.soglasie.consent().decided === false;
    // 2. Set the type back on a held script.
    for (const s of document.querySelectorAll('script[type="text/plain"][data-category]')) s.type = 'text/javascript';
    return out;
  });
  assert.equal(forged.stillOurs, true);
  // 3. Patch document.cookie to show a forged choice, then load again: the forgery is unseen.
  const value = await page.evaluate(() => {
    const fake = `soglasie=1.${window.soglasie.consent().policy}.${Math.floor(Date.now() / 1000)}.AAAAAAAAAAAAAAAAAAAAAA.functional+analytics+ads`;
    return fake;
  });
  await page.addInitScript((fake) => {
    // On the document itself, as a site script would: reads through document.cookie see it.
    const real = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    Object.defineProperty(document, 'cookie', { configurable: true, get: () => fake + '; ' + real.get.call(document), set: (v) => real.set.call(document, v) });
  }, value);
  await open(page, e.url);
  await settle(page, 600);
  assert.deepEqual(hits, []);
  assert.equal((await page.evaluate(() => window.soglasie.consent())).decided, false);
  await context.close();
});

// Headless Chromium does not prerender on demand, so the page is given what the Prerendering
// API promises a prerendered document: `document.prerendering` true until activation, then a
// `prerenderingchange` event. soglasie must decide nothing and show nothing before that.
test('a prerendered page decides nothing and shows nothing until it is activated', async () => {
  const e = await env();
  const { page, context, hits } = await e.newVisitor();
  // A returning visitor who allowed everything: activation must release, not before.
  await open(page, e.url);
  await page.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Принять все' }).click();
  // The accepting page's own beacons (MyTarget's counter comes last, after its code.js) are
  // all in, and the page is left, before the prerendered one is counted.
  await page.waitForFunction(() => document.cookie.includes('_ym_uid'));
  assert.ok(await until(() => hits.some((h) => h.host === 'top-fwz1.mail.ru' && h.path.startsWith('/counter')), 10000));
  await page.goto('about:blank');
  hits.length = 0;
  await page.addInitScript(() => {
    let prerendering = true;
    Object.defineProperty(Document.prototype, 'prerendering', { configurable: true, get: () => prerendering });
    window.activate = () => {
      prerendering = false;
      document.dispatchEvent(new Event('prerenderingchange'));
    };
  });
  await page.goto(new URL('/', e.url).href);
  await settle(page, 800);
  assert.deepEqual(hits, [], 'nothing released while prerendering');
  const before = await page.evaluate(() => ({
    ready: window.soglasie.consent().policy,
    reopen: !!document.querySelector('[data-soglasie="reopen"]:not([hidden])'),
  }));
  assert.deepEqual(before, { ready: '', reopen: false });
  await page.evaluate(() => window.activate());
  await page.evaluate(() => window.soglasie.ready);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('metrika/tag.js')));
  assert.equal((await page.evaluate(() => window.soglasie.consent())).decided, true);
  assert.ok(hits.length > 0);

  // A first visit while prerendering: no banner until activation.
  const first = await e.newVisitor();
  await first.page.addInitScript(() => {
    let prerendering = true;
    Object.defineProperty(Document.prototype, 'prerendering', { configurable: true, get: () => prerendering });
    window.activate = () => {
      prerendering = false;
      document.dispatchEvent(new Event('prerenderingchange'));
    };
  });
  await first.page.goto(new URL('/', e.url).href);
  await settle(first.page, 800);
  assert.equal(await first.page.locator('[data-soglasie="banner"]').count(), 0);
  await first.page.evaluate(() => window.activate());
  await first.page.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Отклонить' }).waitFor();
  assert.deepEqual(first.hits, []);
  await first.context.close();
  await context.close();
});
