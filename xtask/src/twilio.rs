//! `cargo xtask twilio [--check]`: all of Twilio's published specs (`../shared/twilio-oai/spec`,
//! beside the repository; never copied into it) generated one by one and together into one
//! crate, `tests/twilio/sdk` (not committed). With `--check`, the crate, the `send_sms` example
//! and the tests of `tests/twilio/app` (hosts per product, contract tests against Prism serving
//! Twilio's own specs) are built with clippy's warnings denied and run.

use std::path::Path;
use std::time::Instant;

use openapi_codegen::{Config, write};

pub const USAGE: &str = "usage: cargo xtask twilio [--check] [--specs DIR]

  --check      also lint the crate and the app in tests/twilio (clippy -D warnings) and run its
               tests (hosts per product; contract tests against Prism)
  --specs DIR  Twilio's specs (default: ../shared/twilio-oai/spec beside the repository)";

pub fn run(root: &Path, specs_dir: &Path, check: bool) -> Result<(), String> {
    let specs = openapi_codegen::find_specs(specs_dir).map_err(|e| {
        format!(
            "error: cannot read Twilio's specs in {}: {e}\n  help: they are in shared/twilio-oai/spec beside the repository; pass --specs DIR",
            specs_dir.display()
        )
    })?;
    if specs.is_empty() {
        return Err(format!("error: no specs in {}", specs_dir.display()));
    }
    // Each spec alone, with no flags: everything generates.
    let started = Instant::now();
    let mut operations = 0;
    for spec in &specs {
        let config = Config::for_specs(root, std::slice::from_ref(spec), None);
        let generated = openapi_codegen::generate(&config).map_err(|f| f.to_string())?;
        operations += generated.operations;
    }
    println!(
        "alone: {} spec(s), {operations} operations, each generated without flags in {} ms in all",
        specs.len(),
        started.elapsed().as_millis()
    );
    // All together in one crate.
    let started = Instant::now();
    let config = Config::for_specs(root, &specs, Some("twilio".to_owned()));
    let generated = openapi_codegen::generate(&config).map_err(|f| f.to_string())?;
    let generation = started.elapsed();
    let out = root.join("tests/twilio/sdk");
    write::write_atomically(&out, &generated.files)
        .map_err(|e| format!("error: cannot write {}: {e}", out.display()))?;
    println!(
        "together: {} spec(s), {} schemas, {} operations generated in {} ms into tests/twilio/sdk",
        specs.len(),
        generated.types,
        generated.operations,
        generation.as_millis()
    );
    if !check {
        return Ok(());
    }
    let manifest = root.join("tests/twilio/Cargo.toml");
    let target = root.join("target/twilio");
    // The repository's lock file pins the same versions of the runtime's dependencies.
    let lock = root.join("tests/twilio/Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock)
            .map_err(|e| format!("error: cannot copy Cargo.lock: {e}"))?;
    }
    let steps: [(&str, &str, &[&str]); 2] = [
        (
            "clippy (warnings denied) on the crate, the example and the tests",
            "clippy",
            &["--workspace", "--all-targets", "--", "-D", "warnings"],
        ),
        (
            "tests (hosts per product, contract tests)",
            "test",
            &["--workspace"],
        ),
    ];
    for (what, command, args) in steps {
        let started = Instant::now();
        println!("==> {what}");
        let status = crate::cargo(root)
            .arg(command)
            .arg("--manifest-path")
            .arg(&manifest)
            .args(args)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("error: cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("error: {what} failed"));
        }
        println!("    {what}: {} s", started.elapsed().as_secs());
    }
    Ok(())
}
