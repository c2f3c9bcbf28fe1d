//! One client, several products: each request goes to its own product's host, with the region
//! and edge applied to every Twilio host. The client is sent through an HTTP proxy on 127.0.0.1
//! that records the host of each `CONNECT` and refuses it, so no request leaves the machine.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use twilio::{Client, Credentials, RetryPolicy};

/// A proxy that records `CONNECT host:port` lines and answers 403.
fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            if reader.read_line(&mut line).is_ok()
                && let Some(target) = line.strip_prefix("CONNECT ")
            {
                let host = target.split_whitespace().next().unwrap_or_default();
                log.lock().expect("lock").push(host.to_owned());
            }
            let _ = (&stream).write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
        }
    });
    (address, seen)
}

fn client(proxy: &str, region: Option<&str>, edge: Option<&str>) -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::all(proxy).expect("proxy URL"))
        .build()
        .expect("HTTP client");
    let mut builder = Client::builder(Credentials::auth_token(
        "AC0123456789abcdef0123456789abcdef",
        "token",
    ))
    .http_client(http)
    .retry_policy(RetryPolicy::disabled());
    if let Some(region) = region {
        builder = builder.region(region);
    }
    if let Some(edge) = edge {
        builder = builder.edge(edge);
    }
    builder.build().expect("client")
}

async fn hosts_reached(client: &Client, seen: &Mutex<Vec<String>>) -> Vec<String> {
    seen.lock().expect("lock").clear();
    // Three products through one client; each call fails at the proxy, after naming its host.
    let _ = client
        .messaging_v1()
        .services()
        .list(&Default::default())
        .await
        .expect_err("the proxy refuses");
    let _ = client
        .api_v2010()
        .messages()
        .list(&Default::default())
        .await
        .expect_err("the proxy refuses");
    let _ = client
        .voice_v1()
        .dialing_permissions_countries()
        .list(&Default::default())
        .await
        .expect_err("the proxy refuses");
    seen.lock().expect("lock").clone()
}

#[tokio::test]
async fn each_product_goes_to_its_own_host() {
    let (proxy, seen) = recording_proxy();
    assert_eq!(
        hosts_reached(&client(&proxy, None, None), &seen).await,
        [
            "messaging.twilio.com:443",
            "api.twilio.com:443",
            "voice.twilio.com:443"
        ]
    );
    assert_eq!(
        hosts_reached(&client(&proxy, Some("ie1"), Some("dublin")), &seen).await,
        [
            "messaging.dublin.ie1.twilio.com:443",
            "api.dublin.ie1.twilio.com:443",
            "voice.dublin.ie1.twilio.com:443"
        ]
    );
}
