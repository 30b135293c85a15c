// Auto-blocking of trackers the site did not mark up (headless Chromium): the official
// Метрика snippet unmodified, and image beacons, sendBeacon, fetch, XHR, innerHTML and
// insertAdjacentHTML strings and setAttribute('src') aimed at catalog hosts. Nothing reaches
// them before a decision or after «Отклонить»; everything after «Принять все»; an unlisted
// catalog tracker never; the site's own loads are never touched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, settle, until } from './harness.mjs';

const roots = { '/soglasie/': 'dist', '/fixtures/': 'tests/e2e/fixtures', '/': 'www/demo' };
let env;

before(async () => { env = await launch({ roots }); });
after(async () => { await env.close(); });

async function visit() {
  const v = await env.newVisitor();
  v.external = [];
  v.page.on('request', (r) => { if (!r.url().startsWith(env.url)) v.external.push(r.url()); });
  await open(v.page, env.url, '/fixtures/unmarked.html');
  await settle(v.page, 600);
  return v;
}

const banner = (page) => page.locator('[data-soglasie="banner"]');

test('before a decision: no request to any tracker; the site\'s own image loads', async () => {
  const { page, context, external, consoleLines } = await visit();
  assert.deepEqual(external, []);
  assert.equal(await page.evaluate(() => window.ownLoaded), true);
  // The unlisted catalog tracker is named once, as soon as Rust has seen the config.
  assert.equal(consoleLines.filter((l) => l.includes('blocked google_analytics')).length, 1, consoleLines.join('\n'));
  await context.close();
});

test('«Отклонить»: still nothing, also after reload; the held work never runs', async () => {
  const { page, context, external } = await visit();
  await banner(page).getByRole('button', { name: 'Отклонить' }).click();
  await settle(page, 600);
  await open(page, env.url, '/fixtures/unmarked.html');
  await settle(page, 600);
  assert.deepEqual(external, []);
  await context.close();
});

test('declined, then one category allowed on the same page: its held loads run, the others\' not', async () => {
  const { page, context, hits } = await visit();
  await banner(page).getByRole('button', { name: 'Отклонить' }).click();
  await settle(page, 400);
  assert.deepEqual(hits, []);
  await page.evaluate(() => window.soglasie.accept(['ads']));
  await page.waitForFunction(() => window.fetchDone === true);
  await settle(page, 600);
  const seen = hits.map((h) => h.host + h.path);
  for (const expected of ['vk.com/rtrg?p=VK-RTRG-image', 'top-fwz1.mail.ru/counter?id=1;fetch=1', 'top-fwz1.mail.ru/counter?id=1;xhr=1']) {
    assert.ok(seen.some((h) => h.startsWith(expected)), `${expected} not seen in\n${seen.join('\n')}`);
  }
  assert.deepEqual(seen.filter((h) => h.startsWith('mc.yandex.ru')), [], 'analytics stays held');
  await context.close();
});

test('«Принять все»: every held load happens, the unlisted tracker never', async () => {
  const { page, context, external, hits, consoleLines } = await visit();
  await banner(page).getByRole('button', { name: 'Принять все' }).click();
  await page.waitForFunction(() => window.fetchDone === true && document.cookie.includes('_ym_uid'));
  await settle(page, 600);
  const seen = hits.map((h) => h.host + h.path);
  for (const expected of [
    'mc.yandex.ru/metrika/tag.js',
    'mc.yandex.ru/watch/44444444?page-url=',
    'mc.yandex.ru/watch/44444444?beacon=1',
    'vk.com/rtrg?p=VK-RTRG-image',
    'vk.com/rtrg?p=VK-RTRG-innerHTML',
    'vk.com/rtrg?p=VK-RTRG-adjacent',
    'top-fwz1.mail.ru/counter?id=1;fetch=1',
    'top-fwz1.mail.ru/counter?id=1;xhr=1',
    'top-fwz1.mail.ru/js/code.js',
  ]) {
    assert.ok(seen.some((s) => s.startsWith(expected)), `${expected} missing from\n${seen.join('\n')}`);
  }
  assert.ok(!external.some((u) => u.includes('google-analytics')), external.join('\n'));
  assert.equal(consoleLines.filter((l) => l.includes('blocked google_analytics')).length, 1, consoleLines.join('\n'));
  await context.close();
});

test('allowing only analytics releases Метрика and keeps the ads trackers away', async () => {
  const { page, context, hits } = await visit();
  await page.evaluate(() => window.soglasie.accept(['analytics']));
  await page.waitForFunction(() => document.cookie.includes('_ym_uid'));
  await settle(page, 600);
  assert.deepEqual([...new Set(hits.map((h) => h.host))], ['mc.yandex.ru']);
  await context.close();
});

// In <head>, and deep in the body, in a <div> that broken markup put inside a <table> (the
// parser moves it out, before the table, so the script is not the document's last element),
// more markup after it: the blocker looks only at the latest change when the parser is
// about to run a script.
const PARSER_SCRIPTS = [
  ['in <head>', 'parser-script.html'],
  ['deep in the body, in markup the parser mends', 'parser-script-nested.html'],
  ['in inline SVG (href)', 'parser-script-svg.html'],
  ['in inline SVG (xlink:href)', 'parser-script-svg-xlink.html'],
];
for (const [where, fixture] of PARSER_SCRIPTS) {
  test(`a tracker <script> written in the HTML ${where}: held from running; the preload request is the known limit`, async () => {
    const { page, context, hits } = await env.newVisitor();
    await open(page, env.url, `/fixtures/${fixture}`);
    await settle(page, 600);
    // The browser's preload scanner fetches the file before any script on the page runs;
    // soglasie keeps it from executing: no counter hit, no first-party cookie.
    assert.deepEqual(hits.map((h) => h.host + h.path), ['top-fwz1.mail.ru/js/code.js']);
    assert.equal(await page.evaluate(() => document.cookie.includes('tmr_')), false);
    assert.equal(await page.locator('script[src*="code.js"], script[*|href*="code.js"]').getAttribute('type'), 'text/plain');
    await page.evaluate(() => window.soglasie.accept('all'));
    await page.waitForFunction(() => document.cookie.includes('tmr_lvid'));
    // The counter's request leaves after the cookie is set: the fake server may log it a moment later.
    const counter = 'top-fwz1.mail.ru/counter?id=3333333;e=pageView;u=' + encodeURIComponent(page.url());
    assert.ok(await until(() => hits.some((h) => h.host + h.path === counter), 5000));
    await context.close();
  });
}

test('a tracker SVG <script> that page code inserts: held until consent, then it runs', async () => {
  const { page, context, hits } = await env.newVisitor();
  await open(page, env.url, '/fixtures/parser-script.html');
  await page.evaluate(() => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const script = document.createElementNS('http://www.w3.org/2000/svg', 'script');
    script.setAttribute('href', 'https://top-fwz1.mail.ru/js/code.js?svg=1');
    svg.appendChild(script);
    document.body.appendChild(svg);
  });
  await settle(page, 600);
  const svgHits = () => hits.filter((h) => h.path === '/js/code.js?svg=1');
  assert.deepEqual(svgHits(), []);
  assert.equal(await page.evaluate(() => document.cookie.includes('tmr_')), false);
  await page.evaluate(() => window.soglasie.accept('all'));
  await page.waitForFunction(() => document.cookie.includes('tmr_lvid'));
  assert.ok(await until(() => svgHits().length === 1, 5000));
  await context.close();
});

test('gtag.js in its other forms (a UA- id, the id after a renamed dataLayer): held, then released by its own category only', async () => {
  const { page, context, hits } = await env.newVisitor();
  const gtag = () => hits.map((h) => h.host + h.path).filter((u) => u.startsWith('www.googletagmanager.com/'));
  await open(page, env.url, '/fixtures/gtag-forms.html');
  await settle(page, 600);
  // The HTML's <script src> is fetched by the preload scanner (the known limit); it must not
  // run, and the inserted Ads tag must not even be requested.
  assert.ok(gtag().every((u) => u.includes('id=UA-')), gtag().join('\n'));
  await page.evaluate(() => window.soglasie.accept(['analytics']));
  await settle(page, 600);
  assert.ok(gtag().some((u) => u.includes('id=UA-12345678-1')), gtag().join('\n'));
  assert.deepEqual(gtag().filter((u) => u.includes('AW-')), [], 'Ads stays held under Analytics consent');
  await page.evaluate(() => window.soglasie.accept('all'));
  await settle(page, 600);
  assert.ok(gtag().some((u) => u.includes('l=adsLayer&id=AW-123456789')), gtag().join('\n'));
  await context.close();
});
