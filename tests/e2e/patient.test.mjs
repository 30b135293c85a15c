// Pages about illnesses (issue 21), in Chromium, Firefox ESR and WebKit: on a sensitive page — a path
// of `config.sensitive.paths`, or a page with <meta name="soglasie" content="sensitive"> —
// the held categories (ads) never run, whatever the visitor allowed, marked up or not, while
// analytics runs as allowed; the page's address does not leave it as a referrer; the dialog
// says what such pages hold. And the re-prompt after a policy change lists what changed, only
// when the consent record is the one behind the visitor's cookie. Every check has a control
// that shows it could fail: the same page at an ordinary path, or the same record untouched.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { ENGINES } from './browsers.mjs';
import { CHROMIUM_ARGS, axeViolations, until } from './harness.mjs';
import { SNIPPETS } from './snippets.mjs';
import { EXPECTED_HITS } from '../../tools/fake-trackers.mjs';
import { startServers } from '../../tools/serve.mjs';

const DEMO = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));
/** The demo site's config without a `sensitive` member, and with one for the test paths. */
const { sensitive: _demoPaths, ...PLAIN } = DEMO;
const SITE = { ...PLAIN, sensitive: { paths: ['/uslugi/venerologiya/*'] } };

/** Marked-up Метрика (analytics), Top@Mail.ru and VK pixel (ads), a link to `/uslugi/terapiya/`. */
const PAGE = readFileSync(new URL('./fixtures/patient.html', import.meta.url), 'utf8');
const SENSITIVE = '/uslugi/venerologiya/analiz-na-vich/';
const ORDINARY = '/uslugi/terapiya/priem/';
const NEXT = '/uslugi/terapiya/';
const DECLARE = '<meta name="soglasie" content="sensitive">';
const declared = (html) => html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n${DECLARE}`);

const snippet = (id) => SNIPPETS.find((s) => s.id === id).snippet;
/** The official Метрика and Top@Mail.ru snippets, not marked up. */
const UNMARKED = `<!doctype html><html lang="ru"><head><meta charset="utf-8">
<script src="/soglasie/soglasie.js" data-config="/soglasie.json"></script>
<title>Без разметки</title>
${snippet('yandex_metrika')}
${snippet('top_mail_ru')}
</head><body><h1>Без разметки</h1></body></html>`;
/** The inline code of the official VK pixel snippet, for inserting it after load. */
const VK_CODE = /<script[^>]*>([\s\S]*?)<\/script>/.exec(snippet('vk_pixel'))[1];
const BARE = '<!doctype html><html lang="ru"><head><meta charset="utf-8"><script src="/soglasie/soglasie.js" data-config="/soglasie.json"></script><title>Клиника</title></head><body><h1>Клиника</h1></body></html>';

const json = (config) => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify(config) });
const ALL = ['necessary', 'functional', 'analytics', 'ads'];
const ADS_HOSTS = ['top-fwz1.mail.ru', 'vk.com', 'vk.ru'];
const key = (h) => h.host + h.path;
const isAds = (h) => ADS_HOSTS.includes(h.host);
const seen = (hits, patterns) => patterns.every((p) => hits.some((h) => p.test(key(h))));
const HELD = 'На\u00a0страницах о\u00a0заболеваниях и\u00a0их лечении не\u00a0запускаются никогда, что бы вы ни\u00a0выбрали здесь.';
const UPDATED = 'Мы обновили политику обработки персональных данных';
const LEAD = 'Что изменилось с\u00a0вашего прошлого согласия:';

/** Waits until no tracker request has come for `ms` (the fake answers at once). */
async function quiet(v, ms = 600) {
  let n = -1;
  while (n !== v.hits.length) {
    n = v.hits.length;
    await sleep(ms);
  }
}

/** Waits until `patterns` are all among the hits from index `from` on; fails otherwise. */
async function expectHits(v, patterns, what, from = 0) {
  const ok = await until(() => seen(v.hits.slice(from), patterns), 10000);
  assert.ok(ok, `${what}: expected ${patterns.join(', ')} in\n${v.hits.slice(from).map(key).join('\n')}`);
}

/** The state and live source of each marked-up ads element. */
const adsElements = (v) => v.evaluate(() => [...document.querySelectorAll('[data-category="ads"]')]
  .map((e) => `${e.localName} ${e.dataset.soglasieState} ${e.getAttribute('src') ?? '-'}`));

/** What the banner says: title, aria-describedby, and the list of changes if any. */
async function bannerText(v) {
  const read = () => {
    const root = document.querySelector('[data-soglasie="banner"]')?.shadowRoot;
    const section = root?.querySelector('section');
    if (!section || !root.querySelector('#sg-title')) return null;
    const block = root.querySelector('#sg-changes');
    return {
      title: root.querySelector('#sg-title').textContent,
      describedBy: section.getAttribute('aria-describedby'),
      changes: block && { className: block.className, lead: block.querySelector(':scope > p')?.textContent, lines: [...block.querySelectorAll('ul > li')].map((li) => li.textContent) },
    };
  };
  for (let i = 0; i < 100; i++) {
    const b = await v.evaluate(read);
    if (b) return b;
    await v.wait(50);
  }
  assert.fail('no banner');
}

/** Opens the preferences dialog; returns, per category, the held note's id and text (or null). */
async function heldNotes(v) {
  await v.evaluate(() => window.soglasie.preferences());
  const read = () => {
    const root = document.querySelector('[data-soglasie="preferences"]')?.shadowRoot;
    const items = root ? [...root.querySelectorAll('dialog[open] li.cat')] : [];
    if (!items.length) return null;
    return Object.fromEntries(items.map((li) => {
      const input = li.querySelector('input[role="switch"]');
      const held = li.querySelector(':scope > p.held');
      return [input.value, held && { id: held.id, text: held.textContent, describes: (input.getAttribute('aria-describedby') || '').split(' ').includes(held.id) }];
    }));
  };
  for (let i = 0; i < 100; i++) {
    const notes = await v.evaluate(read);
    if (notes) return notes;
    await v.wait(50);
  }
  assert.fail('the preferences dialog did not open');
}

// The two sensitive forms, and the control: the same page where nothing makes it sensitive.
const FORMS = [
  { name: 'a path of config.sensitive.paths', path: SENSITIVE, config: SITE, page: (html) => html, sensitive: true },
  { name: '<meta name="soglasie" content="sensitive">, no `sensitive` in the config', path: ORDINARY, config: PLAIN, page: declared, sensitive: true },
  { name: 'control: an ordinary path of the same site', path: ORDINARY, config: SITE, page: (html) => html, sensitive: false },
];

describe('sensitive pages', { concurrency: ENGINES.length }, () => {
  for (const [label, launcher] of ENGINES) {
    describe(label, () => {
      let browser;
      before(async () => { browser = await launcher(); });
      after(async () => { await browser?.close(); });

      for (const form of FORMS) {
        test(`marked up, «Принять все» — ${form.name}: ${form.sensitive ? 'ads held, analytics runs' : 'ads run too'}`, async () => {
          const v = await browser.newVisitor({ [form.path]: form.page(PAGE), '/soglasie.json': json(form.config) });
          try {
            await v.open(form.path);
            await v.click('accept');
            await expectHits(v, EXPECTED_HITS.yandex_metrika, 'Метрика');
            if (!form.sensitive) await expectHits(v, [...EXPECTED_HITS.top_mail_ru, ...EXPECTED_HITS.vk_pixel], 'ads on an ordinary page');
            await quiet(v);
            // A marked-up pixel the site adds now, with ads allowed.
            await v.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img data-category="ads" data-service="vk_pixel" data-src="https://vk.com/rtrg?p=VK-RTRG-LATER" alt="">'));
            if (!form.sensitive) await expectHits(v, [/^vk\.com\/rtrg\?p=VK-RTRG-LATER$/], 'marked-up pixel added after load');
            await quiet(v);
            const consent = await v.evaluate(() => window.soglasie.consent());
            assert.deepEqual([consent.decided, consent.categories, consent.sensitive], [true, ALL, form.sensitive]);
            if (form.sensitive) {
              assert.deepEqual(v.hits.filter(isAds).map(key), []);
              assert.deepEqual(await adsElements(v), ['script held -', 'img held -', 'script held -', 'img held -', 'img held -']);
              // As a returning visitor: the same on the next load.
              const from = v.hits.length;
              await v.open(form.path);
              await expectHits(v, EXPECTED_HITS.yandex_metrika, 'Метрика after reload', from);
              await quiet(v);
              assert.deepEqual(v.hits.filter(isAds).map(key), []);
              assert.equal((await v.evaluate(() => window.soglasie.consent())).sensitive, true);
            } else {
              assert.deepEqual(await adsElements(v), [
                'script released -', 'img released https://top-fwz1.mail.ru/counter?id=3333333;js=na',
                'script released -', 'img released https://vk.com/rtrg?p=VK-RTRG-000000-DEMO',
                'img released https://vk.com/rtrg?p=VK-RTRG-LATER',
              ]);
            }
          } finally {
            await v.close();
          }
        });

        test(`unmarked official snippets, one inserted after «Принять все» — ${form.name}: ${form.sensitive ? 'the blocker holds ads' : 'ads run'}`, async () => {
          const v = await browser.newVisitor({ [form.path]: form.page(UNMARKED), '/soglasie.json': json(form.config) });
          try {
            await v.open(form.path);
            await v.click('accept');
            await expectHits(v, EXPECTED_HITS.yandex_metrika, 'Метрика (unmarked)');
            if (!form.sensitive) await expectHits(v, EXPECTED_HITS.top_mail_ru, 'Top@Mail.ru (unmarked)');
            await quiet(v);
            // The VK pixel snippet as a site's script would add it now, with ads allowed.
            await v.evaluate((code) => {
              const s = document.createElement('script');
              s.text = code;
              document.body.append(s);
            }, VK_CODE);
            if (!form.sensitive) await expectHits(v, EXPECTED_HITS.vk_pixel, 'VK pixel inserted after load');
            await quiet(v);
            assert.equal((await v.evaluate(() => window.soglasie.consent())).sensitive, form.sensitive);
            if (form.sensitive) assert.deepEqual(v.hits.filter(isAds).map(key), []);
          } finally {
            await v.close();
          }
        });
      }

      test('the referrer: a sensitive page gives only the origin, to trackers and to the next page; an ordinary page its full address', async () => {
        for (const [first, sensitive] of [[SENSITIVE, true], [ORDINARY, false]]) {
          const v = await browser.newVisitor({ [first]: PAGE, [NEXT]: PAGE, '/soglasie.json': json(SITE) });
          try {
            const origin = new URL(browser.url).origin;
            const firstUrl = origin + first;
            const leaked = sensitive ? origin + '/' : firstUrl;
            await v.open(first);
            const metas = await v.evaluate(() => [...document.head.querySelectorAll('meta[name="referrer"]')].map((m) => m.content));
            assert.deepEqual(metas, sensitive ? ['no-referrer-when-downgrade', 'strict-origin'] : ['no-referrer-when-downgrade'], first);
            await v.click('accept');
            await expectHits(v, EXPECTED_HITS.yandex_metrika, `Метрика on ${first}`);
            // Метрика runs on the sensitive page (analytics allowed): its requests name only the
            // origin. On the ordinary page the site's loose policy sends the full address — in
            // Chromium; Firefox ignores a policy that loosens its default for cross-site requests
            // (network.http.referer.disallowCrossSiteRelaxingDefault), and WebKit cuts every
            // cross-site referrer to the origin (as Safari does): they send the origin anyway.
            const referers = [...new Set(v.hits.filter((h) => h.host === 'mc.yandex.ru').map((h) => h.referer))];
            const sent = browser.name === 'chromium' ? leaked : origin + '/';
            assert.deepEqual(referers, [sent], `Referer of Метрика's requests from ${first}`);
            const from = v.hits.length;
            await v.follow('#next');
            assert.equal(await v.evaluate(() => location.pathname), NEXT);
            assert.equal(await v.evaluate(() => document.referrer), leaked, 'document.referrer on the next page');
            // What the next page's Метрика reports as where the visitor came from.
            const report = /^mc\.yandex\.ru\/watch\/44444444\?page-url=/;
            await expectHits(v, [report], 'Метрика on the next page', from);
            const hit = v.hits.slice(from).find((h) => report.test(key(h)));
            const params = new URL('https://' + key(hit)).searchParams;
            assert.equal(params.get('page-url'), origin + NEXT);
            assert.equal(params.get('page-ref'), leaked, 'page-ref sent by the next page');
            // Back, as a returning visitor: Метрика is released at start, and still names only the origin.
            const back = v.hits.length;
            await v.open(first);
            await expectHits(v, EXPECTED_HITS.yandex_metrika, `Метрика on ${first} again`, back);
            const again = [...new Set(v.hits.slice(back).filter((h) => h.host === 'mc.yandex.ru').map((h) => h.referer))];
            assert.deepEqual(again, [sent], `Referer of Метрика's requests from ${first}, returning:\n${v.hits.slice(back).map((h) => key(h) + ' ← ' + h.referer).join('\n')}`);
          } finally {
            await v.close();
          }
        }
      });

      test('a page that declares itself after soglasie started holds from then on; a looser referrer policy added later is overridden', async () => {
        const v = await browser.newVisitor({ [ORDINARY]: PAGE, [SENSITIVE]: PAGE, [NEXT]: PAGE, '/soglasie.json': json(SITE) });
        try {
          const origin = new URL(browser.url).origin;
          await v.open(ORDINARY);
          await v.click('accept');
          await expectHits(v, [...EXPECTED_HITS.top_mail_ru, ...EXPECTED_HITS.vk_pixel], 'ads before the page declares itself');
          await quiet(v);
          assert.equal((await v.evaluate(() => window.soglasie.consent())).sensitive, false);
          // The parser (or a CMS widget) reaches the meta only now; then a pixel and a snippet come.
          const from = v.hits.length;
          await v.evaluate((code) => {
            document.head.insertAdjacentHTML('beforeend', '<meta name="soglasie" content="sensitive">');
            document.body.insertAdjacentHTML('beforeend', '<img data-category="ads" data-service="vk_pixel" data-src="https://vk.com/rtrg?p=VK-RTRG-LATE-META" alt="">');
            const s = document.createElement('script');
            s.text = code;
            document.body.append(s);
          }, VK_CODE);
          await quiet(v);
          assert.deepEqual(v.hits.slice(from).filter(isAds).map(key), []);
          assert.equal((await v.evaluate(() => window.soglasie.consent())).sensitive, true);
          const metas = () => v.evaluate(() => [...document.head.querySelectorAll('meta[name="referrer"]')].map((m) => m.content));
          assert.deepEqual(await metas(), ['no-referrer-when-downgrade', 'strict-origin']);

          // On a page sensitive by its path, a site's own unsafe-url meta added after ours.
          await v.open(SENSITIVE);
          await v.evaluate(() => document.head.insertAdjacentHTML('beforeend', '<meta name="referrer" content="unsafe-url">'));
          for (let i = 0; i < 100 && (await metas()).length < 4; i++) await v.wait(50);
          assert.deepEqual(await metas(), ['no-referrer-when-downgrade', 'strict-origin', 'unsafe-url', 'strict-origin']);
          await v.follow('#next');
          assert.equal(await v.evaluate(() => document.referrer), origin + '/');
        } finally {
          await v.close();
        }
      });

      test('path patterns as the browser sees them: folder without slash, any case, percent-decoded; nothing else', async () => {
        const config = { ...PLAIN, sensitive: { paths: ['/uslugi/venerologiya/*', '/услуги/анонимно*'] } };
        const cases = [
          ['/uslugi/venerologiya', true],
          ['/USLUGI/Venerologiya/Priem.html', true],
          ['/услуги/анонимно-вич/', true],
          ['/uslugi/venerologiya-old/', false],
          ['/uslugi/', false],
          ['/x/uslugi/venerologiya/', false],
        ];
        const routes = { '/soglasie.json': json(config) };
        for (const [path] of cases) routes[new URL(path, 'http://x').pathname] = BARE;
        const v = await browser.newVisitor(routes);
        try {
          const got = [];
          for (const [path] of cases) {
            await v.open(path);
            got.push([path, (await v.evaluate(() => window.soglasie.consent())).sensitive]);
          }
          assert.deepEqual(got, cases);
        } finally {
          await v.close();
        }
      });

      test('preferences: the held note under ads where the config has `sensitive` or the page declares itself; not otherwise', async () => {
        const expected = { id: 'h-ads', text: HELD, describes: true };
        for (const [name, config, html, ads] of [
          ['config with sensitive, ordinary page', SITE, BARE, expected],
          ['no sensitive in the config, page declares itself', PLAIN, declared(BARE), expected],
          ['control: no sensitive in the config, ordinary page', PLAIN, BARE, null],
        ]) {
          const v = await browser.newVisitor({ [ORDINARY]: html, '/soglasie.json': json(config) });
          try {
            await v.open(ORDINARY);
            assert.deepEqual(await heldNotes(v), { necessary: null, functional: null, analytics: null, ads }, name);
          } finally {
            await v.close();
          }
        }
      });

      test('preferences: `hold` names the held categories', async () => {
        const v = await browser.newVisitor({ [SENSITIVE]: PAGE, '/soglasie.json': json({ ...SITE, sensitive: { paths: SITE.sensitive.paths, hold: ['analytics'] } }) });
        try {
          await v.open(SENSITIVE);
          const notes = await heldNotes(v);
          assert.deepEqual(Object.entries(notes).filter(([, n]) => n).map(([id, n]) => [id, n.id]), [['analytics', 'h-analytics']]);
          await v.evaluate(() => window.soglasie.accept('all'));
          // Now the ads run here and analytics does not.
          await expectHits(v, [...EXPECTED_HITS.top_mail_ru, ...EXPECTED_HITS.vk_pixel], 'ads with hold: [analytics]');
          await quiet(v);
          assert.deepEqual(v.hits.filter((h) => h.host === 'mc.yandex.ru').map(key), []);
        } finally {
          await v.close();
        }
      });

      // The re-prompt's list of changes. A visitor accepts under `before`; the site then serves
      // `after`; `tamper` edits localStorage in between.
      async function reprompt(beforeConfig, afterConfig, tamper) {
        const routes = { [ORDINARY]: BARE, '/soglasie.json': json(beforeConfig) };
        const v = await browser.newVisitor(routes);
        try {
          await v.open(ORDINARY);
          await v.click('accept');
          let record = null;
          for (let i = 0; i < 100 && !record; i++) {
            record = await v.evaluate(() => JSON.parse(localStorage.getItem('soglasie.record')));
            if (!record) await v.wait(20);
          }
          const consent = await v.evaluate(() => window.soglasie.consent());
          assert.deepEqual([record?.version, record?.id, record?.policy], [2, consent.id, consent.policy], 'the record of this decision');
          if (tamper) await v.evaluate(tamper);
          routes['/soglasie.json'] = json(afterConfig);
          await v.open(ORDINARY);
          const c = await v.evaluate(() => window.soglasie.consent());
          assert.equal(c.decided, false, 'another policy hash: no decision');
          assert.notEqual(c.policy, consent.policy);
          return await bannerText(v);
        } finally {
          await v.close();
        }
      }
      const listed = (lines) => ({ title: UPDATED, describedBy: 'sg-text sg-changes', changes: { className: 'changes', lead: LEAD, lines } });

      const OWN = { id: 'own', name: 'Своя статистика', provider: 'ООО «Липовый сквер»', purpose: 'Подсчёт визитов', category: 'analytics' };
      const E1_BEFORE = { ...SITE, categories: ['analytics', 'ads'], services: ['yandex_metrika', 'top_mail_ru', 'vk_pixel', 'liveinternet', OWN] };
      const E1_AFTER = {
        ...SITE,
        operator: { ...SITE.operator, name: 'ООО «Липовый сквер — семейная клиника»' },
        policy: { ...SITE.policy, revision: '2026-12-01' },
        categories: ['functional', 'analytics', 'ads'],
        // Not in id order: the list is.
        services: [{ ...OWN, purpose: 'Подсчёт визитов и звонков' }, 'yandex_metrika', { id: 'liveinternet', category: 'ads' }, 'top_mail_ru', 'jivo'],
      };

      test('re-prompt: operator renamed, revision date, category added, services added, moved, changed, removed', async () => {
        assert.deepEqual(await reprompt(E1_BEFORE, E1_AFTER), listed([
          'Новый оператор персональных данных: ООО «Липовый сквер — семейная клиника»',
          'Новая редакция политики от\u00a01\u00a0декабря 2026\u00a0г.',
          'Новая категория: Функциональные',
          'Новый сервис: Jivo (Функциональные)',
          'Сервис перенесён в\u00a0другую категорию: LiveInternet → Рекламные',
          'Изменились поставщик или цели сервиса: Своя статистика',
          'Больше не используется сервис: Пиксель ВКонтакте',
        ]));
      });

      test('re-prompt: operator details, policy address, category removed, a provider changed, a service removed', async () => {
        const after = {
          ...PLAIN,
          operator: { ...PLAIN.operator, address: 'г. Москва, Липовый проезд, д. 6' },
          policy: { ...PLAIN.policy, url: '/privacy-2026.html' },
          categories: ['analytics', 'ads'],
          services: ['yandex_metrika', 'top_mail_ru', { id: 'vk_pixel', provider: 'ООО «Другой поставщик»' }],
        };
        assert.deepEqual(await reprompt(PLAIN, after), listed([
          'Изменились адрес, e-mail или реквизиты оператора',
          'Изменились адрес или текст политики',
          'Больше не используется категория: Функциональные',
          'Изменились поставщик или цели сервиса: Пиксель ВКонтакте',
          'Больше не используется сервис: Яндекс Карты',
        ]));
      });

      test('re-prompt: ИНН added, a revision that is not a date, data now sent abroad, two services removed in id order', async () => {
        const after = {
          ...PLAIN,
          operator: { ...PLAIN.operator, inn: '7700000000' },
          policy: { ...PLAIN.policy, revision: 'ред. 3' },
          services: ['yandex_maps', { id: 'yandex_metrika', abroad: true }],
        };
        assert.deepEqual(await reprompt(PLAIN, after), listed([
          'Изменились адрес, e-mail или реквизиты оператора',
          'Новая редакция политики: ред. 3',
          'Изменились поставщик или цели сервиса: Яндекс Метрика',
          'Больше не используется сервис: Пиксель VK Рекламы (Top@Mail.ru)',
          'Больше не используется сервис: Пиксель ВКонтакте',
        ]));
      });

      test('re-prompt without a usable record: cleared, terms edited, another id → the title only, no list', async () => {
        for (const [name, tamper] of [
          ['localStorage cleared', () => localStorage.clear()],
          ['terms edited', () => {
            const r = JSON.parse(localStorage.getItem('soglasie.record'));
            r.terms = r.terms.replace('"top_mail_ru"', '"top_mail_rv"');
            localStorage.setItem('soglasie.record', JSON.stringify(r));
          }],
          ['id of another decision', () => {
            const r = JSON.parse(localStorage.getItem('soglasie.record'));
            r.id = (r.id[0] === 'A' ? 'B' : 'A') + r.id.slice(1);
            localStorage.setItem('soglasie.record', JSON.stringify(r));
          }],
        ]) {
          assert.deepEqual(await reprompt(E1_BEFORE, E1_AFTER, tamper), { title: UPDATED, describedBy: 'sg-text', changes: null }, name);
        }
      });

      if (label === 'Chromium') {
        test('axe-core: no violations with the list of changes (banner) and the held note (preferences)', async () => {
          const routes = { [SENSITIVE]: BARE, '/soglasie.json': json(E1_BEFORE) };
          const v = await browser.newVisitor(routes);
          try {
            await v.open(SENSITIVE);
            await v.click('accept');
            routes['/soglasie.json'] = json(E1_AFTER);
            await v.open(SENSITIVE);
            assert.equal((await bannerText(v)).changes.lines.length, 7);
            assert.deepEqual(await axeViolations(v.evaluate, 'banner'), []);
            assert.equal((await heldNotes(v)).ads?.text, HELD);
            assert.deepEqual(await axeViolations(v.evaluate, 'preferences'), []);
          } finally {
            await v.close();
          }
        });
      }

      test('demo site: «Анонимное обследование на ВИЧ» is linked from the services, holds ads, runs Метрика', async () => {
        const v = await browser.newVisitor();
        try {
          await v.open('/services.html');
          await v.follow('a[href="/uslugi/anonimnoe-obsledovanie-na-vich.html"]');
          assert.equal(await v.evaluate(() => document.querySelector('h1').textContent), 'Анонимное обследование на ВИЧ');
          await v.click('accept');
          await expectHits(v, EXPECTED_HITS.yandex_metrika, 'Метрика on the demo page');
          await quiet(v);
          assert.deepEqual(v.hits.filter(isAds).map(key), []);
          const consent = await v.evaluate(() => window.soglasie.consent());
          assert.deepEqual([consent.categories, consent.sensitive], [ALL, true]);
          // Back on the price list, the same choice runs the ads.
          const from = v.hits.length;
          await v.open('/services.html');
          await expectHits(v, [...EXPECTED_HITS.top_mail_ru, ...EXPECTED_HITS.vk_pixel], 'ads on services.html', from);
          assert.equal((await v.evaluate(() => window.soglasie.consent())).sensitive, false);
        } finally {
          await v.close();
        }
      });
    });
  }
});

// What a person watching `make demo` sees: the demo server with tracker URLs rewritten to the
// fake tracker server, whose log gets Метрика's requests from the HIV page but no ads ones.
test('make demo: the fake tracker log shows Метрика but no ads from the HIV page', async () => {
  const site = await startServers({ port: 0, trackerPort: 0, rewriteTrackers: true, log: false });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const tracker = new URL(site.trackerUrl);
    // Only the two local servers: nothing else may be asked for.
    const foreign = [];
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.hostname === '127.0.0.1' && [String(site.port), tracker.port].includes(u.port)) return route.continue();
      foreign.push(u.href);
      return route.abort();
    });
    const page = await context.newPage();
    const log = () => site.hits.map((h) => h.host + h.path);
    for (const [path, ads] of [['/uslugi/anonimnoe-obsledovanie-na-vich.html', false], ['/services.html', true]]) {
      const from = site.hits.length;
      await page.goto(site.url + path);
      await page.evaluate(() => window.soglasie.ready);
      if (!(await page.evaluate(() => window.soglasie.consent().decided))) {
        await page.locator('[data-soglasie="banner"]').getByRole('button', { name: 'Принять все' }).click();
      }
      const want = ads ? [...EXPECTED_HITS.yandex_metrika, ...EXPECTED_HITS.top_mail_ru] : EXPECTED_HITS.yandex_metrika;
      assert.ok(await until(() => seen(site.hits.slice(from), want), 10000), `${path}:\n${log().slice(from).join('\n')}`);
      await page.waitForTimeout(600);
      const adsHits = site.hits.slice(from).filter(isAds);
      if (ads) assert.ok(adsHits.length > 0, log().join('\n'));
      else assert.deepEqual(adsHits.map(key), [], path);
    }
    assert.deepEqual(foreign, []);
  } finally {
    await browser.close();
    await site.close();
  }
});
