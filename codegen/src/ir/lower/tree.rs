//! The resource tree: operations mounted under handles named after their paths, and the names
//! of the handles, accessors and methods.

use std::collections::BTreeMap;

use super::Lowering;
use super::operation::{PendingOp, RawParam, RawPiece, RawSegment};
use crate::conventions::{self, Conventions};
use crate::ir::naming::{self, Namespace};
use crate::ir::{
    HttpMethod, Operation, PageSizeFill, Pagination, PathEncoding, PathParam, PathValue, Resource,
    ResponseDef, Segment, SegmentPiece, Shortcut, Ty, TypeDef, reserved,
};

/// Literal segments and the indices of the parameters that follow them.
type Chunk = (Vec<String>, Vec<usize>);

/// Splits a path into chunks of literals followed by parameters:
/// `/v1/Services/{A}/ChannelSenders/{B}` → `[Services {A}] [ChannelSenders {B}]` (a leading
/// version segment is left out when the conventions make it the module). A segment with text
/// around a parameter (`{Sid}.json`) counts as a parameter; literals lose a file extension
/// (`Messages.json` names the same resource as `Messages`).
fn chunks(segments: &[RawSegment], conventions: &Conventions) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            RawSegment::Literal(lit) => {
                if i == 0 && conventions.version_segment_is_module && conventions::is_version(lit) {
                    continue;
                }
                let lit = without_extension(lit).to_owned();
                match out.last_mut() {
                    Some((lits, params)) if params.is_empty() => lits.push(lit),
                    _ => out.push((vec![lit], Vec::new())),
                }
            }
            RawSegment::Param(_) | RawSegment::Mixed(_) => match out.last_mut() {
                Some((_, params)) => params.push(i),
                None => out.push((Vec::new(), vec![i])),
            },
        }
    }
    out
}

/// Text of RFC 3986's unreserved characters only, which no encoding changes.
fn unreserved(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// A literal segment without a file extension: `Messages.json` → `Messages`.
fn without_extension(lit: &str) -> &str {
    match lit.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => lit,
    }
}

/// A node of the tree while operations are inserted.
#[derive(Default)]
struct TreeNode {
    /// The parameters of the accessor, from the first operation that reached this node.
    params: Vec<RawParam>,
    /// The vendor's mount name of the first operation that names it.
    mount_name: Option<String>,
    /// The children by their literal segments and how many parameters their accessor takes:
    /// looked up in logarithmic time as operations are inserted (a scan made inserting a
    /// spec's paths quadratic in the resources under one parent), and visited in key order.
    children: BTreeMap<(Vec<String>, usize), TreeNode>,
    /// Operations mounted here, with the indices of the path parameters their method takes.
    ops: Vec<(PendingOp, Vec<usize>)>,
}

impl TreeNode {
    fn insert(&mut self, op: PendingOp, conventions: &Conventions) {
        let chunks = chunks(&op.segments, conventions);
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
                let count = params.iter().map(|&i| op.segments[i].params().len()).sum();
                node = node.child((lits, count), &params, &op.segments);
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
        self.children.entry(key).or_insert_with(|| TreeNode {
            params: params
                .iter()
                .flat_map(|&i| segments[i].params())
                .cloned()
                .collect(),
            ..TreeNode::default()
        })
    }
}

impl Lowering<'_> {
    /// Mounts the operations in a tree of resource handles under the module's root handle.
    pub(super) fn build_tree(&mut self, operations: Vec<PendingOp>) -> Resource {
        let mut tree = TreeNode::default();
        for op in operations {
            tree.insert(op, self.conventions);
        }
        let mut handle_names = self.names.clone();
        let root_name = claim_handle(&mut handle_names, "Api");
        let root = self.finish(
            tree,
            &mut handle_names,
            root_name,
            String::new(),
            Vec::new(),
        );
        self.names = handle_names;
        root
    }

    fn finish(
        &mut self,
        node: TreeNode,
        handles: &mut Namespace,
        name: String,
        accessor: String,
        mut held: Vec<PathParam>,
    ) -> Resource {
        let mut field_names = Namespace::with_reserved(reserved::HANDLE_FIELDS);
        for h in &held {
            field_names.claim(h.name.clone());
        }
        let own: Vec<PathParam> = node
            .params
            .iter()
            .map(|p| PathParam {
                name: field_names.claim(naming::snake(&p.wire, "param")),
                wire: p.wire.clone(),
                doc: p.doc.clone(),
                ty: p.ty.clone(),
                encoding: p.encoding,
            })
            .collect();
        held.extend(own.iter().cloned());

        let mut accessors = Namespace::with_reserved(reserved::HANDLE_METHODS);
        let mut child_resources = Vec::new();
        for ((lits, count), child) in node.children {
            let mut joined = lits.join(" ");
            // A parent reached through a parameter (`/Widgets/{Sid}/Parts`) names one item:
            // its accessor gets the singular name, `widget(sid)`. This holds whether or not
            // `/Widgets` has operations of its own, so adding a list endpoint to a spec never
            // renames the accessor that users already call.
            if self.conventions.singular_parents && count > 0 {
                joined = conventions::singular(&joined);
            }
            // The vendor's SDKs say how they mount a resource: use that name where given.
            if let Some(mount) = &child.mount_name {
                joined = mount.replace('_', " ");
            }
            let child_name = claim_handle(handles, &naming::pascal(&joined, "Resource"));
            let child_accessor = accessors.claim(naming::snake(&joined, "resource"));
            child_resources.push(self.finish(
                child,
                handles,
                child_name,
                child_accessor,
                held.clone(),
            ));
        }

        let mut wanted: Vec<String> = node
            .ops
            .iter()
            .map(|(op, _)| {
                let on_instance = op.segments.last().is_some_and(|s| !s.params().is_empty());
                method_name(
                    &op.id,
                    op.derived_id,
                    op.http,
                    on_instance,
                    self.conventions,
                )
            })
            .collect();
        // Every operation that wants a name another wants gives it up, decided from the names
        // as first wanted (renaming while counting would let the last keep it).
        let first = wanted.clone();
        for (i, want) in wanted.iter_mut().enumerate() {
            let clash =
                first.iter().filter(|w| **w == first[i]).count() > 1 || accessors.contains(want);
            if clash {
                *want = naming::snake(&node.ops[i].0.id, "operation");
            }
        }
        let mut operations = Vec::new();
        for ((op, arg_indices), method) in node.ops.into_iter().zip(wanted) {
            let method = accessors.claim(method);
            operations.push(self.finish_operation(op, &arg_indices, method, &held, &mut accessors));
        }
        operations.sort_by(|a, b| a.method.cmp(&b.method));
        let shortcuts = if accessor.is_empty() {
            self.shortcuts(&child_resources, &mut accessors)
        } else {
            Vec::new()
        };
        Resource {
            name,
            accessor,
            params: own,
            held,
            children: child_resources,
            shortcuts,
            operations,
        }
    }

    /// For a root whose child takes only the account parameter, accessors on the root to that
    /// child's children, which fill the account from the client. Names the root has already
    /// are not taken.
    fn shortcuts(&self, children: &[Resource], accessors: &mut Namespace) -> Vec<Shortcut> {
        let Some(account) = self.conventions.account_param else {
            return Vec::new();
        };
        let mut shortcuts = Vec::new();
        for child in children {
            let [param] = child.params.as_slice() else {
                continue;
            };
            // The client's account SID is text: a styled parameter cannot take it.
            if param.wire != account || param.encoding != PathEncoding::Text {
                continue;
            }
            for grandchild in &child.children {
                if accessors.contains(&grandchild.accessor) {
                    continue;
                }
                shortcuts.push(Shortcut {
                    accessor: accessors.claim(grandchild.accessor.clone()),
                    handle: grandchild.name.clone(),
                    account_field: param.name.clone(),
                    params: grandchild.params.clone(),
                });
            }
        }
        shortcuts
    }

    fn finish_operation(
        &mut self,
        op: PendingOp,
        arg_indices: &[usize],
        method: String,
        held: &[PathParam],
        taken: &mut Namespace,
    ) -> Operation {
        let mut arg_names = Namespace::with_reserved(reserved::OPERATION_ARGS);
        let mut args = Vec::new();
        let mut held_iter = held.iter();
        let mut restyled = Vec::new();
        let mut value = |i: usize, p: &RawParam| {
            if arg_indices.contains(&i) {
                let param = PathParam {
                    name: arg_names.claim(naming::snake(&p.wire, "param")),
                    wire: p.wire.clone(),
                    doc: p.doc.clone(),
                    ty: p.ty.clone(),
                    encoding: p.encoding,
                };
                args.push(param.clone());
                Some(PathValue::Arg(param))
            } else {
                let h = held_iter.next()?;
                // The handle holds the value as the first operation under it declares it.
                if h.encoding != p.encoding {
                    restyled.push(p.wire.clone());
                }
                Some(PathValue::Held(h.clone()))
            }
        };
        // A segment is given to the runtime as plain text when that is all it is; literal text
        // with characters other than unreserved ones, and parameters written in a style, are
        // built piece by piece.
        let mut segments = Vec::new();
        for (i, segment) in op.segments.iter().enumerate() {
            match segment {
                RawSegment::Literal(lit) if unreserved(lit) => {
                    segments.push(Segment::Literal(lit.clone()));
                }
                RawSegment::Literal(lit) => {
                    segments.push(Segment::Pieces(vec![SegmentPiece::Literal(lit.clone())]));
                }
                RawSegment::Param(p) => {
                    if let Some(v) = value(i, p) {
                        segments.push(if v.param().encoding == PathEncoding::Text {
                            Segment::Param(v)
                        } else {
                            Segment::Pieces(vec![SegmentPiece::Param(v)])
                        });
                    }
                }
                RawSegment::Mixed(pieces) => {
                    let pieces = pieces
                        .iter()
                        .filter_map(|piece| match piece {
                            RawPiece::Literal(lit) => Some(SegmentPiece::Literal(lit.clone())),
                            RawPiece::Param(p) => value(i, p).map(SegmentPiece::Param),
                        })
                        .collect();
                    segments.push(Segment::Pieces(pieces));
                }
            }
        }
        for wire in restyled {
            self.warn(
                &op.ptr,
                format!(
                    "path parameter {wire:?} is written as the first operation on its path declares it, not as this one does"
                ),
                "give the parameter the same `style`, `explode` and schema in every operation of the path",
            );
        }
        let pagination = self.pagination(&op, &method, taken);
        Operation {
            method,
            http: op.http,
            security: op.security,
            server: op.server,
            accept_status: op.accept_status,
            doc: op.doc,
            segments,
            trailing_slash: op.trailing_slash,
            fixed_query: op.fixed_query,
            fixed_headers: op.fixed_headers,
            args,
            params: op.params,
            body: op.body,
            response: op.response,
            pagination,
        }
    }

    /// A GET whose response is a list page gets a stream method; its page size is filled from
    /// the stream's limit when the page-size parameter is an integer.
    fn pagination(
        &self,
        op: &PendingOp,
        method: &str,
        taken: &mut Namespace,
    ) -> Option<Pagination> {
        let ResponseDef::Json(Ty::Named(page_type)) = &op.response else {
            return None;
        };
        if op.http != HttpMethod::Get {
            return None;
        }
        let Some(TypeDef::Struct(page_struct)) = self.def(page_type) else {
            return None;
        };
        let page = page_struct.page.as_ref()?;
        let page_size = op.page_size.as_ref().and_then(|(field, max)| {
            let params = self.def(&op.params.as_ref()?.type_name)?;
            let TypeDef::Struct(params) = params else {
                return None;
            };
            let ty = params.fields.iter().find(|f| &f.name == field)?.ty.clone();
            matches!(ty, Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64).then(|| PageSizeFill {
                field: field.clone(),
                ty,
                max: *max,
            })
        });
        let stream_method = if method == "list" {
            "stream".to_owned()
        } else {
            naming::join(method, "_stream")
        };
        Some(Pagination {
            stream_method: taken.claim(stream_method),
            page_type: page_type.clone(),
            item: page.item.clone(),
            page_size,
        })
    }
}

/// Claims a handle type name; one taken already gets `Resource` appended first.
fn claim_handle(names: &mut Namespace, wanted: &str) -> String {
    if names.contains(wanted) {
        names.claim(naming::join(wanted, "Resource"))
    } else {
        names.claim(wanted.to_owned())
    }
}

/// The method name of an operation: the verb of an operationId in the conventions' style
/// (`FetchChannelSender` → `fetch`); for an operation without an operationId, the REST verb its
/// method and path imply; else the operationId in snake case.
fn method_name(
    id: &str,
    derived_id: bool,
    http: HttpMethod,
    on_instance: bool,
    conventions: &Conventions,
) -> String {
    if derived_id {
        return match (http, on_instance) {
            (HttpMethod::Get, true) => "fetch".to_owned(),
            (HttpMethod::Get, false) => "list".to_owned(),
            (HttpMethod::Post, false) => "create".to_owned(),
            (HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch, _) => "update".to_owned(),
            (HttpMethod::Delete, _) => "delete".to_owned(),
            (other, _) => other.as_str().to_ascii_lowercase(),
        };
    }
    for verb in conventions.crud_verbs {
        if let Some(rest) = id.strip_prefix(verb)
            && rest.starts_with(|c: char| c.is_ascii_uppercase())
        {
            return verb.to_ascii_lowercase();
        }
    }
    naming::snake(id, "operation")
}

/// The number of operations in a resource tree.
pub(super) fn count_operations(r: &Resource) -> usize {
    r.operations.len() + r.children.iter().map(count_operations).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::{HttpMethod, method_name, without_extension};

    #[test]
    fn file_extensions_do_not_name_resources() {
        assert_eq!(without_extension("Messages.json"), "Messages");
        assert_eq!(without_extension("Messages"), "Messages");
        assert_eq!(without_extension(".json"), ".json");
        assert_eq!(without_extension("a.b-c"), "a.b-c");
    }
    use crate::conventions::Conventions;

    #[test]
    fn method_names() {
        let twilio = Conventions::twilio();
        let generic = Conventions::generic();
        let name = |id, derived, http, instance, c: &Conventions| {
            method_name(id, derived, http, instance, c)
        };
        assert_eq!(
            name("FetchChannelSender", false, HttpMethod::Get, true, &twilio),
            "fetch"
        );
        assert_eq!(
            name("ListChannelSender", false, HttpMethod::Get, false, &twilio),
            "list"
        );
        assert_eq!(
            name("Listing", false, HttpMethod::Get, false, &twilio),
            "listing"
        );
        assert_eq!(
            name("FetchChannelSender", false, HttpMethod::Get, true, &generic),
            "fetch_channel_sender"
        );
        assert_eq!(
            name("listPets", false, HttpMethod::Get, false, &generic),
            "list_pets"
        );
        assert_eq!(
            name("GetWidgetsBySid", true, HttpMethod::Get, true, &generic),
            "fetch"
        );
        assert_eq!(
            name("GetWidgets", true, HttpMethod::Get, false, &generic),
            "list"
        );
        assert_eq!(
            name("PostWidgets", true, HttpMethod::Post, false, &generic),
            "create"
        );
        assert_eq!(
            name("PutWidgetsBySid", true, HttpMethod::Put, true, &generic),
            "update"
        );
        assert_eq!(
            name(
                "DeleteWidgetsBySid",
                true,
                HttpMethod::Delete,
                true,
                &generic
            ),
            "delete"
        );
        assert_eq!(
            name("HeadWidgets", true, HttpMethod::Head, false, &generic),
            "head"
        );
    }
}
