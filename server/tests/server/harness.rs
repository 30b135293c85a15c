//! The suite: databases for each test, both backends, the PostgreSQL cluster's lifetime.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};

use crate::{api, checks, cli, crash, fuzz, pg};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where tests get their databases and scratch files.
struct Databases {
    scratch: tempfile::TempDir,
    postgres: Result<pg::Cluster, String>,
    next: AtomicU32,
}

impl Databases {
    /// A new, empty database for one test.
    fn fresh(&self, backend: Backend) -> Result<String, String> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        match backend {
            Backend::Sqlite => Ok(format!(
                "sqlite://{}",
                self.scratch.path().join(format!("test{n}.db")).display()
            )),
            Backend::Postgres => match &self.postgres {
                Ok(cluster) => cluster.create_database(&format!("test{n}")),
                Err(why) => Err(format!("PostgreSQL could not be started: {why}")),
            },
        }
    }

    /// A directory of its own for one test (logs, files).
    fn scratch_dir(&self, name: &str) -> Result<PathBuf, String> {
        let dir = self.scratch.path().join(name.replace("::", "-"));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(dir)
    }
}

fn block_on<F: Future<Output = Result<(), String>>>(test: F) -> Result<(), Failed> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failed::from(e.to_string()))?;
    runtime.block_on(test).map_err(Failed::from)
}

struct Suite {
    databases: Arc<Databases>,
    skip_postgres: bool,
    trials: Vec<Trial>,
}

impl Suite {
    fn add(
        &mut self,
        backend: Backend,
        name: &str,
        test: impl FnOnce(String, &Path) -> Result<(), Failed> + Send + 'static,
    ) {
        let databases = self.databases.clone();
        let full_name = format!("{}::{name}", backend.name());
        let scratch_name = full_name.clone();
        let trial = Trial::test(full_name, move || {
            let db = databases.fresh(backend)?;
            let scratch = databases.scratch_dir(&scratch_name)?;
            test(db, &scratch)
        });
        let ignored = backend == Backend::Postgres && self.skip_postgres;
        self.trials.push(trial.with_ignored_flag(ignored));
    }

    /// An async test that needs a database, on both backends.
    fn both<F, Fut>(&mut self, name: &str, test: F)
    where
        F: Fn(String) -> Fut + Send + Copy + 'static,
        Fut: Future<Output = Result<(), String>>,
    {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            self.add(backend, name, move |db, _| block_on(test(db)));
        }
    }

    /// An async test that needs a database and a scratch directory, on both backends.
    fn both_with_scratch<F, Fut>(&mut self, name: &str, test: F)
    where
        F: Fn(String, PathBuf) -> Fut + Send + Copy + 'static,
        Fut: Future<Output = Result<(), String>>,
    {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            self.add(backend, name, move |db, scratch| {
                block_on(test(db, scratch.to_path_buf()))
            });
        }
    }

    /// A synchronous test (proptest runs its own loop), on both backends.
    fn both_sync(&mut self, name: &str, test: fn(String) -> Result<(), String>) {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            self.add(backend, name, move |db, _| test(db).map_err(Failed::from));
        }
    }
}

pub fn main() {
    let arguments = Arguments::from_args();
    let skip_postgres = std::env::var("SOGLASIE_SKIP_POSTGRES").is_ok_and(|v| v == "1");
    let wants_postgres = !skip_postgres && !arguments.list;
    let postgres = if wants_postgres {
        pg::Cluster::start()
    } else {
        Err("skipped (SOGLASIE_SKIP_POSTGRES=1)".to_string())
    };
    if skip_postgres {
        eprintln!("SOGLASIE_SKIP_POSTGRES=1: the PostgreSQL tests are skipped");
    }
    let scratch_parent = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let scratch = std::fs::create_dir_all(&scratch_parent).and_then(|_| {
        tempfile::Builder::new()
            .prefix("soglasie-server-test-")
            .tempdir_in(&scratch_parent)
    });
    let scratch = match scratch {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!(
                "cannot make a scratch directory in {}: {e}",
                scratch_parent.display()
            );
            std::process::exit(101);
        }
    };
    let mut suite = Suite {
        databases: Arc::new(Databases {
            scratch,
            postgres,
            next: AtomicU32::new(0),
        }),
        skip_postgres,
        trials: Vec::new(),
    };

    suite.both(
        "api::a_visitor_reads_back_their_receipts_newest_first",
        api::a_visitor_reads_back_their_receipts_newest_first,
    );
    suite.both(
        "api::a_repeated_receipt_stores_nothing_new",
        api::a_repeated_receipt_stores_nothing_new,
    );
    suite.both(
        "api::a_receipt_from_the_sites_own_pages_makes_its_cookie_last",
        api::a_receipt_from_the_sites_own_pages_makes_its_cookie_last,
    );
    suite.both(
        "api::beacon_and_fetch_bodies_are_read_and_others_refused",
        api::beacon_and_fetch_bodies_are_read_and_others_refused,
    );
    suite.both(
        "api::staff_export_json_lines_and_csv",
        api::staff_export_json_lines_and_csv,
    );
    suite.both(
        "api::policy_texts_are_kept_under_their_hash",
        api::policy_texts_are_kept_under_their_hash,
    );
    suite.both(
        "api::prune_deletes_by_decision_time",
        api::prune_deletes_by_decision_time,
    );
    suite.both(
        "api::reopening_keeps_receipts_and_migrates_once",
        api::reopening_keeps_receipts_and_migrates_once,
    );
    suite.both_with_scratch("crash::acknowledged_receipts_survive_sigkill", |db, scratch| async move {
        crash::acknowledged_receipts_survive_sigkill(db, &scratch).await
    });
    suite.both_with_scratch(
        "cli::prune_says_how_many_it_deleted",
        |db, scratch| async move { cli::prune_says_how_many_it_deleted(db, &scratch).await },
    );
    suite.add(
        Backend::Sqlite,
        "cli::mistakes_are_one_line_and_an_exit_code",
        |_, scratch| {
            let scratch = scratch.to_path_buf();
            block_on(async move { cli::mistakes_are_one_line_and_an_exit_code(&scratch).await })
        },
    );
    suite.both(
        "checks::only_configured_origins_may_call",
        checks::only_configured_origins_may_call,
    );
    suite.both(
        "checks::bodies_over_the_limit_are_refused",
        checks::bodies_over_the_limit_are_refused,
    );
    suite.both(
        "checks::each_address_has_its_rate",
        checks::each_address_has_its_rate,
    );
    suite.both(
        "checks::a_receipt_from_the_future_is_refused",
        checks::a_receipt_from_the_future_is_refused,
    );
    suite.both(
        "checks::every_bad_request_gets_a_json_4xx",
        checks::every_bad_request_gets_a_json_4xx,
    );
    suite.both(
        "checks::staff_endpoints_are_off_without_a_token",
        checks::staff_endpoints_are_off_without_a_token,
    );
    suite.both_sync(
        "fuzz::malformed_receipts_never_get_a_5xx",
        fuzz::malformed_receipts_never_get_a_5xx,
    );
    suite.both_sync(
        "fuzz::malformed_paths_and_queries_never_get_a_5xx",
        fuzz::malformed_paths_and_queries_never_get_a_5xx,
    );

    let Suite {
        databases, trials, ..
    } = suite;
    let conclusion = libtest_mimic::run(&arguments, trials);
    // The cluster is stopped and the scratch files removed before exiting (`exit` skips drops).
    drop(databases);
    conclusion.exit();
}
