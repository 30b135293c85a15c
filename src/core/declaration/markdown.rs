//! The section as Markdown (CommonMark with GitHub's tables) for static-site generators: the
//! same words in the same order as [`super::html`]. The button is raw HTML, which these
//! generators pass through; soglasie on the page makes it open the preferences.

use super::{Declaration, Piece, Text};

/// The section in Markdown.
pub fn section(d: &Declaration) -> String {
    let mut out = format!("## {}\n\n{}\n\n", escape(d.title), escape(&d.revision));
    for paragraph in &d.intro {
        out.push_str(&format!("{}\n\n", pieces(paragraph)));
    }
    for c in &d.categories {
        out.push_str(&format!("### {}\n\n", escape(&c.title)));
        for paragraph in &c.about {
            out.push_str(&format!("{}\n\n", pieces(paragraph)));
        }
        if let Some(none) = c.none {
            out.push_str(&format!("{}\n\n", escape(none)));
        }
        if !c.rows.is_empty() {
            let header: Vec<String> = d.columns.iter().map(|c| escape(c)).collect();
            out.push_str(&format!("| {} |\n", header.join(" | ")));
            out.push_str(&format!("|{}\n", "---|".repeat(d.columns.len())));
            for row in &c.rows {
                let cells: Vec<String> = row.cells.iter().map(pieces).collect();
                out.push_str(&format!(
                    "| {} | {} |\n",
                    escape(&row.name),
                    cells.join(" | ")
                ));
            }
            out.push('\n');
        }
    }
    for s in &d.sections {
        out.push_str(&format!("### {}\n\n", escape(s.heading)));
        for paragraph in &s.paragraphs {
            out.push_str(&format!("{}\n\n", pieces(paragraph)));
        }
        if let Some(button) = s.button {
            out.push_str(&format!(
                "<button type=\"button\" class=\"sg-change\" data-soglasie-open=\"preferences\">{}</button>\n\n",
                maud::html! { (button) }.into_string()
            ));
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn pieces(text: &Text) -> String {
    text.iter()
        .map(|piece| match piece {
            // A code span cannot hold its own delimiter or, in a table, a bare `|`.
            Piece::Code(s) if !s.contains(['`', '|']) => format!("`{s}`"),
            Piece::Text(s) | Piece::Code(s) => escape(s),
        })
        .collect()
}

/// Backslash before every character Markdown could read as syntax (CommonMark escapes any
/// ASCII punctuation so): a site's text stays text.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '|'
                | '#'
                | '!'
                | '&'
                | '~'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}
