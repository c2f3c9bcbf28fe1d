//! Structure-aware fuzzing: `arbitrary` builds a small OpenAPI-like document (paths, methods,
//! path/query/header parameters, duplicated operationIds, JSON/form bodies, responses, component
//! schemas with type/format/enum/nullable/properties/items/allOf/oneOf/$ref to existing or missing
//! names, odd names), serialized to JSON. The generator must not panic, must not report an
//! internal error (invalid Rust of its own making), and when it succeeds every generated `.rs`
//! file must parse with `syn::parse_file`.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use openapi_codegen::{Failure, SpecSource, generate_from_sources};
use serde_json::{Map, Value, json};

/// Names that have tripped, or could trip, a code generator: keywords, path keywords, digits,
/// punctuation, unicode, the empty string, and names the generator itself uses.
const NAMES: &[&str] = &[
    "Sender",
    "sender",
    "Sid",
    "sid",
    "type",
    "Type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "r#type",
    "async",
    "gen",
    "123",
    "1abc",
    "",
    " ",
    "-",
    "_",
    "__",
    "a-b",
    "a.b",
    "a/b",
    "a~b",
    "名前",
    "émoji😀",
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
    "Page",
    "meta",
    "next_page_url",
    "PageSize",
    "page_size",
    "Services",
    "v1",
    "V2",
    "{x}",
    "x y",
    "\"quote",
    "back\\slash",
    "new\nline",
    "*/",
    "/*",
    "#[doc]",
    "`tick`",
    "serde",
    "std",
    "core",
    "reqwest",
    "Error",
    "client",
    "lib",
    "mod",
    "url",
    "body",
    "query",
    "new",
];

#[derive(Arbitrary, Debug)]
enum Name {
    Pool(u8),
    Raw(String),
}

impl Name {
    fn get(&self) -> String {
        match self {
            Name::Pool(i) => NAMES[*i as usize % NAMES.len()].to_owned(),
            Name::Raw(s) => s.chars().take(16).collect(),
        }
    }
}

/// Mostly one of the document's component schemas (by index, possibly the schema itself);
/// sometimes a name that is probably not defined, or a reference outside components/schemas.
#[derive(Arbitrary, Debug)]
struct RefTarget(u8, Name);

#[derive(Arbitrary, Debug)]
enum SchemaKind {
    String {
        format: u8,
        enumeration: Vec<Name>,
        pattern: u8,
    },
    Integer {
        format: u8,
        maximum: Option<u16>,
    },
    Number {
        format: u8,
    },
    Boolean,
    Object {
        properties: Vec<(Name, Schema)>,
        required: Vec<u8>,
        additional: Option<Box<Schema>>,
    },
    Array {
        items: Option<Box<Schema>>,
    },
    AllOf(Vec<Schema>),
    OneOf(Vec<Schema>),
    AnyOf(Vec<Schema>),
    Ref(RefTarget),
    Any,
    Untyped {
        properties: Vec<(Name, Schema)>,
    },
}

#[derive(Arbitrary, Debug)]
struct Schema {
    kind: SchemaKind,
    nullable: bool,
    description: Option<Name>,
}

/// Mostly a literal or a `{param}`; sometimes a version (`v1`) or text mixed with a parameter.
#[derive(Arbitrary, Debug)]
struct Segment(u8, Name);

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
}

/// Mostly path and query parameters (which the generator supports); sometimes header or cookie.
#[derive(Arbitrary, Debug)]
struct Location(u8);

#[derive(Arbitrary, Debug)]
struct Param {
    name: Name,
    location: Location,
    required: bool,
    schema: Schema,
    by_ref: bool,
}

#[derive(Arbitrary, Debug)]
enum Media {
    Json,
    Form,
    Both,
    Other,
}

#[derive(Arbitrary, Debug)]
struct Body {
    media: Media,
    required: bool,
    schema: Option<Schema>,
    by_ref: bool,
}

#[derive(Arbitrary, Debug)]
enum Code {
    Ok,
    Created,
    NoContent,
    Range,
    Default,
    NotFound,
}

#[derive(Arbitrary, Debug)]
struct Resp {
    code: Code,
    plus_json: bool,
    schema: Option<Schema>,
    by_ref: bool,
}

#[derive(Arbitrary, Debug)]
struct Operation {
    id: Option<Name>,
    summary: Option<Name>,
    params: Vec<Param>,
    body: Option<Body>,
    responses: Vec<Resp>,
}

#[derive(Arbitrary, Debug)]
struct PathSpec {
    segments: Vec<Segment>,
    /// Path parameters are declared unless this is below 16.
    declare_path_params: u8,
    at_item_level: bool,
    ops: Vec<(Method, Operation)>,
}

/// Mostly a valid https URL; sometimes http, none, or an odd host.
#[derive(Arbitrary, Debug)]
struct Server(u8, Name);

#[derive(Arbitrary, Debug)]
struct Doc {
    module: Name,
    server: Server,
    paths: Vec<PathSpec>,
    schemas: Vec<(Name, Schema)>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    first: Doc,
    second: Option<Doc>,
}

const MAX_DEPTH: usize = 5;
const MAX_ITEMS: usize = 6;

struct Ctx {
    schema_names: Vec<String>,
    /// Parts of components other than schemas, collected while building operations.
    parameters: Map<String, Value>,
    request_bodies: Map<String, Value>,
    responses: Map<String, Value>,
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

impl Ctx {
    fn schema(&self, s: &Schema, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return json!({"type": "string"});
        }
        let mut out = match &s.kind {
            SchemaKind::String {
                format,
                enumeration,
                pattern,
            } => {
                let mut m = json!({"type": "string"});
                let formats = ["", "date-time", "date", "byte", "binary", "uuid", "weird"];
                let f = formats[*format as usize % formats.len()];
                if !f.is_empty() {
                    m["format"] = json!(f);
                }
                if !enumeration.is_empty() {
                    let values: Vec<String> =
                        enumeration.iter().take(MAX_ITEMS).map(Name::get).collect();
                    m["enum"] = json!(values);
                }
                let patterns = [
                    "",
                    "^MG[0-9a-fA-F]{32}$",
                    "^XE[0-9a-fA-F]{32}$",
                    "^ZZ[0-9a-fA-F]{32}$",
                    "^[a-z]+$",
                ];
                let p = patterns[*pattern as usize % patterns.len()];
                if !p.is_empty() {
                    m["pattern"] = json!(p);
                }
                m
            }
            SchemaKind::Integer { format, maximum } => {
                let mut m = json!({"type": "integer"});
                let formats = ["", "int32", "int64", "weird"];
                let f = formats[*format as usize % formats.len()];
                if !f.is_empty() {
                    m["format"] = json!(f);
                }
                if let Some(max) = maximum {
                    m["maximum"] = json!(max);
                }
                m
            }
            SchemaKind::Number { format } => {
                let mut m = json!({"type": "number"});
                let formats = ["", "float", "double", "weird"];
                let f = formats[*format as usize % formats.len()];
                if !f.is_empty() {
                    m["format"] = json!(f);
                }
                m
            }
            SchemaKind::Boolean => json!({"type": "boolean"}),
            SchemaKind::Object {
                properties,
                required,
                additional,
            } => {
                let mut m = json!({"type": "object"});
                let props = self.properties(properties, depth);
                let names: Vec<String> = props.keys().cloned().collect();
                if !props.is_empty() {
                    m["properties"] = Value::Object(props);
                }
                if !names.is_empty() && !required.is_empty() {
                    let req: Vec<&String> = required
                        .iter()
                        .take(MAX_ITEMS)
                        .map(|i| &names[*i as usize % names.len()])
                        .collect();
                    m["required"] = json!(req);
                }
                if let Some(a) = additional {
                    m["additionalProperties"] = self.schema(a, depth + 1);
                }
                m
            }
            SchemaKind::Array { items } => {
                let mut m = json!({"type": "array"});
                if let Some(items) = items {
                    m["items"] = self.schema(items, depth + 1);
                }
                m
            }
            SchemaKind::AllOf(v) => json!({"allOf": self.list(v, depth)}),
            SchemaKind::OneOf(v) => json!({"oneOf": self.list(v, depth)}),
            SchemaKind::AnyOf(v) => json!({"anyOf": self.list(v, depth)}),
            SchemaKind::Ref(target) => return json!({"$ref": self.reference(target)}),
            SchemaKind::Any => json!({}),
            SchemaKind::Untyped { properties } => {
                let props = self.properties(properties, depth);
                json!({"properties": props})
            }
        };
        if s.nullable {
            out["nullable"] = json!(true);
        }
        if let Some(d) = &s.description {
            out["description"] = json!(d.get());
        }
        out
    }

    fn properties(&self, properties: &[(Name, Schema)], depth: usize) -> Map<String, Value> {
        properties
            .iter()
            .take(MAX_ITEMS)
            .map(|(n, s)| (n.get(), self.schema(s, depth + 1)))
            .collect()
    }

    fn list(&self, v: &[Schema], depth: usize) -> Vec<Value> {
        v.iter()
            .take(3)
            .map(|s| self.schema(s, depth + 1))
            .collect()
    }

    fn reference(&self, target: &RefTarget) -> String {
        match target.0 {
            0 => "other.yaml#/components/schemas/X".to_owned(),
            1 => "#/definitions/X".to_owned(),
            2 => "#/components/parameters/X".to_owned(),
            3..=15 => format!("#/components/schemas/{}", escape(&target.1.get())),
            _ if self.schema_names.is_empty() => "#/components/schemas/Nothing".to_owned(),
            i => {
                let name = &self.schema_names[i as usize % self.schema_names.len()];
                format!("#/components/schemas/{}", escape(name))
            }
        }
    }

    fn operation(&mut self, op: &Operation, path_params: &[String], declare: bool) -> Value {
        let mut m = Map::new();
        if let Some(id) = &op.id {
            m.insert("operationId".into(), json!(id.get()));
        }
        if let Some(s) = &op.summary {
            m.insert("summary".into(), json!(s.get()));
        }
        let mut params = Vec::new();
        if declare {
            for p in path_params {
                params.push(json!({"name": p, "in": "path", "required": true, "schema": {"type": "string"}}));
            }
        }
        for p in op.params.iter().take(MAX_ITEMS) {
            let location = match p.location.0 {
                0..=7 => "header",
                8..=15 => "cookie",
                16..=99 => "path",
                _ => "query",
            };
            let value = json!({
                "name": p.name.get(),
                "in": location,
                "required": p.required || location == "path",
                "schema": self.schema(&p.schema, 1),
            });
            if p.by_ref {
                let key = format!("P{}", self.parameters.len());
                self.parameters.insert(key.clone(), value);
                params.push(json!({"$ref": format!("#/components/parameters/{key}")}));
            } else {
                params.push(value);
            }
        }
        if !params.is_empty() {
            m.insert("parameters".into(), Value::Array(params));
        }
        if let Some(b) = &op.body {
            let schema = b.schema.as_ref().map(|s| self.schema(s, 1));
            let media = |schema: &Option<Value>| match schema {
                Some(s) => json!({"schema": s}),
                None => json!({}),
            };
            let mut content = Map::new();
            match b.media {
                Media::Json => {
                    content.insert("application/json".into(), media(&schema));
                }
                Media::Form => {
                    content.insert("application/x-www-form-urlencoded".into(), media(&schema));
                }
                Media::Both => {
                    content.insert("application/x-www-form-urlencoded".into(), media(&schema));
                    content.insert("application/json".into(), media(&schema));
                }
                Media::Other => {
                    content.insert("text/plain".into(), media(&schema));
                }
            }
            let value = json!({"required": b.required, "content": content});
            if b.by_ref {
                let key = format!("B{}", self.request_bodies.len());
                self.request_bodies.insert(key.clone(), value);
                m.insert(
                    "requestBody".into(),
                    json!({"$ref": format!("#/components/requestBodies/{key}")}),
                );
            } else {
                m.insert("requestBody".into(), value);
            }
        }
        let mut responses = Map::new();
        for r in op.responses.iter().take(4) {
            let code = match r.code {
                Code::Ok => "200",
                Code::Created => "201",
                Code::NoContent => "204",
                Code::Range => "2XX",
                Code::Default => "default",
                Code::NotFound => "404",
            };
            let mut value = json!({"description": "r"});
            if let Some(s) = &r.schema {
                let media = if r.plus_json {
                    "application/scim+json"
                } else {
                    "application/json"
                };
                value["content"] = json!({ media: {"schema": self.schema(s, 1)} });
            }
            if r.by_ref {
                let key = format!("R{}", self.responses.len());
                self.responses.insert(key.clone(), value);
                responses.insert(
                    code.into(),
                    json!({"$ref": format!("#/components/responses/{key}")}),
                );
            } else {
                responses.insert(code.into(), value);
            }
        }
        if responses.is_empty() {
            responses.insert("200".into(), json!({"description": "ok"}));
        }
        m.insert("responses".into(), Value::Object(responses));
        Value::Object(m)
    }
}

fn document(doc: &Doc) -> Value {
    let schema_names: Vec<String> = doc.schemas.iter().take(8).map(|(n, _)| n.get()).collect();
    let mut ctx = Ctx {
        schema_names,
        parameters: Map::new(),
        request_bodies: Map::new(),
        responses: Map::new(),
    };
    let mut schemas = Map::new();
    for (n, s) in doc.schemas.iter().take(8) {
        schemas.insert(n.get(), ctx.schema(s, 0));
    }
    let mut paths = Map::new();
    for p in doc.paths.iter().take(6) {
        let mut path = String::new();
        let mut path_params = Vec::new();
        for s in p.segments.iter().take(6) {
            path.push('/');
            let name = s.1.get().replace(['/', '{', '}'], "");
            match s.0 {
                0..=3 => path.push_str(&format!("{name}.{{x}}")),
                4..=40 => {
                    path.push_str(&format!("{{{name}}}"));
                    path_params.push(name);
                }
                41..=60 => path.push_str(&format!("v{}", s.0 % 4)),
                _ => path.push_str(&name),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        let mut item = Map::new();
        let declare = p.declare_path_params >= 16;
        if p.at_item_level && declare && !path_params.is_empty() {
            let params: Vec<Value> = path_params
                .iter()
                .map(|n| json!({"name": n, "in": "path", "required": true, "schema": {"type": "string"}}))
                .collect();
            item.insert("parameters".into(), Value::Array(params));
        }
        let declare_on_op = declare && !p.at_item_level;
        for (method, op) in p.ops.iter().take(4) {
            let key = match method {
                Method::Get => "get",
                Method::Put => "put",
                Method::Post => "post",
                Method::Delete => "delete",
                Method::Patch => "patch",
                Method::Head => "head",
                Method::Options => "options",
                Method::Trace => "trace",
            };
            let value = ctx.operation(op, &path_params, declare_on_op);
            item.insert(key.into(), value);
        }
        paths.insert(path, Value::Object(item));
    }
    let mut out = json!({
        "openapi": "3.0.3",
        "info": {"title": doc.module.get(), "version": "1"},
        "paths": paths,
    });
    match doc.server.0 {
        0..=7 => out["servers"] = json!([{"url": "http://api.example.com"}]),
        8..=15 => {}
        16..=31 => out["servers"] = json!([{"url": format!("https://{}", doc.server.1.get())}]),
        _ => out["servers"] = json!([{"url": "https://api.example.com/"}]),
    }
    let mut components = Map::new();
    if !schemas.is_empty() {
        components.insert("schemas".into(), Value::Object(schemas));
    }
    if !ctx.parameters.is_empty() {
        components.insert("parameters".into(), Value::Object(ctx.parameters));
    }
    if !ctx.request_bodies.is_empty() {
        components.insert("requestBodies".into(), Value::Object(ctx.request_bodies));
    }
    if !ctx.responses.is_empty() {
        components.insert("responses".into(), Value::Object(ctx.responses));
    }
    if !components.is_empty() {
        out["components"] = Value::Object(components);
    }
    out
}

/// True when exactly this text parsed before in this process (the runtime files are copied
/// verbatim into every output; parsing them once is enough). Remembers `text` otherwise; it is
/// only remembered as parsed because a failure to parse panics right after.
fn already_parsed(text: &str) -> bool {
    use std::collections::HashSet;
    use std::hash::{DefaultHasher, Hash, Hasher};
    use std::sync::Mutex;
    static SEEN: Mutex<Option<HashSet<u64>>> = Mutex::new(None);
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    !seen
        .get_or_insert_with(HashSet::new)
        .insert(hasher.finish())
}

fuzz_target!(|input: Input| {
    let mut sources: Vec<SpecSource> = Vec::new();
    for (i, doc) in std::iter::once(&input.first)
        .chain(input.second.as_ref())
        .enumerate()
    {
        let json = serde_json::to_string_pretty(&document(doc)).expect("serializable");
        sources.push(SpecSource {
            display: format!("spec/fuzz{i}.json"),
            module: doc.module.get(),
            text: json,
        });
    }
    let generated = match generate_from_sources("fuzzed", &sources) {
        Ok(generated) => generated,
        Err(Failure::Invalid(_)) => return,
        Err(internal @ Failure::Internal(_)) => {
            let docs: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
            panic!("{internal}\n--- input documents ---\n{}", docs.join("\n---\n"));
        }
    };
    {
        for file in &generated.files {
            if !file.path.ends_with(".rs") || already_parsed(&file.contents) {
                continue;
            }
            if let Err(e) = syn::parse_file(&file.contents) {
                let docs: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
                panic!(
                    "generated {} does not parse: {e}\n--- input documents ---\n{}\n--- {} ---\n{}",
                    file.path,
                    docs.join("\n---\n"),
                    file.path,
                    file.contents
                );
            }
        }
    }
});
