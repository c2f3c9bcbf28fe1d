//! The `sender_lifecycle` example against a small stateful fake of Twilio's Messaging API.
//!
//! The example's `run` (everything but its five-line `main`) is compiled into this test and
//! called in-process; one test also builds the example with cargo and runs the binary, for the
//! exit status and what it prints.

use std::collections::{BTreeSet, HashMap};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Value, json};
use twilio_messaging::{Client, Credentials, Error, SenderSid};
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
const SERVICE: &str = "MG0123456789abcdef0123456789abcdef";
const TWILIO: &str = "https://messaging.twilio.com";

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
// The fake

/// A fake of the 13 endpoints: checks basic auth, stores what is created under generated SIDs,
/// answers 201/202/200/204 like Twilio, pages lists with absolute `next_page_url`s on Twilio's
/// host, and returns Twilio's JSON error body for unknown routes, services and SIDs.
#[derive(Clone, Default)]
struct FakeTwilio {
    state: Arc<Mutex<State>>,
    /// An operation that fails with this status and Twilio error body instead.
    failure: Option<(&'static str, u16, Value)>,
}

#[derive(Default)]
struct State {
    next_sid: u32,
    /// Lists use this page size when the request has no `PageSize`.
    default_page_size: usize,
    /// v2 senders, in creation order.
    senders: Vec<Value>,
    /// v1 channel senders of [`SERVICE`].
    channel_senders: Vec<Value>,
    /// v1 alpha senders of [`SERVICE`].
    alpha_senders: Vec<Value>,
    /// The operationId of every routed request, in order.
    seen: Vec<&'static str>,
}

/// A Twilio error: HTTP status, error code and message.
struct TwilioError(u16, i64, String);

/// A status and JSON body, or a Twilio error.
type Reply = Result<(u16, Value), TwilioError>;

impl FakeTwilio {
    /// A fake with three senders already registered (two WhatsApp, one RCS) and pages of two.
    async fn start(failure: Option<(&'static str, u16, Value)>) -> (MockServer, FakeTwilio) {
        let fake = FakeTwilio {
            failure,
            ..FakeTwilio::default()
        };
        {
            let mut state = fake.lock();
            state.default_page_size = 2;
            for (n, sender_id) in [
                (0xa1, "whatsapp:+15550000001"),
                (0xa2, "rcs:example_agent"),
                (0xa3, "whatsapp:+15550000003"),
            ] {
                let sid = format!("XE{n:032x}");
                let sender = json!({"sid": sid, "status": "ONLINE", "sender_id": sender_id,
                    "url": format!("{TWILIO}/v2/Channels/Senders/{sid}")});
                state.senders.push(sender);
            }
        }
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(fake.clone())
            .mount(&server)
            .await;
        (server, fake)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn seen(&self) -> Vec<&'static str> {
        self.lock().seen.clone()
    }
}

impl Respond for FakeTwilio {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path();
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let operation = match (request.method.as_str(), segments.as_slice()) {
            ("POST", ["v2", "Channels", "Senders"]) => "CreateChannelsSender",
            ("GET", ["v2", "Channels", "Senders"]) => "ListChannelsSender",
            ("GET", ["v2", "Channels", "Senders", _]) => "FetchChannelsSender",
            ("POST", ["v2", "Channels", "Senders", _]) => "UpdateChannelsSender",
            ("DELETE", ["v2", "Channels", "Senders", _]) => "DeleteChannelsSender",
            ("POST", ["v1", "Services", _, "ChannelSenders"]) => "CreateChannelSender",
            ("GET", ["v1", "Services", _, "ChannelSenders"]) => "ListChannelSender",
            ("GET", ["v1", "Services", _, "ChannelSenders", _]) => "FetchChannelSender",
            ("DELETE", ["v1", "Services", _, "ChannelSenders", _]) => "DeleteChannelSender",
            ("POST", ["v1", "Services", _, "AlphaSenders"]) => "CreateAlphaSender",
            ("GET", ["v1", "Services", _, "AlphaSenders"]) => "ListAlphaSender",
            ("GET", ["v1", "Services", _, "AlphaSenders", _]) => "FetchAlphaSender",
            ("DELETE", ["v1", "Services", _, "AlphaSenders", _]) => "DeleteAlphaSender",
            _ => return not_found(path).response(),
        };
        let mut state = self.lock();
        state.seen.push(operation);
        if header(request, "authorization") != AUTH {
            return twilio_error(401, 20003, "Authenticate").response();
        }
        if let Some((failing, status, body)) = &self.failure
            && *failing == operation
        {
            return ResponseTemplate::new(*status).set_body_json(body);
        }
        if segments[0] == "v1" && segments[2] != SERVICE {
            return not_found(path).response();
        }
        let sid = segments.last().copied().unwrap_or_default();
        let reply = match operation {
            "CreateChannelsSender" => state.create_sender(request),
            "ListChannelsSender" => state.list_senders(request),
            "FetchChannelsSender" => find(&state.senders, sid, path).map(|s| (200, hide_code(s))),
            "UpdateChannelsSender" => state.update_sender(request, sid),
            "DeleteChannelsSender" => remove(&mut state.senders, sid, path),
            "CreateChannelSender" => state.add_channel_sender(request),
            "ListChannelSender" => state.list(&state.channel_senders, "senders", request),
            "FetchChannelSender" => find(&state.channel_senders, sid, path).map(|s| (200, s)),
            "DeleteChannelSender" => remove(&mut state.channel_senders, sid, path),
            "CreateAlphaSender" => state.add_alpha_sender(request),
            "ListAlphaSender" => state.list(&state.alpha_senders, "alpha_senders", request),
            "FetchAlphaSender" => find(&state.alpha_senders, sid, path).map(|s| (200, s)),
            _ => remove(&mut state.alpha_senders, sid, path),
        };
        match reply {
            Ok((204, _)) => ResponseTemplate::new(204),
            Ok((status, body)) => ResponseTemplate::new(status).set_body_json(body),
            Err(error) => error.response(),
        }
    }
}

impl State {
    fn new_sid(&mut self, prefix: &str) -> String {
        self.next_sid += 1;
        format!("{prefix}{:032x}", self.next_sid)
    }

    /// `POST /v2/Channels/Senders`: 202 with the new sender, status `CREATING`.
    fn create_sender(&mut self, request: &Request) -> Reply {
        let body = json_body(request)?;
        let Some(sender_id) = body.get("sender_id").and_then(Value::as_str) else {
            return Err(twilio_error(
                400,
                63100,
                "Validation Error: sender_id is required",
            ));
        };
        let sid = self.new_sid("XE");
        let mut sender = json!({
            "sid": sid,
            "status": "CREATING",
            "sender_id": sender_id,
            "configuration": {},
            "webhook": {},
            "profile": {},
            "properties": null,
            "offline_reasons": null,
            "compliance": null,
            "url": format!("{TWILIO}/v2/Channels/Senders/{sid}"),
        });
        merge(&mut sender, &body);
        self.senders.push(sender.clone());
        Ok((202, hide_code(sender)))
    }

    /// `POST /v2/Channels/Senders/{Sid}`: merges the given fields; a verification code moves the
    /// sender to `VERIFYING`. 202.
    fn update_sender(&mut self, request: &Request, sid: &str) -> Reply {
        let body = json_body(request)?;
        let path = request.url.path();
        let Some(sender) = self.senders.iter_mut().find(|s| s["sid"] == sid) else {
            return Err(not_found(path));
        };
        merge(sender, &body);
        if body["configuration"]["verification_code"].is_string() {
            sender["status"] = json!("VERIFYING");
        }
        Ok((202, hide_code(sender.clone())))
    }

    /// `GET /v2/Channels/Senders?Channel=..`: the senders of one channel.
    fn list_senders(&self, request: &Request) -> Reply {
        let Some(channel) = query(request, "Channel") else {
            return Err(twilio_error(
                400,
                20001,
                "Missing required parameter Channel",
            ));
        };
        let prefix = format!("{channel}:");
        let senders: Vec<Value> = self
            .senders
            .iter()
            .filter(|s| {
                s["sender_id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with(&prefix))
            })
            .map(|s| hide_code(s.clone()))
            .collect();
        self.page(&senders, "senders", request, &format!("Channel={channel}&"))
    }

    /// `POST /v1/Services/{Sid}/ChannelSenders` (form `Sid`): adds a registered v2 sender. 201.
    fn add_channel_sender(&mut self, request: &Request) -> Reply {
        let Some(sid) = form(request, "Sid") else {
            return Err(twilio_error(400, 20001, "Missing required parameter Sid"));
        };
        let path = format!("/v2/Channels/Senders/{sid}");
        let sender = find(&self.senders, &sid, &path)?;
        let sender_id = sender["sender_id"].as_str().unwrap_or_default().to_owned();
        let sender_type = match sender_id.split(':').next() {
            Some("whatsapp") => "WhatsApp",
            Some("rcs") => "RCS",
            _ => "Messenger",
        };
        let channel_sender = json!({
            "account_sid": ACCOUNT_SID,
            "messaging_service_sid": SERVICE,
            "sid": sid,
            "sender": sender_id,
            "sender_type": sender_type,
            "country_code": "US",
            "date_created": "2024-05-01T10:00:00Z",
            "date_updated": "2024-05-01T10:00:00Z",
            "url": format!("{TWILIO}/v1/Services/{SERVICE}/ChannelSenders/{sid}"),
        });
        self.channel_senders.push(channel_sender.clone());
        Ok((201, channel_sender))
    }

    /// `POST /v1/Services/{Sid}/AlphaSenders` (form `AlphaSender`). 201.
    fn add_alpha_sender(&mut self, request: &Request) -> Reply {
        let Some(alpha_sender) = form(request, "AlphaSender") else {
            return Err(twilio_error(
                400,
                20001,
                "Missing required parameter AlphaSender",
            ));
        };
        let sid = self.new_sid("AI");
        let alpha = json!({
            "sid": sid,
            "account_sid": ACCOUNT_SID,
            "service_sid": SERVICE,
            "date_created": "2024-05-01T10:00:00Z",
            "date_updated": "2024-05-01T10:00:00Z",
            "alpha_sender": alpha_sender,
            "capabilities": ["SMS"],
            "url": format!("{TWILIO}/v1/Services/{SERVICE}/AlphaSenders/{sid}"),
        });
        self.alpha_senders.push(alpha.clone());
        Ok((201, alpha))
    }

    fn list(&self, items: &[Value], key: &str, request: &Request) -> Reply {
        self.page(items, key, request, "")
    }

    /// One page of `items` under `key`, chosen by `PageSize` and `PageToken`, with Twilio's
    /// `meta`; `fixed` holds the query parameters every page URL repeats.
    fn page(&self, items: &[Value], key: &str, request: &Request, fixed: &str) -> Reply {
        let size = match query(request, "PageSize") {
            None => self.default_page_size,
            Some(size) => match size.parse::<usize>() {
                Ok(size @ 1..=1000) => size,
                _ => return Err(twilio_error(400, 20001, "Invalid PageSize")),
            },
        };
        let start: usize = match query(request, "PageToken") {
            None => 0,
            Some(token) => match token.strip_prefix("PT").map(str::parse) {
                Some(Ok(start)) => start,
                _ => return Err(twilio_error(400, 20001, "Invalid PageToken")),
            },
        };
        let number = start / size;
        let base = format!("{TWILIO}{}?{fixed}PageSize={size}", request.url.path());
        let end = items.len().min(start + size);
        let next =
            (end < items.len()).then(|| format!("{base}&Page={}&PageToken=PT{end}", number + 1));
        Ok((
            200,
            json!({
                key: items.get(start..end).unwrap_or_default(),
                "meta": {
                    "page": number,
                    "page_size": size,
                    "first_page_url": format!("{base}&Page=0"),
                    "previous_page_url": null,
                    "url": format!("{base}&Page={number}"),
                    "next_page_url": next,
                    "key": key,
                },
            }),
        ))
    }
}

fn header<'a>(request: &'a Request, name: &str) -> &'a str {
    request
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// A field of an `application/x-www-form-urlencoded` body (nothing for another content type).
fn form(request: &Request, name: &str) -> Option<String> {
    if header(request, "content-type") != "application/x-www-form-urlencoded" {
        return None;
    }
    tests::form_pairs(&request.body)
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

fn json_body(request: &Request) -> Result<Value, TwilioError> {
    match request.body_json::<Value>() {
        Ok(body @ Value::Object(_)) if header(request, "content-type") == "application/json" => {
            Ok(body)
        }
        _ => Err(twilio_error(
            400,
            63100,
            "Validation Error: expected a JSON object",
        )),
    }
}

/// Merges the request's `configuration`, `webhook` and `profile` into `sender`: a missing key
/// leaves a section unchanged, `null` clears it, an object sets the fields it has.
fn merge(sender: &mut Value, body: &Value) {
    for section in ["configuration", "webhook", "profile"] {
        match body.get(section) {
            None => {}
            Some(Value::Object(fields)) => {
                if !sender[section].is_object() {
                    sender[section] = json!({});
                }
                for (key, value) in fields {
                    sender[section][key] = value.clone();
                }
            }
            Some(other) => sender[section] = other.clone(),
        }
    }
}

/// Twilio never echoes a verification code.
fn hide_code(mut sender: Value) -> Value {
    if let Some(configuration) = sender["configuration"].as_object_mut() {
        configuration.insert("verification_code".into(), Value::Null);
    }
    sender
}

fn find(items: &[Value], sid: &str, path: &str) -> Result<Value, TwilioError> {
    match items.iter().find(|item| item["sid"] == sid) {
        Some(item) => Ok(item.clone()),
        None => Err(not_found(path)),
    }
}

fn remove(items: &mut Vec<Value>, sid: &str, path: &str) -> Reply {
    let before = items.len();
    items.retain(|item| item["sid"] != sid);
    if items.len() == before {
        return Err(not_found(path));
    }
    Ok((204, Value::Null))
}

fn twilio_error(status: u16, code: i64, message: &str) -> TwilioError {
    TwilioError(status, code, message.to_owned())
}

impl TwilioError {
    /// Twilio's JSON error body.
    fn response(self) -> ResponseTemplate {
        let TwilioError(status, code, message) = self;
        ResponseTemplate::new(status).set_body_json(json!({
            "code": code,
            "message": message,
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status,
        }))
    }
}

fn not_found(path: &str) -> TwilioError {
    twilio_error(
        404,
        20404,
        &format!("The requested resource {path} was not found"),
    )
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

/// The 13 lines of a successful run against a fresh fake: the new sender is `XE…1`, the alpha
/// sender `AI…2`, and the fake already holds two other WhatsApp senders.
fn expected_lines(sender_id: &str, business: &str) -> Vec<String> {
    let xe = sid("XE", 1);
    let ai = sid("AI", 2);
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
    let (server, fake) = FakeTwilio::start(None).await;
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
    assert_eq!(fake.seen(), expected);
    assert_eq!(
        fake.seen().into_iter().collect::<BTreeSet<_>>(),
        OPERATIONS.into_iter().collect::<BTreeSet<_>>()
    );

    // What the example sent, taken from the configuration and from responses only.
    let all = requests(&server).await;
    let xe = sid("XE", 1);
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
    {
        let state = fake.lock();
        assert_eq!(state.senders.len(), 3);
        assert!(state.channel_senders.is_empty());
        assert!(state.alpha_senders.is_empty());
    }
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
    let failure = json!({
        "code": 21212,
        "message": "Alphanumeric Sender ID is not enabled for this account",
        "more_info": "https://www.twilio.com/docs/errors/21212",
        "status": 400
    });
    let (server, fake) = FakeTwilio::start(Some(("CreateAlphaSender", 400, failure))).await;
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
    assert_eq!(fake.seen().len(), 9);
    assert_eq!(fake.seen().last(), Some(&"CreateAlphaSender"));
    assert_eq!(fake.lock().channel_senders.len(), 1);
}

#[tokio::test]
async fn example_reports_the_fakes_404_and_401() {
    // A well-formed service SID the server does not know: the v1 create is a 404.
    let (server, fake) = FakeTwilio::start(None).await;
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
    assert_eq!(fake.seen().len(), 6);

    // A wrong auth token fails the first step.
    let (server, fake) = FakeTwilio::start(None).await;
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
    assert_eq!(fake.seen(), ["CreateChannelsSender"]);
}

#[tokio::test]
async fn example_names_missing_or_invalid_configuration() {
    let (server, _fake) = FakeTwilio::start(None).await;
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

    let (server, fake) = FakeTwilio::start(None).await;
    let output = run_binary(&executable, &env_for(&server, &[]));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(
        lines(&stdout),
        expected_lines("whatsapp:+15017122661", "MyCompany")
    );
    assert_eq!(stderr, "");
    assert_eq!(fake.seen().len(), 14);

    let failure = json!({"code": 20500, "message": "Internal Server Error", "status": 500});
    let (server, fake) = FakeTwilio::start(Some(("DeleteChannelSender", 500, failure))).await;
    let output = run_binary(&executable, &env_for(&server, &[]));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: delete channel sender failed: Twilio API error 20500 (HTTP 500): Internal \
         Server Error\n"
    );
    assert_eq!(
        lines(&stdout),
        expected_lines("whatsapp:+15017122661", "MyCompany")[..11]
    );
    assert_eq!(fake.seen().last(), Some(&"DeleteChannelSender"));

    let (server, _fake) = FakeTwilio::start(None).await;
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
