//! Validation of the requests Twilio sends to webhook and status callback URLs.
//!
//! Twilio signs every request it makes to a callback URL with the account's Auth Token and puts
//! the signature in the [`SIGNATURE_HEADER`] (`X-Twilio-Signature`) header:
//!
//! - **Form requests** (`application/x-www-form-urlencoded`, most callbacks): the signature is
//!   base64(HMAC-SHA1(auth token, full URL + each POST parameter's name immediately followed by
//!   its value, sorted by name)). Check them with [`RequestValidator::validate`].
//! - **JSON requests**: the URL carries a `bodySHA256` query parameter with the hex SHA-256 digest
//!   of the body, and the signature is the HMAC of the URL alone. Check them with
//!   [`RequestValidator::validate_body`], which also checks the digest against the body.
//!
//! The URL must be the one Twilio requested, exactly as configured on the sender or message
//! (scheme, host, path and query string): behind a proxy or load balancer, rebuild it from the
//! public URL, not from the address the server listens on. As Twilio's SDKs do, the validator
//! accepts a signature made over the URL with or without its port.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The header that carries Twilio's signature of a webhook request.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// The query parameter of a JSON webhook request that carries the body's SHA-256 hex digest.
const BODY_SHA256_PARAM: &str = "bodySHA256";

/// The length of a SHA-1 HMAC in bytes.
const SIGNATURE_LEN: usize = 20;

/// Checks the `X-Twilio-Signature` of requests Twilio sends to webhook URLs.
///
/// Create one per Auth Token (it is cheap to clone and can be shared between threads) and call
/// [`validate`](Self::validate) for form requests or [`validate_body`](Self::validate_body) for
/// JSON requests. Both return `false` for anything that is not a valid signature of exactly that
/// request: a signature that is not 20 bytes of base64, another URL, another parameter or value,
/// another body. Signatures are compared in constant time. `Debug` never shows the token.
///
/// ```
/// # use openapi_client_runtime::RequestValidator;
/// let validator = RequestValidator::new("12345");
/// let params = [
///     ("CallSid", "CA1234567890ABCDE"),
///     ("Caller", "+12349013030"),
///     ("Digits", "1234"),
///     ("From", "+12349013030"),
///     ("To", "+18005551212"),
/// ];
/// let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
/// assert!(validator.validate(url, &params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
/// assert!(!validator.validate(url, &params[1..], "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
/// ```
///
/// An empty Auth Token validates nothing: anyone can compute an HMAC with an empty key, so a
/// token missing from the configuration must not turn every forged request into a valid one.
#[derive(Clone)]
pub struct RequestValidator {
    /// The HMAC keyed with the Auth Token, cloned for each signature; `None` for an empty token.
    mac: Option<Hmac<Sha1>>,
}

impl RequestValidator {
    /// Creates a validator for the account whose Auth Token is `auth_token` (the primary token;
    /// during a token rotation, check with a validator for each token).
    pub fn new(auth_token: impl AsRef<str>) -> Self {
        let token = auth_token.as_ref().as_bytes();
        let mac = if token.is_empty() {
            None
        } else {
            // HMAC takes keys of any length.
            Hmac::<Sha1>::new_from_slice(token).ok()
        };
        RequestValidator { mac }
    }

    /// Returns whether `signature` (the `X-Twilio-Signature` header) is Twilio's signature of a
    /// request to `url` with the form parameters `params`.
    ///
    /// `url` is the full URL Twilio requested, query string included; `params` are the
    /// parameters of the form body only (not those of the query string, which the URL already
    /// covers), decoded, in any order. For a GET request, or a POST without a body, pass no
    /// parameters (`&[] as &[(&str, &str)]`). Names and values may be any string type; a map
    /// becomes a slice with `map.iter().collect::<Vec<_>>()`.
    ///
    /// Parameters are sorted by name, then by value, and a pair given twice counts once, as in
    /// Twilio's Python and PHP SDKs. The URL is tried as given and with its port removed (when it
    /// has one) or the scheme's default port added (when it has none).
    pub fn validate<K, V>(&self, url: &str, params: &[(K, V)], signature: &str) -> bool
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let Some(expected) = decode_signature(signature) else {
            return false;
        };
        let params = sorted_params(params);
        self.matches_any_port(url, &params, &expected)
    }

    /// Returns whether `signature` (the `X-Twilio-Signature` header) is Twilio's signature of a
    /// JSON request to `url` with the raw body `body`.
    ///
    /// Twilio adds a `bodySHA256` query parameter to the URL of such requests and signs the URL
    /// alone; this checks that signature (with the same port variants as
    /// [`validate`](Self::validate)) and that the body's SHA-256 hex digest equals the
    /// parameter, so the body is covered too. `body` must be the bytes as received, before any
    /// parsing. Returns `false` when the URL has no `bodySHA256` parameter, or more than one: a
    /// form request is checked with [`validate`](Self::validate) instead.
    pub fn validate_body(&self, url: &str, body: &[u8], signature: &str) -> bool {
        let Some(expected) = decode_signature(signature) else {
            return false;
        };
        let Some(claimed) = body_sha256_param(url) else {
            return false;
        };
        let digest = body_sha256(body);
        let body_matches: bool = digest.as_bytes().ct_eq(claimed.as_bytes()).into();
        let signature_matches = self.matches_any_port(url, &[], &expected);
        body_matches & signature_matches
    }

    /// Computes the signature Twilio sends for a request to `url` with the form parameters
    /// `params` (none for a JSON or GET request), for example to sign requests in
    /// the tests of a webhook handler. The URL is used exactly as given.
    ///
    /// Returns an empty string when the validator's Auth Token is empty.
    pub fn compute_signature<K, V>(&self, url: &str, params: &[(K, V)]) -> String
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        match self.sign(url, &sorted_params(params)) {
            Some(mac) => BASE64.encode(mac),
            None => String::new(),
        }
    }

    /// Whether `expected` is the HMAC of `url` with `params` for any port variant of the URL.
    /// Every variant is computed, so the time taken does not depend on which one matched.
    fn matches_any_port(&self, url: &str, params: &[(String, String)], expected: &[u8]) -> bool {
        let mut matched = self.matches(url, params, expected);
        if let Some(other) = other_port_variant(url) {
            matched |= self.matches(&other, params, expected);
        }
        matched
    }

    /// Whether `expected` is the HMAC of `url` with `params`, compared in constant time.
    fn matches(&self, url: &str, params: &[(String, String)], expected: &[u8]) -> bool {
        match self.sign(url, params) {
            Some(mac) => mac.ct_eq(expected).into(),
            None => false,
        }
    }

    /// The raw HMAC-SHA1 of `url` followed by each name and value of the sorted `params`;
    /// `None` without a token.
    fn sign(&self, url: &str, params: &[(String, String)]) -> Option<[u8; SIGNATURE_LEN]> {
        let mut mac = self.mac.clone()?;
        mac.update(url.as_bytes());
        for (name, value) in params {
            mac.update(name.as_bytes());
            mac.update(value.as_bytes());
        }
        Some(mac.finalize().into_bytes().into())
    }
}

impl fmt::Debug for RequestValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestValidator")
            .field("auth_token", &if self.mac.is_some() { "***" } else { "" })
            .finish()
    }
}

/// The lowercase hex SHA-256 digest of `body`, as Twilio writes it in the `bodySHA256` query
/// parameter of a JSON webhook request.
pub fn body_sha256(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 0xf)]));
    }
    hex
}

/// The 20 bytes of a base64 signature; `None` for anything else (bad base64, wrong length).
fn decode_signature(signature: &str) -> Option<Vec<u8>> {
    BASE64
        .decode(signature.as_bytes())
        .ok()
        .filter(|bytes| bytes.len() == SIGNATURE_LEN)
}

/// The parameters as owned pairs, sorted by name and then value, each distinct pair once.
fn sorted_params<K, V>(params: &[(K, V)]) -> Vec<(String, String)>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut pairs: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned()))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The decoded value of the URL's only `bodySHA256` query parameter.
fn body_sha256_param(url: &str) -> Option<String> {
    let query = url.split('#').next()?.split_once('?')?.1;
    let mut values = query.split('&').filter_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_component(name) == BODY_SHA256_PARAM).then(|| decode_component(value))
    });
    let value = values.next()?;
    values.next().is_none().then_some(value)
}

/// A query string component with `+` as a space and percent-escapes decoded.
fn decode_component(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// The URL with its port removed when it has one, or with the scheme's default port (443 for
/// https, 80 for http) added when it has none; `None` for other schemes without a port or a
/// string that is not an absolute URL. The rest of the URL is kept byte for byte (no
/// normalization: the signature is over the exact text).
fn other_port_variant(url: &str) -> Option<String> {
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    let authority_start = scheme_end + 3;
    let rest = &url[authority_start..];
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    // Host and port come after any user information; an IPv6 host is in brackets.
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host_port = &authority[host_start..];
    let port_colon = host_port
        .rfind(':')
        .filter(|&colon| !host_port[colon..].contains(']'));
    let head = &url[..authority_start + host_start];
    let tail = &rest[authority_len..];
    match port_colon {
        Some(colon) => Some(format!("{head}{}{tail}", &host_port[..colon])),
        None => {
            let port = if scheme.eq_ignore_ascii_case("https") {
                443
            } else if scheme.eq_ignore_ascii_case("http") {
                80
            } else {
                return None;
            };
            Some(format!("{head}{host_port}:{port}{tail}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{RequestValidator, body_sha256, other_port_variant};

    /// The example of Twilio's webhook security documentation ("Validating signatures from
    /// Twilio"): Auth Token `12345`, this URL and these parameters give
    /// `0/KCTR6DLpKmkAf8muzZqo1nDgQ=` (also computed independently with Python's `hmac`).
    const TOKEN: &str = "12345";
    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const PARAMS: [(&str, &str); 5] = [
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+12349013030"),
        ("Digits", "1234"),
        ("From", "+12349013030"),
        ("To", "+18005551212"),
    ];
    const SIGNATURE: &str = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
    /// No form parameters: a JSON or GET request.
    const NONE: &[(&str, &str)] = &[];

    /// The JSON example of Twilio's SDK tests (twilio-python, twilio-go, twilio-php,
    /// twilio-csharp): this body, its SHA-256 hex digest, and the signature of `URL` with
    /// `&bodySHA256=` and the digest appended.
    const BODY: &str = r#"{"property": "value", "boolean": true}"#;
    const BODY_HASH: &str = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    const BODY_SIGNATURE: &str = "a9nBmqA0ju/hNViExpshrM61xv4=";

    fn validator() -> RequestValidator {
        RequestValidator::new(TOKEN)
    }

    fn body_url() -> String {
        format!("{URL}&bodySHA256={BODY_HASH}")
    }

    #[test]
    fn twilios_documented_example_computes_and_validates() {
        assert_eq!(validator().compute_signature(URL, &PARAMS), SIGNATURE);
        assert!(validator().validate(URL, &PARAMS, SIGNATURE));
    }

    #[test]
    fn parameter_order_and_container_do_not_matter() {
        let mut reversed = PARAMS;
        reversed.reverse();
        assert!(validator().validate(URL, &reversed, SIGNATURE));
        let map: HashMap<String, String> = PARAMS
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert!(validator().validate(URL, &map.iter().collect::<Vec<_>>(), SIGNATURE));
        let owned: Vec<(String, String)> = map.into_iter().collect();
        assert!(validator().validate(URL, &owned, SIGNATURE));
    }

    #[test]
    fn the_default_port_may_be_added_or_removed() {
        // Signed over the URL with `:443`: accepted for the URL without a port.
        let with_port = URL.replace(".com", ".com:443");
        let signed_with_port = validator().compute_signature(&with_port, &PARAMS);
        assert_ne!(signed_with_port, SIGNATURE);
        assert!(validator().validate(URL, &PARAMS, &signed_with_port));
        assert!(validator().validate(&with_port, &PARAMS, &signed_with_port));
        // Signed without a port: accepted for the URL with `:443`.
        assert!(validator().validate(&with_port, &PARAMS, SIGNATURE));
        // Plain http, port 80.
        let http = URL.replace("https", "http");
        let http_80 = http.replace(".com", ".com:80");
        let signed = validator().compute_signature(&http_80, &PARAMS);
        assert!(validator().validate(&http, &PARAMS, &signed));
        assert!(validator().validate(
            &http_80,
            &PARAMS,
            &validator().compute_signature(&http, &PARAMS)
        ));
    }

    /// twilio-python's vectors for the same URL with other parameters: `kvajT1…` is the
    /// signature over the URL with `:443`, and a URL with another port validates a signature made
    /// without it (Twilio's SDKs remove any port).
    #[test]
    fn twilio_sdk_port_vectors() {
        let params = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
            ("Caller", "+14158675309"),
        ];
        assert!(validator().validate(URL, &params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
        assert!(validator().validate(URL, &params, "kvajT1Ptam85bY51eRf/AJRuM3w="));
        let http = URL.replace("https", "http");
        assert!(validator().validate(&http, &params, "0ZXoZLH/DfblKGATFgpif+LLRf4="));
        let port_1234 = URL.replace(".com", ".com:1234");
        assert!(validator().validate(&port_1234, &params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    }

    /// twilio-python and twilio-php: a name given several times is sorted by value, and a
    /// repeated pair counts once.
    #[test]
    fn repeated_parameters_are_sorted_and_deduplicated() {
        let params = [
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
            ("Digits", "1234"),
        ];
        assert!(validator().validate(URL, &params, "IK+Dwps556ElfBT0I3Rgjkr1wJU="));
    }

    #[test]
    fn a_tampered_parameter_is_rejected() {
        let tamper = |index: usize, name: &'static str, value: &'static str| {
            let mut params = PARAMS.to_vec();
            params[index] = (name, value);
            params
        };
        assert!(!validator().validate(URL, &tamper(2, "Digits", "9999"), SIGNATURE));
        assert!(!validator().validate(URL, &tamper(4, "To", "+18005551213"), SIGNATURE));
        assert!(!validator().validate(URL, &tamper(0, "Callsid", "CA1234567890ABCDE"), SIGNATURE));
        let mut added = PARAMS.to_vec();
        added.push(("Body", "hi"));
        assert!(!validator().validate(URL, &added, SIGNATURE));
        assert!(!validator().validate(URL, &PARAMS[..4], SIGNATURE));
        assert!(!validator().validate(URL, NONE, SIGNATURE));
        // Names and values are concatenated, so moving a character between them changes
        // nothing in the signed text: Twilio's scheme, kept as it is.
        let shifted = tamper(2, "Digits1", "234");
        assert!(validator().validate(URL, &shifted, SIGNATURE));
    }

    #[test]
    fn a_tampered_url_is_rejected() {
        for url in [
            "https://mycompany.com/myapp.php?foo=1&bar=3",
            "https://mycompany.com/myapp.php?foo=1",
            "https://mycompany.com/myapp.php?bar=2&foo=1",
            "https://mycompany.com/myapp.php",
            "https://evil.com/myapp.php?foo=1&bar=2",
            "https://mycompany.com/other.php?foo=1&bar=2",
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            "https://mycompany.com:8443/myapp.php?foo=1&bar=2:443",
            "https://MyCompany.com/myapp.php?foo=1&bar=2",
            "",
        ] {
            assert!(!validator().validate(url, &PARAMS, SIGNATURE), "{url}");
        }
    }

    #[test]
    fn malformed_and_wrong_signatures_are_rejected() {
        for signature in [
            "",
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ",   // padding missing
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ==", // too long
            "0/KCTR6DLpKmkAf8muzZqo1nDg==",  // 19 bytes
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ=AAAA",
            "0/KCTR6DLpKmkAf8muzZqo1nDgR=", // non-canonical last character
            "1/KCTR6DLpKmkAf8muzZqo1nDgQ=",
            " 0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ=\n",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "not base64 at all",
            // 32 bytes of valid base64: the length of a SHA-256, not a SHA-1 signature.
            "CKH3Y02au5XbXJot/pQW5BUCsoOoDHz3GWMmMvluZiA=",
        ] {
            assert!(
                !validator().validate(URL, &PARAMS, signature),
                "{signature:?}"
            );
        }
        assert!(!RequestValidator::new("54321").validate(URL, &PARAMS, SIGNATURE));
    }

    #[test]
    fn an_empty_token_validates_nothing() {
        let empty = RequestValidator::new("");
        let forged = {
            use hmac::{Hmac, KeyInit, Mac};
            let mut mac = Hmac::<sha1::Sha1>::new_from_slice(b"").unwrap();
            mac.update(URL.as_bytes());
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
        };
        assert!(!empty.validate(URL, NONE, &forged));
        assert_eq!(empty.compute_signature(URL, &PARAMS), "");
        assert_eq!(
            format!("{empty:?}"),
            r#"RequestValidator { auth_token: "" }"#
        );
    }

    #[test]
    fn json_bodies_are_checked_through_body_sha256() {
        assert_eq!(body_sha256(BODY.as_bytes()), BODY_HASH);
        let url = body_url();
        assert_eq!(validator().compute_signature(&url, NONE), BODY_SIGNATURE);
        assert!(validator().validate_body(&url, BODY.as_bytes(), BODY_SIGNATURE));
        // twilio-go and twilio-csharp: a URL whose only parameter is bodySHA256.
        let only_hash = format!("https://mycompany.com/myapp.php?bodySHA256={BODY_HASH}");
        assert!(validator().validate_body(
            &only_hash,
            BODY.as_bytes(),
            "y77kIzt2vzLz71DgmJGsen2scGs="
        ));
        // With the default port added on either side.
        let with_port = url.replace(".com", ".com:443");
        assert!(validator().validate_body(&with_port, BODY.as_bytes(), BODY_SIGNATURE));
        let signed_with_port = validator().compute_signature(&with_port, NONE);
        assert!(validator().validate_body(&url, BODY.as_bytes(), &signed_with_port));
    }

    #[test]
    fn tampered_json_requests_are_rejected() {
        let url = body_url();
        let body = BODY.as_bytes();
        // Another body: its digest no longer matches the signed URL.
        assert!(!validator().validate_body(
            &url,
            br#"{"property": "evil", "boolean": true}"#,
            BODY_SIGNATURE
        ));
        assert!(!validator().validate_body(&url, b"", BODY_SIGNATURE));
        // Another body with its own digest in the URL: the URL's signature no longer matches.
        let evil = br#"{"property": "evil"}"#;
        let evil_url = format!("{URL}&bodySHA256={}", body_sha256(evil));
        assert!(!validator().validate_body(&evil_url, evil, BODY_SIGNATURE));
        // The digest in upper case is another URL.
        let upper = format!("{URL}&bodySHA256={}", BODY_HASH.to_uppercase());
        assert!(!validator().validate_body(&upper, body, BODY_SIGNATURE));
        // No bodySHA256, or two of them.
        assert!(!validator().validate_body(
            URL,
            body,
            validator().compute_signature(URL, NONE).as_str()
        ));
        let twice = format!("{url}&bodySHA256={BODY_HASH}");
        let signed_twice = validator().compute_signature(&twice, NONE);
        assert!(!validator().validate_body(&twice, body, &signed_twice));
        // A wrong signature, a wrong length, the form signature, another token.
        assert!(!validator().validate_body(&url, body, SIGNATURE));
        assert!(!validator().validate_body(&url, body, "a9nBmqA0ju/hNViExpshrM61xv4"));
        assert!(!validator().validate_body(&url, body, ""));
        assert!(!RequestValidator::new("54321").validate_body(&url, body, BODY_SIGNATURE));
        // A form request is not a JSON request.
        assert!(!validator().validate_body(URL, b"CallSid=CA1234567890ABCDE", SIGNATURE));
    }

    #[test]
    fn port_variants_keep_the_rest_of_the_url() {
        let cases = [
            (
                "https://a.example/x?y=1",
                Some("https://a.example:443/x?y=1"),
            ),
            ("https://a.example:443/x", Some("https://a.example/x")),
            ("https://a.example:1234", Some("https://a.example")),
            ("http://a.example?q=a:b", Some("http://a.example:80?q=a:b")),
            ("HTTPS://a.example/", Some("HTTPS://a.example:443/")),
            (
                "https://u:p@a.example/x",
                Some("https://u:p@a.example:443/x"),
            ),
            (
                "https://u:p@a.example:8443/x",
                Some("https://u:p@a.example/x"),
            ),
            ("https://[::1]/x", Some("https://[::1]:443/x")),
            ("https://[::1]:8443/x", Some("https://[::1]/x")),
            (
                "https://a.example/x#f:1",
                Some("https://a.example:443/x#f:1"),
            ),
            ("wss://a.example/x", None),
            ("/relative", None),
            ("", None),
        ];
        for (url, expected) in cases {
            assert_eq!(other_port_variant(url).as_deref(), expected, "{url}");
        }
    }

    #[test]
    fn debug_hides_the_token() {
        let validator = RequestValidator::new("tok-SECRET-7f3a9c");
        let shown = format!("{validator:?} {validator:#?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert_eq!(
            format!("{validator:?}"),
            r#"RequestValidator { auth_token: "***" }"#
        );
    }
}
