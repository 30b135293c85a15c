// The inline form: the boot (blocker, window.soglasie) pasted into the page's <head> as the
// first script, so first paint waits for no download; it then loads the app
// (dist/soglasie-app.js) without blocking. The site sets two attributes, never the code
// (its CSP hash stays valid):
//   <script data-soglasie-app="/soglasie/soglasie-app.js" data-config="/soglasie.json">…</script>
// Built by tools/build.mjs into dist/soglasie-inline.html, with its CSP hash.
import { boot } from './boot.js';

/* global SOGLASIE_CATALOG_HOSTS -- injected at build time from the Rust catalog */

(function () {
  var d = document;
  var tag = d.currentScript;
  var src = tag && tag.getAttribute('data-soglasie-app');
  if (!src) return console.error('soglasie: the inline form needs data-soglasie-app="…/soglasie-app.js"');
  var app = d.createElement('script');
  app.src = src; // now absolute: the module is fetched relative to it, right away
  var handle = boot(SOGLASIE_CATALOG_HOSTS, app.src);
  if (!handle) return;
  app.async = true;
  if (tag.nonce) app.nonce = tag.nonce;
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
  d.head.appendChild(app);
})();
