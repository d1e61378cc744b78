//! The one public error type of the crate: what went wrong, where, and a suggestion.

use std::fmt;
use std::ops::Range;

/// What kind of mistake an expression contains.
///
/// New kinds may be added; match with a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A token where it cannot be: the message says what was expected instead.
    Syntax,
    /// A subject that is not one of the seven of spec §3.2, or `attribute:` without a name.
    UnknownSubject,
    /// An operator the subject does not accept (`agentVersion =~ 1.*`).
    OperatorNotAccepted,
    /// An operator without the value or list it needs (`runningTasksCount ==`).
    MissingArgument,
    /// A value or list after a complete condition (`attribute:x exists y`, `a == b c`).
    ExtraArgument,
    /// A list where one value is needed, or one value where a list is needed.
    ArgumentMismatch,
    /// A `'` or `"` without its closing quote.
    UnterminatedQuote,
    /// A `[` without its closing `]`.
    UnterminatedList,
    /// `[]`: a list needs at least one item.
    EmptyList,
    /// A value the subject cannot read: a version, date, count or boolean.
    BadValue,
    /// A regular expression the `regex` crate rejects.
    BadRegex,
    /// More than 2000 characters.
    TooLong,
    /// More than 64 nested levels of parentheses and `not`.
    TooDeep,
    /// Nothing but white space.
    Empty,
}

/// An expression that cannot be parsed.
///
/// `Display` prints `at byte N: message`, and a second line `help: ...` when there is a
/// suggestion. Messages are lower case and quote the offending text in backticks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("at byte {start}: {message}{}", HelpLine(.help.as_deref()))]
pub struct Error {
    kind: ErrorKind,
    start: usize,
    end: usize,
    message: String,
    help: Option<String>,
}

impl Error {
    /// Builds an error.
    // INVARIANT: callers pass a span on char boundaries of the input with start <= end <=
    // input length; every constructor call in this crate derives it from the input.
    pub(crate) fn new(kind: ErrorKind, span: Range<usize>, message: impl Into<String>) -> Self {
        Error {
            kind,
            start: span.start,
            end: span.end,
            message: message.into(),
            help: None,
        }
    }

    /// Adds a help line (a suggestion).
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// What kind of mistake this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The byte range of the offending text in the expression. It always lies inside the
    /// expression, on character boundaries; it is empty only for errors at the end of the
    /// expression (`runningTasksCount` with no operator) or for an empty expression.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The message without the position and without the help line.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The suggestion, if there is one (``did you mean `agentVersion`?``).
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }
}

/// Formats the optional help line.
struct HelpLine<'a>(Option<&'a str>);

impl fmt::Display for HelpLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(help) => write!(f, "\nhelp: {help}"),
            None => Ok(()),
        }
    }
}

/// Quotes user text for a message: in backticks, shortened to 60 characters.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("`{}`...", &text[..cut]),
        None => format!("`{text}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_offset_message_and_help() {
        let error = Error::new(
            ErrorKind::UnknownSubject,
            4..12,
            "unknown subject `agentVer`",
        )
        .with_help("did you mean `agentVersion`?");
        assert_eq!(
            error.to_string(),
            "at byte 4: unknown subject `agentVer`\nhelp: did you mean `agentVersion`?"
        );
        assert_eq!(error.span(), 4..12);
        assert_eq!(error.kind(), ErrorKind::UnknownSubject);
    }

    #[test]
    fn quote_shortens_long_text_on_char_boundaries() {
        let long = "é".repeat(100);
        let quoted = quote(&long);
        assert_eq!(quoted, format!("`{}`...", "é".repeat(60)));
        assert_eq!(quote("a b"), "`a b`");
    }
}
