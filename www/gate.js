// The gate: holds marked-up elements (data-category) and releases them, in document order,
// once Rust says their category is allowed.
//
// A held <script type="text/plain"> is replaced by a live copy (inline code runs at once; an
// external one is awaited before the next element, so order holds as if the page had loaded
// them itself). Other elements get data-src / data-srcset / data-href moved to the live
// attributes. State is visible in data-soglasie-state (held, released).

var STATE = 'data-soglasie-state';
var LIVE = [['data-src', 'src'], ['data-srcset', 'srcset'], ['data-href', 'href']];

/**
 * @param {(category: string) => string} allowed   Rust's answer: 'r' release, 'h' hold, 'u' unknown
 * @param {(url: string) => number} verdict         the blocker's verdict for a URL (0 ignore, 1 release, …)
 * @param {string} nonce                             given to released scripts
 */
export function createGate(allowed, verdict, nonce) {
  var d = document;
  var held = []; // in the order they were found
  var queue = []; // allowed, waiting their turn
  var waiting = false; // an external script is loading; the queue waits for it

  // Marked-up elements the gate has not seen yet, anywhere in the page, in document order.
  function scan() {
    var found = d.querySelectorAll('[data-category]:not([' + STATE + '])');
    for (var i = 0; i < found.length; i++) {
      found[i].setAttribute(STATE, 'held');
      held.push(found[i]);
    }
    if (found.length) release();
  }

  function category(el) {
    return el.getAttribute('data-category') || '';
  }

  // Moves every held element whose category is now allowed to the queue and runs it. Rust
  // is asked once per category, not per element: a long page holds hundreds of them, and
  // this runs each time more are found.
  function release() {
    var list = held;
    held = [];
    var keep = [];
    var answers = new Map();
    for (var i = 0; i < list.length; i++) {
      var c = category(list[i]);
      if (!answers.has(c)) answers.set(c, allowed(c));
      (answers.get(c) === 'r' ? queue : keep).push(list[i]);
    }
    held = keep.concat(held); // elements found meanwhile stay after the older ones
    pump();
  }

  function pump() {
    while (!waiting && queue.length) {
      var el = queue.shift();
      // The choice may have narrowed while this element waited for an earlier script.
      if (allowed(category(el)) !== 'r') held.push(el);
      else makeLive(el);
    }
  }

  function makeLive(el) {
    el.setAttribute(STATE, 'released');
    if (el.tagName !== 'SCRIPT') {
      LIVE.forEach(function (pair) {
        var value = el.getAttribute(pair[0]);
        if (value === null) return;
        el.removeAttribute(pair[0]);
        el.setAttribute(pair[1], value);
      });
      return;
    }
    // Marked up but already live: running it twice would be wrong.
    if ((el.getAttribute('type') || '').trim().toLowerCase() !== 'text/plain' || !el.parentNode) return;
    var src = el.getAttribute('src');
    // A catalog tracker loads only when its own service is listed and allowed, whatever
    // category the markup claims; otherwise it stays held and the queue moves on.
    if (src !== null && verdict(src) > 1) {
      el.setAttribute(STATE, 'held');
      held.push(el);
      return;
    }
    var live = d.createElement('script');
    for (var i = 0; i < el.attributes.length; i++) {
      var a = el.attributes[i];
      if (a.name !== 'type' && a.name !== 'nonce') live.setAttribute(a.name, a.value);
    }
    var type = el.getAttribute('data-type');
    if (type) live.setAttribute('type', type);
    if (nonce) live.setAttribute('nonce', nonce);
    if (src !== null) {
      live.async = false;
      live.onload = live.onerror = function () {
        waiting = false;
        pump();
      };
      waiting = true;
    } else {
      live.text = el.textContent;
    }
    el.parentNode.replaceChild(live, el); // inline code runs here, and may call soglasie
  }

  return { scan: scan, release: release };
}
