//! The HTTP client: configuration, authentication, sending and retrying.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use serde::de::DeserializeOwned;

use super::error::{Error, body_snippet};
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

/// A Twilio API client.
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
struct Inner {
    http: reqwest::Client,
    credentials: Credentials,
    origin: String,
    prefix: String,
    base_url: String,
    user_agent: String,
    retry: RetryPolicy,
}

/// Configures and builds a [`Client`]; see [`Client::builder`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

/// The credentials sent with HTTP basic authentication.
///
/// Either an Account SID with its Auth Token, or an API Key SID with its secret (plus the
/// Account SID the key belongs to). `Debug` shows secrets as `"***"`.
#[derive(Clone)]
pub struct Credentials {
    kind: CredentialKind,
}

/// The two kinds of credentials.
#[derive(Clone)]
enum CredentialKind {
    AuthToken {
        account_sid: String,
        auth_token: String,
    },
    ApiKey {
        key_sid: String,
        secret: String,
        account_sid: String,
    },
}

impl Credentials {
    /// Authenticates as the account itself: user name `account_sid`, password `auth_token`.
    pub fn auth_token(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Self {
        Credentials {
            kind: CredentialKind::AuthToken {
                account_sid: account_sid.into(),
                auth_token: auth_token.into(),
            },
        }
    }

    /// Authenticates with an API key: user name `key_sid`, password `secret`. `account_sid` is
    /// the account the key belongs to.
    pub fn api_key(
        key_sid: impl Into<String>,
        secret: impl Into<String>,
        account_sid: impl Into<String>,
    ) -> Self {
        Credentials {
            kind: CredentialKind::ApiKey {
                key_sid: key_sid.into(),
                secret: secret.into(),
                account_sid: account_sid.into(),
            },
        }
    }

    /// Returns the Account SID these credentials act for.
    pub fn account_sid(&self) -> &str {
        match &self.kind {
            CredentialKind::AuthToken { account_sid, .. }
            | CredentialKind::ApiKey { account_sid, .. } => account_sid,
        }
    }

    /// Returns the basic-auth user name and password.
    fn basic_auth(&self) -> (&str, &str) {
        match &self.kind {
            CredentialKind::AuthToken {
                account_sid,
                auth_token,
            } => (account_sid, auth_token),
            CredentialKind::ApiKey {
                key_sid, secret, ..
            } => (key_sid, secret),
        }
    }

    /// Reads credentials from the environment through `lookup`; see [`Client::from_env`].
    fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let require = |name: &str| {
            var(name).ok_or_else(|| Error::Config(format!("missing environment variable {name}")))
        };
        match var("TWILIO_API_KEY") {
            Some(key_sid) => Ok(Credentials::api_key(
                key_sid,
                require("TWILIO_API_SECRET")?,
                require("TWILIO_ACCOUNT_SID")?,
            )),
            None => Ok(Credentials::auth_token(
                require("TWILIO_ACCOUNT_SID")?,
                require("TWILIO_AUTH_TOKEN")?,
            )),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            CredentialKind::AuthToken { account_sid, .. } => f
                .debug_struct("Credentials")
                .field("account_sid", account_sid)
                .field("auth_token", &"***")
                .finish(),
            CredentialKind::ApiKey {
                key_sid,
                account_sid,
                ..
            } => f
                .debug_struct("Credentials")
                .field("api_key_sid", key_sid)
                .field("api_secret", &"***")
                .field("account_sid", account_sid)
                .finish(),
        }
    }
}

impl Client {
    /// Creates a client authenticated with an Account SID and Auth Token, with the default
    /// configuration (default host, 30 s timeout, default [`RetryPolicy`]).
    ///
    /// # Panics
    ///
    /// Panics if the HTTP client cannot be initialized (the TLS backend fails to load) or the
    /// generated default base URL is invalid; use [`Client::builder`] to get an error instead.
    pub fn new(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Client {
        match Client::builder(Credentials::auth_token(account_sid, auth_token)).build() {
            Ok(client) => client,
            Err(err) => panic!("cannot create the Twilio client: {err}"),
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
            http: None,
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

    /// Returns the base URL requests are sent to, e.g. `https://messaging.twilio.com`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Returns the credentials' Account SID.
    pub fn account_sid(&self) -> &str {
        self.inner.credentials.account_sid()
    }

    /// Sends `request` and decodes any 2xx response body as JSON into `T`.
    ///
    /// This is the low-level escape hatch used by generated code. Error statuses become
    /// [`Error::Api`] (Twilio's JSON error body) or [`Error::UnexpectedResponse`]; a 2xx body
    /// that does not decode becomes [`Error::Decode`]. Retries follow the [`RetryPolicy`]; the
    /// timeout applies to each attempt.
    ///
    /// # Errors
    ///
    /// Any [`Error`] variant except [`Error::Config`]: see its documentation.
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let (status, body) = self.execute(&request).await?;
        serde_json::from_slice(&body).map_err(|err| Error::Decode {
            status,
            message: err.to_string(),
            body: body_snippet(&body),
        })
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
        let (status, body) = self.execute(&request).await?;
        let decode_error = |err: serde_json::Error| Error::Decode {
            status,
            message: err.to_string(),
            body: body_snippet(&body),
        };
        let mut value: serde_json::Value = serde_json::from_slice(&body).map_err(decode_error)?;
        if let Some(object) = value.as_object_mut()
            && !object.contains_key(P::ITEMS_KEY)
            && let Some(key) = object
                .get("meta")
                .and_then(|meta| meta.get("key"))
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
            && let Some(items) = object.remove(&key)
        {
            object.insert(P::ITEMS_KEY.to_owned(), items);
        }
        serde_json::from_value(value).map_err(decode_error)
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

    /// Sends `request`, retrying as the policy allows; returns the status and body of a 2xx.
    async fn execute(&self, request: &Request) -> Result<(u16, Vec<u8>), Error> {
        let inner = &*self.inner;
        let url = request.url(&inner.origin, &inner.prefix)?;
        let body = request.body()?;
        let headers = request.header_map()?;
        let (username, password) = inner.credentials.basic_auth();
        let mut retry = 0;
        loop {
            let mut builder = inner
                .http
                .request(request.method().clone(), url.clone())
                .basic_auth(username, Some(password))
                .header(USER_AGENT, &inner.user_agent)
                .header(ACCEPT, "application/json")
                .headers(headers.clone())
                .timeout(self.timeout);
            if let Some((bytes, content_type)) = &body {
                builder = builder
                    .header(CONTENT_TYPE, *content_type)
                    .body(bytes.clone());
            }
            let response = builder.send().await.map_err(Error::from_reqwest)?;
            let status = response.status().as_u16();
            if request.is_success(response.status()) {
                let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
                return Ok((status, bytes.to_vec()));
            }
            if inner.retry.should_retry(retry, request.method(), status) {
                let delay = inner.retry.delay(retry, response.headers());
                let _ = response.bytes().await;
                tokio::time::sleep(delay).await;
                retry += 1;
                continue;
            }
            let bytes = response.bytes().await.map_err(Error::from_reqwest)?;
            return Err(Error::from_response(status, &bytes));
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.timeout)
            .field("retry_policy", &self.inner.retry)
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

    /// Sends requests to `url` instead of the default host, e.g. a local mock server. `http` is
    /// allowed here; a path prefix is kept. Region and edge are then ignored. The URL is
    /// validated by [`ClientBuilder::build`]; it must not contain a user name or password.
    #[must_use]
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self
    }

    /// Uses a Twilio region, e.g. `ie1`: the host becomes `{product}.{region}.twilio.com`, or
    /// `{product}.{edge}.{region}.twilio.com` with an edge.
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

    /// Appends `user_agent` (e.g. `my-app/1.2`) after the default user agent.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses an existing `reqwest` client (sharing its pool, proxy and TLS settings). Timeout,
    /// user agent and authentication are still applied per request.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] if the base URL, region or edge is invalid or the HTTP client cannot
    /// be created.
    pub fn build(self) -> Result<Client, Error> {
        let base = match &self.base_url {
            Some(url) => parse_base_url(url)?,
            None => default_base_url(self.region.as_deref(), self.edge.as_deref())?,
        };
        let http = if let Some(http) = self.http {
            http
        } else {
            let mut builder =
                reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
            if let Some(timeout) = self.connect_timeout {
                builder = builder.connect_timeout(timeout);
            }
            builder
                .build()
                .map_err(|err| Error::Config(format!("cannot create the HTTP client: {err}")))?
        };
        let user_agent = match &self.user_agent {
            Some(custom) => format!("{DEFAULT_USER_AGENT} {custom}"),
            None => DEFAULT_USER_AGENT.to_owned(),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                credentials: self.credentials,
                base_url: format!("{}{}", base.origin, base.prefix),
                origin: base.origin,
                prefix: base.prefix,
                user_agent,
                retry: self.retry,
            }),
            timeout: self.timeout,
        })
    }
}

/// A validated base URL split into origin and path prefix.
struct BaseUrl {
    /// `scheme://host[:port]`.
    origin: String,
    /// Empty or `/prefix`, without a trailing slash.
    prefix: String,
}

/// Validates an explicit base URL: http or https, a host, no credentials, query or fragment.
fn parse_base_url(input: &str) -> Result<BaseUrl, Error> {
    let invalid = |why: &str| Error::Config(format!("invalid base URL {input:?}: {why}"));
    let url = Url::parse(input).map_err(|err| invalid(&err.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("a host is required"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "invalid base URL: it must not contain a user name or password".to_owned(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or fragment"));
    }
    Ok(BaseUrl {
        origin: url.origin().ascii_serialization(),
        prefix: url.path().trim_end_matches('/').to_owned(),
    })
}

/// Derives the base URL from the generated default, inserting edge and region into the host.
fn default_base_url(region: Option<&str>, edge: Option<&str>) -> Result<BaseUrl, Error> {
    let mut base = parse_base_url(crate::DEFAULT_BASE_URL)?;
    if !base.origin.starts_with("https://") {
        return Err(Error::Config(format!(
            "the default base URL {:?} must use https",
            crate::DEFAULT_BASE_URL
        )));
    }
    let region = match (region, edge) {
        (None, None) => return Ok(base),
        (Some(region), _) => region,
        (None, Some(_)) => "us1",
    };
    check_host_label("region", region)?;
    if let Some(edge) = edge {
        check_host_label("edge", edge)?;
    }
    let host = base.origin.trim_start_matches("https://");
    let labels: Vec<&str> = host.split('.').collect();
    let [product, .., second_level, top_level] = labels.as_slice() else {
        return Err(Error::Config(format!(
            "cannot derive a regional host from {host:?}"
        )));
    };
    if host.contains(':') {
        return Err(Error::Config(format!(
            "cannot derive a regional host from {host:?}"
        )));
    }
    let mut parts = vec![*product];
    parts.extend(edge);
    parts.extend([region, *second_level, *top_level]);
    base.origin = format!("https://{}", parts.join("."));
    Ok(base)
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
