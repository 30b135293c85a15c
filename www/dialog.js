// The dialog's DOM: the banner, the preferences dialog and the re-open button, each in an
// open shadow root under a light-DOM host that carries data-soglasie (public contract).
//
// Rust decides what to show and builds the banner's markup (escaped text only; the
// preferences dialog's comes from its renderer, www/preferences.js, loaded when it opens);
// this file only puts it on the page, forwards clicks (data-action) and keeps focus where
// WCAG wants it. Styles are one constructable stylesheet adopted by every root: no site CSS
// reaches in, and no <style> element for a CSP to block. The preferences dialog's rules
// join it when it opens.

var NAMES = { b: 'banner', p: 'preferences', o: 'reopen', f: 'fallback' };

/**
 * @param {string} css      the dialog's stylesheet (www/dialog.css, minified at build)
 * @param {(action: string, argument?: string) => void} act   asks Rust, carries out its answer
 */
export function createDialog(css, act) {
  var d = document;
  var hosts = {}; // part → {el, root}
  var pending = null; // parts waiting for <body>
  var accent = '';
  var opener = null; // where focus was before the preferences opened
  var sheet;

  function styles(root) {
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
      }
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      // No constructable stylesheets (Safari before 16.4): a <style> in the shadow root.
      var style = d.createElement('style');
      style.textContent = css;
      root.appendChild(style);
    }
  }

  // More rules for every root, present and future (the preferences dialog's).
  function addStyles(more) {
    css += more;
    if (sheet) {
      try {
        sheet.replaceSync(css);
      } catch (e) { /* kept: the roots' <style> fallback below */ }
    }
    for (var part in hosts) {
      var style = hosts[part].root.querySelector('style');
      if (style) style.textContent = css;
    }
  }

  // Early in the body, so keyboard users reach the dialog before the page, but after the
  // site's own skip links (<a href="#…">), which must stay first to work.
  function insertionPoint() {
    var c = d.body.firstElementChild;
    while (c && c.tagName === 'A' && (c.getAttribute('href') || '').charAt(0) === '#') c = c.nextElementSibling;
    return c;
  }

  function host(part) {
    if (hosts[part]) return hosts[part];
    var el = d.createElement('soglasie-' + NAMES[part]);
    el.setAttribute('data-soglasie', NAMES[part]);
    el.setAttribute('hidden', '');
    var root = el.attachShadow({ mode: 'open' });
    styles(root);
    if (accent) el.style.setProperty('--soglasie-accent', accent);
    root.addEventListener('click', onClick);
    if (part === 'p') {
      // `close` does not bubble: listen in the capture phase on the root.
      root.addEventListener('close', onClosed, true);
      root.addEventListener('keydown', keepFocusInside);
    }
    d.body.insertBefore(el, insertionPoint());
    return (hosts[part] = { el: el, root: root });
  }

  function dialogOf(part) {
    return hosts[part] && hosts[part].root.querySelector('dialog');
  }

  // The focused element, looking inside open shadow roots (ours included).
  function deepActive() {
    var el = d.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  }

  function render(part, html) {
    if (!d.body) {
      if (!pending) {
        pending = {};
        d.addEventListener('DOMContentLoaded', function () {
          for (var p in pending) render(p, pending[p]);
        });
      }
      pending[part] = html;
      return;
    }
    if (part === 'p') opener = deepActive();
    var h = host(part);
    h.root.innerHTML = html;
    h.el.removeAttribute('hidden');
    var dialog = dialogOf(part);
    if (dialog) {
      try {
        dialog.showModal();
      } catch (e) {
        dialog.setAttribute('open', '');
      }
    }
  }

  function show(part) {
    if (hosts[part]) hosts[part].el.removeAttribute('hidden');
  }

  function hide(part) {
    if (pending) delete pending[part];
    var dialog = dialogOf(part);
    if (dialog && dialog.open) dialog.close(); // its `close` event tells Rust
    if (hosts[part]) hosts[part].el.setAttribute('hidden', '');
  }

  // Closed without deciding (Esc, ×, or after a decision): Rust may bring the banner back;
  // then focus returns to where the visitor was.
  function onClosed(e) {
    if (e.target !== dialogOf('p')) return;
    hosts.p.el.setAttribute('hidden', '');
    act('closed');
    var back = opener;
    opener = null;
    if (back && back.isConnected && back.focus) back.focus();
  }

  function ticked() {
    var list = hosts.p ? hosts.p.root.querySelectorAll('input[name=category]:checked:not(:disabled)') : [];
    var ids = [];
    for (var i = 0; i < list.length; i++) ids.push(list[i].value);
    return ids.join('\n');
  }

  function onClick(e) {
    var button = e.target.closest && e.target.closest('[data-action]');
    var action = button && button.getAttribute('data-action');
    if (action === 'accept') act('all');
    else if (action === 'decline') act('decline');
    else if (action === 'customize') act('preferences');
    else if (action === 'save') act('accept', ticked());
    else if (action === 'close') hide('p');
    else if (action === 'dismiss') hide('f');
  }

  // Tab and Shift+Tab cycle inside the open preferences dialog instead of leaving it.
  function keepFocusInside(e) {
    if (e.key !== 'Tab') return;
    var list = hosts.p.root.querySelectorAll('dialog button, dialog a[href], dialog input:not(:disabled)');
    if (!list.length) return;
    var from = e.shiftKey ? list[0] : list[list.length - 1];
    var to = e.shiftKey ? list[list.length - 1] : list[0];
    if (hosts.p.root.activeElement === from) {
      e.preventDefault();
      to.focus();
    }
  }

  return {
    render: render,
    show: show,
    hide: hide,
    addStyles: addStyles,
    accent: function (colour) {
      accent = colour;
    },
  };
}
