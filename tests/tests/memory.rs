//! Memory stays bounded by the client's response-size limit whatever a server sends: measured
//! with a counting global allocator (this test binary's), against a raw server that offers
//! 2 GiB bodies. One test function runs the cases one after another on a single-threaded
//! runtime, so the peak is this client's alone (and the raw server's small buffers).

use std::time::Duration;

use futures_util::StreamExt;
use tests::raw_server::{RawServer, Reply, json};
use twilio_messaging::runtime::{Client, Credentials, Error, Method, Request, RetryPolicy};
use twilio_messaging::v2::{ListChannelsSenderParams, SenderChannel};

#[path = "../src/counting.rs"]
mod counting;

#[global_allocator]
static ALLOCATOR: counting::Counting<std::alloc::System> = counting::Counting(std::alloc::System);

const LIMIT: usize = 1024 * 1024;
const HUGE: u64 = 2 * 1024 * 1024 * 1024;
const MIB: usize = 1024 * 1024;

/// Runs `f` and returns its output with the peak heap growth while it ran.
async fn peak_during<T>(f: impl std::future::Future<Output = T>) -> (T, usize) {
    let mark = counting::mark();
    let out = f.await;
    (out, mark.peak_growth())
}

fn client(uri: &str) -> Client {
    Client::builder(Credentials::auth_token(
        "AC0123456789abcdef0123456789abcdef",
        "token",
    ))
    .base_url(uri)
    .max_response_size(LIMIT)
    .timeout(Duration::from_secs(20))
    .retry_policy(RetryPolicy {
        max_retries: 1,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
    })
    .build()
    .expect("client builds")
}

fn stream_of(status: &str, total: u64) -> Reply {
    Reply::Stream {
        head: format!("HTTP/1.1 {status}\r\nconnection: close\r\n\r\n"),
        total,
    }
}

#[test]
fn memory_stays_bounded_by_the_limit_whatever_the_server_sends() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let request = || Request::new(Method::GET, &["v2", "Channels", "Senders"]);

        // The cost of one small request, for comparison.
        let server = RawServer::start("127.0.0.1", |_, _| json(200, "{}")).await;
        let client = self::client(&server.uri());
        let (result, small) = peak_during(client.send::<serde_json::Value>(request())).await;
        assert!(result.is_ok(), "{result:?}");
        println!("one small request: peak heap growth {} KiB", small / 1024);

        // A success body without end.
        let server = RawServer::start("127.0.0.1", |_, _| stream_of("200 OK", HUGE)).await;
        let client = self::client(&server.uri());
        let (result, peak) = peak_during(client.send::<serde_json::Value>(request())).await;
        assert!(
            matches!(result, Err(Error::ResponseTooLarge { .. })),
            "{result:?}"
        );
        assert!(
            peak < 3 * LIMIT,
            "200: peak {peak} bytes for a {LIMIT}-byte limit"
        );
        println!(
            "200 with a 2 GiB body: peak heap growth {} KiB",
            peak / 1024
        );

        // An error body without end: only the preview is read.
        let server = RawServer::start("127.0.0.1", |_, _| stream_of("500 Oops", HUGE)).await;
        let client = self::client(&server.uri());
        let (result, peak) = peak_during(client.send::<serde_json::Value>(request())).await;
        assert!(
            matches!(result, Err(Error::UnexpectedResponse { status: 500, .. })),
            "{result:?}"
        );
        assert!(peak < MIB, "500: peak {peak} bytes");
        println!(
            "500 with a 2 GiB body: peak heap growth {} KiB",
            peak / 1024
        );

        // A 429 body without end is not read before the retry.
        let server = RawServer::start("127.0.0.1", |_, index| {
            if index == 0 {
                stream_of("429 Slow down\r\nretry-after: 0", HUGE)
            } else {
                json(200, "{}")
            }
        })
        .await;
        let client = self::client(&server.uri());
        let (result, peak) = peak_during(client.send::<serde_json::Value>(request())).await;
        assert!(result.is_ok(), "{result:?}");
        assert!(peak < MIB, "429: peak {peak} bytes");
        println!(
            "429 with a 2 GiB body, then 200: peak heap growth {} KiB",
            peak / 1024
        );

        // A list page without end.
        let server = RawServer::start("127.0.0.1", |_, _| stream_of("200 OK", HUGE)).await;
        let client = self::client(&server.uri());
        let stream = client
            .v2()
            .channels_senders()
            .stream(
                &ListChannelsSenderParams::new(SenderChannel::Whatsapp),
                None,
            )
            .take(10)
            .collect::<Vec<_>>();
        let (results, peak) = peak_during(stream).await;
        assert_eq!(results.len(), 1);
        assert!(matches!(results[0], Err(Error::ResponseTooLarge { .. })));
        assert!(
            peak < 3 * LIMIT,
            "page: peak {peak} bytes for a {LIMIT}-byte limit"
        );
        println!("a list page of 2 GiB: peak heap growth {} KiB", peak / 1024);
    });
}
