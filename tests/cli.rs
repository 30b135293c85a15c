//! The `soglasie` command line as a webmaster runs it: arguments, output, exit codes.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/demo/soglasie.json");

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_soglasie"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("written");
    child.wait_with_output().expect("it ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_prints_the_hash_or_every_problem_with_exit_codes_0_and_1() {
    let ok = run(&["check", DEMO], "");
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(
        text(&ok.stdout),
        "ok: 4 services, 4 categories; sensitive pages (1 pattern) hold ads; policy hash Sc6g9MiUiyLwqLH2\n"
    );
    let bad = run(
        &["check", "-"],
        r#"{"operator": {"name": "ООО", "address": "Москва", "email": "nope"},
            "policy": {"url": "javascript:alert(1)", "revision": "1"}}"#,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        text(&bad.stderr).lines().collect::<Vec<_>>(),
        [
            "soglasie: config.operator.email: \"nope\" — expected an e-mail address",
            "soglasie: config.policy.url: \"javascript:alert(1)\" — use an absolute http(s) URL or a relative one",
        ]
    );
    assert!(bad.stdout.is_empty());
}

#[test]
fn hash_and_canonical_agree_with_the_browsers_form() {
    let hash = run(
        &["hash", "-"],
        &std::fs::read_to_string(DEMO).expect("the demo config"),
    );
    assert_eq!(text(&hash.stdout), "Sc6g9MiUiyLwqLH2\n");
    let canonical = run(&["canonical", DEMO], "");
    assert!(
        text(&canonical.stdout).starts_with(r#"{"v":1,"operator":{"name":"ООО «Липовый сквер»""#)
    );
}

#[test]
fn usage_and_io_errors_exit_with_2() {
    for args in [
        &[][..],
        &["hash"][..],
        &["check"][..],
        &["frobnicate", DEMO][..],
        &["hash", DEMO, "--policy", DEMO][..],
    ] {
        assert_eq!(run(args, "").status.code(), Some(2), "{args:?}");
    }
    let missing = run(&["check", "/no/such/config.json"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).starts_with("soglasie: cannot read /no/such/config.json: "));
}

#[test]
fn a_policy_documents_digest_follows_its_words_not_its_markup() {
    let dir = std::env::temp_dir().join(format!("soglasie-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder");
    let digest = |name: &str, content: &str| {
        let path = dir.join(name);
        std::fs::write(&path, content).expect("written");
        let out = run(&["hash", "--policy", path.to_str().expect("a path")], "");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout).trim().to_string()
    };
    let page = digest(
        "a.html",
        "<!doctype html><html><head><title>Политика</title><style>p{}</style></head><body>\
         <h1>Политика обработки персональных данных</h1><p>Оператор &mdash; ООО «Клиника».</p>\
         <script>var tracking = 1;</script></body></html>",
    );
    assert_eq!(page.len(), 16);
    let reflowed = digest(
        "b.html",
        "<html><body class=\"new\">\n  <h1 id=\"top\">Политика   обработки\n персональных данных</h1>\n\
         <div><p>Оператор — ООО «Клиника».</p></div>\n</body></html>",
    );
    assert_eq!(
        page, reflowed,
        "markup, layout and entities are not wording"
    );
    let plain = digest(
        "c.txt",
        "Политика обработки персональных данных\nОператор — ООО «Клиника».",
    );
    assert_eq!(page, plain);
    let edited = digest(
        "d.html",
        "<html><body><h1>Политика обработки персональных данных</h1><p>Оператор — ООО «Клиника Плюс».</p></body></html>",
    );
    assert_ne!(page, edited, "a changed word is a changed policy");
    std::fs::remove_dir_all(&dir).ok();
}

/// A scratch folder of its own for each test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("soglasie-cli-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("a folder");
    dir
}

const HEADER_PHP: &str = "<?$APPLICATION->ShowHead();?>\n<title>Клиника</title>\n\
<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>\n\
<script>var s=document.createElement('script');s.src='https://mc.yandex.ru/metrika/tag.js';document.head.appendChild(s);</script>\n";

#[test]
fn scan_reports_each_tracker_with_file_line_and_column_and_exits_1_on_problems() {
    let dir = scratch("scan");
    std::fs::create_dir_all(dir.join("local/templates/main")).expect("folders");
    std::fs::create_dir_all(dir.join("uslugi/lechenie-gepatita-c")).expect("folders");
    let header = dir.join("local/templates/main/header.php");
    std::fs::write(&header, HEADER_PHP).expect("written");
    std::fs::write(
        dir.join("uslugi/lechenie-gepatita-c/index.html"),
        "<title>Лечение гепатита C</title>",
    )
    .expect("written");
    std::fs::write(dir.join("notes.txt"), "https://mc.yandex.ru/metrika/tag.js").expect("written");
    let policy = dir.join("privacy.txt");
    std::fs::write(&policy, "Мы используем Яндекс.Метрику.").expect("written");
    let out = run(
        &[
            "scan",
            dir.to_str().expect("a path"),
            "--config",
            DEMO,
            "--policy",
            policy.to_str().expect("a path"),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}'),
        "no colour when piped:\n{stdout}"
    );
    let shown = header.display();
    for line in [
        format!("{shown}:3:1: Google Analytics (google_analytics, analytics) — не остановить: <script src> в HTML браузер запрашивает раньше любого скрипта (исправит --write)"),
        format!("{shown}:4:55: Яндекс Метрика (yandex_metrika, analytics) — вставляется скриптом: блокировщик soglasie держит его до согласия"),
        "нет в конфигурации: google_analytics — добавьте в services, иначе он не запустится никогда".into(),
        "в конфигурации, но ни на одной странице: top_mail_ru — уберите, если его нет на сайте (или он ставится через GTM)".into(),
        "политика не называет: google_analytics — посетитель должен знать о нём до согласия (152-ФЗ ст. 9)".into(),
        "Итого: файлов 2, трекеров 2 (держит блокировщик: 1, не остановить: 1); проблем: 3".into(),
    ] {
        assert!(stdout.lines().any(|l| l == line), "{line}\nnot in\n{stdout}");
    }
    assert!(
        stdout.contains("lechenie-gepatita-c/index.html: похоже на страницу о заболевании (Вирусные гепатиты); в sensitive.paths: \"/uslugi/lechenie-gepatita-c/*\""),
        "{stdout}"
    );
    assert!(!stdout.contains("политика не называет: yandex_metrika"));

    // --write marks the <script src> up, keeps the original beside it, and a second run has
    // nothing left to do.
    let write = run(&["scan", "--write", header.to_str().expect("a path")], "");
    assert_eq!(write.status.code(), Some(0), "{}", text(&write.stderr));
    assert_eq!(
        std::fs::read_to_string(format!("{shown}.bak")).expect("a .bak"),
        HEADER_PHP
    );
    let rewritten = std::fs::read_to_string(&header).expect("read");
    assert_eq!(
        rewritten,
        HEADER_PHP.replace(
            "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-1\">",
            "<script async type=\"text/plain\" data-category=\"analytics\" data-service=\"google_analytics\" data-src=\"https://www.googletagmanager.com/gtag/js?id=G-1\">"
        )
    );
    let again = run(
        &[
            "scan",
            "--write",
            "--json",
            header.to_str().expect("a path"),
        ],
        "",
    );
    assert_eq!(again.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).expect("JSON");
    assert_eq!(report["files"][0]["backup"], serde_json::Value::Null);
    assert_eq!(report["files"][0]["findings"][0]["form"], "marked");
    assert_eq!(std::fs::read_to_string(&header).expect("read"), rewritten);
    assert!(!std::path::Path::new(&format!("{shown}.bak.2")).exists());

    assert_eq!(run(&["scan", "/no/such/site"], "").status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn init_writes_a_checked_config_from_flags_a_scan_or_answers() {
    let dir = scratch("init");
    std::fs::write(dir.join("header.php"), HEADER_PHP).expect("written");
    let output = dir.join("soglasie.json");
    let output = output.to_str().expect("a path");
    let flags = [
        "init",
        "--operator",
        "ООО «Клиника»",
        "--address",
        "Москва",
        "--email",
        "privacy@klinika.example",
        "--policy-url",
        "/privacy/",
        "--revision",
        "2026-12-01",
    ];
    let scanned = run(
        &[
            &flags[..],
            &["--from-scan", dir.to_str().expect("a path"), "-o", output],
        ]
        .concat(),
        "",
    );
    assert_eq!(scanned.status.code(), Some(0), "{}", text(&scanned.stderr));
    let written = std::fs::read_to_string(output).expect("written");
    let config: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    assert_eq!(
        config["services"],
        serde_json::json!(["google_analytics", "yandex_metrika"])
    );
    assert_eq!(config["policy"]["revision"], "2026-12-01");
    assert_eq!(run(&["check", output], "").status.code(), Some(0));
    // An existing config is kept unless --force.
    let again = run(&[&flags[..], &["-o", output]].concat(), "");
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(output).expect("kept"), written);

    // Answers on standard input for what the flags leave out.
    let asked = run(
        &["init", "--revision", "1", "-o", "-"],
        "jivo, top_mail_ru\nООО «Клиника»\nМосква\nprivacy@klinika.example\n/privacy/\n",
    );
    assert_eq!(asked.status.code(), Some(0), "{}", text(&asked.stderr));
    let config: serde_json::Value = serde_json::from_slice(&asked.stdout).expect("JSON");
    assert_eq!(
        config["services"],
        serde_json::json!(["jivo", "top_mail_ru"])
    );
    assert_eq!(config["operator"]["name"], "ООО «Клиника»");

    // Input that ends early, or a config the reader refuses: nothing is written.
    let short = run(&["init", "-o", "-"], "jivo\nООО\n");
    assert_eq!(short.status.code(), Some(2));
    assert!(short.stdout.is_empty());
    let bad = run(&[&flags[..], &["--email", "nope", "-o", "-"]].concat(), "");
    assert_eq!(bad.status.code(), Some(2), "clap refuses a repeated flag");
    let bad = run(
        &[
            "init",
            "--operator",
            "ООО",
            "--address",
            "М",
            "--email",
            "nope",
            "--policy-url",
            "/p",
            "--service",
            "jivo",
            "-o",
            "-",
        ],
        "",
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("config.operator.email: \"nope\""));
    assert!(bad.stdout.is_empty());
    assert_eq!(
        run(&["init", "--service", "nosuch"], "").status.code(),
        Some(2)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `soglasie policy --config DEMO` and more arguments: its output, or the failure.
fn policy(more: &[&str], stdin: &str) -> Output {
    let mut args = vec!["policy", "--config", DEMO];
    args.extend_from_slice(more);
    run(&args, stdin)
}

#[test]
fn policy_writes_the_cookie_section_in_html_or_markdown_with_the_usual_exit_codes() {
    let html = policy(&[], "");
    assert_eq!(html.status.code(), Some(0), "{}", text(&html.stderr));
    let section = text(&html.stdout);
    assert!(section.starts_with(
        "<section class=\"sg-declaration\" lang=\"ru\" aria-labelledby=\"sg-cookies\">\n<h2 id=\"sg-cookies\">Файлы cookie и\u{a0}сторонние сервисы</h2>\n"
    ));
    for name in [
        "Яндекс Метрика",
        "Пиксель VK Рекламы",
        "Пиксель ВКонтакте",
        "Яндекс Карты",
    ] {
        assert!(
            section.contains(&format!("<th scope=\"row\">{name}")),
            "{name}"
        );
    }
    assert!(html.stderr.is_empty(), "{}", text(&html.stderr));
    let markdown = policy(&["--format", "markdown"], "");
    assert_eq!(markdown.status.code(), Some(0));
    assert!(text(&markdown.stdout).starts_with(
        "## Файлы cookie и\u{a0}сторонние сервисы\n\nРедакция от\u{a0}1\u{a0}ноября 2026\u{a0}г.\n"
    ));
    // English when the config says so.
    let config = std::fs::read_to_string(DEMO).expect("the demo config");
    let english = config.replacen('{', "{\"language\": \"en\",", 1);
    let en = run(&["policy", "--config", "-"], &english);
    assert!(
        text(&en.stdout).contains("<h2 id=\"sg-cookies\">Cookies and third-party services</h2>")
    );

    // A config with problems: one line each, exit 1, nothing written.
    let bad = run(
        &["policy", "--config", "-"],
        r#"{"operator": {"name": "ООО", "address": "Москва", "email": "nope"}, "policy": {"url": "/p", "revision": "1"}}"#,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        text(&bad.stderr),
        "soglasie: config.operator.email: \"nope\" — expected an e-mail address\n"
    );
    assert!(bad.stdout.is_empty());
    // Usage and I/O: exit 2, one line.
    for args in [
        &["--format", "pdf"][..],
        &["--retention", "forever"][..],
        &["--retention", "30m"][..],
    ] {
        let out = policy(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
    assert_eq!(run(&["policy"], "").status.code(), Some(2));
    let missing = run(&["policy", "--config", "/no/such.json"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(text(&missing.stderr).lines().count(), 1);

    // Receipts: how long they are kept, from --retention or the config; said when unknown.
    let receipts = config.replacen('{', r#"{"receipts": {"endpoint": "/v1/receipts"},"#, 1);
    let unsaid = run(&["policy", "--config", "-"], &receipts);
    assert_eq!(unsaid.status.code(), Some(0));
    assert!(text(&unsaid.stdout).contains("<h3 id=\"sg-receipts\">"));
    assert!(!text(&unsaid.stdout).contains("Записи хранятся"));
    assert!(text(&unsaid.stderr).starts_with("soglasie: receipts are configured but not how long"));
    let kept = config.replacen(
        '{',
        r#"{"receipts": {"endpoint": "/v1/receipts", "retention": "3y"},"#,
        1,
    );
    let said = run(&["policy", "--config", "-"], &kept);
    assert!(text(&said.stdout).contains("Записи хранятся 3\u{a0}года, затем удаляются."));
    assert!(said.stderr.is_empty(), "{}", text(&said.stderr));
    // Given only here, it is written, with a note: the page's live section will not say it.
    let given = run(&["policy", "--config", "-", "--retention", "3y"], &receipts);
    assert_eq!(given.status.code(), Some(0));
    assert!(text(&given.stdout).contains("Записи хранятся 3\u{a0}года, затем удаляются."));
    assert!(text(&given.stderr)
        .starts_with("soglasie: --retention is not the config's receipts.retention"));
    let same = run(&["policy", "--config", "-", "--retention", "3y"], &kept);
    assert!(same.stderr.is_empty());
    let no_receipts = policy(&["--retention", "3y"], "");
    assert_eq!(no_receipts.status.code(), Some(0));
    assert!(!text(&no_receipts.stdout).contains("Записи хранятся"));
    assert_eq!(
        text(&no_receipts.stderr),
        "soglasie: the config has no receipts: --retention is not said\n"
    );
}

#[test]
fn policy_out_writes_the_whole_file_or_leaves_the_old_one() {
    let dir = scratch("policy-out");
    let out = dir.join("cookies.html");
    let path = out.to_str().expect("a path");
    let written = policy(&["--out", path], "");
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    assert!(written.stdout.is_empty());
    assert_eq!(
        std::fs::read(&out).expect("the file"),
        policy(&[], "").stdout
    );
    // A config with problems leaves the file as it was.
    std::fs::write(&out, "the old section").expect("written");
    let bad = run(&["policy", "--config", "-", "--out", path], "{}");
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&out).expect("the file"),
        "the old section"
    );
    // Where the file cannot be put (a folder is in its place): exit 2, one line, no scraps.
    let folder = dir.join("taken");
    std::fs::create_dir_all(folder.join("inside")).expect("a folder");
    let refused = policy(&["--out", folder.to_str().expect("a path")], "");
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        text(&refused.stderr).lines().count(),
        1,
        "{}",
        text(&refused.stderr)
    );
    assert!(folder.join("inside").is_dir());
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["cookies.html", "taken"]);
    std::fs::remove_dir_all(&dir).ok();
}

/// The inside of `<div data-soglasie="declaration">` in `page`.
fn declared_in(page: &str) -> &str {
    let start = page
        .find("<div data-soglasie=\"declaration\">\n")
        .map(|i| i + "<div data-soglasie=\"declaration\">\n".len())
        .expect("the element");
    let end = start + page[start..].find("  </div>").expect("its end");
    &page[start..end]
}

const PRIVACY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/demo/privacy.html");

#[test]
fn the_demo_privacy_page_carries_the_section_its_config_writes() {
    let page = std::fs::read_to_string(PRIVACY).expect("the page");
    assert_eq!(
        declared_in(&page),
        text(&policy(&[], "").stdout),
        "www/demo/privacy.html is behind its config: put `cargo run -- policy --config www/demo/soglasie.json` inside its data-soglasie=\"declaration\" element"
    );
}

#[test]
fn with_the_section_in_the_policy_every_tracker_is_named_and_a_new_service_asks_again() {
    let dir = scratch("policy-loop");
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/www/demo");
    let page = std::fs::read_to_string(PRIVACY).expect("the page");
    let scan = |policy: &str| run(&["scan", "--config", DEMO, "--policy", policy, demo], "");
    let named = scan(PRIVACY);
    assert_eq!(named.status.code(), Some(0), "{}", text(&named.stdout));
    assert!(!text(&named.stdout).contains("политика не называет"));
    // The same page without the section: the trackers it alone named are unnamed.
    let bare = dir.join("bare.html");
    std::fs::write(&bare, page.replace(declared_in(&page), "")).expect("written");
    let unnamed = scan(bare.to_str().expect("a path"));
    assert_eq!(unnamed.status.code(), Some(1));
    assert!(
        text(&unnamed.stdout).contains("политика не называет:"),
        "{}",
        text(&unnamed.stdout)
    );

    // A service added: the section's words change, so does the policy's digest (and with
    // `policy.digest` in the config, the hash: visitors are asked again).
    let digest = |config: &str| {
        let section = dir.join("section.html");
        let written = run(
            &[
                "policy",
                "--config",
                "-",
                "--out",
                section.to_str().expect("a path"),
            ],
            config,
        );
        assert_eq!(written.status.code(), Some(0));
        text(&run(&["hash", "--policy", section.to_str().expect("a path")], "").stdout)
    };
    let config = std::fs::read_to_string(DEMO).expect("the demo config");
    let before = digest(&config);
    let after = digest(&config.replace("\"yandex_maps\"]", "\"yandex_maps\", \"jivo\"]"));
    assert_eq!(before.trim().len(), 16);
    assert_ne!(before, after);
    std::fs::remove_dir_all(&dir).ok();
}
