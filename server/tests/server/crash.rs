//! Durability: a 2xx means the receipt is committed. The server binary takes receipts from
//! concurrent clients, is killed with SIGKILL in the middle, restarts on the same database,
//! and every receipt it had acknowledged must be there.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::app::{receipt, time_ago};
use crate::spawn::{ServerProcess, TOKEN};

const CLIENTS: usize = 16;
/// Acknowledged receipts before the kill.
const ACKED_BEFORE_KILL: usize = 300;

/// What the clients saw.
#[derive(Default)]
struct Tally {
    /// (id, at) of every receipt answered with a 2xx.
    acked: Mutex<Vec<(String, String)>>,
    /// Requests that got no answer (under way at the kill, or sent after it).
    unanswered: AtomicUsize,
}

async fn client(base: String, n: usize, tally: Arc<Tally>, stop: Arc<AtomicBool>) {
    let http = reqwest::Client::new();
    let mut i = 0u64;
    while !stop.load(Ordering::Relaxed) {
        let id = format!("k{n:02}{i:019}");
        let at = time_ago(time::Duration::minutes(1));
        let body = receipt(&id, &at).to_string();
        let sent = http
            .post(format!("{base}/v1/receipts"))
            .header("content-type", "text/plain;charset=UTF-8")
            .body(body)
            .send()
            .await;
        match sent {
            Ok(reply) if reply.status().is_success() => {
                if let Ok(mut acked) = tally.acked.lock() {
                    acked.push((id, at));
                }
            }
            Ok(_) => {}
            Err(_) => {
                tally.unanswered.fetch_add(1, Ordering::Relaxed);
                // The server is gone; a pause instead of a busy loop until `stop`.
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        i += 1;
    }
}

/// Every receipt the restarted server exports, as (id, at).
async fn exported(base: &str) -> Result<HashSet<(String, String)>, String> {
    let text = reqwest::Client::new()
        .get(format!("{base}/v1/export"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .map_err(|e| format!("export: {e}"))?
        .text()
        .await
        .map_err(|e| format!("export: {e}"))?;
    text.lines()
        .map(|line| {
            let r: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{e}: {line}"))?;
            Ok((
                r["id"].as_str().unwrap_or_default().to_string(),
                r["at"].as_str().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

pub async fn acknowledged_receipts_survive_sigkill(
    db: String,
    scratch: &Path,
) -> Result<(), String> {
    let mut server = ServerProcess::start(&db, scratch.join("before-kill.log")).await?;
    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|n| tokio::spawn(client(server.base.clone(), n, tally.clone(), stop.clone())))
        .collect();

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let acked = tally.acked.lock().map(|a| a.len()).unwrap_or(0);
        if acked >= ACKED_BEFORE_KILL {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!(
                "only {acked} receipts acknowledged in 60 s: {}",
                server.log_text()
            ));
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // Mid-load: the clients keep sending while the server dies.
    server.kill()?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.map_err(|e| format!("client: {e}"))?;
    }
    let acked = tally
        .acked
        .lock()
        .map(|a| a.clone())
        .map_err(|e| e.to_string())?;
    let unanswered = tally.unanswered.load(Ordering::Relaxed);
    if unanswered == 0 {
        return Err("no request was left unanswered: the kill did not happen under load".into());
    }

    let mut restarted = ServerProcess::start(&db, scratch.join("after-kill.log")).await?;
    let stored = exported(&restarted.base).await?;
    let lost: Vec<_> = acked.iter().filter(|r| !stored.contains(*r)).collect();
    restarted.stop()?;
    if !lost.is_empty() {
        return Err(format!(
            "{} of {} acknowledged receipts are missing after the crash, e.g. {:?}",
            lost.len(),
            acked.len(),
            &lost[..lost.len().min(3)]
        ));
    }
    // Stored may exceed acknowledged: a receipt committed whose answer the kill cut off.
    println!(
        "    {}: {} acknowledged before SIGKILL, all there after restart ({} stored; {} requests unanswered)",
        db.split(':').next().unwrap_or(""),
        acked.len(),
        stored.len(),
        unanswered
    );
    Ok(())
}
