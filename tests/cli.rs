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
