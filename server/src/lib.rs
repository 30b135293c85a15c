//! soglasie-server: receipts of consent decisions, kept so that a clinic can show that consent
//! was given (152-ФЗ ст. 9 ч. 3), and the canonical texts of the policies they refer to.
//!
//! - [`receipt`]: the receipt the browser module sends, and its validation.
//! - [`store`]: SQLite or PostgreSQL through sqlx; a 2xx answer means the row is committed.
//! - [`routes`]: the HTTP API (axum); [`limits`]: origins, CORS, rate and size limits;
//!   [`staff`]: the bearer token of the staff endpoints; [`error`]: every error as JSON.
//! - [`cli`]: the command line (serve, prune).
//!
//! docs/server.md describes running it, docs/receipts.md the receipt.

// Native only: the workspace's default members are also built for wasm32 by wasm-pack and by
// the wasm32 lint, where this crate must compile to nothing (tokio and sqlx have no wasm32
// build). Its dependencies are native-only for the same reason (Cargo.toml).
#![cfg(not(target_arch = "wasm32"))]

pub mod cli;
pub mod error;
pub mod export;
pub mod limits;
pub mod receipt;
pub mod routes;
pub mod staff;
pub mod store;
pub mod timestamp;
