//! Multipart request bodies (`multipart/form-data` and its kin) and the bytes of
//! `format: binary` fields.

use std::fmt;
use std::hash::{BuildHasher, Hasher, RandomState};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::params::{ParamValue, Params};

/// The bytes of a `format: binary` field: a file in a multipart body, with an optional file
/// name and media type.
///
/// In JSON (where binary content has no form of its own) it is written as text, its bytes read
/// as UTF-8 (invalid sequences replaced), and read from a string's bytes. `Debug` shows the
/// size, not the content.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary {
    bytes: Vec<u8>,
    filename: Option<String>,
    content_type: Option<String>,
}

impl Binary {
    /// The bytes, without a file name or media type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Binary {
            bytes: bytes.into(),
            filename: None,
            content_type: None,
        }
    }

    /// The file name sent with it in a multipart body (`filename="…"`); without one, the
    /// field's name is sent.
    #[must_use]
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// The media type sent with it in a multipart body (default `application/octet-stream`).
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary::new(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary::new(bytes)
    }
}

impl From<&str> for Binary {
    fn from(text: &str) -> Self {
        Binary::new(text.as_bytes())
    }
}

impl From<String> for Binary {
    fn from(text: String) -> Self {
        Binary::new(text.into_bytes())
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("len", &self.bytes.len())
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Binary::from)
    }
}

impl ParamValue for Binary {
    /// In a query string or form: the bytes as text.
    fn append_to(&self, key: &str, params: &mut Params) {
        params.push_str(key, &String::from_utf8_lossy(&self.bytes));
    }
}

/// Values written as file parts: [`Binary`], and options, arrays and [`Nullable`]s of it.
///
/// [`Nullable`]: super::Nullable
pub trait FileValue {
    /// Appends this value's file parts under `name`.
    fn append_files(&self, name: &str, parts: &mut Multipart);
}

impl FileValue for Binary {
    fn append_files(&self, name: &str, parts: &mut Multipart) {
        parts.parts.push(Part {
            name: name.to_owned(),
            filename: Some(self.filename.clone().unwrap_or_else(|| name.to_owned())),
            content_type: self
                .content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
            bytes: self.bytes.clone(),
        });
    }
}

impl<T: FileValue> FileValue for Option<T> {
    fn append_files(&self, name: &str, parts: &mut Multipart) {
        if let Some(value) = self {
            value.append_files(name, parts);
        }
    }
}

impl<T: FileValue> FileValue for Vec<T> {
    fn append_files(&self, name: &str, parts: &mut Multipart) {
        for value in self {
            value.append_files(name, parts);
        }
    }
}

impl<T: FileValue> FileValue for super::Nullable<T> {
    fn append_files(&self, name: &str, parts: &mut Multipart) {
        if let super::Nullable::Value(value) = self {
            value.append_files(name, parts);
        }
    }
}

/// The parts of a multipart body, in order: fields as text (as a form writes them: arrays one
/// part per item, objects as JSON text) and files as bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
    error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: String,
    bytes: Vec<u8>,
}

impl Multipart {
    /// No parts.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds the members of `value` (an object: a map's entries, a union's members) as text
    /// parts under their own names, in name order, as [`Params::push_members`] writes them.
    pub fn members<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        let mut members = Params::new();
        members.push_members("", value, true);
        if let Some(error) = members.error() {
            self.error.get_or_insert_with(|| error.to_owned());
        }
        for (key, text) in members.iter() {
            self.text(key, text);
        }
    }

    /// Appends `value` as text parts under `name`, as a form would write it.
    pub fn text<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        let mut params = Params::new();
        value.append_to(name, &mut params);
        if let Some(error) = params.error() {
            self.error.get_or_insert_with(|| error.to_owned());
        }
        for (key, text) in params.iter() {
            self.parts.push(Part {
                name: key.to_owned(),
                filename: None,
                content_type: "text/plain; charset=utf-8".to_owned(),
                bytes: text.as_bytes().to_vec(),
            });
        }
    }

    /// Appends `value` as file parts under `name`.
    pub fn file<V: FileValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.append_files(name, self);
    }

    /// The first value that could not be encoded, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The body and its boundary: a boundary found in no part, so no part can end the body
    /// early.
    pub(crate) fn encode(&self) -> (Vec<u8>, String) {
        let mut boundary = new_boundary();
        while self
            .parts
            .iter()
            .any(|p| contains(&p.bytes, boundary.as_bytes()))
        {
            boundary = new_boundary();
        }
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!(
                "Content-Disposition: form-data; name=\"{}\"",
                quoted(&part.name)
            );
            if let Some(filename) = &part.filename {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(filename)));
            }
            out.extend_from_slice(disposition.as_bytes());
            out.extend_from_slice(
                format!(
                    "\r\nContent-Type: {}\r\n\r\n",
                    single_line(&part.content_type)
                )
                .as_bytes(),
            );
            out.extend_from_slice(&part.bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (out, boundary)
    }
}

/// A boundary of 32 random hexadecimal digits.
fn new_boundary() -> String {
    let mut boundary = String::from("openapi-");
    for _ in 0..2 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_usize(boundary.len());
        boundary.push_str(&format!("{:016x}", hasher.finish()));
    }
    boundary
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// A name or file name inside `"…"`: quotes, backslashes and line breaks percent-encoded, as
/// browsers do.
fn quoted(text: &str) -> String {
    text.replace('%', "%25")
        .replace('"', "%22")
        .replace('\\', "%5C")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A header value on one line: control characters dropped.
fn single_line(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::{Binary, Multipart};

    #[test]
    fn parts_are_fields_as_text_and_files_as_bytes() {
        let mut parts = Multipart::new();
        parts.text("name", "Acme \"Co\"");
        parts.text("tags", &vec!["a", "b"]);
        parts.file(
            "logo",
            &Some(
                Binary::new(vec![0, 159, 255])
                    .filename("logo.png")
                    .content_type("image/png"),
            ),
        );
        parts.file("missing", &None::<Binary>);
        let (body, boundary) = parts.encode();
        let mut expected = Vec::new();
        for (disposition, content_type, bytes) in [
            (
                "name=\"name\"",
                "text/plain; charset=utf-8",
                b"Acme \"Co\"".to_vec(),
            ),
            ("name=\"tags\"", "text/plain; charset=utf-8", b"a".to_vec()),
            ("name=\"tags\"", "text/plain; charset=utf-8", b"b".to_vec()),
            (
                "name=\"logo\"; filename=\"logo.png\"",
                "image/png",
                vec![0, 159, 255],
            ),
        ] {
            expected.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\nContent-Type: {content_type}\r\n\r\n").as_bytes(),
            );
            expected.extend_from_slice(&bytes);
            expected.extend_from_slice(b"\r\n");
        }
        expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        assert_eq!(body, expected);
    }

    #[test]
    fn names_cannot_break_out_of_their_quotes() {
        let mut parts = Multipart::new();
        parts.file("a\"b\r\nX-Evil: 1", &Binary::new("x"));
        let (body, _) = parts.encode();
        let text = String::from_utf8(body).unwrap();
        assert!(text.contains("name=\"a%22b%0D%0AX-Evil: 1\""), "{text}");
        assert!(!text.contains("\r\nX-Evil"), "{text}");
    }

    #[test]
    fn binary_is_text_in_json() {
        let binary: Binary = serde_json::from_str("\"hello\"").unwrap();
        assert_eq!(binary.bytes(), b"hello");
        assert_eq!(serde_json::to_string(&binary).unwrap(), "\"hello\"");
        assert_eq!(
            format!("{binary:?}"),
            "Binary { len: 5, filename: None, content_type: None }"
        );
    }
}
