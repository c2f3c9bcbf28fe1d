//! Property tests: random but valid-ish OpenAPI 3.0 documents (nested objects, arrays, enums,
//! nullable values, `$ref`s to other components or to missing ones, odd names, operations with
//! path and query parameters and JSON or form bodies) given to the generator in memory.
//!
//! 1. generation never panics;
//! 2. when it succeeds, every generated `.rs` file parses with `syn::parse_file`;
//! 3. two runs give byte-identical output;
//! 4. when it fails, every diagnostic names the file, a location (`#...` or `line ...`) and help.
//!
//! A failing case is shown as the (shrunk) document in JSON.

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use openapi_codegen::{Failure, Generated, SpecSource, generate_from_sources};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::{Map, Value, json};

/// Keeps the run to a few seconds in a debug build.
fn config() -> Config {
    Config {
        cases: 64,
        max_shrink_iters: 512,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

const DISPLAY: &str = "spec/prop.json";

/// Names that trip code generators: keywords, path keywords, leading digits, punctuation,
/// non-ASCII, the empty string and names the generator uses itself.
const ODD_NAMES: &[&str] = &[
    "type",
    "Type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "async",
    "gen",
    "match",
    "1st",
    "123",
    "",
    "-",
    "_",
    "a-b",
    "a.b",
    "a b",
    "名前",
    "Ünïcödé",
    "Value",
    "Item",
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Box",
    "Result",
    "Client",
    "Nullable",
    "Default",
    "Unrecognized",
    "Other",
    "Api",
    "Params",
    "Request",
    "Response",
    "page_size",
    "PageSize",
    "meta",
    "sid",
    "Sid",
    "serde",
    "std",
    "new",
    "body",
    "query",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z][A-Za-z0-9_]{0,8}",
        2 => prop::sample::select(ODD_NAMES).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9 ._\\-ßé中]{0,6}",
    ]
}

/// A schema before component names are known; `Ref` picks a component by index.
#[derive(Debug, Clone)]
enum S {
    Str {
        format: Option<&'static str>,
        values: Vec<String>,
        nullable: bool,
    },
    Int {
        int32: bool,
        nullable: bool,
    },
    Num {
        float: bool,
    },
    Bool {
        nullable: bool,
    },
    Any,
    Ref(Target),
    Object {
        props: Vec<(String, S, bool)>,
        nullable: bool,
    },
    Array(Box<S>, bool),
    Map(Box<S>),
    AllOfOne(Box<S>, bool),
    /// `description` beside the schema (or beside a `$ref`).
    Described(Box<S>, String),
}

#[derive(Debug, Clone)]
enum Target {
    Component(usize),
    Missing(String),
}

/// Prose that ends up in doc comments: markdown, comment terminators, line breaks of every
/// kind, control characters.
fn doc_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[ -~]{0,24}",
        2 => prop::sample::select(
            &[
                "a\rb", "line\r\nline", "x\n\ny", "*/ /*", "nul\u{0}here", "```rust\nfn\n```",
                "[link](Self)", "<b>html</b>", "# heading", "back\\slash", "tab\there",
                "e\u{301}", "\u{202e}rtl", "sep\u{2028}arator", "\u{85}next", "\"quoted\"", "",
                "   ", "#[doc = \"x\"]",
            ][..]
        )
        .prop_map(str::to_owned),
    ]
}

fn scalar() -> impl Strategy<Value = S> {
    prop_oneof![
        (
            prop::option::of(prop::sample::select(
                &["date-time", "date", "uuid", "byte"][..]
            )),
            prop::collection::vec(name(), 0..4),
            any::<bool>(),
        )
            .prop_map(|(format, values, nullable)| S::Str {
                format,
                values,
                nullable
            }),
        (any::<bool>(), any::<bool>()).prop_map(|(int32, nullable)| S::Int { int32, nullable }),
        any::<bool>().prop_map(|float| S::Num { float }),
        any::<bool>().prop_map(|nullable| S::Bool { nullable }),
    ]
}

fn schema() -> impl Strategy<Value = S> {
    let leaf = prop_oneof![
        4 => scalar(),
        2 => (0usize..8).prop_map(|i| S::Ref(Target::Component(i))),
        1 => name().prop_map(|n| S::Ref(Target::Missing(n))),
        1 => Just(S::Any),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            3 => (
                prop::collection::vec((name(), inner.clone(), any::<bool>()), 1..5),
                any::<bool>()
            )
                .prop_map(|(props, nullable)| S::Object { props, nullable }),
            2 => (inner.clone(), any::<bool>()).prop_map(|(s, n)| S::Array(Box::new(s), n)),
            1 => inner.clone().prop_map(|s| S::Map(Box::new(s))),
            1 => (inner.clone(), any::<bool>()).prop_map(|(s, n)| S::AllOfOne(Box::new(s), n)),
            1 => (inner, doc_text()).prop_map(|(s, d)| S::Described(Box::new(s), d)),
        ]
    })
}

/// A form field: a scalar, an enum, or an array of scalars.
fn form_field() -> impl Strategy<Value = S> {
    prop_oneof![
        3 => scalar(),
        1 => scalar().prop_map(|s| S::Array(Box::new(s), false)),
    ]
}

#[derive(Debug, Clone)]
enum Body {
    Json(S),
    Form(Vec<(String, S, bool)>),
}

#[derive(Debug, Clone)]
struct Op {
    resource: String,
    instance: bool,
    method: &'static str,
    operation_id: Option<String>,
    summary: Option<String>,
    query: Vec<(String, S, bool)>,
    body: Option<Body>,
    response: Option<S>,
}

fn operation() -> impl Strategy<Value = Op> {
    (
        name(),
        any::<bool>(),
        prop::sample::select(&["get", "post", "put", "patch", "delete"][..]),
        prop::option::of(prop_oneof![
            3 => name(),
            1 => prop::sample::select(&["CreateThing", "ListThing"][..]).prop_map(str::to_owned),
        ]),
        prop::option::of(doc_text()),
        prop::collection::vec((name(), scalar(), any::<bool>()), 0..3),
        prop::option::of(prop_oneof![
            schema().prop_map(Body::Json),
            prop::collection::vec((name(), form_field(), any::<bool>()), 1..4).prop_map(Body::Form),
        ]),
        prop::option::of(schema()),
    )
        .prop_map(
            |(resource, instance, method, operation_id, summary, query, body, response)| Op {
                resource,
                instance,
                method,
                operation_id,
                summary,
                query,
                body,
                response,
            },
        )
}

/// A generated document; `Debug` prints it as JSON so that a failing case is readable.
#[derive(Clone)]
struct Doc(Value);

impl fmt::Debug for Doc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string_pretty(&self.0).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

fn document() -> impl Strategy<Value = Doc> {
    (
        prop::collection::btree_map(name(), schema(), 0..5),
        prop::collection::vec(operation(), 0..5),
        prop_oneof![
            14 => Just("https://api.example.com"),
            1 => Just("http://api.example.com"),
            1 => Just(""),
        ],
        prop::bool::weighted(0.2),
    )
        .prop_map(|(components, ops, server, dangling)| {
            Doc(build(&components, &ops, server, dangling))
        })
}

/// The document for `components` and `ops`. Unless `dangling`, references to missing schemas
/// are pointed at existing ones, so that most documents generate.
fn build(components: &BTreeMap<String, S>, ops: &[Op], server: &str, dangling: bool) -> Value {
    let names = &Names {
        components: components.keys().collect(),
        dangling,
    };
    let mut schemas = Map::new();
    for (name, s) in components {
        schemas.insert(name.clone(), to_json(s, names));
    }
    let mut paths = Map::new();
    for op in ops {
        let literal = op.resource.replace(['/', '{', '}', '~'], "");
        let mut path = format!("/v1/{literal}");
        let mut params = Vec::new();
        if op.instance {
            path.push_str("/{Sid}");
            params.push(json!({"name": "Sid", "in": "path", "required": true, "schema": {"type": "string"}}));
        }
        for (name, s, required) in &op.query {
            params.push(json!({"name": name, "in": "query", "required": required, "schema": to_json(s, names)}));
        }
        let mut operation = Map::new();
        if let Some(id) = &op.operation_id {
            operation.insert("operationId".into(), json!(id));
        }
        if let Some(summary) = &op.summary {
            operation.insert("summary".into(), json!(summary));
        }
        if !params.is_empty() {
            operation.insert("parameters".into(), Value::Array(params));
        }
        match &op.body {
            None => {}
            Some(Body::Json(s)) => {
                operation.insert(
                    "requestBody".into(),
                    json!({"required": true, "content": {"application/json": {"schema": to_json(s, names)}}}),
                );
            }
            Some(Body::Form(fields)) => {
                let form = to_json(
                    &S::Object {
                        props: fields.clone(),
                        nullable: false,
                    },
                    names,
                );
                operation.insert(
                    "requestBody".into(),
                    json!({"content": {"application/x-www-form-urlencoded": {"schema": form}}}),
                );
            }
        }
        let mut ok = json!({"description": "ok"});
        if let Some(s) = &op.response {
            ok["content"] = json!({"application/json": {"schema": to_json(s, names)}});
        }
        let code = if op.method == "post" { "201" } else { "200" };
        operation.insert("responses".into(), json!({ code: ok }));
        let item = paths
            .entry(path)
            .or_insert_with(|| Value::Object(Map::new()));
        item[op.method] = Value::Object(operation);
    }
    let mut doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Property test", "version": "1.0.0"},
        "paths": paths,
    });
    if !server.is_empty() {
        doc["servers"] = json!([{"url": server}]);
    }
    if !schemas.is_empty() {
        doc["components"] = json!({"schemas": schemas});
    }
    doc
}

struct Names<'a> {
    components: Vec<&'a String>,
    dangling: bool,
}

impl Names<'_> {
    /// A reference to the `i`th component (modulo their number), or a plain string schema when
    /// there are none.
    fn reference(&self, i: usize) -> Value {
        match self.components.get(i % self.components.len().max(1)) {
            Some(name) => json!({"$ref": format!("#/components/schemas/{}", escape(name))}),
            None => json!({"type": "string"}),
        }
    }
}

fn to_json(s: &S, names: &Names<'_>) -> Value {
    let nullable = |mut v: Value, n: bool| {
        if n {
            v["nullable"] = json!(true);
        }
        v
    };
    match s {
        S::Str {
            format,
            values,
            nullable: n,
        } => {
            let mut v = json!({"type": "string"});
            if let Some(f) = format {
                v["format"] = json!(f);
            }
            if !values.is_empty() {
                v["enum"] = json!(values);
            }
            nullable(v, *n)
        }
        S::Int { int32, nullable: n } => {
            let format = if *int32 { "int32" } else { "int64" };
            nullable(json!({"type": "integer", "format": format}), *n)
        }
        S::Num { float } => {
            let format = if *float { "float" } else { "double" };
            json!({"type": "number", "format": format})
        }
        S::Bool { nullable: n } => nullable(json!({"type": "boolean"}), *n),
        S::Any => json!({}),
        S::Ref(Target::Component(i)) => names.reference(*i),
        S::Ref(Target::Missing(name)) if names.dangling => {
            json!({"$ref": format!("#/components/schemas/Missing{}", escape(name))})
        }
        S::Ref(Target::Missing(name)) => names.reference(name.len()),
        S::Object { props, nullable: n } => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (name, s, req) in props {
                if properties.contains_key(name) {
                    continue;
                }
                properties.insert(name.clone(), to_json(s, names));
                if *req {
                    required.push(name.clone());
                }
            }
            let mut v = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                v["required"] = json!(required);
            }
            nullable(v, *n)
        }
        S::Array(items, n) => {
            nullable(json!({"type": "array", "items": to_json(items, names)}), *n)
        }
        S::Map(values) => json!({"type": "object", "additionalProperties": to_json(values, names)}),
        S::AllOfOne(inner, n) => nullable(json!({"allOf": [to_json(inner, names)]}), *n),
        S::Described(inner, text) => {
            let mut v = to_json(inner, names);
            v["description"] = json!(text);
            v
        }
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Runs the generator on `doc`, turning a panic into an error message.
fn run(doc: &Doc) -> Result<Result<Generated, Failure>, String> {
    let sources = [SpecSource {
        display: DISPLAY.to_owned(),
        module: "v1".to_owned(),
        text: serde_json::to_string_pretty(&doc.0).expect("a JSON value serializes"),
    }];
    catch_unwind(AssertUnwindSafe(|| {
        generate_from_sources("prop-api", &sources)
    }))
    .map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "non-string panic payload".to_owned())
    })
}

proptest! {
    #![proptest_config(config())]

    /// (a) Whatever the document, the generator returns: output or diagnostics, never a panic.
    #[test]
    fn generation_never_panics(doc in document()) {
        if let Err(message) = run(&doc) {
            prop_assert!(false, "the generator panicked: {message}");
        }
    }

    /// (b) Every generated Rust file is syntactically valid: the generator never reports an
    /// internal error (it checks its own output), and what it returns parses.
    #[test]
    fn generated_rust_parses(doc in document()) {
        let generated = match run(&doc) {
            Ok(Ok(generated)) => generated,
            Ok(Err(Failure::Internal(errors))) => {
                let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
                prop_assert!(false, "the generator produced invalid Rust:\n{}", errors.join("\n"));
                return Ok(());
            }
            Ok(Err(Failure::Invalid(_))) | Err(_) => return Ok(()),
        };
        for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(e) = syn::parse_file(&file.contents) {
                prop_assert!(
                    false,
                    "{} does not parse: {e}\n--- {} ---\n{}",
                    file.path,
                    file.path,
                    file.contents
                );
            }
        }
    }

    /// (c) Generation is deterministic: same input, byte-identical files (or diagnostics).
    #[test]
    fn generation_is_deterministic(doc in document()) {
        let (Ok(first), Ok(second)) = (run(&doc), run(&doc)) else { return Ok(()) };
        match (first, second) {
            (Ok(a), Ok(b)) => {
                let paths = |g: &Generated| g.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
                prop_assert_eq!(paths(&a), paths(&b));
                for (x, y) in a.files.iter().zip(&b.files) {
                    prop_assert!(x.contents == y.contents, "{} differs between two runs", x.path);
                }
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(
                false,
                "one run succeeded and the other failed: {:?} / {:?}",
                a.err(),
                b.err()
            ),
        }
    }

    /// (d) Every diagnostic says which file, where in it, and what to do.
    #[test]
    fn diagnostics_are_complete(doc in document()) {
        let Ok(Err(Failure::Invalid(diagnostics))) = run(&doc) else { return Ok(()) };
        prop_assert!(!diagnostics.is_empty(), "an error with no diagnostics");
        for d in &diagnostics.0 {
            prop_assert!(!d.file.is_empty(), "no file in: {d}");
            prop_assert_eq!(d.file.as_str(), DISPLAY, "wrong file in: {}", d);
            prop_assert!(
                d.location.starts_with('#') || d.location.starts_with("line "),
                "location is neither a JSON pointer nor a line: {d}"
            );
            prop_assert!(
                d.help.as_deref().is_some_and(|h| !h.trim().is_empty()),
                "no help text in: {d}"
            );
        }
    }

    /// (e) Whatever prose a valid document carries, in every place prose goes (title, summary,
    /// descriptions, enum values), it generates, and the output is valid Rust.
    #[test]
    fn any_prose_gives_valid_rust(texts in prop::collection::vec(prose(), 9)) {
        let doc = Doc(prose_document(&texts));
        match run(&doc) {
            Ok(Ok(generated)) => {
                for file in generated.files.iter().filter(|f| f.path.ends_with(".rs")) {
                    if let Err(e) = syn::parse_file(&file.contents) {
                        prop_assert!(false, "{} does not parse: {e}\n{}", file.path, file.contents);
                    }
                }
            }
            Ok(Err(failure)) => prop_assert!(false, "prose made generation fail:\n{failure}"),
            Err(panic) => prop_assert!(false, "the generator panicked: {panic}"),
        }
    }
}

/// Prose of any characters: the odd cases of [`doc_text`], or any Unicode scalar values (control
/// characters included).
fn prose() -> impl Strategy<Value = String> {
    prop_oneof![
        doc_text(),
        prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
    ]
}

/// A small valid document with `texts` in every place prose goes.
fn prose_document(texts: &[String]) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": texts[0], "description": texts[1], "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/Things/{Sid}": {"get": {
            "operationId": "FetchThing",
            "summary": texts[2],
            "description": texts[3],
            "parameters": [{"name": "Sid", "in": "path", "required": true, "description": texts[4], "schema": {"type": "string"}}],
            "responses": {"200": {"description": texts[5], "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
        }}},
        "components": {"schemas": {"Thing": {
            "type": "object",
            "description": texts[6],
            "properties": {
                "name": {"type": "string", "description": texts[7]},
                "kind": {"type": "string", "enum": [texts[8], "plain"]}
            }
        }}}
    })
}
