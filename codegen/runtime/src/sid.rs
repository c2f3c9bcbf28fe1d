//! Typed Twilio SIDs: a two-letter prefix followed by 32 hexadecimal digits.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The prefix and name of one kind of SID.
///
/// Generated code declares an uninhabited marker type per prefix, for example
/// `pub enum Xe {}` with `PREFIX = "XE"` and `NAME = "SenderSid"`, and an alias
/// `pub type SenderSid = Sid<Xe>;`.
pub trait SidPrefix {
    /// The letters every SID of this kind starts with, e.g. `"XE"`.
    const PREFIX: &'static str;
    /// The type name used in `Debug` output and error messages, e.g. `"SenderSid"`.
    const NAME: &'static str;
}

/// A Twilio SID of the kind named by `P`.
///
/// [`Sid::new`] (and `FromStr`/`TryFrom`) validate what the caller sends: the prefix followed by
/// exactly 32 hexadecimal digits. Deserialization is deliberately lenient and accepts any string,
/// because responses must always decode (Twilio's documentation examples carry SIDs that are not
/// hexadecimal). Serializes as a plain string.
pub struct Sid<P: SidPrefix>(String, PhantomData<P>);

/// The error returned when a string is not a valid SID of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidError {
    name: &'static str,
    prefix: &'static str,
    value: String,
}

impl<P: SidPrefix> Sid<P> {
    /// Validates `value` as a SID of this kind: the prefix followed by 32 hexadecimal digits.
    ///
    /// # Errors
    ///
    /// A [`SidError`] naming the expected format if `value` does not match it.
    pub fn new(value: impl Into<String>) -> Result<Self, SidError> {
        let value = value.into();
        let valid = value
            .strip_prefix(P::PREFIX)
            .is_some_and(|rest| rest.len() == 32 && rest.bytes().all(|b| b.is_ascii_hexdigit()));
        if valid {
            Ok(Sid(value, PhantomData))
        } else {
            Err(SidError {
                name: P::NAME,
                prefix: P::PREFIX,
                value,
            })
        }
    }

    /// Returns the SID as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Returns the SID as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl SidError {
    /// Returns the rejected value.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for SidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} {:?}: expected {:?} followed by 32 hexadecimal digits ({} characters)",
            self.name,
            self.value,
            self.prefix,
            self.prefix.len() + 32
        )
    }
}

impl std::error::Error for SidError {}

impl<P: SidPrefix> Clone for Sid<P> {
    fn clone(&self) -> Self {
        Sid(self.0.clone(), PhantomData)
    }
}

impl<P: SidPrefix> PartialEq for Sid<P> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<P: SidPrefix> Eq for Sid<P> {}

impl<P: SidPrefix> Hash for Sid<P> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl<P: SidPrefix> PartialOrd for Sid<P> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<P: SidPrefix> Ord for Sid<P> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl<P: SidPrefix> fmt::Debug for Sid<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({:?})", P::NAME, self.0)
    }
}

impl<P: SidPrefix> fmt::Display for Sid<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<P: SidPrefix> AsRef<str> for Sid<P> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<P: SidPrefix> FromStr for Sid<P> {
    type Err = SidError;

    fn from_str(value: &str) -> Result<Self, SidError> {
        Sid::new(value)
    }
}

impl<P: SidPrefix> TryFrom<String> for Sid<P> {
    type Error = SidError;

    fn try_from(value: String) -> Result<Self, SidError> {
        Sid::new(value)
    }
}

impl<P: SidPrefix> TryFrom<&str> for Sid<P> {
    type Error = SidError;

    fn try_from(value: &str) -> Result<Self, SidError> {
        Sid::new(value)
    }
}

impl<P: SidPrefix> Serialize for Sid<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de, P: SidPrefix> Deserialize<'de> for Sid<P> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|value| Sid(value, PhantomData))
    }
}
