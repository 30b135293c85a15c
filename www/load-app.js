// The boot, then the module loaded without blocking: first paint and the page's later
// scripts wait only for the boot (blocker, window.soglasie); the module's glue (the ES module
// wasm-bindgen writes, dist/soglasie-app.js), the .wasm and the config arrive in parallel.
// soglasie.js and the inline form both start so.
import { boot } from './boot.js';

/* global SOGLASIE_CATALOG_HOSTS SOGLASIE_BUILD -- injected at build time */

/** @param {string} appSrc  the glue's URL, as the site wrote it */
export function bootAndLoadApp(appSrc) {
  var base = appSrc;
  try {
    base = new URL(appSrc, document.baseURI).href;
  } catch (e) { /* malformed: the import below fails, and says so */ }
  // The blocker first: nothing below may keep it from being installed.
  var handle = boot(SOGLASIE_CATALOG_HOSTS, base, SOGLASIE_BUILD);
  if (!handle) return;
  // The build in the URL: a cached glue of an earlier build is never taken for this one's.
  var url = base + (base.indexOf('?') < 0 ? '?' : '&') + 'v=' + SOGLASIE_BUILD;
  var app = new Promise(function (resolve) { resolve(import(url)); }).catch(function (e) {
    throw new Error(appSrc + ' could not be loaded (' + e.message + ')');
  });
  Promise.all([app, handle.config]).then(function (loaded) {
    var module = loaded[0];
    return module.default({ module_or_path: handle.wasm }).then(function () {
      handle.module = module;
      module.start(handle, loaded[1]);
    }).catch(function (e) {
      throw new Error('could not start (' + (e && e.message) + ')');
    });
  }).catch(function (e) {
    handle.config.then(function (text) {
      handle.fail('soglasie: ' + e.message + '; nothing optional will run', text);
    });
  });
}
