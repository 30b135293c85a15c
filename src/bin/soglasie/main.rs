//! `soglasie` — the command-line companion of the browser module.
//!
//! ```text
//! soglasie check <config.json>         validate; print the policy hash, or every problem
//! soglasie hash <config.json>          print only the policy hash (same as the browser's)
//! soglasie hash --policy <privacy.html> print the digest of a policy document's wording,
//!                                      for `policy.digest`
//! soglasie canonical <config.json>     print the canonical text the hash is computed over
//! soglasie scan [--config F] [--policy F] [--write] [--json] <path>…
//!                                      find the trackers in pages and templates; --write
//!                                      marks up the forms no browser-side blocker can stop
//! soglasie policy --config F [--format html|markdown] [--out F] [--retention 3y]
//!                                      write the policy's cookie section from the config
//! soglasie init [--operator …] [--service ID]… [--from-scan PATH]…
//!                                      write a starter config, asking for what is missing
//! soglasie hosts                       print the catalog's URL patterns as a JSON array
//!                                      (the build embeds them in the boot's blocker)
//! soglasie schema                      print the config's JSON Schema
//! ```
//! A path of `-` reads standard input. Exit codes: 0 fine, 1 problems found (the config's, or
//! the scan's: one line each), 2 usage or I/O error.

// The command line is native; a Wasm build of this crate is the browser module.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod document;
#[cfg(not(target_arch = "wasm32"))]
mod init;
#[cfg(not(target_arch = "wasm32"))]
mod policy;
#[cfg(not(target_arch = "wasm32"))]
mod scan;

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};

    use crate::document::{read, words};
    use soglasie::core::config::Config;
    use soglasie::core::policy;

    #[derive(Parser)]
    #[command(
        name = "soglasie",
        version,
        about = "soglasie: трекеры в шаблонах, конфигурация и хэш политики (trackers in templates, config check, policy hash)",
        after_help = "Коды выхода / exit codes: 0 всё в порядке / fine, 1 найдены проблемы / problems found \
                      (one line each), 2 ошибка вызова или чтения / usage or I/O error."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Checks a config: prints its policy hash, or every problem, one line each.
        Check {
            /// The config file (`-`: standard input).
            config: String,
        },
        /// Prints the policy hash of a config (the browser's), or with --policy the digest of
        /// a policy document's wording (for `policy.digest`).
        Hash {
            /// The config file (`-`: standard input).
            #[arg(required_unless_present = "policy", conflicts_with = "policy")]
            config: Option<String>,
            /// A policy document, HTML or plain text: markup and layout do not change its
            /// digest, its words do.
            #[arg(long, value_name = "FILE")]
            policy: Option<String>,
        },
        /// Prints the canonical text the policy hash is computed over.
        Canonical {
            /// The config file (`-`: standard input).
            config: String,
        },
        /// Finds the trackers in saved pages and templates (.html .htm .php .tpl .twig, or
        /// whole directories): for each, whether it is marked up, held by soglasie's blocker,
        /// or in a form no browser-side blocker can stop.
        Scan(crate::scan::Args),
        /// Writes the privacy policy's section «Файлы cookie и сторонние сервисы» from the
        /// config, in HTML or Markdown: the same text `<div data-soglasie="declaration">` shows.
        Policy(crate::policy::Args),
        /// Writes a starter config from flags, a scan, or answers to questions; it is checked
        /// before it is written.
        Init(crate::init::Args),
        /// Prints the catalog's URL patterns as a JSON array (the build embeds them in the
        /// boot's blocker).
        Hosts,
        /// Prints the config's JSON Schema (dist/soglasie.schema.json).
        Schema,
    }

    pub fn main() -> ExitCode {
        match Cli::parse().command {
            Command::Check { config } => with_config(&config, |config| {
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
                format!(
                    "ok: {} services, {} categories{pages}; policy hash {}",
                    config.services.len(),
                    config.categories.len(),
                    policy::hash(config)
                )
            }),
            Command::Hash {
                policy: Some(document),
                ..
            } => match read(&document) {
                Ok(text) => {
                    println!("{}", policy::document_digest(&words(&document, &text)));
                    ExitCode::SUCCESS
                }
                Err(code) => code,
            },
            Command::Hash { config, .. } => with_config(&config.unwrap_or_default(), policy::hash),
            Command::Canonical { config } => with_config(&config, policy::canonical),
            Command::Scan(args) => crate::scan::run(&args),
            Command::Policy(args) => crate::policy::run(&args),
            Command::Init(args) => crate::init::run(&args),
            Command::Hosts => {
                let hosts: Vec<&str> = soglasie::catalog::hosts().collect();
                println!("{}", serde_json::to_string(&hosts).unwrap_or_default());
                ExitCode::SUCCESS
            }
            Command::Schema => {
                let schema = soglasie::core::schema::config_schema();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&schema).unwrap_or_default()
                );
                ExitCode::SUCCESS
            }
        }
    }

    /// Reads the config at `path` and prints what `say` makes of it, or each problem.
    fn with_config(path: &str, say: impl Fn(&Config) -> String) -> ExitCode {
        let text = match read(path) {
            Ok(text) => text,
            Err(code) => return code,
        };
        match Config::from_json(&text) {
            Ok(config) => {
                println!("{}", say(&config));
                ExitCode::SUCCESS
            }
            Err(errors) => {
                for e in &errors {
                    eprintln!("{e}");
                }
                ExitCode::FAILURE
            }
        }
    }
}
