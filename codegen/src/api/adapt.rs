//! The one place that reads the IR: [`CrateIr`] → [`Surface`]. When the IR changes, only this
//! file needs to follow.

use super::surface::{
    Body, EnumValue, FieldSurface, Method, ModuleSurface, Param, Presence, ResourceSurface, Stream,
    Surface, TypeKind, TypeRef, TypeSurface, UnionVariant, Usage,
};
use crate::ir::{self, CrateIr};

/// The public API of the crate `krate` describes.
pub(crate) fn surface(krate: &CrateIr) -> Surface {
    fn ty(t: &ir::Ty) -> TypeRef {
        match t {
            ir::Ty::String => TypeRef::String,
            ir::Ty::Bool => TypeRef::Bool,
            ir::Ty::I32 => TypeRef::I32,
            ir::Ty::I64 => TypeRef::I64,
            ir::Ty::U32 => TypeRef::U32,
            ir::Ty::U64 => TypeRef::U64,
            ir::Ty::F32 => TypeRef::F32,
            ir::Ty::F64 => TypeRef::F64,
            ir::Ty::DateTime => TypeRef::DateTime,
            ir::Ty::Date => TypeRef::Date,
            ir::Ty::Binary => TypeRef::Binary,
            ir::Ty::Json => TypeRef::Json,
            ir::Ty::Named(n) => TypeRef::Named(n.clone()),
            ir::Ty::Sid(n) => TypeRef::Sid(n.clone()),
            ir::Ty::Vec(t) => TypeRef::Vec(Box::new(ty(t))),
            ir::Ty::Option(t) => TypeRef::Option(Box::new(ty(t))),
            ir::Ty::Map(t) => TypeRef::Map(Box::new(ty(t))),
            ir::Ty::Boxed(t) => TypeRef::Boxed(Box::new(ty(t))),
        }
    }
    fn presence(p: ir::Presence) -> Presence {
        match p {
            ir::Presence::Required => Presence::Required,
            ir::Presence::RequiredNullable => Presence::RequiredNullable,
            ir::Presence::Optional => Presence::Optional,
            ir::Presence::OptionalNullable => Presence::OptionalNullable,
        }
    }
    fn param(p: &ir::PathParam) -> Param {
        Param {
            name: p.name.clone(),
            ty: ty(&p.ty),
            doc: p.doc.clone(),
        }
    }
    fn method(op: &ir::Operation) -> Method {
        fn value(v: &ir::PathValue) -> String {
            format!("{{{}}}", v.param().name)
        }
        let mut path: String = op
            .segments
            .iter()
            .map(|s| match s {
                ir::Segment::Literal(l) => format!("/{l}"),
                ir::Segment::Param(v) => format!("/{}", value(v)),
                ir::Segment::Pieces(pieces) => {
                    let text: String = pieces
                        .iter()
                        .map(|p| match p {
                            ir::SegmentPiece::Literal(l) => l.clone(),
                            ir::SegmentPiece::Param(v) => value(v),
                        })
                        .collect();
                    format!("/{text}")
                }
            })
            .collect();
        if op.trailing_slash {
            path.push('/');
        }
        Method {
            name: op.method.clone(),
            endpoint: format!("{} {}", op.http.as_str(), path),
            doc: op.doc.clone(),
            args: op.args.iter().map(param).collect(),
            params: op.params.as_ref().map(|p| p.type_name.clone()),
            body: op.body.as_ref().map(|b| Body {
                ty: ty(&b.ty),
                required: b.required,
                encoding: match &b.encoding {
                    ir::BodyEncoding::Json(None) => "json".into(),
                    ir::BodyEncoding::Json(Some(media_type)) => format!("json ({media_type})"),
                    ir::BodyEncoding::Form => "form".into(),
                    ir::BodyEncoding::Text(media_type)
                    | ir::BodyEncoding::Bytes(media_type)
                    | ir::BodyEncoding::Multipart(media_type) => media_type.clone(),
                },
            }),
            returns: match &op.response {
                ir::ResponseDef::Empty => None,
                ir::ResponseDef::Json(t) => Some(ty(t)),
                ir::ResponseDef::JsonOrEmpty(t) => Some(TypeRef::Option(Box::new(ty(t)))),
                ir::ResponseDef::Text => Some(TypeRef::String),
                ir::ResponseDef::Bytes => Some(TypeRef::Bytes),
            },
            stream: op.pagination.as_ref().map(|p| Stream {
                name: p.stream_method.clone(),
                item: ty(&p.item),
            }),
        }
    }
    /// Walks the tree; `path` and `key` are the accessor chain so far.
    fn walk(
        r: &ir::Resource,
        path: &str,
        key: &str,
        params: &[Param],
        out: &mut Vec<ResourceSurface>,
    ) {
        if !r.operations.is_empty() {
            out.push(ResourceSurface {
                path: path.to_owned(),
                key: key.to_owned(),
                accessor_params: params.to_vec(),
                methods: r.operations.iter().map(method).collect(),
            });
        }
        for child in &r.children {
            let names: Vec<&str> = child.params.iter().map(|p| p.name.as_str()).collect();
            let blanks = vec!["_"; names.len()];
            let mut params = params.to_vec();
            params.extend(child.params.iter().map(param));
            walk(
                child,
                &format!("{path}.{}({})", child.accessor, names.join(", ")),
                &format!("{key}.{}({})", child.accessor, blanks.join(", ")),
                &params,
                out,
            );
        }
    }
    /// A type as users see it; an alias as the type it is the same as, under its own name.
    fn type_def(def: &ir::TypeDef, all: &[ir::TypeDef]) -> TypeSurface {
        if let ir::TypeDef::Alias(a) = def
            && let Some(target) = all.iter().find(|t| t.name() == a.target)
        {
            return TypeSurface {
                name: a.name.clone(),
                doc: a.doc.clone(),
                ..type_def(target, all)
            };
        }
        let (name, kind) = match def {
            ir::TypeDef::Struct(s) => (
                &s.name,
                TypeKind::Struct {
                    fields: s
                        .fields
                        .iter()
                        .map(|f| FieldSurface {
                            name: f.name.clone(),
                            wire: f.wire.clone(),
                            ty: ty(&f.ty),
                            // The map of `additionalProperties` starts empty: no caller must set it.
                            presence: if f.is_additional() {
                                presence(ir::Presence::Optional)
                            } else {
                                presence(f.presence)
                            },
                            doc: f.doc.clone(),
                        })
                        .collect(),
                    default: s.default,
                    constructor: s.constructor.then(|| {
                        s.fields
                            .iter()
                            .filter(|f| {
                                matches!(
                                    f.presence,
                                    ir::Presence::Required | ir::Presence::RequiredNullable
                                ) && !f.is_additional()
                            })
                            .map(|f| f.name.clone())
                            .collect()
                    }),
                },
            ),
            ir::TypeDef::Enum(e) => (
                &e.name,
                TypeKind::Enum {
                    integer: e.repr == ir::EnumRepr::Integer,
                    values: e
                        .variants
                        .iter()
                        .map(|v| EnumValue {
                            name: v.name.clone(),
                            wire: v.wire.clone(),
                        })
                        .collect(),
                },
            ),
            // A target always exists (an alias is made of a type defined before it).
            ir::TypeDef::Alias(a) => (
                &a.name,
                TypeKind::Struct {
                    fields: Vec::new(),
                    default: false,
                    constructor: None,
                },
            ),
            ir::TypeDef::Union(u) => (
                &u.name,
                TypeKind::Union {
                    variants: u
                        .variants
                        .iter()
                        .map(|v| UnionVariant {
                            name: v.name.clone(),
                            ty: ty(&v.ty),
                        })
                        .collect(),
                    discriminator: u.discriminator.as_ref().map(|d| d.property.clone()),
                },
            ),
        };
        TypeSurface {
            name: name.clone(),
            doc: def.doc().map(str::to_owned),
            kind,
            usage: Usage::default(),
        }
    }

    let modules = krate
        .modules
        .iter()
        .map(|m| {
            let mut resources = Vec::new();
            if m.has_operations() {
                let root = format!("{}()", m.name);
                walk(&m.root, &root, &root, &[], &mut resources);
            }
            let mut types: Vec<TypeSurface> =
                m.types.iter().map(|t| type_def(t, &m.types)).collect();
            types.sort_by(|a, b| a.name.cmp(&b.name));
            let mut module = ModuleSurface {
                name: m.name.clone(),
                doc: m.doc.clone(),
                resources,
                types,
            };
            module.compute_usage();
            module
        })
        .collect();
    Surface {
        sids: krate.sids.iter().map(|s| s.alias.clone()).collect(),
        modules,
    }
}
