//! Resources: a handle type per node of the resource tree, with accessors to its children and a
//! method per operation. The methods only describe the request; sending, auth, retries, errors
//! and paging live in the runtime. Handles own a clone of the client (cheap: it is shared behind
//! an `Arc`), so they can be kept anywhere.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, ty_from};
use crate::ir::{
    AuthScheme, BodyEncoding, KeyLocation, ModuleIr, ModuleServer, Operation, PathEncoding,
    PathParam, PathStyle, PathValue, Resource, ResponseDef, Segment, SegmentPiece, Shortcut, Ty,
    naming,
};

/// Models are reached from here through the module, which re-exports them.
fn models() -> TokenStream {
    quote!(super::)
}

fn ty(t: &Ty) -> TokenStream {
    ty_from(t, &models())
}

/// `{module}/resources.rs`: its head, and each handle (root first, then depth first) made when
/// its turn comes.
pub(super) fn resources_rs(
    module: &ModuleIr,
) -> (TokenStream, impl Iterator<Item = TokenStream> + '_) {
    let mut resources = Vec::new();
    depth_first(&module.root, &mut resources);
    let head = quote! {
        //! Resource handles and their operations.
    };
    (head, resources.into_iter().map(|r| handle(r, module)))
}

/// `r` and the resources under it, each before its children.
fn depth_first<'a>(r: &'a Resource, out: &mut Vec<&'a Resource>) {
    out.push(r);
    for c in &r.children {
        depth_first(c, out);
    }
}

/// The type of a parameter in a signature: strings and models by reference, numbers by value.
fn arg_ty(t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote!(&str),
        Ty::Vec(item) => {
            let item = ty(item);
            quote!(&[#item])
        }
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 | Ty::F32 | Ty::F64 => ty(t),
        other => {
            let t = ty(other);
            quote!(&#t)
        }
    }
}

/// A path parameter's value as `&str`, for a parameter written as text: strings as they are,
/// SIDs and string enums by `as_str`, anything else as the runtime writes it in a path.
fn value_expr(v: &PathValue) -> TokenStream {
    let n = ident(&v.param().name);
    match v {
        PathValue::Held(_) => quote!(self.#n.as_str()),
        PathValue::Arg(p) => match p.ty {
            Ty::String => quote!(#n),
            Ty::Sid(_) => quote!(#n.as_str()),
            _ => quote!(&crate::runtime::path_value(&#n)),
        },
    }
}

/// An argument as a reference, whatever [`arg_ty`] passes it as.
fn arg_ref(p: &PathParam) -> TokenStream {
    let n = ident(&p.name);
    match p.ty {
        Ty::Bool | Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 | Ty::F32 | Ty::F64 => quote!(&#n),
        _ => quote!(#n),
    }
}

/// The `PathSegment` call that appends the parameter value `v` in its encoding: text as a
/// value, a held styled parameter as the segment piece its handle made, an argument styled.
fn piece_call(v: &PathValue) -> TokenStream {
    let p = v.param();
    let n = ident(&p.name);
    let wire = &p.wire;
    match (v, p.encoding) {
        (_, PathEncoding::Text) => {
            let text = value_expr(v);
            quote!(.value(#text))
        }
        (PathValue::Held(_), _) => quote!(.append(&self.#n)),
        (PathValue::Arg(_), PathEncoding::Styled { style, explode }) => {
            let value = arg_ref(p);
            let style = match style {
                PathStyle::Simple => quote!(Simple),
                PathStyle::Label => quote!(Label),
                PathStyle::Matrix => quote!(Matrix),
            };
            quote!(.styled(#wire, #value, crate::runtime::PathStyle::#style, #explode))
        }
        (PathValue::Arg(_), PathEncoding::Json) => {
            let value = arg_ref(p);
            quote!(.json(#wire, #value))
        }
    }
}

/// A segment the runtime encodes whole, as `&str`: a literal, or a parameter written as text.
fn segment_expr(s: &Segment) -> TokenStream {
    match s {
        Segment::Literal(lit) => quote!(#lit),
        Segment::Param(v) => value_expr(v),
        Segment::Pieces(pieces) => path_segment(pieces),
    }
}

/// A segment built by the runtime: `crate::runtime::PathSegment::new().text(…).value(…)`, or
/// the one a handle holds.
fn path_segment(pieces: &[SegmentPiece]) -> TokenStream {
    if let [SegmentPiece::Param(PathValue::Held(p))] = pieces
        && p.encoding != PathEncoding::Text
    {
        let n = ident(&p.name);
        return quote!(self.#n.clone());
    }
    let calls = pieces.iter().map(|piece| match piece {
        SegmentPiece::Literal(lit) => quote!(.text(#lit)),
        SegmentPiece::Param(v) => piece_call(v),
    });
    quote!(crate::runtime::PathSegment::new() #(#calls)*)
}

/// The type a handle holds a path parameter as.
fn held_ty(p: &PathParam) -> TokenStream {
    if p.encoding == PathEncoding::Text {
        quote!(String)
    } else {
        quote!(crate::runtime::PathSegment)
    }
}

/// Turns a parameter into what a handle holds: a `String`, or the segment piece it makes.
fn held_value(p: &PathParam) -> TokenStream {
    let n = ident(&p.name);
    match (p.encoding, &p.ty) {
        (PathEncoding::Text, Ty::String) => quote!(#n.to_owned()),
        (PathEncoding::Text, Ty::Sid(_)) => quote!(#n.as_str().to_owned()),
        (PathEncoding::Text, _) => quote!(crate::runtime::path_value(&#n)),
        _ => {
            let call = piece_call(&PathValue::Arg(p.clone()));
            quote!(crate::runtime::PathSegment::new() #call)
        }
    }
}

fn handle(r: &Resource, module: &ModuleIr) -> TokenStream {
    let name = ident(&r.name);
    let held_fields = r.held.iter().map(|p| {
        let n = ident(&p.name);
        let t = held_ty(p);
        quote!(#n: #t,)
    });
    let text = if r.accessor.is_empty() {
        let accessor = naming::unraw(&module.name);
        format!(
            " The operations of {} (`{}`), reached with [`Client::{accessor}`](crate::Client::{accessor}).",
            module.title, module.source,
        )
    } else {
        format!(" The `{}` resource.", r.name)
    };
    let constructor = r.accessor.is_empty().then(|| {
        quote! {
            pub(crate) fn new(client: crate::Client) -> Self {
                Self { client }
            }
        }
    });
    let accessors = r.children.iter().map(|c| accessor(r, c));
    let shortcuts = r.shortcuts.iter().map(shortcut);
    let methods = r.operations.iter().map(|op| operation(op, &module.server));
    quote! {
        #[doc = #text]
        #[derive(Debug, Clone)]
        pub struct #name {
            client: crate::Client,
            #(#held_fields)*
        }

        impl #name {
            #constructor
            #(#accessors)*
            #(#shortcuts)*
            #(#methods)*
        }
    }
}

fn accessor(parent: &Resource, child: &Resource) -> TokenStream {
    let method = ident(&child.accessor);
    let child_name = ident(&child.name);
    let args = child.params.iter().map(|p| {
        let n = ident(&p.name);
        let t = arg_ty(&p.ty);
        quote!(#n: #t)
    });
    let inherited = parent.held.iter().map(|p| {
        let n = ident(&p.name);
        quote!(#n: self.#n.clone(),)
    });
    let own = child.params.iter().map(|p| {
        let n = ident(&p.name);
        let v = held_value(p);
        quote!(#n: #v,)
    });
    let mut text = format!(" The `{}` resource", child.name);
    if !child.params.is_empty() {
        let names: Vec<String> = child
            .params
            .iter()
            .map(|p| format!("`{}`", p.wire))
            .collect();
        text.push_str(&format!(" under the given {}", names.join(", ")));
    }
    text.push('.');
    let param_docs = param_docs(&child.params);
    quote! {
        #[doc = #text]
        #param_docs
        pub fn #method(&self, #(#args),*) -> #child_name {
            #child_name {
                client: self.client.clone(),
                #(#inherited)*
                #(#own)*
            }
        }
    }
}

/// An accessor that fills the account parameter from the client.
fn shortcut(s: &Shortcut) -> TokenStream {
    let method = ident(&s.accessor);
    let handle = ident(&s.handle);
    let account = ident(&s.account_field);
    let args = s.params.iter().map(|p| {
        let n = ident(&p.name);
        let t = arg_ty(&p.ty);
        quote!(#n: #t)
    });
    let own = s.params.iter().map(|p| {
        let n = ident(&p.name);
        let v = held_value(p);
        quote!(#n: #v,)
    });
    let text = format!(
        " The `{}` resource of the client's own account ([`Client::account_sid`](crate::Client::account_sid)).",
        s.handle
    );
    let param_docs = param_docs(&s.params);
    quote! {
        #[doc = #text]
        #param_docs
        pub fn #method(&self, #(#args),*) -> #handle {
            #handle {
                client: self.client.clone(),
                #account: self.client.account_sid().to_owned(),
                #(#own)*
            }
        }
    }
}

fn param_docs(params: &[PathParam]) -> TokenStream {
    let lines: Vec<String> = params
        .iter()
        .filter_map(|p| {
            let d = p.doc.as_deref()?.trim();
            (!d.is_empty()).then(|| {
                format!(
                    " - `{}`: {}",
                    naming::unraw(&p.name),
                    super::doc_lines(d)
                        .first()
                        .map(|l| l.trim())
                        .unwrap_or_default()
                )
            })
        })
        .collect();
    if lines.is_empty() {
        return quote!();
    }
    quote! {
        #[doc = ""]
        #( #[doc = #lines] )*
    }
}

/// `.server(…)` for an operation's request: its own, else the module's `SERVER`; nothing when
/// the module's callers give the base URL.
fn server_expr(op: &Operation, module: &ModuleServer) -> TokenStream {
    match (&op.server, module) {
        (Some(url), _) => quote!(.server(#url)),
        (None, ModuleServer::Default(_)) => quote!(.server(super::SERVER)),
        (None, ModuleServer::Given { .. }) => TokenStream::new(),
    }
}

/// A security scheme as the runtime names it.
fn scheme_expr(scheme: &AuthScheme) -> TokenStream {
    match scheme {
        AuthScheme::Basic => quote!(crate::runtime::Scheme::Basic),
        AuthScheme::Bearer => quote!(crate::runtime::Scheme::Bearer),
        AuthScheme::ApiKey { location, name } => {
            let location = match location {
                KeyLocation::Header => quote!(Header),
                KeyLocation::Query => quote!(Query),
                KeyLocation::Cookie => quote!(Cookie),
            };
            quote!(crate::runtime::Scheme::ApiKey {
                location: crate::runtime::KeyLocation::#location,
                name: #name,
            })
        }
    }
}

/// `let request = …;` for the method, path and server of `op`.
fn new_request(op: &Operation, module: &ModuleServer) -> TokenStream {
    let http = ident(op.http.as_str());
    // Segments the runtime encodes whole go to `new` up to the first built piece by piece, which
    // is appended with `.segment(…)`; plain ones after it with `.segments(&[…])`.
    let mut segments = Vec::new();
    let mut built = Vec::new();
    let mut group = Vec::new();
    for s in &op.segments {
        let expr = segment_expr(s);
        match s {
            Segment::Pieces(_) => {
                if !group.is_empty() {
                    built.push(quote!(.segments(&[#(#group),*])));
                    group.clear();
                }
                built.push(quote!(.segment(#expr)));
            }
            _ if built.is_empty() => segments.push(expr),
            _ => group.push(expr),
        }
    }
    if !group.is_empty() {
        built.push(quote!(.segments(&[#(#group),*])));
    }
    let server = server_expr(op, module);
    let slash = op.trailing_slash.then(|| quote!(.trailing_slash()));
    let fixed_query = &op.fixed_query;
    let fixed_query = (!fixed_query.is_empty()).then(|| quote!(.fixed_query(#fixed_query)));
    let fixed_headers = op
        .fixed_headers
        .iter()
        .map(|(name, value)| quote!(.fixed_header(#name, #value)));
    let security = op.security.as_ref().map(|alternatives| {
        let alternatives = alternatives.iter().map(|schemes| {
            let schemes = schemes.iter().map(scheme_expr);
            quote!(&[#(#schemes),*])
        });
        quote!(.security(&[#(#alternatives),*]))
    });
    quote! {
        let request = crate::runtime::Request::new(crate::runtime::Method::#http, &[#(#segments),*])
            #(#built)* #server #slash #fixed_query #(#fixed_headers)* #security;
    }
}

fn operation(op: &Operation, module: &ModuleServer) -> TokenStream {
    let method = ident(&op.method);
    let docs = doc(Some(&op.doc));
    let param_docs = param_docs(&op.args);
    let mut args: Vec<TokenStream> = op
        .args
        .iter()
        .map(|p| {
            let n = ident(&p.name);
            let t = arg_ty(&p.ty);
            quote!(#n: #t)
        })
        .collect();
    let path_args = args.clone();
    let mut build = vec![new_request(op, module)];
    if let Some(status) = op.accept_status {
        let status = proc_macro2::Literal::u16_unsuffixed(status);
        build.push(quote!(let request = request.accept_status(#status);));
    }
    if let Some(q) = &op.params {
        let t = ident(&q.type_name);
        args.push(quote!(params: &super::#t));
        if q.has_query {
            build.push(quote!(let request = request.query(params.to_params());));
        }
        if q.has_headers {
            build.push(quote!(let request = request.headers(params.to_headers());));
        }
        if q.has_cookies {
            build.push(quote!(let request = request.cookies(params.to_cookies());));
        }
    }
    if let Some(b) = &op.body {
        let (t, attach) = match &b.encoding {
            BodyEncoding::Json(None) => {
                let t = ty(&b.ty);
                (quote!(&#t), quote!(request.json(body)))
            }
            BodyEncoding::Json(Some(media_type)) => {
                let t = ty(&b.ty);
                (quote!(&#t), quote!(request.json_as(#media_type, body)))
            }
            BodyEncoding::Form => {
                let t = ty(&b.ty);
                (quote!(&#t), quote!(request.form(body.to_params())))
            }
            BodyEncoding::Text(media_type) => {
                (quote!(&str), quote!(request.text(#media_type, body)))
            }
            BodyEncoding::Bytes(media_type) => {
                (quote!(&[u8]), quote!(request.bytes(#media_type, body)))
            }
            BodyEncoding::Multipart(media_type) => {
                let t = ty(&b.ty);
                (
                    quote!(&#t),
                    quote!(request.multipart(#media_type, body.to_multipart())),
                )
            }
        };
        if b.required {
            args.push(quote!(body: #t));
            build.push(quote!(let request = #attach;));
        } else {
            args.push(quote!(body: Option<#t>));
            build.push(quote! {
                let request = match body {
                    Some(body) => #attach,
                    None => request,
                };
            });
        }
    }
    let (ret, send) = match &op.response {
        ResponseDef::Empty => (quote!(()), quote!(self.client.call_empty(request))),
        ResponseDef::Json(t) if op.pagination.is_some() => {
            (ty(t), quote!(self.client.call_page(request)))
        }
        ResponseDef::Json(t) => (ty(t), quote!(self.client.call(request))),
        ResponseDef::JsonOrEmpty(t) => {
            let t = ty(t);
            (
                quote!(Option<#t>),
                quote!(self.client.call_optional(request)),
            )
        }
        ResponseDef::Text => (quote!(String), quote!(self.client.call_text(request))),
        ResponseDef::Bytes => (quote!(Vec<u8>), quote!(self.client.call_bytes(request))),
    };
    let stream = stream(op, module, path_args);
    quote! {
        #docs
        #param_docs
        pub fn #method(&self, #(#args),*) -> crate::runtime::Call<#ret> {
            #(#build)*
            #send
        }
        #stream
    }
}

/// The stream method of a list operation.
fn stream(
    op: &Operation,
    module: &ModuleServer,
    mut args: Vec<TokenStream>,
) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let stream = ident(&p.stream_method);
    let page = ident(&p.page_type);
    let item = ty(&p.item);
    let text = format!(
        " Streams every item of [`{}`](Self::{}), page after page, following the next-page links; stops after `limit` items when one is given. `.next().await` reads one item, `.collect_all().await` all of them.",
        op.method, op.method
    );
    let request = new_request(op, module);
    let params = op.params.as_ref().map(|q| {
        let t = ident(&q.type_name);
        args.push(quote!(params: &super::#t));
        let fill = p.page_size.as_ref().map(|fill| {
            let n = ident(&fill.field);
            let field_ty = ty(&fill.ty);
            let max = proc_macro2::Literal::u64_unsuffixed(fill.max);
            quote! {
                let mut params = params.clone();
                if let (Some(limit), None) = (limit, &params.#n) {
                    params.#n = #field_ty::try_from(limit.clamp(1, #max)).ok();
                }
            }
        });
        let query = q
            .has_query
            .then(|| quote!(let request = request.query(params.to_params());));
        let headers = q
            .has_headers
            .then(|| quote!(let request = request.headers(params.to_headers());));
        let cookies = q
            .has_cookies
            .then(|| quote!(let request = request.cookies(params.to_cookies());));
        quote! {
            #fill
            #query
            #headers
            #cookies
        }
    });
    Some(quote! {
        #[doc = #text]
        pub fn #stream(&self, #(#args,)* limit: Option<usize>) -> crate::runtime::Pages<#item> {
            #request
            #params
            crate::runtime::paginate::<super::#page>(self.client.clone(), request, limit)
        }
    })
}
