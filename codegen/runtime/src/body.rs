//! Reading response bodies with a bound on memory, whatever the server sends.

use super::error::Error;

/// The most bytes of an error response that are read: enough for any JSON error body. A longer
/// error body is not read further; its first bytes still make the error's preview.
pub(crate) const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Reads the whole body of a response, refusing one longer than `limit` bytes.
///
/// A `Content-Length` above the limit is refused before anything is read; otherwise the body is
/// read chunk by chunk into a buffer that never grows past the limit, and reading stops as soon
/// as the limit would be passed, so memory stays bounded by the limit even when the server lies
/// about the length or sends no length at all.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, Error> {
    let status = response.status().as_u16();
    let too_large = || Error::ResponseTooLarge { status, limit };
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(too_large());
    }
    let capacity = declared.map_or(0, |len| usize::try_from(len).unwrap_or(limit));
    let mut body = Vec::with_capacity(capacity.min(limit));
    while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
        if chunk.len() > limit - body.len() {
            return Err(too_large());
        }
        // Grow by doubling, but never past the limit.
        let needed = body.len() + chunk.len();
        if needed > body.capacity() {
            let grown = (body.capacity() * 2).clamp(needed, limit.max(needed));
            body.reserve_exact(grown - body.len());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads at most `limit` bytes of a body for an error message, and whether it was cut short.
/// Transport errors while reading end the read: the error status is what matters.
pub(crate) async fn read_prefix(mut response: reqwest::Response, limit: usize) -> (Vec<u8>, bool) {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return (body, true);
        }
        body.extend_from_slice(&chunk);
    }
    (body, false)
}

/// What a list page says about where its records are, read without building the page: whether
/// the array named `items_key` is present, and the name `meta.key` gives.
pub(crate) struct PageKeys {
    pub(crate) has_items: bool,
    pub(crate) meta_key: Option<String>,
}

impl PageKeys {
    /// Scans the top level of a JSON object; values are skipped, not kept.
    pub(crate) fn scan(body: &[u8], items_key: &str) -> Option<PageKeys> {
        use serde::de::DeserializeSeed;
        let mut de = serde_json::Deserializer::from_slice(body);
        Probe(items_key).deserialize(&mut de).ok()
    }
}

/// A seed that reads the keys of a page object.
struct Probe<'k>(&'k str);

impl<'de> serde::de::DeserializeSeed<'de> for Probe<'_> {
    type Value = PageKeys;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<PageKeys, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Probe<'_> {
    type Value = PageKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<PageKeys, A::Error> {
        /// `meta` with only the field this needs; the others are skipped.
        #[derive(serde::Deserialize)]
        struct Meta {
            key: Option<String>,
        }
        let mut keys = PageKeys {
            has_items: false,
            meta_key: None,
        };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.0 {
                keys.has_items = true;
                map.next_value::<serde::de::IgnoredAny>()?;
            } else if key == "meta" {
                keys.meta_key = map
                    .next_value::<Option<Meta>>()
                    .ok()
                    .flatten()
                    .and_then(|meta| meta.key);
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::PageKeys;

    #[test]
    fn page_keys_are_read_from_the_top_level_only() {
        let body = br#"{"data": [{"senders": 1}], "meta": {"key": "data", "page": 0}}"#;
        let keys = PageKeys::scan(body, "senders").expect("an object");
        assert!(!keys.has_items);
        assert_eq!(keys.meta_key.as_deref(), Some("data"));
        let keys = PageKeys::scan(br#"{"senders": [], "meta": null}"#, "senders").expect("object");
        assert!(keys.has_items);
        assert_eq!(keys.meta_key, None);
        assert!(PageKeys::scan(b"[1, 2]", "senders").is_none());
    }
}
