//! Trackers in a site's pages and templates, found before any browser loads them, and the
//! forms no browser-side blocker can stop rewritten into marked-up ones (`soglasie scan`).
//!
//! A page is read with an HTML rewriter that keeps every byte it is not asked to change
//! (`lol_html`), so a template with PHP or Twig in it comes out as it went in, apart from the
//! tags rewritten. Trackers are recognised by the browser's own rule ([`Config::owner`] or
//! the catalog's patterns), in `src` attributes and in the text of inline scripts.
//!
//! What each occurrence is ([`Form`]):
//! - written in the HTML as `<script src>`, `<iframe src>` or `<img src>`: the browser's
//!   preload scanner or parser requests it before any script of the page runs, so soglasie can
//!   keep a script from running but not the request; the old `document.write` counters write
//!   such markup while the page is parsed. [`rewrite`] marks these up.
//! - inside `<noscript>`: loads exactly when scripts are off, when no consent can be asked.
//! - inserted by an inline script (the vendors' current snippets): the boot's blocker holds it.
//! - already marked up (`data-category`, or Klaro's `data-name`).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use encoding_rs::Encoding;
use lol_html::html_content::{ContentType, Element};
use lol_html::{element, text, AsciiCompatibleEncoding, HtmlRewriter, Settings};
use serde::Serialize;

use crate::core::config::{Config, Owner};

/// How a tracker occurs in a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// Marked up for a consent manager: released only with consent.
    Marked,
    /// Inserted by an inline script: the boot's blocker holds the load until consent.
    Held,
    /// `<script src>` written in the HTML.
    ParserScript,
    /// `<iframe src>` (or `<frame>`, `<embed>`) written in the HTML.
    ParserFrame,
    /// `<img src>` written in the HTML.
    ParserImage,
    /// An inline script that writes markup with `document.write` while the page is parsed.
    DocumentWrite,
    /// Inside `<noscript>`: loads when scripts are off, with no way to ask for consent.
    Noscript,
}

impl Form {
    /// Whether no browser-side blocker can stop this form: [`rewrite`] marks it up.
    pub fn is_unstoppable(self) -> bool {
        !matches!(self, Form::Marked | Form::Held)
    }
}

/// The service a tracker's address belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// Catalog or config id (`data-service`).
    pub id: String,
    /// The name the visitor knows it by.
    pub name: String,
    /// The category it is released under (the config's, else the catalog's default).
    pub category: String,
    /// Whether the config lists it (always false when scanning without a config).
    pub listed: bool,
}

impl Service {
    /// Whom a load of `host` + `path_and_query` goes to: with a config, by the browser's own
    /// rule; without one, by the catalog's patterns.
    pub fn of_load(config: Option<&Config>, host: &str, path_and_query: &str) -> Option<Service> {
        let unlisted = |entry: &crate::catalog::Entry| Service {
            id: entry.id.into(),
            name: entry.name.into(),
            category: entry.category.into(),
            listed: false,
        };
        match config {
            Some(config) => match config.owner(host, path_and_query)? {
                Owner::Listed(svc) => Some(Service {
                    id: svc.id.clone(),
                    name: svc.display_name().into(),
                    category: svc.category.clone(),
                    listed: true,
                }),
                Owner::Unlisted(entry) => Some(unlisted(entry)),
            },
            None => crate::catalog::tracker(host, path_and_query).map(unlisted),
        }
    }
}

/// One occurrence of a tracker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Byte offset of the element (or of the address, in script text) in the file.
    pub offset: usize,
    /// 1-based line and column (in characters) of `offset`.
    pub line: usize,
    pub column: usize,
    pub service: Service,
    pub form: Form,
    /// The address as written.
    pub url: String,
}

/// What a page holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Page {
    /// In file order.
    pub findings: Vec<Finding>,
    /// The text of `<title>`, if any.
    pub title: Option<String>,
    /// The encoding the file was read in (`UTF-8`, or `windows-1251` for older templates).
    pub encoding: &'static str,
    /// The page declares itself sensitive (`<meta name="soglasie" content="sensitive">`).
    pub declared_sensitive: bool,
}

/// A file that could not be read as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError(pub String);

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who a load goes to, as the caller decides it ([`Service::of_load`]).
pub type Lookup<'a> = &'a dyn Fn(&str, &str) -> Option<Service>;

/// Finds the trackers in a page or template.
pub fn scan(bytes: &[u8], lookup: Lookup) -> Result<Page, ScanError> {
    let encoding = encoding_of(bytes);
    let found = Rc::new(RefCell::new(Found::default()));
    let mut settings = handlers(&found, lookup, encoding, 0, false);
    settings = settings.with_encoding(ascii_compatible(encoding)?);
    run(settings, bytes, &mut |_| {})?;
    let Found {
        findings,
        title,
        declared_sensitive,
        ..
    } = Rc::try_unwrap(found)
        .map(RefCell::into_inner)
        .unwrap_or_default();
    let mut findings: Vec<Finding> = findings.into_values().collect();
    for f in &mut findings {
        (f.line, f.column) = line_and_column(bytes, f.offset, encoding);
    }
    Ok(Page {
        findings,
        title: title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        encoding: encoding.name(),
        declared_sensitive,
    })
}

/// The page with every unstoppable occurrence of `page` marked up (`type="text/plain"`,
/// `data-category`, `data-service`, `data-src`), every other byte as it was; `None` when there
/// is nothing to rewrite.
pub fn rewrite(bytes: &[u8], page: &Page) -> Result<Option<Vec<u8>>, ScanError> {
    let plan: HashMap<usize, Finding> = page
        .findings
        .iter()
        .filter(|f| f.form.is_unstoppable())
        .map(|f| (f.offset, f.clone()))
        .collect();
    if plan.is_empty() {
        return Ok(None);
    }
    let encoding = encoding_of(bytes);
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let settings = rewriters(Rc::new(plan), 0).with_encoding(ascii_compatible(encoding)?);
    run(settings, bytes, &mut |chunk| out.extend_from_slice(chunk))?;
    Ok(Some(out))
}

/// UTF-8, unless the bytes are not: then windows-1251, the encoding of older Russian sites'
/// templates (1C-Bitrix before its UTF-8 editions).
fn encoding_of(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        encoding_rs::UTF_8
    } else {
        encoding_rs::WINDOWS_1251
    }
}

fn ascii_compatible(encoding: &'static Encoding) -> Result<AsciiCompatibleEncoding, ScanError> {
    AsciiCompatibleEncoding::new(encoding)
        .ok_or_else(|| ScanError(format!("cannot read {}", encoding.name())))
}

fn run(settings: Settings, bytes: &[u8], sink: &mut dyn FnMut(&[u8])) -> Result<(), ScanError> {
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| sink(chunk));
    rewriter
        .write(bytes)
        .and_then(|()| rewriter.end())
        .map_err(|e| ScanError(format!("not readable as HTML: {e}")))
}

/// What the handlers collect. Findings are keyed by (offset, service): an element that
/// names a service twice (LiveInternet's counter writes two of its addresses) is one finding.
#[derive(Default)]
struct Found {
    findings: BTreeMap<(usize, String), Finding>,
    title: Option<String>,
    declared_sensitive: bool,
    /// The inline script being read, if any.
    script: Option<Script>,
    /// The text of the `<noscript>` being read, from `noscript_start`.
    noscript: String,
    noscript_start: usize,
}

impl Found {
    fn add(&mut self, offset: usize, service: Service, form: Form, url: &str) {
        self.findings
            .entry((offset, service.id.clone()))
            .or_insert(Finding {
                offset,
                line: 0,
                column: 0,
                service,
                form,
                url: url.to_string(),
            });
    }
}

/// An inline script: where its tag starts, what it is, and its text so far.
struct Script {
    start: usize,
    /// `type="text/plain"` (or another type that does not run).
    inert: bool,
    marked: bool,
    text: String,
    text_start: Option<usize>,
}

/// Whether a `<script>` runs: no type, or a JavaScript one.
fn runs(el: &Element) -> bool {
    el.get_attribute("type").is_none_or(|t| {
        let t = t.trim().to_ascii_lowercase();
        t.is_empty() || t == "module" || t.contains("javascript") || t.contains("ecmascript")
    })
}

/// Whether an element is marked up for a consent manager (ours, vanilla-cookieconsent's, or
/// Klaro's).
fn marked(el: &Element) -> bool {
    el.has_attribute("data-category") || el.has_attribute("data-name")
}

/// The element handlers that find trackers. `base` is the offset of these bytes in the file
/// (non-zero for the content of a `<noscript>`), and `in_noscript` says every load found is
/// one.
fn handlers<'h>(
    found: &Rc<RefCell<Found>>,
    lookup: Lookup<'h>,
    encoding: &'static Encoding,
    base: usize,
    in_noscript: bool,
) -> Settings<'h, 'static> {
    let (scripts, texts, loads, marks, noscripts, titles, metas) = (
        found.clone(),
        found.clone(),
        found.clone(),
        found.clone(),
        found.clone(),
        found.clone(),
        found.clone(),
    );
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler(element!("script", move |el| {
            let start = base + el.source_location().bytes().start;
            let inert = !runs(el);
            let is_marked = marked(el);
            let mut found = scripts.borrow_mut();
            if let Some(src) = el
                .get_attribute("src")
                .or_else(|| el.get_attribute("data-src"))
            {
                if let Some((service, url)) = address(&src, lookup) {
                    let form = match (inert, is_marked) {
                        (false, _) if el.has_attribute("src") && !in_noscript => {
                            Some(Form::ParserScript)
                        }
                        (true, true) => Some(Form::Marked),
                        _ => None,
                    };
                    if let Some(form) = form {
                        found.add(start, service, form, &url);
                    }
                }
            }
            found.script = Some(Script {
                start,
                inert,
                marked: is_marked,
                text: String::new(),
                text_start: None,
            });
            Ok(())
        }))
        .append_element_content_handler(text!("script", move |chunk| {
            let mut found = texts.borrow_mut();
            let Some(script) = found.script.as_mut() else {
                return Ok(());
            };
            script
                .text_start
                .get_or_insert(base + chunk.source_location().bytes().start);
            script.text.push_str(chunk.as_str());
            if !chunk.last_in_text_node() {
                return Ok(());
            }
            let Some(script) = found.script.take() else {
                return Ok(());
            };
            let form = match (script.inert, script.marked) {
                _ if in_noscript => return Ok(()),
                (true, true) => Form::Marked,
                (true, false) => return Ok(()),
                (false, _) if script.text.contains("document.write") => Form::DocumentWrite,
                (false, _) => Form::Held,
            };
            for (at, url) in addresses_in(&script.text) {
                let Some((service, url)) = address(&url, lookup) else {
                    continue;
                };
                // An unstoppable script is rewritten as a whole: report it at its tag.
                let offset = if form == Form::DocumentWrite {
                    script.start
                } else {
                    script.text_start.unwrap_or(script.start)
                        + byte_length(&script.text[..at], encoding)
                };
                found.add(offset, service, form, &url);
            }
            Ok(())
        }))
        .append_element_content_handler(element!(
            "iframe[src], frame[src], embed[src], img[src]",
            move |el| {
                let Some((service, url)) =
                    el.get_attribute("src").and_then(|s| address(&s, lookup))
                else {
                    return Ok(());
                };
                let form = match el.tag_name().as_str() {
                    _ if in_noscript => Form::Noscript,
                    "img" => Form::ParserImage,
                    _ => Form::ParserFrame,
                };
                let start = base + el.source_location().bytes().start;
                loads.borrow_mut().add(start, service, form, &url);
                Ok(())
            }
        ))
        .append_element_content_handler(element!("[data-src]:not(script)", move |el| {
            if !marked(el) {
                return Ok(());
            }
            if let Some((service, url)) = el
                .get_attribute("data-src")
                .and_then(|s| address(&s, lookup))
            {
                let start = base + el.source_location().bytes().start;
                marks.borrow_mut().add(start, service, Form::Marked, &url);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("meta[name=soglasie i]", move |el| {
            let content = el.get_attribute("content").unwrap_or_default();
            if crate::core::sensitive::declared(&content) {
                metas.borrow_mut().declared_sensitive = true;
            }
            Ok(())
        }))
        .append_element_content_handler(text!("title", move |chunk| {
            titles
                .borrow_mut()
                .title
                .get_or_insert_with(String::new)
                .push_str(chunk.as_str());
            Ok(())
        }));
    if in_noscript {
        return settings;
    }
    // The content of <noscript> is text to a browser with scripts on (and to this reader):
    // read it again as the markup a browser with scripts off sees.
    settings.append_element_content_handler(text!("noscript", move |chunk| {
        let mut found = noscripts.borrow_mut();
        if found.noscript.is_empty() {
            found.noscript_start = base + chunk.source_location().bytes().start;
        }
        found.noscript.push_str(chunk.as_str());
        if !chunk.last_in_text_node() {
            return Ok(());
        }
        let markup = std::mem::take(&mut found.noscript);
        let start = found.noscript_start;
        drop(found);
        let inner = Rc::new(RefCell::new(Found::default()));
        let settings = handlers(&inner, lookup, encoding_rs::UTF_8, start, true);
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        rewriter.write(markup.as_bytes())?;
        rewriter.end()?;
        let inner = std::mem::take(&mut inner.borrow_mut().findings);
        noscripts.borrow_mut().findings.extend(inner);
        Ok(())
    }))
}

/// The handlers that rewrite what `plan` names (by the offset of each element's tag).
fn rewriters(plan: Rc<HashMap<usize, Finding>>, base: usize) -> Settings<'static, 'static> {
    let (tags, noscripts) = (plan.clone(), plan);
    let buffer = Rc::new(RefCell::new((String::new(), 0usize)));
    Settings::new()
        .with_strict(false)
        .append_element_content_handler(element!("script, iframe, frame, embed, img", move |el| {
            if let Some(finding) = tags.get(&(base + el.source_location().bytes().start)) {
                mark_up(el, finding)?;
            }
            Ok(())
        }))
        .append_element_content_handler(text!("noscript", move |chunk| {
            let mut buffer = buffer.borrow_mut();
            if buffer.0.is_empty() {
                buffer.1 = base + chunk.source_location().bytes().start;
            }
            buffer.0.push_str(chunk.as_str());
            // The text is given back, rewritten or not, with the last piece.
            chunk.remove();
            if !chunk.last_in_text_node() {
                return Ok(());
            }
            let markup = std::mem::take(&mut buffer.0);
            let mut out = Vec::with_capacity(markup.len() + 128);
            let settings = rewriters(noscripts.clone(), buffer.1);
            let mut rewriter = HtmlRewriter::new(settings, |c: &[u8]| out.extend_from_slice(c));
            rewriter.write(markup.as_bytes())?;
            rewriter.end()?;
            chunk.replace(&String::from_utf8_lossy(&out), ContentType::Html);
            Ok(())
        }))
}

/// Marks an element up for its service's category: `src` becomes `data-src`, and a script
/// becomes `type="text/plain"` (a module keeps its type in `data-type`).
fn mark_up(
    el: &mut Element,
    finding: &Finding,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    if el.tag_name() == "script" {
        if let Some(kind) = el
            .get_attribute("type")
            .filter(|t| t.trim().eq_ignore_ascii_case("module"))
        {
            el.set_attribute("data-type", &kind)?;
        }
        el.set_attribute("type", "text/plain")?;
    }
    el.set_attribute("data-category", &finding.service.category)?;
    el.set_attribute("data-service", &finding.service.id)?;
    if let Some(src) = el.get_attribute("src") {
        el.remove_attribute("src");
        el.set_attribute("data-src", &src)?;
    }
    Ok(())
}

/// The schemes a tracker's address may be written with (any case), or none (`//host…`).
const SCHEMES: [&str; 2] = ["https:", "http:"];

/// The service an address written in a page goes to, and the address. Addresses without a
/// host (`/js/app.js`, a template's `<?= $src ?>`) are the site's own.
fn address(written: &str, lookup: Lookup) -> Option<(Service, String)> {
    let written = written.trim();
    let scheme = SCHEMES
        .iter()
        .find(|s| {
            written
                .get(..s.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(s))
        })
        .map_or(0, |s| s.len());
    let rest = written[scheme..].strip_prefix("//")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    let host = host.split(':').next().unwrap_or_default();
    if !host.contains('.') {
        return None;
    }
    let path = rest[end..].split('#').next().unwrap_or_default();
    let path_and_query = match path.chars().next() {
        Some('/') => path.to_string(),
        _ => format!("/{path}"),
    };
    lookup(host, &path_and_query).map(|service| (service, written.to_string()))
}

/// Addresses in script text, each with its offset in `text`: `//host…` (with `http:` or
/// `https:` before it, or none) opened by a quote, `=`, `(`, `,` or a space, up to the end of
/// the string it is written in; and a string that is a bare host (`'cloud.roistat.com'`, which
/// Roistat's snippet joins to a scheme and a path), given as `//host`.
fn addresses_in(text: &str) -> Vec<(usize, String)> {
    let opens = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '=' | '(' | ',');
    let ends =
        |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>' | ')' | '\\');
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("//") {
        let slashes = from + found;
        let start = SCHEMES
            .iter()
            .find_map(|scheme| {
                let s = slashes.checked_sub(scheme.len())?;
                text.get(s..slashes)
                    .filter(|w| w.eq_ignore_ascii_case(scheme))
                    .map(|_| s)
            })
            .unwrap_or(slashes);
        let end = text[slashes..]
            .find(ends)
            .map_or(text.len(), |n| slashes + n);
        if text[..start].chars().next_back().is_none_or(opens) {
            out.push((start, text[start..end].to_string()));
        }
        from = end.max(slashes + 2);
    }
    let is_host = |s: &str| {
        s.contains('.')
            && s.ends_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    };
    for quote in ['"', '\''] {
        let mut parts = text.split(quote);
        let mut offset = parts.next().map_or(0, |p| p.len() + 1);
        // Every other part is inside quotes (escaped quotes aside, which hosts never hold).
        while let Some(inside) = parts.next() {
            if is_host(inside) {
                out.push((offset, format!("//{inside}")));
            }
            offset += inside.len() + 1;
            offset += parts.next().map_or(0, |p| p.len() + 1);
        }
    }
    out
}

/// How many bytes `text` takes in the file's encoding (windows-1251 is one byte a character).
fn byte_length(text: &str, encoding: &'static Encoding) -> usize {
    if encoding == encoding_rs::UTF_8 {
        text.len()
    } else {
        text.chars().count()
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_column(bytes: &[u8], offset: usize, encoding: &'static Encoding) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let (text, _) = encoding.decode_without_bom_handling(&before[line_start..]);
    (line, text.chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(host: &str, path_and_query: &str) -> Option<Service> {
        Service::of_load(None, host, path_and_query)
    }

    fn forms(page: &Page) -> Vec<(&str, Form, usize, usize)> {
        page.findings
            .iter()
            .map(|f| (f.service.id.as_str(), f.form, f.line, f.column))
            .collect()
    }

    const HEADER_PHP: &str = r#"<?if(!defined("B_PROLOG_INCLUDED")||B_PROLOG_INCLUDED!==true)die();?>
<!DOCTYPE html>
<html lang="ru">
<head>
<title><?$APPLICATION->ShowTitle()?> — анонимное обследование на ВИЧ</title>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
  <script type="text/javascript">
    (function(m,e,t,r,i,k,a){k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)})
    (window, document, "script", "https://mc.yandex.ru/metrika/tag.js?id=1", "ym");
  </script>
  <noscript><div><img src="https://mc.yandex.ru/watch/1" style="position:absolute; left:-9999px;" alt="" /></div></noscript>
<script type="text/plain" data-category="ads" data-service="vk_pixel" src="https://vk.ru/js/api/openapi.js?173"></script>
<?$APPLICATION->ShowHead();?>
</head>
<body>
<script>document.write("<img src='//counter.yadro.ru/hit?t44.6;r"+escape(document.referrer)+"' width=1 height=1>")</script>
<iframe src="https://yandex.ru/map-widget/v1/?um=constructor%3A1" width="100%"></iframe>
<img src="/images/logo.png" alt="Клиника">
</body>
</html>
"#;

    #[test]
    fn every_form_is_found_with_its_line_and_column() {
        let page = scan(HEADER_PHP.as_bytes(), &catalog).unwrap();
        assert_eq!(
            forms(&page),
            vec![
                ("google_analytics", Form::ParserScript, 6, 1),
                ("yandex_metrika", Form::Held, 9, 35),
                ("yandex_metrika", Form::Noscript, 11, 18),
                ("vk_pixel", Form::Marked, 12, 1),
                ("liveinternet", Form::DocumentWrite, 16, 1),
                ("yandex_maps", Form::ParserFrame, 17, 1),
            ]
        );
        assert!(page.title.as_deref().is_some_and(|t| t.contains("ВИЧ")));
        assert_eq!(page.encoding, "UTF-8");
    }

    #[test]
    fn rewriting_marks_up_what_cannot_be_stopped_and_keeps_every_other_byte() {
        let page = scan(HEADER_PHP.as_bytes(), &catalog).unwrap();
        let out =
            String::from_utf8(rewrite(HEADER_PHP.as_bytes(), &page).unwrap().unwrap()).unwrap();
        for line in [
            r#"<script async type="text/plain" data-category="analytics" data-service="google_analytics" data-src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>"#,
            r#"<noscript><div><img style="position:absolute; left:-9999px;" alt="" data-category="analytics" data-service="yandex_metrika" data-src="https://mc.yandex.ru/watch/1" /></div></noscript>"#,
            r#"<script type="text/plain" data-category="analytics" data-service="liveinternet">document.write("#,
            r#"<iframe width="100%" data-category="functional" data-service="yandex_maps" data-src="https://yandex.ru/map-widget/v1/?um=constructor%3A1"></iframe>"#,
        ] {
            assert!(out.contains(line), "{line}\nnot in\n{out}");
        }
        // Everything else as it was: the lines that were not rewritten, byte for byte.
        let changed = [6, 11, 16, 17];
        for (n, (before, after)) in HEADER_PHP.lines().zip(out.lines()).enumerate() {
            if !changed.contains(&(n + 1)) {
                assert_eq!(before, after, "line {}", n + 1);
            }
        }
        assert_eq!(HEADER_PHP.lines().count(), out.lines().count());
        // A second run finds only marked-up and held forms, and changes nothing.
        let again = scan(out.as_bytes(), &catalog).unwrap();
        assert!(
            again.findings.iter().all(|f| !f.form.is_unstoppable()),
            "{:?}",
            forms(&again)
        );
        assert_eq!(again.findings.len(), page.findings.len());
        assert_eq!(rewrite(out.as_bytes(), &again).unwrap(), None);
    }

    #[test]
    fn a_module_keeps_its_type_and_the_category_comes_from_the_config() {
        let config = Config::from_json(
            r#"{"operator":{"name":"ООО «Клиника»","address":"Москва","email":"a@b.ru"},
                "policy":{"url":"/privacy","revision":"1"},
                "services":[{"id":"google_analytics","category":"functional"}]}"#,
        )
        .unwrap();
        let lookup = |h: &str, p: &str| Service::of_load(Some(&config), h, p);
        let html = r#"<script type="module" src="//www.googletagmanager.com/gtag/js?id=G-1"></script><script src="https://mc.yandex.ru/metrika/tag.js"></script>"#;
        let page = scan(html.as_bytes(), &lookup).unwrap();
        assert!(page.findings[0].service.listed && !page.findings[1].service.listed);
        let out = String::from_utf8(rewrite(html.as_bytes(), &page).unwrap().unwrap()).unwrap();
        assert_eq!(
            out,
            r#"<script type="text/plain" data-type="module" data-category="functional" data-service="google_analytics" data-src="//www.googletagmanager.com/gtag/js?id=G-1"></script><script type="text/plain" data-category="analytics" data-service="yandex_metrika" data-src="https://mc.yandex.ru/metrika/tag.js"></script>"#
        );
    }

    #[test]
    fn windows_1251_templates_are_read_and_written_in_their_encoding() {
        let text = "<!-- Счётчик -->\n<p>Клиника</p><script src=\"https://mc.yandex.ru/metrika/tag.js\"></script>\n";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
        assert!(!unmappable && std::str::from_utf8(&bytes).is_err());
        let page = scan(&bytes, &catalog).unwrap();
        assert_eq!(page.encoding, "windows-1251");
        assert_eq!(
            forms(&page),
            vec![("yandex_metrika", Form::ParserScript, 2, 15)]
        );
        let out = rewrite(&bytes, &page).unwrap().unwrap();
        let (decoded, _) = encoding_rs::WINDOWS_1251.decode_without_bom_handling(&out);
        assert!(decoded.starts_with("<!-- Счётчик -->\n<p>Клиника</p><script type=\"text/plain\""));
    }

    #[test]
    fn addresses_in_script_text_need_an_opening() {
        let text = r#"a='https://x.ru/a.js'; // comment //y.ru b("//z.ru/p?q=1"+id) c=url//w.ru f('cloud.roistat.com', "a.b c", 'x.js1')"#;
        let found: Vec<(usize, String)> = addresses_in(text);
        let urls: Vec<&str> = found.iter().map(|(_, u)| u.as_str()).collect();
        assert_eq!(
            urls,
            vec![
                "https://x.ru/a.js",
                "//",
                "//y.ru",
                "//z.ru/p?q=1",
                "//cloud.roistat.com"
            ]
        );
        let roistat = found[4].0;
        assert_eq!(&text[roistat..roistat + 17], "cloud.roistat.com");
        assert_eq!(address("/js/app.js", &catalog), None);
        assert_eq!(address("<?= $src ?>", &catalog), None);
        assert!(address("HTTPS://MC.YANDEX.RU/watch/1", &catalog).is_some());
    }

    #[test]
    fn pages_without_trackers_have_no_findings_and_nothing_to_rewrite() {
        let html = "<html><body><script>var a = '//example.org/x';</script></body></html>";
        let page = scan(html.as_bytes(), &catalog).unwrap();
        assert!(page.findings.is_empty());
        assert_eq!(rewrite(html.as_bytes(), &page).unwrap(), None);
    }
}
