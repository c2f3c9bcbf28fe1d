//! A hook around the HTTP transport: logging, metrics, extra headers, test doubles.

use std::sync::Arc;

use reqwest::Url;

use super::auth::{Credentials, Scheme};
use super::call::BoxFuture;
use super::error::Error;

/// Wraps every HTTP attempt the client makes, retries included ([`ClientBuilder::middleware`]).
///
/// A middleware gets the request and the rest of the chain: it may change the request, call
/// [`Next::run`] (or not, answering itself), and look at or change the response. Middleware
/// runs in the order it was added; the first added is the outermost.
///
/// Credentials are added after the last middleware: a middleware never sees them, and a
/// request a middleware moves to another origin (scheme, host or port) is refused with
/// [`Error::InvalidRequest`] instead of being sent with them.
///
/// ```ignore
/// use my_api::runtime::{reqwest, BoxFuture, Error, Middleware, Next};
///
/// /// Counts the attempts that reach the network.
/// struct CountAttempts(std::sync::atomic::AtomicUsize);
///
/// impl Middleware for CountAttempts {
///     fn handle<'a>(
///         &'a self,
///         request: reqwest::Request,
///         next: Next<'a>,
///     ) -> BoxFuture<'a, Result<reqwest::Response, Error>> {
///         self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
///         next.run(request)
///     }
/// }
/// ```
///
/// [`ClientBuilder::middleware`]: super::ClientBuilder::middleware
pub trait Middleware: Send + Sync + 'static {
    /// Handles one attempt: usually some work, then `next.run(request)`.
    fn handle<'a>(
        &'a self,
        request: reqwest::Request,
        next: Next<'a>,
    ) -> BoxFuture<'a, Result<reqwest::Response, Error>>;
}

/// The rest of the chain after a [`Middleware`]: the next middleware, or the network.
pub struct Next<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) credentials: &'a Credentials,
    /// The URL the client built: credentials go to its origin only.
    pub(crate) url: &'a Url,
    /// The security schemes the operation accepts (`None`: its spec declares none).
    pub(crate) security: Option<&'static [&'static [Scheme]]>,
    pub(crate) rest: &'a [Arc<dyn Middleware>],
}

impl<'a> Next<'a> {
    /// Passes `request` on down the chain.
    pub fn run(self, request: reqwest::Request) -> BoxFuture<'a, Result<reqwest::Response, Error>> {
        match self.rest.split_first() {
            Some((first, rest)) => first.handle(request, Next { rest, ..self }),
            None => Box::pin(self.send(request)),
        }
    }

    /// The end of the chain: adds the credentials (on the client's own origin only) and sends.
    pub(crate) async fn send(self, request: reqwest::Request) -> Result<reqwest::Response, Error> {
        if request.url().origin() != self.url.origin() {
            return Err(Error::InvalidRequest(
                "a middleware moved the request to another origin; credentials are only sent to the client's own"
                    .to_owned(),
            ));
        }
        // Credentials the operation takes replace an `Authorization` a middleware set; where
        // they apply none (a scheme the client does not send), the middleware's stays.
        let mut request = request;
        self.credentials.apply(self.security, &mut request)?;
        // An error names no URL: an API key may be in its query.
        self.http
            .execute(request)
            .await
            .map_err(|err| Error::from_reqwest(err.without_url()))
    }
}

impl std::fmt::Debug for Next<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next")
            .field("middleware_left", &self.rest.len())
            .finish_non_exhaustive()
    }
}
