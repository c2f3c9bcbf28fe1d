//! Lazily following next-page links, only ever to the origin the list was fetched from.

use std::collections::HashSet;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::Url;
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

    /// Returns the URL of the next page (`meta.next_page_url`), or `None` on the last page.
    fn next_page_url(&self) -> Option<&str>;

    /// Consumes the page and returns its records.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Streams the records of a list, page by page.
///
/// Nothing is sent until the stream is polled. The stream sends `first`, yields its records one
/// by one, then follows the page's next-page URL with the same headers. One page is held in
/// memory at a time.
///
/// A next-page URL is resolved against the URL of the page that gave it (so a relative link
/// works). It is followed when it stays on that page's origin (scheme, host and port), or when
/// it names the operation's own server as the spec gives it (`https://messaging.twilio.com`:
/// a server behind a proxy, or in a region, names its public host), in which case its path and
/// query are sent to the client's configured base URL instead. Anything else (another host or
/// port, an opaque scheme, a user name or password, a URL that does not parse) ends the stream
/// with [`Error::Pagination`]: credentials only ever go to the configured origin. A URL already
/// fetched also ends it with [`Error::Pagination`], so a server cannot make the stream loop.
///
/// The stream ends after `limit` records (`None` = all), after a page without a next-page URL,
/// or after an empty page; an error is yielded once and ends the stream.
pub fn paginate<P>(client: Client, first: Request, limit: Option<usize>) -> Pages<P::Item>
where
    P: Page + DeserializeOwned + Send + 'static,
    P::Item: Send + 'static,
{
    let state = State::<P::Item> {
        client,
        next: Some(Ok(first)),
        items: Vec::new().into_iter(),
        remaining: limit,
        seen: HashSet::new(),
    };
    let stream = futures_util::stream::unfold(Some(state), |state| async move {
        let mut state = state?;
        loop {
            if state.remaining == Some(0) {
                return None;
            }
            if let Some(item) = state.items.next() {
                state.remaining = state.remaining.map(|n| n - 1);
                return Some((Ok(item), Some(state)));
            }
            let request = match state.next.take()? {
                Ok(request) => request,
                Err(err) => return Some((Err(err), None)),
            };
            let (page, url) = match state.client.fetch_page::<P>(&request).await {
                Ok(fetched) => fetched,
                Err(err) => return Some((Err(err), None)),
            };
            state.seen.insert(url.to_string());
            // A refused link is reported after the records of the page that gave it.
            state.next = page
                .next_page_url()
                .filter(|next| !next.is_empty())
                .map(|next| {
                    let links = Links {
                        current: &url,
                        server: request.server_url(),
                        base: state.client.base_for(&request),
                    };
                    links
                        .follow(next, &state.seen)
                        .map(|next| request.next_page(next))
                });
            let items = page.into_items();
            if items.is_empty() {
                return None;
            }
            state.items = items.into_iter();
        }
    });
    Pages {
        inner: Box::pin(stream),
    }
}

/// The records of a list, fetched page by page as they are read: what a generated `stream`
/// method returns. It is `Unpin`, so it needs no pinning:
///
/// ```ignore
/// let mut senders = client.v2().channels_senders().stream(&params, Some(100));
/// while let Some(sender) = senders.next().await {
///     println!("{:?}", sender?.sender_id);
/// }
/// let all = client.v2().channels_senders().stream(&params, Some(500)).collect_all().await?;
/// ```
///
/// It is also a [`futures_core::Stream`], for the combinators of `futures-util`.
pub struct Pages<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> Pages<T> {
    /// The next record (fetching the next page when this one is read), `None` after the last,
    /// or the error that ended the stream.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// Every remaining record, up to the limit the stream was given; the first error ends it.
    ///
    /// # Errors
    ///
    /// The first error the stream yields.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<T> Stream for Pages<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

/// What a next-page link is checked against.
struct Links<'a> {
    /// The URL of the page that gave the link.
    current: &'a Url,
    /// The operation's server, as the spec gives it.
    server: Option<&'a str>,
    /// The configured base URL for that server.
    base: Result<String, Error>,
}

impl Links<'_> {
    /// Resolves `next` and checks that following it is safe; returns the URL to fetch.
    fn follow(self, next: &str, seen: &HashSet<String>) -> Result<Url, Error> {
        // Only the origin is named in errors: a hostile link may carry anything.
        let refuse = |why: &str| {
            Error::Pagination(format!(
                "the next-page link of a page from {} {why}",
                self.current.origin().ascii_serialization()
            ))
        };
        let mut url = self
            .current
            .join(next)
            .map_err(|err| refuse(&format!("does not parse ({err})")))?;
        url.set_fragment(None);
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse("carries a user name or password"));
        }
        if url.origin() != self.current.origin() {
            url = self
                .rebase(&url)
                .ok_or_else(|| refuse("points to another origin"))?;
        }
        if seen.contains(url.as_str()) {
            return Err(refuse("points to a page already fetched"));
        }
        Ok(url)
    }

    /// A link on the operation's own server, moved onto the configured base URL.
    fn rebase(&self, url: &Url) -> Option<Url> {
        let server = Url::parse(self.server?).ok()?;
        if url.origin() != server.origin() {
            return None;
        }
        let rest = url
            .path()
            .strip_prefix(server.path().trim_end_matches('/'))?;
        if !rest.starts_with('/') {
            return None;
        }
        let mut moved = format!("{}{rest}", self.base.as_ref().ok()?);
        if let Some(query) = url.query() {
            moved.push('?');
            moved.push_str(query);
        }
        Url::parse(&moved).ok()
    }
}

/// The state carried between polls of the [`paginate`] stream.
struct State<T> {
    client: Client,
    /// The next page to fetch, or why the last page's link was refused.
    next: Option<Result<Request, Error>>,
    items: std::vec::IntoIter<T>,
    remaining: Option<usize>,
    /// Every page URL fetched so far.
    seen: HashSet<String>,
}

#[cfg(test)]
mod tests {
    use super::{HashSet, Links, Url};

    #[test]
    fn next_page_links_stay_on_the_configured_origin() {
        let current =
            Url::parse("https://proxy.example.com/twilio/v2/Things?PageSize=2").expect("url");
        let seen = HashSet::from([current.to_string()]);
        let follow = |next: &str| {
            let links = Links {
                current: &current,
                server: Some("https://messaging.twilio.com"),
                base: Ok("https://proxy.example.com/twilio".to_owned()),
            };
            links.follow(next, &seen).map(|u| u.to_string())
        };
        for (link, fetched) in [
            (
                "https://proxy.example.com/twilio/v2/Things?Page=1",
                "https://proxy.example.com/twilio/v2/Things?Page=1",
            ),
            (
                "/twilio/v2/Things?Page=1",
                "https://proxy.example.com/twilio/v2/Things?Page=1",
            ),
            (
                "HTTPS://PROXY.EXAMPLE.COM:443/twilio/v2/Things?Page=2",
                "https://proxy.example.com/twilio/v2/Things?Page=2",
            ),
            (
                "https://messaging.twilio.com/v2/Things?PageToken=PT2",
                "https://proxy.example.com/twilio/v2/Things?PageToken=PT2",
            ),
        ] {
            assert_eq!(follow(link).ok().as_deref(), Some(fetched), "{link}");
        }
        for hostile in [
            "x:@127.0.0.2:8080/v2/Things?Page=1",
            "x:.evil.example/v2/Things",
            "x:7/v2/Things",
            "//evil.example/v2/Things",
            "\\\\evil.example/v2/Things",
            "/\\evil.example/v2/Things",
            "https://evil.example/v2/Things",
            "https://proxy.example.com:8443/v2/Things",
            "http://proxy.example.com/v2/Things",
            "http://messaging.twilio.com/v2/Things",
            "https://messaging.twilio.com:444/v2/Things",
            "https://user:pass@proxy.example.com/v2/Things",
            "https://user:pass@messaging.twilio.com/v2/Things",
            "https://proxy.example.com@evil.example/v2/Things",
            "https://messaging.twilio.com.evil.example/v2/Things",
            "https://messaging.twilio.com%2eevil.example/v2/Things",
            "https://mеssaging.twilio.com/v2/Things",
            "javascript:alert(1)",
            "https://proxy.example.com/twilio/v2/Things?PageSize=2",
            "https://proxy.example.com/twilio/v2/Things?PageSize=2#again",
            "https://[::1/",
        ] {
            assert!(follow(hostile).is_err(), "{hostile} was followed");
        }
    }
}
