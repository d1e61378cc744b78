//! `memberOf` constraints over the index: a whole-cluster bitset per call, and per-instance
//! evaluation and explanation for the instances whose state changes within the call.
//!
//! Leaf semantics are the query-language crate's (`Condition::evaluate`); this module only
//! decides *where* to evaluate: once per distinct attribute value or group (then spread
//! over the instances through the index's value sets), or once per instance for fields that
//! are not interned. A condition of the tree therefore costs `O(values + instances / 64)`
//! for attributes, and `And`/`Or`/`Not` are word-wise bitset operations.

use fixedbitset::FixedBitSet;

use ecs_place_cql::{Condition, Expr, ExprView, InstanceFacts, Subject};

use crate::detail::{self, Observed};
use crate::index::{ABSENT, ClusterIndex, NO_VALUE};

/// One instance as the query language sees it, the call's placed tasks included (spec §3.3:
/// `task:group` and `runningTasksCount` see the state as of the task being placed).
pub(crate) struct InstanceView<'a> {
    pub(crate) index: &'a ClusterIndex,
    pub(crate) instance: usize,
    /// Tasks of the request's group placed on the instance earlier in this call.
    pub(crate) placed: u32,
    pub(crate) request_group: &'a str,
}

impl InstanceFacts for InstanceView<'_> {
    fn attribute(&self, name: &str) -> Option<Option<&str>> {
        self.index
            .attributes
            .get(name)
            .and_then(|c| c.value(self.instance))
    }

    fn ec2_instance_id(&self) -> Option<&str> {
        self.index.ec2_ids[self.instance].as_deref()
    }

    fn agent_connected(&self) -> Option<bool> {
        self.index.agent_field[self.instance]
    }

    fn agent_version(&self) -> Option<&str> {
        self.index.agent_versions[self.instance].as_deref()
    }

    fn registered_at(&self) -> Option<i128> {
        self.index.registered_at[self.instance].map(|t| t.as_nanos())
    }

    fn running_tasks_count(&self) -> u64 {
        u64::from(self.index.running[self.instance]) + u64::from(self.placed)
    }

    fn groups(&self) -> impl Iterator<Item = &str> {
        let index = self.index;
        index
            .groups
            .on_instance(self.instance)
            .iter()
            .map(move |&(g, _)| index.groups.name(g))
            .chain((self.placed > 0).then_some(self.request_group))
    }
}

/// Facts holding one value of one subject: what a condition is tested against when it is
/// evaluated once per distinct value rather than once per instance.
#[derive(Default)]
struct OneValue<'a> {
    attribute: Option<Option<&'a str>>,
    group: Option<&'a str>,
}

impl InstanceFacts for OneValue<'_> {
    fn attribute(&self, _: &str) -> Option<Option<&str>> {
        self.attribute
    }
    fn ec2_instance_id(&self) -> Option<&str> {
        None
    }
    fn agent_connected(&self) -> Option<bool> {
        None
    }
    fn agent_version(&self) -> Option<&str> {
        None
    }
    fn registered_at(&self) -> Option<i128> {
        None
    }
    fn running_tasks_count(&self) -> u64 {
        0
    }
    fn groups(&self) -> impl Iterator<Item = &str> {
        self.group.into_iter()
    }
}

/// A `memberOf` constraint of the merged list.
#[derive(Clone, Debug)]
pub(crate) struct BoundMemberOf {
    /// 1-based position in the merged constraint list.
    pub(crate) position: usize,
    pub(crate) expression: String,
    pub(crate) expr: Expr,
    /// Reads `task:group` or `runningTasksCount`.
    pub(crate) dynamic: bool,
}

impl BoundMemberOf {
    pub(crate) fn new(position: usize, expression: &str, expr: &Expr) -> Self {
        Self {
            position,
            expression: expression.to_owned(),
            expr: expr.clone(),
            dynamic: expr.is_dynamic(),
        }
    }

    /// The instances of the whole index that satisfy the constraint in the index's state
    /// (no task of the current call placed yet).
    pub(crate) fn evaluate_all(&self, index: &ClusterIndex) -> FixedBitSet {
        evaluate_node(&self.expr, index)
    }

    /// Whether the constraint holds on one instance as of the task being placed.
    pub(crate) fn holds(&self, view: &InstanceView<'_>) -> bool {
        self.expr.evaluate(view)
    }

    /// The smallest sub-expression that makes the constraint false on the instance, and the
    /// failure detail sentence. INVARIANT: the constraint is false on `view`.
    pub(crate) fn why_false(&self, view: &InstanceView<'_>) -> (String, String) {
        let culprit = false_part(&self.expr, view);
        let text = culprit.to_string();
        let observed_value;
        let observed = match culprit.view() {
            ExprView::Condition(condition) => match condition.subject() {
                Subject::Attribute(name) => match view.attribute(name) {
                    Some(Some(value)) => Observed::AttributeValue { name, value },
                    Some(None) => Observed::AttributeWithoutValue { name },
                    None => Observed::AttributeMissing { name },
                },
                subject => {
                    observed_value = subject_value(subject, view);
                    Observed::Subject {
                        subject: subject_name(subject),
                        value: &observed_value,
                    }
                }
            },
            _ => Observed::Nothing,
        };
        let sentence = detail::member_of(self.position, &self.expression, &text, observed);
        (text, sentence)
    }
}

/// The operand that decides a false expression: the first false operand of an `and`, the
/// node itself for an `or` (all operands false), a `not` or a condition.
fn false_part<'e>(expr: &'e Expr, view: &InstanceView<'_>) -> &'e Expr {
    match expr.view() {
        ExprView::And(items) => match items.iter().find(|item| !item.evaluate(view)) {
            Some(item) => false_part(item, view),
            None => expr,
        },
        _ => expr,
    }
}

fn subject_name(subject: &Subject) -> &'static str {
    match subject {
        Subject::Attribute(_) => "attribute",
        Subject::TaskGroup => "task:group",
        Subject::Ec2InstanceId => "ec2InstanceId",
        Subject::AgentConnected => "agentConnected",
        Subject::AgentVersion => "agentVersion",
        Subject::RegisteredAt => "registeredAt",
        Subject::RunningTasksCount => "runningTasksCount",
    }
}

/// The instance's value of a built-in subject, as text (`none` when absent).
fn subject_value(subject: &Subject, view: &InstanceView<'_>) -> String {
    let i = view.instance;
    let index = view.index;
    let none = || "none".to_owned();
    match subject {
        Subject::Attribute(_) => none(),
        Subject::TaskGroup => {
            let mut groups: Vec<&str> = view.groups().collect();
            groups.sort_unstable();
            groups.dedup();
            if groups.is_empty() {
                none()
            } else {
                groups.join(", ")
            }
        }
        Subject::Ec2InstanceId => index.ec2_ids[i].as_deref().map_or_else(none, str::to_owned),
        Subject::AgentConnected => index.agent_field[i].map_or_else(none, |b| b.to_string()),
        Subject::AgentVersion => index.agent_versions[i]
            .as_deref()
            .map_or_else(none, str::to_owned),
        Subject::RegisteredAt => index.registered_at[i].map_or_else(none, |t| t.to_string()),
        Subject::RunningTasksCount => view.running_tasks_count().to_string(),
    }
}

/// Evaluates a node over every instance of the index, in the index's state.
fn evaluate_node(expr: &Expr, index: &ClusterIndex) -> FixedBitSet {
    // Recursion depth is bounded by the parser's nesting limit (spec §3.1: 64).
    match expr.view() {
        ExprView::And(items) => {
            let mut out = evaluate_node(&items[0], index);
            for item in &items[1..] {
                out.intersect_with(&evaluate_node(item, index));
            }
            out
        }
        ExprView::Or(items) => {
            let mut out = evaluate_node(&items[0], index);
            for item in &items[1..] {
                out.union_with(&evaluate_node(item, index));
            }
            out
        }
        ExprView::Not(inner) => {
            let mut out = evaluate_node(inner, index);
            out.toggle_range(..);
            out
        }
        ExprView::Condition(condition) => evaluate_condition(condition, index),
    }
}

fn evaluate_condition(condition: &Condition, index: &ClusterIndex) -> FixedBitSet {
    let n = index.len();
    let mut out = FixedBitSet::with_capacity(n);
    match condition.subject() {
        Subject::Attribute(name) => {
            let test = |attribute| {
                condition.evaluate(&OneValue {
                    attribute,
                    ..OneValue::default()
                })
            };
            let Some(column) = index.attributes.get(name) else {
                // No instance has it (or the projection left it out, which it never does
                // for a name the request's expressions use).
                if test(None) {
                    out.insert_range(..);
                }
                return out;
            };
            let truth: Vec<bool> = column.values.iter().map(|v| test(Some(Some(v)))).collect();
            let (absent, no_value) = (test(None), test(Some(None)));
            if absent || no_value {
                for (i, &id) in column.value_of.iter().enumerate() {
                    let holds = match id {
                        ABSENT => absent,
                        NO_VALUE => no_value,
                        id => truth[id as usize],
                    };
                    out.set(i, holds);
                }
            } else {
                for (id, _) in truth.iter().enumerate().filter(|(_, t)| **t) {
                    column.members[id].union_into(&mut out);
                }
            }
        }
        Subject::TaskGroup => {
            // Per group once; an instance holds when one of its groups does (spec §3.3), or
            // by the empty-set rule when it hosts none.
            let groups = &index.groups;
            let empty = condition.evaluate(&OneValue::default());
            let mut truth = Vec::new();
            for i in 0..n {
                let on = groups.on_instance(i);
                let holds = if on.is_empty() {
                    empty
                } else {
                    on.iter().any(|&(g, _)| {
                        let g = g as usize;
                        if truth.len() <= g {
                            truth.resize(g + 1, None);
                        }
                        *truth[g].get_or_insert_with(|| {
                            condition.evaluate(&OneValue {
                                group: Some(groups.name(g as u32)),
                                ..OneValue::default()
                            })
                        })
                    })
                };
                out.set(i, holds);
            }
        }
        _ => {
            for i in 0..n {
                let view = InstanceView {
                    index,
                    instance: i,
                    placed: 0,
                    request_group: "",
                };
                out.set(i, condition.evaluate(&view));
            }
        }
    }
    out
}
