//! `cargo bench`: the per-page-view work of the core, natively (no Criterion: a plain timing
//! loop keeps the dependency tree small). Prints nanoseconds per iteration.

use std::hint::black_box;
use std::time::Instant;

use soglasie::core::config::Config;
use soglasie::core::cookie;
use soglasie::core::decision::Engine;
use soglasie::core::policy;
use soglasie::core::session::{Page, Session};

const CONFIG: &str = include_str!("../www/demo/soglasie.json");

fn time(label: &str, iterations: u32, mut f: impl FnMut()) {
    for _ in 0..iterations / 10 {
        f(); // warm-up
    }
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    let ns = start.elapsed().as_nanos() as f64 / f64::from(iterations);
    println!("{label:<48} {ns:>10.0} ns/iter");
}

fn main() {
    let config = Config::from_json(CONFIG).expect("demo config is valid");
    let hash = policy::hash(&config);
    let mut engine = Engine::new(config.clone(), "", 1_795_512_600);
    engine.decide(engine.all_optional(), 1_795_512_600, &[7; 16]);
    let write = engine.cookie_write(false, 0);
    let header = format!(
        "_ym_uid=1; {}; tmr_lvid=2",
        write.split(';').next().unwrap_or("")
    );

    time("config: read + validate (demo config)", 20_000, || {
        black_box(Config::from_json(black_box(CONFIG)).ok());
    });
    time("policy hash (canonical text + SHA-256)", 50_000, || {
        black_box(policy::hash(black_box(&config)));
    });
    time("cookie: read + decode a valid choice", 200_000, || {
        black_box(cookie::read(
            black_box(&header),
            &config,
            &hash,
            1_795_512_700,
        ));
    });
    let page = Page {
        cookie_header: header.clone(),
        now: 1_795_512_700,
        html_lang: "ru".into(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156".into(),
        cookies_work: true,
        secure: true,
        hostname: "www.clinic.example".into(),
        path: "/uslugi/".into(),
        decoded_path: "/uslugi/".into(),
        ..Page::default()
    };
    time(
        "page view: config + session start (returning)",
        20_000,
        || {
            black_box(Session::start(
                Some(Config::from_json(CONFIG)),
                black_box(&page),
            ));
        },
    );
    let (mut session, _) = Session::start(Some(Config::from_json(CONFIG)), &page);
    time("blocker verdict (a catalog tracker)", 200_000, || {
        black_box(session.verdict(
            "mc.yandex.ru",
            black_box("/watch/123?page=x"),
            &mut Vec::new(),
        ));
    });
}
