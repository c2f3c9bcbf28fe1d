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
}

/// Splits a path template into its non-empty segments.
pub(super) fn parse(path: &str) -> Result<Template, TemplateError> {
    let segments = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(segment)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Template {
        trailing_slash: path.len() > 1 && path.ends_with('/') && !segments.is_empty(),
        segments,
    })
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
    fn trailing_slashes_are_kept() {
        assert!(parse("/users/").expect("parses").trailing_slash);
        assert!(!parse("/users").expect("parses").trailing_slash);
        assert!(!parse("/").expect("parses").trailing_slash);
    }
}
