//! The command line as an operator runs it: one line on stderr for each mistake, exit codes,
//! `prune`.

use std::path::Path;
use std::process::{Command, Output};

use time::Duration;

use crate::app::{consent_id, ensure, receipt, time_ago};
use crate::spawn::{ServerProcess, BINARY, ORIGIN};

fn run(args: &[&str], token: Option<&str>) -> Result<Output, String> {
    let mut command = Command::new(BINARY);
    command
        .args(args)
        .env_remove("SOGLASIE_ADMIN_TOKEN")
        .env_remove("SOGLASIE_DATABASE");
    if let Some(token) = token {
        command.env("SOGLASIE_ADMIN_TOKEN", token);
    }
    command.output().map_err(|e| format!("{BINARY}: {e}"))
}

/// Exit code `code`, nothing on stdout, one line on stderr that contains `says`.
fn fails(output: &Output, code: i32, says: &str) -> Result<(), String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure(
        output.status.code() == Some(code)
            && output.stdout.is_empty()
            && stderr.lines().count() == 1
            && stderr.starts_with("soglasie-server: ")
            && stderr.contains(says),
        || {
            format!(
                "expected exit {code} and one line with {says:?}; got {:?}: {stderr}",
                output.status.code()
            )
        },
    )
}

pub async fn mistakes_are_one_line_and_an_exit_code(scratch: &Path) -> Result<(), String> {
    let db = format!("sqlite://{}", scratch.join("cli.db").display());
    fails(&run(&[], None)?, 2, "--database")?;
    fails(&run(&["--database", &db], None)?, 2, "--origin")?;
    fails(
        &run(
            &["--database", &db, "--origin", "https://clinic.example/"],
            None,
        )?,
        2,
        "no path",
    )?;
    fails(
        &run(
            &[
                "--database",
                &db,
                "--origin",
                ORIGIN,
                "--listen",
                "localhost",
            ],
            None,
        )?,
        2,
        "--listen",
    )?;
    fails(
        &run(&["--database", &db, "--origin", ORIGIN, "--bogus"], None)?,
        2,
        "--bogus",
    )?;
    fails(
        &run(&["--database", &db, "--origin", ORIGIN], Some("short"))?,
        2,
        "SOGLASIE_ADMIN_TOKEN",
    )?;
    fails(
        &run(&["--database", "mysql://db/x", "--origin", ORIGIN], None)?,
        1,
        "sqlite:// or postgres://",
    )?;
    fails(
        &run(&["--database", "sqlite::memory:", "--origin", ORIGIN], None)?,
        1,
        "in-memory",
    )?;
    let missing_dir = format!("sqlite://{}", scratch.join("no/such/dir/x.db").display());
    fails(
        &run(&["--database", &missing_dir, "--origin", ORIGIN], None)?,
        1,
        "cannot open",
    )?;
    // Nothing listens on port 1; the password stays out of the message.
    let unreachable = run(
        &[
            "--database",
            "postgres://clinic:secret@127.0.0.1:1/receipts",
            "--origin",
            ORIGIN,
        ],
        None,
    )?;
    fails(
        &unreachable,
        1,
        "postgres://clinic:***@127.0.0.1:1/receipts",
    )?;
    ensure(
        !String::from_utf8_lossy(&unreachable.stderr).contains("secret"),
        || "password shown".into(),
    )?;
    fails(
        &run(&["prune", "--database", &db], None)?,
        2,
        "--older-than",
    )?;
    fails(
        &run(&["prune", "--older-than", "soon", "--database", &db], None)?,
        2,
        "--older-than",
    )?;
    let help = run(&["--help"], None)?;
    ensure(
        help.status.success() && String::from_utf8_lossy(&help.stdout).contains("prune"),
        || "--help".into(),
    )?;
    Ok(())
}

pub async fn prune_says_how_many_it_deleted(db: String, scratch: &Path) -> Result<(), String> {
    let mut server = ServerProcess::start(&db, scratch.join("prune.log")).await?;
    let http = reqwest::Client::new();
    let year = Duration::days(365);
    for (n, ago) in [(1, year * 5), (2, year * 4), (3, Duration::days(30))] {
        let reply = http
            .post(format!("{}/v1/receipts", server.base))
            .header("content-type", "application/json")
            .body(receipt(&consent_id(n), &time_ago(ago)).to_string())
            .send()
            .await
            .map_err(|e| e.to_string())?;
        ensure(reply.status().as_u16() == 201, || {
            format!("{}", reply.status())
        })?;
    }
    server.stop()?;
    let pruned = run(&["prune", "--older-than", "1095d", "--database", &db], None)?;
    let stdout = String::from_utf8_lossy(&pruned.stdout);
    ensure(
        pruned.status.success() && stdout.starts_with("deleted 2 receipts made before "),
        || format!("{stdout}{}", String::from_utf8_lossy(&pruned.stderr)),
    )?;
    let again = run(&["prune", "--older-than", "1095d", "--database", &db], None)?;
    ensure(
        String::from_utf8_lossy(&again.stdout).starts_with("deleted 0 receipts"),
        || String::from_utf8_lossy(&again.stdout).into_owned(),
    )?;
    Ok(())
}
