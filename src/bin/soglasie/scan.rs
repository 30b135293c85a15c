//! `soglasie scan`: the trackers of a site's pages and templates, what can and cannot stop
//! them, and (`--write`) the forms no browser-side blocker can stop marked up in place.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anstream::{eprintln, println};
use anstyle::{AnsiColor, Style};
use serde::Serialize;

use soglasie::catalog::{names, topics};
use soglasie::core::config::Config;
use soglasie::core::sensitive;
use soglasie::scan::{self, Finding, Form, Page, Service};

use crate::document::{read, words, USAGE_ERROR};

/// The file names a scan reads in a directory: pages and the templates of PHP sites
/// (1C-Bitrix's `header.php`), Smarty and Twig.
const EXTENSIONS: &[&str] = &["html", "htm", "php", "tpl", "twig"];

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (read whole, except hidden folders and node_modules).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The site's config: trackers found that it does not list, and services it lists that
    /// no page uses.
    #[arg(long, value_name = "FILE")]
    config: Option<String>,
    /// The privacy policy (HTML or text): trackers found that it never names.
    #[arg(long, value_name = "FILE")]
    policy: Option<String>,
    /// Marks up what no browser-side blocker can stop, in place (a .bak copy beside each
    /// file changed); everything else stays byte for byte.
    #[arg(long)]
    write: bool,
    /// One JSON document on standard output instead of lines.
    #[arg(long)]
    json: bool,
}

/// Everything a scan found, as `--json` prints it.
#[derive(Serialize, Default)]
struct Report {
    files: Vec<FileReport>,
    /// Catalog trackers found that the config does not list (only with `--config`).
    missing_from_config: Vec<String>,
    /// Services of the config that no page uses (only with `--config`).
    unused_in_config: Vec<String>,
    /// Trackers found that the policy never names (only with `--policy`).
    unnamed_in_policy: Vec<String>,
    /// Files that could not be read.
    errors: Vec<String>,
}

#[derive(Serialize)]
struct FileReport {
    path: String,
    /// The address the page is likely served at, for `sensitive.paths`.
    address: String,
    encoding: &'static str,
    findings: Vec<Finding>,
    /// Medical topics its address or title suggests, when the config does not cover it yet.
    sensitive: Option<SensitiveHint>,
    /// The copy kept by `--write`, when the file was rewritten.
    backup: Option<String>,
}

#[derive(Serialize)]
struct SensitiveHint {
    topics: Vec<&'static str>,
    /// A pattern for `sensitive.paths`, when the address has a telling part.
    pattern: Option<String>,
}

pub fn run(args: &Args) -> ExitCode {
    let config = match args.config.as_deref().map(load_config).transpose() {
        Ok(config) => config,
        Err(code) => return code,
    };
    let policy = match &args.policy {
        Some(path) => match read(path) {
            Ok(text) => Some(names::normalised(&words(path, &text))),
            Err(code) => return code,
        },
        None => None,
    };
    let files = match files_in(&args.paths) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("soglasie: {message}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let lookup = |host: &str, path: &str| Service::of_load(config.as_ref(), host, path);
    let progress = progress_bar(files.len(), args.json);
    let mut report = Report::default();
    for (file, root) in &files {
        progress.set_message(file.display().to_string());
        match scan_file(file, root, &lookup, config.as_ref(), args.write) {
            Ok(file_report) => report.files.push(file_report),
            Err(message) => report.errors.push(message),
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    cross_check(&mut report, config.as_ref(), policy.as_deref());
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        print_report(&report, args.write);
    }
    if !report.errors.is_empty() {
        ExitCode::from(USAGE_ERROR)
    } else if problems(&report, args.write) > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn load_config(path: &str) -> Result<Config, ExitCode> {
    let text = read(path)?;
    Config::from_json(&text).map_err(|errors| {
        for e in &errors {
            eprintln!("{e}");
        }
        eprintln!("soglasie: {path}: fix the config first (soglasie check {path})");
        ExitCode::from(USAGE_ERROR)
    })
}

/// The files to read, each with the folder its address is counted from, in a stable order.
fn files_in(paths: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
            files.push((path.clone(), root));
            continue;
        }
        if !path.is_dir() {
            return Err(format!("{}: no such file or directory", path.display()));
        }
        let walk = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0 || !(name.starts_with('.') || name == "node_modules")
            });
        for entry in walk {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let wanted = entry.path().extension().is_some_and(|ext| {
                EXTENSIONS
                    .iter()
                    .any(|w| ext.to_string_lossy().eq_ignore_ascii_case(w))
            });
            if entry.file_type().is_file() && wanted {
                files.push((entry.path().to_path_buf(), path.clone()));
            }
        }
    }
    Ok(files)
}

fn scan_file(
    file: &Path,
    root: &Path,
    lookup: scan::Lookup,
    config: Option<&Config>,
    write: bool,
) -> Result<FileReport, String> {
    let shown = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let page = scan::scan(&bytes, lookup).map_err(|e| format!("{shown}: {e}"))?;
    let address = address_of(file, root);
    let backup = match (write, scan::rewrite(&bytes, &page)) {
        (true, Ok(Some(rewritten))) => Some(write_with_backup(file, &bytes, &rewritten)?),
        (_, Err(e)) => return Err(format!("{shown}: {e}")),
        _ => None,
    };
    Ok(FileReport {
        sensitive: sensitive_hint(&address, &page, config),
        path: shown,
        address,
        encoding: page.encoding,
        findings: page.findings,
        backup,
    })
}

/// Keeps the original beside the file (`header.php.bak`, or `.bak.2`… when an earlier copy is
/// there), then writes the new text. Returns the copy's path.
fn write_with_backup(file: &Path, original: &[u8], rewritten: &[u8]) -> Result<String, String> {
    let name = file.as_os_str().to_string_lossy();
    let backup = (1..)
        .map(|n| match n {
            1 => PathBuf::from(format!("{name}.bak")),
            n => PathBuf::from(format!("{name}.bak.{n}")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| PathBuf::from(format!("{name}.bak")));
    std::fs::write(&backup, original)
        .and_then(|()| std::fs::write(file, rewritten))
        .map_err(|e| format!("cannot write {name}: {e}"))?;
    Ok(backup.display().to_string())
}

/// The address a file is likely served at: its path under the scanned folder, with an index
/// page standing for its folder (`uslugi/vich/index.php` → `/uslugi/vich/`).
fn address_of(file: &Path, root: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.split_last() {
        Some((last, folders)) if last.to_ascii_lowercase().starts_with("index.") => {
            let mut address = String::from("/");
            for folder in folders {
                address.push_str(folder);
                address.push('/');
            }
            address
        }
        _ => format!("/{}", parts.join("/")),
    }
}

/// The medical topics a page's address or title suggests, unless the config's
/// `sensitive.paths` or the page's own meta already cover it.
fn sensitive_hint(address: &str, page: &Page, config: Option<&Config>) -> Option<SensitiveHint> {
    let covered = page.declared_sensitive
        || config.is_some_and(|c| sensitive::matches_any(&c.sensitive.paths, address));
    if covered {
        return None;
    }
    let text = format!("{address} {}", page.title.as_deref().unwrap_or_default());
    let found: Vec<&'static str> = topics::topics_in(&text).iter().map(|t| t.title).collect();
    (!found.is_empty()).then(|| SensitiveHint {
        topics: found,
        pattern: topics::suggest_pattern(address),
    })
}

/// The checks across pages: the config's services against the trackers found, and the
/// policy's words against them.
fn cross_check(report: &mut Report, config: Option<&Config>, policy: Option<&str>) {
    let found: BTreeMap<&str, &Service> = report
        .files
        .iter()
        .flat_map(|f| &f.findings)
        .map(|f| (f.service.id.as_str(), &f.service))
        .collect();
    if let Some(config) = config {
        report.missing_from_config = found
            .keys()
            .filter(|id| config.service(id).is_none())
            .map(|id| id.to_string())
            .collect();
        report.unused_in_config = config
            .services
            .iter()
            .filter(|s| !found.contains_key(s.id.as_str()))
            .map(|s| s.id.clone())
            .collect();
    }
    if let Some(policy) = policy {
        report.unnamed_in_policy = found
            .values()
            .filter(|s| match names::names_of(&s.id).is_empty() {
                // A site's own service, by the name its config gives it.
                true => !policy.contains(&names::normalised(&s.name)),
                false => !names::named_in(policy, &s.id),
            })
            .map(|s| s.id.clone())
            .collect();
    }
}

/// Problems make the exit code 1: forms no blocker can stop (unless `--write` just marked them
/// up), trackers the config does not list or the policy does not name.
fn problems(report: &Report, written: bool) -> usize {
    let unstoppable = if written {
        0
    } else {
        report
            .files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.form.is_unstoppable())
            .count()
    };
    unstoppable + report.missing_from_config.len() + report.unnamed_in_policy.len()
}

const BAD: Style = AnsiColor::Red.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default();
const GOOD: Style = AnsiColor::Green.on_default();
const DIM: Style = Style::new().dimmed();

/// What a form means for the clinic, in Russian, and how it is shown.
fn verdict(form: Form) -> (Style, &'static str) {
    match form {
        Form::Marked => (GOOD, "размечен: запустится только с согласия"),
        Form::Held => (
            GOOD,
            "вставляется скриптом: блокировщик soglasie держит его до согласия",
        ),
        Form::ParserScript => (
            BAD,
            "не остановить: <script src> в HTML браузер запрашивает раньше любого скрипта",
        ),
        Form::ParserFrame => (
            BAD,
            "не остановить: <iframe src> в HTML грузится вместе со страницей",
        ),
        Form::ParserImage => (
            BAD,
            "не остановить: <img src> в HTML грузится вместе со страницей",
        ),
        Form::DocumentWrite => (
            BAD,
            "не остановить: document.write пишет счётчик в страницу, пока она читается",
        ),
        Form::Noscript => (
            BAD,
            "в <noscript>: грузится у посетителей без JavaScript, у которых согласие не спросить",
        ),
    }
}

fn print_report(report: &Report, written: bool) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for file in &report.files {
        for f in &file.findings {
            let (style, meaning) = verdict(f.form);
            let fixed = if f.form.is_unstoppable() {
                if written {
                    " → размечен (--write)"
                } else {
                    " (исправит --write)"
                }
            } else {
                ""
            };
            println!(
                "{DIM}{}:{}:{}:{DIM:#} {} ({}, {}) — {style}{meaning}{style:#}{fixed}",
                file.path, f.line, f.column, f.service.name, f.service.id, f.service.category
            );
            let kind = match f.form {
                Form::Marked => "размечено",
                Form::Held => "держит блокировщик",
                _ => "не остановить",
            };
            *counts.entry(kind).or_default() += 1;
        }
        if let Some(backup) = &file.backup {
            println!("{GOOD}переписан{GOOD:#} {} (копия: {backup})", file.path);
        }
        if let Some(hint) = &file.sensitive {
            let pattern = hint
                .pattern
                .as_deref()
                .map(|p| format!("; в sensitive.paths: \"{p}\""))
                .unwrap_or_default();
            println!(
                "{WARN}{}: похоже на страницу о заболевании ({}){WARN:#}{pattern}",
                file.path,
                hint.topics.join(", ")
            );
        }
    }
    for id in &report.missing_from_config {
        println!("{BAD}нет в конфигурации:{BAD:#} {id} — добавьте в services, иначе он не запустится никогда");
    }
    for id in &report.unused_in_config {
        println!("{WARN}в конфигурации, но ни на одной странице:{WARN:#} {id} — уберите, если его нет на сайте (или он ставится через GTM)");
    }
    for id in &report.unnamed_in_policy {
        println!("{BAD}политика не называет:{BAD:#} {id} — посетитель должен знать о нём до согласия (152-ФЗ ст. 9)");
    }
    for error in &report.errors {
        eprintln!("soglasie: {error}");
    }
    let total: usize = counts.values().sum();
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    println!(
        "Итого: файлов {}, трекеров {total}{}{}",
        report.files.len(),
        if summary.is_empty() {
            String::new()
        } else {
            format!(" ({})", summary.join(", "))
        },
        match problems(report, written) {
            0 => String::new(),
            n => format!("; проблем: {n}"),
        }
    );
}

/// A progress bar on standard error for a terminal and a long scan; nothing otherwise.
fn progress_bar(files: usize, json: bool) -> indicatif::ProgressBar {
    if json || files < 20 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// What `soglasie init --from-scan` takes from pages: the catalog services found, and the
/// `sensitive.paths` patterns their addresses and titles suggest.
pub fn survey(paths: &[PathBuf]) -> Result<(Vec<String>, Vec<String>), String> {
    let lookup = |host: &str, path: &str| Service::of_load(None, host, path);
    let mut services = Vec::new();
    let mut patterns = Vec::new();
    for (file, root) in files_in(paths)? {
        let report = scan_file(&file, &root, &lookup, None, false)?;
        for f in report.findings {
            if !services.contains(&f.service.id) {
                services.push(f.service.id);
            }
        }
        if let Some(pattern) = report.sensitive.and_then(|h| h.pattern) {
            if !patterns.contains(&pattern) {
                patterns.push(pattern);
            }
        }
    }
    Ok((services, patterns))
}
