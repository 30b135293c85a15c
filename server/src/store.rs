//! The receipts database: SQLite (`sqlite://receipts.db`) or PostgreSQL (`postgres://…`),
//! through sqlx's runtime queries. Each operation has one SQL text per backend, side by side
//! ([`Sql`]); both bind the same values (times as text, see src/timestamp.rs).
//!
//! Durability: a function that stores returns only once the database has committed. SQLite
//! runs in WAL mode with `synchronous=FULL` (the log is synced on every commit); PostgreSQL
//! with its default `synchronous_commit=on` (a warning is logged when it is off).

use std::str::FromStr;
use std::time::Duration;

use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, Database, Encode, Type};
use time::OffsetDateTime;

use crate::receipt::{self, Kind, Receipt, StoredReceipt};
use crate::timestamp;

/// How long a request waits for a connection (or, on SQLite, for the write lock) before the
/// server answers 503.
const WAIT: Duration = Duration::from_secs(5);
/// `GET /v1/receipts/{id}` returns at most this many (a visitor makes a handful of decisions).
pub const MAX_LISTED: i64 = 1000;
/// PostgreSQL connections per server; several servers may share one database.
const PG_CONNECTIONS: u32 = 16;
/// SQLite readers (WAL lets them run beside the one writer).
const SQLITE_READERS: u32 = 4;
/// The receipt format as stored (`receipt::FORMAT`, which is 1).
const FORMAT_STORED: i32 = receipt::FORMAT as i32;

#[derive(Clone, Debug)]
pub enum Store {
    /// SQLite allows one writer at a time: one connection writes, in the order requests
    /// arrive (sqlx's pool queue), instead of several connections retrying on a busy lock.
    Sqlite {
        writer: SqlitePool,
        readers: SqlitePool,
    },
    Postgres(PgPool),
}

/// Whether a store call added a row or found it there already (idempotent retries).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Stored,
    AlreadyThere,
}

impl Outcome {
    fn of(rows_affected: u64) -> Outcome {
        if rows_affected == 0 {
            Outcome::AlreadyThere
        } else {
            Outcome::Stored
        }
    }
}

/// Why the database could not be opened: one line for the command line.
#[derive(Debug)]
pub struct OpenError(pub String);

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OpenError {}

/// One statement in each backend's dialect.
struct Sql {
    sqlite: &'static str,
    postgres: &'static str,
}

const INSERT_RECEIPT: Sql = Sql {
    sqlite: "INSERT INTO receipts (consent_id, at, received, format, policy, kind, renewal, \
             categories, origin, path, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (consent_id, at) DO NOTHING",
    postgres: "INSERT INTO receipts (consent_id, at, received, format, policy, kind, renewal, \
               categories, origin, path, version) VALUES ($1, $2::timestamptz, \
               $3::timestamptz, $4, $5, $6, $7, $8, $9, $10, $11) \
               ON CONFLICT (consent_id, at) DO NOTHING",
};

// Both SELECTs return [`ReceiptRow`]'s columns; PostgreSQL writes its times in SQLite's stored
// form (src/timestamp.rs), so one row type reads both.
const RECEIPTS_OF: Sql = Sql {
    sqlite: "SELECT consent_id, at, received, format, policy, kind, renewal, categories, \
             origin, path, version FROM receipts \
             WHERE consent_id = ? ORDER BY at DESC, received DESC LIMIT ?",
    postgres: "SELECT consent_id, \
               to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS at, \
               to_char(received AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS received, \
               format, policy, kind, renewal, categories, origin, path, version FROM receipts \
               WHERE consent_id = $1 ORDER BY receipts.at DESC, receipts.received DESC LIMIT $2",
};

const EXPORT: Sql = Sql {
    sqlite: "SELECT consent_id, at, received, format, policy, kind, renewal, categories, \
             origin, path, version FROM receipts \
             WHERE at >= ? AND at < ? ORDER BY at, consent_id",
    postgres: "SELECT consent_id, \
               to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS at, \
               to_char(received AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS received, \
               format, policy, kind, renewal, categories, origin, path, version FROM receipts \
               WHERE receipts.at >= $1::timestamptz AND receipts.at < $2::timestamptz \
               ORDER BY receipts.at, consent_id",
};

const PRUNE: Sql = Sql {
    sqlite: "DELETE FROM receipts WHERE at < ?",
    postgres: "DELETE FROM receipts WHERE at < $1::timestamptz",
};

const INSERT_POLICY: Sql = Sql {
    sqlite: "INSERT INTO policies (hash, canonical, stored) VALUES (?, ?, ?) \
             ON CONFLICT (hash) DO NOTHING",
    postgres: "INSERT INTO policies (hash, canonical, stored) VALUES ($1, $2, $3::timestamptz) \
               ON CONFLICT (hash) DO NOTHING",
};

const POLICY: Sql = Sql {
    sqlite: "SELECT canonical FROM policies WHERE hash = ?",
    postgres: "SELECT canonical FROM policies WHERE hash = $1",
};

/// A row as both backends return it (every time as stored text).
#[derive(sqlx::FromRow)]
struct ReceiptRow {
    consent_id: String,
    at: String,
    received: String,
    format: i32,
    policy: String,
    kind: String,
    renewal: bool,
    categories: String,
    origin: String,
    path: Option<String>,
    version: String,
}

impl ReceiptRow {
    fn into_stored(self) -> Result<StoredReceipt, sqlx::Error> {
        let bad = |what: &str| sqlx::Error::Decode(format!("receipts.{what} is not valid").into());
        let shown = |text: &str, what: &str| {
            timestamp::parse_stored(text)
                .map(timestamp::shown)
                .map_err(|_| bad(what))
        };
        Ok(StoredReceipt {
            v: u32::try_from(self.format).map_err(|_| bad("format"))?,
            id: self.consent_id,
            policy: self.policy,
            categories: self.categories.split(' ').map(str::to_string).collect(),
            kind: Kind::parse(&self.kind).ok_or_else(|| bad("kind"))?,
            renewal: self.renewal,
            at: shown(&self.at, "at")?,
            origin: self.origin,
            path: self.path,
            version: self.version,
            received: shown(&self.received, "received")?,
        })
    }
}

/// The receipt's values in [`INSERT_RECEIPT`]'s order, for either backend.
fn bind_receipt<'q, DB>(
    query: sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>,
    r: &Receipt,
    received: OffsetDateTime,
) -> sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    String: Encode<'q, DB> + Type<DB>,
    Option<String>: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
    i32: Encode<'q, DB> + Type<DB>,
{
    query
        .bind(r.id.clone())
        .bind(timestamp::stored(r.at))
        .bind(timestamp::stored(received))
        .bind(FORMAT_STORED)
        .bind(r.policy.clone())
        .bind(r.kind.as_str().to_string())
        .bind(r.renewal)
        .bind(r.categories.join(" "))
        .bind(r.origin.clone())
        .bind(r.path.clone())
        .bind(r.version.clone())
}

/// The URL with its password replaced, for messages.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Only fails for URLs that cannot have a password, and this one has one.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// "cannot {what} the database {url}: {why}", the URL without its password.
fn failure(url: &str, what: &str, why: &dyn std::fmt::Display) -> OpenError {
    OpenError(format!(
        "cannot {what} the database {}: {why}",
        redacted(url)
    ))
}

async fn open_sqlite(url: &str) -> Result<Store, OpenError> {
    let options = SqliteConnectOptions::from_str(url).map_err(|e| failure(url, "read", &e))?;
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Err(OpenError(format!(
            "{url}: an in-memory database would lose every receipt; name a file"
        )));
    }
    let writer_options = options
        .clone()
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(WAIT);
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(WAIT)
        .connect_with(writer_options)
        .await
        .map_err(|e| failure(url, "open", &e))?;
    sqlx::migrate!("migrations/sqlite")
        .run(&writer)
        .await
        .map_err(|e| failure(url, "migrate", &e))?;
    // Opened after the writer: the file exists and is in WAL mode by now.
    let readers = SqlitePoolOptions::new()
        .max_connections(SQLITE_READERS)
        .acquire_timeout(WAIT)
        .connect_with(options.read_only(true).busy_timeout(WAIT))
        .await
        .map_err(|e| failure(url, "open", &e))?;
    Ok(Store::Sqlite { writer, readers })
}

async fn open_postgres(url: &str) -> Result<Store, OpenError> {
    let options = PgConnectOptions::from_str(url).map_err(|e| failure(url, "read", &e))?;
    // One plain connection first: a pool would retry until its timeout and then say only
    // that it timed out; this says why (refused, unknown database, password…).
    let mut probe = tokio::time::timeout(WAIT, sqlx::PgConnection::connect_with(&options))
        .await
        .map_err(|_| failure(url, "reach", &"no answer within 5 s"))?
        .map_err(|e| failure(url, "connect to", &e))?;
    let (synchronous,): (String,) = sqlx::query_as("SHOW synchronous_commit")
        .fetch_one(&mut probe)
        .await
        .map_err(|e| failure(url, "query", &e))?;
    if synchronous == "off" {
        tracing::warn!(
            "synchronous_commit is off on {}: a crash of PostgreSQL may lose receipts already acknowledged",
            redacted(url)
        );
    }
    let _ = probe.close().await;
    let pool = PgPoolOptions::new()
        .max_connections(PG_CONNECTIONS)
        .acquire_timeout(WAIT)
        .connect_with(options)
        .await
        .map_err(|e| failure(url, "connect to", &e))?;
    // sqlx holds an advisory lock while migrating: servers starting together migrate once.
    sqlx::migrate!("migrations/postgres")
        .run(&pool)
        .await
        .map_err(|e| failure(url, "migrate", &e))?;
    Ok(Store::Postgres(pool))
}

impl Store {
    /// Opens (SQLite: creates if missing) the database at `url`, and brings its schema up to
    /// date (migrations/, embedded at build time).
    pub async fn open(url: &str) -> Result<Store, OpenError> {
        if url.starts_with("sqlite:") {
            open_sqlite(url).await
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            open_postgres(url).await
        } else {
            Err(OpenError(format!(
                "{}: the database URL must start with sqlite:// or postgres://",
                redacted(url)
            )))
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite { .. } => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Stores a receipt; a receipt with the same consent id and time is left as it was.
    pub async fn insert(
        &self,
        r: &Receipt,
        received: OffsetDateTime,
    ) -> Result<Outcome, sqlx::Error> {
        let done = match self {
            Store::Sqlite { writer, .. } => {
                bind_receipt(sqlx::query(INSERT_RECEIPT.sqlite), r, received)
                    .execute(writer)
                    .await?
                    .rows_affected()
            }
            Store::Postgres(pool) => {
                bind_receipt(sqlx::query(INSERT_RECEIPT.postgres), r, received)
                    .execute(pool)
                    .await?
                    .rows_affected()
            }
        };
        Ok(Outcome::of(done))
    }

    /// One visitor's receipts, newest first.
    pub async fn receipts_of(&self, consent_id: &str) -> Result<Vec<StoredReceipt>, sqlx::Error> {
        let rows: Vec<ReceiptRow> = match self {
            Store::Sqlite { readers, .. } => {
                sqlx::query_as(RECEIPTS_OF.sqlite)
                    .bind(consent_id)
                    .bind(MAX_LISTED)
                    .fetch_all(readers)
                    .await?
            }
            Store::Postgres(pool) => {
                sqlx::query_as(RECEIPTS_OF.postgres)
                    .bind(consent_id)
                    .bind(MAX_LISTED)
                    .fetch_all(pool)
                    .await?
            }
        };
        rows.into_iter().map(ReceiptRow::into_stored).collect()
    }

    /// Every receipt with `from <= at < to`, oldest first, read from the database row by row
    /// as the stream is polled (an export never sits in memory whole).
    pub fn export(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> BoxStream<'static, Result<StoredReceipt, sqlx::Error>> {
        let (from, to) = (timestamp::stored(from), timestamp::stored(to));
        // The stream owns a handle on the pool (pools are reference-counted), so it can
        // outlive the request handler that returns it.
        let rows = match self.clone() {
            Store::Sqlite { readers, .. } => async_stream::try_stream! {
                let mut rows = sqlx::query_as::<_, ReceiptRow>(EXPORT.sqlite)
                    .bind(from)
                    .bind(to)
                    .fetch(&readers);
                while let Some(row) = rows.try_next().await? {
                    yield row;
                }
            }
            .boxed(),
            Store::Postgres(pool) => async_stream::try_stream! {
                let mut rows = sqlx::query_as::<_, ReceiptRow>(EXPORT.postgres)
                    .bind(from)
                    .bind(to)
                    .fetch(&pool);
                while let Some(row) = rows.try_next().await? {
                    yield row;
                }
            }
            .boxed(),
        };
        rows.and_then(|row| async move { row.into_stored() })
            .boxed()
    }

    /// Deletes the receipts made before `cutoff`; returns how many.
    pub async fn prune(&self, cutoff: OffsetDateTime) -> Result<u64, sqlx::Error> {
        let cutoff = timestamp::stored(cutoff);
        let done = match self {
            Store::Sqlite { writer, .. } => sqlx::query(PRUNE.sqlite)
                .bind(cutoff)
                .execute(writer)
                .await?
                .rows_affected(),
            Store::Postgres(pool) => sqlx::query(PRUNE.postgres)
                .bind(cutoff)
                .execute(pool)
                .await?
                .rows_affected(),
        };
        Ok(done)
    }

    /// Keeps a policy's canonical text under its hash (the caller checked the hash).
    pub async fn put_policy(&self, hash: &str, canonical: &str) -> Result<Outcome, sqlx::Error> {
        let stored = timestamp::stored(timestamp::now());
        let done = match self {
            Store::Sqlite { writer, .. } => sqlx::query(INSERT_POLICY.sqlite)
                .bind(hash)
                .bind(canonical)
                .bind(stored)
                .execute(writer)
                .await?
                .rows_affected(),
            Store::Postgres(pool) => sqlx::query(INSERT_POLICY.postgres)
                .bind(hash)
                .bind(canonical)
                .bind(stored)
                .execute(pool)
                .await?
                .rows_affected(),
        };
        Ok(Outcome::of(done))
    }

    pub async fn policy(&self, hash: &str) -> Result<Option<String>, sqlx::Error> {
        let row: Option<(String,)> = match self {
            Store::Sqlite { readers, .. } => {
                sqlx::query_as(POLICY.sqlite)
                    .bind(hash)
                    .fetch_optional(readers)
                    .await?
            }
            Store::Postgres(pool) => {
                sqlx::query_as(POLICY.postgres)
                    .bind(hash)
                    .fetch_optional(pool)
                    .await?
            }
        };
        Ok(row.map(|(text,)| text))
    }

    /// Whether the database answers (`GET /healthz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        match self {
            Store::Sqlite { readers, .. } => {
                sqlx::query("SELECT 1").execute(readers).await?;
            }
            Store::Postgres(pool) => {
                sqlx::query("SELECT 1").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// Waits for the queries under way, then closes the connections.
    pub async fn close(&self) {
        match self {
            Store::Sqlite { writer, readers } => {
                readers.close().await;
                writer.close().await;
            }
            Store::Postgres(pool) => pool.close().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redacted("postgres://clinic:secret@db.internal:5432/receipts"),
            "postgres://clinic:***@db.internal:5432/receipts"
        );
        assert_eq!(redacted("sqlite://receipts.db"), "sqlite://receipts.db");
    }
}
