//! The reference interpreter: a direct walk of the tree over one instance's facts, and
//! the per-value tests of spec §3.3 that the compiled predicate reuses.

use std::cmp::Ordering;

use crate::ast::{Condition, Expr, Node, Operand, Operator, Subject};
use crate::value::{parse_version, text_order};

/// What the interpreter needs to know about one container instance.
///
/// `None` means the snapshot lacks the field: every operator on it is false.
pub trait InstanceFacts {
    /// The attribute `name` (case-sensitive): `None` when the instance lacks it,
    /// `Some(None)` when it is present without a value, `Some(Some(value))` otherwise.
    fn attribute(&self, name: &str) -> Option<Option<&str>>;
    /// `ec2InstanceId`.
    fn ec2_instance_id(&self) -> Option<&str>;
    /// `agentConnected`.
    fn agent_connected(&self) -> Option<bool>;
    /// `versionInfo.agentVersion` as the snapshot has it. A string that is not 1 to 4
    /// dot-separated numbers counts as missing.
    fn agent_version(&self) -> Option<&str>;
    /// `registeredAt` in nanoseconds since 1970-01-01T00:00:00Z.
    fn registered_at(&self) -> Option<i128>;
    /// `runningTasksCount` as of the task being placed (spec §5).
    fn running_tasks_count(&self) -> u64;
    /// The groups of the instance's counted tasks (spec §5), in any order, repeats allowed.
    fn groups(&self) -> impl Iterator<Item = &str>;
}

/// Evaluates an expression over one instance: the reference semantics of spec §3.3.
///
/// `and`/`or` short-circuit left to right; the result does not depend on it.
pub fn evaluate(expr: &Expr, facts: &impl InstanceFacts) -> bool {
    // Recursion depth is bounded by the parser's nesting limit (see `ast`).
    match &expr.node {
        Node::Or(items) => items.iter().any(|item| evaluate(item, facts)),
        Node::And(items) => items.iter().all(|item| evaluate(item, facts)),
        Node::Not(inner) => !evaluate(inner, facts),
        Node::Condition(condition) => condition.evaluate(facts),
    }
}

impl Expr {
    /// Evaluates the expression over one instance; see [`evaluate`].
    pub fn evaluate(&self, facts: &impl InstanceFacts) -> bool {
        evaluate(self, facts)
    }
}

impl Condition {
    /// Evaluates the condition over one instance.
    pub fn evaluate(&self, facts: &impl InstanceFacts) -> bool {
        let op = self.operator;
        match &self.subject {
            Subject::Attribute(name) => match facts.attribute(name) {
                None => op == Operator::NotExists,
                Some(value) => match op {
                    Operator::Exists => true,
                    Operator::NotExists => false,
                    _ => value.is_some_and(|value| self.test_text(value)),
                },
            },
            Subject::TaskGroup => match op {
                Operator::Exists => facts.groups().next().is_some(),
                Operator::NotExists => facts.groups().next().is_none(),
                _ => facts.groups().any(|group| self.test_text(group)),
            },
            Subject::Ec2InstanceId => facts.ec2_instance_id().is_some_and(|id| self.test_text(id)),
            Subject::AgentConnected => facts.agent_connected().is_some_and(|b| self.test_bool(b)),
            Subject::AgentVersion => facts.agent_version().is_some_and(|v| self.test_version(v)),
            Subject::RegisteredAt => facts.registered_at().is_some_and(|t| self.test_instant(t)),
            Subject::RunningTasksCount => self.test_count(facts.running_tasks_count()),
        }
    }

    /// `value OP argument` for a present text value (attribute value, group name, EC2 id):
    /// exact string comparison for `==`/`!=`/`in`/`!in`, decimal-or-byte ordering for
    /// `>`/`>=`/`<`/`<=`, whole-value regex match for `=~`/`!~`.
    pub(crate) fn test_text(&self, value: &str) -> bool {
        let values = self.argument.values();
        let first = values.first().map_or("", |v| v.text());
        match (self.operator, &self.operand) {
            (Operator::Matches, Operand::Regex(regex)) => regex.is_match(value),
            (Operator::NotMatches, Operand::Regex(regex)) => !regex.is_match(value),
            (Operator::Eq | Operator::In, _) => values.iter().any(|v| v.text() == value),
            (Operator::Ne | Operator::NotIn, _) => values.iter().all(|v| v.text() != value),
            (op @ (Operator::Gt | Operator::Ge | Operator::Lt | Operator::Le), _) => {
                order_holds(op, text_order(value, first))
            }
            _ => false,
        }
    }

    /// `agentConnected OP argument`; `=~`/`!~` match the text `true`/`false`.
    pub(crate) fn test_bool(&self, value: bool) -> bool {
        match (self.operator, &self.operand) {
            (Operator::Matches | Operator::NotMatches, Operand::Regex(_)) => {
                self.test_text(if value { "true" } else { "false" })
            }
            (Operator::Eq | Operator::In, Operand::Bools(items)) => items.contains(&value),
            (Operator::Ne | Operator::NotIn, Operand::Bools(items)) => !items.contains(&value),
            _ => false,
        }
    }

    /// `agentVersion OP argument` for the raw snapshot string; unreadable means missing.
    pub(crate) fn test_version(&self, raw: &str) -> bool {
        match (&self.operand, parse_version(raw)) {
            (Operand::Version(literal), Some(version)) => {
                order_holds(self.operator, version.cmp(literal))
            }
            _ => false,
        }
    }

    /// `registeredAt OP argument`.
    pub(crate) fn test_instant(&self, instant: i128) -> bool {
        match &self.operand {
            Operand::Instant(literal) => order_holds(self.operator, instant.cmp(literal)),
            _ => false,
        }
    }

    /// `runningTasksCount OP argument`.
    pub(crate) fn test_count(&self, count: u64) -> bool {
        match &self.operand {
            Operand::Count(literal) => order_holds(self.operator, count.cmp(literal)),
            _ => false,
        }
    }
}

/// Whether `value OP literal` holds, given `value.cmp(literal)`.
fn order_holds(op: Operator, ordering: Ordering) -> bool {
    match op {
        Operator::Eq => ordering.is_eq(),
        Operator::Ne => ordering.is_ne(),
        Operator::Gt => ordering.is_gt(),
        Operator::Ge => ordering.is_ge(),
        Operator::Lt => ordering.is_lt(),
        Operator::Le => ordering.is_le(),
        _ => false,
    }
}
