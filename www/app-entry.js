// soglasie-app.js — the app, loaded by soglasie.js or the inline form (www/load-app.js), which
// hand it the boot's handle. Built by tools/build.mjs into dist/soglasie-app.js.
import { startApp } from './app.js';

var claim = window.soglasieClaim;
var handle = typeof claim === 'function' ? claim() : null;
/* global SOGLASIE_BUILD -- injected at build time: a digest of the loader and the module */

if (handle && handle.build !== SOGLASIE_BUILD) {
  handle.fail('soglasie: soglasie-app.js is of another build than the boot (an old copy in a cache?); nothing optional will run');
} else if (handle) startApp(handle);
else console.error('soglasie: soglasie-app.js runs only when soglasie.js or the inline form loads it; nothing optional will run');
