//! A request on its way: awaited for the typed answer, or with the response's metadata.

use std::future::Future;
use std::pin::Pin;

use reqwest::header::HeaderMap;

use super::client::Client;
use super::error::Error;
use super::request::Request;

/// A boxed future that can move between threads, as [`Call`] and [`Middleware`] return.
///
/// [`Middleware`]: super::Middleware
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How a successful answer's body becomes the operation's result.
pub(crate) type Decoder<T> = fn(u16, Vec<u8>) -> Result<T, Error>;

/// One operation call: every generated operation method returns one.
///
/// It is a [`Future`]: `.await` it (or hand it to `block_on`, `join!`, `spawn`) for the typed
/// answer. `.with_metadata().await` gives the answer together with the response's status,
/// headers and request id ([`Response`]). Nothing is sent until it is first polled.
///
/// ```ignore
/// let sender = client.v2().channels_senders().fetch(&sid).await?;
/// let answer = client.v2().channels_senders().fetch(&sid).with_metadata().await?;
/// println!("{} {:?}: {:?}", answer.status, answer.request_id(), answer.body.status);
/// ```
#[must_use = "a call sends nothing until it is awaited"]
pub struct Call<T> {
    state: State<T>,
}

enum State<T> {
    /// Not polled yet.
    Ready(Box<Parts<T>>),
    /// Sending.
    Running(BoxFuture<'static, Result<T, Error>>),
    /// Answered: polled again after it returned.
    Done,
}

/// What sending a call takes.
struct Parts<T> {
    client: Client,
    request: Request,
    decode: Decoder<T>,
}

impl<T> Call<T> {
    pub(crate) fn new(client: Client, request: Request, decode: Decoder<T>) -> Self {
        Call {
            state: State::Ready(Box::new(Parts {
                client,
                request,
                decode,
            })),
        }
    }

    /// Sends the request and returns the typed answer with the response's status and headers.
    ///
    /// # Errors
    ///
    /// As for awaiting the call: see [`Client::send`]. [`Error::InvalidRequest`] if the call
    /// was already polled as a future.
    pub async fn with_metadata(self) -> Result<Response<T>, Error> {
        let State::Ready(parts) = self.state else {
            return Err(Error::InvalidRequest(
                "this call was already sent: `with_metadata` must come before it is awaited"
                    .to_owned(),
            ));
        };
        let answer = parts.client.execute(&parts.request).await?;
        let body = (parts.decode)(answer.status, answer.body)?;
        Ok(Response {
            body,
            status: answer.status,
            headers: answer.headers,
        })
    }
}

impl<T: Send + 'static> Future for Call<T> {
    type Output = Result<T, Error>;

    fn poll(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = self.get_mut();
        if let State::Ready(_) = this.state {
            let ready = Call {
                state: std::mem::replace(&mut this.state, State::Done),
            };
            this.state = State::Running(Box::pin(async move {
                ready.with_metadata().await.map(Response::into_body)
            }));
        }
        let State::Running(running) = &mut this.state else {
            return std::task::Poll::Ready(Err(Error::InvalidRequest(
                "this call was already answered".to_owned(),
            )));
        };
        let answer = std::task::ready!(running.as_mut().poll(cx));
        this.state = State::Done;
        std::task::Poll::Ready(answer)
    }
}

impl<T> std::fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Ready(_) => "ready",
            State::Running(_) => "running",
            State::Done => "done",
        };
        f.debug_struct("Call")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

/// A successful answer with its metadata: what [`Call::with_metadata`] returns.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub body: T,
    /// The HTTP status (2xx, or the status the operation documents as its answer).
    pub status: u16,
    /// The response's headers.
    pub headers: HeaderMap,
}

impl<T> Response<T> {
    /// The server's id of the request (Twilio's `Twilio-Request-Id` header), for support and
    /// logs.
    pub fn request_id(&self) -> Option<&str> {
        self.headers
            .get(super::client::REQUEST_ID)
            .and_then(|value| value.to_str().ok())
    }

    /// The decoded body, without the metadata.
    pub fn into_body(self) -> T {
        self.body
    }
}
