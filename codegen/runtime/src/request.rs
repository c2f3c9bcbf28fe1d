//! An owned description of one API call, re-sendable for retries.

use percent_encoding::utf8_percent_encode;
use reqwest::{Method, Url};
use serde::Serialize;

use super::error::Error;
use super::params::{Params, UNRESERVED};
use super::path::PathSegment;

/// One API call: method, server, path, query parameters, headers and body.
///
/// Generated operation code builds it and passes it to [`Client::send`](super::Client::send)
/// or [`Client::send_empty`](super::Client::send_empty). The path is given as segments; the
/// client appends each one to the base URL percent-encoded as exactly one segment (everything
/// outside `A-Za-z0-9-._~` is encoded, so `/`, `?`, `#` and `%` cannot change the path), and
/// refuses an empty segment, `.` or `..` with [`Error::InvalidRequest`]. A segment that mixes
/// literal text with values, or holds a parameter in the label or matrix style, is built as a
/// [`PathSegment`](super::PathSegment) and added with [`segment`](Request::segment).
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    server: Option<&'static str>,
    security: Option<&'static [&'static [super::auth::Scheme]]>,
    target: Target,
    trailing_slash: bool,
    fixed_query: &'static str,
    fixed_headers: Vec<(&'static str, &'static str)>,
    query: Params,
    headers: Params,
    cookies: Params,
    accept: Option<u16>,
    body: Body,
}

/// Where a request goes.
#[derive(Debug, Clone)]
enum Target {
    /// Path segments, percent-encoded, appended to the base URL; the first that could not be
    /// encoded.
    Segments(Vec<String>, Option<String>),
    /// An absolute URL on the client's origin, already checked: a next page.
    Url(Url),
}

/// The request body.
#[derive(Debug, Clone)]
enum Body {
    /// No body.
    Empty,
    /// An `application/x-www-form-urlencoded` body.
    Form(Params),
    /// A serialized JSON body.
    Json(Vec<u8>),
    /// Text or bytes under their media type.
    Raw(Vec<u8>, String),
    /// Parts under a `multipart/*` media type (the boundary is added when it is sent).
    Multipart(super::multipart::Multipart, String),
    /// JSON serialization failed; reported by the client before sending.
    EncodeError(String),
}

impl Request {
    /// Creates a request for `method` on the path made of `segments`, e.g.
    /// `&["v1", "Services", service_sid.as_str(), "ChannelSenders"]`.
    #[must_use]
    pub fn new(method: Method, segments: &[&str]) -> Request {
        Request {
            method,
            server: None,
            security: None,
            target: Target::Segments(
                segments
                    .iter()
                    .map(|s| utf8_percent_encode(s, UNRESERVED).to_string())
                    .collect(),
                None,
            ),
            trailing_slash: false,
            fixed_query: "",
            fixed_headers: Vec::new(),
            query: Params::new(),
            headers: Params::new(),
            cookies: Params::new(),
            accept: None,
            body: Body::Empty,
        }
    }

    /// Appends segments the way [`new`](Request::new) takes them, each a literal or one value
    /// encoded whole (the segments after one added with [`segment`](Request::segment)).
    #[must_use]
    pub fn segments(mut self, more: &[&str]) -> Self {
        if let Target::Segments(segments, _) = &mut self.target {
            segments.extend(
                more.iter()
                    .map(|s| utf8_percent_encode(s, UNRESERVED).to_string()),
            );
        }
        self
    }

    /// Appends a segment built piece by piece (literal text around parameters, or a parameter
    /// in the label or matrix style) after those given to [`new`](Request::new).
    #[must_use]
    pub fn segment(mut self, segment: PathSegment) -> Self {
        if let Target::Segments(segments, error) = &mut self.target {
            if let Some(failed) = segment.error() {
                error.get_or_insert_with(|| failed.to_owned());
            }
            segments.push(segment.as_str().to_owned());
        }
        self
    }

    /// Sets the server the operation is served from, as the spec gives it
    /// (`https://messaging.twilio.com`). A base URL set on the client replaces it; a region or
    /// edge set on the client is applied to its host.
    #[must_use]
    pub fn server(mut self, url: &'static str) -> Self {
        self.server = Some(url);
        self
    }

    /// Ends the path with `/` (`/users/`), as the spec writes it.
    #[must_use]
    pub fn trailing_slash(mut self) -> Self {
        self.trailing_slash = true;
        self
    }

    /// Starts the query with `query`, which the spec writes into the path (`/{Bucket}?acl`),
    /// before the query parameters. It goes as it is: the generator writes it encoded.
    #[must_use]
    pub fn fixed_query(mut self, query: &'static str) -> Self {
        self.fixed_query = query;
        self
    }

    /// Sends the header `name: value` with every attempt, before the header parameters: a
    /// required header the spec allows one value for.
    #[must_use]
    pub fn fixed_header(mut self, name: &'static str, value: &'static str) -> Self {
        self.fixed_headers.push((name, value));
        self
    }

    /// Returns the server set with [`Request::server`].
    pub fn server_url(&self) -> Option<&'static str> {
        self.server
    }

    /// Sets the query parameters (appended in the given order).
    #[must_use]
    pub fn query(mut self, params: Params) -> Self {
        self.query = params;
        self
    }

    /// Sets extra request headers (header parameters of the operation). A name or value that
    /// is not a valid HTTP header is refused with [`Error::InvalidRequest`] before sending.
    #[must_use]
    pub fn headers(mut self, params: Params) -> Self {
        self.headers = params;
        self
    }

    /// Sets cookies (cookie parameters of the operation), sent in one `Cookie` header as
    /// `name=value` pairs separated by `; `, values percent-encoded.
    #[must_use]
    pub fn cookies(mut self, params: Params) -> Self {
        self.cookies = params;
        self
    }

    /// Treats `status` as success too: for operations documented to answer with a redirect that
    /// carries the result (the client does not follow redirects).
    #[must_use]
    pub fn accept_status(mut self, status: u16) -> Self {
        self.accept = Some(status);
        self
    }

    /// Whether `status` is a successful answer to this request.
    pub(crate) fn is_success(&self, status: reqwest::StatusCode) -> bool {
        status.is_success() || self.accept == Some(status.as_u16())
    }

    /// Sets an `application/x-www-form-urlencoded` body with the keys in the given order.
    #[must_use]
    pub fn form(mut self, params: Params) -> Self {
        self.body = Body::Form(params);
        self
    }

    /// Serializes `value` as the JSON body now. A serialization failure is kept and returned as
    /// [`Error::Encode`] when the request is sent, before anything goes on the wire.
    #[must_use]
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        self.body = match serde_json::to_vec(value) {
            Ok(bytes) => Body::Json(bytes),
            Err(err) => Body::EncodeError(err.to_string()),
        };
        self
    }

    /// Sets a JSON body sent under another JSON media type than `application/json`
    /// (`application/merge-patch+json`, `application/vnd.api+json`), as the operation declares.
    #[must_use]
    pub fn json_as<T: Serialize + ?Sized>(mut self, media_type: &str, value: &T) -> Self {
        self.body = match serde_json::to_vec(value) {
            Ok(bytes) => Body::Raw(bytes, media_type.to_owned()),
            Err(err) => Body::EncodeError(err.to_string()),
        };
        self
    }

    /// Sets a text body sent under `media_type` (e.g. `text/plain`).
    #[must_use]
    pub fn text(mut self, media_type: &str, text: &str) -> Self {
        self.body = Body::Raw(text.as_bytes().to_vec(), media_type.to_owned());
        self
    }

    /// Sets a multipart body sent under `media_type` (`multipart/form-data`), with a boundary
    /// that occurs in no part.
    #[must_use]
    pub fn multipart(mut self, media_type: &str, parts: super::multipart::Multipart) -> Self {
        self.body = Body::Multipart(parts, media_type.to_owned());
        self
    }

    /// Sets a body of bytes sent under `media_type` (e.g. `application/octet-stream`).
    #[must_use]
    pub fn bytes(mut self, media_type: &str, bytes: &[u8]) -> Self {
        self.body = Body::Raw(bytes.to_vec(), media_type.to_owned());
        self
    }

    /// Sets the security schemes the operation accepts, as its spec's `security` lists them:
    /// alternatives, each a set of schemes used together; an empty list is no authentication.
    /// Without it, the client's credentials are sent as they naturally are (basic or bearer).
    #[must_use]
    pub fn security(mut self, alternatives: &'static [&'static [super::auth::Scheme]]) -> Self {
        self.security = Some(alternatives);
        self
    }

    /// The security schemes set with [`Request::security`].
    pub(crate) fn accepted_schemes(&self) -> Option<&'static [&'static [super::auth::Scheme]]> {
        self.security
    }

    /// Returns the HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The extra headers, validated.
    pub(crate) fn header_map(&self) -> Result<reqwest::header::HeaderMap, Error> {
        if let Some(error) = self.headers.error() {
            return Err(Error::Encode(error.to_owned()));
        }
        let mut map = reqwest::header::HeaderMap::new();
        let fixed = self
            .fixed_headers
            .iter()
            .map(|(name, value)| (*name, *value));
        for (name, value) in fixed.chain(self.headers.iter()) {
            let header =
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    Error::InvalidRequest(format!("{name:?} is not a valid header name"))
                })?;
            let value = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                Error::InvalidRequest(format!(
                    "the value of header {name:?} is not a valid header value"
                ))
            })?;
            map.append(header, value);
        }
        if let Some(error) = self.cookies.error() {
            return Err(Error::Encode(error.to_owned()));
        }
        if !self.cookies.is_empty() {
            let pairs: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, UNRESERVED)))
                .collect();
            let value =
                reqwest::header::HeaderValue::from_str(&pairs.join("; ")).map_err(|_| {
                    Error::InvalidRequest("a cookie name is not valid in a header".to_owned())
                })?;
            map.append(reqwest::header::COOKIE, value);
        }
        Ok(map)
    }

    /// The GET request for the next page at `url` (already checked to be on the client's
    /// origin): the same server and headers, the URL's own path and query.
    pub(crate) fn next_page(&self, url: Url) -> Request {
        Request {
            method: Method::GET,
            server: self.server,
            security: self.security,
            target: Target::Url(url),
            trailing_slash: false,
            fixed_query: "",
            fixed_headers: self.fixed_headers.clone(),
            query: Params::new(),
            headers: self.headers.clone(),
            cookies: self.cookies.clone(),
            accept: None,
            body: Body::Empty,
        }
    }

    /// Builds the full URL from the base URL (`scheme://host[:port]` plus an optional path
    /// prefix without a trailing slash).
    pub(crate) fn url(&self, base: &str) -> Result<Url, Error> {
        if let Some(error) = self.query.error() {
            return Err(Error::Encode(error.to_owned()));
        }
        let mut url = match &self.target {
            Target::Url(url) => url.to_string(),
            Target::Segments(segments, error) => {
                if let Some(error) = error {
                    return Err(Error::Encode(error.clone()));
                }
                let mut url = base.to_owned();
                if segments.is_empty() {
                    url.push('/');
                }
                for segment in segments {
                    // `%2E` is a dot to the server: a segment spelled so is a dot segment too.
                    let dots = segment.replace("%2E", ".").replace("%2e", ".");
                    if segment.is_empty() || dots == "." || dots == ".." {
                        return Err(Error::InvalidRequest(format!(
                            "path segment {segment:?} is not allowed"
                        )));
                    }
                    url.push('/');
                    url.push_str(segment);
                }
                if self.trailing_slash && !segments.is_empty() {
                    url.push('/');
                }
                if !self.fixed_query.is_empty() {
                    url.push('?');
                    url.push_str(self.fixed_query);
                }
                url
            }
        };
        if !self.query.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&self.query.encode());
        }
        Url::parse(&url).map_err(|err| Error::InvalidRequest(format!("invalid URL: {err}")))
    }

    /// Returns the body bytes and content type, or the encoding error.
    pub(crate) fn body(&self) -> Result<Option<(Vec<u8>, String)>, Error> {
        match &self.body {
            Body::Empty => Ok(None),
            Body::Form(params) => match params.error() {
                Some(error) => Err(Error::Encode(error.to_owned())),
                None => Ok(Some((
                    params.encode().into_bytes(),
                    "application/x-www-form-urlencoded".to_owned(),
                ))),
            },
            Body::Json(bytes) => Ok(Some((bytes.clone(), "application/json".to_owned()))),
            Body::Raw(bytes, media_type) => Ok(Some((bytes.clone(), media_type.clone()))),
            Body::Multipart(parts, media_type) => match parts.error() {
                Some(error) => Err(Error::Encode(error.to_owned())),
                None => {
                    let (bytes, boundary) = parts.encode();
                    Ok(Some((bytes, format!("{media_type}; boundary={boundary}"))))
                }
            },
            Body::EncodeError(message) => Err(Error::Encode(message.clone())),
        }
    }
}
