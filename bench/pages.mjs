// The benchmark's pages: the demo clinic's home page with (a) no consent manager, (b)
// soglasie (the classic tag), (b′) soglasie's inline form, (c) vanilla-cookieconsent 3.1.0,
// (d) Klaro 0.7.22, (e) tarteaucitron 1.34.0 — each configured the same way (and, on demand,
// another build of soglasie): categories necessary / analytics / ads, Russian texts, one
// Метрика snippet (marked up, or tarteaucitron's own service for it). `accept` is each one's
// «accept all» button in its banner, clicked as a visitor would.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const demo = readFileSync(new URL('../www/demo/index.html', import.meta.url), 'utf8');

const METRIKA = `(function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};
   m[i].l=1*new Date();
   for (var j = 0; j < document.scripts.length; j++) {if (document.scripts[j].src === r) { return; }}
   k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)})
   (window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");
   ym(44444444, "init", { clickmap:true, trackLinks:true, accurateTrackBounce:true });`;

const OPERATOR = { name: 'ООО «Липовый сквер»', address: 'г. Москва, Липовый проезд, д. 4, стр. 1', email: 'privacy@lipovy-skver.example.ru' };

const TEXT = {
  title: 'Cookie и согласие на обработку данных',
  body: 'ООО «Липовый сквер» использует cookie, пиксели и веб-маяки. Статистика посещений и реклама включаются только с вашего согласия.',
  analytics: 'Аналитические', ads: 'Рекламные', necessary: 'Необходимые',
};

const SOGLASIE_CONFIG = { operator: OPERATOR, policy: { url: '/privacy.html', revision: '2026-11-01' }, categories: ['necessary', 'analytics', 'ads'], services: ['yandex_metrika'] };

const CC_CONFIG = {
  hideFromBots: false, // its default hides the banner from headless browsers
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, ads: {} },
  language: {
    default: 'ru',
    translations: {
      ru: {
        consentModal: { title: TEXT.title, description: TEXT.body, acceptAllBtn: 'Принять все', acceptNecessaryBtn: 'Отклонить', showPreferencesBtn: 'Настроить' },
        preferencesModal: {
          title: 'Настройки cookie', acceptAllBtn: 'Принять все', acceptNecessaryBtn: 'Отклонить', savePreferencesBtn: 'Сохранить выбор', closeIconLabel: 'Закрыть',
          sections: [
            { title: TEXT.necessary, description: 'Нужны для работы сайта.', linkedCategory: 'necessary' },
            { title: TEXT.analytics, description: 'Яндекс Метрика — ООО «Яндекс».', linkedCategory: 'analytics' },
            { title: TEXT.ads, description: 'Рекламные пиксели.', linkedCategory: 'ads' },
          ],
        },
      },
    },
  },
};

const KLARO_CONFIG = {
  lang: 'ru', mustConsent: false, acceptAll: true, hideDeclineAll: false, default: false,
  translations: { ru: { consentNotice: { description: TEXT.body }, purposes: { analytics: TEXT.analytics, ads: TEXT.ads }, ok: 'Принять все', decline: 'Отклонить' } },
  services: [{ name: 'metrika', title: 'Яндекс Метрика', purposes: ['analytics'], cookies: ['_ym_uid', '_ym_d', '_ym_isad'] }],
};

const TARTEAUCITRON_CONFIG = {
  privacyUrl: '/privacy.html', orientation: 'bottom', highPrivacy: true, DenyAllCta: true, AcceptAllCta: true,
  showAlertSmall: false, showIcon: false, removeCredit: true, useExternalCss: false, useExternalJs: false,
};

/** soglasie's classic tag, from the dist/ served under `prefix`. */
function classicTag(prefix) {
  return {
    head: `<script type="application/json" id="soglasie-config">${JSON.stringify(SOGLASIE_CONFIG)}</script>\n<script src="${prefix}soglasie.js"></script>`,
    metrika: `<script type="text/plain" data-category="analytics" data-service="yandex_metrika">${METRIKA}</script>`,
    banner: '[data-soglasie="banner"]:not([hidden])',
    prefix,
    accept: '[data-soglasie="banner"] button[data-action="accept"]',
    customise: '[data-soglasie="banner"] button[data-action="customize"]',
    preferences: '[data-soglasie="preferences"]:not([hidden])',
  };
}

/** The head each product adds (as its documentation recommends: vanilla-cookieconsent and
 * Klaro deferred, soglasie a classic tag first), and its marked-up Метрика snippet. */
export const PRODUCTS = {
  none: {
    head: '',
    metrika: `<script type="text/plain" data-category="analytics">${METRIKA}</script>`,
    banner: null,
  },
  soglasie: classicTag('/soglasie/'),
  // Another build of soglasie (BENCH_BASELINE: its dist/ folder, served under /baseline/),
  // the classic tag as above: a change measured against the build before it, in one run.
  baseline: classicTag('/baseline/'),
  // The inline form: the boot in the page (its bytes are counted with the page's HTML, so
  // the benchmark adds them, gzipped, to the bytes it sees under /soglasie/), the app async.
  inline: {
    get head() {
      return `<script type="application/json" id="soglasie-config">${JSON.stringify(SOGLASIE_CONFIG)}</script>\n${inlineSnippet()}`;
    },
    metrika: `<script type="text/plain" data-category="analytics" data-service="yandex_metrika">${METRIKA}</script>`,
    banner: '[data-soglasie="banner"]:not([hidden])',
    prefix: '/soglasie/',
    get inlineBytes() {
      return gzipSync(inlineSnippet(), { level: 9 }).length;
    },
    accept: '[data-soglasie="banner"] button[data-action="accept"]',
    customise: '[data-soglasie="banner"] button[data-action="customize"]',
    preferences: '[data-soglasie="preferences"]:not([hidden])',
  },
  cookieconsent: {
    head: `<link rel="stylesheet" href="/peers/cookieconsent/cookieconsent.css">\n<script defer src="/peers/cookieconsent/cookieconsent.umd.js"></script>\n<script>document.addEventListener('DOMContentLoaded', function () { CookieConsent.run(${JSON.stringify(CC_CONFIG)}); });</script>`,
    metrika: `<script type="text/plain" data-category="analytics">${METRIKA}</script>`,
    banner: '#cc-main .cm',
    prefix: '/peers/cookieconsent/',
    accept: '#cc-main .cm button[data-role="all"]',
  },
  klaro: {
    head: `<script>var klaroConfig = ${JSON.stringify(KLARO_CONFIG)};</script>\n<script defer src="/peers/klaro/klaro.js"></script>`,
    metrika: `<script type="text/plain" data-type="text/javascript" data-name="metrika">${METRIKA}</script>`,
    banner: '.klaro .cookie-notice',
    prefix: '/peers/klaro/',
    accept: '.klaro .cookie-notice .cm-btn-success',
  },
  // As its documentation says: the script in <head>, then init, then each service's job (its
  // own loader for Метрика, fed the counter's number); the minified files.
  tarteaucitron: {
    head: `<script>var tarteaucitronForceLanguage = 'ru';</script>\n<script src="/peers/tarteaucitron/tarteaucitron.min.js"></script>\n<script>tarteaucitron.init(${JSON.stringify(TARTEAUCITRON_CONFIG)}); tarteaucitron.user.yandexmetrica = 44444444; (tarteaucitron.job = tarteaucitron.job || []).push('metrica');</script>`,
    metrika: '',
    banner: '#tarteaucitronAlertBig',
    prefix: '/peers/tarteaucitron/',
    accept: '#tarteaucitronPersonalize2',
  },
};

/** dist/soglasie-inline.html's tag, with the config inline instead of data-config. */
function inlineSnippet() {
  const file = readFileSync(new URL('../dist/soglasie-inline.html', import.meta.url), 'utf8');
  return file.slice(file.indexOf('<script')).trim().replace(' data-config="/soglasie.json"', '');
}

/** The demo home page with `product`'s tag first in <head> and only the Метрика snippet. */
export function page(product) {
  const p = PRODUCTS[product];
  let html = demo
    .replace(/<script src="\/soglasie\/soglasie\.js"[^>]*><\/script>\n?/, '')
    .replace(/<!-- Yandex\.Metrika counter -->[\s\S]*?<!-- \/Yandex\.Metrika counter -->\n?/g, '')
    .replace(/<script type="text\/plain"[\s\S]*?<\/script>\n?/g, '')
    .replace(/<img data-category[^>]*>\n?/g, '');
  html = html.replace('<head>\n', `<head>\n${p.head}\n`);
  return html.replace('</head>', `${p.metrika}\n</head>`);
}
