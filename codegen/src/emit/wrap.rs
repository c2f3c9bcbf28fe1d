//! Wrapping of printed doc comments, so that spec descriptions written as one long line read
//! as comments of at most [`WIDTH`] columns in the generated files and in their diffs.
//!
//! Only Markdown paragraph text is wrapped, and only at spaces: a break never starts a line with
//! something Markdown would read as a new block (a list marker, `#`, `>`, `|`, `<`, a fence, a
//! setext underline or a link definition), and fenced or indented code, table rows and headings
//! are left as they are. A list item's continuation lines are indented to its text.

/// The widest a wrapped line gets, indentation and `/// ` included (rustfmt's default).
pub(crate) const WIDTH: usize = 100;

/// The narrowest text column wrapping leaves: deeper-indented comments wrap at this width.
const MIN_TEXT: usize = 40;

/// `text` (printed Rust) with every `///` and `//!` line longer than [`WIDTH`] wrapped.
pub(crate) fn wrap_doc_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut in_fence = false;
    for line in text.lines() {
        let Some((indent, marker, body)) = split_doc(line) else {
            in_fence = false;
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let trimmed = body.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence || line.len() <= WIDTH || !wrappable(body) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let prefix = format!("{indent}{marker}");
        let room = WIDTH.saturating_sub(prefix.len() + 1).max(MIN_TEXT);
        for piece in wrap_paragraph_line(body, room) {
            out.push_str(&prefix);
            if !piece.is_empty() {
                out.push(' ');
                out.push_str(&piece);
            }
            out.push('\n');
        }
    }
    out
}

/// A doc comment line as `(indentation, "///" or "//!", text after the one space)`.
fn split_doc(line: &str) -> Option<(&str, &str, &str)> {
    let start = line.len() - line.trim_start().len();
    let (indent, rest) = line.split_at(start);
    for marker in ["///", "//!"] {
        if let Some(body) = rest.strip_prefix(marker) {
            // `////` is an ordinary comment, not a doc comment.
            if body.starts_with('/') {
                return None;
            }
            return Some((indent, marker, body.strip_prefix(' ').unwrap_or(body)));
        }
    }
    None
}

/// Whether a line is paragraph text (or a list item's), which may be broken at spaces.
fn wrappable(body: &str) -> bool {
    let leading = body.len() - body.trim_start().len();
    let trimmed = body.trim_start();
    leading < 4
        && !body.contains('\t')
        && !body.contains('|')
        && !trimmed.starts_with('#')
        && !trimmed.starts_with('<')
}

/// How far a list item's text is indented: `- a` → 2, `10. a` → 4, plain text → 0.
fn list_indent(trimmed: &str) -> usize {
    let marker_len = if trimmed.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        match trimmed.as_bytes().get(digits) {
            Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
            _ => return 0,
        }
    };
    if trimmed.as_bytes().get(marker_len) == Some(&b' ') {
        marker_len + 1
    } else {
        0
    }
}

/// Whether a word at the start of a line would begin a new Markdown block (or not belong to the
/// paragraph it continues).
fn starts_block(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    matches!(word, "-" | "*" | "+")
        || word.starts_with(['#', '>', '|', '<', '='])
        || word.starts_with("```")
        || word.starts_with("~~~")
        || word.bytes().all(|b| b == b'-')
        || (digits > 0 && matches!(&word[digits..], "." | ")"))
        || (word.starts_with('[') && word.contains("]:"))
}

/// The block quote markers a line starts with, with their spaces: `> a` → `> `, `> > a` →
/// `> > `, plain text → ``.
fn quote_prefix(trimmed: &str) -> &str {
    let mut end = 0;
    let bytes = trimmed.as_bytes();
    while bytes.get(end) == Some(&b'>') {
        end += 1;
        while bytes.get(end) == Some(&b' ') {
            end += 1;
        }
    }
    &trimmed[..end]
}

/// One long line broken at spaces into lines of at most `room` characters where the words
/// allow (a longer word, such as a URL, keeps a line of its own).
fn wrap_paragraph_line(body: &str, room: usize) -> Vec<String> {
    let leading = body.len() - body.trim_start().len();
    let trimmed = body.trim_start();
    // A block quote's lines each carry its `>` markers (clippy denies a lazy continuation).
    let quote = quote_prefix(trimmed);
    let continuation = format!(
        "{}{quote}{}",
        " ".repeat(leading),
        " ".repeat(list_indent(&trimmed[quote.len()..]))
    );
    let mut lines = Vec::new();
    let mut current = body[..leading].to_owned();
    let mut current_has_word = false;
    for word in trimmed.split(' ').filter(|w| !w.is_empty()) {
        let fits = current.chars().count() + 1 + word.chars().count() <= room;
        if current_has_word && !fits && !starts_block(word) {
            lines.push(std::mem::replace(&mut current, continuation.clone()));
            current_has_word = false;
        }
        if current_has_word {
            current.push(' ');
        }
        current.push_str(word);
        current_has_word = true;
    }
    lines.push(current);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str) -> String {
        wrap_doc_comments(text)
    }

    #[test]
    fn short_lines_and_code_are_untouched() {
        let text = "/// A short line.\nfn f() {}\n";
        assert_eq!(wrap(text), text);
        let long = "x ".repeat(80);
        let fenced = format!("/// ```\n/// {long}\n/// ```\n");
        assert_eq!(wrap(&fenced), fenced);
        let table = format!("/// | a | {long} |\n");
        assert_eq!(wrap(&table), table);
        let heading = format!("/// # {long}\n");
        assert_eq!(wrap(&heading), heading);
        let indented_code = format!("///     {long}\n");
        assert_eq!(wrap(&indented_code), indented_code);
    }

    #[test]
    fn long_paragraphs_wrap_at_spaces_within_the_width() {
        let words = "word ".repeat(60);
        let text = format!("    /// {}\n", words.trim_end());
        let wrapped = wrap(&text);
        assert!(wrapped.lines().count() > 2, "{wrapped}");
        for line in wrapped.lines() {
            assert!(line.len() <= WIDTH, "{line}");
            assert!(line.starts_with("    /// word"), "{line}");
        }
        // Only breaks were added: the words are the same, in order.
        let back: Vec<&str> = wrapped
            .lines()
            .flat_map(|l| {
                l.trim_start_matches(' ')
                    .trim_start_matches("///")
                    .split(' ')
            })
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(back, words.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn a_long_word_keeps_a_line_of_its_own() {
        let url = format!("https://example.com/{}", "a".repeat(120));
        let text = format!("/// See {url} for more.\n");
        assert_eq!(wrap(&text), format!("/// See\n/// {url}\n/// for more.\n"));
    }

    #[test]
    fn no_break_starts_a_markdown_block() {
        // Each of these would turn the rest of the paragraph into a list, a heading, a quote,
        // a table, HTML or a code fence if it began a line.
        for token in [
            "-", "*", "+", "1.", "2)", "#", ">", "|", "<b>", "```", "==", "---",
        ] {
            let text = format!("/// {} {token} {}\n", "a".repeat(90), "b".repeat(20));
            let wrapped = wrap(&text);
            for line in wrapped.lines().skip(1) {
                let first = line.trim_start_matches("/// ").split(' ').next().unwrap();
                assert!(!starts_block(first), "{token}: {wrapped}");
            }
        }
    }

    #[test]
    fn block_quotes_continue_as_quotes() {
        let long = format!(
            "/// > Check the new guide. {}\nfn f() {{}}\n",
            "word ".repeat(30)
        );
        let wrapped = wrap(&long);
        let doc: Vec<&str> = wrapped.lines().filter(|l| l.starts_with("///")).collect();
        assert!(doc.len() > 1, "{wrapped}");
        assert!(doc.iter().all(|l| l.starts_with("/// > ")), "{wrapped}");
        let nested = format!("/// > > {}\n", "word ".repeat(30));
        assert!(wrap(&nested).lines().all(|l| l.starts_with("/// > > ")));
    }

    #[test]
    fn list_items_continue_under_their_text() {
        let text = format!(
            "/// - {}\n/// 10. {}\n",
            "item ".repeat(30),
            "step ".repeat(30)
        );
        let wrapped = wrap(&text);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines[0].starts_with("/// - item"));
        assert!(lines[1].starts_with("///   item"), "{wrapped}");
        let step = lines
            .iter()
            .position(|l| l.starts_with("/// 10. "))
            .unwrap();
        assert!(lines[step + 1].starts_with("///     step"), "{wrapped}");
    }

    #[test]
    fn ordinary_comments_are_not_doc_comments() {
        let text = format!("//// {}\n// {}\n", "a ".repeat(80), "b ".repeat(80));
        assert_eq!(wrap(&text), text);
    }
}
