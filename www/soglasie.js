// soglasie.js — the classic tag, the only file a page needs to reference:
//   <script src="/soglasie/soglasie.js" data-config="/soglasie.json"></script>
// Boot (blocker, window.soglasie) and app (config, Wasm, dialog, release) in one file, run
// before any later script of the page. Built by tools/build.mjs into dist/soglasie.js.
import { boot } from './boot.js';
import { startApp } from './app.js';

/* global SOGLASIE_CATALOG_HOSTS -- injected at build time from the Rust catalog */

var tag = document.currentScript;
var handle = boot(SOGLASIE_CATALOG_HOSTS, (tag && tag.src) || document.baseURI);
if (handle) startApp(handle);
