//! Text to tree: the length and depth checks, the pest parse, and the walk over pest's
//! pairs that builds the [`Expr`], checking subjects, operators and values as it goes.
//!
//! Recursion here follows the pest tree, whose depth is bounded by the parentheses the
//! pre-scan allows (at most [`MAX_DEPTH`]); `and`/`or` chains and runs of `not` are loops.

use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use regex::Regex;

use crate::ast::{Argument, Arity, Condition, Expr, Node, Operand, Operator, Span, Subject, Value};
use crate::error::{Error, ErrorKind, quote};
use crate::scan::{Scan, is_space, scan, token_at};
use crate::suggest::suggest_subject;
use crate::value::{parse_bool, parse_count, parse_instant, parse_version};
use crate::{MAX_DEPTH, MAX_LEN};

/// The pest parser; private so that pest's types never reach the public API.
mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../../grammar/cql.pest"]
    pub(super) struct CqlParser;
}

use grammar::{CqlParser, Rule};

type Pair<'i> = pest::iterators::Pair<'i, Rule>;

/// Parses an expression (spec §3.1), reading and checking every value for its subject
/// and compiling every regex.
///
/// # Errors
///
/// Returns an [`Error`] for any text that is not a valid expression; its span points at
/// the offending text. Never panics, whatever the input.
pub fn parse(text: &str) -> Result<Expr, Error> {
    parse_limited(text, MAX_LEN)
}

/// [`parse`] with another length limit, for tests of inputs longer than the spec allows.
/// The nesting limit stays: it is what bounds the recursion.
pub(crate) fn parse_limited(text: &str, max_len: usize) -> Result<Expr, Error> {
    if let Some((cut, _)) = text.char_indices().nth(max_len) {
        let count = text.chars().count();
        return Err(Error::new(
            ErrorKind::TooLong,
            cut..text.len(),
            format!("expression is {count} characters long; at most {max_len} are allowed"),
        )
        .with_help(format!(
            "the text past the limit is {}",
            quote(&text[cut..])
        )));
    }
    if text.chars().all(is_space) {
        return Err(Error::new(
            ErrorKind::Empty,
            0..text.len(),
            "expression is empty",
        ));
    }
    let scanned = scan(text);
    if let Some(paren) = scanned.too_deep {
        let token = text.get(paren.clone()).unwrap_or("(");
        return Err(too_deep(paren.clone(), token));
    }
    let mut pairs =
        CqlParser::parse(Rule::expression, text).map_err(|e| syntax_error(&e, text, &scanned))?;
    // INVARIANT: a successful parse of `expression` yields one `expression` pair whose
    // first child is a `disjunction`.
    let disjunction = pairs
        .next()
        .and_then(|expression| expression.into_inner().next())
        .filter(|pair| pair.as_rule() == Rule::disjunction)
        .ok_or_else(|| internal(text))?;
    let builder = Builder { text };
    builder.disjunction(disjunction, 0)
}

/// The error for a pest tree that does not have the grammar's shape (unreachable).
fn internal(text: &str) -> Error {
    Error::new(
        ErrorKind::Syntax,
        0..text.len(),
        "expression could not be read",
    )
}

fn too_deep(span: std::ops::Range<usize>, token: &str) -> Error {
    Error::new(
        ErrorKind::TooDeep,
        span,
        format!("{} nests deeper than {MAX_DEPTH} levels", quote(token)),
    )
    .with_help("each `(` and each `not` adds a level; flatten the expression")
}

/// Turns pest's failure into an error with plain words for what was expected.
fn syntax_error(error: &pest::error::Error<Rule>, text: &str, scanned: &Scan) -> Error {
    let at = match error.location {
        InputLocation::Pos(at) => at,
        InputLocation::Span((start, _)) => start,
    }
    .min(text.len());
    if let Some(open) = scanned.open_quote.filter(|&open| open <= at) {
        let quote_char = text.get(open..open + 1).unwrap_or("'");
        return Error::new(
            ErrorKind::UnterminatedQuote,
            open..text.len(),
            format!("unterminated quote {}", quote(&text[open..])),
        )
        .with_help(format!("add the closing {quote_char}"));
    }
    let token = token_at(text, at);
    if token.is_empty()
        && let Some(open) = scanned.open_list.filter(|&open| open <= at)
    {
        return Error::new(
            ErrorKind::UnterminatedList,
            open..text.len(),
            format!("unterminated list {}", quote(&text[open..])),
        )
        .with_help("add the closing `]`");
    }
    let found = if token.is_empty() {
        "end of expression".to_owned()
    } else {
        quote(&text[token.clone()])
    };
    let mut words: Vec<&str> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for word in positives.iter().filter_map(|&rule| describe(rule)) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    words.sort_by_key(|word| WORD_ORDER.iter().position(|w| w == word));
    let message = match words.split_last() {
        None => format!("unexpected {found}"),
        Some((last, [])) => format!("unexpected {found}; expected {last}"),
        Some((last, rest)) => format!("unexpected {found}; expected {} or {last}", rest.join(", ")),
    };
    let mut error = Error::new(ErrorKind::Syntax, token.clone(), message);
    if text[token]
        .chars()
        .any(|c| !is_space(c) && !crate::scan::is_bare(c))
        && words == ["a value"]
    {
        error = error.with_help("quote a value that contains symbols or white space");
    }
    error
}

/// The order in which expected words are listed.
const WORD_ORDER: [&str; 13] = [
    "a condition, `not` or `(`",
    "a subject",
    "`not`",
    "`(`",
    "an operator",
    "a value",
    "a list",
    "`,`",
    "`]`",
    "`and`",
    "`or`",
    "`)`",
    "the end of the expression",
];

/// What a grammar rule stands for, in words, when pest says it expected it.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::expression | Rule::disjunction | Rule::conjunction | Rule::negation => {
            "a condition, `not` or `(`"
        }
        Rule::condition | Rule::subject => "a subject",
        Rule::not_op => "`not`",
        Rule::group | Rule::open_paren => "`(`",
        Rule::close_paren => "`)`",
        Rule::or_op => "`or`",
        Rule::and_op => "`and`",
        Rule::exists_tail
        | Rule::list_tail
        | Rule::value_tail
        | Rule::exists_op
        | Rule::list_op
        | Rule::value_op => "an operator",
        Rule::list | Rule::list_open => "a list",
        Rule::value | Rule::quoted | Rule::bare => "a value",
        Rule::comma => "`,`",
        Rule::list_close => "`]`",
        Rule::EOI => "the end of the expression",
        Rule::primary => "a condition, `not` or `(`",
        Rule::extra_argument
        | Rule::keyword
        | Rule::WHITESPACE
        | Rule::bare_char
        | Rule::word_end => return None,
    })
}

/// The span of a pair, without the white space pest may have skipped after its last
/// token (implicit white space is consumed before an optional part that then fails).
fn span_of(pair: &Pair<'_>) -> Span {
    let start = pair.as_span().start();
    Span {
        start,
        end: start + pair.as_str().trim_end_matches(is_space).len(),
    }
}

/// Builds the tree from pest's pairs.
struct Builder<'t> {
    text: &'t str,
}

impl Builder<'_> {
    fn disjunction(&self, pair: Pair<'_>, depth: usize) -> Result<Expr, Error> {
        let mut items = Vec::new();
        for child in pair.into_inner() {
            if child.as_rule() == Rule::conjunction {
                match self.conjunction(child, depth)? {
                    Expr {
                        node: Node::Or(inner),
                        ..
                    } => items.extend(inner),
                    expr => items.push(expr),
                }
            }
        }
        self.combine(items, Node::Or)
    }

    fn conjunction(&self, pair: Pair<'_>, depth: usize) -> Result<Expr, Error> {
        let mut items = Vec::new();
        for child in pair.into_inner() {
            if child.as_rule() == Rule::negation {
                match self.negation(child, depth)? {
                    Expr {
                        node: Node::And(inner),
                        ..
                    } => items.extend(inner),
                    expr => items.push(expr),
                }
            }
        }
        self.combine(items, Node::And)
    }

    /// One operand stays itself; more become an n-ary node spanning them all.
    fn combine(&self, mut items: Vec<Expr>, make: fn(Vec<Expr>) -> Node) -> Result<Expr, Error> {
        match items.len() {
            0 => Err(internal(self.text)),
            1 => Ok(items.remove(0)),
            _ => {
                let start = items.first().map_or(0, |e| e.span.start);
                let end = items.last().map_or(0, |e| e.span.end);
                Ok(Expr {
                    node: make(items),
                    span: Span { start, end },
                })
            }
        }
    }

    fn negation(&self, pair: Pair<'_>, depth: usize) -> Result<Expr, Error> {
        let mut nots = Vec::new();
        let mut primary = None;
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::not_op => {
                    let level = depth + nots.len() + 1;
                    if level > MAX_DEPTH {
                        return Err(too_deep(span_of(&child).range(), child.as_str()));
                    }
                    nots.push(span_of(&child));
                }
                Rule::group | Rule::condition => primary = Some(child),
                _ => {}
            }
        }
        let primary = primary.ok_or_else(|| internal(self.text))?;
        let mut expr = match primary.as_rule() {
            Rule::group => self.group(primary, depth + nots.len())?,
            _ => self.condition(primary)?,
        };
        for not in nots.into_iter().rev() {
            let span = Span {
                start: not.start,
                end: expr.span.end,
            };
            expr = Expr {
                node: Node::Not(Box::new(expr)),
                span,
            };
        }
        Ok(expr)
    }

    fn group(&self, pair: Pair<'_>, depth: usize) -> Result<Expr, Error> {
        let span = span_of(&pair);
        if depth + 1 > MAX_DEPTH {
            return Err(too_deep(span.start..span.start + 1, "("));
        }
        let inner = pair
            .into_inner()
            .find(|child| child.as_rule() == Rule::disjunction)
            .ok_or_else(|| internal(self.text))?;
        let mut expr = self.disjunction(inner, depth + 1)?;
        expr.span = span;
        Ok(expr)
    }

    fn condition(&self, pair: Pair<'_>) -> Result<Expr, Error> {
        let span = span_of(&pair);
        let mut children = pair.into_inner();
        let (Some(subject), Some(tail)) = (children.next(), children.next()) else {
            return Err(internal(self.text));
        };
        let subject_span = span_of(&subject);
        let subject = read_subject(subject.as_str(), subject_span)?;
        let mut tail = tail.into_inner();
        let operator_pair = tail.next().ok_or_else(|| internal(self.text))?;
        let operator_span = span_of(&operator_pair);
        let operator =
            Operator::from_token(operator_pair.as_str()).ok_or_else(|| internal(self.text))?;
        if !subject.accepts(operator) {
            let accepted: Vec<String> = Operator::ALL
                .into_iter()
                .filter(|&op| subject.accepts(op))
                .map(|op| format!("`{op}`"))
                .collect();
            return Err(Error::new(
                ErrorKind::OperatorNotAccepted,
                operator_span.range(),
                format!(
                    "`{subject}` does not accept {}",
                    quote(operator_pair.as_str())
                ),
            )
            .with_help(format!("`{subject}` accepts {}", accepted.join(", "))));
        }
        let mut argument = None;
        let mut extras = Vec::new();
        for child in tail {
            match child.as_rule() {
                Rule::list | Rule::value => argument = Some(child),
                Rule::extra_argument => extras.push(child),
                _ => {}
            }
        }
        let argument = read_argument(operator, operator_pair.as_str(), operator_span, argument)?;
        let operand = read_operand(&subject, operator, &argument)?;
        if let Some(extra) = extras.first() {
            let what = match operator.arity() {
                Arity::Nothing => format!("{} takes no argument", quote(operator_pair.as_str())),
                Arity::One => format!(
                    "{} takes one value; quote a value that contains white space",
                    quote(operator_pair.as_str())
                ),
                Arity::List => format!("{} takes one list", quote(operator_pair.as_str())),
            };
            return Err(Error::new(
                ErrorKind::ExtraArgument,
                span_of(extra).range(),
                format!("unexpected extra argument {}", quote(extra.as_str())),
            )
            .with_help(what));
        }
        let condition = Condition {
            subject,
            operator,
            argument,
            operand,
            span,
        };
        Ok(Expr {
            node: Node::Condition(condition),
            span,
        })
    }
}

/// The names of the subjects other than `attribute:NAME`, canonical spelling.
pub(crate) const FIXED_SUBJECTS: [(&str, Subject); 6] = [
    ("task:group", Subject::TaskGroup),
    ("ec2InstanceId", Subject::Ec2InstanceId),
    ("agentConnected", Subject::AgentConnected),
    ("agentVersion", Subject::AgentVersion),
    ("registeredAt", Subject::RegisteredAt),
    ("runningTasksCount", Subject::RunningTasksCount),
];

const ATTRIBUTE_PREFIX: &str = "attribute:";

fn read_subject(token: &str, span: Span) -> Result<Subject, Error> {
    if let Some(prefix) = token.get(..ATTRIBUTE_PREFIX.len())
        && prefix.eq_ignore_ascii_case(ATTRIBUTE_PREFIX)
    {
        let name = &token[ATTRIBUTE_PREFIX.len()..];
        if name.is_empty() {
            return Err(Error::new(
                ErrorKind::UnknownSubject,
                span.range(),
                format!("missing attribute name after {}", quote(token)),
            )
            .with_help("write `attribute:NAME`, like `attribute:ecs.instance-type`"));
        }
        return Ok(Subject::Attribute(name.to_owned()));
    }
    if let Some((_, subject)) = FIXED_SUBJECTS
        .iter()
        .find(|(name, _)| token.eq_ignore_ascii_case(name))
    {
        return Ok(subject.clone());
    }
    let error = Error::new(
        ErrorKind::UnknownSubject,
        span.range(),
        format!("unknown subject {}", quote(token)),
    );
    Err(match suggest_subject(token) {
        Some(suggestion) => error.with_help(format!("did you mean `{suggestion}`?")),
        None => error.with_help(format!(
            "subjects are `attribute:NAME`, {}",
            FIXED_SUBJECTS
                .iter()
                .map(|(name, _)| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    })
}

/// Checks the argument's presence and shape against the operator.
fn read_argument(
    operator: Operator,
    spelled: &str,
    operator_span: Span,
    argument: Option<Pair<'_>>,
) -> Result<Argument, Error> {
    let Some(argument) = argument else {
        return match operator.arity() {
            Arity::Nothing => Ok(Argument::None),
            Arity::One => Err(Error::new(
                ErrorKind::MissingArgument,
                operator_span.range(),
                format!("missing value after {}", quote(spelled)),
            )),
            Arity::List => Err(Error::new(
                ErrorKind::MissingArgument,
                operator_span.range(),
                format!("missing list after {}", quote(spelled)),
            )
            .with_help("write a list like `[a, b]`")),
        };
    };
    let span = span_of(&argument);
    match (operator.arity(), argument.as_rule()) {
        (Arity::List, Rule::list) => {
            let written = argument.as_str();
            let values: Vec<Value> = argument
                .into_inner()
                .filter(|p| p.as_rule() == Rule::value)
                .map(read_value)
                .collect();
            if values.is_empty() {
                return Err(Error::new(
                    ErrorKind::EmptyList,
                    span.range(),
                    format!("empty list {}", quote(written)),
                )
                .with_help("a list needs at least one value"));
            }
            Ok(Argument::List(values))
        }
        (Arity::List, _) => Err(Error::new(
            ErrorKind::ArgumentMismatch,
            span.range(),
            format!(
                "{} takes a list, not the single value {}",
                quote(spelled),
                quote(argument.as_str())
            ),
        )
        .with_help(format!("write `[{}]`", argument.as_str()))),
        (_, Rule::list) => Err(Error::new(
            ErrorKind::ArgumentMismatch,
            span.range(),
            format!(
                "{} takes one value, not the list {}",
                quote(spelled),
                quote(argument.as_str())
            ),
        )
        .with_help("use `in` to compare with a list")),
        _ => Ok(Argument::One(read_value(argument))),
    }
}

/// Reads a `value` pair: its text without quotes, and its span with them.
fn read_value(pair: Pair<'_>) -> Value {
    let span = span_of(&pair);
    let raw = pair.as_str();
    let quoted = pair
        .into_inner()
        .next()
        .is_some_and(|inner| inner.as_rule() == Rule::quoted);
    // INVARIANT: a quoted value starts and ends with a one-byte quote character.
    let text = if quoted {
        raw.get(1..raw.len().saturating_sub(1)).unwrap_or("")
    } else {
        raw
    };
    Value {
        text: text.to_owned(),
        span,
    }
}

/// Reads the argument for its subject: the checks of spec §3.2 and the regex compilation.
fn read_operand(
    subject: &Subject,
    operator: Operator,
    argument: &Argument,
) -> Result<Operand, Error> {
    let values = argument.values();
    if matches!(operator, Operator::Exists | Operator::NotExists) {
        return Ok(Operand::Text);
    }
    if matches!(operator, Operator::Matches | Operator::NotMatches) {
        return match values.first() {
            Some(value) => compile_regex(value).map(Operand::Regex),
            None => Ok(Operand::Text),
        };
    }
    let bad = |value: &Value, what: &str, help: &str| {
        Error::new(
            ErrorKind::BadValue,
            value.span.range(),
            format!("{} is not {what}", quote(&value.text)),
        )
        .with_help(help.to_owned())
    };
    let first = values.first();
    match subject {
        Subject::Attribute(_) | Subject::TaskGroup | Subject::Ec2InstanceId => Ok(Operand::Text),
        Subject::AgentConnected => values
            .iter()
            .map(|v| {
                parse_bool(&v.text).ok_or_else(|| bad(v, "a boolean", "write `true` or `false`"))
            })
            .collect::<Result<Vec<bool>, Error>>()
            .map(Operand::Bools),
        Subject::AgentVersion => {
            let value = first.ok_or_else(|| internal(""))?;
            parse_version(&value.text)
                .map(Operand::Version)
                .ok_or_else(|| {
                    bad(
                        value,
                        "an agent version",
                        "write 1 to 4 dot-separated numbers, like `1.14.5`",
                    )
                })
        }
        Subject::RegisteredAt => {
            let value = first.ok_or_else(|| internal(""))?;
            parse_instant(&value.text)
                .map(Operand::Instant)
                .ok_or_else(|| {
                    bad(
                        value,
                        "a date",
                        "write `2018-06-18T22:28:28+00:00`, `2018-06-18T22:28:28Z`, \
                     `2018-06-18T22:28:28` or `2018-06-18`",
                    )
                })
        }
        Subject::RunningTasksCount => {
            let value = first.ok_or_else(|| internal(""))?;
            parse_count(&value.text).map(Operand::Count).ok_or_else(|| {
                bad(
                    value,
                    "a task count",
                    "write decimal digits only, below 4294967296",
                )
            })
        }
    }
}

/// Compiles a pattern that must match the whole value: `^(?:PATTERN)$`. The pattern is
/// first compiled alone, so that one like `a)|(b` cannot escape the wrapping group.
fn compile_regex(value: &Value) -> Result<Regex, Error> {
    let pattern = &value.text;
    let fail = |error: regex::Error| {
        let reason = match &error {
            regex::Error::Syntax(text) => text
                .lines()
                .rev()
                .find_map(|line| line.strip_prefix("error: "))
                .unwrap_or("invalid syntax")
                .to_owned(),
            regex::Error::CompiledTooBig(limit) => {
                format!("too large to compile (limit {limit} bytes)")
            }
            _ => "cannot be compiled".to_owned(),
        };
        Error::new(
            ErrorKind::BadRegex,
            value.span.range(),
            format!("bad regex {}: {reason}", quote(pattern)),
        )
    };
    if let Some(regex) = cached_regex(pattern) {
        return Ok(regex);
    }
    Regex::new(pattern).map_err(fail)?;
    let regex = Regex::new(&format!("^(?:{pattern})$")).map_err(fail)?;
    remember_regex(pattern, &regex);
    Ok(regex)
}

/// Patterns compiled so far (a scheduler parses the same few expressions on every call, and
/// compiling a regex costs far more than the rest of a parse). A `Regex` clone shares the
/// compiled program. Bounded: emptied when full.
static REGEX_CACHE: std::sync::Mutex<Option<std::collections::HashMap<String, Regex>>> =
    std::sync::Mutex::new(None);

/// Entries kept at most in [`REGEX_CACHE`].
const REGEX_CACHE_LIMIT: usize = 256;

fn cached_regex(pattern: &str) -> Option<Regex> {
    let cache = REGEX_CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.as_ref()?.get(pattern).cloned()
}

fn remember_regex(pattern: &str, regex: &Regex) {
    let mut cache = REGEX_CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let map = cache.get_or_insert_with(std::collections::HashMap::new);
    if map.len() >= REGEX_CACHE_LIMIT {
        map.clear();
    }
    map.insert(pattern.to_owned(), regex.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_words_for_common_mistakes() {
        let message = |text: &str| parse(text).map(|_| ()).unwrap_err().message().to_owned();
        assert_eq!(
            message("attribute:x"),
            "unexpected end of expression; expected an operator"
        );
        assert_eq!(
            message("attribute:x exists )"),
            "unexpected `)`; expected `and`, `or` or the end of the expression"
        );
        assert_eq!(
            message("and"),
            "unexpected `and`; expected a condition, `not` or `(`"
        );
        assert_eq!(
            message("(attribute:x exists"),
            "unexpected end of expression; expected `and`, `or` or `)`"
        );
        assert_eq!(
            message("attribute:x in [a,]"),
            "unexpected `]`; expected a value"
        );
        assert_eq!(
            message("attribute:x in [a b]"),
            "unexpected `b`; expected `,` or `]`"
        );
    }

    #[test]
    fn regex_is_anchored_and_cannot_escape_its_group() {
        let value = Value {
            text: "a)|(b".to_owned(),
            span: Span::default(),
        };
        assert_eq!(
            compile_regex(&value).unwrap_err().kind(),
            ErrorKind::BadRegex
        );
        let value = Value {
            text: "t2.*".to_owned(),
            span: Span::default(),
        };
        let regex = compile_regex(&value).unwrap();
        assert!(regex.is_match("t2.micro"));
        assert!(!regex.is_match("xt2.micro"));
    }
}
