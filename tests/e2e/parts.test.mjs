// The module in parts (src/web/later.rs), in Chromium and Firefox ESR: a first visit fetches
// only what the banner and the gate need; the part loaded when used comes when the page is
// idle, or at «Настроить»; the diagnostics part only for a config that needs it; and a part
// that cannot be loaded fails closed — one console line, nothing optional runs, the banner's
// «Принять все» and «Отклонить» still work.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchChromium, launchFirefox } from './browsers.mjs';

const DEMO_CONFIG = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));
const LATER = '/soglasie/soglasie-later.wasm';
const DIAGNOSTICS = '/soglasie/soglasie-diagnostics.wasm';
const SHARED = 'soglasie-shared-declaration-later.wasm';
const missing = { status: 404, contentType: 'text/plain', body: 'not found' };

/** The dist/ files `requested` holds, by name, in the order first asked for. */
function distFiles(requested) {
  return [...new Set(requested.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/soglasie/')).map((p) => p.slice('/soglasie/'.length)))];
}

/** Polls `check(arg)` in the page until it holds or 5 s pass; answers whether it held. */
async function until(visitor, check, arg) {
  for (const end = Date.now() + 5000; Date.now() < end;) {
    if (await visitor.evaluate(check, arg)) return true;
    await visitor.wait(50);
  }
  return false;
}

const shown = (part) => {
  const host = document.querySelector(`[data-soglasie="${part}"]`);
  return !!host && !host.hidden;
};
const dialogOpen = () => !!document.querySelector('[data-soglasie="preferences"]')?.shadowRoot?.querySelector('dialog[open]');
const ourLines = (visitor) => visitor.consoleLines.filter((l) => l.includes('soglasie'));

describe('the module in parts', { concurrency: 2 }, () => {
  for (const [label, launcher] of [['Chromium', launchChromium], ['Firefox ESR', launchFirefox]]) {
    test(`in ${label}`, async (t) => {
      const browser = await launcher();
      try {
        await t.test('a first visit fetches the banner\'s files; the rest comes when idle; the diagnostics never', async () => {
          const visitor = await browser.newVisitor();
          await visitor.open('/');
          assert.ok(await until(visitor, shown, 'banner'), 'the banner');
          // The glue and the .wasm are asked for at once, in either order.
          assert.deepEqual(distFiles(visitor.requested).slice(0, 3).sort(), ['soglasie-app.js', 'soglasie.js', 'soglasie.wasm']);
          for (let i = 0; i < 100 && !distFiles(visitor.requested).includes('soglasie-later.wasm'); i++) await visitor.wait(50);
          // With the code it shares with the declaration's part (tools/build.mjs).
          assert.deepEqual(distFiles(visitor.requested).slice(3).sort(), ['soglasie-later.wasm', SHARED]);
          // Prefetched: «Настроить» opens the dialog without another request.
          await visitor.click('customize');
          assert.ok(await until(visitor, dialogOpen), 'the dialog');
          for (const part of ['soglasie-later.wasm', SHARED]) assert.equal(visitor.requested.filter((u) => u.includes(part)).length, 1, part);
          assert.deepEqual(ourLines(visitor), []);
          await visitor.close();
        });

        await t.test('the part fails to load: one line, the banner stays and still decides', async () => {
          const visitor = await browser.newVisitor({ [LATER]: missing });
          await visitor.open('/');
          assert.ok(await until(visitor, shown, 'banner'));
          await visitor.click('customize');
          for (let i = 0; i < 100 && ourLines(visitor).length === 0; i++) await visitor.wait(50);
          await visitor.wait(300);
          assert.deepEqual(ourLines(visitor), ['soglasie: the preferences dialog could not be shown (its part of soglasie\'s module could not be loaded)']);
          assert.equal(await visitor.evaluate(dialogOpen), false);
          assert.equal(await visitor.evaluate(shown, 'banner'), true, 'the banner is back');
          assert.deepEqual(visitor.hits, [], 'nothing optional ran');
          await visitor.click('accept');
          assert.ok(await until(visitor, () => window.soglasie.consent().decided));
          assert.deepEqual((await visitor.evaluate(() => window.soglasie.consent())).categories, ['necessary', 'functional', 'analytics', 'ads']);
          assert.ok(await until(visitor, () => document.cookie.includes('soglasie=1.')), 'the choice is kept');
          await visitor.wait(500);
          assert.ok(visitor.hits.some((h) => h.host === 'mc.yandex.ru'), 'and then the allowed trackers run');
          await visitor.close();

          const decliner = await browser.newVisitor({ [LATER]: missing });
          await decliner.open('/');
          assert.ok(await until(decliner, shown, 'banner'));
          await decliner.click('decline');
          assert.ok(await until(decliner, () => document.cookie.includes('soglasie=1.')));
          assert.deepEqual((await decliner.evaluate(() => window.soglasie.consent())).categories, ['necessary']);
          await decliner.wait(500);
          assert.deepEqual(decliner.hits, []);
          await decliner.close();
        });

        await t.test('a config of the wrong shape is named by the diagnostics part, fetched for it alone', async () => {
          const { services, ...rest } = DEMO_CONFIG;
          const config = { contentType: 'application/json', body: JSON.stringify({ ...rest, servises: services }) };
          const visitor = await browser.newVisitor({ '/soglasie.json': config });
          await visitor.open('/');
          assert.deepEqual(ourLines(visitor), ['soglasie: config.servises: unknown field (did you mean "services"?)'], 'said before ready');
          assert.ok(distFiles(visitor.requested).includes('soglasie-diagnostics.wasm'));
          assert.equal((await visitor.evaluate(() => window.soglasie.consent())).decided, false);
          await visitor.wait(300);
          assert.deepEqual(visitor.hits, []);
          await visitor.close();

          const unexplained = await browser.newVisitor({ '/soglasie.json': config, [DIAGNOSTICS]: missing });
          await unexplained.open('/');
          const lines = ourLines(unexplained);
          assert.equal(lines.length, 1, lines.join('\n'));
          assert.match(lines[0], /^soglasie: the config is not a soglasie config, and what is wrong could not be said \(.+\); nothing optional will run$/);
          await unexplained.evaluate(() => window.soglasie.accept('all'));
          await unexplained.wait(500);
          assert.deepEqual(unexplained.hits, []);
          await unexplained.close();
        });

        await t.test('a server that sends .wasm as application/octet-stream: the parts still load', async () => {
          const bytes = readFileSync(new URL('../../dist/soglasie-later.wasm', import.meta.url));
          const visitor = await browser.newVisitor({ [LATER]: { contentType: 'application/octet-stream', body: bytes } });
          await visitor.open('/');
          assert.ok(await until(visitor, shown, 'banner'));
          await visitor.click('customize');
          assert.ok(await until(visitor, dialogOpen), 'the dialog');
          assert.deepEqual(ourLines(visitor), []);
          await visitor.close();
        });
      } finally {
        await browser.close();
      }
    });
  }
});
