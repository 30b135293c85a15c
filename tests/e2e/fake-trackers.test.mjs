// Unit tests (no browser) for tools/fake-trackers.mjs, tools/serve.mjs and the demo site's
// markup. Run: node --test tests/e2e/fake-trackers.test.mjs
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
  fakeResponse,
  rewriteTrackerUrls,
  startFakeTrackerServer,
} from '../../tools/fake-trackers.mjs';
import { startServers, REPO_ROOT } from '../../tools/serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEMO = join(ROOT, 'www', 'demo');

// Raw HTTP GET: unlike fetch(), it sends the path exactly as given (no `..` normalisation).
function get(base, path, method = 'GET') {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method }, (res) => {
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
      `"${o}/mc.yandex.ru/metrika/tag.js" ${o}/top-fwz1.mail.ru/js/code.js ${o}/vk.com/rtrg?p=1 ` +
        `${o}/yandex.ru/map-widget/v1/?z=1 https://yandex.ru/legal/ https://vk.com/club1`,
    );
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

describe('demo site markup', () => {
  const pages = readdirSync(DEMO).filter((f) => f.endsWith('.html'));

  test('has the four pages and a config with exactly the contract keys', () => {
    for (const p of ['index.html', 'services.html', 'contacts.html', 'privacy.html']) {
      assert.ok(pages.includes(p), p);
    }
    const cfg = JSON.parse(readFileSync(join(DEMO, 'soglasie.json'), 'utf8'));
    assert.deepEqual(Object.keys(cfg).sort(), ['operator', 'policy', 'services']);
    assert.deepEqual(Object.keys(cfg.operator).sort(), ['address', 'email', 'name']);
    assert.deepEqual(Object.keys(cfg.policy).sort(), ['revision', 'url']);
    assert.deepEqual(cfg.policy, { url: '/privacy.html', revision: '2026-11-01' });
    assert.deepEqual(cfg.services, ['yandex_metrika', 'top_mail_ru', 'vk_pixel', 'yandex_maps']);
  });

  for (const page of ['index.html', 'services.html', 'contacts.html', 'privacy.html']) {
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
    assert.match(html, /<button type="button"[^>]*data-soglasie-open="preferences">Изменить настройки cookie<\/button>/);
    assert.match(html, /datetime="2026-11-01"/);
  });
});
