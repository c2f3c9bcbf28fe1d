//! Responses: the type a successful answer decodes into.

use openapiv3::{ReferenceOr, Response, Responses};

use super::Lowering;
use super::schema::unboxed;
use crate::diag::escape_token;
use crate::ir::naming;
use crate::ir::{ResponseDef, Ty, essence, is_json};

impl<'a> Lowering<'a> {
    /// What the first 2xx response carries: JSON decoded into a type, text, or bytes (or, when
    /// the spec documents no 2xx, the first 3xx, whose status is then accepted as success; or,
    /// when it documents only `default`, that).
    pub(super) fn lower_responses(
        &mut self,
        responses: &'a Responses,
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
        // A spec that documents only `default` means it for success too.
        if success.is_empty()
            && let Some(default) = &responses.default
        {
            success.push(("default".to_owned(), default));
        }
        // Another success status documented without content (`204` beside `200`): the JSON
        // answer may not come.
        let empty_success = success.len() > 1
            && success
                .iter()
                .any(|(code, response)| code.starts_with('2') && self.response_is_empty(response));
        for (code, response) in success {
            let r_ptr = format!("{ptr}/{code}");
            let Some(response) = self.resolve(response, &r_ptr) else {
                continue;
            };
            for name in response.headers.keys() {
                if !super::is_token(name) {
                    self.error(
                        &format!("{r_ptr}/headers/{}", escape_token(name)),
                        format!("header name {name:?} is not a valid HTTP header name"),
                        "a header name is letters, digits and !#$%&'*+-.^_`|~ only",
                    );
                }
            }
            for media_type in response.content.keys().filter(|m| super::has_control(m)) {
                self.error(
                    &format!("{r_ptr}/content/{}", escape_token(media_type)),
                    format!("media type {media_type:?} holds a control character"),
                    "write a media type such as application/json",
                );
            }
            let json = response.content.iter().find(|(k, _)| is_json(k));
            if let Some((media_type, media)) = json {
                let Some(schema) = &media.schema else {
                    return (ResponseDef::Json(Ty::Json), accept);
                };
                let (ty, _) = self.lower_schema(
                    schema,
                    &naming::join(type_base, "Response"),
                    &format!("{r_ptr}/content/{}/schema", escape_token(media_type)),
                );
                let ty = unboxed(ty);
                if empty_success {
                    return (ResponseDef::JsonOrEmpty(ty), accept);
                }
                return (ResponseDef::Json(ty), accept);
            }
            // Not JSON: text as a `String`, anything else (a file, a PDF) as its bytes.
            if let Some(media_type) = response.content.keys().next() {
                let response = if essence(media_type).starts_with("text/") {
                    ResponseDef::Text
                } else {
                    ResponseDef::Bytes
                };
                return (response, accept);
            }
        }
        (ResponseDef::Empty, accept)
    }

    /// Whether a response documents no content: inline, or behind a `#/components/responses`
    /// reference (looked up quietly; a reference that does not resolve is reported where the
    /// response is lowered).
    fn response_is_empty(&self, response: &ReferenceOr<Response>) -> bool {
        let response = match response {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| self.api.components.as_ref()?.responses.get(name))
                .and_then(|r| match r {
                    ReferenceOr::Item(r) => Some(r),
                    ReferenceOr::Reference { .. } => None,
                }),
        };
        response.is_some_and(|r| r.content.is_empty())
    }
}
