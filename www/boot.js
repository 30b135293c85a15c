// What must run before any later script of the page: the blocker, window.soglasie (calls
// queue until the app is up) and the watch on added elements. soglasie.js and the inline form
// (www/inline.js, from the page itself) run it, then load the app (www/load-app.js).
import { installBlocker } from './blocker.js';

/* global SOGLASIE_BUILD -- injected at build time: a digest of the loader and the module */

/** `consent()` while there is no module to ask. */
export function noConsent() {
  return { decided: false, categories: ['necessary'], policy: '', at: null, id: null };
}

/**
 * @param {string} catalogHosts   the catalog's URL patterns, each followed by a space
 *                                 (`soglasie hosts`, generated from the Rust catalog)
 * @param {string} base   URL of dist/ (the module and the dialog's files are relative to it)
 * @returns the handle the app attaches to, or null when soglasie is already on the page
 */
export function boot(catalogHosts, base) {
  var w = window;
  var d = document;
  if (w.soglasie && w.soglasie.ready) return null; // included twice: one instance
  var tag = d.currentScript;

  var blocker = installBlocker(catalogHosts.split(' ').filter(Boolean));
  // document.cookie as the browser made it, before any site script could patch it.
  var cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  var impl = null; // the app's methods, once it is up
  var early = []; // calls made before that
  var added = null; // the app's look for new marked-up elements, after each change
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
  // blocker, then the app's gate looks for new marked-up elements, once it is up (it scans
  // what came before itself). At each </script> the parser runs this callback before it
  // prepares the script, whose insertion (or that of its text) is then the latest change,
  // wherever broken markup put it. Scripts that page code inserts are prepared as they are
  // inserted, too early for any observer: the blocker's setters hold those. Only the latest
  // record is read: touching every added node from script cost more than the rest of the
  // boot (a 1,800-element page at CPU ×4: 25 ms of observer time, 2 ms like this).
  var seen = new WeakSet(); // each script once, however many records it ends
  new MutationObserver(function (records) {
    var latest = records[records.length - 1];
    var script = latest.target.localName === 'script' ? latest.target : latest.addedNodes[0];
    if (script && script.localName === 'script' && !seen.has(script)) {
      seen.add(script);
      blocker.added(script);
    }
    if (added) added();
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

  // Handled here so that a failure waits quietly for the app, which reports it.
  // In promises, so that a malformed URL (data-config, the inline form's data-soglasie-app)
  // is one more failure the app reports, not an exception that stops the boot half-way.
  var config = new Promise(function (resolve) { resolve(readConfig()); });
  var wasm = new Promise(function (resolve) { resolve(fetch(new URL('soglasie.wasm', base))); });
  config.catch(function () {});
  wasm.catch(function () {});

  return {
    blocker: blocker,
    cookie: cookie,
    /** The element that booted soglasie: its data-config and nonce are the site's settings. */
    tag: tag,
    base: base,
    /** The module takes its copy of the patterns from here, checked, instead of shipping one. */
    catalogHosts: catalogHosts,
    config: config,
    wasm: wasm,
    api: api,
    /** The build this boot belongs to: the app runs only with its own. */
    build: SOGLASIE_BUILD,
    /** Nothing can be decided (no app, or one of another build): one line, `ready` resolves,
     * everything stays held. */
    fail: function (line) {
      if (impl) return; // the app is up, or this was said already
      console.error(line);
      var none = function () {};
      impl = { consent: noConsent, accept: none, decline: none, show: none, preferences: none, reset: none };
      early = [];
      resolveReady();
      d.dispatchEvent(new CustomEvent('soglasie:ready', { detail: noConsent() }));
    },
    /** The app takes over: its methods, its watch on added elements; returns `ready`'s resolver. */
    attach: function (methods, onAdded) {
      impl = methods;
      added = onAdded;
      var calls = early;
      early = [];
      calls.forEach(function (f) { f(); });
      return resolveReady;
    },
  };
}
