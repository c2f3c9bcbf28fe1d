//! Security: the schemes of `components.securitySchemes`, and which of them each operation
//! accepts (its own `security`, else the document's).

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::Lowering;
use crate::diag::pointer;
use crate::ir::{AuthScheme, KeyLocation};

impl Lowering<'_> {
    /// The alternatives `op_security` (or the document's `security`) lists, each a set of
    /// schemes used together; `None` when neither declares any. An alternative with a scheme
    /// the client cannot send is left out with a warning; a scheme name the document does not
    /// define is an error.
    pub(super) fn operation_security(
        &mut self,
        op_security: Option<&Vec<SecurityRequirement>>,
        ptr: &str,
    ) -> Option<Vec<Vec<AuthScheme>>> {
        let (requirements, at) = match (op_security, &self.api.security) {
            (Some(own), _) => (own, format!("{ptr}/security")),
            (None, Some(document)) => (document, pointer(["security"])),
            (None, None) => return None,
        };
        let mut alternatives = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let at = format!("{at}/{i}");
            let mut schemes = Vec::new();
            let mut usable = true;
            for name in requirement.keys() {
                match self.security_scheme(name, &at) {
                    Some(Some(scheme)) => schemes.push(scheme),
                    Some(None) => usable = false,
                    None => return None,
                }
            }
            if usable {
                alternatives.push(schemes);
            }
        }
        Some(alternatives)
    }

    /// The scheme `name` as the client sends it; `Some(None)` for one it cannot send (warned
    /// about), `None` when the document does not define it (an error).
    fn security_scheme(&mut self, name: &str, at: &str) -> Option<Option<AuthScheme>> {
        let defined = self
            .api
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name));
        let scheme_ptr = pointer(["components", "securitySchemes", name]);
        let scheme = match defined {
            Some(ReferenceOr::Item(scheme)) => scheme,
            Some(ReferenceOr::Reference { .. }) => {
                self.warn(
                    &scheme_ptr,
                    format!("security scheme {name:?} is a $ref, which is not followed"),
                    "define the scheme inline",
                );
                return Some(None);
            }
            None => {
                self.error(
                    at,
                    format!("the security requirement names {name:?}, which components.securitySchemes does not define"),
                    "define the scheme under components.securitySchemes, or remove the requirement",
                );
                return None;
            }
        };
        Some(match scheme {
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                Some(AuthScheme::Basic)
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                Some(AuthScheme::Bearer)
            }
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
                Some(AuthScheme::Bearer)
            }
            SecurityScheme::APIKey {
                location,
                name: key,
                ..
            } => {
                let location = match location {
                    APIKeyLocation::Header => KeyLocation::Header,
                    APIKeyLocation::Query => KeyLocation::Query,
                    APIKeyLocation::Cookie => KeyLocation::Cookie,
                };
                if location != KeyLocation::Query && !super::is_token(key) {
                    self.warn(
                        &scheme_ptr,
                        format!("API key name {key:?} cannot be a header or cookie name"),
                        "name the key with letters, digits and !#$%&'*+-.^_`|~ only",
                    );
                    None
                } else {
                    Some(AuthScheme::ApiKey {
                        location,
                        name: key.clone(),
                    })
                }
            }
            SecurityScheme::HTTP { scheme, .. } => {
                self.warn(
                    &scheme_ptr,
                    format!("HTTP authentication scheme {scheme:?} is not sent by the client"),
                    "operations that need it are sent without it; basic and bearer are sent",
                );
                None
            }
        })
    }
}
