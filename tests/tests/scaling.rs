//! Output stays proportional: a spec with N operations yields code that grows linearly with N,
//! and the shared machinery (the runtime) is emitted once, whatever N is.

use openapi_codegen::{Generated, SpecSource, generate_from_sources};
use serde_json::{Map, Value, json};

/// A spec with `n` resources, each with a schema and a fetch, list and create operation.
fn spec(n: usize) -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for i in 0..n {
        let schema = format!("Thing{i}");
        let reference = json!({"$ref": format!("#/components/schemas/{schema}")});
        schemas.insert(
            schema.clone(),
            json!({"type": "object", "properties": {
                "sid": {"type": "string", "pattern": "^TH[0-9a-fA-F]{32}$"},
                "name": {"type": "string", "nullable": true},
                "count": {"type": "integer"}
            }}),
        );
        paths.insert(
            format!("/v1/Things{i}"),
            json!({
                "post": {"operationId": format!("CreateThing{i}"), "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"Name": {"type": "string"}}}}}}, "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": reference.clone()}}}}},
                "get": {"operationId": format!("ListThing{i}"), "parameters": [{"name": "PageSize", "in": "query", "schema": {"type": "integer", "maximum": 1000}}], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"things": {"type": "array", "items": reference.clone()}, "meta": {"$ref": "#/components/schemas/Meta"}}}}}}}}
            }),
        );
        paths.insert(
            format!("/v1/Things{i}/{{Sid}}"),
            json!({"get": {"operationId": format!("FetchThing{i}"), "parameters": [{"name": "Sid", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^TH[0-9a-fA-F]{32}$"}}], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": reference}}}}}}),
        );
    }
    schemas.insert("Meta".into(), json!({"type": "object", "properties": {"next_page_url": {"type": "string", "nullable": true}}}));
    let doc = json!({"openapi": "3.0.3", "info": {"title": "Scale", "version": "1"}, "servers": [{"url": "https://scale.example.com"}], "paths": Value::Object(paths), "components": {"schemas": Value::Object(schemas)}});
    doc.to_string()
}

fn generate(n: usize) -> Generated {
    let source = SpecSource {
        display: format!("scale{n}.json"),
        module: "v1".into(),
        text: spec(n),
    };
    generate_from_sources("scale", &[source]).expect("generates")
}

fn bytes(g: &Generated, runtime: bool) -> usize {
    g.files
        .iter()
        .filter(|f| f.path.starts_with("src/runtime/") == runtime)
        .map(|f| f.contents.len())
        .sum()
}

#[test]
fn generated_code_grows_linearly_with_operations() {
    let (g8, g16, g32) = (generate(8), generate(16), generate(32));
    assert_eq!(g32.operations, 96);
    let (s8, s16, s32) = (bytes(&g8, false), bytes(&g16, false), bytes(&g32, false));
    let per_op_small = (s16 - s8) as f64 / 24.0;
    let per_op_large = (s32 - s16) as f64 / 48.0;
    let ratio = per_op_large / per_op_small;
    assert!(
        (0.95..1.05).contains(&ratio),
        "bytes per operation: {per_op_small:.0} for 8→16 resources, {per_op_large:.0} for 16→32"
    );
    // A few hundred lines per resource (model, page type, params, handle, three methods) at most.
    assert!(
        per_op_large < 2500.0,
        "{per_op_large:.0} bytes per operation"
    );
    // The runtime is emitted once, the same whatever the spec's size.
    assert_eq!(bytes(&g8, true), bytes(&g32, true));
}

/// Past 300 models, a module's models are split into a file per first letter of their names,
/// each model in the file its own name picks; a smaller module keeps one `models.rs`.
#[test]
fn a_big_module_splits_its_models_by_first_letter() {
    let small = generate(8);
    assert!(small.files.iter().any(|f| f.path == "src/v1/models.rs"));
    let big = generate(120);
    assert!(big.types > 300, "{} types", big.types);
    assert!(!big.files.iter().any(|f| f.path == "src/v1/models.rs"));
    let parts: Vec<&openapi_codegen::GeneratedFile> = big
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/v1/models/") && f.path != "src/v1/models/mod.rs")
        .collect();
    assert!(
        parts.len() > 2,
        "{:?}",
        parts.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    let mut seen = 0;
    for part in &parts {
        let letter = part
            .path
            .trim_start_matches("src/v1/models/")
            .trim_end_matches(".rs");
        for line in part.contents.lines() {
            let Some(rest) = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
                .or_else(|| line.strip_prefix("pub type "))
            else {
                continue;
            };
            seen += 1;
            let first = rest.chars().next().expect("a name").to_ascii_lowercase();
            assert_eq!(first.to_string(), letter, "{rest} in {}", part.path);
        }
    }
    assert_eq!(seen, big.types);
    let module = big
        .files
        .iter()
        .find(|f| f.path == "src/v1/models/mod.rs")
        .expect("models/mod.rs");
    for part in &parts {
        let letter = part
            .path
            .trim_start_matches("src/v1/models/")
            .trim_end_matches(".rs");
        assert!(module.contents.contains(&format!("pub use {letter}::*;")));
    }
}
