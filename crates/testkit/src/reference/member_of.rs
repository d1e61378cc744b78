//! `memberOf` through the `ecs-place-cql` tree-walking interpreter, over an instance's facts
//! as of the task being placed (spec §3.3), and the failure detail of a false constraint.

use std::collections::BTreeSet;

use ecs_place::detail::{self, Observed};
use ecs_place::plan::MemberOf;
use ecs_place_cql::{Expr, ExprView, InstanceFacts, Subject};

use super::state::Instance;

impl InstanceFacts for Instance<'_> {
    fn attribute(&self, name: &str) -> Option<Option<&str>> {
        Instance::attribute(self, name)
    }

    fn ec2_instance_id(&self) -> Option<&str> {
        self.source.ec2_instance_id.as_deref()
    }

    fn agent_connected(&self) -> Option<bool> {
        self.source.agent_connected
    }

    fn agent_version(&self) -> Option<&str> {
        self.source
            .version_info
            .as_ref()
            .and_then(|info| info.agent_version.as_deref())
    }

    fn registered_at(&self) -> Option<i128> {
        self.source.registered_at.map(|at| at.as_nanos())
    }

    fn running_tasks_count(&self) -> u64 {
        u64::from(self.running_tasks)
    }

    fn groups(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(String::as_str)
    }
}

/// A false `memberOf` constraint: the smallest sub-expression that decides it, and the
/// failure detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Falsity {
    pub false_part: String,
    pub detail: String,
}

/// The smallest sub-expression of a false `expr` that makes it false: the first false
/// operand of an `and`, recursively; an `or`, a `not` or a condition is itself.
fn false_part<'e>(expr: &'e Expr, instance: &Instance<'_>) -> &'e Expr {
    match expr.view() {
        ExprView::And(items) => items
            .iter()
            .find(|item| !item.evaluate(instance))
            .map_or(expr, |item| false_part(item, instance)),
        ExprView::Or(_) | ExprView::Not(_) | ExprView::Condition(_) => expr,
    }
}

/// The instance's value of a built-in subject, as the detail shows it: `none` when absent,
/// the distinct groups in name order for `task:group`.
fn builtin_value(subject: &Subject, instance: &Instance<'_>) -> Option<String> {
    match subject {
        Subject::Attribute(_) => None,
        Subject::TaskGroup => {
            let groups: BTreeSet<&str> = instance.groups().collect();
            let groups: Vec<&str> = groups.into_iter().collect();
            (!groups.is_empty()).then(|| groups.join(", "))
        }
        Subject::Ec2InstanceId => instance.ec2_instance_id().map(str::to_owned),
        Subject::AgentConnected => instance.agent_connected().map(|b| b.to_string()),
        Subject::AgentVersion => instance.agent_version().map(str::to_owned),
        Subject::RegisteredAt => instance.source.registered_at.map(|at| at.to_string()),
        Subject::RunningTasksCount => Some(instance.running_tasks.to_string()),
    }
}

/// The detail sentence for constraint `constraint` being false because of `part`.
fn sentence(
    constraint: &MemberOf,
    part: &Expr,
    false_part: &str,
    instance: &Instance<'_>,
) -> String {
    let say = |observed| {
        detail::member_of(
            constraint.position,
            &constraint.expression,
            false_part,
            observed,
        )
    };
    let ExprView::Condition(condition) = part.view() else {
        return say(Observed::Nothing);
    };
    match condition.subject() {
        Subject::Attribute(name) => say(match Instance::attribute(instance, name) {
            Some(Some(value)) => Observed::AttributeValue { name, value },
            Some(None) => Observed::AttributeWithoutValue { name },
            None => Observed::AttributeMissing { name },
        }),
        subject => {
            let value = builtin_value(subject, instance).unwrap_or_else(|| "none".to_owned());
            say(Observed::Subject {
                subject: subject.kind_name(),
                value: &value,
            })
        }
    }
}

/// `Ok` when the constraint holds on `instance` as it is now.
pub fn check(constraint: &MemberOf, instance: &Instance<'_>) -> Result<(), Falsity> {
    if constraint.parsed.evaluate(instance) {
        return Ok(());
    }
    let part = false_part(&constraint.parsed, instance);
    let false_part = part.to_string();
    let detail = sentence(constraint, part, &false_part, instance);
    Err(Falsity { false_part, detail })
}
