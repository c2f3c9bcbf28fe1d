//! Models: a struct per object schema, an open string enum per enum schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, field_ty, ident, ty};
use crate::ir::{EnumDef, Field, ModuleIr, PageDef, Presence, StructDef, Ty, TypeDef, naming};

/// `{module}/mod.rs`: the module's docs and re-exports.
pub(super) fn module_rs(module: &ModuleIr) -> TokenStream {
    let mut text = format!("{}\n\nGenerated from `{}`.", module.title, module.source);
    if let Some(d) = &module.doc {
        text = format!(
            "{}\n\n{}\n\nGenerated from `{}`.",
            module.title,
            d.trim(),
            module.source
        );
    }
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    let resources = module.has_operations().then(|| {
        quote!(
            mod resources;
        )
    });
    let resources_use = module.has_operations().then(|| {
        quote!(
            pub use resources::*;
        )
    });
    quote! {
        #( #![doc = #lines] )*

        mod models;
        #resources

        pub use models::*;
        #resources_use
    }
}

/// `{module}/models.rs`.
pub(super) fn models_rs(module: &ModuleIr) -> TokenStream {
    let uses_nullable = module.types.iter().any(|t| match t {
        TypeDef::Struct(s) => s
            .fields
            .iter()
            .any(|f| f.presence == Presence::OptionalNullable),
        TypeDef::Enum(_) => false,
    });
    let uses_params = module.types.iter().any(|t| match t {
        TypeDef::Enum(_) => true,
        TypeDef::Struct(s) => wants_to_params(s, module),
    });
    let has_enums = module.types.iter().any(|t| matches!(t, TypeDef::Enum(_)));
    let has_pages = module
        .types
        .iter()
        .any(|t| matches!(t, TypeDef::Struct(s) if s.page.is_some()));
    let has_structs = module.types.iter().any(|t| matches!(t, TypeDef::Struct(_)));

    let mut runtime = Vec::new();
    if uses_nullable {
        runtime.push(quote!(Nullable));
    }
    if has_pages {
        runtime.push(quote!(Page));
    }
    if has_enums {
        runtime.push(quote!(ParamValue));
    }
    if uses_params {
        runtime.push(quote!(Params));
    }
    let runtime_use = (!runtime.is_empty()).then(|| quote!(use crate::runtime::{ #(#runtime),* };));
    let serde_use = if has_enums {
        quote!(
            use serde::{Deserialize, Deserializer, Serialize, Serializer};
        )
    } else if has_structs {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    } else {
        quote!()
    };
    let items = module.types.iter().map(|t| match t {
        TypeDef::Struct(s) => struct_def(s, module),
        TypeDef::Enum(e) => enum_def(e),
    });
    let allow = has_enums.then(|| {
        quote! {
            #![allow(clippy::enum_variant_names, reason = "variant names follow the values on the wire")]
        }
    });
    quote! {
        //! Models of the API's resources, request bodies and query parameters.
        #allow

        #serde_use
        #runtime_use

        #(#items)*
    }
}

/// Query-parameter structs and form bodies get a `to_params` method used by the operations.
fn wants_to_params(s: &StructDef, module: &ModuleIr) -> bool {
    fn walk(r: &crate::ir::Resource, name: &str) -> bool {
        r.operations.iter().any(|op| {
            op.query.as_ref().is_some_and(|q| q.type_name == name)
                || op.body.as_ref().is_some_and(|b| {
                    b.encoding == crate::ir::BodyEncoding::Form
                        && b.ty == Ty::Named(name.to_owned())
                })
        }) || r.children.iter().any(|c| walk(c, name))
    }
    walk(&module.root, &s.name)
}

fn struct_def(s: &StructDef, module: &ModuleIr) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc(s.doc.as_deref());
    let default = s.all_optional().then(|| quote!(Default,));
    let fields = s.fields.iter().map(field_def);
    let constructor = (s.constructor && !s.all_optional()).then(|| constructor(s));
    let to_params = wants_to_params(s, module).then(|| to_params(s));
    let page = s.page.as_ref().map(|p| page_impl(&s.name, p));
    let inherent = (constructor.is_some() || to_params.is_some()).then(|| {
        quote! {
            impl #name {
                #constructor
                #to_params
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #name {
            #(#fields)*
        }
        #inherent
        #page
    }
}

fn field_def(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let docs = doc(f.doc.as_deref());
    let t = field_ty(&f.ty, f.presence);
    let mut serde = Vec::new();
    if naming::unraw(&f.name) != f.wire {
        let wire = &f.wire;
        serde.push(quote!(rename = #wire));
    }
    match f.presence {
        Presence::Required | Presence::RequiredNullable => {}
        Presence::Optional => serde.push(quote!(default, skip_serializing_if = "Option::is_none")),
        Presence::OptionalNullable => {
            serde.push(quote!(default, skip_serializing_if = "Nullable::is_absent"))
        }
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
        .collect();
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        let t = field_ty(&f.ty, f.presence);
        quote!(#n: #t)
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        match f.presence {
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

fn to_params(s: &StructDef) -> TokenStream {
    let pushes = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire;
        quote!(params.push(#wire, &self.#n);)
    });
    quote! {
        /// The fields as query or form pairs, under their names on the wire.
        pub(crate) fn to_params(&self) -> Params {
            let mut params = Params::new();
            #(#pushes)*
            params
        }
    }
}

fn page_impl(name: &str, p: &PageDef) -> TokenStream {
    let name = ident(name);
    let item = ty(&p.item);
    let meta = ident(&p.meta_field);
    let next = ident(&p.next_field);
    let items = ident(&p.items_field);
    let meta_ref = match p.meta_presence {
        Presence::Required => quote!(Some(&self.#meta)),
        Presence::RequiredNullable | Presence::Optional => quote!(self.#meta.as_ref()),
        Presence::OptionalNullable => quote!(self.#meta.value()),
    };
    let next_ref = match p.next_presence {
        Presence::Required => quote!(Some(meta.#next.as_str())),
        Presence::RequiredNullable | Presence::Optional => quote!(meta.#next.as_deref()),
        Presence::OptionalNullable => quote!(meta.#next.value().map(String::as_str)),
    };
    let into_items = match p.items_presence {
        Presence::Required => quote!(self.#items),
        Presence::RequiredNullable | Presence::Optional => quote!(self.#items.unwrap_or_default()),
        Presence::OptionalNullable => quote!(self.#items.into_value().unwrap_or_default()),
    };
    quote! {
        impl Page for #name {
            type Item = #item;

            fn next_page_url(&self) -> Option<&str> {
                #meta_ref.and_then(|meta| #next_ref).filter(|url| !url.is_empty())
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
            format!(" `{}`", v.wire.replace('`', "'"))
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
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as it was received.
            #fallback(String),
        }

        impl #name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }

        impl ParamValue for #name {
            fn append_to(&self, key: &str, params: &mut Params) {
                params.push_str(key, self.as_str());
            }
        }
    }
}
