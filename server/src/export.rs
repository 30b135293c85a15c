//! `GET /v1/export`: receipts as JSON Lines (one receipt object per line, as
//! `GET /v1/receipts/{id}` shows them) or CSV, written row by row as the database yields them.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::stream::{self, BoxStream, StreamExt};

use crate::error::ApiError;
use crate::receipt::StoredReceipt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    JsonLines,
    Csv,
}

/// The CSV columns, in order. `categories` are space-separated ids.
pub const CSV_HEADER: [&str; 11] = [
    "id",
    "at",
    "received",
    "kind",
    "renewal",
    "categories",
    "policy",
    "origin",
    "path",
    "version",
    "v",
];

impl Format {
    /// `format=jsonl|csv` wins; otherwise `Accept: text/csv` asks for CSV; JSON Lines by
    /// default.
    pub fn choose(format: Option<&str>, headers: &HeaderMap) -> Result<Format, ApiError> {
        match format {
            Some("jsonl") => Ok(Format::JsonLines),
            Some("csv") => Ok(Format::Csv),
            Some(other) => Err(ApiError::bad_request(format!(
                "format={other}: use format=jsonl or format=csv"
            ))),
            None => {
                let accept = headers
                    .get(header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                let wants_csv = accept
                    .split(',')
                    .any(|item| item.split(';').next().unwrap_or("").trim() == "text/csv");
                Ok(if wants_csv {
                    Format::Csv
                } else {
                    Format::JsonLines
                })
            }
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::JsonLines => "application/x-ndjson; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Format::JsonLines => "attachment; filename=\"receipts.jsonl\"",
            Format::Csv => "attachment; filename=\"receipts.csv\"",
        }
    }
}

fn json_line(receipt: &StoredReceipt) -> Result<Bytes, std::io::Error> {
    let mut line = serde_json::to_vec(receipt)?;
    line.push(b'\n');
    Ok(Bytes::from(line))
}

fn csv_record(fields: &[&str]) -> Result<Bytes, std::io::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(fields)?;
    writer
        .into_inner()
        .map(Bytes::from)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn csv_line(r: &StoredReceipt) -> Result<Bytes, std::io::Error> {
    let categories = r.categories.join(" ");
    let v = r.v.to_string();
    csv_record(&[
        &r.id,
        &r.at,
        &r.received,
        r.kind.as_str(),
        if r.renewal { "true" } else { "false" },
        &categories,
        &r.policy,
        &r.origin,
        r.path.as_deref().unwrap_or(""),
        &r.version,
        &v,
    ])
}

/// The response: headers now, rows as they come. A database error midway ends the body
/// early (the client sees a cut transfer, and the log says why): by then the status was sent.
pub fn response(
    format: Format,
    receipts: BoxStream<'static, Result<StoredReceipt, sqlx::Error>>,
) -> Response {
    let lines = receipts.map(move |receipt| {
        let receipt = receipt.map_err(|e| {
            tracing::error!("export: database: {e}");
            std::io::Error::other(e)
        })?;
        match format {
            Format::JsonLines => json_line(&receipt),
            Format::Csv => csv_line(&receipt),
        }
    });
    let body = match format {
        Format::JsonLines => Body::from_stream(lines),
        Format::Csv => {
            Body::from_stream(stream::once(async { csv_record(&CSV_HEADER) }).chain(lines))
        }
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static(format.file_name()),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
