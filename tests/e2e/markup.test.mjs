// Markup gating in a real browser: inline config, release in document order (an external
// script is awaited before the inline one after it), images and iframes, the nonce, unknown
// categories, and failing closed when the config cannot be read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, settle } from './harness.mjs';

const DEMO = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));

const roots = { '/soglasie/': 'dist', '/fixtures/': 'tests/e2e/fixtures', '/': 'www/demo' };
let env;

before(async () => { env = await launch({ roots }); });
after(async () => { await env.close(); });

test('inline config; released in document order, with the nonce; unknown category held', async () => {
  const { page, context, consoleLines } = await env.newVisitor();
  // Make the external script slow, so that order is really tested.
  await context.route('**/fixtures/slow.js', async (route) => {
    await new Promise((r) => setTimeout(r, 300));
    await route.continue();
  });
  await open(page, env.url, '/fixtures/inline.html');
  assert.deepEqual(await page.evaluate(() => window.ran), ['necessary']);
  assert.equal(await page.locator('img').getAttribute('src'), null);
  assert.equal(await page.locator('iframe').getAttribute('src'), null);
  assert.ok(consoleLines.some((l) => l.includes('data-category="surveillance"')), consoleLines.join('\n'));

  await page.evaluate(() => window.soglasie.accept(['analytics']));
  await page.waitForFunction(() => (window.ran || []).length >= 3);
  await settle(page);
  assert.deepEqual(await page.evaluate(() => window.ran), ['necessary', 'slow-external', 'inline-after-slow']);
  assert.equal(await page.locator('img').getAttribute('src'), '/fixtures/pixel.gif');
  assert.equal(await page.locator('iframe').getAttribute('src'), '/fixtures/frame.html');
  const nonces = await page.evaluate(() => [...document.querySelectorAll('script[data-soglasie-state=released][data-category=analytics]')].map((s) => s.nonce));
  assert.deepEqual(nonces, ['t3st', 't3st']);
  await context.close();
});

test('an unreachable config fails closed with one console line, and the site keeps working', async () => {
  const { page, context, consoleLines } = await env.newVisitor();
  await open(page, env.url, '/fixtures/no-config.html');
  await settle(page);
  assert.equal(await page.evaluate(() => window.siteScriptRan), true);
  assert.deepEqual(await page.evaluate(() => window.ran), ['necessary']);
  const consent = await page.evaluate(() => window.soglasie.consent());
  assert.deepEqual(consent, { decided: false, categories: ['necessary'], policy: '', at: null, id: null, sensitive: false });
  assert.equal(consoleLines.filter((l) => l.startsWith('error: soglasie:')).length, 1, consoleLines.join('\n'));
  await page.evaluate(() => window.soglasie.accept('all'));
  await settle(page, 200);
  assert.deepEqual(await page.evaluate(() => window.ran), ['necessary'], 'accept() cannot run anything without a config');
  await context.close();
});

test('an invalid config names each problem and runs nothing optional', async () => {
  const { page, context, consoleLines } = await env.newVisitor();
  await context.route('**/soglasie.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ operator: { name: 'ООО «К»', address: 'Москва', email: 'a@b.ru' }, policy: { url: '/p', revision: '1' }, servises: ['yandex_metrika'] }),
  }));
  const hits = [];
  page.on('request', (r) => { if (!r.url().startsWith(env.url)) hits.push(r.url()); });
  await open(page, env.url);
  await settle(page, 600);
  assert.ok(consoleLines.includes('error: soglasie: config.servises: unknown field (did you mean "services"?)'), consoleLines.join('\n'));
  assert.equal(await page.locator('[data-soglasie="banner"]').count(), 0);
  assert.deepEqual(hits, []);
  await context.close();
});

test('an inline config saved with a byte-order mark is read', async () => {
  const { page, context, consoleLines } = await env.newVisitor();
  const html = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><script type="application/json" id="soglasie-config">\ufeff${JSON.stringify(DEMO)}</script><script src="/soglasie/soglasie.js"></script></head><body><p>BOM</p></body></html>`;
  await context.route('**/fixtures/bom.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await open(page, env.url, '/fixtures/bom.html');
  await page.locator('[data-soglasie="banner"]').waitFor();
  assert.deepEqual(consoleLines.filter((l) => l.includes('soglasie')), []);
  await context.close();
});

test('a config that is not JSON: one console line, nothing optional, ready resolves undecided', async () => {
  const { page, context, consoleLines } = await env.newVisitor();
  await context.route('**/soglasie.json', (route) => route.fulfill({ contentType: 'application/json', body: '{"operator": {"name": "ООО «К»",}}' }));
  await open(page, env.url);
  await settle(page, 400);
  const lines = consoleLines.filter((l) => l.includes('soglasie'));
  assert.equal(lines.length, 1, consoleLines.join('\n'));
  assert.match(lines[0], /^error: soglasie: config: invalid JSON at line 1, column 39: trailing comma$/);
  assert.equal(await page.locator('[data-soglasie="banner"]').count(), 0);
  assert.deepEqual(await page.evaluate(() => window.soglasie.consent()), { decided: false, categories: ['necessary'], policy: '', at: null, id: null, sensitive: false });
  await context.close();
});

test('5,000 elements and 200 marked-up trackers: all released, in document order, after one click', async () => {
  const { loadPage } = await import('../../tools/load-page.mjs');
  const { page, context } = await env.newVisitor();
  await context.route('**/fixtures/load.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: loadPage() }));
  await open(page, env.url, '/fixtures/load.html');
  assert.equal(await page.evaluate(() => (window.order || []).length), 0);
  await page.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Принять все' }).click();
  await page.waitForFunction(() => (window.order || []).length === 200, null, { timeout: 20000 });
  const order = await page.evaluate(() => window.order);
  assert.deepEqual(order, Array.from({ length: 200 }, (_, i) => i));
  await context.close();
});
