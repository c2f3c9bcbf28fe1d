//! Diagnostics: every problem the generator reports names the file, a JSON pointer into it, what
//! is wrong, and what to do about it.

use std::fmt;

/// One problem found in an input document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The document, as given on the command line (or relative to the workspace root).
    pub file: String,
    /// Where in the document: a JSON pointer such as `#/components/schemas/x/properties/y`,
    /// or `line 3 column 7` for syntax errors.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Only a warning: the document works, but this deserves attention.
    pub warning: bool,
}

impl Diagnostic {
    /// A diagnostic without advice.
    pub fn new(file: &str, location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_owned(),
            location: location.into(),
            message: message.into(),
            help: None,
            warning: false,
        }
    }

    /// A warning: something that works but deserves attention.
    pub fn warning(file: &str, location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            warning: true,
            ..Diagnostic::new(file, location, message)
        }
    }

    /// Adds advice on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}\n  --> {} at {}",
            if self.warning { "warning" } else { "error" },
            self.message,
            self.file,
            visible(&self.location)
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// `text` with control characters escaped (`\n`), so that a location stays on its line.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// All the problems found in one run, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} error{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// The generator produced a file that is not valid Rust: a bug in the generator, never a
/// problem of the input, so it is kept apart from [`Diagnostic`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalError {
    /// The generated file, e.g. `src/v1/models.rs`.
    pub file: String,
    /// The documents it was generated from.
    pub source: String,
    /// What the parser reported.
    pub message: String,
}

impl fmt::Display for InternalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "internal error: the generated {} (from {}) is not valid Rust: {}\n  help: this is a generator bug; please report it with the spec that triggers it",
            self.file, self.source, self.message
        )
    }
}

/// Why a run produced nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The input documents have problems, each located in its file.
    Invalid(Diagnostics),
    /// The generator produced invalid Rust.
    Internal(Vec<InternalError>),
}

impl Failure {
    /// The input's problems, when that is why the run failed.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            Failure::Invalid(d) => Some(d),
            Failure::Internal(_) => None,
        }
    }
}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Self {
        Failure::Invalid(diagnostics)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Invalid(d) => d.fmt(f),
            Failure::Internal(errors) => {
                for e in errors {
                    writeln!(f, "{e}")?;
                }
                write!(f, "nothing was written")
            }
        }
    }
}

impl std::error::Error for Failure {}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one reference token of a JSON pointer: [`escape_token`] undone.
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Builds a JSON pointer from its tokens.
pub fn pointer<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("#");
    for t in tokens {
        out.push('/');
        out.push_str(&escape_token(t));
    }
    out
}
