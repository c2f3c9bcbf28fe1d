//! Credentials, and how each request carries them: the security schemes an operation accepts
//! (`securitySchemes` and `security` of its spec), satisfied by the credentials the client has.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, COOKIE, HeaderName, HeaderValue};

use super::error::Error;

/// What the client authenticates with.
///
/// Twilio's: an Account SID with its Auth Token, or an API Key SID with its secret (plus the
/// Account SID the key belongs to), both sent with HTTP basic authentication. Other APIs' specs
/// name their schemes: [`Credentials::basic`], [`Credentials::bearer`] (OAuth 2 and OpenID
/// Connect too: the caller gets the token), [`Credentials::key`] for an API key, or
/// [`Credentials::none`]; [`Credentials::and`] joins two for operations that ask for several
/// schemes together (an API key and a bearer token). `Debug` shows secrets as `"***"`.
#[derive(Clone)]
pub struct Credentials {
    kind: CredentialKind,
    /// Sent beside `kind` where an operation asks for schemes together ([`Credentials::and`]).
    also: Vec<CredentialKind>,
}

#[derive(Clone)]
enum CredentialKind {
    None,
    AuthToken {
        account_sid: String,
        auth_token: String,
    },
    ApiKey {
        key_sid: String,
        secret: String,
        account_sid: String,
    },
    Basic {
        user: String,
        password: String,
    },
    Bearer(Token),
    Key {
        /// The scheme's parameter name this key is for; `None`: any API key scheme.
        name: Option<String>,
        key: String,
    },
}

/// A bearer token: fixed, or asked for on every attempt (to refresh it).
#[derive(Clone)]
enum Token {
    Fixed(String),
    Hook(Arc<dyn Fn() -> String + Send + Sync>),
}

/// A security scheme an operation accepts, from its spec's `securitySchemes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scheme {
    /// HTTP basic authentication.
    Basic,
    /// `Authorization: Bearer …` (`http` `bearer`, `oauth2`, `openIdConnect`).
    Bearer,
    /// An API key under `name`, in a header, the query string or a cookie.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl Credentials {
    /// Authenticates as the account itself: user name `account_sid`, password `auth_token`.
    pub fn auth_token(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Self {
        Credentials {
            kind: CredentialKind::AuthToken {
                account_sid: account_sid.into(),
                auth_token: auth_token.into(),
            },
            also: Vec::new(),
        }
    }

    /// Authenticates with a Twilio API key: user name `key_sid`, password `secret`.
    /// `account_sid` is the account the key belongs to.
    pub fn api_key(
        key_sid: impl Into<String>,
        secret: impl Into<String>,
        account_sid: impl Into<String>,
    ) -> Self {
        Credentials {
            kind: CredentialKind::ApiKey {
                key_sid: key_sid.into(),
                secret: secret.into(),
                account_sid: account_sid.into(),
            },
            also: Vec::new(),
        }
    }

    /// HTTP basic authentication with `user` and `password`.
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            kind: CredentialKind::Basic {
                user: user.into(),
                password: password.into(),
            },
            also: Vec::new(),
        }
    }

    /// A bearer token (`Authorization: Bearer …`), for `bearer`, `oauth2` and `openIdConnect`
    /// schemes.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credentials {
            kind: CredentialKind::Bearer(Token::Fixed(token.into())),
            also: Vec::new(),
        }
    }

    /// A bearer token asked of `token` on every attempt: the hook that refreshes it.
    pub fn bearer_with(token: impl Fn() -> String + Send + Sync + 'static) -> Self {
        Credentials {
            kind: CredentialKind::Bearer(Token::Hook(Arc::new(token))),
            also: Vec::new(),
        }
    }

    /// An API key, sent where the operation's `apiKey` scheme says (header, query or cookie).
    pub fn key(key: impl Into<String>) -> Self {
        Credentials {
            kind: CredentialKind::Key {
                name: None,
                key: key.into(),
            },
            also: Vec::new(),
        }
    }

    /// An API key for the `apiKey` scheme whose header, query parameter or cookie is `name`
    /// (compared ignoring case) only: for APIs that ask for two keys together.
    pub fn key_named(name: impl Into<String>, key: impl Into<String>) -> Self {
        Credentials {
            kind: CredentialKind::Key {
                name: Some(name.into()),
                key: key.into(),
            },
            also: Vec::new(),
        }
    }

    /// These credentials and `other` together, for operations whose `security` asks for
    /// several schemes at once (Supabase's `apikey` header with a bearer token:
    /// `Credentials::key(k).and(Credentials::bearer(t))`). Each scheme is sent with the first
    /// of them that fits it; where one alone is asked for, the first that fits is sent.
    #[must_use]
    pub fn and(mut self, other: Credentials) -> Self {
        self.also.push(other.kind);
        self.also.extend(other.also);
        self
    }

    /// Every credential held, the first one first.
    fn parts(&self) -> impl Iterator<Item = &CredentialKind> {
        std::iter::once(&self.kind).chain(&self.also)
    }

    /// No credentials: for APIs, or operations, without authentication.
    pub fn none() -> Self {
        Credentials {
            kind: CredentialKind::None,
            also: Vec::new(),
        }
    }

    /// Returns the Twilio Account SID these credentials act for (empty for other kinds).
    pub fn account_sid(&self) -> &str {
        self.parts()
            .find_map(|kind| match kind {
                CredentialKind::AuthToken { account_sid, .. }
                | CredentialKind::ApiKey { account_sid, .. } => Some(account_sid.as_str()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Which credential sends each scheme of `alternative`, if these credentials satisfy all
    /// of it. An API key scheme takes the key named for it before an unnamed one, and a key
    /// goes to one scheme only, so that no key is sent where another belongs.
    fn assign<'s>(
        &'s self,
        alternative: &'s [Scheme],
    ) -> Option<Vec<(&'s Scheme, &'s CredentialKind)>> {
        let parts: Vec<&CredentialKind> = self.parts().collect();
        let mut used = vec![false; parts.len()];
        let mut assigned = Vec::with_capacity(alternative.len());
        for scheme in alternative {
            let index = match scheme {
                Scheme::ApiKey { name, .. } => {
                    let free = |i: &usize| !used[*i];
                    let named = (0..parts.len()).filter(free).find(|i| {
                        matches!(parts[*i], CredentialKind::Key { name: Some(mine), .. }
                            if mine.eq_ignore_ascii_case(name))
                    });
                    let index = named.or_else(|| {
                        (0..parts.len())
                            .filter(free)
                            .find(|i| matches!(parts[*i], CredentialKind::Key { name: None, .. }))
                    })?;
                    used[index] = true;
                    index
                }
                _ => parts.iter().position(|kind| kind.satisfies(scheme))?,
            };
            assigned.push((scheme, parts[index]));
        }
        Some(assigned)
    }

    /// The schemes these credentials are sent with when a request names none (the spec
    /// declares no `security`): the first credential's that has one.
    fn natural(&self) -> &'static [Scheme] {
        self.parts()
            .map(CredentialKind::natural)
            .find(|schemes| !schemes.is_empty())
            .unwrap_or_default()
    }

    /// Adds the credentials to `request` as the first of `security`'s alternatives they
    /// satisfy prescribes (an empty alternative is no authentication); when none is
    /// satisfied, the request goes without, and the server answers. `None` is a request whose
    /// spec declares no security: the credentials' natural scheme.
    pub(crate) fn apply(
        &self,
        security: Option<&[&[Scheme]]>,
        request: &mut reqwest::Request,
    ) -> Result<(), Error> {
        let natural = [self.natural()];
        let alternatives = security.unwrap_or(&natural);
        let Some(assigned) = alternatives
            .iter()
            .find_map(|alternative| self.assign(alternative))
        else {
            return Ok(());
        };
        for (scheme, kind) in assigned {
            kind.add(scheme, request)?;
        }
        Ok(())
    }

    /// Reads credentials from the environment through `lookup`; see
    /// [`Client::from_env`](super::Client::from_env).
    pub(crate) fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let require = |name: &str| {
            var(name).ok_or_else(|| Error::Config(format!("missing environment variable {name}")))
        };
        match var("TWILIO_API_KEY") {
            Some(key_sid) => Ok(Credentials::api_key(
                key_sid,
                require("TWILIO_API_SECRET")?,
                require("TWILIO_ACCOUNT_SID")?,
            )),
            None => Ok(Credentials::auth_token(
                require("TWILIO_ACCOUNT_SID")?,
                require("TWILIO_AUTH_TOKEN")?,
            )),
        }
    }
}

impl CredentialKind {
    /// The user name and password, for credentials sent with HTTP basic authentication.
    fn basic_pair(&self) -> Option<(&str, &str)> {
        match self {
            CredentialKind::AuthToken {
                account_sid,
                auth_token,
            } => Some((account_sid, auth_token)),
            CredentialKind::ApiKey {
                key_sid, secret, ..
            } => Some((key_sid, secret)),
            CredentialKind::Basic { user, password } => Some((user, password)),
            _ => None,
        }
    }

    /// Whether this credential can satisfy `scheme` (API keys are matched in `assign`).
    fn satisfies(&self, scheme: &Scheme) -> bool {
        match (scheme, self) {
            (Scheme::Basic, _) => self.basic_pair().is_some(),
            (Scheme::Bearer, CredentialKind::Bearer(_)) => true,
            _ => false,
        }
    }

    /// The schemes this credential is sent with when a request names none (the spec declares
    /// no `security`): basic for a user and password, a bearer token as one; an API key has
    /// nowhere to go.
    fn natural(&self) -> &'static [Scheme] {
        match self {
            CredentialKind::AuthToken { .. }
            | CredentialKind::ApiKey { .. }
            | CredentialKind::Basic { .. } => &[Scheme::Basic],
            CredentialKind::Bearer(_) => &[Scheme::Bearer],
            CredentialKind::None | CredentialKind::Key { .. } => &[],
        }
    }

    /// Adds this credential to `request` as `scheme` prescribes.
    fn add(&self, scheme: &Scheme, request: &mut reqwest::Request) -> Result<(), Error> {
        let secret = |value: String| {
            let mut value = HeaderValue::from_str(&value).map_err(|_| {
                Error::Config("credentials hold characters a header cannot carry".to_owned())
            })?;
            value.set_sensitive(true);
            Ok::<_, Error>(value)
        };
        match (scheme, self) {
            (Scheme::Basic, _) => {
                if let Some((user, password)) = self.basic_pair() {
                    let value = basic(user, password);
                    request.headers_mut().insert(AUTHORIZATION, secret(value)?);
                }
            }
            (Scheme::Bearer, CredentialKind::Bearer(token)) => {
                let token = match token {
                    Token::Fixed(token) => token.clone(),
                    Token::Hook(hook) => hook(),
                };
                request
                    .headers_mut()
                    .insert(AUTHORIZATION, secret(format!("Bearer {token}"))?);
            }
            (Scheme::ApiKey { location, name }, CredentialKind::Key { key, .. }) => {
                match location {
                    KeyLocation::Header => {
                        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                            Error::InvalidRequest(format!("{name:?} is not a header name"))
                        })?;
                        request.headers_mut().insert(name, secret(key.clone())?);
                    }
                    KeyLocation::Query => {
                        request.url_mut().query_pairs_mut().append_pair(name, key);
                    }
                    KeyLocation::Cookie => {
                        let key =
                            percent_encoding::utf8_percent_encode(key, super::params::UNRESERVED);
                        let cookie = format!("{name}={key}");
                        let value =
                            match request.headers().get(COOKIE).and_then(|v| v.to_str().ok()) {
                                Some(existing) => format!("{existing}; {cookie}"),
                                None => cookie,
                            };
                        request.headers_mut().insert(COOKIE, secret(value)?);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// `Basic base64(user:password)`.
fn basic(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{user}:{password}");
    let mut out = String::from("Basic ");
    for chunk in input.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.also.is_empty() {
            return self.kind.fmt(f);
        }
        f.debug_list().entries(self.parts()).finish()
    }
}

impl fmt::Debug for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Credentials");
        match self {
            CredentialKind::None => out.field("kind", &"none"),
            CredentialKind::AuthToken { account_sid, .. } => out
                .field("account_sid", account_sid)
                .field("auth_token", &"***"),
            CredentialKind::ApiKey {
                key_sid,
                account_sid,
                ..
            } => out
                .field("api_key_sid", key_sid)
                .field("api_secret", &"***")
                .field("account_sid", account_sid),
            CredentialKind::Basic { user, .. } => out.field("user", user).field("password", &"***"),
            CredentialKind::Bearer(_) => out.field("bearer", &"***"),
            CredentialKind::Key { name: None, .. } => out.field("key", &"***"),
            CredentialKind::Key {
                name: Some(name), ..
            } => out.field("key_name", name).field("key", &"***"),
        };
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{Credentials, KeyLocation, Scheme, basic};

    fn request(url: &str) -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap())
    }

    fn header(request: &reqwest::Request, name: &str) -> Option<String> {
        request
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    #[test]
    fn basic_is_rfc_7617() {
        // RFC 7617's example, and every padding length.
        assert_eq!(
            basic("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic("a", "b"), "Basic YTpi");
        assert_eq!(basic("ab", "c"), "Basic YWI6Yw==");
        assert_eq!(basic("ab", "cd"), "Basic YWI6Y2Q=");
    }

    #[test]
    fn the_first_satisfied_alternative_is_applied() {
        let key = Credentials::key("k-SECRET");
        let query = Scheme::ApiKey {
            location: KeyLocation::Query,
            name: "api_key",
        };
        let mut r = request("https://x.example/a?b=1");
        key.apply(Some(&[&[Scheme::Bearer], &[query]]), &mut r)
            .unwrap();
        assert_eq!(r.url().as_str(), "https://x.example/a?b=1&api_key=k-SECRET");
        assert_eq!(header(&r, "authorization"), None);

        let cookie = Scheme::ApiKey {
            location: KeyLocation::Cookie,
            name: "session",
        };
        let mut r = request("https://x.example/a");
        key.apply(Some(&[&[cookie]]), &mut r).unwrap();
        assert_eq!(header(&r, "cookie").as_deref(), Some("session=k-SECRET"));

        let mut r = request("https://x.example/a");
        Credentials::bearer_with(|| "fresh".to_owned())
            .apply(Some(&[&[Scheme::Basic], &[Scheme::Bearer]]), &mut r)
            .unwrap();
        assert_eq!(header(&r, "authorization").as_deref(), Some("Bearer fresh"));
        assert!(r.headers()["authorization"].is_sensitive());
    }

    #[test]
    fn schemes_asked_for_together_are_sent_together() {
        let apikey = Scheme::ApiKey {
            location: KeyLocation::Header,
            name: "apikey",
        };
        let app = Scheme::ApiKey {
            location: KeyLocation::Query,
            name: "app_id",
        };
        let both = Credentials::key_named("apikey", "k-SECRET")
            .and(Credentials::key_named("APP_ID", "a1"))
            .and(Credentials::bearer("t-SECRET"));
        let mut r = request("https://x.example/a");
        both.apply(Some(&[&[apikey, Scheme::Bearer, app]]), &mut r)
            .unwrap();
        assert_eq!(header(&r, "apikey").as_deref(), Some("k-SECRET"));
        assert_eq!(
            header(&r, "authorization").as_deref(),
            Some("Bearer t-SECRET")
        );
        assert_eq!(r.url().as_str(), "https://x.example/a?app_id=a1");
        // One credential alone cannot satisfy both: the request goes without, as before.
        let mut r = request("https://x.example/a");
        Credentials::bearer("t")
            .apply(Some(&[&[apikey, Scheme::Bearer]]), &mut r)
            .unwrap();
        assert_eq!(header(&r, "authorization"), None);
        // A named key fits its scheme only.
        let mut r = request("https://x.example/a");
        Credentials::key_named("other", "k")
            .apply(Some(&[&[apikey]]), &mut r)
            .unwrap();
        assert_eq!(header(&r, "apikey"), None);
        assert!(!format!("{both:?}").contains("SECRET"), "{both:?}");
        // An unnamed key does not take the place of a named one: each goes where it belongs.
        let one = Scheme::ApiKey {
            location: KeyLocation::Header,
            name: "X-Key-One",
        };
        let two = Scheme::ApiKey {
            location: KeyLocation::Query,
            name: "key_two",
        };
        let keys = Credentials::key("k1-SECRET").and(Credentials::key_named("key_two", "k2"));
        let mut r = request("https://x.example/a");
        keys.apply(Some(&[&[one, two]]), &mut r).unwrap();
        assert_eq!(header(&r, "x-key-one").as_deref(), Some("k1-SECRET"));
        assert_eq!(r.url().as_str(), "https://x.example/a?key_two=k2");
        // No security declared: the first credential that has a way to go.
        let mut r = request("https://x.example/a");
        Credentials::key("k")
            .and(Credentials::bearer("t"))
            .apply(None, &mut r)
            .unwrap();
        assert_eq!(header(&r, "authorization").as_deref(), Some("Bearer t"));
    }

    #[test]
    fn nothing_is_sent_where_nothing_is_asked_or_nothing_fits() {
        let token = Credentials::auth_token("AC1", "t");
        // `security: []`.
        let mut r = request("https://x.example/a");
        token.apply(Some(&[]), &mut r).unwrap();
        assert_eq!(header(&r, "authorization"), None);
        // An optional alternative (`{}`) after one these credentials do not fit.
        let mut r = request("https://x.example/a");
        token
            .apply(Some(&[&[Scheme::Bearer], &[]]), &mut r)
            .unwrap();
        assert_eq!(header(&r, "authorization"), None);
        // No security declared: the credentials' own scheme.
        let mut r = request("https://x.example/a");
        token.apply(None, &mut r).unwrap();
        assert_eq!(
            header(&r, "authorization").as_deref(),
            Some("Basic QUMxOnQ=")
        );
    }

    #[test]
    fn debug_never_shows_a_secret() {
        for credentials in [
            Credentials::basic("u", "pw-SECRET"),
            Credentials::bearer("tok-SECRET"),
            Credentials::key("key-SECRET"),
            Credentials::api_key("SK1", "sec-SECRET", "AC1"),
        ] {
            assert!(
                !format!("{credentials:?}").contains("SECRET"),
                "{credentials:?}"
            );
        }
    }
}
