//! The syntax tree: expressions, conditions, subjects, operators and arguments.
//!
//! Trees are only built by [`parse`](crate::parse()), which guarantees their shape:
//! `and`/`or` are n-ary and flattened (a chain of any length is one node, never nested
//! children of the same kind), and the nesting depth is at most [`MAX_DEPTH`](crate::MAX_DEPTH)
//! levels of `not` and parentheses. Every recursive walk in this crate relies on that bound.
//! Spans are kept for messages and `--explain`, and ignored by `==`.

use std::fmt;
use std::ops::Range;

use regex::Regex;

use crate::value::Version;

/// A byte range into the parsed text. Ignored by equality.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Span {
    pub(crate) fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// A parsed expression: a compound of conditions, with the byte span it covers.
///
/// `==` compares the trees and ignores spans and spelling: `A AND b` equals `a && b` up to
/// the case of subject names (attribute names and values are compared exactly).
/// `Display` prints the canonical text: lower-case keywords, symbol operators,
/// canonical subject names, values bare when possible, and the fewest parentheses.
#[derive(Clone, Debug)]
pub struct Expr {
    pub(crate) node: Node,
    pub(crate) span: Span,
}

/// The shape of an expression node. Private so that only the parser builds trees.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// Two or more operands, none of them an `Or`.
    Or(Vec<Expr>),
    /// Two or more operands, none of them an `And`.
    And(Vec<Expr>),
    Not(Box<Expr>),
    Condition(Condition),
}

impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

/// A read-only view of one node of an [`Expr`].
#[derive(Clone, Copy, Debug)]
pub enum ExprView<'a> {
    /// `a or b or ...`: two or more operands, none of which is itself an `Or`.
    Or(&'a [Expr]),
    /// `a and b and ...`: two or more operands, none of which is itself an `And`.
    And(&'a [Expr]),
    /// `not a`.
    Not(&'a Expr),
    /// A simple expression `subject operator [argument]`.
    Condition(&'a Condition),
}

impl Expr {
    /// This node's shape and children.
    pub fn view(&self) -> ExprView<'_> {
        match &self.node {
            Node::Or(items) => ExprView::Or(items),
            Node::And(items) => ExprView::And(items),
            Node::Not(inner) => ExprView::Not(inner),
            Node::Condition(condition) => ExprView::Condition(condition),
        }
    }

    /// The byte range this node covers in the parsed text, including the parentheses
    /// written around it and the `not` written before it.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }

    /// Whether the expression reads `task:group` or `runningTasksCount`, which change as
    /// tasks are placed (spec §3.3); the other subjects are fixed for a snapshot.
    pub fn is_dynamic(&self) -> bool {
        match &self.node {
            Node::Or(items) | Node::And(items) => items.iter().any(Expr::is_dynamic),
            Node::Not(inner) => inner.is_dynamic(),
            Node::Condition(condition) => condition.subject.is_dynamic(),
        }
    }

    /// Every condition of the expression, left to right.
    pub fn conditions(&self) -> Vec<&Condition> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(expr) = stack.pop() {
            match &expr.node {
                Node::Or(items) | Node::And(items) => stack.extend(items.iter().rev()),
                Node::Not(inner) => stack.push(inner),
                Node::Condition(condition) => out.push(condition),
            }
        }
        out
    }
}

/// What a condition looks at on a container instance (spec §3.2).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    /// `attribute:NAME`; the name is case-sensitive.
    Attribute(String),
    /// `task:group`: the groups of the instance's counted tasks.
    TaskGroup,
    /// `ec2InstanceId`.
    Ec2InstanceId,
    /// `agentConnected`.
    AgentConnected,
    /// `agentVersion`.
    AgentVersion,
    /// `registeredAt`.
    RegisteredAt,
    /// `runningTasksCount`.
    RunningTasksCount,
}

impl Subject {
    /// Whether the subject changes as tasks are placed (`task:group`, `runningTasksCount`).
    pub fn is_dynamic(&self) -> bool {
        matches!(self, Subject::TaskGroup | Subject::RunningTasksCount)
    }

    /// Whether the subject accepts the operator (the table of spec §3.2).
    pub fn accepts(&self, operator: Operator) -> bool {
        use Operator::*;
        match self {
            Subject::Attribute(_) | Subject::TaskGroup => true,
            Subject::Ec2InstanceId | Subject::AgentConnected => {
                matches!(operator, Eq | Ne | In | NotIn | Matches | NotMatches)
            }
            Subject::AgentVersion | Subject::RegisteredAt | Subject::RunningTasksCount => {
                matches!(operator, Eq | Ne | Gt | Ge | Lt | Le)
            }
        }
    }
}

impl Subject {
    /// The canonical name of the subject's kind: `attribute` for every `attribute:NAME`,
    /// else the subject itself (`task:group`, `agentVersion`, ...).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Subject::Attribute(_) => "attribute",
            Subject::TaskGroup => "task:group",
            Subject::Ec2InstanceId => "ec2InstanceId",
            Subject::AgentConnected => "agentConnected",
            Subject::AgentVersion => "agentVersion",
            Subject::RegisteredAt => "registeredAt",
            Subject::RunningTasksCount => "runningTasksCount",
        }
    }
}

impl fmt::Display for Subject {
    /// The canonical spelling: `attribute:NAME`, `task:group`, `agentVersion`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Attribute(name) => write!(f, "attribute:{name}"),
            other => f.write_str(other.kind_name()),
        }
    }
}

/// An operator of spec §3.1, whichever way it was spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `==`, `equals`.
    Eq,
    /// `!=`, `not_equals`.
    Ne,
    /// `>`, `greater_than`.
    Gt,
    /// `>=`, `greater_than_equal`.
    Ge,
    /// `<`, `less_than`.
    Lt,
    /// `<=`, `less_than_equal`.
    Le,
    /// `exists`.
    Exists,
    /// `!exists`, `not_exists`.
    NotExists,
    /// `in`.
    In,
    /// `!in`, `not_in`.
    NotIn,
    /// `=~`, `matches`.
    Matches,
    /// `!~`, `not_matches`.
    NotMatches,
}

impl Operator {
    /// Every operator, in the order of the spec's table.
    pub const ALL: [Operator; 12] = [
        Operator::Eq,
        Operator::Ne,
        Operator::Gt,
        Operator::Ge,
        Operator::Lt,
        Operator::Le,
        Operator::Exists,
        Operator::NotExists,
        Operator::In,
        Operator::NotIn,
        Operator::Matches,
        Operator::NotMatches,
    ];

    /// The canonical (symbol) spelling: `==`, `!in`, `exists`, ...
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::Eq => "==",
            Operator::Ne => "!=",
            Operator::Gt => ">",
            Operator::Ge => ">=",
            Operator::Lt => "<",
            Operator::Le => "<=",
            Operator::Exists => "exists",
            Operator::NotExists => "!exists",
            Operator::In => "in",
            Operator::NotIn => "!in",
            Operator::Matches => "=~",
            Operator::NotMatches => "!~",
        }
    }

    /// The word spelling: `equals`, `not_in`, `exists`, ...
    pub fn word(self) -> &'static str {
        match self {
            Operator::Eq => "equals",
            Operator::Ne => "not_equals",
            Operator::Gt => "greater_than",
            Operator::Ge => "greater_than_equal",
            Operator::Lt => "less_than",
            Operator::Le => "less_than_equal",
            Operator::Exists => "exists",
            Operator::NotExists => "not_exists",
            Operator::In => "in",
            Operator::NotIn => "not_in",
            Operator::Matches => "matches",
            Operator::NotMatches => "not_matches",
        }
    }

    /// Reads either spelling, in any case.
    pub(crate) fn from_token(token: &str) -> Option<Operator> {
        Operator::ALL.into_iter().find(|op| {
            token.eq_ignore_ascii_case(op.symbol()) || token.eq_ignore_ascii_case(op.word())
        })
    }

    /// What the operator takes after it.
    pub(crate) fn arity(self) -> Arity {
        match self {
            Operator::Exists | Operator::NotExists => Arity::Nothing,
            Operator::In | Operator::NotIn => Arity::List,
            _ => Arity::One,
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// What an operator takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arity {
    Nothing,
    One,
    List,
}

/// One value as written: its text without quotes, and its span (with quotes).
#[derive(Clone, Debug)]
pub struct Value {
    pub(crate) text: String,
    pub(crate) span: Span,
}

impl Value {
    /// The value's text, without the quotes it may have been written with.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The value's byte range, quotes included.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

/// The argument of a condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Argument {
    /// `exists` and `!exists` take none.
    None,
    /// The one value of `==`, `>`, `=~`, ...
    One(Value),
    /// The list of `in` and `!in`: at least one value.
    List(Vec<Value>),
}

impl Argument {
    /// The values, in order: none, one, or the list's items.
    pub fn values(&self) -> &[Value] {
        match self {
            Argument::None => &[],
            Argument::One(value) => std::slice::from_ref(value),
            Argument::List(values) => values,
        }
    }
}

/// A simple expression `subject operator [argument]`, with its argument already read
/// for the subject (versions, instants, counts, booleans, compiled regexes).
#[derive(Clone, Debug)]
pub struct Condition {
    pub(crate) subject: Subject,
    pub(crate) operator: Operator,
    pub(crate) argument: Argument,
    pub(crate) operand: Operand,
    pub(crate) span: Span,
}

impl PartialEq for Condition {
    fn eq(&self, other: &Self) -> bool {
        // The operand is read from the argument text, so it needs no comparison.
        self.subject == other.subject
            && self.operator == other.operator
            && self.argument == other.argument
    }
}

impl Condition {
    /// What the condition looks at.
    pub fn subject(&self) -> &Subject {
        &self.subject
    }

    /// The operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The argument as written.
    pub fn argument(&self) -> &Argument {
        &self.argument
    }

    /// The byte range of the condition.
    pub fn span(&self) -> Range<usize> {
        self.span.range()
    }
}

/// The argument read for its subject, once, at parse time.
#[derive(Clone, Debug)]
pub(crate) enum Operand {
    /// `exists`/`!exists`, or compared as text: the argument's values.
    Text,
    /// `=~`/`!~`: the pattern anchored to match the whole value.
    Regex(Regex),
    /// `agentConnected` values.
    Bools(Vec<bool>),
    /// The `agentVersion` value.
    Version(Version),
    /// The `registeredAt` value, nanoseconds since the epoch.
    Instant(i128),
    /// The `runningTasksCount` value.
    Count(u64),
}
