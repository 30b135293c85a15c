//! `soglasie policy`: the privacy policy's section «Файлы cookie и сторонние сервисы», written
//! from the config (`soglasie::core::declaration`) — the same text the module shows in
//! `<div data-soglasie="declaration">`.

use std::io::Write;
use std::process::ExitCode;

use soglasie::catalog::Lifetime;
use soglasie::core::config::{self, Config};
use soglasie::core::declaration::{html, markdown, Declaration};
use soglasie::core::texts::Lang;

use crate::document::{read, write_whole, USAGE_ERROR};

#[derive(clap::Args)]
pub struct Args {
    /// The config file (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    config: String,
    /// HTML to paste into the policy page (1C-Bitrix, Tilda, WordPress), or Markdown for a
    /// static-site generator.
    #[arg(long, value_enum, default_value_t = Format::Html)]
    format: Format,
    /// Where to write the section [default: standard output]; written whole or not at all.
    #[arg(long, value_name = "FILE")]
    out: Option<String>,
    /// How long the clinic keeps receipts, as `soglasie-server prune --older-than` is run
    /// (`3y`, `1095d`) [default: the config's receipts.retention].
    #[arg(long, value_name = "DURATION", value_parser = retention)]
    retention: Option<Lifetime>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Html,
    Markdown,
}

/// What the section will not say as the page's live one does, about how long receipts are
/// kept: the page's section is written from the config alone.
fn retention_note(config: &Config, given: Option<Lifetime>) -> Option<&'static str> {
    let configured = config
        .receipts
        .as_ref()
        .map(|r| r.retention.as_deref().and_then(config::retention_of));
    match (configured, given) {
        (None, Some(_)) => Some("the config has no receipts: --retention is not said"),
        (Some(None), None) => Some(
            "receipts are configured but not how long they are kept: add \"retention\" to \
             receipts (as soglasie-server prune --older-than runs)",
        ),
        (Some(kept), Some(given)) if kept != Some(given) => Some(
            "--retention is not the config's receipts.retention: the section the page shows \
             says the config's; put it there too",
        ),
        _ => None,
    }
}

fn retention(text: &str) -> Result<Lifetime, String> {
    config::retention_of(text).ok_or_else(|| "use a count of days or years: 1095d, 3y".into())
}

pub fn run(args: &Args) -> ExitCode {
    let text = match read(&args.config) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let config = match Config::from_json(&text) {
        Ok(config) => config,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    if let Some(note) = retention_note(&config, args.retention) {
        eprintln!("soglasie: {note}");
    }
    // `auto` has no page to follow here: the section is in Russian unless the config says en.
    let lang = Lang::resolve(config.language, "");
    let declaration = Declaration::of(&config, lang, args.retention);
    let section = match args.format {
        Format::Html => readable(&html::section(&declaration, None).into_string()),
        Format::Markdown => markdown::section(&declaration),
    };
    let written = match &args.out {
        None => std::io::stdout().write_all(section.as_bytes()),
        Some(path) => write_whole(path, &section),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let place = args.out.as_deref().unwrap_or("standard output");
            eprintln!("soglasie: cannot write {place}: {e}");
            ExitCode::from(USAGE_ERROR)
        }
    }
}

/// A line break after each block, for whoever pastes the section into a page's editor (text
/// holds no markup: maud escaped every `<`).
fn readable(html: &str) -> String {
    let mut out = html.to_string();
    for end in [
        "</h2>", "</h3>", "</p>", "</tr>", "<thead>", "<tbody>", "</thead>", "</tbody>", "</table>",
    ] {
        out = out.replace(end, &format!("{end}\n"));
    }
    out.replacen('>', ">\n", 1) + "\n"
}
