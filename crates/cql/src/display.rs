//! Canonical text: lower-case keywords, symbol operators, canonical subject names, values
//! bare when they can be, quoted otherwise, and only the parentheses precedence needs.
//!
//! The printed text parses back to an equal tree: it uses no more nesting than the text
//! it was parsed from, but it spaces tokens out, so it may exceed the 2000-character
//! limit when the original was written tightly near that limit.

use std::fmt;

use crate::ast::{Argument, Condition, Expr, Node};
use crate::scan::is_bare;

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.node {
            Node::Or(items) => write_joined(f, items, " or ", |_| false),
            Node::And(items) => {
                write_joined(f, items, " and ", |item| matches!(item.node, Node::Or(_)))
            }
            Node::Not(inner) => {
                f.write_str("not ")?;
                write_operand(f, inner, matches!(inner.node, Node::Or(_) | Node::And(_)))
            }
            Node::Condition(condition) => condition.fmt(f),
        }
    }
}

fn write_joined(
    f: &mut fmt::Formatter<'_>,
    items: &[Expr],
    separator: &str,
    needs_parens: impl Fn(&Expr) -> bool,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        write_operand(f, item, needs_parens(item))?;
    }
    Ok(())
}

fn write_operand(f: &mut fmt::Formatter<'_>, expr: &Expr, parens: bool) -> fmt::Result {
    if parens {
        write!(f, "({expr})")
    } else {
        write!(f, "{expr}")
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.subject, self.operator)?;
        match &self.argument {
            Argument::None => Ok(()),
            Argument::One(value) => {
                f.write_str(" ")?;
                write_value(f, value.text())
            }
            Argument::List(values) => {
                f.write_str(" [")?;
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_value(f, value.text())?;
                }
                f.write_str("]")
            }
        }
    }
}

/// A value bare when every character may be bare, else in the quote it does not contain.
fn write_value(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    if !text.is_empty() && text.chars().all(is_bare) {
        f.write_str(text)
    } else if text.contains('\'') {
        write!(f, "\"{text}\"")
    } else {
        write!(f, "'{text}'")
    }
}

#[cfg(test)]
mod tests {
    use crate::parse;

    #[test]
    fn prints_canonical_text() {
        let cases = [
            (
                "ATTRIBUTE:a exists AND attribute:b EQUALS 1 || RunningTasksCount>=02",
                "attribute:a exists and attribute:b == 1 or runningTasksCount >= 02",
            ),
            (
                "attribute:a exists and (attribute:b == 1 or attribute:c not_exists)",
                "attribute:a exists and (attribute:b == 1 or attribute:c !exists)",
            ),
            (
                "!(attribute:a==\"x y\"&&task:group=~'(a|b)') || NOT NOT agentconnected in [TRUE,'false']",
                "not (attribute:a == 'x y' and task:group =~ '(a|b)') or not not agentConnected in [TRUE, false]",
            ),
            ("attribute:x == \"it's\"", "attribute:x == \"it's\""),
            ("attribute:x == ''", "attribute:x == ''"),
            ("attribute:x == and", "attribute:x == and"),
            ("((attribute:x exists))", "attribute:x exists"),
            ("attribute:x NOT_IN ['a']", "attribute:x !in [a]"),
        ];
        for (text, expected) in cases {
            let expr = parse(text).unwrap();
            assert_eq!(expr.to_string(), expected, "{text}");
            assert_eq!(parse(expected).unwrap(), expr, "{text}");
        }
    }
}
