//! Every Rust name the generator emits is decided here: case conversion, characters Rust does
//! not accept, keywords, leading digits, and collisions. The wire name is kept beside the Rust
//! name by the callers, so a rename is emitted whenever the two differ.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves. `r#` works for all but the path keywords, which get a trailing `_`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const PATH_KEYWORDS: &[&str] = &["crate", "self", "Self", "super"];

/// Splits arbitrary text into ASCII words: punctuation separates words, and a character outside
/// ASCII becomes a word of its own spelled `u` + its hex code, so distinct inputs stay distinct.
/// Signs that carry meaning become words: `<` and `>` (Twilio's `DateSent<`, `DateSent>`)
/// `before` and `after`, `+` `plus`, and a `-` before a digit `minus` (`+1`, `-1`).
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '<' {
            out.push_str(" before ");
        } else if c == '>' {
            out.push_str(" after ");
        } else if c == '+' {
            out.push_str(" plus ");
        } else if c == '-'
            && out.trim().is_empty()
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            out.push_str(" minus ");
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:04x} ", c as u32));
        }
    }
    out
}

/// `UpperCamelCase` for types and enum variants. `fallback` is used when nothing is left.
pub fn pascal(raw: &str, fallback: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if PATH_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `snake_case` for fields, parameters, methods and modules; keywords become raw identifiers.
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if PATH_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// `base` followed by `suffix`, for names built from other names (`{Parent}Item`): the `_` that
/// escapes a keyword (`Self_`) is dropped first, as the result is no keyword (`SelfItem`).
pub fn join(base: &str, suffix: &str) -> String {
    let base = base.strip_prefix("r#").unwrap_or(base);
    format!("{}{suffix}", base.strip_suffix('_').unwrap_or(base))
}

/// The name as written in Rust source without a raw prefix, which is what serde sees.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Hands out names that are unique within one namespace, in the order asked: the first to ask
/// for a name gets it, later ones get `2`, `3`, ... appended.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `name`, or the first free `name2`, `name3`, ...
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        // `r#type` taken: the numbered forms need no raw prefix (`type2`); nor does an escaped
        // `Self_` need its underscore (`Self2`, where `Self_2` is not CamelCase).
        let base = name.strip_prefix("r#").unwrap_or(&name);
        let base = match base.strip_suffix('_') {
            Some(stem) if !stem.is_empty() && !stem.ends_with(|c: char| c.is_ascii_digit()) => stem,
            _ => base,
        }
        .to_owned();
        let mut n = 2;
        loop {
            let candidate = if base.ends_with(|c: char| c.is_ascii_digit()) {
                format!("{base}_{n}")
            } else {
                format!("{base}{n}")
            };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// True if `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_handles_punctuation_digits_and_unicode() {
        assert_eq!(pascal("ONLINE:UPDATING", "Value"), "OnlineUpdating");
        assert_eq!(
            pascal("Beauty, Spa and Salon", "Value"),
            "BeautySpaAndSalon"
        );
        assert_eq!(pascal("Non-profit", "Value"), "NonProfit");
        assert_eq!(pascal("10K", "Value"), "V10k");
        assert_eq!(pascal("", "Empty"), "Empty");
        assert_eq!(pascal("Self", "Value"), "Self_");
        let mut variants = Namespace::default();
        assert_eq!(variants.claim(pascal("self", "Value")), "Self_");
        assert_eq!(variants.claim(pascal("Self", "Value")), "Self2");
        assert_eq!(pascal("café", "Value"), "CafU00e9");
    }

    #[test]
    fn signs_become_words() {
        assert_eq!(snake("DateSent<", "p"), "date_sent_before");
        assert_eq!(snake("DateSent>", "p"), "date_sent_after");
        assert_eq!(snake("+1", "p"), "plus_1");
        assert_eq!(snake("-1", "p"), "minus_1");
        assert_eq!(pascal("-1", "V"), "Minus1");
        assert_eq!(snake("a-1", "p"), "a_1");
        assert_eq!(snake("Page-Size", "p"), "page_size");
    }

    #[test]
    fn snake_handles_keywords() {
        assert_eq!(snake("type", "field"), "r#type");
        assert_eq!(snake("self", "field"), "self_");
        assert_eq!(snake("PageSize", "field"), "page_size");
        assert_eq!(
            snake("MessagingServiceSid", "field"),
            "messaging_service_sid"
        );
        assert_eq!(snake("2fa", "field"), "_2fa");
        assert_eq!(unraw("r#type"), "type");
    }

    #[test]
    fn joined_names_drop_keyword_escapes() {
        assert_eq!(join("Self_", "Item"), "SelfItem");
        assert_eq!(join("Widget", "Item"), "WidgetItem");
        assert_eq!(join("self_", "_stream"), "self_stream");
        assert_eq!(join("r#type", "_stream"), "type_stream");
    }

    #[test]
    fn namespace_disambiguates_in_order() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("Foo".into()), "Foo");
        assert_eq!(ns.claim("Foo".into()), "Foo2");
        assert_eq!(ns.claim("V1".into()), "V1");
        assert_eq!(ns.claim("V1".into()), "V1_2");
        assert_eq!(ns.claim("r#type".into()), "r#type");
        assert_eq!(ns.claim("r#type".into()), "type2");
    }
}
