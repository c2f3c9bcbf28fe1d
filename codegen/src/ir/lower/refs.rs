//! One resolver for references to every kind of component (`#/components/{section}/{name}`),
//! following chains of references.

use openapiv3::{Components, Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::Lowering;
use crate::diag::{pointer, unescape_token};

/// How many references in a row are followed before a chain counts as a cycle.
const MAX_CHAIN: usize = 32;

/// A kind of component that references can point to.
pub(super) trait Component: Sized + 'static {
    /// The section of `components` holding this kind, e.g. `parameters`.
    const SECTION: &'static str;
    /// That section of `components`.
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Parameter {
    const SECTION: &'static str = "parameters";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl Component for RequestBody {
    const SECTION: &'static str = "requestBodies";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

impl Component for Response {
    const SECTION: &'static str = "responses";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

impl Component for Schema {
    const SECTION: &'static str = "schemas";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.schemas
    }
}

/// Records the reference `schema` is in `seen`: `false` when it was met before (a cycle, or a
/// second path to a component already looked into), so that walks look into each once.
pub(super) fn first_visit(schema: &ReferenceOr<Schema>, seen: &mut Vec<String>) -> bool {
    if let ReferenceOr::Reference { reference } = schema {
        if seen.contains(reference) {
            return false;
        }
        seen.push(reference.clone());
    }
    true
}

/// The name a reference gives inside `#/components/{section}/`, unescaped.
pub(super) fn component_name(reference: &str, section: &str) -> Option<String> {
    reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')
        .filter(|name| !name.is_empty() && !name.contains('/'))
        .map(unescape_token)
}

impl<'a> Lowering<'a> {
    /// The component a reference names, with its name and JSON pointer, without following it
    /// further. A reference elsewhere, or to a missing component, is reported at `ptr`.
    pub(super) fn component<T: Component>(
        &mut self,
        reference: &str,
        ptr: &str,
    ) -> Option<(String, &'a ReferenceOr<T>, String)> {
        let api = self.api;
        let Some(name) = component_name(reference, T::SECTION) else {
            self.error(
                ptr,
                format!("unsupported reference {reference:?}"),
                &format!(
                    "references must point into #/components/{} of the same document",
                    T::SECTION
                ),
            );
            return None;
        };
        match api
            .components
            .as_ref()
            .and_then(|c| T::section(c).get(&name))
        {
            Some(found) => {
                let at = pointer(["components", T::SECTION, &name]);
                Some((name, found, at))
            }
            None => {
                self.error(
                    ptr,
                    format!(
                        "dangling reference {reference:?}: no such {}",
                        singular(T::SECTION)
                    ),
                    &format!(
                        "define the {} under components/{} or fix the name",
                        singular(T::SECTION),
                        T::SECTION
                    ),
                );
                None
            }
        }
    }

    /// The schema a `ReferenceOr` stands for, following references to references, for
    /// questions asked of a schema: nothing is reported, and a reference that names no schema
    /// or a chain that never ends gives `None`.
    pub(super) fn schema_behind<'s>(&self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        let mut schema = schema;
        for _ in 0..MAX_CHAIN {
            match schema {
                ReferenceOr::Item(found) => return Some(found),
                ReferenceOr::Reference { reference } => {
                    schema = component_name(reference, "schemas")
                        .and_then(|n| self.api.components.as_ref()?.schemas.get(&n))?;
                }
            }
        }
        None
    }

    /// The item a `ReferenceOr` stands for: itself, or the component its reference names
    /// (following references to references). Problems are reported at `ptr`.
    pub(super) fn resolve<T: Component>(
        &mut self,
        item: &'a ReferenceOr<T>,
        ptr: &str,
    ) -> Option<&'a T> {
        let mut item = item;
        let mut at = ptr.to_owned();
        for _ in 0..MAX_CHAIN {
            match item {
                ReferenceOr::Item(found) => return Some(found),
                ReferenceOr::Reference { reference } => {
                    let (_, next, next_at) = self.component::<T>(reference, &at)?;
                    item = next;
                    at = next_at;
                }
            }
        }
        self.error(
            ptr,
            "this chain of references never ends",
            "break the cycle: point the reference at a real definition",
        );
        None
    }
}

/// `schemas` → `schema`, for messages.
fn singular(section: &str) -> &str {
    match section {
        "schemas" => "schema",
        "parameters" => "parameter",
        "requestBodies" => "request body",
        "responses" => "response",
        other => other,
    }
}
