//! End-to-end generation (load → IR → emit), on `spec/` and on synthetic specs of 10 to 10,000
//! operations.
//!
//! `cargo bench -p openapi-codegen --bench generation` runs divan. With `-- --report` it instead
//! measures each case directly (median wall time, peak heap growth from a counting allocator,
//! and the split between stages) and prints tab-separated lines for `cargo xtask bench`:
//!
//! ```text
//! gen   CASE  OPERATIONS  TYPES  MEDIAN_NS  PEAK_BYTES  OUTPUT_BYTES  RUNS
//! stage CASE  LOAD_NS  IR_NS  EMIT_NS  PRINT_NS  REPARSE_NS
//! ```
//!
//! `EMIT_NS` is the whole emit stage; `PRINT_NS` and `REPARSE_NS` are what prettyplease and
//! `syn::parse_file` take on the same output, item by item as the generator does, timed again
//! here, so they estimate the share of emit spent printing and in the re-parse check.

#[path = "../../tests/src/counting.rs"]
mod counting;
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use openapi_codegen::{Generated, SpecSource, generate_from_sources};

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

fn main() {
    if std::env::args().any(|a| a == "--report") {
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

/// Median of `runs` timings of generating `sources`, with the peak heap growth of the first
/// run and its output.
fn measure(sources: &[SpecSource], runs: usize) -> (Duration, usize, Generated) {
    let ((first, elapsed), peak) = counting::peak_during(|| {
        let start = Instant::now();
        let generated = generate(sources);
        (generated, start.elapsed())
    });
    let mut times = vec![elapsed];
    for _ in 1..runs {
        let start = Instant::now();
        black_box(generate(sources));
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], peak, first)
}

fn print_gen(case: &str, sources: &[SpecSource], runs: usize) {
    let (median, peak, generated) = measure(sources, runs);
    let output: usize = generated.files.iter().map(|f| f.contents.len()).sum();
    println!(
        "gen\t{case}\t{}\t{}\t{}\t{peak}\t{output}\t{runs}",
        generated.operations,
        generated.types,
        median.as_nanos(),
    );
}

fn print_stages(case: &str, sources: &[SpecSource]) {
    let (generated, [load, ir, emit]) =
        openapi_codegen::generate_timed("synthetic", sources).expect("the spec generates");
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
        "stage\t{case}\t{}\t{}\t{}\t{}\t{}",
        load.as_nanos(),
        ir.as_nanos(),
        emit.as_nanos(),
        print.as_nanos(),
        reparse.as_nanos()
    );
}

fn report() {
    let spec = spec_dir();
    print_gen("spec", &spec, 21);
    print_stages("spec", &spec);
    for operations in SIZES {
        let sources = synthetic(operations);
        // A run of 10,000 operations takes seconds: keep `cargo xtask bench` within minutes.
        let runs = match operations {
            0..=100 => 21,
            101..=1_000 => 3,
            _ => 1,
        };
        print_gen(&operations.to_string(), &sources, runs);
        print_stages(&operations.to_string(), &sources);
    }
}
