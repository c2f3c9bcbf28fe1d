//! The hand-written runtime of the generated client: HTTP transport, authentication, retries,
//! errors, pagination and the small value types that generated models and operations use.
//!
//! The generator copies this module verbatim into every generated crate. Generated operation code
//! builds a [`Request`] (path segments, [`Params`] for query strings and form bodies, or a JSON
//! body) and hands it to [`Client::send`] or [`Client::send_empty`]; list operations wrap
//! [`paginate`] with a type implementing [`Page`].
//!
//! Everything here is public so that callers can reach endpoints the generated code does not
//! cover, but the generated operation methods are the intended entry point.

mod client;
mod error;
mod nullable;
mod pagination;
mod params;
mod request;
mod retry;
mod sid;

pub use client::{Client, ClientBuilder, Credentials};
pub use error::{ApiError, Error};
pub use nullable::Nullable;
pub use pagination::{Page, paginate};
pub use params::{ParamValue, Params};
pub use request::Request;
pub use reqwest::Method;
pub use retry::RetryPolicy;
pub use sid::{Sid, SidError, SidPrefix};
