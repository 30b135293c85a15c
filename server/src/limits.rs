//! What a request must meet before a handler sees it: a configured origin (browsers), CORS, a
//! per-IP rate, a size, a time.
//!
//! The rate limiter keeps client addresses in memory only, for as long as their quota needs
//! them; nothing about a visitor's address is stored or logged.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;

/// A receipt is a few hundred bytes; 4 KiB leaves room and refuses anything else early.
pub const RECEIPT_BODY_LIMIT: usize = 4 * 1024;
/// A policy's canonical text grows with its services; the demo's is about 2 KiB.
pub const POLICY_BODY_LIMIT: usize = 64 * 1024;
/// The longest a request may take, reading its body included (slow clients hold sockets).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The sites whose pages may call the API: `Origin` values, exactly as browsers send them.
#[derive(Clone, Debug)]
pub struct Origins(Arc<Vec<HeaderValue>>);

impl Origins {
    pub fn new(origins: &[String]) -> Result<Origins, String> {
        let values = origins
            .iter()
            .map(|o| {
                let parsed = url::Url::parse(o).map_err(|_| format!("--origin {o}: not a URL"))?;
                let serialised = parsed.origin().ascii_serialization();
                if !matches!(parsed.scheme(), "http" | "https") || serialised != *o {
                    return Err(format!(
                        "--origin {o}: give the origin as browsers send it, e.g. {serialised} (scheme://host[:port], no path)"
                    ));
                }
                HeaderValue::from_str(o).map_err(|_| format!("--origin {o}: not a header value"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Origins(Arc::new(values)))
    }

    pub fn allows(&self, origin: &str) -> bool {
        self.0.iter().any(|o| o.as_bytes() == origin.as_bytes())
    }

    fn allows_header(&self, origin: &HeaderValue) -> bool {
        self.0.contains(origin)
    }

    /// CORS for the configured origins: what `fetch` from the clinic's pages needs (a JSON
    /// POST is preflighted; `sendBeacon` with a text body is not). Staff use no browser.
    pub fn cors(&self) -> CorsLayer {
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(self.0.iter().cloned()))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE])
            .max_age(Duration::from_secs(3600))
    }
}

/// Refuses a request whose `Origin` header names another site: a page elsewhere has no
/// business posting receipts or reading a visitor's. Requests without the header (curl, other
/// servers) pass; browsers always send it on a POST and on a cross-origin GET.
pub async fn guard_origin(
    State(origins): State<Origins>,
    request: Request,
    next: Next,
) -> Response {
    match request.headers().get(header::ORIGIN) {
        Some(origin) if !origins.allows_header(origin) => {
            ApiError::forbidden("this origin may not use this server (see its --origin list)")
                .into_response()
        }
        _ => next.run(request).await,
    }
}

/// Requests per minute per client address.
#[derive(Clone)]
pub struct RateLimit {
    limiter: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    /// Behind a reverse proxy every request comes from the proxy: then the client's address
    /// is in a header the proxy sets (`X-Real-IP`, `X-Forwarded-For`).
    client_ip_header: Option<HeaderName>,
}

impl RateLimit {
    /// `per_minute == 0` turns the limit off (benchmarks, a proxy that limits already).
    pub fn new(per_minute: u32, client_ip_header: Option<HeaderName>) -> RateLimit {
        let limiter =
            NonZeroU32::new(per_minute).map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n))));
        RateLimit {
            limiter,
            client_ip_header,
        }
    }

    pub fn off() -> RateLimit {
        RateLimit::new(0, None)
    }

    /// Forgets addresses whose quota is whole again, so memory follows the recent clients
    /// only (run now and then).
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    fn client(&self, request: &Request) -> IpAddr {
        let from_proxy = self.client_ip_header.as_ref().and_then(|name| {
            // A proxy appends the address it saw; earlier entries came from the client and
            // may be forged, so the last one counts.
            let value = request.headers().get(name)?.to_str().ok()?;
            value.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        });
        let peer = || {
            request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip())
        };
        // No address at all only happens in tests that call the router directly.
        from_proxy
            .or_else(peer)
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }
}

pub async fn limit_rate(State(rate): State<RateLimit>, request: Request, next: Next) -> Response {
    if let Some(limiter) = &rate.limiter {
        if let Err(not_until) = limiter.check_key(&rate.client(&request)) {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let mut error = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests from this address; try again later",
            );
            error.retry_after = Some(wait.as_secs().max(1));
            return error.into_response();
        }
    }
    next.run(request).await
}

/// Ends a request that takes longer than [`REQUEST_TIMEOUT`] (a client trickling its body,
/// or a database that does not answer).
pub async fn limit_time(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            ApiError::new(StatusCode::REQUEST_TIMEOUT, "the request took too long").into_response()
        }
    }
}
