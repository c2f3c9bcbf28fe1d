//! Stage 2: the intermediate representation.
//!
//! Lowering (`lower`) is the only code that reads `openapiv3` types. It resolves references,
//! decides every Rust name and type, and orders everything deterministically, so the emitters
//! only translate this IR into tokens.

pub mod lower;
pub mod naming;

/// The crate generated from one or more documents.
#[derive(Debug, Clone, PartialEq)]
pub struct CrateIr {
    /// Cargo package name, e.g. `twilio-messaging`.
    pub package: String,
    /// The documents, as displayed in headers, in input order.
    pub sources: Vec<String>,
    /// SID newtypes shared by all modules, sorted by alias name.
    pub sids: Vec<SidDef>,
    /// One module per document.
    pub modules: Vec<ModuleIr>,
}

/// A validated SID type: `pub type {alias} = Sid<{marker}>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SidDef {
    pub alias: String,
    pub marker: String,
    pub prefix: String,
}

/// Everything generated from one document.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleIr {
    /// Module name, e.g. `v1`; also the accessor on `Client`.
    pub name: String,
    /// The document this module comes from.
    pub source: String,
    pub title: String,
    pub doc: Option<String>,
    /// `servers[0].url` of the document, without a trailing slash: where its operations go
    /// unless the client sets a base URL.
    pub server: String,
    /// Models, sorted by name.
    pub types: Vec<TypeDef>,
    /// The root of the resource tree (`client.v1()`).
    pub root: Resource,
    /// Number of operations in this module.
    pub operation_count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Union(u) => &u.name,
        }
    }

    pub fn doc(&self) -> Option<&str> {
        match self {
            TypeDef::Struct(s) => s.doc.as_deref(),
            TypeDef::Enum(e) => e.doc.as_deref(),
            TypeDef::Union(u) => u.doc.as_deref(),
        }
    }
}

/// `oneOf` / `anyOf`: one of several types. Decoding tries the variants in order (or picks one by
/// the discriminator) and falls back to `fallback(serde_json::Value)`, so a shape the spec does
/// not list still decodes.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    pub name: String,
    pub doc: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the variant, with `(value, variant name)` pairs.
    pub discriminator: Option<(String, Vec<(String, String)>)>,
    pub fallback: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: Ty,
    /// The JSON kind this variant can be decoded from; it is only tried on such values (serde
    /// would otherwise decode a struct from an array).
    pub json: JsonKind,
}

/// The kinds of JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Bool,
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<Field>,
    /// Emit `new(required fields...)`: the type is something callers build.
    pub constructor: bool,
    /// Emit `impl Page`: this is a list page.
    pub page: Option<PageDef>,
    /// This struct holds an operation's parameters: which are headers, which are joined.
    pub params: Option<ParamsInfo>,
    /// Emit `impl ParamValue` writing the object as JSON: it is a field of a form body.
    pub form_json: bool,
}

/// Where the fields of a parameter struct go.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParamsInfo {
    /// Wire names of the header parameters; the others are query parameters.
    pub headers: Vec<String>,
    /// Wire names of array query parameters sent comma-joined (`explode: false`).
    pub joined: Vec<String>,
}

impl StructDef {
    /// A struct whose fields may all be left out can derive `Default`.
    pub fn all_optional(&self) -> bool {
        self.fields
            .iter()
            .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable))
    }
}

/// How a struct is a list page: `meta.{next_field}` links the next page, `{items_field}` holds
/// the items.
#[derive(Debug, Clone, PartialEq)]
pub struct PageDef {
    pub meta_field: String,
    pub meta_presence: Presence,
    pub next_field: String,
    pub next_presence: Presence,
    pub items_field: String,
    /// The array's name on the wire.
    pub items_wire: String,
    pub items_presence: Presence,
    pub item: Ty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (may be raw, `r#type`).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    pub doc: Option<String>,
    pub ty: Ty,
    pub presence: Presence,
}

/// Whether a field must be present and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
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
pub enum Ty {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
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

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub name: String,
    pub doc: Option<String>,
    /// Values are strings, or integers (`wire` then holds the number).
    pub integer: bool,
    pub variants: Vec<Variant>,
    /// The variant that keeps values the spec does not list, e.g. `Unrecognized`.
    pub fallback: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub wire: String,
}

impl ModuleIr {
    /// A document without operations yields models only: no resources, no accessor on `Client`.
    pub fn has_operations(&self) -> bool {
        self.operation_count > 0
    }
}

/// A node of the resource tree: a handle type with accessors to child resources and methods for
/// the operations mounted on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Handle type name, e.g. `ChannelSenders`.
    pub name: String,
    /// Accessor method on the parent, e.g. `channel_senders`.
    pub accessor: String,
    pub doc: Option<String>,
    /// Path parameters the accessor takes (stored in the handle).
    pub params: Vec<PathParam>,
    /// Path parameters held by this handle: the ancestors' and its own, in path order.
    pub held: Vec<PathParam>,
    pub children: Vec<Resource>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    /// Rust name; also the handle's field name.
    pub name: String,
    pub wire: String,
    pub doc: Option<String>,
    pub ty: Ty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// A non-2xx status the spec documents as this operation's answer (only when it has no
    /// 2xx), accepted as success.
    pub accept_status: Option<u16>,
    /// Method name on the resource handle, e.g. `fetch`.
    pub method: String,
    /// HTTP method in upper case.
    pub http_method: String,
    pub path: String,
    /// The operation's own server (path- or operation-level `servers`), when it differs from
    /// the module's.
    pub server: Option<String>,
    pub doc: Option<String>,
    pub segments: Vec<Segment>,
    /// Path parameters the method takes.
    pub args: Vec<PathParam>,
    pub query: Option<QueryDef>,
    pub body: Option<BodyDef>,
    pub response: ResponseDef,
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Literal(String),
    /// A path parameter held by the handle.
    Held(String),
    /// A path parameter passed to the method.
    Arg(String, Ty),
}

/// The query parameters of an operation, gathered in one struct (`{name}`).
#[derive(Debug, Clone, PartialEq)]
pub struct QueryDef {
    /// The struct that holds them; it is also listed in the module's types.
    pub type_name: String,
    pub fields: Vec<Field>,
    /// Some of the fields are headers.
    pub has_headers: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyDef {
    pub ty: Ty,
    pub encoding: BodyEncoding,
    pub required: bool,
    /// For form bodies: the fields of the struct, written one key each.
    pub form_fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    Form,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseDef {
    /// No body (`204`), or a body nobody reads.
    Empty,
    Json(Ty),
}

/// A list operation whose response is a page: it also gets a stream method.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub stream_method: String,
    pub page_type: String,
    pub item: Ty,
    /// The query field that sets the page size, and its maximum.
    pub page_size: Option<(String, u64)>,
}
