//! Passes over the finished types of a module: which structs callers build, which are list
//! pages, the documentation of items the spec leaves undocumented, and the derives and
//! constructors that follow.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowering;
use crate::conventions::PageShape;
use crate::ir::naming::{self, Namespace};
use crate::ir::reserved;
use crate::ir::{NextLink, PageDef, Presence, StructDef, Ty, TypeDef, collect_named};

impl Lowering<'_> {
    /// Structs reachable from a request body or parameters are built by callers: they get a
    /// constructor.
    pub(super) fn mark_inputs(&mut self) {
        let mut stack: Vec<String> = self.inputs.iter().cloned().collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            match self.defs.get_mut(&name) {
                Some(TypeDef::Struct(def)) => {
                    def.constructor = true;
                    for field in &def.fields {
                        collect_named(&field.ty, &mut stack);
                    }
                }
                Some(TypeDef::Union(def)) => {
                    for variant in &def.variants {
                        collect_named(&variant.ty, &mut stack);
                    }
                }
                Some(TypeDef::Alias(def)) => stack.push(def.target.clone()),
                Some(TypeDef::Enum(_)) | None => {}
            }
        }
    }

    /// In a struct that only responses carry, null and absent mean the same to a caller: a
    /// field that may be either is a plain `Option`. Structs callers build keep the three
    /// states (absent leaves a value unchanged, null clears it). Runs after [`Self::mark_inputs`].
    pub(super) fn plain_options_in_responses(&mut self) {
        for def in self.defs.values_mut() {
            if let TypeDef::Struct(s) = def
                && !s.constructor
            {
                for field in &mut s.fields {
                    if field.presence == Presence::OptionalNullable {
                        field.presence = Presence::Optional;
                    }
                }
            }
        }
    }

    /// Marks the structs that have the conventions' list-page shape.
    pub(super) fn detect_pages(&mut self) {
        let shapes = self.conventions.pages;
        let pages: Vec<(String, PageDef)> = self
            .defs
            .values()
            .filter_map(|def| match def {
                TypeDef::Struct(s) => shapes
                    .iter()
                    .find_map(|shape| page_def(s, &self.defs, *shape))
                    .map(|p| (s.name.clone(), p)),
                _ => None,
            })
            .collect();
        for (name, page) in pages {
            if let Some(TypeDef::Struct(def)) = self.defs.get_mut(&name) {
                def.page = Some(page);
            }
        }
    }

    /// Optional fields decode leniently (the runtime's `lenient` module states the policy):
    /// what a server sends that does not fit costs that field, not the response. A page's
    /// items stay strict, so that records are never dropped unseen. Runs after
    /// [`Self::detect_pages`].
    pub(super) fn mark_lenient(&mut self) {
        for def in self.defs.values_mut() {
            if let TypeDef::Struct(s) = def {
                let items = s.page.as_ref().map(|p| p.items_field.clone());
                for field in &mut s.fields {
                    field.lenient = matches!(
                        field.presence,
                        Presence::Optional | Presence::OptionalNullable
                    ) && items.as_deref() != Some(field.name.as_str());
                }
            }
        }
    }

    /// Every emitted item is documented: where the spec says nothing, a field borrows the first
    /// line of its type's description, and anything else says what it is.
    pub(super) fn fill_docs(&mut self) {
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
        let undocumented =
            |doc: &Option<String>| doc.as_deref().is_none_or(|d| d.trim().is_empty());
        for def in self.defs.values_mut() {
            match def {
                TypeDef::Struct(s) => {
                    if undocumented(&s.doc) {
                        s.doc = Some(format!("The `{}` object.", s.name));
                    }
                    for f in &mut s.fields {
                        if undocumented(&f.doc) {
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
                    if undocumented(&e.doc) {
                        e.doc = Some(format!("The values of `{}`.", e.name));
                    }
                }
                TypeDef::Alias(a) => {
                    if undocumented(&a.doc) {
                        a.doc = Some(format!("The `{}` type.", a.name));
                    }
                }
                TypeDef::Union(u) => {
                    if undocumented(&u.doc) {
                        u.doc = Some(format!("One of several shapes of `{}`.", u.name));
                    }
                }
            }
        }
    }

    /// A struct whose fields may all be left out derives `Default` and needs no constructor.
    /// A struct callers build gets a setter per field, named after it unless the name is one
    /// of the struct's own methods (then `set_{field}`).
    pub(super) fn settle_structs(&mut self) {
        for def in self.defs.values_mut() {
            if let TypeDef::Struct(s) = def {
                let built = s.constructor;
                s.default = s.all_optional();
                s.constructor = s.constructor && !s.default;
                if built {
                    let mut methods = Namespace::with_reserved(reserved::STRUCT_METHODS);
                    s.setters = s
                        .fields
                        .iter()
                        .map(|f| {
                            let name = naming::unraw(&f.name);
                            let wanted = if methods.contains(name) {
                                format!("set_{name}")
                            } else {
                                f.name.clone()
                            };
                            (f.name.clone(), methods.claim(wanted))
                        })
                        .collect();
                }
            }
        }
    }
}

/// How `def` is a list page of `shape`: a string link to the next page where the shape says,
/// and exactly one array besides.
fn page_def(
    def: &StructDef,
    defs: &BTreeMap<String, TypeDef>,
    shape: PageShape,
) -> Option<PageDef> {
    let (next, link_field) = match shape {
        PageShape::Meta { meta, next } => {
            let meta = def.fields.iter().find(|f| f.wire == meta)?;
            let Ty::Named(meta_ty) = &meta.ty else {
                return None;
            };
            let Some(TypeDef::Struct(meta_def)) = super::dedupe::behind(defs, meta_ty) else {
                return None;
            };
            let next = meta_def
                .fields
                .iter()
                .find(|f| f.wire == next && f.ty == Ty::String)?;
            let link = NextLink::Meta {
                meta_field: meta.name.clone(),
                meta_presence: meta.presence,
                next_field: next.name.clone(),
                next_presence: next.presence,
            };
            (link, &meta.wire)
        }
        PageShape::TopLevel { next } => {
            let next = def
                .fields
                .iter()
                .find(|f| f.wire == next && f.ty == Ty::String)?;
            let link = NextLink::TopLevel {
                field: next.name.clone(),
                presence: next.presence,
            };
            (link, &next.wire)
        }
    };
    let mut arrays = def
        .fields
        .iter()
        .filter(|f| f.wire != *link_field && matches!(f.ty, Ty::Vec(_)));
    let items = arrays.next()?;
    if arrays.next().is_some() {
        return None;
    }
    let Ty::Vec(item) = &items.ty else {
        return None;
    };
    Some(PageDef {
        next,
        items_field: items.name.clone(),
        items_wire: items.wire.clone(),
        items_presence: items.presence,
        item: (**item).clone(),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::page_def;
    use crate::conventions::Conventions;
    use crate::ir::{Field, Presence, StructDef, Ty, TypeDef};

    fn field(wire: &str, ty: Ty) -> Field {
        Field {
            name: wire.to_owned(),
            wire: wire.to_owned(),
            doc: None,
            ty,
            presence: Presence::Optional,
            lenient: false,
            flatten: false,
        }
    }

    fn strukt(name: &str, fields: Vec<Field>) -> StructDef {
        StructDef {
            name: name.to_owned(),
            doc: None,
            fields,
            default: false,
            constructor: false,
            page: None,
            pairs: None,
            form_json: false,
            multipart: false,
            setters: Vec::new(),
        }
    }

    #[test]
    fn a_page_has_meta_with_a_next_url_and_one_array() {
        let shape = Conventions::twilio().pages[0];
        let meta = strukt("Meta", vec![field("next_page_url", Ty::String)]);
        let mut defs = BTreeMap::new();
        defs.insert("Meta".to_owned(), TypeDef::Struct(meta));
        let page = strukt(
            "Page",
            vec![
                field("things", Ty::Vec(Box::new(Ty::I64))),
                field("meta", Ty::Named("Meta".into())),
            ],
        );
        let found = page_def(&page, &defs, shape).expect("a page");
        assert_eq!(found.items_wire, "things");
        assert_eq!(found.item, Ty::I64);

        let two_arrays = strukt(
            "Page",
            vec![
                field("a", Ty::Vec(Box::new(Ty::I64))),
                field("b", Ty::Vec(Box::new(Ty::I64))),
                field("meta", Ty::Named("Meta".into())),
            ],
        );
        assert!(page_def(&two_arrays, &defs, shape).is_none());
        let no_meta = strukt("Page", vec![field("a", Ty::Vec(Box::new(Ty::I64)))]);
        assert!(page_def(&no_meta, &defs, shape).is_none());

        // Twilio's 2010 API: `next_page_uri` on the page itself.
        let top_level = Conventions::twilio().pages[1];
        let v2010 = strukt(
            "Page",
            vec![
                field("messages", Ty::Vec(Box::new(Ty::I64))),
                field("next_page_uri", Ty::String),
                field("page", Ty::I64),
            ],
        );
        let found = page_def(&v2010, &defs, top_level).expect("a page");
        assert_eq!(found.items_wire, "messages");
        assert!(page_def(&v2010, &defs, shape).is_none());
    }
}
