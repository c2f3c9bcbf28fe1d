//! Response metadata (`Call::with_metadata`), calls as futures, and middleware around the
//! transport, through the generated crate against a local server.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use twilio_messaging::runtime::{BoxFuture, Middleware, Next, reqwest};
use twilio_messaging::v2::CreateChannelsSenderRequest;
use twilio_messaging::{Client, ClientBuilder, Credentials, Error, RetryPolicy, SenderSid};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "tok-SECRET-7f3a9c";
/// base64("AC0123456789abcdef0123456789abcdef:tok-SECRET-7f3a9c")
const TOKEN_AUTH: &str =
    "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0b2stU0VDUkVULTdmM2E5Yw==";
const XE: &str = "XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(server.uri())
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
}

fn sid() -> SenderSid {
    XE.parse().expect("a sender SID")
}

fn sender_json() -> serde_json::Value {
    json!({"sid": XE, "status": "CREATING", "sender_id": "whatsapp:+15017122661"})
}

#[tokio::test]
async fn with_metadata_returns_the_status_headers_and_request_id_beside_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(202)
                .insert_header("Twilio-Request-Id", "RQ0123")
                .insert_header("X-Rate-Limit-Remaining", "99")
                .set_body_json(sender_json()),
        )
        .mount(&server)
        .await;
    let client = builder(&server).build().expect("client");
    let answer = client
        .v2()
        .channels_senders()
        .create(&CreateChannelsSenderRequest::new("whatsapp:+15017122661"))
        .with_metadata()
        .await
        .expect("created");
    assert_eq!(answer.status, 202);
    assert_eq!(answer.request_id(), Some("RQ0123"));
    assert_eq!(answer.headers["x-rate-limit-remaining"], "99");
    assert_eq!(answer.body.sid, Some(sid()));
    assert_eq!(
        answer.into_body().sender_id.as_deref(),
        Some("whatsapp:+15017122661")
    );
}

#[tokio::test]
async fn a_call_is_a_future_that_sends_nothing_until_polled() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(sender_json()))
        .mount(&server)
        .await;
    let client = builder(&server).build().expect("client");
    let senders = client.v2().channels_senders();
    let (sid_a, sid_b) = (sid(), sid());
    let unsent = senders.fetch(&sid_a);
    drop(unsent);
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );

    // Futures compose: join, spawn.
    let (a, b) = tokio::join!(senders.fetch(&sid_a), senders.fetch(&sid_b));
    assert_eq!(a.expect("a").sid, Some(sid()));
    assert_eq!(b.expect("b").sid, Some(sid()));
    let spawned = tokio::spawn(client.v2().channels_senders().fetch(&sid_a));
    assert!(spawned.await.expect("joined").is_ok());
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

/// What a middleware saw of each attempt.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    method: String,
    path: String,
    authorization: bool,
    status: Option<u16>,
}

/// Records every attempt and tags it with a header.
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Middleware for Recorder {
    fn handle<'a>(
        &'a self,
        mut request: reqwest::Request,
        next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, Error>> {
        Box::pin(async move {
            let mut seen = Seen {
                method: request.method().to_string(),
                path: request.url().path().to_owned(),
                authorization: request.headers().contains_key("authorization"),
                status: None,
            };
            request
                .headers_mut()
                .insert("x-trace", reqwest::header::HeaderValue::from_static("t-1"));
            let response = next.run(request).await;
            seen.status = response.as_ref().ok().map(|r| r.status().as_u16());
            self.0.lock().expect("lock").push(seen);
            response
        })
    }
}

#[tokio::test]
async fn middleware_wraps_every_attempt_and_never_sees_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(sender_json()))
        .mount(&server)
        .await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let client = builder(&server)
        .middleware(Recorder(log.clone()))
        .build()
        .expect("client");
    client
        .v2()
        .channels_senders()
        .fetch(&sid())
        .await
        .expect("fetched after one retry");

    let seen = log.lock().expect("lock").clone();
    let path = format!("/v2/Channels/Senders/{XE}");
    let attempt = |status| Seen {
        method: "GET".to_owned(),
        path: path.clone(),
        authorization: false,
        status: Some(status),
    };
    assert_eq!(seen, [attempt(429), attempt(200)]);
    // The server got the credentials and the middleware's header on both attempts.
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.headers["authorization"], TOKEN_AUTH);
        assert_eq!(request.headers["x-trace"], "t-1");
    }
}

/// Answers every request itself: a test double in front of the network.
struct Canned;

impl Middleware for Canned {
    fn handle<'a>(
        &'a self,
        _request: reqwest::Request,
        _next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, Error>> {
        Box::pin(async {
            let body = serde_json::to_vec(&sender_json()).expect("encodes");
            let response = http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(body)
                .expect("a response");
            Ok(reqwest::Response::from(response))
        })
    }
}

#[tokio::test]
async fn middleware_may_answer_without_the_network() {
    let server = MockServer::start().await;
    let client = builder(&server).middleware(Canned).build().expect("client");
    let sender = client
        .v2()
        .channels_senders()
        .fetch(&sid())
        .await
        .expect("answered by the middleware");
    assert_eq!(sender.sid, Some(sid()));
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

/// Sends every request to another server.
struct Redirect(String);

impl Middleware for Redirect {
    fn handle<'a>(
        &'a self,
        mut request: reqwest::Request,
        next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, Error>> {
        let moved = format!("{}{}", self.0, request.url().path());
        *request.url_mut() = moved.parse().expect("a URL");
        next.run(request)
    }
}

#[tokio::test]
async fn a_middleware_cannot_take_the_credentials_to_another_origin() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(sender_json()))
        .mount(&elsewhere)
        .await;
    let client = builder(&server)
        .middleware(Redirect(elsewhere.uri()))
        .build()
        .expect("client");
    let err = client
        .v2()
        .channels_senders()
        .fetch(&sid())
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(
        elsewhere
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

/// Signs every request itself: authentication the client does not send (`digest`, a vendor's
/// own), done by a middleware.
struct Sign;

impl Middleware for Sign {
    fn handle<'a>(
        &'a self,
        mut request: reqwest::Request,
        next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, Error>> {
        request.headers_mut().insert(
            "authorization",
            reqwest::header::HeaderValue::from_static("Signature keyId=\"k\""),
        );
        next.run(request)
    }
}

#[tokio::test]
async fn a_middleware_may_authenticate_where_the_credentials_do_not() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(sender_json()))
        .mount(&server)
        .await;
    let client = Client::builder(Credentials::none())
        .base_url(server.uri())
        .middleware(Sign)
        .build()
        .expect("client");
    client
        .v2()
        .channels_senders()
        .fetch(&sid())
        .await
        .expect("fetched");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(
        received[0].headers["authorization"],
        "Signature keyId=\"k\""
    );

    // Credentials the operation takes (basic here) win over the middleware's.
    let client = builder(&server).middleware(Sign).build().expect("client");
    client
        .v2()
        .channels_senders()
        .fetch(&sid())
        .await
        .expect("fetched");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received[1].headers["authorization"], TOKEN_AUTH);
}
