//! Golden tests: the edge-case documents in `tests/golden/specs/` generate exactly the crate
//! committed in `tests/golden/crate/` (one module per document). That crate is a workspace
//! member, so the expected output is also compiled and linted with everything else.
//!
//! Re-bless after an intended change: `BLESS=1 cargo test -p tests --test golden`.

#[test]
fn golden_crate_matches_specs() {
    let report = tests::check_or_bless("tests/golden/specs", "tests/golden/crate", Some("golden"));
    assert!(
        report.is_empty(),
        "tests/golden/crate differs from the generator's output; if the change is intended, run \
         `BLESS=1 cargo test -p tests --test golden` and review the diff:\n{report}"
    );
}
