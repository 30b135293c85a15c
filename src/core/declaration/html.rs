//! The section as plain semantic HTML: headings with stable ids, one table per category, no
//! script and no inline style, `sg-` class names only — it takes the site's own styles in a
//! 1C-Bitrix, Tilda or WordPress page and in print. Every text goes through maud's `(…)`,
//! which escapes it: a config's text is always text.

use maud::{html, Markup};

use super::{Declaration, DeclaredCategory, Live, Piece, Section, TITLE_ID};

/// The section; with `live`, the visitor's choice per category and the consent's date and id
/// (`sg-live`), as the module shows it in `<div data-soglasie="declaration">`.
pub fn section(d: &Declaration, live: Option<&Live>) -> Markup {
    html! {
        section class="sg-declaration" lang=(d.lang) aria-labelledby=(TITLE_ID) {
            h2 id=(TITLE_ID) { (d.title) }
            p class="sg-revision" { (d.revision) }
            @for paragraph in &d.intro { p { (pieces(paragraph)) } }
            @for c in &d.categories { (category(d, c, live)) }
            @for s in &d.sections { (part(s, live)) }
        }
    }
}

fn category(d: &Declaration, c: &DeclaredCategory, live: Option<&Live>) -> Markup {
    let id = format!("sg-category-{}", c.id);
    html! {
        h3 id=(id) class="sg-category" { (c.title) }
        @for paragraph in &c.about { p { (pieces(paragraph)) } }
        @if let Some(choice) = live.and_then(|l| l.choice(&c.id)) {
            // Not `data-category`: that marks up what the gate holds.
            p class="sg-live sg-choice" data-sg-for=(c.id) { (choice) }
        }
        @if let Some(none) = c.none { p class="sg-none" { (none) } }
        @if !c.rows.is_empty() {
            // A named, focusable region around the table: a site that lets it scroll sideways
            // on a phone (`.sg-table { overflow-x: auto }`) keeps it reachable by keyboard.
            div class="sg-table" role="region" aria-labelledby=(id) tabindex="0" {
                table class="sg-services" aria-labelledby=(id) {
                    thead { tr { @for column in &d.columns { th scope="col" { (column) } } } }
                    tbody {
                        @for row in &c.rows {
                            tr {
                                th scope="row" { (row.name) }
                                @for cell in &row.cells { td { (pieces(cell)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn part(s: &Section, live: Option<&Live>) -> Markup {
    html! {
        h3 id=(s.id) { (s.heading) }
        @for paragraph in &s.paragraphs { p { (pieces(paragraph)) } }
        @if let Some(button) = s.button {
            @if let Some(live) = live { p class="sg-live sg-consent" { (live.consent) } }
            p {
                button type="button" class="sg-change" data-soglasie-open="preferences" { (button) }
            }
        }
    }
}

fn pieces(text: &[Piece]) -> Markup {
    html! {
        @for piece in text {
            @match piece {
                Piece::Text(s) => (s),
                Piece::Code(s) => code { (s) },
            }
        }
    }
}
