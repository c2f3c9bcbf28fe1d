//! Vendor conventions: what a vendor's specs mean beyond OpenAPI itself (which strings are typed
//! IDs, how list pages link to the next one, how operations are named). They are settings read
//! by the lowering stage, never code paths of their own: Twilio's are one preset, and another
//! vendor's conventions are another value of [`Conventions`].

/// Every vendor convention the generator knows, as settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conventions {
    /// Strings whose pattern is `^XX[0-9a-fA-F]{32}$` become validated ID types: `(prefix,
    /// type name)` for the prefixes that have a well-known name, others are named `{Xx}Sid`.
    /// `None` leaves such strings as `String`.
    pub sids: Option<&'static [(&'static str, &'static str)]>,
    /// An operationId that starts with one of these verbs followed by an upper-case letter names
    /// its method by the verb alone (`FetchChannelSender` → `fetch`); other operationIds are
    /// used whole, in snake case.
    pub crud_verbs: &'static [&'static str],
    /// A path-item extension and its key that name the resource accessor the way the vendor's
    /// SDKs mount it (`x-twilio: {mountName: channel_senders}`).
    pub mount_name: Option<(&'static str, &'static str)>,
    /// How list pages link to the next one (a page has one of these shapes); empty: no list is
    /// paged.
    pub pages: &'static [PageShape],
    /// A query parameter with this name (compared lower case, letters and digits only) sets the
    /// page size: a stream fills it from its limit.
    pub page_size_param: Option<&'static str>,
    /// Component schemas named with dots (`messaging.v1.service`) lose the prefix every dotted
    /// name shares (`Service`).
    pub strip_dotted_prefix: bool,
    /// A path's first segment that is a version (`/v1/…`) is the module, not a resource.
    pub version_segment_is_module: bool,
    /// A path parameter that defaults to the client's account: resources under it are also
    /// reached from the module's root without it (`client.v2010().messages()` for
    /// `/Accounts/{AccountSid}/Messages.json`), as Twilio's SDKs make `AccountSid` optional.
    pub account_param: Option<&'static str>,
    /// A parent reached through a parameter (`/Widgets/{Sid}/Parts`) is reached through the
    /// singular (`widget(sid).parts()`), whether or not `/Widgets` has operations.
    pub singular_parents: bool,
    /// An object in a form body that has no `encoding` entry goes as compact JSON text under
    /// its key, as Twilio's SDKs send it (`Configuration={"waba_id":…}`). Otherwise it goes as
    /// OpenAPI's default for forms (`style: form`, `explode: true`): a pair per member.
    pub form_objects_as_json: bool,
}

/// How a list page says where the next page is. Besides the link, a page has exactly one array:
/// the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageShape {
    /// A `meta` object whose `next` field is the next page's URL (Twilio's newer APIs:
    /// `meta.next_page_url`).
    Meta {
        /// The page's field holding paging information, e.g. `meta`.
        meta: &'static str,
        /// The field of `meta` holding the next page's URL, e.g. `next_page_url`.
        next: &'static str,
    },
    /// A field of the page itself holding the next page's URL or path (Twilio's 2010 API:
    /// `next_page_uri`, relative to the host).
    TopLevel {
        /// The field, e.g. `next_page_uri`.
        next: &'static str,
    },
}

impl Conventions {
    /// Twilio's, as its published specs and SDKs use them.
    pub fn twilio() -> Conventions {
        Conventions {
            sids: Some(TWILIO_SID_NAMES),
            crud_verbs: &["Create", "List", "Fetch", "Update", "Delete"],
            mount_name: Some(("x-twilio", "mountName")),
            pages: &[
                PageShape::Meta {
                    meta: "meta",
                    next: "next_page_url",
                },
                PageShape::TopLevel {
                    next: "next_page_uri",
                },
            ],
            page_size_param: Some("pagesize"),
            strip_dotted_prefix: true,
            version_segment_is_module: true,
            account_param: Some("AccountSid"),
            singular_parents: true,
            form_objects_as_json: true,
        }
    }

    /// The conventions `documents` follow: Twilio's when one of them is Twilio's (a server on
    /// `twilio.com`, or a path with Twilio's `x-twilio` extension), else none
    /// ([`Conventions::generic`]), so that another API's crate is not written in Twilio's
    /// words (its guide showing Twilio's credentials, `FetchBucketAcl` named `fetch`).
    pub fn detect(documents: &[&openapiv3::OpenAPI]) -> Conventions {
        let twilio_host = |url: &str| {
            let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
            let host = rest.split(['/', ':', '?', '#']).next().unwrap_or_default();
            let host = host.to_ascii_lowercase();
            host == "twilio.com" || host.ends_with(".twilio.com")
        };
        let twilio = documents.iter().any(|api| {
            api.servers.iter().any(|s| twilio_host(&s.url))
                || api.paths.paths.values().any(|item| match item {
                    openapiv3::ReferenceOr::Item(item) => {
                        item.extensions.contains_key("x-twilio")
                            || item.servers.iter().any(|s| twilio_host(&s.url))
                    }
                    openapiv3::ReferenceOr::Reference { .. } => false,
                })
        });
        if twilio {
            Conventions::twilio()
        } else {
            Conventions::generic()
        }
    }

    /// Plain OpenAPI: no vendor convention applies.
    pub fn generic() -> Conventions {
        Conventions {
            sids: None,
            crud_verbs: &[],
            mount_name: None,
            pages: &[],
            page_size_param: None,
            strip_dotted_prefix: false,
            version_segment_is_module: true,
            account_param: None,
            singular_parents: true,
            form_objects_as_json: false,
        }
    }
}

impl Default for Conventions {
    /// Twilio's: the conventions of the specs this project was built for.
    fn default() -> Self {
        Conventions::twilio()
    }
}

/// Well-known Twilio SID prefixes and the names their types get.
const TWILIO_SID_NAMES: &[(&str, &str)] = &[
    ("AC", "AccountSid"),
    ("AI", "AlphaSenderSid"),
    ("AP", "ApplicationSid"),
    ("MG", "MessagingServiceSid"),
    ("PN", "PhoneNumberSid"),
    ("SC", "ShortCodeSid"),
    ("SK", "ApiKeySid"),
    ("SM", "MessageSid"),
    ("XE", "SenderSid"),
];

/// Recognizes the SID pattern `^XX[0-9a-fA-F]{32}$` and returns `XX`.
pub(crate) fn sid_prefix(pattern: &str) -> Option<&str> {
    let rest = pattern.strip_prefix('^')?;
    let prefix = rest.get(..2)?;
    let tail = rest.get(2..)?;
    (prefix.chars().all(|c| c.is_ascii_uppercase()) && tail == "[0-9a-fA-F]{32}$").then_some(prefix)
}

/// English singular of the last word, good enough for resource names (`Services` → `Service`,
/// `Entities` → `Entity`, `Addresses` → `Address`); a word it cannot make singular gets `Item`.
pub(crate) fn singular(words: &str) -> String {
    let (head, last) = match words.rfind(' ') {
        Some(i) => (&words[..=i], &words[i + 1..]),
        None => ("", words),
    };
    let last = if let Some(stem) = last.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = last
        .strip_suffix("sses")
        .or_else(|| last.strip_suffix("xes"))
        .or_else(|| last.strip_suffix("ches"))
        .or_else(|| last.strip_suffix("shes"))
    {
        format!("{stem}{}", &last[stem.len()..last.len() - 2])
    } else if let Some(stem) = last
        .strip_suffix('s')
        .filter(|s| !s.is_empty() && !s.ends_with(['s', 'u']))
    {
        stem.to_owned()
    } else {
        format!("{last}Item")
    };
    format!("{head}{last}")
}

/// The longest prefix ending in `.` that every dotted name shares (`messaging.v1.` in Twilio's
/// specs), so that `messaging.v1.service` is named `Service`.
pub(crate) fn dotted_prefix<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut prefix: Option<Vec<&str>> = None;
    for name in names.filter(|n| n.contains('.')) {
        let parts: Vec<&str> = name.split('.').collect();
        let parts = &parts[..parts.len() - 1];
        prefix = Some(match prefix {
            None => parts.to_vec(),
            Some(p) => p
                .iter()
                .zip(parts)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    match prefix {
        Some(p) if !p.is_empty() => format!("{}.", p.join(".")),
        _ => String::new(),
    }
}

/// Whether a path segment is a version (`v1`, `V2`, `v2.1`, or a date: `2010-04-01`).
pub(crate) fn is_version(segment: &str) -> bool {
    let rest = segment.strip_prefix(['v', 'V']).unwrap_or("");
    let numbered = !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.');
    let bytes = segment.as_bytes();
    let dated = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    numbered || dated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sid_patterns() {
        assert_eq!(sid_prefix("^XE[0-9a-fA-F]{32}$"), Some("XE"));
        assert_eq!(sid_prefix("^xe[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_prefix("^XE[0-9a-f]{32}$"), None);
        assert_eq!(sid_prefix("XE[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_prefix("^X"), None);
    }

    #[test]
    fn dotted_prefix_is_shared_by_all_dotted_names() {
        let names = [
            "messaging.v1.service",
            "messaging.v1.service.alpha_sender",
            "service_enum_x",
        ];
        assert_eq!(dotted_prefix(names.into_iter()), "messaging.v1.");
        assert_eq!(dotted_prefix(["a.b", "c.d"].into_iter()), "");
        assert_eq!(dotted_prefix(["plain"].into_iter()), "");
    }

    #[test]
    fn singular_of_resource_names() {
        assert_eq!(singular("Services"), "Service");
        assert_eq!(singular("Entities"), "Entity");
        assert_eq!(singular("Addresses"), "Address");
        assert_eq!(singular("Boxes"), "Box");
        assert_eq!(singular("Channels Senders"), "Channels Sender");
        assert_eq!(singular("Status"), "StatusItem");
    }

    #[test]
    fn versions() {
        assert!(is_version("v1"));
        assert!(is_version("V2.1"));
        assert!(!is_version("v"));
        assert!(!is_version("vx"));
        assert!(is_version("2010-04-01"));
        assert!(!is_version("2010-04"));
    }
}
