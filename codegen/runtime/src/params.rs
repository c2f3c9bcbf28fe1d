//! Ordered key/value pairs for query strings and form bodies.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::nullable::Nullable;
use super::sid::{Sid, SidPrefix};

/// An ordered list of `(key, value)` string pairs, used for query strings and
/// `application/x-www-form-urlencoded` bodies.
///
/// Order is kept exactly as pushed and a key may repeat: arrays are sent as the same key once
/// per item, never comma-joined, as Twilio's own libraries do.
///
/// A value that cannot be encoded (a JSON value whose `Serialize` fails) is not written; the
/// first such failure is kept, and a [`Request`](super::Request) carrying these params fails
/// with [`Error::Encode`](super::Error::Encode) before anything is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
    error: Option<String>,
}

/// A value that can be written into [`Params`] under a key.
///
/// Implemented for strings, booleans (`true`/`false`), integers, floats, date-times (RFC 3339),
/// dates (`YYYY-MM-DD`), JSON values (compact JSON text), SIDs, references, `Option` (`None`
/// writes nothing), [`Nullable`] (absent writes nothing, `null` writes an empty value) and
/// slices/vectors (the key repeated once per item). Generated string enums implement it with
/// `params.push_str(key, self.as_str())`.
pub trait ParamValue {
    /// Appends this value to `params` under `key` (zero, one or several pairs).
    fn append_to(&self, key: &str, params: &mut Params);
}

impl Params {
    /// Creates an empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `value` under `key` as its [`ParamValue`] implementation dictates.
    pub fn push<V: ParamValue + ?Sized>(&mut self, key: &str, value: &V) {
        value.append_to(key, self);
    }

    /// Appends one `key=value` pair.
    pub fn push_str(&mut self, key: &str, value: &str) {
        self.pairs.push((key.to_owned(), value.to_owned()));
    }

    /// Appends `value` under `key` as one pair whose value is the items joined with
    /// `separator` (`explode: false` in OpenAPI: `,` for `form`, ` ` for `spaceDelimited`, `|`
    /// for `pipeDelimited`); nothing when `value` adds nothing.
    pub fn push_joined<V: ParamValue + ?Sized>(&mut self, key: &str, value: &V, separator: &str) {
        let mut items = Params::new();
        value.append_to(key, &mut items);
        if let Some(error) = items.error.take() {
            self.fail(error);
        }
        if !items.is_empty() {
            let joined: Vec<&str> = items.iter().map(|(_, v)| v).collect();
            self.push_str(key, &joined.join(separator));
        }
    }

    /// Appends `value` in OpenAPI's `deepObject` style: an object's properties as
    /// `key[property]=value`, nested objects as `key[a][b]=value`, array items by index
    /// (`key[items][0][price]=value`: OpenAPI leaves arrays undefined here, and indexes keep the
    /// items of an array of objects apart, as Stripe's API and the `qs`, Rails and PHP parsers
    /// read them); a value that is not an object or array as it serializes; `null` (and `None`)
    /// as nothing.
    pub fn push_deep<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(value) => self.push_deep_value(key, &value),
            Err(err) => self.fail(format!("the value of {key:?} cannot be encoded: {err}")),
        }
    }

    fn push_deep_value(&mut self, key: &str, value: &serde_json::Value) {
        match value {
            serde_json::Value::Object(members) => {
                for (name, member) in members {
                    self.push_deep_value(&format!("{key}[{name}]"), member);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.push_deep_value(&format!("{key}[{i}]"), item);
                }
            }
            other => self.push_value(key, other),
        }
    }

    /// Appends an object in OpenAPI's `form` style: exploded, a pair per member under the
    /// member's own name (`name=Alex&role=admin`); not exploded, one pair under `key` with the
    /// names and values joined by commas (`id=name,Alex,role,admin`). Members go in name order,
    /// whatever serde_json's `preserve_order` feature says in the build. A member that is an
    /// array repeats its name per item (exploded); nested objects are JSON text, which OpenAPI
    /// leaves undefined. A value that is not an object is written as it serializes; `null` (and
    /// `None`) as nothing.
    pub fn push_members<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
        explode: bool,
    ) {
        let members = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(members)) => members,
            Ok(other) => return self.push_value(key, &other),
            Err(err) => return self.fail(format!("the value of {key:?} cannot be encoded: {err}")),
        };
        let mut members: Vec<(&String, &serde_json::Value)> = members.iter().collect();
        members.sort_by(|a, b| a.0.cmp(b.0));
        if explode {
            for (name, member) in members {
                self.push_value(name, member);
            }
            return;
        }
        let mut items = Vec::new();
        for (name, member) in members {
            let text = match member {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            items.push(name.clone());
            items.push(text);
        }
        if !items.is_empty() {
            self.push_str(key, &items.join(","));
        }
    }

    /// Appends `value` as compact JSON text under one key, for a parameter given by `content`
    /// with a JSON media type; `null` (and `None`) writes nothing.
    pub fn push_as_json<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(value) => self.push_str(key, &value.to_string()),
            Err(err) => self.fail(format!("the value of {key:?} cannot be encoded: {err}")),
        }
    }

    /// Appends `value` serialized as compact JSON under one key: how Twilio encodes objects in
    /// form bodies.
    pub fn push_json<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        match serde_json::to_string(value) {
            Ok(json) => self.push_str(key, &json),
            Err(err) => self.fail(format!("the value of {key:?} cannot be encoded: {err}")),
        }
    }

    /// Appends `value` as it serializes to JSON: a string as it is, a number or boolean as its
    /// JSON text, an array as the key repeated per item, an object as compact JSON text under
    /// one key, `null` as nothing. For unions and other values without a text form of their own.
    pub fn push_serialized<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(value) => self.push_value(key, &value),
            Err(err) => self.fail(format!("the value of {key:?} cannot be encoded: {err}")),
        }
    }

    fn push_value(&mut self, key: &str, value: &serde_json::Value) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => self.push_str(key, s),
            serde_json::Value::Array(items) => items.iter().for_each(|i| self.push_value(key, i)),
            other => self.push_str(key, &other.to_string()),
        }
    }

    /// Records that a value could not be encoded; the first failure is kept.
    pub fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// The first value that could not be encoded, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Iterates over the pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Returns the number of pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Returns `true` if there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Encodes the pairs as `k=v&k=v`, percent-encoding everything outside RFC 3986's
    /// unreserved characters (a space becomes `%20`).
    pub(crate) fn encode(&self) -> String {
        let mut out = String::new();
        for (key, value) in &self.pairs {
            if !out.is_empty() {
                out.push('&');
            }
            out.extend(utf8_percent_encode(key, UNRESERVED));
            out.push('=');
            out.extend(utf8_percent_encode(value, UNRESERVED));
        }
        out
    }
}

/// Everything except RFC 3986 unreserved characters (`A-Za-z0-9-._~`) gets percent-encoded.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl ParamValue for str {
    fn append_to(&self, key: &str, params: &mut Params) {
        params.push_str(key, self);
    }
}

impl ParamValue for String {
    fn append_to(&self, key: &str, params: &mut Params) {
        params.push_str(key, self);
    }
}

impl ParamValue for bool {
    fn append_to(&self, key: &str, params: &mut Params) {
        params.push_str(key, if *self { "true" } else { "false" });
    }
}

/// Implements [`ParamValue`] through `Display` for numeric types.
macro_rules! display_param {
    ($($ty:ty),*) => {
        $(impl ParamValue for $ty {
            fn append_to(&self, key: &str, params: &mut Params) {
                params.push_str(key, &self.to_string());
            }
        })*
    };
}

display_param!(i32, i64, u32, u64, f32, f64);

impl ParamValue for DateTime<Utc> {
    fn append_to(&self, key: &str, params: &mut Params) {
        params.push_str(key, &self.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    }
}

impl ParamValue for NaiveDate {
    fn append_to(&self, key: &str, params: &mut Params) {
        params.push_str(key, &self.format("%Y-%m-%d").to_string());
    }
}

impl ParamValue for serde_json::Value {
    fn append_to(&self, key: &str, params: &mut Params) {
        params.push_str(key, &self.to_string());
    }
}

impl<T: serde::Serialize> ParamValue for std::collections::BTreeMap<String, T> {
    fn append_to(&self, key: &str, params: &mut Params) {
        params.push_json(key, self);
    }
}

impl<P: SidPrefix> ParamValue for Sid<P> {
    fn append_to(&self, key: &str, params: &mut Params) {
        params.push_str(key, self.as_str());
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn append_to(&self, key: &str, params: &mut Params) {
        (**self).append_to(key, params);
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn append_to(&self, key: &str, params: &mut Params) {
        if let Some(value) = self {
            value.append_to(key, params);
        }
    }
}

impl<T: ParamValue> ParamValue for Nullable<T> {
    fn append_to(&self, key: &str, params: &mut Params) {
        match self {
            Nullable::Absent => {}
            Nullable::Null => params.push_str(key, ""),
            Nullable::Value(value) => value.append_to(key, params),
        }
    }
}

impl<T: ParamValue> ParamValue for [T] {
    fn append_to(&self, key: &str, params: &mut Params) {
        for item in self {
            item.append_to(key, params);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn append_to(&self, key: &str, params: &mut Params) {
        self.as_slice().append_to(key, params);
    }
}

/// A path parameter's value as text, through its [`ParamValue`] implementation (array items
/// joined by commas). Generated code uses it for a number, enum or date in the `simple` style;
/// the client then encodes the text as exactly one path segment. Arrays, objects and the other
/// styles go through [`PathSegment::styled`](super::PathSegment::styled).
pub fn path_value<V: ParamValue + ?Sized>(value: &V) -> String {
    let mut params = Params::new();
    value.append_to("", &mut params);
    let items: Vec<&str> = params.iter().map(|(_, v)| v).collect();
    items.join(",")
}
