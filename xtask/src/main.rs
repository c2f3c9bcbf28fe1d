//! `cargo xtask codegen [--check] [--spec PATH]... [--out DIR] [--package NAME]`
//!
//! Regenerates the client crate from OpenAPI documents. Without options it reads every
//! `spec/*.yaml` (and `.yml`, `.json`) and writes `generated/`; `--check` writes nothing and
//! fails with a unified diff when `generated/` is not what the generator writes now.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use openapi_codegen::{Config, write};

mod api_diff;
mod bench;
mod corpus;
mod twilio;

/// mimalloc rather than the system allocator: with glibc's, the time per allocation grew with
/// the live heap (a large spec's IR), so generation time grew faster than the spec; with
/// mimalloc, emit's time per operation is the same at 1,000 and 10,000 operations
/// (`cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--spec PATH]... [--out DIR] [--package NAME]

  --check         change nothing; fail with a diff if the output directory is stale
  --spec PATH...  OpenAPI 3.0 documents (repeatable; default: spec/*.yaml, *.yml, *.json)
  --out DIR       the crate directory to write (default: generated/)
  --package NAME  the Cargo package name (default: the specs' common file-name prefix)";

struct Args {
    check: bool,
    specs: Vec<PathBuf>,
    out: Option<PathBuf>,
    package: Option<String>,
    allow_skip: bool,
}

fn main() -> ExitCode {
    let mut argv = std::env::args().skip(1);
    match argv.next().as_deref() {
        Some("codegen") => {}
        Some("api-diff") => return api_diff::main(argv, root()),
        Some("corpus") => {
            return sweep(
                argv,
                root(),
                "--dir",
                "../shared/corpus",
                corpus::USAGE,
                corpus::run,
            );
        }
        Some("bench") => return bench::main(argv, root()),
        Some("twilio") => {
            let specs = "../shared/twilio-oai/spec";
            return sweep(argv, root(), "--specs", specs, twilio::USAGE, twilio::run);
        }
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("error: unknown task {other:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let args = match parse_args(argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The cargo that runs xtask (`$CARGO`), run in `dir`.
fn cargo(dir: &Path) -> std::process::Command {
    let mut command =
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(dir);
    command
}

/// The tasks that sweep a folder of specs (`corpus`, `twilio`): `[--check] [DIR_FLAG DIR]`,
/// the folder defaulting to `default_dir` under the workspace root, then `run(root, dir, check)`.
fn sweep(
    mut argv: impl Iterator<Item = String>,
    root: Result<PathBuf, String>,
    dir_flag: &str,
    default_dir: &str,
    usage: &str,
    run: fn(&Path, &Path, bool) -> Result<(), String>,
) -> ExitCode {
    let root = match root {
        Ok(root) => root,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let mut check = false;
    let mut dir = root.join(default_dir);
    while let Some(arg) = argv.next() {
        match arg.as_str() {
            "--check" => check = true,
            flag if flag == dir_flag => match argv.next() {
                Some(d) => dir = PathBuf::from(d),
                None => {
                    eprintln!("error: {dir_flag} needs a directory\n\n{usage}");
                    return ExitCode::from(2);
                }
            },
            _ => {
                eprintln!("error: unknown option {arg:?}\n\n{usage}");
                return ExitCode::from(2);
            }
        }
    }
    match run(&root, &dir, check) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut argv = argv.peekable();
    let mut args = Args {
        check: false,
        specs: Vec::new(),
        out: None,
        package: None,
        allow_skip: false,
    };
    while let Some(arg) = argv.next() {
        match arg.as_str() {
            "--check" => args.check = true,
            "--allow-skip" => args.allow_skip = true,
            "--spec" => {
                args.specs
                    .push(argv.next().ok_or("--spec needs a path")?.into());
                // `--spec a.yaml b.yaml`, as a shell glob writes it.
                while let Some(more) = argv.next_if(|a| !a.starts_with("--")) {
                    args.specs.push(more.into());
                }
            }
            "--out" => args.out = Some(argv.next().ok_or("--out needs a directory")?.into()),
            "--package" => args.package = Some(argv.next().ok_or("--package needs a name")?),
            "-h" | "--help" => return Err("help requested".into()),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(args)
}

/// The workspace root, found when xtask runs (never from a path fixed at compile time, which
/// names whichever checkout built the binary when several share a target directory): `cargo
/// run` sets `CARGO_MANIFEST_DIR` to this checkout's `xtask/`, whose parent is the root; run
/// directly, the nearest directory above the current one whose `Cargo.toml` has a
/// `[workspace]`.
fn root() -> Result<PathBuf, String> {
    if let Some(manifest) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let manifest = PathBuf::from(manifest);
        if let Some(parent) = manifest.parent() {
            return Ok(parent.to_path_buf());
        }
    }
    let cwd = std::env::current_dir()
        .map_err(|e| format!("error: cannot read the current directory: {e}"))?;
    cwd.ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|text| text.lines().any(|l| l.trim() == "[workspace]"))
        })
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            format!(
                "error: no Cargo workspace above {}\n  help: run `cargo xtask codegen` inside the repository",
                cwd.display()
            )
        })
}

fn codegen(args: Args) -> Result<ExitCode, String> {
    let started = Instant::now();
    let root = root()?;
    let default_paths = args.specs.is_empty() && args.out.is_none();
    let spec_paths = if args.specs.is_empty() {
        let dir = root.join("spec");
        openapi_codegen::find_specs(&dir)
            .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?
    } else {
        args.specs
    };
    if spec_paths.is_empty() {
        return Err(format!(
            "error: no OpenAPI documents found in {}\n  help: add spec/*.yaml or pass --spec PATH",
            root.join("spec").display()
        ));
    }
    let out = args.out.unwrap_or_else(|| root.join("generated"));
    let mut config = Config::for_specs(&root, &spec_paths, args.package);
    config.allow_skip = args.allow_skip;

    let generated = openapi_codegen::generate(&config).map_err(|d| d.to_string())?;
    for skipped in &generated.skipped {
        eprintln!("skipped (--allow-skip): {skipped}\n");
    }
    for warning in &generated.warnings {
        eprintln!("{warning}\n");
    }
    let out_display = display(&root, &out);
    if args.check {
        let stale = write::check(&out, &generated.files)
            .map_err(|e| format!("error: cannot read {out_display}: {e}"))?;
        if stale.is_empty() {
            println!(
                "{out_display} is up to date ({} files)",
                generated.files.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        for s in &stale {
            let old = s.on_disk.as_deref().unwrap_or("");
            let new = s.generated.as_deref().unwrap_or("");
            let diff = similar::TextDiff::from_lines(old, new);
            let a = format!("a/{out_display}/{}", s.path);
            let b = format!("b/{out_display}/{}", s.path);
            print!("{}", diff.unified_diff().context_radius(3).header(&a, &b));
        }
        eprintln!(
            "error: {out_display} is stale: {} file(s) differ from what the generator writes now\n  help: run `cargo xtask codegen` and commit the result",
            stale.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    if default_paths
        && let Some(api) = api_diff::codegen_summary(&root, &out, &generated.files, args.allow_skip)
    {
        print!("{api}");
    }
    let summary = write::write_atomically(&out, &generated.files).map_err(|e| {
        format!("error: cannot write {out_display}: {e}\n  help: {out_display} was left as it was")
    })?;
    println!(
        "{out_display}: {} spec(s), {} schemas, {} operations; {} file(s) written, {} unchanged, {} removed in {} ms",
        config.specs.len(),
        generated.types,
        generated.operations,
        summary.written.len(),
        summary.unchanged,
        summary.removed.len(),
        started.elapsed().as_millis()
    );
    for path in &summary.written {
        println!("  wrote   {out_display}/{path}");
    }
    for path in &summary.removed {
        println!("  removed {out_display}/{path}");
    }
    Ok(ExitCode::SUCCESS)
}

/// A directory as messages show it: relative to the workspace when inside it, else as given.
fn display(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => path.to_string_lossy().into_owned(),
    }
}
