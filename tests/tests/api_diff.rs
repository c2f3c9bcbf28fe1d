//! `cargo xtask api-diff`: what a spec change does to the generated Rust API.
//!
//! - `tests/api_diff/<case>/{old,new}.yaml`: a pair of small specs per kind of change, with the
//!   expected report in `expected.txt` (re-bless with `BLESS=1`) and what it shows in
//!   `README.md`; the kinds and severities are asserted here too, independently of the text.
//! - `../shared/twilio-oai/history`: every consecutive pair of Twilio's published messaging
//!   specs gives a report (`tests/api_diff/history.txt`), and a few pairs are checked against
//!   changes verified by hand in the YAML.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use openapi_codegen::SpecSource;
use openapi_codegen::api::{self, Bump, Report, Severity, render};

fn cases_dir() -> PathBuf {
    tests::root().join("tests/api_diff")
}

fn source(path: &Path, module: &str) -> Vec<SpecSource> {
    vec![SpecSource {
        display: path.file_name().unwrap().to_string_lossy().into_owned(),
        module: module.to_owned(),
        text: std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }]
}

/// The report for two documents compared as one module, `allow_skip` as for `--allow-skip`.
fn compare(old: &Path, new: &Path, allow_skip: bool) -> Report {
    let surface = |p: &Path| {
        api::surface_from_sources(&source(p, "v1"), allow_skip)
            .unwrap_or_else(|f| panic!("{}: {f}", p.display()))
            .0
    };
    let label = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    api::diff(&surface(old), &surface(new), &label(old), &label(new))
}

fn case(name: &str) -> Report {
    let dir = cases_dir().join(name);
    compare(&dir.join("old.yaml"), &dir.join("new.yaml"), false)
}

/// `(kind, severity)` of every change, in report order.
fn kinds(report: &Report) -> Vec<(String, Severity)> {
    report
        .changes
        .iter()
        .map(|c| (c.kind.clone(), c.severity))
        .collect()
}

fn k(kind: &str, severity: Severity) -> (String, Severity) {
    (kind.to_owned(), severity)
}

use Severity::{Breaking as B, Compatible as C};

/// Compares `actual` with the file, or writes it with `BLESS=1`.
fn golden(path: &Path, actual: &str) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, actual).expect("write");
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1 to create it)", path.display()));
    assert_eq!(
        expected,
        actual,
        "{} differs; if the new report is right, re-bless with BLESS=1",
        path.display()
    );
}

#[test]
fn every_case_matches_its_expected_report() {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("tests/api_diff")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("old.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 9, "{names:?}");
    for name in names {
        let report = case(&name);
        golden(
            &cases_dir().join(&name).join("expected.txt"),
            &render::text(&report),
        );
        // Every format renders, and JSON reads back as the same report.
        let json = render::json(&report);
        let back: Report = serde_json::from_str(&json).expect("JSON report parses");
        assert_eq!(back, report);
        assert!(render::markdown(&report).starts_with("### Rust API changes: "));
    }
}

#[test]
fn reordering_reformatting_and_inline_to_ref_show_no_change() {
    for name in ["reformatted", "inline_to_ref"] {
        let report = case(name);
        assert!(report.is_empty(), "{name}: {}", render::text(&report));
        assert_eq!(report.bump, Bump::None);
    }
}

#[test]
fn an_inline_schema_moved_under_another_name_is_one_rename() {
    let report = case("inline_to_ref_renamed");
    assert_eq!(kinds(&report), [k("type_renamed", B)]);
    assert!(
        report.changes[0]
            .message
            .contains("`WidgetDimensions` renamed to `Size`")
    );
    assert_eq!(report.bump, Bump::Major);
}

#[test]
fn operations_added_and_removed() {
    let report = case("operations");
    assert_eq!(
        kinds(&report),
        [k("operation_removed", B), k("operation_added", C)]
    );
}

#[test]
fn parameters_added_removed_made_required_or_optional() {
    let report = case("parameters");
    assert_eq!(
        kinds(&report),
        [
            k("signature_changed", B),
            k("parameter_removed", B),
            k("parameter_added", B),
            k("parameter_added", C),
            k("parameter_added", C),
            k("parameter_made_optional", B),
            k("parameter_made_required", B),
        ]
    );
    assert!(
        report.changes[2].message.contains("`region: String`"),
        "{}",
        report.changes[2].message
    );
}

#[test]
fn request_fields_added_retyped_renamed() {
    let report = case("request_fields");
    assert_eq!(
        kinds(&report),
        [
            k("field_added", B),
            k("field_added", C),
            k("field_retyped", B),
            k("field_renamed", B),
        ]
    );
}

#[test]
fn response_fields_nullability_and_optionality() {
    let report = case("response_fields");
    assert_eq!(
        kinds(&report),
        [
            k("field_removed", B),
            k("field_added", C),
            k("field_made_optional", B),
            k("field_made_nullable", B),
            k("field_made_required", C),
        ]
    );
}

#[test]
fn enum_values_and_union_variants() {
    let report = case("enums_and_unions");
    assert_eq!(
        kinds(&report),
        [
            k("variant_added", C),
            k("type_added", C),
            k("enum_value_removed", B),
            k("enum_value_added", C),
            k("enum_value_added", C),
        ]
    );
}

#[test]
fn doc_only_changes_are_counted_not_listed() {
    let report = case("docs_only");
    assert!(report.changes.is_empty());
    assert!(report.doc_changes >= 3, "{}", report.doc_changes);
    assert_eq!(report.bump, Bump::Patch);
}

// ----- the real history ---------------------------------------------------------------------

fn history_dir() -> PathBuf {
    let dir = tests::root().join("../shared/twilio-oai/history");
    assert!(
        dir.is_dir(),
        "{} is missing: the shared Twilio spec history sits beside the clone",
        dir.display()
    );
    dir
}

/// The consecutive pairs of published versions of `twilio_messaging_{v}`, oldest first (the
/// file names are `NAME.DATE.COMMIT.yaml`).
fn history_pairs(v: &str) -> Vec<(PathBuf, PathBuf)> {
    let prefix = format!("twilio_messaging_{v}.");
    let mut files: Vec<PathBuf> = std::fs::read_dir(history_dir())
        .expect("history")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&prefix)
        })
        .collect();
    files.sort();
    files
        .windows(2)
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect()
}

fn history_report(old: &str, new: &str) -> Report {
    let dir = history_dir();
    compare(&dir.join(old), &dir.join(new), true)
}

#[test]
fn every_consecutive_published_version_gives_a_report() {
    let mut summary = String::new();
    let mut pairs = 0;
    for v in ["v1", "v2"] {
        for (old, new) in history_pairs(v) {
            let report = compare(&old, &new, true);
            summary.push_str(&render::text(&report));
            summary.push_str("\n----\n\n");
            pairs += 1;
        }
    }
    assert_eq!(pairs, 17 + 16, "18 v1 and 17 v2 versions");
    golden(&cases_dir().join("history.txt"), &summary);
}

#[test]
fn newest_v2_update_only_rewords_a_description() {
    // 2026-04-14 rewords the description of `account_type`; the field and the enum generated
    // from it both carry it.
    let report = history_report(
        "twilio_messaging_v2.2026-03-24.5fc16b9.yaml",
        "twilio_messaging_v2.2026-04-14.d50069b.yaml",
    );
    assert!(report.changes.is_empty(), "{}", render::text(&report));
    assert_eq!(report.doc_changes, 2);
    assert_eq!(report.bump, Bump::Patch);
}

#[test]
fn v2_2026_03_24_adds_account_type_and_presigned_url_models() {
    let report = history_report(
        "twilio_messaging_v2.2026-02-18.67e9f3a.yaml",
        "twilio_messaging_v2.2026-03-24.5fc16b9.yaml",
    );
    let text = render::text(&report);
    assert_eq!(
        kinds(&report),
        [
            k("field_added", C),
            k("type_added", C),
            k("type_added", C),
            k("type_added", C)
        ],
        "{text}"
    );
    for expected in [
        "field `account_type: Nullable<ChannelsSenderConfigurationAccountType>` added",
        "enum `ChannelsSenderConfigurationAccountType` added",
        "struct `PresignedUrlRequest` added",
        "struct `PresignedUrlResponse` added",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert_eq!(report.bump, Bump::Minor);
}

#[test]
fn v2_2025_10_28_makes_rcs_compliance_fields_optional() {
    // `required: [countries]` and `[registration_sid, status]` dropped from four schemas.
    let report = history_report(
        "twilio_messaging_v2.2025-09-25.a33f634.yaml",
        "twilio_messaging_v2.2025-10-28.af3dd9e.yaml",
    );
    assert_eq!(report.breaking, 6, "{}", render::text(&report));
    assert_eq!(report.compatible, 0);
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.kind == "field_made_optional" && c.severity == B)
    );
}

#[test]
fn v2_2025_05_29_turns_emails_and_websites_into_free_form_values() {
    let report = history_report(
        "twilio_messaging_v2.2025-05-13.9524115.yaml",
        "twilio_messaging_v2.2025-05-29.80b5b01.yaml",
    );
    let text = render::text(&report);
    assert_eq!(
        kinds(&report),
        [
            k("field_retyped", B),
            k("field_retyped", B),
            k("type_removed", B),
            k("type_removed", B)
        ],
        "{text}"
    );
    assert!(text.contains(
        "field `emails`: `Nullable<Vec<ChannelsSenderProfileEmailsItem>>` → `Nullable<serde_json::Value>`"
    ));
}

#[test]
fn newest_v1_update_moves_inline_enums_to_components_and_adds_a_header_parameter() {
    let report = history_report(
        "twilio_messaging_v1.2026-02-05.55a17be.yaml",
        "twilio_messaging_v1.2026-03-10.c854046.yaml",
    );
    let text = render::text(&report);
    assert_eq!((report.breaking, report.compatible), (17, 9), "{text}");
    for expected in [
        // `business_type`'s inline enum became `$ref: tollfree_verification_enum_business_type`.
        "enum `TollfreeVerificationBusinessType` renamed to `TollfreeVerificationEnumBusinessType`",
        // A new optional header parameter, X-Twilio-Api-Version: a params struct on create.
        "`create(body: &CreateUsAppToPersonRequest) -> ServiceUsAppToPerson` → `create(params: &CreateUsAppToPersonParams, body: &CreateUsAppToPersonRequest) -> ServiceUsAppToPersonResponse`",
        "parameter `x_twilio_api_version: Option<String>` added",
        // The response became a oneOf of the old and a v2 shape.
        "union enum `ServiceUsAppToPersonResponse` added",
        "field `use_case_categories`: `Vec<String>` → `Option<Vec<TollfreeVerificationEnumUseCaseCategoriesItem>>`",
        "field `privacy_policy_url: Option<String>` added",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

// ----- the command ---------------------------------------------------------------------------

fn xtask_api_diff(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "xtask", "--", "api-diff"])
        .args(args)
        .current_dir(tests::root())
        .output()
        .expect("cargo runs")
}

#[test]
fn the_command_prints_each_format_and_fails_on_breaking_changes() {
    let old = "tests/api_diff/enums_and_unions/old.yaml";
    let new = "tests/api_diff/enums_and_unions/new.yaml";
    let json = xtask_api_diff(&[old, new, "--format", "json", "--fail-on", "breaking"]);
    assert_eq!(
        json.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let report: Report = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!((report.breaking, report.compatible), (1, 4));
    assert_eq!(report.bump, Bump::Major);

    let text = xtask_api_diff(&[old, new]);
    assert_eq!(text.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("breaking    value `retired` (`WidgetStatus::Retired`) removed"),
        "{stdout}"
    );

    let md = xtask_api_diff(&[old, new, "--format", "markdown", "--fail-on", "breaking"]);
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("### Rust API changes: major"));

    // No change: even --fail-on any passes. One path alone is a usage error.
    let (old, new) = (
        "tests/api_diff/operations/new.yaml",
        "tests/api_diff/operations/new.yaml",
    );
    assert_eq!(
        xtask_api_diff(&[old, new, "--fail-on", "any"])
            .status
            .code(),
        Some(0)
    );
    let bad = xtask_api_diff(&[old]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn required_fields_in_another_order_reorder_the_constructor() {
    let report = case("constructor_order");
    assert_eq!(kinds(&report), [k("constructor_reordered", B)]);
}

// ----- names depend only on what they name ---------------------------------------------------

/// Where each operation of a surface is reached, by endpoint (`GET /v1/Services/{Sid}`): its
/// resource key and method name, and its signature.
fn operations(surface: &api::Surface) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for module in &surface.modules {
        for resource in &module.resources {
            for m in &resource.methods {
                let at = format!("{}.{}()", resource.key, m.name);
                let sig = format!("{} -> {:?}", api::diff::signature(m), m.returns);
                out.insert(m.endpoint.clone(), (at, sig));
            }
        }
    }
    out
}

/// A path template without its parameter names, which the surface shows in snake case:
/// `/v1/Services/{ServiceSid}` → `/v1/Services/{}`.
fn template_shape(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

/// The spec element an endpoint's method is generated from, as written (references
/// unresolved): its operation object, and its path item without the other operations (path
/// parameters, the vendor's extensions).
fn operation_element(doc: &serde_json::Value, endpoint: &str) -> serde_json::Value {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let (method, path) = endpoint.split_once(' ').expect("`METHOD /path`");
    let paths = doc["paths"].as_object().expect("paths");
    let (_, item) = paths
        .iter()
        .find(|(p, _)| template_shape(p) == template_shape(path))
        .unwrap_or_else(|| panic!("{path} is not in the document"));
    let mut shared = item.as_object().cloned().unwrap_or_default();
    shared.retain(|k, _| !METHODS.contains(&k.as_str()));
    serde_json::json!([item[method.to_ascii_lowercase()], shared])
}

/// Every operation whose spec element is the same in both documents but whose generated method
/// is reached under another name or has another signature.
fn unstable_names(old: &Path, new: &Path) -> Vec<String> {
    let surface = |p: &Path| {
        api::surface_from_sources(&source(p, "v1"), true)
            .unwrap_or_else(|f| panic!("{}: {f}", p.display()))
            .0
    };
    let yaml = |p: &Path| -> serde_json::Value {
        serde_norway::from_str(&std::fs::read_to_string(p).expect("read")).expect("YAML")
    };
    let (old_doc, new_doc) = (yaml(old), yaml(new));
    let (before, after) = (operations(&surface(old)), operations(&surface(new)));
    let mut problems = Vec::new();
    for (endpoint, (old_at, old_sig)) in &before {
        let Some((new_at, new_sig)) = after.get(endpoint) else {
            continue;
        };
        if operation_element(&old_doc, endpoint) != operation_element(&new_doc, endpoint) {
            continue;
        }
        if old_at != new_at {
            problems.push(format!("{endpoint}: renamed from {old_at} to {new_at}"));
        }
        if old_sig != new_sig {
            problems.push(format!("{endpoint}: retyped from {old_sig} to {new_sig}"));
        }
    }
    problems
}

#[test]
fn adding_a_list_endpoint_beside_a_parent_renames_nothing() {
    let dir = cases_dir().join("parent_list_added");
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    assert_eq!(unstable_names(&old, &new), Vec::<String>::new());
    let report = case("parent_list_added");
    assert_eq!(kinds(&report), [k("operation_added", C)]);
}

#[test]
fn a_twin_of_an_inline_schema_added_before_it_renames_nothing() {
    let dir = cases_dir().join("inline_twin_added");
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    assert_eq!(unstable_names(&old, &new), Vec::<String>::new());
    let report = case("inline_twin_added");
    assert!(
        report.changes.iter().all(|c| c.severity == C),
        "{}",
        render::text(&report)
    );
    let generated = openapi_codegen::generate_from_sources("orders", &source(&new, "v1"))
        .unwrap_or_else(|f| panic!("{f}"));
    let models = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("models.rs"))
        .map(|f| f.contents.as_str())
        .expect("models");
    assert!(
        models.contains("pub customer: Option<OrderCustomer>"),
        "{models}"
    );
    assert!(
        models.contains("pub type OrderCustomer = AccountCustomer;"),
        "{models}"
    );
    assert!(
        models.contains("pub type OrderStatus = AccountStatus;"),
        "{models}"
    );
}

#[test]
fn no_published_update_renames_or_retypes_an_operation_it_left_alone() {
    let mut problems = Vec::new();
    for v in ["v1", "v2"] {
        for (old, new) in history_pairs(v) {
            for p in unstable_names(&old, &new) {
                let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
                problems.push(format!("{} → {}: {p}", name(&old), name(&new)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
