//! `make bench-server`: the release binary on loopback, on SQLite and on a throwaway
//! PostgreSQL cluster; a bounded number of receipts posted by concurrent clients, then as many
//! reads of a visitor's receipts. Prints requests/s and p50/p99 latency (docs/server.md keeps
//! the figures).
//!
//! BENCH_REQUESTS (default 10000) and BENCH_CONCURRENCY (default 32) change the load.
//!
//! Native only, like the whole server crate (an empty `main` on wasm32).

#[cfg(not(target_arch = "wasm32"))]
#[path = "../../tests/server/pg.rs"]
mod pg;
#[cfg(not(target_arch = "wasm32"))]
mod run;
#[cfg(not(target_arch = "wasm32"))]
#[path = "../../tests/server/spawn.rs"]
// The tests use more of it than the benchmark does.
#[allow(dead_code)]
mod spawn;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    run::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
