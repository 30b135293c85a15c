//! soglasie-server's tests, on SQLite and on PostgreSQL (`make server-test`).
//!
//! Its own main (libtest-mimic, the same command-line options as `cargo test`'s): it starts
//! one throwaway PostgreSQL cluster on loopback (pg.rs), gives each test a fresh database, and
//! stops the cluster at the end. If PostgreSQL cannot be started, the PostgreSQL tests fail
//! with the reason, unless `SOGLASIE_SKIP_POSTGRES=1` says to skip them (they are then listed
//! as ignored).
//
// The test binary is also built for wasm32 (the workspace's default members are, by wasm-pack
// and the wasm32 lint): there it is an empty `main`.

#[cfg(not(target_arch = "wasm32"))]
mod api;
#[cfg(not(target_arch = "wasm32"))]
mod app;
#[cfg(not(target_arch = "wasm32"))]
mod checks;
#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod crash;
#[cfg(not(target_arch = "wasm32"))]
mod fuzz;
#[cfg(not(target_arch = "wasm32"))]
mod harness;
#[cfg(not(target_arch = "wasm32"))]
mod pg;
#[cfg(not(target_arch = "wasm32"))]
mod spawn;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    harness::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
