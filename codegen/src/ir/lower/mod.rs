//! Lowering: `openapiv3` documents → [`CrateIr`]. The only code that reads `openapiv3` types.
//!
//! One module per concern: [`refs`] resolves references of every component kind, [`schema`]
//! turns a schema into a type (one function per schema kind), [`types`] defines structs, enums
//! and unions, [`merge`] merges `allOf`, [`dedupe`] shares identical inline types,
//! [`operation`] lowers operations and their parameters, [`body`] request bodies, [`response`]
//! responses, [`path`] parses path templates,
//! [`tree`] builds the resource tree and names methods, and [`passes`] runs over the finished
//! types (inputs, pages, docs). Vendor conventions come in as [`Conventions`].

mod body;
mod dedupe;
mod merge;
mod operation;
mod passes;
mod path;
mod refs;
mod response;
mod schema;
mod security;
mod server;
mod tree;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;

use super::naming::{self, Namespace};
use super::{CrateIr, ModuleIr, SidDef, Ty, TypeDef, reserved};
use crate::conventions::{self, Conventions};
use crate::diag::{Diagnostic, Diagnostics, pointer};
use crate::load::Loaded;

/// One document and the module it becomes.
pub(crate) struct ModuleInput<'a> {
    pub loaded: &'a Loaded,
    pub module: String,
}

/// Lowers all documents into one crate. Problems from every document are reported together.
///
/// With `allow_skip`, what cannot be generated is left out (an operation) or typed as
/// `serde_json::Value` (a schema) and listed in the second value, instead of failing the run.
pub(crate) fn lower(
    package: &str,
    inputs: &[ModuleInput<'_>],
    conventions: &Conventions,
    allow_skip: bool,
) -> Result<(CrateIr, Vec<Diagnostic>), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut warnings = Vec::new();
    let mut sids = SidRegistry::new(conventions);
    let mut modules = Vec::new();
    let mut module_names =
        Namespace::with_reserved(&[reserved::CLIENT_METHODS, reserved::MODULES].concat());
    for input in inputs {
        let name = module_names.claim(naming::snake(&input.module, "api"));
        let module = Lowering::new(
            input.loaded,
            conventions,
            &mut sids,
            &mut diags,
            &mut warnings,
        )
        .lower(name);
        modules.push(module);
    }
    diags.0.sort();
    diags.0.dedup();
    if !diags.is_empty() && !allow_skip {
        return Err(diags);
    }
    warnings.sort();
    warnings.dedup();
    let skipped = diags.0;
    if modules.len() > 1 {
        for module in &mut modules {
            module.feature = Some(naming::unraw(&module.name).to_owned());
        }
    }
    let sids = sids.into_defs();
    let guide = crate::ir::guide::choose(package, &modules, &sids, conventions.sids.is_some());
    let krate = CrateIr {
        package: package.to_owned(),
        sources: inputs.iter().map(|i| i.loaded.display.clone()).collect(),
        sids,
        modules,
        warnings,
        guide,
    };
    Ok((krate, skipped))
}

/// The SID types of the crate, shared by all modules: one per prefix.
struct SidRegistry {
    names: &'static [(&'static str, &'static str)],
    by_prefix: BTreeMap<String, SidDef>,
    aliases: Namespace,
}

impl SidRegistry {
    fn new(conventions: &Conventions) -> Self {
        SidRegistry {
            names: conventions.sids.unwrap_or_default(),
            by_prefix: BTreeMap::new(),
            aliases: Namespace::with_reserved(reserved::ROOT),
        }
    }

    /// The type for SIDs starting with `prefix`, defined on first use.
    fn get(&mut self, prefix: &str) -> Ty {
        if let Some(def) = self.by_prefix.get(prefix) {
            return Ty::Sid(def.alias.clone());
        }
        let marker_base = naming::pascal(prefix, "Sid");
        let alias = self
            .names
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, n)| (*n).to_owned())
            .unwrap_or_else(|| format!("{marker_base}Sid"));
        let alias = self.aliases.claim(alias);
        let marker = self.aliases.claim(marker_base);
        let def = SidDef {
            alias: alias.clone(),
            marker,
            prefix: prefix.to_owned(),
        };
        self.by_prefix.insert(prefix.to_owned(), def);
        Ty::Sid(alias)
    }

    fn into_defs(self) -> Vec<SidDef> {
        let mut defs: Vec<SidDef> = self.by_prefix.into_values().collect();
        defs.sort();
        defs
    }
}

/// A component schema's state while lowering: being lowered (a reference to it is recursive),
/// or lowered to a type and whether it is nullable.
#[derive(Clone)]
enum ComponentState {
    InProgress,
    Done(Ty, bool),
}

/// The state of lowering one document into one module.
struct Lowering<'a> {
    file: &'a str,
    api: &'a OpenAPI,
    /// The document as JSON, for what `openapiv3` does not keep (siblings of `$ref`).
    raw: &'a serde_json::Value,
    conventions: &'a Conventions,
    sids: &'a mut SidRegistry,
    diags: &'a mut Diagnostics,
    warnings: &'a mut Vec<Diagnostic>,
    /// Type names of the module.
    names: Namespace,
    /// Rust names decided for component schemas, before any is lowered.
    component_names: BTreeMap<String, String>,
    /// The same Rust names, for lookups.
    component_types: BTreeSet<String>,
    components: BTreeMap<String, ComponentState>,
    defs: BTreeMap<String, TypeDef>,
    /// Types callers construct (request bodies and parameter structs).
    inputs: BTreeSet<String>,
    /// Inline types defined so far, by shape: candidates for reuse by identical shapes.
    inline: dedupe::Shapes,
    /// How many schemas are being lowered inside one another right now.
    depth: usize,
    /// The component schemas being lowered, innermost last.
    defining: Vec<String>,
    /// The merge under way is of the component being defined itself (not of a schema inline
    /// in it): only then is a base above it an intermediate one.
    merging_own: bool,
}

impl<'a> Lowering<'a> {
    fn new(
        loaded: &'a Loaded,
        conventions: &'a Conventions,
        sids: &'a mut SidRegistry,
        diags: &'a mut Diagnostics,
        warnings: &'a mut Vec<Diagnostic>,
    ) -> Self {
        let api = &loaded.api;
        let mut names = Namespace::with_reserved(reserved::PRELUDE);
        let mut component_names = BTreeMap::new();
        if let Some(components) = &api.components {
            let prefix = if conventions.strip_dotted_prefix {
                conventions::dotted_prefix(components.schemas.keys().map(String::as_str))
            } else {
                String::new()
            };
            for name in components.schemas.keys() {
                let short = name
                    .strip_prefix(prefix.as_str())
                    .filter(|s| !s.is_empty())
                    .unwrap_or(name);
                let rust = names.claim(naming::pascal(short, "Schema"));
                component_names.insert(name.clone(), rust);
            }
        }
        let component_types = component_names.values().cloned().collect();
        Lowering {
            file: &loaded.display,
            api,
            raw: &loaded.raw,
            conventions,
            sids,
            diags,
            warnings,
            names,
            component_names,
            component_types,
            components: BTreeMap::new(),
            defs: BTreeMap::new(),
            inputs: BTreeSet::new(),
            inline: dedupe::Shapes::default(),
            depth: 0,
            defining: Vec::new(),
            merging_own: false,
        }
    }

    /// Reports something that works but deserves attention, at `at`, with advice.
    fn warn(&mut self, at: &str, message: impl Into<String>, help: &str) {
        self.warnings
            .push(Diagnostic::warning(self.file, at, message).help(help));
    }

    /// Reports a problem at `at` (a JSON pointer) with advice.
    fn error(&mut self, at: &str, message: impl Into<String>, help: &str) {
        self.diags
            .push(Diagnostic::new(self.file, at, message).help(help));
    }

    fn lower(mut self, name: String) -> ModuleIr {
        let api = self.api;
        if let Some(components) = &api.components {
            for (name, schema) in &components.schemas {
                let ptr = pointer(["components", "schemas", name]);
                self.lower_component(name, schema, &ptr);
            }
        }
        let operations = self.lower_operations();
        self.mark_inputs();
        self.plain_options_in_responses();
        self.detect_pages();
        self.mark_lenient();
        let root = self.build_tree(operations);
        self.fill_docs();
        self.settle_structs();
        let operation_count = tree::count_operations(&root);
        let (server, server_template) = self.module_server();
        let types: Vec<crate::ir::TypeDef> = self.defs.into_values().collect();
        let model_files = crate::ir::model_files(&types);
        ModuleIr {
            name,
            source: self.file.to_owned(),
            title: one_line(&api.info.title),
            doc: api.info.description.clone(),
            server,
            server_template,
            feature: None,
            types,
            model_files,
            root,
            operation_count,
        }
    }
}

/// Whether `name` is an HTTP token (RFC 9110): what a header name must be.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `text` holds a control character or white space: never in a path or media type.
fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control())
}

/// Text for one line of prose: control characters and line breaks become spaces, runs of
/// spaces one.
fn one_line(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}
