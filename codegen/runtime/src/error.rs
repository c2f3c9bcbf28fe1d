//! The error type of every client call.

use std::fmt;

/// The most bytes of a response body kept in an error.
const BODY_SNIPPET_LIMIT: usize = 512;

/// Everything that can go wrong while calling the API.
///
/// No variant ever contains credentials: they travel only in the `Authorization` header, and a
/// base URL with a user name or password is refused when the client is built.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Twilio answered with an error status and its JSON error body.
    Api(ApiError),
    /// The server answered with an error status and a body that is not Twilio's JSON error
    /// format (for example an HTML page from a proxy). `body` holds at most the first 512 bytes.
    UnexpectedResponse {
        /// The HTTP status code.
        status: u16,
        /// The start of the response body (at most 512 bytes, cut on a character boundary).
        body: String,
    },
    /// A successful (2xx) response whose body does not decode into the expected type.
    Decode {
        /// The HTTP status code.
        status: u16,
        /// What the JSON decoder reported.
        message: String,
        /// The start of the response body (at most 512 bytes, cut on a character boundary).
        body: String,
    },
    /// The request body could not be serialized to JSON.
    Encode(String),
    /// The request itself is invalid, for example a path segment that is empty, `.` or `..`.
    InvalidRequest(String),
    /// The client configuration is invalid or incomplete, for example a missing environment
    /// variable or a malformed base URL.
    Config(String),
    /// The response body is longer than the client accepts
    /// ([`ClientBuilder::max_response_size`](super::ClientBuilder::max_response_size)). Reading
    /// stopped at the limit: a server cannot make the client hold more.
    ResponseTooLarge {
        /// The HTTP status code.
        status: u16,
        /// The limit in bytes.
        limit: usize,
    },
    /// A list response linked to a next page the client refuses to fetch: a URL on another
    /// origin (scheme, host or port) than the page it came from, a URL that cannot be parsed,
    /// or a page already fetched (a loop). Credentials are only ever sent to the configured
    /// origin.
    Pagination(String),
    /// The request did not complete within the configured timeout.
    Timeout,
    /// The request failed below HTTP: connection, TLS or I/O errors.
    Transport(reqwest::Error),
}

/// A Twilio error response: the HTTP status plus the fields of Twilio's JSON error body
/// `{"code": 20404, "message": "...", "more_info": "https://...", "status": 404}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status code of the response.
    pub http_status: u16,
    /// Twilio's numeric error code (see <https://www.twilio.com/docs/api/errors>).
    pub code: Option<i64>,
    /// The human-readable error message (empty if the body had none).
    pub message: String,
    /// A link to the documentation of the error code.
    pub more_info: Option<String>,
    /// The `status` field of the body, normally equal to the HTTP status.
    pub status: Option<u16>,
    /// The server's id of the request (Twilio's `Twilio-Request-Id` header), for support.
    pub request_id: Option<String>,
}

impl Error {
    /// Returns the HTTP status code if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.http_status),
            Error::UnexpectedResponse { status, .. }
            | Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Transport(err) => err.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// Returns the API's own error code (Twilio's `code`, such as `20404` or `63110`) when the
    /// server answered with its JSON error body.
    pub fn code(&self) -> Option<i64> {
        self.api().and_then(|api| api.code)
    }

    /// Returns the API's error body when the server answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Returns `true` if the same request might succeed later: timeouts, connection failures,
    /// 429 Too Many Requests and 503 Service Unavailable. Note that repeating a POST after a
    /// timeout or a 503 may duplicate a create. The client already retried what its
    /// [`RetryPolicy`](super::RetryPolicy) allows.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout => true,
            Error::Transport(err) => err.is_connect(),
            _ => matches!(self.status(), Some(429 | 503)),
        }
    }

    /// Converts a reqwest error, turning timeouts into [`Error::Timeout`].
    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Error::Timeout
        } else {
            Error::Transport(err)
        }
    }

    /// Builds the error for a non-2xx response from its status and the start of its body
    /// (`complete` is false when the body was longer and not read to the end).
    pub(crate) fn from_response(status: u16, body: &[u8], complete: bool) -> Self {
        match parse_api_error(status, body).filter(|_| complete) {
            Some(api) => Error::Api(api),
            None => Error::UnexpectedResponse {
                status,
                body: body_snippet(body),
            },
        }
    }
}

/// Parses Twilio's JSON error body; `None` unless it is an object with a `code` or a `message`.
fn parse_api_error(http_status: u16, body: &[u8]) -> Option<ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    let code = object.get("code").and_then(|code| {
        code.as_i64()
            .or_else(|| code.as_str().and_then(|s| s.parse().ok()))
    });
    let message = object
        .get("message")
        .and_then(|m| m.as_str())
        .map(str::to_owned);
    if code.is_none() && message.is_none() {
        return None;
    }
    Some(ApiError {
        http_status,
        code,
        message: message.unwrap_or_default(),
        more_info: object
            .get("more_info")
            .and_then(|m| m.as_str())
            .map(str::to_owned),
        status: object
            .get("status")
            .and_then(serde_json::Value::as_u64)
            .and_then(|s| u16::try_from(s).ok()),
        request_id: None,
    })
}

/// Returns at most the first 512 bytes of `body` as text, cut on a character boundary.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    let head = body.get(..BODY_SNIPPET_LIMIT + 4).unwrap_or(body);
    let text = String::from_utf8_lossy(head);
    let mut end = text.len().min(BODY_SNIPPET_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default().to_owned()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => fmt::Display::fmt(api, f),
            Error::UnexpectedResponse { status, body } => {
                write!(f, "unexpected response (HTTP {status}): {body}")
            }
            Error::Decode {
                status,
                message,
                body,
            } => write!(
                f,
                "could not decode the response (HTTP {status}): {message}; body: {body}"
            ),
            Error::Encode(message) => write!(f, "could not encode the request body: {message}"),
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::ResponseTooLarge { status, limit } => write!(
                f,
                "the response (HTTP {status}) is longer than the limit of {limit} bytes"
            ),
            Error::Pagination(message) => write!(f, "next page refused: {message}"),
            Error::Timeout => f.write_str("the request timed out"),
            Error::Transport(err) => write!(f, "transport error: {err}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(api) => Some(api),
            Error::Transport(err) => Some(err),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Twilio API error")?;
        if let Some(code) = self.code {
            write!(f, " {code}")?;
        }
        write!(f, " (HTTP {}): {}", self.http_status, self.message)?;
        if let Some(more_info) = &self.more_info {
            write!(f, " (see {more_info})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl From<ApiError> for Error {
    fn from(api: ApiError) -> Self {
        Error::Api(api)
    }
}
