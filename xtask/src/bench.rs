//! `cargo xtask bench [--no-build] [--tls]`: runs the benchmarks and writes their figures.
//!
//! 1. Generation: `cargo bench -p openapi-codegen --bench generation -- --report` (spec/ and
//!    synthetic specs of 10 to 10,000 operations, each run in a process of its own: time, peak
//!    heap, stages; with valgrind installed, the instructions of a run of 1,000 and of 10,000).
//! 2. The generated crate's build, in a scratch copy of `generated/` with its own target
//!    directory: clean build with dependencies (`--timings`, to name what dominates), the crate
//!    alone after a touch, and regeneration plus rebuild after a one-field spec change. With
//!    `--tls`, a clean build for each TLS feature too (minutes).
//! 3. The client: `cargo bench -p bench --bench client -- --report` (typed decoding against
//!    `serde_json::Value`, a request through the client against plain reqwest, paging memory).
//!
//! It then writes the table into README.md between the lines `<!-- bench:start -->` and
//! `<!-- bench:end -->`, the raw figures to `docs/bench/figures.tsv` and a plot of generation
//! time against operations to `docs/bench/generation.svg`, and prints the table.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: cargo xtask bench [--no-build] [--tls]

  --no-build  skip the generated crate's build measurements (the slowest part)
  --tls       also measure a clean build of the generated crate with each TLS feature";

const START: &str = "<!-- bench:start -->";
const END: &str = "<!-- bench:end -->";

/// The TLS features of the generated crate (the runtime's `[features]`) measured by `--tls`.
const TLS_FEATURES: [&str; 3] = ["rustls", "rustls-aws-lc", "native-tls"];

pub fn main(args: impl Iterator<Item = String>, root: Result<PathBuf, String>) -> ExitCode {
    let (mut build, mut tls) = (true, false);
    for arg in args {
        match arg.as_str() {
            "--no-build" => build = false,
            "--tls" => tls = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("error: unknown option {other:?}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match root.and_then(|root| run(&root, build, tls)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, build: bool, tls: bool) -> Result<(), String> {
    let started = Instant::now();
    let mut raw = String::new();
    eprintln!("==> generation benchmark (cargo bench -p openapi-codegen --bench generation)");
    let generation = cargo_bench(root, "openapi-codegen", "generation")?;
    raw.push_str(&generation);
    let builds = if build {
        eprintln!("==> the generated crate's build");
        let builds = measure_builds(root, tls)?;
        for (name, value) in &builds.figures {
            writeln!(raw, "build\t{name}\t{}", value.as_nanos()).ok();
        }
        Some(builds)
    } else {
        None
    };
    eprintln!("==> client benchmark (cargo bench -p bench --bench client)");
    let client = cargo_bench(root, "bench", "client")?;
    raw.push_str(&client);

    let rows = |kind: &str| -> Vec<Vec<String>> {
        raw.lines()
            .map(|l| l.split('\t').map(str::to_owned).collect::<Vec<_>>())
            .filter(|f| f[0] == kind)
            .collect()
    };
    let mut table = String::new();
    let machine = machine();
    writeln!(
        table,
        "Measured with `cargo xtask bench` on {machine}; {}.\n",
        today()
    )
    .ok();
    generation_table(&mut table, &rows("gen"), &rows("stage"), &rows("instr"))?;
    if let Some(builds) = &builds {
        build_table(&mut table, builds);
    }
    client_table(&mut table, &rows("decode"), &rows("request"), &rows("walk"))?;

    let docs = root.join("docs/bench");
    std::fs::create_dir_all(&docs).map_err(|e| format!("cannot create docs/bench: {e}"))?;
    let mut figures = format!("# cargo xtask bench on {machine}; {}\n", today());
    figures.push_str(&raw);
    write_if_changed(&docs.join("figures.tsv"), &figures)?;
    write_if_changed(&docs.join("generation.svg"), &plot(&rows("gen")))?;

    println!("{table}");
    let readme = root.join("README.md");
    let text =
        std::fs::read_to_string(&readme).map_err(|e| format!("cannot read README.md: {e}"))?;
    match replace_between_markers(&text, &table) {
        Some(new) => {
            write_if_changed(&readme, &new)?;
            println!("README.md: the table between {START} and {END} is up to date");
        }
        None => println!(
            "README.md has no lines {START} and {END}: add them where the table belongs and run again"
        ),
    }
    println!(
        "docs/bench/generation.svg and docs/bench/figures.tsv written in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `cargo bench -p PACKAGE --bench BENCH -- --report`, its standard output.
fn cargo_bench(root: &Path, package: &str, bench: &str) -> Result<String, String> {
    let output = crate::cargo(root)
        .args(["bench", "-p", package, "--bench", bench, "--", "--report"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo bench -p {package} --bench {bench} failed ({})",
            output.status
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

struct Builds {
    /// (what, wall time), in the order measured.
    figures: Vec<(String, Duration)>,
    /// The units of the clean build that took longest: (name and target, seconds).
    slowest: Vec<(String, f64)>,
}

/// The generated crate's build times, in a scratch copy of `generated/`.
fn measure_builds(root: &Path, tls: bool) -> Result<Builds, String> {
    let scratch = std::env::temp_dir().join("xtask-bench-build");
    let krate = scratch.join("crate");
    let target = scratch.join("target");
    let _ = std::fs::remove_dir_all(&scratch);
    copy_dir(&root.join("generated"), &krate)?;
    let lock = std::fs::read(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    std::fs::write(krate.join("Cargo.lock"), &lock).map_err(|e| e.to_string())?;
    let build = |extra: &[&str]| -> Result<Duration, String> {
        let start = Instant::now();
        let status = crate::cargo(&krate)
            .args(["build", "--quiet"])
            .args(extra)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!(
                "cargo build of the generated crate failed ({status})"
            ));
        }
        Ok(start.elapsed())
    };
    let mut figures = Vec::new();
    eprintln!("    clean build with dependencies (--timings)");
    figures.push(("clean".to_owned(), build(&["--timings"])?));
    let slowest = slowest_units(&target.join("cargo-timings/cargo-timing.html"));

    eprintln!("    the crate alone, after a touch");
    touch(&krate.join("src/lib.rs"))?;
    figures.push(("crate-alone".to_owned(), build(&[])?));

    eprintln!("    one field added to the spec: regenerate and rebuild");
    let spec_dir = scratch.join("spec");
    std::fs::create_dir_all(&spec_dir).map_err(|e| e.to_string())?;
    let mut specs = Vec::new();
    let mut changed = false;
    for path in openapi_codegen::find_specs(&root.join("spec")).map_err(|e| e.to_string())? {
        let mut text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        if !changed && let Some(with_field) = add_field(&text) {
            text = with_field;
            changed = true;
        }
        let copy = spec_dir.join(path.file_name().unwrap_or_default());
        std::fs::write(&copy, text).map_err(|e| e.to_string())?;
        specs.push(copy);
    }
    if !changed {
        return Err("no schema with properties found in spec/ to add a field to".into());
    }
    let start = Instant::now();
    let config = openapi_codegen::Config::for_specs(
        &scratch,
        &specs,
        Some(package_of(&root.join("generated/Cargo.toml"))?),
    );
    let generated = openapi_codegen::generate(&config).map_err(|d| d.to_string())?;
    openapi_codegen::write::write_atomically(&krate, &generated.files)
        .map_err(|e| format!("cannot write the scratch crate: {e}"))?;
    std::fs::write(krate.join("Cargo.lock"), &lock).map_err(|e| e.to_string())?;
    let regenerate = start.elapsed();
    figures.push(("spec-change".to_owned(), regenerate + build(&[])?));

    if tls {
        let manifest =
            std::fs::read_to_string(krate.join("Cargo.toml")).map_err(|e| e.to_string())?;
        for feature in TLS_FEATURES {
            let Some(with_feature) = default_tls(&manifest, feature) else {
                eprintln!("    (no TLS feature {feature:?} in the generated Cargo.toml: skipped)");
                continue;
            };
            if with_feature == manifest {
                // The default: the clean build above.
                continue;
            }
            eprintln!("    clean build with the TLS feature {feature}");
            std::fs::write(krate.join("Cargo.toml"), with_feature).map_err(|e| e.to_string())?;
            let _ = std::fs::remove_dir_all(&target);
            figures.push((format!("clean-{feature}"), build(&[])?));
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(Builds { figures, slowest })
}

/// The manifest with `feature` as the only TLS feature in `default`, if it has that feature.
fn default_tls(manifest: &str, feature: &str) -> Option<String> {
    if !manifest.contains(&format!("\n{feature} = [")) {
        return None;
    }
    let start = manifest.find("\ndefault = [")? + "\ndefault = [".len();
    let end = start + manifest[start..].find(']')?;
    let mut features: Vec<String> = manifest[start..end]
        .split(',')
        .map(|f| f.trim().trim_matches('"').to_owned())
        .filter(|f| !f.is_empty() && !TLS_FEATURES.contains(&f.as_str()))
        .collect();
    features.insert(0, feature.to_owned());
    let list: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    Some(format!(
        "{}{}{}",
        &manifest[..start],
        list.join(", "),
        &manifest[end..]
    ))
}

fn package_of(manifest: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(manifest).map_err(|e| e.to_string())?;
    text.lines()
        .find_map(|l| l.strip_prefix("name = "))
        .map(|n| n.trim_matches('"').to_owned())
        .ok_or_else(|| format!("no package name in {}", manifest.display()))
}

/// `text` (a YAML spec) with a string property `bench_note` added to the first schema that
/// lists properties under `components`.
fn add_field(text: &str) -> Option<String> {
    let components = text.find("\ncomponents:")?;
    let at = components + text[components..].find(" properties:\n")? + " properties:\n".len();
    let next = &text[at..];
    let indent = next.len() - next.trim_start_matches(' ').len();
    let pad = " ".repeat(indent);
    Some(format!(
        "{}{pad}bench_note:\n{pad}  type: string\n{pad}  description: A field added by cargo xtask bench.\n{}",
        &text[..at],
        next
    ))
}

fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        if entry.file_name() == "target" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// The five slowest units in cargo's `--timings` report (its `UNIT_DATA` array).
fn slowest_units(html: &Path) -> Vec<(String, f64)> {
    let Ok(text) = std::fs::read_to_string(html) else {
        return Vec::new();
    };
    let Some(start) = text.find("UNIT_DATA = [") else {
        return Vec::new();
    };
    let data = &text[start..text[start..].find("];").map_or(text.len(), |e| start + e)];
    let field = |object: &str, key: &str| -> Option<String> {
        let at = object.find(&format!("\"{key}\": "))? + key.len() + 4;
        let rest = &object[at..];
        let end = rest.find([',', '\n', '}'])?;
        Some(rest[..end].trim().trim_matches('"').to_owned())
    };
    let mut units: Vec<(String, f64)> = data
        .split("\n  {")
        .skip(1)
        .filter_map(|object| {
            let name = field(object, "name")?;
            let target = field(object, "target").unwrap_or_default();
            let duration: f64 = field(object, "duration")?.parse().ok()?;
            let label = if target.trim().is_empty() {
                name
            } else {
                format!("{name} ({})", target.trim())
            };
            Some((label, duration))
        })
        .collect();
    units.sort_by(|a, b| b.1.total_cmp(&a.1));
    units.truncate(5);
    units
}

fn number(field: Option<&String>) -> Result<f64, String> {
    field
        .and_then(|f| f.parse::<f64>().ok())
        .ok_or_else(|| "a benchmark printed a line this command cannot read".to_owned())
}

fn generation_table(
    out: &mut String,
    gens: &[Vec<String>],
    stages: &[Vec<String>],
    instrs: &[Vec<String>],
) -> Result<(), String> {
    out.push_str("| generation (load → IR → emit, in memory) | operations | schemas | time (median) | per operation | peak heap | output |\n");
    out.push_str("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for g in gens {
        let (ops, types, ns, peak, bytes) = (
            number(g.get(2))?,
            number(g.get(3))?,
            number(g.get(4))?,
            number(g.get(5))?,
            number(g.get(6))?,
        );
        let case = if g[1] == "spec" {
            "`spec/`".to_owned()
        } else {
            format!("synthetic, {} operations", thousands(ops))
        };
        writeln!(
            out,
            "| {case} | {} | {} | {} | {} | {} | {} |",
            thousands(ops),
            thousands(types),
            duration(ns),
            duration(ns / ops.max(1.0)),
            size(peak),
            size(bytes)
        )
        .ok();
    }
    let synthetic: Vec<(f64, f64)> = gens
        .iter()
        .filter(|g| g[1] != "spec")
        .filter_map(|g| Some((number(g.get(2)).ok()?, number(g.get(4)).ok()?)))
        .collect();
    if let (Some(small), Some(large)) = (
        synthetic.iter().find(|(ops, _)| *ops >= 1_000.0),
        synthetic.last(),
    ) && large.0 > small.0
    {
        writeln!(
            out,
            "\nTime per operation at {} operations is {:.2}× that at {} (1.00 is linear). [Plot](docs/bench/generation.svg).",
            thousands(large.0),
            (large.1 / large.0) / (small.1 / small.0),
            thousands(small.0)
        )
        .ok();
    }
    if let [small, .., large] = instrs {
        let (small_ops, small_n) = (number(small.get(1))?, number(small.get(2))?);
        let (large_ops, large_n) = (number(large.get(1))?, number(large.get(2))?);
        writeln!(
            out,
            "Instructions per operation (valgrind's cachegrind, one run each, building the spec's text included): {:.3} million at {}, {:.3} million at {}: {:.3}× (1.000 is linear).",
            small_n / small_ops / 1e6,
            thousands(small_ops),
            large_n / large_ops / 1e6,
            thousands(large_ops),
            (large_n / large_ops) / (small_n / small_ops)
        )
        .ok();
    } else {
        out.push_str(
            "Instructions not counted: valgrind is not installed, or it failed (the benchmark's output says which).\n",
        );
    }
    if let Some(s) = stages.last() {
        let (load, ir, emit, print, reparse) = (
            number(s.get(2))?,
            number(s.get(3))?,
            number(s.get(4))?,
            number(s.get(5))?,
            number(s.get(6))?,
        );
        let total = load + ir + emit;
        let pct = |x: f64| 100.0 * x / total;
        writeln!(
            out,
            "Where the time goes at {} operations (medians of the runs): load {} ({:.0} %), IR {} ({:.0} %), emit {} ({:.0} %), of which printing with prettyplease ≈ {} and the re-parse check ≈ {} (timed again on the output).",
            thousands(number(stages.last().and_then(|s| s.get(1)))?),
            duration(load),
            pct(load),
            duration(ir),
            pct(ir),
            duration(emit),
            pct(emit),
            duration(print),
            duration(reparse)
        )
        .ok();
    }
    out.push('\n');
    Ok(())
}

fn build_table(out: &mut String, builds: &Builds) {
    out.push_str("| the generated crate (`generated/`, debug) | wall time |\n| --- | ---: |\n");
    for (name, time) in &builds.figures {
        let label = match name.as_str() {
            "clean" => "clean build with dependencies (default features)".to_owned(),
            "crate-alone" => "rebuild of the crate alone (after a touch)".to_owned(),
            "spec-change" => "one field added to the spec: regenerate and rebuild".to_owned(),
            other => match other.strip_prefix("clean-") {
                Some(feature) => format!("clean build, TLS feature `{feature}`"),
                None => other.to_owned(),
            },
        };
        writeln!(out, "| {label} | {} |", duration(time.as_nanos() as f64)).ok();
    }
    if !builds.slowest.is_empty() {
        let units: Vec<String> = builds
            .slowest
            .iter()
            .map(|(name, s)| format!("{name} {s:.1} s"))
            .collect();
        writeln!(
            out,
            "\nSlowest units of the clean build (`cargo build --timings`): {}.",
            units.join(", ")
        )
        .ok();
    }
    out.push('\n');
}

fn client_table(
    out: &mut String,
    decode: &[Vec<String>],
    request: &[Vec<String>],
    walk: &[Vec<String>],
) -> Result<(), String> {
    out.push_str("| the client | figure |\n| --- | --- |\n");
    if let Some(d) = decode.first() {
        let (bytes, typed, value) = (number(d.get(1))?, number(d.get(2))?, number(d.get(3))?);
        writeln!(
            out,
            "| decode a page of 1,000 senders ({}) | typed {}, `serde_json::Value` {}: typed is {:.2}× as fast |",
            size(bytes),
            duration(typed),
            duration(value),
            value / typed
        )
        .ok();
    }
    if let Some(r) = request.first() {
        let (client, plain) = (number(r.get(1))?, number(r.get(2))?);
        writeln!(
            out,
            "| one `fetch` on loopback | client {}, plain reqwest {}: {:.2}× plain reqwest's time |",
            duration(client),
            duration(plain),
            client / plain
        )
        .ok();
    }
    for w in walk {
        let (senders, pages, ns, peak) = (
            number(w.get(1))?,
            number(w.get(2))?,
            number(w.get(3))?,
            number(w.get(4))?,
        );
        writeln!(
            out,
            "| stream {} senders ({} page(s) of 1,000) | {}, peak heap growth {} |",
            thousands(senders),
            thousands(pages),
            duration(ns),
            size(peak)
        )
        .ok();
    }
    Ok(())
}

/// A log-log plot of generation time against operations, with a line of slope 1 (linear
/// growth) through the largest size.
fn plot(gens: &[Vec<String>]) -> String {
    let points: Vec<(f64, f64)> = gens
        .iter()
        .filter(|g| g[1] != "spec")
        .filter_map(|g| Some((number(g.get(2)).ok()?, number(g.get(4)).ok()? / 1e6)))
        .filter(|(ops, ms)| *ops > 0.0 && *ms > 0.0)
        .collect();
    let (w, h, left, right, top, bottom) = (640.0, 400.0, 70.0, 20.0, 40.0, 50.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">Generation time against operations (log-log; dashed: linear growth)</text>\n",
        w / 2.0
    );
    if points.is_empty() {
        svg.push_str("</svg>\n");
        return svg;
    }
    let decades = |lo: f64, hi: f64| (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let (x0, x1) = decades(
        points.iter().map(|p| p.0).fold(f64::MAX, f64::min),
        points.iter().map(|p| p.0).fold(0.0, f64::max),
    );
    let (y0, y1) = decades(
        points.iter().map(|p| p.1).fold(f64::MAX, f64::min),
        points.iter().map(|p| p.1).fold(0.0, f64::max),
    );
    let (x1, y1) = (x1.max(x0 + 1), y1.max(y0 + 1));
    let px = |x: f64| left + (x.log10() - x0 as f64) / (x1 - x0) as f64 * (w - left - right);
    let py = |y: f64| h - bottom - (y.log10() - y0 as f64) / (y1 - y0) as f64 * (h - top - bottom);
    for d in x0..=x1 {
        let x = px(10f64.powi(d));
        writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            h - bottom,
            h - bottom + 16.0,
            thousands(10f64.powi(d))
        )
        .ok();
    }
    for d in y0..=y1 {
        let y = py(10f64.powi(d));
        let label = if d >= 3 {
            format!("{} s", thousands(10f64.powi(d - 3)))
        } else if d >= 0 {
            format!("{} ms", thousands(10f64.powi(d)))
        } else {
            format!("{} ms", 10f64.powi(d))
        };
        writeln!(
            svg,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{label}</text>",
            w - right,
            left - 6.0,
            y + 4.0
        )
        .ok();
    }
    writeln!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">operations</text>",
        (left + w - right) / 2.0,
        h - 12.0
    )
    .ok();
    // The reference line of slope 1 goes through the 1,000-operation point (small specs carry
    // the fixed cost of the runtime files), or the largest when there is none.
    let &(lx, ly) = points
        .iter()
        .find(|p| p.0 >= 1_000.0)
        .unwrap_or(points.last().expect("not empty"));
    let (fx, _) = points[0];
    let (tx, _) = *points.last().expect("not empty");
    writeln!(
        svg,
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#999\" stroke-dasharray=\"5,4\"/>",
        px(fx),
        py(ly * fx / lx),
        px(tx),
        py(ly * tx / lx)
    )
    .ok();
    let path: Vec<String> = points
        .iter()
        .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
        .collect();
    writeln!(
        svg,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>",
        path.join(" ")
    )
    .ok();
    for (i, &(x, y)) in points.iter().enumerate() {
        // Labels right of their point, but left of the last one (the plot's right edge).
        let (dx, anchor) = if i + 1 == points.len() {
            (-8.0, "end")
        } else {
            (8.0, "start")
        };
        writeln!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#1f77b4\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            px(x),
            py(y),
            px(x) + dx,
            py(y) - 8.0,
            duration(y * 1e6)
        )
        .ok();
    }
    svg.push_str("</svg>\n");
    svg
}

fn replace_between_markers(text: &str, table: &str) -> Option<String> {
    let start = text.find(START)? + START.len();
    let end = start + text[start..].find(END)?;
    Some(format!(
        "{}\n{}\n{}",
        &text[..start],
        table.trim_end(),
        &text[end..]
    ))
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Cores, CPU model and rustc version.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).trim().to_owned())
        })
        .unwrap_or_else(|| "an unknown CPU".to_owned());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("{cores} cores ({cpu}), {rustc}")
}

/// Today's date (UTC) as YYYY-MM-DD.
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn duration(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.1} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", bytes / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KiB", bytes / 1024.0)
    }
}

fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
