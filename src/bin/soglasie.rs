//! `soglasie` — the command-line companion of the browser module.
//!
//! ```text
//! soglasie check <config.json>         validate; print the policy hash, or every problem
//! soglasie hash <config.json>          print only the policy hash (same as the browser's)
//! soglasie hash --policy <privacy.html> print the digest of a policy document's wording,
//!                                      for `policy.digest`
//! soglasie canonical <config.json>     print the canonical text the hash is computed over
//! soglasie hosts                       print the catalog's URL patterns as a JSON array
//!                                      (the build embeds them in the boot's blocker)
//! soglasie schema                      print the config's JSON Schema
//! ```
//! A path of `-` reads standard input. Exit codes: 0 fine, 1 the config has problems (one
//! line each on stderr), 2 usage or I/O error.

// The command line is native; a Wasm build of this crate is the browser module.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::Read;
    use std::process::ExitCode;

    use clap::{Parser, Subcommand};
    use scraper::{Html, Node};

    use soglasie::core::config::Config;
    use soglasie::core::policy;

    /// Exit code of a usage or I/O error (clap's own for usage errors, too).
    const USAGE_ERROR: u8 = 2;

    #[derive(Parser)]
    #[command(
        name = "soglasie",
        version,
        about = "soglasie: проверка конфигурации и хэш политики (config check and policy hash)",
        after_help = "Exit codes: 0 fine, 1 the config has problems (one line each on stderr), 2 usage or I/O error."
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

    /// The file's text (`-`: standard input), or the usage/I-O exit code after one line.
    fn read(path: &str) -> Result<String, ExitCode> {
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
    fn words(path: &str, text: &str) -> String {
        let html = [".html", ".htm", ".xhtml"]
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
}
