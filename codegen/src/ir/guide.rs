//! The calls the crate's guide shows (its front page, with examples that are compiled as
//! doctests): the first operations, in module and resource-tree order, that a reader can call
//! with made-up arguments. Chosen here, written as Rust text, so that the emitter only prints.

use super::{AuthScheme, HttpMethod, ModuleIr, ModuleServer, Operation, Resource, ResponseDef, Ty};
use super::{PathParam, SidDef, TypeDef};

/// What the guide shows beyond what every crate has.
#[derive(Debug, Clone, Default)]
pub(crate) struct Guide {
    /// The crate's name in Rust paths (`twilio_messaging`).
    pub krate: String,
    /// A single request whose answer is decoded: a `GET` of one resource, if there is one.
    pub request: Option<Example>,
    /// A list operation with its stream, if there is one.
    pub paging: Option<ListExample>,
    /// The credentials the authentication example shows.
    pub auth: GuideAuth,
    /// For [`GuideAuth::Together`]: the credentials expression, one per scheme, joined by
    /// `and` (`Credentials::key_named("apikey", …).and(Credentials::bearer(…))`).
    pub together: String,
    /// The crate follows Twilio's conventions: its examples may show Twilio's error codes.
    pub twilio: bool,
}

/// Which credentials the guide shows: the first scheme the operations accept, or Twilio's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum GuideAuth {
    /// Twilio's account credentials (the Twilio conventions): auth token, API key, environment.
    #[default]
    Twilio,
    Basic,
    Bearer,
    Key,
    /// Several schemes an operation asks for together (an API key and a bearer token).
    Together,
    /// The spec declares no security.
    None,
}

/// One call, with what it needs.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    /// The SID types the arguments have, to import from the crate root, sorted.
    pub uses: Vec<String>,
    /// `let` statements that make the arguments (`let sid: SenderSid = "XE…".parse()?;`).
    pub setup: Vec<String>,
    /// The resource handle: `client.v2().channels_senders()`.
    pub handle: String,
    /// The method with its arguments: `fetch(&sid)`.
    pub call: String,
}

/// A list operation: one page (`list`) and all of them (`stream`).
#[derive(Debug, Clone)]
pub(crate) struct ListExample {
    pub uses: Vec<String>,
    pub setup: Vec<String>,
    pub handle: String,
    /// The path arguments before the parameters: `&service_sid, ` or empty.
    pub args: String,
    pub list: String,
    pub stream: String,
}

/// Chooses the guide's calls from the finished modules.
pub(crate) fn choose(package: &str, modules: &[ModuleIr], sids: &[SidDef], twilio: bool) -> Guide {
    let krate = package.replace('-', "_");
    let first = modules
        .iter()
        .find_map(|m| first_alternative(&m.root))
        .unwrap_or_default();
    // The spec's first scheme decides; basic (or none declared) is Twilio's account credentials
    // under the Twilio conventions.
    let auth = match first.as_slice() {
        [_, _, ..] => GuideAuth::Together,
        [AuthScheme::Bearer] => GuideAuth::Bearer,
        [AuthScheme::ApiKey { .. }] => GuideAuth::Key,
        [AuthScheme::Basic] | [] if twilio => GuideAuth::Twilio,
        [AuthScheme::Basic] => GuideAuth::Basic,
        [] => GuideAuth::None,
    };
    let together = first
        .iter()
        .map(|scheme| match scheme {
            AuthScheme::Basic => "Credentials::basic(\"user\", \"password\")".to_owned(),
            AuthScheme::Bearer => "Credentials::bearer(\"your_token\")".to_owned(),
            AuthScheme::ApiKey { name, .. } => {
                format!("Credentials::key_named({name:?}, \"your_key\")")
            }
        })
        .reduce(|all, one| format!("{all}\n    .and({one})"))
        .unwrap_or_default();
    let mut guide = Guide {
        krate: krate.clone(),
        auth,
        together,
        twilio,
        ..Guide::default()
    };
    for module in modules.iter().filter(|m| m.has_operations()) {
        let root = match &module.server {
            ModuleServer::Default(_) => format!("client.{}()", module.name),
            ModuleServer::Given { .. } => {
                format!("client.{}(\"http://localhost:8080\")?", module.name)
            }
        };
        let mut found = Found::default();
        let values = Values { sids, module };
        walk(&module.root, &root, &[], &values, &mut found);
        guide.request = guide.request.or(found.request);
        guide.paging = guide.paging.or(found.paging);
        if guide.request.is_some() && guide.paging.is_some() {
            break;
        }
    }
    guide
}

/// The schemes of the first alternative an operation of the tree accepts that asks for any,
/// depth first.
fn first_alternative(resource: &Resource) -> Option<Vec<AuthScheme>> {
    resource
        .operations
        .iter()
        .find_map(|op| {
            op.security
                .as_ref()?
                .iter()
                .find(|alternative| !alternative.is_empty())
                .cloned()
        })
        .or_else(|| resource.children.iter().find_map(first_alternative))
}

#[derive(Default)]
struct Found {
    request: Option<Example>,
    paging: Option<ListExample>,
}

/// What made-up values are made from.
struct Values<'a> {
    sids: &'a [SidDef],
    module: &'a ModuleIr,
}

impl Values<'_> {
    /// The argument for `param` and the statement that makes it, if a made-up value can be
    /// written for its type.
    fn argument(&self, param: &PathParam) -> Option<(String, Option<Let>)> {
        let name = &param.name;
        match &param.ty {
            Ty::Sid(alias) => {
                let sid = self.sids.iter().find(|s| &s.alias == alias)?;
                let value = format!("{}{}", sid.prefix, "0".repeat(32));
                let statement = format!("let {name}: {alias} = \"{value}\".parse()?;");
                let setup = Let {
                    statement,
                    ty: alias.clone(),
                };
                Some((format!("&{name}"), Some(setup)))
            }
            Ty::String => Some((format!("\"{}\"", super::naming::unraw(name)), None)),
            Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 => Some(("1".to_owned(), None)),
            Ty::Bool => Some(("true".to_owned(), None)),
            _ => None,
        }
    }

    /// Whether the parameters struct named `name` can be left at its default.
    fn defaults(&self, name: &str) -> bool {
        self.module.types.iter().any(|t| match t {
            TypeDef::Struct(s) => s.name == name && s.default,
            _ => false,
        })
    }
}

/// A `let` statement that makes an argument, and the crate-root type it names.
#[derive(Clone)]
struct Let {
    statement: String,
    ty: String,
}

/// Depth-first through the tree; `handle` is the expression that reaches `resource` and `setup`
/// what it needs.
fn walk(resource: &Resource, handle: &str, setup: &[Let], values: &Values, found: &mut Found) {
    for op in &resource.operations {
        if found.request.is_none() {
            found.request = request(op, handle, setup, values);
        }
        if found.paging.is_none() {
            found.paging = paging(op, handle, setup, values);
        }
    }
    for child in &resource.children {
        if found.request.is_some() && found.paging.is_some() {
            return;
        }
        let mut setup = setup.to_vec();
        let Some(args) = arguments(&child.params, values, &mut setup) else {
            continue;
        };
        let handle = format!("{handle}.{}({args})", child.accessor);
        walk(child, &handle, &setup, values, found);
    }
}

/// The arguments for `params`, comma-separated, adding their statements to `setup`.
fn arguments(params: &[PathParam], values: &Values, setup: &mut Vec<Let>) -> Option<String> {
    let mut args = Vec::new();
    for param in params {
        let (arg, statement) = values.argument(param)?;
        args.push(arg);
        setup.extend(statement);
    }
    Some(args.join(", "))
}

fn request(op: &Operation, handle: &str, setup: &[Let], values: &Values) -> Option<Example> {
    if op.http != HttpMethod::Get
        || op.body.is_some()
        || op.pagination.is_some()
        || !matches!(op.response, ResponseDef::Json(_))
    {
        return None;
    }
    let mut setup = setup.to_vec();
    let mut args = vec![arguments(&op.args, values, &mut setup)?];
    if let Some(params) = &op.params {
        if !values.defaults(&params.type_name) {
            return None;
        }
        args.push("&Default::default()".to_owned());
    }
    args.retain(|a| !a.is_empty());
    Some(Example {
        uses: uses(&setup),
        setup: setup.into_iter().map(|l| l.statement).collect(),
        handle: handle.to_owned(),
        call: format!("{}({})", op.method, args.join(", ")),
    })
}

fn paging(op: &Operation, handle: &str, setup: &[Let], values: &Values) -> Option<ListExample> {
    let pagination = op.pagination.as_ref()?;
    let params = op.params.as_ref()?;
    if op.body.is_some() || !values.defaults(&params.type_name) {
        return None;
    }
    let mut setup = setup.to_vec();
    let args = arguments(&op.args, values, &mut setup)?;
    Some(ListExample {
        uses: uses(&setup),
        setup: setup.into_iter().map(|l| l.statement).collect(),
        handle: handle.to_owned(),
        args: if args.is_empty() {
            args
        } else {
            format!("{args}, ")
        },
        list: op.method.clone(),
        stream: pagination.stream_method.clone(),
    })
}

/// The types `setup` names, sorted, once each: what the example imports.
fn uses(setup: &[Let]) -> Vec<String> {
    let mut types: Vec<String> = setup.iter().map(|l| l.ty.clone()).collect();
    types.sort();
    types.dedup();
    types
}
