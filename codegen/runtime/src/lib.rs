//! The hand-written runtime of the generated client: HTTP transport, authentication, retries,
//! errors, pagination and the small value types that generated models and operations use.
//!
//! The generator copies these files verbatim into every generated crate (as `src/runtime/`);
//! they are also compiled and tested as a crate of their own. Generated operation code builds a
//! [`Request`] (the operation's server, path segments, [`Params`] for query strings and form
//! bodies, or a JSON body) and returns the [`Call`] of [`Client::call`] (or `call_page`,
//! `call_text`, `call_bytes`, `call_empty`); list operations' streams wrap [`paginate`] with a
//! type implementing [`Page`].
//!
//! Everything here is public so that callers can reach endpoints the generated code does not
//! cover, but the generated operation methods are the intended entry point.

mod auth;
mod body;
mod call;
mod client;
mod error;
pub mod lenient;
mod middleware;
mod multipart;
mod nullable;
mod pagination;
mod params;
mod path;
mod request;
mod retry;
mod sid;
mod unknown;
#[cfg(feature = "webhooks")]
mod webhook;

pub use auth::{Credentials, KeyLocation, Scheme};
pub use call::{BoxFuture, Call, Response};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_SIZE};
pub use error::{ApiError, Error};
pub use middleware::{Middleware, Next};
pub use multipart::{Binary, FileValue, Multipart};
pub use nullable::Nullable;
pub use pagination::{Page, Pages, paginate};
pub use params::{ParamValue, Params, path_value};
pub use path::{PathSegment, PathStyle};
pub use request::Request;
/// The HTTP client the runtime is built on, so that a caller's [`ClientBuilder::http_client`]
/// uses exactly this version.
pub use reqwest;
pub use reqwest::Method;
pub use retry::RetryPolicy;
pub use sid::{Sid, SidError, SidPrefix};
pub use unknown::Unknown;
#[cfg(feature = "webhooks")]
pub use webhook::{RequestValidator, SIGNATURE_HEADER, body_sha256};
