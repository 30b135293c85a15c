// The parts of the module loaded when used (src/web/later.rs: the preferences dialog, the
// list of changes, receipts, the config's diagnostics), fetched next to the glue with the
// build in their URL, as soglasie.wasm is. tools/build.mjs points the splitter's loader
// (wasm-split-cli's __wasm_split.js, bundled into soglasie-app.js) here, and makes
// `prefetchPart` an export of soglasie-app.js, which the module calls through the boot's
// handle when the page is idle.

/* global SOGLASIE_BUILD, SOGLASIE_PART_NEEDS -- injected at build time: the build's id, and
   the chunks of code each part shares with another ({"soglasie-later": ["soglasie-shared-…"]}) */

// Read while the glue's own <script> runs: every part is relative to it.
var glue = document.currentScript;
var base = (glue && glue.src) || document.baseURI;

/** A part's answer fetched ahead of its use, by name, until the use takes it. */
var early = {};
/** The parts the splitter's loader has asked for: prefetching them again would fetch bytes no
 * one takes (a chunk shared by two parts, the first of them already loaded). */
var taken = {};

/** Fetches the part `name` ahead of its use (the page is idle): only its bytes, read to the
 * end; it is started when it is used. */
export function prefetchPart(name) {
  (SOGLASIE_PART_NEEDS[name] || []).forEach(prefetchPart);
  if (early[name] || taken[name]) return;
  early[name] = request(name).then(function (response) {
    return response.arrayBuffer();
  }).then(function (bytes) {
    return new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } });
  });
  early[name].catch(function () {}); // said when the part is used, if it is
}

/** The part `name` (`dist/<name>.wasm`), for the splitter's loader: prefetched, or fetched now. */
export function fetchPart(name) {
  var answer = early[name] || request(name);
  delete early[name];
  taken[name] = true;
  return answer;
}

/** `fetch`, answered as `application/wasm` whatever the server said. */
function request(name) {
  var url = new URL(name + '.wasm?v=' + SOGLASIE_BUILD, base);
  return fetch(url).then(function (response) {
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    // Compiling while it streams in needs this type; many servers still say
    // application/octet-stream for .wasm, and soglasie.wasm loads there too.
    if (response.headers.get('Content-Type') === 'application/wasm') return response;
    return new Response(response.body, { headers: { 'Content-Type': 'application/wasm' } });
  });
}
