//! `soglasie` — the command-line companion of the browser module.
//!
//! ```text
//! soglasie check <config.json>       validate; print the policy hash, or every problem
//! soglasie hash <config.json>        print only the policy hash (same as the browser's)
//! soglasie canonical <config.json>   print the canonical text the hash is computed over
//! soglasie hosts                     print the catalog's URL patterns as one JSON string
//!                                    (the build embeds them in the loader's blocker)
//! soglasie wording                   print the preferences dialog's words as JSON
//!                                    (the build bundles them into dist/soglasie-preferences.js)
//! ```
//! A path of `-` reads standard input. Problems go to stderr, one line each; exit code 1.

use std::io::Read;
use std::process::ExitCode;

use soglasie::core::config::{Config, ConfigError};
use soglasie::core::policy;

const USAGE: &str =
    "usage: soglasie <check|hash|canonical> <config.json | ->  |  soglasie hosts  |  soglasie wording";

/// The catalog's URL patterns as one JSON string, each followed by a space: the loader's
/// blocker splits it, and hands it as it is to the module, which checks it is this build's.
fn catalog_hosts_json() -> String {
    let mut out = String::new();
    soglasie::core::json::push_string(&mut out, soglasie::catalog::hosts_text());
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args == ["hosts"] {
        println!("{}", catalog_hosts_json());
        return ExitCode::SUCCESS;
    }
    if args == ["wording"] {
        println!("{}", soglasie::core::wording::json());
        return ExitCode::SUCCESS;
    }
    let (command, path) = match args.as_slice() {
        [c, p] if ["check", "hash", "canonical"].contains(&c.as_str()) => (c.as_str(), p.as_str()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let text = match read(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("soglasie: cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = match Config::from_json(&text) {
        Ok(c) => c,
        Err(errors) => {
            for e in &errors {
                eprintln!("{}", ConfigError::describe(e));
            }
            return ExitCode::FAILURE;
        }
    };
    match command {
        "check" => println!(
            "ok: {} services, {} categories; policy hash {}",
            config.services.len(),
            config.categories.len(),
            policy::hash(&config)
        ),
        "hash" => println!("{}", policy::hash(&config)),
        _ => println!("{}", policy::canonical(&config)),
    }
    ExitCode::SUCCESS
}

fn read(path: &str) -> std::io::Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(path)
    }
}
