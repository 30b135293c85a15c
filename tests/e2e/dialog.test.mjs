// The consent dialog in headless Chromium: axe-core in light and dark (keyboard only and axe
// in every engine: engines.test.mjs), hostile config texts, a hostile site stylesheet, small screens, no layout shift, no flash for a
// returning visitor, English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { axeViolations, launch, open, settle } from './harness.mjs';

const DEMO_CONFIG = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));
let env;

before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const banner = (page) => page.locator('[data-soglasie="banner"]');
const prefs = (page) => page.locator('[data-soglasie="preferences"]');

function withConfig(context, patch) {
  return context.route('**/soglasie.json', (route) => route.fulfill({
    contentType: 'application/json', body: JSON.stringify({ ...DEMO_CONFIG, ...patch }),
  }));
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds no violations: banner and preferences (${colorScheme})`, async () => {
    const { page, context } = await env.newVisitor({ colorScheme });
    await open(page, env.url);
    await banner(page).waitFor();
    assert.deepEqual(await axeViolations((fn, arg) => page.evaluate(fn, arg), 'banner'), []);
    await banner(page).getByRole('button', { name: 'Настроить' }).click();
    await prefs(page).getByRole('dialog').waitFor();
    assert.deepEqual(await axeViolations((fn, arg) => page.evaluate(fn, arg), 'preferences'), []);
    await context.close();
  });
}

test('hostile config texts render as inert text; a javascript: link is a config error', async () => {
  const { page, context } = await env.newVisitor();
  const evil = '<img src=x onerror="window.pwned=1">';
  await withConfig(context, {
    texts: { bannerTitle: evil, policyLink: '"><script>window.pwned=2</script>' },
    services: [...DEMO_CONFIG.services, { id: 'crm', name: '<b onmouseover=alert(1)>CRM</b>', provider: 'ООО «CRM»', purpose: '<iframe src=javascript:alert(1)>', category: 'functional' }],
  });
  await open(page, env.url);
  await banner(page).waitFor();
  assert.equal(await banner(page).getByRole('heading').innerText(), evil);
  await banner(page).getByRole('button', { name: 'Настроить' }).click();
  await prefs(page).getByRole('dialog').waitFor();
  const injected = await page.evaluate(() => ['banner', 'preferences'].map((n) => {
    const root = document.querySelector(`[data-soglasie=${n}]`).shadowRoot;
    return root.querySelectorAll('img, script, iframe, b[onmouseover]').length;
  }));
  assert.deepEqual(injected, [0, 0]);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await context.close();

  const second = await env.newVisitor();
  await withConfig(second.context, { policy: { url: 'javascript:alert(1)', revision: '1' } });
  await open(second.page, env.url);
  await settle(second.page);
  assert.equal(await banner(second.page).count(), 0);
  assert.ok(second.consoleLines.some((l) => l.includes('config.policy.url: "javascript:alert(1)"')), second.consoleLines.join('\n'));
  await second.context.close();
});

test('an aggressive site stylesheet cannot hide or break the dialog', async () => {
  const { page, context } = await env.newVisitor();
  await page.addInitScript(() => {
    const css = '* { all: unset !important } button { display: none !important } html { font-size: 60px !important } soglasie-banner, [data-soglasie] { display: none !important; opacity: 0 !important }';
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
    });
  });
  await open(page, env.url);
  await settle(page);
  for (const name of ['Принять все', 'Отклонить', 'Настроить']) {
    const b = banner(page).getByRole('button', { name, exact: true });
    assert.equal(await b.isVisible(), true, name);
    const box = await b.boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `${name}: ${JSON.stringify(box)}`);
  }
  await banner(page).getByRole('button', { name: 'Отклонить' }).click();
  assert.equal((await page.evaluate(() => window.soglasie.consent())).decided, true);
  await context.close();
});

test('320 px wide: no horizontal overflow, targets at least 44 px, no layout shift', async () => {
  const { page, context } = await env.newVisitor({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
  await page.addInitScript(() => {
    window.cls = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  });
  await open(page, env.url);
  await banner(page).waitFor();
  await settle(page, 500);
  assert.equal(await page.evaluate(() => window.cls), 0);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320));
  const boxes = await banner(page).getByRole('button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height, r.right]));
  for (const [w, h, right] of boxes) assert.ok(w >= 44 && h >= 44 && right <= 320, JSON.stringify(boxes));
  // The page behind stays scrollable: no scroll lock.
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).overflow), 'hidden');
  await context.close();
});

test('a returning visitor never sees the banner flash', async () => {
  const { page, context } = await env.newVisitor();
  await open(page, env.url);
  await banner(page).getByRole('button', { name: 'Принять все' }).click();
  await page.addInitScript(() => {
    window.bannerSeen = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-soglasie=banner]:not([hidden])')) window.bannerSeen = true;
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
  await open(page, env.url);
  await settle(page, 500);
  assert.equal(await page.evaluate(() => window.bannerSeen), false);
  // The re-open control is there, and opens the preferences with the choice ticked.
  await page.locator('[data-soglasie="reopen"]').getByRole('button', { name: 'Настройки cookie' }).click();
  assert.equal(await prefs(page).getByRole('switch', { name: 'Рекламные' }).isChecked(), true);
  await context.close();
});

test('English when the config says so; the buttons stay equal', async () => {
  const { page, context } = await env.newVisitor();
  await withConfig(context, { language: 'en' });
  await open(page, env.url);
  const names = await banner(page).getByRole('button').allInnerTexts();
  assert.deepEqual(names, ['Accept all', 'Reject all', 'Customise']);
  const [accept, decline] = await banner(page).getByRole('button').evaluateAll((els) => els.slice(0, 2).map((e) => {
    const s = getComputedStyle(e); const r = e.getBoundingClientRect();
    return [s.fontSize, s.fontWeight, s.backgroundColor, s.color, Math.round(r.width), Math.round(r.height)];
  }));
  assert.deepEqual(accept, decline, 'rejecting is exactly as prominent as accepting');
  await context.close();
});

test('a crawler gets no banner and nothing optional; a configured token counts too', async () => {
  for (const [userAgent, patch] of [
    ['Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)', {}],
    ['ClinicUptime/2.0', { crawlers: { extraTokens: ['clinicuptime'] } }],
  ]) {
    const { page, context, hits } = await env.newVisitor({ userAgent });
    await withConfig(context, patch);
    await open(page, env.url);
    await settle(page, 600);
    assert.equal(await banner(page).count(), 0, userAgent);
    assert.deepEqual(hits, [], userAgent);
    assert.equal((await page.evaluate(() => window.soglasie.consent())).decided, false);
    await context.close();
  }
  // HeadlessChrome is a visitor.
  const { page, context } = await env.newVisitor();
  await open(page, env.url);
  await banner(page).waitFor();
  await context.close();
});
