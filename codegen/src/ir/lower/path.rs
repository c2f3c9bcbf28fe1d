//! Path templates: `/v1/Services/{ServiceSid}/ChannelSenders/{Sid}` → segments.

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TemplateSegment {
    /// Literal text.
    Literal(String),
    /// A whole segment that is one parameter: `{Sid}`.
    Param(String),
}

/// Why a path template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TemplateError {
    /// A segment mixes text and parameters (`{Sid}.json`).
    Mixed(String),
}

/// Splits a path template into its non-empty segments.
pub(super) fn parse(path: &str) -> Result<Vec<TemplateSegment>, TemplateError> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) if !name.contains(['{', '}']) => {
                    Ok(TemplateSegment::Param(name.to_owned()))
                }
                _ if segment.contains(['{', '}']) => Err(TemplateError::Mixed(segment.to_owned())),
                _ => Ok(TemplateSegment::Literal(segment.to_owned())),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::TemplateSegment::{Literal, Param};
    use super::*;

    #[test]
    fn whole_segment_parameters_and_literals() {
        assert_eq!(
            parse("/v1/Services/{ServiceSid}/ChannelSenders/{Sid}"),
            Ok(vec![
                Literal("v1".into()),
                Literal("Services".into()),
                Param("ServiceSid".into()),
                Literal("ChannelSenders".into()),
                Param("Sid".into()),
            ])
        );
        assert_eq!(parse("/"), Ok(vec![]));
        assert_eq!(parse("//a//"), Ok(vec![Literal("a".into())]));
    }

    #[test]
    fn mixed_segments_are_refused() {
        assert_eq!(
            parse("/Accounts/{Sid}.json"),
            Err(TemplateError::Mixed("{Sid}.json".into()))
        );
        assert_eq!(
            parse("/a/{x}{y}"),
            Err(TemplateError::Mixed("{x}{y}".into()))
        );
    }
}
