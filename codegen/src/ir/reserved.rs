//! Names the generated crate itself uses, in one place: the lowering stage never hands them to
//! an item of the spec where they would clash. Emitted code refers to everything else by full
//! path (`::std::string::String`, `crate::runtime::Nullable`, `::serde::Serialize`), so a schema
//! named `String`, `Result` or `Client` cannot shadow anything.

/// Names at the crate root: the runtime items re-exported there, and the modules the crate
/// always has. SID type names and spec modules are claimed around them.
pub const ROOT: &[&str] = &[
    "ApiError",
    "Client",
    "ClientBuilder",
    "Credentials",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "Error",
    "Nullable",
    "Page",
    "Pages",
    "RequestValidator",
    "RetryPolicy",
    "Sid",
    "SidError",
    "Unknown",
];

/// Module names at the crate root that the crate always has.
pub const MODULES: &[&str] = &["runtime", "sids"];

/// Methods `Client` has (inherent, private ones included, and from the traits it implements): a
/// module's accessor on `Client` must not take one of these names. `tests/tests/names.rs` checks the list against
/// the runtime's source.
pub const CLIENT_METHODS: &[&str] = &[
    "account_sid",
    "attempts",
    "base_for",
    "base_url",
    "base_url_for",
    "builder",
    "call",
    "call_bytes",
    "call_empty",
    "call_optional",
    "call_page",
    "call_text",
    "clone",
    "clone_from",
    "execute",
    "fetch_page",
    "fmt",
    "from_env",
    "from_env_with",
    "new",
    "send",
    "send_bytes",
    "send_empty",
    "send_page",
    "send_text",
    "with_base_url",
    "with_timeout",
];

/// Field names every resource handle has; its path parameters are claimed around them.
pub const HANDLE_FIELDS: &[&str] = &["client"];

/// Accessor and method names a resource handle has besides its resources and operations.
pub const HANDLE_METHODS: &[&str] = &["client", "clone", "clone_from", "fmt", "new"];

/// Argument names an operation method uses besides its path parameters.
pub const OPERATION_ARGS: &[&str] = &["self", "body", "params", "limit", "request"];

/// Methods a generated struct may have besides its setters, and the binary operators' methods,
/// which a setter (`fn sub(self, value) -> Self`, OpenID's `sub` claim) would look like to
/// clippy's `should_implement_trait`.
pub const STRUCT_METHODS: &[&str] = &[
    "add",
    "bitand",
    "bitor",
    "bitxor",
    "clone",
    "default",
    "deserialize",
    "div",
    "eq",
    "fmt",
    "mul",
    "new",
    "rem",
    "serialize",
    "shl",
    "shr",
    "sub",
    "to_cookies",
    "to_headers",
    "to_multipart",
    "to_params",
];

/// Items a module has besides its models and resources.
pub const MODULE_ITEMS: &[&str] = &["SERVER", "models", "resources"];

/// Type and trait names of Rust's prelude that emitted code uses unqualified (`String`,
/// `Option`, `Default::default()`, `impl From<&str>`): no model or handle of a module takes one.
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Every reserved name, for tests that generate specs using each of them.
pub fn all() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = [
        ROOT,
        MODULES,
        CLIENT_METHODS,
        HANDLE_FIELDS,
        HANDLE_METHODS,
        OPERATION_ARGS,
        MODULE_ITEMS,
        PRELUDE,
        STRUCT_METHODS,
    ]
    .concat();
    all.sort_unstable();
    all.dedup();
    all
}
