// What must run before any later script of the page: the blocker, window.soglasie (calls
// queue until the module is up) and the watch on added elements. soglasie.js and the inline
// form (www/inline.js, from the page itself) run it, then load the module (www/load-app.js).
// Everything after that — every verdict, the dialog, the cookie, events — is Rust (src/web/).
import { installBlocker } from './blocker.js';

/** `consent()` while there is no module to ask. */
function noConsent() {
  return { decided: false, categories: ['necessary'], policy: '', at: null, id: null, sensitive: false };
}

/**
 * @param {string[]} catalogHosts   the catalog's URL patterns (`soglasie hosts`, from Rust)
 * @param {string} base   URL of the module's glue (the .wasm is next to it)
 * @param {string} build   this build's id: the module runs only with its own boot
 * @returns the handle the module starts with (src/web/boot.rs), or null when soglasie is
 *          already on the page
 */
export function boot(catalogHosts, base, build) {
  var w = window;
  var d = document;
  if (w.soglasie && w.soglasie.ready) return null; // included twice: one instance
  var tag = d.currentScript;

  var blocker = installBlocker(catalogHosts);
  var impl = null; // the module's exports, once it is up
  var early = []; // calls made before that
  var settled = false; // `ready` resolved: started, or failed
  var resolveReady;
  var ready = new Promise(function (resolve) { resolveReady = resolve; });

  function command(name) {
    return function () {
      var args = arguments;
      if (impl) impl[name].apply(null, args);
      else early.push(function () { impl[name].apply(null, args); });
    };
  }

  var api = {
    ready: ready,
    consent: function () {
      return impl ? impl.consent() : noConsent();
    },
    accept: command('accept'),
    decline: command('decline'),
    show: command('show'),
    preferences: command('preferences'),
    reset: command('reset'),
  };
  // Read-only, so a page script cannot swap the API for one that lies about consent.
  Object.defineProperty(w, 'soglasie', { value: Object.freeze(api), enumerable: true });

  // After every change to the page: the script the parser is about to run goes to the
  // blocker, then the module looks for new marked-up elements, once it is up (it scans what
  // came before itself). At each </script> the parser runs this callback before it prepares
  // the script, whose insertion (or that of its text) is then the latest change, wherever
  // broken markup put it. Scripts that page code inserts are prepared as they are inserted,
  // too early for any observer: the blocker's setters hold those. Only the latest record is
  // read: touching every added node from script cost more than the rest of the boot.
  var seen = new WeakSet(); // each script once, however many records it ends
  new MutationObserver(function (records) {
    var latest = records[records.length - 1];
    var script = latest.target.localName === 'script' ? latest.target : latest.addedNodes[0];
    if (script && script.localName === 'script' && !seen.has(script)) {
      seen.add(script);
      blocker.added(script);
    }
    if (impl) impl.scan();
  }).observe(d.documentElement, { childList: true, subtree: true });

  d.addEventListener('click', function (e) {
    var opener = e.target && e.target.closest && e.target.closest('[data-soglasie-open="preferences"]');
    if (opener) {
      e.preventDefault();
      api.preferences();
    }
  });

  // The config and the module are fetched at once, in parallel with everything else.
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

  // In promises, so that a malformed URL (data-config, the inline form's data-soglasie-app)
  // is one more failure that is said, not an exception that stops the boot half-way.
  var config = new Promise(function (resolve) { resolve(readConfig()); }).catch(function (e) {
    console.error('soglasie: ' + e.message + '; nothing optional will run');
    return null;
  });
  var wasm = new Promise(function (resolve) { resolve(fetch(new URL('soglasie.wasm?v=' + build, base))); });
  wasm.catch(function () {}); // said when the module fails to start

  return {
    blocker: blocker,
    /** document.cookie as the browser made it, before any site script could patch it. */
    cookie: Object.getOwnPropertyDescriptor(Document.prototype, 'cookie'),
    /** Released scripts carry the nonce of the tag that booted soglasie. */
    nonce: (tag && (tag.nonce || tag.getAttribute('nonce'))) || '',
    build: build,
    /** The config's text (null when there is none: said already). */
    config: config,
    wasm: wasm,
    /** The module's exports, set by the loader once they are in. */
    module: null,
    /** Fetches a part of the module ahead of its use (the module asks when the page is idle). */
    prefetch: function (part) {
      if (this.module && this.module.prefetchPart) this.module.prefetchPart(part);
    },
    /** The module takes over window.soglasie (it is about to fire soglasie:ready). */
    attach: function () {
      impl = this.module;
    },
    /** The config and the stored choice are read: `ready` resolves (soglasie:ready follows). */
    resolveReady: function () {
      settled = true;
      resolveReady();
    },
    /** Google Consent Mode (src/core/consent_mode.rs): each call into window.dataLayer as
     * the `arguments` object gtag.js reads; `first`: ahead of what the page queued, which
     * gtag.js (held until now) has not read yet. */
    gtag: function (calls, first) {
      var layer = (w.dataLayer = w.dataLayer || []);
      var entries = calls.map(function (call) { return (function () { return arguments; }).apply(null, call); });
      if (first) layer.splice.apply(layer, [0, 0].concat(entries));
      else entries.forEach(function (entry) { layer.push(entry); });
    },
    /** soglasie:ready has fired: the calls made meanwhile run. */
    started: function () {
      var calls = early;
      early = [];
      calls.forEach(function (f) { f(); });
    },
    /** Nothing can be decided (no module, or one that cannot start): one line, `ready`
     * resolves, everything stays held, and a notice keeps the policy one click away. */
    fail: function (line, configText) {
      if (settled) return; // the module is up, or this was said already
      settled = true;
      console.error(line);
      var none = function () {};
      impl = { consent: noConsent, accept: none, decline: none, show: none, preferences: none, reset: none, scan: none };
      early = [];
      resolveReady();
      d.dispatchEvent(new CustomEvent('soglasie:ready', { detail: noConsent() }));
      if (configText !== null) notice(configText);
    },
  };
}

var NOTICE_CSS = ':host{all:initial!important;display:block!important;position:fixed!important;left:0!important;right:0!important;bottom:0!important;z-index:2147483646!important;font:max(16px,1rem)/1.45 system-ui,sans-serif!important}' +
  'section{margin:0 auto;max-width:60rem;padding:1rem 1.25rem;background:#fff;color:#1b1f24;border:1px solid #c9ced6;border-radius:10px 10px 0 0}' +
  'p{margin:0 0 .75rem}a{color:#0b5cad}button{font:inherit;font-weight:600;min-height:44px;padding:.5rem 1rem;border-radius:10px;border:2px solid #0b5cad;background:#0b5cad;color:#fff}';

// Without the module there is no dialog: say so, and keep the policy one click away. Text
// nodes only: the policy URL is the config's, and only http(s) or relative is linked.
function notice(configText) {
  var d = document;
  var url = '';
  try {
    url = String(JSON.parse(configText.replace(/^\ufeff/, '')).policy.url);
  } catch (e) { /* no usable config: no link */ }
  if (!/^(https?:\/\/[^\s]+|[^:\s]*)$/i.test(url)) url = '';
  function show() {
    var host = d.createElement('soglasie-fallback');
    host.setAttribute('data-soglasie', 'fallback');
    var root = host.attachShadow({ mode: 'open' });
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(NOTICE_CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) { /* unstyled, still readable */ }
    var section = d.createElement('section');
    section.setAttribute('role', 'status');
    section.setAttribute('lang', 'ru');
    var p = d.createElement('p');
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
    close.onclick = function () { host.remove(); };
    section.append(p, close);
    root.appendChild(section);
    d.body.insertBefore(host, d.body.firstChild);
  }
  if (d.body) show();
  else d.addEventListener('DOMContentLoaded', show);
}
