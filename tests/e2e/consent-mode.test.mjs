// Google Consent Mode v2 in Chromium, Firefox ESR and WebKit: with `"googleConsentMode": true` the
// dataLayer that the official gtag snippet fills — and gtag.js reads, in order — starts with
// `gtag('consent', 'default', …denied)`, ahead of the snippet's own `js` and `config`, and
// gets `gtag('consent', 'update', …)` on every decision; a returning visitor's choice follows
// the default at once. Without the member soglasie adds nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ENGINES } from './browsers.mjs';
import { until } from './harness.mjs';
import { SNIPPETS } from './snippets.mjs';

const DEMO = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));
const { sensitive: _paths, ...PLAIN } = DEMO;
const SERVICES = [...PLAIN.services, 'google_analytics', 'google_ads'];
const GA4 = SNIPPETS.find((s) => s.id === 'google_analytics').snippet;
const PAGE = `<!doctype html><html lang="ru"><head><meta charset="utf-8">
<script src="/soglasie/soglasie.js" data-config="/soglasie.json"></script>
<title>Клиника</title>
${GA4}
</head><body><h1>Клиника</h1></body></html>`;
const json = (config) => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify(config) });

const DENIED = {
  ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
  functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'granted',
};
const DEFAULT = ['consent', 'default', { ...DENIED, wait_for_update: 500 }];
const ANALYTICS_ONLY = ['consent', 'update', { ...DENIED, analytics_storage: 'granted' }];
const NOTHING = ['consent', 'update', DENIED];
const SNIPPET_CALLS = [['js'], ['config', 'G-XXXXXXXXXX']];

/** The dataLayer as gtag.js reads it: the `arguments` objects `gtag(…)` pushed, as arrays
 * (`js`'s date left out), and whether every entry is such an object. */
const layer = (v) => v.evaluate(() => {
  const entries = window.dataLayer || [];
  const isArguments = (e) => Object.prototype.toString.call(e) === '[object Arguments]';
  return {
    allArguments: entries.every(isArguments),
    calls: entries.filter(isArguments).map((e) => (e[0] === 'js' ? ['js'] : Array.from(e))),
  };
});

describe('Google Consent Mode v2', { concurrency: ENGINES.length }, () => {
  for (const [label, launcher] of ENGINES) {
    describe(label, () => {
      let browser;
      before(async () => { browser = await launcher(); });
      after(async () => { await browser?.close(); });

      test('the default comes first, the choice follows on every decision and on the next page', async () => {
        const v = await browser.newVisitor({ '/gcm/': PAGE, '/soglasie.json': json({ ...PLAIN, services: SERVICES, googleConsentMode: true }) });
        try {
          await v.open('/gcm/');
          let seen = await layer(v);
          assert.equal(seen.allArguments, true, 'gtag.js reads arguments objects only');
          assert.deepEqual(seen.calls, [DEFAULT, ...SNIPPET_CALLS], 'before a decision');
          assert.deepEqual(v.hits.filter((h) => /google-analytics|doubleclick/.test(h.host)), [], 'nothing sent before a decision');

          await v.evaluate(() => window.soglasie.accept(['analytics']));
          // gtag.js runs now (analytics allowed) and reads the queue in order.
          assert.ok(await until(() => v.hits.some((h) => h.host === 'www.google-analytics.com'), 10000), 'GA4 reports once allowed');
          seen = await layer(v);
          assert.deepEqual(seen.calls, [DEFAULT, ...SNIPPET_CALLS, ANALYTICS_ONLY]);

          await v.evaluate(() => window.soglasie.decline());
          seen = await layer(v);
          assert.deepEqual(seen.calls.at(-1), NOTHING, 'withdrawal');

          await v.evaluate(() => window.soglasie.accept(['analytics']));
          await v.open('/gcm/');
          seen = await layer(v);
          assert.deepEqual(seen.calls.slice(0, 4), [DEFAULT, ANALYTICS_ONLY, ...SNIPPET_CALLS], 'a returning visitor: the stored choice right after the default');
        } finally {
          await v.close();
        }
      });

      test('without googleConsentMode soglasie adds nothing to the dataLayer', async () => {
        const v = await browser.newVisitor({ '/gcm/': PAGE, '/soglasie.json': json({ ...PLAIN, services: SERVICES }) });
        try {
          await v.open('/gcm/');
          await v.evaluate(() => window.soglasie.accept('all'));
          assert.deepEqual((await layer(v)).calls, SNIPPET_CALLS);
        } finally {
          await v.close();
        }
      });
    });
  }
});
