//! Bad input gets a clear error (which file, where in it, what to do), every problem of a run is
//! reported together, and the output directory is never half-written.

use std::path::PathBuf;

use openapi_codegen::{Config, Diagnostics, Failure, SpecInput, write};

fn spec_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-diagnostics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Generates from documents given as text; returns the diagnostics.
fn errors(docs: &[(&str, &str)]) -> Diagnostics {
    let dir = spec_dir();
    let specs = docs
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).expect("write spec");
            SpecInput {
                path,
                display: format!("spec/{name}"),
                module: name.split('.').next().unwrap_or("m").to_owned(),
            }
        })
        .collect();
    match openapi_codegen::generate(&Config {
        package: "bad".into(),
        specs,
        allow_skip: false,
        conventions: Default::default(),
    }) {
        Ok(_) => panic!("expected diagnostics"),
        Err(Failure::Invalid(d)) => d,
        Err(other) => panic!("expected diagnostics, got {other}"),
    }
}

const HEAD: &str =
    "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x.example.com'}]\n";

/// Generates the one document `text` as module `name`, which must succeed.
fn generate_one(name: &str, text: String) -> openapi_codegen::Generated {
    let source = openapi_codegen::SpecSource {
        display: format!("spec/{name}.yaml"),
        module: name.to_owned(),
        text,
    };
    openapi_codegen::generate_from_sources(name, &[source])
        .unwrap_or_else(|failure| panic!("{failure}"))
}

/// The warnings of a generation, as `(location, message)`.
fn warnings_of(generated: &openapi_codegen::Generated) -> Vec<(&str, &str)> {
    generated
        .warnings
        .iter()
        .map(|w| (w.location.as_str(), w.message.as_str()))
        .collect()
}

/// The generated file at `path`.
fn file<'g>(generated: &'g openapi_codegen::Generated, path: &str) -> &'g str {
    &generated
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let d = errors(&[(
        "broken.yaml",
        "openapi: 3.0.3\ninfo: {title: T\npaths: {}\n",
    )]);
    let text = d.to_string();
    assert_eq!(d.0.len(), 1, "{text}");
    assert_eq!(d.0[0].file, "spec/broken.yaml");
    assert!(d.0[0].location.starts_with("line "), "{text}");
    assert!(
        d.0[0].message.starts_with("not valid YAML or JSON"),
        "{text}"
    );
    assert!(text.contains("nothing was written"), "{text}");
}

#[test]
fn swagger_2_and_openapi_3_1_are_refused_with_advice() {
    let d = errors(&[
        (
            "old.json",
            r#"{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#,
        ),
        (
            "new.yaml",
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n",
        ),
    ]);
    assert_eq!(d.0.len(), 2, "{d}");
    assert_eq!(
        (d.0[0].file.as_str(), d.0[0].location.as_str()),
        ("spec/old.json", "#/swagger")
    );
    assert!(
        d.0[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("convert it to OpenAPI 3.0"),
        "{d}"
    );
    assert_eq!(
        (d.0[1].file.as_str(), d.0[1].location.as_str()),
        ("spec/new.yaml", "#/openapi")
    );
    assert!(d.0[1].message.contains("3.1.0"), "{d}");
}

#[test]
fn invalid_structure_is_located_by_json_pointer() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: 5\n          content:\n            application/json:\n              schema: {{type: object, properties: {{x: {{type: 42}}}}}}\n"
    );
    let d = errors(&[("shape.yaml", &text)]);
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(
        d.0[0].location,
        "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/x",
        "{d}"
    );
}

fn many_problems() -> String {
    format!(
        "{HEAD}paths:
  /things/{{Sid}}:
    get:
      operationId: Same
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Missing'}}
    delete:
      operationId: Same
      responses:
        '204': {{description: gone}}
components:
  schemas:
    Loop: {{$ref: '#/components/schemas/Loop'}}
    Choice:
      not: {{type: string}}
    Fine:
      type: object
      properties:
        ok: {{type: boolean}}
        choice: {{$ref: '#/components/schemas/Choice'}}
"
    )
}

#[test]
fn every_problem_is_reported_at_once() {
    let d = errors(&[("many.yaml", &many_problems())]);
    let text = d.to_string();
    let has = |location: &str, words: &str| {
        d.0.iter()
            .any(|x| x.location == location && x.message.contains(words))
    };
    assert!(
        has(
            "#/paths/~1things~1{Sid}/get/responses/200/content/application~1json/schema",
            "dangling reference"
        ),
        "{text}"
    );
    assert!(
        has(
            "#/paths/~1things~1{Sid}/delete",
            "duplicate operationId \"Same\""
        ),
        "{text}"
    );
    assert!(
        has(
            "#/paths/~1things~1{Sid}/get",
            "path parameter {Sid} is not declared"
        ),
        "{text}"
    );
    assert!(
        has(
            "#/components/schemas/Loop",
            "only a reference back to itself"
        ),
        "{text}"
    );
    assert!(
        has("#/components/schemas/Choice", "`not` schemas"),
        "{text}"
    );
    assert!(
        d.0.iter()
            .all(|x| x.file == "spec/many.yaml" && x.help.is_some()),
        "{text}"
    );
    assert!(
        text.ends_with(&format!("{} errors found; nothing was written", d.0.len())),
        "{text}"
    );
}

#[test]
fn missing_file_is_a_diagnostic_not_a_panic() {
    let specs = vec![SpecInput {
        path: "/nonexistent/spec.yaml".into(),
        display: "spec/spec.yaml".into(),
        module: "m".into(),
    }];
    let d = openapi_codegen::generate(&Config {
        package: "x".into(),
        specs,
        allow_skip: false,
        conventions: Default::default(),
    })
    .expect_err("must fail");
    let d = d.diagnostics().expect("an input problem");
    assert_eq!(d.0[0].file, "spec/spec.yaml");
    assert!(d.0[0].message.starts_with("cannot read the file"), "{d}");
}

#[test]
fn a_failed_write_leaves_the_directory_as_it_was() {
    let dir = spec_dir().join("out");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    std::fs::write(dir.join("src/lib.rs"), "old").expect("write");
    // A file whose path runs through an existing *file* cannot be created: the write fails.
    let files = vec![
        openapi_codegen::GeneratedFile {
            path: "src/lib.rs".into(),
            contents: "new".into(),
        },
        openapi_codegen::GeneratedFile {
            path: "src/lib.rs/inner.rs".into(),
            contents: "x".into(),
        },
    ];
    assert!(write::write_atomically(&dir, &files).is_err());
    assert_eq!(
        std::fs::read_to_string(dir.join("src/lib.rs")).expect("still there"),
        "old"
    );
    assert_eq!(write::list_files(&dir).expect("list"), ["src/lib.rs"]);
    // Nothing is left behind beside it either.
    let leftovers: Vec<_> = std::fs::read_dir(dir.parent().expect("parent"))
        .expect("read")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".out."))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_successful_write_replaces_the_tree_and_reports_changes() {
    let dir = spec_dir().join("out2");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("stale.rs"), "gone soon").expect("write");
    let files = vec![openapi_codegen::GeneratedFile {
        path: "src/lib.rs".into(),
        contents: "fresh".into(),
    }];
    let summary = write::write_atomically(&dir, &files).expect("write");
    assert_eq!(summary.written, ["src/lib.rs"]);
    assert_eq!(summary.removed, ["stale.rs"]);
    assert_eq!(write::list_files(&dir).expect("list"), ["src/lib.rs"]);
    let again = write::write_atomically(&dir, &files).expect("write");
    assert!(again.written.is_empty());
    assert_eq!(again.unchanged, 1);
    assert!(write::check(&dir, &files).expect("check").is_empty());
}

/// With `allow_skip` the same document generates: what cannot be generated is left out or typed
/// as `serde_json::Value`, and every such item is listed.
#[test]
fn allow_skip_lists_everything_it_left_out() {
    let dir = spec_dir();
    let path = dir.join("skip.yaml");
    std::fs::write(&path, many_problems()).expect("write");
    let specs = vec![SpecInput {
        path,
        display: "spec/skip.yaml".into(),
        module: "skip".into(),
    }];
    let generated = openapi_codegen::generate(&Config {
        package: "skip".into(),
        specs,
        allow_skip: true,
        conventions: Default::default(),
    })
    .expect("generates with skips");
    let skipped: Vec<(&str, &str)> = generated
        .skipped
        .iter()
        .map(|d| (d.location.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(skipped.len(), 5, "{skipped:#?}");
    // Both operations were left out (one has an undeclared parameter, one a duplicate id).
    assert_eq!(generated.operations, 0);
    let models = generated
        .files
        .iter()
        .find(|f| f.path == "src/skip/models.rs")
        .expect("models");
    assert!(
        models
            .contents
            .contains("pub choice: Option<::serde_json::Value>"),
        "{}",
        models.contents
    );
}

/// Found by the fuzzer: a lone carriage return in a description (and other control characters
/// in titles and enum values) must still give Rust that parses.
#[test]
fn control_characters_in_prose_and_values_give_valid_rust() {
    let text = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"T\\r\\u001b\",\"version\":\"1\",\"description\":\"a\\rb\"},\
                \"servers\":[{\"url\":\"https://a.example.com\"}],\"paths\":{},\"components\":{\"schemas\":{\
                \"Thing\":{\"type\":\"object\",\"description\":\"x\\r\\ny\\rz\",\"properties\":{\"x\":{\"type\":\"boolean\",\"description\":\"a\\rb\"}}},\
                \"Odd\":{\"type\":\"string\",\"enum\":[\"a\\rb\",\"c\\u0000d\",\"`tick`\"]}}}}";
    let source = openapi_codegen::SpecSource {
        display: "spec/cr.json".into(),
        module: "cr".into(),
        text: text.into(),
    };
    let generated =
        openapi_codegen::generate_from_sources("cr", &[source]).unwrap_or_else(|d| panic!("{d}"));
    let models = generated
        .files
        .iter()
        .find(|f| f.path == "src/cr/models.rs")
        .expect("models");
    assert!(!models.contents.contains('\r'));
    assert!(
        models.contents.contains("/// a\n") && models.contents.contains("/// b\n"),
        "{}",
        models.contents
    );
    assert!(
        models.contents.contains("\"a\\rb\" => Self::"),
        "the wire value itself is kept: {}",
        models.contents
    );
}

/// JSON documents are read as JSON: characters YAML forbids but JSON allows (U+0085, U+FFFE) are
/// fine, and a JSON syntax error is located by line and column.
#[test]
fn json_is_read_as_json() {
    let text = "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"T\u{85}\u{fffe}\",\"version\":\"1\"},\"servers\":[{\"url\":\"https://a.example.com\"}],\"paths\":{}}";
    let ok = openapi_codegen::SpecSource {
        display: "spec/ok.json".into(),
        module: "ok".into(),
        text: text.into(),
    };
    openapi_codegen::generate_from_sources("ok", &[ok]).unwrap_or_else(|d| panic!("{d}"));
    let broken = openapi_codegen::SpecSource {
        display: "spec/bad.json".into(),
        module: "bad".into(),
        text: "{\n  \"openapi\": \"3.0.3\",\n  \"info\": }\n".into(),
    };
    let d = openapi_codegen::generate_from_sources("bad", &[broken]).expect_err("must fail");
    let d = d.diagnostics().expect("an input problem");
    assert_eq!(d.0[0].location, "line 3 column 11", "{d}");
    assert!(d.0[0].message.starts_with("not valid JSON"), "{d}");
}

/// Found by the fuzzer: an inline `allOf` that includes the schema it is part of copied itself
/// without end until the stack overflowed; it is a located error now.
#[test]
fn an_allof_that_includes_its_own_parent_is_an_error_not_an_overflow() {
    let text = std::fs::read_to_string(
        tests::root().join("fuzz/artifacts-found/allof-self-ref-stack-overflow.json"),
    )
    .expect("the fuzzer's finding");
    let d = errors(&[("selfref.json", &text)]);
    assert_eq!(d.0.len(), 1, "{d}");
    assert_eq!(
        d.0[0].location, "#/components/schemas/A/properties/p",
        "{d}"
    );
    assert!(d.0[0].message.contains("without end"), "{d}");
}

/// Where the intent is clear, a document that breaks OpenAPI 3.0 in small ways still loads, and
/// each repair is a located warning: a version written as a number, no `paths`, a response
/// without `description`, an integer bound beyond 64 bits.
#[test]
fn small_mistakes_load_with_located_warnings() {
    let models_only = openapi_codegen::SpecSource {
        display: "spec/models.json".into(),
        module: "models".into(),
        text: r#"{"openapi": 3.0, "info": {"title": "T", "version": "1"}, "components": {"schemas": {"Big": {"type": "integer", "minimum": -9223372036854776000, "maximum": 99999999999999999999}}}}"#.into(),
    };
    let no_description = openapi_codegen::SpecSource {
        display: "spec/ops.yaml".into(),
        module: "ops".into(),
        text: format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{content: {{application/json: {{schema: {{type: string}}}}}}}}\n"
        ),
    };
    let generated =
        openapi_codegen::generate_from_sources("lenient", &[models_only, no_description])
            .unwrap_or_else(|failure| panic!("{failure}"));
    let warnings: Vec<(&str, &str)> = generated
        .warnings
        .iter()
        .map(|w| (w.file.as_str(), w.location.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            ("spec/models.json", "#/openapi"),
            ("spec/models.json", "#"),
            ("spec/models.json", "#/components/schemas/Big/minimum"),
            ("spec/models.json", "#/components/schemas/Big/maximum"),
            ("spec/ops.yaml", "#/paths/~1a/get/responses/200"),
        ],
        "{:#?}",
        generated.warnings
    );
    assert!(
        generated
            .warnings
            .iter()
            .all(|w| w.warning && w.help.is_some())
    );
    assert!(generated.warnings[0].to_string().starts_with("warning: "));
}

/// A body `encoding` the generator does not apply is a located warning, never silent: an object
/// in a delimited style (written as JSON text), `allowReserved`, a multipart body's part
/// encodings. An object in the `form` style is applied (a pair per member): no warning.
#[test]
fn unapplied_body_encodings_are_located_warnings() {
    let generated = generate_one(
        "enc",
        format!(
            "{HEAD}paths:
  /a:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                obj: {{type: object, properties: {{x: {{type: string}}}}}}
                members: {{type: object, properties: {{x: {{type: string}}}}}}
                deep: {{type: object, properties: {{x: {{type: string}}}}}}
                s: {{type: string}}
            encoding:
              obj: {{style: spaceDelimited}}
              members: {{style: form}}
              deep: {{style: deepObject}}
              s: {{allowReserved: true}}
      responses:
        '204': {{description: ok}}
  /b:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                f: {{type: string, format: binary}}
            encoding:
              f: {{contentType: image/png}}
      responses:
        '204': {{description: ok}}
"
        ),
    );
    assert_eq!(
        warnings_of(&generated),
        [
            (
                "#/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/encoding/obj",
                "form field \"obj\": an object in this style is written as JSON text under its key",
            ),
            (
                "#/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/encoding/s",
                "form field \"s\": `allowReserved` is not applied",
            ),
            (
                "#/paths/~1b/post/requestBody/content/multipart~1form-data/encoding",
                "a multipart body's `encoding` (a part's `contentType` and `headers`) is not applied",
            ),
        ],
        "{:#?}",
        generated.warnings
    );
}

/// Two form bodies of one shape but different `encoding`s each keep theirs: the shared shape
/// does not make one operation send the other's way.
#[test]
fn form_bodies_of_one_shape_keep_their_own_encoding() {
    let form = |encoding: &str| {
        format!(
            "      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                tags: {{type: array, items: {{type: string}}}}
{encoding}      responses:
        '204': {{description: ok}}
"
        )
    };
    let generated = generate_one(
        "forms",
        format!(
            "{HEAD}paths:\n  /a:\n    post:\n{}  /b:\n    post:\n{}",
            form(""),
            form("            encoding:\n              tags: {style: form, explode: false}\n"),
        ),
    );
    let models = file(&generated, "src/forms/models.rs");
    assert!(
        models.contains("params.push(\"tags\", &self.tags);"),
        "{models}"
    );
    assert!(
        models.contains("params.push_joined(\"tags\", &self.tags, \",\");"),
        "{models}"
    );
}

/// Operations under one handle that declare its path parameter in different styles: the
/// handle holds it as the first declares it, and the others are warned at their operation.
#[test]
fn a_path_parameter_styled_differently_under_one_handle_is_a_warning() {
    let op = |style: &str, schema: &str| {
        format!(
            "    get:\n      parameters:\n        - {{name: r, in: path, required: true, {style}schema: {schema}}}\n      responses:\n        '204': {{description: ok}}\n"
        )
    };
    let generated = generate_one(
        "racks",
        format!(
            "{HEAD}paths:\n  /racks/{{r}}/rows:\n{}  /racks/{{r}}/shelves:\n{}",
            op("style: matrix, ", "{type: array, items: {type: integer}}"),
            op("", "{type: string}"),
        ),
    );
    assert_eq!(
        warnings_of(&generated),
        [(
            "#/paths/~1racks~1{r}~1shelves/get",
            "path parameter \"r\" is written as the first operation on its path declares it, not as this one does"
        )]
    );
    let resources = file(&generated, "src/racks/resources.rs");
    assert_eq!(
        resources.matches(".segment(self.r.clone())").count(),
        2,
        "{resources}"
    );
}

/// The hostile documents of the corpus (../shared/corpus, beside the repository): values that
/// OpenAPI or HTTP does not allow where they stand are located errors; values it allows (a
/// query parameter named with a quote, an enum value with a line break) generate, escaped.
#[test]
fn hostile_corpus_documents() {
    let corpus = tests::root().join("../shared/corpus");
    let run = |file: &str| {
        let text = std::fs::read_to_string(corpus.join(file)).unwrap_or_else(|e| {
            panic!("{file}: {e} (the corpus is in shared/ beside the repository)")
        });
        openapi_codegen::generate_from_sources(
            "hostile",
            &[openapi_codegen::SpecSource {
                display: file.to_owned(),
                module: "hostile".to_owned(),
                text,
            }],
        )
    };
    for (file, location, words) in [
        (
            "oapi-adversarial-content_type_newline.yaml",
            "#/paths/~1foo/post/requestBody/content/application~1json\ninjected",
            "holds a control character",
        ),
        (
            "oapi-adversarial-discriminator_quote.yaml",
            "#/components/schemas/Pet/discriminator",
            "is not a property of any alternative",
        ),
        (
            "oapi-adversarial-header_name_quote.yaml",
            "#/paths/~1foo/get/responses/200/headers/X-Ev\"il",
            "is not a valid HTTP header name",
        ),
        (
            "oapi-adversarial-path_newline.yaml",
            "#/paths/~1foo\ninjected",
            "holds a control character",
        ),
    ] {
        let failure = run(file).expect_err(file);
        let d = failure.diagnostics().expect("an input problem");
        assert!(
            d.0.iter()
                .any(|x| x.location == location && x.message.contains(words)),
            "{file}: {d}"
        );
    }
    for file in [
        "oapi-adversarial-parameter_name_quote.yaml",
        "oapi-adversarial-enum_value_newline.yaml",
    ] {
        run(file).unwrap_or_else(|failure| panic!("{file}: {failure}"));
    }
}

/// Label and matrix path styles generate; a template parameter written with RFC 6570's
/// operators (`{;id*}`) is looked up without them, and when nothing is declared under that name
/// the error is at its operation, naming it as written.
#[test]
fn template_operators_find_the_declared_parameter_or_are_located() {
    let d = errors(&[(
        "styles.yaml",
        &format!(
            "{HEAD}paths:\n  /a/{{.id}}:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, style: label, schema: {{type: string}}}}\n      responses:\n        '204': {{description: ok}}\n  /b/{{;nope*}}:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, style: matrix, schema: {{type: string}}}}\n      responses:\n        '204': {{description: ok}}\n"
        ),
    )]);
    let text = d.to_string();
    assert_eq!(d.0.len(), 1, "{text}");
    assert_eq!(d.0[0].location, "#/paths/~1b~1{;nope*}/get", "{text}");
    assert!(
        d.0[0]
            .message
            .contains("path parameter {;nope*} is not declared"),
        "{text}"
    );
}

/// A security requirement that names a scheme the document does not define is an error at the
/// requirement.
#[test]
fn an_undefined_security_scheme_is_located() {
    let d = errors(&[(
        "security.yaml",
        &format!(
            "{HEAD}paths:\n  /a:\n    get:\n      security: [{{nope: []}}]\n      responses:\n        '204': {{description: ok}}\n"
        ),
    )]);
    let text = d.to_string();
    assert_eq!(d.0.len(), 1, "{text}");
    assert_eq!(d.0[0].location, "#/paths/~1a/get/security/0", "{text}");
    assert!(d.0[0].message.contains("\"nope\""), "{text}");
}

/// A reference to a place that is not a component is followed through a copy of that place,
/// with a warning at the reference that says which copy; a reference to nowhere is still an
/// error located at the reference.
#[test]
fn references_to_places_that_are_not_components_are_copies_with_a_warning() {
    let generated = generate_one(
        "refs",
        format!(
            "{HEAD}paths:
  /a:
    get:
      parameters:
        - {{name: limit, in: query, schema: {{type: integer}}}}
      responses:
        '204': {{description: ok}}
  /b:
    get:
      parameters:
        - $ref: '#/paths/~1a/get/parameters/0'
      responses:
        '204': {{description: ok}}
"
        ),
    );
    assert_eq!(
        warnings_of(&generated),
        [(
            "#/paths/~1b/get/parameters/0",
            "a reference to \"#/paths/~1a/get/parameters/0\", which is not a component: read as a reference to a copy of it, \"#/components/parameters/paths_a_get_parameters_0\"",
        )],
        "{:#?}",
        generated.warnings
    );
    let errors = errors(&[(
        "nowhere.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/paths/~1z/get/parameters/0'\n      responses:\n        '204': {description: ok}\n",
    )]);
    assert!(
        errors.to_string().contains("#/paths/~1a/get/parameters/0"),
        "{errors}"
    );
}

/// A schema that is only an `allOf` of itself beside other keywords (`required`) used to
/// overflow the stack while the lowering asked whether it describes an object; it generates.
#[test]
fn an_allof_of_itself_beside_other_keywords_is_not_an_overflow() {
    let generated = generate_one(
        "selfloop",
        format!(
            "{HEAD}paths: {{}}
components:
  schemas:
    Loop:
      required: [x]
      allOf:
        - $ref: '#/components/schemas/Loop'
    Holder:
      type: object
      properties:
        loop: {{$ref: '#/components/schemas/Loop'}}
"
        ),
    );
    assert!(file(&generated, "src/selfloop/models.rs").contains("pub struct Holder"));
}

/// A `uint64` bound above `i64::MAX` is what the format allows: no warning, and the field is
/// `u64`; the same bound on a plain integer is a warning.
#[test]
fn unsigned_bounds_beyond_i64_are_not_warned_about() {
    let generated = generate_one(
        "bounds",
        format!(
            "{HEAD}paths: {{}}
components:
  schemas:
    Counter:
      type: object
      properties:
        big: {{type: integer, format: uint64, maximum: 18446744073709551615}}
        plain: {{type: integer, maximum: 18446744073709551615}}
"
        ),
    );
    let warnings = warnings_of(&generated);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].0.ends_with("/plain/maximum"), "{warnings:#?}");
    assert!(file(&generated, "src/bounds/models.rs").contains("pub big: Option<u64>"));
}

/// A schema that is nothing but an `allOf` of itself is an error at the schema (it generated a
/// type that was never defined), also when a union lists it; and a `$ref` to a whole section of
/// `components` is not copied (the copy would hold the copies) but refused where it is written.
#[test]
fn a_schema_of_only_itself_and_a_reference_to_a_whole_section_are_errors() {
    let d = errors(&[(
        "itself.yaml",
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    A: {allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/A'}]}
    W: {type: object, properties: {x: {type: string}}, oneOf: [{$ref: '#/components/schemas/A'}]}
    S:
      type: object
      properties:
        all: {$ref: '#/components/schemas'}
",
    )]);
    let found: Vec<(&str, &str)> =
        d.0.iter()
            .map(|e| (e.location.as_str(), e.message.as_str()))
            .collect();
    assert!(
        found.contains(&(
            "#/components/schemas/A",
            "schema \"A\" only includes itself"
        )),
        "{d}"
    );
    assert!(
        found.iter().any(
            |(at, message)| *at == "#/components/schemas/S/properties/all"
                && message.starts_with("unsupported reference")
        ),
        "{d}"
    );
}

/// Two places whose copies would take one name are named in the order of their pointers, not of
/// the references to them: a reference added earlier in the document never renames a copy.
#[test]
fn copies_are_named_in_the_order_of_their_pointers() {
    let generated = generate_one(
        "order",
        format!(
            "{HEAD}paths:
  /c:
    get:
      parameters:
        - $ref: '#/paths/~1a~1b/get/parameters/0'
        - $ref: '#/paths/~1a_b/get/parameters/0'
      responses:
        '204': {{description: ok}}
  /a/b:
    get:
      parameters:
        - {{name: x, in: query, schema: {{type: string}}}}
      responses:
        '204': {{description: ok}}
  /a_b:
    get:
      parameters:
        - {{name: y, in: query, schema: {{type: string}}}}
      responses:
        '204': {{description: ok}}
"
        ),
    );
    let copy_of = |pointer: &str| -> String {
        let warnings = warnings_of(&generated);
        let message = warnings
            .iter()
            .map(|(_, message)| *message)
            .find(|message| message.contains(&format!("a reference to \"{pointer}\"")))
            .unwrap_or_else(|| panic!("no warning for {pointer}: {warnings:#?}"));
        message
            .split("a copy of it, ")
            .nth(1)
            .unwrap_or_default()
            .to_owned()
    };
    // `_` sorts before `~`: `/a_b`'s parameter is named first, though referred to second.
    assert_eq!(
        copy_of("#/paths/~1a_b/get/parameters/0"),
        "\"#/components/parameters/paths_a_b_get_parameters_0\""
    );
    assert_eq!(
        copy_of("#/paths/~1a~1b/get/parameters/0"),
        "\"#/components/parameters/paths_a_b_get_parameters_0_2\""
    );
}

/// An object in a form body without an `encoding` entry goes as the conventions say: JSON text
/// under its key (Twilio's), or a pair per member (OpenAPI's default, `Conventions::generic`).
/// With a `style: form` entry it is a pair per member under either.
#[test]
fn form_objects_without_an_encoding_follow_the_conventions() {
    let text = format!(
        "{HEAD}paths:
  /a:
    post:
      operationId: send
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                plain: {{type: object, properties: {{x: {{type: string}}}}}}
                styled: {{type: object, properties: {{x: {{type: string}}}}}}
            encoding:
              styled: {{style: form}}
      responses:
        '204': {{description: ok}}
"
    );
    let path = spec_dir().join("forms.yaml");
    std::fs::write(&path, text).expect("write spec");
    let pushes = |conventions: openapi_codegen::Conventions| {
        let generated = openapi_codegen::generate(&Config {
            package: "forms".into(),
            specs: vec![SpecInput {
                path: path.clone(),
                display: "spec/forms.yaml".into(),
                module: "forms".into(),
            }],
            allow_skip: false,
            conventions: Some(conventions),
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
        generated
            .files
            .iter()
            .flat_map(|f| f.contents.lines())
            .filter(|l| l.contains("&self.plain") || l.contains("&self.styled"))
            .map(str::trim)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pushes(openapi_codegen::Conventions::twilio()),
        [
            "params.push(\"plain\", &self.plain);",
            "params.push_members(\"styled\", &self.styled, true);",
        ]
    );
    assert_eq!(
        pushes(openapi_codegen::Conventions::generic()),
        [
            "params.push_members(\"plain\", &self.plain, true);",
            "params.push_members(\"styled\", &self.styled, true);",
        ]
    );
}

/// A discriminator that names no value for an inline alternative (no `mapping` can, and its
/// property has no one-value `enum`) is a located warning; that alternative is told apart by
/// shape, the others keep their tags. A value two alternatives claim is a warning too, and
/// decodes as the one `mapping` names.
#[test]
fn a_discriminator_that_cannot_name_an_alternative_is_a_warning() {
    let generated = generate_one(
        "disc",
        format!(
            "{HEAD}paths: {{}}
components:
  schemas:
    Grammar:
      oneOf:
        - type: object
          required: [type, value]
          properties:
            type: {{type: string, enum: [json]}}
            value: {{type: object}}
        - type: object
          required: [type, pattern]
          properties:
            type: {{type: string}}
            pattern: {{type: string}}
      discriminator: {{propertyName: type}}
"
        ),
    );
    assert_eq!(
        warnings_of(&generated),
        [(
            "#/components/schemas/Grammar/discriminator",
            "discriminator property \"type\" names no value for #/components/schemas/Grammar/oneOf/1: told apart by shape when the tag names no other alternative",
        )],
    );
    let models = file(&generated, "src/disc/models.rs");
    assert!(
        models.contains("if tag.as_deref() == Some(\"json\")"),
        "{models}"
    );

    let generated = generate_one(
        "twice",
        format!(
            "{HEAD}paths: {{}}
components:
  schemas:
    U:
      oneOf:
        - type: object
          required: [kind]
          properties:
            kind: {{type: string, enum: [a]}}
        - $ref: '#/components/schemas/B'
      discriminator: {{propertyName: kind, mapping: {{a: '#/components/schemas/B'}}}}
    B:
      type: object
      required: [kind]
      properties:
        kind: {{type: string}}
        b: {{type: string}}
"
        ),
    );
    let warnings = warnings_of(&generated);
    assert!(
        warnings.contains(&(
            "#/components/schemas/U/discriminator",
            "discriminator value \"a\" names two alternatives; it decodes as B"
        )),
        "{warnings:#?}"
    );
    let models = file(&generated, "src/twice/models.rs");
    assert_eq!(
        models.matches("if tag.as_deref() == Some(\"a\")").count(),
        1,
        "{models}"
    );
}

/// Schemas real documents write in another language's words, or in OpenAPI 3.1's, are read
/// as they mean, each with a located warning: a `type` naming a component is a reference to it,
/// `int`/`enum` are `integer`/`string`, an unknown `type` is any value, a numeric
/// `exclusiveMinimum` is the bound, `type: [T, "null"]` is a nullable `T`.
#[test]
fn schemas_written_in_other_words_are_read_as_they_mean() {
    let generated = generate_one(
        "words",
        format!(
            "{HEAD}paths: {{}}
components:
  schemas:
    Forecast:
      type: object
      properties:
        hourly: {{type: Hourly, description: By the hour.}}
        code: {{type: int}}
        method: {{type: enum, enum: [s256, plain]}}
        odd: {{type: whatever}}
        best_of: {{type: integer, exclusiveMinimum: 0}}
        note: {{type: [string, 'null']}}
        maybe:
          oneOf:
            - {{type: 'null'}}
            - $ref: '#/components/schemas/Hourly'
        mixed: {{type: Hourly, oneOf: [{{type: string}}, {{type: integer}}]}}
    Hourly:
      type: object
      properties:
        time: {{type: string}}
"
        ),
    );
    let at = "#/components/schemas/Forecast/properties";
    assert_eq!(
        warnings_of(&generated),
        [
            (
                &*format!("{at}/best_of/exclusiveMinimum"),
                "`exclusiveMinimum: 0` is OpenAPI 3.1's form: read as `minimum: 0`, `exclusiveMinimum: true`"
            ),
            (
                &*format!("{at}/code/type"),
                "`type: int` is not an OpenAPI type: read as `type: integer`"
            ),
            (
                &*format!("{at}/hourly/type"),
                "`type: Hourly` is not an OpenAPI type: read as a reference to the component schema \"Hourly\""
            ),
            (
                &*format!("{at}/maybe/oneOf/0/type"),
                "`type: null` is OpenAPI 3.1's: read as `enum: [null]` (only null)"
            ),
            (
                &*format!("{at}/method/type"),
                "`type: enum` is not an OpenAPI type: read as `type: string`"
            ),
            (
                &*format!("{at}/mixed/type"),
                "`type: Hourly` is not an OpenAPI type: ignored beside `oneOf`/`anyOf`"
            ),
            (
                &*format!("{at}/note/type"),
                "`type` is a list (OpenAPI 3.1's form): read as `type: string` with `nullable: true`"
            ),
            (
                &*format!("{at}/odd/type"),
                "`type: whatever` is not an OpenAPI type: read as any value"
            ),
        ],
    );
    let models = file(&generated, "src/words/models.rs");
    for field in [
        "pub hourly: Option<Hourly>,",
        "pub code: Option<i64>,",
        "pub method: Option<ForecastMethod>,",
        "pub odd: Option<::serde_json::Value>,",
        "pub best_of: Option<i64>,",
        "pub note: Option<String>,",
        "pub maybe: Option<Hourly>,",
        "pub mixed: Option<ForecastMixed>,",
    ] {
        assert!(models.contains(field), "{field} in {models}");
    }
}

/// Without conventions given, the documents choose them: Twilio's for a document served from
/// `twilio.com` (its guide shows Twilio's credentials, `FetchWidget` is `fetch`), none for
/// another API's (no Twilio in its guide, `FetchWidget` is `fetch_widget`).
#[test]
fn the_documents_choose_the_conventions() {
    let generate = |server: &str| {
        let text = format!(
            "openapi: 3.0.3
info: {{title: T, version: '1'}}
servers: [{{url: '{server}'}}]
paths:
  /v1/Widgets/{{Sid}}:
    get:
      operationId: FetchWidget
      parameters:
        - {{name: Sid, in: path, required: true, schema: {{type: string, pattern: '^WG[0-9a-fA-F]{{32}}$'}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{sid: {{type: string}}}}}}
"
        );
        let path = spec_dir().join("detect.yaml");
        std::fs::write(&path, text).expect("write spec");
        openapi_codegen::generate(&Config::for_specs(
            &spec_dir(),
            &[path],
            Some("detect".into()),
        ))
        .unwrap_or_else(|failure| panic!("{failure}"))
    };
    let twilio = generate("https://widgets.twilio.com");
    let other = generate("https://api.example.com");
    let guide = |g: &openapi_codegen::Generated| file(g, "src/lib.rs").to_owned();
    let methods = |g: &openapi_codegen::Generated| {
        file(g, "src/detect/resources.rs")
            .lines()
            .filter_map(|l| l.trim().strip_prefix("pub fn "))
            .map(|l| l.split('(').next().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(guide(&twilio).contains("TWILIO_AUTH_TOKEN"));
    // SIDs are Twilio's: another API's crate has no module of them.
    let has_sids = |g: &openapi_codegen::Generated| g.files.iter().any(|f| f.path == "src/sids.rs");
    assert!(has_sids(&twilio) && !has_sids(&other));
    assert!(!guide(&other).contains("mod sids"));
    assert!(
        methods(&twilio).contains(&"fetch".to_owned()),
        "{:?}",
        methods(&twilio)
    );
    assert!(!guide(&other).contains("TWILIO"), "{}", guide(&other));
    // Twilio's error codes are shown for Twilio only.
    assert!(guide(&twilio).contains("err.code() == Some(20003)"));
    assert!(!guide(&other).contains("20003"), "{}", guide(&other));
    assert!(guide(&other).contains("err.status() == Some(401)"));
    assert!(
        methods(&other).contains(&"fetch_widget".to_owned()),
        "{:?}",
        methods(&other)
    );
}

/// When the operations ask for several schemes together, the guide's credentials hold one per
/// scheme, each named for its scheme.
#[test]
fn the_guide_shows_schemes_asked_for_together() {
    let generated = generate_one(
        "together",
        format!(
            "{HEAD}paths:
  /a:
    get:
      operationId: fetchA
      security: [{{appKey: [], token: []}}]
      responses:
        '204': {{description: ok}}
components:
  securitySchemes:
    appKey: {{type: apiKey, in: header, name: X-App-Key}}
    token: {{type: http, scheme: bearer}}
"
        ),
    );
    let guide = file(&generated, "src/lib.rs");
    assert!(
        guide.contains(
            "//! let credentials = Credentials::key_named(\"X-App-Key\", \"your_key\")\n//!     .and(Credentials::bearer(\"your_token\"));"
        ),
        "{guide}"
    );
}

/// A required header's default is sent when left unset only if a header can carry it (visible
/// ASCII); another stays the caller's to give.
#[test]
fn a_header_default_a_header_cannot_carry_stays_required() {
    let generated = generate_one(
        "hdr",
        format!(
            "{HEAD}paths:
  /a:
    get:
      operationId: fetchA
      parameters:
        - {{name: X-Multi, in: header, required: true, schema: {{type: string, default: \"a\\nb\"}}}}
        - {{name: X-Plain, in: header, required: true, schema: {{type: string, default: plain}}}}
      responses:
        '204': {{description: ok}}
"
        ),
    );
    let models = file(&generated, "src/hdr/models.rs");
    assert!(models.contains("pub x_multi: String,"), "{models}");
    assert!(models.contains("pub x_plain: Option<String>,"), "{models}");
}

/// A scalar written with another type's keywords (Kubernetes' `{type: string, uniqueItems:
/// true}` parameters, Ory's `required` on a string) keeps its type; it was any JSON value.
#[test]
fn a_scalar_with_stray_keywords_keeps_its_type() {
    let generated = generate_one(
        "stray",
        format!(
            "{HEAD}paths:
  /w/{{name}}:
    get:
      operationId: readWidget
      parameters:
        - {{name: name, in: path, required: true, schema: {{type: string, uniqueItems: true}}}}
        - {{name: limit, in: query, schema: {{type: integer, format: int32, uniqueItems: true}}}}
        - {{name: watch, in: query, schema: {{type: boolean, uniqueItems: true}}}}
        - {{name: ratio, in: query, schema: {{type: number, uniqueItems: true}}}}
        - {{name: tags, in: query, schema: {{type: array, items: {{type: string}}, required: [x]}}}}
        - {{name: grant, in: query, schema: {{type: string, required: [grant_type], enum: [code, token]}}}}
      responses:
        '204': {{description: ok}}
"
        ),
    );
    let models = file(&generated, "src/stray/models.rs");
    for field in [
        "pub limit: Option<i32>,",
        "pub watch: Option<bool>,",
        "pub ratio: Option<f64>,",
        "pub tags: Option<Vec<String>>,",
        "pub grant: Option<ReadWidgetGrant>,",
    ] {
        assert!(models.contains(field), "{field} in {models}");
    }
    let resources = file(&generated, "src/stray/resources.rs");
    assert!(resources.contains("name: &str"), "{resources}");
}

/// A subtype that defines a base's property again narrows it (Personio's `Supervisor.value`:
/// `{type: object}` in the base, a reference in the subtype); one that only describes it keeps
/// the base's type.
#[test]
fn a_later_all_of_part_narrows_a_property() {
    let generated = generate_one(
        "narrow",
        format!(
            "{HEAD}paths: {{}}
components:
  schemas:
    Attribute:
      type: object
      properties:
        label: {{type: string}}
        value: {{type: object}}
        count: {{type: integer}}
        status: {{$ref: '#/components/schemas/Status'}}
        when: {{type: string, format: date-time}}
    Status:
      type: string
      enum: [active, gone]
    Supervisor:
      allOf:
        - $ref: '#/components/schemas/Attribute'
        - type: object
          properties:
            value: {{$ref: '#/components/schemas/Employee'}}
            count: {{description: How many.}}
            status: {{type: string, description: Looser than the base's.}}
            when: {{type: string, example: '2026-01-01T00:00:00Z'}}
    Reversed:
      allOf:
        - properties:
            value: {{$ref: '#/components/schemas/Employee'}}
        - $ref: '#/components/schemas/Attribute'
    Employee:
      type: object
      properties:
        id: {{type: integer}}
"
        ),
    );
    let models = file(&generated, "src/narrow/models.rs");
    let supervisor = &models[models.find("pub struct Supervisor").expect("Supervisor")..];
    let supervisor = &supervisor[..supervisor.find("\n}").expect("its end")];
    assert!(
        supervisor.contains("pub value: Option<Employee>,"),
        "{supervisor}"
    );
    assert!(
        supervisor.contains("pub count: Option<i64>,"),
        "{supervisor}"
    );
    // A part that only loosens a property does not replace it, in either order.
    assert!(
        supervisor.contains("pub status: Option<Status>,"),
        "{supervisor}"
    );
    assert!(
        supervisor.contains("pub when: Option<::chrono::DateTime<::chrono::Utc>>,"),
        "{supervisor}"
    );
    let reversed = &models[models.find("pub struct Reversed").expect("Reversed")..];
    let reversed = &reversed[..reversed.find("\n}").expect("its end")];
    assert!(
        reversed.contains("pub value: Option<Employee>,"),
        "{reversed}"
    );
}

/// Intermediate bases are found through aliases, and only the component's own merge treats a
/// base above it as one: a schema inline in it that merges the base keeps the base's union.
#[test]
fn intermediate_bases_through_aliases_and_inline_merges() {
    let generated = generate_one(
        "inter",
        format!(
            "{HEAD}paths: {{}}
components:
  schemas:
    Animal:
      type: object
      required: [kind]
      properties:
        kind: {{type: string}}
      discriminator:
        propertyName: kind
        mapping: {{dog: '#/components/schemas/Dog', bird: '#/components/schemas/Bird'}}
    Mammal:
      allOf:
        - $ref: '#/components/schemas/Animal'
        - properties:
            fur: {{type: boolean}}
            rival:
              allOf:
                - $ref: '#/components/schemas/Animal'
                - properties:
                    since: {{type: string}}
    MammalAlias:
      $ref: '#/components/schemas/Mammal'
    Dog:
      allOf:
        - $ref: '#/components/schemas/MammalAlias'
        - properties:
            bark: {{type: boolean}}
    Bird:
      allOf:
        - $ref: '#/components/schemas/Animal'
        - properties:
            wings: {{type: integer, minimum: 0, uniqueItems: true}}
"
        ),
    );
    let models = file(&generated, "src/inter/models.rs");
    let item = |name: &str| {
        let start = models
            .find(&format!("pub struct {name} "))
            .unwrap_or_else(|| panic!("{name} in {models}"));
        let item = &models[start..];
        item[..item.find("\n}").expect("its end")].to_owned()
    };
    // Mammal, between Animal and Dog (reached through an alias), has no union of Animal's.
    assert!(!item("Mammal").contains("flatten"), "{}", item("Mammal"));
    // The rival, inline in Mammal, is any animal: it keeps the union.
    assert!(
        item("MammalRival").contains("flatten"),
        "{}",
        item("MammalRival")
    );
    // An integer with bounds and a stray keyword keeps its type.
    assert!(
        item("Bird").contains("pub wings: Option<i64>,"),
        "{}",
        item("Bird")
    );
}

/// Callbacks are requests a server makes to the caller: they are not generated, and a located
/// warning says so.
#[test]
fn callbacks_are_a_located_warning() {
    let generated = generate_one(
        "hooks",
        format!(
            "{HEAD}paths:
  /subscribe:
    post:
      operationId: subscribe
      callbacks:
        event:
          '{{$request.body#/url}}':
            post:
              requestBody:
                content:
                  application/json:
                    schema: {{type: object, properties: {{id: {{type: string}}}}}}
              responses:
                '200': {{description: ok}}
      responses:
        '204': {{description: ok}}
"
        ),
    );
    assert_eq!(
        warnings_of(&generated),
        [(
            "#/paths/~1subscribe/post/callbacks",
            "callbacks are not generated: a client sends requests, it does not serve them"
        )]
    );
}
