//! HTTP tests of the hand-written runtime (`codegen/runtime`) against a local wiremock server,
//! through the public API of the generated crate only.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use twilio_messaging::runtime::{
    ApiError, Client, Credentials, Error, Method, Nullable, Page, Params, PathSegment, PathStyle,
    Request, RetryPolicy, Sid, SidPrefix, paginate,
};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "tok-SECRET-7f3a9c";
const KEY_SID: &str = "SK0123456789abcdef0123456789abcdef";
const KEY_SECRET: &str = "keysecret-SECRET-41d2";
/// base64("AC0123456789abcdef0123456789abcdef:tok-SECRET-7f3a9c")
const TOKEN_AUTH: &str =
    "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0b2stU0VDUkVULTdmM2E5Yw==";
/// base64("SK0123456789abcdef0123456789abcdef:keysecret-SECRET-41d2")
const KEY_AUTH: &str =
    "Basic U0swMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjprZXlzZWNyZXQtU0VDUkVULTQxZDI=";

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    }
}

fn client_for(server: &MockServer) -> Client {
    Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(server.uri())
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries())
        .build()
        .expect("client builds")
}

async fn mount(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any())
        .respond_with(response)
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording on")
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "expected exactly one request");
    all.remove(0)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ascii header"))
        .unwrap_or("")
}

fn text(request: &wiremock::Request) -> String {
    String::from_utf8(request.body.clone()).expect("utf-8 body")
}

// ---------------------------------------------------------------------------------------------
// Authentication and headers

#[tokio::test]
async fn auth_token_basic_auth_and_default_headers() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"ok": true})),
    )
    .await;
    let value: Value = client_for(&server)
        .send(Request::new(Method::GET, &["v1", "Ping"]))
        .await
        .unwrap();
    assert_eq!(value, json!({"ok": true}));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/v1/Ping");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "authorization"), TOKEN_AUTH);
    assert_eq!(header(&request, "accept"), "application/json");
    assert_eq!(
        header(&request, "user-agent"),
        "twilio-messaging/0.1.0 (rust)"
    );
    assert_eq!(header(&request, "content-type"), "");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn api_key_basic_auth_and_custom_user_agent() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(204)).await;
    let client = Client::builder(Credentials::api_key(KEY_SID, KEY_SECRET, ACCOUNT_SID))
        .base_url(server.uri())
        .user_agent("my-app/1.2")
        .build()
        .unwrap();
    assert_eq!(client.account_sid(), ACCOUNT_SID);
    client
        .send_empty(Request::new(Method::DELETE, &["v1", "Things", "X"]))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(header(&request, "authorization"), KEY_AUTH);
    assert_eq!(
        header(&request, "user-agent"),
        "twilio-messaging/0.1.0 (rust) my-app/1.2"
    );
}

// ---------------------------------------------------------------------------------------------
// Bodies, query strings and paths

#[tokio::test]
async fn form_body_repeats_keys_and_formats_values() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(201).set_body_json(json!({"sid": "XE1"})),
    )
    .await;
    let mut form = Params::new();
    form.push("FriendlyName", "a b&c=d,e");
    form.push("Enabled", &true);
    form.push("Disabled", &false);
    form.push("Tag", &vec!["x,y".to_owned(), "z".to_owned()]);
    form.push("Empty", &Vec::<String>::new());
    form.push("Start", &Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap());
    form.push(
        "Precise",
        &(Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap() + chrono::Duration::milliseconds(250)),
    );
    form.push("Day", &NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
    form.push("Missing", &None::<String>);
    form.push("Cleared", &Nullable::<String>::Null);
    form.push("Untouched", &Nullable::<String>::Absent);
    form.push("Count", &Some(42_u32));
    form.push("Ratio", &1.5_f64);
    form.push("Negative", &-7_i64);
    form.push("Config", &json!({"a": [1, 2], "b": "ü"}));
    form.push_str("Raw", "~._-*+/");
    assert_eq!(form.len(), 14);

    let created: Value = client_for(&server)
        .send(Request::new(Method::POST, &["v1", "Things"]).form(form))
        .await
        .unwrap();
    assert_eq!(created, json!({"sid": "XE1"}));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        text(&request),
        "FriendlyName=a%20b%26c%3Dd%2Ce&Enabled=true&Disabled=false&Tag=x%2Cy&Tag=z\
         &Start=2024-01-02T03%3A04%3A05Z&Precise=2024-01-02T03%3A04%3A05.250Z&Day=2024-02-29\
         &Cleared=&Count=42&Ratio=1.5&Negative=-7\
         &Config=%7B%22a%22%3A%5B1%2C2%5D%2C%22b%22%3A%22%C3%BC%22%7D&Raw=~._-%2A%2B%2F"
    );
}

#[tokio::test]
async fn json_body_is_sent_as_is() {
    #[derive(Serialize)]
    struct Update {
        name: String,
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        webhook: Nullable<String>,
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        profile: Nullable<String>,
    }
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(202).set_body_json(json!({"status": "CREATING"})),
    )
    .await;
    let body = Update {
        name: "x".into(),
        webhook: Nullable::Null,
        profile: Nullable::Absent,
    };
    let accepted: Value = client_for(&server)
        .send(Request::new(Method::POST, &["v2", "Channels", "Senders"]).json(&body))
        .await
        .unwrap();
    assert_eq!(accepted, json!({"status": "CREATING"}));
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(text(&request), r#"{"name":"x","webhook":null}"#);
}

#[tokio::test]
async fn query_params_keep_order_and_repeat() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let mut query = Params::new();
    query.push("PageSize", &20_i32);
    query.push("Status", &["ONLINE", "OFFLINE"][..]);
    query.push("Name", "a b/c");
    let _: Vec<Value> = client_for(&server)
        .send(Request::new(Method::GET, &["v1", "Things"]).query(query))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/Things");
    assert_eq!(
        request.url.query(),
        Some("PageSize=20&Status=ONLINE&Status=OFFLINE&Name=a%20b%2Fc")
    );
}

#[tokio::test]
async fn path_segments_are_encoded_into_one_segment() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(204)).await;
    let client = client_for(&server);
    for segment in ["a/b", "../x", "?q=1#f", "%2F", "..."] {
        client
            .send_empty(Request::new(Method::GET, &["v1", "Things", segment, "End"]))
            .await
            .unwrap();
    }
    let paths: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| format!("{}|{:?}", r.url.path(), r.url.query()))
        .collect();
    assert_eq!(
        paths,
        [
            "/v1/Things/a%2Fb/End|None",
            "/v1/Things/..%2Fx/End|None",
            "/v1/Things/%3Fq%3D1%23f/End|None",
            "/v1/Things/%252F/End|None",
            "/v1/Things/.../End|None",
        ]
    );
}

#[tokio::test]
async fn dangerous_path_segments_are_rejected_without_a_request() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(204)).await;
    let client = client_for(&server);
    for segment in ["", ".", ".."] {
        let err = client
            .send_empty(Request::new(Method::GET, &["v1", segment, "x"]))
            .await
            .unwrap_err();
        match err {
            Error::InvalidRequest(message) => {
                assert_eq!(message, format!("path segment {segment:?} is not allowed"))
            }
            other => panic!("unexpected error {other:?}"),
        }
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn built_segments_are_checked_like_the_others() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(204)).await;
    let client = client_for(&server);
    // Dot segments however they are spelled, and a value that cannot be encoded, are refused
    // before anything is sent.
    let mut unencodable = std::collections::BTreeMap::new();
    unencodable.insert((1, 2), 3);
    for (segment, want) in [
        (PathSegment::new().value(".."), "InvalidRequest"),
        (PathSegment::new().text("%2e%2E"), "InvalidRequest"),
        (PathSegment::new().text("."), "InvalidRequest"),
        (PathSegment::new(), "InvalidRequest"),
        (
            PathSegment::new().styled("m", &unencodable, PathStyle::Simple, false),
            "Encode",
        ),
    ] {
        let err = client
            .send_empty(Request::new(Method::GET, &["v1"]).segment(segment.clone()))
            .await
            .unwrap_err();
        let kind = match err {
            Error::InvalidRequest(_) => "InvalidRequest",
            Error::Encode(_) => "Encode",
            other => panic!("unexpected error {other:?}"),
        };
        assert_eq!(kind, want, "{segment:?}");
    }
    assert!(requests(&server).await.is_empty());
    // Plain segments after a built one keep their order.
    client
        .send_empty(
            Request::new(Method::GET, &["v1"])
                .segment(PathSegment::new().value("a b").text(".json"))
                .segments(&["x/y", "End"]),
        )
        .await
        .unwrap();
    let paths: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/v1/a%20b.json/x%2Fy/End"]);
}

/// Object members go in name order even where serde_json keeps maps in insertion order (the
/// generator turns its `preserve_order` feature on, and this crate is built with it).
#[test]
fn styled_object_members_go_in_name_order_in_any_build() {
    #[derive(Serialize)]
    struct Rgb {
        r: u8,
        g: u8,
        b: u8,
    }
    let rgb = Rgb { r: 1, g: 2, b: 3 };
    for (style, want) in [
        (PathStyle::Matrix, ";b=3;g=2;r=1"),
        (PathStyle::Label, ".b=3.g=2.r=1"),
        (PathStyle::Simple, "b=3,g=2,r=1"),
    ] {
        let segment = PathSegment::new().styled("c", &rgb, style, true);
        assert_eq!(segment.as_str(), want);
    }
}

/// The inverse of percent-encoding, for the property below.
fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("a triplet"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 256,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })]

    /// Whatever the items hold, a styled array stays inside its segment (no `/`, `?`, `#`, every
    /// `%` starts a triplet) and splits back into exactly its items: a value can fake neither a
    /// segment nor a delimiter of its style.
    #[test]
    fn styled_values_stay_in_their_segment_and_items(
        items in proptest::collection::vec(".*", 1..4),
        style in proptest::sample::select(vec![PathStyle::Simple, PathStyle::Label, PathStyle::Matrix]),
        explode in proptest::bool::ANY,
    ) {
        let segment = PathSegment::new().styled("name", &items, style, explode);
        let text = segment.as_str();
        proptest::prop_assert!(!text.contains(['/', '?', '#']), "{text}");
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'%' {
                proptest::prop_assert!(
                    bytes.len() > i + 2
                        && bytes[i + 1].is_ascii_hexdigit()
                        && bytes[i + 2].is_ascii_hexdigit(),
                    "{text}"
                );
            }
        }
        let (rest, separator) = match (style, explode) {
            (PathStyle::Simple, _) => (text, ","),
            (PathStyle::Label, false) => (text.strip_prefix('.').unwrap_or(text), ","),
            (PathStyle::Label, true) => (text.strip_prefix('.').unwrap_or(text), "."),
            (PathStyle::Matrix, false) => (text.strip_prefix(";name").unwrap_or(text), ","),
            (PathStyle::Matrix, _) => (text.strip_prefix(';').unwrap_or(text), ";"),
        };
        let decoded: Vec<String> = rest
            .split(separator)
            .enumerate()
            .map(|(i, piece)| {
                // A matrix name comes before the first item, or before each when exploded; the
                // `=` is left out when the item is empty.
                let piece = match (style, explode) {
                    (PathStyle::Matrix, true) => piece.strip_prefix("name").unwrap_or(piece),
                    (PathStyle::Matrix, false) if i == 0 => piece,
                    _ => return piece.to_owned(),
                };
                piece.strip_prefix('=').unwrap_or(piece).to_owned()
            })
            .map(|piece| String::from_utf8(decode(&piece)).expect("utf-8"))
            .collect();
        proptest::prop_assert_eq!(decoded, items, "{}", text);
    }
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(204)).await;
    let client = Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(format!("{}/proxy/twilio/", server.uri()))
        .build()
        .unwrap();
    assert_eq!(
        client.base_url(),
        Some(format!("{}/proxy/twilio", server.uri()).as_str())
    );
    client
        .send_empty(Request::new(Method::GET, &["v1", "Things"]))
        .await
        .unwrap();
    assert_eq!(
        only_request(&server).await.url.path(),
        "/proxy/twilio/v1/Things"
    );
}

#[tokio::test]
async fn json_encode_error_is_returned_without_a_request() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(204)).await;
    let err = client_for(&server)
        .send_empty(Request::new(Method::POST, &["v1", "Things"]).json(&Broken))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Encode(m) if m == "broken value"),
        "{err:?}"
    );
    assert!(requests(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Responses

#[tokio::test]
async fn any_2xx_decodes_and_204_is_empty() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Thing {
        sid: String,
    }
    let server = MockServer::start().await;
    for (status, sid) in [(200, "A"), (201, "B"), (202, "C")] {
        Mock::given(path(format!("/v1/{status}")))
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({"sid": sid})))
            .mount(&server)
            .await;
    }
    Mock::given(path("/v1/204"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client_for(&server);
    for (status, sid) in [("200", "A"), ("201", "B"), ("202", "C")] {
        let thing: Thing = client
            .send(Request::new(Method::GET, &["v1", status]))
            .await
            .unwrap();
        assert_eq!(thing, Thing { sid: sid.into() });
    }
    client
        .send_empty(Request::new(Method::DELETE, &["v1", "204"]))
        .await
        .unwrap();
    // A 2xx body is ignored by send_empty.
    client
        .send_empty(Request::new(Method::POST, &["v1", "201"]))
        .await
        .unwrap();
}

#[tokio::test]
async fn twilio_error_body_becomes_api_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(404)
            .insert_header("Twilio-Request-Id", "RQ0123456789abcdef0123456789abcdef")
            .set_body_json(json!({
                "code": 20404,
                "message": "The requested resource /v1/Things/X was not found",
                "more_info": "https://www.twilio.com/docs/errors/20404",
                "status": 404
            })),
    )
    .await;
    let err = client_for(&server)
        .send::<Value>(Request::new(Method::GET, &["v1", "Things", "X"]))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some(20404));
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "Twilio API error 20404 (HTTP 404): The requested resource /v1/Things/X was not found \
         (see https://www.twilio.com/docs/errors/20404)"
    );
    match err {
        Error::Api(api) => assert_eq!(
            api,
            ApiError {
                http_status: 404,
                code: Some(20404),
                message: "The requested resource /v1/Things/X was not found".into(),
                more_info: Some("https://www.twilio.com/docs/errors/20404".into()),
                status: Some(404),
                request_id: Some("RQ0123456789abcdef0123456789abcdef".into()),
            }
        ),
        other => panic!("unexpected error {other:?}"),
    }
}

#[tokio::test]
async fn api_error_with_http_status_different_from_body_status() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(400).set_body_json(json!({"code": 63100, "message": "bad"})),
    )
    .await;
    let err = client_for(&server)
        .send::<Value>(Request::new(Method::POST, &["v2", "Channels", "Senders"]))
        .await
        .unwrap_err();
    match err {
        Error::Api(api) => assert_eq!(
            api,
            ApiError {
                http_status: 400,
                code: Some(63100),
                message: "bad".into(),
                more_info: None,
                status: None,
                request_id: None,
            }
        ),
        other => panic!("unexpected error {other:?}"),
    }
}

#[tokio::test]
async fn html_error_body_becomes_unexpected_response_truncated() {
    let server = MockServer::start().await;
    // 300 two-byte characters: 600 bytes, so the cut at 512 falls on a character boundary.
    let html = format!("<html>{}</html>", "é".repeat(300));
    mount(
        &server,
        ResponseTemplate::new(500).set_body_raw(html.clone(), "text/html"),
    )
    .await;
    let err = client_for(&server)
        .send::<Value>(Request::new(Method::POST, &["v1", "Things"]))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    match err {
        Error::UnexpectedResponse { status, body } => {
            assert_eq!(status, 500);
            assert_eq!(body.len(), 512);
            assert_eq!(body, html[..512]);
        }
        other => panic!("unexpected error {other:?}"),
    }
    // 500 is never retried.
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn truncated_json_error_body_becomes_unexpected_response() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(400).set_body_raw(r#"{"code": 20001, "mess"#, "application/json"),
    )
    .await;
    let err = client_for(&server)
        .send::<Value>(Request::new(Method::GET, &["v1", "Things"]))
        .await
        .unwrap_err();
    match err {
        Error::UnexpectedResponse { status, body } => {
            assert_eq!(status, 400);
            assert_eq!(body, r#"{"code": 20001, "mess"#);
        }
        other => panic!("unexpected error {other:?}"),
    }
}

#[tokio::test]
async fn undecodable_2xx_body_becomes_decode_error() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Thing {
        sid: String,
    }
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200).set_body_raw(r#"{"sid": 5}"#, "application/json"),
    )
    .await;
    let err = client_for(&server)
        .send::<Thing>(Request::new(Method::GET, &["v1", "Things", "X"]))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(200));
    match err {
        Error::Decode {
            status,
            message,
            body,
        } => {
            assert_eq!(status, 200);
            assert_eq!(body, r#"{"sid": 5}"#);
            assert!(message.contains("expected a string"), "{message}");
        }
        other => panic!("unexpected error {other:?}"),
    }
}

#[tokio::test]
async fn slow_server_times_out() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(json!({}))
            .set_delay(Duration::from_millis(500)),
    )
    .await;
    let client = client_for(&server).with_timeout(Duration::from_millis(50));
    let started = Instant::now();
    let err = client
        .send::<Value>(Request::new(Method::GET, &["v1", "Slow"]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.is_retryable());
    assert!(started.elapsed() < Duration::from_millis(450));
    assert_eq!(err.to_string(), "the request timed out");
}

// ---------------------------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn retries_429_then_succeeds_honouring_retry_after() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(
        &server,
        ResponseTemplate::new(201).set_body_json(json!({"sid": "XE1"})),
    )
    .await;
    // The backoff would be far longer than the test allows: Retry-After: 0 must win.
    let client = Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_secs(30),
            max_backoff: Duration::from_secs(30),
        })
        .build()
        .unwrap();
    let mut form = Params::new();
    form.push("A", "1");
    let started = Instant::now();
    let created: Value = client
        .send(Request::new(Method::POST, &["v1", "Things"]).form(form))
        .await
        .unwrap();
    assert_eq!(created, json!({"sid": "XE1"}));
    assert!(started.elapsed() < Duration::from_secs(5));
    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    // The retry repeats the same request, body included.
    for request in &all {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(text(request), "A=1");
        assert_eq!(header(request, "authorization"), TOKEN_AUTH);
    }
}

#[tokio::test]
async fn retry_after_is_capped_at_max_backoff() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(&server, ResponseTemplate::new(204)).await;
    let started = Instant::now();
    client_for(&server)
        .send_empty(Request::new(Method::GET, &["v1", "Things"]))
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn post_503_is_not_retried() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(503).set_body_string("busy")).await;
    let err = client_for(&server)
        .send::<Value>(Request::new(Method::POST, &["v1", "Things"]))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedResponse { status: 503, body } if body == "busy"),
        "{err:?}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn get_503_is_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    mount(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"n": 1})),
    )
    .await;
    let value: Value = client_for(&server)
        .send(Request::new(Method::GET, &["v1", "Things"]))
        .await
        .unwrap();
    assert_eq!(value, json!({"n": 1}));
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(429)
            .set_body_json(json!({"code": 20429, "message": "Too Many Requests", "status": 429})),
    )
    .await;
    let err = client_for(&server)
        .send_empty(Request::new(Method::DELETE, &["v1", "Things", "X"]))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.code == Some(20429)),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(requests(&server).await.len(), 4);
}

#[tokio::test]
async fn disabled_retries_send_once() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(429).insert_header("Retry-After", "0"),
    )
    .await;
    let client = Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(server.uri())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client
        .send::<Value>(Request::new(Method::GET, &["v1", "Things"]))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(requests(&server).await.len(), 1);
    assert_eq!(RetryPolicy::disabled().max_retries, 0);
    assert_eq!(
        RetryPolicy::default(),
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Pagination

#[derive(Deserialize)]
struct ThingPage {
    things: Vec<Value>,
    meta: Meta,
}

#[derive(Deserialize)]
struct Meta {
    next_page_url: Option<String>,
}

impl Page for ThingPage {
    type Item = Value;
    const ITEMS_KEY: &'static str = "things";
    fn next_page_url(&self) -> Option<&str> {
        self.meta.next_page_url.as_deref()
    }
    fn into_items(self) -> Vec<Value> {
        self.things
    }
}

/// Mounts three pages of two items; the next-page URLs point at Twilio's real host.
async fn mount_three_pages(server: &MockServer) {
    let pages = [
        (None, json!([1, 2]), Some("PT2")),
        (Some("PT2"), json!([3, 4]), Some("PT3")),
        (Some("PT3"), json!([5, 6]), None),
    ];
    for (token, items, next) in pages {
        let next_url = next
            .map(|t| format!("https://messaging.twilio.com/v1/Things?PageSize=2&PageToken={t}"));
        let mock = Mock::given(method("GET")).and(path("/v1/Things"));
        let mock = match token {
            Some(token) => mock.and(wiremock::matchers::query_param("PageToken", token)),
            None => mock.and(wiremock::matchers::query_param_is_missing("PageToken")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"things": items, "meta": {"key": "things", "next_page_url": next_url}}),
        ))
        .mount(server)
        .await;
    }
}

fn first_page_request() -> Request {
    let mut query = Params::new();
    query.push("PageSize", &2_u32);
    Request::new(Method::GET, &["v1", "Things"])
        .server(twilio_messaging::v1::SERVER)
        .query(query)
}

#[tokio::test]
async fn paginate_follows_next_page_url_on_the_configured_host() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let stream = paginate::<ThingPage>(client_for(&server), first_page_request(), None);
    let items: Vec<Value> = stream.map(|r| r.unwrap()).collect().await;
    assert_eq!(
        items,
        [json!(1), json!(2), json!(3), json!(4), json!(5), json!(6)]
    );
    let queries: Vec<Option<String>> = requests(&server)
        .await
        .iter()
        .map(|r| r.url.query().map(str::to_owned))
        .collect();
    assert_eq!(
        queries,
        [
            Some("PageSize=2".to_owned()),
            Some("PageSize=2&PageToken=PT2".to_owned()),
            Some("PageSize=2&PageToken=PT3".to_owned()),
        ]
    );
    for request in requests(&server).await {
        assert_eq!(header(&request, "authorization"), TOKEN_AUTH);
    }
}

#[tokio::test]
async fn paginate_limit_stops_mid_page_and_is_lazy() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    // `Pages` is `Unpin` and has `next` of its own: no pinning, no `StreamExt`.
    let mut stream = paginate::<ThingPage>(client_for(&server), first_page_request(), Some(5));
    // Lazy: nothing is sent before the first poll.
    assert!(requests(&server).await.is_empty());
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item.unwrap());
    }
    assert_eq!(items, [json!(1), json!(2), json!(3), json!(4), json!(5)]);
    assert_eq!(requests(&server).await.len(), 3);

    // A limit that ends exactly on a page boundary does not fetch the next page.
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let items = paginate::<ThingPage>(client_for(&server), first_page_request(), Some(2))
        .collect_all()
        .await
        .expect("two items");
    assert_eq!(items, [json!(1), json!(2)]);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn paginate_empty_list_ends_immediately() {
    let server = MockServer::start().await;
    mount(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(json!({"things": [], "meta": {"key": "things", "next_page_url": null}})),
    )
    .await;
    let items: Vec<_> = paginate::<ThingPage>(client_for(&server), first_page_request(), None)
        .collect()
        .await;
    assert!(items.is_empty());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn paginate_yields_an_error_once_and_ends() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::query_param("PageToken", "PT2"))
        .respond_with(ResponseTemplate::new(500).set_body_string("oops"))
        .mount(&server)
        .await;
    mount(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({
            "things": [1],
            "meta": {"next_page_url": "https://messaging.twilio.com/v1/Things?PageToken=PT2"}
        })),
    )
    .await;
    let results: Vec<Result<Value, Error>> =
        paginate::<ThingPage>(client_for(&server), first_page_request(), None)
            .collect()
            .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap(), &json!(1));
    assert!(matches!(
        &results[1],
        Err(Error::UnexpectedResponse { status: 500, body }) if body == "oops"
    ));
}

// ---------------------------------------------------------------------------------------------
// Secrets never leak

fn assert_no_secret(text: &str) {
    assert!(!text.contains("SECRET"), "secret leaked in {text}");
}

#[tokio::test]
async fn debug_and_display_never_show_secrets() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/api"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"code": 20003, "message": "Authenticate"})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v1/html"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/decode"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;

    let token_client = client_for(&server);
    let key_client = Client::builder(Credentials::api_key(KEY_SID, KEY_SECRET, ACCOUNT_SID))
        .base_url(server.uri())
        .build()
        .unwrap();
    let builder = Client::builder(Credentials::api_key(KEY_SID, KEY_SECRET, ACCOUNT_SID));
    let token_credentials = Credentials::auth_token(ACCOUNT_SID, TOKEN);
    assert_eq!(
        format!("{token_credentials:?}"),
        format!(r#"Credentials {{ account_sid: "{ACCOUNT_SID}", auth_token: "***" }}"#)
    );
    assert_eq!(
        format!(
            "{:?}",
            Credentials::api_key(KEY_SID, KEY_SECRET, ACCOUNT_SID)
        ),
        format!(
            r#"Credentials {{ api_key_sid: "{KEY_SID}", api_secret: "***", account_sid: "{ACCOUNT_SID}" }}"#
        )
    );
    let mut texts = vec![
        format!("{token_client:?}"),
        format!("{key_client:?}"),
        format!("{builder:?}"),
        format!("{:?}", token_client.with_timeout(Duration::from_secs(1))),
    ];
    assert!(
        texts[0].contains(ACCOUNT_SID) && texts[0].contains("***"),
        "{}",
        texts[0]
    );

    let mut errors = Vec::new();
    for (client, name) in [
        (&token_client, "api"),
        (&key_client, "html"),
        (&token_client, "decode"),
    ] {
        errors.push(
            client
                .send::<Value>(Request::new(Method::GET, &["v1", name]))
                .await
                .unwrap_err(),
        );
    }
    errors.push(
        token_client
            .with_timeout(Duration::from_millis(20))
            .send_empty(Request::new(Method::GET, &["v1", "slow"]))
            .await
            .unwrap_err(),
    );
    errors.push(
        token_client
            .send_empty(Request::new(Method::GET, &["v1", ".."]))
            .await
            .unwrap_err(),
    );
    errors.push(
        Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
            .base_url(format!("http://{ACCOUNT_SID}:{TOKEN}@127.0.0.1:1"))
            .build()
            .unwrap_err(),
    );
    // A closed port: connection refused.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    errors.push(
        refused
            .send_empty(Request::new(Method::GET, &["v1", "x"]))
            .await
            .unwrap_err(),
    );
    errors.push(
        token_client
            .send_empty(Request::new(Method::POST, &["v1"]).json(&Broken))
            .await
            .unwrap_err(),
    );

    let kinds: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            Error::Api(_) => "Api",
            Error::UnexpectedResponse { .. } => "UnexpectedResponse",
            Error::Decode { .. } => "Decode",
            Error::Timeout => "Timeout",
            Error::InvalidRequest(_) => "InvalidRequest",
            Error::Config(_) => "Config",
            Error::Transport(_) => "Transport",
            Error::Encode(_) => "Encode",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Api",
            "UnexpectedResponse",
            "Decode",
            "Timeout",
            "InvalidRequest",
            "Config",
            "Transport",
            "Encode"
        ]
    );
    assert_eq!(errors[3].status(), None);
    assert_eq!(errors[6].status(), None);
    assert!(errors[6].is_retryable());
    for err in &errors {
        texts.push(format!("{err:?}"));
        texts.push(err.to_string());
        let mut source = std::error::Error::source(err);
        while let Some(inner) = source {
            texts.push(format!("{inner:?} {inner}"));
            source = inner.source();
        }
    }
    for text in &texts {
        assert_no_secret(text);
    }
}

struct Broken;

impl Serialize for Broken {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("broken value"))
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

#[tokio::test]
async fn from_env_reads_credentials_region_and_edge() {
    let client = Client::from_env_with(env(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", TOKEN),
    ]))
    .unwrap();
    assert_eq!(
        client.base_url_for(twilio_messaging::v2::SERVER).unwrap(),
        "https://messaging.twilio.com"
    );
    assert_eq!(client.account_sid(), ACCOUNT_SID);

    let client = Client::from_env_with(env(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", TOKEN),
        ("TWILIO_REGION", "ie1"),
        ("TWILIO_EDGE", "dublin"),
    ]))
    .unwrap();
    assert_eq!(
        client.base_url_for(twilio_messaging::v2::SERVER).unwrap(),
        "https://messaging.dublin.ie1.twilio.com"
    );

    let client = Client::from_env_with(env(&[
        ("TWILIO_API_KEY", KEY_SID),
        ("TWILIO_API_SECRET", KEY_SECRET),
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_EDGE", "sydney"),
    ]))
    .unwrap();
    assert_eq!(
        client.base_url_for(twilio_messaging::v2::SERVER).unwrap(),
        "https://messaging.sydney.us1.twilio.com"
    );
    assert!(format!("{client:?}").contains(KEY_SID));

    let client = Client::from_env_with(env(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", TOKEN),
        ("TWILIO_REGION", "au1"),
        ("TWILIO_EDGE", ""),
    ]))
    .unwrap();
    assert_eq!(
        client.base_url_for(twilio_messaging::v2::SERVER).unwrap(),
        "https://messaging.au1.twilio.com"
    );
}

#[tokio::test]
async fn from_env_credentials_authenticate_against_the_server() {
    let server = MockServer::start().await;
    mount(&server, ResponseTemplate::new(204)).await;
    let client = twilio_messaging::runtime::ClientBuilder::from_env_with(env(&[
        ("TWILIO_API_KEY", KEY_SID),
        ("TWILIO_API_SECRET", KEY_SECRET),
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_REGION", "ie1"),
    ]))
    .unwrap()
    .base_url(server.uri())
    .build()
    .unwrap();
    assert_eq!(client.base_url(), Some(server.uri().as_str()));
    client
        .send_empty(Request::new(Method::GET, &["v1", "x"]))
        .await
        .unwrap();
    assert_eq!(
        header(&only_request(&server).await, "authorization"),
        KEY_AUTH
    );
}

#[test]
fn from_env_missing_variables_are_named() {
    let config_message = |vars: &[(&str, &str)]| match Client::from_env_with(env(vars)) {
        Err(Error::Config(message)) => message,
        other => panic!("expected a config error, got {other:?}"),
    };
    assert_eq!(
        config_message(&[]),
        "missing environment variable TWILIO_ACCOUNT_SID"
    );
    assert_eq!(
        config_message(&[("TWILIO_ACCOUNT_SID", ACCOUNT_SID)]),
        "missing environment variable TWILIO_AUTH_TOKEN"
    );
    assert_eq!(
        config_message(&[
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            ("TWILIO_AUTH_TOKEN", "")
        ]),
        "missing environment variable TWILIO_AUTH_TOKEN"
    );
    assert_eq!(
        config_message(&[
            ("TWILIO_API_KEY", KEY_SID),
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        ]),
        "missing environment variable TWILIO_API_SECRET"
    );
    assert_eq!(
        config_message(&[
            ("TWILIO_API_KEY", KEY_SID),
            ("TWILIO_API_SECRET", KEY_SECRET)
        ]),
        "missing environment variable TWILIO_ACCOUNT_SID"
    );
    let err = Client::from_env_with(env(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", TOKEN),
        ("TWILIO_REGION", "ie1.evil.com/x"),
    ]))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"invalid client configuration: invalid region "ie1.evil.com/x": expected letters, digits and hyphens"#
    );
}

#[test]
fn invalid_base_urls_are_rejected_at_build() {
    let build = |url: &str| {
        Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
            .base_url(url)
            .build()
    };
    for url in [
        "not a url",
        "ftp://example.com",
        "http://127.0.0.1/?x=1",
        "https://h/#f",
    ] {
        assert!(
            matches!(build(url), Err(Error::Config(_))),
            "{url} accepted"
        );
    }
    match build("https://user:SECRET@example.com") {
        Err(Error::Config(message)) => assert_eq!(
            message,
            r#"invalid base URL "https://***@example.com": it must not contain a user name or password"#
        ),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        build("http://127.0.0.1:8080/").unwrap().base_url(),
        Some("http://127.0.0.1:8080")
    );
    let client = Client::new(ACCOUNT_SID, TOKEN);
    assert_eq!(client.base_url(), None);
    assert_eq!(
        client.base_url_for(twilio_messaging::v2::SERVER).unwrap(),
        "https://messaging.twilio.com"
    );
}

// ---------------------------------------------------------------------------------------------
// SIDs and Nullable

enum Xe {}

impl SidPrefix for Xe {
    const PREFIX: &'static str = "XE";
    const NAME: &'static str = "SenderSid";
}

type SenderSid = Sid<Xe>;

const GOOD_SID: &str = "XE0123456789abcdefABCDEF0123456789";

#[test]
fn sid_validation_and_formatting() {
    let sid = SenderSid::new(GOOD_SID).unwrap();
    assert_eq!(sid.as_str(), GOOD_SID);
    assert_eq!(sid.to_string(), GOOD_SID);
    assert_eq!(format!("{sid:?}"), format!("SenderSid({GOOD_SID:?})"));
    assert_eq!(AsRef::<str>::as_ref(&sid), GOOD_SID);
    assert_eq!(GOOD_SID.parse::<SenderSid>().unwrap(), sid);
    assert_eq!(SenderSid::try_from(GOOD_SID.to_owned()).unwrap(), sid);
    assert_eq!(SenderSid::try_from(GOOD_SID).unwrap(), sid.clone());
    assert_eq!(sid.clone().into_string(), GOOD_SID);

    let err = SenderSid::new("XE12").unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"invalid SenderSid "XE12": expected "XE" followed by 32 hexadecimal digits (34 characters)"#
    );
    assert_eq!(err.value(), "XE12");
    for bad in [
        "",
        "XE0123456789abcdefABCDEF012345678",   // 33 characters
        "XE0123456789abcdefABCDEF01234567890", // 35 characters
        "XG0123456789abcdefABCDEF0123456789",  // wrong prefix
        "xe0123456789abcdefABCDEF0123456789",  // lowercase prefix
        "XE0123456789abcdefABCDEF012345678g",  // not hexadecimal
        "XEé123456789abcdefABCDEF012345678",   // multi-byte, 34 bytes
    ] {
        assert!(SenderSid::new(bad).is_err(), "{bad} accepted");
    }
}

#[test]
fn sid_serde_is_a_plain_string_and_lenient_on_input() {
    let sid = SenderSid::new(GOOD_SID).unwrap();
    assert_eq!(
        serde_json::to_string(&sid).unwrap(),
        format!("\"{GOOD_SID}\"")
    );
    let back: SenderSid = serde_json::from_str(&format!("\"{GOOD_SID}\"")).unwrap();
    assert_eq!(back, sid);
    // Documentation examples carry SIDs like these: responses must still decode.
    let lenient: SenderSid = serde_json::from_str(r#""XExxxxxxxx""#).unwrap();
    assert_eq!(lenient.as_str(), "XExxxxxxxx");
    let empty: SenderSid = serde_json::from_str(r#""""#).unwrap();
    assert_eq!(empty.as_str(), "");
    let mut params = Params::new();
    params.push("Sender", &sid);
    assert_eq!(params.iter().collect::<Vec<_>>(), [("Sender", GOOD_SID)]);
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Patch {
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    webhook: Nullable<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    count: Nullable<i64>,
}

#[test]
fn nullable_round_trips_absent_null_and_value() {
    for (input, expected) in [
        (
            r#"{}"#,
            Patch {
                webhook: Nullable::Absent,
                count: Nullable::Absent,
            },
        ),
        (
            r#"{"webhook":null}"#,
            Patch {
                webhook: Nullable::Null,
                count: Nullable::Absent,
            },
        ),
        (
            r#"{"webhook":"https://x","count":0}"#,
            Patch {
                webhook: Nullable::Value("https://x".into()),
                count: Nullable::Value(0),
            },
        ),
        (
            r#"{"count":null}"#,
            Patch {
                webhook: Nullable::Absent,
                count: Nullable::Null,
            },
        ),
    ] {
        let decoded: Patch = serde_json::from_str(input).unwrap();
        assert_eq!(decoded, expected, "{input}");
        assert_eq!(serde_json::to_string(&decoded).unwrap(), input);
    }
    // Without the skip attribute an absent value is written as null.
    assert_eq!(
        serde_json::to_string(&Nullable::<i32>::Absent).unwrap(),
        "null"
    );
    assert_eq!(serde_json::to_string(&Nullable::Value(3)).unwrap(), "3");

    let value = Nullable::from(5);
    assert_eq!(value, Nullable::Value(5));
    assert_eq!(value.value(), Some(&5));
    assert_eq!(value.as_ref(), Nullable::Value(&5));
    assert_eq!(value.map(|v| v * 2).into_value(), Some(10));
    assert!(Nullable::<i32>::default().is_absent());
    assert!(Nullable::<i32>::Null.is_null());
    assert_eq!(Nullable::<i32>::Null.value(), None);
    assert_eq!(Nullable::<i32>::Null.map(|v| v + 1), Nullable::Null);
    assert_eq!(Nullable::<i32>::Absent.into_value(), None);
}

// ---------------------------------------------------------------------------------------------
// Tracing

/// A subscriber that keeps every span and event as text.
struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Fields(span.metadata().name().to_owned());
        span.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Each request is a span with its method, host and path; each attempt's status, retries and the
/// server's request id are events; the query, the body and the credentials never appear.
#[tokio::test]
async fn requests_are_traced_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount(
        &server,
        ResponseTemplate::new(200)
            .insert_header("Twilio-Request-Id", "RQ42")
            .set_body_json(json!({})),
    )
    .await;
    let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let _guard = tracing::subscriber::set_default(Recorder(lines.clone()));
    let mut query = Params::new();
    query.push("To", "+15550001111");
    let _: Value = client_for(&server)
        .send(
            Request::new(Method::POST, &["v1", "Things"])
                .query(query)
                .json(&json!({"Body": "private text"})),
        )
        .await
        .unwrap();
    let text = lines.lock().unwrap().join("\n");
    assert!(text.contains("request method=POST"), "{text}");
    assert!(text.contains("path=\"/v1/Things\""), "{text}");
    assert!(
        text.contains("status=429") && text.contains("retrying"),
        "{text}"
    );
    assert!(text.contains("request_id=\"RQ42\""), "{text}");
    for secret in [TOKEN, "+15550001111", "private text", "Basic "] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}
