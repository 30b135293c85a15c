// What must work the same in every engine besides blocking (which tests/e2e/matrix.test.mjs
// proves): the preferences dialog, which the module builds with web-sys, in Chromium, Firefox
// ESR and WebKit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES } from './browsers.mjs';

/** Whether the preferences dialog is open, looked for inside its open shadow root. */
const dialogOpen = () => !!document.querySelector('[data-soglasie="preferences"]')?.shadowRoot?.querySelector('dialog[open] [data-action="save"]');

describe('every engine', { concurrency: ENGINES.length }, () => {
  for (const [label, launcher] of ENGINES) {
    test(`in ${label}: «Настроить» opens the dialog, a choice made there is saved`, async () => {
      const browser = await launcher();
      try {
        const visitor = await browser.newVisitor();
        await visitor.open('/');
        await visitor.click('customize');
        let open = false;
        for (let i = 0; i < 100 && !open; i++) {
          open = await visitor.evaluate(dialogOpen);
          if (!open) await visitor.wait(50);
        }
        assert.ok(open, 'the preferences dialog opened');
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
        await visitor.close();
      } finally {
        await browser.close();
      }
    });
  }
});
