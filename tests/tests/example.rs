//! The `sender_lifecycle` example against a small stateful fake of Twilio's Messaging API.
//!
//! The example's `run` (everything but its five-line `main`) is compiled into this test and
//! called in-process; one test also builds the example with cargo and runs the binary, for the
//! exit status and what it prints.

use std::collections::{BTreeSet, HashMap};
use std::process::{Command, Output};

use serde_json::{Value, json};
use twilio_messaging::{Client, Credentials, Error, SenderSid};
use twilio_messaging_fake::FakeTwilio;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

#[allow(dead_code, reason = "`main` is the binary's; the test calls `run`")]
#[path = "../examples/sender_lifecycle.rs"]
mod sender_lifecycle;

const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "tok-SECRET-7f3a9c";
/// base64("AC0123456789abcdef0123456789abcdef:tok-SECRET-7f3a9c")
const AUTH: &str = "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0b2stU0VDUkVULTdmM2E5Yw==";
/// The one Messaging Service the fake knows.
const SERVICE: &str = FakeTwilio::SERVICE;

/// The 13 operations, by operationId, in the order the example calls them.
const OPERATIONS: [&str; 13] = [
    "CreateChannelsSender",
    "FetchChannelsSender",
    "UpdateChannelsSender",
    "ListChannelsSender",
    "CreateChannelSender",
    "FetchChannelSender",
    "ListChannelSender",
    "CreateAlphaSender",
    "FetchAlphaSender",
    "ListAlphaSender",
    "DeleteAlphaSender",
    "DeleteChannelSender",
    "DeleteChannelsSender",
];

// ---------------------------------------------------------------------------------------------
// The fake: `twilio-messaging-fake`, served over HTTP

/// The companion crate's fake behind a local server (the example is a program: it reaches the
/// API over the network). The server checks basic auth first, as Twilio does; then the fake
/// answers. It starts with three senders (two WhatsApp, one RCS) and pages of two.
#[derive(Clone)]
struct Served(FakeTwilio);

impl Served {
    async fn start() -> (MockServer, FakeTwilio) {
        let fake = FakeTwilio::new().page_size(2);
        fake.add_sender("whatsapp:+15550000001", "ONLINE");
        fake.add_sender("rcs:example_agent", "ONLINE");
        fake.add_sender("whatsapp:+15550000003", "ONLINE");
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(Served(fake.clone()))
            .mount(&server)
            .await;
        (server, fake)
    }
}

impl Respond for Served {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if header(request, "authorization") != AUTH {
            return ResponseTemplate::new(401).set_body_json(json!({
                "code": 20003,
                "message": "Authenticate",
                "more_info": "https://www.twilio.com/docs/errors/20003",
                "status": 401,
            }));
        }
        let (status, body) = self.0.answer(
            request.method.as_str(),
            request.url.path(),
            request.url.query().unwrap_or_default(),
            header(request, "content-type"),
            &request.body,
        );
        match body {
            Some(body) => ResponseTemplate::new(status).set_body_json(body),
            None => ResponseTemplate::new(status),
        }
    }
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// The example's environment: credentials, the fake's URL and the service, plus `extra`.
fn env_for(server: &MockServer, extra: &[(&str, &str)]) -> HashMap<String, String> {
    let mut env: HashMap<String, String> = [
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", TOKEN),
        ("MESSAGING_SERVICE_SID", SERVICE),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    env.insert("TWILIO_BASE_URL".into(), server.uri());
    for (key, value) in extra {
        env.insert((*key).to_owned(), (*value).to_owned());
    }
    env
}

/// Runs the example's `run` in-process; returns its result (as text) and what it printed.
async fn run_example(env: &HashMap<String, String>) -> (Result<(), String>, String) {
    let lookup = |name: &str| env.get(name).cloned();
    let mut out = Vec::new();
    let result = sender_lifecycle::run(&lookup, &mut out)
        .await
        .map_err(|err| err.to_string());
    (result, String::from_utf8(out).expect("utf-8 output"))
}

fn sid(prefix: &str, n: u32) -> String {
    format!("{prefix}{n:032x}")
}

/// The 13 lines of a successful run against a fresh fake: it holds three senders (`XE…1` to
/// `XE…3`, two of them WhatsApp), so the new sender is `XE…4` and the alpha sender `AI…5`.
fn expected_lines(sender_id: &str, business: &str) -> Vec<String> {
    let xe = sid("XE", 4);
    let ai = sid("AI", 5);
    vec![
        format!("create v2 sender: {xe} status CREATING"),
        format!("fetch v2 sender: {xe} status CREATING"),
        format!("update v2 sender: {xe} status VERIFYING"),
        format!("list v2 senders: 3 whatsapp sender(s), including {xe}"),
        format!("create channel sender: {xe} {sender_id} in {SERVICE}"),
        format!("fetch channel sender: {xe} type WhatsApp"),
        "list channel senders: 1 on the first page".to_owned(),
        format!("create alpha sender: {ai} {business}"),
        format!("fetch alpha sender: {ai} {business}"),
        "list alpha senders: 1 on the first page".to_owned(),
        format!("delete alpha sender: {ai}"),
        format!("delete channel sender: {xe}"),
        format!("delete v2 sender: {xe}"),
    ]
}

fn lines(output: &str) -> Vec<String> {
    output.lines().map(str::to_owned).collect()
}

/// The requests the fake received, in order.
async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording on")
}

// ---------------------------------------------------------------------------------------------
// In-process runs

#[tokio::test]
async fn example_runs_the_13_operations_in_order() {
    let (server, fake) = Served::start().await;
    let env = env_for(
        &server,
        &[
            ("SENDER_ID", "whatsapp:+15550001111"),
            ("VERIFICATION_CODE", "654321"),
            ("ALPHA_SENDER", "Acme Co"),
        ],
    );
    let (result, output) = run_example(&env).await;
    assert_eq!(result, Ok(()));
    assert_eq!(
        lines(&output),
        expected_lines("whatsapp:+15550001111", "Acme Co")
    );

    // Every operation, in order; the WhatsApp list took two pages of two.
    let mut expected: Vec<&str> = OPERATIONS.to_vec();
    expected.insert(4, "ListChannelsSender");
    assert_eq!(fake.operations(), expected);
    assert_eq!(
        fake.operations().into_iter().collect::<BTreeSet<_>>(),
        OPERATIONS.into_iter().collect::<BTreeSet<_>>()
    );

    // What the example sent, taken from the configuration and from responses only.
    let all = requests(&server).await;
    let xe = sid("XE", 4);
    assert_eq!(
        all[0].body_json::<Value>().unwrap(),
        json!({
            "sender_id": "whatsapp:+15550001111",
            "configuration": {"verification_method": "sms"},
            "profile": {"name": "Acme Co"},
        })
    );
    assert_eq!(all[2].url.path(), format!("/v2/Channels/Senders/{xe}"));
    assert_eq!(
        String::from_utf8_lossy(&all[2].body),
        r#"{"configuration":{"verification_code":"654321"}}"#
    );
    assert_eq!(all[3].url.query(), Some("Channel=whatsapp"));
    assert_eq!(
        all[4].url.query(),
        Some("Channel=whatsapp&PageSize=2&Page=1&PageToken=PT2")
    );
    assert_eq!(String::from_utf8_lossy(&all[5].body), format!("Sid={xe}"));
    assert_eq!(
        String::from_utf8_lossy(&all[8].body),
        "AlphaSender=Acme%20Co"
    );
    for request in &all {
        assert_eq!(header(request, "authorization"), AUTH);
    }

    // Everything created was deleted: the fake answers 404 for the new sender now.
    assert_eq!(fake.senders().len(), 3);
    assert!(fake.channel_senders().is_empty());
    assert!(fake.alpha_senders().is_empty());
    let client = Client::builder(Credentials::auth_token(ACCOUNT_SID, TOKEN))
        .base_url(server.uri())
        .build()
        .unwrap();
    let gone: SenderSid = xe.parse().unwrap();
    match client.v2().channels_senders().fetch(&gone).await {
        Err(Error::Api(api)) => {
            assert_eq!((api.http_status, api.code), (404, Some(20404)));
            assert_eq!(
                api.message,
                format!("The requested resource /v2/Channels/Senders/{xe} was not found")
            );
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

#[tokio::test]
async fn example_stops_at_the_first_failing_step() {
    let (server, fake) = Served::start().await;
    fake.fail(
        "CreateAlphaSender",
        400,
        21212,
        "Alphanumeric Sender ID is not enabled for this account",
    );
    let (result, output) = run_example(&env_for(&server, &[])).await;
    assert_eq!(
        result,
        Err(
            "create alpha sender failed: Twilio API error 21212 (HTTP 400): Alphanumeric \
             Sender ID is not enabled for this account (see \
             https://www.twilio.com/docs/errors/21212)"
                .to_owned()
        )
    );
    let expected = expected_lines("whatsapp:+15017122661", "MyCompany");
    assert_eq!(lines(&output), expected[..7]);
    // Nothing after the failure was attempted.
    assert_eq!(fake.operations().len(), 9);
    assert_eq!(fake.operations().last(), Some(&"CreateAlphaSender"));
    assert_eq!(fake.channel_senders().len(), 1);
}

#[tokio::test]
async fn example_reports_the_fakes_404_and_401() {
    // A well-formed service SID the server does not know: the v1 create is a 404.
    let (server, fake) = Served::start().await;
    let unknown = "MGffffffffffffffffffffffffffffffff";
    let env = env_for(&server, &[("MESSAGING_SERVICE_SID", unknown)]);
    let (result, output) = run_example(&env).await;
    assert_eq!(
        result,
        Err(format!(
            "create channel sender failed: Twilio API error 20404 (HTTP 404): The requested \
             resource /v1/Services/{unknown}/ChannelSenders was not found (see \
             https://www.twilio.com/docs/errors/20404)"
        ))
    );
    assert_eq!(lines(&output).len(), 4);
    assert_eq!(fake.operations().len(), 6);

    // A wrong auth token fails the first step.
    let (server, fake) = Served::start().await;
    let env = env_for(&server, &[("TWILIO_AUTH_TOKEN", "wrong")]);
    let (result, output) = run_example(&env).await;
    assert_eq!(
        result,
        Err(
            "create v2 sender failed: Twilio API error 20003 (HTTP 401): Authenticate (see \
             https://www.twilio.com/docs/errors/20003)"
                .to_owned()
        )
    );
    assert_eq!(output, "");
    // Refused at the door: the fake never saw it.
    assert!(fake.operations().is_empty());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn example_names_missing_or_invalid_configuration() {
    let (server, _fake) = Served::start().await;
    let cases = [
        (
            "TWILIO_ACCOUNT_SID",
            None,
            "invalid client configuration: missing environment variable TWILIO_ACCOUNT_SID",
        ),
        (
            "TWILIO_AUTH_TOKEN",
            None,
            "invalid client configuration: missing environment variable TWILIO_AUTH_TOKEN",
        ),
        (
            "MESSAGING_SERVICE_SID",
            None,
            "missing environment variable MESSAGING_SERVICE_SID",
        ),
        (
            "MESSAGING_SERVICE_SID",
            Some(""),
            "missing environment variable MESSAGING_SERVICE_SID",
        ),
        (
            "MESSAGING_SERVICE_SID",
            Some("MG123"),
            "MESSAGING_SERVICE_SID: invalid MessagingServiceSid \"MG123\": expected \"MG\" \
             followed by 32 hexadecimal digits (34 characters)",
        ),
        (
            "TWILIO_BASE_URL",
            Some("ftp://example.com"),
            "invalid client configuration: invalid base URL \"ftp://example.com\": the scheme \
             must be http or https",
        ),
    ];
    for (name, value, message) in cases {
        let mut env = env_for(&server, &[]);
        match value {
            Some(value) => env.insert(name.to_owned(), value.to_owned()),
            None => env.remove(name),
        };
        let (result, output) = run_example(&env).await;
        assert_eq!(result, Err(message.to_owned()), "{name}={value:?}");
        assert_eq!(output, "");
    }
    assert!(requests(&server).await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// The binary users run

/// Builds the example with cargo (a no-op when `cargo test` already did) and returns its path.
fn build_example() -> String {
    let output = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--package", "tests", "--example"])
        .args([
            "sender_lifecycle",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(tests::root())
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "sender_lifecycle")
        .and_then(|m| m["executable"].as_str().map(str::to_owned))
        .expect("cargo reports the example's executable")
}

/// Runs the example binary with exactly the variables in `env` among those it reads.
fn run_binary(executable: &str, env: &HashMap<String, String>) -> Output {
    let mut command = Command::new(executable);
    for name in [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY",
        "TWILIO_API_SECRET",
        "TWILIO_REGION",
        "TWILIO_EDGE",
        "TWILIO_BASE_URL",
        "MESSAGING_SERVICE_SID",
        "SENDER_ID",
        "VERIFICATION_CODE",
        "ALPHA_SENDER",
    ] {
        command.env_remove(name);
    }
    command.envs(env).output().expect("the example runs")
}

#[tokio::test]
async fn example_binary_prints_13_lines_and_exits_non_zero_on_failure() {
    let executable = build_example();

    let (server, fake) = Served::start().await;
    let output = run_binary(&executable, &env_for(&server, &[]));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(
        lines(&stdout),
        expected_lines("whatsapp:+15017122661", "MyCompany")
    );
    assert_eq!(stderr, "");
    assert_eq!(fake.operations().len(), 14);

    let (server, fake) = Served::start().await;
    fake.fail("DeleteChannelSender", 500, 20500, "Internal Server Error");
    let output = run_binary(&executable, &env_for(&server, &[]));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: delete channel sender failed: Twilio API error 20500 (HTTP 500): Internal \
         Server Error (see https://www.twilio.com/docs/errors/20500)\n"
    );
    assert_eq!(
        lines(&stdout),
        expected_lines("whatsapp:+15017122661", "MyCompany")[..11]
    );
    assert_eq!(fake.operations().last(), Some(&"DeleteChannelSender"));

    let (server, _fake) = Served::start().await;
    let mut env = env_for(&server, &[]);
    env.remove("TWILIO_AUTH_TOKEN");
    let output = run_binary(&executable, &env);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(output.stdout, b"");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: invalid client configuration: missing environment variable TWILIO_AUTH_TOKEN\n"
    );
    assert!(requests(&server).await.is_empty());
}
