//! End-to-end generation (load → IR → emit), on `spec/` and on synthetic specs of 10 to 10,000
//! operations.
//!
//! `cargo bench -p openapi-codegen --bench generation` runs divan. With `-- --report` it instead
//! measures each case directly, each run in a new process as `cargo xtask codegen` runs (median
//! wall time and split between stages, peak heap growth from a counting allocator over the
//! allocator xtask uses) and prints tab-separated lines for `cargo xtask bench`:
//!
//! ```text
//! gen   CASE  OPERATIONS  TYPES  MEDIAN_NS  PEAK_BYTES  OUTPUT_BYTES  RUNS
//! stage CASE  LOAD_NS  IR_NS  EMIT_NS  PRINT_NS  REPARSE_NS
//! instr CASE  INSTRUCTIONS
//! ```
//!
//! `EMIT_NS` is the whole emit stage; `PRINT_NS` and `REPARSE_NS` are what prettyplease and
//! `syn::parse_file` take on the same output, item by item as the generator does, timed again
//! here, so they estimate the share of emit spent printing and in the re-parse check.

#[path = "../../tests/src/counting.rs"]
mod counting;
mod support;

use std::hint::black_box;
use std::time::Instant;

use openapi_codegen::{Generated, SpecSource, generate_from_sources};

/// The allocator `cargo xtask codegen` runs with, counted.
#[global_allocator]
static ALLOCATOR: counting::Counting<mimalloc::MiMalloc> = counting::Counting(mimalloc::MiMalloc);

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--run" || a == "--peak") {
        let Some(case) = args.get(at + 1) else {
            eprintln!("usage: {} --run|--peak spec|OPERATIONS", args[0]);
            std::process::exit(2);
        };
        run_once(case, args[at] == "--peak");
    } else if args.iter().any(|a| a == "--report") {
        report();
    } else {
        divan::main();
    }
}

/// The documents under `spec/`, as the generator reads them for `generated/`.
fn spec_dir() -> Vec<SpecSource> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let paths = openapi_codegen::find_specs(&root.join("spec")).expect("spec/ is readable");
    let stems: Vec<String> = paths
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let stem_refs: Vec<&str> = stems.iter().map(String::as_str).collect();
    paths
        .iter()
        .zip(openapi_codegen::module_names(&stem_refs))
        .map(|(path, module)| SpecSource {
            display: openapi_codegen::display_path(&root, path),
            module,
            text: std::fs::read_to_string(path).expect("spec is readable"),
        })
        .collect()
}

fn synthetic(operations: usize) -> Vec<SpecSource> {
    vec![SpecSource {
        display: format!("synthetic_{operations}.json"),
        module: "v1".into(),
        text: support::spec(operations),
    }]
}

fn generate(sources: &[SpecSource]) -> Generated {
    generate_from_sources("synthetic", sources).expect("the spec generates")
}

#[divan::bench(max_time = 5)]
fn spec_directory(bencher: divan::Bencher) {
    let sources = spec_dir();
    bencher.bench(|| generate(black_box(&sources)));
}

#[divan::bench(args = SIZES, max_time = 10, sample_count = 10)]
fn synthetic_operations(bencher: divan::Bencher, operations: usize) {
    let sources = synthetic(operations);
    bencher
        .counter(divan::counter::ItemsCount::new(operations))
        .bench(|| generate(black_box(&sources)));
}

/// One run as `cargo xtask codegen` makes it, in the process of its own that `--run CASE`
/// starts: generates `CASE` once and prints what the run measured (its time, the split between
/// stages, and the output) for [`report`] to read. `--peak CASE` counts the peak heap growth of
/// the run instead (a timed run does not count: counting costs more than allocating).
fn run_once(case: &str, count: bool) {
    if !count {
        counting::stop();
    }
    let sources = sources(case);
    let ((generated, elapsed), peak) = counting::peak_during(|| {
        let start = Instant::now();
        let timed = openapi_codegen::generate_timed("synthetic", &sources);
        (timed.expect("the spec generates"), start.elapsed())
    });
    let (generated, [load, ir, emit]) = generated;
    let output: usize = generated.files.iter().map(|f| f.contents.len()).sum();
    println!(
        "run\t{}\t{}\t{}\t{}\t{}\t{}\t{peak}\t{output}",
        generated.operations,
        generated.types,
        elapsed.as_nanos(),
        load.as_nanos(),
        ir.as_nanos(),
        emit.as_nanos(),
    );
}

fn sources(case: &str) -> Vec<SpecSource> {
    match case {
        "spec" => spec_dir(),
        n => synthetic(
            n.parse()
                .expect("a case is `spec` or a number of operations"),
        ),
    }
}

/// The medians of `runs` runs of `case`, each in a new process (as each `cargo xtask codegen`
/// is): a run in a process that has run before reuses the heap pages the earlier run freed,
/// which a small spec's run fits in and a large one's does not, so that the time per operation
/// of the two would not compare. Prints the `gen` line and the stage times of the `stage` line.
fn measure(case: &str, runs: usize) -> [u128; 3] {
    let mut rows: Vec<Vec<u128>> = (0..runs).map(|_| child("--run", case)).collect();
    let mut median = |column: usize| {
        rows.sort_by_key(|row| row[column]);
        rows[rows.len() / 2][column]
    };
    let (total, load, ir, emit) = (median(2), median(3), median(4), median(5));
    let counted = child("--peak", case);
    println!(
        "gen\t{case}\t{}\t{}\t{total}\t{}\t{}\t{runs}",
        counted[0], counted[1], counted[6], counted[7]
    );
    [load, ir, emit]
}

/// The figures a new process of this benchmark prints for `mode` (`--run` or `--peak`) `case`.
fn child(mode: &str, case: &str) -> Vec<u128> {
    let exe = std::env::current_exe().expect("the benchmark knows its own path");
    let out = std::process::Command::new(exe)
        .args([mode, case])
        .output()
        .expect("the benchmark starts itself");
    assert!(
        out.status.success(),
        "the run of {case} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("the run prints UTF-8");
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("run\t"))
        .expect("the run prints its figures");
    line.split('\t')
        .map(|n| n.parse().expect("the run prints numbers"))
        .collect()
}

/// The `stage` line: the median stage times of [`measure`]'s runs, and what printing and the
/// re-parse check take on the output.
fn print_stages(case: &str, [load, ir, emit]: [u128; 3]) {
    let sources = sources(case);
    let generated = generate(&sources);
    let rust: Vec<&str> = generated
        .files
        .iter()
        .filter(|f| f.path.ends_with(".rs") && !f.path.starts_with("src/runtime/"))
        .map(|f| f.contents.as_str())
        .collect();
    // The generator prints and re-parses item by item: so are they timed here.
    let items: Vec<syn::File> = rust
        .iter()
        .flat_map(|text| syn::parse_file(text).expect("generated files parse").items)
        .map(|item| {
            let mut file = syn::parse_file("").expect("an empty file parses");
            file.items = vec![item];
            file
        })
        .collect();
    let printed: Vec<String> = items.iter().map(prettyplease::unparse).collect();
    let start = Instant::now();
    for text in &printed {
        black_box(syn::parse_file(text).expect("generated items parse"));
    }
    let reparse = start.elapsed();
    let start = Instant::now();
    for file in &items {
        black_box(prettyplease::unparse(file));
    }
    let print = start.elapsed();
    println!(
        "stage\t{case}\t{load}\t{ir}\t{emit}\t{}\t{}",
        print.as_nanos(),
        reparse.as_nanos()
    );
}

fn report() {
    // The peaks come from the children; printing and re-parsing are timed here uncounted.
    counting::stop();
    print_stages("spec", measure("spec", 21));
    for operations in SIZES {
        // A run of 10,000 operations takes seconds: keep `cargo xtask bench` within minutes.
        let runs = if operations <= 100 { 21 } else { 5 };
        let case = operations.to_string();
        print_stages(&case, measure(&case, runs));
    }
    for operations in [1_000, 10_000] {
        instructions(&operations.to_string());
    }
}

/// The `instr` line: the instructions one run of `case` executes (building the synthetic
/// spec's text included), counted by valgrind's cachegrind, which neither caches nor page faults
/// bend: the measure of the work itself. Nothing when valgrind is not installed.
fn instructions(case: &str) {
    let exe = std::env::current_exe().expect("the benchmark knows its own path");
    let Ok(out) = std::process::Command::new("valgrind")
        .args([
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
        ])
        .arg(&exe)
        .args(["--run", case])
        .output()
    else {
        eprintln!("valgrind is not installed: instructions not counted");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let refs = stderr
        .lines()
        .find_map(|l| {
            l.split_once("I   refs:")
                .or_else(|| l.split_once("I refs:"))
        })
        .map(|(_, n)| n.trim().replace(',', ""));
    match refs {
        Some(n) if out.status.success() => println!("instr\t{case}\t{n}"),
        _ => eprintln!("valgrind did not count the run of {case}:\n{stderr}"),
    }
}
