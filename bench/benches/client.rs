//! The generated client's costs on the hot path, against a loopback HTTP/1.1 server:
//!
//! - decoding a list page of 1,000 senders into the generated types as the client does
//!   (`runtime::lenient::decode`), against decoding the same bytes into `serde_json::Value`;
//! - one request (`fetch`) through the client, against the same request through plain `reqwest`
//!   (basic auth, body read, decoded into the same type);
//! - walking 1,000 and 10,000 senders across pages of 1,000 with `stream`, with the peak heap
//!   growth (a counting global allocator): it must not grow with the number of pages.
//!
//! `cargo bench -p bench --bench client` runs divan; with `-- --report` it measures directly and
//! prints tab-separated lines for `cargo xtask bench`:
//!
//! ```text
//! decode   PAGE_BYTES  TYPED_NS  VALUE_NS
//! request  CLIENT_NS   REQWEST_NS
//! walk     SENDERS     PAGES  MEDIAN_NS  PEAK_BYTES
//! ```

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use twilio_messaging::SenderSid;
use twilio_messaging::runtime::{Client, Credentials};
use twilio_messaging::v2::{
    ChannelsSender, ChannelsSenderPage, ListChannelsSenderParams, SenderChannel,
};

const PAGE: usize = 1_000;
const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "token";
const SID: &str = "XE0123456789abcdef0123456789abcdef";

#[path = "../../tests/src/counting.rs"]
mod counting;

#[global_allocator]
static ALLOCATOR: counting::Counting<std::alloc::System> = counting::Counting(std::alloc::System);

/// The documented sender (tests/fixtures), compact, with SID number `i`.
fn sender(i: usize) -> Value {
    let text = include_str!("../../tests/fixtures/v2_channels_sender_fetch.json")
        .replace("XEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &format!("XE{i:032x}"));
    serde_json::from_str(&text).expect("the fixture is JSON")
}

/// List page `page` (from 0) of `pages`, each of `PAGE` senders, linking to the next on `base`.
fn page_body(base: &str, page: usize, pages: usize) -> Vec<u8> {
    let url =
        |p: usize| format!("{base}/v2/Channels/Senders?Channel=whatsapp&PageSize={PAGE}&Page={p}");
    let senders: Vec<Value> = (page * PAGE..(page + 1) * PAGE).map(sender).collect();
    let next = (page + 1 < pages).then(|| url(page + 1));
    serde_json::to_vec(&json!({
        "senders": senders,
        "meta": {"page": page, "page_size": PAGE, "first_page_url": url(0), "previous_page_url": null,
                 "url": url(page), "next_page_url": next, "key": "senders"}
    }))
    .expect("encodes")
}

fn response(body: &[u8]) -> Arc<Vec<u8>> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    Arc::new(out)
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1: `GET /v2/Channels/Senders/{Sid}` answers one
/// sender, `GET /v2/Channels/Senders?…&Page=N` page N of `pages`. Runs on the caller's runtime.
struct Server {
    base: String,
}

impl Server {
    async fn start(pages: usize) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let base = format!("http://{}", listener.local_addr().expect("has an address"));
        let one = response(&serde_json::to_vec(&sender(1)).expect("encodes"));
        let list: Arc<Vec<Arc<Vec<u8>>>> = Arc::new(
            (0..pages)
                .map(|p| response(&page_body(&base, p, pages)))
                .collect(),
        );
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(connection(socket, one.clone(), list.clone()));
            }
        });
        Server { base }
    }
}

async fn connection(mut socket: TcpStream, one: Arc<Vec<u8>>, list: Arc<Vec<Arc<Vec<u8>>>>) {
    let mut buf = Vec::with_capacity(4096);
    loop {
        let end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match socket.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        buf.drain(..end);
        let target = head.split(' ').nth(1).unwrap_or("/");
        let reply = if target.starts_with("/v2/Channels/Senders/") {
            one.clone()
        } else {
            let page = target
                .split(['?', '&'])
                .find_map(|pair| pair.strip_prefix("Page="))
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
            list[page.min(list.len() - 1)].clone()
        };
        if socket.write_all(&reply).await.is_err() {
            return;
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn make_client(base: &str) -> Client {
    Client::builder(Credentials::auth_token(ACCOUNT, TOKEN))
        .base_url(base)
        .build()
        .expect("the client builds")
}

/// A reqwest client of its own, with the TLS provider the generated crate uses (ring).
fn plain_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// The same request as `fetch`, through reqwest alone.
async fn plain_fetch(http: &reqwest::Client, url: &str) -> ChannelsSender {
    let bytes = http
        .get(url)
        .basic_auth(ACCOUNT, Some(TOKEN))
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .expect("sends")
        .error_for_status()
        .expect("200")
        .bytes()
        .await
        .expect("reads");
    serde_json::from_slice(&bytes).expect("decodes")
}

async fn walk(client: &Client) -> usize {
    let params = ListChannelsSenderParams::new(SenderChannel::Whatsapp);
    let mut stream = Box::pin(client.v2().channels_senders().stream(&params, None));
    let mut count = 0;
    while let Some(sender) = stream.next().await {
        black_box(sender.expect("a sender"));
        count += 1;
    }
    count
}

fn main() {
    if std::env::args().any(|a| a == "--report") {
        report();
    } else {
        divan::main();
    }
}

#[divan::bench(max_time = 3)]
fn decode_page_typed(bencher: divan::Bencher) {
    let bytes = page_body("http://127.0.0.1:1", 0, 2);
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench_local(|| {
            twilio_messaging::runtime::lenient::decode::<ChannelsSenderPage>(black_box(&bytes))
                .unwrap()
        });
}

#[divan::bench(max_time = 3)]
fn decode_page_value(bencher: divan::Bencher) {
    let bytes = page_body("http://127.0.0.1:1", 0, 2);
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench_local(|| serde_json::from_slice::<Value>(black_box(&bytes)).unwrap());
}

#[divan::bench(max_time = 3)]
fn request_client(bencher: divan::Bencher) {
    let rt = runtime();
    let server = rt.block_on(Server::start(1));
    let client = make_client(&server.base);
    let sid: SenderSid = SID.parse().expect("a sender SID");
    let senders = client.v2().channels_senders();
    bencher.bench_local(|| rt.block_on(senders.fetch(&sid)).expect("fetches"));
}

#[divan::bench(max_time = 3)]
fn request_plain_reqwest(bencher: divan::Bencher) {
    let rt = runtime();
    let server = rt.block_on(Server::start(1));
    let http = plain_client();
    let url = format!("{}/v2/Channels/Senders/{SID}", server.base);
    bencher.bench_local(|| rt.block_on(plain_fetch(&http, &url)));
}

#[divan::bench(args = [1_000, 10_000], max_time = 5)]
fn walk_senders(bencher: divan::Bencher, senders: usize) {
    let rt = runtime();
    let server = rt.block_on(Server::start(senders / PAGE));
    let client = make_client(&server.base);
    bencher
        .counter(divan::counter::ItemsCount::new(senders))
        .bench_local(|| assert_eq!(rt.block_on(walk(&client)), senders));
}

/// Median per-iteration time of `batches` batches of `iterations` runs of `f`.
fn median(batches: usize, iterations: u32, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..batches)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                f();
            }
            start.elapsed() / iterations
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn report() {
    let bytes = page_body("http://127.0.0.1:1", 0, 2);
    let typed = median(7, 10, || {
        black_box(
            twilio_messaging::runtime::lenient::decode::<ChannelsSenderPage>(black_box(&bytes))
                .unwrap(),
        );
    });
    let value = median(7, 10, || {
        black_box(serde_json::from_slice::<Value>(black_box(&bytes)).unwrap());
    });
    println!(
        "decode\t{}\t{}\t{}",
        bytes.len(),
        typed.as_nanos(),
        value.as_nanos()
    );

    let rt = runtime();
    let server = rt.block_on(Server::start(1));
    let client = make_client(&server.base);
    let sid: SenderSid = SID.parse().expect("a sender SID");
    let senders = client.v2().channels_senders();
    let http = plain_client();
    let url = format!("{}/v2/Channels/Senders/{SID}", server.base);
    let mut through_client = Vec::new();
    let mut through_reqwest = Vec::new();
    // Interleaved, so that a busy machine slows both alike.
    for _ in 0..5 {
        through_client.push(median(3, 200, || {
            black_box(rt.block_on(senders.fetch(&sid)).expect("fetches"));
        }));
        through_reqwest.push(median(3, 200, || {
            black_box(rt.block_on(plain_fetch(&http, &url)));
        }));
    }
    through_client.sort();
    through_reqwest.sort();
    println!(
        "request\t{}\t{}",
        through_client[2].as_nanos(),
        through_reqwest[2].as_nanos()
    );

    for total in [PAGE, 10 * PAGE] {
        let rt = runtime();
        let server = rt.block_on(Server::start(total / PAGE));
        let client = make_client(&server.base);
        assert_eq!(rt.block_on(walk(&client)), total);
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..3 {
            let mark = counting::mark();
            let start = Instant::now();
            assert_eq!(rt.block_on(walk(&client)), total);
            times.push(start.elapsed());
            peak = peak.max(mark.peak_growth());
        }
        times.sort();
        println!(
            "walk\t{total}\t{}\t{}\t{peak}",
            total / PAGE,
            times[1].as_nanos()
        );
    }
}
