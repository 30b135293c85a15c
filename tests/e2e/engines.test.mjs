// What must work the same in every engine besides blocking (which tests/e2e/matrix.test.mjs
// proves): the dialog — its accessibility (axe-core; keyboard only: Tab, Enter, Space, Esc,
// focus kept inside the preferences and given back) and the preferences dialog, which the
// module builds with web-sys — the cookie: the choice kept across pages, asked again after a
// new policy revision; and failing closed: a bad config or a Wasm that cannot load releases
// nothing, and a strict CSP with a nonce takes everything; in Chromium, Firefox ESR and WebKit (whose visitors
// have no console lines: the console is checked in the other two).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENGINES } from './browsers.mjs';
import { axeViolations, focusedText, hosts, tabTo, until } from './harness.mjs';

const DEMO_CONFIG = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));
const json = (config) => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify(config) });
const fixture = (name) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
const CSP = "script-src 'nonce-r4nd0m' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'";

const OPERATOR = { name: 'ООО «К»', address: 'Москва', email: 'a@b.ru' };
const badConfig = {
  'a config that is not JSON': '{"operator": {"name": "ООО «К»",}}',
  'a config with an unknown field': JSON.stringify({ operator: OPERATOR, policy: { url: '/p', revision: '1' }, servises: ['yandex_metrika'] }),
  'a config with a wrong value': JSON.stringify({ operator: OPERATOR, policy: { url: 'javascript:alert(1)', revision: '1' }, services: ['yandex_metrika'] }),
};

const breakWasm = {
  '404': { status: 404, contentType: 'text/html', body: 'not found' },
  'wrong bytes': { status: 200, contentType: 'application/wasm', body: 'this is not wasm' },
};

/** The banner as the visitor sees it: whether it shows, and its heading. */
const bannerShown = () => {
  const root = document.querySelector('[data-soglasie="banner"]')?.shadowRoot;
  const accept = root?.querySelector('[data-action="accept"]');
  return accept?.checkVisibility() ? root.querySelector('h2')?.textContent ?? '' : null;
};

/** Whether the preferences dialog is open, looked for inside its open shadow root. */
const dialogOpen = () => !!document.querySelector('[data-soglasie="preferences"]')?.shadowRoot?.querySelector('dialog[open] [data-action="save"]');

/** Waits up to 5 s for `v`'s preferences dialog to be open (or, with `open: false`, closed). */
const dialogIs = (v, open = true) => until(async () => (await v.evaluate(dialogOpen)) === open, 5000);

const focusedPart = (v) => v.evaluate(() => document.activeElement?.dataset.soglasie);

describe('every engine', { concurrency: ENGINES.length }, () => {
  for (const [label, launcher] of ENGINES) {
    describe(label, () => {
      let browser;
      test.before(async () => { browser = await launcher(); });
      test.after(() => browser?.close());

      test('«Настроить» opens the dialog, a choice made there is saved', async () => {
        const visitor = await browser.newVisitor();
        try {
          await visitor.open('/');
          await visitor.click('customize');
          assert.ok(await dialogIs(visitor), 'the preferences dialog opened');
          const titles = await visitor.evaluate(() => [...document.querySelector('[data-soglasie="preferences"]').shadowRoot.querySelectorAll('.cat-head label span')].map((s) => s.textContent));
          assert.deepEqual(titles, ['Необходимые', 'Функциональные', 'Аналитические', 'Рекламные']);
          await visitor.evaluate(() => {
            const root = document.querySelector('[data-soglasie="preferences"]').shadowRoot;
            root.querySelector('#c-analytics').click();
            root.querySelector('[data-action="save"]').click();
          });
          const consent = await visitor.evaluate(() => window.soglasie.consent());
          assert.deepEqual(consent.categories, ['necessary', 'analytics']);
          assert.equal(await visitor.evaluate(dialogOpen), false);
        } finally {
          await visitor.close();
        }
      });

      test('the choice holds on the next pages; a new policy revision asks again, saying so, and holds the trackers', async () => {
        const routes = { '/soglasie.json': json(DEMO_CONFIG) };
        const v = await browser.newVisitor(routes);
        try {
          await v.open('/');
          assert.equal(typeof (await v.evaluate(bannerShown)), 'string', 'the banner on a first visit');
          await v.click('accept');
          const ran = () => ['mc.yandex.ru', 'top-fwz1.mail.ru', 'vk.com'].every((h) => hosts(v.hits).includes(h));
          assert.ok(await until(ran, 10000), `the trackers ran: ${hosts(v.hits)}`);
          const cookie = await v.evaluate(() => document.cookie.match(/(?:^|; )soglasie=([^;]*)/)?.[1]);
          assert.match(cookie, /^1\.[A-Za-z0-9_-]{16}\.\d+\.[A-Za-z0-9_-]{22}\.functional\+analytics\+ads$/);
          await sleep(500);
          v.hits.length = 0;
          // services.html, not contacts.html: its lazy map may load long after the visit.
          await v.open('/services.html');
          assert.equal(await v.evaluate(bannerShown), null, 'no banner for a decided visitor');
          assert.ok(await until(ran, 10000), `the trackers run on the next page: ${hosts(v.hits)}`);
          const agreed = (await v.evaluate(() => window.soglasie.consent())).policy;
          await sleep(500);
          routes['/soglasie.json'] = json({ ...DEMO_CONFIG, policy: { ...DEMO_CONFIG.policy, revision: '2026-12-15' } });
          v.hits.length = 0;
          await v.open('/');
          let heading = null;
          await until(async () => (heading = await v.evaluate(bannerShown)) !== null, 5000);
          assert.match(heading ?? '', /Мы обновили/);
          await sleep(800);
          assert.deepEqual(v.hits, [], 'no tracker request until the visitor agrees to the new policy');
          const consent = await v.evaluate(() => window.soglasie.consent());
          assert.equal(consent.decided, false);
          assert.notEqual(consent.policy, agreed);
        } finally {
          await v.close();
        }
      });

      for (const [name, body] of Object.entries(badConfig)) {
        test(`${name}: no banner, ready resolves undecided, nothing optional even after accept()`, async () => {
          const v = await browser.newVisitor({ '/soglasie.json': { contentType: 'application/json', body } });
          try {
            await v.open('/');
            await sleep(400);
            assert.equal(await v.evaluate(() => document.querySelectorAll('[data-soglasie="banner"]').length), 0);
            assert.deepEqual(await v.evaluate(() => window.soglasie.consent()), { decided: false, categories: ['necessary'], policy: '', at: null, id: null, sensitive: false });
            await v.evaluate(() => window.soglasie.accept('all'));
            await sleep(400);
            assert.deepEqual(v.hits, []);
            if (browser.name !== 'webkit') {
              assert.equal(v.consoleLines.filter((l) => l.includes('soglasie: config')).length, 1, v.consoleLines.join('\n'));
            }
          } finally {
            await v.close();
          }
        });
      }

      for (const [name, answer] of Object.entries(breakWasm)) {
        test(`Wasm fails (${name}): trackers stay held, the page works, one line, a fallback notice`, async () => {
          const v = await browser.newVisitor({ '/soglasie/soglasie.wasm': answer });
          try {
            await v.open('/fixtures/unmarked.html');
            await sleep(600);
            assert.deepEqual(v.hits, []);
            assert.equal(await v.evaluate(() => window.ownLoaded), true, 'the site\'s own work goes on');
            if (browser.name !== 'webkit') {
              const lines = v.consoleLines.filter((l) => l.includes('soglasie: could not start'));
              assert.equal(lines.length, 1, v.consoleLines.join('\n'));
            }
            const link = () => document.querySelector('[data-soglasie="fallback"]')?.shadowRoot?.querySelector('a')?.getAttribute('href') ?? null;
            let href = null;
            await until(async () => (href = await v.evaluate(link)) !== null, 5000);
            assert.equal(href, '/privacy.html', 'the notice links the policy');
            assert.deepEqual(await v.evaluate(() => window.soglasie.consent()), { decided: false, categories: ['necessary'], policy: '', at: null, id: null, sensitive: false });
            await v.evaluate(() => window.soglasie.accept('all'));
            await sleep(300);
            assert.deepEqual(v.hits, [], 'accept() cannot release anything without the engine');
          } finally {
            await v.close();
          }
        });
      }

      test('strict CSP with nonce: banner, preferences, consent and release all work', async () => {
        const page = { contentType: 'text/html; charset=utf-8', body: fixture('csp.html'), headers: { 'Content-Security-Policy': CSP } };
        const v = await browser.newVisitor({ '/fixtures/csp.html': page });
        try {
          await v.open('/fixtures/csp.html');
          await v.click('customize');
          assert.ok(await dialogIs(v), 'the preferences opened');
          await v.click('close', 'preferences');
          assert.ok(await dialogIs(v, false), 'and closed');
          await v.click('accept');
          const seen = () => v.hits.map((h) => h.host + h.path);
          assert.ok(await until(() => seen().some((s) => s.startsWith('mc.yandex.ru/watch/44444444')), 10000), seen().join('\n'));
          assert.ok(seen().includes('vk.com/rtrg?p=VK-RTRG-csp'), seen().join('\n'));
          assert.equal(await v.evaluate(() => document.querySelector('script[data-service=yandex_metrika]').nonce), 'r4nd0m');
          assert.deepEqual(v.consoleLines.filter((l) => /Content Security Policy|Refused/.test(l)), []);
        } finally {
          await v.close();
        }
      });

      test('axe-core finds no violations: banner and preferences', async () => {
        const v = await browser.newVisitor();
        try {
          await v.open('/');
          assert.deepEqual(await axeViolations(v.evaluate, 'banner'), []);
          await v.click('customize');
          assert.ok(await dialogIs(v));
          assert.deepEqual(await axeViolations(v.evaluate, 'preferences'), []);
        } finally {
          await v.close();
        }
      });

      test('keyboard only: accept, decline, and a custom choice', async () => {
        for (const [button, expected] of [['Принять все', ['necessary', 'functional', 'analytics', 'ads']], ['Отклонить', ['necessary']]]) {
          const v = await browser.newVisitor();
          try {
            await v.open('/');
            await tabTo(v, button);
            await v.press('Enter');
            const consent = await v.evaluate(() => window.soglasie.consent());
            assert.equal(consent.decided, true, button);
            assert.deepEqual(consent.categories, expected, button);
          } finally {
            await v.close();
          }
        }
        const v = await browser.newVisitor();
        try {
          await v.open('/');
          await tabTo(v, 'Настроить');
          await v.press('Enter');
          assert.ok(await dialogIs(v));
          // Focus moved into the dialog; Esc closes it without deciding and returns focus.
          assert.equal(await focusedPart(v), 'preferences');
          await v.press('Escape');
          assert.ok(await dialogIs(v, false), 'Esc closed the dialog');
          assert.equal((await v.evaluate(() => window.soglasie.consent())).decided, false);
          await until(async () => (await focusedText(v.evaluate)) === 'Настроить', 1000);
          assert.equal(await focusedText(v.evaluate), 'Настроить', 'focus given back');
          // Again, and this time choose analytics only.
          await v.press('Enter');
          assert.ok(await dialogIs(v));
          await tabTo(v, 'Аналитические');
          await v.press('Space');
          await tabTo(v, 'Сохранить выбор');
          // Tab from the last control wraps to the first one, staying inside the dialog.
          await v.press('Tab');
          assert.equal(await focusedPart(v), 'preferences');
          assert.equal(await focusedText(v.evaluate), 'Закрыть');
          await tabTo(v, 'Сохранить выбор', { shift: true });
          await v.press('Enter');
          const consent = await v.evaluate(() => window.soglasie.consent());
          assert.deepEqual(consent.categories, ['necessary', 'analytics']);
        } finally {
          await v.close();
        }
      });
    });
  }
});
