//! The API against a database: each test runs on SQLite and on PostgreSQL (main.rs).

use axum::body::Body;
use axum::http::{header, Request};
use serde_json::{json, Value};
use soglasie_server::timestamp;
use time::{Duration, OffsetDateTime};

use crate::app::{
    app, consent_id, ensure, get, post, receipt, send, staff_get, time_ago, ORIGIN, TOKEN,
};

/// The demo clinic's config: its canonical text and hash, computed by the soglasie crate.
fn demo_policy() -> Result<(String, String), String> {
    let text = include_str!("../../../www/demo/soglasie.json");
    let config = soglasie::core::config::Config::from_json(text)
        .map_err(|e| format!("the demo config: {e:?}"))?;
    let canonical = soglasie::core::policy::canonical(&config);
    let hash = soglasie::core::policy::hash_canonical(&canonical);
    Ok((canonical, hash))
}

pub async fn a_visitor_reads_back_their_receipts_newest_first(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let id = consent_id(1);
    let times = [
        time_ago(Duration::days(30)),
        time_ago(Duration::minutes(5)),
        time_ago(Duration::days(2)),
    ];
    for at in &times {
        let reply = send(&app.router, post(receipt(&id, at).to_string())).await?;
        ensure(
            reply.expect(201)?.json()? == json!({"stored": true}),
            || reply.text(),
        )?;
    }
    let mut withdrawal = receipt(&id, &time_ago(Duration::minutes(1)));
    withdrawal["kind"] = json!("withdraw");
    withdrawal["categories"] = json!(["necessary"]);
    withdrawal["path"] = Value::Null;
    send(&app.router, post(withdrawal.to_string()))
        .await?
        .expect(201)?;
    send(
        &app.router,
        post(receipt(&consent_id(2), &times[0]).to_string()),
    )
    .await?
    .expect(201)?;

    let reply = send(&app.router, get(&format!("/v1/receipts/{id}"))).await?;
    reply.expect(200)?;
    ensure(reply.header("cache-control") == Some("no-store"), || {
        "a visitor's receipts must not be cached".into()
    })?;
    let list = reply.json()?;
    let list = list.as_array().ok_or("not an array")?;
    let at: Vec<&str> = list.iter().filter_map(|r| r["at"].as_str()).collect();
    let expected = [
        withdrawal["at"].as_str().unwrap_or(""),
        &times[1],
        &times[2],
        &times[0],
    ];
    ensure(at == expected, || {
        format!("order: {at:?}, expected {expected:?}")
    })?;
    // What was posted comes back as it was, with the server's time of storing it.
    let first = list.first().cloned().unwrap_or_default();
    let mut posted = first.clone();
    let received = posted
        .as_object_mut()
        .and_then(|o| o.remove("received"))
        .unwrap_or_default();
    ensure(posted == withdrawal, || format!("{posted} != {withdrawal}"))?;
    let received = received.as_str().and_then(timestamp::parse_receipt_time);
    ensure(
        received.is_some_and(|t| (OffsetDateTime::now_utc() - t).abs() < Duration::minutes(1)),
        || format!("received: {first}"),
    )?;

    let none = send(&app.router, get(&format!("/v1/receipts/{}", consent_id(3)))).await?;
    ensure(none.expect(200)?.json()? == json!([]), || none.text())?;
    app.store.close().await;
    Ok(())
}

pub async fn a_repeated_receipt_stores_nothing_new(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let id = consent_id(10);
    let at = time_ago(Duration::minutes(1));
    let body = receipt(&id, &at);
    send(&app.router, post(body.to_string()))
        .await?
        .expect(201)?;
    let again = send(&app.router, post(body.to_string())).await?;
    ensure(
        again.expect(200)?.json()? == json!({"stored": false}),
        || again.text(),
    )?;
    // The same consent id and time names the same decision: the first one stays.
    let mut altered = body.clone();
    altered["kind"] = json!("decline");
    altered["categories"] = json!(["necessary"]);
    send(&app.router, post(altered.to_string()))
        .await?
        .expect(200)?;
    // The same instant written with another precision is the same decision too.
    let longer = at.replace('Z', "000Z");
    let mut same_instant = body.clone();
    same_instant["at"] = json!(longer);
    send(&app.router, post(same_instant.to_string()))
        .await?
        .expect(200)?;

    let list = send(&app.router, get(&format!("/v1/receipts/{id}")))
        .await?
        .json()?;
    let list = list.as_array().ok_or("not an array")?;
    ensure(list.len() == 1 && list[0]["kind"] == "accept_all", || {
        format!("{list:?}")
    })?;
    app.store.close().await;
    Ok(())
}

/// A receipt the site's own pages sent (through the site's web server) is answered with the
/// cookie the browser holds, written again to last the consent's whole lifetime — when that
/// cookie is this receipt's choice, and never across origins.
pub async fn a_receipt_from_the_sites_own_pages_makes_its_cookie_last(
    db: String,
) -> Result<(), String> {
    let app = app(&db).await?;
    let decided = OffsetDateTime::now_utc() - Duration::minutes(1);
    let seconds = decided.unix_timestamp();
    let id = consent_id(30);
    let value = format!("1.Sc6g9MiUiyLwqLH2.{seconds}.{id}.analytics");
    let mut body = receipt(&id, &timestamp::shown(decided));
    body["kind"] = json!("custom");
    body["cookie"] = json!({"name": "soglasie", "maxAgeDays": 365});
    let sent = |body: &Value, fetch_site: Option<&str>, cookie: &str| {
        let mut request = post(body.to_string());
        if let Some(site) = fetch_site {
            request
                .headers_mut()
                .insert("sec-fetch-site", site.parse().expect("a header value"));
        }
        request
            .headers_mut()
            .insert(header::COOKIE, cookie.parse().expect("a header value"));
        request
    };
    let holding = format!("_ym_uid=1; soglasie={value}");
    let reply = send(&app.router, sent(&body, Some("same-origin"), &holding)).await?;
    reply.expect(201)?;
    let line = reply
        .header("set-cookie")
        .ok_or("no Set-Cookie")?
        .to_string();
    let left: i64 = line
        .split("; ")
        .find_map(|p| p.strip_prefix("Max-Age="))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| line.clone())?;
    let year = 365 * 86_400;
    ensure((year - 62..=year - 58).contains(&left), || {
        format!("what the consent has left: {line}")
    })?;
    let secure = if ORIGIN.starts_with("https:") {
        "; Secure"
    } else {
        ""
    };
    ensure(
        line == format!("soglasie={value}; Max-Age={left}; Path=/; SameSite=Lax{secure}"),
        || line.clone(),
    )?;
    // A repeat is answered the same way; the site's cookie domain is kept.
    let mut shared = body.clone();
    shared["cookie"]["domain"] = json!(".Clinic.example");
    let reply = send(&app.router, sent(&shared, Some("same-origin"), &holding)).await?;
    let line = reply.expect(200)?.header("set-cookie").unwrap_or_default();
    ensure(line.contains("; Domain=clinic.example"), || {
        line.to_string()
    })?;
    // Nothing across origins, without the browser's word, for another (newer) choice held
    // now, for no cookie, or for a withdrawal.
    let newer = holding.replace(".analytics", ".");
    let mut withdrawal = body.clone();
    withdrawal["kind"] = json!("withdraw");
    withdrawal["categories"] = json!(["necessary"]);
    withdrawal["at"] = json!(timestamp::shown(decided + Duration::seconds(5)));
    let unset = [
        sent(&body, Some("cross-site"), &holding),
        sent(&body, Some("same-site"), &holding),
        sent(&body, None, &holding),
        sent(&body, Some("same-origin"), &newer),
        sent(&body, Some("same-origin"), "_ym_uid=1"),
        sent(&withdrawal, Some("same-origin"), &holding),
    ];
    for (n, request) in unset.into_iter().enumerate() {
        let reply = send(&app.router, request).await?;
        ensure(reply.status.is_success(), || {
            format!("{n}: {}", reply.text())
        })?;
        ensure(reply.header("set-cookie").is_none(), || {
            format!("{n}: {:?}", reply.header("set-cookie"))
        })?;
    }
    // Settings the config would refuse are refused here too, by name.
    let mut wrong = body.clone();
    wrong["cookie"]["name"] = json!("soglasie; Domain=evil.example");
    let error = send(&app.router, sent(&wrong, Some("same-origin"), &holding))
        .await?
        .expect_error(422)?;
    ensure(error.contains("cookie.name"), || error.clone())?;
    app.store.close().await;
    Ok(())
}

pub async fn beacon_and_fetch_bodies_are_read_and_others_refused(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let with_type = |content_type: Option<&str>, n: u64| {
        let mut request = Request::post("/v1/receipts").header(header::ORIGIN, ORIGIN);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let body = receipt(&consent_id(n), &time_ago(Duration::seconds(1)));
        request
            .body(Body::from(body.to_string()))
            .expect("a valid request")
    };
    send(&app.router, with_type(Some("text/plain;charset=UTF-8"), 20))
        .await?
        .expect(201)?;
    send(&app.router, with_type(Some("application/json"), 21))
        .await?
        .expect(201)?;
    for refused in [
        None,
        Some("text/html"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let reply = send(&app.router, with_type(refused, 22)).await?;
        reply
            .expect_error(415)
            .map_err(|e| format!("{refused:?}: {e}"))?;
    }
    app.store.close().await;
    Ok(())
}

/// The export's lines as JSON values.
fn json_lines(text: &str) -> Result<Vec<Value>, String> {
    text.lines()
        .map(|line| serde_json::from_str(line).map_err(|e| format!("{e}: {line}")))
        .collect()
}

pub async fn staff_export_json_lines_and_csv(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let now = OffsetDateTime::now_utc();
    // Five receipts, on five days before now.
    let mut posted = Vec::new();
    for day in 1..=5i64 {
        let mut r = receipt(
            &consent_id(100 + day as u64),
            &timestamp::shown(now - Duration::days(day)),
        );
        if day == 3 {
            r["path"] = Value::Null;
            r["kind"] = json!("custom");
            r["renewal"] = json!(true);
        }
        send(&app.router, post(r.to_string())).await?.expect(201)?;
        posted.push(r);
    }

    let all = send(&app.router, staff_get("/v1/export")).await?;
    all.expect(200)?;
    ensure(
        all.header("content-type") == Some("application/x-ndjson; charset=utf-8"),
        || format!("{:?}", all.headers),
    )?;
    // Streamed: no length known in advance.
    ensure(all.header("content-length").is_none(), || {
        "the export was not streamed".into()
    })?;
    let lines = json_lines(&all.text())?;
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    let oldest_first: Vec<String> = (1..=5).rev().map(|d| consent_id(100 + d)).collect();
    ensure(ids == oldest_first, || format!("{ids:?}"))?;

    // A range: days are UTC days; `to` as a day is included whole, as a time excluded.
    let day = |d: i64| (now - Duration::days(d)).date().to_string();
    let range = send(
        &app.router,
        staff_get(&format!("/v1/export?from={}&to={}", day(4), day(2))),
    )
    .await?;
    let ids: Vec<String> = json_lines(&range.expect(200)?.text())?
        .iter()
        .filter_map(|l| l["id"].as_str().map(str::to_string))
        .collect();
    let expected: Vec<String> = [4, 3, 2].iter().map(|d| consent_id(100 + d)).collect();
    ensure(ids == expected, || format!("from day 4 to day 2: {ids:?}"))?;
    let until = posted[1]["at"].as_str().unwrap_or("");
    let before = send(&app.router, staff_get(&format!("/v1/export?to={until}"))).await?;
    ensure(json_lines(&before.expect(200)?.text())?.len() == 3, || {
        before.text()
    })?;

    // CSV, asked for either way.
    let csv = send(&app.router, staff_get("/v1/export?format=csv")).await?;
    let mut by_accept = staff_get("/v1/export");
    by_accept
        .headers_mut()
        .insert(header::ACCEPT, "text/csv".parse().map_err(|_| "header")?);
    let csv_too = send(&app.router, by_accept).await?;
    ensure(csv.expect(200)?.body == csv_too.expect(200)?.body, || {
        "format=csv and Accept differ".into()
    })?;
    ensure(
        csv.header("content-type") == Some("text/csv; charset=utf-8"),
        || format!("{:?}", csv.headers),
    )?;
    let text = csv.text();
    let rows: Vec<&str> = text.lines().collect();
    ensure(rows.len() == 6, || text.clone())?;
    ensure(
        rows[0] == "id,at,received,kind,renewal,categories,policy,origin,path,version,v",
        || rows[0].into(),
    )?;
    let third = rows[3].split(',').collect::<Vec<_>>();
    let expected_at = posted[2]["at"].as_str().unwrap_or("");
    ensure(
        third.len() == 11
            && third[0] == consent_id(103)
            && third[1] == expected_at
            && third[3..6] == ["custom", "true", "necessary analytics"]
            && third[8].is_empty(),
        || rows[3].into(),
    )?;

    // Staff only.
    let anonymous = send(&app.router, get("/v1/export")).await?;
    anonymous.expect_error(401)?;
    ensure(
        anonymous.header("www-authenticate") == Some("Bearer"),
        || format!("{:?}", anonymous.headers),
    )?;
    let mut wrong = staff_get("/v1/export");
    wrong.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {TOKEN}x").parse().map_err(|_| "header")?,
    );
    send(&app.router, wrong).await?.expect_error(401)?;
    for bad in [
        "?from=yesterday",
        "?to=2026-13-01",
        "?from=2026-12-02&to=2026-12-01",
        "?format=xml",
        "?limit=1",
    ] {
        send(&app.router, staff_get(&format!("/v1/export{bad}")))
            .await?
            .expect_error(400)
            .map_err(|e| format!("{bad}: {e}"))?;
    }
    app.store.close().await;
    Ok(())
}

pub async fn policy_texts_are_kept_under_their_hash(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let (canonical, hash) = demo_policy()?;
    let put = |hash: &str, body: String, token: Option<&str>| {
        let mut request = Request::put(format!("/v1/policies/{hash}"))
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        request.body(Body::from(body)).expect("a valid request")
    };
    // As `soglasie canonical config.json > file` leaves it: one newline after the text.
    let printed = format!("{canonical}\n");
    send(&app.router, put(&hash, printed.clone(), None))
        .await?
        .expect_error(401)?;
    let stored = send(&app.router, put(&hash, printed.clone(), Some(TOKEN))).await?;
    ensure(
        stored.expect(201)?.json()? == json!({"hash": hash, "stored": true}),
        || stored.text(),
    )?;
    send(&app.router, put(&hash, printed.clone(), Some(TOKEN)))
        .await?
        .expect(200)?;

    let got = send(&app.router, get(&format!("/v1/policies/{hash}"))).await?;
    ensure(got.expect(200)?.text() == canonical, || got.text())?;
    ensure(
        got.header("content-type") == Some("application/json; charset=utf-8"),
        || format!("{:?}", got.headers),
    )?;
    ensure(
        soglasie::core::policy::hash_canonical(&got.text()) == hash,
        || "hash".into(),
    )?;

    let other = "AAAAAAAAAAAAAAAA";
    let message = send(&app.router, put(other, printed.clone(), Some(TOKEN)))
        .await?
        .expect_error(422)?;
    ensure(message.contains(&hash), || message.clone())?;
    let edited = printed.replace("2026-11-01", "2026-11-02");
    send(&app.router, put(&hash, edited, Some(TOKEN)))
        .await?
        .expect_error(422)?;
    send(
        &app.router,
        put(&hash, format!("{canonical}\n\n"), Some(TOKEN)),
    )
    .await?
    .expect_error(422)?;
    send(&app.router, put("short", printed.clone(), Some(TOKEN)))
        .await?
        .expect_error(400)?;
    send(&app.router, put(&hash, String::new(), Some(TOKEN)))
        .await?
        .expect_error(422)?;
    send(&app.router, get(&format!("/v1/policies/{other}")))
        .await?
        .expect_error(404)?;
    send(&app.router, get("/v1/policies/not-a-hash"))
        .await?
        .expect_error(400)?;
    app.store.close().await;
    Ok(())
}

pub async fn prune_deletes_by_decision_time(db: String) -> Result<(), String> {
    let app = app(&db).await?;
    let year = Duration::days(365);
    for (n, ago) in [(1, year * 4), (2, year * 2), (3, Duration::minutes(1))] {
        send(
            &app.router,
            post(receipt(&consent_id(200 + n), &time_ago(ago)).to_string()),
        )
        .await?
        .expect(201)?;
    }
    let cutoff = OffsetDateTime::now_utc() - Duration::days(1095);
    let deleted = app.store.prune(cutoff).await.map_err(|e| e.to_string())?;
    ensure(deleted == 1, || format!("deleted {deleted}"))?;
    let left = send(&app.router, staff_get("/v1/export")).await?;
    ensure(json_lines(&left.expect(200)?.text())?.len() == 2, || {
        left.text()
    })?;
    ensure(
        app.store.prune(cutoff).await.map_err(|e| e.to_string())? == 0,
        || "twice".into(),
    )?;
    app.store.close().await;
    Ok(())
}

pub async fn reopening_keeps_receipts_and_migrates_once(db: String) -> Result<(), String> {
    let first = app(&db).await?;
    send(
        &first.router,
        post(receipt(&consent_id(300), &time_ago(Duration::minutes(1))).to_string()),
    )
    .await?
    .expect(201)?;
    first.store.close().await;
    let again = app(&db).await?;
    let list = send(
        &again.router,
        get(&format!("/v1/receipts/{}", consent_id(300))),
    )
    .await?
    .json()?;
    ensure(list.as_array().is_some_and(|l| l.len() == 1), || {
        list.to_string()
    })?;
    let health = send(&again.router, get("/healthz")).await?;
    ensure(health.expect(200)?.json()?["status"] == "ok", || {
        health.text()
    })?;
    again.store.close().await;
    Ok(())
}
