//! Names the generated crate uses itself (the runtime's items, `Client`'s methods, the prelude's
//! types, the handles' fields) never break it when a spec uses them: specs built here from the
//! generator's reserved list (`openapi_codegen::ir::reserved`) name modules, schemas, fields,
//! resources and parameters after each of them. They generate `tests/names/crate`, a workspace
//! member, so the result is compiled, linted and documented with the rest (re-bless with
//! `BLESS=1 cargo test -p tests --test names` after a change to the list).

use openapi_codegen::SpecSource;
use openapi_codegen::ir::reserved;
use serde_json::{Map, Value, json};

/// A spec with one operation, so that its module gets an accessor on `Client`.
fn tiny(title: &str) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1"},
        "servers": [{"url": "https://names.example.com"}],
        "paths": {"/Things": {"get": {
            "operationId": "ListThing",
            "responses": {"204": {"description": "ok"}}
        }}}
    })
}

/// A spec whose schemas, properties, resources and parameters take every reserved name.
fn collisions() -> Value {
    let all = reserved::all();
    let mut schemas = Map::new();
    let mut properties = Map::new();
    for name in &all {
        schemas.insert(
            (*name).to_owned(),
            json!({"type": "object", "properties": {"x": {"type": "string"}}}),
        );
        properties.insert((*name).to_owned(), json!({"type": "string"}));
    }
    // A struct that uses every colliding model, so their names are referenced too.
    let mut uses = Map::new();
    for name in &all {
        uses.insert(
            format!("use_{name}"),
            json!({"$ref": format!("#/components/schemas/{name}")}),
        );
    }
    schemas.insert(
        "Everything".to_owned(),
        json!({"type": "object", "properties": uses}),
    );
    schemas.insert(
        "Fields".to_owned(),
        json!({"type": "object", "required": all, "properties": properties}),
    );
    let mut paths = Map::new();
    for (i, name) in all.iter().enumerate() {
        // A resource named after the reserved name, under a parameter named after it.
        paths.insert(
            format!("/{name}/{{{name}}}/{name}"),
            json!({"post": {
                "operationId": format!("Create{i}"),
                "parameters": [
                    {"name": name, "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": name, "in": "query", "schema": {"type": "string"}},
                    {"name": format!("X-{name}"), "in": "header", "schema": {"type": "string"}}
                ],
                "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/Fields"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}}}
            }}),
        );
    }
    let mut doc = tiny("Reserved names");
    doc["paths"].as_object_mut().expect("paths").extend(paths);
    doc["components"] = json!({"schemas": schemas});
    doc
}

/// One module per name the crate root or `Client` has, and the collisions module.
fn sources() -> Vec<SpecSource> {
    let mut sources: Vec<SpecSource> = [reserved::MODULES, reserved::CLIENT_METHODS]
        .concat()
        .into_iter()
        .map(|name| SpecSource {
            display: format!("{name}.json"),
            module: name.to_owned(),
            text: tiny(name).to_string(),
        })
        .collect();
    sources.push(SpecSource {
        display: "collisions.json".to_owned(),
        module: "collisions".to_owned(),
        text: collisions().to_string(),
    });
    sources
}

#[test]
fn reserved_names_in_a_spec_generate_a_crate_that_compiles() {
    let generated = openapi_codegen::generate_from_sources("names", &sources())
        .unwrap_or_else(|failure| panic!("{failure}"));
    let report = tests::compare_or_bless(&generated, "tests/names/crate");
    assert!(
        report.is_empty(),
        "tests/names/crate is stale; run `BLESS=1 cargo test -p tests --test names`:\n{report}"
    );
}

/// `reserved::CLIENT_METHODS` lists every method of the runtime's `Client` (a module accessor
/// with such a name would not compile), read from the runtime's source.
#[test]
fn client_methods_are_all_reserved() {
    let path = tests::root().join("codegen/runtime/src/client.rs");
    let source = std::fs::read_to_string(&path).expect("runtime source");
    let file = syn::parse_file(&source).expect("runtime parses");
    let mut methods = Vec::new();
    for item in file.items {
        if let syn::Item::Impl(imp) = item
            && let syn::Type::Path(p) = &*imp.self_ty
            && p.path.is_ident("Client")
        {
            for item in imp.items {
                if let syn::ImplItem::Fn(f) = item {
                    methods.push(f.sig.ident.to_string());
                }
            }
        }
    }
    assert!(methods.contains(&"send".to_owned()), "{methods:?}");
    for method in &methods {
        assert!(
            reserved::CLIENT_METHODS.contains(&method.as_str()),
            "Client::{method} is not in reserved::CLIENT_METHODS"
        );
    }
}

/// The crate root shows what users write: the client, its configuration, errors, the value
/// types of models, the SID types and the spec modules. The plumbing generated code uses
/// (`Request`, `Method`, `Params`, `ParamValue`, `SidPrefix`) and the SID prefix markers stay in
/// `runtime` and `sids`.
#[test]
fn the_crate_root_shows_what_users_need() {
    let source = std::fs::read_to_string(tests::root().join("generated/src/lib.rs"))
        .expect("generated lib.rs");
    let file = syn::parse_file(&source).expect("lib.rs parses");
    let mut names = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => {
                collect_use_names(&u.tree, &mut names)
            }
            syn::Item::Mod(m) if matches!(m.vis, syn::Visibility::Public(_)) => {
                names.push(format!("mod {}", m.ident))
            }
            _ => {}
        }
    }
    names.sort();
    assert_eq!(
        names,
        [
            "AccountSid",
            "AlphaSenderSid",
            "ApiError",
            "Client",
            "ClientBuilder",
            "Credentials",
            "Error",
            "MessagingServiceSid",
            "Nullable",
            "Page",
            "Pages",
            "RequestValidator",
            "RetryPolicy",
            "SenderSid",
            "Sid",
            "SidError",
            "Unknown",
            "mod runtime",
            "mod sids",
            "mod v1",
            "mod v2",
        ]
    );
}

fn collect_use_names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => collect_use_names(&p.tree, out),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect_use_names(t, out)),
        syn::UseTree::Glob(_) => out.push("*".to_owned()),
    }
}
