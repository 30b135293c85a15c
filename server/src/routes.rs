//! The HTTP API (docs/server.md):
//!
//! | | |
//! |---|---|
//! | `POST /v1/receipts` | a receipt (JSON, sent as `text/plain` or `application/json`) |
//! | `GET /v1/receipts/{consent_id}` | that visitor's receipts, newest first |
//! | `GET /v1/export?from=&to=&format=` | staff: every receipt, JSON Lines or CSV, streamed |
//! | `PUT /v1/policies/{hash}` | staff: a policy's canonical text, checked against its hash |
//! | `GET /v1/policies/{hash}` | that text (public) |
//! | `GET /healthz` | the server and its database answer |

use std::any::Any;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use soglasie::core::cookie::ID_LEN;
use soglasie::core::policy::{hash_canonical, is_base64url, HASH_LEN};
use time::OffsetDateTime;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::{no_such_method, no_such_route, ApiError, Path, Query};
use crate::export::{self, Format};
use crate::limits::{self, Origins, RateLimit, POLICY_BODY_LIMIT, RECEIPT_BODY_LIMIT};
use crate::receipt::ReceiptBody;
use crate::staff::{Staff, StaffToken};
use crate::store::{Outcome, Store};
use crate::timestamp::{self, End};

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub origins: Origins,
    pub staff_token: Option<StaffToken>,
    pub rate: RateLimit,
}

pub fn router(state: AppState) -> Router {
    let receipts = Router::new()
        .route("/v1/receipts", post(post_receipt))
        .route("/v1/receipts/{consent_id}", get(receipts_of))
        .layer(DefaultBodyLimit::max(RECEIPT_BODY_LIMIT));
    let policies = Router::new()
        .route("/v1/policies/{hash}", get(get_policy).put(put_policy))
        .layer(DefaultBodyLimit::max(POLICY_BODY_LIMIT));
    // Layers wrap what is added before them, the last one outermost: an origin that is not
    // allowed is refused before CORS answers its preflight, and CORS headers are on 429s too.
    // The 405 answer is set before the layers, so that a preflight (OPTIONS) still reaches
    // CORS.
    let v1 = receipts
        .merge(policies)
        .route("/v1/export", get(export))
        .method_not_allowed_fallback(no_such_method)
        .layer(from_fn(limits::limit_time))
        .layer(from_fn_with_state(state.rate.clone(), limits::limit_rate))
        .layer(state.origins.cors())
        .layer(from_fn_with_state(
            state.origins.clone(),
            limits::guard_origin,
        ));
    Router::new()
        .route("/healthz", get(healthz))
        .method_not_allowed_fallback(no_such_method)
        .merge(v1)
        .fallback(no_such_route)
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(CatchPanicLayer::custom(panicked))
        .with_state(state)
}

/// A panic is a bug of ours: answered as a JSON 500, and the server goes on.
fn panicked(_: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

/// A body of JSON text. `navigator.sendBeacon(url, string)` sends `text/plain;charset=UTF-8`
/// (a CORS-safelisted type: no preflight), `fetch` may send `application/json`; either is read
/// the same way. Anything else is a 415.
pub struct TextBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for TextBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<TextBody, ApiError> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !is_json_text(content_type) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send the body as text/plain or application/json (UTF-8)",
            ));
        }
        Ok(TextBody(Bytes::from_request(request, state).await?))
    }
}

fn is_json_text(content_type: &str) -> bool {
    let mut parts = content_type.split(';').map(str::trim);
    let essence = parts.next().unwrap_or("").to_ascii_lowercase();
    let utf8 = parts.all(|param| match param.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
            value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        }
        _ => true,
    });
    matches!(essence.as_str(), "text/plain" | "application/json") && utf8
}

async fn post_receipt(
    State(state): State<AppState>,
    headers: HeaderMap,
    TextBody(body): TextBody,
) -> Result<Response, ApiError> {
    let body: ReceiptBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("receipt: {e}")))?;
    let receipt = body
        .validate(timestamp::now())
        .map_err(|e| ApiError::unprocessable(e.to_string()))?;
    if !state.origins.allows(&receipt.origin) {
        return Err(ApiError::unprocessable(format!(
            "origin: {} is not one of this server's sites",
            receipt.origin
        )));
    }
    let outcome = state
        .store
        .insert(&receipt, timestamp::now())
        .await
        .map_err(|e| ApiError::storage(&e))?;
    // A retry of a stored receipt changes nothing and is not an error.
    let mut response = match outcome {
        Outcome::Stored => (StatusCode::CREATED, Json(json!({ "stored": true }))),
        Outcome::AlreadyThere => (StatusCode::OK, Json(json!({ "stored": false }))),
    }
    .into_response();
    // The browser says whether the site's own pages sent it; a cross-origin answer's cookie
    // would be another site's.
    let from_the_site = headers
        .get("sec-fetch-site")
        .is_some_and(|v| v == "same-origin");
    if from_the_site {
        let cookies = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join("; ");
        if let Some(line) = receipt
            .lasting_cookie(&cookies, timestamp::now())
            .and_then(|line| HeaderValue::from_str(&line).ok())
        {
            response.headers_mut().insert(header::SET_COOKIE, line);
        }
    }
    Ok(response)
}

/// The consent id works as the visitor's own key: it is random, 132 bits, and known only to
/// their browser (and the clinic).
async fn receipts_of(
    State(state): State<AppState>,
    Path(consent_id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    if consent_id.len() != ID_LEN || !is_base64url(&consent_id) {
        return Err(ApiError::bad_request(format!(
            "a consent id is {ID_LEN} base64url characters"
        )));
    }
    let receipts = state
        .store
        .receipts_of(&consent_id)
        .await
        .map_err(|e| ApiError::storage(&e))?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(receipts)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportQuery {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

async fn export(
    _: Staff,
    State(state): State<AppState>,
    Query(query): Query<ExportQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let bound = |name: &str, value: &Option<String>, end: End, open: OffsetDateTime| match value {
        None => Ok(open),
        Some(text) => timestamp::parse_bound(text, end).ok_or_else(|| {
            ApiError::bad_request(format!(
                "{name}={text}: give an RFC 3339 time (2026-12-01T00:00:00Z) or a day (2026-12-01)"
            ))
        }),
    };
    let from = bound("from", &query.from, End::Start, timestamp::EARLIEST)?;
    let to = bound("to", &query.to, End::Finish, timestamp::LATEST)?;
    if from >= to {
        return Err(ApiError::bad_request("from must be before to"));
    }
    let format = Format::choose(query.format.as_deref(), &headers)?;
    Ok(export::response(format, state.store.export(from, to)))
}

fn check_hash(hash: &str) -> Result<(), ApiError> {
    if hash.len() == HASH_LEN && is_base64url(hash) {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "a policy hash is {HASH_LEN} base64url characters"
        )))
    }
}

/// Staff keep the canonical text of each policy visitors agree to, so a receipt's hash can be
/// shown to mean a text. The server recomputes the hash: a text stored under a hash is always
/// the text of that hash.
async fn put_policy(
    _: Staff,
    State(state): State<AppState>,
    Path(hash): Path<String>,
    TextBody(body): TextBody,
) -> Result<impl IntoResponse, ApiError> {
    check_hash(&hash)?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::bad_request("the canonical text must be UTF-8"))?;
    // `soglasie canonical` prints the text with a newline after it.
    let canonical = text.strip_suffix('\n').unwrap_or(text);
    // A canonical text is JSON, which escapes control characters; PostgreSQL's text cannot
    // hold a NUL at all.
    if canonical.contains('\0') {
        return Err(ApiError::unprocessable(
            "the canonical text holds a NUL character: it is not what `soglasie canonical` prints",
        ));
    }
    if canonical.is_empty() {
        return Err(ApiError::unprocessable(
            "send the text `soglasie canonical config.json` prints",
        ));
    }
    let actual = hash_canonical(canonical);
    if actual != hash {
        return Err(ApiError::unprocessable(format!(
            "this text's hash is {actual}, not {hash}: send the text `soglasie canonical` prints for that config"
        )));
    }
    let outcome = state
        .store
        .put_policy(&hash, canonical)
        .await
        .map_err(|e| ApiError::storage(&e))?;
    let status = match outcome {
        Outcome::Stored => StatusCode::CREATED,
        Outcome::AlreadyThere => StatusCode::OK,
    };
    Ok((
        status,
        Json(json!({ "hash": hash, "stored": outcome == Outcome::Stored })),
    ))
}

/// The clinic's public policy terms: the same text forever under the same hash.
async fn get_policy(
    State(state): State<AppState>,
    Path(hash): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    check_hash(&hash)?;
    let text = state
        .store
        .policy(&hash)
        .await
        .map_err(|e| ApiError::storage(&e))?
        .ok_or_else(|| ApiError::not_found(format!("no policy text stored under {hash}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        text,
    ))
}

async fn healthz(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    state
        .store
        .ping()
        .await
        .map_err(|e| ApiError::storage(&e))?;
    Ok(Json(
        json!({ "status": "ok", "database": state.store.backend() }),
    ))
}

#[cfg(test)]
mod tests {
    use super::is_json_text;

    #[test]
    fn beacon_and_fetch_content_types_are_read() {
        for ok in [
            "text/plain;charset=UTF-8",
            "text/plain",
            "application/json",
            "Application/JSON; charset=\"utf-8\"",
        ] {
            assert!(is_json_text(ok), "{ok}");
        }
        for bad in [
            "",
            "text/html",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "text/plain; charset=windows-1251",
        ] {
            assert!(!is_json_text(bad), "{bad}");
        }
    }
}
