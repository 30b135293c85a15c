// The policy's cookie section live on the privacy page (`<div data-soglasie="declaration">`),
// in Chromium, Firefox ESR and WebKit (there without the tests that need a second tab or the
// console, which its driver does not give: webkit.mjs): it renders from the config the page runs, says the visitor's
// choice now, its button opens the preferences, it follows a change in this tab and in another
// and a withdrawal; axe finds nothing; its text is the command line's for the same config
// (`soglasie policy`); and a page without the element never fetches its part.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ENGINES } from './browsers.mjs';
import { axeViolations, until } from './harness.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const DECLARATION = '[data-soglasie="declaration"]';
const PART = 'soglasie-declaration.wasm';
const SHARED = 'soglasie-shared-declaration-later.wasm';

/** `soglasie policy` for the demo's config (cargo builds the command if needed). */
function written() {
  const run = spawnSync('cargo', ['run', '--quiet', '--bin', 'soglasie', '--', 'policy', '--config', 'www/demo/soglasie.json'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** In the page: each block's and cell's text of `html` (the element's own when not given),
 * whitespace as one space, the live lines (`sg-live`) left out unless `live`. */
function blocks({ html, live = false }) {
  const box = document.createElement('div');
  box.innerHTML = html ?? document.querySelector('[data-soglasie="declaration"]').innerHTML;
  if (!live) box.querySelectorAll('.sg-live').forEach((e) => e.remove());
  return [...box.querySelectorAll('h2, h3, p, th, td')].map((e) => e.textContent.replace(/\s+/g, ' ').trim());
}

/** In the page: the live lines, by category (`consent` for the consent's own line). */
function liveLines() {
  const lines = {};
  for (const e of document.querySelectorAll('[data-soglasie="declaration"] .sg-live')) {
    lines[e.dataset.sgFor || 'consent'] = e.textContent.replace(/\s+/g, ' ');
  }
  return lines;
}

const dialogOpen = () => !!document.querySelector('[data-soglasie="preferences"]')?.shadowRoot?.querySelector('dialog[open]');
const NOT_ALLOWED = 'Ваш выбор: не разрешены.';
const ALLOWED = 'Ваш выбор: разрешены.';
const UNDECIDED = 'Вы ещё не сделали выбор: работают только необходимые cookie.';
const every = (line) => ({ functional: line, analytics: line, ads: line });
const MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/** The consent's line for `consent()` as the page has it: its date and time (UTC), its id. */
function chosen({ at, id }) {
  const d = new Date(at);
  return `Ваш выбор сделан ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} г. в ${at.slice(11, 16)} UTC, номер согласия: ${id}.`;
}

/** Waits until the visitor's (or tab's) live lines are `expected`; answers the lines. */
async function linesBecome(page, expected) {
  const same = async () => JSON.stringify(await page.evaluate(liveLines)) === JSON.stringify(expected);
  await until(same, 5000);
  return page.evaluate(liveLines);
}

const fileNames = (requested) => requested.map((u) => new URL(u).pathname.split('/').pop());

describe('the declaration on the privacy page', { concurrency: 2 }, () => {
  for (const [label, launcher] of ENGINES) {
    test(`in ${label}`, async (t) => {
      const browser = await launcher();
      // WebKit's visitors have one tab and no console lines (webkit.mjs).
      const webkitSkips = browser.name === 'webkit' && 'WebKitWebDriver: one tab, no console';
      try {
        await t.test('renders from the config with the choice now, says what the command line writes, and axe finds nothing', async () => {
          const v = await browser.newVisitor();
          await v.open('/privacy.html');
          assert.deepEqual(await linesBecome(v, { ...every(NOT_ALLOWED), consent: UNDECIDED }), { ...every(NOT_ALLOWED), consent: UNDECIDED });
          const live = await v.evaluate(blocks, {});
          const cli = await v.evaluate(blocks, { html: written() });
          assert.ok(cli.length > 40, `the command line's section has its blocks (${cli.length})`);
          assert.deepEqual(live, cli);
          // The module wrote it: the page was served without the live lines.
          const served = await v.evaluate(async () => (await fetch('/privacy.html')).text());
          assert.ok(served.includes('<div data-soglasie="declaration">') && !served.includes('sg-live'));
          assert.deepEqual(await axeViolations(v.evaluate, 'declaration'), []);
          if (!webkitSkips) assert.deepEqual(v.consoleLines.filter((l) => l.includes('soglasie')), []);
          assert.deepEqual(v.hits, [], 'nothing tracked before a choice');
          await v.close();
        });

        await t.test('its button opens the preferences; a choice there shows at once, and focus comes back to the button', async () => {
          const v = await browser.newVisitor();
          await v.open('/privacy.html');
          await linesBecome(v, { ...every(NOT_ALLOWED), consent: UNDECIDED });
          await v.clickOn(`${DECLARATION} button[data-soglasie-open="preferences"]`);
          assert.ok(await until(() => v.evaluate(dialogOpen), 5000), 'the preferences dialog');
          await v.evaluate(() => document.querySelector('[data-soglasie="preferences"]').shadowRoot.querySelector('#c-analytics').click());
          await v.click('save', 'preferences');
          const consent = await v.evaluate(() => window.soglasie.consent());
          const expected = { functional: NOT_ALLOWED, analytics: ALLOWED, ads: NOT_ALLOWED, consent: chosen(consent) };
          assert.deepEqual(await linesBecome(v, expected), expected);

          // By keyboard: the same button, still in the page after the section followed the
          // choice, has the focus again (the section's lines change in place).
          await v.evaluate(() => { window.theButton = document.querySelector('[data-soglasie="declaration"] .sg-change'); window.theButton.focus(); });
          await v.press('Enter');
          assert.ok(await until(() => v.evaluate(dialogOpen), 5000), 'the preferences dialog, by keyboard');
          await v.evaluate(() => document.querySelector('[data-soglasie="preferences"]').shadowRoot.querySelector('#c-ads').click());
          await v.click('save', 'preferences');
          await linesBecome(v, { ...expected, ads: ALLOWED, consent: chosen(await v.evaluate(() => window.soglasie.consent())) });
          assert.ok(await until(() => v.evaluate(() => document.activeElement === window.theButton && window.theButton.isConnected), 1000), 'focus is back on the section\'s button');
          await v.close();
        });

        await t.test('follows a choice made in another tab, and a withdrawal', { skip: webkitSkips }, async () => {
          const v = await browser.newVisitor();
          await v.open('/privacy.html');
          await linesBecome(v, { ...every(NOT_ALLOWED), consent: UNDECIDED });
          const other = await v.openTab('/privacy.html');
          await other.evaluate(() => window.soglasie.accept('all'));
          const consent = await other.evaluate(() => window.soglasie.consent());
          const expected = { ...every(ALLOWED), consent: chosen(consent) };
          assert.deepEqual(await linesBecome(v, expected), expected);
          // Withdrawn here: both tabs say there is no choice.
          await v.evaluate(() => window.soglasie.reset());
          assert.deepEqual(await linesBecome(v, { ...every(NOT_ALLOWED), consent: UNDECIDED }), { ...every(NOT_ALLOWED), consent: UNDECIDED });
          assert.deepEqual(await linesBecome(other, { ...every(NOT_ALLOWED), consent: UNDECIDED }), { ...every(NOT_ALLOWED), consent: UNDECIDED });
          await other.close();
          await v.close();
        });

        await t.test('follows a withdrawal on the page', async () => {
          const v = await browser.newVisitor();
          await v.open('/privacy.html');
          await linesBecome(v, { ...every(NOT_ALLOWED), consent: UNDECIDED });
          await v.evaluate(() => window.soglasie.accept('all'));
          const expected = { ...every(ALLOWED), consent: chosen(await v.evaluate(() => window.soglasie.consent())) };
          assert.deepEqual(await linesBecome(v, expected), expected);
          await v.evaluate(() => window.soglasie.reset());
          assert.deepEqual(await linesBecome(v, { ...every(NOT_ALLOWED), consent: UNDECIDED }), { ...every(NOT_ALLOWED), consent: UNDECIDED });
          await v.close();
        });

        await t.test('its part fails to load: one line, and the section the page was served stays', { skip: webkitSkips }, async () => {
          const v = await browser.newVisitor({ [`/soglasie/${PART}`]: { status: 404, contentType: 'text/plain', body: 'not found' } });
          await v.open('/privacy.html');
          const ours = () => v.consoleLines.filter((l) => l.includes('soglasie'));
          assert.ok(await until(() => ours().length > 0, 5000));
          await v.wait(300);
          assert.deepEqual(ours(), ["soglasie: the policy's cookie section could not be shown (its part of soglasie's module could not be loaded)"]);
          assert.deepEqual(await v.evaluate(liveLines), {});
          assert.deepEqual(await v.evaluate(blocks, {}), await v.evaluate(blocks, { html: written() }));
          await v.close();
        });

        await t.test('only a page with the element fetches its part', async () => {
          const v = await browser.newVisitor();
          for (const page of ['/', '/services.html']) {
            await v.open(page);
            // Until the part loaded when used has come (the page is idle): nothing more follows.
            assert.ok(await until(() => fileNames(v.requested).includes('soglasie-later.wasm'), 5000), page);
            await v.wait(300);
            assert.ok(!fileNames(v.requested).includes(PART), `${page}: ${fileNames(v.requested).join(' ')}`);
          }
          await v.close();
          // A visitor of its own, so nothing comes from the HTTP cache.
          const reader = await browser.newVisitor();
          await reader.open('/privacy.html');
          const here = () => fileNames(reader.requested);
          assert.ok(await until(() => here().includes(PART) && here().includes('soglasie-later.wasm'), 5000), here().join(' '));
          await reader.wait(300);
          // Each once: the code the section shares with the second part too, whichever asked first.
          for (const file of [PART, SHARED]) assert.equal(here().filter((f) => f === file).length, 1, `${file}: ${here().join(' ')}`);
          await reader.close();
        });
      } finally {
        await browser.close();
      }
    });
  }
});
