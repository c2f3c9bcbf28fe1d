//! Models: a struct per object schema, an open enum per enum schema, an open union per
//! `oneOf`/`anyOf`. Everything outside the module is named by full path (`::serde::Serialize`,
//! `crate::runtime::Params`), so the files need no imports and no model name can shadow them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, field_ty, ident, ty};
use crate::ir::{
    AliasDef, Discriminator, EnumDef, EnumRepr, Field, JsonKind, ModelFile, ModuleIr, ModuleServer,
    NextLink, PageDef, PairField, PairStyle, PairsDef, Presence, StructDef, Ty, TypeDef, UnionDef,
    naming,
};

/// `{module}/mod.rs`: the module's docs, its server and re-exports.
pub(super) fn module_rs(module: &ModuleIr) -> TokenStream {
    let text = match &module.doc {
        Some(d) => format!(
            "{}\n\n{}\n\nGenerated from `{}`.",
            module.title,
            d.trim(),
            module.source
        ),
        None => format!("{}\n\nGenerated from `{}`.", module.title, module.source),
    };
    let docs = super::inner_doc(&text);
    let models = (!module.types.is_empty()).then(|| {
        quote! {
            mod models;
            pub use models::*;
        }
    });
    let resources = module.has_operations().then(|| {
        let server = match &module.server {
            ModuleServer::Default(url) => {
                let text = format!(
                    " Where this module's operations are sent (`servers` of `{}`), unless the client sets a base URL; a region or edge set on the client applies to its host.",
                    module.source
                );
                quote! {
                    #[doc = #text]
                    pub const SERVER: &str = #url;
                }
            }
            ModuleServer::Given {
                documented: Some(url),
                ..
            } => {
                let text = format!(
                    " The server `{}` names, which is plain http: the client does not use it unless you pass it where you reach this module.",
                    module.source
                );
                quote! {
                    #[doc = #text]
                    pub const SPEC_SERVER: &str = #url;
                }
            }
            ModuleServer::Given { .. } => TokenStream::new(),
        };
        let template = module.server_template.as_ref().map(|t| {
            let format = &t.format;
            let args = t.variables.iter().map(|(name, _, _)| {
                let n = ident(name);
                quote!(#n: &str)
            });
            let values = t.variables.iter().map(|(name, _, _)| ident(name));
            let mut text = " The server URL with its variables set (the spec's defaults:".to_owned();
            for (_, wire, default) in &t.variables {
                text.push_str(&format!(" `{wire}` = `{default}`"));
            }
            text.push_str("); give it to `ClientBuilder::base_url`.");
            quote! {
                #[doc = #text]
                pub fn server_url(#(#args),*) -> String {
                    format!(#format, #(#values),*)
                }
            }
        });
        quote! {
            mod resources;
            pub use resources::*;

            #server
            #template
        }
    });
    quote! {
        #docs

        #models
        #resources
    }
}

/// `{module}/models.rs`: its head and its models.
pub(super) fn models_rs(
    module: &ModuleIr,
) -> (TokenStream, impl Iterator<Item = TokenStream> + '_) {
    let types: Vec<&TypeDef> = module.types.iter().collect();
    models_file(
        " Models of the API's resources, request bodies and query parameters.",
        types,
        false,
    )
}

/// `models/mod.rs` of a module whose models are split: the files, re-exported.
pub(super) fn models_split_mod(files: &[ModelFile]) -> TokenStream {
    let mods = files.iter().map(|f| {
        let n = ident(&f.name);
        quote!(mod #n;)
    });
    let uses = files.iter().map(|f| {
        let n = ident(&f.name);
        quote!(pub use #n::*;)
    });
    quote! {
        //! Models of the API's resources, request bodies and query parameters, in a file per
        //! first letter of their names.

        #(#mods)*

        #(#uses)*
    }
}

/// `models/{letter}.rs`: the models of one file of a split module (its head and its models).
pub(super) fn models_part<'a>(
    module: &'a ModuleIr,
    file: &ModelFile,
) -> (TokenStream, impl Iterator<Item = TokenStream> + 'a) {
    let types: Vec<&TypeDef> = file.types.iter().map(|&i| &module.types[i]).collect();
    let text = match file.name.as_str() {
        "other" => " Models whose names do not start with a letter.".to_owned(),
        letter => format!(
            " Models whose names start with `{}`.",
            letter.to_ascii_uppercase()
        ),
    };
    models_file(&text, types, file.uses_siblings)
}

/// A file of models: `types`, with what they need in scope (the file's head, then each model
/// made when its turn comes). In a part of a split module that names models of the other parts
/// (`siblings`), they are reached through the parent's re-exports.
fn models_file<'a>(
    doc: &str,
    types: Vec<&'a TypeDef>,
    siblings: bool,
) -> (TokenStream, impl Iterator<Item = TokenStream> + use<'a>) {
    let has_enums = types.iter().any(|t| matches!(t, TypeDef::Enum(_)));
    let allow = has_enums.then(|| {
        quote! {
            #![allow(clippy::enum_variant_names, reason = "variant names follow the values on the wire")]
        }
    });
    // Lenient fields name the runtime's module in their attributes; a model cannot shadow it
    // (model names are CamelCase).
    let lenient = types
        .iter()
        .any(|t| matches!(t, TypeDef::Struct(s) if s.fields.iter().any(|f| f.lenient)))
        .then(|| {
            quote!(
                use crate::runtime::lenient;
            )
        });
    let siblings = siblings.then(|| {
        quote!(
            use super::*;
        )
    });
    let head = quote! {
        #![doc = #doc]
        #allow

        #siblings
        #lenient
    };
    let items = types.into_iter().map(|t| match t {
        TypeDef::Struct(s) => struct_def(s),
        TypeDef::Enum(e) if e.repr == EnumRepr::Integer => int_enum_def(e),
        TypeDef::Enum(e) => enum_def(e),
        TypeDef::Union(u) => union_def(u),
        TypeDef::Alias(a) => alias_def(a),
    });
    (head, items)
}

fn struct_def(s: &StructDef) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc(s.doc.as_deref());
    let default = s.default.then(|| quote!(Default,));
    let fields = s.fields.iter().map(field_def);
    let constructor = s.constructor.then(|| constructor(s));
    let pairs = s.pairs.as_ref().map(to_params);
    let multipart = s.multipart.then(|| to_multipart(&s.fields));
    let to_params = (pairs.is_some() || multipart.is_some()).then(|| quote!(#pairs #multipart));
    let page = s.page.as_ref().map(|p| page_impl(&s.name, p));
    let form_json = s.form_json.then(|| {
        quote! {
            impl crate::runtime::ParamValue for #name {
                fn append_to(&self, key: &str, params: &mut crate::runtime::Params) {
                    params.push_json(key, self);
                }
            }
        }
    });
    let setters: Vec<TokenStream> = s
        .setters
        .iter()
        .filter_map(|(field, method)| {
            let f = s.fields.iter().find(|f| &f.name == field)?;
            let n = ident(field);
            let m = ident(method);
            let t = field_ty(&f.ty, f.presence);
            let text = format!(
                " Sets `{}`{}",
                if f.flatten { &f.name } else { &f.wire },
                f.doc
                    .as_deref()
                    .and_then(|d| super::doc_lines(d).into_iter().next())
                    .map(|first| format!(":{first}"))
                    .unwrap_or_else(|| ".".to_owned())
            );
            // An optional field's setter takes the value itself (`.name("Acme")`): leaving
            // the setter out is what leaves the field out.
            let (t, set) = match f.presence {
                Presence::Optional => (ty(&f.ty), quote!(Some(value.into()))),
                _ => (t, quote!(value.into())),
            };
            Some(quote! {
                #[doc = #text]
                #[must_use]
                pub fn #m(mut self, value: impl Into<#t>) -> Self {
                    self.#n = #set;
                    self
                }
            })
        })
        .collect();
    let inherent =
        (constructor.is_some() || to_params.is_some() || !setters.is_empty()).then(|| {
            quote! {
                impl #name {
                    #constructor
                    #(#setters)*
                    #to_params
                }
            }
        });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
        #inherent
        #page
        #form_json
    }
}

fn field_def(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let docs = doc(f.doc.as_deref());
    let t = field_ty(&f.ty, f.presence);
    if f.flatten {
        return quote! {
            #docs
            #[serde(flatten)]
            pub #name: #t,
        };
    }
    let mut serde = Vec::new();
    if naming::unraw(&f.name) != f.wire {
        let wire = &f.wire;
        serde.push(quote!(rename = #wire));
    }
    match (f.presence, f.lenient) {
        (Presence::Required | Presence::RequiredNullable, _) => {}
        (Presence::Optional, false) => {
            serde.push(quote!(default, skip_serializing_if = "Option::is_none"))
        }
        (Presence::Optional, true) => serde.push(quote!(
            default,
            with = "lenient::field",
            skip_serializing_if = "Option::is_none"
        )),
        (Presence::OptionalNullable, false) => serde.push(quote!(
            default,
            skip_serializing_if = "crate::runtime::Nullable::is_absent"
        )),
        (Presence::OptionalNullable, true) => serde.push(quote!(
            default,
            with = "lenient::field",
            skip_serializing_if = "lenient::absent"
        )),
    }
    let attr = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #docs
        #attr
        pub #name: #t,
    }
}

fn constructor(s: &StructDef) -> TokenStream {
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable))
        .filter(|f| !f.is_additional())
        .collect();
    // Strings are taken as `impl Into<String>`, so `new("text")` works.
    let is_string = |f: &Field| f.ty == Ty::String && f.presence == Presence::Required;
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        let t = if is_string(f) {
            quote!(impl Into<String>)
        } else {
            field_ty(&f.ty, f.presence)
        };
        quote!(#n: #t)
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        match f.presence {
            _ if f.is_additional() => quote!(#n: Default::default()),
            Presence::Required if is_string(f) => quote!(#n: #n.into()),
            Presence::Required | Presence::RequiredNullable => quote!(#n),
            Presence::Optional | Presence::OptionalNullable => quote!(#n: Default::default()),
        }
    });
    let allow = (required.len() > 7).then(
        || quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required field")]),
    );
    let text = format!(
        " Creates a [`{}`] from its required fields; the others are left out.",
        s.name
    );
    quote! {
        #[doc = #text]
        #allow
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// `to_multipart`: a part per field, files for `format: binary` fields.
fn to_multipart(fields: &[Field]) -> TokenStream {
    let pushes = fields.iter().map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire;
        if f.flatten {
            // Its members (a map's entries, a union's members) are parts of their own.
            quote!(parts.members(&self.#n);)
        } else if holds_binary(&f.ty) {
            quote!(parts.file(#wire, &self.#n);)
        } else {
            quote!(parts.text(#wire, &self.#n);)
        }
    });
    quote! {
        /// The fields as the parts of a multipart body, under their names on the wire.
        pub(crate) fn to_multipart(&self) -> crate::runtime::Multipart {
            let mut parts = crate::runtime::Multipart::new();
            #(#pushes)*
            parts
        }
    }
}

/// Bytes, or an array of them: written as files.
fn holds_binary(ty: &Ty) -> bool {
    match ty {
        Ty::Binary => true,
        Ty::Vec(inner) | Ty::Option(inner) => holds_binary(inner),
        _ => false,
    }
}

/// The statement that writes field `n` as `p` says.
fn push_pair(p: &PairField, n: &proc_macro2::Ident, wire: &str) -> TokenStream {
    match p.style {
        PairStyle::Repeat => quote!(params.push(#wire, &self.#n);),
        PairStyle::Joined(separator) => {
            let separator = separator.to_string();
            quote!(params.push_joined(#wire, &self.#n, #separator);)
        }
        PairStyle::DeepObject => quote!(params.push_deep(#wire, &self.#n);),
        PairStyle::Json => quote!(params.push_as_json(#wire, &self.#n);),
        PairStyle::Members { explode } => {
            quote!(params.push_members(#wire, &self.#n, #explode);)
        }
    }
}

/// `to_params` (query or form pairs) and `to_headers` (header pairs), each only when it has
/// something to write.
fn to_params(pairs: &PairsDef) -> TokenStream {
    let method = |name: &str, doc: &str, fields: &[PairField]| {
        if fields.is_empty() {
            return TokenStream::new();
        }
        let name = ident(name);
        let pushes = fields.iter().map(|p| {
            let n = ident(&p.field);
            let wire = &p.wire;
            let push = push_pair(p, &n, wire);
            match &p.unset {
                Some(text) => quote! {
                    if self.#n.is_none() {
                        params.push_str(#wire, #text);
                    } else {
                        #push
                    }
                },
                None => push,
            }
        });
        quote! {
            #[doc = #doc]
            pub(crate) fn #name(&self) -> crate::runtime::Params {
                let mut params = crate::runtime::Params::new();
                #(#pushes)*
                params
            }
        }
    };
    let query = method(
        "to_params",
        " The fields as query or form pairs, under their names on the wire.",
        &pairs.query,
    );
    let headers = method(
        "to_headers",
        " The header parameters, under their names on the wire.",
        &pairs.headers,
    );
    let cookies = method(
        "to_cookies",
        " The cookie parameters, under their names on the wire.",
        &pairs.cookies,
    );
    quote! {
        #query
        #headers
        #cookies
    }
}

fn page_impl(name: &str, p: &PageDef) -> TokenStream {
    let name = ident(name);
    let item = ty(&p.item);
    let items = ident(&p.items_field);
    let items_wire = &p.items_wire;
    let next_url = match &p.next {
        NextLink::Meta {
            meta_field,
            meta_presence,
            next_field,
            next_presence,
        } => {
            let meta = ident(meta_field);
            let next = ident(next_field);
            let meta_ref = match meta_presence {
                Presence::Required => quote!(Some(&self.#meta)),
                Presence::RequiredNullable | Presence::Optional => quote!(self.#meta.as_ref()),
                Presence::OptionalNullable => quote!(self.#meta.value()),
            };
            let next_ref = match next_presence {
                Presence::Required => quote!(Some(meta.#next.as_str())),
                Presence::RequiredNullable | Presence::Optional => quote!(meta.#next.as_deref()),
                Presence::OptionalNullable => quote!(meta.#next.value().map(String::as_str)),
            };
            quote!(#meta_ref.and_then(|meta| #next_ref))
        }
        NextLink::TopLevel { field, presence } => {
            let next = ident(field);
            match presence {
                Presence::Required => quote!(Some(self.#next.as_str())),
                Presence::RequiredNullable | Presence::Optional => quote!(self.#next.as_deref()),
                Presence::OptionalNullable => quote!(self.#next.value().map(String::as_str)),
            }
        }
    };
    let into_items = match p.items_presence {
        Presence::Required => quote!(self.#items),
        Presence::RequiredNullable | Presence::Optional => quote!(self.#items.unwrap_or_default()),
        Presence::OptionalNullable => quote!(self.#items.into_value().unwrap_or_default()),
    };
    quote! {
        impl crate::runtime::Page for #name {
            type Item = #item;

            const ITEMS_KEY: &'static str = #items_wire;

            fn next_page_url(&self) -> Option<&str> {
                #next_url.filter(|url| !url.is_empty())
            }

            fn into_items(self) -> Vec<Self::Item> {
                #into_items
            }
        }
    }
}

fn enum_def(e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc(e.doc.as_deref());
    let fallback = ident(&e.fallback);
    let variants = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let text = if v.wire.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" `{}`", v.wire.escape_debug().to_string().replace('`', "'"))
        };
        quote!(#[doc = #text] #n,)
    });
    let as_str = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#n => #wire,)
    });
    let from = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#n,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as it was received.
            #fallback(crate::runtime::Unknown<String>),
        }

        impl #name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#fallback(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::#fallback(crate::runtime::Unknown::new(other.to_owned())),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }

        impl crate::runtime::ParamValue for #name {
            fn append_to(&self, key: &str, params: &mut crate::runtime::Params) {
                params.push_str(key, self.as_str());
            }
        }
    }
}

fn int_enum_def(e: &EnumDef) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc(e.doc.as_deref());
    let fallback = ident(&e.fallback);
    let values: Vec<(proc_macro2::Ident, proc_macro2::Literal)> = e
        .variants
        .iter()
        .filter_map(|v| {
            Some((
                ident(&v.name),
                proc_macro2::Literal::i64_unsuffixed(v.wire.parse().ok()?),
            ))
        })
        .collect();
    let variants = values.iter().map(|(n, v)| {
        let text = format!(" `{v}`");
        quote!(#[doc = #text] #n,)
    });
    let to = values.iter().map(|(n, v)| quote!(Self::#n => #v,));
    let from = values.iter().map(|(n, v)| quote!(#v => Self::#n,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as it was received.
            #fallback(crate::runtime::Unknown<i64>),
        }

        impl #name {
            /// The value as it is on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #(#to)*
                    Self::#fallback(value) => *value.value(),
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from)*
                    other => Self::#fallback(crate::runtime::Unknown::new(other)),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.as_i64())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(Self::from(<i64 as ::serde::Deserialize>::deserialize(deserializer)?))
            }
        }

        impl crate::runtime::ParamValue for #name {
            fn append_to(&self, key: &str, params: &mut crate::runtime::Params) {
                params.push_str(key, &self.as_i64().to_string());
            }
        }
    }
}

/// `pub type Name = Target;`: an inline schema with the shape of another, under its own name.
fn alias_def(a: &AliasDef) -> TokenStream {
    let name = ident(&a.name);
    let target = ident(&a.target);
    let docs = doc(a.doc.as_deref());
    let same = format!(
        " The same type as [`{}`]: the spec describes both with one shape.",
        a.target
    );
    quote! {
        #docs
        #[doc = ""]
        #[doc = #same]
        pub type #name = #target;
    }
}

fn union_def(u: &UnionDef) -> TokenStream {
    let name = ident(&u.name);
    let docs = doc(u.doc.as_deref());
    let fallback = ident(&u.fallback);
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let t = ty(&v.ty);
        let text = format!(" The `{}` shape.", v.name);
        quote!(#[doc = #text] #n(#t),)
    });
    let fallback_doc = " A shape the spec does not list, kept as it was received.";
    // With a discriminator, its value picks the variant; without one (or for a value it does not
    // know), each variant is tried in order on values of its JSON kind.
    let tagged = u.discriminator.as_ref().filter(|d| !d.tags.is_empty()).map(|Discriminator { property, tags }| {
        let arms = tags.iter().map(|(value, variant)| {
            let v = ident(variant);
            quote! {
                if tag.as_deref() == Some(#value) {
                    return Ok(::serde_json::from_value(value.clone()).map(Self::#v).unwrap_or(Self::#fallback(value)));
                }
            }
        });
        quote! {
            let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(str::to_owned);
            #(#arms)*
        }
    });
    // With a discriminator, only the variants no tag names are tried by shape.
    let untagged = |v: &&crate::ir::UnionVariant| match &u.discriminator {
        Some(d) => !d.tags.iter().any(|(_, name)| *name == v.name),
        None => true,
    };
    let tries = u.variants.iter().filter(untagged).map(|v| {
        let n = ident(&v.name);
        // An object variant is only tried on values that have its required properties and
        // its tags (required single-value enums); any variant is taken only when decoding
        // it keeps every member of the value.
        let required = v
            .required
            .iter()
            .map(|wire| quote!(&& value.get(#wire).is_some()));
        let tags = v.tags.iter().map(|(wire, tag)| {
            quote!(&& value.get(#wire).and_then(::serde_json::Value::as_str) == Some(#tag))
        });
        let guard = match v.json {
            JsonKind::Object => quote!(value.is_object() #(#required)* #(#tags)*),
            JsonKind::Array => quote!(value.is_array()),
            JsonKind::String => quote!(value.is_string()),
            JsonKind::Integer => quote!((value.is_i64() || value.is_u64())),
            JsonKind::Number => quote!(value.is_number()),
            JsonKind::Bool => quote!(value.is_boolean()),
            JsonKind::Any => {
                return quote! {
                    if let Ok(v) = ::serde_json::from_value(value.clone())
                        && crate::runtime::lenient::lossless(&value, &v)
                    {
                        return Ok(Self::#n(v));
                    }
                };
            }
        };
        quote! {
            if #guard
                && let Ok(v) = ::serde_json::from_value(value.clone())
                && crate::runtime::lenient::lossless(&value, &v)
            {
                return Ok(Self::#n(v));
            }
        }
    });
    // A string an enum variant lists is that variant, whatever comes before it.
    let known = u
        .variants
        .iter()
        .filter(untagged)
        .filter(|v| !v.known.is_empty())
        .map(|v| {
            let n = ident(&v.name);
            let values = &v.known;
            quote! {
                if let Some(text) = value.as_str()
                    && [#(#values),*].contains(&text)
                    && let Ok(v) = ::serde_json::from_value(value.clone())
                {
                    return Ok(Self::#n(v));
                }
            }
        });
    let body = quote! {
        #tagged
        #(#known)*
        #(#tries)*
        Ok(Self::#fallback(value))
    };
    let deserialize = quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #body
            }
        }
    };
    let param_value = quote! {
        impl crate::runtime::ParamValue for #name {
            fn append_to(&self, key: &str, params: &mut crate::runtime::Params) {
                params.push_serialized(key, self);
            }
        }
    };
    let Some(Discriminator { property, tags }) = &u.discriminator else {
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            #[allow(clippy::large_enum_variant, reason = "the variants are the spec's shapes; boxing one would change how callers build it")]
            pub enum #name {
                #(#variants)*
                #[doc = #fallback_doc]
                #fallback(::serde_json::Value),
            }

            #deserialize
            #param_value
        };
    };
    // Internally tagged: encoding writes the discriminator too, when the variant's own fields
    // do not already carry it.
    let encode_arms = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        match tags.iter().find(|(_, variant)| *variant == v.name) {
            Some((tag, _)) => quote!(Self::#n(v) => (Some(#tag), ::serde_json::to_value(v)),),
            None => quote!(Self::#n(v) => (None, ::serde_json::to_value(v)),),
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "the variants are the spec's shapes; boxing one would change how callers build it")]
        pub enum #name {
            #(#variants)*
            #[doc = #fallback_doc]
            #fallback(::serde_json::Value),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (tag, value): (Option<&str>, _) = match self {
                    #(#encode_arms)*
                    Self::#fallback(v) => (None, Ok(v.clone())),
                };
                let mut value = value.map_err(::serde::ser::Error::custom)?;
                if let (Some(tag), Some(object)) = (tag, value.as_object_mut()) {
                    object.entry(#property).or_insert_with(|| ::serde_json::Value::from(tag));
                }
                ::serde::Serialize::serialize(&value, serializer)
            }
        }

        #deserialize
        #param_value
    }
}
