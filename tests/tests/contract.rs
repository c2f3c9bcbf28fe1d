//! Contract tests against Twilio's own published specs, the way Twilio tests its SDKs: every
//! operation of `spec/` is called through the generated client against a Prism mock server
//! (`@stoplight/prism-cli`, pinned in `tests/contract/package.json`) that serves
//! `twilio_messaging_v1.yaml` or `twilio_messaging_v2.yaml` from `../shared/twilio-oai/spec/` and
//! validates each request (path, query, headers, auth, body) against it. With `--errors`, Prism
//! answers a request that violates the spec with a 4xx and a body naming the violation, which
//! fails the test.
//!
//! Needs Node.js and `npm ci --prefix tests/contract` (CI runs it); without them the test fails
//! and says what to run, it never skips.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;
use tests::prism::Prism;
use twilio_messaging::runtime::{Method, Params, Request};
use twilio_messaging::v1::{
    CreateAlphaSenderRequest, CreateChannelSenderRequest, ListAlphaSenderParams,
    ListChannelSenderParams,
};
use twilio_messaging::v2::{
    CreateChannelsSenderRequest, ListChannelsSenderParams, SenderChannel,
    UpdateChannelsSenderRequest,
};
use twilio_messaging::{
    AlphaSenderSid, Client, Credentials, Error, MessagingServiceSid, RetryPolicy, SenderSid,
};

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "contract-test-token";
const MG: &str = "MG0123456789abcdef0123456789abcdef";
const XE: &str = "XE0123456789abcdef0123456789abcdef";
const AI: &str = "AI0123456789abcdef0123456789abcdef";

// ---------------------------------------------------------------------------------------------
// Prism

/// A client for a Prism server: no retries, so every answer is Prism's first.
fn client(prism: &Prism) -> Client {
    Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(prism.base_url())
        .timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

fn twilio_spec(file: &str) -> PathBuf {
    tests::root().join("../shared/twilio-oai/spec").join(file)
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/// Awaits one call to `server` and classifies it, with what Prism logged meanwhile.
async fn call<T>(
    server: &Prism,
    request: impl std::future::Future<Output = Result<T, Error>>,
) -> (Outcome, String) {
    let start = server.log_len();
    let outcome = outcome(request.await);
    if !matches!(outcome, Outcome::Ok) {
        // Prism's log arrives through a pipe: let the reader threads catch up.
        std::thread::sleep(Duration::from_millis(300));
    }
    (outcome, server.log_since(start))
}

/// How Prism took one call.
enum Outcome {
    /// Accepted, and the response decoded.
    Ok,
    /// Accepted (2xx), but the response Prism built from Twilio's spec did not decode into our
    /// types: a difference between the specs' responses, not a request violation.
    Undecodable(String),
    /// Rejected, or another failure: the error, with Prism's explanation in its body.
    Failed(String),
}

fn outcome<T>(result: Result<T, Error>) -> Outcome {
    match result {
        Ok(_) => Outcome::Ok,
        Err(Error::Decode {
            status,
            message,
            body,
        }) if (200..300).contains(&status) => {
            Outcome::Undecodable(format!("HTTP {status}: {message}; body: {body}"))
        }
        Err(err) => Outcome::Failed(format!("{err}\n    {err:?}")),
    }
}

/// The operations whose 2xx response from Prism is known not to decode, with why. Their requests
/// are still validated: the call must fail with a decode error of a 2xx, never with a 4xx.
/// Empty today: every response Prism builds from Twilio's examples decodes.
const UNDECODABLE: &[(&str, &str)] = &[];

// ---------------------------------------------------------------------------------------------
// The test

fn fixture<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(tests::fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_is_accepted_by_prism_serving_twilios_published_spec() {
    let started = Instant::now();
    // Both servers start at once; each is killed when dropped, even if an assertion fails.
    let root = tests::root();
    let mut v1 = Prism::spawn(
        "twilio_messaging_v1.yaml",
        &twilio_spec("twilio_messaging_v1.yaml"),
        &root,
    );
    let mut v2 = Prism::spawn(
        "twilio_messaging_v2.yaml",
        &twilio_spec("twilio_messaging_v2.yaml"),
        &root,
    );
    v1.wait_until_listening();
    v2.wait_until_listening();
    let ready = started.elapsed();

    // Negative controls: Prism must reject requests that break the spec, or every call below
    // would pass whatever it sent. (Twilio's specs do not mark request bodies as required, so an
    // empty body is valid; Prism matches query parameter names case-insensitively and accepts
    // unknown parameters and properties.)
    let v1_client = client(&v1);
    let v2_client = client(&v2);
    let too_large = ListAlphaSenderParams {
        page_size: Some(5000),
        ..ListAlphaSenderParams::default()
    };
    let mg: MessagingServiceSid = MG.parse().expect("MG SID");
    let not_a_sid: MessagingServiceSid =
        serde_json::from_value(json!("MG-not-a-sid")).expect("responses may carry any SID");
    let missing_sender_id =
        Request::new(Method::POST, &["v2", "Channels", "Senders"]).json(&json!({}));
    let mut form = Params::new();
    form.push_str("sender_id", "whatsapp:+15017122661");
    let form_body = Request::new(Method::POST, &["v2", "Channels", "Senders"]).form(form);
    let controls = [
        (
            "PageSize above the spec's maximum (1000)",
            422,
            v1_client
                .v1()
                .service(&mg)
                .alpha_senders()
                .list(&too_large)
                .await
                .map(drop),
        ),
        (
            "a ServiceSid that does not match ^MG[0-9a-fA-F]{32}$",
            422,
            v1_client
                .v1()
                .service(&not_a_sid)
                .alpha_senders()
                .list(&ListAlphaSenderParams::default())
                .await
                .map(drop),
        ),
        (
            "a JSON body without the required sender_id",
            422,
            v2_client
                .send::<serde_json::Value>(missing_sender_id)
                .await
                .map(drop),
        ),
        (
            "a form body where the spec wants JSON",
            415,
            v2_client
                .send::<serde_json::Value>(form_body)
                .await
                .map(drop),
        ),
    ];
    for (what, status, result) in controls {
        assert!(
            matches!(&result, Err(err) if err.status() == Some(status)),
            "Prism was expected to answer {status} to {what}, got {result:?}"
        );
    }

    let xe: SenderSid = XE.parse().expect("XE SID");
    let ai: AlphaSenderSid = AI.parse().expect("AI SID");
    let channel_senders = v1_client.v1().service(&mg).channel_senders();
    let alpha_senders = v1_client.v1().service(&mg).alpha_senders();
    let senders = v2_client.v2().channels_senders();
    let every_list_param = ListChannelSenderParams {
        page_size: Some(50),
        page: Some(1),
        page_token: Some("PAAD42".to_owned()),
    };
    let every_alpha_list_param = ListAlphaSenderParams {
        page_size: Some(1000),
        page: Some(0),
        page_token: Some("PAAD42".to_owned()),
    };
    let every_v2_list_param = ListChannelsSenderParams {
        page_size: Some(20),
        page: Some(2),
        page_token: Some("PT42".to_owned()),
        ..ListChannelsSenderParams::new(SenderChannel::Rcs)
    };

    let calls: Vec<(&str, &Prism, (Outcome, String))> = vec![
        // v1 ChannelSenders
        (
            "v1 channel_senders().create",
            &v1,
            call(
                &v1,
                channel_senders.create(&CreateChannelSenderRequest::new(xe.clone())),
            )
            .await,
        ),
        (
            "v1 channel_senders().fetch",
            &v1,
            call(&v1, channel_senders.fetch(&xe)).await,
        ),
        (
            "v1 channel_senders().list (no parameters)",
            &v1,
            call(
                &v1,
                channel_senders.list(&ListChannelSenderParams::default()),
            )
            .await,
        ),
        (
            "v1 channel_senders().list (every parameter)",
            &v1,
            call(&v1, channel_senders.list(&every_list_param)).await,
        ),
        (
            "v1 channel_senders().delete",
            &v1,
            call(&v1, channel_senders.delete(&xe)).await,
        ),
        // v1 AlphaSenders
        (
            "v1 alpha_senders().create",
            &v1,
            call(
                &v1,
                alpha_senders.create(&CreateAlphaSenderRequest::new("My Company")),
            )
            .await,
        ),
        (
            "v1 alpha_senders().fetch",
            &v1,
            call(&v1, alpha_senders.fetch(&ai)).await,
        ),
        (
            "v1 alpha_senders().list (no parameters)",
            &v1,
            call(&v1, alpha_senders.list(&ListAlphaSenderParams::default())).await,
        ),
        (
            "v1 alpha_senders().list (every parameter)",
            &v1,
            call(&v1, alpha_senders.list(&every_alpha_list_param)).await,
        ),
        (
            "v1 alpha_senders().delete",
            &v1,
            call(&v1, alpha_senders.delete(&ai)).await,
        ),
        // v2 Channels Senders
        (
            "v2 channels_senders().create (sender_id only)",
            &v2,
            call(
                &v2,
                senders.create(&CreateChannelsSenderRequest::new("whatsapp:+15017122661")),
            )
            .await,
        ),
        (
            "v2 channels_senders().create (the docs' WhatsApp request)",
            &v2,
            call(
                &v2,
                senders.create(&fixture("v2_channels_sender_create_request_whatsapp.json")),
            )
            .await,
        ),
        (
            "v2 channels_senders().create (the docs' RCS request)",
            &v2,
            call(
                &v2,
                senders.create(&fixture("v2_channels_sender_create_request_rcs.json")),
            )
            .await,
        ),
        (
            "v2 channels_senders().fetch",
            &v2,
            call(&v2, senders.fetch(&xe)).await,
        ),
        (
            "v2 channels_senders().list (Channel only)",
            &v2,
            call(
                &v2,
                senders.list(&ListChannelsSenderParams::new(SenderChannel::Whatsapp)),
            )
            .await,
        ),
        (
            "v2 channels_senders().list (every parameter)",
            &v2,
            call(&v2, senders.list(&every_v2_list_param)).await,
        ),
        (
            "v2 channels_senders().update (empty body)",
            &v2,
            call(
                &v2,
                senders.update(&xe, &UpdateChannelsSenderRequest::default()),
            )
            .await,
        ),
        (
            "v2 channels_senders().update (the docs' request)",
            &v2,
            call(
                &v2,
                senders.update(&xe, &fixture("v2_channels_sender_update_request.json")),
            )
            .await,
        ),
        (
            "v2 channels_senders().delete",
            &v2,
            call(&v2, senders.delete(&xe)).await,
        ),
    ];

    let mut failures = Vec::new();
    let mut findings = Vec::new();
    for (name, server, (result, log)) in &calls {
        let known = UNDECODABLE.iter().find(|(op, _)| name.starts_with(op));
        match (result, known) {
            (Outcome::Ok, None) => {}
            (Outcome::Ok, Some((op, _))) => failures.push(format!(
                "{name}: now decodes; remove {op:?} from UNDECODABLE"
            )),
            (Outcome::Undecodable(why), Some((_, reason))) => {
                findings.push(format!("{name}: response does not decode ({reason}): {why}"))
            }
            (Outcome::Undecodable(why), None) => failures.push(format!(
                "{name}: Prism accepted the request, but its response (built from {}) does not decode into our types: {why}",
                server.name
            )),
            (Outcome::Failed(why), _) => failures.push(format!(
                "{name}: {why}\n    Prism ({}) logged:\n{}",
                server.name,
                indent(&violations(log))
            )),
        }
    }
    for finding in &findings {
        eprintln!("finding: {finding}");
    }
    let mut operations: Vec<&str> = calls
        .iter()
        .map(|(name, _, _)| name.split(" (").next().unwrap_or(name))
        .collect();
    operations.dedup();
    assert_eq!(
        operations.len(),
        13,
        "every operation of spec/ is called: {operations:?}"
    );
    eprintln!(
        "contract: {} calls ({} operations) checked by Prism in {:?} (servers ready after {ready:?})",
        calls.len(),
        operations.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {} calls failed against Twilio's published spec:\n\n{}",
        failures.len(),
        calls.len(),
        failures.join("\n\n")
    );
}

/// The lines of Prism's log (for one call) that report problems: it logs each violation it
/// found. The whole log when none does.
fn violations(log: &str) -> String {
    let lines: Vec<&str> = log
        .lines()
        .filter(|line| {
            let lower = line.to_ascii_lowercase();
            ["error", "violation", "warning", "invalid"]
                .iter()
                .any(|word| lower.contains(word))
        })
        .collect();
    if lines.is_empty() {
        log.to_owned()
    } else {
        lines.join("\n")
    }
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("      {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
