// The boot, then the module loaded without blocking: first paint and the page's later
// scripts wait only for the boot (blocker, window.soglasie); the module's glue (the classic
// script wasm-bindgen writes, dist/soglasie-app.js), the .wasm and the config arrive in
// parallel. soglasie.js and the inline form both start so.
//
// The glue is loaded by a <script> element this code creates (with the tag's nonce): under
// 'strict-dynamic' such a script is trusted, where an import() from a hash-allowed inline
// script is not. The glue only declares `wasm_bindgen`; this code calls it, so the boot's
// handle never passes through anything a page script could reach.
import { boot } from './boot.js';

/* global SOGLASIE_CATALOG_HOSTS SOGLASIE_BUILD wasm_bindgen -- the first two injected at
   build time, the last declared by the glue */

/** @param {string} appSrc  the glue's URL, as the site wrote it */
export function bootAndLoadApp(appSrc) {
  var d = document;
  var base = appSrc;
  try {
    base = new URL(appSrc, d.baseURI).href;
  } catch (e) { /* malformed: loading fails below, and says so */ }
  // The blocker first: nothing below may keep it from being installed.
  var handle = boot(SOGLASIE_CATALOG_HOSTS, base, SOGLASIE_BUILD);
  if (!handle) return;
  function fail(why) {
    handle.config.then(function (text) {
      handle.fail('soglasie: ' + why + '; nothing optional will run', text);
    });
  }
  var app = d.createElement('script');
  if (handle.nonce) app.nonce = handle.nonce;
  app.onerror = function () { fail(appSrc + ' could not be loaded'); };
  app.onload = function () {
    // Still the glue's: the load event follows its execution at once. Its exports are
    // wasm-bindgen's (`default` starts the .wasm) and the module's own (`start`, …).
    var glue = typeof wasm_bindgen === 'object' ? wasm_bindgen : null;
    if (!glue || typeof glue.start !== 'function') return fail(appSrc + ' did not start (not soglasie\'s module: an error page?)');
    Promise.all([glue.default({ module_or_path: handle.wasm }), handle.config]).then(function (loaded) {
      handle.module = glue;
      glue.start(handle, loaded[1]);
    }).catch(function (e) {
      fail('could not start (' + (e && e.message) + ')');
    });
  };
  try {
    // The build in the URL: a cached glue of an earlier build is never taken for this one's.
    app.src = base + (base.indexOf('?') < 0 ? '?' : '&') + 'v=' + SOGLASIE_BUILD;
    (d.head || d.documentElement).appendChild(app);
  } catch (e) {
    fail(appSrc + ' could not be loaded (' + e.message + ')'); // e.g. Trusted Types refuse a plain URL
  }
}
