//! Comparing two [`Surface`]s: what a spec update does to the Rust API, each change marked
//! breaking or compatible for code that uses the generated crate.
//!
//! Types are matched by where they are used, not only by name: the types at the same place
//! (a method's body, parameters or return type, a field of matched structs, a variant of matched
//! unions) are the same type, so a type whose name changed is one `type_renamed` change and its
//! contents are compared as usual, and every use of it compares equal.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::surface::{
    FieldSurface, Method, ModuleSurface, Param, Presence, ResourceSurface, Surface, TypeKind,
    TypeRef, TypeSurface, Usage,
};

/// What a spec update does to the Rust API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// What the old side is, e.g. `spec/ at HEAD`.
    pub old: String,
    /// What the new side is, e.g. `spec/ (working tree)`.
    pub new: String,
    /// The semver bump the changes imply.
    pub bump: Bump,
    pub breaking: usize,
    pub compatible: usize,
    /// Items whose documentation alone changed: counted, not listed.
    pub doc_changes: usize,
    /// Grouped by module, then by operation, resource or type.
    pub changes: Vec<Change>,
}

impl Report {
    /// No change at all, not even to documentation.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.doc_changes == 0
    }
}

/// One change to the Rust API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The module (`v1`), or empty for the crate root (SID types).
    pub module: String,
    pub scope: Scope,
    /// What changed, for bots: `operation_removed`, `field_added`, `parameter_made_required`,
    /// `enum_value_added`, … (see the README).
    pub kind: String,
    pub severity: Severity,
    /// What changed, for people, e.g. ``field `status: Option<Status>` added``.
    pub message: String,
}

/// Where a change is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Scope {
    /// The crate root or a whole module.
    Crate,
    /// An operation: `resource` is the accessor chain, e.g. `v2().channels_senders()`.
    Operation {
        resource: String,
        method: String,
        endpoint: String,
    },
    /// A resource handle's accessors.
    Resource { resource: String },
    /// A model and how operations use it (`request`, `response`, …).
    Type { name: String, usage: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Code that compiled against the old crate may not compile against the new one.
    Breaking,
    /// Code that compiled still compiles.
    Compatible,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
        }
    }
}

/// The semver bump a report implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    None,
    /// Documentation only.
    Patch,
    /// Additions only.
    Minor,
    /// Something breaking.
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// Compares two surfaces. `old_label` and `new_label` say what they are, for the report.
pub fn diff(old: &Surface, new: &Surface, old_label: &str, new_label: &str) -> Report {
    let mut out = Out::default();
    for sid in &old.sids {
        if !new.sids.contains(sid) {
            out.push(
                "",
                Scope::Crate,
                "sid_type_removed",
                Severity::Breaking,
                format!("SID type `{sid}` removed"),
            );
        }
    }
    for sid in &new.sids {
        if !old.sids.contains(sid) {
            out.push(
                "",
                Scope::Crate,
                "sid_type_added",
                Severity::Compatible,
                format!("SID type `{sid}` added"),
            );
        }
    }
    for m in &old.modules {
        match new.modules.iter().find(|n| n.name == m.name) {
            Some(n) => ModuleDiff::new(m, n, &mut out).run(),
            None => out.push(
                &m.name,
                Scope::Crate,
                "module_removed",
                Severity::Breaking,
                format!(
                    "module `{}` removed ({} types, {} resources)",
                    m.name,
                    m.types.len(),
                    m.resources.len()
                ),
            ),
        }
    }
    for n in &new.modules {
        if !old.modules.iter().any(|m| m.name == n.name) {
            out.push(
                &n.name,
                Scope::Crate,
                "module_added",
                Severity::Compatible,
                format!(
                    "module `{}` added ({} types, {} resources)",
                    n.name,
                    n.types.len(),
                    n.resources.len()
                ),
            );
        }
    }
    let breaking = out
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking)
        .count();
    let compatible = out.changes.len() - breaking;
    let bump = if breaking > 0 {
        Bump::Major
    } else if compatible > 0 {
        Bump::Minor
    } else if out.docs > 0 {
        Bump::Patch
    } else {
        Bump::None
    };
    Report {
        old: old_label.to_owned(),
        new: new_label.to_owned(),
        bump,
        breaking,
        compatible,
        doc_changes: out.docs,
        changes: out.changes,
    }
}

#[derive(Default)]
struct Out {
    changes: Vec<Change>,
    docs: usize,
}

impl Out {
    fn push(
        &mut self,
        module: &str,
        scope: Scope,
        kind: &str,
        severity: Severity,
        message: String,
    ) {
        self.changes.push(Change {
            module: module.to_owned(),
            scope,
            kind: kind.to_owned(),
            severity,
            message,
        });
    }

    fn doc<T: PartialEq + ?Sized>(&mut self, a: &T, b: &T) {
        if a != b {
            self.docs += 1;
        }
    }
}

/// Old type name ↔ new type name, for the types of one module.
#[derive(Default)]
struct Pairs {
    old_to_new: BTreeMap<String, String>,
    new_to_old: BTreeMap<String, String>,
}

struct ModuleDiff<'a> {
    old: &'a ModuleSurface,
    new: &'a ModuleSurface,
    old_types: BTreeMap<&'a str, &'a TypeSurface>,
    new_types: BTreeMap<&'a str, &'a TypeSurface>,
    pairs: Pairs,
    out: &'a mut Out,
    /// Changes of this module, sorted at the end: operations, resources, then types.
    changes: Vec<Change>,
}

/// Struct fields matched across versions: by Rust name, then by wire name, then (a property
/// renamed in the spec) by identical type, presence and non-empty description.
struct FieldMatch<'f> {
    matched: Vec<(&'f FieldSurface, &'f FieldSurface)>,
    removed: Vec<&'f FieldSurface>,
    added: Vec<&'f FieldSurface>,
}

impl<'a> ModuleDiff<'a> {
    fn new(old: &'a ModuleSurface, new: &'a ModuleSurface, out: &'a mut Out) -> Self {
        ModuleDiff {
            old,
            new,
            old_types: old.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            new_types: new.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            pairs: Pairs::default(),
            out,
            changes: Vec::new(),
        }
    }

    fn push(&mut self, scope: Scope, kind: &str, severity: Severity, message: String) {
        self.changes.push(Change {
            module: self.new.name.clone(),
            scope,
            kind: kind.to_owned(),
            severity,
            message,
        });
    }

    fn run(mut self) {
        self.out.doc(&self.old.doc, &self.new.doc);
        self.pair_types();
        self.compare_resources();
        self.compare_types();
        self.changes.sort_by(|a, b| a.scope.cmp(&b.scope));
        self.out.changes.append(&mut self.changes);
    }

    // ----- pairing types -------------------------------------------------------------------

    fn pair_types(&mut self) {
        let mut todo: VecDeque<(TypeRef, TypeRef)> = VecDeque::new();
        // Same name first, so a matching by position never takes a type that kept its name.
        for name in self.old_types.keys() {
            if self.new_types.contains_key(name) {
                todo.push_back((
                    TypeRef::Named(name.to_string()),
                    TypeRef::Named(name.to_string()),
                ));
            }
        }
        // Then what the methods use, in tree order.
        for (o, n) in self.matched_resources() {
            for (i, j) in o.accessor_params.iter().zip(&n.accessor_params) {
                todo.push_back((i.ty.clone(), j.ty.clone()));
            }
            for (om, nm) in matched_methods(o, n) {
                for (i, j) in om.args.iter().zip(&nm.args) {
                    todo.push_back((i.ty.clone(), j.ty.clone()));
                }
                if let (Some(i), Some(j)) = (&om.params, &nm.params) {
                    todo.push_back((TypeRef::Named(i.clone()), TypeRef::Named(j.clone())));
                }
                if let (Some(i), Some(j)) = (&om.body, &nm.body) {
                    todo.push_back((i.ty.clone(), j.ty.clone()));
                }
                if let (Some(i), Some(j)) = (&om.returns, &nm.returns) {
                    todo.push_back((i.clone(), j.clone()));
                }
                if let (Some(i), Some(j)) = (&om.stream, &nm.stream) {
                    todo.push_back((i.item.clone(), j.item.clone()));
                }
            }
        }
        while let Some((a, b)) = todo.pop_front() {
            self.unify(&a, &b, &mut todo);
        }
    }

    /// Pairs the models named at the same place of `a` (old) and `b` (new), and queues what
    /// their contents name.
    fn unify(&mut self, a: &TypeRef, b: &TypeRef, todo: &mut VecDeque<(TypeRef, TypeRef)>) {
        match (a, b) {
            (TypeRef::Boxed(a), b) => todo.push_back((a.as_ref().clone(), b.clone())),
            (a, TypeRef::Boxed(b)) => todo.push_back((a.clone(), b.as_ref().clone())),
            (TypeRef::Vec(a), TypeRef::Vec(b))
            | (TypeRef::Option(a), TypeRef::Option(b))
            | (TypeRef::Map(a), TypeRef::Map(b)) => {
                todo.push_back((a.as_ref().clone(), b.as_ref().clone()))
            }
            (TypeRef::Named(a), TypeRef::Named(b)) => {
                if self.pairs.old_to_new.contains_key(a) || self.pairs.new_to_old.contains_key(b) {
                    return;
                }
                let (Some(old), Some(new)) = (
                    self.old_types.get(a.as_str()),
                    self.new_types.get(b.as_str()),
                ) else {
                    return;
                };
                self.pairs.old_to_new.insert(a.clone(), b.clone());
                self.pairs.new_to_old.insert(b.clone(), a.clone());
                match (&old.kind, &new.kind) {
                    (TypeKind::Struct { fields: f, .. }, TypeKind::Struct { fields: g, .. }) => {
                        let m = self.match_fields(f, g);
                        for (x, y) in m.matched {
                            todo.push_back((x.ty.clone(), y.ty.clone()));
                        }
                    }
                    (TypeKind::Union { variants: v, .. }, TypeKind::Union { variants: w, .. }) => {
                        for x in v {
                            if let Some(y) = w.iter().find(|y| y.name == x.name) {
                                todo.push_back((x.ty.clone(), y.ty.clone()));
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// Whether `a` (old) and `b` (new) are the same type, models compared by pairing.
    fn same(&self, a: &TypeRef, b: &TypeRef) -> bool {
        match (a, b) {
            (TypeRef::Named(a), TypeRef::Named(b)) => self.pairs.old_to_new.get(a) == Some(b),
            (TypeRef::Vec(a), TypeRef::Vec(b))
            | (TypeRef::Option(a), TypeRef::Option(b))
            | (TypeRef::Map(a), TypeRef::Map(b))
            | (TypeRef::Boxed(a), TypeRef::Boxed(b)) => self.same(a, b),
            (a, b) => a == b,
        }
    }

    fn match_fields<'f>(&self, old: &'f [FieldSurface], new: &'f [FieldSurface]) -> FieldMatch<'f> {
        let mut matched = Vec::new();
        let mut removed: Vec<&FieldSurface> = Vec::new();
        let mut added: Vec<&FieldSurface> = new.iter().collect();
        for f in old {
            if let Some(i) = added.iter().position(|g| g.name == f.name) {
                matched.push((f, added.remove(i)));
            } else {
                removed.push(f);
            }
        }
        let mut rest = Vec::new();
        for f in removed {
            if let Some(i) = added.iter().position(|g| g.wire == f.wire) {
                matched.push((f, added.remove(i)));
            } else if let Some(i) = added.iter().position(|g| {
                g.presence == f.presence
                    && g.ty.rust() == f.ty.rust()
                    && f.doc.as_deref().is_some_and(|d| !d.trim().is_empty())
                    && g.doc == f.doc
            }) {
                matched.push((f, added.remove(i)));
            } else {
                rest.push(f);
            }
        }
        FieldMatch {
            matched,
            removed: rest,
            added,
        }
    }

    // ----- resources and operations ------------------------------------------------------

    fn matched_resources(&self) -> Vec<(&'a ResourceSurface, &'a ResourceSurface)> {
        let new = self.new;
        self.old
            .resources
            .iter()
            .filter_map(|o| {
                new.resources
                    .iter()
                    .find(|n| n.key == o.key)
                    .map(|n| (o, n))
            })
            .collect()
    }

    fn op_scope(r: &ResourceSurface, m: &Method) -> Scope {
        Scope::Operation {
            resource: r.path.clone(),
            method: m.name.clone(),
            endpoint: m.endpoint.clone(),
        }
    }

    fn compare_resources(&mut self) {
        let (old, new) = (self.old, self.new);
        for o in &old.resources {
            let Some(n) = new.resources.iter().find(|n| n.key == o.key) else {
                for m in &o.methods {
                    self.push(
                        Self::op_scope(o, m),
                        "operation_removed",
                        Severity::Breaking,
                        format!("operation removed: `{}`", signature(m)),
                    );
                }
                continue;
            };
            let params_differ = o
                .accessor_params
                .iter()
                .zip(&n.accessor_params)
                .any(|(a, b)| !self.same(&a.ty, &b.ty));
            if params_differ {
                self.push(
                    Scope::Resource {
                        resource: n.path.clone(),
                    },
                    "accessor_retyped",
                    Severity::Breaking,
                    format!(
                        "accessor arguments: ({}) → ({})",
                        params_text(&o.accessor_params),
                        params_text(&n.accessor_params)
                    ),
                );
            }
            for (a, b) in o.accessor_params.iter().zip(&n.accessor_params) {
                self.out.doc(&a.doc, &b.doc);
            }
            for m in &o.methods {
                match n.methods.iter().find(|x| x.name == m.name) {
                    Some(x) => self.compare_method(n, m, x),
                    None => self.push(
                        Self::op_scope(o, m),
                        "operation_removed",
                        Severity::Breaking,
                        format!("operation removed: `{}`", signature(m)),
                    ),
                }
            }
            for x in &n.methods {
                if !o.methods.iter().any(|m| m.name == x.name) {
                    self.push(
                        Self::op_scope(n, x),
                        "operation_added",
                        Severity::Compatible,
                        format!("operation added: `{}`", signature(x)),
                    );
                }
            }
        }
        for n in &new.resources {
            if !old.resources.iter().any(|o| o.key == n.key) {
                for x in &n.methods {
                    self.push(
                        Self::op_scope(n, x),
                        "operation_added",
                        Severity::Compatible,
                        format!("operation added: `{}`", signature(x)),
                    );
                }
            }
        }
    }

    fn compare_method(&mut self, r: &ResourceSurface, o: &Method, n: &Method) {
        let scope = Self::op_scope(r, n);
        self.out.doc(&o.doc, &n.doc);
        for (a, b) in o.args.iter().zip(&n.args) {
            self.out.doc(&a.doc, &b.doc);
        }
        let args_differ = o.args.len() != n.args.len()
            || o.args
                .iter()
                .zip(&n.args)
                .any(|(a, b)| !self.same(&a.ty, &b.ty));
        let params_differ = match (&o.params, &n.params) {
            (None, None) => false,
            (Some(a), Some(b)) => self.pairs.old_to_new.get(a) != Some(b),
            _ => true,
        };
        let body_differs = match (&o.body, &n.body) {
            (None, None) => false,
            (Some(a), Some(b)) => a.required != b.required || !self.same(&a.ty, &b.ty),
            _ => true,
        };
        if args_differ || params_differ || body_differs {
            let what: Vec<&str> = [
                (args_differ, "path arguments"),
                (params_differ, "parameters struct"),
                (body_differs, "body"),
            ]
            .iter()
            .filter(|(d, _)| *d)
            .map(|(_, w)| *w)
            .collect();
            self.push(
                scope.clone(),
                "signature_changed",
                Severity::Breaking,
                format!(
                    "signature changed ({}): `{}` → `{}`",
                    what.join(", "),
                    signature(o),
                    signature(n)
                ),
            );
        }
        let returns_differ = match (&o.returns, &n.returns) {
            (None, None) => false,
            (Some(a), Some(b)) => !self.same(a, b),
            _ => true,
        };
        if returns_differ {
            self.push(
                scope.clone(),
                "return_type_changed",
                Severity::Breaking,
                format!("returns `{}` → `{}`", returns_text(o), returns_text(n)),
            );
        }
        match (&o.stream, &n.stream) {
            (None, Some(s)) => self.push(
                scope.clone(),
                "stream_added",
                Severity::Compatible,
                format!(
                    "`{}` added: streams `{}` over every page",
                    s.name,
                    s.item.rust()
                ),
            ),
            (Some(s), None) => self.push(
                scope.clone(),
                "stream_removed",
                Severity::Breaking,
                format!("`{}` removed", s.name),
            ),
            (Some(a), Some(b)) if a.name != b.name || !self.same(&a.item, &b.item) => self.push(
                scope.clone(),
                "stream_changed",
                Severity::Breaking,
                format!(
                    "`{}` items `{}` → `{}` items `{}`",
                    a.name,
                    a.item.rust(),
                    b.name,
                    b.item.rust()
                ),
            ),
            _ => {}
        }
        let old_encoding = o.body.as_ref().map(|b| b.encoding.as_str());
        let new_encoding = n.body.as_ref().map(|b| b.encoding.as_str());
        if o.endpoint != n.endpoint
            || (old_encoding.is_some() && new_encoding.is_some() && old_encoding != new_encoding)
        {
            self.push(
                scope,
                "endpoint_changed",
                Severity::Compatible,
                format!(
                    "request changed on the wire (same Rust API): {}{} → {}{}",
                    o.endpoint,
                    old_encoding
                        .map(|e| format!(" ({e} body)"))
                        .unwrap_or_default(),
                    n.endpoint,
                    new_encoding
                        .map(|e| format!(" ({e} body)"))
                        .unwrap_or_default()
                ),
            );
        }
    }

    // ----- types -------------------------------------------------------------------------

    fn compare_types(&mut self) {
        let (old, new) = (self.old, self.new);
        for o in &old.types {
            match self.pairs.old_to_new.get(&o.name).cloned() {
                Some(n) => {
                    let n = self.new_types[n.as_str()];
                    self.compare_type(o, n);
                }
                None => {
                    // A parameters struct goes with its operation's signature.
                    if o.usage.params_of.is_empty() {
                        let scope = self.type_scope(o, &o.usage);
                        self.push(
                            scope,
                            "type_removed",
                            Severity::Breaking,
                            format!("{} `{}` removed", o.kind.label(), o.name),
                        );
                    }
                }
            }
        }
        for n in &new.types {
            if !self.pairs.new_to_old.contains_key(&n.name) && n.usage.params_of.is_empty() {
                let scope = self.type_scope(n, &n.usage);
                self.push(
                    scope,
                    "type_added",
                    Severity::Compatible,
                    format!("{} `{}` added", n.kind.label(), n.name),
                );
            }
        }
    }

    /// Where a type's changes are listed: a parameters struct under its operation, any other
    /// type under its own name.
    fn type_scope(&self, t: &TypeSurface, usage: &Usage) -> Scope {
        if let Some(op) = usage.params_of.first() {
            let (key, method) = op.rsplit_once('.').unwrap_or((op, ""));
            for r in self.new.resources.iter().chain(&self.old.resources) {
                if r.key == key
                    && let Some(m) = r.methods.iter().find(|m| m.name == method)
                {
                    return Self::op_scope(r, m);
                }
            }
        }
        Scope::Type {
            name: t.name.clone(),
            usage: usage.label().to_owned(),
        }
    }

    fn compare_type(&mut self, o: &TypeSurface, n: &TypeSurface) {
        let usage = Usage {
            request: o.usage.request || n.usage.request,
            response: o.usage.response || n.usage.response,
            params_of: n
                .usage
                .params_of
                .iter()
                .chain(&o.usage.params_of)
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        let scope = self.type_scope(n, &usage);
        let is_params = !usage.params_of.is_empty();
        // Code that builds it: a missing required field breaks it. A type no operation uses
        // gets the stricter rules of both sides.
        let built = usage.request || !usage.response;
        self.out.doc(&o.doc, &n.doc);
        if o.name != n.name {
            self.push(
                scope.clone(),
                "type_renamed",
                Severity::Breaking,
                format!(
                    "{} `{}` renamed to `{}` (same place in the API; code naming it must follow)",
                    n.kind.label(),
                    o.name,
                    n.name
                ),
            );
        }
        match (&o.kind, &n.kind) {
            (
                TypeKind::Struct {
                    fields: f,
                    default: d,
                    constructor: c,
                },
                TypeKind::Struct {
                    fields: g,
                    default: e,
                    constructor: k,
                },
            ) => {
                let subject = if is_params { "parameter" } else { "field" };
                self.compare_fields(&scope, subject, built, f, g);
                self.compare_constructors(&scope, &n.name, f, g, c.as_deref(), k.as_deref());
                if *d && !*e {
                    self.push(
                        scope,
                        "default_removed",
                        Severity::Breaking,
                        format!("`{}` no longer implements `Default`", n.name),
                    );
                }
            }
            (
                TypeKind::Enum {
                    integer: i,
                    values: v,
                },
                TypeKind::Enum {
                    integer: j,
                    values: w,
                },
            ) => {
                if i != j {
                    self.push(
                        scope.clone(),
                        "enum_repr_changed",
                        Severity::Compatible,
                        format!(
                            "values are now {} on the wire",
                            if *j { "integers" } else { "strings" }
                        ),
                    );
                }
                for x in v {
                    match w.iter().find(|y| y.wire == x.wire) {
                        None => self.push(
                            scope.clone(),
                            "enum_value_removed",
                            Severity::Breaking,
                            format!("value `{}` (`{}::{}`) removed", x.wire, o.name, x.name),
                        ),
                        Some(y) if y.name != x.name => self.push(
                            scope.clone(),
                            "enum_value_renamed",
                            Severity::Breaking,
                            format!(
                                "value `{}`: variant `{}` renamed to `{}`",
                                x.wire, x.name, y.name
                            ),
                        ),
                        Some(_) => {}
                    }
                }
                for y in w {
                    if !v.iter().any(|x| x.wire == y.wire) {
                        self.push(
                            scope.clone(),
                            "enum_value_added",
                            Severity::Compatible,
                            format!("value `{}` (`{}::{}`) added", y.wire, n.name, y.name),
                        );
                    }
                }
            }
            (
                TypeKind::Union {
                    variants: v,
                    discriminator: d,
                },
                TypeKind::Union {
                    variants: w,
                    discriminator: e,
                },
            ) => {
                for x in v {
                    match w.iter().find(|y| y.name == x.name) {
                        None => self.push(
                            scope.clone(),
                            "variant_removed",
                            Severity::Breaking,
                            format!("variant `{}({})` removed", x.name, x.ty.rust()),
                        ),
                        Some(y) if !self.same(&x.ty, &y.ty) => self.push(
                            scope.clone(),
                            "variant_retyped",
                            Severity::Breaking,
                            format!(
                                "variant `{}({})` → `{}({})`",
                                x.name,
                                x.ty.rust(),
                                y.name,
                                y.ty.rust()
                            ),
                        ),
                        Some(_) => {}
                    }
                }
                for y in w {
                    if !v.iter().any(|x| x.name == y.name) {
                        self.push(
                            scope.clone(),
                            "variant_added",
                            Severity::Compatible,
                            format!("variant `{}({})` added", y.name, y.ty.rust()),
                        );
                    }
                }
                if d != e {
                    self.push(
                        scope,
                        "discriminator_changed",
                        Severity::Compatible,
                        format!(
                            "discriminator {} → {}",
                            d.as_deref().map_or("none".into(), |p| format!("`{p}`")),
                            e.as_deref().map_or("none".into(), |p| format!("`{p}`"))
                        ),
                    );
                }
            }
            (a, b) => self.push(
                scope,
                "type_kind_changed",
                Severity::Breaking,
                format!("`{}` was a {}, is now a {}", n.name, a.label(), b.label()),
            ),
        }
    }

    /// `new(…)`: gone, or the same arguments in another order (with arguments of one type,
    /// old calls would still compile and silently swap values). Arguments added or removed
    /// are reported as required fields added or removed.
    fn compare_constructors(
        &mut self,
        scope: &Scope,
        name: &str,
        old_fields: &[FieldSurface],
        new_fields: &[FieldSurface],
        old: Option<&[String]>,
        new: Option<&[String]>,
    ) {
        match (old, new) {
            (Some(a), None) => self.push(
                scope.clone(),
                "constructor_removed",
                Severity::Breaking,
                format!("`{name}::new({})` removed", a.join(", ")),
            ),
            (Some(a), Some(b)) => {
                // Old argument names as the new struct names them (renamed fields followed).
                let m = self.match_fields(old_fields, new_fields);
                let renamed = |x: &String| {
                    m.matched
                        .iter()
                        .find(|(f, _)| &f.name == x)
                        .map(|(_, g)| g.name.clone())
                };
                let kept_old: Vec<String> = a
                    .iter()
                    .filter_map(renamed)
                    .filter(|x| b.contains(x))
                    .collect();
                let kept_new: Vec<String> =
                    b.iter().filter(|x| kept_old.contains(x)).cloned().collect();
                if kept_old != kept_new {
                    self.push(
                        scope.clone(),
                        "constructor_reordered",
                        Severity::Breaking,
                        format!(
                            "`{name}::new` takes its arguments in another order: ({}) → ({})",
                            a.join(", "),
                            b.join(", ")
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    fn compare_fields(
        &mut self,
        scope: &Scope,
        subject: &str,
        built: bool,
        old: &[FieldSurface],
        new: &[FieldSurface],
    ) {
        let m = self.match_fields(old, new);
        for f in &m.removed {
            self.push(
                scope.clone(),
                &format!("{subject}_removed"),
                Severity::Breaking,
                format!("{subject} `{}: {}` removed", f.name, f.rust()),
            );
        }
        for g in &m.added {
            let required = !g.presence.optional();
            let (severity, why) = if required && built {
                (
                    Severity::Breaking,
                    " (required: code that builds it must now set it)",
                )
            } else if required {
                (Severity::Compatible, " (required, in a response)")
            } else {
                (Severity::Compatible, "")
            };
            self.push(
                scope.clone(),
                &format!("{subject}_added"),
                severity,
                format!("{subject} `{}: {}` added{why}", g.name, g.rust()),
            );
        }
        for (f, g) in m.matched {
            self.out.doc(&f.doc, &g.doc);
            if f.name != g.name {
                self.push(
                    scope.clone(),
                    &format!("{subject}_renamed"),
                    Severity::Breaking,
                    format!("{subject} `{}` renamed to `{}`", f.name, g.name),
                );
            } else if f.wire != g.wire {
                self.push(
                    scope.clone(),
                    &format!("{subject}_wire_name_changed"),
                    Severity::Compatible,
                    format!(
                        "{subject} `{}` is `{}` on the wire, was `{}`",
                        g.name, g.wire, f.wire
                    ),
                );
            }
            if !self.same(&f.ty, &g.ty) {
                self.push(
                    scope.clone(),
                    &format!("{subject}_retyped"),
                    Severity::Breaking,
                    format!("{subject} `{}`: `{}` → `{}`", g.name, f.rust(), g.rust()),
                );
            } else if f.presence != g.presence {
                let severity = if f.presence.same_wrapper(g.presence) {
                    Severity::Compatible
                } else {
                    Severity::Breaking
                };
                let kind = match (f.presence.optional(), g.presence.optional()) {
                    (false, true) => "made_optional",
                    (true, false) => "made_required",
                    _ if g.presence.nullable() => "made_nullable",
                    _ => "made_non_nullable",
                };
                self.push(
                    scope.clone(),
                    &format!("{subject}_{kind}"),
                    severity,
                    format!(
                        "{subject} `{}` {}: `{}` → `{}`",
                        g.name,
                        presence_text(f.presence, g.presence),
                        f.rust(),
                        g.rust()
                    ),
                );
            }
        }
    }
}

/// `required → optional, nullable`.
fn presence_text(a: Presence, b: Presence) -> String {
    let words = |p: Presence| {
        format!(
            "{}{}",
            if p.optional() { "optional" } else { "required" },
            if p.nullable() { ", nullable" } else { "" }
        )
    };
    format!("{} → {}", words(a), words(b))
}

fn matched_methods<'m>(
    o: &'m ResourceSurface,
    n: &'m ResourceSurface,
) -> Vec<(&'m Method, &'m Method)> {
    o.methods
        .iter()
        .filter_map(|m| n.methods.iter().find(|x| x.name == m.name).map(|x| (m, x)))
        .collect()
}

fn params_text(params: &[Param]) -> String {
    params
        .iter()
        .map(|p| format!("{}: {}", p.name, p.ty.rust()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn returns_text(m: &Method) -> String {
    m.returns.as_ref().map_or("()".into(), TypeRef::rust)
}

/// `create(sid: SenderSid, params: ListParams, body: &Body) -> Page`.
pub fn signature(m: &Method) -> String {
    let mut args: Vec<String> = m
        .args
        .iter()
        .map(|p| format!("{}: {}", p.name, p.ty.rust()))
        .collect();
    if let Some(p) = &m.params {
        args.push(format!("params: &{p}"));
    }
    if let Some(b) = &m.body {
        args.push(if b.required {
            format!("body: &{}", b.ty.rust())
        } else {
            format!("body: Option<&{}>", b.ty.rust())
        });
    }
    format!("{}({}) -> {}", m.name, args.join(", "), returns_text(m))
}
