// fake-trackers.mjs — stand-ins for every tracker in the catalog (src/catalog/data.rs) that a
// clinic site embeds as a script, pixel or beacon: Яндекс Метрика, Top@Mail.ru / VK Реклама, VK
// retargeting pixel, LiveInternet, Rambler Top-100, Google Analytics 4 / Google Ads (gtag.js),
// Google Tag Manager, Meta Pixel, Calltouch, Roistat, CoMagic / UIS, Callibri, Jivo, Bitrix24,
// amoCRM, Carrot quest — plus the Яндекс Карты widget. One source of the fake behaviour for
// two users:
//   * the demo (`make demo`): startFakeTrackerServer() serves http://127.0.0.1:PORT/<realhost>/<path>
//     and prints one line per hit, so a person sees trackers fire only after consent;
//   * end-to-end tests: Playwright intercepts the REAL hosts (TRACKER_HOSTS) and answers each
//     request with fakeResponse(url).
// Each stand-in does what the real one does as far as a consent test can observe: it reads the
// snippet's queue, sets the first-party cookies / storage keys the catalog lists for it, and
// sends the same kind of requests (image beacons, navigator.sendBeacon, fetch, XHR, follow-on
// scripts) to the same hosts. Where a vendor's report path is documented it is used; where it
// is not, the stand-in uses a path on the vendor's own host and says so («stand-in path»).
// The stand-in scripts compute their report URLs relative to their own script URL, so they work
// under both forms. Nothing here ever talks to the real services. Node built-ins only.
import { createServer } from 'node:http';

/**
 * Real hostnames answered by fakeResponse(): every host in the catalog entries that have a
 * script, pixel or beacon snippet (a matcher should also accept their subdomains), plus the
 * concrete subdomains the official snippets use. On shared hosts (yandex.ru, vk.com,
 * www.google.com, www.facebook.com, yastatic.net, cdn.jsdelivr.net) only some paths are trackers;
 * see TRACKER_PREFIXES and the catalog.
 */
export const TRACKER_HOSTS = Object.freeze([
  // Яндекс Метрика
  'mc.yandex.ru', 'mc.yandex.com', 'mc.yandex.az', 'mc.yandex.by', 'mc.yandex.co.il',
  'mc.yandex.com.am', 'mc.yandex.com.ge', 'mc.yandex.com.tr', 'mc.yandex.ee', 'mc.yandex.fr',
  'mc.yandex.kg', 'mc.yandex.kz', 'mc.yandex.lt', 'mc.yandex.lv', 'mc.yandex.md', 'mc.yandex.tj',
  'mc.yandex.tm', 'mc.yandex.uz', 'mc.webvisor.org', 'mc.webvisor.com', 'yastatic.net',
  'cdn.jsdelivr.net',
  // Яндекс Директ (no site tag of its own; ad-network hosts) and Яндекс Карты
  'an.yandex.ru', 'bs.yandex.ru', 'yandex.ru',
  // Top@Mail.ru / VK Реклама; VK retargeting
  'top-fwz1.mail.ru', 'vk.com', 'vk.ru', 'userapi.com',
  // LiveInternet; Rambler Top-100
  'yadro.ru', 'counter.yadro.ru', 'liveinternet.ru', 'www.liveinternet.ru',
  'st.top100.ru', 'kraken.rambler.ru', 'counter.rambler.ru',
  // Google Analytics, Tag Manager, Ads
  'www.googletagmanager.com', 'google-analytics.com', 'www.google-analytics.com',
  'region1.google-analytics.com', 'analytics.google.com', 'region1.analytics.google.com',
  'stats.g.doubleclick.net', 'googleadservices.com', 'www.googleadservices.com',
  'googleads.g.doubleclick.net', 'td.doubleclick.net', 'www.google.com',
  // Meta Pixel
  'connect.facebook.net', 'facebook.com', 'www.facebook.com',
  // Calltouch, Roistat, CoMagic / UIS, Callibri
  'calltouch.ru', 'mod.calltouch.ru', 'cloud.roistat.com', 'collector.roistat.com',
  'comagic.ru', 'app.comagic.ru', 'server.comagic.ru', 'uiscom.ru', 'app.uiscom.ru',
  'server.uiscom.ru', 'callibri.ru', 'cdn.callibri.ru',
  // Jivo, Bitrix24, amoCRM, Carrot quest
  'jivo.ru', 'code.jivo.ru', 'jivosite.com', 'code.jivosite.com',
  'cdn-ru.bitrix24.ru', 'cdn.bitrix24.ru', 'cdn.bitrix24.com', 'cdn.bitrix24.by',
  'cdn.bitrix24.kz', 'cdn.bitrix24.de', 'cdn.bitrix24.eu', 'bitrix.info',
  'gso.amocrm.ru', 'forms.amocrm.ru', 'amojo.amocrm.ru', 'forms.amocrm.com',
  'carrotquest.app', 'cdn.carrotquest.app', 'api.carrotquest.app', 'carrotquest.io',
  'cdn.carrotquest.io', 'api.carrotquest.io',
]);

/**
 * URL prefixes (without scheme) that the demo server rewrites to the fake tracker server. Hosts
 * shared with ordinary content (vk.com, yandex.ru, www.google.com, www.facebook.com) are limited
 * to their tracker paths, so links to e.g. https://yandex.ru/legal/… stay real. A snippet that
 * builds the URL from a bare host (Roistat: scheme + 'cloud.roistat.com' + path) cannot be
 * rewritten this way; tests route the real hosts instead.
 */
export const TRACKER_PREFIXES = Object.freeze([
  'mc.yandex.ru/',
  'mc.yandex.com/',
  'top-fwz1.mail.ru/',
  'vk.com/js/api/',
  'vk.com/rtrg',
  'vk.ru/js/api/',
  'vk.ru/rtrg',
  'yandex.ru/map-widget/',
  'counter.yadro.ru/',
  'st.top100.ru/',
  'kraken.rambler.ru/',
  'counter.rambler.ru/',
  'www.googletagmanager.com/',
  'www.google-analytics.com/',
  'region1.google-analytics.com/',
  'googleads.g.doubleclick.net/',
  'www.googleadservices.com/',
  'connect.facebook.net/',
  'www.facebook.com/tr',
  'mod.calltouch.ru/',
  'cloud.roistat.com/',
  'app.comagic.ru/',
  'server.comagic.ru/',
  'app.uiscom.ru/',
  'server.uiscom.ru/',
  'cdn.callibri.ru/',
  'code.jivo.ru/',
  'code.jivosite.com/',
  'cdn-ru.bitrix24.ru/',
  'cdn.bitrix24.ru/',
  'cdn.bitrix24.com/',
  'gso.amocrm.ru/',
  'cdn.carrotquest.app/',
  'api.carrotquest.app/',
]);

/**
 * Requests (as `host + path?query`, the form the e2e tests log) that prove a tracker works once
 * it is allowed, per catalog id: the loader and the report the loader sends. Yandex Директ has
 * no site tag of its own (its measurement runs through Метрика), so it has no entry.
 */
export const EXPECTED_HITS = Object.freeze({
  yandex_metrika: [/^mc\.yandex\.ru\/metrika\/tag\.js/, /^mc\.yandex\.ru\/watch\/\d+\?page-url=/],
  top_mail_ru: [/^top-fwz1\.mail\.ru\/js\/code\.js/, /^top-fwz1\.mail\.ru\/counter\?id=\d+;e=pageView/],
  vk_pixel: [/^vk\.(com|ru)\/js\/api\/openapi\.js/, /^vk\.(com|ru)\/rtrg\?p=VK-RTRG-/],
  liveinternet: [/^counter\.yadro\.ru\/hit\?t\d+\.\d+;r/],
  rambler_top100: [/^st\.top100\.ru\/top100\/top100\.js/, /^kraken\.rambler\.ru\/cnt\/v2\/\?pid=\d+&et=pv/],
  google_analytics: [/^www\.googletagmanager\.com\/gtag\/js\?id=G-/, /^(www|region1)\.google-analytics\.com\/g\/collect\?v=2&tid=G-[^&]+&cid=[^&]+&en=page_view/],
  google_tag_manager: [/^www\.googletagmanager\.com\/gtm\.js\?id=GTM-/],
  google_ads: [/^www\.googletagmanager\.com\/gtag\/js\?id=AW-/, /^googleads\.g\.doubleclick\.net\/pagead\/viewthroughconversion\/\d+\//, /^googleads\.g\.doubleclick\.net\/pagead\/conversion\/\d+\/\?label=/],
  meta_pixel: [/^connect\.facebook\.net\/[a-z]{2}_[A-Z]{2}\/fbevents\.js/, /^www\.facebook\.com\/tr\/\?id=\d+&ev=PageView/],
  calltouch: [/^mod\.calltouch\.ru\/init(-min)?\.js\?id=/, /^mod\.calltouch\.ru\/set_attrs_by_get\.php\?/],
  roistat: [/^cloud\.roistat\.com\/dist\/module\.js/, /^cloud\.roistat\.com\/api\/site\/1\.0\/[^/]+\/visit\//],
  comagic: [/^app\.(comagic|uiscom)\.ru\/static\/cs\.min\.js/, /^server\.(comagic|uiscom)\.ru\/comagic\//],
  callibri: [/^cdn\.callibri\.ru\/callibri\.js/, /^cdn\.callibri\.ru\/module\/hit\?/],
  jivo: [/^code\.(jivo\.ru|jivosite\.com)\/(script\/)?widget\/\w+/, /^code\.(jivo\.ru|jivosite\.com)\/js\/bundle_ru_RU\.js/],
  bitrix24: [/^cdn(-ru)?\.bitrix24\.[a-z]+\/b\d+\/crm\/(site_button\/loader_\d+_\w+|form\/loader_\d+)\.js/, /^cdn(-ru)?\.bitrix24\.[a-z]+\/b\d+\/crm\/tag\/call\.tracker\.js/],
  amocrm: [/^gso\.amocrm\.ru\/js\/button\.js/, /^gso\.amocrm\.ru\/api\/button\//],
  carrot_quest: [/^cdn\.carrotquest\.(app|io)\/api\.min\.js/, /^api\.carrotquest\.(app|io)\/visits\?/],
  yandex_maps: [/^yandex\.ru\/map-widget\//],
});

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const JS = 'text/javascript; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

// Shared by the stand-ins: find our own URL and cut it at the path marker. The real snippets
// insert the script with a plain src; a blocker may have moved it, so fall back to scanning
// document.scripts (newest first) for a src containing the marker. String.raw: the text is
// pasted into the scripts as written.
const PRELUDE = String.raw`
  var keep = [];
  function ownSrc(marker) {
    var s = document.currentScript;
    if (s && s.src && s.src.indexOf(marker) >= 0) return s.src;
    var list = document.scripts || [];
    for (var i = list.length - 1; i >= 0; i--) {
      if (list[i].src && list[i].src.indexOf(marker) >= 0) return list[i].src;
    }
    return '';
  }
  function baseOf(marker, fallback) {
    var src = ownSrc(marker);
    var i = src.indexOf(marker);
    return i > 0 ? src.slice(0, i) : fallback;
  }
  // Where another tracker host is, in the same form as our own URL: the fake server's
  // http://127.0.0.1:PORT/<host> when we came through it, else <our scheme>//<host>.
  function hostBase(marker, host) {
    var m = /^(https?:)\/\/([^\/?#]+)\/([^\/?#]*)/.exec(ownSrc(marker));
    if (!m) return 'https://' + host;
    if (/^(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?$/.test(m[2]) && m[3].indexOf('.') > 0) {
      return m[1] + '//' + m[2] + '/' + host;
    }
    return m[1] + '//' + host;
  }
  function param(url, name) {
    var m = new RegExp('[?&;]' + name + '=([^&;#]*)').exec(url);
    if (!m) return '';
    try { return decodeURIComponent(m[1]); } catch (e) { return m[1]; }
  }
  function beacon(url) {
    var img = new Image(1, 1);
    keep.push(img);
    img.onload = img.onerror = function () {
      var i = keep.indexOf(img);
      if (i >= 0) keep.splice(i, 1);
    };
    img.src = url;
  }
  function post(url, body) {
    try {
      fetch(url, { method: 'POST', body: body || '', mode: 'no-cors', keepalive: true, credentials: 'include' });
    } catch (e) {
      beacon(url);
    }
  }
  function sendBeacon(url, body) {
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, body || '')) return;
    } catch (e) { /* fall back */ }
    post(url, body);
  }
  function get(url) {
    try {
      fetch(url, { mode: 'no-cors', credentials: 'include' });
    } catch (e) {
      beacon(url);
    }
  }
  function xhr(url) {
    try {
      var x = new XMLHttpRequest();
      x.open('GET', url, true);
      x.send();
    } catch (e) {
      beacon(url);
    }
  }
  function loadScript(url) {
    var s = document.createElement('script');
    s.async = true;
    s.src = url;
    (document.head || document.documentElement).appendChild(s);
    return s;
  }
  function whenBody(fn) {
    if (document.body) fn();
    else document.addEventListener('DOMContentLoaded', fn);
  }
  function hex(n) {
    var s = '';
    for (var i = 0; i < n; i++) s += Math.floor(Math.random() * 16).toString(16);
    return s;
  }
  function digits(n) {
    var s = String(1 + Math.floor(Math.random() * 9));
    for (var i = 1; i < n; i++) s += Math.floor(Math.random() * 10);
    return s;
  }
  function enc(s) {
    return encodeURIComponent(String(s));
  }
  function now() {
    return Math.floor(Date.now() / 1000);
  }
  function setCookie(name, value, maxAge) {
    document.cookie = name + '=' + value + '; path=/; max-age=' + maxAge + '; SameSite=Lax';
  }
  function getCookie(name) {
    var parts = ('; ' + document.cookie).split('; ' + name + '=');
    return parts.length > 1 ? parts[1].split(';')[0] : '';
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* blocked */ }
  }
  function fire(name, detail) {
    try { window.dispatchEvent(new CustomEvent(name, { detail: detail })); } catch (e) { /* old browser */ }
  }
  var YEAR = 31536000;
  var DAY = 86400;
`;

const METRIKA_JS = `/* Fake Яндекс Метрика tag.js (soglasie demo/test stand-in; not the real tag). */
(function () {
  'use strict';
  ${PRELUDE}
  var base = baseOf('/metrika/', 'https://mc.yandex.ru');
  var old = window.ym;
  if (old && old.fake) return; // loaded twice: the first copy already handles calls

  function uid() {
    var id = getCookie('_ym_uid');
    if (!/^[0-9]+$/.test(id)) {
      id = String(Math.floor(Date.now() / 1000)) + String(Math.floor(Math.random() * 1e9));
    }
    return id;
  }
  function watch(counter, pageUrl, extra) {
    beacon(base + '/watch/' + encodeURIComponent(counter) + '?page-url=' +
      encodeURIComponent(pageUrl) + (extra || ''));
  }
  function handle(args) {
    var counter = args[0];
    var method = args[1];
    var id;
    if (method === 'init') {
      id = uid();
      setCookie('_ym_uid', id, YEAR);
      setCookie('_ym_d', String(Math.floor(Date.now() / 1000)), YEAR);
      try { window.localStorage.setItem('_ym_uid', JSON.stringify(id)); } catch (e) { /* blocked */ }
      if (!(args[2] && args[2].defer)) {
        watch(counter, location.href, document.referrer ? '&page-ref=' + encodeURIComponent(document.referrer) : '');
      }
    } else if (method === 'hit') {
      watch(counter, args[2] ? String(args[2]) : location.href);
    } else if (method === 'reachGoal') {
      watch(counter, 'goal://' + location.hostname + '/' + String(args[2] || ''));
    } else if (method === 'getClientID' && typeof args[2] === 'function') {
      args[2](uid());
    }
  }

  var queue = (old && old.a) || [];
  var ym = function () { handle(arguments); };
  ym.fake = true;
  ym.l = (old && old.l) || Date.now();
  ym.a = [];
  window.ym = ym;
  for (var i = 0; i < queue.length; i++) handle(queue[i]);
})();
`;

const TMR_JS = `/* Fake Top@Mail.ru / VK Реклама code.js (soglasie demo/test stand-in; not the real counter). */
(function () {
  'use strict';
  ${PRELUDE}
  var base = baseOf('/js/code.js', 'https://top-fwz1.mail.ru');
  var tmr = window._tmr || (window._tmr = []);
  if (tmr.fake) return;

  function handle(item) {
    if (!item || typeof item !== 'object' || !item.id) return;
    var id = encodeURIComponent(String(item.id));
    if (item.type === 'pageView' || !item.type) {
      var lvid = getCookie('tmr_lvid');
      if (!/^[0-9a-f]{32}$/.test(lvid)) {
        lvid = '';
        for (var i = 0; i < 32; i++) lvid += Math.floor(Math.random() * 16).toString(16);
      }
      setCookie('tmr_lvid', lvid, YEAR);
      setCookie('tmr_lvidTS', String(Date.now()), YEAR);
      store('tmr_lvid', lvid);
      setCookie('tmr_detect', '0%7C' + Date.now(), 172800);
      beacon(base + '/counter?id=' + id + ';e=pageView;u=' + encodeURIComponent(location.href));
    } else if (item.type === 'reachGoal') {
      beacon(base + '/counter?id=' + id + ';e=RG%3A' + encodeURIComponent(String(item.goal || '')));
    }
  }

  var pending = tmr.slice ? tmr.slice() : [];
  if (tmr.length) tmr.length = 0;
  tmr.fake = true;
  tmr.push = function () {
    for (var i = 0; i < arguments.length; i++) handle(arguments[i]);
    return 0;
  };
  for (var j = 0; j < pending.length; j++) handle(pending[j]);
})();
`;

const VK_JS = `/* Fake VK openapi.js (soglasie demo/test stand-in; only the retargeting pixel API). */
(function () {
  'use strict';
  ${PRELUDE}
  var base = baseOf('/js/api/openapi.js', 'https://vk.com');
  var VK = window.VK || (window.VK = {});
  if (VK.Retargeting && VK.Retargeting.fake) return;
  var pixel = '';
  function rtrg(extra) {
    if (!pixel) return;
    beacon(base + '/rtrg?p=' + encodeURIComponent(pixel) + (extra || ''));
  }
  VK.Retargeting = {
    fake: true,
    Init: function (id) { pixel = String(id || ''); },
    Hit: function () { rtrg(''); },
    Event: function (name) { rtrg('&event=' + encodeURIComponent(String(name || ''))); },
    Add: function (audience) { rtrg('&audience=' + encodeURIComponent(String(audience || ''))); },
  };
  // The object form VK documents for its JS API: new VK.Pixel(code).Hit() / .Event() / .Add().
  VK.Pixel = function (code) {
    this.code = String(code || '');
  };
  VK.Pixel.prototype.Hit = function () {
    if (this.code) beacon(base + '/rtrg?p=' + encodeURIComponent(this.code));
  };
  VK.Pixel.prototype.Event = function (name) {
    if (this.code) beacon(base + '/rtrg?p=' + encodeURIComponent(this.code) + '&event=' + encodeURIComponent(String(name || '')));
  };
  VK.Pixel.prototype.Add = function (audience) {
    if (this.code) beacon(base + '/rtrg?p=' + encodeURIComponent(this.code) + '&audience=' + encodeURIComponent(String(audience || '')));
  };
  if (typeof window.vkAsyncInit === 'function') window.vkAsyncInit();
})();
`;

// gtag.js serves Google Analytics 4 (G-…) and Google Ads (AW-…) alike: it reads the dataLayer
// commands the snippet queued. GA4 reports with navigator.sendBeacon (fetch as fallback) to
// www.google-analytics.com/g/collect; Ads sends image requests to googleads.g.doubleclick.net
// (viewthroughconversion on config = remarketing, conversion on a 'conversion' event).
const GTAG_JS = String.raw`/* Fake gtag.js (soglasie demo/test stand-in; not Google's tag). */
(function () {
  'use strict';
  ${PRELUDE}
  var marker = '/gtag/js';
  var dl = window.dataLayer = window.dataLayer || [];
  if (dl.fakeGtag) return;
  dl.fakeGtag = true;
  var configured = {};

  function clientId() {
    var ga = getCookie('_ga');
    if (!/^GA1\.1\.[0-9]+\.[0-9]+$/.test(ga)) {
      ga = 'GA1.1.' + digits(9) + '.' + now();
      setCookie('_ga', ga, 2 * YEAR);
    }
    return ga.split('.').slice(2).join('.');
  }
  function ga4(id, name) {
    var cid = clientId();
    setCookie('_ga_' + id.replace(/^G-/, ''), 'GS1.1.' + now() + '.1.0.' + now() + '.0.0.0', 2 * YEAR);
    sendBeacon(hostBase(marker, 'www.google-analytics.com') + '/g/collect?v=2&tid=' + enc(id) +
      '&cid=' + cid + '&en=' + enc(name) + '&dl=' + enc(location.href) + '&dt=' + enc(document.title));
  }
  function linker() {
    if (!getCookie('_gcl_au')) setCookie('_gcl_au', '1.1.' + digits(10) + '.' + now(), 90 * DAY);
  }
  function ads(path, num, extra) {
    linker();
    beacon(hostBase(marker, 'googleads.g.doubleclick.net') + '/pagead/' + path + '/' + enc(num) +
      '/?' + extra + 'random=' + digits(9) + '&url=' + enc(location.href));
  }
  function target(id, name, params) {
    var aw = /^AW-([0-9]+)(?:\/(.+))?$/.exec(id);
    if (/^G-/.test(id)) ga4(id, name);
    else if (aw && name === 'conversion' && aw[2]) ads('conversion', aw[1], 'label=' + enc(aw[2]) + '&');
    else if (aw) ads('viewthroughconversion', aw[1], 'en=' + enc(name) + '&');
  }
  function handle(a) {
    if (!a || typeof a.length !== 'number' || typeof a === 'string') return; // {event: …} objects are GTM's
    if (a[0] === 'config') {
      var id = String(a[1] || '');
      var p = a[2] || {};
      configured[id] = true;
      if (p.send_page_view === false) return;
      if (/^G-/.test(id)) ga4(id, 'page_view');
      else if (/^AW-/.test(id)) ads('viewthroughconversion', id.slice(3).split('/')[0], '');
    } else if (a[0] === 'event') {
      var q = a[2] || {};
      var to = q.send_to ? [].concat(q.send_to) : Object.keys(configured);
      for (var i = 0; i < to.length; i++) target(String(to[i]), String(a[1] || ''), q);
      if (typeof q.event_callback === 'function') setTimeout(q.event_callback, 0);
    }
  }
  var pending = dl.slice();
  var push = dl.push;
  dl.push = function () {
    var r = push.apply(dl, arguments);
    for (var i = 0; i < arguments.length; i++) handle(arguments[i]);
    return r;
  };
  for (var j = 0; j < pending.length; j++) handle(pending[j]);
})();
`;

// gtm.js: an empty container. It loads nothing else; it takes over the data layer the snippet
// named (&l=…), publishes google_tag_manager[<id>] and pushes the gtm.dom and gtm.load events.
const GTM_JS = String.raw`/* Fake gtm.js (soglasie demo/test stand-in; an empty container). */
(function () {
  'use strict';
  ${PRELUDE}
  var src = ownSrc('/gtm.js');
  var id = param(src, 'id') || 'GTM-UNKNOWN';
  var name = param(src, 'l') || 'dataLayer';
  var dl = window[name] = window[name] || [];
  var gtm = window.google_tag_manager = window.google_tag_manager || {};
  if (gtm[id]) return;
  gtm[id] = { fake: true, dataLayer: { name: name } };
  var seen = [];
  function handle(o) {
    if (o && typeof o === 'object' && typeof o.event === 'string') seen.push(o.event);
  }
  for (var i = 0; i < dl.length; i++) handle(dl[i]);
  var push = dl.push;
  dl.push = function () {
    var r = push.apply(dl, arguments);
    for (var k = 0; k < arguments.length; k++) handle(arguments[k]);
    return r;
  };
  gtm[id].events = seen;
  function dom() { dl.push({ event: 'gtm.dom' }); }
  function load() { dl.push({ event: 'gtm.load' }); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', dom);
  else dom();
  if (document.readyState === 'complete') load();
  else window.addEventListener('load', load);
})();
`;

// fbevents.js: takes over fbq's queue; 'init' sets _fbp (and _fbc from ?fbclid=) and loads the
// pixel's config script from connect.facebook.net; 'track' sends an image request to
// www.facebook.com/tr/ as the real library does.
const FBEVENTS_JS = String.raw`/* Fake Meta Pixel fbevents.js (soglasie demo/test stand-in; not Meta's library). */
(function () {
  'use strict';
  ${PRELUDE}
  var marker = '/fbevents.js';
  var fbq = window.fbq;
  if (!fbq) {
    fbq = window.fbq = function () { fbq.callMethod.apply(fbq, arguments); };
    fbq.queue = [];
  }
  if (fbq.fake) return;
  fbq.fake = true;
  var pixels = [];

  function browserId() {
    var v = getCookie('_fbp');
    if (!/^fb\.[0-9]\./.test(v)) {
      v = 'fb.1.' + Date.now() + '.' + digits(10);
      setCookie('_fbp', v, 90 * DAY);
    }
    var click = param(location.search, 'fbclid');
    if (click) setCookie('_fbc', 'fb.1.' + Date.now() + '.' + click, 90 * DAY);
    return v;
  }
  function tr(id, ev) {
    beacon(hostBase(marker, 'www.facebook.com') + '/tr/?id=' + enc(id) + '&ev=' + enc(ev) +
      '&dl=' + enc(location.href) + '&rl=' + enc(document.referrer) + '&if=false&ts=' + Date.now() +
      '&fbp=' + enc(browserId()));
  }
  function call(a) {
    var cmd = a[0];
    if (cmd === 'init') {
      var id = String(a[1] || '');
      if (!id || pixels.indexOf(id) >= 0) return;
      pixels.push(id);
      browserId();
      loadScript(hostBase(marker, 'connect.facebook.net') + '/signals/config/' + enc(id) + '?v=2.9.0&r=stable');
    } else if (cmd === 'track' || cmd === 'trackCustom') {
      for (var i = 0; i < pixels.length; i++) tr(pixels[i], String(a[1] || ''));
    } else if (cmd === 'trackSingle' || cmd === 'trackSingleCustom') {
      tr(String(a[1] || ''), String(a[2] || ''));
    }
  }
  var queue = fbq.queue || [];
  fbq.queue = [];
  fbq.callMethod = function () { call(arguments); };
  fbq.loaded = true;
  for (var j = 0; j < queue.length; j++) call(queue[j]);
})();
`;

// top100.js (Rambler Top-100 / Kraken): defines the top100 constructor and runs the _top100q
// callbacks; each counter sets top100_id and t3_sid_<project> and reports with fetch (keepalive)
// to kraken.rambler.ru/cnt/v2/.
const TOP100_JS = String.raw`/* Fake Rambler Top-100 top100.js (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  var marker = '/top100/top100.js';
  if (window.top100 && window.top100.fake) return;
  function send(pid, extra) {
    post(hostBase(marker, 'kraken.rambler.ru') + '/cnt/v2/?pid=' + enc(pid) + extra + '&rn=' + digits(9) +
      '&url=' + enc(location.href) + '&ref=' + enc(document.referrer));
  }
  function Top100(options) {
    options = options || {};
    this.project = String(options.project || options.pid || '');
    var uid = getCookie('top100_id');
    if (!/^t1\./.test(uid)) uid = 't1.' + this.project + '.' + digits(10) + '.' + Date.now();
    setCookie('top100_id', uid, YEAR);
    setCookie('t3_sid_' + this.project, 's1.' + digits(9) + '.' + Date.now() + '.' + Date.now() + '.1.1', 1800);
    var goals = options.custom_vars || {};
    var extra = '';
    for (var k in goals) if (Object.prototype.hasOwnProperty.call(goals, k)) extra += '&cv_' + enc(k) + '=' + enc(goals[k]);
    this.trackPageview(undefined, extra);
  }
  Top100.prototype.trackPageview = function (url, extra) {
    send(this.project, '&et=pv' + (url ? '&page=' + enc(url) : '') + (extra || ''));
  };
  Top100.prototype.trackEvent = function (name) {
    send(this.project, '&et=event&name=' + enc(name));
  };
  Top100.fake = true;
  window.top100 = Top100;
  var q = window._top100q = window._top100q || [];
  var pending = q.slice();
  q.length = 0;
  q.push = function () {
    for (var i = 0; i < arguments.length; i++) {
      if (typeof arguments[i] === 'function') { try { arguments[i](); } catch (e) { /* as the real one */ } }
    }
    return 0;
  };
  q.push.apply(q, pending);
})();
`;

// Calltouch init.js / init-min.js?id=<modId>: takes over the ct() queue, sets the _ct* cookies
// and window.call_value (the session id sites pass on with their forms), and reports by XHR to
// mod.calltouch.ru (set_attrs_by_get.php is an endpoint of the real module; its parameters here
// are the stand-in's).
const CALLTOUCH_JS = String.raw`/* Fake Calltouch init.js (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  var src = ownSrc('/init');
  var base = baseOf('/init', 'https://mod.calltouch.ru');
  var modId = param(src, 'id');
  var name = window.CalltouchDataObject || 'ct';
  var ct = window[name];
  if (ct && ct.fake) return;
  var callbacks = (ct && ct.callbacks) || [];
  var siteId = '10000';
  var session = getCookie('_ct_session_id') || digits(9);
  if (!getCookie('_ct')) setCookie('_ct', digits(19), YEAR);
  setCookie('_ct_session_id', session, 1800);
  setCookie('_ct_site_id', siteId, YEAR);
  setCookie('_ct_ids', modId + '%3A' + siteId + '%3A' + session, 1800);
  if (!getCookie('cted')) setCookie('cted', 'modId%3D' + modId + '%3Bya_client_id%3D0', YEAR);
  setCookie('call_s', '___' + modId + '.' + (now() + 1800) + '.' + session + '.' + siteId + ':0___', 1800);
  window.call_value = session;
  xhr(base + '/set_attrs_by_get.php?modId=' + enc(modId) + '&siteId=' + siteId + '&sessionId=' + session +
    '&url=' + enc(location.href) + '&ref=' + enc(document.referrer));
  var api = function () { handle(arguments); };
  function handle(a) {
    if (a && a[0] === 'goal') {
      xhr(base + '/set_attrs_by_get.php?modId=' + enc(modId) + '&sessionId=' + session + '&goal=' + enc(a[1]));
    } else if (a && typeof a[0] === 'function') {
      try { a[0](); } catch (e) { /* ignore */ }
    }
  }
  api.fake = true;
  api.loaded = true;
  api.counters = (ct && ct.counters) || [modId];
  api.callbacks = [];
  window[name] = api;
  for (var i = 0; i < callbacks.length; i++) handle(callbacks[i]);
})();
`;

// Roistat, first visit: /api/site/1.0/<key>/init sets roistat_visit and friends, then loads
// /dist/module.js — the script the snippet itself loads on later visits.
const ROISTAT_INIT_JS = String.raw`/* Fake Roistat init (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  var base = baseOf('/api/site/', 'https://cloud.roistat.com');
  var visit = getCookie('roistat_visit') || digits(7);
  setCookie('roistat_visit', visit, 180 * DAY);
  if (!getCookie('roistat_first_visit')) setCookie('roistat_first_visit', visit, 180 * DAY);
  setCookie('roistat_visit_cookie_expire', '1209600', 180 * DAY);
  setCookie('roistat_is_need_listen_requests', '0', 180 * DAY);
  setCookie('roistat_is_save_data_in_cookie', '1', 180 * DAY);
  setCookie('roistat_marker', 'seo_yandex_', 180 * DAY);
  loadScript(base + '/dist/module.js');
})();
`;

// Roistat module.js: window.roistat (visit, event.send), a visit report by XHR to
// cloud.roistat.com (stand-in path: /api/site/1.0/<key>/visit/<visit>/hit).
const ROISTAT_MODULE_JS = String.raw`/* Fake Roistat module.js (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  if (window.roistat && window.roistat.fake) return;
  var base = baseOf('/dist/module.js', 'https://cloud.roistat.com');
  var key = String(window.roistatProjectId || '');
  var visit = getCookie('roistat_visit') || digits(7);
  if (!getCookie('roistat_visit')) setCookie('roistat_visit', visit, 180 * DAY);
  var api = base + '/api/site/1.0/' + enc(key) + '/visit/' + enc(visit);
  window.roistat = {
    fake: true,
    visit: visit,
    getVisit: function () { return visit; },
    event: { send: function (name) { xhr(api + '/event?name=' + enc(name)); } },
  };
  xhr(api + '/hit?page=' + enc(location.href) + '&referrer=' + enc(document.referrer));
  if (typeof window.onRoistatModuleLoaded === 'function') window.onRoistatModuleLoaded();
  if (typeof window.onRoistatAllModulesLoaded === 'function') window.onRoistatAllModulesLoaded();
})();
`;

// CoMagic / UIS cs.min.js (old form: __cs queue with setCsAccount [and setCsHost]; new form:
// ?k=<key>): sets _cmg_csst<site> and _comagic_id<site>, defines window.Comagic, and reports
// with fetch to server.comagic.ru/comagic (server.uiscom.ru for UIS) — stand-in path /comagic/visit.
const COMAGIC_JS = String.raw`/* Fake CoMagic / UIS cs.min.js (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  var marker = '/static/cs.min.js';
  if (window.Comagic && window.Comagic.fake) return;
  var src = ownSrc(marker);
  var brand = src.indexOf('uiscom.ru') >= 0 ? 'uiscom.ru' : 'comagic.ru';
  var account = param(src, 'k');
  var server = '';
  var queue = window.__cs || [];
  function handle(c) {
    if (!c || typeof c.length !== 'number') return;
    if (c[0] === 'setCsAccount') account = String(c[1] || '');
    else if (c[0] === 'setCsHost') {
      var m = /^(?:https?:)?\/\/([^\/]+)(\/.*)?$/.exec(String(c[1] || ''));
      if (m) server = hostBase(marker, m[1]) + (m[2] || '');
    }
  }
  for (var i = 0; i < queue.length; i++) handle(queue[i]);
  if (!server) server = hostBase(marker, 'server.' + brand) + '/comagic';
  var site = (account.replace(/[^A-Za-z0-9]/g, '') + 'XXXXX').slice(0, 5);
  var visitor = getCookie('_comagic_id' + site) || digits(10);
  setCookie('_comagic_id' + site, visitor, YEAR);
  setCookie('_cmg_csst' + site, hex(16), 1800);
  function send(kind, extra) {
    post(server + '/' + kind + '?account=' + enc(account) + '&visitor=' + visitor + '&url=' + enc(location.href) +
      '&ref=' + enc(document.referrer) + (extra || ''));
  }
  send('visit');
  window.__cs = { push: function (c) { handle(c); return 0; } };
  window.Comagic = {
    fake: true,
    getVisitorId: function () { return visitor; },
    addOfflineRequest: function (data) { send('offline_request', '&fields=' + enc(JSON.stringify(data || {}))); },
  };
})();
`;

// callibri.js: keeps its state in localStorage (callibri, callibri_phone), swaps the number in
// elements with class callibri_phone, and reports with an image request to its own host
// (stand-in path /module/hit).
const CALLIBRI_JS = String.raw`/* Fake Callibri callibri.js (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  if (window.Callibri && window.Callibri.fake) return;
  var base = baseOf('/callibri.js', 'https://cdn.callibri.ru');
  var phone = '+7 (495) 000-00-00';
  store('callibri', JSON.stringify({ uid: digits(9), site: location.hostname, started: Date.now() }));
  store('callibri_phone', phone);
  beacon(base + '/module/hit?site=' + enc(location.hostname) + '&url=' + enc(location.href) + '&ref=' + enc(document.referrer));
  whenBody(function () {
    var list = document.querySelectorAll ? document.querySelectorAll('.callibri_phone') : [];
    for (var i = 0; i < list.length; i++) list[i].textContent = phone;
  });
  window.Callibri = { fake: true, phone: phone };
})();
`;

// Jivo widget loader (code.jivo.ru/widget/<id>): jv_* cookies per widget, the jivo_api object,
// a chat label in <jdiv> (Jivo's own element name), and the language bundle as a second script.
const JIVO_JS = String.raw`/* Fake Jivo widget loader (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  if (window.jivo_api && window.jivo_api.fake) return;
  var src = ownSrc('/widget/');
  var base = baseOf('/script/widget/', '') || baseOf('/widget/', 'https://code.jivo.ru');
  var id = (/\/widget\/([^\/?#]+)/.exec(src) || [])[1] || 'unknown';
  var visits = parseInt(getCookie('jv_visits_count_' + id), 10) || 0;
  var pages = parseInt(getCookie('jv_pages_count_' + id), 10) || 0;
  if (!getCookie('jv_enter_ts_' + id)) setCookie('jv_enter_ts_' + id, String(Date.now()), YEAR);
  setCookie('jv_visits_count_' + id, String(visits + 1), YEAR);
  setCookie('jv_pages_count_' + id, String(pages + 1), YEAR);
  if (document.referrer) setCookie('jv_refer_' + id, enc(document.referrer), YEAR);
  loadScript(base + '/js/bundle_ru_RU.js?rand=' + Date.now());
  window.jivo_api = {
    fake: true,
    open: function () { return { result: 'ok' }; },
    close: function () { return { result: 'ok' }; },
    setContactInfo: function () {},
  };
  whenBody(function () {
    var el = document.createElement('jdiv');
    el.setAttribute('data-soglasie-test', 'jivo');
    el.textContent = 'Напишите нам, мы онлайн!';
    document.body.appendChild(el);
    if (typeof window.jivo_onLoadCallback === 'function') window.jivo_onLoadCallback();
  });
})();
`;

// Bitrix24 site widget and CRM form loaders (…/b<N>/crm/site_button/loader_<n>_<hash>.js,
// …/crm/form/loader_<n>.js): the button or the form, BX.SiteButton, the b24-sitebutton-load /
// b24:form:init events, and the CRM call tracker as a second script from the same CDN folder.
const BITRIX24_LOADER_JS = String.raw`/* Fake Bitrix24 site widget / form loader (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  var form = ownSrc('/crm/form/loader_');
  var marker = form ? '/crm/form/loader_' : '/crm/site_button/loader_';
  var dir = baseOf(marker, 'https://cdn-ru.bitrix24.ru/b0');
  var BX = window.BX = window.BX || {};
  if (form) {
    whenBody(function () {
      var holders = document.querySelectorAll ? document.querySelectorAll('script[data-b24-form]') : [];
      for (var i = 0; i < holders.length; i++) {
        if (holders[i].getAttribute('data-soglasie-b24')) continue;
        holders[i].setAttribute('data-soglasie-b24', '1');
        var f = document.createElement('form');
        f.className = 'b24-form';
        f.textContent = 'Запись на приём (форма Битрикс24, заглушка)';
        holders[i].parentNode.insertBefore(f, holders[i].nextSibling);
      }
      fire('b24:form:init', { form: form });
    });
  } else {
    if (BX.SiteButton && BX.SiteButton.fake) return;
    BX.SiteButton = { fake: true, show: function () {}, hide: function () {}, onWidgetClose: function () {} };
    whenBody(function () {
      var b = document.createElement('div');
      b.className = 'b24-widget-button-wrapper';
      b.textContent = 'Связаться с нами';
      document.body.appendChild(b);
      setCookie('b24_sitebutton_hello', 'y', YEAR);
      fire('b24-sitebutton-load', { widget: BX.SiteButton });
    });
  }
  if (!window.b24Tracker) loadScript(dir + '/crm/tag/call.tracker.js');
})();
`;

// Bitrix24 CRM tracker: the guest id cookie and the guest's pages in localStorage.
const BITRIX24_TRACKER_JS = String.raw`/* Fake Bitrix24 crm/tag/call.tracker.js (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  if (window.b24Tracker && window.b24Tracker.fake) return;
  var guest = getCookie('b24_crm_guest_id') || digits(8);
  setCookie('b24_crm_guest_id', guest, YEAR);
  var pages = [];
  try { pages = JSON.parse(window.localStorage.getItem('b24_crm_guest_pages') || '[]'); } catch (e) { pages = []; }
  pages.push({ path: location.pathname, name: document.title, date: now() });
  store('b24_crm_guest_pages', JSON.stringify(pages.slice(-20)));
  var utm = param(location.search, 'utm_source');
  if (utm) store('b24_crm_guest_utm', JSON.stringify({ utm_source: utm, date: now() }));
  window.b24Tracker = { fake: true, guest: guest };
})();
`;

// amoCRM chat button (gso.amocrm.ru/js/button.js): reads window.amo_social_button, takes over the
// amoSocialButton queue, sets amo-livechat-id, shows the button, and asks its host for the
// button's settings with fetch (stand-in path /api/button/<id>).
const AMOCRM_JS = String.raw`/* Fake amoCRM button.js (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  var base = baseOf('/js/button.js', 'https://gso.amocrm.ru');
  var api = window.amoSocialButton;
  if (api && api.fake) return;
  var cfg = window.amo_social_button || {};
  var q = (api && api.q) || [];
  if (!getCookie('amo-livechat-id')) setCookie('amo-livechat-id', hex(8) + '-' + hex(4) + '-' + hex(4) + '-' + hex(4) + '-' + hex(12), YEAR);
  get(base + '/api/button/' + enc(cfg.id || '') + '?hash=' + enc(cfg.hash || '') + '&locale=' + enc(cfg.locale || 'ru'));
  var handlers = {};
  var fn = function (cmd, arg) {
    if (typeof arg === 'function') (handlers[cmd] = handlers[cmd] || []).push(arg);
  };
  fn.fake = true;
  window.amoSocialButton = fn;
  for (var i = 0; i < q.length; i++) fn.apply(null, q[i]);
  whenBody(function () {
    var b = document.createElement('div');
    b.className = 'amo-button';
    b.textContent = 'Написать в мессенджер';
    document.body.appendChild(b);
  });
})();
`;

// Carrot quest api.min.js: replays carrotquestasync (pairs: method name, arguments), 'connect'
// sets the carrotquest_* cookies and reports with navigator.sendBeacon to api.carrotquest.app
// (stand-in path /visits), 'track' sends an event the same way.
const CARROT_JS = String.raw`/* Fake Carrot quest api.min.js (soglasie demo/test stand-in). */
(function () {
  'use strict';
  ${PRELUDE}
  var marker = '/api.min.js';
  var cq = window.carrotquest = window.carrotquest || {};
  if (cq.fake) return;
  var tld = ownSrc(marker).indexOf('carrotquest.io') >= 0 ? 'io' : 'app';
  var api = hostBase(marker, 'api.carrotquest.' + tld);
  var queue = window.carrotquestasync || [];
  var ready = [];
  var key = '';
  var uid = '';
  function connect(k) {
    key = String(k || '');
    uid = getCookie('carrotquest_uid') || digits(18);
    setCookie('carrotquest_uid', uid, YEAR);
    if (!getCookie('carrotquest_device_guid')) setCookie('carrotquest_device_guid', hex(8) + '-' + hex(4) + '-' + hex(4) + '-' + hex(4) + '-' + hex(12), YEAR);
    setCookie('carrotquest_session', hex(20), 1800);
    setCookie('carrotquest_session_started', '1', 1800);
    setCookie('carrotquest_realtime_services_transport', 'wss', YEAR);
    sendBeacon(api + '/visits?app=' + enc(key) + '&user=' + uid + '&url=' + enc(location.href) + '&ref=' + enc(document.referrer));
    cq.data = { user: { id: uid } };
    for (var i = 0; i < ready.length; i++) { try { ready[i](); } catch (e) { /* ignore */ } }
  }
  var methods = {
    connect: connect,
    track: function (name) { sendBeacon(api + '/events?app=' + enc(key) + '&user=' + uid + '&event=' + enc(name)); },
    identify: function () {},
    auth: function () {},
    oth: function () {},
    onReady: function (f) { if (typeof f !== 'function') return; if (uid) f(); else ready.push(f); },
    addCallback: function () {},
    removeCallback: function () {},
    trackMessageInteraction: function () {},
  };
  cq.fake = true;
  for (var m in methods) if (Object.prototype.hasOwnProperty.call(methods, m)) cq[m] = methods[m];
  for (var i = 0; i + 1 < queue.length; i += 2) {
    if (methods[queue[i]]) methods[queue[i]].apply(null, queue[i + 1]);
  }
  window.carrotquestasync = { push: function (name, args) { if (methods[name]) methods[name].apply(null, args); return 0; } };
})();
`;

// Follow-on scripts whose content does not matter (Meta's per-pixel config, Jivo's bundle).
const NOOP_JS = '/* soglasie demo/test stand-in: nothing to do */\n';

// What the noscript iframe of Tag Manager shows.
const GTM_NS_HTML = '<!doctype html><html><head><meta charset="utf-8"><title>ns</title></head><body></body></html>\n';

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function mapPage(url) {
  let where = '';
  const ll = url.searchParams.get('ll');
  if (ll && /^-?[0-9.]+,-?[0-9.]+$/.test(ll)) {
    const [lon, lat] = ll.split(',');
    where = `<p class="c">${escapeHtml(lat)}° с. ш., ${escapeHtml(lon)}° в. д.</p>`;
  }
  // Its own origin (yandex.ru or the fake server): the site's CSP does not apply inside.
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Карта (демо-заглушка)</title>
<style>
html,body{height:100%;margin:0}
body{display:flex;align-items:center;justify-content:center;text-align:center;
font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#24323f;
background:#e8efe4 repeating-linear-gradient(45deg,transparent 0 38px,#dfe8da 38px 40px)}
.card{background:#fff;border-radius:12px;padding:16px 20px;box-shadow:0 2px 10px rgba(0,0,0,.12)}
.pin{font-size:32px;line-height:1}.c{color:#5b6b78;font-size:14px;margin:4px 0 0}
h1{font-size:18px;margin:6px 0 0}
</style>
</head>
<body>
<div class="card"><div class="pin" aria-hidden="true">📍</div><h1>Карта (демо-заглушка)</h1>${where}</div>
</body>
</html>
`;
}

/**
 * The fake answer for a request to a real tracker URL, e.g.
 * fakeResponse('https://mc.yandex.ru/metrika/tag.js?id=1'). Never throws. Loader URLs get their
 * stand-in script, XHR/fetch endpoints an empty JSON object (readable cross-origin), pages an
 * HTML stub, and everything else (beacons, pixels, unknown paths) a 1×1 GIF.
 * @param {string|URL} url
 * @returns {{status: number, contentType: string, body: string|Buffer, headers?: Record<string, string>}}
 */
export function fakeResponse(url) {
  const gif = () => ({ status: 200, contentType: 'image/gif', body: GIF });
  const js = (body) => ({ status: 200, contentType: JS, body });
  const json = () => ({ status: 200, contentType: JSON_TYPE, body: '{}', headers: { 'Access-Control-Allow-Origin': '*' } });
  let u;
  try {
    u = new URL(String(url));
  } catch {
    return gif();
  }
  // Also accept the fake server's own form, http://127.0.0.1:PORT/<realhost>/<path>.
  const wrapped = /^\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(\/.*)?$/i.exec(u.pathname);
  if (/^(127\.0\.0\.1|localhost|\[::1\])$/.test(u.hostname) && wrapped) {
    try {
      u = new URL(`https://${wrapped[1]}${wrapped[2] || '/'}${u.search}`);
    } catch {
      return gif();
    }
  }
  const host = u.hostname.toLowerCase();
  const path = u.pathname;
  const on = (...hosts) => hosts.includes(host);
  if ((/^mc\.yandex\.[a-z.]+$/.test(host) || /^mc\.webvisor\.(org|com)$/.test(host)) && /^\/metrika\/(tag|watch|tag_ww)\.js$/.test(path)) {
    return js(METRIKA_JS);
  }
  if (host === 'cdn.jsdelivr.net' && /^\/npm\/yandex-metrica-watch\/(tag|watch)\.js$/.test(path)) return js(METRIKA_JS);
  if (host === 'top-fwz1.mail.ru' && path === '/js/code.js') return js(TMR_JS);
  if ((on('vk.com', 'vk.ru') || host.endsWith('.userapi.com')) && path === '/js/api/openapi.js') return js(VK_JS);
  if (host === 'yandex.ru' && path.startsWith('/map-widget/')) {
    return { status: 200, contentType: HTML, body: mapPage(u) };
  }
  if (host === 'www.googletagmanager.com') {
    if (path === '/gtag/js') return js(GTAG_JS);
    if (path === '/gtm.js') return js(GTM_JS);
    if (path === '/ns.html') return { status: 200, contentType: HTML, body: GTM_NS_HTML };
  }
  if (host === 'connect.facebook.net') {
    if (/^\/[a-z]{2}_[A-Z]{2}\/fbevents\.js$/.test(path)) return js(FBEVENTS_JS);
    if (path.startsWith('/signals/')) return js(NOOP_JS);
  }
  if (host === 'st.top100.ru' && path === '/top100/top100.js') return js(TOP100_JS);
  if (host === 'mod.calltouch.ru') return /^\/init(-min)?\.js$/.test(path) ? js(CALLTOUCH_JS) : json();
  if (host === 'cloud.roistat.com') {
    if (/^\/api\/site\/1\.0\/[^/]+\/init$/.test(path)) return js(ROISTAT_INIT_JS);
    if (path === '/dist/module.js') return js(ROISTAT_MODULE_JS);
    return json();
  }
  if (on('app.comagic.ru', 'app.uiscom.ru') && path === '/static/cs.min.js') return js(COMAGIC_JS);
  if (host.endsWith('callibri.ru') && /(^|\/)callibri\.js$/.test(path)) return js(CALLIBRI_JS);
  if (on('code.jivo.ru', 'code.jivosite.com')) {
    if (/^\/(script\/)?widget\/[^/]+$/.test(path)) return js(JIVO_JS);
    if (path.startsWith('/js/')) return js(NOOP_JS);
  }
  if (/^cdn(-ru)?\.bitrix24\.[a-z.]+$/.test(host)) {
    if (/\/crm\/(site_button|form)\/loader_[^/]*\.js$/.test(path)) return js(BITRIX24_LOADER_JS);
    if (path.endsWith('/crm/tag/call.tracker.js')) return js(BITRIX24_TRACKER_JS);
  }
  if (host === 'gso.amocrm.ru') return path === '/js/button.js' ? js(AMOCRM_JS) : json();
  if (/^cdn\.carrotquest\.(app|io)$/.test(host) && path === '/api.min.js') return js(CARROT_JS);
  // /watch/…, /counter…, /rtrg…, /hit…, /tr/…, /g/collect…, and anything else: a 1×1 pixel.
  return gif();
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const PREFIX_RE = new RegExp(
  `(https?:)?//(${TRACKER_PREFIXES.map(escapeRegExp).join('|')})`,
  'g',
);

/**
 * Rewrites every tracker URL in a text (https://, http:// or protocol-relative, see
 * TRACKER_PREFIXES) to the fake tracker server: https://mc.yandex.ru/x → <origin>/mc.yandex.ru/x.
 * A protocol-relative URL stays protocol-relative (//mc.yandex.ru/x → //127.0.0.1:8081/mc.yandex.ru/x),
 * so snippets that glue the page's scheme in front of it ("http:" + "//st.top100.ru/…") still
 * make a valid URL.
 * @param {string} text
 * @param {string} origin e.g. 'http://127.0.0.1:8081'
 */
export function rewriteTrackerUrls(text, origin) {
  const o = String(origin).replace(/\/+$/, '');
  const schemeless = o.replace(/^https?:/, '');
  return String(text).replace(PREFIX_RE, (_, scheme, rest) => `${scheme ? o : schemeless}/${rest}`);
}

function clock(d) {
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function shorten(s, max) {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * An HTTP server answering http://HOST:PORT/<realhost>/<path?query> with
 * fakeResponse('https://<realhost>/<path?query>'). Every such request is recorded in `hits`.
 * @param {{port?: number, host?: string, log?: boolean}} [options]
 * @returns {Promise<{port: number, url: string, hits: {time: string, host: string, path: string}[], close: () => Promise<void>}>}
 */
export function startFakeTrackerServer({ port = 0, host = '127.0.0.1', log = true } = {}) {
  const hits = [];
  const server = createServer((req, res) => {
    const common = {
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...common, 'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS', 'Access-Control-Allow-Headers': '*' });
      res.end();
      return;
    }
    const raw = req.url || '/';
    const m = /^\/([A-Za-z0-9.-]+\.[A-Za-z]{2,})(\/.*|\?.*)?$/.exec(raw);
    if (!m) {
      const text = raw === '/'
        ? 'Фальшивый сервер трекеров soglasie / soglasie fake tracker server.\n' +
          `Форма адреса / URL form: /<host>/<path>, host ∈ ${TRACKER_HOSTS.join(', ')}\n`
        : 'Не найдено / Not found\n';
      res.writeHead(raw === '/' ? 200 : 404, { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    const realHost = m[1].toLowerCase();
    let path = m[2] || '/';
    if (path.startsWith('?')) path = `/${path}`;
    const now = new Date();
    hits.push({ time: now.toISOString(), host: realHost, path });
    if (log) console.log(`[трекер] ${clock(now)} ${realHost} ${shorten(path, 120)}`);
    const r = fakeResponse(`https://${realHost}${path}`);
    res.writeHead(r.status, {
      ...common,
      ...(r.headers || {}),
      'Content-Type': r.contentType,
      'Content-Length': Buffer.byteLength(r.body),
    });
    // Drain a POST body (sendBeacon-style) before answering; we do not look at it.
    req.resume();
    res.end(req.method === 'HEAD' ? undefined : r.body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = server.address().port;
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      resolve({
        port: actual,
        url: `http://${shown}:${actual}`,
        hits,
        close: () => new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
