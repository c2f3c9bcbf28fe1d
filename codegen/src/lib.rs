//! An OpenAPI 3.0 → Rust client generator.
//!
//! The pipeline has four stages, each its own module:
//!
//! 1. [`load`]: YAML or JSON → `openapiv3` types, with errors that name the file and a JSON
//!    pointer.
//! 2. [`ir`]: references resolved, every Rust name and type decided, deterministic order.
//! 3. [`emit`]: IR → `quote!` tokens → `syn::File` → prettyplease, one file per module.
//! 4. [`write`]: the whole output directory replaced atomically, or compared in check mode.

pub mod api;
pub mod conventions;
pub mod diag;
pub(crate) mod emit;
pub mod ir;
pub mod load;
pub mod write;

use std::path::{Path, PathBuf};

pub use conventions::Conventions;
pub use diag::{Diagnostic, Diagnostics, Failure, InternalError};

/// One input document.
#[derive(Debug, Clone)]
pub struct SpecInput {
    /// Where to read it.
    pub path: PathBuf,
    /// How to name it in diagnostics and in headers (e.g. `spec/twilio_messaging_v1.yaml`).
    pub display: String,
    /// The Rust module it becomes (e.g. `v1`).
    pub module: String,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Cargo package name of the generated crate.
    pub package: String,
    /// The documents, one module each.
    pub specs: Vec<SpecInput>,
    /// Leave out what cannot be generated (listed in [`Generated::skipped`]) instead of failing.
    pub allow_skip: bool,
    /// The vendor conventions the documents follow; `None` chooses them from the documents
    /// ([`Conventions::detect`]): Twilio's for Twilio's documents, none for others.
    pub conventions: Option<Conventions>,
}

/// A generated file, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
}

/// The generator's output.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Named types emitted (structs, enums, unions and aliases of shared inline shapes).
    pub types: usize,
    /// Operations emitted.
    pub operations: usize,
    /// What was left out because of `allow_skip`, each with the reason.
    pub skipped: Vec<Diagnostic>,
    /// What the documents do that works but deserves attention (a plain-http server, say).
    pub warnings: Vec<Diagnostic>,
}

/// Runs load → IR → emit. Every problem found is reported, not only the first; a generator bug
/// (output that is not valid Rust) is reported as [`Failure::Internal`], apart from the
/// input's problems.
pub fn generate(config: &Config) -> Result<Generated, Failure> {
    let loaded = config
        .specs
        .iter()
        .map(|s| (load::load_file(&s.path, &s.display), s.module.clone()));
    pipeline(
        &config.package,
        config.conventions.as_ref(),
        config.allow_skip,
        loaded,
    )
}

/// IR → emit over documents already read; load errors of every document are reported together.
fn pipeline(
    package: &str,
    conventions: Option<&Conventions>,
    allow_skip: bool,
    documents: impl Iterator<Item = (Result<load::Loaded, Diagnostic>, String)>,
) -> Result<Generated, Failure> {
    let mut diags = Diagnostics::default();
    let mut loaded = Vec::new();
    for (document, module) in documents {
        match document {
            Ok(doc) => loaded.push((doc, module)),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(Failure::Invalid(diags));
    }
    let inputs: Vec<ir::lower::ModuleInput<'_>> = loaded
        .iter()
        .map(|(doc, module)| ir::lower::ModuleInput {
            loaded: doc,
            module: module.clone(),
        })
        .collect();
    let detected;
    let conventions = match conventions {
        Some(given) => given,
        None => {
            let documents: Vec<&openapiv3::OpenAPI> = loaded.iter().map(|(d, _)| &d.api).collect();
            detected = Conventions::detect(&documents);
            &detected
        }
    };
    let (krate, skipped) = ir::lower::lower(package, &inputs, conventions, allow_skip)?;
    let mut warnings: Vec<Diagnostic> = loaded
        .iter()
        .flat_map(|(doc, _)| doc.warnings.iter().cloned())
        .collect();
    // The documents are done with: emitting a big spec needs the memory.
    drop(inputs);
    drop(loaded);
    let mut generated = emit::emit(&krate).map_err(Failure::Internal)?;
    generated.skipped = skipped;
    warnings.append(&mut generated.warnings);
    generated.warnings = warnings;
    Ok(generated)
}

impl Config {
    /// The configuration for `specs` inside the workspace at `root`: display names relative to
    /// `root` (so output is the same on every machine), module names from the file names, and
    /// the package name given or derived from them.
    pub fn for_specs(root: &Path, specs: &[PathBuf], package: Option<String>) -> Config {
        let stems: Vec<String> = specs
            .iter()
            .map(|p| {
                p.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        let stem_refs: Vec<&str> = stems.iter().map(String::as_str).collect();
        let modules = module_names(&stem_refs);
        let specs = specs
            .iter()
            .zip(modules)
            .map(|(path, module)| SpecInput {
                path: path.clone(),
                display: display_path(root, path),
                module,
            })
            .collect();
        Config {
            package: package.unwrap_or_else(|| package_name(&stem_refs)),
            specs,
            allow_skip: false,
            conventions: None,
        }
    }
}

/// `path` relative to `root` with `/` separators when it is inside `root`, else its file name
/// alone: what headers and diagnostics show must not depend on where a machine keeps files.
pub fn display_path(root: &Path, path: &Path) -> String {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    match abs.strip_prefix(root) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_string_lossy().replace('\\', "/")),
    }
}

/// The OpenAPI documents in `dir` (`*.yaml`, `*.yml`, `*.json`), sorted by name.
pub fn find_specs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    specs.sort();
    Ok(specs)
}

/// A document given as text rather than as a file: for tests, fuzzing and embedding.
#[derive(Debug, Clone)]
pub struct SpecSource {
    /// How to name it in diagnostics and headers.
    pub display: String,
    /// The Rust module it becomes.
    pub module: String,
    /// YAML or JSON.
    pub text: String,
}

/// Runs load → IR → emit on documents held in memory, with Twilio's conventions whatever the
/// documents (the golden specs and benchmarks are written to them; [`generate`] with
/// `conventions: None` chooses them from the documents). Never panics, whatever the input.
pub fn generate_from_sources(package: &str, sources: &[SpecSource]) -> Result<Generated, Failure> {
    let loaded = sources
        .iter()
        .map(|s| (load::load_str(&s.text, &s.display), s.module.clone()));
    pipeline(package, Some(&Conventions::default()), false, loaded)
}

/// [`generate_from_sources`] with the time each stage took: load, IR, emit. For the benchmarks
/// (`codegen/benches/generation.rs`), not an API.
#[doc(hidden)]
pub fn generate_timed(
    package: &str,
    sources: &[SpecSource],
) -> Result<(Generated, [std::time::Duration; 3]), Failure> {
    let start = std::time::Instant::now();
    let loaded: Vec<_> = sources
        .iter()
        .map(|s| (load::load_str(&s.text, &s.display), s.module.clone()))
        .collect();
    let load = start.elapsed();
    let mut docs = Vec::new();
    for (document, module) in loaded {
        match document {
            Ok(doc) => docs.push((doc, module)),
            // Reported as the pipeline reports it.
            Err(_) => return generate_from_sources(package, sources).map(|g| (g, [load; 3])),
        }
    }
    let start = std::time::Instant::now();
    let inputs: Vec<ir::lower::ModuleInput<'_>> = docs
        .iter()
        .map(|(doc, module)| ir::lower::ModuleInput {
            loaded: doc,
            module: module.clone(),
        })
        .collect();
    let (krate, skipped) = ir::lower::lower(package, &inputs, &Conventions::default(), false)?;
    drop(inputs);
    drop(docs);
    let lowering = start.elapsed();
    let start = std::time::Instant::now();
    let mut generated = emit::emit(&krate).map_err(Failure::Internal)?;
    generated.skipped = skipped;
    Ok((generated, [load, lowering, start.elapsed()]))
}

/// Module names for a set of spec file stems: the stems with their longest common prefix (cut at
/// an `_`, `-` or `.`) removed, so `twilio_messaging_v1` and `twilio_messaging_v2` become `v1`
/// and `v2`. A single spec is named by its version suffix when it has one
/// (`twilio_messaging_v1` → `v1`), else by its whole stem.
pub fn module_names(stems: &[&str]) -> Vec<String> {
    if stems.len() < 2 {
        return stems
            .iter()
            .map(|s| {
                let last = s.rsplit(['_', '-', '.']).next().unwrap_or(s);
                let is_version = last.len() > 1
                    && last.starts_with(['v', 'V'])
                    && last[1..].chars().all(|c| c.is_ascii_digit());
                if is_version && last.len() < s.len() {
                    last.to_owned()
                } else {
                    (*s).to_owned()
                }
            })
            .collect();
    }
    let prefix = common_prefix(stems);
    stems
        .iter()
        .map(|s| {
            let rest = &s[prefix.len()..];
            if rest.is_empty() {
                (*s).to_owned()
            } else {
                rest.to_owned()
            }
        })
        .collect()
}

/// The default package name for a set of stems: their common prefix, or the single stem, in
/// kebab case.
pub fn package_name(stems: &[&str]) -> String {
    let base = if stems.len() < 2 {
        stems.first().copied().unwrap_or("api").to_owned()
    } else {
        common_prefix(stems)
            .trim_end_matches(['_', '-', '.'])
            .to_owned()
    };
    let base = if base.is_empty() {
        "api".to_owned()
    } else {
        base
    };
    base.replace(['_', '.'], "-").to_ascii_lowercase()
}

fn common_prefix<'a>(stems: &[&'a str]) -> &'a str {
    let first = stems[0];
    let mut len = first.len();
    for s in &stems[1..] {
        len = len.min(
            first
                .bytes()
                .zip(s.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    // Cut back to just after a separator.
    let cut = first[..len]
        .rfind(['_', '-', '.'])
        .map(|i| i + 1)
        .unwrap_or(0);
    &first[..cut]
}

#[cfg(test)]
mod tests {
    use super::{module_names, package_name};

    #[test]
    fn modules_and_package_from_file_names() {
        assert_eq!(
            module_names(&["twilio_messaging_v1", "twilio_messaging_v2"]),
            ["v1", "v2"]
        );
        assert_eq!(module_names(&["twilio_messaging_v1"]), ["v1"]);
        assert_eq!(module_names(&["petstore"]), ["petstore"]);
        assert_eq!(module_names(&["v2"]), ["v2"]);
        assert_eq!(
            package_name(&["twilio_messaging_v1", "twilio_messaging_v2"]),
            "twilio-messaging"
        );
        assert_eq!(package_name(&["petstore"]), "petstore");
    }
}
