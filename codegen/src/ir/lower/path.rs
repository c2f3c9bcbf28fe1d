//! Path templates: `/v1/Services/{ServiceSid}/ChannelSenders/{Sid}` → segments, where a segment
//! is literal text, one parameter, or text around parameters (`{Sid}.json`).

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TemplateSegment {
    /// Literal text.
    Literal(String),
    /// A whole segment that is one parameter: `{Sid}`.
    Param(String),
    /// Text and parameters in one segment: `{Sid}.json`, `content.{format}`.
    Mixed(Vec<Piece>),
}

/// A piece of a mixed segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Literal(String),
    Param(String),
}

/// A path template that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TemplateError(pub String);

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Template {
    pub segments: Vec<TemplateSegment>,
    /// The path ends with `/` (`/users/`), which is kept on the wire.
    pub trailing_slash: bool,
    /// A query written into the path (`/{Bucket}?acl`, `/rpc?method=get`), as it goes on the
    /// wire before the operation's own query parameters: each name and value percent-encoded
    /// down to RFC 3986's unreserved characters, `=` only where the template has one.
    pub query: String,
    /// A fragment written into the path (`/#X-Amz-Target=…`, which AWS's specs use to tell
    /// operations on one path apart): a URL's fragment never goes to the server.
    pub fragment: Option<String>,
}

/// Splits a path into its non-empty segments, and the query and fragment written after them.
pub(super) fn parse(path: &str) -> Result<Template, TemplateError> {
    let (path, fragment) = match path.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment.to_owned())),
        None => (path, None),
    };
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    if query.contains(['{', '}']) {
        return Err(TemplateError(format!(
            "a parameter in the query written into the path ({query:?})"
        )));
    }
    let query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => format!("{}={}", reencode(name), reencode(value)),
            None => reencode(pair),
        })
        .collect::<Vec<_>>()
        .join("&");
    let segments = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(segment)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Template {
        trailing_slash: path.len() > 1 && path.ends_with('/') && !segments.is_empty(),
        segments,
        query,
        fragment,
    })
}

/// `text` with everything but RFC 3986's unreserved characters percent-encoded.
pub(super) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text as it goes in a query: percent-escapes decoded, then everything but RFC 3986's
/// unreserved characters encoded, so the same text written either way goes out the same.
fn reencode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(high), Some(low)) => {
                decoded.push((high * 16 + low) as u8);
                i += 3;
            }
            (b'+', ..) => {
                decoded.push(b' ');
                i += 1;
            }
            (b, ..) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    encode(&String::from_utf8_lossy(&decoded))
}

/// A template name without RFC 6570's operators: `.color*` → `color`, `;id` → `id`.
pub(super) fn without_operators(name: &str) -> &str {
    let name = name.strip_prefix(['.', ';']).unwrap_or(name);
    name.strip_suffix('*').unwrap_or(name)
}

fn segment(text: &str) -> Result<TemplateSegment, TemplateError> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(0) => {
                let end = rest
                    .find('}')
                    .ok_or_else(|| TemplateError(format!("unclosed `{{` in {text:?}")))?;
                let name = &rest[1..end];
                if name.is_empty() || name.contains('{') {
                    return Err(TemplateError(format!("malformed parameter in {text:?}")));
                }
                if matches!(pieces.last(), Some(Piece::Param(_))) {
                    return Err(TemplateError(format!(
                        "two parameters with nothing between them in {text:?}"
                    )));
                }
                pieces.push(Piece::Param(name.to_owned()));
                rest = &rest[end + 1..];
            }
            found => {
                let end = found.unwrap_or(rest.len());
                let literal = &rest[..end];
                if literal.contains('}') {
                    return Err(TemplateError(format!("stray `}}` in {text:?}")));
                }
                pieces.push(Piece::Literal(literal.to_owned()));
                rest = &rest[end..];
            }
        }
    }
    Ok(match pieces.as_slice() {
        [Piece::Literal(l)] => TemplateSegment::Literal(l.clone()),
        [Piece::Param(p)] => TemplateSegment::Param(p.clone()),
        _ => TemplateSegment::Mixed(pieces),
    })
}

#[cfg(test)]
mod tests {
    use super::TemplateSegment::{Literal, Mixed, Param};
    use super::*;

    #[test]
    fn whole_segment_parameters_and_literals() {
        assert_eq!(
            parse("/v1/Services/{ServiceSid}/ChannelSenders/{Sid}").map(|t| t.segments),
            Ok(vec![
                Literal("v1".into()),
                Literal("Services".into()),
                Param("ServiceSid".into()),
                Literal("ChannelSenders".into()),
                Param("Sid".into()),
            ])
        );
        assert_eq!(parse("/").map(|t| t.segments), Ok(vec![]));
        assert_eq!(
            parse("//a//").map(|t| t.segments),
            Ok(vec![Literal("a".into())])
        );
    }

    #[test]
    fn text_around_parameters() {
        assert_eq!(
            parse("/Accounts/{Sid}.json").map(|t| t.segments),
            Ok(vec![
                Literal("Accounts".into()),
                Mixed(vec![
                    Piece::Param("Sid".into()),
                    Piece::Literal(".json".into())
                ]),
            ])
        );
        assert_eq!(
            parse("/files/{id}/content.{format}").map(|t| t.segments[2].clone()),
            Ok(Mixed(vec![
                Piece::Literal("content.".into()),
                Piece::Param("format".into())
            ]))
        );
        assert!(parse("/a/{x}{y}").is_err());
        assert!(parse("/a/{x").is_err());
        assert!(parse("/a/x}").is_err());
        assert!(parse("/a/{}").is_err());
    }

    #[test]
    fn a_query_and_a_fragment_written_into_the_path() {
        let aws = parse("/#X-Amz-Target=AWSPriceListService.GetProducts").expect("parses");
        assert_eq!(aws.segments, vec![]);
        assert_eq!(
            aws.fragment.as_deref(),
            Some("X-Amz-Target=AWSPriceListService.GetProducts")
        );
        assert_eq!(aws.query, "");
        let s3 = parse("/{Bucket}?acl").expect("parses");
        assert_eq!(s3.segments, vec![Param("Bucket".into())]);
        assert_eq!((s3.query.as_str(), s3.fragment), ("acl", None));
        let rpc = parse("/rpc/?method=get+all&x=a%2Fb/c&&flag#top").expect("parses");
        assert_eq!(rpc.segments, vec![Literal("rpc".into())]);
        assert!(rpc.trailing_slash);
        assert_eq!(rpc.query, "method=get%20all&x=a%2Fb%2Fc&flag");
        assert_eq!(rpc.fragment.as_deref(), Some("top"));
        assert!(parse("/a?id={id}").is_err());
    }

    #[test]
    fn trailing_slashes_are_kept() {
        assert!(parse("/users/").expect("parses").trailing_slash);
        assert!(!parse("/users").expect("parses").trailing_slash);
        assert!(!parse("/").expect("parses").trailing_slash);
    }
}
