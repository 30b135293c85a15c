// soglasie.js — the loader. The only file a page references:
//   <script src="/soglasie/soglasie.js" data-config="/soglasie.json"></script>
// It defines window.soglasie at once (calls made before `ready` are queued), fetches the config
// and the Wasm module in parallel, hands both to Rust, and forwards marked-up elements added
// later. Every decision (what is allowed, what to show, what to release) is made in Rust.
// Built by tools/build.mjs into dist/soglasie.js together with the wasm-bindgen glue.
import init, * as core from 'soglasie-wasm';
import { installBlocker } from './blocker.js';

/* global SOGLASIE_CATALOG_HOSTS -- injected at build time from the Rust catalog */

(function () {
  var w = window;
  var d = document;
  if (w.soglasie && w.soglasie.ready) return; // the tag was included twice: one instance

  var blocker = installBlocker(SOGLASIE_CATALOG_HOSTS);
  // document.cookie as the browser made it, before any site script could patch it.
  var cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  var jar = cookie && {
    read: function () { return cookie.get.call(d); },
    write: function (value) { cookie.set.call(d, value); },
  };
  var tag = d.currentScript;
  var base = (tag && tag.src) || d.baseURI;
  var nonce = (tag && (tag.nonce || tag.getAttribute('nonce'))) || '';
  var module = null;
  var queue = [];
  var resolveReady;
  var ready = new Promise(function (resolve) { resolveReady = resolve; });

  function fail(message) {
    console.error('soglasie: ' + message);
  }

  function call(name) {
    return function () {
      var args = arguments;
      if (module) return module[name].apply(null, args);
      queue.push(function () { module[name].apply(null, args); });
    };
  }

  var api = {
    ready: ready,
    consent: function () {
      return module
        ? JSON.parse(module.consent())
        : { decided: false, categories: ['necessary'], policy: '', at: null, id: null };
    },
    accept: function (categories) {
      var ok = Array.isArray(categories) && categories.every(function (c) { return typeof c === 'string' && c.indexOf('\n') < 0; });
      call('accept')(categories === 'all' ? 'all' : ok ? categories.join('\n') || '\n' : null);
    },
    decline: call('decline'),
    show: call('show'),
    preferences: call('preferences'),
    reset: call('reset'),
  };
  // Read-only, so a page script cannot swap the API for one that lies about consent.
  Object.defineProperty(w, 'soglasie', { value: Object.freeze(api), enumerable: true });

  function readConfig() {
    var url = tag && tag.getAttribute('data-config');
    if (url) {
      return fetch(new URL(url, d.baseURI), { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error('config ' + url + ': HTTP ' + r.status);
        return r.text();
      });
    }
    var inline = d.getElementById('soglasie-config');
    if (inline) return Promise.resolve(inline.textContent);
    return Promise.reject(new Error('no config: add data-config="…" to the tag or a <script type="application/json" id="soglasie-config">'));
  }

  var config = readConfig().catch(function (e) {
    fail(e.message + '; nothing optional will run');
    return null;
  });
  var wasm = init({ module_or_path: new URL('soglasie.wasm', base) });

  // Elements the parser or the site adds: unmarked trackers go to the blocker at once;
  // marked-up elements go to Rust's gate once it is up (its start scans what came before).
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var added = records[i].addedNodes;
      for (var j = 0; j < added.length; j++) {
        if (added[j].nodeType !== 1) continue;
        var node = added[j];
        blocker.added(node);
        // Crossing into Wasm costs more than asking the DOM first.
        if (module && (node.hasAttribute('data-category') || (node.firstElementChild && node.querySelector('[data-category]')))) {
          module.scan(node);
        }
      }
    }
  }).observe(d.documentElement, { childList: true, subtree: true });
  // Other open tabs of the site follow a decision or a withdrawal made here, and vice versa.
  var channel = w.BroadcastChannel ? new BroadcastChannel('soglasie') : null;
  var relaying = false;
  if (channel) {
    channel.onmessage = function (e) {
      if (!module || typeof e.data !== 'string') return;
      relaying = true;
      try { module.sync(e.data); } finally { relaying = false; }
    };
  }
  d.addEventListener('soglasie:change', function () {
    blocker.flush();
    if (channel && module && !relaying) channel.postMessage(module.stored_value());
  });

  // A prerendered page decides nothing (and shows nothing) until the visitor really opens it.
  var shown = d.prerendering
    ? new Promise(function (resolve) { d.addEventListener('prerenderingchange', resolve, { once: true }); })
    : null;

  Promise.all([config, wasm, shown])
    .then(function (results) {
      module = core;
      blocker.connect(core.verdict);
      module.start(results[0], nonce, jar);
      blocker.configure(core.config_patterns());
      blocker.flush();
    })
    .catch(function (e) {
      module = null;
      fail('could not start (' + (e && e.message) + '); nothing optional will run');
      return config.then(fallbackNotice);
    })
    .then(function () {
      resolveReady();
      d.dispatchEvent(new CustomEvent('soglasie:ready', { detail: api.consent() }));
      var pending = module ? queue : [];
      queue = [];
      pending.forEach(function (f) { f(); });
    });

  // Without the Wasm there is no dialog: say so, and keep the policy one click away.
  function fallbackNotice(configText) {
    var url = '';
    try {
      url = String(JSON.parse(configText).policy.url);
    } catch (e) { /* no usable config: no link */ }
    if (!/^(https?:\/\/[^\s]+|[^:\s]*)$/i.test(url)) url = ''; // http(s) or relative only
    var show = function () {
      var host = d.createElement('soglasie-banner');
      host.setAttribute('data-soglasie', 'fallback');
      var root = host.attachShadow({ mode: 'open' });
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(':host{all:initial!important;position:fixed!important;left:0;right:0;bottom:0;z-index:2147483646;display:block!important}p{margin:0;padding:.75rem 1rem;font:15px/1.4 system-ui,sans-serif;background:#fff;color:#1b1f24;border-top:1px solid #c9ced6}a{color:#0b5cad}button{font:inherit;margin-left:.5rem;min-height:44px;min-width:44px}');
      root.adoptedStyleSheets = [sheet];
      var p = d.createElement('p');
      p.setAttribute('role', 'status');
      p.textContent = 'Окно согласия на\u00a0cookie не\u00a0загрузилось, поэтому сайт не\u00a0использует необязательные cookie и\u00a0счётчики. ';
      if (url) {
        var a = d.createElement('a');
        a.href = url;
        a.textContent = 'Политика обработки персональных данных';
        p.appendChild(a);
      }
      var close = d.createElement('button');
      close.type = 'button';
      close.textContent = 'Закрыть';
      close.addEventListener('click', function () { host.remove(); });
      p.appendChild(close);
      root.appendChild(p);
      d.body.appendChild(host);
    };
    if (d.body) show();
    else d.addEventListener('DOMContentLoaded', show);
  }

  d.addEventListener('click', function (e) {
    var opener = e.target && e.target.closest && e.target.closest('[data-soglasie-open="preferences"]');
    if (opener) {
      e.preventDefault();
      api.preferences();
    }
  });
})();
