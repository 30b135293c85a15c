//! The load and its report (see main.rs).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::pg;
use crate::spawn::{ServerProcess, ORIGIN};

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn receipt(n: usize) -> String {
    let at = time::OffsetDateTime::now_utc() - time::Duration::minutes(1);
    let at = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    serde_json::json!({
        "v": 1, "id": format!("b{n:021}"), "policy": "Sc6g9MiUiyLwqLH2",
        "categories": ["necessary", "analytics"], "kind": "accept_all", "renewal": false,
        "at": at, "origin": ORIGIN, "path": "/uslugi/", "version": "0.2.0"
    })
    .to_string()
}

struct Run {
    took: Duration,
    latencies: Vec<Duration>,
    failures: usize,
}

/// `requests` requests from `concurrency` clients; `request(n)` makes the n-th.
async fn load<F, Fut>(requests: usize, concurrency: usize, request: F) -> Run
where
    F: Fn(usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(requests)));
    let failures = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let clients: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, latencies, failures, request) = (
                next.clone(),
                latencies.clone(),
                failures.clone(),
                request.clone(),
            );
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= requests {
                        break;
                    }
                    let sent = Instant::now();
                    let ok = request(n).await;
                    let took = sent.elapsed();
                    if !ok {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                    if let Ok(mut l) = latencies.lock() {
                        l.push(took);
                    }
                }
            })
        })
        .collect();
    for client in clients {
        let _ = client.await;
    }
    let took = started.elapsed();
    let mut latencies = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    latencies.sort();
    Run {
        took,
        latencies,
        failures: failures.load(Ordering::Relaxed),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn report(backend: &str, what: &str, run: &Run) {
    let n = run.latencies.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{backend:<9} {what:<26} {n:>6} in {:>6.2} s = {:>7.0} /s   p50 {:>6.2} ms   p99 {:>6.2} ms{}",
        run.took.as_secs_f64(),
        n as f64 / run.took.as_secs_f64(),
        ms(percentile(&run.latencies, 0.50)),
        ms(percentile(&run.latencies, 0.99)),
        if run.failures > 0 { format!("   {} FAILED", run.failures) } else { String::new() }
    );
}

async fn bench(backend: &str, database: &str, scratch: &Path) -> Result<(), String> {
    let requests = setting("BENCH_REQUESTS", 10000);
    let concurrency = setting("BENCH_CONCURRENCY", 32);
    let mut server = ServerProcess::start(database, scratch.join(format!("{backend}.log"))).await?;
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .map_err(|e| e.to_string())?;
    let post = {
        let (http, url) = (http.clone(), format!("{}/v1/receipts", server.base));
        move |n: usize| {
            let request = http
                .post(url.clone())
                .header("content-type", "text/plain;charset=UTF-8")
                .body(receipt(n));
            async move {
                request
                    .send()
                    .await
                    .is_ok_and(|r| r.status().as_u16() == 201)
            }
        }
    };
    // Warm-up: connections, the database's caches. Ids past the measured ones.
    let warm = post.clone();
    load(200, concurrency, move |n| warm(requests + n)).await;
    let written = load(requests, concurrency, post).await;
    report(backend, "POST /v1/receipts", &written);

    let get = {
        let (http, base) = (http.clone(), server.base.clone());
        move |n: usize| {
            let request = http.get(format!("{base}/v1/receipts/b{:021}", n * 7919 % requests));
            async move { request.send().await.is_ok_and(|r| r.status().is_success()) }
        }
    };
    let read = load(requests, concurrency, get).await;
    report(backend, "GET /v1/receipts/{id}", &read);
    server.stop()?;
    Ok(())
}

pub fn main() {
    // `cargo bench` passes --bench; nothing else to read.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(1);
        }
    };
    let scratch = match tempfile::Builder::new()
        .prefix("soglasie-server-bench-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
    {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("bench: scratch directory: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "soglasie-server on loopback, release build, {} concurrent clients (BENCH_CONCURRENCY)",
        setting("BENCH_CONCURRENCY", 32)
    );
    let sqlite = format!("sqlite://{}", scratch.path().join("bench.db").display());
    let mut failed = false;
    if let Err(e) = runtime.block_on(bench("sqlite", &sqlite, scratch.path())) {
        eprintln!("sqlite: {e}");
        failed = true;
    }
    match pg::Cluster::start().and_then(|c| c.create_database("bench").map(|url| (c, url))) {
        Ok((cluster, url)) => {
            if let Err(e) = runtime.block_on(bench("postgres", &url, scratch.path())) {
                eprintln!("postgres: {e}");
                failed = true;
            }
            drop(cluster);
        }
        Err(e) => {
            eprintln!("postgres: cannot start a cluster: {e}");
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
