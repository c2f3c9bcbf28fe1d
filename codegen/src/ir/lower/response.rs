//! Responses: the type a successful answer decodes into.

use openapiv3::{ReferenceOr, Response, Responses};

use super::Lowering;
use super::schema::unboxed;
use crate::ir::ResponseDef;
use crate::ir::naming;

impl<'a> Lowering<'a> {
    /// The type of the first 2xx response with a JSON body (or, when the spec documents no 2xx,
    /// of the first 3xx, whose status is then accepted as success).
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
        for (code, response) in success {
            let r_ptr = format!("{ptr}/{code}");
            let Some(response) = self.resolve(response, &r_ptr) else {
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
                    &naming::join(type_base, "Response"),
                    &format!("{r_ptr}/content/schema"),
                );
                return (ResponseDef::Json(unboxed(ty)), accept);
            }
        }
        (ResponseDef::Empty, accept)
    }
}
