// fake-trackers.mjs — stand-ins for the trackers the demo clinic site carries (Яндекс Метрика,
// Top@Mail.ru / VK Реклама, VK retargeting pixel, Яндекс Карты widget). One source of the fake
// behaviour for two users:
//   * the demo (`make demo`): startFakeTrackerServer() serves http://127.0.0.1:PORT/<realhost>/<path>
//     and prints one line per hit, so a person sees trackers fire only after consent;
//   * end-to-end tests: Playwright intercepts the REAL hosts (TRACKER_HOSTS) and answers each
//     request with fakeResponse(url).
// The stand-in scripts compute their report URLs relative to their own script URL, so they work
// under both forms. Nothing here ever talks to the real services. Node built-ins only.
import { createServer } from 'node:http';

/** Real hostnames answered by fakeResponse(). On yandex.ru only /map-widget/ is a tracker. */
export const TRACKER_HOSTS = Object.freeze([
  'mc.yandex.ru',
  'mc.yandex.com',
  'top-fwz1.mail.ru',
  'vk.com',
  'vk.ru',
  'yandex.ru',
]);

/**
 * URL prefixes (without scheme) that the demo server rewrites to the fake tracker server. Hosts
 * shared with ordinary content (vk.com, yandex.ru) are limited to their tracker paths, so links
 * to e.g. https://yandex.ru/legal/… stay real.
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
]);

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const JS = 'text/javascript; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

// Shared by the three stand-ins: find our own URL and cut it at the path marker. The real
// snippets insert the script with a plain src; a blocker may have moved it, so fall back to
// scanning document.scripts (newest first) for a src containing the marker.
const PRELUDE = `
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
  function beacon(url) {
    var img = new Image(1, 1);
    keep.push(img);
    img.onload = img.onerror = function () {
      var i = keep.indexOf(img);
      if (i >= 0) keep.splice(i, 1);
    };
    img.src = url;
  }
  function setCookie(name, value, maxAge) {
    document.cookie = name + '=' + value + '; path=/; max-age=' + maxAge + '; SameSite=Lax';
  }
  function getCookie(name) {
    var parts = ('; ' + document.cookie).split('; ' + name + '=');
    return parts.length > 1 ? parts[1].split(';')[0] : '';
  }
  var YEAR = 31536000;
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

const VK_JS = `/* Fake VK openapi.js (soglasie demo/test stand-in; only VK.Retargeting). */
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
})();
`;

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
 * fakeResponse('https://mc.yandex.ru/metrika/tag.js?id=1'). Never throws.
 * @param {string|URL} url
 * @returns {{status: number, contentType: string, body: string|Buffer}}
 */
export function fakeResponse(url) {
  const gif = () => ({ status: 200, contentType: 'image/gif', body: GIF });
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
  if (/^mc\.yandex\.[a-z.]+$/.test(host) && /^\/metrika\/(tag|watch|tag_ww)\.js$/.test(path)) {
    return { status: 200, contentType: JS, body: METRIKA_JS };
  }
  if (host === 'top-fwz1.mail.ru' && path === '/js/code.js') {
    return { status: 200, contentType: JS, body: TMR_JS };
  }
  if ((host === 'vk.com' || host === 'vk.ru') && path === '/js/api/openapi.js') {
    return { status: 200, contentType: JS, body: VK_JS };
  }
  if (host === 'yandex.ru' && path.startsWith('/map-widget/')) {
    return { status: 200, contentType: HTML, body: mapPage(u) };
  }
  // /watch/…, /counter…, /rtrg…, and anything else: a 1×1 pixel.
  return gif();
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const PREFIX_RE = new RegExp(
  `(?:https?:)?//(${TRACKER_PREFIXES.map(escapeRegExp).join('|')})`,
  'g',
);

/**
 * Rewrites every tracker URL in a text (https://, http:// or protocol-relative, see
 * TRACKER_PREFIXES) to the fake tracker server: https://mc.yandex.ru/x → <origin>/mc.yandex.ru/x.
 * @param {string} text
 * @param {string} origin e.g. 'http://127.0.0.1:8081'
 */
export function rewriteTrackerUrls(text, origin) {
  const o = String(origin).replace(/\/+$/, '');
  return String(text).replace(PREFIX_RE, (_, rest) => `${o}/${rest}`);
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
