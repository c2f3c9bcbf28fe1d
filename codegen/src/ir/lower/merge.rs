//! `allOf` merging: the properties and required names of every part, references and nested
//! `allOf`s followed, first definition of a property wins.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::Lowering;
use super::schema::SchemaRef;
use super::types::Property;
use crate::diag::escape_token;

/// How deep references and nested `allOf`s are followed before a cycle is assumed.
const MAX_DEPTH: usize = 32;

impl<'a> Lowering<'a> {
    /// The properties and required names of all parts of an `allOf` at `ptr`.
    pub(super) fn merge_all_of(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        ptr: &str,
    ) -> Merged<'a> {
        let mut merged = Merged::default();
        let mut seen = Vec::new();
        for (i, part) in all_of.iter().enumerate() {
            let part_ptr = format!("{ptr}/allOf/{i}");
            self.collect_part(SchemaRef::from(part), &part_ptr, &mut merged, &mut seen, 0);
        }
        merged
    }

    /// Adds one part's properties, following references and nested `allOf`s. A component
    /// already merged (a schema that includes itself, directly or not) adds nothing again:
    /// merging is idempotent.
    fn collect_part(
        &mut self,
        part: SchemaRef<'a>,
        ptr: &str,
        out: &mut Merged<'a>,
        merged: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            self.error(
                ptr,
                "allOf references itself",
                "break the cycle: a schema cannot include itself",
            );
            return;
        }
        let (schema, at) = match part {
            SchemaRef::Item(schema) => (schema, ptr.to_owned()),
            SchemaRef::Ref(reference) => {
                if let Some((name, found, at)) = self.component::<Schema>(reference, ptr)
                    && !merged.contains(&name)
                {
                    merged.push(name);
                    self.collect_part(SchemaRef::from(found), &at, out, merged, depth + 1);
                }
                return;
            }
        };
        let (props, req) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(a) => (&a.properties, &a.required),
            SchemaKind::AllOf { all_of } => {
                for (i, inner) in all_of.iter().enumerate() {
                    self.collect_part(
                        SchemaRef::from(inner),
                        &format!("{at}/allOf/{i}"),
                        out,
                        merged,
                        depth + 1,
                    );
                }
                return;
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                out.unions.push((schema, at));
                return;
            }
            _ => {
                self.error(
                    ptr,
                    "an allOf part that is not an object cannot be merged",
                    "allOf merges objects; describe a scalar with a single schema",
                );
                return;
            }
        };
        for (key, value) in props {
            if !out.properties.iter().any(|p| p.wire == key) {
                out.properties.push(Property {
                    wire: key,
                    schema: value,
                    ptr: format!("{at}/properties/{}", escape_token(key)),
                });
            }
        }
        out.required.extend(req.iter().cloned());
    }
}

/// What an `allOf` merges into: properties, required names, and unions (`oneOf`/`anyOf`
/// parts), whose members' properties the struct takes as well.
#[derive(Default)]
pub(super) struct Merged<'a> {
    pub properties: Vec<Property<'a>>,
    pub required: Vec<String>,
    /// Each union part and its JSON pointer.
    pub unions: Vec<(&'a Schema, String)>,
}
