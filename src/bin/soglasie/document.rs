//! Reading the files the command is given: configs, policy documents.

use std::io::Read;
use std::process::ExitCode;

use scraper::{Html, Node};

/// Exit code of a usage or I/O error (clap's own for usage errors, too).
pub const USAGE_ERROR: u8 = 2;

/// The file's text (`-`: standard input), or the usage/I-O exit code after one line.
pub fn read(path: &str) -> Result<String, ExitCode> {
    let read = if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map(|_| s)
    } else {
        std::fs::read_to_string(path)
    };
    read.map_err(|e| {
        eprintln!("soglasie: cannot read {path}: {e}");
        ExitCode::from(USAGE_ERROR)
    })
}

/// What a reader of the document reads: for HTML (by its name, or text that starts with
/// `<`), the text of its elements but scripts, styles and templates, entities decoded;
/// otherwise the text as it is.
pub fn words(path: &str, text: &str) -> String {
    let html = [".html", ".htm", ".xhtml", ".php"]
        .iter()
        .any(|ext| path.to_ascii_lowercase().ends_with(ext))
        || text.trim_start().starts_with('<');
    if !html {
        return text.to_string();
    }
    let document = Html::parse_document(text);
    let mut out = String::new();
    for node in document.tree.root().descendants() {
        let Node::Text(text) = node.value() else {
            continue;
        };
        let hidden = node.ancestors().any(|a| {
            a.value().as_element().is_some_and(|e| {
                matches!(
                    e.name(),
                    "script" | "style" | "template" | "noscript" | "head"
                )
            })
        });
        if !hidden {
            // Elements separate words even where the markup has no space between them.
            out.push(' ');
            out.push_str(text);
        }
    }
    out
}

/// Writes `text` to `path` whole or not at all: into a file beside it, then renamed over it,
/// so a full disk or an interrupted run never leaves half a file where a page includes it.
pub fn write_whole(path: &str, text: &str) -> std::io::Result<()> {
    let target = std::path::Path::new(path);
    let name = target
        .file_name()
        .ok_or_else(|| std::io::Error::other("not a file name"))?;
    let mut temporary = target.to_path_buf();
    temporary.set_file_name(format!(".{}.soglasie-new", name.to_string_lossy()));
    let written =
        std::fs::write(&temporary, text).and_then(|()| std::fs::rename(&temporary, target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
