//! `cargo xtask api-diff [--base REV] [OLD NEW] [--format text|markdown|json] [--fail-on breaking|any]`
//!
//! What a spec change does to the generated Rust API: operations, parameters, fields, enum
//! values and variants added, removed or changed, each marked breaking or compatible for code
//! that uses the crate, with the semver bump they imply. Compared on the generator's IR, not on
//! text.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use openapi_codegen::GeneratedFile;
use openapi_codegen::api::{self, Report, render};

pub const USAGE: &str = "usage: cargo xtask api-diff [--base REV] [OLD NEW] [--format text|markdown|json] [--fail-on breaking|any] [--allow-skip]

  (no OLD NEW)     compare spec/ at git revision REV (default HEAD) with spec/ in the working tree
  OLD NEW          compare two spec files, or two folders of specs
  --base REV       the git revision to compare the working tree's spec/ with (default HEAD)
  --format F       text (default), markdown (for a pull-request comment) or json (for bots)
  --fail-on WHAT   exit 1 when there is a breaking change (breaking) or any change but docs (any)
  --allow-skip     leave out what cannot be generated, as `cargo xtask codegen --allow-skip` does";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, PartialEq)]
enum FailOn {
    Never,
    Breaking,
    Any,
}

struct Args {
    base: Option<String>,
    paths: Vec<PathBuf>,
    format: Format,
    fail_on: FailOn,
    allow_skip: bool,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args {
        base: None,
        paths: Vec::new(),
        format: Format::Text,
        fail_on: FailOn::Never,
        allow_skip: false,
    };
    while let Some(arg) = argv.next() {
        match arg.as_str() {
            "--base" => args.base = Some(argv.next().ok_or("--base needs a git revision")?),
            "--format" => {
                args.format = match argv.next().as_deref() {
                    Some("text") => Format::Text,
                    Some("markdown" | "md") => Format::Markdown,
                    Some("json") => Format::Json,
                    other => {
                        return Err(format!(
                            "--format takes text, markdown or json, not {other:?}"
                        ));
                    }
                }
            }
            "--fail-on" => {
                args.fail_on = match argv.next().as_deref() {
                    Some("breaking") => FailOn::Breaking,
                    Some("any") => FailOn::Any,
                    Some("never") => FailOn::Never,
                    other => return Err(format!("--fail-on takes breaking or any, not {other:?}")),
                }
            }
            "--allow-skip" => args.allow_skip = true,
            "-h" | "--help" => return Err("help requested".into()),
            other if other.starts_with('-') => return Err(format!("unknown option {other:?}")),
            path => args.paths.push(path.into()),
        }
    }
    match (args.paths.len(), &args.base) {
        (0, _) => Ok(args),
        (2, None) => Ok(args),
        (2, Some(_)) => Err("give either --base REV or OLD NEW, not both".into()),
        _ => Err("give two specs (or two folders of specs) to compare, or none".into()),
    }
}

/// `cargo xtask api-diff …`: 0 when done, 1 when `--fail-on` says so, 2 on bad usage or input.
pub fn main(argv: impl Iterator<Item = String>, root: Result<PathBuf, String>) -> ExitCode {
    let args = match parse_args(argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let report = if args.paths.is_empty() {
        root.and_then(|root| {
            let rev = args.base.as_deref().unwrap_or("HEAD");
            compare_with_revision(&root, rev, args.allow_skip)
        })
    } else {
        compare_paths(&args.paths[0], &args.paths[1], args.allow_skip)
    };
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    print!(
        "{}",
        match args.format {
            Format::Text => render::text(&report),
            Format::Markdown => render::markdown(&report),
            Format::Json => render::json(&report),
        }
    );
    let fail = match args.fail_on {
        FailOn::Never => false,
        FailOn::Breaking => report.breaking > 0,
        FailOn::Any => !report.changes.is_empty(),
    };
    if fail {
        eprintln!(
            "error: {} breaking and {} compatible change(s) to the Rust API (--fail-on)",
            report.breaking, report.compatible
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// What `cargo xtask codegen` prints before its file counts when it is about to change
/// `out`: the API changes from spec/ at HEAD to the working tree, or why there are none to
/// show. `None` when nothing in `out` changes.
pub fn codegen_summary(
    root: &Path,
    out: &Path,
    files: &[GeneratedFile],
    allow_skip: bool,
) -> Option<String> {
    let stale = openapi_codegen::write::check(out, files).ok()?;
    if stale.is_empty() {
        return None;
    }
    Some(match compare_with_revision(root, "HEAD", allow_skip) {
        Ok(report) if report.is_empty() => format!(
            "{}: the files change for another reason than spec/ (the generator, or a stale checkout)\n",
            render::headline(&report)
        ),
        Ok(report) => render::text(&report),
        Err(e) => format!(
            "Rust API: not compared with spec/ at HEAD: {}\n",
            first_line(&e)
        ),
    })
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// spec/ at `rev` against spec/ in the working tree.
fn compare_with_revision(root: &Path, rev: &str, allow_skip: bool) -> Result<Report, String> {
    let listed = git(root, &["ls-tree", "--name-only", &format!("{rev}:spec")])?;
    let mut old = Vec::new();
    for name in listed.lines().filter(|n| is_spec(Path::new(n))) {
        let text = git(root, &["show", &format!("{rev}:spec/{name}")])?;
        old.push((format!("spec/{name}"), text));
    }
    let dir = root.join("spec");
    let new = read_dir_specs(&dir, "spec/")?;
    let old_label = format!("spec/ at {rev}");
    diff_documents(old, new, &old_label, "spec/ (working tree)", allow_skip)
}

/// Two files (compared as one module, whatever their names) or two folders.
fn compare_paths(old: &Path, new: &Path, allow_skip: bool) -> Result<Report, String> {
    let read = |p: &Path| -> Result<Vec<(String, String)>, String> {
        if p.is_dir() {
            read_dir_specs(p, &format!("{}/", p.display()))
        } else {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("error: cannot read {}: {e}", p.display()))?;
            Ok(vec![(p.display().to_string(), text)])
        }
    };
    let (old_docs, new_docs) = (read(old)?, read(new)?);
    diff_documents(
        old_docs,
        new_docs,
        &old.display().to_string(),
        &new.display().to_string(),
        allow_skip,
    )
}

fn diff_documents(
    old: Vec<(String, String)>,
    new: Vec<(String, String)>,
    old_label: &str,
    new_label: &str,
    allow_skip: bool,
) -> Result<Report, String> {
    let single = old.len() == 1 && new.len() == 1;
    let mut old = api::sources(old);
    let new = api::sources(new);
    if single {
        // Two files are two versions of one document, whatever they are called.
        old[0].module = new[0].module.clone();
    }
    let surface = |sources: &[openapi_codegen::SpecSource], label: &str| {
        let (surface, skipped) = api::surface_from_sources(sources, allow_skip)
            .map_err(|f| format!("error: cannot read the API of {label}:\n{f}"))?;
        for s in skipped {
            eprintln!("skipped (--allow-skip) in {label}: {s}\n");
        }
        Ok::<_, String>(surface)
    };
    let old_surface = surface(&old, old_label)?;
    let new_surface = surface(&new, new_label)?;
    Ok(api::diff(&old_surface, &new_surface, old_label, new_label))
}

fn is_spec(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

fn read_dir_specs(dir: &Path, prefix: &str) -> Result<Vec<(String, String)>, String> {
    let paths = openapi_codegen::find_specs(dir)
        .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
    paths
        .iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            std::fs::read_to_string(p)
                .map(|t| (format!("{prefix}{name}"), t))
                .map_err(|e| format!("error: cannot read {}: {e}", p.display()))
        })
        .collect()
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("error: cannot run git: {e}\n  help: install git or compare two paths: cargo xtask api-diff OLD NEW"))?;
    if !out.status.success() {
        return Err(format!(
            "error: git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout)
        .map_err(|e| format!("error: git {} printed non-UTF-8: {e}", args.join(" ")))
}
