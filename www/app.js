// The app: everything after the boot (www/boot.js). It reads the config, loads the Wasm
// module, and from then on asks Rust (src/core/session.rs, through src/wasm.rs) about
// everything and carries out the answers: cookies, the dialog (www/dialog.js), the release
// of marked-up elements (www/gate.js) and of held loads (the blocker), events, other tabs.
import { noConsent } from './boot.js';
import { createDialog } from './dialog.js';
import { escapeHtml } from './escape.js';
import { createGate } from './gate.js';
import { connect, jsonFields } from './wasm.js';

/* global SOGLASIE_CSS -- injected at build time */

/**
 * @param handle  what boot() returned: the blocker, the booting tag, the API to serve, and
 *                the config and the module already on their way
 */
export function startApp(handle) {
  var w = window;
  var d = document;
  var blocker = handle.blocker;
  var cookie = handle.cookie;
  var tag = handle.tag;
  var base = handle.base;
  var nonce = (tag && (tag.nonce || tag.getAttribute('nonce'))) || '';
  var wasm = null; // the module's exports, once it is up
  var call; // one request to the module (www/wasm.js)
  var queue = [];
  var relaying = false; // carrying out another tab's decision: do not echo it back
  var renderPreferences = null; // the preferences' renderer, once a visitor asked for it

  function readCookie() {
    try {
      return cookie.get.call(d);
    } catch (e) {
      return '';
    }
  }

  function writeCookie(value) {
    try {
      cookie.set.call(d, value);
    } catch (e) { /* cookies refused: the choice lasts for this page */ }
  }

  // A one-letter answer, then effects.
  function ask(op, fields) {
    var answer = call(op, fields);
    perform(answer.slice(2));
    return answer.charAt(0);
  }

  var dialog = createDialog(SOGLASIE_CSS, act);
  var gate = createGate(function (category) { return ask(2, [category]); }, blocker.verdict, nonce);
  var channel = w.BroadcastChannel ? new BroadcastChannel('soglasie') : null;

  // Carries out Rust's effects in order (record letters: src/core/session.rs, `Effects`).
  function perform(effects) {
    if (!effects) return;
    var records = effects.split('\0');
    for (var i = 0; i < records.length; i++) {
      var kind = records[i].charAt(0);
      var data = records[i].slice(1);
      if (kind === 'E') console.error(data);
      else if (kind === 'W') console.warn(data);
      else if (kind === 'C') writeCookie(data);
      else if (kind === 'S') removeKey(data);
      else if (kind === 'A') dialog.accent(data);
      else if (kind === 'R') dialog.render(data.charAt(0), data.charAt(0) === 'p' ? renderPreferences(JSON.parse(data.slice(1))) : data.slice(1));
      else if (kind === 'V') dialog.show(data);
      else if (kind === 'H') dialog.hide(data);
      else if (kind === 'G') {
        gate.release();
        blocker.flush();
      } else if (kind === 'K') {
        nameProblems();
      } else if (kind === 'P') {
        loadPreferences();
      } else if (kind === 'X') {
        d.dispatchEvent(new CustomEvent('soglasie:change', { detail: JSON.parse(data) }));
        if (channel && !relaying) channel.postMessage(call(5, []));
      }
    }
  }

  // A file of dist/ that loads only when needed (the preferences dialog, the module that
  // names a config's problems), of this build (`?v=`): a cached one of an earlier build would
  // be out of step.
  function lazyUrl(name) {
    return new URL(name + '?v=' + handle.build, base).href;
  }

  // A module from its response (`name` starts the message of a failed one): compiled while it
  // streams in; from its bytes when the server sends another MIME type than
  // application/wasm (streaming refuses those).
  function instantiate(r, name) {
    if (!r.ok) throw new Error(name + 'HTTP ' + r.status);
    var copy = r.clone();
    return WebAssembly.instantiateStreaming(r, {}).catch(function () {
      return copy.arrayBuffer().then(function (bytes) { return WebAssembly.instantiate(bytes, {}); });
    });
  }

  // A config with problems: the module only counted them. soglasie-check.wasm, fetched only
  // then, names each one in the console, and `ready` waits until every line is out.
  var logged = Promise.resolve();
  var configSent = []; // the config's fields, as the module got them at start
  function nameProblems() {
    var checked = fetch(lazyUrl('soglasie-check.wasm'))
      .then(function (r) { return instantiate(r, ''); })
      .then(function (check) {
        return connect(check.instance.exports)(0, configSent).split('\0');
      });
    // `ready` waits for the lines, but not for a server that never answers.
    var late = new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error('no answer in 10 s')); }, 10000);
    });
    logged = Promise.race([checked, late])
      .then(function (lines) {
        lines.forEach(function (line) { console.error(line.slice(1) || 'soglasie: the config has problems; nothing optional will run'); });
      }, function (e) {
        console.error('soglasie: the config has problems; soglasie-check.wasm, which names them, could not be loaded (' + e.message + '); nothing optional will run');
      });
  }

  // The preferences dialog's renderer, words and styles, imported when a visitor first
  // opens it (an import carries the page's nonce like the script that asks for it). A failed
  // import stays failed for its URL in this document: a later try asks with another one.
  var imports = 0;
  function loadPreferences() {
    var url = lazyUrl('soglasie-preferences.js') + (imports++ ? '&try=' + imports : '');
    import(url).then(function (m) {
      if (typeof m.render !== 'function') return '0'; // not the renderer (an error page?)
      dialog.addStyles(m.css);
      renderPreferences = m.render;
      return '1';
    }, function () { return '0'; }).then(function (loaded) {
      perform(call(7, [loaded]));
    });
  }

  function removeKey(key) {
    try {
      localStorage.removeItem(key);
    } catch (e) { /* storage blocked: nothing was stored */ }
  }

  function storageKeys() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i));
    } catch (e) { /* storage blocked */ }
    return keys.join('\n');
  }

  // 16 bytes from crypto.getRandomValues (on plain http too, unlike randomUUID) as hex.
  function random() {
    var bytes = new Uint8Array(16);
    var hex = '';
    try {
      crypto.getRandomValues(bytes);
    } catch (e) {
      // An id only has to tell decisions apart; it guards no secret.
      for (var j = 0; j < 16; j++) bytes[j] = Math.random() * 256;
    }
    for (var i = 0; i < 16; i++) hex += (bytes[i] + 256).toString(16).slice(1);
    return hex;
  }

  function now() {
    return String(Math.floor(Date.now() / 1000));
  }

  function act(action, argument) {
    if (!wasm) {
      queue.push(function () { act(action, argument); });
      return;
    }
    perform(call(3, [action, argument || '', readCookie(), now(), random(), storageKeys()]));
  }

  function command(action) {
    return function () { act(action); };
  }

  var methods = {
    consent: function () {
      return wasm ? JSON.parse(call(4, [])) : noConsent();
    },
    accept: function (categories) {
      if (categories === 'all') return act('all');
      var ok = Array.isArray(categories) && categories.every(function (c) { return typeof c === 'string' && !/[\n\0]/.test(c); });
      act(ok ? 'accept' : 'invalid', ok ? categories.join('\n') : '');
    },
    decline: command('decline'),
    show: command('show'),
    preferences: command('preferences'),
    reset: command('reset'),
  };
  // Marked-up elements added later go to the gate once the module is up (its start scans
  // what came before).
  var resolveReady = handle.attach(methods, function () {
    if (wasm) gate.scan();
  });

  var config = handle.config.catch(function (e) {
    console.error('soglasie: ' + e.message + '; nothing optional will run');
    return null;
  });
  var module = handle.wasm.then(function (r) { return instantiate(r, 'soglasie.wasm: '); });

  // The config as the browser's own JSON.parse reads it, in the module's fields; none when
  // there is no config or it is not JSON (said here: the module then has nothing to read).
  function configFields(text) {
    if (text === null) return [];
    try {
      // A byte-order mark (a config file saved so and pasted inline) is not part of the JSON.
      return jsonFields(JSON.parse(text.replace(/^\ufeff/, '')), []);
    } catch (e) {
      console.error('soglasie: config: invalid JSON (' + e.message + '); nothing optional will run');
      return [];
    }
  }

  // Other open tabs of the site follow a decision or a withdrawal made here, and vice versa.
  if (channel) {
    channel.onmessage = function (e) {
      if (!wasm || typeof e.data !== 'string') return;
      relaying = true;
      try {
        act('sync', e.data);
      } finally {
        relaying = false;
      }
    };
  }

  // Whether the browser keeps cookies for this page. A jar with anything in it says so (a
  // returning visitor's); an empty one is asked with a probe: written, read back, removed —
  // each one more call into the browser before anything is decided.
  function cookiesWork(jar) {
    if (jar) return '1';
    writeCookie('soglasie_probe=1; Path=/; SameSite=Lax');
    var works = readCookie().split(';').some(function (pair) { return pair.trim() === 'soglasie_probe=1'; });
    writeCookie('soglasie_probe=; Max-Age=0; Path=/; SameSite=Lax');
    return works ? '1' : '0';
  }

  // A prerendered page decides nothing (and shows nothing) until the visitor really opens it.
  var shown = d.prerendering
    ? new Promise(function (resolve) { d.addEventListener('prerenderingchange', resolve, { once: true }); })
    : null;

  Promise.all([config, module, shown])
    .then(function (results) {
      wasm = results[1].instance.exports;
      call = connect(wasm);
      blocker.connect(function (host, path) { return +ask(1, [host, path]); });
      var jar = readCookie();
      configSent = configFields(results[0]);
      var effects = call(0, [
        jar, now(), d.documentElement.getAttribute('lang') || '', navigator.userAgent, cookiesWork(jar),
        location.protocol === 'https:' ? '1' : '0', location.hostname, handle.catalogHosts,
      ].concat(configSent));
      // What is allowed goes first (a returning visitor's trackers), then the dialog.
      gate.scan();
      blocker.configure(call(6, []));
      blocker.flush();
      perform(effects);
      return logged;
    })
    .catch(function (e) {
      wasm = null;
      console.error('soglasie: could not start (' + (e && e.message) + '); nothing optional will run');
      return config.then(fallbackNotice);
    })
    .then(function () {
      resolveReady();
      d.dispatchEvent(new CustomEvent('soglasie:ready', { detail: methods.consent() }));
      var pending = wasm ? queue : [];
      queue = [];
      pending.forEach(function (f) { f(); });
    });

  // Without the Wasm there is no dialog: say so, and keep the policy one click away.
  function fallbackNotice(configText) {
    var url = '';
    try {
      url = String(JSON.parse(configText).policy.url);
    } catch (e) { /* no usable config: no link */ }
    if (!/^(https?:\/\/[^\s]+|[^:\s]*)$/i.test(url)) url = ''; // http(s) or relative only
    var link = url ? '<a href="' + escapeHtml(url) + '">Политика обработки персональных данных</a>' : '';
    dialog.render('f', '<section class="banner" role="status" lang="ru"><p>Окно согласия на\u00a0cookie не\u00a0загрузилось, поэтому сайт не\u00a0использует необязательные cookie и\u00a0счётчики. ' + link +
      '</p><div class="actions"><button type="button" data-action="dismiss">Закрыть</button></div></section>');
  }
}
