// The parts of the module loaded when used (src/web/later.rs: the preferences dialog, the
// list of changes, receipts, the config's diagnostics), fetched next to the glue with the
// build in their URL, as soglasie.wasm is. tools/build.mjs points the splitter's loader
// (wasm-split-cli's __wasm_split.js, bundled into soglasie-app.js) here.

/* global SOGLASIE_BUILD -- injected at build time */

// Read while the glue's own <script> runs: every part is relative to it.
var glue = document.currentScript;
var base = (glue && glue.src) || document.baseURI;

/** `fetch` of `dist/<name>.wasm`, answered as `application/wasm` whatever the server said. */
export function fetchPart(name) {
  var url = new URL(name + '.wasm?v=' + SOGLASIE_BUILD, base);
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    // Compiling while it streams in needs this type; many servers still say
    // application/octet-stream for .wasm, and soglasie.wasm loads there too.
    if (response.headers.get('Content-Type') === 'application/wasm') return response;
    return new Response(response.body, { headers: { 'Content-Type': 'application/wasm' } });
  });
}
