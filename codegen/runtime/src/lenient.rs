//! Lenient decoding of optional fields: what a server sends that does not fit a field's type
//! costs that field, not the whole response.
//!
//! Live responses drift from the docs: fields change type, new shapes appear (Twilio's Public
//! Beta sender APIs do). The policy of generated models:
//!
//! - an **optional** field (`Option<T>` or [`Nullable<T>`]) whose value does not fit its type
//!   decodes as absent (`None`, [`Nullable::Absent`]), and a `tracing` warning says what did not
//!   fit; the rest of the response decodes as usual;
//! - a **required** field that is missing or does not fit fails its object, and the nearest
//!   optional field that holds the object reads as absent; with no optional field on the way,
//!   the response fails with [`Error::Decode`](super::Error::Decode), which says where;
//! - the items of a list page are not optional in this sense: an item that does not fit fails the
//!   page rather than dropping the page's records unseen;
//! - SIDs and enums take any string anyway (an unknown enum value is kept as `Unrecognized`).
//!
//! Absent, not null: a response read this way and sent back as an update leaves what could not
//! be read unchanged on the server instead of clearing it.

use serde::de::DeserializeOwned;

use super::nullable::Nullable;

thread_local! {
    /// Set while the client makes its first, strict attempt at a response.
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Decodes a JSON body as the client decodes a successful response: strictly first, optional
/// fields in place, at full speed; a body that does not fit is decoded again with optional
/// fields read leniently, which costs a second pass only when the server drifted.
///
/// # Errors
///
/// When the body does not decode even leniently (a required field, a page's items).
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    match strictly(|| serde_json::from_slice(body)) {
        Ok(value) => Ok(value),
        Err(_) => serde_json::from_slice(body),
    }
}

/// Runs `decode` with optional fields decoded as any field is, in place.
fn strictly<R>(decode: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            STRICT.with(|strict| strict.set(false));
        }
    }
    STRICT.with(|strict| strict.set(true));
    let _reset = Reset;
    decode()
}

/// An optional field (`Option<T>` or [`Nullable<T>`]) decoded leniently, encoded as usual:
/// `#[serde(default, with = "lenient::field")]`.
pub mod field {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Decodes the field: see [`Lenient`](super::Lenient).
    ///
    /// # Errors
    ///
    /// Only if the input is not well-formed (then the whole response fails anyway), or, in the
    /// client's strict first attempt, if the value does not fit.
    pub fn deserialize<'de, D, F>(deserializer: D) -> Result<F, D::Error>
    where
        D: Deserializer<'de>,
        F: super::Lenient + Deserialize<'de>,
    {
        if super::STRICT.with(std::cell::Cell::get) {
            return F::deserialize(deserializer);
        }
        // The value's text, not a tree of it: decoding the field from text costs a scan more
        // than decoding it in place, where a `serde_json::Value` would cost a tree.
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        Ok(F::from_json(raw.get()))
    }

    /// Encodes the field as serde does.
    ///
    /// # Errors
    ///
    /// The serializer's.
    pub fn serialize<S: Serializer, F: Serialize>(
        value: &F,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}

/// An optional field's type, made from whatever JSON the server sent.
pub trait Lenient {
    /// The field for the JSON text `json`: `null` is `None` (or [`Nullable::Null`]); a value
    /// that does not fit is `None` (or [`Nullable::Absent`]), with a warning.
    fn from_json(json: &str) -> Self;
}

impl<T: DeserializeOwned> Lenient for Option<T> {
    fn from_json(json: &str) -> Self {
        fit(json)
    }
}

impl<T: DeserializeOwned> Lenient for Nullable<T> {
    fn from_json(json: &str) -> Self {
        if json.trim() == "null" {
            return Nullable::Null;
        }
        fit(json).map_or(Nullable::Absent, Nullable::Value)
    }
}

/// Whether a [`Nullable`] field is left out when encoded (`skip_serializing_if`).
pub fn absent<T>(value: &Nullable<T>) -> bool {
    value.is_absent()
}

/// Whether `decoded`, encoded again, still has every member `original` has (recursively; a
/// `null` member counts as absent, and arrays keep their length). An untagged union takes a
/// variant only on this condition: a value that fits one only by dropping fields is kept
/// whole as `Unrecognized` instead. Scalars may be written differently (`1` and `1.0`, a time
/// zone as `Z`) and still count as kept.
pub fn lossless<T: serde::Serialize>(original: &serde_json::Value, decoded: &T) -> bool {
    match serde_json::to_value(decoded) {
        Ok(encoded) => keeps(original, &encoded),
        Err(_) => false,
    }
}

fn keeps(original: &serde_json::Value, encoded: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (original, encoded) {
        (Value::Object(members), Value::Object(kept)) => members.iter().all(|(name, member)| {
            member.is_null() || kept.get(name).is_some_and(|k| keeps(member, k))
        }),
        (Value::Object(members), _) => members.values().all(Value::is_null),
        (Value::Array(items), Value::Array(kept)) => {
            items.len() == kept.len() && items.iter().zip(kept).all(|(i, k)| keeps(i, k))
        }
        (Value::Array(items), _) => items.is_empty(),
        _ => true,
    }
}

fn fit<T: DeserializeOwned>(json: &str) -> Option<T> {
    if json.trim() == "null" {
        return None;
    }
    // From bytes, as the client decodes a body: the decoding code for `T` is the one already
    // compiled for responses, not a second copy for text (a smaller, faster-building crate).
    match serde_json::from_slice(json.as_bytes()) {
        Ok(fitted) => Some(fitted),
        Err(err) => {
            unfit(&err, std::any::type_name::<T>());
            None
        }
    }
}

/// The warning for a value that does not fit its field's type (one copy, whatever the type).
#[cold]
#[inline(never)]
fn unfit(err: &serde_json::Error, expected: &'static str) {
    tracing::warn!(
        error = %err,
        expected,
        "a response field does not fit its type: read as absent"
    );
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
    struct Reason {
        #[serde(default, with = "super::field")]
        code: Option<String>,
        #[serde(default, with = "super::field")]
        more: Nullable<Vec<u8>>,
        message: String,
    }

    #[test]
    fn a_field_that_does_not_fit_is_absent_and_the_rest_decodes() {
        let reason: Reason =
            serde_json::from_str(r#"{"code": 63100, "more": "x", "message": "m"}"#).unwrap();
        assert_eq!(
            reason,
            Reason {
                code: None,
                more: Nullable::Absent,
                message: "m".to_owned()
            }
        );
        let reason: Reason =
            serde_json::from_str(r#"{"code": "63100", "more": null, "message": "m"}"#).unwrap();
        assert_eq!(reason.code.as_deref(), Some("63100"));
        assert_eq!(reason.more, Nullable::Null);
        let reason: Reason = serde_json::from_str(r#"{"more": [1], "message": "m"}"#).unwrap();
        assert_eq!((reason.code, reason.more), (None, Nullable::Value(vec![1])));
    }

    #[test]
    fn lossless_means_no_member_dropped() {
        use super::lossless;
        use serde_json::json;
        #[derive(serde::Serialize)]
        struct RangeTo {
            r#type: String,
            end: f64,
        }
        let value = json!({"type": "range", "start": 1, "end": 2});
        let decoded = RangeTo {
            r#type: "range".into(),
            end: 2.0,
        };
        assert!(!lossless(&value, &decoded), "start was dropped");
        assert!(lossless(
            &json!({"type": "range", "end": 2, "note": null}),
            &decoded
        ));
        assert!(!lossless(&json!([1, 2]), &vec![1]));
        assert!(lossless(&json!([1, 2]), &vec![1.0, 2.0]));
    }

    #[test]
    fn a_required_field_stays_strict() {
        assert!(serde_json::from_str::<Reason>(r#"{"code": "1", "message": 5}"#).is_err());
        assert!(serde_json::from_str::<Reason>(r#"{"code": "1"}"#).is_err());
    }
}
