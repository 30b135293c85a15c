//! The router in process (tower's `oneshot`, no socket), on a fresh database, and requests
//! and receipts to send it.

use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::{Extension, Router};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use soglasie_server::limits::{Origins, RateLimit};
use soglasie_server::routes::{router, AppState};
use soglasie_server::staff::StaffToken;
use soglasie_server::store::Store;
use soglasie_server::timestamp;
use time::{Duration, OffsetDateTime};
use tower::ServiceExt;

/// The clinic's site (--origin), and the staff token.
pub use crate::spawn::{ORIGIN, TOKEN};
/// A second configured site.
pub const OTHER_SITE: &str = "http://127.0.0.1:8080";

pub struct App {
    pub router: Router,
    pub store: Store,
}

pub struct Settings {
    pub rate_per_minute: u32,
    pub client_ip_header: Option<&'static str>,
    pub staff_token: Option<&'static str>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            rate_per_minute: 0,
            client_ip_header: None,
            staff_token: Some(TOKEN),
        }
    }
}

pub async fn app(database: &str) -> Result<App, String> {
    app_with(database, Settings::default()).await
}

pub async fn app_with(database: &str, settings: Settings) -> Result<App, String> {
    let store = Store::open(database).await.map_err(|e| e.to_string())?;
    let state = AppState {
        store: store.clone(),
        origins: Origins::new(&[ORIGIN.to_string(), OTHER_SITE.to_string()])?,
        staff_token: settings.staff_token.map(StaffToken::new).transpose()?,
        rate: RateLimit::new(
            settings.rate_per_minute,
            settings
                .client_ip_header
                .map(|h| h.parse().map_err(|e| format!("{h}: {e}")))
                .transpose()?,
        ),
    };
    // What `into_make_service_with_connect_info` gives a real connection.
    let peer = SocketAddr::from(([192, 0, 2, 1], 40000));
    Ok(App {
        router: router(state).layer(Extension(ConnectInfo(peer))),
        store,
    })
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Result<Value, String> {
        serde_json::from_slice(&self.body).map_err(|e| format!("not JSON ({e}): {}", self.text()))
    }

    /// The `error` of a JSON error body; fails when the body is anything else.
    pub fn error(&self) -> Result<String, String> {
        let body = self.json()?;
        let object = body
            .as_object()
            .ok_or_else(|| format!("not an object: {body}"))?;
        match (object.len(), object.get("error")) {
            (1, Some(Value::String(message))) if !message.is_empty() => Ok(message.clone()),
            _ => Err(format!("not {{\"error\": \"…\"}}: {body}")),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Passes when the status is `status`, saying what came instead.
    pub fn expect(&self, status: u16) -> Result<&Reply, String> {
        if self.status.as_u16() == status {
            Ok(self)
        } else {
            Err(format!(
                "expected {status}, got {}: {}",
                self.status,
                self.text()
            ))
        }
    }

    /// Passes when the status is `status` and the body is a JSON error; returns the message.
    pub fn expect_error(&self, status: u16) -> Result<String, String> {
        self.expect(status)?;
        self.error()
    }
}

pub async fn send(router: &Router, request: Request<Body>) -> Result<Reply, String> {
    let response = router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| format!("router: {e}"))?;
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map_err(|e| format!("body: {e}"))?
        .to_bytes();
    Ok(Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    })
}

/// A receipt POSTed as `navigator.sendBeacon` sends it.
pub fn post(body: impl Into<String>) -> Request<Body> {
    Request::post("/v1/receipts")
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .header(header::ORIGIN, ORIGIN)
        .body(Body::from(body.into()))
        .expect("a valid request")
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .body(Body::empty())
        .expect("a valid request")
}

pub fn staff_get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .expect("a valid request")
}

/// A consent id (22 base64url characters) made from a number, unique per number.
pub fn consent_id(n: u64) -> String {
    format!("t{n:021}")
}

/// A time `ago` before now, as a browser writes it.
pub fn time_ago(ago: Duration) -> String {
    timestamp::shown(OffsetDateTime::now_utc() - ago)
}

/// A valid receipt, as the browser module sends it.
pub fn receipt(id: &str, at: &str) -> Value {
    json!({
        "v": 1, "id": id, "policy": "Sc6g9MiUiyLwqLH2",
        "categories": ["necessary", "analytics"], "kind": "accept_all", "renewal": false,
        "at": at, "origin": ORIGIN, "path": "/uslugi/", "version": "0.2.0"
    })
}

/// Ensures a condition, with a message.
pub fn ensure(condition: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(message())
    }
}
