//! The public Rust API a generated crate offers, as plain data: what callers can name, call,
//! build and read. Built from the IR by [`super::adapt`]; compared by [`super::diff`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The API of a whole generated crate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// SID type aliases at the crate root (`MessagingServiceSid`, …).
    pub sids: Vec<String>,
    /// One module per document, in input order.
    pub modules: Vec<ModuleSurface>,
}

/// The API of one module (`v1`, `v2`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleSurface {
    pub name: String,
    pub doc: Option<String>,
    /// Resource handles that have methods, in tree order.
    pub resources: Vec<ResourceSurface>,
    /// Models, sorted by name.
    pub types: Vec<TypeSurface>,
}

/// A resource handle and its methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceSurface {
    /// The accessor chain from the client, e.g. `v1().service(service_sid).channel_senders()`.
    pub path: String,
    /// What identifies the resource across versions: accessor names and how many arguments
    /// each takes (argument names are not part of the API), e.g. `v1().service(_).channel_senders()`.
    pub key: String,
    /// The accessors' parameters, outermost first.
    pub accessor_params: Vec<Param>,
    pub methods: Vec<Method>,
}

/// A parameter of a method or accessor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    pub name: String,
    pub ty: TypeRef,
    pub doc: Option<String>,
}

/// One operation: `async fn {name}(&self, args…, params?, body?) -> Result<returns>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Method {
    pub name: String,
    /// `POST /v2/Channels/Senders`: not part of the Rust API, shown to reviewers.
    pub endpoint: String,
    pub doc: String,
    /// Path parameters the method takes.
    pub args: Vec<Param>,
    /// The `{Operation}Params` struct of query and header parameters.
    pub params: Option<String>,
    pub body: Option<Body>,
    /// `None` for `()`.
    pub returns: Option<TypeRef>,
    /// The paginated `stream` method, when there is one.
    pub stream: Option<Stream>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Body {
    pub ty: TypeRef,
    /// `body: &T` when required, `body: Option<&T>` otherwise.
    pub required: bool,
    /// `json` or `form`: not part of the Rust API.
    pub encoding: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stream {
    pub name: String,
    pub item: TypeRef,
}

/// A model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeSurface {
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// Where operations use it (computed from the methods, through fields and variants).
    pub usage: Usage,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct {
        fields: Vec<FieldSurface>,
        /// Derives `Default` (every field may be left out).
        default: bool,
        /// `new(…)`'s arguments (the required fields, in order), when it has one.
        #[serde(default)]
        constructor: Option<Vec<String>>,
    },
    Enum {
        /// Integer values on the wire rather than strings.
        integer: bool,
        values: Vec<EnumValue>,
    },
    Union {
        variants: Vec<UnionVariant>,
        /// The discriminator property, when the union is internally tagged.
        discriminator: Option<String>,
    },
}

impl TypeKind {
    pub fn label(&self) -> &'static str {
        match self {
            TypeKind::Struct { .. } => "struct",
            TypeKind::Enum { .. } => "enum",
            TypeKind::Union { .. } => "union enum",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSurface {
    /// Rust name (may be raw, `r#type`).
    pub name: String,
    /// Name on the wire.
    pub wire: String,
    pub ty: TypeRef,
    pub presence: Presence,
    pub doc: Option<String>,
}

impl FieldSurface {
    /// The field's Rust type, e.g. `Option<Vec<String>>`.
    pub fn rust(&self) -> String {
        self.presence.wrap(&self.ty.rust())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    /// The Rust variant.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
}

/// How the operations use a type (through any number of fields, items and variants).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    /// Callers build it: a request body, a parameters struct, a path argument, or inside one.
    pub request: bool,
    /// Callers read it: a response, or inside one.
    pub response: bool,
    /// The operations (`{resource key}.{method}`) whose parameters struct it is.
    pub params_of: Vec<String>,
}

impl Usage {
    /// `request`, `response`, `request and response`, or `unused` (no operation reaches it).
    pub fn label(&self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "request and response",
            (true, false) => "request",
            (false, true) => "response",
            (false, false) => "not used by any operation",
        }
    }
}

/// Whether a field must be present and whether it may be null, and the Rust type that gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// `T`
    Required,
    /// `Option<T>`, always written (null when `None`).
    RequiredNullable,
    /// `Option<T>`, left out when `None`.
    Optional,
    /// `Nullable<T>`: absent, null or a value.
    OptionalNullable,
}

impl Presence {
    pub fn wrap(self, inner: &str) -> String {
        match self {
            Presence::Required => inner.to_owned(),
            Presence::RequiredNullable | Presence::Optional => format!("Option<{inner}>"),
            Presence::OptionalNullable => format!("Nullable<{inner}>"),
        }
    }

    pub fn optional(self) -> bool {
        matches!(self, Presence::Optional | Presence::OptionalNullable)
    }

    pub fn nullable(self) -> bool {
        matches!(
            self,
            Presence::RequiredNullable | Presence::OptionalNullable
        )
    }

    /// Whether the Rust types of the two presences differ (`T`, `Option<T>`, `Nullable<T>`).
    pub fn same_wrapper(self, other: Presence) -> bool {
        self.wrap("") == other.wrap("")
    }
}

/// A Rust type as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    DateTime,
    Date,
    Json,
    /// `format: binary` bytes (`Binary`).
    Binary,
    /// Bytes as they came (a non-JSON, non-text answer).
    Bytes,
    /// A model of the same module.
    Named(String),
    /// A SID alias at the crate root.
    Sid(String),
    Vec(Box<TypeRef>),
    Option(Box<TypeRef>),
    Map(Box<TypeRef>),
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// The type as a reader would write it, e.g. `Vec<Option<DateTime<Utc>>>`.
    pub fn rust(&self) -> String {
        match self {
            TypeRef::String => "String".into(),
            TypeRef::Bool => "bool".into(),
            TypeRef::I32 => "i32".into(),
            TypeRef::I64 => "i64".into(),
            TypeRef::U32 => "u32".into(),
            TypeRef::U64 => "u64".into(),
            TypeRef::F32 => "f32".into(),
            TypeRef::F64 => "f64".into(),
            TypeRef::DateTime => "DateTime<Utc>".into(),
            TypeRef::Date => "NaiveDate".into(),
            TypeRef::Binary => "Binary".into(),
            TypeRef::Json => "serde_json::Value".into(),
            TypeRef::Bytes => "Vec<u8>".into(),
            TypeRef::Named(n) | TypeRef::Sid(n) => n.clone(),
            TypeRef::Vec(t) => format!("Vec<{}>", t.rust()),
            TypeRef::Option(t) => format!("Option<{}>", t.rust()),
            TypeRef::Map(t) => format!("BTreeMap<String, {}>", t.rust()),
            TypeRef::Boxed(t) => format!("Box<{}>", t.rust()),
        }
    }

    /// The models it names.
    pub fn named(&self, out: &mut Vec<String>) {
        match self {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::Vec(t) | TypeRef::Option(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => {
                t.named(out)
            }
            _ => {}
        }
    }
}

impl ModuleSurface {
    /// Fills every type's [`Usage`] from the methods.
    pub(crate) fn compute_usage(&mut self) {
        let mut request: Vec<String> = Vec::new();
        let mut response: Vec<String> = Vec::new();
        let mut params_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in &self.resources {
            for p in &r.accessor_params {
                p.ty.named(&mut request);
            }
            for m in &r.methods {
                for a in &m.args {
                    a.ty.named(&mut request);
                }
                if let Some(p) = &m.params {
                    request.push(p.clone());
                    params_of
                        .entry(p.clone())
                        .or_default()
                        .insert(format!("{}.{}", r.key, m.name));
                }
                if let Some(b) = &m.body {
                    b.ty.named(&mut request);
                }
                if let Some(t) = &m.returns {
                    t.named(&mut response);
                }
                if let Some(s) = &m.stream {
                    s.item.named(&mut response);
                }
            }
        }
        let reach = |roots: Vec<String>| -> BTreeSet<String> {
            let by_name: BTreeMap<&str, &TypeSurface> =
                self.types.iter().map(|t| (t.name.as_str(), t)).collect();
            let mut seen = BTreeSet::new();
            let mut todo = roots;
            while let Some(name) = todo.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                if let Some(t) = by_name.get(name.as_str()) {
                    t.kind.named(&mut todo);
                }
            }
            seen
        };
        let request = reach(request);
        let response = reach(response);
        for t in &mut self.types {
            t.usage = Usage {
                request: request.contains(&t.name),
                response: response.contains(&t.name),
                params_of: params_of
                    .get(&t.name)
                    .map(|s| s.iter().cloned().collect())
                    .unwrap_or_default(),
            };
        }
    }
}

impl TypeKind {
    /// The models its fields or variants name.
    pub fn named(&self, out: &mut Vec<String>) {
        match self {
            TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| f.ty.named(out)),
            TypeKind::Enum { .. } => {}
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| v.ty.named(out)),
        }
    }
}
