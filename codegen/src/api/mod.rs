//! What a spec change does to the generated Rust API.
//!
//! [`surface_from_sources`] runs load → lower and reduces the IR to the crate's public API (a
//! [`Surface`]: modules → resources → methods, and models with their fields, values and
//! variants); [`diff()`] compares two surfaces into a [`Report`] whose changes are each marked
//! breaking or compatible for code that uses the generated crate; [`render`] prints a report
//! as text, Markdown or JSON. Comparing the IR rather than text means reordering or
//! reformatting a document, or moving an inline schema to `components` under the name the
//! generator already gave it, is no change.

mod adapt;
pub mod diff;
pub mod render;
pub mod surface;

use std::path::Path;

pub use diff::{Bump, Change, Report, Scope, Severity, diff};
pub use surface::Surface;

use crate::diag::{Diagnostic, Diagnostics, Failure};
use crate::{Conventions, SpecSource, load};

/// The API of the crate generated from `sources` (load → lower, nothing emitted). With
/// `allow_skip`, what cannot be generated is left out and listed, as `--allow-skip` does. A
/// document without `servers` is accepted (the generator refuses it): the server URL is not
/// part of the Rust API.
pub fn surface_from_sources(
    sources: &[SpecSource],
    allow_skip: bool,
) -> Result<(Surface, Vec<Diagnostic>), Failure> {
    let mut diags = Diagnostics::default();
    let mut loaded = Vec::new();
    for s in sources {
        match load::load_str(&s.text, &s.display) {
            Ok(mut doc) => {
                // Where requests go is not part of the Rust API: a document without `servers`
                // (older Twilio specs) is compared rather than refused.
                if doc.api.servers.is_empty() {
                    doc.api.servers.push(openapiv3::Server {
                        url: "https://api.invalid".into(),
                        ..Default::default()
                    });
                }
                loaded.push((doc, s.module.clone()))
            }
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(Failure::Invalid(diags));
    }
    let inputs: Vec<crate::ir::lower::ModuleInput<'_>> = loaded
        .iter()
        .map(|(doc, module)| crate::ir::lower::ModuleInput {
            loaded: doc,
            module: module.clone(),
        })
        .collect();
    let (krate, skipped) =
        crate::ir::lower::lower("api", &inputs, &Conventions::default(), allow_skip)?;
    Ok((adapt::surface(&krate), skipped))
}

/// Module names for spec files as the generator names them (see [`crate::module_names`]), from
/// file names cut at their first `.`, so `twilio_messaging_v1.2024-04-01.98f43ca.yaml` (a
/// dated copy) is module `v1` like `twilio_messaging_v1.yaml`.
pub fn module_names_for_files(files: &[&str]) -> Vec<String> {
    let stems: Vec<&str> = files
        .iter()
        .map(|f| {
            let name = Path::new(f)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(f);
            name.split('.').next().unwrap_or(name)
        })
        .collect();
    crate::module_names(&stems)
}

/// Documents given as `(display name, text)`, as one crate: modules named by
/// [`module_names_for_files`].
pub fn sources(documents: Vec<(String, String)>) -> Vec<SpecSource> {
    let names: Vec<&str> = documents.iter().map(|(d, _)| d.as_str()).collect();
    let modules = module_names_for_files(&names);
    documents
        .into_iter()
        .zip(modules)
        .map(|((display, text), module)| SpecSource {
            display,
            module,
            text,
        })
        .collect()
}
