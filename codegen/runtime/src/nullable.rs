//! A three-state value for fields that are both optional and nullable.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that can be absent, explicitly `null`, or carry a value.
///
/// Generated models use it for properties that are optional *and* nullable, with the field
/// attribute `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`, so the three
/// states round-trip exactly: a missing field decodes to [`Nullable::Absent`] (through
/// `#[serde(default)]`), `null` decodes to [`Nullable::Null`], anything else to
/// [`Nullable::Value`]. In a request body the states mean "leave unchanged", "clear" and "set".
///
/// If an `Absent` value is serialized anyway (without the skip attribute) it is written as
/// `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The field is not present at all.
    Absent,
    /// The field is present and explicitly `null`.
    Null,
    /// The field is present with a value.
    Value(T),
}

impl<T> Default for Nullable<T> {
    /// Returns [`Nullable::Absent`].
    fn default() -> Self {
        Nullable::Absent
    }
}

impl<T> Nullable<T> {
    /// Returns `true` if the field is absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Returns `true` if the field is explicitly `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Returns `true` if the field carries a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// Returns a reference to the value, or `None` when absent or `null`.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Returns the value, or `None` when absent or `null`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Borrows the value through `Deref` (`&str` for a `Nullable<String>`), or `None` when
    /// absent or `null`: what reading a response needs, where the two mean the same.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|value| &**value)
    }

    /// Borrows the value, keeping the state.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// Maps the value with `f`, keeping the absent and `null` states.
    pub fn map<U, F: FnOnce(T) -> U>(self, f: F) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    /// Wraps a value as [`Nullable::Value`].
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some(value)` is [`Nullable::Value`], `None` is [`Nullable::Null`] (clears the field).
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T> From<Nullable<T>> for Option<T> {
    /// The value, or `None` when absent or `null` (as [`Nullable::into_value`]).
    fn from(value: Nullable<T>) -> Self {
        value.into_value()
    }
}

impl From<&str> for Nullable<String> {
    /// Wraps text as [`Nullable::Value`].
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[test]
    fn reading_treats_absent_and_null_alike() {
        let name: Nullable<String> = "Acme".into();
        assert_eq!(name.as_deref(), Some("Acme"));
        assert_eq!(Option::from(name), Some("Acme".to_owned()));
        for empty in [Nullable::<String>::Absent, Nullable::Null] {
            assert_eq!(empty.as_deref(), None);
            assert_eq!(Option::<String>::from(empty), None);
        }
    }
}
