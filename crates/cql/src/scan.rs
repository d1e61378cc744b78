//! Character-level checks that run before pest sees the text, and the token finder used
//! to quote the offending text of a syntax error.
//!
//! The pre-scan bounds the recursion of the pest parser: its only recursive rule is
//! `group`, entered once per `(`, so refusing more than [`MAX_DEPTH`] open parentheses
//! up front bounds its stack use whatever the input.

use std::ops::Range;

use crate::MAX_DEPTH;

/// White space of spec §3.1: space, tab, carriage return, line feed.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// A character that may appear in a bare token (spec §3.1).
pub(crate) fn is_bare(c: char) -> bool {
    !is_space(c)
        && !matches!(
            c,
            '\'' | '"' | '(' | ')' | '[' | ']' | ',' | '&' | '|' | '!' | '=' | '<' | '>' | '~'
        )
}

/// What the pre-scan found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// The first `(` that opens a 65th level of parentheses.
    pub(crate) too_deep: Option<Range<usize>>,
    /// The start of a quote that is still open at the end of the text.
    pub(crate) open_quote: Option<usize>,
    /// The start of a `[` that is still open at the end of the text.
    pub(crate) open_list: Option<usize>,
}

/// Scans the text once, tracking quotes, parentheses and brackets outside quotes.
pub(crate) fn scan(text: &str) -> Scan {
    let mut result = Scan::default();
    let mut quote: Option<(char, usize)> = None;
    let mut depth = 0_usize;
    for (at, c) in text.char_indices() {
        if let Some((q, _)) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some((c, at)),
            '(' => {
                depth += 1;
                if depth > MAX_DEPTH && result.too_deep.is_none() {
                    result.too_deep = Some(at..at + 1);
                }
            }
            ')' => depth = depth.saturating_sub(1),
            '[' => result.open_list = Some(at),
            ']' => result.open_list = None,
            _ => {}
        }
    }
    result.open_quote = quote.map(|(_, at)| at);
    result
}

/// The byte range of the token starting at (or after white space from) `at`: a quoted
/// value (to its closing quote or the end), a bare run, `!in`/`!exists`, a two-character
/// symbol or a single character. At the end of the text it is the empty range there.
pub(crate) fn token_at(text: &str, at: usize) -> Range<usize> {
    let Some(rest) = text.get(at..) else {
        return text.len()..text.len();
    };
    let skipped = rest.len() - rest.trim_start_matches(is_space).len();
    let start = at + skipped;
    let rest = &rest[skipped..];
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return start..start;
    };
    let len = match first {
        '\'' | '"' => match rest[1..].find(first) {
            Some(close) => close + 2,
            None => rest.len(),
        },
        c if is_bare(c) => bare_len(rest),
        '!' => {
            let word = &rest[1..][..bare_len(&rest[1..])];
            if word.eq_ignore_ascii_case("in") || word.eq_ignore_ascii_case("exists") {
                1 + word.len()
            } else if rest[1..].starts_with(['=', '~']) {
                2
            } else {
                1
            }
        }
        _ => {
            const PAIRS: [&str; 6] = ["==", ">=", "<=", "=~", "&&", "||"];
            if PAIRS.iter().any(|p| rest.starts_with(p)) {
                2
            } else {
                first.len_utf8()
            }
        }
    };
    start..start + len
}

/// The length in bytes of the bare run at the start of `text`.
fn bare_len(text: &str) -> usize {
    text.find(|c: char| !is_bare(c)).unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_counts_parentheses_outside_quotes() {
        let deep = format!("{}a", "(".repeat(65));
        assert_eq!(scan(&deep).too_deep, Some(64..65));
        let ok = format!("{}a", "(".repeat(64));
        assert_eq!(scan(&ok).too_deep, None);
        let quoted = format!("x == '{}'", "(".repeat(100));
        let result = scan(&quoted);
        assert_eq!(result.too_deep, None);
        assert_eq!(result.open_quote, None);
        assert_eq!(scan("a == \"b").open_quote, Some(5));
        assert_eq!(scan("a in [b, c").open_list, Some(5));
        assert_eq!(scan("a in [b, c]").open_list, None);
    }

    #[test]
    fn tokens_are_found_like_the_grammar_splits_them() {
        let text = "a !in [x] !exists !=b 'q r' && é";
        let token = |at| &text[token_at(text, at)];
        assert_eq!(token(0), "a");
        assert_eq!(token(1), "!in");
        assert_eq!(token(5), "[");
        assert_eq!(token(10), "!exists");
        assert_eq!(token(18), "!=");
        assert_eq!(token(21), "'q r'");
        assert_eq!(token(27), "&&");
        assert_eq!(token(30), "é");
        assert_eq!(token_at(text, text.len()), text.len()..text.len());
        assert_eq!(token_at("a  ", 1), 3..3);
        assert_eq!(&"x 'open"[token_at("x 'open", 1)], "'open");
        assert_eq!(token_at("é", 1), 2..2);
    }
}
