//! `soglasie init`: a starter config from flags, a scan of the site's pages, or answers to
//! questions, checked by the same reader as the browser's before it is written.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use soglasie::catalog;
use soglasie::core::config::Config;
use soglasie::core::policy;

use crate::document::USAGE_ERROR;

#[derive(clap::Args)]
pub struct Args {
    /// The operator of personal data: the clinic's legal entity («ООО «Клиника»»).
    #[arg(long)]
    operator: Option<String>,
    /// The operator's address.
    #[arg(long)]
    address: Option<String>,
    /// The e-mail for requests about personal data.
    #[arg(long)]
    email: Option<String>,
    /// ИНН of the operator (optional).
    #[arg(long)]
    inn: Option<String>,
    /// The privacy policy's address (`/privacy/` or https://…).
    #[arg(long, value_name = "URL")]
    policy_url: Option<String>,
    /// The policy's revision label [default: today, YYYY-MM-DD].
    #[arg(long)]
    revision: Option<String>,
    /// A catalog service the site uses (repeatable): yandex_metrika, top_mail_ru, jivo, …
    #[arg(long = "service", value_name = "ID", value_parser = catalog_id)]
    services: Vec<String>,
    /// Pages or templates to scan for the services and for pages about illnesses (repeatable).
    #[arg(long, value_name = "PATH")]
    from_scan: Vec<PathBuf>,
    /// Where to write the config (`-`: standard output).
    #[arg(long, short, default_value = "soglasie.json")]
    output: String,
    /// Overwrite an existing file.
    #[arg(long)]
    force: bool,
}

fn catalog_id(id: &str) -> Result<String, String> {
    match catalog::find(id) {
        Some(entry) => Ok(entry.id.to_string()),
        None => Err(format!(
            "not a catalog service; one of: {}",
            catalog::ENTRIES
                .iter()
                .map(|e| e.id)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The config as written, members in the order a reader expects.
#[derive(Serialize)]
struct Starter {
    #[serde(rename = "$schema")]
    schema: &'static str,
    operator: Operator,
    policy: PolicyRef,
    services: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sensitive: Option<SensitivePaths>,
}

#[derive(Serialize)]
struct Operator {
    name: String,
    address: String,
    email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    inn: Option<String>,
}

#[derive(Serialize)]
struct PolicyRef {
    url: String,
    revision: String,
}

#[derive(Serialize)]
struct SensitivePaths {
    paths: Vec<String>,
}

pub fn run(args: &Args) -> ExitCode {
    match starter(args).and_then(|text| write(args, &text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

fn starter(args: &Args) -> Result<String, ExitCode> {
    let mut answers = Questions::new();
    let (mut services, patterns) = match args.from_scan.as_slice() {
        [] => (Vec::new(), Vec::new()),
        paths => crate::scan::survey(paths).map_err(|message| {
            eprintln!("soglasie: {message}");
            ExitCode::from(USAGE_ERROR)
        })?,
    };
    for id in &args.services {
        if !services.contains(id) {
            services.push(id.clone());
        }
    }
    if args.services.is_empty() && args.from_scan.is_empty() {
        let ids: Vec<&str> = catalog::ENTRIES.iter().map(|e| e.id).collect();
        let line = answers.optional(&format!(
            "Сервисы сайта через запятую ({}), пусто — ни одного",
            ids.join(", ")
        ))?;
        for id in line.split([',', ' ']).filter(|s| !s.is_empty()) {
            services.push(catalog_id(id.trim()).map_err(|e| {
                eprintln!("soglasie: {id}: {e}");
                ExitCode::from(USAGE_ERROR)
            })?);
        }
    }
    let starter = Starter {
        schema: "./soglasie/soglasie.schema.json",
        operator: Operator {
            name: answers.required(&args.operator, "Оператор (юрлицо клиники)", "--operator")?,
            address: answers.required(&args.address, "Адрес оператора", "--address")?,
            email: answers.required(
                &args.email,
                "E-mail для запросов о персональных данных",
                "--email",
            )?,
            inn: args.inn.clone(),
        },
        policy: PolicyRef {
            url: answers.required(
                &args.policy_url,
                "Адрес политики конфиденциальности",
                "--policy-url",
            )?,
            revision: args.revision.clone().unwrap_or_else(today),
        },
        services,
        sensitive: (!patterns.is_empty()).then_some(SensitivePaths { paths: patterns }),
    };
    let text = serde_json::to_string_pretty(&starter).unwrap_or_default() + "\n";
    // Checked by the browser's own reader: a config that would not start is never written.
    match Config::from_json(&text) {
        Ok(config) => {
            eprintln!(
                "soglasie: {} services, policy hash {}",
                config.services.len(),
                policy::hash(&config)
            );
            Ok(text)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            Err(ExitCode::FAILURE)
        }
    }
}

fn write(args: &Args, text: &str) -> Result<(), ExitCode> {
    let io_error = |e: std::io::Error| {
        eprintln!("soglasie: cannot write {}: {e}", args.output);
        ExitCode::from(USAGE_ERROR)
    };
    if args.output == "-" {
        return std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(io_error);
    }
    if !args.force && std::path::Path::new(&args.output).exists() {
        eprintln!("soglasie: {} exists; --force overwrites it", args.output);
        return Err(ExitCode::from(USAGE_ERROR));
    }
    crate::document::write_whole(&args.output, text).map_err(io_error)?;
    eprintln!(
        "soglasie: wrote {}; check it with `soglasie check {}`",
        args.output, args.output
    );
    Ok(())
}

/// Today's date (UTC), the default revision label.
fn today() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    soglasie::core::time::iso8601(now)[..10].to_string()
}

/// Questions on standard error, answers from standard input, one line each.
struct Questions {
    lines: std::io::Lines<std::io::StdinLock<'static>>,
    terminal: bool,
}

impl Questions {
    fn new() -> Self {
        Questions {
            lines: std::io::stdin().lock().lines(),
            terminal: std::io::stdin().is_terminal(),
        }
    }

    fn ask(&mut self, question: &str) -> Option<String> {
        eprint!("{question}: ");
        let answer = self.lines.next()?.ok()?.trim().to_string();
        if !self.terminal {
            eprintln!("{answer}");
        }
        Some(answer)
    }

    /// The flag's value, else the answer; no answer (input ended) is a usage error.
    fn required(
        &mut self,
        flag: &Option<String>,
        question: &str,
        name: &str,
    ) -> Result<String, ExitCode> {
        if let Some(value) = flag {
            return Ok(value.clone());
        }
        loop {
            match self.ask(question) {
                Some(answer) if !answer.is_empty() => return Ok(answer),
                Some(_) => continue,
                None => {
                    eprintln!(
                        "\nsoglasie: no answer for {name}: give it as a flag or on standard input"
                    );
                    return Err(ExitCode::from(USAGE_ERROR));
                }
            }
        }
    }

    fn optional(&mut self, question: &str) -> Result<String, ExitCode> {
        Ok(self.ask(question).unwrap_or_default())
    }
}
