//! Path segments built piece by piece: literal text from the spec around parameters
//! (`{Sid}.json`, `{name}:cancel`) and parameters in OpenAPI's `simple`, `label` and `matrix`
//! styles (RFC 6570's `{x}`, `{.x}` and `{;x}`), for arrays and objects as well as single values.
//!
//! A segment is percent-encoded as it is built. Literal text keeps the characters RFC 3986 allows
//! in a segment (`:`, `@`, `;`, `=`, `,` and the other sub-delimiters); a value keeps only the
//! unreserved ones (`A-Za-z0-9-._~`, and not `.` in the label style), so that whatever it holds
//! it stays inside its segment, and a server that splits the raw segment finds the items and
//! names the value was made of.

use percent_encoding::{AsciiSet, utf8_percent_encode};
use serde_json::Value;

use super::params::UNRESERVED;

/// What literal text from a path template keeps: RFC 3986's `pchar` (unreserved, sub-delimiters,
/// `:` and `@`); `%` is handled apart, to keep triplets the spec wrote already encoded.
const PCHAR: &AsciiSet = &UNRESERVED
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// What a value keeps in the label style: the unreserved characters but `.`, its separator.
/// RFC 6570 would keep it; written `%2E`, a `.` inside an item stays apart from the separators
/// for a server that splits the segment before decoding it (one that decodes first cannot tell
/// them apart however the value is written).
const LABEL_VALUE: &AsciiSet = &UNRESERVED.add(b'.');

/// How a path parameter is written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `blue`, `blue,black`, `R,100,G,200` (exploded: `R=100,G=200`).
    Simple,
    /// `.blue`, `.blue,black` (exploded: `.blue.black`), `.R,100,G,200` (exploded: `.R=100.G=200`).
    Label,
    /// `;color=blue`, `;color=blue,black` (exploded: `;color=blue;color=black`),
    /// `;color=R,100,G,200` (exploded: `;R=100;G=200`).
    Matrix,
}

/// One path segment, percent-encoded as it is built. A value that cannot be encoded (its
/// `Serialize` fails) is kept as an error, and the [`Request`](super::Request) it goes into
/// fails with [`Error::Encode`](super::Error::Encode) before anything is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathSegment {
    encoded: String,
    error: Option<String>,
}

impl PathSegment {
    /// An empty segment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends literal text from the path template. Characters RFC 3986 allows in a segment are
    /// kept, and so are `%XX` triplets; anything else (`/`, `?`, `#`, a lone `%`, spaces,
    /// non-ASCII) is percent-encoded.
    #[must_use]
    pub fn text(mut self, text: &str) -> Self {
        let mut rest = text;
        while let Some(at) = rest.find('%') {
            self.encoded.extend(utf8_percent_encode(&rest[..at], PCHAR));
            let triplet = rest.as_bytes().get(at + 1..at + 3);
            if triplet.is_some_and(|t| t.iter().all(u8::is_ascii_hexdigit)) {
                self.encoded.push_str(&rest[at..at + 3]);
                rest = &rest[at + 3..];
            } else {
                self.encoded.push_str("%25");
                rest = &rest[at + 1..];
            }
        }
        self.encoded.extend(utf8_percent_encode(rest, PCHAR));
        self
    }

    /// Appends a value as it is: every character but the unreserved ones is percent-encoded.
    #[must_use]
    pub fn value(mut self, value: &str) -> Self {
        self.encoded.extend(utf8_percent_encode(value, UNRESERVED));
        self
    }

    /// Appends the parameter `name`'s `value` in `style`, exploded or not, as OpenAPI 3.0
    /// defines them: strings, numbers and booleans as their text, `null` as nothing, arrays as
    /// their items, objects as their properties' names and values (a nested array or object as
    /// JSON text).
    #[must_use]
    pub fn styled<V: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &V,
        style: PathStyle,
        explode: bool,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.push_styled(name, &value, style, explode),
            Err(err) => self.fail(format!("path parameter {name:?} cannot be encoded: {err}")),
        }
        self
    }

    /// Appends `value` as JSON text (a parameter given by `content` with a JSON media type),
    /// encoded as a value.
    #[must_use]
    pub fn json<V: serde::Serialize + ?Sized>(mut self, name: &str, value: &V) -> Self {
        match serde_json::to_string(value) {
            Ok(text) => return self.value(&text),
            Err(err) => self.fail(format!("path parameter {name:?} cannot be encoded: {err}")),
        }
        self
    }

    /// Appends another segment built apart (a parameter a resource handle holds).
    #[must_use]
    pub fn append(mut self, other: &PathSegment) -> Self {
        self.encoded.push_str(&other.encoded);
        if let Some(error) = &other.error {
            self.fail(error.clone());
        }
        self
    }

    /// The segment as it goes into the URL.
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    /// The first value that could not be encoded, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    fn fail(&mut self, error: String) {
        self.error.get_or_insert(error);
    }

    fn push_styled(&mut self, name: &str, value: &Value, style: PathStyle, explode: bool) {
        // What comes before the value, and between its items.
        let (prefix, separator) = match (style, explode) {
            (PathStyle::Simple, _) => ("", ","),
            (PathStyle::Label, false) => (".", ","),
            (PathStyle::Label, true) => (".", "."),
            (PathStyle::Matrix, false) => (";", ","),
            (PathStyle::Matrix, true) => (";", ";"),
        };
        self.encoded.push_str(prefix);
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.encoded.push_str(separator);
                    }
                    // Exploded, each item is `name=item` (`name` alone when empty); not
                    // exploded, the name comes once, before the list.
                    if style == PathStyle::Matrix && explode {
                        self.push_name(name, scalar(item).is_empty());
                    } else if style == PathStyle::Matrix && i == 0 {
                        self.push_name(name, false);
                    }
                    self.push_item(style, &scalar(item));
                }
                if items.is_empty() && style == PathStyle::Matrix {
                    self.push_name(name, true);
                }
            }
            Value::Object(members) => {
                if style == PathStyle::Matrix && !explode {
                    self.push_name(name, false);
                }
                // In name order, whether or not serde_json keeps its maps in insertion order
                // (its `preserve_order` feature, which another crate in a build may turn on).
                let mut members: Vec<(&String, &Value)> = members.iter().collect();
                members.sort_by(|a, b| a.0.cmp(b.0));
                for (i, (key, member)) in members.iter().enumerate() {
                    if i > 0 {
                        self.encoded.push_str(separator);
                    }
                    self.push_item(style, key);
                    self.encoded.push_str(if explode { "=" } else { "," });
                    self.push_item(style, &scalar(member));
                }
                if members.is_empty() && style == PathStyle::Matrix && explode {
                    self.push_name(name, true);
                }
            }
            single => {
                let text = scalar(single);
                if style == PathStyle::Matrix {
                    self.push_name(name, text.is_empty());
                }
                self.push_item(style, &text);
            }
        }
    }

    /// A matrix parameter's name, with `=` unless its value is empty (`;color`).
    fn push_name(&mut self, name: &str, empty: bool) {
        self.push_item(PathStyle::Matrix, name);
        if !empty {
            self.encoded.push('=');
        }
    }

    fn push_item(&mut self, style: PathStyle, text: &str) {
        let set = if style == PathStyle::Label {
            LABEL_VALUE
        } else {
            UNRESERVED
        };
        self.encoded.extend(utf8_percent_encode(text, set));
    }
}

/// A JSON value as path text: strings as they are, `null` as nothing, numbers and booleans as
/// written, arrays and objects (nested in another) as JSON.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styled(value: Value, style: PathStyle, explode: bool) -> String {
        PathSegment::new()
            .styled("color", &value, style, explode)
            .as_str()
            .to_owned()
    }

    /// The examples of OpenAPI 3.0's style table, `color` being `blue`, `[blue, black, brown]`
    /// and `{R: 100, G: 200, B: 150}` (written here in the order a `serde_json::Map` keeps,
    /// sorted or as inserted: B, G, R).
    #[test]
    fn the_style_table_of_the_specification() {
        use PathStyle::{Label, Matrix, Simple};
        let string = Value::from("blue");
        let array = serde_json::json!(["blue", "black", "brown"]);
        let object = serde_json::json!({"B": 150, "G": 200, "R": 100});
        let cases = [
            (Simple, false, &string, "blue"),
            (Simple, true, &string, "blue"),
            (Simple, false, &array, "blue,black,brown"),
            (Simple, true, &array, "blue,black,brown"),
            (Simple, false, &object, "R,100,G,200,B,150"),
            (Simple, true, &object, "R=100,G=200,B=150"),
            (Label, false, &string, ".blue"),
            (Label, true, &string, ".blue"),
            (Label, false, &array, ".blue,black,brown"),
            (Label, true, &array, ".blue.black.brown"),
            (Label, false, &object, ".R,100,G,200,B,150"),
            (Label, true, &object, ".R=100.G=200.B=150"),
            (Matrix, false, &string, ";color=blue"),
            (Matrix, true, &string, ";color=blue"),
            (Matrix, false, &array, ";color=blue,black,brown"),
            (Matrix, true, &array, ";color=blue;color=black;color=brown"),
            (Matrix, false, &object, ";color=R,100,G,200,B,150"),
            (Matrix, true, &object, ";R=100;G=200;B=150"),
        ];
        for (style, explode, value, want) in cases {
            let want = want
                .replace("R,100,G,200,B,150", "B,150,G,200,R,100")
                .replace("R=100,G=200,B=150", "B=150,G=200,R=100")
                .replace("R=100.G=200.B=150", "B=150.G=200.R=100")
                .replace(";R=100;G=200;B=150", ";B=150;G=200;R=100");
            assert_eq!(
                styled(value.clone(), style, explode),
                want,
                "{style:?} explode={explode} {value}"
            );
        }
    }

    #[test]
    fn object_members_go_in_name_order() {
        #[derive(serde::Serialize)]
        struct Rgb {
            r: u8,
            g: u8,
            b: u8,
        }
        let rgb = Rgb { r: 1, g: 2, b: 3 };
        let segment = PathSegment::new().styled("c", &rgb, PathStyle::Matrix, true);
        assert_eq!(segment.as_str(), ";b=3;g=2;r=1");
    }

    #[test]
    fn empty_values_follow_rfc_6570() {
        assert_eq!(styled(Value::from(""), PathStyle::Matrix, false), ";color");
        let first_empty = serde_json::json!(["", "a"]);
        assert_eq!(
            styled(first_empty.clone(), PathStyle::Matrix, false),
            ";color=,a"
        );
        assert_eq!(
            styled(first_empty, PathStyle::Matrix, true),
            ";color;color=a"
        );
        assert_eq!(styled(Value::Null, PathStyle::Label, false), ".");
        assert_eq!(
            styled(serde_json::json!([]), PathStyle::Matrix, true),
            ";color"
        );
    }

    #[test]
    fn values_cannot_leave_their_segment_or_fake_a_delimiter() {
        let hostile = "../a/b?c#d;e=f,g.h%2F";
        let segment = PathSegment::new().value(hostile);
        assert_eq!(segment.as_str(), "..%2Fa%2Fb%3Fc%23d%3Be%3Df%2Cg.h%252F");
        let array = serde_json::json!(["a;b", "c,d"]);
        assert_eq!(
            styled(array, PathStyle::Matrix, true),
            ";color=a%3Bb;color=c%2Cd"
        );
        let object = serde_json::json!({"k=": "v/"});
        assert_eq!(styled(object, PathStyle::Label, true), ".k%3D=v%2F");
        let dotted = serde_json::json!(["a.b", "c"]);
        assert_eq!(styled(dotted, PathStyle::Label, true), ".a%2Eb.c");
    }

    #[test]
    fn literal_text_keeps_what_a_segment_allows() {
        let segment = PathSegment::new()
            .value("projects/1")
            .text(":batchGet@v1;a=b,c%20d%zz/e?f#g h");
        assert_eq!(
            segment.as_str(),
            "projects%2F1:batchGet@v1;a=b,c%20d%25zz%2Fe%3Ff%23g%20h"
        );
    }

    #[test]
    fn a_value_that_cannot_be_encoded_is_an_error() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 2);
        let segment = PathSegment::new().styled("m", &map, PathStyle::Simple, false);
        assert!(segment.error().is_some_and(|e| e.contains("\"m\"")));
        let outer = PathSegment::new().text("x").append(&segment);
        assert!(outer.error().is_some());
    }
}
