// The synchronous auto-blocker, installed by soglasie.js before any later script runs.
//
// It holds loads of known trackers that the site did not mark up — script `src`, image and
// iframe `src`, `navigator.sendBeacon`, `fetch`, `XMLHttpRequest`, and such elements inside
// `innerHTML` / `insertAdjacentHTML` strings — and replays them, in order, when Rust allows
// them. It decides nothing itself: until the Wasm is up, anything matching a catalog URL
// pattern (generated from the Rust catalog at build time) is held; afterwards every load is
// asked of Rust (`verdict`: 0 ignore, 1 release, 2 hold while undecided, 3 hold: declined,
// 4 never). A held load runs only if its category is allowed later on the same page. Loads
// that match no catalog or config pattern are never touched.
//
// Not catchable from JavaScript (see README): the browser's preload scanner requests a
// `<script src>` / `<img src>` written directly in the HTML before any script runs (the
// script is still kept from executing), and `document.write` of a tracker during parsing.

var IGNORE = 0;
var RELEASE = 1;
var NEVER = 4; // 2 hold (no decision yet) and 3 (declined) both keep a load held

export function installBlocker(catalogHosts) {
  var w = window;
  var d = document;
  var held = []; // [{url, run}] in the order the page asked
  var ask = null; // Rust's verdict(host, pathAndQuery), once the Wasm is up
  var byHost = new Map(); // pattern host → path prefixes
  var configKnown = false; // the config's own patterns are in byHost
  addPatterns(catalogHosts);

  function addPatterns(patterns) {
    patterns.forEach(function (pattern) {
      var slash = pattern.indexOf('/');
      var host = slash < 0 ? pattern : pattern.slice(0, slash);
      if (!byHost.has(host)) byHost.set(host, []);
      // A query part (`gtag/js?id=AW-`) is left to Rust: here the path alone holds the load.
      byHost.get(host).push(slash < 0 ? '/' : pattern.slice(slash).split('?')[0]);
    });
  }

  // The rule of catalog::pattern_matches in Rust (host or a subdomain of it, then a path
  // prefix; the query is Rust's to check), as a lookup per host suffix: most loads are
  // nobody's tracker, and must stay cheap.
  function mightBeTracker(host, path) {
    for (var h = host; h; h = h.slice(h.indexOf('.') + 1 || h.length)) {
      var prefixes = byHost.get(h);
      if (prefixes) {
        for (var i = 0; i < prefixes.length; i++) if (path.indexOf(prefixes[i]) === 0) return true;
      }
      if (h.indexOf('.') < 0) return false;
    }
    return false;
  }

  function verdictFor(url) {
    var u;
    try {
      u = new URL(String(url), d.baseURI);
    } catch (e) {
      return IGNORE;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return IGNORE;
    var path = u.pathname + u.search;
    // Until the config's own patterns are known, Rust is asked about every load it may hold.
    if (ask && !configKnown) return ask(u.hostname, path);
    if (!mightBeTracker(u.hostname, path)) return IGNORE;
    return ask ? ask(u.hostname, path) : 2; // held until Rust is up
  }

  // True: go ahead now. False: held (`run` replays it if its category is allowed later on
  // this page) or, for a tracker the config does not list, dropped for good.
  function gate(url, run) {
    var v = verdictFor(url);
    if (v === IGNORE || v === RELEASE) return true;
    if (v !== NEVER) held.push({ url: url, run: run });
    return false;
  }

  function wrapSetter(proto, prop) {
    var desc = proto && Object.getOwnPropertyDescriptor(proto, prop);
    if (!desc || !desc.set) return;
    Object.defineProperty(proto, prop, {
      configurable: true,
      enumerable: desc.enumerable,
      get: desc.get,
      set: function (value) {
        var el = this;
        if (gate(value, function () { desc.set.call(el, value); })) desc.set.call(el, value);
      },
    });
  }

  // A held script gets no src at all: inserted like that it runs nothing and is not marked
  // "already started", so setting src on release loads it, with the page's onload intact.
  var loaders = [w.HTMLScriptElement, w.HTMLImageElement, w.HTMLIFrameElement];
  loaders.forEach(function (type) { wrapSetter(type && type.prototype, 'src'); });
  wrapSetter(w.HTMLImageElement && w.HTMLImageElement.prototype, 'srcset');

  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    var el = this;
    var n = String(name).toLowerCase();
    var tag = el.tagName;
    // An SVG <script> (its tagName lower-case) loads from href or xlink:href.
    if ((n === 'src' || n === 'srcset') && (tag === 'SCRIPT' || tag === 'IMG' || tag === 'IFRAME')
      || (n === 'href' || n === 'xlink:href') && tag === 'script') {
      var url = n === 'srcset' ? String(value).trim().split(/\s+/)[0] : value;
      if (!gate(url, function () { setAttribute.call(el, name, value); })) return;
    }
    return setAttribute.call(el, name, value);
  };

  var nav = w.navigator;
  if (nav.sendBeacon) {
    var sendBeacon = nav.sendBeacon;
    nav.sendBeacon = function (url, data) {
      var self = this;
      if (gate(url, function () { sendBeacon.call(self, url, data); })) return sendBeacon.call(this, url, data);
      return true; // as if queued, which it is
    };
  }

  var fetch = w.fetch;
  if (fetch) {
    w.fetch = function (input) {
      var self = this;
      var args = arguments;
      var url = input && typeof input === 'object' ? input.url : input;
      var resolve;
      var later = new Promise(function (r) { resolve = r; });
      if (gate(url, function () { resolve(fetch.apply(self, args)); })) return fetch.apply(this, arguments);
      return later; // settles on release; never, if dropped
    };
  }

  var xhr = w.XMLHttpRequest && w.XMLHttpRequest.prototype;
  if (xhr) {
    var urls = new WeakMap();
    var open = xhr.open;
    var send = xhr.send;
    xhr.open = function (method, url) {
      urls.set(this, url);
      return open.apply(this, arguments);
    };
    xhr.send = function (body) {
      var x = this;
      if (gate(urls.get(x), function () { send.call(x, body); })) return send.call(this, body);
    };
  }

  // HTML strings: parse into an inert <template> first (its images load nothing), hold the
  // tracker loads in it, then insert. Strings that name no catalog host take the fast path.
  function mentionsTracker(html) {
    for (var i = 0; i < catalogHosts.length; i++) {
      if (html.indexOf(catalogHosts[i].split('/')[0]) >= 0) return true;
    }
    return false;
  }

  function defuse(fragment) {
    var els = fragment.querySelectorAll('img[src], img[srcset], iframe[src], script[src]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var attr = el.hasAttribute('src') ? 'src' : 'srcset';
      var value = el.getAttribute(attr);
      el.removeAttribute(attr);
      el.setAttribute(attr, value); // through the gate above
    }
    return fragment;
  }

  function parsed(html) {
    var t = d.createElement('template');
    innerHTML.set.call(t, html);
    return defuse(t.content);
  }

  var innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
  Object.defineProperty(Element.prototype, 'innerHTML', {
    configurable: true,
    enumerable: innerHTML.enumerable,
    get: innerHTML.get,
    set: function (html) {
      html = String(html);
      if (!mentionsTracker(html) || this.tagName === 'TEMPLATE') return innerHTML.set.call(this, html);
      innerHTML.set.call(this, '');
      this.appendChild(parsed(html));
    },
  });

  var insertAdjacentHTML = Element.prototype.insertAdjacentHTML;
  Element.prototype.insertAdjacentHTML = function (position, html) {
    html = String(html);
    if (!mentionsTracker(html)) return insertAdjacentHTML.call(this, position, html);
    var where = { beforebegin: 'before', afterbegin: 'prepend', beforeend: 'append', afterend: 'after' }[String(position).toLowerCase()];
    if (!where) return insertAdjacentHTML.call(this, position, html);
    this[where](parsed(html));
  };

  // Scripts the parser inserts from the HTML: the parser runs pending microtasks before it
  // executes a script, so this observer turns a tracker into inert text/plain in time.
  function holdParsedScript(script) {
    // An inline-SVG <script> (tagName lower-case) loads from href or xlink:href, and runs
    // like an HTML one.
    var src = script.tagName === 'script'
      ? script.getAttribute('href') || script.getAttribute('xlink:href')
      : script.getAttribute('src');
    if (!src || script.hasAttribute('data-soglasie-state') || script.getAttribute('type') === 'text/plain') return;
    var type = script.getAttribute('type');
    var keep = gate(src, function () {
      // A parser-inserted script never runs once passed over: replay a copy of it.
      var copy = d.createElementNS(script.namespaceURI, 'script');
      for (var i = 0; i < script.attributes.length; i++) {
        var a = script.attributes[i];
        if (a.namespaceURI) copy.setAttributeNS(a.namespaceURI, a.name, a.value); // xlink:href
        else if (a.name !== 'type') setAttribute.call(copy, a.name, a.value);
      }
      if (type !== null) setAttribute.call(copy, 'type', type);
      copy.async = script.async;
      if (script.parentNode) script.parentNode.replaceChild(copy, script);
    });
    if (!keep) setAttribute.call(script, 'type', 'text/plain');
  }

  return {
    // The verdict for a URL as written in the page (the gate asks it for released scripts).
    verdict: verdictFor,
    // Called with Rust's verdict function once the Wasm is up.
    connect: function (verdict) {
      ask = verdict;
    },
    // The URL patterns of the site's own services, once the config is read.
    configure: function (configPatterns) {
      addPatterns(configPatterns);
      configKnown = true;
    },
    // A script the parser inserted and has yet to run (from the boot's MutationObserver).
    added: holdParsedScript,
    // Re-asks Rust about everything held, in order: releases it, keeps it, or (a tracker the
    // config does not list) drops it.
    flush: function () {
      var queue = held;
      held = [];
      for (var i = 0; i < queue.length; i++) {
        var v = verdictFor(queue[i].url);
        if (v === IGNORE || v === RELEASE) queue[i].run();
        else if (v !== NEVER) held.push(queue[i]);
      }
    },
  };
}
