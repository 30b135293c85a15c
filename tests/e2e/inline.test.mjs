// The inline form (dist/soglasie-inline.html): the boot pasted into the page, the module
// loaded without blocking. It must hold exactly as the classic tag does, work under a CSP that
// allows only its hash, and never hand its handle to a page script.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, settle } from './harness.mjs';
import { SNIPPETS } from './snippets.mjs';

const root = new URL('../../', import.meta.url);
const snippetFile = readFileSync(new URL('dist/soglasie-inline.html', root), 'utf8');
const inlineTag = snippetFile.slice(snippetFile.indexOf('<script'));
const cspHash = snippetFile.match(/'sha256-[^']+'/)[0];
const demo = readFileSync(new URL('www/demo/index.html', root), 'utf8');
const classicTag = '<script src="/soglasie/soglasie.js" data-config="/soglasie.json"></script>';
assert.ok(demo.includes(classicTag));
// The demo home page with the inline form instead of the tag, and Top@Mail.ru's official
// snippet pasted unmodified (not marked up) right after it.
const topMailRu = SNIPPETS.find((s) => s.id === 'top_mail_ru').snippet;
const page = demo.replace(classicTag, () => inlineTag.trim() + '\n' + topMailRu);

const envs = [];
after(async () => { for (const e of envs) await e.close(); });

async function visitor(options = {}) {
  const e = await launch(options);
  envs.push(e);
  const v = await e.newVisitor();
  await v.context.route('**/inline.html', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page }));
  return { e, ...v };
}

test('the inline form holds everything before a decision and releases after «Принять все»', async () => {
  const { e, page: p, hits, context } = await visitor();
  await open(p, e.url, '/inline.html');
  await settle(p, 600);
  assert.deepEqual(hits, [], 'nothing reaches a tracker before a decision');
  await p.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Принять все' }).click();
  await p.waitForFunction(() => document.cookie.includes('_ym_uid'));
  await settle(p, 600);
  const seen = hits.map((h) => h.host + h.path);
  assert.ok(seen.some((h) => h.startsWith('mc.yandex.ru/metrika/tag.js')), seen.join('\n'));
  assert.ok(seen.some((h) => h.startsWith('top-fwz1.mail.ru/js/code.js')), seen.join('\n'));
  // The same policy hash as the classic tag computes.
  const inlineHash = (await p.evaluate(() => window.soglasie.consent())).policy;
  await open(p, e.url, '/');
  assert.equal((await p.evaluate(() => window.soglasie.consent())).policy, inlineHash);
  await context.close();
});

test('the inline form after «Отклонить», and on reload: nothing', async () => {
  const { e, page: p, hits, context } = await visitor();
  await open(p, e.url, '/inline.html');
  await p.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Отклонить' }).click();
  await open(p, e.url, '/inline.html');
  await settle(p, 600);
  assert.deepEqual(hits, []);
  assert.equal((await p.evaluate(() => window.soglasie.consent())).decided, true);
  await context.close();
});

test('under a CSP that allows only the snippet\'s hash, the inline form works fully', async () => {
  const csp = `script-src ${cspHash} 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'`;
  const { e, page: p, hits, context, consoleLines } = await visitor();
  await context.route('**/inline.html', (route) => route.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8', body: page, headers: { 'Content-Security-Policy': csp },
  }));
  await open(p, e.url, '/inline.html');
  await p.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Принять все' }).click();
  await p.waitForFunction(() => document.cookie.includes('_ym_uid'));
  assert.ok(hits.length > 0);
  // Only the site's own inline scripts (not ours) may be refused by this policy.
  const refusedOurs = consoleLines.filter((l) => /Refused/.test(l) && /soglasie/.test(l));
  assert.deepEqual(refusedOurs, []);
  await context.close();
});

test('a page script cannot reach the boot\'s handle or start the module again; the glue alone runs nothing', async () => {
  const { e, page: p, hits, context } = await visitor();
  await open(p, e.url, '/inline.html');
  assert.ok((await p.evaluate(() => window.soglasie.consent().policy)).length > 0, 'the real module started');
  // The glue's one global is a binding of the page's scope, not a property of window, and
  // nothing of the boot is published.
  assert.deepEqual(await p.evaluate(() => [typeof window.wasm_bindgen, Object.keys(window).filter((k) => /soglasie/i.test(k))]), ['undefined', ['soglasie']]);
  const build = await p.evaluate(() => new URL(document.querySelector('script[src*="soglasie-app.js"]').src).searchParams.get('v'));
  const refusals = await p.evaluate((build) => ['0000000000', build].map((b) => {
    try {
      wasm_bindgen.start({ build: b }, null);
      return 'started';
    } catch (err) {
      return err.message;
    }
  }), build);
  assert.deepEqual(refusals, ['soglasie.wasm is of another build than soglasie.js (an old copy in a cache?)', 'soglasie is already running on this page']);

  // soglasie-app.js on its own (no boot): no banner, nothing optional.
  const alone = demo.replace(classicTag, '<script src="/soglasie/soglasie-app.js"></script>');
  await context.route('**/alone.html', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: alone }));
  hits.length = 0;
  await p.goto(new URL('/alone.html', e.url).href);
  await settle(p, 600);
  assert.equal(await p.evaluate(() => typeof window.soglasie), 'undefined');
  assert.equal(await p.locator('[data-soglasie="banner"]').count(), 0);
  assert.deepEqual(hits, [], 'marked-up trackers stay inert text');
  await context.close();
});
test('a malformed data-soglasie-app still installs the blocker: the app fails to load, one line, nothing reaches a tracker', async () => {
  const broken = page.replace('data-soglasie-app="/soglasie/soglasie-app.js"', 'data-soglasie-app="http://[broken"');
  assert.notEqual(broken, page);
  const e = await launch({});
  envs.push(e);
  const { page: p, hits, context, consoleLines } = await e.newVisitor();
  await context.route('**/broken.html', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: broken }));
  await open(p, e.url, '/broken.html');
  await p.evaluate(() => window.soglasie.ready);
  await settle(p, 600);
  assert.deepEqual(hits, [], 'the unmarked Top@Mail.ru snippet stays held');
  assert.equal(consoleLines.filter((l) => l.includes('could not be loaded; nothing optional will run')).length, 1, consoleLines.join('\n'));
  assert.equal((await p.evaluate(() => window.soglasie.consent())).decided, false);
  await context.close();
});
