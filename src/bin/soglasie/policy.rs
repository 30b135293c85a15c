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
    let unsaid = config
        .receipts
        .as_ref()
        .is_some_and(|r| r.retention.is_none() && args.retention.is_none());
    if unsaid {
        eprintln!(
            "soglasie: receipts are configured but not how long they are kept: give --retention \
             or receipts.retention (as soglasie-server prune --older-than runs)"
        );
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
