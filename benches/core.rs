//! `cargo bench`: the per-page-view work of the core, natively (no Criterion: a plain
//! timing loop keeps the dependency tree small). Prints nanoseconds per iteration.

use std::hint::black_box;
use std::time::Instant;

use soglasie::core::config::Config;
use soglasie::core::cookie;
use soglasie::core::decision::Engine;
use soglasie::core::json;
use soglasie::core::policy;

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
    let write = engine.cookie_write(false);
    let header = format!(
        "_ym_uid=1; {}; tmr_lvid=2",
        write.split(';').next().unwrap_or("")
    );

    time("config: parse + validate (demo config)", 20_000, || {
        black_box(Config::from_json(black_box(CONFIG)).ok());
    });
    // What the page's module does: the loader hands over what the browser's JSON.parse read.
    let fields = json::write_fields(&json::parse(CONFIG).expect("demo config is JSON").value);
    time(
        "config: read the loader's fields + check (page)",
        20_000,
        || {
            black_box(Config::usable_from_fields(
                &mut fields.iter().map(String::as_str),
            ));
        },
    );
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
    time(
        "page view: config + hash + cookie + decision",
        20_000,
        || {
            let c = Config::from_json(CONFIG).expect("valid");
            let e = Engine::new(c, black_box(&header), 1_795_512_700);
            black_box(e.allows("analytics"));
        },
    );
    time("blocker verdict for one URL", 500_000, || {
        black_box(engine.load_verdict(black_box("mc.yandex.ru"), black_box("/watch/44444444")));
    });
}
