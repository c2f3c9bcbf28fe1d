//! Lowering: `openapiv3` documents → [`CrateIr`]. The only module that reads `openapiv3` types.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, OpenAPI, Operation as OaOperation, Parameter, ParameterSchemaOrContent,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, Type,
};

use super::naming::{self, Namespace};
use super::*;
use crate::diag::{Diagnostic, Diagnostics, escape_token, pointer};
use crate::load::Loaded;

/// One document and the module it becomes.
pub struct ModuleInput<'a> {
    pub loaded: &'a Loaded,
    pub module: String,
}

/// Names taken at the crate root by the runtime's re-exports and the generated modules.
const ROOT_RESERVED: &[&str] = &[
    "ApiError",
    "Client",
    "ClientBuilder",
    "Credentials",
    "Error",
    "Method",
    "Nullable",
    "Page",
    "ParamValue",
    "Params",
    "Request",
    "RetryPolicy",
    "Sid",
    "SidError",
    "SidPrefix",
    "DEFAULT_MAX_RESPONSE_SIZE",
];

/// Method names `Client` already has; module accessors must not shadow them.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "from_env_with",
    "with_timeout",
    "base_url",
    "base_url_for",
    "account_sid",
    "send",
    "send_page",
    "send_empty",
    "clone",
    "fmt",
];

/// Well-known Twilio SID prefixes and the names their types get. Others are named `{Prefix}Sid`.
const SID_NAMES: &[(&str, &str)] = &[
    ("AC", "AccountSid"),
    ("AI", "AlphaSenderSid"),
    ("AP", "ApplicationSid"),
    ("MG", "MessagingServiceSid"),
    ("PN", "PhoneNumberSid"),
    ("SC", "ShortCodeSid"),
    ("SK", "ApiKeySid"),
    ("SM", "MessageSid"),
    ("XE", "SenderSid"),
];

/// Lowers all documents into one crate. Problems from every document are reported together.
///
/// With `allow_skip`, what cannot be generated is left out (an operation) or typed as
/// `serde_json::Value` (a schema) and listed in `skipped`, instead of failing the run. Problems
/// that leave nothing usable (no server URL) fail either way.
pub fn lower(
    package: &str,
    inputs: &[ModuleInput<'_>],
    allow_skip: bool,
) -> Result<(CrateIr, Vec<Diagnostic>), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut fatal = Diagnostics::default();
    let mut sids = SidRegistry::new();
    let mut modules = Vec::new();
    let mut module_names = Namespace::with_reserved(CLIENT_METHODS);
    for input in inputs {
        let name = module_names.claim(naming::snake(&input.module, "api"));
        let module = ModuleLowering::new(input.loaded, &mut sids, &mut diags).lower(name);
        if module.server.is_empty() {
            let display = &input.loaded.display;
            fatal.push(match input.loaded.api.servers.first() {
                Some(server) => Diagnostic::new(display, "#/servers/0/url", format!("server URL {:?} is not an absolute https URL", server.url))
                    .help("give the API's production https URL; callers can still point the client elsewhere with ClientBuilder::base_url"),
                None => Diagnostic::new(display, "#/servers", "no server URL")
                    .help("add `servers: [{url: https://...}]`: it becomes where the client sends requests"),
            });
        }
        modules.push(module);
    }
    diags.0.sort();
    diags.0.dedup();
    if !fatal.is_empty() || (!diags.is_empty() && !allow_skip) {
        fatal.0.extend(diags.0);
        fatal.0.sort();
        return Err(fatal);
    }
    let skipped = diags.0;
    let krate = CrateIr {
        package: package.to_owned(),
        sources: inputs.iter().map(|i| i.loaded.display.clone()).collect(),
        sids: sids.into_defs(),
        modules,
    };
    Ok((krate, skipped))
}

struct SidRegistry {
    by_prefix: BTreeMap<String, SidDef>,
    aliases: Namespace,
}

impl SidRegistry {
    fn new() -> Self {
        SidRegistry {
            by_prefix: BTreeMap::new(),
            aliases: Namespace::with_reserved(ROOT_RESERVED),
        }
    }

    fn get(&mut self, prefix: &str) -> Ty {
        if let Some(def) = self.by_prefix.get(prefix) {
            return Ty::Sid(def.alias.clone());
        }
        let marker_base = naming::pascal(prefix, "Sid");
        let alias = SID_NAMES
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, n)| (*n).to_owned())
            .unwrap_or_else(|| format!("{marker_base}Sid"));
        let alias = self.aliases.claim(alias);
        let marker = self.aliases.claim(marker_base);
        let def = SidDef {
            alias: alias.clone(),
            marker,
            prefix: prefix.to_owned(),
        };
        self.by_prefix.insert(prefix.to_owned(), def);
        Ty::Sid(alias)
    }

    fn into_defs(self) -> Vec<SidDef> {
        let mut defs: Vec<SidDef> = self.by_prefix.into_values().collect();
        defs.sort();
        defs
    }
}

/// Recognizes Twilio's SID pattern `^XX[0-9a-fA-F]{32}$` and returns `XX`.
fn sid_prefix(pattern: &str) -> Option<&str> {
    let rest = pattern.strip_prefix('^')?;
    let prefix = rest.get(..2)?;
    let tail = rest.get(2..)?;
    (prefix.chars().all(|c| c.is_ascii_uppercase()) && tail == "[0-9a-fA-F]{32}$").then_some(prefix)
}

/// A component schema's state while lowering.
#[derive(Clone)]
enum ComponentState {
    InProgress,
    Done(Ty, bool),
}

struct ModuleLowering<'a> {
    file: &'a str,
    api: &'a OpenAPI,
    /// The document as JSON, for what `openapiv3` does not keep (siblings of `$ref`).
    raw: &'a serde_json::Value,
    sids: &'a mut SidRegistry,
    diags: &'a mut Diagnostics,
    names: Namespace,
    /// Rust names decided for component schemas, before any is lowered.
    component_names: BTreeMap<String, String>,
    components: BTreeMap<String, ComponentState>,
    defs: BTreeMap<String, TypeDef>,
    /// Types callers construct (request bodies and query parameter structs).
    inputs: BTreeSet<String>,
    /// Inline types defined so far, in order: candidates for reuse by identical shapes.
    inline: Vec<String>,
}

struct RawOp<'a> {
    path: &'a str,
    method: &'static str,
    op: &'a OaOperation,
    path_item_params: &'a [ReferenceOr<Parameter>],
    /// `servers` of the operation, else of its path item.
    servers: &'a [openapiv3::Server],
    /// `x-twilio: {mountName: ...}` on the path item: the name Twilio's SDKs mount it under.
    mount_name: Option<String>,
    ptr: String,
}

impl<'a> ModuleLowering<'a> {
    fn new(loaded: &'a Loaded, sids: &'a mut SidRegistry, diags: &'a mut Diagnostics) -> Self {
        let api = &loaded.api;
        let mut names = Namespace::default();
        let mut component_names = BTreeMap::new();
        if let Some(components) = &api.components {
            let prefix = dotted_prefix(components.schemas.keys().map(String::as_str));
            for name in components.schemas.keys() {
                let short = name
                    .strip_prefix(prefix.as_str())
                    .filter(|s| !s.is_empty())
                    .unwrap_or(name);
                let rust = names.claim(naming::pascal(short, "Schema"));
                component_names.insert(name.clone(), rust);
            }
        }
        ModuleLowering {
            file: &loaded.display,
            api,
            raw: &loaded.raw,
            sids,
            diags,
            names,
            component_names,
            components: BTreeMap::new(),
            defs: BTreeMap::new(),
            inputs: BTreeSet::new(),
            inline: Vec::new(),
        }
    }

    /// `nullable` and `description` written beside a `$ref`: OpenAPI 3.0 says to ignore them,
    /// but real specs (Twilio's among them) mean them, so they are honoured.
    fn ref_siblings(&self, ptr: &str) -> (bool, Option<String>) {
        let node = ptr.strip_prefix('#').and_then(|p| self.raw.pointer(p));
        let nullable = node
            .and_then(|n| n.get("nullable"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let description = node
            .and_then(|n| n.get("description"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        (nullable, description)
    }

    fn error(&mut self, at: &str, message: impl Into<String>, help: &str) {
        self.diags
            .push(Diagnostic::new(self.file, at, message).help(help));
    }

    fn lower(mut self, name: String) -> ModuleIr {
        let api = self.api;
        if let Some(components) = &api.components {
            for (name, schema) in &components.schemas {
                let ptr = pointer(["components", "schemas", name]);
                self.lower_component(name, schema, &ptr);
            }
        }
        let ops = self.collect_operations();
        let root = self.build_tree(ops);
        for input in self.inputs.clone() {
            self.mark_input(&input);
        }
        let operation_count = count_ops(&root);
        self.detect_pages();
        self.fill_docs();
        let types = self.defs.into_values().collect();
        ModuleIr {
            name,
            source: self.file.to_owned(),
            title: one_line(&api.info.title),
            doc: api.info.description.clone(),
            server: https_server(&api.servers).unwrap_or_default(),
            types,
            root,
            operation_count,
        }
    }

    // ---- Schemas -------------------------------------------------------------------------

    fn lower_component(
        &mut self,
        name: &str,
        schema: &'a ReferenceOr<Schema>,
        ptr: &str,
    ) -> (Ty, bool) {
        match self.components.get(name) {
            Some(ComponentState::Done(ty, nullable)) => return (ty.clone(), *nullable),
            Some(ComponentState::InProgress) => {
                let rust = self.component_names[name].clone();
                return (Ty::Boxed(Box::new(Ty::Named(rust))), false);
            }
            None => {}
        }
        self.components
            .insert(name.to_owned(), ComponentState::InProgress);
        let rust = self.component_names[name].clone();
        let (ty, nullable) = match schema {
            ReferenceOr::Reference { reference } => {
                let (ty, nullable) = self.lower_ref(reference, ptr);
                if matches!(ty, Ty::Boxed(_)) {
                    self.error(ptr, format!("schema {name:?} is only a reference back to itself"), "a chain of $ref that ends where it started has no type; point it at a real schema");
                }
                (ty, nullable)
            }
            ReferenceOr::Item(schema) => self.lower_schema_named(schema, Slot::Claimed(rust), ptr),
        };
        self.components
            .insert(name.to_owned(), ComponentState::Done(ty.clone(), nullable));
        (ty, nullable)
    }

    fn lower_ref(&mut self, reference: &str, ptr: &str) -> (Ty, bool) {
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            self.error(
                ptr,
                format!("unsupported reference {reference:?}"),
                "references must point into #/components/schemas of the same document",
            );
            return (Ty::Json, false);
        };
        let name = unescape(name);
        let schema = self
            .api
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(&name));
        match schema {
            Some(schema) => {
                let target = pointer(["components", "schemas", &name]);
                self.lower_component(&name, schema, &target)
            }
            None => {
                self.error(
                    ptr,
                    format!("dangling reference {reference:?}: no such schema"),
                    "define the schema under components/schemas or fix the name",
                );
                (Ty::Json, false)
            }
        }
    }

    /// Lowers a schema in a place where it may need a name of its own (`hint`, claimed only if a
    /// type is actually defined).
    fn lower_schema(
        &mut self,
        schema: impl Into<SchemaRef<'a>>,
        hint: &str,
        ptr: &str,
    ) -> (Ty, bool) {
        match schema.into() {
            SchemaRef::Ref(reference) => self.lower_ref(reference, ptr),
            SchemaRef::Item(schema) => {
                self.lower_schema_named(schema, Slot::Hint(hint.to_owned()), ptr)
            }
        }
    }

    fn claim(&mut self, slot: Slot) -> String {
        match slot {
            Slot::Claimed(name) => name,
            Slot::Hint(hint) => self.names.claim(hint),
        }
    }

    /// Lowers a schema whose type, if it needs one, is named by `slot`.
    fn lower_schema_named(&mut self, schema: &'a Schema, slot: Slot, ptr: &str) -> (Ty, bool) {
        let data = &schema.schema_data;
        let nullable = data.nullable;
        let doc = data.description.clone().or_else(|| data.title.clone());
        let base = slot.base().to_owned();
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                if !values.is_empty() {
                    let name = self.claim(slot);
                    self.define_enum(&name, doc, &values, false);
                    self.dedupe(name)
                } else if let Some(prefix) = s.pattern.as_deref().and_then(sid_prefix) {
                    self.sids.get(prefix)
                } else {
                    match &s.format {
                        openapiv3::VariantOrUnknownOrEmpty::Item(
                            openapiv3::StringFormat::DateTime,
                        ) => Ty::DateTime,
                        openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => {
                            Ty::Date
                        }
                        _ => Ty::String,
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                let values: Vec<String> =
                    i.enumeration.iter().flatten().map(i64::to_string).collect();
                let values: Vec<&str> = values.iter().map(String::as_str).collect();
                let name = self.claim(slot);
                self.define_enum(&name, doc, &values, true);
                self.dedupe(name)
            }
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                    Ty::I32
                }
                _ => Ty::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Ty::F32,
                _ => Ty::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let (item, item_nullable) =
                        self.lower_schema(items, &format!("{base}Item"), &format!("{ptr}/items"));
                    let item = unboxed(item);
                    Ty::Vec(Box::new(if item_nullable {
                        Ty::Option(Box::new(item))
                    } else {
                        item
                    }))
                }
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                if o.properties.is_empty() {
                    match &o.additional_properties {
                        Some(AdditionalProperties::Schema(s)) => {
                            let (value, _) = self.lower_schema(
                                &**s,
                                &format!("{base}Value"),
                                &format!("{ptr}/additionalProperties"),
                            );
                            Ty::Map(Box::new(unboxed(value)))
                        }
                        _ => Ty::Json,
                    }
                } else {
                    let name = self.claim(slot);
                    let properties = o
                        .properties
                        .iter()
                        .map(|(k, v)| (k, v, format!("{ptr}/properties/{}", escape_token(k))))
                        .collect();
                    self.define_struct(&name, doc, properties, &o.required);
                    self.dedupe(name)
                }
            }
            SchemaKind::AllOf { all_of } => {
                if all_of.len() == 1 {
                    let inner_ptr = format!("{ptr}/allOf/0");
                    let (ty, inner_nullable) = match SchemaRef::from(&all_of[0]) {
                        SchemaRef::Ref(reference) => self.lower_ref(reference, &inner_ptr),
                        SchemaRef::Item(inner) => self.lower_schema_named(inner, slot, &inner_ptr),
                    };
                    return (ty, nullable || inner_nullable);
                }
                let mut properties = Vec::new();
                let mut required = Vec::new();
                for (i, part) in all_of.iter().enumerate() {
                    let part_ptr = format!("{ptr}/allOf/{i}");
                    self.collect_all_of(
                        SchemaRef::from(part),
                        &part_ptr,
                        &mut properties,
                        &mut required,
                        0,
                    );
                }
                if properties.is_empty() {
                    Ty::Json
                } else {
                    let name = self.claim(slot);
                    self.define_struct(&name, doc, properties, &required);
                    self.dedupe(name)
                }
            }
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                let name = self.claim(slot);
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.define_union(
                    &name,
                    doc,
                    list,
                    data.discriminator.as_ref(),
                    &format!("{ptr}/{keyword}"),
                );
                self.dedupe(name)
            }
            SchemaKind::Not { .. } => {
                self.error(
                    ptr,
                    "`not` schemas cannot be represented as a Rust type",
                    "describe what the value is rather than what it is not",
                );
                Ty::Json
            }
            SchemaKind::Any(any) => {
                if !any.properties.is_empty() {
                    let name = self.claim(slot);
                    let properties = any
                        .properties
                        .iter()
                        .map(|(k, v)| (k, v, format!("{ptr}/properties/{}", escape_token(k))))
                        .collect();
                    self.define_struct(&name, doc, properties, &any.required);
                    self.dedupe(name)
                } else {
                    Ty::Json
                }
            }
        };
        (ty, nullable)
    }

    fn define_enum(&mut self, name: &str, doc: Option<String>, values: &[&str], integer: bool) {
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        for value in values {
            if variants.iter().any(|v: &Variant| v.wire == *value) {
                continue;
            }
            let rust = variant_names.claim(naming::pascal(value, "Empty"));
            variants.push(Variant {
                name: rust,
                wire: (*value).to_owned(),
            });
        }
        let fallback = ["Unrecognized", "UnrecognizedValue", "Other"]
            .iter()
            .find(|n| !variant_names.contains(n))
            .map(|n| (*n).to_owned())
            .unwrap_or_else(|| variant_names.claim("Unrecognized".to_owned()));
        self.defs.insert(
            name.to_owned(),
            TypeDef::Enum(EnumDef {
                name: name.to_owned(),
                doc,
                integer,
                variants,
                fallback,
            }),
        );
    }

    fn define_struct(
        &mut self,
        name: &str,
        doc: Option<String>,
        properties: Vec<(&'a String, &'a ReferenceOr<Box<Schema>>, String)>,
        required: &[String],
    ) {
        // Insert a placeholder first so that recursive references see the name as taken.
        self.defs.insert(
            name.to_owned(),
            TypeDef::Struct(StructDef {
                name: name.to_owned(),
                doc: doc.clone(),
                fields: Vec::new(),
                constructor: false,
                page: None,
                params: None,
                form_json: false,
            }),
        );
        let mut field_names = Namespace::default();
        let mut fields = Vec::new();
        for (wire, schema, field_ptr) in properties {
            let hint = format!("{name}{}", naming::pascal(wire, "Field"));
            let (ty, nullable) = self.lower_schema(schema, &hint, &field_ptr);
            let (field_doc, read_only, write_only, nullable) = match SchemaRef::from(schema) {
                SchemaRef::Item(s) => (
                    field_doc(&s.schema_data),
                    s.schema_data.read_only,
                    s.schema_data.write_only,
                    nullable,
                ),
                SchemaRef::Ref(_) => {
                    let (sibling_nullable, description) = self.ref_siblings(&field_ptr);
                    (description, false, false, nullable || sibling_nullable)
                }
            };
            // A read-only or write-only property is absent in one direction, so it is never
            // required: the same type serves requests and responses.
            let is_required = required.iter().any(|r| r == wire) && !read_only && !write_only;
            let presence = match (is_required, nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            let rust = field_names.claim(naming::snake(wire, "field"));
            fields.push(Field {
                name: rust,
                wire: wire.clone(),
                doc: field_doc,
                ty,
                presence,
            });
        }
        if let Some(TypeDef::Struct(def)) = self.defs.get_mut(name) {
            def.fields = fields;
        }
    }

    /// Gathers the properties of an `allOf` part, following references and nested `allOf`s.
    fn collect_all_of(
        &mut self,
        part: SchemaRef<'a>,
        ptr: &str,
        properties: &mut Vec<(&'a String, &'a ReferenceOr<Box<Schema>>, String)>,
        required: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > 32 {
            self.error(
                ptr,
                "allOf references itself",
                "break the cycle: a schema cannot include itself",
            );
            return;
        }
        let (schema, at) = match part {
            SchemaRef::Item(schema) => (schema, ptr.to_owned()),
            SchemaRef::Ref(reference) => {
                let name = reference
                    .strip_prefix("#/components/schemas/")
                    .map(unescape);
                let found = name
                    .as_ref()
                    .and_then(|n| self.api.components.as_ref()?.schemas.get(n));
                match (found, name) {
                    (Some(found), Some(name)) => {
                        let at = pointer(["components", "schemas", &name]);
                        return self.collect_all_of(
                            SchemaRef::from(found),
                            &at,
                            properties,
                            required,
                            depth + 1,
                        );
                    }
                    _ => {
                        self.error(
                            ptr,
                            format!("dangling reference {reference:?}: no such schema"),
                            "define the schema under components/schemas or fix the name",
                        );
                        return;
                    }
                }
            }
        };
        let (props, req) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
            SchemaKind::Any(a) => (&a.properties, &a.required),
            SchemaKind::AllOf { all_of } => {
                for (i, inner) in all_of.iter().enumerate() {
                    self.collect_all_of(
                        SchemaRef::from(inner),
                        &format!("{at}/allOf/{i}"),
                        properties,
                        required,
                        depth + 1,
                    );
                }
                return;
            }
            _ => {
                self.error(
                    ptr,
                    "an allOf part that is not an object cannot be merged",
                    "allOf merges objects; describe a scalar with a single schema",
                );
                return;
            }
        };
        for (key, value) in props {
            if !properties.iter().any(|(k, _, _)| *k == key) {
                properties.push((key, value, format!("{at}/properties/{}", escape_token(key))));
            }
        }
        required.extend(req.iter().cloned());
    }

    fn define_union(
        &mut self,
        name: &str,
        doc: Option<String>,
        list: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a openapiv3::Discriminator>,
        ptr: &str,
    ) {
        // A placeholder first, so that recursive references see the name as taken.
        let placeholder = UnionDef {
            name: name.to_owned(),
            doc: doc.clone(),
            variants: Vec::new(),
            discriminator: None,
            fallback: String::new(),
        };
        self.defs
            .insert(name.to_owned(), TypeDef::Union(placeholder));
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        let mut tags = Vec::new();
        for (i, member) in list.iter().enumerate() {
            let member_ptr = format!("{ptr}/{i}");
            let title = match member {
                ReferenceOr::Item(s) => s.schema_data.title.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let hint = format!(
                "{name}{}",
                naming::pascal(
                    title.as_deref().unwrap_or(&format!("Variant{}", i + 1)),
                    "Variant"
                )
            );
            let (ty, _) = self.lower_schema(member, &hint, &member_ptr);
            let wanted = match (&title, &ty) {
                (Some(t), _) => naming::pascal(t, "Variant"),
                (None, Ty::Named(n) | Ty::Sid(n)) => n
                    .strip_prefix(name)
                    .filter(|r| !r.is_empty())
                    .unwrap_or(n)
                    .to_owned(),
                (None, Ty::Boxed(inner)) => match &**inner {
                    Ty::Named(n) => n.clone(),
                    _ => format!("Variant{}", i + 1),
                },
                (None, other) => variant_name_for(other).to_owned(),
            };
            let variant = names.claim(wanted);
            if let (Some(d), ReferenceOr::Reference { reference }) = (discriminator, member) {
                let mapped: Vec<String> = d
                    .mapping
                    .iter()
                    .filter(|(_, r)| *r == reference)
                    .map(|(v, _)| v.clone())
                    .collect();
                if mapped.is_empty() {
                    let component = reference
                        .rsplit('/')
                        .next()
                        .map(unescape)
                        .unwrap_or_default();
                    tags.push((component, variant.clone()));
                } else {
                    tags.extend(mapped.into_iter().map(|v| (v, variant.clone())));
                }
            }
            let json = self.json_kind(&ty);
            variants.push(UnionVariant {
                name: variant,
                ty,
                json,
            });
        }
        let fallback = ["Unrecognized", "UnrecognizedValue", "Other"]
            .iter()
            .find(|n| !names.contains(n))
            .map(|n| (*n).to_owned())
            .unwrap_or_else(|| names.claim("Unrecognized".to_owned()));
        let discriminator = discriminator.map(|d| (d.property_name.clone(), tags));
        self.defs.insert(
            name.to_owned(),
            TypeDef::Union(UnionDef {
                name: name.to_owned(),
                doc,
                variants,
                discriminator,
                fallback,
            }),
        );
    }

    fn json_kind(&self, ty: &Ty) -> JsonKind {
        match ty {
            Ty::String | Ty::Sid(_) | Ty::DateTime | Ty::Date => JsonKind::String,
            Ty::Bool => JsonKind::Bool,
            Ty::I32 | Ty::I64 => JsonKind::Integer,
            Ty::F32 | Ty::F64 => JsonKind::Number,
            Ty::Vec(_) => JsonKind::Array,
            Ty::Map(_) => JsonKind::Object,
            Ty::Json | Ty::Option(_) => JsonKind::Any,
            Ty::Boxed(inner) => self.json_kind(inner),
            Ty::Named(n) => match self.defs.get(n) {
                Some(TypeDef::Struct(_)) => JsonKind::Object,
                Some(TypeDef::Enum(e)) if e.integer => JsonKind::Integer,
                Some(TypeDef::Enum(_)) => JsonKind::String,
                Some(TypeDef::Union(_)) | None => JsonKind::Any,
            },
        }
    }

    /// An inline type identical to one defined before (same fields, values or variants; only
    /// name and description may differ) is not emitted twice: the earlier one is used. Twilio's
    /// specs repeat the same inline enum under many parents.
    fn dedupe(&mut self, name: String) -> Ty {
        if self.component_names.values().any(|c| *c == name) {
            return Ty::Named(name);
        }
        let Some(def) = self.defs.get(&name) else {
            return Ty::Named(name);
        };
        let shape = shape_of(def);
        let referenced = self
            .defs
            .values()
            .any(|d| d.name() != name && mentions(d, &name))
            || mentions(def, &name);
        if !referenced {
            let twin = self
                .inline
                .iter()
                .find(|other| self.defs.get(*other).is_some_and(|d| shape_of(d) == shape))
                .cloned();
            if let Some(twin) = twin {
                self.defs.remove(&name);
                return Ty::Named(twin);
            }
        }
        self.inline.push(name.clone());
        Ty::Named(name)
    }

    fn mark_input(&mut self, name: &str) {
        let mut stack = vec![name.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(TypeDef::Struct(def)) = self.defs.get_mut(&name) {
                def.constructor = true;
                for field in &def.fields {
                    collect_named(&field.ty, &mut stack);
                }
            }
        }
    }

    /// Every emitted item is documented: where the spec says nothing, a field borrows the first
    /// line of its type's description, and anything else says what it is.
    fn fill_docs(&mut self) {
        let summaries: BTreeMap<String, Option<String>> = self
            .defs
            .iter()
            .map(|(name, def)| {
                (
                    name.clone(),
                    def.doc()
                        .and_then(|d| d.trim().lines().next())
                        .map(str::to_owned),
                )
            })
            .collect();
        for def in self.defs.values_mut() {
            match def {
                TypeDef::Struct(s) => {
                    if s.doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
                        s.doc = Some(format!("The `{}` object.", s.name));
                    }
                    for f in &mut s.fields {
                        if f.doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
                            let mut named = Vec::new();
                            collect_named(&f.ty, &mut named);
                            let borrowed = named
                                .first()
                                .and_then(|n| summaries.get(n).cloned().flatten());
                            f.doc = Some(
                                borrowed.unwrap_or_else(|| format!("The `{}` field.", f.wire)),
                            );
                        }
                    }
                }
                TypeDef::Enum(e) => {
                    if e.doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
                        e.doc = Some(format!("The values of `{}`.", e.name));
                    }
                }
                TypeDef::Union(u) => {
                    if u.doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
                        u.doc = Some(format!("One of several shapes of `{}`.", u.name));
                    }
                }
            }
        }
    }

    fn detect_pages(&mut self) {
        let snapshot = self.defs.clone();
        for def in self.defs.values_mut() {
            let TypeDef::Struct(def) = def else { continue };
            def.page = page_def(def, &snapshot);
        }
    }

    // ---- Operations ----------------------------------------------------------------------

    fn collect_operations(&mut self) -> Vec<RawOp<'a>> {
        let api = self.api;
        let mut ops = Vec::new();
        for (path, item) in &api.paths.paths {
            let path_ptr = pointer(["paths", path]);
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
            for (method, op) in [
                ("GET", &item.get),
                ("PUT", &item.put),
                ("POST", &item.post),
                ("DELETE", &item.delete),
                ("OPTIONS", &item.options),
                ("HEAD", &item.head),
                ("PATCH", &item.patch),
                ("TRACE", &item.trace),
            ] {
                if let Some(op) = op {
                    let ptr = format!("{path_ptr}/{}", method.to_ascii_lowercase());
                    let mount_name = item
                        .extensions
                        .get("x-twilio")
                        .and_then(|x| x.get("mountName"))
                        .and_then(serde_json::Value::as_str)
                        .map(str::to_owned);
                    let servers = if op.servers.is_empty() {
                        &item.servers
                    } else {
                        &op.servers
                    };
                    ops.push(RawOp {
                        path,
                        method,
                        op,
                        path_item_params: &item.parameters,
                        servers,
                        mount_name,
                        ptr,
                    });
                }
            }
        }
        ops
    }

    fn build_tree(&mut self, raw_ops: Vec<RawOp<'a>>) -> Resource {
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut tree = TreeNode::default();
        for raw in raw_ops {
            let id = match &raw.op.operation_id {
                Some(id) => id.clone(),
                None => derived_operation_id(raw.method, raw.path),
            };
            if let Some(first) = ids.get(&id) {
                self.error(
                    &raw.ptr,
                    format!("duplicate operationId {id:?} (first used at {first})"),
                    "give every operation a unique operationId",
                );
                continue;
            }
            ids.insert(id.clone(), raw.ptr.clone());
            if let Some(op) = self.lower_operation(&raw, &id) {
                tree.insert(op);
            }
        }
        let mut handle_names = self.names.clone();
        let root_name = claim_handle(&mut handle_names, "Api");
        let root = tree.finish(
            self,
            &mut handle_names,
            root_name,
            String::new(),
            Vec::new(),
        );
        self.names = handle_names;
        root
    }

    fn lower_operation(&mut self, raw: &RawOp<'a>, id: &str) -> Option<PendingOp> {
        let op = raw.op;
        let ptr = &raw.ptr;
        let type_base = naming::pascal(id, "Operation");
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
                let Some(param) = self.resolve(p, "parameters", &p_ptr, |c, n| c.parameters.get(n))
                else {
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
        let mut query_fields = Vec::new();
        let mut query_names = Namespace::default();
        let mut page_size = None;
        let mut headers = Vec::new();
        let mut joined = Vec::new();
        for (param, p_ptr) in &params {
            let data = param.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => s,
                ParameterSchemaOrContent::Content(_) => {
                    self.error(
                        p_ptr,
                        format!("parameter {:?} uses `content`", data.name),
                        "describe the parameter with `schema`",
                    );
                    failed = true;
                    continue;
                }
            };
            let hint = format!("{type_base}{}", naming::pascal(&data.name, "Param"));
            let (ty, _) = self.lower_schema(schema, &hint, &format!("{p_ptr}/schema"));
            let ty = unboxed(ty);
            match param {
                Parameter::Path { .. } => {
                    path_params.insert(data.name.clone(), (ty, data.description.clone()));
                }
                Parameter::Query { style, .. } => {
                    let name = query_names.claim(naming::snake(&data.name, "param"));
                    if normalize(&data.name) == "pagesize" {
                        page_size = Some((
                            name.clone(),
                            schema_maximum(schema, self.api).unwrap_or(1000).max(1),
                        ));
                    }
                    let presence = if data.required {
                        Presence::Required
                    } else {
                        Presence::Optional
                    };
                    // Arrays default to `explode: true` (the key repeated); `false` joins with commas.
                    let exploded = data
                        .explode
                        .unwrap_or(matches!(style, openapiv3::QueryStyle::Form));
                    if !exploded && matches!(ty, Ty::Vec(_)) {
                        joined.push(data.name.clone());
                    }
                    query_fields.push(Field {
                        name,
                        wire: data.name.clone(),
                        doc: data.description.clone(),
                        ty,
                        presence,
                    });
                }
                Parameter::Header { .. } => {
                    let name = query_names.claim(naming::snake(&data.name, "param"));
                    let presence = if data.required {
                        Presence::Required
                    } else {
                        Presence::Optional
                    };
                    headers.push(data.name.clone());
                    query_fields.push(Field {
                        name,
                        wire: data.name.clone(),
                        doc: data.description.clone(),
                        ty,
                        presence,
                    });
                }
                Parameter::Cookie { .. } => {
                    self.error(
                        p_ptr,
                        format!("cookie parameters ({:?}) are not supported", data.name),
                        "APIs called with basic auth rarely need cookies; remove the parameter or send it with Request::headers",
                    );
                    failed = true;
                }
            }
        }

        // Path segments.
        let mut segments = Vec::new();
        for segment in raw.path.split('/').filter(|s| !s.is_empty()) {
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                match path_params.get(name) {
                    Some((ty, doc)) => {
                        segments.push(RawSegment::Param(name.to_owned(), ty.clone(), doc.clone()))
                    }
                    None => {
                        self.error(
                            ptr,
                            format!("path parameter {{{name}}} is not declared"),
                            "declare it under `parameters` with `in: path`",
                        );
                        failed = true;
                    }
                }
            } else if segment.contains('{') || segment.contains('}') {
                self.error(
                    ptr,
                    format!("path segment {segment:?} mixes text and parameters"),
                    "this generator supports whole-segment parameters such as /{Sid}",
                );
                failed = true;
            } else {
                segments.push(RawSegment::Literal(segment.to_owned()));
            }
        }

        let query = if query_fields.is_empty() {
            None
        } else {
            let name = self.names.claim(format!("{type_base}Params"));
            let what = if headers.is_empty() {
                "Query parameters"
            } else {
                "Parameters"
            };
            let def = StructDef {
                name: name.clone(),
                doc: Some(format!("{what} of `{} {}`.", raw.method, raw.path)),
                fields: query_fields.clone(),
                constructor: true,
                page: None,
                params: Some(ParamsInfo {
                    headers: headers.clone(),
                    joined,
                }),
                form_json: false,
            };
            self.defs.insert(name.clone(), TypeDef::Struct(def));
            self.inputs.insert(name.clone());
            Some(QueryDef {
                type_name: name,
                fields: query_fields,
                has_headers: !headers.is_empty(),
            })
        };

        let body = match &op.request_body {
            None => None,
            Some(body) => match self.lower_body(body, &type_base, &format!("{ptr}/requestBody")) {
                Some(body) => Some(body),
                None => {
                    failed = true;
                    None
                }
            },
        };

        let (response, accept_status) =
            self.lower_responses(&op.responses, &type_base, &format!("{ptr}/responses"));

        let document_server = https_server(&self.api.servers);
        let server = match https_server(raw.servers) {
            Some(url) if Some(&url) != document_server.as_ref() => Some(url),
            Some(_) => None,
            None if raw.servers.is_empty() => None,
            None => {
                self.error(
                    ptr,
                    format!(
                        "server URL {:?} is not an absolute https URL",
                        raw.servers[0].url
                    ),
                    "give the operation's production https URL, or leave its servers out",
                );
                failed = true;
                None
            }
        };

        if failed {
            return None;
        }
        let mut doc = String::new();
        if let Some(summary) = &op.summary {
            doc.push_str(summary.trim());
        }
        if let Some(description) = &op.description {
            let description = description.trim();
            if !description.is_empty() && Some(description) != op.summary.as_deref().map(str::trim)
            {
                if !doc.is_empty() {
                    doc.push_str("\n\n");
                }
                doc.push_str(description);
            }
        }
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&format!("`{} {}`", raw.method, raw.path));
        Some(PendingOp {
            id: id.to_owned(),
            server,
            accept_status,
            mount_name: raw.mount_name.clone(),
            derived_id: raw.op.operation_id.is_none(),
            http_method: raw.method,
            path: raw.path.to_owned(),
            doc,
            segments,
            query,
            body,
            response,
            page_size,
        })
    }

    /// The item a `ReferenceOr` stands for: itself, or the entry of `components/{section}` its
    /// reference names. A dangling reference, or one to another reference, is reported.
    fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        section: &str,
        ptr: &str,
        get: impl FnOnce(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
    ) -> Option<&'a T> {
        let reference = match item {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        let api = self.api;
        let found = reference
            .strip_prefix(prefix.as_str())
            .map(unescape)
            .and_then(|name| get(api.components.as_ref()?, &name));
        match found {
            Some(ReferenceOr::Item(item)) => Some(item),
            _ => {
                self.error(
                    ptr,
                    format!("dangling or indirect reference {reference:?}"),
                    &format!("point it at an entry of components/{section}"),
                );
                None
            }
        }
    }

    fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        type_base: &str,
        ptr: &str,
    ) -> Option<BodyDef> {
        let body = self.resolve(body, "requestBodies", ptr, |c, n| c.request_bodies.get(n))?;
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
        let mut form_fields = Vec::new();
        if encoding == BodyEncoding::Form {
            let fields = match &ty {
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
                return None;
            };
            for field in &fields {
                if !self.form_encodable(&field.ty) {
                    self.error(ptr, format!("form field {:?} has a type that cannot be written in a form (a union, or nested arrays)", field.wire), "send the body as JSON, or flatten the object");
                    return None;
                }
            }
            form_fields = fields;
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
            form_fields,
        })
    }

    /// Whether a form field of this type can be written: scalars and enums as text, arrays as
    /// repeated keys, objects and maps as JSON text under one key (as Twilio's SDKs do). Objects
    /// used so are marked to get a `ParamValue` implementation.
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

    fn lower_responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        type_base: &str,
        ptr: &str,
    ) -> (ResponseDef, Option<u16>) {
        let with_class = |class: char| -> Vec<(String, &'a ReferenceOr<Response>)> {
            let mut found: Vec<_> = responses
                .responses
                .iter()
                .map(|(code, r)| (code.to_string(), r))
                .filter(|(code, _)| code.starts_with(class))
                .collect();
            found.sort_by(|a, b| a.0.cmp(&b.0));
            found
        };
        // An operation documented only with a redirect carrying a body (Twilio's
        // `GET /v1/Deactivations` answers 307 with JSON) succeeds with that status.
        let mut success = with_class('2');
        let mut accept = None;
        if success.is_empty() {
            success = with_class('3');
            accept = success
                .first()
                .and_then(|(code, _)| code.parse::<u16>().ok());
        }
        for (code, response) in success {
            let r_ptr = format!("{ptr}/{code}");
            let Some(response) =
                self.resolve(response, "responses", &r_ptr, |c, n| c.responses.get(n))
            else {
                continue;
            };
            let media = response
                .content
                .iter()
                .find(|(k, _)| k.starts_with("application/json") || k.ends_with("+json"))
                .map(|(_, m)| m);
            if let Some(schema) = media.and_then(|m| m.schema.as_ref()) {
                let (ty, _) = self.lower_schema(
                    schema,
                    &format!("{type_base}Response"),
                    &format!("{r_ptr}/content/schema"),
                );
                return (ResponseDef::Json(unboxed(ty)), accept);
            }
        }
        (ResponseDef::Empty, accept)
    }
}

// ---- The resource tree -------------------------------------------------------------------

enum RawSegment {
    Literal(String),
    Param(String, Ty, Option<String>),
}

struct PendingOp {
    id: String,
    server: Option<String>,
    accept_status: Option<u16>,
    mount_name: Option<String>,
    /// The spec gave no operationId; `id` was derived from the method and path.
    derived_id: bool,
    http_method: &'static str,
    path: String,
    doc: String,
    segments: Vec<RawSegment>,
    query: Option<QueryDef>,
    body: Option<BodyDef>,
    response: ResponseDef,
    page_size: Option<(String, u64)>,
}

/// Splits a path into chunks of literals followed by parameters:
/// `/v1/Services/{A}/ChannelSenders/{B}` → `[Services {A}] [ChannelSenders {B}]` (a leading
/// version segment is left out: the module already says it).
fn chunks(segments: &[RawSegment]) -> Vec<(Vec<String>, Vec<usize>)> {
    let mut out: Vec<(Vec<String>, Vec<usize>)> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            RawSegment::Literal(lit) => {
                if i == 0 && is_version(lit) {
                    continue;
                }
                match out.last_mut() {
                    Some((_, params)) if params.is_empty() => {
                        out.last_mut().map(|c| c.0.push(lit.clone())).unwrap_or(())
                    }
                    _ => out.push((vec![lit.clone()], Vec::new())),
                }
            }
            RawSegment::Param(..) => match out.last_mut() {
                Some((_, params)) => params.push(i),
                None => out.push((Vec::new(), vec![i])),
            },
        }
    }
    out
}

fn is_version(lit: &str) -> bool {
    let rest = lit.strip_prefix(['v', 'V']).unwrap_or("");
    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[derive(Default)]
struct TreeNode {
    /// Literal segments naming this node, and how many parameters its accessor takes.
    key: (Vec<String>, usize),
    /// The parameters of the accessor, from the first operation that reached this node.
    params: Vec<(String, Ty, Option<String>)>,
    /// The `x-twilio` mount name of the first operation that names it.
    mount_name: Option<String>,
    children: Vec<TreeNode>,
    ops: Vec<(PendingOp, Vec<usize>)>,
}

impl TreeNode {
    fn insert(&mut self, op: PendingOp) {
        let chunks = chunks(&op.segments);
        let mut node = self;
        let last = chunks.len().saturating_sub(1);
        let mut args = Vec::new();
        for (n, (lits, params)) in chunks.into_iter().enumerate() {
            if n == last {
                // The last chunk names the resource; its parameters are the method's.
                if !lits.is_empty() {
                    node = node.child((lits, 0), &[], &op.segments);
                    if node.mount_name.is_none() {
                        node.mount_name.clone_from(&op.mount_name);
                    }
                }
                args = params;
            } else {
                node = node.child((lits, params.len()), &params, &op.segments);
            }
        }
        node.ops.push((op, args));
    }

    fn child(
        &mut self,
        key: (Vec<String>, usize),
        params: &[usize],
        segments: &[RawSegment],
    ) -> &mut TreeNode {
        let index = match self.children.iter().position(|c| c.key == key) {
            Some(i) => i,
            None => {
                let params = params
                    .iter()
                    .filter_map(|&i| match &segments[i] {
                        RawSegment::Param(name, ty, doc) => {
                            Some((name.clone(), ty.clone(), doc.clone()))
                        }
                        RawSegment::Literal(_) => None,
                    })
                    .collect();
                self.children.push(TreeNode {
                    key,
                    params,
                    mount_name: None,
                    children: Vec::new(),
                    ops: Vec::new(),
                });
                self.children.len() - 1
            }
        };
        &mut self.children[index]
    }

    fn finish(
        self,
        lowering: &mut ModuleLowering<'_>,
        handles: &mut Namespace,
        name: String,
        accessor: String,
        mut held: Vec<PathParam>,
    ) -> Resource {
        let mut field_names = Namespace::with_reserved(&["client"]);
        for h in &held {
            field_names.claim(h.name.clone());
        }
        let own: Vec<PathParam> = self
            .params
            .iter()
            .map(|(wire, ty, doc)| PathParam {
                name: field_names.claim(naming::snake(wire, "param")),
                wire: wire.clone(),
                doc: doc.clone(),
                ty: ty.clone(),
            })
            .collect();
        held.extend(own.iter().cloned());

        let mut children: Vec<TreeNode> = self.children;
        children.sort_by(|a, b| a.key.cmp(&b.key));
        let mut accessors = Namespace::with_reserved(&["client"]);
        let mut child_resources = Vec::new();
        let collections: Vec<Vec<String>> = children
            .iter()
            .filter(|c| c.key.1 == 0)
            .map(|c| c.key.0.clone())
            .collect();
        for child in children {
            let mut joined = child.key.0.join(" ");
            // A parent that is also a collection (`/Widgets` and `/Widgets/{Sid}/Parts`): the
            // accessor that takes the parameter gets the singular name, `widget(sid)`.
            if child.key.1 > 0 && collections.contains(&child.key.0) {
                joined = singular(&joined);
            }
            // Twilio's specs say how their SDKs mount a resource: use that name where given.
            if let Some(mount) = &child.mount_name {
                joined = mount.replace('_', " ");
            }
            let child_name = claim_handle(handles, &naming::pascal(&joined, "Resource"));
            let child_accessor = accessors.claim(naming::snake(&joined, "resource"));
            child_resources.push(child.finish(
                lowering,
                handles,
                child_name,
                child_accessor,
                held.clone(),
            ));
        }

        // Method names: the verb of a Twilio-style operationId (`FetchChannelSender` → `fetch`),
        // else the whole operationId in snake case.
        let mut wanted: Vec<String> = self.ops.iter().map(|(op, _)| method_name(op)).collect();
        for i in 0..wanted.len() {
            let clash = wanted.iter().filter(|w| **w == wanted[i]).count() > 1
                || accessors.contains(&wanted[i]);
            if clash {
                wanted[i] = naming::snake(&self.ops[i].0.id, "operation");
            }
        }
        let mut operations = Vec::new();
        for ((op, arg_indices), method) in self.ops.into_iter().zip(wanted) {
            let method = accessors.claim(method);
            operations.push(lowering.finish_operation(
                op,
                &arg_indices,
                method,
                &held,
                &mut accessors,
            ));
        }
        operations.sort_by(|a, b| a.method.cmp(&b.method));
        let doc = if accessor.is_empty() {
            None
        } else {
            Some(String::new())
        };
        Resource {
            name,
            accessor,
            doc,
            params: own,
            held,
            children: child_resources,
            operations,
        }
    }
}

impl ModuleLowering<'_> {
    fn finish_operation(
        &mut self,
        op: PendingOp,
        arg_indices: &[usize],
        method: String,
        held: &[PathParam],
        taken: &mut Namespace,
    ) -> Operation {
        let mut arg_names =
            Namespace::with_reserved(&["self", "body", "params", "limit", "request"]);
        let mut args = Vec::new();
        let mut segments = Vec::new();
        let mut held_iter = held.iter();
        for (i, segment) in op.segments.iter().enumerate() {
            match segment {
                RawSegment::Literal(lit) => segments.push(Segment::Literal(lit.clone())),
                RawSegment::Param(wire, ty, doc) => {
                    if arg_indices.contains(&i) {
                        let name = arg_names.claim(naming::snake(wire, "param"));
                        args.push(PathParam {
                            name: name.clone(),
                            wire: wire.clone(),
                            doc: doc.clone(),
                            ty: ty.clone(),
                        });
                        segments.push(Segment::Arg(name, ty.clone()));
                    } else if let Some(h) = held_iter.next() {
                        segments.push(Segment::Held(h.name.clone()));
                    }
                }
            }
        }
        let pagination = match &op.response {
            ResponseDef::Json(Ty::Named(page)) if op.http_method == "GET" => {
                match self.defs.get(page) {
                    Some(TypeDef::Struct(s)) => page_def(s, &self.defs).map(|p| Pagination {
                        stream_method: taken.claim(if method == "list" {
                            "stream".to_owned()
                        } else {
                            format!("{method}_stream")
                        }),
                        page_type: page.clone(),
                        item: p.item,
                        page_size: op.page_size.clone(),
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        Operation {
            operation_id: op.id,
            accept_status: op.accept_status,
            method,
            http_method: op.http_method.to_owned(),
            path: op.path,
            server: op.server,
            doc: Some(op.doc),
            segments,
            args,
            query: op.query,
            body: op.body,
            response: op.response,
            pagination,
        }
    }
}

fn claim_handle(names: &mut Namespace, wanted: &str) -> String {
    if names.contains(wanted) {
        names.claim(format!("{wanted}Resource"))
    } else {
        names.claim(wanted.to_owned())
    }
}

/// The verb of a Twilio-style operationId (`FetchChannelSender` → `fetch`); for an operation
/// without an operationId, the REST verb its method and path imply; else the operationId.
fn method_name(op: &PendingOp) -> String {
    if op.derived_id {
        let on_instance = matches!(op.segments.last(), Some(RawSegment::Param(..)));
        return match (op.http_method, on_instance) {
            ("GET", true) => "fetch".to_owned(),
            ("GET", false) => "list".to_owned(),
            ("POST", false) => "create".to_owned(),
            ("POST" | "PUT" | "PATCH", _) => "update".to_owned(),
            ("DELETE", _) => "delete".to_owned(),
            (other, _) => other.to_ascii_lowercase(),
        };
    }
    let operation_id = op.id.as_str();
    for verb in ["Create", "List", "Fetch", "Update", "Delete"] {
        if let Some(rest) = operation_id.strip_prefix(verb)
            && rest.starts_with(|c: char| c.is_ascii_uppercase())
        {
            return verb.to_ascii_lowercase();
        }
    }
    naming::snake(operation_id, "operation")
}

/// English singular of the last word, good enough for resource names (`Services` → `Service`,
/// `Entities` → `Entity`, `Addresses` → `Address`).
fn singular(words: &str) -> String {
    let (head, last) = match words.rfind(' ') {
        Some(i) => (&words[..=i], &words[i + 1..]),
        None => ("", words),
    };
    let last = if let Some(stem) = last.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = last
        .strip_suffix("sses")
        .or_else(|| last.strip_suffix("xes"))
        .or_else(|| last.strip_suffix("ches"))
        .or_else(|| last.strip_suffix("shes"))
    {
        format!("{stem}{}", &last[stem.len()..last.len() - 2])
    } else if let Some(stem) = last
        .strip_suffix('s')
        .filter(|s| !s.is_empty() && !s.ends_with(['s', 'u']))
    {
        stem.to_owned()
    } else {
        format!("{last}Item")
    };
    format!("{head}{last}")
}

fn derived_operation_id(method: &str, path: &str) -> String {
    let mut id = naming::pascal(&method.to_ascii_lowercase(), "Op");
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

fn count_ops(r: &Resource) -> usize {
    r.operations.len() + r.children.iter().map(count_ops).sum::<usize>()
}

fn page_def(def: &StructDef, defs: &BTreeMap<String, TypeDef>) -> Option<PageDef> {
    let meta = def.fields.iter().find(|f| f.wire == "meta")?;
    let Ty::Named(meta_ty) = &meta.ty else {
        return None;
    };
    let Some(TypeDef::Struct(meta_def)) = defs.get(meta_ty) else {
        return None;
    };
    let next = meta_def
        .fields
        .iter()
        .find(|f| f.wire == "next_page_url" && f.ty == Ty::String)?;
    let mut arrays = def
        .fields
        .iter()
        .filter(|f| f.wire != "meta" && matches!(f.ty, Ty::Vec(_)));
    let items = arrays.next()?;
    if arrays.next().is_some() {
        return None;
    }
    let Ty::Vec(item) = &items.ty else {
        return None;
    };
    Some(PageDef {
        meta_field: meta.name.clone(),
        meta_presence: meta.presence,
        next_field: next.name.clone(),
        next_presence: next.presence,
        items_field: items.name.clone(),
        items_wire: items.wire.clone(),
        items_presence: items.presence,
        item: (**item).clone(),
    })
}

fn collect_named(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Named(n) => out.push(n.clone()),
        Ty::Vec(t) | Ty::Map(t) | Ty::Boxed(t) | Ty::Option(t) => collect_named(t, out),
        _ => {}
    }
}

/// A reference to a type that is still being defined is boxed where it is used as a field;
/// inside a `Vec` or a map, or as a top-level type, no box is needed.
fn unboxed(ty: Ty) -> Ty {
    match ty {
        Ty::Boxed(inner) => *inner,
        other => other,
    }
}

/// The name a schema's type gets if it needs one: decided already (components), or a hint
/// claimed when the type is defined.
enum Slot {
    Claimed(String),
    Hint(String),
}

impl Slot {
    fn base(&self) -> &str {
        match self {
            Slot::Claimed(s) | Slot::Hint(s) => s,
        }
    }
}

/// A schema or a reference to one, whether or not `openapiv3` boxed it.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(s: &'a ReferenceOr<Schema>) -> Self {
        match s {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(s: &'a ReferenceOr<Box<Schema>>) -> Self {
        match s {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn schema_maximum(schema: &ReferenceOr<Schema>, _api: &OpenAPI) -> Option<u64> {
    match schema {
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Integer(i)),
            ..
        }) => i.maximum.and_then(|m| u64::try_from(m).ok()),
        _ => None,
    }
}

/// What a type is, without its name and description: two inline types with the same shape are
/// interchangeable.
fn shape_of(def: &TypeDef) -> String {
    match def {
        TypeDef::Struct(s) => format!(
            "struct {:?}",
            s.fields
                .iter()
                .map(|f| (&f.name, &f.wire, &f.ty, f.presence, &f.doc))
                .collect::<Vec<_>>()
        ),
        TypeDef::Enum(e) => format!(
            "enum {} {:?}",
            e.integer,
            e.variants
                .iter()
                .map(|v| (&v.name, &v.wire))
                .collect::<Vec<_>>()
        ),
        TypeDef::Union(u) => format!(
            "union {:?} {:?}",
            u.variants
                .iter()
                .map(|v| (&v.name, &v.ty))
                .collect::<Vec<_>>(),
            u.discriminator
        ),
    }
}

fn mentions(def: &TypeDef, name: &str) -> bool {
    let mut named = Vec::new();
    match def {
        TypeDef::Struct(s) => s
            .fields
            .iter()
            .for_each(|f| collect_named(&f.ty, &mut named)),
        TypeDef::Enum(_) => {}
        TypeDef::Union(u) => u
            .variants
            .iter()
            .for_each(|v| collect_named(&v.ty, &mut named)),
    }
    named.iter().any(|n| n == name)
}

fn variant_name_for(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "String",
        Ty::Bool => "Bool",
        Ty::I32 | Ty::I64 => "Integer",
        Ty::F32 | Ty::F64 => "Number",
        Ty::DateTime => "DateTime",
        Ty::Date => "Date",
        Ty::Json => "Value",
        Ty::Vec(_) => "Array",
        Ty::Map(_) => "Map",
        Ty::Option(_) | Ty::Named(_) | Ty::Sid(_) | Ty::Boxed(_) => "Variant",
    }
}

/// A property's description, with its default value appended when the spec gives one.
fn field_doc(data: &openapiv3::SchemaData) -> Option<String> {
    let mut doc = data
        .description
        .clone()
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty());
    let mut extra = Vec::new();
    if data.read_only {
        extra.push("Read-only: set by the server.".to_owned());
    }
    if data.write_only {
        extra.push("Write-only: never returned by the server.".to_owned());
    }
    if let Some(default) = &data.default {
        extra.push(format!(
            "Defaults to `{}`.",
            default.to_string().replace('`', "'")
        ));
    }
    if !extra.is_empty() {
        let text = extra.join(" ");
        doc = Some(match doc {
            Some(d) => format!("{d}\n\n{text}"),
            None => text,
        });
    }
    doc
}

/// The longest prefix ending in `.` that every dotted name shares (`messaging.v1.` in Twilio's
/// specs), so that `messaging.v1.service` is named `Service`.
fn dotted_prefix<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut prefix: Option<Vec<&str>> = None;
    for name in names.filter(|n| n.contains('.')) {
        let parts: Vec<&str> = name.split('.').collect();
        let parts = &parts[..parts.len() - 1];
        prefix = Some(match prefix {
            None => parts.to_vec(),
            Some(p) => p
                .iter()
                .zip(parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    match prefix {
        Some(p) if !p.is_empty() => format!("{}.", p.join(".")),
        _ => String::new(),
    }
}

/// `servers[0].url` without a trailing slash, when it is an absolute https URL.
fn https_server(servers: &[openapiv3::Server]) -> Option<String> {
    let url = servers.first()?.url.trim_end_matches('/');
    (url.starts_with("https://") && url.len() > "https://".len()).then(|| url.to_owned())
}

/// Text for one line of prose: control characters and line breaks become spaces, runs of
/// spaces one.
fn one_line(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::{dotted_prefix, singular};

    #[test]
    fn dotted_prefix_is_shared_by_all_dotted_names() {
        let names = [
            "messaging.v1.service",
            "messaging.v1.service.alpha_sender",
            "service_enum_x",
        ];
        assert_eq!(dotted_prefix(names.into_iter()), "messaging.v1.");
        assert_eq!(dotted_prefix(["a.b", "c.d"].into_iter()), "");
        assert_eq!(dotted_prefix(["plain"].into_iter()), "");
    }

    #[test]
    fn singular_of_resource_names() {
        assert_eq!(singular("Services"), "Service");
        assert_eq!(singular("Entities"), "Entity");
        assert_eq!(singular("Addresses"), "Address");
        assert_eq!(singular("Boxes"), "Box");
        assert_eq!(singular("Channels Senders"), "Channels Sender");
        assert_eq!(singular("Status"), "StatusItem");
    }
}
