// The core promise, end to end in headless Chromium against the demo clinic site:
// nothing reaches a tracker before a decision or after «Отклонить»; the marked-up trackers
// fire after «Принять все»; the choice survives reloads and navigation; a new policy revision
// asks again. The fake tracker server's request log is the evidence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, open, settle, hosts } from './harness.mjs';

const DEMO_CONFIG = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));
let env;

before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const banner = (page) => page.locator('[data-soglasie="banner"]');
const button = (page, name) => banner(page).getByRole('button', { name, exact: true });

test('first visit: banner with the three buttons, zero tracker requests', async () => {
  const { page, hits, context } = await env.newVisitor();
  await open(page, env.url);
  await settle(page, 800);
  await assert.doesNotReject(banner(page).waitFor({ state: 'visible' }));
  for (const name of ['Принять все', 'Отклонить', 'Настроить']) {
    assert.equal(await button(page, name).count(), 1, name);
  }
  assert.deepEqual(hits, [], 'no tracker request before a decision');
  const consent = await page.evaluate(() => window.soglasie.consent());
  assert.equal(consent.decided, false);
  assert.deepEqual(consent.categories, ['necessary']);
  assert.match(consent.policy, /^[A-Za-z0-9_-]{16}$/);
  await context.close();
});

test('«Отклонить»: zero tracker requests, also after reload and on other pages', async () => {
  const { page, hits, context } = await env.newVisitor();
  await open(page, env.url);
  await button(page, 'Отклонить').click();
  await settle(page);
  assert.equal(await banner(page).isVisible(), false);
  await open(page, env.url);
  await settle(page, 800);
  assert.equal(await banner(page).isVisible(), false, 'the choice is remembered');
  await open(page, env.url, '/services.html');
  await settle(page, 800);
  assert.deepEqual(hits, []);
  const consent = await page.evaluate(() => window.soglasie.consent());
  assert.equal(consent.decided, true);
  assert.deepEqual(consent.categories, ['necessary']);
  await context.close();
});

test('«Принять все»: the marked-up trackers fire, and again on reload and navigation', async () => {
  const { page, hits, context } = await env.newVisitor();
  await open(page, env.url);
  await settle(page);
  assert.deepEqual(hits, []);
  await button(page, 'Принять все').click();
  await page.waitForFunction(() => document.cookie.includes('_ym_uid') && document.cookie.includes('tmr_lvid'));
  await settle(page);
  const paths = hits.map((h) => h.host + h.path);
  assert.ok(paths.some((p) => p.startsWith('mc.yandex.ru/metrika/tag.js')), paths.join('\n'));
  assert.ok(paths.some((p) => p.startsWith('mc.yandex.ru/watch/44444444')), paths.join('\n'));
  assert.ok(paths.some((p) => p.startsWith('top-fwz1.mail.ru/counter')), paths.join('\n'));
  assert.ok(paths.some((p) => p.startsWith('vk.com/rtrg')), paths.join('\n'));
  hits.length = 0;
  await open(page, env.url, '/contacts.html');
  await settle(page, 800);
  assert.equal(await banner(page).isVisible(), false);
  assert.deepEqual(hosts(hits).filter((h) => h !== 'yandex.ru'), ['mc.yandex.ru', 'top-fwz1.mail.ru', 'vk.com']);
  await context.close();
});

test('allowing only analytics fires Метрика and nothing from the ads category', async () => {
  const { page, hits, context } = await env.newVisitor();
  await open(page, env.url);
  await banner(page).getByRole('button', { name: 'Настроить' }).click();
  const prefs = page.locator('[data-soglasie="preferences"]');
  await prefs.getByRole('switch', { name: 'Аналитические' }).check();
  await prefs.getByRole('button', { name: 'Сохранить выбор' }).click();
  await page.waitForFunction(() => document.cookie.includes('_ym_uid'));
  await settle(page);
  assert.deepEqual(hosts(hits), ['mc.yandex.ru']);
  const consent = await page.evaluate(() => window.soglasie.consent());
  assert.deepEqual(consent.categories, ['necessary', 'analytics']);
  await context.close();
});

test('a new policy revision asks again, saying so, and holds the trackers', async () => {
  const { page, hits, context } = await env.newVisitor();
  await open(page, env.url);
  await button(page, 'Принять все').click();
  // Let every tracker of this page finish, so that no late hit is counted for the next one.
  await page.waitForFunction(() => document.cookie.includes('_ym_uid') && document.cookie.includes('tmr_lvid'));
  await settle(page);
  const firstHash = (await page.evaluate(() => window.soglasie.consent())).policy;
  const revised = { ...DEMO_CONFIG, policy: { ...DEMO_CONFIG.policy, revision: '2026-12-15' } };
  await context.route('**/soglasie.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(revised) }));
  hits.length = 0;
  await open(page, env.url);
  await settle(page, 800);
  await banner(page).waitFor({ state: 'visible' });
  assert.match(await banner(page).getByRole('heading').innerText(), /Мы обновили/);
  assert.deepEqual(hits, [], 'no tracker request until the visitor agrees to the new policy');
  const consent = await page.evaluate(() => window.soglasie.consent());
  assert.equal(consent.decided, false);
  assert.notEqual(consent.policy, firstHash);
  await context.close();
});

test('reset() forgets the choice and removes the trackers\' cookies', async () => {
  const { page, context } = await env.newVisitor();
  await open(page, env.url);
  await button(page, 'Принять все').click();
  await page.waitForFunction(() => document.cookie.includes('_ym_uid') && document.cookie.includes('tmr_lvid'));
  const detail = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('soglasie:change', (e) => resolve(e.detail), { once: true });
    window.soglasie.reset();
  }));
  assert.equal(detail.decided, false);
  const names = (await context.cookies()).map((c) => c.name);
  assert.deepEqual(names.filter((n) => /^(_ym_|tmr_|soglasie)/.test(n)), [], names.join(','));
  await banner(page).waitFor({ state: 'visible' });
  await context.close();
});

test('API and events follow the contract', async () => {
  const { page, hits, context } = await env.newVisitor();
  await page.addInitScript(() => {
    window.events = [];
    for (const name of ['soglasie:ready', 'soglasie:change']) {
      document.addEventListener(name, (e) => window.events.push([name, e.detail]));
    }
    // A listener of soglasie:ready already talks to the module.
    document.addEventListener('soglasie:ready', () => { window.apiAtReady = window.soglasie.consent(); });
  });
  await page.goto(env.url);
  // Calls made before `ready` take effect once it resolves.
  const early = await page.evaluate(() => {
    const before = window.soglasie.consent();
    return before;
  });
  assert.equal(early.decided, false);
  await page.evaluate(() => window.soglasie.ready);
  await page.evaluate(() => window.soglasie.accept(['ads']));
  await settle(page);
  const events = await page.evaluate(() => window.events);
  assert.deepEqual(events.map((e) => e[0]), ['soglasie:ready', 'soglasie:change']);
  assert.equal(events[0][1].decided, false);
  assert.deepEqual(await page.evaluate(() => window.apiAtReady), events[0][1]);
  assert.match(events[0][1].policy, /^[A-Za-z0-9_-]{16}$/);
  const consent = events[1][1];
  assert.deepEqual(consent.categories, ['necessary', 'ads']);
  assert.match(consent.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(consent.id, /^[A-Za-z0-9_-]{22}$/);
  assert.deepEqual(hosts(hits), ['top-fwz1.mail.ru', 'vk.com']);
  // Unknown category: a no-op with a console line.
  const consoleLine = page.waitForEvent('console', (m) => m.text().includes('unknown category'));
  await page.evaluate(() => window.soglasie.accept(['nonsense']));
  await consoleLine;
  assert.deepEqual((await page.evaluate(() => window.soglasie.consent())).categories, ['necessary', 'ads']);
  // Any element with data-soglasie-open="preferences" opens the dialog.
  await page.locator('[data-soglasie-open="preferences"]').first().click();
  await page.locator('[data-soglasie="preferences"]').getByRole('switch', { name: 'Рекламные' }).waitFor();
  assert.equal(await page.locator('[data-soglasie="preferences"]').getByRole('switch', { name: 'Рекламные' }).isChecked(), true);
  await context.close();
});

// Safari caps a cookie written by script to 7 days (ITP): each page view writes the choice's
// cookie again, to last as long as the consent has left — so a visitor who comes back within
// the cap keeps the choice, and the consent still ends a year after it was given, never later.
test('each page view writes the cookie again, to live until the consent ends and no longer', async () => {
  const { page, context } = await env.newVisitor();
  await open(page, env.url);
  await button(page, 'Отклонить').click();
  await page.waitForFunction(() => document.cookie.includes('soglasie=1.'));
  const [given] = (await context.cookies()).filter((c) => c.name === 'soglasie');
  const year = 365 * 86400;
  const now = Date.now() / 1000;
  assert.ok(Math.abs(given.expires - (now + year)) < 60, `a year: ${given.expires - now}`);
  // The same consent, as if given 300 days ago, in a cookie a browser capped at 7 days.
  const fields = given.value.split('.');
  fields[2] = String(Math.floor(now) - 300 * 86400);
  const old = fields.join('.');
  await context.addCookies([{ ...given, value: old, expires: now + 7 * 86400 }]);
  await open(page, env.url);
  assert.equal((await page.evaluate(() => window.soglasie.consent())).decided, true);
  const [renewed] = (await context.cookies()).filter((c) => c.name === 'soglasie');
  assert.equal(renewed.value, old, 'the same value');
  assert.ok(Math.abs(renewed.expires - (now + 65 * 86400)) < 60, `the 65 days left: ${(renewed.expires - now) / 86400}`);
  // A consent given more than a year ago has ended: asked again.
  fields[2] = String(Math.floor(now) - 366 * 86400);
  await context.addCookies([{ ...given, value: fields.join('.'), expires: now + 7 * 86400 }]);
  await open(page, env.url);
  assert.equal((await page.evaluate(() => window.soglasie.consent())).decided, false);
  await context.close();
});
