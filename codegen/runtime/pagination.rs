//! Lazily following Twilio's `next_page_url` links.

use futures_core::Stream;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::Error;
use super::request::Request;

/// One page of a list response. Generated code implements it for every list-page type.
pub trait Page {
    /// The type of the listed records.
    type Item;

    /// The name of the array of records in the response, as the spec gives it (`senders`).
    /// Twilio says the name in `meta.key`; when a response names its array differently, the
    /// client reads the array `meta.key` names, so records are never silently dropped.
    const ITEMS_KEY: &'static str;

    /// Returns the absolute URL of the next page (`meta.next_page_url`), or `None` on the last
    /// page.
    fn next_page_url(&self) -> Option<&str>;

    /// Consumes the page and returns its records.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Streams the records of a list, page by page.
///
/// Nothing is sent until the stream is polled. The stream sends `first`, yields its records one
/// by one, then follows `next_page_url`, keeping only its path and query so that every page is
/// fetched from the client's configured scheme and host. One page is held in memory at a time.
/// It ends after `limit` records (`None` = all), after a page without a next-page URL, or after
/// an empty page; an error is yielded once and ends the stream.
pub fn paginate<P>(
    client: Client,
    first: Request,
    limit: Option<usize>,
) -> impl Stream<Item = Result<P::Item, Error>> + Send + 'static
where
    P: Page + DeserializeOwned + Send + 'static,
    P::Item: Send + 'static,
{
    let state = State::<P::Item> {
        client,
        next: Some(first),
        items: Vec::new().into_iter(),
        remaining: limit,
    };
    futures_util::stream::unfold(Some(state), |state| async move {
        let mut state = state?;
        loop {
            if state.remaining == Some(0) {
                return None;
            }
            if let Some(item) = state.items.next() {
                state.remaining = state.remaining.map(|n| n - 1);
                return Some((Ok(item), Some(state)));
            }
            let request = state.next.take()?;
            let page = match state.client.send_page::<P>(request).await {
                Ok(page) => page,
                Err(err) => return Some((Err(err), None)),
            };
            state.next = match page.next_page_url().filter(|url| !url.is_empty()) {
                Some(url) => match Request::from_page_url(url) {
                    Ok(request) => Some(request),
                    Err(err) => return Some((Err(err), None)),
                },
                None => None,
            };
            let items = page.into_items();
            if items.is_empty() {
                return None;
            }
            state.items = items.into_iter();
        }
    })
}

/// The state carried between polls of the [`paginate`] stream.
struct State<T> {
    client: Client,
    next: Option<Request>,
    items: std::vec::IntoIter<T>,
    remaining: Option<usize>,
}
