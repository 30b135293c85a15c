//! The `soglasie-server` binary as a process on a free loopback port (the crash test, the
//! command-line tests and the benchmark).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::pg::free_port;

pub const BINARY: &str = env!("CARGO_BIN_EXE_soglasie-server");
pub const ORIGIN: &str = "https://clinic.example";
pub const TOKEN: &str = "staff-token-for-the-tests-0123456789";

pub struct ServerProcess {
    child: Child,
    pub base: String,
    log: PathBuf,
}

impl ServerProcess {
    /// Starts the server on `database` without a rate limit, with the staff token, and waits
    /// until `/healthz` answers. `log` receives its stderr.
    pub async fn start(database: &str, log: PathBuf) -> Result<ServerProcess, String> {
        let port = free_port()?;
        let stderr = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(BINARY)
            .args([
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--database",
                database,
            ])
            .args(["--origin", ORIGIN, "--rate-limit", "0"])
            .env("SOGLASIE_ADMIN_TOKEN", TOKEN)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("{BINARY}: {e}"))?;
        let mut server = ServerProcess {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_healthy().await?;
        Ok(server)
    }

    async fn wait_healthy(&mut self) -> Result<(), String> {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the server exited ({status}): {}", self.log_text()));
            }
            let health = client.get(format!("{}/healthz", self.base)).send().await;
            if health.is_ok_and(|r| r.status().is_success()) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!(
            "the server did not answer within 60 s: {}",
            self.log_text()
        ))
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no flushing — a crash.
    pub fn kill(&mut self) -> Result<(), String> {
        self.child.kill().map_err(|e| format!("kill: {e}"))?;
        self.child.wait().map_err(|e| format!("wait: {e}"))?;
        Ok(())
    }

    /// SIGTERM, then wait: a graceful stop.
    pub fn stop(&mut self) -> Result<(), String> {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .map_err(|e| format!("kill -TERM: {e}"))?;
        self.child.wait().map_err(|e| format!("wait: {e}"))?;
        Ok(())
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
