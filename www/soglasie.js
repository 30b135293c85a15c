// soglasie.js — the classic tag, the only file a page needs to reference:
//   <script src="/soglasie/soglasie.js" data-config="/soglasie.json"></script>
// Only the boot (blocker, window.soglasie) runs here, before any later script of the page;
// the module (dist/soglasie-app.js and soglasie.wasm, next to this file) follows without
// blocking first paint. Built by tools/build.mjs into dist/soglasie.js.
import { bootAndLoadApp } from './load-app.js';

var tag = document.currentScript;
bootAndLoadApp(new URL('soglasie-app.js', (tag && tag.src) || document.baseURI).href);
