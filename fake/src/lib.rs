//! A stateful, in-process fake of Twilio's Messaging sender API: the 13 operations of
//! `twilio-messaging`, for testing code that uses the client without Twilio and without a
//! network.
//!
//! ```
//! use twilio_messaging::v2::{CreateChannelsSenderRequest, ChannelsSenderStatus};
//! use twilio_messaging_fake::FakeTwilio;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let fake = FakeTwilio::new();
//! let client = fake.client();
//! let senders = client.v2().channels_senders();
//! let created = senders.create(&CreateChannelsSenderRequest::new("whatsapp:+15550001111")).await?;
//! let sid = created.sid.ok_or("no SID")?;
//! assert_eq!(created.status, Some(ChannelsSenderStatus::Creating));
//!
//! // What Twilio would do later, done by the test: the sender comes online.
//! fake.set_status(&sid, "ONLINE");
//! assert_eq!(senders.fetch(&sid).await?.status, Some(ChannelsSenderStatus::Online));
//! assert_eq!(fake.operations(), ["CreateChannelsSender", "FetchChannelsSender"]);
//! # Ok(())
//! # }
//! ```
//!
//! What it does, as Twilio does: stores what is created under new SIDs (`XE…1`, `AI…2`, …);
//! answers 202 to a sender's create and update, 201 to the v1 creates, 200 to fetches and lists,
//! 204 to deletes; a verification code moves a sender to `VERIFYING`; never echoes the code;
//! pages lists with absolute `next_page_url`s on Twilio's host; answers Twilio's JSON error body
//! (404 `20404` for unknown routes, services and SIDs, 400 for what a request lacks). The v1
//! operations know one Messaging Service, [`FakeTwilio::SERVICE`], unless given others.
//!
//! [`FakeTwilio::client`] answers in-process (a [`Middleware`]: nothing goes on the network);
//! [`FakeTwilio::answer`] serves any transport, such as a local HTTP server for a program under
//! test.

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Value, json};
use twilio_messaging::runtime::{BoxFuture, Middleware, Next, reqwest};
use twilio_messaging::{Client, Credentials, Error, SenderSid};

/// Where the fake's resources say they live (their `url` and paging links).
const TWILIO: &str = "https://messaging.twilio.com";

/// The fake; clones share its state.
#[derive(Clone)]
pub struct FakeTwilio {
    state: Arc<Mutex<State>>,
}

struct State {
    next_sid: u32,
    page_size: usize,
    services: Vec<String>,
    /// v2 senders, in creation order.
    senders: Vec<Value>,
    /// v1 channel senders, each with its `messaging_service_sid`.
    channel_senders: Vec<Value>,
    /// v1 alpha senders, each with its `service_sid`.
    alpha_senders: Vec<Value>,
    /// Operations that fail, with the status and Twilio error body to answer.
    failures: Vec<(String, u16, Value)>,
    /// The operationId of every request answered, in order.
    seen: Vec<&'static str>,
}

/// A Twilio error: HTTP status, error code and message.
struct TwilioError(u16, i64, String);

/// A status and JSON body (none for 204), or a Twilio error.
type Reply = Result<(u16, Option<Value>), TwilioError>;

/// One request, as the fake reads it.
struct Incoming<'a> {
    path: &'a str,
    query: Vec<(String, String)>,
    content_type: &'a str,
    body: &'a [u8],
}

impl Default for FakeTwilio {
    fn default() -> Self {
        FakeTwilio::new()
    }
}

impl std::fmt::Debug for FakeTwilio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("FakeTwilio")
            .field("senders", &state.senders.len())
            .field("channel_senders", &state.channel_senders.len())
            .field("alpha_senders", &state.alpha_senders.len())
            .finish_non_exhaustive()
    }
}

impl FakeTwilio {
    /// The account the fake's resources belong to.
    pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
    /// The Messaging Service the fake knows from the start.
    pub const SERVICE: &str = "MG0123456789abcdef0123456789abcdef";

    /// An empty fake: no senders, pages of 50, one Messaging Service ([`Self::SERVICE`]).
    pub fn new() -> Self {
        FakeTwilio {
            state: Arc::new(Mutex::new(State {
                next_sid: 0,
                page_size: 50,
                services: vec![Self::SERVICE.to_owned()],
                senders: Vec::new(),
                channel_senders: Vec::new(),
                alpha_senders: Vec::new(),
                failures: Vec::new(),
                seen: Vec::new(),
            })),
        }
    }

    /// Lists answer pages of `size` when the request sets no `PageSize`.
    #[must_use]
    pub fn page_size(self, size: usize) -> Self {
        self.lock().page_size = size.max(1);
        self
    }

    /// Another Messaging Service the v1 operations accept.
    #[must_use]
    pub fn service(self, sid: &str) -> Self {
        self.lock().services.push(sid.to_owned());
        self
    }

    /// A v2 sender that already exists, with `status` (`ONLINE`, `OFFLINE`, …); returns its SID.
    pub fn add_sender(&self, sender_id: &str, status: &str) -> SenderSid {
        let mut state = self.lock();
        let sid = state.new_sid("XE");
        state.senders.push(json!({
            "sid": sid, "status": status, "sender_id": sender_id,
            "url": format!("{TWILIO}/v2/Channels/Senders/{sid}"),
        }));
        sid.parse()
            .unwrap_or_else(|_| unreachable!("the fake's SIDs are valid"))
    }

    /// Sets a v2 sender's status, as Twilio does while it reviews one (`ONLINE`, `OFFLINE`, or a
    /// status the crate does not know yet). `false` if there is no such sender.
    pub fn set_status(&self, sid: &SenderSid, status: &str) -> bool {
        let mut state = self.lock();
        match state.senders.iter_mut().find(|s| s["sid"] == sid.as_str()) {
            Some(sender) => {
                sender["status"] = json!(status);
                true
            }
            None => false,
        }
    }

    /// Sets a v2 sender's `offline_reasons` (a JSON array, sent as it is: drift included).
    pub fn set_offline_reasons(&self, sid: &SenderSid, reasons: Value) -> bool {
        let mut state = self.lock();
        match state.senders.iter_mut().find(|s| s["sid"] == sid.as_str()) {
            Some(sender) => {
                sender["offline_reasons"] = reasons;
                true
            }
            None => false,
        }
    }

    /// Every later request of `operation` (an operationId, `CreateChannelsSender`) fails with
    /// `status` and Twilio's error body for `code` and `message`.
    pub fn fail(&self, operation: &str, status: u16, code: i64, message: &str) {
        let body = TwilioError(status, code, message.to_owned()).body();
        self.lock()
            .failures
            .push((operation.to_owned(), status, body));
    }

    /// The operationIds of the requests answered so far, in order.
    pub fn operations(&self) -> Vec<&'static str> {
        self.lock().seen.clone()
    }

    /// The v2 senders as the fake holds them (JSON, in creation order).
    pub fn senders(&self) -> Vec<Value> {
        self.lock().senders.clone()
    }

    /// The v1 channel senders, of every service (JSON, in creation order).
    pub fn channel_senders(&self) -> Vec<Value> {
        self.lock().channel_senders.clone()
    }

    /// The v1 alpha senders, of every service (JSON, in creation order).
    pub fn alpha_senders(&self) -> Vec<Value> {
        self.lock().alpha_senders.clone()
    }

    /// A client whose requests this fake answers in-process: nothing goes on the network.
    pub fn client(&self) -> Client {
        Client::builder(Credentials::auth_token(Self::ACCOUNT_SID, "fake-token"))
            .middleware(self.clone())
            .build()
            .unwrap_or_else(|err| unreachable!("a client with fixed settings builds: {err}"))
    }

    /// Answers one request: its method, path, query string (without `?`), content type and
    /// body. Returns the status and the JSON body (none for 204), for any transport.
    pub fn answer(
        &self,
        method: &str,
        path: &str,
        query: &str,
        content_type: &str,
        body: &[u8],
    ) -> (u16, Option<Value>) {
        let incoming = Incoming {
            path,
            query: pairs(query.as_bytes()),
            content_type,
            body,
        };
        match self.route(method, &incoming) {
            Ok(reply) => reply,
            Err(error) => (error.0, Some(error.body())),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn route(&self, method: &str, request: &Incoming) -> Reply {
        let path = request.path;
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let operation = match (method, segments.as_slice()) {
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
            _ => return Err(not_found(path)),
        };
        let mut state = self.lock();
        state.seen.push(operation);
        if let Some((_, status, body)) = state.failures.iter().find(|f| f.0 == operation) {
            return Ok((*status, Some(body.clone())));
        }
        let service = segments.get(2).copied().unwrap_or_default();
        if segments[0] == "v1" && !state.services.iter().any(|s| s == service) {
            return Err(not_found(path));
        }
        let sid = segments.last().copied().unwrap_or_default();
        let in_service = |key: &'static str| move |item: &Value| item[key] == service;
        match operation {
            "CreateChannelsSender" => state.create_sender(request),
            "ListChannelsSender" => state.list_senders(request),
            "FetchChannelsSender" => find(&state.senders, sid, path).map(|s| ok(hide_code(s))),
            "UpdateChannelsSender" => state.update_sender(request, sid),
            "DeleteChannelsSender" => remove(&mut state.senders, sid, path),
            "CreateChannelSender" => state.add_channel_sender(request, service),
            "ListChannelSender" => {
                let items =
                    state.matching(&state.channel_senders, in_service("messaging_service_sid"));
                state.page(&items, "senders", request, "")
            }
            "FetchChannelSender" => find(&state.channel_senders, sid, path).map(ok),
            "DeleteChannelSender" => remove(&mut state.channel_senders, sid, path),
            "CreateAlphaSender" => state.add_alpha_sender(request, service),
            "ListAlphaSender" => {
                let items = state.matching(&state.alpha_senders, in_service("service_sid"));
                state.page(&items, "alpha_senders", request, "")
            }
            "FetchAlphaSender" => find(&state.alpha_senders, sid, path).map(ok),
            _ => remove(&mut state.alpha_senders, sid, path),
        }
    }
}

impl Middleware for FakeTwilio {
    fn handle<'a>(
        &'a self,
        request: reqwest::Request,
        _next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, Error>> {
        let content_type = request
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .unwrap_or_default();
        let (status, json) = self.answer(
            request.method().as_str(),
            request.url().path(),
            request.url().query().unwrap_or_default(),
            content_type,
            body,
        );
        let mut response = http::Response::builder().status(status);
        if json.is_some() {
            response = response.header("content-type", "application/json");
        }
        let bytes = json.map(|j| j.to_string().into_bytes()).unwrap_or_default();
        let response = response
            .body(bytes)
            .map(reqwest::Response::from)
            .map_err(|err| Error::InvalidRequest(format!("the fake cannot answer: {err}")));
        Box::pin(std::future::ready(response))
    }
}

impl State {
    fn new_sid(&mut self, prefix: &str) -> String {
        self.next_sid += 1;
        format!("{prefix}{:032x}", self.next_sid)
    }

    /// `POST /v2/Channels/Senders`: 202 with the new sender, status `CREATING`.
    fn create_sender(&mut self, request: &Incoming) -> Reply {
        let body = json_body(request)?;
        let Some(sender_id) = body.get("sender_id").and_then(Value::as_str) else {
            return Err(error(400, 63100, "Validation Error: sender_id is required"));
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
        Ok((202, Some(hide_code(sender))))
    }

    /// `POST /v2/Channels/Senders/{Sid}`: merges the given fields; a verification code moves the
    /// sender to `VERIFYING`. 202.
    fn update_sender(&mut self, request: &Incoming, sid: &str) -> Reply {
        let body = json_body(request)?;
        let Some(sender) = self.senders.iter_mut().find(|s| s["sid"] == sid) else {
            return Err(not_found(request.path));
        };
        merge(sender, &body);
        if body["configuration"]["verification_code"].is_string() {
            sender["status"] = json!("VERIFYING");
        }
        Ok((202, Some(hide_code(sender.clone()))))
    }

    /// `GET /v2/Channels/Senders?Channel=..`: the senders of one channel.
    fn list_senders(&self, request: &Incoming) -> Reply {
        let Some(channel) = request.query("Channel") else {
            return Err(error(400, 20001, "Missing required parameter Channel"));
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
    fn add_channel_sender(&mut self, request: &Incoming, service: &str) -> Reply {
        let Some(sid) = request.form("Sid") else {
            return Err(error(400, 20001, "Missing required parameter Sid"));
        };
        let sender = find(&self.senders, &sid, &format!("/v2/Channels/Senders/{sid}"))?;
        let sender_id = sender["sender_id"].as_str().unwrap_or_default().to_owned();
        let sender_type = match sender_id.split(':').next() {
            Some("whatsapp") => "WhatsApp",
            Some("rcs") => "RCS",
            _ => "Messenger",
        };
        let channel_sender = json!({
            "account_sid": FakeTwilio::ACCOUNT_SID,
            "messaging_service_sid": service,
            "sid": sid,
            "sender": sender_id,
            "sender_type": sender_type,
            "country_code": "US",
            "date_created": "2024-05-01T10:00:00Z",
            "date_updated": "2024-05-01T10:00:00Z",
            "url": format!("{TWILIO}/v1/Services/{service}/ChannelSenders/{sid}"),
        });
        self.channel_senders.push(channel_sender.clone());
        Ok((201, Some(channel_sender)))
    }

    /// `POST /v1/Services/{Sid}/AlphaSenders` (form `AlphaSender`). 201.
    fn add_alpha_sender(&mut self, request: &Incoming, service: &str) -> Reply {
        let Some(alpha_sender) = request.form("AlphaSender") else {
            return Err(error(400, 20001, "Missing required parameter AlphaSender"));
        };
        let sid = self.new_sid("AI");
        let alpha = json!({
            "sid": sid,
            "account_sid": FakeTwilio::ACCOUNT_SID,
            "service_sid": service,
            "date_created": "2024-05-01T10:00:00Z",
            "date_updated": "2024-05-01T10:00:00Z",
            "alpha_sender": alpha_sender,
            "capabilities": ["SMS"],
            "url": format!("{TWILIO}/v1/Services/{service}/AlphaSenders/{sid}"),
        });
        self.alpha_senders.push(alpha.clone());
        Ok((201, Some(alpha)))
    }

    fn matching(&self, items: &[Value], keep: impl Fn(&Value) -> bool) -> Vec<Value> {
        items.iter().filter(|item| keep(item)).cloned().collect()
    }

    /// One page of `items` under `key`, chosen by `PageSize` and `PageToken`, with Twilio's
    /// `meta`; `fixed` holds the query parameters every page URL repeats.
    fn page(&self, items: &[Value], key: &str, request: &Incoming, fixed: &str) -> Reply {
        let size = match request.query("PageSize") {
            None => self.page_size,
            Some(size) => match size.parse::<usize>() {
                Ok(size @ 1..=1000) => size,
                _ => return Err(error(400, 20001, "Invalid PageSize")),
            },
        };
        let start: usize = match request.query("PageToken") {
            None => 0,
            Some(token) => match token.strip_prefix("PT").map(str::parse) {
                Some(Ok(start)) => start,
                _ => return Err(error(400, 20001, "Invalid PageToken")),
            },
        };
        let number = start / size;
        let base = format!("{TWILIO}{}?{fixed}PageSize={size}", request.path);
        let end = items.len().min(start + size);
        let next =
            (end < items.len()).then(|| format!("{base}&Page={}&PageToken=PT{end}", number + 1));
        Ok(ok(json!({
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
        })))
    }
}

impl Incoming<'_> {
    fn query(&self, name: &str) -> Option<String> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v.clone())
    }

    /// A field of an `application/x-www-form-urlencoded` body (nothing for another type).
    fn form(&self, name: &str) -> Option<String> {
        if self.content_type != "application/x-www-form-urlencoded" {
            return None;
        }
        pairs(self.body)
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v)
    }
}

/// The pairs of a query string or form body, decoded, in order.
fn pairs(text: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(text);
    match reqwest::Url::parse(&format!("http://form.invalid/?{text}")) {
        Ok(url) => url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn ok(body: Value) -> (u16, Option<Value>) {
    (200, Some(body))
}

fn json_body(request: &Incoming) -> Result<Value, TwilioError> {
    match serde_json::from_slice::<Value>(request.body) {
        Ok(body @ Value::Object(_)) if request.content_type == "application/json" => Ok(body),
        _ => Err(error(
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
    Ok((204, None))
}

fn error(status: u16, code: i64, message: &str) -> TwilioError {
    TwilioError(status, code, message.to_owned())
}

fn not_found(path: &str) -> TwilioError {
    error(
        404,
        20404,
        &format!("The requested resource {path} was not found"),
    )
}

impl TwilioError {
    /// Twilio's JSON error body.
    fn body(&self) -> Value {
        let TwilioError(status, code, message) = self;
        json!({
            "code": code,
            "message": message,
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status,
        })
    }
}
