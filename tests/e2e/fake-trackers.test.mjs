// Unit tests (no browser) for tools/fake-trackers.mjs, tests/e2e/snippets.mjs, tools/serve.mjs
// and the demo site's markup. Run: node --test tests/e2e/fake-trackers.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import {
  TRACKER_HOSTS,
  TRACKER_PREFIXES,
  EXPECTED_HITS,
  fakeResponse,
  rewriteTrackerUrls,
  startFakeTrackerServer,
} from '../../tools/fake-trackers.mjs';
import { SNIPPETS, SNIPPET_VARIANTS, SOGLASIE_TAG, snippetPage } from './snippets.mjs';
import { startServers, REPO_ROOT } from '../../tools/serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO = join(ROOT, 'www', 'demo');

// Raw HTTP GET: unlike fetch(), it sends the path exactly as given (no `..` normalisation).
function get(base, path, method = 'GET', headers = {}) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: res.headers, body, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const isGif = (b) => Buffer.isBuffer(b) && b.subarray(0, 6).toString('latin1') === 'GIF89a';

// Runs a stand-in script in a tiny fake browser and returns what it did.
function runInFakeBrowser(script, { src, pageUrl = 'http://127.0.0.1:8080/services.html', setup = '' }) {
  const beacons = [];
  const cookies = new Map();
  const storage = new Map();
  const scriptEl = { src };
  const location = new URL(pageUrl);
  const document = {
    currentScript: scriptEl,
    scripts: [scriptEl],
    referrer: '',
    get cookie() {
      return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(s) {
      const [pair] = s.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    },
  };
  class Image {
    set src(v) {
      beacons.push(v);
    }
  }
  const window = {
    document,
    location,
    Image,
    localStorage: {
      setItem: (k, v) => storage.set(k, String(v)),
      getItem: (k) => (storage.has(k) ? storage.get(k) : null),
    },
  };
  window.window = window;
  const ctx = vm.createContext(window);
  vm.runInContext(setup, ctx);
  vm.runInContext(script, ctx);
  return { beacons, cookies, storage, window: ctx, document };
}

describe('fakeResponse', () => {
  test('serves stand-in scripts for the three tracker loaders', () => {
    for (const url of [
      'https://mc.yandex.ru/metrika/tag.js',
      'https://mc.yandex.ru/metrika/tag.js?id=44444444',
      'https://top-fwz1.mail.ru/js/code.js',
      'https://vk.com/js/api/openapi.js?169',
    ]) {
      const r = fakeResponse(url);
      assert.equal(r.status, 200, url);
      assert.match(r.contentType, /^text\/javascript/, url);
      assert.equal(typeof r.body, 'string', url);
      assert.doesNotThrow(() => new vm.Script(r.body), url);
    }
    assert.match(fakeResponse('https://mc.yandex.ru/metrika/tag.js').body, /\/watch\//);
    assert.match(fakeResponse('https://top-fwz1.mail.ru/js/code.js').body, /_tmr/);
    assert.match(fakeResponse('https://vk.com/js/api/openapi.js?169').body, /Retargeting/);
  });

  test('answers beacons and pixels with a 1×1 GIF', () => {
    for (const url of [
      'https://mc.yandex.ru/watch/44444444?page-url=https%3A%2F%2Fexample.ru%2F',
      'https://mc.yandex.ru/watch/44444444',
      'https://top-fwz1.mail.ru/counter?id=3333333;js=na',
      'https://vk.com/rtrg?p=VK-RTRG-000000-DEMO',
      'https://mc.yandex.ru/something/else',
    ]) {
      const r = fakeResponse(url);
      assert.equal(r.status, 200, url);
      assert.equal(r.contentType, 'image/gif', url);
      assert.ok(isGif(r.body), url);
    }
  });

  test('serves a stub page for the Yandex map widget', () => {
    const r = fakeResponse('https://yandex.ru/map-widget/v1/?ll=37.617700%2C55.755863&z=15');
    assert.equal(r.status, 200);
    assert.match(r.contentType, /^text\/html/);
    assert.match(r.body, /Карта \(демо-заглушка\)/);
    assert.match(r.body, /55\.755863/);
  });

  test('never throws on odd input', () => {
    for (const odd of [undefined, null, '', 'not a url', 42, {}, [], 'https://', 'javascript:alert(1)',
      'https://yandex.ru/map-widget/v1/?ll=<script>', new URL('https://vk.com/rtrg')]) {
      const r = fakeResponse(odd);
      assert.equal(typeof r.status, 'number');
      assert.equal(typeof r.contentType, 'string');
      assert.ok(r.body !== undefined);
    }
    assert.doesNotMatch(fakeResponse('https://yandex.ru/map-widget/v1/?ll=<script>').body, /<script>/);
  });

  test('covers the hosts it claims', () => {
    for (const h of ['mc.yandex.ru', 'top-fwz1.mail.ru', 'vk.com', 'yandex.ru']) {
      assert.ok(TRACKER_HOSTS.includes(h), h);
    }
  });
});

describe('stand-in scripts', () => {
  for (const [label, src, base] of [
    ['real host', 'https://mc.yandex.ru/metrika/tag.js?id=44444444', 'https://mc.yandex.ru'],
    ['demo server', 'http://127.0.0.1:8081/mc.yandex.ru/metrika/tag.js', 'http://127.0.0.1:8081/mc.yandex.ru'],
  ]) {
    test(`Metrika reports relative to its own URL (${label})`, () => {
      const setup = `(function(m,i){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};m[i].l=1*new Date()})(window,"ym");
        ym(44444444, "init", {clickmap:true, trackLinks:true, accurateTrackBounce:true});`;
      const { beacons, cookies, storage, window } = runInFakeBrowser(fakeResponse(src).body, { src, setup });
      assert.equal(beacons.length, 1);
      assert.equal(
        beacons[0],
        `${base}/watch/44444444?page-url=${encodeURIComponent('http://127.0.0.1:8080/services.html')}`,
      );
      assert.match(cookies.get('_ym_uid'), /^[0-9]+$/);
      assert.match(cookies.get('_ym_d'), /^[0-9]+$/);
      assert.equal(storage.get('_ym_uid'), JSON.stringify(cookies.get('_ym_uid')));
      // Later calls go straight out.
      vm.runInContext('ym(44444444, "reachGoal", "call"); ym(44444444, "hit", "/x")', window);
      assert.equal(beacons.length, 3);
      assert.ok(beacons[1].startsWith(`${base}/watch/44444444?page-url=goal%3A%2F%2F127.0.0.1%2Fcall`), beacons[1]);
      assert.equal(beacons[2], `${base}/watch/44444444?page-url=%2Fx`);
    });
  }

  test('Metrika falls back to document.scripts when currentScript is null', () => {
    const src = 'http://127.0.0.1:9999/mc.yandex.ru/metrika/tag.js';
    const setup = 'document.currentScript = null; window.ym = function(){(ym.a=ym.a||[]).push(arguments)}; ym(1, "init", {});';
    const { beacons } = runInFakeBrowser(fakeResponse(src).body, { src, setup });
    assert.equal(beacons.length, 1);
    assert.ok(beacons[0].startsWith('http://127.0.0.1:9999/mc.yandex.ru/watch/1?page-url='), beacons[0]);
  });

  test('Top@Mail.ru processes the _tmr queue and sets tmr_ cookies', () => {
    const src = 'http://127.0.0.1:8081/top-fwz1.mail.ru/js/code.js';
    const setup = 'var _tmr = window._tmr || (window._tmr = []); _tmr.push({id: "3333333", type: "pageView", start: 1});';
    const { beacons, cookies, window } = runInFakeBrowser(fakeResponse(src).body, { src, setup });
    assert.equal(beacons.length, 1);
    assert.ok(beacons[0].startsWith('http://127.0.0.1:8081/top-fwz1.mail.ru/counter?id=3333333;e=pageView'), beacons[0]);
    assert.match(cookies.get('tmr_lvid'), /^[0-9a-f]{32}$/);
    assert.match(cookies.get('tmr_lvidTS'), /^[0-9]+$/);
    assert.ok(cookies.has('tmr_detect'));
    vm.runInContext('_tmr.push({id: "3333333", type: "reachGoal", goal: "call"})', window);
    assert.equal(beacons.length, 2);
    assert.match(beacons[1], /\/counter\?id=3333333;e=RG%3Acall$/);
  });

  test('VK openapi defines VK.Retargeting; Hit reports to /rtrg', () => {
    const src = 'https://vk.com/js/api/openapi.js?169';
    const { beacons, window } = runInFakeBrowser(fakeResponse(src).body, { src });
    assert.equal(beacons.length, 0);
    vm.runInContext('VK.Retargeting.Init("VK-RTRG-000000-DEMO"); VK.Retargeting.Hit();', window);
    assert.deepEqual(beacons, ['https://vk.com/rtrg?p=VK-RTRG-000000-DEMO']);
  });
});

// A slightly larger fake browser for the other stand-ins: it records every request they make
// (image, sendBeacon, fetch, XHR, inserted <script>) and the elements they add to the page.
function runStandIn(script, { src, pageUrl = 'http://127.0.0.1:8080/services.html', setup = '', storage: stored = {} }) {
  const requests = [];
  const cookies = new Map();
  const storage = new Map(Object.entries(stored));
  const added = [];
  const events = [];
  const location = new URL(pageUrl);
  const makeElement = (tag) => {
    const attrs = new Map();
    const el = {
      tagName: String(tag).toUpperCase(),
      children: [],
      textContent: '',
      className: '',
      style: {},
      setAttribute: (k, v) => attrs.set(k, String(v)),
      getAttribute: (k) => (attrs.has(k) ? attrs.get(k) : null),
      appendChild(child) {
        child.parentNode = el;
        el.children.push(child);
        added.push(child);
        if (child.tagName === 'SCRIPT' && child.src) requests.push({ kind: 'script', url: child.src });
        return child;
      },
      insertBefore(child, ref) {
        return el.appendChild(child, ref);
      },
    };
    return el;
  };
  const ownScript = { src, tagName: 'SCRIPT' };
  const head = makeElement('head');
  const body = makeElement('body');
  const document = {
    currentScript: ownScript,
    scripts: [ownScript],
    referrer: '',
    title: 'Услуги',
    readyState: 'complete',
    head,
    body,
    documentElement: makeElement('html'),
    createElement: makeElement,
    getElementsByTagName: (t) => (t === 'head' ? [head] : t === 'script' ? [{ parentNode: head }] : []),
    querySelectorAll: () => [],
    addEventListener() {},
    get cookie() {
      return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(s) {
      const [pair] = s.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    },
  };
  class Image {
    set src(v) {
      requests.push({ kind: 'image', url: v });
    }
  }
  class XMLHttpRequest {
    open(method, url) {
      this.url = url;
      this.method = method;
    }
    send() {
      requests.push({ kind: 'xhr', url: this.url });
    }
  }
  class CustomEvent {
    constructor(type, init) {
      this.type = type;
      this.detail = init && init.detail;
    }
  }
  const window = {
    document,
    location,
    Image,
    XMLHttpRequest,
    CustomEvent,
    navigator: { sendBeacon: (url) => { requests.push({ kind: 'beacon', url }); return true; } },
    fetch: (url, init = {}) => { requests.push({ kind: init.method === 'POST' ? 'fetch-post' : 'fetch', url }); return Promise.resolve({}); },
    localStorage: {
      setItem: (k, v) => storage.set(k, String(v)),
      getItem: (k) => (storage.has(k) ? storage.get(k) : null),
    },
    addEventListener() {},
    dispatchEvent: (e) => { events.push(e.type); return true; },
    setTimeout: (f) => f(),
    encodeURIComponent,
    JSON,
  };
  window.window = window;
  const ctx = vm.createContext(window);
  vm.runInContext(setup, ctx);
  vm.runInContext(script, ctx);
  return { requests, urls: () => requests.map((r) => `${r.kind} ${r.url}`), cookies, storage, window: ctx, added, events };
}

const CATALOG_RS = readFileSync(join(ROOT, 'src', 'catalog', 'data.rs'), 'utf8');
/** id → {category, hosts, cookies, storage} from src/catalog/data.rs */
const CATALOG = Object.fromEntries([...CATALOG_RS.matchAll(/id: "([a-z0-9_]+)",[\s\S]*?category: "([a-z]+)",[\s\S]*?hosts: &\[([\s\S]*?)\],\s*(?:\/\/[^\n]*\n\s*)*cookies: &\[([\s\S]*?)\],\s*storage: &\[([\s\S]*?)\]/g)]
  .map(([, id, category, hosts, cookies, storage]) => {
    const list = (s) => [...s.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    return [id, { category, hosts: list(hosts), cookies: list(cookies), storage: list(storage) }];
  }));
// The same rule as src/catalog/mod.rs pattern_matches: host or subdomain, then a path prefix.
function patternMatches(pattern, url) {
  const u = new URL(url.startsWith('//') ? `https:${url}` : url);
  const i = pattern.indexOf('/');
  const pHost = i < 0 ? pattern : pattern.slice(0, i);
  const pPath = i < 0 ? '' : pattern.slice(i);
  const [path, param] = (pPath || '/').split('?');
  const host = u.hostname;
  return (host === pHost || host.endsWith(`.${pHost}`)) && u.pathname.startsWith(path) &&
    (!param || u.search.slice(1).split('&').some((p) => p.startsWith(param)));
}
// The catalog entry a URL belongs to: the one with the longest matching pattern (as in Rust).
function owner(url) {
  let best = null;
  let length = 0;
  for (const [id, entry] of Object.entries(CATALOG)) {
    for (const p of entry.hosts) if (p.length > length && patternMatches(p, url)) { best = id; length = p.length; }
  }
  return best;
}
const coveredHost = (h) => TRACKER_HOSTS.some((t) => h === t || h.endsWith(`.${t}`));
const EMBED_ONLY = ['youtube', 'rutube', 'vk_video']; // iframes, no script/pixel snippet

describe('catalog coverage', () => {
  test('the catalog parses into its 22 entries', () => {
    assert.equal(Object.keys(CATALOG).length, 22);
    assert.deepEqual(CATALOG.yandex_metrika.cookies.slice(0, 2), ['_ym_uid@1y', '_ym_d@1y']);
  });

  test('TRACKER_HOSTS covers every host of every entry with a script, pixel or beacon', () => {
    for (const [id, e] of Object.entries(CATALOG)) {
      if (EMBED_ONLY.includes(id)) continue;
      for (const pattern of e.hosts) {
        const host = pattern.split('/')[0];
        assert.ok(coveredHost(host), `${id}: ${host}`);
      }
    }
    assert.equal(new Set(TRACKER_HOSTS).size, TRACKER_HOSTS.length, 'no duplicates');
  });

  test('EXPECTED_HITS: catalog ids, one for every snippet, each pattern on a host of its own entry', () => {
    for (const [id, patterns] of Object.entries(EXPECTED_HITS)) {
      assert.ok(CATALOG[id], id);
      assert.ok(patterns.length > 0, id);
      for (const p of patterns) assert.ok(p instanceof RegExp && p.source.startsWith('^'), `${id}: ${p}`);
    }
    for (const s of [...SNIPPETS, ...SNIPPET_VARIANTS]) assert.ok(EXPECTED_HITS[s.id], s.id);
    assert.equal(EXPECTED_HITS.yandex_direct, undefined, 'Директ has no site tag of its own');
  });

  test('the fake server\'s rewrite prefixes are all tracker hosts', () => {
    for (const p of TRACKER_PREFIXES) assert.ok(coveredHost(p.split('/')[0]), p);
  });
});

describe('snippets', () => {
  const REQUIRED = ['yandex_metrika', 'top_mail_ru', 'vk_pixel', 'liveinternet', 'rambler_top100', 'google_analytics',
    'google_tag_manager', 'google_ads', 'meta_pixel', 'calltouch', 'roistat', 'comagic', 'callibri', 'jivo', 'bitrix24',
    'amocrm', 'carrot_quest'];

  test('one entry per catalog id with a snippet, with the catalog\'s category and a source', () => {
    assert.deepEqual(SNIPPETS.map((s) => s.id).sort(), [...REQUIRED].sort());
    for (const s of [...SNIPPETS, ...SNIPPET_VARIANTS]) {
      const name = s.id + (s.variant ? ` (${s.variant})` : '');
      assert.equal(s.category, CATALOG[s.id].category, name);
      assert.match(s.source, /^(https:\/\/|NOTES-trackers\.md §)/, name);
      assert.ok(s.snippet.length > 40 && s.snippet === s.snippet.trim(), name);
      assert.ok(Array.isArray(s.loads.parser) && Array.isArray(s.loads.script) && Array.isArray(s.loads.noscript), name);
      assert.equal(typeof s.documentWrite, 'boolean', name);
      assert.equal(s.documentWrite, /document\.write/.test(s.snippet), name);
      if (s.documentWrite) assert.ok(s.limitation, `${name}: a document.write snippet says why it is limited`);
    }
    const variants = SNIPPET_VARIANTS.map((s) => `${s.id}/${s.variant}`);
    assert.equal(new Set(variants).size, variants.length);
  });

  test('every URL in a snippet is a tracker host the catalog attributes to that snippet\'s service', () => {
    for (const s of [...SNIPPETS, ...SNIPPET_VARIANTS]) {
      const urls = [...s.snippet.matchAll(/(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s"'<>)]*/gi)].map((m) => m[0]);
      // A host given as a bare string (Roistat: 'cloud.roistat.com', glued to the scheme later).
      for (const m of s.snippet.matchAll(/['"]([a-z0-9-]+(?:\.[a-z0-9-]+)+)['"]/g)) if (coveredHost(m[1])) urls.push(`https://${m[1]}/`);
      assert.ok(urls.length > 0, s.id);
      for (const url of urls) {
        const host = new URL(url.startsWith('//') ? `https:${url}` : url).hostname;
        assert.ok(coveredHost(host), `${s.id}: ${url}`);
        assert.ok(CATALOG[s.id].hosts.some((p) => patternMatches(p, url)), `${s.id}: the catalog does not recognise ${url}`);
      }
    }
  });

  test('gtag.js serves Google Analytics and Google Ads on one path: the id tells them apart', () => {
    assert.equal(owner('https://www.googletagmanager.com/gtag/js?id=AW-123456789'), 'google_ads');
    assert.equal(owner('https://www.googletagmanager.com/gtag/js?l=dataLayer&id=AW-123456789'), 'google_ads');
    assert.equal(owner('https://www.googletagmanager.com/gtag/js?id=G-XXXXXXXXXX'), 'google_analytics');
    assert.equal(owner('https://www.googletagmanager.com/gtag/js?id=UA-12345-1'), 'google_analytics');
  });

  test('snippetPage: the soglasie config and tag first, the snippet unmodified in <head> or <body>', () => {
    for (const s of SNIPPETS) {
      for (const position of ['head', 'body']) {
        const html = snippetPage({ id: s.id, position });
        const prefix = '<!doctype html><html lang="ru"><head><meta charset="utf-8"><script type="application/json" id="soglasie-config">';
        assert.ok(html.startsWith(prefix), s.id);
        const json = html.slice(prefix.length, html.indexOf('</script>'));
        const demo = JSON.parse(readFileSync(join(DEMO, 'soglasie.json'), 'utf8'));
        assert.deepEqual(JSON.parse(json), { operator: demo.operator, policy: demo.policy, services: [s.id] });
        assert.ok(html.slice(prefix.length + json.length).startsWith(`</script>${SOGLASIE_TAG}`), s.id);
        const at = html.indexOf(s.snippet);
        assert.ok(at > 0, `${s.id}: snippet verbatim`);
        if (position === 'head') assert.ok(at < html.indexOf('</head>'), s.id);
        else assert.ok(at > html.indexOf('</h1>') && at < html.indexOf('</body>'), s.id);
        // Only the one soglasie tag; the first <script src> of the page is soglasie's.
        assert.equal(html.split(SOGLASIE_TAG).length, 2);
      }
    }
  });

  test('snippetPage: services, variants, a control page without soglasie, bad arguments', () => {
    const page = snippetPage({ id: 'google_ads', services: ['google_ads', 'google_analytics'] });
    assert.match(page, /"services":\["google_ads","google_analytics"\]/);
    const lw = snippetPage({ id: 'liveinternet', variant: 'document.write', position: 'body' });
    assert.ok(lw.includes(SNIPPET_VARIANTS.find((s) => s.variant === 'document.write').snippet));
    const bare = snippetPage({ id: 'yandex_metrika', soglasie: false });
    assert.ok(!bare.includes('soglasie'));
    assert.ok(bare.includes(SNIPPETS[0].snippet));
    assert.throws(() => snippetPage({ id: 'yandex_direct' }), /no snippet/);
    assert.throws(() => snippetPage({ id: 'jivo', variant: 'nope' }), /no snippet/);
    assert.throws(() => snippetPage({ id: 'jivo', position: 'footer' }), /position/);
    // A config string cannot end the JSON script element early.
    assert.doesNotMatch(snippetPage({ id: 'jivo', services: ['</script><b>'] }).split(SOGLASIE_TAG)[0], /<\/script><b>/);
  });
});

describe('fakeResponse: all loaders', () => {
  const LOADERS = {
    'https://mc.webvisor.org/metrika/tag_ww.js': /ym\.fake/,
    'https://cdn.jsdelivr.net/npm/yandex-metrica-watch/tag.js': /ym\.fake/,
    'https://vk.ru/js/api/openapi.js?173': /VK\.Pixel/,
    'https://www.googletagmanager.com/gtag/js?id=G-X': /fakeGtag/,
    'https://www.googletagmanager.com/gtm.js?id=GTM-X': /google_tag_manager/,
    'https://connect.facebook.net/en_US/fbevents.js': /callMethod/,
    'https://connect.facebook.net/signals/config/1?v=2.9.0&r=stable': /nothing to do/,
    'http://st.top100.ru/top100/top100.js': /_top100q/,
    'https://mod.calltouch.ru/init.js?id=a': /CalltouchDataObject/,
    'https://mod.calltouch.ru/init-min.js?id=a': /CalltouchDataObject/,
    'https://cloud.roistat.com/api/site/1.0/k/init?referrer=x': /roistat_visit/,
    'https://cloud.roistat.com/dist/module.js': /window\.roistat/,
    'https://app.comagic.ru/static/cs.min.js': /__cs/,
    'https://app.uiscom.ru/static/cs.min.js?k=K': /__cs/,
    'http://cdn.callibri.ru/callibri.js': /callibri_phone/,
    'https://code.jivo.ru/widget/AbC': /jivo_api/,
    'https://code.jivosite.com/script/widget/AbC': /jivo_api/,
    'https://cdn-ru.bitrix24.ru/b1/crm/site_button/loader_1_abc.js?1': /SiteButton/,
    'https://cdn.bitrix24.com/b1/crm/form/loader_4.js?1': /data-b24-form/,
    'https://cdn-ru.bitrix24.ru/b1/crm/tag/call.tracker.js': /b24_crm_guest_id/,
    'https://gso.amocrm.ru/js/button.js?1': /amo_social_button/,
    'https://cdn.carrotquest.app/api.min.js': /carrotquestasync/,
    'https://cdn.carrotquest.io/api.min.js': /carrotquestasync/,
  };
  for (const [url, marker] of Object.entries(LOADERS)) {
    test(url, () => {
      for (const form of [url, `http://127.0.0.1:8081/${url.replace(/^https?:\/\//, '')}`]) {
        const r = fakeResponse(form);
        assert.equal(r.status, 200);
        assert.match(r.contentType, /^text\/javascript/, form);
        assert.match(r.body, marker, form);
        assert.doesNotThrow(() => new vm.Script(r.body), form);
      }
    });
  }

  test('XHR endpoints answer JSON readable cross-origin; beacons a GIF; the GTM noscript page HTML', () => {
    for (const url of ['https://mod.calltouch.ru/set_attrs_by_get.php?modId=a', 'https://cloud.roistat.com/api/site/1.0/k/visit/1/hit', 'https://gso.amocrm.ru/api/button/1']) {
      const r = fakeResponse(url);
      assert.match(r.contentType, /^application\/json/, url);
      assert.equal(r.headers['Access-Control-Allow-Origin'], '*', url);
    }
    for (const url of ['https://counter.yadro.ru/hit?t52.6;r;s1*1*24', 'https://kraken.rambler.ru/cnt/v2/?pid=1', 'https://www.google-analytics.com/g/collect?v=2',
      'https://googleads.g.doubleclick.net/pagead/conversion/1/?label=x', 'https://www.facebook.com/tr/?id=1&ev=PageView', 'https://counter.rambler.ru/top100.cnt?pid=1',
      'https://server.comagic.ru/comagic/visit', 'https://api.carrotquest.app/visits?app=1', 'https://cdn.callibri.ru/module/hit']) {
      assert.ok(isGif(fakeResponse(url).body), url);
    }
    assert.match(fakeResponse('https://www.googletagmanager.com/ns.html?id=GTM-X').contentType, /^text\/html/);
  });
});

describe('stand-in scripts: the other trackers', () => {
  const WRAP = 'http://127.0.0.1:8081/';
  const gtagSetup = (id) => `window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date()); gtag('config', '${id}');`;

  test('gtag.js with a G- id: page_view by sendBeacon to /g/collect, _ga and _ga_<id>, events later', () => {
    const src = 'https://www.googletagmanager.com/gtag/js?id=G-TEST01';
    const b = runStandIn(fakeResponse(src).body, { src, setup: gtagSetup('G-TEST01') });
    assert.equal(b.requests.length, 1);
    assert.equal(b.requests[0].kind, 'beacon');
    assert.match(b.requests[0].url, /^https:\/\/www\.google-analytics\.com\/g\/collect\?v=2&tid=G-TEST01&cid=\d+\.\d+&en=page_view&dl=http%3A%2F%2F127\.0\.0\.1%3A8080%2Fservices\.html&dt=/);
    assert.match(b.cookies.get('_ga'), /^GA1\.1\.\d+\.\d+$/);
    assert.match(b.cookies.get('_ga_TEST01'), /^GS1\.1\./);
    vm.runInContext("gtag('event', 'generate_lead')", b.window);
    assert.match(b.requests[1].url, /&en=generate_lead&/);
    // Through the fake server, reports go to the fake server too.
    const w = runStandIn(fakeResponse(`${WRAP}www.googletagmanager.com/gtag/js?id=G-TEST01`).body, { src: `${WRAP}www.googletagmanager.com/gtag/js?id=G-TEST01`, setup: gtagSetup('G-TEST01') });
    assert.ok(w.requests[0].url.startsWith(`${WRAP}www.google-analytics.com/g/collect?v=2&tid=G-TEST01`), w.requests[0].url);
  });

  test('gtag.js with an AW- id: remarketing on config, conversion on the event, _gcl_au', () => {
    const src = 'https://www.googletagmanager.com/gtag/js?id=AW-123';
    const setup = `${gtagSetup('AW-123')} gtag('event', 'conversion', {'send_to': 'AW-123/AbC-d_1'});`;
    const b = runStandIn(fakeResponse(src).body, { src, setup });
    assert.deepEqual(b.requests.map((r) => r.kind), ['image', 'image']);
    assert.match(b.requests[0].url, /^https:\/\/googleads\.g\.doubleclick\.net\/pagead\/viewthroughconversion\/123\/\?random=\d+&url=/);
    assert.match(b.requests[1].url, /^https:\/\/googleads\.g\.doubleclick\.net\/pagead\/conversion\/123\/\?label=AbC-d_1&random=/);
    assert.match(b.cookies.get('_gcl_au'), /^1\.1\.\d+\.\d+$/);
    for (const r of b.requests) assert.ok(EXPECTED_HITS.google_ads.some((p) => p.test(r.url.replace(/^https:\/\//, ''))), r.url);
  });

  test('gtm.js: an empty container — no requests, google_tag_manager, gtm.dom and gtm.load', () => {
    const src = 'https://www.googletagmanager.com/gtm.js?id=GTM-ABC1&l=myLayer';
    const setup = "window.myLayer = [{'gtm.start': 1, event: 'gtm.js'}];";
    const b = runStandIn(fakeResponse(src).body, { src, setup });
    assert.deepEqual(b.requests, []);
    assert.equal(b.window.google_tag_manager['GTM-ABC1'].fake, true);
    assert.deepEqual([...b.window.google_tag_manager['GTM-ABC1'].events], ['gtm.js', 'gtm.dom', 'gtm.load']);
  });

  test('fbevents.js: the fbq queue, _fbp/_fbc, the pixel config script, /tr/ images', () => {
    const src = 'https://connect.facebook.net/en_US/fbevents.js';
    const setup = `!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[]}(window, document);
      fbq('init', '111'); fbq('track', 'PageView');`;
    const b = runStandIn(fakeResponse(src).body, { src, setup, pageUrl: 'https://clinic.example/?fbclid=AbC' });
    assert.deepEqual(b.urls().map((u) => u.split('?')[0]), ['script https://connect.facebook.net/signals/config/111', 'image https://www.facebook.com/tr/']);
    assert.match(b.requests[1].url, /\/tr\/\?id=111&ev=PageView&dl=https%3A%2F%2Fclinic\.example%2F%3Ffbclid%3DAbC&/);
    assert.match(b.cookies.get('_fbp'), /^fb\.1\.\d+\.\d+$/);
    assert.match(b.cookies.get('_fbc'), /^fb\.1\.\d+\.AbC$/);
    vm.runInContext("fbq('track', 'Lead')", b.window);
    assert.match(b.requests[2].url, /ev=Lead/);
  });

  test('top100.js: runs _top100q, sets top100_id and t3_sid_<project>, reports to kraken by fetch', () => {
    const src = 'http://st.top100.ru/top100/top100.js';
    const setup = "(window._top100q = window._top100q || []).push(function(){ window.top100Counter = new top100({project: '7777777'}); });";
    const b = runStandIn(fakeResponse(src).body, { src, setup });
    assert.equal(b.requests.length, 1);
    assert.equal(b.requests[0].kind, 'fetch-post');
    assert.match(b.requests[0].url, /^http:\/\/kraken\.rambler\.ru\/cnt\/v2\/\?pid=7777777&et=pv&rn=\d+&url=/);
    assert.match(b.cookies.get('top100_id'), /^t1\.7777777\./);
    assert.ok(b.cookies.has('t3_sid_7777777'));
    vm.runInContext("top100Counter.trackEvent('call')", b.window);
    assert.match(b.requests[1].url, /et=event&name=call/);
  });

  test('Calltouch init-min.js: the ct queue, _ct cookies, call_value, an XHR to mod.calltouch.ru', () => {
    const src = 'https://mod.calltouch.ru/init-min.js?id=a1b2c3d4';
    const setup = 'window.CalltouchDataObject = "ct"; window.ct = function(){ ct.callbacks.push(arguments) }; ct.callbacks = []; ct("goal", "call");';
    const b = runStandIn(fakeResponse(src).body, { src, setup });
    assert.deepEqual(b.requests.map((r) => r.kind), ['xhr', 'xhr']);
    assert.match(b.requests[0].url, /^https:\/\/mod\.calltouch\.ru\/set_attrs_by_get\.php\?modId=a1b2c3d4&/);
    assert.match(b.requests[1].url, /goal=call/);
    for (const c of ['_ct', '_ct_session_id', '_ct_site_id', '_ct_ids', 'cted', 'call_s']) assert.ok(b.cookies.has(c), c);
    assert.equal(b.window.call_value, b.cookies.get('_ct_session_id'));
    assert.equal(b.window.ct.loaded, true);
  });

  test('Roistat: init sets roistat_* and loads module.js; module.js reports the visit by XHR', () => {
    const src = 'https://cloud.roistat.com/api/site/1.0/KEY/init?referrer=x';
    const i = runStandIn(fakeResponse(src).body, { src, setup: "window.roistatProjectId = 'KEY';" });
    assert.deepEqual(i.urls(), ['script https://cloud.roistat.com/dist/module.js']);
    for (const c of ['roistat_visit', 'roistat_first_visit', 'roistat_visit_cookie_expire']) assert.ok(i.cookies.has(c), c);
    const msrc = 'https://cloud.roistat.com/dist/module.js';
    const m = runStandIn(fakeResponse(msrc).body, { src: msrc, setup: "window.roistatProjectId = 'KEY'; document.cookie = 'roistat_visit=42';" });
    assert.deepEqual(m.urls(), ['xhr https://cloud.roistat.com/api/site/1.0/KEY/visit/42/hit?page=http%3A%2F%2F127.0.0.1%3A8080%2Fservices.html&referrer=']);
    assert.equal(m.window.roistat.visit, '42');
  });

  test('CoMagic / UIS cs.min.js: __cs account and host, _cmg_csst/_comagic_id cookies, a fetch to the server', () => {
    const src = 'https://app.comagic.ru/static/cs.min.js';
    const setup = 'var __cs = __cs || []; __cs.push(["setCsAccount", "AbCdEfGh"]); __cs.push(["setCsHost", "//server.comagic.ru/comagic"]);';
    const b = runStandIn(fakeResponse(src).body, { src, setup });
    assert.equal(b.requests.length, 1);
    assert.equal(b.requests[0].kind, 'fetch-post');
    assert.match(b.requests[0].url, /^https:\/\/server\.comagic\.ru\/comagic\/visit\?account=AbCdEfGh&visitor=\d+&/);
    assert.ok(b.cookies.has('_cmg_csstAbCdE') && b.cookies.has('_comagic_idAbCdE'));
    const usrc = `${WRAP}app.uiscom.ru/static/cs.min.js?k=ZyXwV123`;
    const u = runStandIn(fakeResponse(usrc).body, { src: usrc });
    assert.ok(u.requests[0].url.startsWith(`${WRAP}server.uiscom.ru/comagic/visit?account=ZyXwV123&`), u.requests[0].url);
  });

  test('Callibri: localStorage callibri and callibri_phone, an image to its host', () => {
    const src = 'http://cdn.callibri.ru/callibri.js';
    const b = runStandIn(fakeResponse(src).body, { src });
    assert.deepEqual(b.requests.map((r) => r.kind), ['image']);
    assert.match(b.requests[0].url, /^http:\/\/cdn\.callibri\.ru\/module\/hit\?site=127\.0\.0\.1&/);
    assert.ok(b.storage.has('callibri') && b.storage.has('callibri_phone'));
  });

  test('Jivo: jv_*_<widget> cookies, the language bundle, a <jdiv> on the page', () => {
    const src = 'https://code.jivo.ru/widget/AbCdEf1234';
    const b = runStandIn(fakeResponse(src).body, { src });
    assert.equal(b.requests.length, 1);
    assert.match(b.requests[0].url, /^https:\/\/code\.jivo\.ru\/js\/bundle_ru_RU\.js\?rand=\d+$/);
    for (const c of ['jv_enter_ts_AbCdEf1234', 'jv_visits_count_AbCdEf1234', 'jv_pages_count_AbCdEf1234']) assert.ok(b.cookies.has(c), c);
    assert.ok(b.added.some((e) => e.tagName === 'JDIV'));
    const old = 'https://code.jivosite.com/script/widget/AbC';
    assert.match(runStandIn(fakeResponse(old).body, { src: old }).requests[0].url, /^https:\/\/code\.jivosite\.com\/js\/bundle_ru_RU\.js/);
  });

  test('Bitrix24: the widget button, b24-sitebutton-load, the call tracker; the tracker sets b24_ keys', () => {
    const src = 'https://cdn-ru.bitrix24.ru/b1234567/crm/site_button/loader_1_abc123.js?29925932';
    const b = runStandIn(fakeResponse(src).body, { src });
    assert.deepEqual(b.urls(), ['script https://cdn-ru.bitrix24.ru/b1234567/crm/tag/call.tracker.js']);
    assert.equal(b.window.BX.SiteButton.fake, true);
    assert.deepEqual(b.events, ['b24-sitebutton-load']);
    assert.ok(b.cookies.has('b24_sitebutton_hello'));
    const tsrc = 'https://cdn-ru.bitrix24.ru/b1234567/crm/tag/call.tracker.js';
    const t = runStandIn(fakeResponse(tsrc).body, { src: tsrc, pageUrl: 'https://clinic.example/?utm_source=yandex' });
    assert.deepEqual(t.requests, []);
    assert.match(t.cookies.get('b24_crm_guest_id'), /^\d+$/);
    assert.equal(JSON.parse(t.storage.get('b24_crm_guest_pages'))[0].path, '/');
    assert.match(t.storage.get('b24_crm_guest_utm'), /yandex/);
  });

  test('amoCRM button.js: amo_social_button settings, amo-livechat-id, a fetch to gso.amocrm.ru', () => {
    const src = 'https://gso.amocrm.ru/js/button.js?1700000000';
    const setup = 'window.amo_social_button = {id: "123456", hash: "ff", locale: "ru"}; window.amoSocialButton = function(){ (amoSocialButton.q = amoSocialButton.q || []).push(arguments) };';
    const b = runStandIn(fakeResponse(src).body, { src, setup });
    assert.deepEqual(b.urls(), ['fetch https://gso.amocrm.ru/api/button/123456?hash=ff&locale=ru']);
    assert.match(b.cookies.get('amo-livechat-id'), /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    assert.equal(b.window.amoSocialButton.fake, true);
  });

  test('Carrot quest api.min.js: replays carrotquestasync, carrotquest_* cookies, sendBeacon to the API host', () => {
    const src = 'https://cdn.carrotquest.app/api.min.js';
    const setup = `!function(){function t(t,e){return function(){window.carrotquestasync.push(t,arguments)}}window.carrotquest={},window.carrotquestasync=[],carrotquest.settings={};for(var n=["connect","track","onReady"],a=0;a<n.length;a++)carrotquest[n[a]]=t(n[a])}(),carrotquest.connect("12345-abc"),carrotquest.track("Записался");`;
    const b = runStandIn(fakeResponse(src).body, { src, setup });
    assert.deepEqual(b.requests.map((r) => r.kind), ['beacon', 'beacon']);
    assert.match(b.requests[0].url, /^https:\/\/api\.carrotquest\.app\/visits\?app=12345-abc&user=\d+&/);
    assert.match(b.requests[1].url, /\/events\?app=12345-abc&user=\d+&event=%D0%97/);
    for (const c of ['carrotquest_uid', 'carrotquest_device_guid', 'carrotquest_session']) assert.ok(b.cookies.has(c), c);
    vm.runInContext('carrotquest.track("again")', b.window);
    assert.equal(b.requests.length, 3);
  });

  test('VK openapi also offers the object form: new VK.Pixel(code).Hit()', () => {
    const src = 'https://vk.ru/js/api/openapi.js?173';
    const b = runStandIn(fakeResponse(src).body, { src, setup: 'window.vkAsyncInit = function () { window.pixel = new VK.Pixel("VK-RTRG-1-a"); pixel.Hit(); };' });
    assert.deepEqual(b.urls(), ['image https://vk.ru/rtrg?p=VK-RTRG-1-a']);
  });

  test('Top@Mail.ru also keeps tmr_lvid in localStorage', () => {
    const src = 'https://top-fwz1.mail.ru/js/code.js';
    const b = runStandIn(fakeResponse(src).body, { src, setup: 'var _tmr = window._tmr || (window._tmr = []); _tmr.push({id: "3333333", type: "pageView"});' });
    assert.equal(b.storage.get('tmr_lvid'), b.cookies.get('tmr_lvid'));
  });

  test('every stand-in runs in a page that has nothing queued, without throwing', () => {
    for (const url of ['https://www.googletagmanager.com/gtag/js?id=G-1', 'https://www.googletagmanager.com/gtm.js?id=GTM-1',
      'https://connect.facebook.net/ru_RU/fbevents.js', 'https://st.top100.ru/top100/top100.js', 'https://mod.calltouch.ru/init.js?id=x',
      'https://cloud.roistat.com/dist/module.js', 'https://app.comagic.ru/static/cs.min.js', 'https://gso.amocrm.ru/js/button.js',
      'https://cdn.carrotquest.app/api.min.js', 'https://cdn-ru.bitrix24.ru/b1/crm/form/loader_4.js']) {
      assert.doesNotThrow(() => runStandIn(fakeResponse(url).body, { src: url }), url);
    }
  });
});

describe('rewriteTrackerUrls', () => {
  test('rewrites tracker URLs only', () => {
    const o = 'http://127.0.0.1:8081';
    const out = rewriteTrackerUrls(
      '"https://mc.yandex.ru/metrika/tag.js" //top-fwz1.mail.ru/js/code.js https://vk.com/rtrg?p=1 ' +
        'https://yandex.ru/map-widget/v1/?z=1 https://yandex.ru/legal/ https://vk.com/club1',
      o,
    );
    assert.equal(
      out,
      `"${o}/mc.yandex.ru/metrika/tag.js" //127.0.0.1:8081/top-fwz1.mail.ru/js/code.js ${o}/vk.com/rtrg?p=1 ` +
        `${o}/yandex.ru/map-widget/v1/?z=1 https://yandex.ru/legal/ https://vk.com/club1`,
    );
  });

  test('a protocol-relative URL stays so: a snippet that glues the scheme on still gets a valid URL', () => {
    const snippet = SNIPPETS.find((s) => s.id === 'rambler_top100').snippet;
    const out = rewriteTrackerUrls(snippet, 'http://127.0.0.1:8081');
    const src = /\+\s*"([^"]+)";/.exec(out)[1];
    assert.equal(new URL('http:' + src).href, 'http://127.0.0.1:8081/st.top100.ru/top100/top100.js');
    assert.match(out, /<img src="\/\/127\.0\.0\.1:8081\/counter\.rambler\.ru\/top100\.cnt\?pid=7777777">/);
  });
});

describe('fake tracker server', () => {
  let s;
  before(async () => {
    s = await startFakeTrackerServer({ port: 0, log: false });
  });
  after(() => s.close());

  test('records hits with host and path and answers with the fake response', async () => {
    const base = `http://127.0.0.1:${s.port}`;
    const a = await get(base, '/mc.yandex.ru/watch/44444444?page-url=http%3A%2F%2F127.0.0.1%2F');
    assert.equal(a.status, 200);
    assert.equal(a.headers['content-type'], 'image/gif');
    assert.equal(a.headers['access-control-allow-origin'], '*');
    assert.equal(a.headers['cache-control'], 'no-store');
    assert.ok(isGif(a.body));
    const b = await get(base, '/mc.yandex.ru/metrika/tag.js');
    assert.match(b.headers['content-type'], /javascript/);
    assert.match(b.text, /watch/);
    const c = await get(base, '/yandex.ru/map-widget/v1/?ll=37.6%2C55.7&z=15');
    assert.match(c.text, /Карта \(демо-заглушка\)/);
    assert.equal(s.hits.length, 3);
    assert.equal(s.hits[0].host, 'mc.yandex.ru');
    assert.equal(s.hits[0].path, '/watch/44444444?page-url=http%3A%2F%2F127.0.0.1%2F');
    assert.equal(s.hits[1].path, '/metrika/tag.js');
    assert.equal(s.hits[2].host, 'yandex.ru');
    assert.ok(!Number.isNaN(Date.parse(s.hits[0].time)));
  });

  test('does not count its own index page', async () => {
    const before = s.hits.length;
    const r = await get(`http://127.0.0.1:${s.port}`, '/');
    assert.equal(r.status, 200);
    assert.equal(s.hits.length, before);
  });
});

describe('startServers', () => {
  let tmp;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'soglasie-serve-'));
    mkdirSync(join(tmp, 'site', 'docs'), { recursive: true });
    mkdirSync(join(tmp, 'lib'));
    writeFileSync(join(tmp, 'site', 'index.html'),
      '<!doctype html><title>t</title><script src="https://mc.yandex.ru/metrika/tag.js"></script>' +
      '<iframe data-src="https://yandex.ru/map-widget/v1/?z=1"></iframe><a href="https://yandex.ru/legal/">l</a>');
    writeFileSync(join(tmp, 'site', 'docs', 'index.html'), '<!doctype html><title>docs</title>');
    writeFileSync(join(tmp, 'site', 'cfg.json'), '{"u":"https://vk.com/rtrg?p=1"}');
    writeFileSync(join(tmp, 'site', 'app.js'), 'var u = "https://mc.yandex.ru/metrika/tag.js";');
    writeFileSync(join(tmp, 'site', 'secret.txt'), 'inside');
    writeFileSync(join(tmp, 'outside.txt'), 'outside');
    writeFileSync(join(tmp, 'lib', 'fake.wasm'), Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const roots = () => ({ '/': join(tmp, 'site'), '/lib/': join(tmp, 'lib') });

  test('serves files with the right types, index.html for directories, 404 otherwise', async () => {
    const s = await startServers({ roots: roots(), headers: { 'Content-Security-Policy': "default-src 'self'" } });
    try {
      const home = await get(s.url, '/');
      assert.equal(home.status, 200);
      assert.equal(home.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(home.headers['cache-control'], 'no-store');
      assert.equal(home.headers['content-security-policy'], "default-src 'self'");
      // Rewriting is off by default.
      assert.match(home.text, /https:\/\/mc\.yandex\.ru\/metrika\/tag\.js/);

      const wasm = await get(s.url, '/lib/fake.wasm');
      assert.equal(wasm.status, 200);
      assert.equal(wasm.headers['content-type'], 'application/wasm');
      assert.equal(wasm.headers['content-security-policy'], undefined);
      assert.equal(wasm.body.length, 8);

      assert.match((await get(s.url, '/app.js')).headers['content-type'], /^text\/javascript/);
      assert.match((await get(s.url, '/cfg.json')).headers['content-type'], /^application\/json/);
      assert.equal((await get(s.url, '/docs/')).text, '<!doctype html><title>docs</title>');
      const redirect = await get(s.url, '/docs');
      assert.equal(redirect.status, 301);
      assert.equal(redirect.headers.location, '/docs/');
      assert.equal((await get(s.url, '/nope.html')).status, 404);
      assert.equal((await get(s.url, '/', 'HEAD')).status, 200);
    } finally {
      await s.close();
    }
  });

  test('refuses path traversal', async () => {
    const s = await startServers({ roots: roots() });
    try {
      for (const p of ['/../Cargo.toml', '/%2e%2e/Cargo.toml', '/%2E%2E/outside.txt', '/../outside.txt',
        '/lib/../outside.txt', '/lib/%2e%2e/%2e%2e/outside.txt', '/%2e%2e%2foutside.txt',
        '/..%5coutside.txt', '/secret.txt%00.html', '/%E0%A4%A']) {
        const r = await get(s.url, p);
        assert.equal(r.status, 404, p);
        assert.doesNotMatch(r.text, /outside|\[package\]/, p);
      }
      assert.equal((await get(s.url, '/secret.txt')).text, 'inside');
    } finally {
      await s.close();
    }
  });

  test('rewrites tracker URLs in HTML and JSON when asked, and records tracker hits', async () => {
    const s = await startServers({ roots: roots(), rewriteTrackers: true });
    try {
      const t = s.trackerUrl;
      assert.match(t, /^http:\/\/127\.0\.0\.1:\d+$/);
      const home = await get(s.url, '/');
      assert.ok(home.text.includes(`${t}/mc.yandex.ru/metrika/tag.js`), home.text);
      assert.ok(home.text.includes(`${t}/yandex.ru/map-widget/v1/?z=1`), home.text);
      assert.ok(home.text.includes('https://yandex.ru/legal/'), 'ordinary links stay');
      assert.ok(!home.text.includes('https://mc.yandex.ru/'));
      assert.equal((await get(s.url, '/cfg.json')).text, `{"u":"${t}/vk.com/rtrg?p=1"}`);
      assert.match((await get(s.url, '/app.js')).text, /https:\/\/mc\.yandex\.ru/, 'JS is served as is');

      const hit = await get(t, '/vk.com/rtrg?p=VK-RTRG-000000-DEMO');
      assert.ok(isGif(hit.body));
      assert.deepEqual(s.hits.map((h) => [h.host, h.path]), [['vk.com', '/rtrg?p=VK-RTRG-000000-DEMO']]);
    } finally {
      await s.close();
    }
  });

  test('default roots serve the demo site and its config', async () => {
    assert.equal(REPO_ROOT, ROOT);
    const s = await startServers();
    try {
      const home = await get(s.url, '/');
      assert.equal(home.status, 200);
      assert.match(home.text, /<script src="\/soglasie\/soglasie\.js" data-config="\/soglasie\.json"><\/script>/);
      const cfg = await get(s.url, '/soglasie.json');
      assert.equal(cfg.status, 200);
      JSON.parse(cfg.text);
      if (existsSync(join(ROOT, 'dist', 'soglasie.js'))) {
        const js = await get(s.url, '/soglasie/soglasie.js');
        assert.equal(js.status, 200);
        assert.match(js.headers['content-type'], /^text\/javascript/);
      }
      if (existsSync(join(ROOT, 'dist', 'soglasie.wasm'))) {
        assert.equal((await get(s.url, '/soglasie/soglasie.wasm')).headers['content-type'], 'application/wasm');
      }
    } finally {
      await s.close();
    }
  });
});

describe('serve.mjs: precompressed copies (make demo)', () => {
  test('sends the .br or .gz copy the browser takes, else the file itself', { skip: !existsSync(join(ROOT, 'dist', 'soglasie.wasm.br')) && 'no dist/' }, async () => {
    const s = await startServers({ precompressed: true });
    try {
      const file = (suffix) => readFileSync(join(ROOT, 'dist', `soglasie.wasm${suffix}`));
      for (const [accept, encoding, suffix] of [['gzip, deflate, br', 'br', '.br'], ['gzip', 'gzip', '.gz'], ['identity', undefined, '']]) {
        const r = await get(s.url, '/soglasie/soglasie.wasm?v=1', 'GET', { 'Accept-Encoding': accept });
        assert.equal(r.headers['content-encoding'], encoding, accept);
        assert.equal(r.headers['content-type'], 'application/wasm');
        assert.ok(r.body.equals(file(suffix)), accept);
      }
      // A file without copies (the demo's own pages) goes as it is.
      const page = await get(s.url, '/', 'GET', { 'Accept-Encoding': 'gzip, br' });
      assert.equal(page.headers['content-encoding'], undefined);
    } finally {
      await s.close();
    }
  });
});

describe('demo site markup', () => {
  const pages = readdirSync(DEMO).filter((f) => f.endsWith('.html'));

  test('has the four pages and a config with exactly the contract keys', () => {
    for (const p of ['index.html', 'services.html', 'contacts.html', 'privacy.html']) {
      assert.ok(pages.includes(p), p);
    }
    const cfg = JSON.parse(readFileSync(join(DEMO, 'soglasie.json'), 'utf8'));
    assert.deepEqual(Object.keys(cfg).sort(), ['$schema', 'operator', 'policy', 'sensitive', 'services']);
    assert.deepEqual(Object.keys(cfg.operator).sort(), ['address', 'email', 'name']);
    assert.deepEqual(Object.keys(cfg.policy).sort(), ['revision', 'url']);
    assert.deepEqual(cfg.policy, { url: '/privacy.html', revision: '2026-11-01' });
    assert.deepEqual(cfg.services, ['yandex_metrika', 'top_mail_ru', 'vk_pixel', 'yandex_maps']);
    assert.deepEqual(cfg.sensitive, { paths: ['/uslugi/anonimnoe-obsledovanie-na-vich*'] });
  });

  for (const page of ['index.html', 'services.html', 'contacts.html', 'privacy.html', 'uslugi/anonimnoe-obsledovanie-na-vich.html']) {
    test(`${page}: tag first, trackers held, CSP-friendly, balanced`, () => {
      const html = readFileSync(join(DEMO, page), 'utf8');
      assert.match(html, /^<!doctype html>\n<html lang="ru">\n<head>\n<script src="\/soglasie\/soglasie\.js" data-config="\/soglasie\.json"><\/script>\n<link rel="stylesheet" href="\/style\.css">/);
      assert.match(html, /<meta name="viewport"/);
      assert.doesNotMatch(html, /\sstyle=/, 'no inline style attributes');
      assert.doesNotMatch(html, /\son[a-z]+=/, 'no inline event handlers');
      assert.doesNotMatch(html, /<noscript/i);
      assert.match(html, /data-soglasie-open="preferences"/);
      // Every script except the tag is held.
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
      assert.equal(scripts[0], ' src="/soglasie/soglasie.js" data-config="/soglasie.json"');
      for (const attrs of scripts.slice(1)) assert.match(attrs, /^ type="text\/plain" data-category="(analytics|ads)" data-service="[a-z_]+"$/);
      assert.equal(scripts.length, 4);
      for (const svc of ['yandex_metrika', 'top_mail_ru', 'vk_pixel']) {
        assert.ok(html.includes(`data-service="${svc}">`), svc);
      }
      assert.ok(html.includes('<img data-category="ads" data-service="vk_pixel" data-src="https://vk.com/rtrg?p=VK-RTRG-000000-DEMO" alt="" width="1" height="1" class="pixel">'));
      // Nothing loads a tracker directly.
      assert.doesNotMatch(html, /\s(src|href)="https?:\/\//);
      // Balanced tags (void elements aside).
      const stack = [];
      const voids = new Set(['meta', 'link', 'img', 'br', 'hr', 'input', 'source', 'wbr']);
      const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
      for (const m of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
        const [, close, name] = m;
        const n = name.toLowerCase();
        if (voids.has(n)) continue;
        if (close) assert.equal(stack.pop(), n, `${page}: unexpected </${n}> at ${m.index}`);
        else stack.push(n);
      }
      assert.deepEqual(stack, [], `${page}: unclosed ${stack.join(', ')}`);
    });
  }

  test('contacts.html holds the Yandex map until functional consent', () => {
    const html = readFileSync(join(DEMO, 'contacts.html'), 'utf8');
    assert.ok(html.includes('<iframe data-category="functional" data-service="yandex_maps" data-src="https://yandex.ru/map-widget/v1/?ll=37.617700%2C55.755863&z=15" title="Карта проезда"'));
  });

  test('privacy.html has the withdrawal button and the revision date', () => {
    const html = readFileSync(join(DEMO, 'privacy.html'), 'utf8');
    // The button is the cookie section's (soglasie policy), inside the declaration element.
    assert.match(html, /<div data-soglasie="declaration">[\s\S]*<button type="button"[^>]*data-soglasie-open="preferences">Изменить настройки<\/button>/);
    assert.match(html, /datetime="2026-11-01"/);
  });
});
