//! The HTTP client: configuration, authentication, sending and retrying.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, USER_AGENT};
use serde::de::DeserializeOwned;

use super::auth::Credentials;
use super::body::{ERROR_BODY_LIMIT, PageKeys, read_limited, read_prefix};
use super::call::{Call, Decoder};
use super::error::{Error, body_snippet};
use super::middleware::{Middleware, Next};
use super::pagination::Page;
use super::request::Request;
use super::retry::RetryPolicy;

/// The user agent sent with every request; a custom one is appended after it.
const DEFAULT_USER_AGENT: &str = concat!(
    env!("CARGO_PKG_NAME"),
    "/",
    env!("CARGO_PKG_VERSION"),
    " (rust)"
);

/// The default per-request timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default limit on the size of a response body: 16 MiB, several times a list page of
/// 1,000 records. See [`ClientBuilder::max_response_size`].
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 * 1024 * 1024;

/// An API client.
///
/// Cheap to clone (the configuration and connection pool are shared behind an `Arc`) and safe
/// to use from many tasks at once. Its `Debug` output never shows the auth token or API secret.
///
/// Generated operation methods are the intended entry point; [`Client::send`],
/// [`Client::send_empty`] and [`Request`] are the low-level escape hatch for anything else.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    timeout: Duration,
}

/// The shared, immutable part of a [`Client`].
#[derive(Clone)]
struct Inner {
    http: reqwest::Client,
    credentials: Credentials,
    /// The base URL the caller set; it replaces every operation's server.
    base_url: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    max_response_size: usize,
    middleware: Vec<Arc<dyn Middleware>>,
}

/// Configures and builds a [`Client`]; see [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: Option<String>,
    max_response_size: usize,
    http: Option<reqwest::Client>,
    middleware: Vec<Arc<dyn Middleware>>,
}

impl Client {
    /// Creates a client authenticated with an Account SID and Auth Token, with the default
    /// configuration (each operation's own host, 30 s timeout, default [`RetryPolicy`]).
    ///
    /// # Panics
    ///
    /// Panics if the HTTP client cannot be initialized (the TLS backend fails to load); use
    /// [`Client::builder`] to get an error instead.
    pub fn new(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Client {
        match Client::builder(Credentials::auth_token(account_sid, auth_token)).build() {
            Ok(client) => client,
            Err(err) => panic!("cannot create the API client: {err}"),
        }
    }

    /// Starts configuring a client with `credentials`.
    #[must_use]
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            credentials,
            base_url: None,
            region: None,
            edge: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: None,
            retry: RetryPolicy::default(),
            user_agent: None,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            http: None,
            middleware: Vec::new(),
        }
    }

    /// Creates a client from the process environment.
    ///
    /// Reads `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN`, or, when `TWILIO_API_KEY` is set,
    /// `TWILIO_API_KEY`, `TWILIO_API_SECRET` and `TWILIO_ACCOUNT_SID`; plus the optional
    /// `TWILIO_REGION` and `TWILIO_EDGE`. An empty variable counts as missing, and a missing
    /// required one is an [`Error::Config`] naming it.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if a required variable is missing or the region or edge is invalid.
    pub fn from_env() -> Result<Client, Error> {
        Client::from_env_with(|name| std::env::var(name).ok())
    }

    /// Like [`Client::from_env`], but reads variables through `lookup` instead of the process
    /// environment.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if a required variable is missing or the region or edge is invalid.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Client, Error> {
        ClientBuilder::from_env_with(lookup)?.build()
    }

    /// Returns a copy of this client (sharing its connection pool) with another per-request
    /// timeout. Use it for a single slow call: `client.with_timeout(d).send(..)`.
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            timeout,
        }
    }

    /// Returns a copy of this client (sharing its connection pool) that sends every request to
    /// `url`, like [`ClientBuilder::base_url`]: for an API whose spec names no https server,
    /// where the caller chooses the host (`http` is allowed: it is the caller's choice).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if `url` is not an http or https URL with a host, or carries a user
    /// name, password, query or fragment.
    pub fn with_base_url(&self, url: &str) -> Result<Client, Error> {
        let mut inner = (*self.inner).clone();
        inner.base_url = Some(parse_base_url(url, false)?);
        Ok(Client {
            inner: Arc::new(inner),
            timeout: self.timeout,
        })
    }

    /// Returns the base URL set with [`ClientBuilder::base_url`], which replaces every
    /// operation's own server; `None` when each operation goes to its own server.
    pub fn base_url(&self) -> Option<&str> {
        self.inner.base_url.as_deref()
    }

    /// Returns the base URL requests for an operation served at `server` go to: the base URL
    /// set on the builder, or `server` with the configured region and edge applied.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if `server` is not an https URL or has no host to apply a region to.
    pub fn base_url_for(&self, server: &str) -> Result<String, Error> {
        match &self.inner.base_url {
            Some(base) => Ok(base.clone()),
            None => regional_base_url(
                server,
                self.inner.region.as_deref(),
                self.inner.edge.as_deref(),
            ),
        }
    }

    /// The base URL `request` goes to: the configured one, or its server's.
    pub(crate) fn base_for(&self, request: &Request) -> Result<String, Error> {
        match (&self.inner.base_url, request.server_url()) {
            (Some(base), _) => Ok(base.clone()),
            (None, Some(server)) => self.base_url_for(server),
            (None, None) => Err(Error::Config(
                "no base URL: the request names no server and none was set with ClientBuilder::base_url".to_owned(),
            )),
        }
    }

    /// Returns the credentials' Account SID.
    pub fn account_sid(&self) -> &str {
        self.inner.credentials.account_sid()
    }

    /// Sends `request` and decodes any 2xx response body as JSON into `T`.
    ///
    /// This is the low-level escape hatch used by generated code. Error statuses become
    /// [`Error::Api`] (the API's JSON error body) or [`Error::UnexpectedResponse`]; a 2xx body
    /// that does not decode becomes [`Error::Decode`]; a body longer than the client's limit
    /// becomes [`Error::ResponseTooLarge`]. Retries follow the [`RetryPolicy`]; the timeout
    /// applies to each attempt.
    ///
    /// # Errors
    ///
    /// Any [`Error`] variant except [`Error::Config`]: see its documentation.
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let answer = self.execute(&request).await?;
        decode(answer.status, &answer.body)
    }

    /// The [`Call`] that sends `request` and decodes a JSON answer, as [`Client::send`] does:
    /// what generated operation methods return.
    pub fn call<T: DeserializeOwned>(&self, request: Request) -> Call<T> {
        let decoder: Decoder<T> = |status, body| decode(status, &body);
        Call::new(self.clone(), request, decoder)
    }

    /// The [`Call`] for an operation that answers with a JSON body or with none (a `200` with
    /// the resource, or a `204`): `None` when the body is empty.
    pub fn call_optional<T: DeserializeOwned>(&self, request: Request) -> Call<Option<T>> {
        let decoder: Decoder<Option<T>> = |status, body| {
            if body.iter().all(u8::is_ascii_whitespace) {
                Ok(None)
            } else {
                decode(status, &body).map(Some)
            }
        };
        Call::new(self.clone(), request, decoder)
    }

    /// The [`Call`] for one page of a list, decoded as [`Client::send_page`] does.
    pub fn call_page<P: Page + DeserializeOwned>(&self, request: Request) -> Call<P> {
        let decoder: Decoder<P> = |status, body| decode_page(status, &body);
        Call::new(self.clone(), request, decoder)
    }

    /// The [`Call`] for a text answer, as [`Client::send_text`] returns it.
    pub fn call_text(&self, request: Request) -> Call<String> {
        let decoder: Decoder<String> = |_, body| Ok(text(body));
        Call::new(self.clone(), request, decoder)
    }

    /// The [`Call`] for an answer read as bytes, as [`Client::send_bytes`] returns it.
    pub fn call_bytes(&self, request: Request) -> Call<Vec<u8>> {
        let decoder: Decoder<Vec<u8>> = |_, body| Ok(body);
        Call::new(self.clone(), request, decoder)
    }

    /// The [`Call`] for an answer whose body is ignored, as [`Client::send_empty`] does.
    pub fn call_empty(&self, request: Request) -> Call<()> {
        let decoder: Decoder<()> = |_, _| Ok(());
        Call::new(self.clone(), request, decoder)
    }

    /// Sends a list request and decodes one page. Like [`Client::send`], except that when the
    /// page's array is missing under [`Page::ITEMS_KEY`] but `meta.key` names another array in
    /// the response, that array is read instead.
    ///
    /// # Errors
    ///
    /// As for [`Client::send`].
    pub async fn send_page<P: Page + DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<P, Error> {
        self.fetch_page(&request).await.map(|(page, _)| page)
    }

    /// Sends a list request; returns the page and the URL it was fetched from.
    pub(crate) async fn fetch_page<P: Page + DeserializeOwned>(
        &self,
        request: &Request,
    ) -> Result<(P, Url), Error> {
        let answer = self.execute(request).await?;
        Ok((decode_page(answer.status, &answer.body)?, answer.url))
    }

    /// Sends `request` and returns the body of a 2xx response as text (invalid UTF-8 replaced),
    /// for operations whose answer is `text/*`.
    ///
    /// # Errors
    ///
    /// As for [`Client::send`], except that the body is never decoded as JSON.
    pub async fn send_text(&self, request: Request) -> Result<String, Error> {
        Ok(text(self.execute(&request).await?.body))
    }

    /// Sends `request` and returns the body of a 2xx response as bytes (a file, a PDF), within
    /// the client's response-size limit.
    ///
    /// # Errors
    ///
    /// As for [`Client::send`], except that the body is never decoded.
    pub async fn send_bytes(&self, request: Request) -> Result<Vec<u8>, Error> {
        self.execute(&request).await.map(|answer| answer.body)
    }

    /// Sends `request` and accepts any 2xx response, ignoring its body (a 204 is expected).
    ///
    /// The low-level counterpart of [`Client::send`] for operations without a response body.
    ///
    /// # Errors
    ///
    /// As for [`Client::send`], except that the body is never decoded.
    pub async fn send_empty(&self, request: Request) -> Result<(), Error> {
        self.execute(&request).await.map(|_| ())
    }

    /// Sends `request`, retrying as the policy allows; returns the successful answer.
    /// Everything about the request is checked before anything is sent.
    pub(crate) async fn execute(&self, request: &Request) -> Result<Answer, Error> {
        let url = request.url(&self.base_for(request)?)?;
        let body = request.body()?;
        let headers = request.header_map()?;
        // What is traced: method, host and path (never the query, headers or body, which may
        // carry personal data; never credentials), attempts, statuses, durations and the
        // server's request id.
        let span = tracing::debug_span!(
            "request",
            method = %request.method(),
            host = url.host_str().unwrap_or_default(),
            path = url.path(),
        );
        // Instrumented, not entered: the span follows the future across its await points.
        tracing::Instrument::instrument(self.attempts(request, url, body, headers), span).await
    }

    /// Sends the request until it succeeds, fails or may not be retried.
    async fn attempts(
        &self,
        request: &Request,
        url: Url,
        body: Option<(Vec<u8>, String)>,
        headers: reqwest::header::HeaderMap,
    ) -> Result<Answer, Error> {
        let inner = &*self.inner;
        let started = std::time::Instant::now();
        let mut retry = 0;
        loop {
            let mut builder = inner
                .http
                .request(request.method().clone(), url.clone())
                .header(USER_AGENT, inner.user_agent.clone())
                .header(ACCEPT, "application/json")
                .headers(headers.clone())
                .timeout(self.timeout);
            if let Some((bytes, content_type)) = &body {
                builder = builder
                    .header(CONTENT_TYPE, content_type.as_str())
                    .body(bytes.clone());
            }
            let attempt = builder.build().map_err(Error::from_reqwest)?;
            let next = Next {
                http: &inner.http,
                credentials: &inner.credentials,
                url: &url,
                security: request.accepted_schemes(),
                rest: &inner.middleware,
            };
            let response = match next.run(attempt).await {
                Ok(response) => response,
                Err(Error::Transport(err))
                    if inner
                        .retry
                        .should_retry_transport(retry, request.method(), &err) =>
                {
                    let delay = inner.retry.delay(retry, &Default::default());
                    tracing::warn!(attempt = retry + 1, ?delay, error = %err, "retrying after a transport error");
                    tokio::time::sleep(delay).await;
                    retry += 1;
                    continue;
                }
                Err(err) => {
                    tracing::debug!(attempt = retry + 1, error = %err, "failed");
                    return Err(err);
                }
            };
            let status = response.status().as_u16();
            let request_id = response
                .headers()
                .get(REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            tracing::debug!(
                attempt = retry + 1,
                status,
                request_id = request_id.as_deref().unwrap_or_default(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "response"
            );
            if request.is_success(response.status()) {
                let headers = response.headers().clone();
                let body = read_limited(response, inner.max_response_size).await?;
                return Ok(Answer {
                    status,
                    url,
                    headers,
                    body,
                });
            }
            if inner.retry.should_retry(retry, request.method(), status) {
                // The body of an answer that is retried is not read: dropping the response
                // closes its connection.
                let delay = inner.retry.delay(retry, response.headers());
                tracing::warn!(attempt = retry + 1, status, ?delay, "retrying");
                drop(response);
                tokio::time::sleep(delay).await;
                retry += 1;
                continue;
            }
            let (bytes, cut) = read_prefix(response, ERROR_BODY_LIMIT).await;
            let mut error = Error::from_response(status, &bytes, !cut);
            if let Error::Api(api) = &mut error {
                api.request_id = request_id;
            }
            return Err(error);
        }
    }
}

/// The header Twilio names each request's id in (`RQ…`), for its support and logs.
pub(crate) const REQUEST_ID: &str = "twilio-request-id";

/// A successful answer, read.
pub(crate) struct Answer {
    pub status: u16,
    /// Where it came from (a page's links are resolved against it).
    pub url: Url,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

/// A body as text, invalid UTF-8 replaced.
fn text(body: Vec<u8>) -> String {
    match String::from_utf8(body) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    }
}

/// Decodes a list page. When the page's array is missing under [`Page::ITEMS_KEY`] but
/// `meta.key` names another array in the response, that array is read instead.
fn decode_page<P: Page + DeserializeOwned>(status: u16, body: &[u8]) -> Result<P, Error> {
    let renamed = PageKeys::scan(body, P::ITEMS_KEY)
        .filter(|keys| !keys.has_items)
        .and_then(|keys| keys.meta_key);
    match renamed {
        None => decode(status, body),
        Some(key) => {
            let mut value: serde_json::Value = decode(status, body)?;
            if let Some(object) = value.as_object_mut()
                && let Some(items) = object.remove(&key)
            {
                object.insert(P::ITEMS_KEY.to_owned(), items);
            }
            serde_json::from_value(value).map_err(|err| Error::Decode {
                status,
                message: err.to_string(),
                body: body_snippet(body),
            })
        }
    }
}

/// Decodes a successful response body (see [`lenient::decode`](super::lenient::decode)).
fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    super::lenient::decode(body).map_err(|err| Error::Decode {
        status,
        message: err.to_string(),
        body: body_snippet(body),
    })
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("region", &self.inner.region)
            .field("edge", &self.inner.edge)
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.timeout)
            .field("retry_policy", &self.inner.retry)
            .field("max_response_size", &self.inner.max_response_size)
            .field("middleware", &self.inner.middleware.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url.as_deref().map(redact_url))
            .field("region", &self.region)
            .field("edge", &self.edge)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry_policy", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("max_response_size", &self.max_response_size)
            .field("middleware", &self.middleware.len())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Starts a builder from environment variables read through `lookup` (credentials, region
    /// and edge, as described in [`Client::from_env`]).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if a required variable is missing.
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder, Error> {
        let credentials = Credentials::from_lookup(&lookup)?;
        let mut builder = Client::builder(credentials);
        builder.region = lookup("TWILIO_REGION").filter(|v| !v.is_empty());
        builder.edge = lookup("TWILIO_EDGE").filter(|v| !v.is_empty());
        Ok(builder)
    }

    /// Sends every request to `url` instead of each operation's own server, e.g. a local mock
    /// server. `http` is allowed here; a path prefix is kept. Region and edge are then ignored.
    /// The URL is validated by [`ClientBuilder::build`]; it must not contain a user name or
    /// password.
    #[must_use]
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self
    }

    /// Uses a Twilio region, e.g. `ie1`: a host `{product}.twilio.com` becomes
    /// `{product}.{region}.twilio.com`, or `{product}.{edge}.{region}.twilio.com` with an edge.
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Uses a Twilio edge location, e.g. `dublin`; without a region the region is `us1`.
    #[must_use]
    pub fn edge(mut self, edge: impl Into<String>) -> Self {
        self.edge = Some(edge.into());
        self
    }

    /// Sets the per-request timeout, covering connecting, sending and reading the whole
    /// response of each attempt (default 30 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the connection timeout. Ignored when a custom [`ClientBuilder::http_client`] is used.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets the retry policy (default: [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Appends `user_agent` (e.g. `my-app/1.2`) after the default user agent. It must be a
    /// valid header value (visible ASCII and spaces); [`ClientBuilder::build`] checks it.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sets the most bytes of a response body the client reads (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 16 MiB). A longer body fails with
    /// [`Error::ResponseTooLarge`] as soon as the limit is passed, so a server can never make
    /// the client hold more than about this much per response. Error bodies are read only as
    /// far as their message needs (64 KiB at most).
    #[must_use]
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Uses an existing `reqwest` client (sharing its pool, proxy and TLS settings). Timeout,
    /// user agent and authentication are still applied per request.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Adds a [`Middleware`] around the transport: it sees every attempt (retries included)
    /// before credentials are added, and every response before the client reads it. The first
    /// added is the outermost.
    #[must_use]
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.middleware.push(Arc::new(middleware));
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the base URL, region, edge or user agent is invalid or the HTTP
    /// client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match &self.base_url {
            Some(url) => Some(parse_base_url(url, false)?),
            None => None,
        };
        // Without a TLS feature no https request can be sent: say so now, not at the first call.
        if !cfg!(any(
            feature = "rustls",
            feature = "rustls-aws-lc",
            feature = "native-tls"
        )) && self.http.is_none()
            && !base_url
                .as_deref()
                .is_some_and(|url| url.starts_with("http://"))
        {
            return Err(Error::Config(
                "built without a TLS feature (rustls, rustls-aws-lc or native-tls): enable one, or set an http:// base URL".to_owned(),
            ));
        }
        if let Some(region) = &self.region {
            check_host_label("region", region)?;
        }
        if let Some(edge) = &self.edge {
            check_host_label("edge", edge)?;
        }
        let user_agent = match &self.user_agent {
            Some(custom) => format!("{DEFAULT_USER_AGENT} {custom}"),
            None => DEFAULT_USER_AGENT.to_owned(),
        };
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::Config(
                "invalid user agent: it must be visible ASCII characters and spaces".to_owned(),
            )
        })?;
        let http = if let Some(http) = self.http {
            http
        } else {
            // reqwest's rustls without a provider needs one installed: make ring the process
            // default, unless the application installed another first.
            #[cfg(feature = "rustls")]
            let _ = ::rustls::crypto::ring::default_provider().install_default();
            let mut builder =
                reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
            if let Some(timeout) = self.connect_timeout {
                builder = builder.connect_timeout(timeout);
            }
            builder
                .build()
                .map_err(|err| Error::Config(format!("cannot create the HTTP client: {err}")))?
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                credentials: self.credentials,
                base_url,
                region: self.region,
                edge: self.edge,
                user_agent,
                retry: self.retry,
                max_response_size: self.max_response_size,
                middleware: self.middleware,
            }),
            timeout: self.timeout,
        })
    }
}

/// `input` with any user name and password replaced by `***`: what error messages and `Debug`
/// may show of a URL the caller gave.
fn redact_url(input: &str) -> String {
    let (scheme, rest) = match input.find("://") {
        Some(i) => input.split_at(i + 3),
        None => ("", input),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}***{}", &rest[at..]),
        None => input.to_owned(),
    }
}

/// Validates a base URL and returns it as `scheme://host[:port][/prefix]` without a trailing
/// slash: http or https (only https when `https_only`), a host, no credentials, query or
/// fragment. Messages never show a user name or password, whatever else is wrong.
fn parse_base_url(input: &str, https_only: bool) -> Result<String, Error> {
    let shown = redact_url(input);
    let invalid = |why: &str| Error::Config(format!("invalid base URL {shown:?}: {why}"));
    let url = Url::parse(input).map_err(|err| invalid(&err.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not contain a user name or password"));
    }
    match url.scheme() {
        "https" => {}
        "http" if !https_only => {}
        _ if https_only => return Err(invalid("the scheme must be https")),
        _ => return Err(invalid("the scheme must be http or https")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("a host is required"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    Ok(format!(
        "{}{}",
        url.origin().ascii_serialization(),
        url.path().trim_end_matches('/')
    ))
}

/// The base URL for an operation's `server` (an https URL from the spec), with the region and
/// edge inserted into its host as Twilio's libraries do: `{product}.{edge}.{region}.{domain}`.
/// A region or edge already in the host is replaced.
fn regional_base_url(
    server: &str,
    region: Option<&str>,
    edge: Option<&str>,
) -> Result<String, Error> {
    let base = parse_base_url(server, true)?;
    let region = match (region, edge) {
        (None, None) => return Ok(base),
        (Some(region), _) => region,
        (None, Some(_)) => "us1",
    };
    let url = Url::parse(&base).map_err(|err| Error::Config(err.to_string()))?;
    let host = url.host_str().unwrap_or_default();
    let labels: Vec<&str> = host.split('.').collect();
    let cannot = || Error::Config(format!("cannot derive a regional host from {host:?}"));
    if url.port().is_some() || labels.len() < 3 {
        return Err(cannot());
    }
    let product = labels[0];
    let domain = &labels[labels.len() - 2..];
    let mut parts = vec![product];
    parts.extend(edge);
    parts.push(region);
    parts.extend(domain);
    Ok(format!(
        "https://{}{}",
        parts.join("."),
        url.path().trim_end_matches('/')
    ))
}

/// Accepts a region or edge only if it is a plain host label (letters, digits, hyphens).
fn check_host_label(what: &str, value: &str) -> Result<(), Error> {
    if !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "invalid {what} {value:?}: expected letters, digits and hyphens"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_base_url, redact_url, regional_base_url};

    #[test]
    fn credentials_in_urls_are_redacted_whatever_is_wrong() {
        assert_eq!(redact_url("ftp://AC1:TOKEN@host/x"), "ftp://***@host/x");
        assert_eq!(redact_url("https://h/p@x"), "https://h/p@x");
        for bad in [
            "ftp://AC1:TOKEN@host/",
            "https://AC1:TOKEN@host:99999/",
            "https://AC1:TOKEN@/",
            "http://AC1:TOKEN@host/?q",
            "AC1:TOKEN@host",
        ] {
            let err = parse_base_url(bad, false).expect_err(bad);
            let text = format!("{err} {err:?}");
            assert!(!text.contains("TOKEN"), "{text}");
        }
    }

    #[test]
    fn region_and_edge_go_into_the_host() {
        let base = |r, e| regional_base_url("https://messaging.twilio.com", r, e).expect("ok");
        assert_eq!(base(None, None), "https://messaging.twilio.com");
        assert_eq!(base(Some("ie1"), None), "https://messaging.ie1.twilio.com");
        assert_eq!(
            base(Some("ie1"), Some("dublin")),
            "https://messaging.dublin.ie1.twilio.com"
        );
        assert_eq!(
            base(None, Some("sydney")),
            "https://messaging.sydney.us1.twilio.com"
        );
        assert_eq!(
            regional_base_url("https://api.us1.twilio.com", Some("au1"), None).expect("ok"),
            "https://api.au1.twilio.com"
        );
        assert!(regional_base_url("http://messaging.twilio.com", None, None).is_err());
        assert!(regional_base_url("https://localhost:8080", Some("ie1"), None).is_err());
    }
}
