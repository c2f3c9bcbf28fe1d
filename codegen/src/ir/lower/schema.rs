//! Schema conversion: a schema becomes a [`Ty`], defining a named type where it needs one. One
//! function per schema kind behind [`Lowering::lower_schema_named`].

use openapiv3::{
    AdditionalProperties, IntegerFormat, IntegerType, NumberFormat, NumberType, ObjectType,
    ReferenceOr, Schema, SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};

use super::merge::Merged;
use super::types::Property;
use super::{ComponentState, Lowering};
use crate::conventions;
use crate::diag::escape_token;
use crate::ir::naming::{self, Namespace};
use crate::ir::{EnumRepr, Field, Presence, Ty, TypeDef};

/// How deep schemas may nest inside one another: far beyond any real spec, far below what
/// overflows the stack.
const MAX_NESTING: usize = 64;

/// The name a schema's type gets if it needs one: decided already (components), or a hint
/// claimed when the type is defined.
pub(super) enum Slot {
    Claimed(String),
    Hint(String),
}

impl Slot {
    /// The name, or the name it would get: the base of its children's names.
    pub(super) fn base(&self) -> &str {
        match self {
            Slot::Claimed(s) | Slot::Hint(s) => s,
        }
    }
}

/// A schema or a reference to one, whether or not `openapiv3` boxed it.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(s: &'a ReferenceOr<Schema>) -> Self {
        match s {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(s: &'a ReferenceOr<Box<Schema>>) -> Self {
        match s {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// A reference to a type that is still being defined is boxed where it is used as a field;
/// inside a `Vec` or a map, or as a top-level type, no box is needed.
pub(super) fn unboxed(ty: Ty) -> Ty {
    match ty {
        Ty::Boxed(inner) => *inner,
        other => other,
    }
}

impl<'a> Lowering<'a> {
    /// Lowers the component schema `name` once; later calls return the same type, and a call
    /// while it is being lowered (recursion) returns it boxed.
    pub(super) fn lower_component(
        &mut self,
        name: &str,
        schema: &'a ReferenceOr<Schema>,
        ptr: &str,
    ) -> (Ty, bool) {
        match self.components.get(name) {
            Some(ComponentState::Done(ty, nullable)) => return (ty.clone(), *nullable),
            Some(ComponentState::InProgress) => {
                let rust = self.component_names[name].clone();
                return (Ty::Boxed(Box::new(Ty::Named(rust))), false);
            }
            None => {}
        }
        self.components
            .insert(name.to_owned(), ComponentState::InProgress);
        self.defining.push(name.to_owned());
        let rust = self.component_names[name].clone();
        let (ty, nullable) = match schema {
            ReferenceOr::Reference { reference } => {
                let (ty, nullable) = self.lower_ref(reference, ptr);
                if matches!(ty, Ty::Boxed(_)) {
                    self.error(
                        ptr,
                        format!("schema {name:?} is only a reference back to itself"),
                        "a chain of $ref that ends where it started has no type; point it at a real schema",
                    );
                }
                (ty, nullable)
            }
            ReferenceOr::Item(schema) => {
                let (ty, nullable) = self.lower_schema_named(schema, Slot::Claimed(rust), ptr);
                // `allOf: [$ref itself]` and nothing else: no type of its own to define.
                if matches!(&ty, Ty::Boxed(inner) if matches!(&**inner, Ty::Named(n) if *n == self.component_names[name]))
                {
                    self.error(
                        ptr,
                        format!("schema {name:?} only includes itself"),
                        "an allOf of itself adds nothing; give the schema properties, or point it at a real schema",
                    );
                }
                (ty, nullable)
            }
        };
        self.defining.pop();
        self.components
            .insert(name.to_owned(), ComponentState::Done(ty.clone(), nullable));
        (ty, nullable)
    }

    /// The type of the component schema a reference names.
    pub(super) fn lower_ref(&mut self, reference: &str, ptr: &str) -> (Ty, bool) {
        match self.component::<Schema>(reference, ptr) {
            Some((name, schema, at)) => self.lower_component(&name, schema, &at),
            None => (Ty::Json, false),
        }
    }

    /// Lowers a schema in a place where it may need a name of its own (`hint`, claimed only if a
    /// type is actually defined).
    pub(super) fn lower_schema(
        &mut self,
        schema: impl Into<SchemaRef<'a>>,
        hint: &str,
        ptr: &str,
    ) -> (Ty, bool) {
        match schema.into() {
            SchemaRef::Ref(reference) => self.lower_ref(reference, ptr),
            SchemaRef::Item(schema) => {
                self.lower_schema_named(schema, Slot::Hint(hint.to_owned()), ptr)
            }
        }
    }

    /// The name for a type about to be defined.
    pub(super) fn claim(&mut self, slot: Slot) -> String {
        match slot {
            Slot::Claimed(name) => name,
            Slot::Hint(hint) => self.names.claim(hint),
        }
    }

    /// Lowers a schema whose type, if it needs one, is named by `slot`; returns the type and
    /// whether the schema is nullable. Schemas nested deeper than [`MAX_NESTING`] are refused:
    /// only a cycle gets there (an inline `allOf` that merges the schema it is part of copies
    /// itself without end).
    pub(super) fn lower_schema_named(
        &mut self,
        schema: &'a Schema,
        slot: Slot,
        ptr: &str,
    ) -> (Ty, bool) {
        if self.depth >= MAX_NESTING {
            self.error(
                ptr,
                "schemas nest here without end (an inline allOf that includes a schema containing it?)",
                "give the recursive part a component of its own and refer to it with $ref",
            );
            return (Ty::Json, false);
        }
        self.depth += 1;
        let lowered = self.lower_schema_kind(schema, slot, ptr);
        self.depth -= 1;
        lowered
    }

    fn lower_schema_kind(&mut self, schema: &'a Schema, slot: Slot, ptr: &str) -> (Ty, bool) {
        let data = &schema.schema_data;
        let doc = data.description.clone().or_else(|| data.title.clone());
        let nullable = data.nullable;
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => self.convert_string(s, slot, doc),
            SchemaKind::Type(Type::Integer(i)) => self.convert_integer(i, slot, doc),
            SchemaKind::Type(Type::Number(n)) => convert_number(n),
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => self.convert_array(a.items.as_ref(), &slot, ptr),
            SchemaKind::Type(Type::Object(o)) => self.convert_object(o, slot, doc, ptr),
            SchemaKind::AllOf { all_of } => {
                let (ty, inner_nullable) = self.convert_all_of(all_of, slot, doc, ptr);
                return (ty, nullable || inner_nullable);
            }
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                let keyword = match &schema.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                let ptr = format!("{ptr}/{keyword}");
                // An alternative that only allows null (drf-spectacular's `NullEnum`,
                // `enum: [null]`) makes the union nullable rather than a variant; with one
                // other alternative left, an inline union is that alternative.
                let nulls = list.iter().filter(|m| self.null_only(m)).count();
                let mut rest = list.iter().enumerate().filter(|(_, m)| !self.null_only(m));
                if nulls > 0
                    && let Slot::Hint(hint) = &slot
                    && let (Some((i, only)), None) = (rest.next(), rest.next())
                {
                    let (ty, _) = self.lower_schema(only, hint, &format!("{ptr}/{i}"));
                    return (ty, true);
                }
                let discriminator = data.discriminator.as_ref();
                let ty = self.convert_union(list, slot, doc, discriminator, &ptr);
                return (ty, nullable || nulls > 0);
            }
            SchemaKind::Not { .. } => {
                self.error(
                    ptr,
                    "`not` schemas cannot be represented as a Rust type",
                    "describe what the value is rather than what it is not",
                );
                Ty::Json
            }
            // `properties` (or `type: object`) beside `allOf`, `oneOf` or `anyOf`: one merge of
            // them all, as an `allOf` is.
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && any.required.is_empty()
                    && any.additional_properties.is_none()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && self.composes_objects(any) =>
            {
                // `type: object` beside an `allOf` alone reads as the `allOf`: one part is that
                // part, not a copy of it.
                let (ty, inner_nullable) = self.convert_all_of(&any.all_of, slot, doc, ptr);
                return (ty, nullable || inner_nullable);
            }
            SchemaKind::Any(any) if self.composes_objects(any) => {
                let own = self.is_own(&slot);
                let merged = self.merge_own(own, |this| this.merge_composed(schema, ptr));
                let (ty, inner_nullable) = self.define_merged(merged, slot, doc);
                return (ty, nullable || inner_nullable);
            }
            SchemaKind::Any(any) => {
                let strings: Option<Vec<Option<String>>> = any
                    .enumeration
                    .iter()
                    .map(|v| match v {
                        serde_json::Value::String(s) => Some(Some(s.clone())),
                        serde_json::Value::Null => Some(None),
                        _ => None,
                    })
                    .collect();
                if any.properties.is_empty()
                    && let Some(values) = strings.filter(|v| v.iter().any(Option::is_some))
                {
                    // An `enum` of strings without a `type` (drf-spectacular's `BlankEnum`,
                    // `enum: ['']`) is a string enum.
                    let string = StringType {
                        enumeration: values,
                        ..StringType::default()
                    };
                    self.convert_string(&string, slot, doc)
                } else if any.properties.is_empty() {
                    self.typed_any(any, slot, doc, ptr)
                } else {
                    let properties = properties(&any.properties, ptr);
                    let additional = any.additional_properties.as_ref();
                    self.define_object(slot, doc, properties, &any.required, additional, ptr)
                }
            }
        };
        (ty, nullable)
    }

    /// A schema without properties that `openapiv3` could not read as its `type` because it
    /// carries another type's keywords (Kubernetes writes `{type: string, uniqueItems: true}`,
    /// Ory `required` on a string): its `type` decides and the stray keywords are ignored.
    /// Without a type it is any JSON value.
    fn typed_any(
        &mut self,
        any: &'a openapiv3::AnySchema,
        slot: Slot,
        doc: Option<String>,
        ptr: &str,
    ) -> Ty {
        match any.typ.as_deref() {
            Some(typ @ ("string" | "integer" | "number" | "boolean")) => {
                // `openapiv3` keeps an untyped schema's bounds as floats: an integer's are
                // written back as integers for its type to read them.
                let typed = serde_json::to_value(any).ok().and_then(|mut v| {
                    if typ == "integer" {
                        for key in ["minimum", "maximum", "multipleOf"] {
                            if let Some(f) = v.get(key).and_then(serde_json::Value::as_f64)
                                && f.fract() == 0.0
                                && f.abs() < 9.0e15
                            {
                                v[key] = serde_json::Value::from(f as i64);
                            }
                        }
                    }
                    serde_json::from_value::<Type>(v).ok()
                });
                match typed {
                    Some(Type::String(s)) => self.convert_string(&s, slot, doc),
                    Some(Type::Integer(i)) => self.convert_integer(&i, slot, doc),
                    Some(Type::Number(n)) => convert_number(&n),
                    Some(Type::Boolean(_)) => Ty::Bool,
                    _ => Ty::Json,
                }
            }
            Some("array") => self.convert_array(any.items.as_ref(), &slot, ptr),
            _ => Ty::Json,
        }
    }

    /// A string: an open enum when it lists values, a SID when its pattern says so (and the
    /// conventions know SIDs), a date or date-time by format, else `String`.
    fn convert_string(&mut self, s: &StringType, slot: Slot, doc: Option<String>) -> Ty {
        let values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
        if !values.is_empty() {
            let name = self.claim(slot);
            self.define_enum(&name, doc, &values, EnumRepr::String);
            return self.dedupe(name);
        }
        if self.conventions.sids.is_some()
            && let Some(prefix) = s.pattern.as_deref().and_then(conventions::sid_prefix)
        {
            return self.sids.get(prefix);
        }
        match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Ty::Date,
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Ty::Binary,
            _ => Ty::String,
        }
    }

    /// An integer: an open integer enum when it lists values, else `i32` or `i64` by format.
    fn convert_integer(&mut self, i: &IntegerType, slot: Slot, doc: Option<String>) -> Ty {
        if i.enumeration.iter().any(Option::is_some) {
            let values: Vec<String> = i.enumeration.iter().flatten().map(i64::to_string).collect();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let name = self.claim(slot);
            self.define_enum(&name, doc, &values, EnumRepr::Integer);
            return self.dedupe(name);
        }
        match &i.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
            VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" => Ty::U32,
            VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" => Ty::U64,
            _ => Ty::I64,
        }
    }

    /// An array: `Vec` of its items (`Option` items when they are nullable).
    fn convert_array(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        slot: &Slot,
        ptr: &str,
    ) -> Ty {
        let Some(items) = items else {
            return Ty::Vec(Box::new(Ty::Json));
        };
        let hint = naming::join(slot.base(), "Item");
        let (item, item_nullable) = self.lower_schema(items, &hint, &format!("{ptr}/items"));
        let item = unboxed(item);
        Ty::Vec(Box::new(if item_nullable {
            Ty::Option(Box::new(item))
        } else {
            item
        }))
    }

    /// An object: a struct when it has properties, a map when it only has
    /// `additionalProperties` with a schema, else any JSON value.
    fn convert_object(
        &mut self,
        o: &'a ObjectType,
        slot: Slot,
        doc: Option<String>,
        ptr: &str,
    ) -> Ty {
        if !o.properties.is_empty() {
            let properties = properties(&o.properties, ptr);
            let additional = o.additional_properties.as_ref();
            return self.define_object(slot, doc, properties, &o.required, additional, ptr);
        }
        match &o.additional_properties {
            Some(AdditionalProperties::Schema(s)) => {
                let hint = naming::join(slot.base(), "Value");
                let (value, _) =
                    self.lower_schema(&**s, &hint, &format!("{ptr}/additionalProperties"));
                Ty::Map(Box::new(unboxed(value)))
            }
            _ => Ty::Json,
        }
    }

    /// `allOf`: parts that only describe (a `description` or `nullable` beside a `$ref`, the
    /// common idiom) add nothing to the type; one part left is that part (nullable if any says
    /// so); parts that are objects are merged into one struct; parts that are all scalars (two
    /// enums, say) are the first one, whose open enum keeps every value.
    fn convert_all_of(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        slot: Slot,
        doc: Option<String>,
        ptr: &str,
    ) -> (Ty, bool) {
        let nullable = all_of.iter().any(|part| match part {
            ReferenceOr::Item(s) => s.schema_data.nullable && describes_only(s),
            ReferenceOr::Reference { .. } => false,
        });
        let parts: Vec<(usize, &'a ReferenceOr<Schema>)> = all_of
            .iter()
            .enumerate()
            .filter(|(_, part)| !matches!(part, ReferenceOr::Item(s) if describes_only(s)))
            .collect();
        let single = match parts.as_slice() {
            // A subtype that adds nothing to a base which lists it (`File: allOf [Storage]`,
            // `Storage` mapping `FILE` to `File`) is the base's members, not the base: the
            // base is the union of its subtypes, and would contain itself.
            [(_, only)] if self.part_lists_defined(only) => None,
            [only] => Some(*only),
            [first, ..] if parts.iter().all(|(_, p)| !self.is_object(p)) => Some(*first),
            _ => None,
        };
        if let Some((i, part)) = single {
            let inner_ptr = format!("{ptr}/allOf/{i}");
            let (ty, inner_nullable) = match SchemaRef::from(part) {
                SchemaRef::Ref(reference) => self.lower_ref(reference, &inner_ptr),
                SchemaRef::Item(inner) => self.lower_schema_named(inner, slot, &inner_ptr),
            };
            return (ty, nullable || inner_nullable);
        }
        let own = self.is_own(&slot);
        let merged = self.merge_own(own, |this| this.merge_all_of(all_of, ptr));
        let (ty, inner_nullable) = self.define_merged(merged, slot, doc);
        (ty, nullable || inner_nullable)
    }

    /// Whether `slot` names the component being defined (its own schema, not one inline in it).
    fn is_own(&self, slot: &Slot) -> bool {
        let defining = self
            .defining
            .last()
            .and_then(|d| self.component_names.get(d));
        matches!(slot, Slot::Claimed(rust) if defining == Some(rust))
    }

    /// Runs a merge with [`Lowering::merging_own`] set to `own`.
    fn merge_own<T>(&mut self, own: bool, merge: impl FnOnce(&mut Self) -> T) -> T {
        let outer = std::mem::replace(&mut self.merging_own, own);
        let merged = merge(self);
        self.merging_own = outer;
        merged
    }

    /// Whether `part` is a schema whose `oneOf`/`anyOf` lists the component being defined.
    fn part_lists_defined(&self, part: &ReferenceOr<Schema>) -> bool {
        let Some(schema) = self.schema_behind(part) else {
            return false;
        };
        match &schema.schema_kind {
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                self.lists_defined(list)
            }
            SchemaKind::Any(any) => {
                self.lists_defined(&any.one_of) || self.lists_defined(&any.any_of)
            }
            _ => false,
        }
    }

    /// The type of what a merge collected: a struct of the properties, with a flattened field
    /// for each union among the parts; only a union, that union; nothing, any JSON value.
    fn define_merged(
        &mut self,
        mut merged: Merged<'a>,
        slot: Slot,
        doc: Option<String>,
    ) -> (Ty, bool) {
        // A property every alternative of a union declares (a discriminator, a base's members)
        // is the union's: the struct would take it before the flattened union saw it.
        merged.properties.retain(|p| {
            !merged
                .unions
                .iter()
                .any(|u| u.list.iter().all(|alt| self.declares(alt, p.wire)))
        });
        match (merged.properties.is_empty(), merged.unions.as_slice()) {
            (true, []) => (Ty::Json, false),
            // Only a union: the type is that union.
            (true, [union]) => {
                let doc = union.doc.clone().or(doc);
                let ty = self.convert_union(union.list, slot, doc, union.discriminator, &union.ptr);
                (ty, union.nullable)
            }
            _ => {
                let name = self.claim(slot);
                self.define_struct(&name, doc, merged.properties, &merged.required);
                // Each union part is a field of its own whose members are the struct's:
                // `#[serde(flatten)]`, named after what it is (`one_of`, `any_of`).
                for (i, union) in merged.unions.iter().enumerate() {
                    let kind = if union.any { "AnyOf" } else { "OneOf" };
                    let base = if i == 0 {
                        kind.to_owned()
                    } else {
                        format!("{kind}{}", i + 1)
                    };
                    let ty = self.convert_union(
                        union.list,
                        Slot::Hint(naming::join(&name, &base)),
                        union.doc.clone(),
                        union.discriminator,
                        &union.ptr,
                    );
                    self.push_flattened(
                        &name,
                        naming::snake(&base, "union"),
                        "The shape the value takes among the union's alternatives; its members are the object's own.",
                        ty,
                    );
                }
                (self.dedupe(name), false)
            }
        }
    }

    /// Whether an object schema that `openapiv3` read as "any" (its keywords mix kinds)
    /// composes objects: no type or `object`, and an `allOf` with an object among its parts
    /// beside properties or alone, or a `oneOf`/`anyOf` of objects. A `oneOf` that only
    /// constrains (`required: [a]` or `required: [b]`) adds no data and is left out.
    fn composes_objects(&self, any: &'a openapiv3::AnySchema) -> bool {
        matches!(any.typ.as_deref(), None | Some("object"))
            && (any.all_of.iter().any(|p| self.is_object(p))
                || self.alternative_objects(&any.one_of)
                || self.alternative_objects(&any.any_of))
    }

    /// Whether the values `additionalProperties` allows beside properties can be a flattened
    /// map's: text (not an enum or bytes), numbers, booleans, or any JSON value. Objects and
    /// arrays there are left out (their members are dropped, as before): serde hands a
    /// flattened map's values over in a form the lenient decoding of their own optional
    /// fields cannot read.
    fn plain_value(&self, schema: &ReferenceOr<Schema>) -> bool {
        match self.schema_behind(schema).map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::String(s))) => {
                s.enumeration.is_empty()
                    && !matches!(
                        s.format,
                        VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
                    )
            }
            Some(SchemaKind::Type(Type::Integer(i))) => i.enumeration.is_empty(),
            Some(SchemaKind::Type(Type::Number(_) | Type::Boolean(_))) => true,
            Some(SchemaKind::Any(a)) => {
                a.typ.is_none()
                    && a.properties.is_empty()
                    && a.items.is_none()
                    && a.all_of.is_empty()
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.enumeration.is_empty()
            }
            _ => false,
        }
    }

    /// Whether every alternative of a `oneOf`/`anyOf` describes an object.
    pub(super) fn alternative_objects(&self, list: &[ReferenceOr<Schema>]) -> bool {
        !list.is_empty() && list.iter().all(|p| self.is_object(p))
    }

    /// Whether a schema (or the component it names) describes an object: properties, an
    /// object type, or an `allOf` of such.
    fn is_object(&self, schema: &ReferenceOr<Schema>) -> bool {
        self.is_object_once(schema, &mut Vec::new())
    }

    /// [`Self::is_object`], each component looked into once (`seen`).
    fn is_object_once(&self, schema: &ReferenceOr<Schema>, seen: &mut Vec<String>) -> bool {
        if !super::refs::first_visit(schema, seen) {
            return false;
        }
        // A reference that cannot be followed is left to the stage that reports it.
        let Some(s) = self.schema_behind(schema) else {
            return true;
        };
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Any(a) => {
                !a.properties.is_empty()
                    || a.typ.as_deref() == Some("object")
                    || a.all_of.iter().any(|p| self.is_object_once(p, seen))
            }
            SchemaKind::AllOf { all_of } => all_of.iter().any(|p| self.is_object_once(p, seen)),
            _ => false,
        }
    }

    /// The one value a scalar schema allows (`enum: [X-Amz-Target value]`, `enum: [true]`),
    /// as the text it is sent as, if it allows one.
    pub(super) fn only_value(&self, schema: &ReferenceOr<Schema>) -> Option<String> {
        match &self.schema_behind(schema)?.schema_kind {
            SchemaKind::Type(Type::String(t)) => match t.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            SchemaKind::Type(Type::Boolean(t)) => match t.enumeration.as_slice() {
                [Some(value)] => Some(value.to_string()),
                _ => None,
            },
            SchemaKind::Type(Type::Integer(t)) => match t.enumeration.as_slice() {
                [Some(value)] => Some(value.to_string()),
                _ => None,
            },
            _ => None,
        }
    }

    /// A scalar schema's `default` as the text it is sent as (`true`, `20`, `json`).
    pub(super) fn scalar_default(&self, schema: &ReferenceOr<Schema>) -> Option<String> {
        let schema = self.schema_behind(schema)?;
        if !matches!(
            schema.schema_kind,
            SchemaKind::Type(
                Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_)
            )
        ) {
            return None;
        }
        match schema.schema_data.default.as_ref()? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// Whether `schema` allows nothing but null: `enum: [null]` (drf-spectacular's `NullEnum`).
    pub(super) fn null_only(&self, schema: &ReferenceOr<Schema>) -> bool {
        let Some(s) = self.schema_behind(schema) else {
            return false;
        };
        match &s.schema_kind {
            SchemaKind::Any(a) => {
                !a.enumeration.is_empty() && a.enumeration.iter().all(serde_json::Value::is_null)
            }
            SchemaKind::Type(Type::String(t)) => {
                !t.enumeration.is_empty() && t.enumeration.iter().all(Option::is_none)
            }
            _ => false,
        }
    }

    /// `oneOf` / `anyOf`: an open union of the alternatives (those that only allow null are
    /// left out: the union is nullable).
    fn convert_union(
        &mut self,
        list: &'a [ReferenceOr<Schema>],
        slot: Slot,
        doc: Option<String>,
        discriminator: Option<&'a openapiv3::Discriminator>,
        ptr: &str,
    ) -> Ty {
        let name = self.claim(slot);
        self.define_union(&name, doc, list, discriminator, ptr);
        self.dedupe(name)
    }

    /// A struct of `properties`, named by `slot`, shared with an identical inline type. The
    /// members `additionalProperties` allows beside them (a schema, or `true`) are a map
    /// flattened into the struct, `additional_properties`: decoded from the keys no property
    /// names, written back beside the properties.
    fn define_object(
        &mut self,
        slot: Slot,
        doc: Option<String>,
        properties: Vec<Property<'a>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        ptr: &str,
    ) -> Ty {
        let name = self.claim(slot);
        self.define_struct(&name, doc, properties, required);
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) if self.plain_value(s) => {
                let hint = naming::join(&name, "Value");
                let at = format!("{ptr}/additionalProperties");
                let (value, nullable) = self.lower_schema(&**s, &hint, &at);
                let value = unboxed(value);
                Some(if nullable {
                    Ty::Option(Box::new(value))
                } else {
                    value
                })
            }
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            _ => None,
        };
        if let Some(value) = value {
            self.push_flattened(
                &name,
                "additional_properties".to_owned(),
                "The members beside the properties, by name (`additionalProperties`).",
                Ty::Map(Box::new(value)),
            );
        }
        self.dedupe(name)
    }

    /// Adds to the struct `name` a field whose members are the struct's (`#[serde(flatten)]`),
    /// named `wanted` unless a property took that name.
    fn push_flattened(&mut self, name: &str, wanted: String, doc: &str, ty: Ty) {
        if let Some(TypeDef::Struct(def)) = self.def_mut(name) {
            let mut names = Namespace::default();
            for field in &def.fields {
                names.claim(field.name.clone());
            }
            def.fields.push(Field {
                name: names.claim(wanted),
                wire: String::new(),
                doc: Some(doc.to_owned()),
                ty,
                presence: Presence::Required,
                lenient: false,
                flatten: true,
            });
        }
    }
}

/// A schema that only describes (no type, properties, items, values or composition): a
/// `description` or `nullable` written as an `allOf` part beside a `$ref`.
pub(super) fn describes_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(a) => {
            a.typ.is_none()
                && a.properties.is_empty()
                && a.additional_properties.is_none()
                && a.items.is_none()
                && a.enumeration.is_empty()
                && a.one_of.is_empty()
                && a.all_of.is_empty()
                && a.any_of.is_empty()
                && a.not.is_none()
                && a.format.is_none()
                && a.pattern.is_none()
        }
        _ => false,
    }
}

/// A number: `f32` or `f64` by format.
fn convert_number(n: &NumberType) -> Ty {
    match &n.format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
        _ => Ty::F64,
    }
}

/// The properties of an object schema at `ptr`, each with its pointer.
fn properties<'a>(
    props: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    ptr: &str,
) -> Vec<Property<'a>> {
    props
        .iter()
        .map(|(k, v)| Property {
            wire: k,
            schema: v,
            ptr: format!("{ptr}/properties/{}", escape_token(k)),
        })
        .collect()
}
