// The boot, then the app (dist/soglasie-app.js) loaded without blocking: first paint and the
// page's later scripts wait only for the boot (blocker, window.soglasie); the app, the
// module and the config arrive in parallel. soglasie.js and the inline form both start so.
import { boot } from './boot.js';

/* global SOGLASIE_CATALOG_HOSTS SOGLASIE_BUILD -- injected at build time */

/** @param {HTMLScriptElement|null} tag  the running script  @param {string} appSrc */
export function bootAndLoadApp(tag, appSrc) {
  var d = document;
  var app = d.createElement('script');
  app.src = appSrc; // now absolute: the module is fetched relative to it, right away
  // The build in the URL: a cached app of an earlier build is never taken for this one's.
  // (Plain text, not `new URL`: a malformed attribute must not stop the blocker.)
  app.src += (app.src.indexOf('?') < 0 ? '?' : '&') + 'v=' + SOGLASIE_BUILD;
  var handle = boot(SOGLASIE_CATALOG_HOSTS, app.src);
  if (!handle) return;
  app.async = true;
  var nonce = tag && (tag.nonce || tag.getAttribute('nonce'));
  if (nonce) app.nonce = nonce;
  // The handle goes only to the script this element runs: a page script cannot claim it
  // (while it runs, document.currentScript is its own element, not this one).
  Object.defineProperty(window, 'soglasieClaim', {
    configurable: true,
    value: function () {
      if (d.currentScript !== app) return null;
      delete window.soglasieClaim;
      return handle;
    },
  });
  app.onerror = function () {
    handle.fail('soglasie: ' + appSrc + ' could not be loaded; nothing optional will run');
  };
  (d.head || d.documentElement).appendChild(app);
}
