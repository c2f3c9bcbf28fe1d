//! The generated client against a hostile or flaky server: a raw HTTP/1.1 server on loopback
//! (`tests::raw_server`) answers with exactly the bytes each test chooses, and records what it
//! received, so each test asserts what happened on the wire. One test per class of attack.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::json;
use tests::raw_server::{RawServer, Reply, json};
use twilio_messaging::runtime::{
    Client, Credentials, Error, Method, Page, Params, Request, RetryPolicy,
};
use twilio_messaging::v2::{ChannelsSender, ListChannelsSenderParams, SenderChannel};

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "tok-SECRET-7f3a9c";

fn client(base: &str) -> Client {
    Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(base)
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
        .build()
        .expect("client builds")
}

/// A page of one sender whose next-page link is `next`.
fn page(next: &str) -> String {
    json!({
        "senders": [{"sid": "XE0123456789abcdef0123456789abcdef"}],
        "meta": {"key": "senders", "next_page_url": next},
    })
    .to_string()
}

/// Streams senders with no limit, as a caller would; the test itself stops after 100 items so
/// that a regression fails instead of hanging.
async fn stream_senders(client: &Client) -> Vec<Result<ChannelsSender, Error>> {
    client
        .v2()
        .channels_senders()
        .stream(
            &ListChannelsSenderParams::new(SenderChannel::Whatsapp),
            None,
        )
        .take(100)
        .collect()
        .await
}

fn assert_pagination_error(results: &[Result<ChannelsSender, Error>]) {
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results[0].is_ok(), "{results:?}");
    assert!(
        matches!(&results[1], Err(Error::Pagination(_))),
        "{results:?}"
    );
    let text = format!("{:?} {}", results[1], results[1].as_ref().unwrap_err());
    assert!(!text.contains("SECRET"), "{text}");
}

#[tokio::test]
async fn credentials_never_go_to_another_origin() {
    let thief = RawServer::start("127.0.0.2", |_, _| json(200, "{}")).await;
    let other_port = RawServer::start("127.0.0.1", |_, _| json(200, "{}")).await;
    let port = thief.addr.port();
    let links = [
        format!("x:@127.0.0.2:{port}/v2/Channels/Senders?Page=1"),
        format!("x:127.0.0.2:{port}/v2/Channels/Senders?Page=1"),
        format!("//127.0.0.2:{port}/v2/Channels/Senders?Page=1"),
        format!("\\\\127.0.0.2:{port}/v2/Channels/Senders?Page=1"),
        format!("/\\127.0.0.2:{port}/v2/Channels/Senders?Page=1"),
        format!("http://127.0.0.2:{port}/v2/Channels/Senders?Page=1"),
        format!("http://{ACCOUNT_SID}:{TOKEN}@127.0.0.2:{port}/v2/Channels/Senders"),
        format!("{}/v2/Channels/Senders?Page=1", other_port.uri()),
        format!("https://127.0.0.2:{port}/v2/Channels/Senders?Page=1"),
        format!("http://127.0.0.2:{port}%2f@x/v2/Channels/Senders?Page=1"),
        format!("https://messaging.twilio.com.127.0.0.2.nip.io:{port}/v2/Channels/Senders"),
        "https://xn--mssaging-jrg.twilio.com/v2/Channels/Senders?Page=1".to_owned(),
        "x:7/v2/Channels/Senders?Page=1".to_owned(),
    ];
    for link in &links {
        let body = page(link);
        let server = RawServer::start("127.0.0.1", move |_, _| json(200, &body)).await;
        let results = stream_senders(&client(&server.uri())).await;
        assert_pagination_error(&results);
        assert_eq!(server.seen().len(), 1, "{link}");
    }
    assert!(thief.seen().is_empty(), "{:?}", thief.seen());
    assert!(other_port.seen().is_empty(), "{:?}", other_port.seen());
}

#[tokio::test]
async fn a_link_to_the_public_host_is_fetched_from_the_configured_one() {
    // Behind a proxy (or in a region) Twilio names its public host in next-page links: the
    // client keeps its configured origin and path prefix, and sends the headers again.
    let server = RawServer::start("127.0.0.1", |seen, _| {
        if seen.target.contains("PageToken=PT2") {
            json(200, &page(""))
        } else {
            json(
                200,
                &page("https://messaging.twilio.com/v2/Channels/Senders?PageSize=1&PageToken=PT2"),
            )
        }
    })
    .await;
    let results = stream_senders(&client(&format!("{}/proxy", server.uri()))).await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let seen = server.seen();
    assert_eq!(
        seen[0].target,
        "/proxy/v2/Channels/Senders?Channel=whatsapp"
    );
    assert_eq!(
        seen[1].target,
        "/proxy/v2/Channels/Senders?PageSize=1&PageToken=PT2"
    );
    assert!(seen.iter().all(|s| s.header("authorization").is_some()));
}

#[tokio::test]
async fn paging_stops_when_a_link_repeats() {
    // A page that links to itself.
    let server = RawServer::start("127.0.0.1", |seen, _| json(200, &page(&seen.target))).await;
    let results = stream_senders(&client(&server.uri())).await;
    assert_pagination_error(&results);
    assert_eq!(server.seen().len(), 1);

    // A cycle of two pages: A → B → A.
    let server = RawServer::start("127.0.0.1", |seen, _| {
        if seen.target.contains("Page=B") {
            json(200, &page("/v2/Channels/Senders?Channel=whatsapp"))
        } else {
            json(200, &page("/v2/Channels/Senders?Channel=whatsapp&Page=B"))
        }
    })
    .await;
    let results = stream_senders(&client(&server.uri())).await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(matches!(results[2], Err(Error::Pagination(_))));
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_without_being_read() {
    const LIMIT: usize = 64 * 1024;
    const HUGE: u64 = 2 * 1024 * 1024 * 1024;
    let limited = |uri: &str| {
        Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
            .base_url(uri)
            .max_response_size(LIMIT)
            .retry_policy(RetryPolicy {
                max_retries: 1,
                initial_backoff: Duration::from_millis(1),
                max_backoff: Duration::from_millis(1),
            })
            .build()
            .expect("client builds")
    };
    let request = || Request::new(Method::GET, &["v2", "Channels", "Senders"]);

    // A declared length over the limit: refused before reading.
    let server = RawServer::start("127.0.0.1", |_, _| Reply::Stream {
        head: format!("HTTP/1.1 200 OK\r\ncontent-length: {HUGE}\r\n\r\n"),
        total: HUGE,
    })
    .await;
    let err = limited(&server.uri())
        .send::<serde_json::Value>(request())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                status: 200,
                limit: LIMIT
            }
        ),
        "{err:?}"
    );
    assert!(server.streamed() < HUGE / 8, "{}", server.streamed());

    // No declared length (read to the end of the connection): reading stops at the limit.
    let server = RawServer::start("127.0.0.1", |_, _| Reply::Stream {
        head: "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n".to_owned(),
        total: HUGE,
    })
    .await;
    let err = limited(&server.uri())
        .send::<serde_json::Value>(request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
    assert!(server.streamed() < HUGE / 8, "{}", server.streamed());

    // An error status with a huge body: the preview is read, not the body.
    let server = RawServer::start("127.0.0.1", |_, _| Reply::Stream {
        head: "HTTP/1.1 500 Oops\r\nconnection: close\r\n\r\n".to_owned(),
        total: HUGE,
    })
    .await;
    let err = limited(&server.uri())
        .send::<serde_json::Value>(request())
        .await
        .unwrap_err();
    match &err {
        Error::UnexpectedResponse { status: 500, body } => assert_eq!(body.len(), 512),
        other => panic!("{other:?}"),
    }
    assert!(server.streamed() < HUGE / 8, "{}", server.streamed());

    // A 429 with a huge body is retried without reading it.
    let server = RawServer::start("127.0.0.1", |_, index| {
        if index == 0 {
            Reply::Stream {
                head: "HTTP/1.1 429 Slow down\r\nretry-after: 0\r\nconnection: close\r\n\r\n"
                    .to_owned(),
                total: HUGE,
            }
        } else {
            json(200, r#"{"ok": true}"#)
        }
    })
    .await;
    let value: serde_json::Value = limited(&server.uri()).send(request()).await.unwrap();
    assert_eq!(value, json!({"ok": true}));
    assert_eq!(server.seen().len(), 2);
    assert!(server.streamed() < HUGE / 8, "{}", server.streamed());

    // A list page over the limit ends the stream with the error.
    let server = RawServer::start("127.0.0.1", |_, _| Reply::Stream {
        head: "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n".to_owned(),
        total: HUGE,
    })
    .await;
    let results = stream_senders(&limited(&server.uri())).await;
    assert_eq!(results.len(), 1);
    assert!(matches!(results[0], Err(Error::ResponseTooLarge { .. })));
}

#[tokio::test]
async fn secrets_stay_out_of_configuration_errors() {
    let builder = || Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN));
    for url in [
        format!("ftp://{ACCOUNT_SID}:{TOKEN}@host/"),
        format!("https://{ACCOUNT_SID}:{TOKEN}@host:99999/"),
        format!("https://{ACCOUNT_SID}:{TOKEN}@/"),
        format!("https://{ACCOUNT_SID}:{TOKEN}@host/?q=1"),
        format!("{ACCOUNT_SID}:{TOKEN}@host"),
        format!("http://{ACCOUNT_SID}:{TOKEN}@127.0.0.1:1"),
    ] {
        let shown = format!("{:?}", builder().base_url(&url));
        assert!(!shown.contains(TOKEN), "{shown}");
        let err = builder().base_url(&url).build().unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(matches!(err, Error::Config(_)), "{text}");
        assert!(!text.contains(TOKEN), "{text}");
    }
}

#[tokio::test]
async fn a_bad_user_agent_is_refused_when_building() {
    for agent in ["app/1\r\nX-Injected: 1", "app/1\n", "app\u{0}"] {
        let err = Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
            .user_agent(agent)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }
}

#[tokio::test]
async fn a_keep_alive_connection_closed_before_the_answer_is_retried_for_idempotent_methods() {
    // The server answers the first request, then closes the connection when the second one
    // arrives on it (the race of an idle connection closed by the server), then answers again.
    let handler = |_: &tests::raw_server::Seen, index: usize| match index {
        1 => Reply::Close,
        _ => json(200, r#"{"ok": true}"#),
    };
    for method in [Method::GET, Method::DELETE] {
        let server = RawServer::start("127.0.0.1", handler).await;
        let client = client(&server.uri());
        for _ in 0..2 {
            client
                .send_empty(Request::new(method.clone(), &["v1", "Things"]))
                .await
                .unwrap_or_else(|err| panic!("{method}: {err:?}"));
        }
        let connections: Vec<usize> = server.seen().iter().map(|s| s.connection).collect();
        assert_eq!(connections, [0, 0, 1], "{method}");
    }
    // A POST is never repeated: the server may have acted on it.
    let server = RawServer::start("127.0.0.1", handler).await;
    let client = client(&server.uri());
    let post = || Request::new(Method::POST, &["v1", "Things"]).form(Params::new());
    client.send_empty(post()).await.unwrap();
    let err = client.send_empty(post()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(server.seen().len(), 2);

    // A connection refused is retried for any method (nothing was sent), within the policy.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let err = self::client(&format!("http://127.0.0.1:{port}"))
        .send_empty(post())
        .await
        .unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
}

/// A page type for runtime-level paging tests.
#[derive(serde::Deserialize)]
struct ThingPage {
    things: Vec<u32>,
    meta: Meta,
}

#[derive(serde::Deserialize)]
struct Meta {
    next_page_url: Option<String>,
}

impl Page for ThingPage {
    type Item = u32;
    const ITEMS_KEY: &'static str = "things";
    fn next_page_url(&self) -> Option<&str> {
        self.meta.next_page_url.as_deref()
    }
    fn into_items(self) -> Vec<u32> {
        self.things
    }
}

#[tokio::test]
async fn header_parameters_are_sent_on_every_page() {
    let server = RawServer::start("127.0.0.1", |_, index| {
        let next = if index < 2 {
            json!(format!("/v1/Things?Page={}", index + 1))
        } else {
            json!(null)
        };
        json(
            200,
            &json!({"things": [index], "meta": {"next_page_url": next}}).to_string(),
        )
    })
    .await;
    let mut headers = Params::new();
    headers.push("X-Tenant", "blue");
    let request = Request::new(Method::GET, &["v1", "Things"]).headers(headers);
    let items: Vec<u32> =
        twilio_messaging::runtime::paginate::<ThingPage>(client(&server.uri()), request, None)
            .map(|r| r.unwrap())
            .collect()
            .await;
    assert_eq!(items, [0, 1, 2]);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    for s in &seen {
        assert_eq!(s.header("x-tenant"), Some("blue"), "{}", s.target);
    }
}

struct Broken;

impl serde::Serialize for Broken {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("broken value"))
    }
}

#[tokio::test]
async fn an_unencodable_value_fails_before_anything_is_sent() {
    let server = RawServer::start("127.0.0.1", |_, _| json(200, "{}")).await;
    let client = client(&server.uri());
    let mut form = Params::new();
    form.push("Name", "ok");
    form.push_json("Profile", &Broken);
    let err = client
        .send_empty(Request::new(Method::POST, &["v1", "Things"]).form(form.clone()))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Encode(m) if m.contains("Profile") && m.contains("broken value")),
        "{err:?}"
    );
    for request in [
        Request::new(Method::GET, &["v1", "Things"]).query(form.clone()),
        Request::new(Method::GET, &["v1", "Things"]).headers(form.clone()),
    ] {
        let err = client.send_empty(request).await.unwrap_err();
        assert!(matches!(err, Error::Encode(_)), "{err:?}");
    }
    assert!(server.seen().is_empty());
}
