//! `soglasie` — the command-line companion of the browser module.
//!
//! ```text
//! soglasie check <config.json>       validate; print the policy hash, or every problem
//! soglasie hash <config.json>        print only the policy hash (same as the browser's)
//! soglasie canonical <config.json>   print the canonical text the hash is computed over
//! soglasie hosts                     print the catalog's URL patterns as a JSON array
//!                                    (the build embeds them in the boot's blocker)
//! soglasie schema                    print the config's JSON Schema (dist/soglasie.schema.json)
//! ```
//! A path of `-` reads standard input. Exit codes: 0 fine, 1 the config has problems (one
//! line each on stderr), 2 usage or I/O error.

use std::io::Read;
use std::process::ExitCode;

use soglasie::core::config::Config;
use soglasie::core::policy;

const USAGE: &str =
    "usage: soglasie <check|hash|canonical> <config.json | ->  |  soglasie hosts  |  soglasie schema";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args == ["hosts"] {
        let hosts: Vec<&str> = soglasie::catalog::hosts().collect();
        println!("{}", serde_json::to_string(&hosts).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    // Native only (the Wasm build of the library carries no schemars).
    #[cfg(not(target_arch = "wasm32"))]
    if args == ["schema"] {
        let schema = soglasie::core::schema::config_schema();
        println!(
            "{}",
            serde_json::to_string_pretty(&schema).unwrap_or_default()
        );
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
            return ExitCode::from(2);
        }
    };
    let config = match Config::from_json(&text) {
        Ok(c) => c,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            return ExitCode::FAILURE;
        }
    };
    match command {
        "check" => {
            let sensitive = &config.sensitive;
            // Pages about illnesses: what the site named, and what never runs there.
            let pages = match sensitive.paths.len() {
                0 => String::new(),
                n => format!(
                    "; sensitive pages ({n} pattern{}) hold {}",
                    if n == 1 { "" } else { "s" },
                    if sensitive.hold.is_empty() {
                        "nothing".to_string()
                    } else {
                        sensitive.hold.join(", ")
                    }
                ),
            };
            println!(
                "ok: {} services, {} categories{pages}; policy hash {}",
                config.services.len(),
                config.categories.len(),
                policy::hash(&config)
            )
        }
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
