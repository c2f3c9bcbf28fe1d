//! Request bodies: JSON, or a form whose fields are written as key/value pairs.

use openapiv3::{ReferenceOr, RequestBody};

use super::Lowering;
use super::dedupe::collect_named;
use super::schema::unboxed;
use crate::ir::{BodyDef, BodyEncoding, PairField, PairStyle, PairsDef, Ty, TypeDef};

impl<'a> Lowering<'a> {
    pub(super) fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        type_base: &str,
        ptr: &str,
    ) -> Option<BodyDef> {
        let body = self.resolve(body, ptr)?;
        let (media, encoding) = if let Some(m) = body.content.get("application/json") {
            (m, BodyEncoding::Json)
        } else if let Some(m) = body.content.get("application/x-www-form-urlencoded") {
            (m, BodyEncoding::Form)
        } else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.error(
                ptr,
                format!("request body media types {types:?} are not supported"),
                "use application/json or application/x-www-form-urlencoded",
            );
            return None;
        };
        let Some(schema) = &media.schema else {
            self.error(
                ptr,
                "request body has no schema",
                "add a schema to the request body's media type",
            );
            return None;
        };
        let (ty, _) = self.lower_schema(
            schema,
            &format!("{type_base}Request"),
            &format!("{ptr}/content/schema"),
        );
        let ty = unboxed(ty);
        if let Ty::Named(n) = &ty
            && let Some(TypeDef::Struct(def)) = self.defs.get_mut(n)
            && def.doc.is_none()
        {
            def.doc = Some(
                body.description
                    .clone()
                    .unwrap_or_else(|| format!("The request body of `{type_base}`.")),
            );
        }
        let mut names = Vec::new();
        collect_named(&ty, &mut names);
        self.inputs.extend(names);
        if encoding == BodyEncoding::Form && !self.define_form(&ty, ptr) {
            return None;
        }
        // Twilio's specs never set `required` on request bodies; a body whose schema has
        // required properties cannot be left out either.
        let has_required = match &ty {
            Ty::Named(n) => {
                matches!(self.defs.get(n), Some(TypeDef::Struct(s)) if !s.all_optional())
            }
            _ => false,
        };
        Some(BodyDef {
            ty,
            encoding,
            required: body.required || has_required,
        })
    }

    /// Makes the struct `ty` a form body: each field written under its key. Refused (and
    /// reported) unless `ty` is a struct whose fields can all be written in a form.
    fn define_form(&mut self, ty: &Ty, ptr: &str) -> bool {
        let fields = match ty {
            Ty::Named(n) => match self.defs.get(n) {
                Some(TypeDef::Struct(s)) => Some(s.fields.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(fields) = fields else {
            self.error(
                ptr,
                "a form body must be an object with properties",
                "give the form body `type: object` and `properties`",
            );
            return false;
        };
        for field in &fields {
            if !self.form_encodable(&field.ty) {
                self.error(
                    ptr,
                    format!("form field {:?} has a type that cannot be written in a form (a union, or nested arrays)", field.wire),
                    "send the body as JSON, or flatten the object",
                );
                return false;
            }
        }
        let pairs = PairsDef {
            query: fields
                .iter()
                .map(|f| PairField {
                    field: f.name.clone(),
                    wire: f.wire.clone(),
                    style: PairStyle::Repeat,
                })
                .collect(),
            headers: Vec::new(),
        };
        if let Ty::Named(n) = ty
            && let Some(TypeDef::Struct(s)) = self.defs.get_mut(n)
        {
            s.pairs = Some(pairs);
        }
        true
    }

    /// Whether a form field of this type can be written: scalars and enums as text, arrays as
    /// repeated keys, objects and maps as JSON text under one key (as Twilio's SDKs do). Objects
    /// used so are marked to be written as JSON.
    fn form_encodable(&mut self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(n) => match self.defs.get_mut(n) {
                Some(TypeDef::Enum(_)) => true,
                Some(TypeDef::Struct(s)) => {
                    s.form_json = true;
                    true
                }
                _ => false,
            },
            Ty::Vec(inner) => {
                !matches!(**inner, Ty::Vec(_) | Ty::Option(_)) && self.form_encodable(inner)
            }
            Ty::Boxed(_) | Ty::Option(_) => false,
            _ => true,
        }
    }
}
