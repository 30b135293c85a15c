// Failing closed and strict CSP (headless Chromium): when the Wasm cannot load, nothing held
// is released, the page works, one console line says why and a fallback notice links the
// policy; under `script-src 'nonce-…' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'`
// everything works and released scripts carry the nonce.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, settle } from './harness.mjs';

const roots = { '/soglasie/': 'dist', '/fixtures/': 'tests/e2e/fixtures', '/': 'www/demo' };
const CSP = "script-src 'nonce-r4nd0m' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'";
const envs = [];
after(async () => { for (const e of envs) await e.close(); });

async function env(options = {}) {
  const e = await launch({ roots, ...options });
  envs.push(e);
  return e;
}

const breakWasm = {
  '404': (route) => route.fulfill({ status: 404, contentType: 'text/html', body: 'not found' }),
  'wrong bytes': (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: 'this is not wasm' }),
};

for (const [name, handler] of Object.entries(breakWasm)) {
  test(`Wasm fails (${name}): trackers stay held, the page works, one line, a fallback notice`, async () => {
    const e = await env();
    const { page, context, hits, consoleLines } = await e.newVisitor();
    await context.route('**/soglasie.wasm', handler);
    await open(page, e.url, '/fixtures/unmarked.html');
    await settle(page, 600);
    assert.deepEqual(hits, []);
    assert.equal(await page.evaluate(() => window.ownLoaded), true, 'the site\'s own work goes on');
    const lines = consoleLines.filter((l) => l.includes('soglasie: could not start'));
    assert.equal(lines.length, 1, consoleLines.join('\n'));
    const notice = page.locator('[data-soglasie="fallback"]');
    await notice.waitFor();
    assert.equal(await notice.getByRole('link').getAttribute('href'), '/privacy.html');
    assert.deepEqual(await page.evaluate(() => window.soglasie.consent()), { decided: false, categories: ['necessary'], policy: '', at: null, id: null });
    await page.evaluate(() => window.soglasie.accept('all'));
    await settle(page, 300);
    assert.deepEqual(hits, [], 'accept() cannot release anything without the engine');
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

test('strict CSP with nonce: banner, consent and release all work', async () => {
  const e = await env({ headers: { 'Content-Security-Policy': CSP } });
  const { page, context, hits, consoleLines } = await e.newVisitor();
  await open(page, e.url, '/fixtures/csp.html');
  await page.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Принять все' }).click();
  await page.waitForFunction(() => document.cookie.includes('_ym_uid'));
  await settle(page, 400);
  const seen = hits.map((h) => h.host + h.path);
  assert.ok(seen.some((s) => s.startsWith('mc.yandex.ru/watch/44444444')), seen.join('\n'));
  assert.ok(seen.includes('vk.com/rtrg?p=VK-RTRG-csp'), seen.join('\n'));
  assert.equal(await page.evaluate(() => document.querySelector('script[data-service=yandex_metrika]').nonce), 'r4nd0m');
  assert.deepEqual(consoleLines.filter((l) => /Content Security Policy|Refused/.test(l)), []);
  await context.close();
});
