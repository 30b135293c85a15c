//! Property tests: malformed bodies, paths and queries thrown at the router in process. Every
//! answer is below 500, and every 4xx carries a JSON error.

use axum::body::Body;
use axum::http::{header, Request};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Number, Value};
use time::Duration;

use crate::app::{app, consent_id, receipt, send, time_ago, Reply, ORIGIN, TOKEN};

/// Cases per property; `PROPTEST_CASES` overrides.
const CASES: u32 = 256;

fn runner() -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES);
    TestRunner::new(Config {
        cases,
        // Failures are reported by the test; no files written into the source tree.
        failure_persistence: None,
        ..Config::default()
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        "[a-z_]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// One change to a valid receipt.
#[derive(Clone, Debug)]
enum Mutation {
    Drop(usize),
    Replace(usize, Value),
    Add(String, Value),
    Truncate(usize),
    Insert(usize, char),
}

const MEMBERS: [&str; 10] = [
    "v",
    "id",
    "policy",
    "categories",
    "kind",
    "renewal",
    "at",
    "origin",
    "path",
    "version",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0..MEMBERS.len()).prop_map(Mutation::Drop),
        (0..MEMBERS.len(), json_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        ("[a-z]{1,10}", json_value()).prop_map(|(k, v)| Mutation::Add(k, v)),
        (0..400usize).prop_map(Mutation::Truncate),
        (0..400usize, any::<char>()).prop_map(|(i, c)| Mutation::Insert(i, c)),
    ]
}

fn mutated(mutations: &[Mutation], n: u64) -> String {
    let mut r = receipt(&consent_id(n), &time_ago(Duration::minutes(1)));
    let mut text = None;
    for m in mutations {
        match m {
            Mutation::Drop(i) => {
                r.as_object_mut().map(|o| o.remove(MEMBERS[*i]));
            }
            Mutation::Replace(i, v) => r[MEMBERS[*i]] = v.clone(),
            Mutation::Add(k, v) => r[k.as_str()] = v.clone(),
            Mutation::Truncate(at) => {
                let s: String = r.to_string().chars().take(*at).collect();
                text = Some(s);
            }
            Mutation::Insert(at, c) => {
                let mut chars: Vec<char> = text
                    .take()
                    .unwrap_or_else(|| r.to_string())
                    .chars()
                    .collect();
                chars.insert((*at).min(chars.len()), *c);
                text = Some(chars.into_iter().collect());
            }
        }
    }
    text.unwrap_or_else(|| r.to_string())
}

/// Below 500; a 4xx with `{"error": …}`.
fn check(reply: &Reply, what: &str) -> Result<(), TestCaseError> {
    let status = reply.status.as_u16();
    prop_assert!(status < 500, "{what}: {status} {}", reply.text());
    if status >= 400 {
        prop_assert!(reply.error().is_ok(), "{what}: {status} {}", reply.text());
    }
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// Arbitrary bytes, and valid receipts with random changes, as either content type.
pub fn malformed_receipts_never_get_a_5xx(db: String) -> Result<(), String> {
    let rt = runtime()?;
    let app = rt.block_on(app(&db))?;
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        prop::collection::vec(mutation(), 1..4).prop_map(|m| mutated(&m, 7).into_bytes()),
    ];
    let content_type = prop_oneof![
        Just("text/plain;charset=UTF-8"),
        Just("application/json"),
        Just("text/plain; charset=koi8-r"),
        Just("application/octet-stream"),
    ];
    let mut runner = runner();
    runner
        .run(&(body, content_type), |(body, content_type)| {
            let request = Request::post("/v1/receipts")
                .header(header::CONTENT_TYPE, content_type)
                .header(header::ORIGIN, ORIGIN)
                .body(Body::from(body.clone()))
                .expect("a valid request");
            let reply = rt
                .block_on(send(&app.router, request))
                .map_err(TestCaseError::fail)?;
            check(&reply, &String::from_utf8_lossy(&body))
        })
        .map_err(|e| e.to_string())?;
    rt.block_on(app.store.close());
    Ok(())
}

/// Arbitrary path segments and query strings on every endpoint.
pub fn malformed_paths_and_queries_never_get_a_5xx(db: String) -> Result<(), String> {
    let rt = runtime()?;
    let app = rt.block_on(app(&db))?;
    // Printable ASCII and percent-escapes of any byte: what can arrive in a request line.
    let segment = prop::collection::vec(
        prop_oneof![
            "[!$&'()*+,;=:@a-zA-Z0-9._~-]",
            any::<u8>().prop_map(|b| format!("%{b:02X}")),
        ],
        0..30,
    )
    .prop_map(|parts| parts.concat());
    let query = prop::collection::vec(
        prop_oneof![
            "[a-z]{1,6}=[^#& ]{0,20}",
            Just("from=2026-12-01".to_string()),
            Just("to=2026-12-01T00:00:00Z".to_string()),
            Just("format=csv".to_string()),
        ],
        0..4,
    )
    .prop_map(|parts| parts.join("&"));
    let endpoint = prop_oneof![
        Just(("GET", "/v1/receipts/")),
        Just(("GET", "/v1/policies/")),
        Just(("PUT", "/v1/policies/")),
        Just(("GET", "/v1/export")),
        Just(("GET", "/v1/")),
        Just(("DELETE", "/v1/receipts/")),
    ];
    let mut runner = runner();
    runner
        .run(
            &(endpoint, segment, query),
            |((method, base), segment, query)| {
                let uri = if base.ends_with('/') {
                    format!("{base}{segment}?{query}")
                } else {
                    format!("{base}?{query}")
                };
                let Ok(request) = Request::builder()
                    .method(method)
                    .uri(&uri)
                    .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                    .header(header::CONTENT_TYPE, "text/plain")
                    .body(Body::from(segment.clone()))
                else {
                    // Not a URI http accepts: it would not reach the server either.
                    return Ok(());
                };
                let reply = rt
                    .block_on(send(&app.router, request))
                    .map_err(TestCaseError::fail)?;
                check(&reply, &format!("{method} {uri}"))
            },
        )
        .map_err(|e| e.to_string())?;
    rt.block_on(app.store.close());
    Ok(())
}
