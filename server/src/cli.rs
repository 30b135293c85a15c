//! The command line: serve (the default), or prune old receipts.
//!
//! ```text
//! soglasie-server --listen 127.0.0.1:8787 --database sqlite://receipts.db --origin https://clinic.example
//! soglasie-server prune --older-than 1095d --database sqlite://receipts.db
//! ```
//!
//! Exit codes: 0 fine; 1 the database or the address cannot be used; 2 bad arguments or
//! settings. Every error is one line on stderr.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use axum::http::HeaderName;
use clap::{Args, Parser, Subcommand};

use crate::limits::{Origins, RateLimit};
use crate::routes::{router, AppState};
use crate::staff::StaffToken;
use crate::store::{redacted, Store};
use crate::timestamp;

/// The environment variable that holds the staff token (never an argument: arguments show in
/// `ps`).
pub const TOKEN_VAR: &str = "SOGLASIE_ADMIN_TOKEN";

#[derive(Parser, Debug)]
#[command(
    name = "soglasie-server",
    version,
    about = "Receipts of consent decisions for soglasie: proof of consent under 152-ФЗ ст. 9 ч. 3",
    after_help = "The staff endpoints (export, PUT policies) need SOGLASIE_ADMIN_TOKEN in the environment. See docs/server.md.",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Delete receipts made longer ago than --older-than (by their `at`); prints how many.
    Prune(PruneArgs),
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    // An Option only because `prune` needs none of the serve arguments; clap requires it.
    #[arg(
        long,
        env = "SOGLASIE_DATABASE",
        hide_env_values = true,
        required = true,
        value_name = "URL"
    )]
    database: Option<String>,
    /// A site whose pages send receipts, as browsers write its origin
    /// (https://clinic.example, http://127.0.0.1:8080). Repeat for each site.
    #[arg(long = "origin", required = true, value_name = "ORIGIN")]
    origins: Vec<String>,
    /// Requests per minute from one client address to /v1 (0: no limit).
    #[arg(long, default_value_t = 120, value_name = "PER_MINUTE")]
    rate_limit: u32,
    /// Behind a reverse proxy: the header it puts the client's address in (X-Real-IP,
    /// X-Forwarded-For: its last address counts). Trust it only if the proxy sets it.
    #[arg(long, value_name = "HEADER")]
    client_ip_header: Option<HeaderName>,
}

#[derive(Args, Debug)]
struct PruneArgs {
    /// Age of the oldest receipts kept, e.g. 1095d (three years).
    #[arg(long, value_parser = humantime::parse_duration, value_name = "DURATION")]
    older_than: Duration,
    /// sqlite://FILE or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "SOGLASIE_DATABASE",
        hide_env_values = true,
        value_name = "URL"
    )]
    database: String,
}

/// A failure with its exit code and its one line.
struct Failure {
    code: u8,
    message: String,
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: message.into(),
    }
}

fn runtime(message: impl Into<String>) -> Failure {
    Failure {
        code: 1,
        message: message.into(),
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version, on stdout.
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            // clap's first paragraph says what is wrong (a missing argument's name is on its
            // second line); the usage that follows it is in --help.
            let text = e.to_string();
            let what: Vec<&str> = text
                .lines()
                .take_while(|line| !line.trim().is_empty())
                .map(str::trim)
                .collect();
            let what = what.join(" ");
            let what = what.strip_prefix("error: ").unwrap_or(&what);
            eprintln!("soglasie-server: {what} (see soglasie-server --help)");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("soglasie-server: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Some(Command::Prune(args)) => prune(args).await,
            None => serve(cli.serve).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("soglasie-server: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), Failure> {
    let database = args
        .database
        .ok_or_else(|| usage("--database is required"))?;
    let origins = Origins::new(&args.origins).map_err(usage)?;
    let staff_token = match std::env::var(TOKEN_VAR) {
        Ok(token) if !token.is_empty() => Some(StaffToken::new(&token).map_err(usage)?),
        _ => None,
    };
    let staff = if staff_token.is_some() {
        "on"
    } else {
        "off (no SOGLASIE_ADMIN_TOKEN)"
    };
    let store = Store::open(&database).await.map_err(|e| runtime(e.0))?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| runtime(format!("cannot listen on {}: {e}", args.listen)))?;
    let rate = RateLimit::new(args.rate_limit, args.client_ip_header);
    let forgetting = rate.clone();
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            forgetting.forget_idle();
        }
    });
    let state = AppState {
        store: store.clone(),
        origins,
        staff_token,
        rate,
    };
    tracing::info!(
        "listening on http://{} ({}; origins {}; staff endpoints {staff})",
        args.listen,
        redacted(&database),
        args.origins.join(", "),
    );
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| runtime(format!("serving: {e}")))?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl+C or SIGTERM: stop accepting, finish the requests under way.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => {
                let _ = interrupt.await;
                return;
            }
        };
    tokio::select! {
        _ = interrupt => {}
        _ = terminate.recv() => {}
    }
}

async fn prune(args: PruneArgs) -> Result<(), Failure> {
    let age =
        time::Duration::try_from(args.older_than).map_err(|_| usage("--older-than is too long"))?;
    let cutoff = timestamp::now()
        .checked_sub(age)
        .ok_or_else(|| usage("--older-than is too long"))?;
    let store = Store::open(&args.database)
        .await
        .map_err(|e| runtime(e.0))?;
    let deleted = store
        .prune(cutoff)
        .await
        .map_err(|e| runtime(format!("pruning {}: {e}", redacted(&args.database))))?;
    store.close().await;
    println!(
        "deleted {deleted} receipts made before {}",
        timestamp::shown(cutoff)
    );
    Ok(())
}
