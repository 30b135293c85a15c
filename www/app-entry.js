// soglasie-app.js — the app, loaded by soglasie.js or the inline form (www/load-app.js), which
// hand it the boot's handle. Built by tools/build.mjs into dist/soglasie-app.js.
import { startApp } from './app.js';

var claim = window.soglasieClaim;
var handle = typeof claim === 'function' ? claim() : null;
if (handle) startApp(handle);
else console.error('soglasie: soglasie-app.js runs only when soglasie.js or the inline form loads it; nothing optional will run');
