// The inline form: the boot (blocker, window.soglasie) pasted into the page's <head> as the
// first script, so first paint waits for no download; it then loads the module
// (dist/soglasie-app.js) without blocking. The site sets two attributes, never the code (its
// CSP hash stays valid):
//   <script data-soglasie-app="/soglasie/soglasie-app.js" data-config="/soglasie.json">…</script>
// Built by tools/build.mjs into dist/soglasie-inline.html, with its CSP hash.
import { bootAndLoadApp } from './load-app.js';

(function () {
  var tag = document.currentScript;
  var src = tag && tag.getAttribute('data-soglasie-app');
  if (!src) return console.error('soglasie: the inline form needs data-soglasie-app="…/soglasie-app.js"');
  bootAndLoadApp(src);
})();
