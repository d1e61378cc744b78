//! `memberOf` constraints over the index, through the query-language crate's compiled
//! [`Predicate`]: the index is its [`Catalog`] (per-value instance bitsets, bound once per
//! compiled request) and the index plus the call's overlay is its [`TaskState`] (groups and
//! running-task counts, which change as tasks are placed).
//!
//! The failure detail of one instance walks the expression with the crate's reference
//! interpreter over an [`InstanceView`] to name the sub-expression that decided it.

use std::collections::BTreeMap;

use fixedbitset::FixedBitSet;

use ecs_place_cql::{
    Catalog, Expr, ExprView, GroupId, InstanceFacts, Predicate, Subject, TaskState,
};

use crate::detail::{self, Observed};
use crate::index::{ClusterIndex, InstanceSet, NO_VALUE};
use crate::overlay::Overlay;

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

/// A `memberOf` constraint of the merged list, bound to an index.
#[derive(Clone, Debug)]
pub(crate) struct BoundMemberOf {
    /// 1-based position in the merged constraint list.
    pub(crate) position: usize,
    pub(crate) expression: String,
    pub(crate) predicate: Predicate,
    /// Reads `task:group` or `runningTasksCount`.
    pub(crate) dynamic: bool,
}

impl BoundMemberOf {
    pub(crate) fn bind(
        position: usize,
        expression: &str,
        expr: &Expr,
        catalog: &CatalogView<'_>,
    ) -> Self {
        let predicate = Predicate::bind(expr, catalog);
        Self {
            position,
            expression: expression.to_owned(),
            dynamic: predicate.is_dynamic(),
            predicate,
        }
    }

    /// Whether the constraint holds on `instance` as of the task being placed.
    pub(crate) fn holds(&self, state: &StateView<'_>, instance: usize) -> bool {
        self.predicate.eval_one(state, instance)
    }

    /// The sub-expression that makes the constraint false on the instance (canonical text)
    /// and the failure detail. INVARIANT: the constraint is false on `view`.
    pub(crate) fn why_false(&self, view: &InstanceView<'_>) -> (String, String) {
        let culprit = false_part(self.predicate.expr(), view);
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
                        subject: subject.kind_name(),
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

/// The index as the query language's static catalog, for one request.
///
/// Its group list is the index's plus the request's own group when no task has it yet (a
/// `task:group` condition is resolved to group ids when bound). Attribute values that the
/// index stores as lists (rare values) and the "present without a value" sets are
/// materialised as bitsets here, only for the attributes the request's expressions read.
pub(crate) struct CatalogView<'a> {
    index: &'a ClusterIndex,
    request_group: &'a str,
    /// Per referenced attribute: its column and, per state, where its bitset is.
    columns: BTreeMap<&'a str, ColumnSets<'a>>,
    owned: Vec<FixedBitSet>,
}

/// One referenced attribute: its column and, per value id (or `NO_VALUE`), its bitset.
type ColumnSets<'a> = (usize, Vec<(u32, SetRef<'a>)>);

/// Where one value's bitset lives.
#[derive(Clone, Copy)]
enum SetRef<'a> {
    /// The index's own (dense) set.
    Index(&'a FixedBitSet),
    /// A set materialised by the view.
    Own(usize),
}

impl<'a> CatalogView<'a> {
    pub(crate) fn new(index: &'a ClusterIndex, request_group: &'a str, exprs: &[&'a Expr]) -> Self {
        let mut view = Self {
            index,
            request_group,
            columns: BTreeMap::new(),
            owned: Vec::new(),
        };
        let n = index.len();
        for expr in exprs {
            for condition in expr.conditions() {
                let Subject::Attribute(name) = condition.subject() else {
                    continue;
                };
                let Some(column_id) = index.attributes.id(name) else {
                    continue;
                };
                if view.columns.contains_key(name.as_str()) {
                    continue;
                }
                let column = &index.attributes.columns[column_id];
                let mut sets = Vec::with_capacity(column.values.len() + 1);
                for (id, members) in column.members.iter().enumerate() {
                    let at = match members {
                        InstanceSet::Dense(bits) => SetRef::Index(bits),
                        InstanceSet::Sparse(_) => {
                            let mut bits = FixedBitSet::with_capacity(n);
                            members.union_into(&mut bits);
                            view.owned.push(bits);
                            SetRef::Own(view.owned.len() - 1)
                        }
                    };
                    sets.push((id as u32, at));
                }
                if !column.valueless {
                    view.columns.insert(name.as_str(), (column_id, sets));
                    continue;
                }
                let mut no_value = FixedBitSet::with_capacity(n);
                no_value.extend(
                    column
                        .value_of
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| **v == NO_VALUE)
                        .map(|(i, _)| i),
                );
                if !no_value.is_clear() {
                    view.owned.push(no_value);
                    sets.push((NO_VALUE, SetRef::Own(view.owned.len() - 1)));
                }
                view.columns.insert(name.as_str(), (column_id, sets));
            }
        }
        view
    }

    fn set(&self, at: SetRef<'a>) -> &FixedBitSet {
        match at {
            SetRef::Own(k) => &self.owned[k],
            SetRef::Index(bits) => bits,
        }
    }

    /// The id the request's group has in this catalog.
    pub(crate) fn request_group_id(&self) -> GroupId {
        self.index
            .groups
            .id(self.request_group)
            .unwrap_or(self.index.groups.len() as GroupId)
    }
}

impl Catalog for CatalogView<'_> {
    fn instance_count(&self) -> usize {
        self.index.len()
    }

    fn attribute_value(&self, name: &str, value: &str) -> Option<&FixedBitSet> {
        let (column, sets) = self.columns.get(name)?;
        let id = self.index.attributes.columns[*column].value_id(value)?;
        sets.iter()
            .find(|(v, _)| *v == id)
            .map(|&(_, at)| self.set(at))
    }

    fn attribute_values(&self, name: &str) -> impl Iterator<Item = (Option<&str>, &FixedBitSet)> {
        self.columns
            .get(name)
            .into_iter()
            .flat_map(move |(column, sets)| {
                let values = &self.index.attributes.columns[*column].values;
                sets.iter().map(move |&(id, at)| {
                    let value = (id != NO_VALUE).then(|| &*values[id as usize]);
                    (value, self.set(at))
                })
            })
    }

    fn ec2_instance_id(&self, instance: usize) -> Option<&str> {
        self.index.ec2_ids[instance].as_deref()
    }

    fn agent_connected(&self, instance: usize) -> Option<bool> {
        self.index.agent_field[instance]
    }

    fn agent_version(&self, instance: usize) -> Option<&str> {
        self.index.agent_versions[instance].as_deref()
    }

    fn registered_at(&self, instance: usize) -> Option<i128> {
        self.index.registered_at[instance].map(|t| t.as_nanos())
    }

    fn group_count(&self) -> usize {
        let known = self.index.groups.len();
        known + usize::from(self.index.groups.id(self.request_group).is_none())
    }

    fn group_name(&self, id: GroupId) -> &str {
        if (id as usize) < self.index.groups.len() {
            self.index.groups.name(id)
        } else {
            self.request_group
        }
    }

    fn group_id(&self, name: &str) -> Option<Option<GroupId>> {
        let known = self.index.groups.id(name);
        Some(known.or_else(|| (name == self.request_group).then(|| self.request_group_id())))
    }
}

/// The index plus the call's overlay as the query language's dynamic state.
pub(crate) struct StateView<'a> {
    pub(crate) index: &'a ClusterIndex,
    pub(crate) overlay: &'a Overlay,
    /// The request's group id in the catalog the predicates were bound to.
    pub(crate) request_group: GroupId,
}

impl<'a> StateView<'a> {
    pub(crate) fn new(
        index: &'a ClusterIndex,
        overlay: &'a Overlay,
        request_group: GroupId,
    ) -> Self {
        Self {
            index,
            overlay,
            request_group,
        }
    }

    /// Tasks placed on `instance` earlier in this call.
    pub(crate) fn placed(&self, instance: usize) -> u32 {
        self.overlay.placed(instance as u32)
    }
}

impl TaskState for StateView<'_> {
    fn running_tasks_count(&self, instance: usize) -> u64 {
        u64::from(self.index.running[instance]) + u64::from(self.placed(instance))
    }

    fn running_tasks_counts(&self) -> Option<&[u32]> {
        self.overlay.is_empty().then_some(&self.index.running[..])
    }

    fn groups_on(&self, instance: usize) -> impl Iterator<Item = GroupId> {
        self.index
            .groups
            .on_instance(instance)
            .iter()
            .map(|&(g, _)| g)
            .chain((self.placed(instance) > 0).then_some(self.request_group))
    }

    fn add_instances_with_group(&self, group: GroupId, out: &mut FixedBitSet) {
        if (group as usize) < self.index.groups.len() {
            for &(i, _) in self.index.groups.hosts(group) {
                out.insert(i as usize);
            }
        }
        if group == self.request_group {
            for &(i, _) in self.overlay.instances() {
                out.insert(i as usize);
            }
        }
    }
}
