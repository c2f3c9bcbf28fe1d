//! Request bodies: JSON, a form whose fields are written as key/value pairs, text or bytes.

use std::collections::BTreeMap;

use openapiv3::{QueryStyle, ReferenceOr, RequestBody};

use super::Lowering;
use super::schema::unboxed;
use crate::diag::escape_token;
use crate::ir::naming;
use crate::ir::{
    BodyDef, BodyEncoding, PairField, PairStyle, PairsDef, Ty, TypeDef, collect_named, essence,
    is_json,
};

/// A problem found and reported: the operation cannot be generated.
pub(super) struct Reported;

impl<'a> Lowering<'a> {
    /// The operation's request body: `Ok(None)` when it can hold nothing, `Err` when it cannot
    /// be generated (and was reported).
    pub(super) fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        type_base: &str,
        ptr: &str,
    ) -> Result<Option<BodyDef>, Reported> {
        // Where the body stands in the document as written, for what `openapiv3` does not keep.
        let raw_ptr = match body {
            ReferenceOr::Reference { reference } => reference.clone(),
            ReferenceOr::Item(_) => ptr.to_owned(),
        };
        let body = self.resolve(body, ptr).ok_or(Reported)?;
        if let Some(media_type) = body.content.keys().find(|m| super::has_control(m)) {
            self.error(
                &format!("{ptr}/content/{}", escape_token(media_type)),
                format!("media type {media_type:?} holds a control character"),
                "write a media type such as application/json",
            );
            return Err(Reported);
        }
        // JSON first, then a form, then multipart, then text, then bytes.
        let kinds: Vec<(u8, &String, &openapiv3::MediaType)> = body
            .content
            .iter()
            .map(|(media_type, media)| {
                let essence = essence(media_type);
                let rank = if is_json(media_type) {
                    0
                } else if essence == "application/x-www-form-urlencoded" {
                    1
                } else if essence.starts_with("multipart/") {
                    2
                } else if essence.starts_with("text/") {
                    3
                } else {
                    4
                };
                (rank, media_type, media)
            })
            .collect();
        let Some(&(rank, media_type, media)) = kinds.iter().min_by_key(|(rank, _, _)| *rank) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.error(
                ptr,
                format!("request body media types {types:?} are not supported"),
                "give the request body a media type",
            );
            return Err(Reported);
        };
        let encoding = match rank {
            0 if essence(media_type) == "application/json" => BodyEncoding::Json(None),
            0 => BodyEncoding::Json(Some(media_type.clone())),
            1 => BodyEncoding::Form,
            2 => BodyEncoding::Multipart(essence(media_type)),
            3 => BodyEncoding::Text(media_type.clone()),
            _ => BodyEncoding::Bytes(media_type.clone()),
        };
        if matches!(encoding, BodyEncoding::Text(_) | BodyEncoding::Bytes(_)) {
            return Ok(Some(BodyDef {
                ty: Ty::String,
                encoding,
                required: body.required,
            }));
        }
        let Some(schema) = &media.schema else {
            self.error(
                ptr,
                "request body has no schema",
                "add a schema to the request body's media type",
            );
            return Err(Reported);
        };
        // A form that can hold nothing (Stripe declares one on its GET operations) is no body.
        if matches!(encoding, BodyEncoding::Form | BodyEncoding::Multipart(_))
            && self.schema_behind(schema).is_some_and(holds_nothing)
        {
            return Ok(None);
        }
        let (ty, _) = self.lower_schema(
            schema,
            &naming::join(type_base, "Request"),
            &format!("{ptr}/content/{}/schema", escape_token(media_type)),
        );
        let ty = unboxed(ty);
        // The body's own type (an alias keeps its own description) gets the body's.
        let doc = || {
            body.description
                .clone()
                .unwrap_or_else(|| format!("The request body of `{type_base}`."))
        };
        if let Ty::Named(n) = &ty {
            match self.defs.get_mut(n) {
                Some(TypeDef::Struct(def)) if def.doc.is_none() => def.doc = Some(doc()),
                Some(TypeDef::Alias(def)) if def.doc.is_none() => def.doc = Some(doc()),
                _ => {}
            }
        }
        let mut names = Vec::new();
        collect_named(&ty, &mut names);
        self.inputs.extend(names);
        let written = match encoding {
            BodyEncoding::Form => {
                let raw = format!("{raw_ptr}/content/{}/encoding", escape_token(media_type));
                self.define_form(&ty, ptr, media, &raw)
            }
            BodyEncoding::Multipart(_) => {
                if !media.encoding.is_empty() {
                    self.warn(
                        &format!("{raw_ptr}/content/{}/encoding", escape_token(media_type)),
                        "a multipart body's `encoding` (a part's `contentType` and `headers`) is not applied",
                        "parts go as files (`format: binary`), text, or JSON text for objects",
                    );
                }
                self.define_multipart(&ty, ptr)
            }
            _ => true,
        };
        if !written {
            return Err(Reported);
        }
        // Twilio's specs never set `required` on request bodies; a body whose schema has
        // required properties cannot be left out either.
        let has_required = match &ty {
            Ty::Named(n) => {
                matches!(self.def(n), Some(TypeDef::Struct(s)) if !s.all_optional())
            }
            _ => false,
        };
        Ok(Some(BodyDef {
            ty,
            encoding,
            required: body.required || has_required,
        }))
    }

    /// Makes the struct `ty` a form body: each field written under its key, as the media type's
    /// `encoding` says (`raw` points at it in the document as written). Refused (and reported)
    /// unless `ty` is a struct whose fields can all be written in a form.
    fn define_form(&mut self, ty: &Ty, ptr: &str, media: &openapiv3::MediaType, raw: &str) -> bool {
        let Some(fields) = self.form_fields(ty, ptr, "form") else {
            return false;
        };
        if let Ty::Named(n) = ty {
            self.unshare(n);
        }
        for wire in media.encoding.keys() {
            if !fields.iter().any(|f| &f.wire == wire) {
                self.warn(
                    &format!("{raw}/{}", escape_token(wire)),
                    format!("the `encoding` of {wire:?} names no property of the form"),
                    "name a property of the body's schema, or remove the entry",
                );
            }
        }
        let mut query = Vec::new();
        for f in &fields {
            if f.flatten {
                query.push(PairField {
                    field: f.name.clone(),
                    wire: String::new(),
                    style: PairStyle::Members { explode: true },
                    unset: None,
                });
                continue;
            }
            let encoding = media.encoding.get(&f.wire);
            let style = self.form_style(f, encoding, raw);
            if let Some(encoding) = encoding {
                self.warn_unapplied(
                    f,
                    encoding,
                    style,
                    &format!("{raw}/{}", escape_token(&f.wire)),
                );
            }
            query.push(PairField {
                field: f.name.clone(),
                wire: f.wire.clone(),
                style,
                unset: None,
            });
        }
        let pairs = PairsDef {
            query,
            headers: Vec::new(),
            cookies: Vec::new(),
        };
        if let Ty::Named(n) = ty
            && let Some(TypeDef::Struct(s)) = self.def_mut(n)
        {
            s.pairs = Some(pairs);
        }
        true
    }

    /// Warns where a form field's `encoding` asks for what is not written: `allowReserved`, and
    /// an object in a delimited style (written as JSON text under its key).
    fn warn_unapplied(
        &mut self,
        field: &crate::ir::Field,
        encoding: &openapiv3::Encoding,
        style: PairStyle,
        at: &str,
    ) {
        if let Some(content_type) = &encoding.content_type
            && !is_json(content_type)
        {
            self.warn(
                at,
                format!(
                    "form field {:?}: `contentType` {content_type:?} is not applied",
                    field.wire
                ),
                "a form field is text; only a JSON `contentType` changes how it is written",
            );
        }
        if encoding.allow_reserved {
            self.warn(
                at,
                format!(
                    "form field {:?}: `allowReserved` is not applied",
                    field.wire
                ),
                "reserved characters are percent-encoded, which servers decode the same",
            );
        }
        if self.is_object_ty(&field.ty) && style == PairStyle::Repeat {
            self.warn(
                at,
                format!(
                    "form field {:?}: an object in this style is written as JSON text under its key",
                    field.wire
                ),
                "use `style: form` for a pair per member, `deepObject` for `key[member]=value` pairs",
            );
        }
    }

    /// Whether a field of this type is an object (a struct or a map) on the wire.
    pub(super) fn is_object_ty(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(n) => matches!(self.def(n), Some(TypeDef::Struct(_))),
            Ty::Map(_) => true,
            _ => false,
        }
    }

    /// How a form field is written: by its `encoding` entry's `style` and `explode` (the form
    /// style's default is the key once per item; an object's is a pair per member), as JSON
    /// text when its `contentType` is JSON. Objects without an entry are written as the
    /// conventions say: JSON text under one key (Twilio's SDKs), or OpenAPI's default.
    fn form_style(
        &self,
        field: &crate::ir::Field,
        encoding: Option<&openapiv3::Encoding>,
        raw: &str,
    ) -> PairStyle {
        let object = self.is_object_ty(&field.ty);
        let Some(encoding) = encoding else {
            return if object && !self.conventions.form_objects_as_json {
                PairStyle::Members { explode: true }
            } else {
                PairStyle::Repeat
            };
        };
        if encoding.content_type.as_deref().is_some_and(is_json) {
            return PairStyle::Json;
        }
        // `openapiv3` reads a missing `explode` as false: whether it was written is in the
        // document as written. The form style's default is true, the others' false.
        let written = format!(
            "{}/{}/explode",
            raw.trim_start_matches('#'),
            escape_token(&field.wire)
        );
        let explode = match self.raw.pointer(&written) {
            Some(value) => value.as_bool().unwrap_or(true),
            None => !matches!(
                encoding.style,
                Some(
                    QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited | QueryStyle::DeepObject
                )
            ),
        };
        let array = matches!(field.ty, Ty::Vec(_));
        match encoding.style {
            Some(QueryStyle::DeepObject) => PairStyle::DeepObject,
            Some(QueryStyle::Form) | None if object => PairStyle::Members { explode },
            _ if explode || !array => PairStyle::Repeat,
            Some(QueryStyle::SpaceDelimited) => PairStyle::Joined(' '),
            Some(QueryStyle::PipeDelimited) => PairStyle::Joined('|'),
            Some(QueryStyle::Form) | None => PairStyle::Joined(','),
        }
    }

    /// Makes the struct `ty` a multipart body: a part per field (per item of an array), files
    /// for `format: binary` fields, the rest as a form writes them. Refused (and reported) as a
    /// form would be.
    fn define_multipart(&mut self, ty: &Ty, ptr: &str) -> bool {
        if self.form_fields(ty, ptr, "multipart").is_none() {
            return false;
        }
        if let Ty::Named(n) = ty
            && let Some(TypeDef::Struct(s)) = self.def_mut(n)
        {
            s.multipart = true;
        }
        true
    }

    /// The fields of a form or multipart body `ty`, if it is a struct whose fields can all be
    /// written as pairs (its object fields are then written as JSON text); reported otherwise.
    fn form_fields(&mut self, ty: &Ty, ptr: &str, what: &str) -> Option<Vec<crate::ir::Field>> {
        let fields = match ty {
            Ty::Named(n) => match self.def(n) {
                Some(TypeDef::Struct(s)) => Some(s.fields.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(fields) = fields else {
            self.error(
                ptr,
                format!("a {what} body must be an object with properties"),
                "give the body `type: object` and `properties`",
            );
            return None;
        };
        for field in &fields {
            if !form_encodable(&field.ty, &self.defs) {
                self.error(
                    ptr,
                    format!("{what} field {:?} has a type that cannot be written in a {what} body (nested arrays, or arrays of nullable items)", field.wire),
                    "send the body as JSON, or flatten the object",
                );
                return None;
            }
        }
        for field in &fields {
            self.mark_form_json(&field.ty);
        }
        Some(fields)
    }
}

impl Lowering<'_> {
    /// Objects written as pairs under one key (form fields without an `encoding`, query
    /// parameters in the delimited styles) are written as JSON text: their structs implement
    /// `ParamValue` so.
    pub(super) fn mark_form_json(&mut self, ty: &Ty) {
        let inner = match ty {
            Ty::Vec(inner) | Ty::Option(inner) => inner,
            other => other,
        };
        if let Ty::Named(n) = inner
            && let Some(TypeDef::Struct(s)) = self.def_mut(n)
        {
            s.form_json = true;
        }
    }
}

/// An object schema without properties that allows no others: `{type: object, properties: {},
/// additionalProperties: false}`.
fn holds_nothing(schema: &openapiv3::Schema) -> bool {
    use openapiv3::{AdditionalProperties, SchemaKind, Type};
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.is_empty()
                && matches!(
                    o.additional_properties,
                    Some(AdditionalProperties::Any(false))
                )
        }
        SchemaKind::Any(a) => {
            a.properties.is_empty()
                && matches!(
                    a.additional_properties,
                    Some(AdditionalProperties::Any(false))
                )
                && a.all_of.is_empty()
                && a.any_of.is_empty()
                && a.one_of.is_empty()
        }
        _ => false,
    }
}

/// Whether a form field of this type can be written: scalars and enums as text, arrays as
/// repeated keys, objects and maps as JSON text under one key (as Twilio's SDKs do), unions as
/// their value; not nested arrays, arrays of nullable items or recursive types.
fn form_encodable(ty: &Ty, defs: &BTreeMap<String, TypeDef>) -> bool {
    match ty {
        Ty::Named(n) => defs.contains_key(n),
        Ty::Vec(inner) => {
            !matches!(**inner, Ty::Vec(_) | Ty::Option(_)) && form_encodable(inner, defs)
        }
        Ty::Boxed(_) | Ty::Option(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::form_encodable;
    use crate::ir::{EnumDef, EnumRepr, Ty, TypeDef, UnionDef};

    #[test]
    fn what_a_form_can_carry() {
        let mut defs = BTreeMap::new();
        defs.insert(
            "Color".to_owned(),
            TypeDef::Enum(EnumDef {
                name: "Color".into(),
                doc: None,
                repr: EnumRepr::String,
                variants: Vec::new(),
                fallback: "Unrecognized".into(),
            }),
        );
        defs.insert(
            "Shape".to_owned(),
            TypeDef::Union(UnionDef {
                name: "Shape".into(),
                doc: None,
                variants: Vec::new(),
                discriminator: None,
                fallback: "Unrecognized".into(),
            }),
        );
        let vec = |t: Ty| Ty::Vec(Box::new(t));
        for ok in [
            Ty::String,
            Ty::I64,
            Ty::DateTime,
            Ty::Json,
            Ty::Map(Box::new(Ty::String)),
            Ty::Named("Color".into()),
            vec(Ty::String),
            vec(Ty::Named("Color".into())),
        ] {
            assert!(form_encodable(&ok, &defs), "{ok:?}");
        }
        assert!(form_encodable(&Ty::Named("Shape".into()), &defs));
        for refused in [
            Ty::Named("Missing".into()),
            vec(vec(Ty::String)),
            vec(Ty::Option(Box::new(Ty::String))),
            Ty::Boxed(Box::new(Ty::Named("Color".into()))),
        ] {
            assert!(!form_encodable(&refused, &defs), "{refused:?}");
        }
    }
}
