//! The value of a generated enum that the spec does not list.

use std::fmt;

/// A value an enum of this crate does not list (a status Twilio added since), kept as it was
/// received and sent back unchanged.
///
/// Only decoding, or converting a string (or integer) that no variant names, makes one: an
/// `Unrecognized` value is never one of the listed values, so `Unrecognized` never stands for
/// a variant that exists. Generated enums are `#[non_exhaustive]`, so a `match` keeps
/// compiling when a new version lists more values.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unknown<T>(T);

impl<T> Unknown<T> {
    /// Wraps a value that no variant names; generated code checks that first.
    #[allow(
        dead_code,
        reason = "called by the generated enums the runtime is copied beside"
    )]
    pub(crate) fn new(value: T) -> Self {
        Unknown(value)
    }

    /// The value as received.
    pub fn value(&self) -> &T {
        &self.0
    }

    /// The value as received, owned.
    pub fn into_value(self) -> T {
        self.0
    }
}

impl Unknown<String> {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<T: fmt::Display> fmt::Display for Unknown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
