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
