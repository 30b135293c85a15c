//! A throwaway PostgreSQL cluster on loopback, for the tests and the benchmark: `initdb` and
//! `pg_ctl` into a temporary directory, a free port, stopped and removed on drop.
//!
//! PostgreSQL refuses to run as root, so as root every command runs as the `postgres` user
//! (`runuser`), which owns the directory. The server binaries are found in
//! `SOGLASIE_PG_BIN`, else the newest `/usr/lib/postgresql/*/bin` (Debian's layout; tools/
//! setup.sh installs the `postgresql` package), else on PATH.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Cluster {
    /// Removed on drop, after the server is stopped.
    dir: tempfile::TempDir,
    bin: PathBuf,
    run_as_postgres: bool,
    pub port: u16,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Whether the postgres user can reach into `dir` (every directory above it included).
fn postgres_can_enter(dir: &Path) -> bool {
    Command::new("runuser")
        .args(["-u", "postgres", "--", "test", "-x"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success())
}

fn bin_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SOGLASIE_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// A port nothing listens on now: the cluster's, and the server's under test (spawn.rs; this
/// file is also the benchmark's, so the helper lives here).
pub fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

impl Cluster {
    /// Creates and starts a cluster; the error says what failed, with PostgreSQL's log.
    pub fn start() -> Result<Cluster, String> {
        let bin = bin_dir().unwrap_or_default();
        let run_as_postgres = is_root();
        // In the target directory (a real disk, like a server's; /tmp may be a tmpfs, where
        // syncing costs nothing), unless the postgres user cannot reach it (a checkout under
        // a private home directory).
        let mut parent = option_env!("CARGO_TARGET_TMPDIR")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir);
        std::fs::create_dir_all(&parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        if run_as_postgres && !postgres_can_enter(&parent) {
            parent = std::env::temp_dir();
        }
        let dir = tempfile::Builder::new()
            .prefix("soglasie-pg-")
            .tempdir_in(&parent)
            .map_err(|e| format!("temporary directory: {e}"))?;
        if run_as_postgres {
            // The postgres user must own the cluster's directory, and reach it.
            let owner = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(dir.path())
                .output()
                .map_err(|e| format!("chown: {e}"))?;
            if !owner.status.success() {
                return Err(format!(
                    "chown postgres {}: {} (is there a postgres user? tools/setup.sh installs PostgreSQL)",
                    dir.path().display(),
                    String::from_utf8_lossy(&owner.stderr).trim()
                ));
            }
        }
        let port = free_port()?;
        let cluster = Cluster {
            dir,
            bin,
            run_as_postgres,
            port,
        };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                path_str(&data)?,
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                // initdb's own files need no fsync for a throwaway cluster; the server's
                // commits below are synced as in production (fsync stays on).
                "--no-sync",
            ],
        )?;
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -c max_connections=200",
            path_str(cluster.dir.path())?
        );
        let log = cluster.dir.path().join("postgres.log");
        let started = cluster.run(
            "pg_ctl",
            &[
                "-D",
                path_str(&data)?,
                "-l",
                path_str(&log)?,
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        if let Err(e) = started {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(format!("{e}\n{log}"));
        }
        Ok(cluster)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn command(&self, program: &str) -> Command {
        let program = if self.bin.as_os_str().is_empty() {
            PathBuf::from(program)
        } else {
            self.bin.join(program)
        };
        if self.run_as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<Output, String> {
        let output = self
            .command(program)
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .map_err(|e| format!("{program}: {e} (tools/setup.sh installs PostgreSQL)"))?;
        if output.status.success() {
            Ok(output)
        } else {
            Err(format!(
                "{program} {}: {}{}",
                args.join(" "),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }

    /// A new, empty database; its URL.
    pub fn create_database(&self, name: &str) -> Result<String, String> {
        let port = self.port.to_string();
        self.run(
            "createdb",
            &["-h", "127.0.0.1", "-p", &port, "-U", "postgres", name],
        )?;
        Ok(self.url(name))
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

fn path_str(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("{}: not UTF-8", path.display()))
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // Immediate: the data is thrown away anyway.
        if let Ok(data) = path_str(&self.data()) {
            let _ = self.run("pg_ctl", &["-D", data, "-m", "immediate", "-w", "stop"]);
        }
    }
}
