//! Stage 2: the intermediate representation.
//!
//! Lowering ([`lower`]) is the only code that reads `openapiv3` types. It resolves references,
//! decides every Rust name and type and everything about each item (which traits a struct
//! derives, whether it has a constructor, how it is written as query or form pairs, whether a
//! list can fill its page size from a limit), and orders everything deterministically, so the
//! emitters only print this IR.

pub(crate) mod guide;
pub(crate) mod lower;
pub(crate) mod naming;
pub mod reserved;

/// The crate generated from one or more documents.
#[derive(Debug, Clone)]
pub(crate) struct CrateIr {
    /// Cargo package name, e.g. `twilio-messaging`.
    pub package: String,
    /// The documents, as displayed in headers, in input order.
    pub sources: Vec<String>,
    /// SID newtypes shared by all modules, sorted by alias name.
    pub sids: Vec<SidDef>,
    /// One module per document.
    pub modules: Vec<ModuleIr>,
    /// What the documents do that works but deserves attention, each located.
    pub warnings: Vec<crate::Diagnostic>,
    /// The calls the crate's front page shows.
    pub guide: guide::Guide,
}

/// A validated SID type: `pub type {alias} = Sid<{marker}>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SidDef {
    pub alias: String,
    pub marker: String,
    pub prefix: String,
}

/// Everything generated from one document.
#[derive(Debug, Clone)]
pub(crate) struct ModuleIr {
    /// Module name, e.g. `v1`; also the accessor on `Client`.
    pub name: String,
    /// The document this module comes from.
    pub source: String,
    pub title: String,
    pub doc: Option<String>,
    /// Where the module's operations go.
    pub server: ModuleServer,
    /// The first server's URL with variables, as a function of them.
    pub server_template: Option<ServerTemplate>,
    /// The cargo feature that compiles this module, in a crate of several modules (on by
    /// default; a user who needs one module turns the others off).
    pub feature: Option<String>,
    /// Models, sorted by name.
    pub types: Vec<TypeDef>,
    /// How the models are laid out in files: one `models.rs` (`None`), or, past
    /// [`MODEL_FILE_LIMIT`] types, `models/{letter}.rs` by the first letter of their names.
    pub model_files: Option<Vec<ModelFile>>,
    /// The root of the resource tree (`client.v1()`).
    pub root: Resource,
    /// Number of operations in this module.
    pub operation_count: usize,
}

/// Models in one file beyond which they are split by the first letter of their names, so that
/// a big spec's models are files a reader and a diff can hold (Stripe's are 65,000 lines).
pub(crate) const MODEL_FILE_LIMIT: usize = 300;

/// One file of a module's models, when they are split.
#[derive(Debug, Clone)]
pub(crate) struct ModelFile {
    /// The file's (and private module's) name: the lower-case first letter, or `other`.
    pub name: String,
    /// Indexes into the module's `types`, in order.
    pub types: Vec<usize>,
    /// Its models name models of other files: it imports its siblings (`use super::*`).
    pub uses_siblings: bool,
}

/// Lays out `types` (sorted by name) in files: `None` for one file, else a file per first
/// letter. A type's file depends only on its own name.
pub(crate) fn model_files(types: &[TypeDef]) -> Option<Vec<ModelFile>> {
    if types.len() <= MODEL_FILE_LIMIT {
        return None;
    }
    let mut files: Vec<ModelFile> = Vec::new();
    for (i, def) in types.iter().enumerate() {
        let name = match def.name().chars().next() {
            Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase().to_string(),
            _ => "other".to_owned(),
        };
        match files.iter_mut().find(|f| f.name == name) {
            Some(file) => file.types.push(i),
            None => files.push(ModelFile {
                name,
                types: vec![i],
                uses_siblings: false,
            }),
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    for file in &mut files {
        // A set: a file can hold thousands of models, each naming several others.
        let own: std::collections::BTreeSet<&str> =
            file.types.iter().map(|&i| types[i].name()).collect();
        let mut named = Vec::new();
        for &i in &file.types {
            match &types[i] {
                TypeDef::Struct(s) => s
                    .fields
                    .iter()
                    .for_each(|f| collect_named(&f.ty, &mut named)),
                TypeDef::Union(u) => u
                    .variants
                    .iter()
                    .for_each(|v| collect_named(&v.ty, &mut named)),
                TypeDef::Alias(a) => named.push(a.target.clone()),
                TypeDef::Enum(_) => {}
            }
        }
        file.uses_siblings = named.iter().any(|n| !own.contains(&n.as_str()));
    }
    Some(files)
}

/// The model names `ty` mentions.
pub(crate) fn collect_named(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Named(n) => out.push(n.clone()),
        Ty::Vec(t) | Ty::Map(t) | Ty::Boxed(t) | Ty::Option(t) => collect_named(t, out),
        _ => {}
    }
}

/// Where a module's requests go.
#[derive(Debug, Clone)]
pub(crate) enum ModuleServer {
    /// An absolute https URL from the spec (variables at their defaults), without a trailing
    /// slash: the default, which a base URL set on the client replaces.
    Default(String),
    /// The spec gives no https server: callers give the base URL when they reach the module.
    Given {
        /// Appended to the caller's base URL: the path of a relative server (`/api/v3`).
        path: String,
        /// The spec's own URL (plain http), for callers who choose it.
        documented: Option<String>,
    },
}

/// A server URL with variables (`{scheme}://{host}/v1`).
#[derive(Debug, Clone)]
pub(crate) struct ServerTemplate {
    /// The URL as a `format!` string, one `{}` per variable.
    pub format: String,
    /// `(argument name, variable name, default)`, in the order of the placeholders.
    pub variables: Vec<(String, String, String)>,
}

impl ModuleIr {
    /// A document without operations yields models only: no resources, no accessor on `Client`.
    pub fn has_operations(&self) -> bool {
        self.operation_count > 0
    }
}

#[derive(Debug, Clone)]
pub(crate) enum TypeDef {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
    Alias(AliasDef),
}

impl TypeDef {
    /// The type's Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Union(u) => &u.name,
            TypeDef::Alias(a) => &a.name,
        }
    }

    pub fn doc(&self) -> Option<&str> {
        match self {
            TypeDef::Struct(s) => s.doc.as_deref(),
            TypeDef::Enum(e) => e.doc.as_deref(),
            TypeDef::Union(u) => u.doc.as_deref(),
            TypeDef::Alias(a) => a.doc.as_deref(),
        }
    }
}

/// An inline type with the shape of one defined before under another parent: it keeps its own
/// name (so that a public name depends only on the schema it names) as an alias of that type.
#[derive(Debug, Clone)]
pub(crate) struct AliasDef {
    pub name: String,
    pub doc: Option<String>,
    /// The type it is the same as (never an alias itself).
    pub target: String,
}

#[derive(Debug, Clone)]
pub(crate) struct StructDef {
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<Field>,
    /// Every field may be left out: the struct derives `Default`.
    pub default: bool,
    /// Callers build it (a request body or an operation's parameters) and some field is
    /// required: it gets `new(required fields…)`.
    pub constructor: bool,
    /// It is a list page: it implements `Page`.
    pub page: Option<PageDef>,
    /// It is written as key/value pairs (an operation's parameters, or a form body).
    pub pairs: Option<PairsDef>,
    /// It is a field of a form body: written as JSON text under one key.
    pub form_json: bool,
    /// It is a multipart body: written as parts (`to_multipart`).
    pub multipart: bool,
    /// Callers build it: a setter per field (`.profile(…)`), taking `impl Into<…>`, with the
    /// method's name (the field's, unless that is taken).
    pub setters: Vec<(String, String)>,
}

impl StructDef {
    /// A struct whose fields may all be left out.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| {
            matches!(f.presence, Presence::Optional | Presence::OptionalNullable)
                || f.is_additional()
        })
    }
}

impl Field {
    /// The members `additionalProperties` allows beside the properties: a map flattened into
    /// the object, empty unless set.
    pub fn is_additional(&self) -> bool {
        self.flatten && matches!(self.ty, Ty::Map(_))
    }
}

/// How a struct's fields are written as key/value pairs: query string (or form body) pairs,
/// and header pairs.
#[derive(Debug, Clone, Default)]
pub(crate) struct PairsDef {
    pub query: Vec<PairField>,
    pub headers: Vec<PairField>,
    /// Cookie parameters, sent in one `Cookie` header.
    pub cookies: Vec<PairField>,
}

/// One field written as pairs.
#[derive(Debug, Clone)]
pub(crate) struct PairField {
    /// The Rust field name.
    pub field: String,
    /// The key on the wire.
    pub wire: String,
    pub style: PairStyle,
    /// The text sent when the field is left unset: a required parameter's `default`, which
    /// callers need not give.
    pub unset: Option<String>,
}

/// How an array (or any value) is written under its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PairStyle {
    /// The key once per item (`explode: true`, OpenAPI's default for `form`).
    Repeat,
    /// One pair with the items joined by the separator (`explode: false`): `,` for `form`, ` `
    /// for `spaceDelimited`, `|` for `pipeDelimited`.
    Joined(char),
    /// `deepObject`: an object's properties as `key[property]=value`, nested objects deeper.
    DeepObject,
    /// A parameter given by `content` with a JSON media type: the value as compact JSON text.
    Json,
    /// An object in the `form` style: exploded, a pair per member under the member's name;
    /// else one pair under the key, names and values joined by commas. Also how a form writes
    /// a flattened field (an `additionalProperties` map, a union): its members beside the
    /// others.
    Members { explode: bool },
}

/// How a struct is a list page: `next` links the next page, `{items}` holds the items.
#[derive(Debug, Clone)]
pub(crate) struct PageDef {
    pub next: NextLink,
    pub items_field: String,
    /// The array's name on the wire.
    pub items_wire: String,
    pub items_presence: Presence,
    pub item: Ty,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Field {
    /// Rust name (may be raw, `r#type`).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    pub doc: Option<String>,
    pub ty: Ty,
    pub presence: Presence,
    /// A value that does not fit `ty` decodes as absent (with a warning) instead of failing the
    /// response: the runtime's `lenient` policy, for optional fields.
    pub lenient: bool,
    /// The field's members are the struct's (`#[serde(flatten)]`), and it has no key of its
    /// own: a union merged into the struct (by `allOf`, or written beside its properties), or
    /// the map of `additionalProperties` beside properties.
    pub flatten: bool,
}

/// Where a page keeps the next page's URL.
#[derive(Debug, Clone)]
pub(crate) enum NextLink {
    /// `{meta_field}.{next_field}`.
    Meta {
        meta_field: String,
        meta_presence: Presence,
        next_field: String,
        next_presence: Presence,
    },
    /// A field of the page itself.
    TopLevel { field: String, presence: Presence },
}

/// Whether a field must be present and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Presence {
    /// `T`
    Required,
    /// `Option<T>`, always written (null when `None`).
    RequiredNullable,
    /// `Option<T>`, left out when `None`.
    Optional,
    /// `Nullable<T>`: absent, null or a value, each kept as it came.
    OptionalNullable,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Ty {
    String,
    Bool,
    I32,
    I64,
    /// `format: uint32`.
    U32,
    /// `format: uint64`: values above `i64::MAX` fit.
    U64,
    F32,
    F64,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    /// `format: binary`: bytes (`runtime::Binary`), a file in a multipart body, text in JSON.
    Binary,
    /// A model in the same module.
    Named(String),
    /// A SID alias at the crate root.
    Sid(String),
    Vec(Box<Ty>),
    /// A nullable array item: `Option<T>`.
    Option(Box<Ty>),
    /// A JSON object with arbitrary keys.
    Map(Box<Ty>),
    /// A recursive reference.
    Boxed(Box<Ty>),
}

/// What the values of an enum are on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone)]
pub(crate) struct EnumDef {
    pub name: String,
    pub doc: Option<String>,
    pub repr: EnumRepr,
    pub variants: Vec<Variant>,
    /// The variant that keeps values the spec does not list, e.g. `Unrecognized`.
    pub fallback: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Variant {
    pub name: String,
    /// The value on the wire (an integer's decimal digits for integer enums).
    pub wire: String,
}

/// `oneOf` / `anyOf`: one of several types. Decoding tries the variants in order (or picks one by
/// the discriminator) and falls back to `fallback(serde_json::Value)`, so a shape the spec does
/// not list still decodes.
#[derive(Debug, Clone)]
pub(crate) struct UnionDef {
    pub name: String,
    pub doc: Option<String>,
    pub variants: Vec<UnionVariant>,
    pub discriminator: Option<Discriminator>,
    pub fallback: String,
}

/// The property whose value names a union's variant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Discriminator {
    pub property: String,
    /// `(value on the wire, variant name)` pairs.
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct UnionVariant {
    pub name: String,
    pub ty: Ty,
    /// The JSON kind this variant can be decoded from; it is only tried on such values (serde
    /// would otherwise decode a struct from an array).
    pub json: JsonKind,
    /// An object variant's tags: `(property, value)` of its required properties whose enum has
    /// one value. A value is only this variant when it carries them.
    pub tags: Vec<(String, String)>,
    /// An object variant's required properties: a value is only this variant when it has them.
    pub required: Vec<String>,
    /// A string enum variant's values: a string it lists is this variant before any variant
    /// is tried in order (open enums take every string).
    pub known: Vec<String>,
}

/// The kinds of JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum JsonKind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Bool,
    Any,
}

/// A node of the resource tree: a handle type with accessors to child resources and methods for
/// the operations mounted on it.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    /// Handle type name, e.g. `ChannelSenders`.
    pub name: String,
    /// Accessor method on the parent, e.g. `channel_senders`; empty for the root.
    pub accessor: String,
    /// Path parameters the accessor takes (stored in the handle).
    pub params: Vec<PathParam>,
    /// Path parameters held by this handle: the ancestors' and its own, in path order.
    pub held: Vec<PathParam>,
    pub children: Vec<Resource>,
    /// Accessors to resources further down, with a path parameter filled from the client.
    pub shortcuts: Vec<Shortcut>,
    pub operations: Vec<Operation>,
}

/// An accessor that reaches a resource without the account parameter on its path: the handle
/// field `account_field` is filled with the client's account SID.
#[derive(Debug, Clone)]
pub(crate) struct Shortcut {
    pub accessor: String,
    /// The handle type it returns.
    pub handle: String,
    /// The handle's field that holds the account SID.
    pub account_field: String,
    /// The other parameters the accessor takes.
    pub params: Vec<PathParam>,
}

#[derive(Debug, Clone)]
pub(crate) struct PathParam {
    /// Rust name; also the handle's field name.
    pub name: String,
    pub wire: String,
    pub doc: Option<String>,
    pub ty: Ty,
    pub encoding: PathEncoding,
}

/// How a path parameter is written into its segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathEncoding {
    /// Its text as one value: a string, SID, enum, number, boolean or date in the simple
    /// style. A handle holds it as a `String`.
    Text,
    /// By the runtime's `PathSegment::styled`: an array, object or union in the simple style,
    /// anything in the label or matrix style. A handle holds it as a `PathSegment`.
    Styled { style: PathStyle, explode: bool },
    /// As JSON text (`content` with a JSON media type). A handle holds it as a `PathSegment`.
    Json,
}

/// OpenAPI's path parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathStyle {
    Simple,
    Label,
    Matrix,
}

/// The HTTP methods OpenAPI 3.0 describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// Every method, in the order a path item lists them.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The method as HTTP writes it, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Operation {
    /// Method name on the resource handle, e.g. `fetch`.
    pub method: String,
    pub http: HttpMethod,
    /// The security schemes it accepts (`security`, its own or the document's): alternatives,
    /// each a set of schemes used together; empty is no authentication. `None`: the spec
    /// declares none, and the client's credentials are sent as they are.
    pub security: Option<Vec<Vec<AuthScheme>>>,
    /// The operation's own server (path- or operation-level `servers`), when it differs from
    /// the module's.
    pub server: Option<String>,
    /// A non-2xx status the spec documents as this operation's answer (only when it has no
    /// 2xx), accepted as success.
    pub accept_status: Option<u16>,
    pub doc: String,
    pub segments: Vec<Segment>,
    /// The path ends with `/`, kept on the wire.
    pub trailing_slash: bool,
    /// The query the spec writes into the path (`/{Bucket}?acl`) and the required query
    /// parameters that allow one value, encoded; empty for none.
    pub fixed_query: String,
    /// Required header parameters that allow one value: sent always, never asked for.
    pub fixed_headers: Vec<(String, String)>,
    /// Path parameters the method takes.
    pub args: Vec<PathParam>,
    /// The struct holding the query and header parameters.
    pub params: Option<ParamsRef>,
    pub body: Option<BodyDef>,
    pub response: ResponseDef,
    pub pagination: Option<Pagination>,
}

/// A security scheme, as the runtime applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AuthScheme {
    /// HTTP basic.
    Basic,
    /// `Authorization: Bearer` (`http` `bearer`, `oauth2`, `openIdConnect`).
    Bearer,
    /// An API key under `name`.
    ApiKey { location: KeyLocation, name: String },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// One segment of a request's path.
#[derive(Debug, Clone)]
pub(crate) enum Segment {
    /// Literal text of unreserved characters only (`A-Za-z0-9-._~`).
    Literal(String),
    /// A whole segment that is one parameter written as text ([`PathEncoding::Text`]).
    Param(PathValue),
    /// A segment built piece by piece by the runtime's `PathSegment`: text around parameters
    /// (`{Sid}.json`), literal text with characters to keep (`:`, `@`), a styled parameter.
    Pieces(Vec<SegmentPiece>),
}

/// A piece of a segment built by the runtime.
#[derive(Debug, Clone)]
pub(crate) enum SegmentPiece {
    Literal(String),
    Param(PathValue),
}

/// Where a path parameter's value comes from.
#[derive(Debug, Clone)]
pub(crate) enum PathValue {
    /// A field of the handle (a parameter of an accessor on the way).
    Held(PathParam),
    /// An argument of the method.
    Arg(PathParam),
}

impl PathValue {
    pub(crate) fn param(&self) -> &PathParam {
        match self {
            PathValue::Held(p) | PathValue::Arg(p) => p,
        }
    }
}

/// An operation's parameter struct.
#[derive(Debug, Clone)]
pub(crate) struct ParamsRef {
    pub type_name: String,
    /// Some of its fields are query parameters.
    pub has_query: bool,
    /// Some of its fields are headers.
    pub has_headers: bool,
    /// Some of its fields are cookies.
    pub has_cookies: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct BodyDef {
    /// The type of the body (`String` for text, unused for bytes).
    pub ty: Ty,
    pub encoding: BodyEncoding,
    pub required: bool,
}

/// How a request body is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BodyEncoding {
    /// JSON: `application/json` (with or without parameters) when `None`, else sent under the
    /// media type the spec gives (`application/merge-patch+json`, `application/vnd.api+json`).
    Json(Option<String>),
    /// `application/x-www-form-urlencoded` pairs.
    Form,
    /// Text under its media type (`text/plain`, …).
    Text(String),
    /// Bytes under their media type (`application/octet-stream`, `image/png`, …).
    Bytes(String),
    /// Parts under a `multipart/*` media type: fields as text, `format: binary` fields as files.
    Multipart(String),
}

/// What a successful answer is decoded into.
#[derive(Debug, Clone)]
pub(crate) enum ResponseDef {
    /// No body (`204`), or a body nobody reads.
    Empty,
    Json(Ty),
    /// A JSON body, or none: another success status documents no content (GitHub's `PUT`s
    /// answer `201` with a body or `204`).
    JsonOrEmpty(Ty),
    /// Text (`text/*`): a `String`.
    Text,
    /// Anything else (a file, a PDF): the bytes as they came.
    Bytes,
}

/// Media types that are JSON: `application/json` (with parameters such as `charset`) and
/// `…+json` suffixes.
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// The media type without its parameters, lower case: `text/plain; charset=utf-8` → `text/plain`.
pub(crate) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A list operation whose response is a page: it also gets a stream method.
#[derive(Debug, Clone)]
pub(crate) struct Pagination {
    pub stream_method: String,
    pub page_type: String,
    pub item: Ty,
    /// The integer field of the parameters that sets the page size, filled from a stream's
    /// limit when the caller leaves it unset.
    pub page_size: Option<PageSizeFill>,
}

#[derive(Debug, Clone)]
pub(crate) struct PageSizeFill {
    pub field: String,
    /// An integer type.
    pub ty: Ty,
    /// The parameter's `maximum`, else 1,000.
    pub max: u64,
}
