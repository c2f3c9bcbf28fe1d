//! Stage 1: read a YAML or JSON document into `openapiv3` types.
//!
//! YAML is read with `serde_norway` into a JSON value first (map keys such as response codes are
//! turned into strings), the version is checked, and the value is then deserialized through
//! `serde_path_to_error` so that a malformed document is reported with a JSON pointer.

use std::path::Path;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diag::{Diagnostic, escape_token};

/// A parsed document and the name it is reported under.
pub struct Loaded {
    /// The name used in diagnostics and in generated headers.
    pub display: String,
    /// The document.
    pub api: OpenAPI,
    /// The raw document, kept for looking up places that `openapiv3` does not model.
    pub raw: Value,
}

/// Reads and parses one document.
pub fn load_file(path: &Path, display: &str) -> Result<Loaded, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::new(display, "#", format!("cannot read the file: {e}"))
            .help("check the path given with --spec")
    })?;
    load_str(&text, display)
}

/// Parses one document from text (YAML or JSON; JSON is valid YAML).
pub fn load_str(text: &str, display: &str) -> Result<Loaded, Diagnostic> {
    let yaml: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
        let location = match e.location() {
            Some(l) => format!("line {} column {}", l.line(), l.column()),
            None => "#".to_owned(),
        };
        Diagnostic::new(display, location, format!("not valid YAML or JSON: {e}"))
            .help("fix the syntax error; a YAML linter shows the exact spot")
    })?;
    let raw = yaml_to_json(yaml, display, &mut String::from("#"))?;
    check_version(&raw, display)?;
    let api: OpenAPI = serde_path_to_error::deserialize(raw.clone()).map_err(|e| {
        let location = path_to_pointer(e.path());
        Diagnostic::new(
            display,
            location,
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
        )
        .help("compare this place with the OpenAPI 3.0.3 specification")
    })?;
    Ok(Loaded {
        display: display.to_owned(),
        api,
        raw,
    })
}

fn check_version(raw: &Value, display: &str) -> Result<(), Diagnostic> {
    let Some(root) = raw.as_object() else {
        return Err(
            Diagnostic::new(display, "#", "the document is not a mapping")
                .help("an OpenAPI document is an object with `openapi`, `info` and `paths`"),
        );
    };
    if let Some(v) = root.get("swagger") {
        return Err(Diagnostic::new(
            display,
            "#/swagger",
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 is supported",
                show(v)
            ),
        )
        .help("convert it to OpenAPI 3.0 first (for example with swagger2openapi)"));
    }
    match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => Ok(()),
        Some(v) if v.starts_with("3.1") => Err(Diagnostic::new(
            display,
            "#/openapi",
            format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x"),
        )
        .help("use the 3.0 edition of the API description if the vendor publishes one")),
        Some(v) => Err(Diagnostic::new(
            display,
            "#/openapi",
            format!("unsupported OpenAPI version {v:?}"),
        )
        .help("this generator reads OpenAPI 3.0.x documents")),
        None => Err(
            Diagnostic::new(display, "#/openapi", "missing `openapi` version field")
                .help("add `openapi: 3.0.3` at the top of the document"),
        ),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn yaml_to_json(
    value: serde_norway::Value,
    display: &str,
    at: &mut String,
) -> Result<Value, Diagnostic> {
    use serde_norway::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                match n.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(f) => Value::Number(f),
                    None => {
                        return Err(Diagnostic::new(
                            display,
                            at.clone(),
                            format!("number {n} cannot be represented"),
                        )
                        .help("use a finite number"));
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                out.push(yaml_to_json(item, display, at)?);
                at.truncate(len);
            }
            Value::Array(out)
        }
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => {
                        return Err(Diagnostic::new(
                            display,
                            at.clone(),
                            "a mapping key is not a scalar",
                        )
                        .help("use plain strings as keys"));
                    }
                };
                let len = at.len();
                at.push('/');
                at.push_str(&escape_token(&key));
                let v = yaml_to_json(v, display, at)?;
                at.truncate(len);
                out.insert(key, v);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, display, at)?,
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_token(key));
            }
            Segment::Enum { variant } => {
                out.push('/');
                out.push_str(&escape_token(variant));
            }
            Segment::Unknown => out.push_str("/?"),
        }
    }
    out
}
