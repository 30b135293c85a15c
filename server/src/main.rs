//! `soglasie-server`: see `soglasie_server::cli` and docs/server.md.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    soglasie_server::cli::main()
}

/// wasm-pack and the wasm32 lint build the workspace's default members for wasm32; there the
/// server is this empty stand-in (its library is empty on wasm32, see src/lib.rs).
#[cfg(target_arch = "wasm32")]
fn main() {}
