//! Sharing identical inline types: an inline type with the same shape as one defined before
//! (same fields, values or variants; only name and description may differ) is not emitted
//! twice. It keeps its own name, as an alias of the first (`pub type ChargeCustomer =
//! AccountCustomer;`), so that every public name depends only on the schema it names: adding
//! another schema of that shape, or taking one away, renames nothing. Twilio's specs repeat the
//! same inline enum under many parents.

use std::collections::BTreeMap;

use super::Lowering;
use crate::ir::{AliasDef, Discriminator, EnumRepr, Field, Ty, TypeDef, UnionVariant, Variant};

/// What a type is, without its name and description: two inline types with the same shape are
/// interchangeable. Ordered (derived), so shapes are keys of a map.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    Struct(Vec<Field>),
    Enum(EnumRepr, Vec<Variant>),
    Union(Vec<UnionVariant>, Option<Discriminator>),
}

impl Shape {
    /// The shape of `def`, with the types it names taken through aliases (`defs`), so that two
    /// parents whose nested types were shared are the same shape too. `None` for an alias.
    fn of(def: &TypeDef, defs: &BTreeMap<String, TypeDef>) -> Option<Shape> {
        let canonical = |ty: &Ty| canonical(ty, defs);
        Some(match def {
            TypeDef::Struct(s) => Shape::Struct(
                s.fields
                    .iter()
                    .map(|f| Field {
                        ty: canonical(&f.ty),
                        ..f.clone()
                    })
                    .collect(),
            ),
            TypeDef::Enum(e) => Shape::Enum(e.repr, e.variants.clone()),
            TypeDef::Union(u) => Shape::Union(
                u.variants
                    .iter()
                    .map(|v| UnionVariant {
                        ty: canonical(&v.ty),
                        ..v.clone()
                    })
                    .collect(),
                u.discriminator.clone(),
            ),
            TypeDef::Alias(_) => return None,
        })
    }
}

/// `ty` with every alias it names replaced by the type it is the same as.
fn canonical(ty: &Ty, defs: &BTreeMap<String, TypeDef>) -> Ty {
    let inner = |t: &Ty| Box::new(canonical(t, defs));
    match ty {
        Ty::Named(n) => Ty::Named(behind(defs, n).map_or(n.as_str(), TypeDef::name).to_owned()),
        Ty::Vec(t) => Ty::Vec(inner(t)),
        Ty::Option(t) => Ty::Option(inner(t)),
        Ty::Map(t) => Ty::Map(inner(t)),
        Ty::Boxed(t) => Ty::Boxed(inner(t)),
        other => other.clone(),
    }
}

/// The definition behind `name` in `defs`, through an alias.
pub(super) fn behind<'d>(defs: &'d BTreeMap<String, TypeDef>, name: &str) -> Option<&'d TypeDef> {
    match defs.get(name)? {
        TypeDef::Alias(a) => defs.get(&a.target),
        def => Some(def),
    }
}

/// The inline types defined so far, by shape: the first of each shape is the one defined.
#[derive(Default)]
pub(super) struct Shapes(BTreeMap<Shape, String>);

impl Lowering<'_> {
    /// The type to use for the just-defined type `name`: itself, made an alias of an earlier
    /// inline type of the same shape when there is one. Component schemas are never shared.
    pub(super) fn dedupe(&mut self, name: String) -> Ty {
        // An inline type cannot be recursive (nothing can name it before it is returned), so
        // only components, which can, are never shared.
        if self.component_types.contains(&name) {
            return Ty::Named(name);
        }
        let Some(shape) = self.defs.get(&name).and_then(|d| Shape::of(d, &self.defs)) else {
            return Ty::Named(name);
        };
        if let Some(twin) = self.inline.0.get(&shape) {
            let alias = AliasDef {
                name: name.clone(),
                doc: self
                    .defs
                    .get(&name)
                    .and_then(|d| d.doc().map(str::to_owned)),
                target: twin.clone(),
            };
            self.defs.insert(name.clone(), TypeDef::Alias(alias));
            return Ty::Named(name);
        }
        self.inline.0.insert(shape, name.clone());
        Ty::Named(name)
    }

    /// Makes the alias `name` a struct of its own, a copy of the one it is the same as: a form
    /// body's struct carries how its operation writes each field (the media type's
    /// `encoding`), which two operations sharing a shape may say differently.
    pub(super) fn unshare(&mut self, name: &str) {
        let Some(TypeDef::Alias(alias)) = self.defs.get(name) else {
            return;
        };
        let doc = alias.doc.clone();
        if let Some(TypeDef::Struct(target)) = self.defs.get(&alias.target) {
            let mut own = target.clone();
            own.name = name.to_owned();
            own.doc = doc;
            own.pairs = None;
            self.defs.insert(name.to_owned(), TypeDef::Struct(own));
        }
    }

    /// The definition behind `name`, through an alias.
    pub(super) fn def(&self, name: &str) -> Option<&TypeDef> {
        behind(&self.defs, name)
    }

    /// The definition behind `name`, through an alias, to change (it is every alias's too).
    pub(super) fn def_mut(&mut self, name: &str) -> Option<&mut TypeDef> {
        let name = match self.defs.get(name)? {
            TypeDef::Alias(a) => a.target.clone(),
            _ => name.to_owned(),
        };
        self.defs.get_mut(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::Shape;
    use crate::ir::{EnumDef, EnumRepr, TypeDef, Variant};

    fn enum_def(name: &str, doc: &str, repr: EnumRepr, values: &[&str]) -> TypeDef {
        TypeDef::Enum(EnumDef {
            name: name.into(),
            doc: Some(doc.into()),
            repr,
            variants: values
                .iter()
                .map(|v| Variant {
                    name: v.to_uppercase(),
                    wire: (*v).into(),
                })
                .collect(),
            fallback: "Unrecognized".into(),
        })
    }

    #[test]
    fn shapes_ignore_name_and_description_only() {
        let a = enum_def("A", "one", EnumRepr::String, &["x", "y"]);
        let b = enum_def("B", "two", EnumRepr::String, &["x", "y"]);
        let reordered = enum_def("C", "one", EnumRepr::String, &["y", "x"]);
        let integer = enum_def("D", "one", EnumRepr::Integer, &["x", "y"]);
        let defs = std::collections::BTreeMap::new();
        let shape = |def| Shape::of(def, &defs);
        assert_eq!(shape(&a), shape(&b));
        assert_ne!(shape(&a), shape(&reordered));
        assert_ne!(shape(&a), shape(&integer));
    }
}
