//! `cargo xtask corpus [--check]`: the public OpenAPI 3.0 documents in `../shared/corpus`
//! (beside the repository; never copied into it), each generated with no flags into
//! `target/corpus/<name>`; the documents refused on purpose (below) must get located errors and
//! no output. With `--check`, every generated crate is built in one workspace with clippy's
//! warnings denied.

use std::path::Path;
use std::time::Instant;

use openapi_codegen::{Config, Failure, write};

/// Documents that are refused, each with why. Hostile ones break OpenAPI or HTTP on purpose;
/// the others use what the generator does not write yet.
const REFUSED: &[(&str, &str)] = &[
    (
        "oapi-adversarial-content_type_newline.yaml",
        "hostile: a media type with a line break",
    ),
    (
        "oapi-adversarial-discriminator_quote.yaml",
        "hostile: a discriminator no alternative declares",
    ),
    (
        "oapi-adversarial-header_name_quote.yaml",
        "hostile: a header name that is not an HTTP token",
    ),
    (
        "oapi-adversarial-path_newline.yaml",
        "hostile: a path with a line break",
    ),
];

pub const USAGE: &str = "usage: cargo xtask corpus [--check] [--dir DIR]

  --check    also build every generated crate with clippy, warnings denied
  --dir DIR  the documents (default: ../shared/corpus beside the repository)";

pub fn run(root: &Path, dir: &Path, check: bool) -> Result<(), String> {
    let specs = openapi_codegen::find_specs(dir).map_err(|e| {
        format!(
            "error: cannot read the corpus in {}: {e}\n  help: it is shared/corpus beside the repository; pass --dir DIR",
            dir.display()
        )
    })?;
    let out = root.join("target/corpus");
    let started = Instant::now();
    let mut members = Vec::new();
    let mut problems = Vec::new();
    for spec in &specs {
        let file = spec
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name: String = file
            .rsplit_once('.')
            .map_or(file.as_str(), |(stem, _)| stem)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let config = Config::for_specs(
            root,
            std::slice::from_ref(spec),
            Some(format!("corpus-{name}")),
        );
        let refused = REFUSED.iter().find(|(f, _)| *f == file);
        match (openapi_codegen::generate(&config), refused) {
            (Ok(generated), None) => {
                write::write_atomically(&out.join(&name), &generated.files)
                    .map_err(|e| format!("error: cannot write {}: {e}", out.display()))?;
                members.push(name);
            }
            (Err(Failure::Invalid(d)), Some((_, why))) => {
                let located =
                    d.0.iter()
                        .all(|x| !x.file.is_empty() && !x.location.is_empty());
                if !located {
                    problems.push(format!("{file}: refused without a location:\n{d}"));
                }
                println!("refused as expected ({why}): {file}: {}", d.0[0].message);
            }
            (Ok(_), Some((_, why))) => problems.push(format!(
                "{file}: generated, but it is listed as refused ({why})"
            )),
            (Err(failure), _) => problems.push(format!("{file}:\n{failure}")),
        }
    }
    println!(
        "{} of {} documents generated with no flags in {} ms; {} refused on purpose",
        members.len(),
        specs.len(),
        started.elapsed().as_millis(),
        REFUSED.len()
    );
    if !problems.is_empty() {
        return Err(format!(
            "error: the corpus does not generate as expected:\n{}",
            problems.join("\n")
        ));
    }
    if !check {
        return Ok(());
    }
    let quoted: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        out.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            quoted.join(", ")
        ),
    )
    .map_err(|e| format!("error: cannot write the corpus workspace: {e}"))?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|e| format!("error: cannot copy Cargo.lock: {e}"))?;
    // Clippy on every crate, then the examples of every crate's front page: its guide shows
    // calls chosen from the spec, and they must compile (they are `no_run`).
    let steps: [(&[&str], &str, &str); 2] = [
        (
            &[
                "clippy",
                "--workspace",
                "--keep-going",
                "--",
                "-D",
                "warnings",
            ],
            " built with clippy, warnings denied,",
            "a generated corpus crate fails clippy",
        ),
        (
            &["test", "--doc", "--workspace", "--no-fail-fast"],
            "' doc examples compiled",
            "a generated corpus crate's doc examples do not compile",
        ),
    ];
    for (args, done, failed) in steps {
        let started = Instant::now();
        let status = crate::cargo(root)
            .arg(args[0])
            .arg("--manifest-path")
            .arg(out.join("Cargo.toml"))
            .args(&args[1..])
            .env("CARGO_TARGET_DIR", root.join("target/corpus-target"))
            .status()
            .map_err(|e| format!("error: cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("error: {failed}"));
        }
        println!(
            "{} crates{done} in {} s",
            members.len(),
            started.elapsed().as_secs()
        );
    }
    Ok(())
}
