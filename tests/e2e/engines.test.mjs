// What must work the same in every engine besides blocking (which tests/e2e/matrix.test.mjs
// proves): the dialog — its accessibility (axe-core; keyboard only: Tab, Enter, Space, Esc,
// focus kept inside the preferences and given back) and the preferences dialog, which the
// module builds with web-sys — in Chromium, Firefox ESR and WebKit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './browsers.mjs';
import { axeViolations, focusedText, tabTo } from './harness.mjs';

/** Whether the preferences dialog is open, looked for inside its open shadow root. */
const dialogOpen = () => !!document.querySelector('[data-soglasie="preferences"]')?.shadowRoot?.querySelector('dialog[open] [data-action="save"]');

/** Waits up to 5 s for `v`'s preferences dialog to be open (or, with `open: false`, closed). */
async function dialogIs(v, open = true) {
  for (let i = 0; i < 100; i++) {
    if ((await v.evaluate(dialogOpen)) === open) return true;
    await v.wait(50);
  }
  return false;
}

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
          for (let i = 0; i < 20 && (await focusedText(v.evaluate)) !== 'Настроить'; i++) await v.wait(50);
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
