//! Type definitions: structs from properties, open enums from values, unions from alternatives.

use openapiv3::{Discriminator as OaDiscriminator, ReferenceOr, Schema, SchemaData};

use super::Lowering;
use super::schema::SchemaRef;
use crate::ir::naming::{self, Namespace};
use crate::ir::{
    Discriminator, EnumDef, EnumRepr, Field, JsonKind, Presence, StructDef, Ty, TypeDef, UnionDef,
    UnionVariant, Variant,
};

/// One property of an object schema.
pub(super) struct Property<'a> {
    /// Its name on the wire.
    pub wire: &'a String,
    pub schema: &'a ReferenceOr<Box<Schema>>,
    /// Its JSON pointer.
    pub ptr: String,
}

/// The name of the variant that keeps values a spec does not list: the first of the usual names
/// that no listed value took.
fn fallback_name(names: &mut Namespace) -> String {
    ["Unrecognized", "UnrecognizedValue", "Other"]
        .iter()
        .find(|n| !names.contains(n))
        .map(|n| (*n).to_owned())
        .unwrap_or_else(|| names.claim("Unrecognized".to_owned()))
}

impl<'a> Lowering<'a> {
    /// An open enum of `values` (strings, or integers written in decimal).
    pub(super) fn define_enum(
        &mut self,
        name: &str,
        doc: Option<String>,
        values: &[&str],
        repr: EnumRepr,
    ) {
        let mut variant_names = Namespace::default();
        let mut variants: Vec<Variant> = Vec::new();
        for value in values {
            if variants.iter().any(|v| v.wire == *value) {
                continue;
            }
            let rust = variant_names.claim(naming::pascal(value, "Empty"));
            variants.push(Variant {
                name: rust,
                wire: (*value).to_owned(),
            });
        }
        let fallback = fallback_name(&mut variant_names);
        self.defs.insert(
            name.to_owned(),
            TypeDef::Enum(EnumDef {
                name: name.to_owned(),
                doc,
                repr,
                variants,
                fallback,
            }),
        );
    }

    /// A struct of `properties`; those in `required` (and not read- or write-only) are required.
    pub(super) fn define_struct(
        &mut self,
        name: &str,
        doc: Option<String>,
        properties: Vec<Property<'a>>,
        required: &[String],
    ) {
        // A placeholder first, so that recursive references see the name as taken.
        self.defs.insert(
            name.to_owned(),
            TypeDef::Struct(StructDef {
                name: name.to_owned(),
                doc: doc.clone(),
                fields: Vec::new(),
                default: false,
                constructor: false,
                page: None,
                pairs: None,
                form_json: false,
                multipart: false,
                setters: Vec::new(),
            }),
        );
        let mut field_names = Namespace::default();
        let mut fields = Vec::new();
        for Property { wire, schema, ptr } in properties {
            let hint = naming::join(name, &naming::pascal(wire, "Field"));
            let (ty, nullable) = self.lower_schema(schema, &hint, &ptr);
            let (field_doc, read_only, write_only, nullable) = match SchemaRef::from(schema) {
                SchemaRef::Item(s) => (
                    field_doc(&s.schema_data),
                    s.schema_data.read_only,
                    s.schema_data.write_only,
                    nullable,
                ),
                SchemaRef::Ref(_) => {
                    let (sibling_nullable, description) = self.ref_siblings(&ptr);
                    (description, false, false, nullable || sibling_nullable)
                }
            };
            // A read-only or write-only property is absent in one direction, so it is never
            // required: the same type serves requests and responses.
            let is_required = required.iter().any(|r| r == wire) && !read_only && !write_only;
            let presence = match (is_required, nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            fields.push(Field {
                name: field_names.claim(naming::snake(wire, "field")),
                wire: wire.clone(),
                doc: field_doc,
                ty,
                presence,
                lenient: false,
                flatten: false,
            });
        }
        if let Some(TypeDef::Struct(def)) = self.def_mut(name) {
            def.fields = fields;
        }
    }

    /// A union of the alternatives in `list`; with a discriminator, each alternative given by
    /// reference gets its tag values (the mapping's, or the schema's name).
    pub(super) fn define_union(
        &mut self,
        name: &str,
        doc: Option<String>,
        list: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a OaDiscriminator>,
        ptr: &str,
    ) {
        // A placeholder first, so that recursive references see the name as taken.
        self.defs.insert(
            name.to_owned(),
            TypeDef::Union(UnionDef {
                name: name.to_owned(),
                doc: doc.clone(),
                variants: Vec::new(),
                discriminator: None,
                fallback: String::new(),
            }),
        );
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        // Discriminator values each alternative claims: (strength, index, value, variant).
        let mut claims: Vec<(u8, usize, String, String)> = Vec::new();
        // Where each variant's alternative is in the list.
        let mut positions = Vec::new();
        for (i, member) in list.iter().enumerate() {
            if self.null_only(member) {
                continue;
            }
            let member_ptr = format!("{ptr}/{i}");
            // An unnamed member is named by its title, else by its tag (a required property
            // whose enum has one value: `type: range_to` → `RangeTo`): by what it is, never by
            // its position.
            let title = match member {
                ReferenceOr::Item(s) => s.schema_data.title.clone().or_else(|| member_tag(s)),
                ReferenceOr::Reference { .. } => None,
            };
            let hint = naming::join(
                name,
                &naming::pascal(
                    title.as_deref().unwrap_or(&format!("Variant{}", i + 1)),
                    "Variant",
                ),
            );
            let (ty, _) = self.lower_schema(member, &hint, &member_ptr);
            let wanted = match (&title, &ty) {
                (Some(t), _) => naming::pascal(t, "Variant"),
                (None, Ty::Named(n) | Ty::Sid(n)) => n
                    .strip_prefix(name)
                    .filter(|r| !r.is_empty())
                    .unwrap_or(n)
                    .to_owned(),
                (None, Ty::Boxed(inner)) => match &**inner {
                    Ty::Named(n) => n.clone(),
                    _ => format!("Variant{}", i + 1),
                },
                (None, other) => variant_name_for(other).to_owned(),
            };
            let variant = names.claim(wanted);
            let json = self.json_kind(&ty);
            let (marks, required) = self.variant_marks(&ty);
            // The values that tag this alternative, strongest first: `mapping`'s, then the
            // one value its own schema allows for the property (specs often leave out
            // `mapping` for inline alternatives, or name a component other than its tag),
            // then, for a reference without a mapping, the component's name.
            if let Some(d) = discriminator {
                let reference = match member {
                    ReferenceOr::Reference { reference } => Some(reference),
                    ReferenceOr::Item(_) => None,
                };
                // A mapping value names a schema by reference or by its name alone.
                let component = reference
                    .and_then(|reference| super::refs::component_name(reference, "schemas"));
                let names = |r: &String| Some(r) == reference || component.as_ref() == Some(r);
                let mapped: Vec<&String> = d
                    .mapping
                    .iter()
                    .filter(|(_, r)| names(r))
                    .map(|(v, _)| v)
                    .collect();
                claims.extend(mapped.iter().map(|v| (0, i, (*v).clone(), variant.clone())));
                if let Some((_, value)) = marks.iter().find(|(wire, _)| *wire == d.property_name) {
                    claims.push((1, i, value.clone(), variant.clone()));
                }
                if let (Some(reference), true) = (reference, mapped.is_empty()) {
                    let component = reference
                        .rsplit('/')
                        .next()
                        .map(crate::diag::unescape_token)
                        .unwrap_or_default();
                    claims.push((2, i, component, variant.clone()));
                }
            }
            let known = match &ty {
                Ty::Named(n) => match self.def(n) {
                    Some(TypeDef::Enum(e)) if e.repr == EnumRepr::String => {
                        e.variants.iter().map(|v| v.wire.clone()).collect()
                    }
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            positions.push(i);
            variants.push(UnionVariant {
                name: variant,
                ty,
                json,
                tags: marks,
                required,
                known,
            });
        }
        if let Some(d) = discriminator
            && !list
                .iter()
                .any(|member| self.declares(member, &d.property_name))
        {
            self.error(
                &format!(
                    "{}/discriminator",
                    ptr.rsplit_once('/').map_or(ptr, |(head, _)| head)
                ),
                format!(
                    "discriminator property {:?} is not a property of any alternative",
                    d.property_name
                ),
                "name a property the alternatives declare (OpenAPI requires it in each)",
            );
        }
        // Each value tags one alternative: the strongest claim, then the first in the list.
        claims.sort_by_key(|(strength, i, _, _)| (*strength, *i));
        let mut tags: Vec<(String, String)> = Vec::new();
        let at = ptr.rsplit_once('/').map_or(ptr, |(head, _)| head);
        for (strength, _, value, variant) in claims {
            match tags.iter().find(|(tag, _)| *tag == value) {
                None => tags.push((value, variant)),
                Some((_, first)) if *first != variant && strength < 2 => {
                    let message = format!(
                        "discriminator value {value:?} names two alternatives; it decodes as {first}"
                    );
                    self.warn(
                        &format!("{at}/discriminator"),
                        message,
                        "give each alternative a value of its own",
                    );
                }
                Some(_) => {}
            }
        }
        // Alternatives no value names are told apart by shape, on values whose tag names no
        // other alternative.
        if let Some(d) = discriminator {
            let untold: Vec<String> = variants
                .iter()
                .zip(&positions)
                .filter(|(v, _)| !tags.iter().any(|(_, t)| *t == v.name))
                .map(|(_, i)| format!("{ptr}/{i}"))
                .collect();
            if !untold.is_empty() {
                self.warn(
                    &format!("{at}/discriminator"),
                    format!(
                        "discriminator property {:?} names no value for {}: told apart by shape when the tag names no other alternative",
                        d.property_name,
                        untold.join(", ")
                    ),
                    "give each inline alternative a one-value `enum` for the property, or make it a component named in `mapping`",
                );
            }
        }
        let fallback = fallback_name(&mut names);
        let discriminator = discriminator.map(|d| Discriminator {
            property: d.property_name.clone(),
            tags,
        });
        self.defs.insert(
            name.to_owned(),
            TypeDef::Union(UnionDef {
                name: name.to_owned(),
                doc,
                variants,
                discriminator,
                fallback,
            }),
        );
    }

    /// What tells an object variant of an untagged union apart: its required properties, and
    /// among them those whose enum has a single value (`type: {enum: [range]}`), with it.
    fn variant_marks(&self, ty: &Ty) -> (Vec<(String, String)>, Vec<String>) {
        let name = match ty {
            Ty::Named(n) => n,
            Ty::Boxed(inner) => match &**inner {
                Ty::Named(n) => n,
                _ => return Default::default(),
            },
            _ => return Default::default(),
        };
        let Some(TypeDef::Struct(s)) = self.def(name) else {
            return Default::default();
        };
        let mut tags = Vec::new();
        let mut required = Vec::new();
        for field in &s.fields {
            // A flattened field has no key of its own to look for.
            if field.presence != Presence::Required || field.flatten {
                continue;
            }
            required.push(field.wire.clone());
            if let Ty::Named(e) = &field.ty
                && let Some(TypeDef::Enum(e)) = self.def(e)
                && e.repr == EnumRepr::String
                && let [only] = e.variants.as_slice()
            {
                tags.push((field.wire.clone(), only.wire.clone()));
            }
        }
        (tags, required)
    }

    /// Whether a schema (or the component it names, or one of its `allOf` parts) declares the
    /// property `name`.
    pub(super) fn declares(&self, schema: &ReferenceOr<Schema>, name: &str) -> bool {
        self.declares_once(schema, name, &mut Vec::new())
    }

    /// [`Self::declares`], each component looked into once (`seen`): a component met again
    /// (an `allOf` that includes itself, or one reached twice) has been answered already.
    fn declares_once(
        &self,
        schema: &ReferenceOr<Schema>,
        name: &str,
        seen: &mut Vec<String>,
    ) -> bool {
        if !super::refs::first_visit(schema, seen) {
            return false;
        }
        let Some(s) = self.schema_behind(schema) else {
            return false;
        };
        match &s.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => {
                o.properties.contains_key(name)
            }
            openapiv3::SchemaKind::Any(a) => {
                a.properties.contains_key(name)
                    || a.all_of.iter().any(|p| self.declares_once(p, name, seen))
            }
            openapiv3::SchemaKind::AllOf { all_of } => {
                all_of.iter().any(|p| self.declares_once(p, name, seen))
            }
            _ => false,
        }
    }

    /// The JSON kind values of `ty` have.
    fn json_kind(&self, ty: &Ty) -> JsonKind {
        match ty {
            Ty::String | Ty::Sid(_) | Ty::DateTime | Ty::Date | Ty::Binary => JsonKind::String,
            Ty::Bool => JsonKind::Bool,
            Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 => JsonKind::Integer,
            Ty::F32 | Ty::F64 => JsonKind::Number,
            Ty::Vec(_) => JsonKind::Array,
            Ty::Map(_) => JsonKind::Object,
            Ty::Json | Ty::Option(_) => JsonKind::Any,
            Ty::Boxed(inner) => self.json_kind(inner),
            Ty::Named(n) => match self.def(n) {
                Some(TypeDef::Struct(_)) => JsonKind::Object,
                Some(TypeDef::Enum(e)) if e.repr == EnumRepr::Integer => JsonKind::Integer,
                Some(TypeDef::Enum(_)) => JsonKind::String,
                Some(TypeDef::Union(_) | TypeDef::Alias(_)) | None => JsonKind::Any,
            },
        }
    }

    /// `nullable` and `description` written beside a `$ref`: OpenAPI 3.0 says to ignore them,
    /// but real specs (Twilio's among them) mean them, so they are honoured.
    pub(super) fn ref_siblings(&self, ptr: &str) -> (bool, Option<String>) {
        let node = ptr.strip_prefix('#').and_then(|p| self.raw.pointer(p));
        let nullable = node
            .and_then(|n| n.get("nullable"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let description = node
            .and_then(|n| n.get("description"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        (nullable, description)
    }
}

/// A variant name for an alternative of a type that has no name of its own.
fn variant_name_for(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "String",
        Ty::Bool => "Bool",
        Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 => "Integer",
        Ty::F32 | Ty::F64 => "Number",
        Ty::DateTime => "DateTime",
        Ty::Date => "Date",
        Ty::Binary => "Binary",
        Ty::Json => "Value",
        Ty::Vec(_) => "Array",
        Ty::Map(_) => "Map",
        Ty::Option(_) | Ty::Named(_) | Ty::Sid(_) | Ty::Boxed(_) => "Variant",
    }
}

/// A property's description, with what the schema says besides (read-only, write-only, the
/// default value) appended.
fn field_doc(data: &SchemaData) -> Option<String> {
    let mut doc = data
        .description
        .clone()
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty());
    let mut extra = Vec::new();
    if data.read_only {
        extra.push("Read-only: set by the server.".to_owned());
    }
    if data.write_only {
        extra.push("Write-only: never returned by the server.".to_owned());
    }
    if let Some(default) = &data.default {
        extra.push(format!(
            "Defaults to `{}`.",
            default.to_string().replace('`', "'")
        ));
    }
    if !extra.is_empty() {
        let text = extra.join(" ");
        doc = Some(match doc {
            Some(d) => format!("{d}\n\n{text}"),
            None => text,
        });
    }
    doc
}

/// The tag of an inline object member of a union: its first required property whose schema is
/// a string enum of a single value.
fn member_tag(schema: &Schema) -> Option<String> {
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
        return None;
    };
    object.properties.iter().find_map(|(name, property)| {
        if !object.required.contains(name) {
            return None;
        }
        let ReferenceOr::Item(property) = property else {
            return None;
        };
        match &property.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) => {
                match s.enumeration.as_slice() {
                    [Some(value)] => Some(value.clone()),
                    _ => None,
                }
            }
            _ => None,
        }
    })
}
