//! Helpers shared by the test files: where things are, and the regenerate-and-compare check
//! used by the freshness and golden tests.

use std::path::{Path, PathBuf};

use openapi_codegen::{Config, write};

pub mod prism;
pub mod raw_server;

/// The README's Rust example, compiled as a doctest so it cannot rot.
#[doc = include_str!("../../README.md")]
pub struct Readme;

/// The workspace root.
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A fixture from `tests/fixtures/`, parsed.
pub fn fixture(name: &str) -> serde_json::Value {
    let path = root().join("tests/fixtures").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

/// Decodes an `application/x-www-form-urlencoded` body into its pairs, in order, with the URL
/// parser's decoder.
pub fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    let body = String::from_utf8_lossy(body);
    let url = reqwest::Url::parse(&format!("http://form.invalid/?{body}"))
        .expect("a form body is a query string");
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Regenerates the crate in `out` from the documents in `spec_dir` and compares it with what is
/// committed. With `BLESS=1` in the environment it rewrites `out` instead.
///
/// Returns a report of the differing files (empty when fresh).
pub fn check_or_bless(spec_dir: &str, out: &str, package: Option<&str>) -> String {
    let root = root();
    let specs =
        openapi_codegen::find_specs(&root.join(spec_dir)).expect("spec directory is readable");
    let config = Config::for_specs(&root, &specs, package.map(str::to_owned));
    match openapi_codegen::generate(&config) {
        Ok(generated) => compare_or_bless(&generated, out),
        Err(d) => format!("generation failed:\n{d}"),
    }
}

/// Compares generated files with the crate committed in `out` (relative to the workspace root);
/// with `BLESS=1` in the environment, rewrites `out` instead. Returns a report of the differing
/// files (empty when fresh).
pub fn compare_or_bless(generated: &openapi_codegen::Generated, out: &str) -> String {
    let out = root().join(out);
    if std::env::var_os("BLESS").is_some() {
        write::write_atomically(&out, &generated.files).expect("output directory is writable");
        return String::new();
    }
    let stale = write::check(&out, &generated.files).expect("output directory is readable");
    let mut report = String::new();
    for s in stale {
        let state = match (&s.on_disk, &s.generated) {
            (None, _) => "missing",
            (_, None) => "not generated any more",
            _ => "differs",
        };
        report.push_str(&format!("  {}: {state}\n", s.path));
        if let (Some(old), Some(new)) = (&s.on_disk, &s.generated)
            && let Some((n, (a, b))) = old
                .lines()
                .zip(new.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
        {
            report.push_str(&format!(
                "    first difference at line {}:\n    - {a}\n    + {b}\n",
                n + 1
            ));
        }
    }
    report
}
