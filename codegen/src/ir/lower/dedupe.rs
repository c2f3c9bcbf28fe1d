//! Sharing identical inline types: an inline type with the same shape as one defined before
//! (same fields, values or variants; only name and description may differ) is not emitted
//! twice. Twilio's specs repeat the same inline enum under many parents.

use std::collections::BTreeMap;

use super::Lowering;
use crate::ir::{Discriminator, EnumRepr, Field, Ty, TypeDef, UnionVariant, Variant};

/// What a type is, without its name and description: two inline types with the same shape are
/// interchangeable. Ordered (derived), so shapes are keys of a map.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    Struct(Vec<Field>),
    Enum(EnumRepr, Vec<Variant>),
    Union(Vec<UnionVariant>, Option<Discriminator>),
}

impl Shape {
    fn of(def: &TypeDef) -> Shape {
        match def {
            TypeDef::Struct(s) => Shape::Struct(s.fields.clone()),
            TypeDef::Enum(e) => Shape::Enum(e.repr, e.variants.clone()),
            TypeDef::Union(u) => Shape::Union(u.variants.clone(), u.discriminator.clone()),
        }
    }
}

/// The inline types defined so far, by shape: the first of each shape is the one kept.
#[derive(Default)]
pub(super) struct Shapes(BTreeMap<Shape, String>);

impl Lowering<'_> {
    /// The type to use for the just-defined type `name`: an earlier inline type of the same
    /// shape (and `name` is dropped), or `name` itself. Component schemas are never shared.
    pub(super) fn dedupe(&mut self, name: String) -> Ty {
        // An inline type cannot be recursive (nothing can name it before it is returned), so
        // only components, which can, are never shared.
        if self.component_types.contains(&name) {
            return Ty::Named(name);
        }
        let Some(def) = self.defs.get(&name) else {
            return Ty::Named(name);
        };
        let shape = Shape::of(def);
        if let Some(twin) = self.inline.0.get(&shape) {
            let twin = twin.clone();
            self.defs.remove(&name);
            return Ty::Named(twin);
        }
        self.inline.0.insert(shape, name.clone());
        Ty::Named(name)
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
        assert_eq!(Shape::of(&a), Shape::of(&b));
        assert_ne!(Shape::of(&a), Shape::of(&reordered));
        assert_ne!(Shape::of(&a), Shape::of(&integer));
    }
}
