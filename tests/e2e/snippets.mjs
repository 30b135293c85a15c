// The official embed code of every catalog tracker that a site pastes as a script, pixel or
// beacon, verbatim as the vendors publish it (only the account ids are placeholders), for
// testing the auto-blocker: a page carries the snippet UNMODIFIED, and soglasie must hold it
// until consent. tools/fake-trackers.mjs answers every host these snippets load from, and its
// EXPECTED_HITS says which requests prove a released snippet works.
//
// Each entry: { id, category, snippet, source, also?, loads, limitation? }
//   id, category  the catalog id and its default category (src/catalog/data.rs)
//   snippet       the code as published (placeholders: Метрика 44444444, Top@Mail.ru 3333333,
//                 VK VK-RTRG-000000-DEMO, as in the demo site)
//   source        where the shape comes from (vendor documentation where it publishes the code;
//                 otherwise a public copy of the code the vendor's cabinet issues); `also`: more
//   loads         how the snippet makes its requests when scripts run, which sets what a
//                 blocker has to catch:
//                   parser    requests the HTML parser makes itself (parser-inserted <script src>,
//                             <img src>, <iframe src>) — a script cannot stop these before they
//                             are requested, only keep them from running
//                   script    requests made by the snippet's inline code (createElement +
//                             insertBefore/appendChild, setting img.src, document.write)
//                   noscript  what the <noscript> fallback loads when scripts are off (nothing
//                             when they are on: the parser keeps <noscript> as text)
//   documentWrite true when the snippet writes markup with document.write
//   limitation    why a snippet cannot be used exactly as published, where that is so
//
// SNIPPET_VARIANTS holds older or alternative official forms still found on clinic sites (for
// example LiveInternet's document.write counter). snippetPage() builds a test page around one.
// Node built-ins only.
import { readFileSync } from 'node:fs';

const DEMO_CONFIG = JSON.parse(readFileSync(new URL('../../www/demo/soglasie.json', import.meta.url), 'utf8'));

/** @typedef {{parser: string[], script: string[], noscript: string[]}} Loads */
/** @typedef {{id: string, category: string, snippet: string, source: string, also?: string[], loads: Loads, documentWrite: boolean, limitation?: string, variant?: string}} Snippet */

/** @type {Snippet[]} */
export const SNIPPETS = [
  {
    id: 'yandex_metrika',
    category: 'analytics',
    // The current form (2024–): tag.js?id=, a loop that skips a second copy of the same tag,
    // ssr:true. Yandex shows it on its «several tags» page; the tag settings page issues the
    // same code for one tag.
    snippet: `<!-- Yandex.Metrika counter -->
<script type="text/javascript">
    (function(m,e,t,r,i,k,a){
        m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};
        m[i].l=1*new Date();
        for (var j = 0; j < document.scripts.length; j++) {if (document.scripts[j].src === r) { return; }}
        k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)
    })(window, document,'script','https://mc.yandex.ru/metrika/tag.js?id=44444444', 'ym');

    ym(44444444, 'init', {ssr:true, webvisor:true, clickmap:true, accurateTrackBounce:true, trackLinks:true});
</script>
<noscript><div><img src="https://mc.yandex.ru/watch/44444444" style="position:absolute; left:-9999px;" alt="" /></div></noscript>
<!-- /Yandex.Metrika counter -->`,
    source: 'https://www.yandex.com/support/metrica/en/code/install-several-counters',
    also: ['https://yandex.ru/support/metrica/ru/code/counter-initialize'],
    loads: {
      parser: [],
      script: ['<script async src="https://mc.yandex.ru/metrika/tag.js?id=…"> inserted before the first script (skipped if a script with that exact src exists)'],
      noscript: ['<img src="https://mc.yandex.ru/watch/…">'],
    },
    documentWrite: false,
  },
  {
    id: 'top_mail_ru',
    category: 'ads',
    // The Top.Mail.Ru counter = the VK Реклама pixel (VK Ads' own WordPress plugin inserts it).
    snippet: `<!-- Top.Mail.Ru counter -->
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
    source: 'https://ru.wordpress.org/plugins/vk-ads-pixel/',
    also: ['https://target.my.com/help/advertisers/sourcetopmailru/ru', 'https://pastebin.com/DLMU4E3b'],
    loads: {
      parser: [],
      script: ['<script async id="tmr-code" src="https://top-fwz1.mail.ru/js/code.js"> inserted before the first script (skipped if an element with id "tmr-code" exists)'],
      noscript: ['<img src="https://top-fwz1.mail.ru/counter?id=…;js=na">'],
    },
    documentWrite: false,
  },
  {
    id: 'vk_pixel',
    category: 'ads',
    // The form VK's ad cabinet issues since the move to vk.ru (openapi.js?173); the vk.com ?169
    // form is in SNIPPET_VARIANTS.
    snippet: `<script type="text/javascript">!function(){var t=document.createElement("script");t.type="text/javascript",t.async=!0,t.src='https://vk.ru/js/api/openapi.js?173',t.onload=function(){VK.Retargeting.Init("VK-RTRG-000000-DEMO"),VK.Retargeting.Hit()},document.head.appendChild(t)}();</script><noscript><img src="https://vk.ru/rtrg?p=VK-RTRG-000000-DEMO" style="position:fixed; left:-999px;" alt=""/></noscript>`,
    source: 'https://pastebin.com/y1gn51Bm',
    also: ['https://vkcom.github.io/vk-ads-retargeting-demo/', 'https://www.hostcms.ru/documentation/step-by-step/templates/counters/retargeting-vkontakte/'],
    loads: {
      parser: [],
      script: ['<script async src="https://vk.ru/js/api/openapi.js?173"> appended to <head>; its onload calls VK.Retargeting.Init/Hit → image https://vk.ru/rtrg?p=…'],
      noscript: ['<img src="https://vk.ru/rtrg?p=…">'],
    },
    documentWrite: false,
  },
  {
    id: 'liveinternet',
    category: 'analytics',
    // What the counter generator at liveinternet.ru/code issues today (style 52.6: the 88×31
    // button). The older document.write form is in SNIPPET_VARIANTS.
    snippet: `<!--LiveInternet counter--><a href="https://www.liveinternet.ru/click"
target="_blank"><img id="licnt0A0A" width="88" height="31" style="border:0" 
title="LiveInternet: показано число просмотров и посетителей за 24 часа"
src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAEALAAAAAABAAEAAAIBTAA7"
alt=""/></a><script>(function(d,s){d.getElementById("licnt0A0A").src=
"https://counter.yadro.ru/hit?t52.6;r"+escape(d.referrer)+
((typeof(s)=="undefined")?"":";s"+s.width+"*"+s.height+"*"+
(s.colorDepth?s.colorDepth:s.pixelDepth))+";u"+escape(d.URL)+
";h"+escape(d.title.substring(0,150))+";"+Math.random()})
(document,screen)</script><!--/LiveInternet-->`,
    source: 'https://www.liveinternet.ru/code/',
    also: ['NOTES-trackers.md §6 (public code, seen with `counter.yadro.ru/hit?t`)'],
    loads: {
      parser: ['<img id="licnt…" src="data:image/gif;base64,…"> (a data: placeholder, no request)'],
      script: ['sets .src of that parser-inserted <img> to https://counter.yadro.ru/hit?t52.6;r…;s…;u…;h…;<random>'],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'Visible counter button (a link with an <img>): it belongs in <body>. Pasted in <head>, the <a> ends the head early and the parser moves the rest of the snippet into an implied <body>; it still works. The hit is made by the inline script setting img.src on an element the parser created, so a blocker must hold the inline script (or the src assignment), not only new elements.',
  },
  {
    id: 'rambler_top100',
    category: 'analytics',
    // The asynchronous counter from Rambler's Top-100 documentation (GitBook source on GitHub).
    snippet: `<!-- Top100 (Kraken) Counter -->
<script>
(function (w, d, c) {
    (w[c] = w[c] || []).push(function() {
        var options = {
            project: '7777777'
        };
        try {
            w.top100Counter = new top100(options);
        } catch(e) { }
    });
    var n = d.getElementsByTagName("script")[0],
    s = d.createElement("script"),
    f = function () { n.parentNode.insertBefore(s, n); };
    s.type = "text/javascript";
    s.async = true;
    s.src =
        (d.location.protocol == "https:" ? "https:" : "http:") +
        "//st.top100.ru/top100/top100.js";
    if (w.opera == "[object Opera]") {
        d.addEventListener("DOMContentLoaded", f, false);
    } else { f(); }
})(window, document, "_top100q");
</script>
<noscript><img src="//counter.rambler.ru/top100.cnt?pid=7777777"></noscript>
<!-- END Top100 (Kraken) Counter -->`,
    source: 'https://github.com/top-100-writer/documentation/blob/master/nachalo-raboty-s-top-100/ustanovka-schyotchika-top-100/ustanovka-v-veb-prilozhenie-na-sait.md',
    also: ['NOTES-trackers.md §7 (the counter code Top-100 issues, in public code: same text with a numeric project id)'],
    loads: {
      parser: [],
      script: ['<script async src="http(s)://st.top100.ru/top100/top100.js"> (scheme of the page) inserted before the first script; top100.js reports to kraken.rambler.ru/cnt/…'],
      noscript: ['<img src="//counter.rambler.ru/top100.cnt?pid=…">'],
    },
    documentWrite: false,
    limitation: 'The documentation page has a typographic closing quote after top100.js ("//st.top100.ru/top100/top100.js”;), a syntax error as printed; the code the Top-100 cabinet issues (seen on sites) has a straight quote, used here. Otherwise verbatim.',
  },
  {
    id: 'google_analytics',
    category: 'analytics',
    snippet: `<!-- Google tag (gtag.js) -->
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXXXXXXXX"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());

  gtag('config', 'G-XXXXXXXXXX');
</script>`,
    source: 'https://developers.google.com/tag-platform/gtagjs/install',
    also: ['https://developers.google.com/analytics/devguides/collection/gtagjs', 'https://support.google.com/analytics/answer/9304153'],
    loads: {
      parser: ['<script async src="https://www.googletagmanager.com/gtag/js?id=G-…">'],
      script: [],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'The loader is a parser-inserted <script async src>: the browser requests it (preload scanner) before any script of ours can act; a blocker can only keep it from running. The same URL path serves Google Ads (…/gtag/js?id=AW-…): the catalog tells them apart by the id (G- here, AW- for google_ads).',
  },
  {
    id: 'google_tag_manager',
    category: 'analytics',
    // Published as two parts: the script «as high in the <head> as possible» and the noscript
    // iframe «immediately after the opening <body> tag»; here one after the other.
    snippet: `<!-- Google Tag Manager -->
<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-XXXXXXX');</script>
<!-- End Google Tag Manager -->
<!-- Google Tag Manager (noscript) -->
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-XXXXXXX"
height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>
<!-- End Google Tag Manager (noscript) -->`,
    source: 'https://developers.google.com/tag-platform/tag-manager/web',
    also: ['https://github.com/kiprotect/klaro/blob/master/dist/examples/gtm.html'],
    loads: {
      parser: [],
      script: ['<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-…"> inserted before the first script; the container then loads whatever tags it holds (none in the stand-in)'],
      noscript: ['<iframe src="https://www.googletagmanager.com/ns.html?id=GTM-…">'],
    },
    documentWrite: false,
    limitation: 'Published in two places (script in <head>, noscript iframe right after <body>); snippetPage puts both parts at the chosen position.',
  },
  {
    id: 'google_ads',
    category: 'ads',
    // The Google tag with an AW- id plus the event snippet of a page-load conversion, as the
    // Google Ads conversion set-up shows them.
    snippet: `<!-- Google tag (gtag.js) -->
<script async src="https://www.googletagmanager.com/gtag/js?id=AW-123456789"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());

  gtag('config', 'AW-123456789');
</script>
<!-- Event snippet for Запись на приём conversion page -->
<script>
  gtag('event', 'conversion', {'send_to': 'AW-123456789/AbC-D_efG-h12_34-567'});
</script>`,
    source: 'https://support.google.com/google-ads/answer/6095821',
    also: ['https://support.google.com/google-ads/answer/7548399', 'https://pastebin.com/VKTuYYqX'],
    loads: {
      parser: ['<script async src="https://www.googletagmanager.com/gtag/js?id=AW-…">'],
      script: [],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'As for google_analytics: a parser-inserted <script async src>, on the same path as Analytics\' loader (www.googletagmanager.com/gtag/js?id=AW-…, told apart by the AW- id).',
  },
  {
    id: 'meta_pixel',
    category: 'ads',
    snippet: `<!-- Meta Pixel Code -->
<script>
!function(f,b,e,v,n,t,s)
{if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';
n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '123456789012345');
fbq('track', 'PageView');
</script>
<noscript><img height="1" width="1" style="display:none"
src="https://www.facebook.com/tr?id=123456789012345&ev=PageView&noscript=1"
/></noscript>
<!-- End Meta Pixel Code -->`,
    source: 'https://developers.facebook.com/docs/meta-pixel/get-started',
    loads: {
      parser: [],
      script: ['<script async src="https://connect.facebook.net/en_US/fbevents.js"> inserted before the first script; fbevents.js loads connect.facebook.net/signals/config/<id> and sends images to www.facebook.com/tr/'],
      noscript: ['<img src="https://www.facebook.com/tr?id=…&ev=PageView&noscript=1">'],
    },
    documentWrite: false,
  },
  {
    id: 'calltouch',
    category: 'analytics',
    // The current cabinet form (chooses init-min.js where Array.prototype.find exists).
    snippet: `<!-- calltouch -->
<script type="text/javascript">
(function(w,d,n,c){w.CalltouchDataObject=n;w[n]=function(){w[n]["callbacks"].push(arguments)};if(!w[n]["callbacks"]){w[n]["callbacks"]=[]}w[n]["loaded"]=false;if(typeof c!=="object"){c=[c]}w[n]["counters"]=c;for(var i=0;i<c.length;i+=1){p(c[i])}function p(cId){var a=d.getElementsByTagName("script")[0],s=d.createElement("script"),i=function(){a.parentNode.insertBefore(s,a)},m=typeof Array.prototype.find === 'function',n=m?"init-min.js":"init.js";s.type="text/javascript";s.async=true;s.src="https://mod.calltouch.ru/"+n+"?id="+cId;if(w.opera=="[object Opera]"){d.addEventListener("DOMContentLoaded",i,false)}else{i()}}})(window,document,"ct","a1b2c3d4");
</script>
<!-- calltouch -->`,
    source: 'NOTES-trackers.md §12 (public code of Calltouch customers, seen with `w.CalltouchDataObject=n`; Calltouch publishes the code only inside its cabinet)',
    loads: {
      parser: [],
      script: ['<script async src="https://mod.calltouch.ru/init-min.js?id=…"> (init.js in old browsers) inserted before the first script'],
      noscript: [],
    },
    documentWrite: false,
  },
  {
    id: 'roistat',
    category: 'analytics',
    snippet: `<script>
(function(w, d, s, h, id) {
    w.roistatProjectId = id; w.roistatHost = h;
    var p = d.location.protocol == "https:" ? "https://" : "http://";
    var u = /^.*roistat_visit=[^;]+(.*)?$/.test(d.cookie) ? "/dist/module.js" : "/api/site/1.0/"+id+"/init?referrer="+encodeURIComponent(d.location.href);
    var js = d.createElement(s); js.charset="UTF-8"; js.async = 1; js.src = p+h+u; var js2 = d.getElementsByTagName(s)[0]; js2.parentNode.insertBefore(js, js2);
})(window, document, 'script', 'cloud.roistat.com', 'abcdef0123456789abcdef0123456789');
</script>`,
    source: 'https://pastebin.com/SY0FBSn1',
    also: ['NOTES-trackers.md §13 (public code, seen with `cloud.roistat.com\', \'`)'],
    loads: {
      parser: [],
      script: ['<script async src="http(s)://cloud.roistat.com/api/site/1.0/<key>/init?referrer=…"> on a first visit, …/dist/module.js once the roistat_visit cookie exists; inserted before the first script'],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'Which URL it loads depends on the roistat_visit cookie: a returning visitor (or one whose cookie was not removed on withdrawal) loads /dist/module.js instead of /init.',
  },
  {
    id: 'comagic',
    category: 'analytics',
    // The classic two-part CoMagic code; the one-tag UIS form (cs.min.js?k=) is in SNIPPET_VARIANTS.
    snippet: `<script type="text/javascript">
var __cs = __cs || [];
__cs.push(["setCsAccount", "AbCdEfGhIjKlMnOpQrStUvWxYz012345"]);
</script>
<script type="text/javascript" async src="https://app.comagic.ru/static/cs.min.js"></script>`,
    source: 'NOTES-trackers.md §14 (public code of CoMagic customers, seen with `comagic.ru/static/cs.min.js`; the code is issued inside the CoMagic/UIS cabinet)',
    loads: {
      parser: ['<script async src="https://app.comagic.ru/static/cs.min.js">'],
      script: [],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'The loader is a parser-inserted <script async src>: requested by the parser (and preload scanner) before any script can act; a blocker can only keep it from running.',
  },
  {
    id: 'callibri',
    category: 'analytics',
    snippet: `<script src="//cdn.callibri.ru/callibri.js" type="text/javascript" charset="utf-8"></script>`,
    source: 'https://pastebin.com/nUKp7K6T',
    also: ['NOTES-trackers.md §15'],
    loads: {
      parser: ['<script src="//cdn.callibri.ru/callibri.js"> (classic, parser-blocking, scheme of the page)'],
      script: [],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'A bare parser-inserted, parser-blocking <script src>: the browser requests it before any script of ours can act, and it runs synchronously where it stands; a blocker can only make it not run (e.g. by changing its type before execution).',
  },
  {
    id: 'jivo',
    category: 'functional',
    snippet: `<script src="//code.jivo.ru/widget/AbCdEf1234" async></script>`,
    source: 'NOTES-trackers.md §16 (public code of Jivo customers, seen with `code.jivo.ru/widget/`; the code is issued in the Jivo cabinet)',
    also: ['https://pastebin.com/atZxFRMt'],
    loads: {
      parser: ['<script async src="//code.jivo.ru/widget/<id>"> (scheme of the page)'],
      script: [],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'A parser-inserted <script async src>: requested before any script of ours can act; a blocker can only keep it from running.',
  },
  {
    id: 'bitrix24',
    category: 'functional',
    // The site widget («Открытые линии», callback, forms button). The inline CRM form code is the
    // same loader pattern with /crm/form/loader_<n>.js (SNIPPET_VARIANTS).
    snippet: `<script>
        (function(w,d,u){
                var s=d.createElement('script');s.async=true;s.src=u+'?'+(Date.now()/60000|0);
                var h=d.getElementsByTagName('script')[0];h.parentNode.insertBefore(s,h);
        })(window,document,'https://cdn-ru.bitrix24.ru/b1234567/crm/site_button/loader_1_abc123.js');
</script>`,
    source: 'https://pastebin.com/2YYmGgdu',
    also: ['https://dev.1c-bitrix.ru/api_help/crm/forms.php', 'NOTES-trackers.md §17 (public code, seen with `/crm/site_button/loader_`)'],
    loads: {
      parser: [],
      script: ['<script async src="https://cdn-ru.bitrix24.ru/b…/crm/site_button/loader_…js?<minute>"> inserted before the first script; the widget then loads …/crm/tag/call.tracker.js'],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'Portals can also serve the loader from their own domain (https://<portal>/upload/crm/site_button/loader_….js); those hosts are not in the catalog, so only the markup gate can hold them.',
  },
  {
    id: 'amocrm',
    category: 'functional',
    // The amoCRM «кнопка на сайт» (chat button) code from the amoCRM cabinet.
    snippet: `<script>(function(a,m,o,c,r,m){a[m]={id:"123456",hash:"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",locale:"ru",inline:false,setMeta:function(p){this.params=(this.params||[]).concat([p])}};a[o]=a[o]||function(){(a[o].q=a[o].q||[]).push(arguments)};var d=a.document,s=d.createElement('script');s.async=true;s.id=m+'_script';s.src='https://gso.amocrm.ru/js/button.js?1700000000';d.head&&d.head.appendChild(s)}(window,0,'amoSocialButton',0,0,'amo_social_button'));</script>`,
    source: 'NOTES-trackers.md §18 (public code of amoCRM customers, seen with `gso.amocrm.ru/js/button.js`; the code is issued in the amoCRM cabinet)',
    loads: {
      parser: [],
      script: ['<script async id="amo_social_button_script" src="https://gso.amocrm.ru/js/button.js?<ts>"> appended to <head>'],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'Sloppy-mode code: the function has two parameters named m (legal only outside strict mode). Fine in a classic inline script, as published.',
  },
  {
    id: 'carrot_quest',
    category: 'functional',
    snippet: `<!-- Carrot quest BEGIN -->
<script type="text/javascript">
!function(){function t(t,e){return function(){window.carrotquestasync.push(t,arguments)}}if("undefined"==typeof carrotquest){var e=document.createElement("script");e.type="text/javascript",e.async=!0,e.src="//cdn.carrotquest.app/api.min.js",document.getElementsByTagName("head")[0].appendChild(e),window.carrotquest={},window.carrotquestasync=[],carrotquest.settings={};for(var n=["connect","track","identify","auth","oth","onReady","addCallback","removeCallback","trackMessageInteraction"],a=0;a<n.length;a++)carrotquest[n[a]]=t(n[a])}}(),carrotquest.connect("12345-0123456789abcdef0123456789");
</script>
<!-- Carrot quest END -->`,
    source: 'https://developers.carrotquest.io/tuning/install',
    also: ['https://pastebin.com/6qfF02Nz', 'NOTES-trackers.md §19'],
    loads: {
      parser: [],
      script: ['<script async src="//cdn.carrotquest.app/api.min.js"> (scheme of the page) appended to <head>'],
      noscript: [],
    },
    documentWrite: false,
  },
];

/**
 * Older or alternative official forms, same shape plus `variant`. Each is a complete snippet
 * for its catalog id.
 * @type {Snippet[]}
 */
export const SNIPPET_VARIANTS = [
  {
    id: 'yandex_metrika',
    variant: 'classic',
    category: 'analytics',
    // The 2019–2023 code (no ?id=, no duplicate check) — still on most sites.
    snippet: `<!-- Yandex.Metrika counter -->
<script type="text/javascript" >
   (function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};
   m[i].l=1*new Date();k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)})
   (window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");

   ym(44444444, "init", {
        clickmap:true,
        trackLinks:true,
        accurateTrackBounce:true,
        webvisor:true
   });
</script>
<noscript><div><img src="https://mc.yandex.ru/watch/44444444" style="position:absolute; left:-9999px;" alt="" /></div></noscript>
<!-- /Yandex.Metrika counter -->`,
    source: 'https://yandex.com/support/metrica/code/counter-initialize.html',
    also: ['https://pastebin.com/GTmh5u1g'],
    loads: {
      parser: [],
      script: ['<script async src="https://mc.yandex.ru/metrika/tag.js"> inserted before the first script'],
      noscript: ['<img src="https://mc.yandex.ru/watch/…">'],
    },
    documentWrite: false,
  },
  {
    id: 'top_mail_ru',
    variant: 'rating-mail-ru',
    category: 'ads',
    // The older «Rating@Mail.ru counter» code: scheme chosen from the page, id "topmailru-code".
    snippet: `<!-- Rating@Mail.ru counter -->
<script type="text/javascript">
var _tmr = window._tmr || (window._tmr = []);
_tmr.push({id: "3333333", type: "pageView", start: (new Date()).getTime()});
(function (d, w, id) {
  if (d.getElementById(id)) return;
  var ts = d.createElement("script"); ts.type = "text/javascript"; ts.async = true; ts.id = id;
  ts.src = (d.location.protocol == "https:" ? "https:" : "http:") + "//top-fwz1.mail.ru/js/code.js";
  var f = function () {var s = d.getElementsByTagName("script")[0]; s.parentNode.insertBefore(ts, s);};
  if (w.opera == "[object Opera]") { d.addEventListener("DOMContentLoaded", f, false); } else { f(); }
})(document, window, "topmailru-code");
</script><noscript><div style="position:absolute;left:-10000px;">
<img src="//top-fwz1.mail.ru/counter?id=3333333;js=na" style="border:0;" height="1" width="1" alt="Рейтинг@Mail.ru" />
</div></noscript>
<!-- //Rating@Mail.ru counter -->`,
    source: 'https://gist.github.com/Gegam/9a30988069f558eeabcfc42e875c26c8',
    loads: {
      parser: [],
      script: ['<script async id="topmailru-code" src="http(s)://top-fwz1.mail.ru/js/code.js"> inserted before the first script'],
      noscript: ['<img src="//top-fwz1.mail.ru/counter?id=…;js=na">'],
    },
    documentWrite: false,
  },
  {
    id: 'vk_pixel',
    variant: 'vk.com',
    category: 'ads',
    snippet: `<script type="text/javascript">!function(){var t=document.createElement("script");t.type="text/javascript",t.async=!0,t.src="https://vk.com/js/api/openapi.js?169",t.onload=function(){VK.Retargeting.Init("VK-RTRG-000000-DEMO"),VK.Retargeting.Hit()},document.head.appendChild(t)}();</script><noscript><img src="https://vk.com/rtrg?p=VK-RTRG-000000-DEMO" style="position:fixed; left:-999px;" alt=""/></noscript>`,
    source: 'https://pastebin.com/y1gn51Bm',
    loads: {
      parser: [],
      script: ['<script async src="https://vk.com/js/api/openapi.js?169"> appended to <head>; onload → image https://vk.com/rtrg?p=…'],
      noscript: ['<img src="https://vk.com/rtrg?p=…">'],
    },
    documentWrite: false,
  },
  {
    id: 'liveinternet',
    variant: 'document.write',
    category: 'analytics',
    // The pre-2019 LiveInternet code, still common on old clinic sites.
    snippet: `<!--LiveInternet counter--><script type="text/javascript"><!--
document.write("<a href='http://www.liveinternet.ru/click' "+
"target=_blank><img src='//counter.yadro.ru/hit?t13.5;r"+
escape(document.referrer)+((typeof(screen)=="undefined")?"":
";s"+screen.width+"*"+screen.height+"*"+(screen.colorDepth?
screen.colorDepth:screen.pixelDepth))+";u"+escape(document.URL)+
";"+Math.random()+
"' alt='' title='LiveInternet: показано число просмотров за 24"+
" часа, посетителей за 24 часа и за сегодня' "+
"border='0' width='88' height='31'><\\/a>")
//--></script><!--/LiveInternet-->`,
    source: 'https://pastebin.com/PaNJdDjN',
    loads: {
      parser: [],
      script: ['document.write of <a><img src="//counter.yadro.ru/hit?t13.5;r…"></a> while the page is parsed'],
      noscript: [],
    },
    documentWrite: true,
    limitation: 'Relies on document.write during parsing. Released after the page has loaded, document.write would replace the whole document, so this snippet cannot be held and released later as is; a blocker has to either let it run during parsing (consent already given) or skip it.',
  },
  {
    id: 'google_tag_manager',
    variant: 'head-only',
    category: 'analytics',
    snippet: `<!-- Google Tag Manager -->
<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-XXXXXXX');</script>
<!-- End Google Tag Manager -->`,
    source: 'https://developers.google.com/tag-platform/tag-manager/web',
    loads: {
      parser: [],
      script: ['<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-…"> inserted before the first script'],
      noscript: [],
    },
    documentWrite: false,
  },
  {
    id: 'comagic',
    variant: 'uis-one-tag',
    category: 'analytics',
    snippet: `<!-- UIS -->
<script type="text/javascript" async src="https://app.uiscom.ru/static/cs.min.js?k=AbCdEfGhIjKlMnOpQrStUvWxYz012345"></script>
<!-- UIS -->`,
    source: 'NOTES-trackers.md §14 (public code of UIS customers, seen with `uiscom.ru/static/cs.min.js?k=`)',
    loads: {
      parser: ['<script async src="https://app.uiscom.ru/static/cs.min.js?k=…">'],
      script: [],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'A parser-inserted <script async src> only; see comagic.',
  },
  {
    id: 'calltouch',
    variant: 'init.js',
    category: 'analytics',
    snippet: `<!-- calltouch -->
<script type="text/javascript">
(function(w,d,n,c){w.CalltouchDataObject=n;w[n]=function(){w[n]["callbacks"].push(arguments)};if(!w[n]["callbacks"]){w[n]["callbacks"]=[]}w[n]["loaded"]=false;if(typeof c!=="object"){c=[c]}w[n]["counters"]=c;for(var i=0;i<c.length;i+=1){p(c[i])}function p(cId){var a=d.getElementsByTagName("script")[0],s=d.createElement("script"),i=function(){a.parentNode.insertBefore(s,a)};s.type="text/javascript";s.async=true;s.src="https://mod.calltouch.ru/init.js?id="+cId;if(w.opera=="[object Opera]"){d.addEventListener("DOMContentLoaded",i,false)}else{i()}}})(window,document,"ct","a1b2c3d4");
</script>
<!-- calltouch -->`,
    source: 'NOTES-trackers.md §12 (public code, seen with `mod.calltouch.ru/init.js?id=`)',
    loads: {
      parser: [],
      script: ['<script async src="https://mod.calltouch.ru/init.js?id=…"> inserted before the first script'],
      noscript: [],
    },
    documentWrite: false,
  },
  {
    id: 'jivo',
    variant: 'jivosite-onload',
    category: 'functional',
    // The older JivoSite code: the loader is inserted only once the window has loaded.
    snippet: `<!-- BEGIN JIVOSITE CODE {literal} -->
<script type='text/javascript'>
(function(){ var widget_id = 'AbCdEf1234';var d=document;var w=window;function l(){
var s = document.createElement('script'); s.type = 'text/javascript'; s.async = true;
s.src = '//code.jivosite.com/script/widget/'+widget_id
; var ss = document.getElementsByTagName('script')[0]; ss.parentNode.insertBefore(s, ss);}
if(d.readyState=='complete'){l();}else{if(w.attachEvent){w.attachEvent('onload',l);}
else{w.addEventListener('load',l,false);}}})();
</script>
<!-- {/literal} END JIVOSITE CODE -->`,
    source: 'https://pastebin.com/MJcpjF2i',
    loads: {
      parser: [],
      script: ['on window load: <script async src="//code.jivosite.com/script/widget/<id>"> inserted before the first script'],
      noscript: [],
    },
    documentWrite: false,
  },
  {
    id: 'bitrix24',
    variant: 'crm-form',
    category: 'functional',
    snippet: `<script data-b24-form="inline/4/abc123" data-skip-moving="true">
        (function(w,d,u){
                var s=d.createElement('script');s.async=true;s.src=u+'?'+(Date.now()/180000|0);
                var h=d.getElementsByTagName('script')[0];h.parentNode.insertBefore(s,h);
        })(window,document,'https://cdn-ru.bitrix24.ru/b1234567/crm/form/loader_4.js');
</script>`,
    source: 'https://pastebin.com/ihz68HM3',
    also: ['NOTES-trackers.md §17 (public code, seen with `/crm/form/loader_`)'],
    loads: {
      parser: [],
      script: ['<script async src="https://cdn-ru.bitrix24.ru/b…/crm/form/loader_4.js?<3-minute slot>"> inserted before the first script; the form renders after the script element that carries data-b24-form'],
      noscript: [],
    },
    documentWrite: false,
    limitation: 'The form is drawn next to the <script data-b24-form> element itself, so a blocker that moves or replaces that element changes where (or whether) the form appears.',
  },
];

function find(id, variant) {
  const list = variant ? SNIPPET_VARIANTS : SNIPPETS;
  const entry = list.find((s) => s.id === id && (!variant || s.variant === variant));
  if (!entry) throw new Error(`no snippet for ${id}${variant ? ` (${variant})` : ''}`);
  return entry;
}

/** The soglasie tag as snippetPage writes it (without the inline config before it). */
/** A snippet's name in file and route names: its id, and its variant in plain characters. */
export function snippetSlug(entry) {
  return `${entry.id}${entry.variant ? '-' + entry.variant.replace(/[^a-z0-9]+/gi, '-') : ''}`;
}

export const SOGLASIE_TAG = '<script src="/soglasie/soglasie.js"></script>';

/**
 * A complete test page: the inline soglasie config (operator and policy of the demo site,
 * `services` or just [id]), the soglasie tag, and the snippet unmodified — at the end of <head>
 * or in <body> after an <h1>.
 * @param {{id: string, position?: 'head'|'body', services?: string[], variant?: string, soglasie?: boolean}} options
 *   `variant` picks an entry of SNIPPET_VARIANTS; `soglasie: false` leaves out both the config
 *   and the tag (the same snippet, unblocked — a control page).
 */
export function snippetPage({ id, position = 'head', services, variant, soglasie = true }) {
  if (position !== 'head' && position !== 'body') throw new Error(`position must be 'head' or 'body', not ${position}`);
  const entry = find(id, variant);
  const config = { operator: DEMO_CONFIG.operator, policy: DEMO_CONFIG.policy, services: services ?? [id] };
  // JSON inside <script>: keep "</script>" and "<!--" from ending or confusing the element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  const tag = soglasie ? `<script type="application/json" id="soglasie-config">${json}</script>${SOGLASIE_TAG}` : '';
  const title = `<title>${entry.id}${entry.variant ? ` (${entry.variant})` : ''}</title>`;
  const h1 = `<h1>Тест: ${entry.id}${entry.variant ? ` (${entry.variant})` : ''}</h1>`;
  const head = position === 'head' ? `\n${entry.snippet}\n` : '\n';
  const body = position === 'body' ? `\n${entry.snippet}\n` : '\n';
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8">${tag}${title}${head}</head><body>${h1}${body}</body></html>\n`;
}
