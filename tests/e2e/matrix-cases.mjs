// The cases of the blocking matrix: a page, its trackers' category, and the requests that
// show the tracker works once allowed. Official snippets are pasted unmodified, in <head> and
// in <body>, into a page that has only the soglasie tag and an inline config.

const CONFIG = {
  operator: { name: 'ООО «Тест»', address: 'г. Москва', email: 'privacy@example.ru' },
  policy: { url: '/privacy.html', revision: '1' },
};

/** A page with soglasie first and `snippet` unmodified in `position` ('head' | 'body'). */
export function snippetPage(snippet, position, services) {
  const head = position === 'head' ? snippet : '';
  const body = position === 'body' ? snippet : '';
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Snippet</title>
<script type="application/json" id="soglasie-config">${JSON.stringify({ ...CONFIG, services })}</script>
<script src="/soglasie/soglasie.js"></script>
${head}
</head><body><h1>Snippet</h1>
${body}
</body></html>`;
}

// Official snippets (shapes from the vendors' instructions; see src/catalog/SOURCES.md).
const SNIPPETS = {
  yandex_metrika: {
    category: 'analytics',
    html: `<!-- Yandex.Metrika counter -->
<script type="text/javascript">
   (function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};
   m[i].l=1*new Date();
   for (var j = 0; j < document.scripts.length; j++) {if (document.scripts[j].src === r) { return; }}
   k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)})
   (window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");

   ym(44444444, "init", {
        clickmap:true,
        trackLinks:true,
        accurateTrackBounce:true
   });
</script>
<noscript><div><img src="https://mc.yandex.ru/watch/44444444" style="position:absolute; left:-9999px;" alt="" /></div></noscript>
<!-- /Yandex.Metrika counter -->`,
    expect: [/^mc\.yandex\.ru\/metrika\/tag\.js/, /^mc\.yandex\.ru\/watch\/44444444\?page-url=/],
  },
  top_mail_ru: {
    category: 'ads',
    html: `<!-- Top.Mail.Ru counter -->
<script type="text/javascript">
var _tmr = window._tmr || (window._tmr = []);
_tmr.push({id: "3333333", type: "pageView", start: (new Date()).getTime()});
(function (d, w, id) {
  if (d.getElementById(id)) return;
  var ts = d.createElement("script"); ts.type = "text/javascript"; ts.async = true; ts.id = id;
  ts.src = "https://top-fwz1.mail.ru/js/code.js";
  var f = function () {var s = d.getElementsByTagName("script")[0]; s.parentNode.insertBefore(ts, s);};
  if (w.opera == "[object Opera]") { d.addEventListener("DOMContentLoaded", f, false); } else { f(); }
})(document, window, "tmr-code");
</script>
<noscript><div><img src="https://top-fwz1.mail.ru/counter?id=3333333;js=na" style="position:absolute;left:-9999px;" alt="Top.Mail.Ru" /></div></noscript>
<!-- /Top.Mail.Ru counter -->`,
    expect: [/^top-fwz1\.mail\.ru\/js\/code\.js/, /^top-fwz1\.mail\.ru\/counter\?id=3333333;e=pageView/],
  },
  vk_pixel: {
    category: 'ads',
    html: `<script type="text/javascript">!function(){var t=document.createElement("script");t.type="text/javascript",t.async=!0,t.src='https://vk.com/js/api/openapi.js?169',t.onload=function(){VK.Retargeting.Init("VK-RTRG-000000-DEMO"),VK.Retargeting.Hit()},document.head.appendChild(t)}();</script><noscript><img src="https://vk.com/rtrg?p=VK-RTRG-000000-DEMO" style="position:fixed; left:-999px;" alt=""/></noscript>`,
    expect: [/^vk\.com\/js\/api\/openapi\.js/, /^vk\.com\/rtrg\?p=VK-RTRG-000000-DEMO/],
  },
};

export const CASES = [
  {
    name: 'demo home, marked up (analytics)',
    path: '/',
    category: 'analytics',
    expect: [/^mc\.yandex\.ru\/metrika\/tag\.js/, /^mc\.yandex\.ru\/watch\/44444444\?page-url=/],
  },
  {
    name: 'demo services, marked up (ads)',
    path: '/services.html',
    category: 'ads',
    expect: [/^vk\.com\/rtrg\?p=VK-RTRG-000000-DEMO/, /^top-fwz1\.mail\.ru\/counter\?id=3333333;e=pageView/],
  },
  {
    name: 'beacons, fetch, XHR, innerHTML (ads)',
    path: '/fixtures/unmarked.html',
    category: 'ads',
    expect: [/^vk\.com\/rtrg\?p=VK-RTRG-image/, /^vk\.com\/rtrg\?p=VK-RTRG-innerHTML/, /^top-fwz1\.mail\.ru\/counter\?id=1;fetch=1/, /^top-fwz1\.mail\.ru\/counter\?id=1;xhr=1/],
  },
  ...Object.entries(SNIPPETS).flatMap(([id, s]) => ['head', 'body'].map((position) => {
    const path = `/fixtures/snippet-${id}-${position}.html`;
    return {
      name: `${id} official snippet in <${position}>`,
      path,
      category: s.category,
      expect: s.expect,
      routes: { [path]: snippetPage(s.html, position, [id]) },
    };
  })),
];
