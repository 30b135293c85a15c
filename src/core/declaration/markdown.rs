//! The section as Markdown (CommonMark with GitHub's tables) for static-site generators: the
//! same words in the same order as [`super::html`]. The button is raw HTML, which these
//! generators pass through; soglasie on the page makes it open the preferences.

use super::{Declaration, Piece, Text};

/// The section in Markdown.
pub fn section(d: &Declaration) -> String {
    let mut out = format!(
        "## {}\n\n{}\n\n",
        escape(d.title),
        block(escape(&d.revision))
    );
    for paragraph in &d.intro {
        out.push_str(&format!("{}\n\n", block(pieces(paragraph))));
    }
    for c in &d.categories {
        out.push_str(&format!("### {}\n\n", escape(&c.title)));
        for paragraph in &c.about {
            out.push_str(&format!("{}\n\n", block(pieces(paragraph))));
        }
        if let Some(none) = c.none {
            out.push_str(&format!("{}\n\n", block(escape(none))));
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
            out.push_str(&format!("{}\n\n", block(pieces(paragraph))));
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
            // A code span cannot hold its own delimiter, a line break or, in a table, a bare `|`.
            Piece::Code(s) if !s.contains(['`', '|', '\n', '\r']) => format!("`{s}`"),
            Piece::Text(s) | Piece::Code(s) => escape(s),
        })
        .collect()
}

/// A paragraph that begins as a list item or a heading's underline would (`- `, `+ `, `= `,
/// `1. `, `1) `) begins with that character escaped: it stays a paragraph.
fn block(text: String) -> String {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let at = match text.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => digits,
        Some(b'-' | b'+' | b'=') if digits == 0 => 0,
        _ => return text,
    };
    format!("{}\\{}", &text[..at], &text[at..])
}

/// Backslash before every character Markdown could read as syntax (CommonMark escapes any
/// ASCII punctuation so), and a line break as a space: a site's text stays text on its line.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch == '\n' || ch == '\r' {
            out.push(' ');
            continue;
        }
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
