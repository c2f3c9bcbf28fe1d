//! Stage 1: read a YAML or JSON document into `openapiv3` types.
//!
//! YAML is read with `serde_norway` into a JSON value first (map keys such as response codes are
//! turned into strings), the version is checked, and the value is then deserialized through
//! `serde_path_to_error` so that a malformed document is reported with a JSON pointer.

use std::path::Path;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diag::{Diagnostic, escape_token, unescape_token};

/// A parsed document and the name it is reported under.
pub struct Loaded {
    /// The name used in diagnostics and in generated headers.
    pub display: String,
    /// The document.
    pub api: OpenAPI,
    /// The raw document, kept for looking up places that `openapiv3` does not model.
    pub raw: Value,
    /// What was repaired where the intent was clear (see [`lenient`]).
    pub warnings: Vec<Diagnostic>,
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
    // JSON is parsed as JSON: YAML forbids some characters that JSON strings may hold.
    let raw = if text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(text).map_err(|e| {
            Diagnostic::new(
                display,
                format!("line {} column {}", e.line(), e.column()),
                format!("not valid JSON: {e}"),
            )
            .help("fix the syntax error; a JSON linter shows the exact spot")
        })?
    } else {
        let yaml: serde_norway::Value = serde_norway::from_str(text).map_err(|e| {
            let location = match e.location() {
                Some(l) => format!("line {} column {}", l.line(), l.column()),
                None => "#".to_owned(),
            };
            Diagnostic::new(display, location, format!("not valid YAML or JSON: {e}"))
                .help("fix the syntax error; a YAML linter shows the exact spot")
        })?;
        yaml_to_json(yaml, display, &mut String::from("#"))?
    };
    let mut raw = raw;
    let mut warnings = lenient(&mut raw, display);
    warnings.extend(hoist_references(&mut raw, display));
    check_version(&raw, display)?;
    let api: OpenAPI = serde_path_to_error::deserialize(&raw).map_err(|e| {
        // Untagged enums in `openapiv3` hide where inside them a value went wrong; look for the
        // deepest object of a known kind that fails on its own.
        let (location, message) = locate(&raw, Kind::Document, "#")
            .unwrap_or_else(|| (path_to_pointer(e.path()), e.inner().to_string()));
        Diagnostic::new(
            display,
            location,
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )
        .help("compare this place with the OpenAPI 3.0.3 specification")
    })?;

    Ok(Loaded {
        display: display.to_owned(),
        api,
        raw,
        warnings,
    })
}

/// Repairs what real documents get wrong where the intent is clear, each with a located warning:
/// a version written as a YAML number (`openapi: 3.0`), no `paths` (a document of models
/// only), a response without its required `description`, and an integer schema's bound
/// outside the 64-bit range (it is clamped).
pub fn lenient(raw: &mut Value, display: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Some(root) = raw.as_object_mut() else {
        return warnings;
    };
    if let Some(Value::Number(n)) = root.get("openapi") {
        let version = n.to_string();
        warnings.push(
            Diagnostic::warning(
                display,
                "#/openapi",
                format!("the version is a number ({version}), not a string"),
            )
            .help("quote it: `openapi: \"3.0.3\"`"),
        );
        root.insert("openapi".to_owned(), Value::String(version));
    }
    if root.contains_key("openapi") && !root.contains_key("swagger") && !root.contains_key("paths")
    {
        warnings.push(
            Diagnostic::warning(
                display,
                "#",
                "no `paths`: read as a document of models only",
            )
            .help("add `paths: {}`"),
        );
        root.insert("paths".to_owned(), Value::Object(Default::default()));
    }
    let mut responses = Vec::new();
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                let is_operation = matches!(
                    method.as_str(),
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
                );
                if let Some(op) = op.as_object_mut()
                    && is_operation
                    && !op.contains_key("responses")
                {
                    op.insert("responses".to_owned(), Value::Object(Default::default()));
                    warnings.push(
                        Diagnostic::warning(
                            display,
                            format!("#/paths/{}/{method}", escape_token(path)),
                            "an operation without `responses`: read as one whose answer is not documented",
                        )
                        .help("add `responses`: OpenAPI 3.0 requires at least one"),
                    );
                }
                if let Some(Value::Object(codes)) = op.get("responses") {
                    for code in codes.keys() {
                        responses.push(vec![
                            "paths".to_owned(),
                            path.clone(),
                            method.clone(),
                            "responses".to_owned(),
                            code.clone(),
                        ]);
                    }
                }
            }
        }
    }
    if let Some(Value::Object(components)) = root.get("components")
        && let Some(Value::Object(shared)) = components.get("responses")
    {
        for name in shared.keys() {
            responses.push(vec![
                "components".to_owned(),
                "responses".to_owned(),
                name.clone(),
            ]);
        }
    }
    for tokens in responses {
        let pointer: String = tokens
            .iter()
            .map(|t| format!("/{}", escape_token(t)))
            .collect();
        if let Some(Value::Object(response)) = raw.pointer_mut(&pointer)
            && !response.contains_key("$ref")
            && !response.contains_key("description")
        {
            response.insert("description".to_owned(), Value::String(String::new()));
            warnings.push(
                Diagnostic::warning(
                    display,
                    format!("#{pointer}"),
                    "a response without `description`",
                )
                .help("add a `description`: OpenAPI 3.0 requires one"),
            );
        }
    }
    clamp_integer_bounds(raw, display, &mut String::from("#"), &mut warnings);
    repair_schemas(raw, display, &mut warnings);
    implied_subtypes(raw);
    warnings
}

/// A discriminator's `mapping` read as OpenAPI means it, written out where the lowering reads
/// it: a value naming a schema by name (`Cat`) is the reference `#/components/schemas/Cat`, and a
/// component object whose discriminator maps values to other schemas and that lists no
/// alternatives of its own (the inheritance model: `Pet` with `mapping: {cat: Cat}` and `Cat:
/// allOf [Pet, …]`) is one of them, as if it listed them in a `oneOf`, in mapping order.
fn implied_subtypes(raw: &mut Value) {
    let Some(Value::Object(schemas)) = raw.pointer_mut("/components/schemas") else {
        return;
    };
    let names: Vec<String> = schemas.keys().cloned().collect();
    // Each component's reference, and the component it is after `$ref` chains
    // (`VehicleAlias: {$ref: Vehicle}` is `Vehicle`).
    let aliases: std::collections::BTreeMap<String, String> = names
        .iter()
        .map(|name| {
            let mut at = format!("#/components/schemas/{}", escape_token(name));
            let start = at.clone();
            let mut seen = vec![at.clone()];
            while let Some(next) = at
                .strip_prefix("#/components/schemas/")
                .map(crate::diag::unescape_token)
                .and_then(|n| schemas.get(&n))
                .and_then(|s| s.get("$ref"))
                .and_then(Value::as_str)
            {
                if seen.iter().any(|s| s == next) {
                    break;
                }
                at = next.to_owned();
                seen.push(at.clone());
            }
            (start, at)
        })
        .collect();
    for (name, schema) in schemas.iter_mut() {
        let Some(schema) = schema.as_object_mut() else {
            continue;
        };
        let Some(Value::Object(mapping)) = schema
            .get_mut("discriminator")
            .and_then(Value::as_object_mut)
            .and_then(|d| d.get_mut("mapping"))
        else {
            continue;
        };
        let mut targets: Vec<String> = Vec::new();
        for value in mapping.values_mut() {
            if let Value::String(target) = value {
                if names.contains(target) {
                    *target = format!("#/components/schemas/{}", escape_token(target));
                }
                if !targets.contains(target) {
                    targets.push(target.clone());
                }
            }
        }
        // Only components of this document are alternatives; a base that maps a value to
        // itself (a concrete base, as Jackson writes it) stays a struct of its own members.
        let own = format!("#/components/schemas/{}", escape_token(name));
        let maps_itself = targets.iter().any(|t| aliases.get(t).unwrap_or(t) == &own);
        targets.retain(|t| aliases.contains_key(t));
        let lists = ["oneOf", "anyOf"].iter().any(|k| schema.contains_key(*k));
        let object = schema.contains_key("properties")
            || schema.get("type").and_then(Value::as_str) == Some("object");
        if lists || !object || maps_itself || targets.is_empty() {
            continue;
        }
        let alternatives = targets
            .into_iter()
            .map(|t| {
                let mut reference = serde_json::Map::new();
                reference.insert("$ref".to_owned(), Value::String(t));
                Value::Object(reference)
            })
            .collect();
        schema.insert("oneOf".to_owned(), Value::Array(alternatives));
    }
}

/// The types OpenAPI 3.0 has.
const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// Repairs schemas whose intent is clear though they are not OpenAPI 3.0, each with a located
/// warning: a `type` naming a component schema (`type: HourlyResponse`) reads as a reference to
/// it; a `type` that is another language's name for one (`int`, `long`, `float`, `double`,
/// `bool`, `str`; `enum` beside string values) as that type; any other `type` as no type (any
/// value). OpenAPI 3.1's forms: a numeric `exclusiveMinimum`/`exclusiveMaximum` as the bound
/// with the boolean, and `type: [T, "null"]` as `T` with `nullable`.
fn repair_schemas(raw: &mut Value, display: &str, warnings: &mut Vec<Diagnostic>) {
    let mut schemas = Vec::new();
    let mut stack = vec![(Kind::Document, &*raw, String::from("#"))];
    while let Some((kind, value, at)) = stack.pop() {
        if matches!(kind, Kind::Schema) {
            schemas.push(at.clone());
        }
        stack.extend(children(kind, value, &at));
    }
    schemas.sort();
    let components: Vec<String> = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    for at in schemas {
        let Some(Value::Object(schema)) = raw.pointer_mut(&at[1..]) else {
            continue;
        };
        let mut warn = |key: &str, message: String, help: &str| {
            warnings.push(Diagnostic::warning(display, format!("{at}/{key}"), message).help(help));
        };
        for (key, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(n)) = schema.get(key) {
                warn(
                    key,
                    format!(
                        "`{key}: {n}` is OpenAPI 3.1's form: read as `{bound}: {n}`, `{key}: true`"
                    ),
                    "OpenAPI 3.0 writes the bound in `minimum`/`maximum` and `exclusiveMinimum: true`",
                );
                schema.insert(bound.to_owned(), Value::Number(n.clone()));
                schema.insert(key.to_owned(), Value::Bool(true));
            }
        }
        if let Some(Value::Array(types)) = schema.get("type") {
            let named: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let null = named.contains(&"null");
            let rest: Vec<&str> = named.into_iter().filter(|t| *t != "null").collect();
            let (replacement, reading) = match rest.as_slice() {
                [one] if types.len() == rest.len() + usize::from(null) => (
                    Some(Value::String((*one).to_owned())),
                    format!("`type: {one}`"),
                ),
                _ => (None, "no type (any value)".to_owned()),
            };
            let nullable = if null { " with `nullable: true`" } else { "" };
            warn(
                "type",
                format!("`type` is a list (OpenAPI 3.1's form): read as {reading}{nullable}"),
                "OpenAPI 3.0's `type` is one name; write `nullable: true` for null",
            );
            match replacement {
                Some(t) => schema.insert("type".to_owned(), t),
                None => schema.remove("type"),
            };
            if null {
                schema.insert("nullable".to_owned(), Value::Bool(true));
            }
        }
        let Some(Value::String(name)) = schema.get("type") else {
            continue;
        };
        if TYPES.contains(&name.as_str()) {
            continue;
        }
        let name = name.clone();
        let strings = schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().all(|v| v.is_string() || v.is_null()));
        if name == "null" {
            warn(
                "type",
                "`type: null` is OpenAPI 3.1's: read as `enum: [null]` (only null)".to_owned(),
                "OpenAPI 3.0 writes `nullable: true` on the schema that may be null",
            );
            schema.remove("type");
            schema.insert("enum".to_owned(), Value::Array(vec![Value::Null]));
            schema.insert("nullable".to_owned(), Value::Bool(true));
            continue;
        }
        let composed = ["oneOf", "anyOf"].iter().any(|k| schema.contains_key(*k));
        let alias = match name.as_str() {
            "int" | "int32" | "int64" | "long" => Some("integer"),
            "float" | "double" | "decimal" => Some("number"),
            "bool" => Some("boolean"),
            "str" => Some("string"),
            "enum" if strings => Some("string"),
            _ => None,
        };
        if let Some(alias) = alias {
            warn(
                "type",
                format!("`type: {name}` is not an OpenAPI type: read as `type: {alias}`"),
                &format!("write `type: {alias}`"),
            );
            schema.insert("type".to_owned(), Value::String(alias.to_owned()));
        } else if components.contains(&name) && !composed {
            let reference = format!("#/components/schemas/{}", escape_token(&name));
            warn(
                "type",
                format!(
                    "`type: {name}` is not an OpenAPI type: read as a reference to the component schema {name:?}"
                ),
                &format!("write `$ref: '{reference}'`"),
            );
            schema.remove("type");
            let mut item = serde_json::Map::new();
            item.insert("$ref".to_owned(), Value::String(reference));
            match schema.get_mut("allOf") {
                Some(Value::Array(parts)) => parts.push(Value::Object(item)),
                _ => {
                    schema.insert("allOf".to_owned(), Value::Array(vec![Value::Object(item)]));
                }
            }
        } else {
            let reading = if composed {
                "ignored beside `oneOf`/`anyOf`"
            } else {
                "read as any value"
            };
            warn(
                "type",
                format!("`type: {name}` is not an OpenAPI type: {reading}"),
                "write one of string, number, integer, boolean, array, object",
            );
            schema.remove("type");
        }
    }
}

/// How many rounds of copying [`hoist_references`] makes: copies can hold references of their
/// own, each round resolves those the last one copied.
const MAX_HOIST_ROUNDS: usize = 32;

/// Reads a reference to a place that is not a component (`#/paths/~1users/get/parameters/0`, a
/// property of a component schema) as a reference to a copy of that place under `components`,
/// named after its pointer (`paths_users_get_parameters_0`, `Pet_properties_owner`), with a
/// located warning: the lowering resolves references to components only. Each place is copied
/// once, whoever refers to it; the copies of a document's distinct places add up to at most
/// its size times its depth (the document itself, `components` and a whole section, which
/// hold the copies, are not copied). A place that holds a reference to itself is copied as it
/// is, and the copy's reference then points to the copy: a recursive type. A reference that
/// points nowhere, outside the document, or to one of those is left for the lowering to
/// report.
pub fn hoist_references(raw: &mut Value, display: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    // Each place copied, by the section of its copy and the reference to it, and the reference
    // to its copy.
    let mut copies: std::collections::BTreeMap<(&str, String), String> = Default::default();
    for _ in 0..MAX_HOIST_ROUNDS {
        let mut sites = Vec::new();
        reference_sites(Kind::Document, raw, "#", &mut sites);
        // In the order of what they refer to, not of where: a copy's name never depends on
        // which reference the document happens to hold first.
        sites.sort_by(|a, b| (a.0, &a.2, &a.1).cmp(&(b.0, &b.2, &b.1)));
        let mut rewritten = false;
        for (section, site, reference) in sites {
            let Some(target) = reference.strip_prefix('#') else {
                continue;
            };
            // The document, `components` or a whole section would copy what holds the copies.
            if target_is_component(target, section) || holds_components(target) {
                continue;
            }
            let replacement = match copies.get(&(section, reference.clone())) {
                Some(replacement) => replacement.clone(),
                None => {
                    let Some(copy) = raw.pointer(target).cloned() else {
                        continue;
                    };
                    let Some(shelf) = raw
                        .as_object_mut()
                        .map(|root| {
                            root.entry("components")
                                .or_insert_with(|| Value::Object(Default::default()))
                        })
                        .and_then(Value::as_object_mut)
                        .map(|components| {
                            components
                                .entry(section)
                                .or_insert_with(|| Value::Object(Default::default()))
                        })
                        .and_then(Value::as_object_mut)
                    else {
                        continue;
                    };
                    let stem = copy_name(target, section);
                    let mut name = stem.clone();
                    let mut n = 2;
                    while shelf.contains_key(&name) {
                        name = format!("{stem}_{n}");
                        n += 1;
                    }
                    shelf.insert(name.clone(), copy);
                    let replacement = format!("#/components/{section}/{}", escape_token(&name));
                    warnings.push(
                        Diagnostic::warning(
                            display,
                            site.clone(),
                            format!(
                                "a reference to {reference:?}, which is not a component: read as a reference to a copy of it, {replacement:?}"
                            ),
                        )
                        .help("move what it points to under `components` and refer to it there"),
                    );
                    copies.insert((section, reference.clone()), replacement.clone());
                    replacement
                }
            };
            if let Some(Value::Object(node)) = raw.pointer_mut(site.trim_start_matches('#')) {
                node.insert("$ref".to_owned(), Value::String(replacement));
                rewritten = true;
            }
        }
        if !rewritten {
            break;
        }
    }
    warnings
}

/// The references in the document (and in `components`) where a parameter, request body,
/// response or schema is expected: the `components` section they belong in, the pointer of the
/// object holding the `$ref`, and the reference.
fn reference_sites(
    kind: Kind,
    value: &Value,
    at: &str,
    out: &mut Vec<(&'static str, String, String)>,
) {
    let section = match kind {
        Kind::Parameter => Some("parameters"),
        Kind::RequestBody => Some("requestBodies"),
        Kind::Response => Some("responses"),
        Kind::Schema => Some("schemas"),
        _ => None,
    };
    if let (Some(section), Some(reference)) = (section, value.get("$ref").and_then(Value::as_str)) {
        out.push((section, at.to_owned(), reference.to_owned()));
        return;
    }
    for (child_kind, child, pointer) in children(kind, value, at) {
        reference_sites(child_kind, child, &pointer, out);
    }
}

/// Whether a pointer (without its `#`) names a component of `section` itself:
/// `/components/{section}/{name}`.
fn target_is_component(target: &str, section: &str) -> bool {
    target
        .strip_prefix("/components/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(s, name)| s == section && !name.is_empty() && !name.contains('/'))
}

/// Whether a pointer (without its `#`) is the document, `components`, or a whole section of it.
fn holds_components(target: &str) -> bool {
    let tokens: Vec<&str> = target.split('/').skip(1).collect();
    matches!(
        tokens.as_slice(),
        [] | [""] | ["components"] | ["components", _]
    )
}

/// The name of a copy of the place at `target` (a pointer without its `#`) in `section`: its
/// tokens joined by `_`, a leading `components/{section}` left out when it is the copy's own
/// section (`Pet_properties_owner`), anything but letters and digits read as `_`.
fn copy_name(target: &str, section: &str) -> String {
    let tokens: Vec<String> = target.split('/').skip(1).map(unescape_token).collect();
    let tokens = match tokens.as_slice() {
        [components, own, rest @ ..]
            if components == "components" && own == section && !rest.is_empty() =>
        {
            rest
        }
        [components, rest @ ..] if components == "components" && !rest.is_empty() => rest,
        all => all,
    };
    let mut name = String::new();
    for c in tokens.join("_").chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_end_matches('_');
    if name.is_empty() {
        "ref".to_owned()
    } else {
        name.to_owned()
    }
}

/// Clamps `minimum`/`maximum` of `type: integer` schemas into the 64-bit range.
fn clamp_integer_bounds(
    value: &mut Value,
    display: &str,
    at: &mut String,
    warnings: &mut Vec<Diagnostic>,
) {
    match value {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("integer") {
                // An unsigned 64-bit bound above `i64::MAX` is what the format says: clamped
                // for reading, without a warning.
                let unsigned = matches!(
                    map.get("format").and_then(Value::as_str),
                    Some("uint64" | "uint32")
                );
                for key in ["minimum", "maximum"] {
                    if let Some(Value::Number(n)) = map.get(key)
                        && n.as_i64().is_none()
                        && let Some(f) = n.as_f64()
                    {
                        let clamped = if f < 0.0 { i64::MIN } else { i64::MAX };
                        if !unsigned {
                            warnings.push(
                                Diagnostic::warning(
                                    display,
                                    format!("{at}/{key}"),
                                    format!("{key} {n} does not fit in 64 bits; read as {clamped}"),
                                )
                                .help("write a bound a 64-bit integer can hold"),
                            );
                        }
                        map.insert(key.to_owned(), Value::from(clamped));
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                let len = at.len();
                at.push('/');
                at.push_str(&escape_token(key));
                clamp_integer_bounds(child, display, at, warnings);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                clamp_integer_bounds(child, display, at, warnings);
                at.truncate(len);
            }
        }
        _ => {}
    }
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

/// The kinds of object whose shape `locate` knows.
#[derive(Clone, Copy)]
enum Kind {
    Document,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Schema,
    Components,
}

fn parses<T: serde::de::DeserializeOwned>(value: &Value) -> Result<(), String> {
    T::deserialize(value).map(|_| ()).map_err(|e| e.to_string())
}

fn check(kind: Kind, value: &Value) -> Result<(), String> {
    use openapiv3::{
        Components, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    };
    match kind {
        Kind::Document => parses::<OpenAPI>(value),
        Kind::PathItem => parses::<ReferenceOr<PathItem>>(value),
        Kind::Operation => parses::<Operation>(value),
        Kind::Parameter => parses::<ReferenceOr<Parameter>>(value),
        Kind::RequestBody => parses::<ReferenceOr<RequestBody>>(value),
        Kind::Response => parses::<ReferenceOr<Response>>(value),
        Kind::MediaType => parses::<openapiv3::MediaType>(value),
        Kind::Schema => parses::<ReferenceOr<Schema>>(value),
        Kind::Components => parses::<Components>(value),
    }
}

/// The children of a `kind` object whose kind is known, with their pointers.
fn children<'v>(kind: Kind, value: &'v Value, at: &str) -> Vec<(Kind, &'v Value, String)> {
    let mut out = Vec::new();
    let Some(map) = value.as_object() else {
        return out;
    };
    let child = |key: &str| format!("{at}/{}", escape_token(key));
    let each = |key: &str, kind: Kind, out: &mut Vec<(Kind, &'v Value, String)>| match map.get(key)
    {
        Some(Value::Object(m)) => out.extend(
            m.iter()
                .map(|(k, v)| (kind, v, format!("{}/{}", child(key), escape_token(k)))),
        ),
        Some(Value::Array(a)) => out.extend(
            a.iter()
                .enumerate()
                .map(|(i, v)| (kind, v, format!("{}/{i}", child(key)))),
        ),
        _ => {}
    };
    let one = |key: &str, kind: Kind, out: &mut Vec<(Kind, &'v Value, String)>| {
        if let Some(v) = map.get(key) {
            out.push((kind, v, child(key)));
        }
    };
    match kind {
        Kind::Document => {
            each("paths", Kind::PathItem, &mut out);
            one("components", Kind::Components, &mut out);
        }
        Kind::Components => {
            each("schemas", Kind::Schema, &mut out);
            each("parameters", Kind::Parameter, &mut out);
            each("requestBodies", Kind::RequestBody, &mut out);
            each("responses", Kind::Response, &mut out);
        }
        Kind::PathItem => {
            for m in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                one(m, Kind::Operation, &mut out);
            }
            each("parameters", Kind::Parameter, &mut out);
        }
        Kind::Operation => {
            each("parameters", Kind::Parameter, &mut out);
            one("requestBody", Kind::RequestBody, &mut out);
            each("responses", Kind::Response, &mut out);
        }
        Kind::Parameter => {
            one("schema", Kind::Schema, &mut out);
            each("content", Kind::MediaType, &mut out);
        }
        Kind::RequestBody | Kind::Response => each("content", Kind::MediaType, &mut out),
        Kind::MediaType => one("schema", Kind::Schema, &mut out),
        Kind::Schema => {
            each("properties", Kind::Schema, &mut out);
            one("items", Kind::Schema, &mut out);
            if map
                .get("additionalProperties")
                .is_some_and(Value::is_object)
            {
                one("additionalProperties", Kind::Schema, &mut out);
            }
            for k in ["allOf", "oneOf", "anyOf"] {
                each(k, Kind::Schema, &mut out);
            }
            one("not", Kind::Schema, &mut out);
        }
    }
    out
}

/// The deepest object under `at` that does not parse as its kind, and why.
fn locate(value: &Value, kind: Kind, at: &str) -> Option<(String, String)> {
    let error = check(kind, value).err()?;
    for (child_kind, child, pointer) in children(kind, value, at) {
        if let Some(found) = locate(child, child_kind, &pointer) {
            return Some(found);
        }
    }
    Some((at.to_owned(), error))
}
