//! `generated/` is exactly what the generator writes from `spec/` today.

#[test]
fn generated_crate_matches_spec() {
    let report = tests::check_or_bless("spec", "generated", None);
    assert!(
        report.is_empty(),
        "generated/ is stale; run `cargo xtask codegen`:\n{report}"
    );
}
