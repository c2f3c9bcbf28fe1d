//! `allOf` merging: the properties and required names of every part, references and nested
//! `allOf`s followed, first definition of a property wins. A schema that writes `properties`
//! beside `allOf`, `oneOf` or `anyOf` is merged the same way: its own properties are one more
//! part (JSON Schema applies every keyword of a schema, so the two read the same).

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

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
        self.collect_parts(all_of, ptr, &mut merged, &mut Vec::new(), 0, false);
        merged
    }

    /// Whether a union's alternatives name the component schema being defined.
    pub(super) fn lists_defined(&self, list: &[ReferenceOr<Schema>]) -> bool {
        let Some(defining) = self.defining.last() else {
            return false;
        };
        list.iter().any(|p| {
            matches!(p, ReferenceOr::Reference { reference }
                if super::refs::component_name(reference, "schemas").as_ref() == Some(defining))
        })
    }

    /// Whether a union's alternatives include a schema that merges (through `allOf`, at any
    /// depth) the component schema being defined: a subtype of it.
    pub(super) fn lists_descendant(&self, list: &[ReferenceOr<Schema>]) -> bool {
        let Some(defining) = self.defining.last() else {
            return false;
        };
        list.iter()
            .any(|p| self.merges_component(p, defining, &mut Vec::new()))
    }

    /// Whether `schema` merges the component `name` through `allOf` (each component looked
    /// into once).
    fn merges_component(
        &self,
        schema: &ReferenceOr<Schema>,
        name: &str,
        seen: &mut Vec<String>,
    ) -> bool {
        if !super::refs::first_visit(schema, seen) {
            return false;
        }
        let Some(found) = self.schema_behind(schema) else {
            return false;
        };
        let parts = match &found.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(a) => &a.all_of,
            _ => return false,
        };
        parts.iter().any(|part| {
            matches!(part, ReferenceOr::Reference { reference }
                if self.final_component(reference).as_deref() == Some(name))
                || self.merges_component(part, name, seen)
        })
    }

    /// The component a reference ends at after aliases (`MammalAlias: {$ref: Mammal}` is
    /// `Mammal`).
    fn final_component(&self, reference: &str) -> Option<String> {
        let schemas = &self.api.components.as_ref()?.schemas;
        let mut name = super::refs::component_name(reference, "schemas")?;
        let mut seen = vec![name.clone()];
        while let Some(ReferenceOr::Reference { reference }) = schemas.get(&name) {
            let next = super::refs::component_name(reference, "schemas")?;
            if seen.contains(&next) {
                break;
            }
            seen.push(next.clone());
            name = next;
        }
        Some(name)
    }

    /// The properties, required names and unions of a schema that writes `properties` beside
    /// `allOf`, `oneOf` or `anyOf`, as if its own properties were one part of an `allOf`.
    pub(super) fn merge_composed(&mut self, schema: &'a Schema, ptr: &str) -> Merged<'a> {
        let mut merged = Merged::default();
        self.collect_part(
            SchemaRef::Item(schema),
            ptr,
            &mut merged,
            &mut Vec::new(),
            0,
            false,
        );
        merged
    }

    /// [`Self::collect_part`] of each part of the `allOf` of the schema at `at`.
    fn collect_parts(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        at: &str,
        out: &mut Merged<'a>,
        merged: &mut Vec<String>,
        depth: usize,
        parent: bool,
    ) {
        for (i, part) in all_of.iter().enumerate() {
            let part_ptr = format!("{at}/allOf/{i}");
            self.collect_part(SchemaRef::from(part), &part_ptr, out, merged, depth, parent);
        }
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
        parent: bool,
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
                    self.collect_part(SchemaRef::from(found), &at, out, merged, depth + 1, true);
                }
                return;
            }
        };
        let (props, req) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(a) => {
                self.collect_parts(&a.all_of, &at, out, merged, depth + 1, parent);
                // A base whose union lists the schema being defined (`Pet: oneOf [Cat, Dog]`,
                // `Cat: allOf [Pet, …]`) gives it the base's members, not the union: that would
                // make `Cat` one of its own alternatives.
                // So does a base (reached through `allOf`) whose union lists a subtype of the
                // schema being defined (`Dog: allOf [Mammal]`, `Mammal: allOf [Animal, …]`,
                // `Animal` mapping `dog` to `Dog`): that schema is an intermediate base.
                for (list, any, key) in [(&a.one_of, false, "oneOf"), (&a.any_of, true, "anyOf")] {
                    if self.alternative_objects(list)
                        && !self.lists_defined(list)
                        && !(parent && self.merging_own && self.lists_descendant(list))
                    {
                        // The schema's own description and nullability are the merged type's.
                        // Its discriminator tags the union when the alternatives declare the
                        // property; one only the schema declares stays a property of the
                        // merged struct, and the alternatives are told apart by their shapes.
                        let discriminator =
                            schema.schema_data.discriminator.as_ref().filter(|d| {
                                list.iter().all(|p| self.declares(p, &d.property_name))
                            });
                        out.unions.push(Union {
                            list,
                            any,
                            doc: None,
                            nullable: false,
                            discriminator,
                            ptr: format!("{at}/{key}"),
                        });
                    }
                }
                (&a.properties, &a.required)
            }
            SchemaKind::AllOf { all_of } => {
                self.collect_parts(all_of, &at, out, merged, depth + 1, parent);
                return;
            }
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                // As above: a base's union that lists the schema being defined is not its.
                if self.lists_defined(list)
                    || (parent && self.merging_own && self.lists_descendant(list))
                {
                    return;
                }
                let any = matches!(schema.schema_kind, SchemaKind::AnyOf { .. });
                let data = &schema.schema_data;
                out.unions.push(Union {
                    list,
                    any,
                    doc: data.description.clone().or_else(|| data.title.clone()),
                    nullable: data.nullable,
                    discriminator: data.discriminator.as_ref(),
                    ptr: format!("{at}/{}", if any { "anyOf" } else { "oneOf" }),
                });
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
            let property = Property {
                wire: key,
                schema: value,
                ptr: format!("{at}/properties/{}", escape_token(key)),
            };
            match out.properties.iter_mut().find(|p| p.wire == key) {
                None => out.properties.push(property),
                // A part that defines a property left free-form by an earlier one (`value:
                // {type: object}` in the base, `value: {$ref: Employee}` in the subtype)
                // narrows it; otherwise the first definition stands.
                Some(earlier) => {
                    let describes =
                        matches!(value, ReferenceOr::Item(s) if super::schema::describes_only(s));
                    if loose(earlier.schema) && !describes {
                        *earlier = property;
                    }
                }
            }
        }
        out.required.extend(req.iter().cloned());
    }
}

/// Whether a property's schema leaves its value free: no type, only a description, or an
/// object without properties.
fn loose(schema: &ReferenceOr<Box<Schema>>) -> bool {
    let ReferenceOr::Item(schema) = schema else {
        return false;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.is_empty() && o.additional_properties.is_none()
        }
        SchemaKind::Any(a) => {
            matches!(a.typ.as_deref(), None | Some("object"))
                && a.properties.is_empty()
                && a.additional_properties.is_none()
                && a.items.is_none()
                && a.enumeration.is_empty()
                && a.one_of.is_empty()
                && a.all_of.is_empty()
                && a.any_of.is_empty()
        }
        _ => false,
    }
}

/// What an `allOf` merges into: properties, required names, and unions (`oneOf`/`anyOf`
/// parts), whose members' properties the struct takes as well.
#[derive(Default)]
pub(super) struct Merged<'a> {
    pub properties: Vec<Property<'a>>,
    pub required: Vec<String>,
    pub unions: Vec<Union<'a>>,
}

/// A `oneOf` or `anyOf` among the parts of a merge.
pub(super) struct Union<'a> {
    pub list: &'a [ReferenceOr<Schema>],
    /// `anyOf` rather than `oneOf`.
    pub any: bool,
    /// The union's own description and nullability, when it is a schema of its own (a part).
    pub doc: Option<String>,
    pub nullable: bool,
    pub discriminator: Option<&'a Discriminator>,
    /// The list's JSON pointer.
    pub ptr: String,
}
