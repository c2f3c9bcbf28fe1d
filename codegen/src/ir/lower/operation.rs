//! Operations: parameters (path, query, header), request bodies and responses.

use std::collections::BTreeMap;

use openapiv3::{
    Operation as OaOperation, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle,
    ReferenceOr, Schema, SchemaKind, Type,
};

use super::Lowering;
use super::path::{self, Piece, TemplateError, TemplateSegment};
use super::schema::unboxed;
use super::server;
use crate::diag::pointer;
use crate::ir::naming::{self, Namespace};
use crate::ir::{
    BodyDef, Field, HttpMethod, PairField, PairStyle, PairsDef, ParamsRef, PathEncoding, Presence,
    ResponseDef, StructDef, Ty, TypeDef, collect_named, is_json,
};

/// An operation as the spec gives it, before lowering.
struct RawOp<'a> {
    path: &'a str,
    http: HttpMethod,
    op: &'a OaOperation,
    path_item_params: &'a [ReferenceOr<Parameter>],
    /// `servers` of the operation, else of its path item.
    servers: &'a [openapiv3::Server],
    /// The vendor's mount name on the path item (`x-twilio: {mountName: ...}`).
    mount_name: Option<String>,
    ptr: String,
}

/// A path segment of a lowered operation.
#[derive(Debug, Clone)]
pub(super) enum RawSegment {
    Literal(String),
    /// A whole segment that is one parameter.
    Param(RawParam),
    /// Text around parameters in one segment.
    Mixed(Vec<RawPiece>),
}

/// A piece of a mixed segment.
#[derive(Debug, Clone)]
pub(super) enum RawPiece {
    Literal(String),
    Param(RawParam),
}

/// A path parameter: wire name, type, description, how it is written.
#[derive(Debug, Clone)]
pub(super) struct RawParam {
    pub wire: String,
    pub ty: Ty,
    pub doc: Option<String>,
    pub encoding: PathEncoding,
}

impl RawSegment {
    /// The parameters in this segment, in order.
    pub(super) fn params(&self) -> Vec<&RawParam> {
        match self {
            RawSegment::Literal(_) => Vec::new(),
            RawSegment::Param(p) => vec![p],
            RawSegment::Mixed(pieces) => pieces
                .iter()
                .filter_map(|p| match p {
                    RawPiece::Param(p) => Some(p),
                    RawPiece::Literal(_) => None,
                })
                .collect(),
        }
    }
}

/// A lowered operation, waiting for its place in the resource tree.
pub(super) struct PendingOp {
    pub id: String,
    /// Where the operation is in its document.
    pub ptr: String,
    /// The spec gave no operationId; `id` was derived from the method and path.
    pub derived_id: bool,
    pub server: Option<String>,
    pub security: Option<Vec<Vec<crate::ir::AuthScheme>>>,
    pub accept_status: Option<u16>,
    pub mount_name: Option<String>,
    pub http: HttpMethod,
    pub doc: String,
    pub segments: Vec<RawSegment>,
    pub trailing_slash: bool,
    pub fixed_query: String,
    pub fixed_headers: Vec<(String, String)>,
    pub params: Option<ParamsRef>,
    pub body: Option<BodyDef>,
    pub response: ResponseDef,
    /// The page-size query field (Rust name) and its maximum.
    pub page_size: Option<(String, u64)>,
}

/// An operation's query and header parameters, gathered while lowering them.
#[derive(Default)]
struct ParamFields {
    fields: Vec<Field>,
    pairs: PairsDef,
    names: Namespace,
}

impl<'a> Lowering<'a> {
    /// How a path parameter of type `ty` is written: its text when it is one value in the
    /// simple style, else by the runtime in its style (or as JSON text for JSON `content`).
    fn path_encoding(
        &self,
        style: &PathStyle,
        explode: Option<bool>,
        as_json: bool,
        ty: &Ty,
    ) -> PathEncoding {
        let style = match style {
            PathStyle::Simple => crate::ir::PathStyle::Simple,
            PathStyle::Label => crate::ir::PathStyle::Label,
            PathStyle::Matrix => crate::ir::PathStyle::Matrix,
        };
        let one_value = match ty {
            Ty::String
            | Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::U32
            | Ty::U64
            | Ty::F32
            | Ty::F64
            | Ty::DateTime
            | Ty::Date
            | Ty::Sid(_) => true,
            Ty::Named(name) => matches!(self.def(name), Some(TypeDef::Enum(_))),
            _ => false,
        };
        if as_json {
            PathEncoding::Json
        } else if one_value && style == crate::ir::PathStyle::Simple {
            PathEncoding::Text
        } else {
            PathEncoding::Styled {
                style,
                explode: explode.unwrap_or(false),
            }
        }
    }

    /// Lowers every operation of the document, in path order; an operationId used twice is
    /// reported and the second operation left out.
    pub(super) fn lower_operations(&mut self) -> Vec<PendingOp> {
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut lowered = Vec::new();
        for raw in self.raw_operations() {
            let (mut id, derived_id) = match &raw.op.operation_id {
                Some(id) => (id.clone(), false),
                None => (derived_operation_id(raw.http, raw.path), true),
            };
            // Paths that differ only in case or a trailing slash derive the same id: the later
            // operation is numbered, as no operationId of the document's is at stake.
            if derived_id && ids.contains_key(&id) {
                let base = id.clone();
                let mut n = 2;
                while ids.contains_key(&id) {
                    id = format!("{base}{n}");
                    n += 1;
                }
            }
            if let Some(first) = ids.get(&id) {
                self.error(
                    &raw.ptr,
                    format!("duplicate operationId {id:?} (first used at {first})"),
                    "give every operation a unique operationId",
                );
                continue;
            }
            ids.insert(id.clone(), raw.ptr.clone());
            if let Some(op) = self.lower_operation(&raw, id, derived_id) {
                lowered.push(op);
            }
        }
        lowered
    }

    /// The operations of every path item, in document order.
    fn raw_operations(&mut self) -> Vec<RawOp<'a>> {
        let api = self.api;
        let mut ops = Vec::new();
        for (path, item) in &api.paths.paths {
            let path_ptr = pointer(["paths", path]);
            if super::has_control(path) {
                self.error(
                    &path_ptr,
                    format!("path {path:?} holds a control character"),
                    "a path template is a URL path: remove line breaks and other control characters",
                );
                continue;
            }
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.error(
                        &path_ptr,
                        "path items given by $ref are not supported",
                        "write the path item inline",
                    );
                    continue;
                }
            };
            let mount_name = self.conventions.mount_name.and_then(|(extension, key)| {
                item.extensions
                    .get(extension)
                    .and_then(|x| x.get(key))
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            });
            let operations = [
                &item.get,
                &item.put,
                &item.post,
                &item.delete,
                &item.options,
                &item.head,
                &item.patch,
                &item.trace,
            ];
            for (http, op) in HttpMethod::ALL.into_iter().zip(operations) {
                let Some(op) = op else { continue };
                ops.push(RawOp {
                    path,
                    http,
                    op,
                    path_item_params: &item.parameters,
                    servers: if op.servers.is_empty() {
                        &item.servers
                    } else {
                        &op.servers
                    },
                    mount_name: mount_name.clone(),
                    ptr: format!("{path_ptr}/{}", http.as_str().to_ascii_lowercase()),
                });
            }
        }
        ops
    }

    fn lower_operation(
        &mut self,
        raw: &RawOp<'a>,
        id: String,
        derived_id: bool,
    ) -> Option<PendingOp> {
        let op = raw.op;
        let ptr = &raw.ptr;
        let type_base = naming::pascal(&id, "Operation");
        let mut failed = false;

        // Parameters: path-item level first, overridden by operation level (same name and place).
        let mut params: Vec<(&'a Parameter, String)> = Vec::new();
        for (list, base) in [
            (
                raw.path_item_params,
                pointer(["paths", raw.path, "parameters"]),
            ),
            (&op.parameters[..], format!("{ptr}/parameters")),
        ] {
            for (i, p) in list.iter().enumerate() {
                let p_ptr = format!("{base}/{i}");
                let Some(param) = self.resolve(p, &p_ptr) else {
                    failed = true;
                    continue;
                };
                let data = param.parameter_data_ref();
                params.retain(|(q, _)| {
                    let qd = q.parameter_data_ref();
                    !(qd.name == data.name
                        && std::mem::discriminant(*q) == std::mem::discriminant(param))
                });
                params.push((param, p_ptr));
            }
        }

        let mut path_params = BTreeMap::new();
        let mut fields = ParamFields::default();
        // Required query and header parameters that allow one value are sent as constants,
        // not asked of the caller (AWS's `X-Amz-Target: {enum: [Service.Operation]}`).
        let mut constant_query = Vec::new();
        let mut fixed_headers = Vec::new();
        // The names the query written into the path sends (`/{Bucket}?acl`): a query parameter
        // of one of those names is already sent.
        let in_template: Vec<String> = path::parse(raw.path)
            .map(|t| {
                t.query
                    .split('&')
                    .map(|pair| pair.split('=').next().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let mut page_size = None;
        for (param, p_ptr) in &params {
            let data = param.parameter_data_ref();
            // OpenAPI: a header parameter named Accept, Content-Type or Authorization "SHALL be
            // ignored"; the client sends those headers itself.
            if matches!(param, Parameter::Header { .. })
                && ["accept", "content-type", "authorization"]
                    .iter()
                    .any(|h| data.name.eq_ignore_ascii_case(h))
            {
                self.warn(
                    p_ptr,
                    format!("header parameter {:?} is ignored, as OpenAPI says", data.name),
                    "the client sends it: from the response media types, the body, the security schemes",
                );
                continue;
            }
            // A parameter given by `content` (one media type) is its schema, written as JSON
            // text when the media type is JSON and as the value's text otherwise.
            let (schema, schema_ptr, as_json) = match &data.format {
                ParameterSchemaOrContent::Schema(s) => (s, format!("{p_ptr}/schema"), false),
                ParameterSchemaOrContent::Content(content) => {
                    match content
                        .iter()
                        .next()
                        .and_then(|(media, m)| Some((media, m.schema.as_ref()?)))
                    {
                        Some((media, s)) if content.len() == 1 => (
                            s,
                            format!(
                                "{p_ptr}{}",
                                &pointer(["content", media.as_str(), "schema"])[1..]
                            ),
                            is_json(media),
                        ),
                        _ => {
                            self.error(
                                p_ptr,
                                format!(
                                    "parameter {:?} uses `content` without exactly one media type with a schema",
                                    data.name
                                ),
                                "give `content` one media type with a `schema`, or use `schema`",
                            );
                            failed = true;
                            continue;
                        }
                    }
                }
            };
            if matches!(param, Parameter::Query { .. })
                && in_template.contains(&path::encode(&data.name))
            {
                continue;
            }
            if data.required
                && !as_json
                && let Some(value) = self.only_value(schema)
            {
                match param {
                    Parameter::Query { .. } => {
                        constant_query.push(format!(
                            "{}={}",
                            path::encode(&data.name),
                            path::encode(&value)
                        ));
                        continue;
                    }
                    Parameter::Header { .. }
                        if super::is_token(&data.name) && header_text(&value) =>
                    {
                        fixed_headers.push((data.name.clone(), value));
                        continue;
                    }
                    _ => {}
                }
            }
            let hint = naming::join(&type_base, &naming::pascal(&data.name, "Param"));
            let (ty, _) = self.lower_schema(schema, &hint, &schema_ptr);
            let ty = unboxed(ty);
            // A required query or header parameter with a scalar `default` need not be given:
            // the default is sent when it is left unset.
            let unset = match param {
                Parameter::Query { .. } if data.required && !as_json => self.scalar_default(schema),
                // A header carries visible ASCII only: another default stays the caller's.
                Parameter::Header { .. } if data.required && !as_json => {
                    self.scalar_default(schema).filter(|text| header_text(text))
                }
                _ => None,
            };
            let presence = if data.required && unset.is_none() {
                Presence::Required
            } else {
                Presence::Optional
            };
            match param {
                Parameter::Path { style, .. } => {
                    // Callers build a path parameter's models: they get constructors.
                    let mut names = Vec::new();
                    collect_named(&ty, &mut names);
                    self.inputs.extend(names);
                    let encoding = self.path_encoding(style, data.explode, as_json, &ty);
                    path_params.insert(data.name.clone(), (ty, data.description.clone(), encoding));
                }
                Parameter::Query { style, .. } => {
                    // Arrays default to `explode: true` (the key repeated); `false` joins them
                    // with the style's separator.
                    let exploded = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                    let object = self.is_object_ty(&ty);
                    let style = match style {
                        _ if as_json => PairStyle::Json,
                        QueryStyle::DeepObject => PairStyle::DeepObject,
                        QueryStyle::Form if object => PairStyle::Members { explode: exploded },
                        _ if exploded || !matches!(ty, Ty::Vec(_)) => PairStyle::Repeat,
                        QueryStyle::SpaceDelimited => PairStyle::Joined(' '),
                        QueryStyle::PipeDelimited => PairStyle::Joined('|'),
                        QueryStyle::Form => PairStyle::Joined(','),
                    };
                    let is_page_size = self
                        .conventions
                        .page_size_param
                        .is_some_and(|name| normalize(&data.name) == name);
                    let field = fields.push(data, ty, presence, style, false, unset);
                    if is_page_size {
                        page_size = Some((field, schema_maximum(schema).unwrap_or(1000).max(1)));
                    }
                }
                Parameter::Header { .. } => {
                    if !super::is_token(&data.name) {
                        self.error(
                            p_ptr,
                            format!(
                                "header name {:?} is not a valid HTTP header name",
                                data.name
                            ),
                            "a header name is letters, digits and !#$%&'*+-.^_`|~ only",
                        );
                        failed = true;
                        continue;
                    }
                    // The `simple` style: an array's items in one header, joined by commas.
                    let style = if as_json {
                        PairStyle::Json
                    } else if matches!(ty, Ty::Vec(_)) {
                        PairStyle::Joined(',')
                    } else {
                        PairStyle::Repeat
                    };
                    fields.push(data, ty, presence, style, true, unset);
                }
                Parameter::Cookie { .. } => {
                    let style = if as_json {
                        PairStyle::Json
                    } else {
                        PairStyle::Repeat
                    };
                    fields.push_cookie(data, ty, presence, style);
                }
            }
        }

        // Path segments.
        let mut segments = Vec::new();
        let mut trailing_slash = false;
        let mut fixed_query = String::new();
        match path::parse(raw.path) {
            Ok(template) => {
                trailing_slash = template.trailing_slash;
                fixed_query = template.query;
                for pair in constant_query {
                    if !fixed_query.is_empty() {
                        fixed_query.push('&');
                    }
                    fixed_query.push_str(&pair);
                }
                // RFC 6570 operators in the template (`{.color}`, `{;color*}`) are not OpenAPI's
                // way to give a style, but some documents write them: the parameter's own
                // `style` and `explode` decide.
                let param = |name: String, this: &mut Self| match path_params
                    .get_key_value(&name)
                    .or_else(|| path_params.get_key_value(path::without_operators(&name)))
                {
                    Some((wire, (ty, doc, encoding))) => Some(RawParam {
                        wire: wire.clone(),
                        ty: ty.clone(),
                        doc: doc.clone(),
                        encoding: *encoding,
                    }),
                    None => {
                        this.error(
                            ptr,
                            format!("path parameter {{{name}}} is not declared"),
                            "declare it under `parameters` with `in: path`",
                        );
                        None
                    }
                };
                for segment in template.segments {
                    let lowered = match segment {
                        TemplateSegment::Literal(lit) => Some(RawSegment::Literal(lit)),
                        TemplateSegment::Param(name) => param(name, self).map(RawSegment::Param),
                        TemplateSegment::Mixed(pieces) => pieces
                            .into_iter()
                            .map(|piece| match piece {
                                Piece::Literal(lit) => Some(RawPiece::Literal(lit)),
                                Piece::Param(name) => param(name, self).map(RawPiece::Param),
                            })
                            .collect::<Option<Vec<_>>>()
                            .map(RawSegment::Mixed),
                    };
                    match lowered {
                        Some(segment) => segments.push(segment),
                        None => failed = true,
                    }
                }
            }
            Err(TemplateError(why)) => {
                self.error(
                    ptr,
                    format!("path {:?} is not a valid template: {why}", raw.path),
                    "write parameters as `{name}`, each closed, with text between two of them",
                );
                failed = true;
            }
        }

        let params_ref = self.define_params(fields, &type_base, raw);

        let body = match &op.request_body {
            None => None,
            Some(body) => self
                .lower_body(body, &type_base, &format!("{ptr}/requestBody"))
                .unwrap_or_else(|_| {
                    failed = true;
                    None
                }),
        };

        let (response, accept_status) =
            self.lower_responses(&op.responses, &type_base, &format!("{ptr}/responses"));

        // The operation's own server (path- or operation-level), when it is https and differs
        // from the document's; another is left aside with a warning.
        let document_server = server::https_url(&self.api.servers);
        let server = match server::https_url(raw.servers) {
            Some(url) if Some(&url) != document_server.as_ref() => Some(url),
            Some(_) => None,
            None if raw.servers.is_empty() => None,
            None => {
                self.warn(
                    ptr,
                    format!(
                        "server URL {:?} is not an absolute https URL: the module's server is used",
                        raw.servers[0].url
                    ),
                    "give the operation's production https URL, or leave its servers out",
                );
                None
            }
        };

        if !op.callbacks.is_empty() {
            self.warn(
                &format!("{ptr}/callbacks"),
                "callbacks are not generated: a client sends requests, it does not serve them",
                "answer the callback requests in your own server; their bodies are described here",
            );
        }
        let security = self.operation_security(op.security.as_ref(), ptr);
        if failed {
            return None;
        }
        Some(PendingOp {
            id,
            ptr: ptr.clone(),
            derived_id,
            server,
            security,
            accept_status,
            mount_name: raw.mount_name.clone(),
            http: raw.http,
            doc: operation_doc(op, raw),
            segments,
            trailing_slash,
            fixed_query,
            fixed_headers,
            params: params_ref,
            body,
            response,
            page_size,
        })
    }

    /// The struct `{Operation}Params` holding an operation's query and header parameters.
    fn define_params(
        &mut self,
        params: ParamFields,
        type_base: &str,
        raw: &RawOp<'_>,
    ) -> Option<ParamsRef> {
        if params.fields.is_empty() {
            return None;
        }
        for field in &params.fields {
            self.mark_form_json(&field.ty);
        }
        let name = self.names.claim(naming::join(type_base, "Params"));
        let has_headers = !params.pairs.headers.is_empty();
        let has_query = !params.pairs.query.is_empty();
        let has_cookies = !params.pairs.cookies.is_empty();
        let what = if has_headers {
            "Parameters"
        } else {
            "Query parameters"
        };
        let def = StructDef {
            name: name.clone(),
            doc: Some(format!("{what} of `{} {}`.", raw.http.as_str(), raw.path)),
            fields: params.fields,
            default: false,
            constructor: true,
            page: None,
            pairs: Some(params.pairs),
            form_json: false,
            multipart: false,
            setters: Vec::new(),
        };
        self.defs.insert(name.clone(), TypeDef::Struct(def));
        self.inputs.insert(name.clone());
        Some(ParamsRef {
            type_name: name,
            has_query,
            has_headers,
            has_cookies,
        })
    }
}

impl ParamFields {
    /// The name a field goes by in serde: its wire name, unless a parameter elsewhere (a header
    /// and a query parameter both called `version`) has it already, then its Rust name. What is
    /// sent is the pairs' business; this only keeps the derives' names apart.
    fn serde_name(&self, wire: &str, name: &str) -> String {
        if self.fields.iter().any(|f| f.wire == wire) {
            naming::unraw(name).to_owned()
        } else {
            wire.to_owned()
        }
    }

    /// Adds a cookie parameter as a field.
    fn push_cookie(
        &mut self,
        data: &openapiv3::ParameterData,
        ty: Ty,
        presence: Presence,
        style: PairStyle,
    ) {
        let name = self.names.claim(naming::snake(&data.name, "param"));
        self.pairs.cookies.push(PairField {
            field: name.clone(),
            wire: data.name.clone(),
            style,
            unset: None,
        });
        let wire = self.serde_name(&data.name, &name);
        self.fields.push(Field {
            name,
            wire,
            doc: data.description.clone(),
            ty,
            presence,
            lenient: false,
            flatten: false,
        });
    }

    /// Adds a query (or header) parameter as a field; returns its Rust name.
    fn push(
        &mut self,
        data: &openapiv3::ParameterData,
        ty: Ty,
        presence: Presence,
        style: PairStyle,
        header: bool,
        unset: Option<String>,
    ) -> String {
        let name = self.names.claim(naming::snake(&data.name, "param"));
        let doc = match (&unset, &data.description) {
            (Some(text), Some(d)) => Some(format!("{d}\n\nSent as `{text}` when left unset.")),
            (Some(text), None) => Some(format!("Sent as `{text}` when left unset.")),
            (None, d) => d.clone(),
        };
        let pair = PairField {
            field: name.clone(),
            wire: data.name.clone(),
            style,
            unset,
        };
        if header {
            self.pairs.headers.push(pair);
        } else {
            self.pairs.query.push(pair);
        }
        self.fields.push(Field {
            name: name.clone(),
            wire: self.serde_name(&data.name, &name),
            doc,
            ty,
            presence,
            lenient: false,
            flatten: false,
        });
        name
    }
}

/// Whether `text` can be a header's value as it is: visible ASCII, spaces and tabs.
fn header_text(text: &str) -> bool {
    text.bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

/// An operation's documentation: summary, description, then `METHOD /path`.
fn operation_doc(op: &OaOperation, raw: &RawOp<'_>) -> String {
    let mut doc = String::new();
    if let Some(summary) = &op.summary {
        doc.push_str(summary.trim());
    }
    if let Some(description) = &op.description {
        let description = description.trim();
        if !description.is_empty() && Some(description) != op.summary.as_deref().map(str::trim) {
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str(description);
        }
    }
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", raw.http.as_str(), raw.path));
    doc
}

/// A stable operationId for an operation without one: method and path in Pascal case
/// (`GET /Widgets/{Sid}` → `GetWidgetsBySid`).
pub(super) fn derived_operation_id(http: HttpMethod, path: &str) -> String {
    let mut id = naming::pascal(&http.as_str().to_ascii_lowercase(), "Op");
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("By");
                id.push_str(&naming::pascal(param, "Param"));
            }
            None => id.push_str(&naming::pascal(segment, "")),
        }
    }
    id
}

/// Lower-case letters and digits only: `Page-Size` and `PageSize` compare equal.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The `maximum` of an inline integer schema.
fn schema_maximum(schema: &ReferenceOr<Schema>) -> Option<u64> {
    match schema {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Integer(i)),
            ..
        }) => i.maximum.and_then(|m| u64::try_from(m).ok()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{HttpMethod, derived_operation_id, normalize};

    #[test]
    fn derived_operation_ids() {
        assert_eq!(
            derived_operation_id(HttpMethod::Get, "/Widgets/{Sid}/Parts/{Index}"),
            "GetWidgetsBySidPartsByIndex"
        );
        assert_eq!(derived_operation_id(HttpMethod::Post, "/"), "Post");
    }

    #[test]
    fn page_size_names_compare_loosely() {
        assert_eq!(normalize("Page-Size"), "pagesize");
        assert_eq!(normalize("PageSize"), "pagesize");
    }
}
