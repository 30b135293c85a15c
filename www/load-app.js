// The boot, then the app (dist/soglasie-app.js) loaded without blocking: first paint and the
// page's later scripts wait only for the boot (blocker, window.soglasie); the app, the
// module and the config arrive in parallel. soglasie.js and the inline form both start so.
import { boot } from './boot.js';

/* global SOGLASIE_CATALOG_HOSTS SOGLASIE_BUILD -- injected at build time */

/** @param {HTMLScriptElement|null} tag  the running script  @param {string} appSrc */
export function bootAndLoadApp(tag, appSrc) {
  var d = document;
  var w = window;
  // The browser's own getter, taken before any page script can shadow it on `document`.
  var currentScript = Object.getOwnPropertyDescriptor(Document.prototype, 'currentScript').get;
  var base = appSrc;
  try {
    base = new URL(appSrc, d.baseURI).href; // the module is fetched relative to it
  } catch (e) { /* malformed: the app fails to load below, and says so */ }
  // The blocker first: nothing below may keep it from being installed.
  var handle = boot(SOGLASIE_CATALOG_HOSTS, base);
  if (!handle) return;
  var claimed = false;
  function fail(why) {
    delete w.soglasieClaim;
    handle.fail('soglasie: ' + appSrc + ' ' + why + '; nothing optional will run');
  }
  var app = d.createElement('script');
  app.async = true;
  var nonce = tag && (tag.nonce || tag.getAttribute('nonce'));
  if (nonce) app.nonce = nonce;
  // The handle goes only to the script this element runs: a page script cannot claim it
  // (while it runs, the current script is its own element, not this one).
  Object.defineProperty(w, 'soglasieClaim', {
    configurable: true,
    value: function () {
      if (claimed || currentScript.call(d) !== app) return null;
      claimed = true;
      delete w.soglasieClaim;
      return handle;
    },
  });
  app.onerror = function () { fail('could not be loaded'); };
  // Loaded but never claimed the handle: not soglasie's app (an error page served as script).
  app.onload = function () { if (!claimed) fail('did not start'); };
  try {
    // The build in the URL: a cached app of an earlier build is never taken for this one's.
    app.src = base + (base.indexOf('?') < 0 ? '?' : '&') + 'v=' + SOGLASIE_BUILD;
    (d.head || d.documentElement).appendChild(app);
  } catch (e) {
    fail('could not be loaded (' + e.message + ')'); // e.g. Trusted Types refuse a plain URL
  }
}
