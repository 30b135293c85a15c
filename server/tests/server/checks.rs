//! What the router refuses before a receipt reaches the database, and how: origins, CORS,
//! sizes, rates, malformed requests.

use axum::body::Body;
use axum::http::{header, Request};
use serde_json::{json, Value};
use time::Duration;

use crate::app::{
    app, app_with, consent_id, ensure, get, post, receipt, send, staff_get, time_ago, Settings,
    ORIGIN, OTHER_SITE,
};

fn from_origin(mut request: Request<Body>, origin: &str) -> Request<Body> {
    request
        .headers_mut()
        .insert(header::ORIGIN, origin.parse().expect("a header value"));
    request
}

pub async fn only_configured_origins_may_call(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let body = || receipt(&consent_id(1), &time_ago(Duration::minutes(1))).to_string();

    let allowed = send(&app.router, post(body())).await?;
    ensure(
        allowed.expect(201)?.header("access-control-allow-origin") == Some(ORIGIN),
        || format!("{:?}", allowed.headers),
    )?;
    for elsewhere in [
        "https://evil.example",
        "null",
        "https://clinic.example.evil.example",
    ] {
        let reply = send(&app.router, from_origin(post(body()), elsewhere)).await?;
        reply
            .expect_error(403)
            .map_err(|e| format!("{elsewhere}: {e}"))?;
        let read = from_origin(get(&format!("/v1/receipts/{}", consent_id(1))), elsewhere);
        send(&app.router, read).await?.expect_error(403)?;
    }
    // curl and other servers send no Origin.
    let mut no_origin = post(receipt(&consent_id(2), &time_ago(Duration::minutes(1))).to_string());
    no_origin.headers_mut().remove(header::ORIGIN);
    send(&app.router, no_origin).await?.expect(201)?;

    // A preflight (fetch with a JSON body) from the site is answered; from elsewhere refused.
    let preflight = |origin: &str| {
        Request::options("/v1/receipts")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .expect("a valid request")
    };
    let ok = send(&app.router, preflight(OTHER_SITE)).await?;
    ensure(
        ok.expect(200)?.header("access-control-allow-origin") == Some(OTHER_SITE)
            && ok
                .header("access-control-allow-methods")
                .is_some_and(|m| m.contains("POST")),
        || format!("{:?}", ok.headers),
    )?;
    send(&app.router, preflight("https://evil.example"))
        .await?
        .expect_error(403)?;

    // The receipt must say it comes from one of the sites, too.
    let mut foreign = receipt(&consent_id(3), &time_ago(Duration::minutes(1)));
    foreign["origin"] = json!("https://other-clinic.example");
    let message = send(&app.router, post(foreign.to_string()))
        .await?
        .expect_error(422)?;
    ensure(message.starts_with("origin:"), || message.clone())?;
    app.store.close().await;
    Ok(())
}

pub async fn bodies_over_the_limit_are_refused(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let mut big = receipt(&consent_id(1), &time_ago(Duration::minutes(1)));
    big["version"] = json!("x".repeat(5000));
    send(&app.router, post(big.to_string()))
        .await?
        .expect_error(413)?;
    let huge_policy = Request::put("/v1/policies/AAAAAAAAAAAAAAAA")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", crate::app::TOKEN),
        )
        .body(Body::from("x".repeat(65 * 1024)))
        .expect("a valid request");
    send(&app.router, huge_policy).await?.expect_error(413)?;
    app.store.close().await;
    Ok(())
}

pub async fn each_address_has_its_rate(db: String) -> Result<(), String> {
    let app = app_with(
        &db,
        Settings {
            rate_per_minute: 3,
            client_ip_header: Some("x-real-ip"),
            ..Settings::default()
        },
    )
    .await?;
    let from = |ip: &str, n: u64| {
        let mut request =
            post(receipt(&consent_id(n), &time_ago(Duration::minutes(1))).to_string());
        request
            .headers_mut()
            .insert("x-real-ip", ip.parse().expect("a header value"));
        request
    };
    for n in 0..3 {
        send(&app.router, from("203.0.113.5", n))
            .await?
            .expect(201)?;
    }
    let limited = send(&app.router, from("203.0.113.5", 3)).await?;
    limited.expect_error(429)?;
    let retry = limited
        .header("retry-after")
        .and_then(|s| s.parse::<u64>().ok());
    ensure(retry.is_some_and(|s| (1..=60).contains(&s)), || {
        format!("{:?}", limited.headers)
    })?;
    ensure(
        limited.header("access-control-allow-origin") == Some(ORIGIN),
        || "a 429 must be readable by the page".into(),
    )?;
    // Another address has its own quota; health checks have none.
    send(&app.router, from("203.0.113.6", 4))
        .await?
        .expect(201)?;
    for _ in 0..5 {
        send(&app.router, get("/healthz")).await?.expect(200)?;
    }
    app.store.close().await;
    Ok(())
}

pub async fn a_receipt_from_the_future_is_refused(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let ahead = |d: Duration| crate::app::time_ago(-d);
    let soon = receipt(&consent_id(1), &ahead(Duration::hours(23)));
    send(&app.router, post(soon.to_string()))
        .await?
        .expect(201)?;
    let later = receipt(&consent_id(2), &ahead(Duration::hours(25)));
    let message = send(&app.router, post(later.to_string()))
        .await?
        .expect_error(422)?;
    ensure(message.contains("ahead"), || message.clone())?;
    app.store.close().await;
    Ok(())
}

/// A table of bad requests: each gets its 4xx and a JSON error.
pub async fn every_bad_request_gets_a_json_4xx(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let good = receipt(&consent_id(1), &time_ago(Duration::minutes(1)));
    let with = |member: &str, value: Value| {
        let mut r = good.clone();
        r[member] = value;
        r.to_string()
    };
    let without = |member: &str| {
        let mut r = good.clone();
        r.as_object_mut().map(|o| o.remove(member));
        r.to_string()
    };
    let bodies: Vec<(String, u16)> = vec![
        (String::new(), 400),
        ("{".into(), 400),
        ("null".into(), 400),
        ("[]".into(), 400),
        ("\u{feff}{}".into(), 400),
        (format!("{good} trailing"), 400),
        (with("ip", json!("192.0.2.1")), 400),
        (without("path"), 400),
        (without("renewal"), 400),
        (with("kind", json!("accept")), 400),
        (with("categories", json!("necessary")), 400),
        (with("v", json!(1.5)), 400),
        (with("v", json!(2)), 422),
        (with("id", json!("not-22-characters")), 422),
        (with("policy", json!("../../etc/passwd")), 422),
        (with("categories", json!(["analytics"])), 422),
        (with("at", json!("04.12.2026 18:00")), 422),
        (with("origin", json!("https://clinic.example/uslugi/")), 422),
        (with("path", json!("/uslugi/?utm_source=x")), 422),
        (with("version", json!("")), 422),
        // Year 0 does not exist for PostgreSQL: refused here, never a database error.
        (with("at", json!("0000-01-01T00:00:00Z")), 422),
    ];
    for (body, status) in bodies {
        send(&app.router, post(body.clone()))
            .await?
            .expect_error(status)
            .map_err(|e| format!("{body}: {e}"))?;
    }
    let requests: Vec<(Request<Body>, u16)> = vec![
        (get("/v1/receipts/short"), 400),
        (get("/v1/receipts/%FF%FE"), 400),
        (get("/v1/receipts/AAAAAAAAAAAAAAAAAAAAA%2F"), 400),
        (get("/v1/receipts"), 405),
        (get("/v1/nothing"), 404),
        (get("/"), 404),
        (
            Request::delete("/v1/receipts")
                .body(Body::empty())
                .expect("a valid request"),
            405,
        ),
        (
            Request::post("/healthz")
                .body(Body::empty())
                .expect("a valid request"),
            405,
        ),
        (staff_get("/v1/export?from=%ZZ"), 400),
        (staff_get("/v1/export?from=1&from=2"), 400),
        (
            Request::put("/v1/policies/AAAAAAAAAAAAAAAA")
                .header(header::CONTENT_TYPE, "text/plain")
                .header(
                    header::AUTHORIZATION,
                    format!("Bearer {}", crate::app::TOKEN),
                )
                .body(Body::from("{\"v\":1}\u{0}"))
                .expect("a valid request"),
            422,
        ),
    ];
    // Bounds beyond what the databases hold are brought within them.
    for far in [
        "?from=0000-01-01",
        "?from=0000-12-31T23:00:00-01:00&to=2026-01-01",
        "?from=2026-01-01&to=9999-12-31",
    ] {
        send(&app.router, staff_get(&format!("/v1/export{far}")))
            .await?
            .expect(200)
            .map_err(|e| format!("{far}: {e}"))?;
    }
    for (request, status) in requests {
        let uri = request.uri().clone();
        send(&app.router, request)
            .await?
            .expect_error(status)
            .map_err(|e| format!("{uri}: {e}"))?;
    }
    app.store.close().await;
    Ok(())
}

pub async fn staff_endpoints_are_off_without_a_token(db: String) -> Result<(), String> {
    let app = app_with(
        &db,
        Settings {
            staff_token: None,
            ..Settings::default()
        },
    )
    .await?;
    let message = send(&app.router, staff_get("/v1/export"))
        .await?
        .expect_error(403)?;
    ensure(message.contains("SOGLASIE_ADMIN_TOKEN"), || message.clone())?;
    let put = Request::put("/v1/policies/AAAAAAAAAAAAAAAA")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .expect("a valid request");
    send(&app.router, put).await?.expect_error(403)?;
    app.store.close().await;
    Ok(())
}
