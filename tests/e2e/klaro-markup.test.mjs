// Markup written for Klaro works as is, in Chromium, Firefox ESR and WebKit: elements that name a
// service (`data-name`, with `type="text/plain"` and `data-type` on scripts, `data-src`) are
// held for the category the config gives that service (`yandexMetrika` is `yandex_metrika`),
// released once it is allowed, and an unknown name stays held.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENGINES } from './browsers.mjs';
import { until } from './harness.mjs';
import { EXPECTED_HITS } from '../../tools/fake-trackers.mjs';

const DEMO = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));
const { sensitive: _paths, ...PLAIN } = DEMO;
// Klaro's own example markup, with the names a Klaro config would give these services.
const PAGE = `<!doctype html><html lang="ru"><head><meta charset="utf-8">
<script src="/soglasie/soglasie.js" data-config="/soglasie.json"></script>
<title>Клиника</title></head><body><h1>Клиника</h1>
<script type="text/plain" data-type="text/javascript" data-name="yandexMetrika">
  (function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};
  m[i].l=1*new Date();k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)})
  (window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");
  ym(44444444, "init", {});
</script>
<script type="text/plain" data-type="text/javascript" data-name="top-mail-ru" data-src="https://top-fwz1.mail.ru/js/code.js"></script>
<img data-name="vk_pixel" data-src="https://vk.com/rtrg?p=VK-RTRG-KLARO" alt="">
<script type="text/plain" data-type="text/javascript" data-name="intercom">window.unknownRan = true;</script>
</body></html>`;
const json = (config) => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify(config) });
const key = (h) => h.host + h.path;

describe('Klaro markup', { concurrency: ENGINES.length }, () => {
  for (const [label, launcher] of ENGINES) {
    test(`in ${label}: held until its service's category is allowed; an unknown name stays held`, async () => {
      const browser = await launcher();
      try {
        const v = await browser.newVisitor({ '/klaro/': PAGE, '/soglasie.json': json(PLAIN) });
        await v.open('/klaro/');
        await sleep(300);
        assert.deepEqual(v.hits.map(key), [], 'nothing before a decision');
        const states = () => v.evaluate(() => [...document.querySelectorAll('[data-name]')].map((e) => `${e.dataset.name} ${e.dataset.soglasieState}`));
        assert.deepEqual(await states(), ['yandexMetrika held', 'top-mail-ru held', 'vk_pixel held', 'intercom held']);

        await v.evaluate(() => window.soglasie.accept(['analytics']));
        assert.ok(await until(() => EXPECTED_HITS.yandex_metrika.every((p) => v.hits.some((h) => p.test(key(h)))), 10000), 'Метрика runs');
        await sleep(300);
        assert.deepEqual(v.hits.filter((h) => /mail\.ru|vk\.com/.test(h.host)).map(key), [], 'ads wait');

        await v.evaluate(() => window.soglasie.accept('all'));
        assert.ok(await until(() => v.hits.some((h) => key(h) === 'vk.com/rtrg?p=VK-RTRG-KLARO') && v.hits.some((h) => key(h) === 'top-fwz1.mail.ru/js/code.js'), 10000), 'ads run once allowed');
        assert.deepEqual(await states(), ['yandexMetrika released', 'top-mail-ru released', 'vk_pixel released', 'intercom held']);
        assert.equal(await v.evaluate(() => window.unknownRan ?? false), false);
        await v.close();
      } finally {
        await browser.close();
      }
    });
  }
});
