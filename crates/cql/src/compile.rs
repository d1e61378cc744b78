//! The compiled predicate of the placement hot path: an expression bound to a cluster.
//!
//! Binding evaluates everything that cannot change during a placement call (attributes,
//! `ec2InstanceId`, `agentConnected`, `agentVersion`, `registeredAt`) once, over the whole
//! cluster, into one bitset per static sub-tree. Attribute conditions run once per
//! *distinct* attribute value and OR the catalog's per-value instance bitsets, so
//! `in [a, b]` is the union of two bitsets and a regex runs once per distinct value.
//! What is left are the dynamic leaves (`task:group`, `runningTasksCount`), read from a
//! [`TaskState`] per instance ([`Predicate::eval_one`]) or for all instances at once
//! ([`Predicate::eval_all`]).

use fixedbitset::{Block, FixedBitSet};

use crate::ast::{Condition, Expr, Node, Operand, Operator, Subject};

/// The id of a task group: its index in the catalog's group list.
pub type GroupId = u32;

/// The static side of a cluster, as the engine's cluster index exposes it. Instances are
/// numbered `0..instance_count()`; every bitset returned has `instance_count()` bits.
pub trait Catalog {
    /// The number of instances.
    fn instance_count(&self) -> usize;
    /// The instances whose attribute `name` has exactly this `value`, if any.
    fn attribute_value(&self, name: &str, value: &str) -> Option<&FixedBitSet>;
    /// Every distinct state of attribute `name` with the instances in it: `Some(value)`
    /// for each distinct value, `None` for the instances having the attribute without a
    /// value. Instances lacking the attribute appear in no set.
    fn attribute_values(&self, name: &str) -> impl Iterator<Item = (Option<&str>, &FixedBitSet)>;
    /// `ec2InstanceId` of an instance.
    fn ec2_instance_id(&self, instance: usize) -> Option<&str>;
    /// `agentConnected` of an instance.
    fn agent_connected(&self, instance: usize) -> Option<bool>;
    /// `versionInfo.agentVersion` of an instance, as the snapshot has it; a string that is
    /// not 1 to 4 dot-separated numbers counts as missing.
    fn agent_version(&self, instance: usize) -> Option<&str>;
    /// `registeredAt` of an instance, nanoseconds since 1970-01-01T00:00:00Z.
    fn registered_at(&self, instance: usize) -> Option<i128>;
    /// The number of interned task groups; ids are `0..group_count()`.
    ///
    /// The list must hold every group that a [`TaskState`] can report during the call,
    /// including the request's own group (which may have no task yet): a `task:group`
    /// condition is resolved to group ids at bind time, and a group missing from the
    /// list matches nothing.
    fn group_count(&self) -> usize;
    /// The name of a group, for `id < group_count()`.
    fn group_name(&self, id: GroupId) -> &str;
    /// The id of the group named `name`, when the catalog can look names up (the default
    /// cannot: `==`/`in` conditions then test every group's name).
    fn group_id(&self, name: &str) -> Option<Option<GroupId>> {
        let _ = name;
        None
    }
}

/// The dynamic side of a cluster: what changes as tasks are placed within a call.
pub trait TaskState {
    /// `runningTasksCount` of an instance as of the task being placed (spec §5).
    fn running_tasks_count(&self, instance: usize) -> u64;
    /// The groups of the instance's counted tasks, in any order, repeats allowed.
    fn groups_on(&self, instance: usize) -> impl Iterator<Item = GroupId>;
    /// Sets in `out` (a bitset of [`Catalog::instance_count`] bits) the instances hosting at
    /// least one counted task of the group.
    fn add_instances_with_group(&self, group: GroupId, out: &mut FixedBitSet);
    /// Every instance's `runningTasksCount` as one column, when the state has it that way
    /// (no task placed yet in the call): lets [`Predicate::eval_all`] test a count condition
    /// on a plain slice instead of asking instance by instance.
    fn running_tasks_counts(&self) -> Option<&[u32]> {
        None
    }
}

/// Reusable buffers for [`Predicate::eval_all`]. Keep one per thread and pass it to every
/// call to avoid allocating.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    pool: Vec<FixedBitSet>,
}

/// An expression bound to a [`Catalog`]: immutable, `Send + Sync`, evaluated many times.
#[derive(Clone, Debug)]
pub struct Predicate {
    root: Compiled,
    instances: usize,
    expr: Expr,
}

/// A compiled node. Static sub-trees are folded into `Bits`.
#[derive(Clone, Debug)]
pub(crate) enum Compiled {
    /// The instances where a static sub-tree holds.
    Bits(FixedBitSet),
    /// A `runningTasksCount` condition.
    Count(Condition),
    /// Some counted task's group is in the set (a `task:group` condition).
    Groups(FixedBitSet),
    /// At least one counted task (`task:group exists`).
    AnyGroup,
    Not(Box<Compiled>),
    /// Two or more operands; a `Bits` operand, if any, comes first.
    And(Vec<Compiled>),
    /// Two or more operands; a `Bits` operand, if any, comes first.
    Or(Vec<Compiled>),
}

impl Predicate {
    /// Binds an expression to a cluster. Never fails: every value was checked by the
    /// parser. Costs one pass over the instances per static non-attribute condition and one
    /// pass over the distinct values per attribute condition.
    pub fn bind(expr: &Expr, catalog: &impl Catalog) -> Predicate {
        let instances = catalog.instance_count();
        Predicate {
            root: compile(expr, catalog, instances),
            instances,
            expr: expr.clone(),
        }
    }

    /// The expression this predicate was bound from.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// The number of instances of the catalog it was bound to.
    pub fn instance_count(&self) -> usize {
        self.instances
    }

    /// Whether the predicate reads the [`TaskState`]. When it does not, the answer is
    /// [`static_matches`](Self::static_matches) and never changes during a call.
    pub fn is_dynamic(&self) -> bool {
        !matches!(self.root, Compiled::Bits(_))
    }

    /// The instances that satisfy a predicate that is not dynamic.
    pub fn static_matches(&self) -> Option<&FixedBitSet> {
        match &self.root {
            Compiled::Bits(bits) => Some(bits),
            _ => None,
        }
    }

    /// Whether instance `instance` (below [`instance_count`](Self::instance_count))
    /// satisfies the predicate in this state. Static parts are one bit lookup.
    pub fn eval_one(&self, state: &impl TaskState, instance: usize) -> bool {
        self.root.eval_one(state, instance)
    }

    /// Sets `out` to the instances that satisfy the predicate in this state. `out` is
    /// resized to [`instance_count`](Self::instance_count) bits; `scratch` holds the
    /// temporary sets of compound expressions between calls.
    pub fn eval_all(&self, state: &impl TaskState, scratch: &mut Scratch, out: &mut FixedBitSet) {
        reset(out, self.instances);
        self.root
            .eval_all(state, &mut scratch.pool, out, self.instances);
    }
}

/// Clears `bits` and makes it exactly `len` bits long.
fn reset(bits: &mut FixedBitSet, len: usize) {
    if bits.len() > len {
        *bits = FixedBitSet::with_capacity(len);
    } else {
        bits.clear();
        bits.grow(len);
    }
}

/// ORs `other` into `out` (of `len` bits), ignoring any bits of `other` past `len`.
fn union_within(out: &mut FixedBitSet, other: &FixedBitSet, len: usize) {
    if other.len() <= len {
        out.union_with(other);
    } else {
        out.extend(other.ones().take_while(|&i| i < len));
    }
}

/// Compiles a sub-tree; recursion depth is bounded by the parser's nesting limit.
pub(crate) fn compile(expr: &Expr, catalog: &impl Catalog, len: usize) -> Compiled {
    match &expr.node {
        Node::Condition(condition) => leaf(condition, catalog, len),
        Node::Not(inner) => match compile(inner, catalog, len) {
            Compiled::Bits(mut bits) => {
                bits.toggle_range(..);
                Compiled::Bits(bits)
            }
            Compiled::Not(inner) => *inner,
            other => Compiled::Not(Box::new(other)),
        },
        Node::And(items) => combine(items, true, catalog, len),
        Node::Or(items) => combine(items, false, catalog, len),
    }
}

/// Compiles an n-ary `and` (`conjunction`) or `or`, folding its static operands into one
/// bitset placed first, and dropping it when it is the neutral element.
fn combine(items: &[Expr], conjunction: bool, catalog: &impl Catalog, len: usize) -> Compiled {
    let mut folded: Option<FixedBitSet> = None;
    let mut dynamic = Vec::new();
    for item in items {
        match compile(item, catalog, len) {
            Compiled::Bits(bits) => match &mut folded {
                None => folded = Some(bits),
                Some(acc) if conjunction => acc.intersect_with(&bits),
                Some(acc) => acc.union_with(&bits),
            },
            other => dynamic.push(other),
        }
    }
    let Some(folded) = folded else {
        return n_ary(dynamic, conjunction);
    };
    let absorbing = if conjunction {
        folded.is_clear()
    } else {
        folded.is_full()
    };
    if dynamic.is_empty() || absorbing {
        return Compiled::Bits(folded);
    }
    let neutral = if conjunction {
        folded.is_full()
    } else {
        folded.is_clear()
    };
    if !neutral {
        dynamic.insert(0, Compiled::Bits(folded));
    }
    n_ary(dynamic, conjunction)
}

fn n_ary(mut items: Vec<Compiled>, conjunction: bool) -> Compiled {
    match (items.len(), conjunction) {
        (1, _) => items.remove(0),
        (_, true) => Compiled::And(items),
        (_, false) => Compiled::Or(items),
    }
}

/// Compiles one condition.
fn leaf(condition: &Condition, catalog: &impl Catalog, len: usize) -> Compiled {
    let per_instance = |test: &dyn Fn(usize) -> bool| {
        let mut bits = FixedBitSet::with_capacity(len);
        bits.extend((0..len).filter(|&i| test(i)));
        Compiled::Bits(bits)
    };
    match &condition.subject {
        Subject::Attribute(name) => Compiled::Bits(attribute_bits(condition, name, catalog, len)),
        Subject::TaskGroup => match condition.operator {
            Operator::Exists => Compiled::AnyGroup,
            Operator::NotExists => Compiled::Not(Box::new(Compiled::AnyGroup)),
            _ => Compiled::Groups(group_bits(condition, catalog)),
        },
        Subject::RunningTasksCount => Compiled::Count(condition.clone()),
        Subject::Ec2InstanceId => per_instance(&|i| {
            catalog
                .ec2_instance_id(i)
                .is_some_and(|id| condition.test_text(id))
        }),
        Subject::AgentConnected => per_instance(&|i| {
            catalog
                .agent_connected(i)
                .is_some_and(|b| condition.test_bool(b))
        }),
        Subject::AgentVersion => per_instance(&|i| {
            catalog
                .agent_version(i)
                .is_some_and(|v| condition.test_version(v))
        }),
        Subject::RegisteredAt => per_instance(&|i| {
            catalog
                .registered_at(i)
                .is_some_and(|t| condition.test_instant(t))
        }),
    }
}

/// The groups whose name satisfies a `task:group` condition: `==`/`in`/`!=`/`!in` by name
/// lookup when the catalog has one, else (and for every other operator) by testing each
/// group's name.
fn group_bits(condition: &Condition, catalog: &impl Catalog) -> FixedBitSet {
    let count = catalog.group_count();
    let mut set = FixedBitSet::with_capacity(count);
    let negated = match condition.operator {
        Operator::Eq | Operator::In => Some(false),
        Operator::Ne | Operator::NotIn => Some(true),
        _ => None,
    };
    let named: Option<Vec<Option<GroupId>>> = negated.and_then(|_| {
        let values = condition.argument.values();
        values.iter().map(|v| catalog.group_id(v.text())).collect()
    });
    match (negated, named) {
        (Some(negated), Some(ids)) => {
            if negated {
                set.insert_range(..);
            }
            for id in ids.into_iter().flatten() {
                set.set(id as usize, !negated);
            }
        }
        _ => {
            for id in 0..count {
                let matches = GroupId::try_from(id)
                    .is_ok_and(|id| condition.test_text(catalog.group_name(id)));
                set.set(id, matches);
            }
        }
    }
    set
}

/// The instances satisfying an attribute condition, from the per-value bitsets.
fn attribute_bits(
    condition: &Condition,
    name: &str,
    catalog: &impl Catalog,
    len: usize,
) -> FixedBitSet {
    let mut bits = FixedBitSet::with_capacity(len);
    match condition.operator {
        Operator::Exists | Operator::NotExists => {
            for (_, instances) in catalog.attribute_values(name) {
                union_within(&mut bits, instances, len);
            }
            if condition.operator == Operator::NotExists {
                bits.toggle_range(..);
            }
        }
        Operator::Eq | Operator::In => {
            for value in condition.argument.values() {
                if let Some(instances) = catalog.attribute_value(name, value.text()) {
                    union_within(&mut bits, instances, len);
                }
            }
        }
        _ => {
            for (value, instances) in catalog.attribute_values(name) {
                if value.is_some_and(|value| condition.test_text(value)) {
                    union_within(&mut bits, instances, len);
                }
            }
        }
    }
    bits
}

impl Compiled {
    /// One instance; recursion depth is bounded by the parser's nesting limit.
    pub(crate) fn eval_one(&self, state: &impl TaskState, instance: usize) -> bool {
        match self {
            Compiled::Bits(bits) => bits.contains(instance),
            Compiled::Count(condition) => condition.test_count(state.running_tasks_count(instance)),
            Compiled::Groups(set) => state
                .groups_on(instance)
                .any(|g| usize::try_from(g).is_ok_and(|g| set.contains(g))),
            Compiled::AnyGroup => state.groups_on(instance).next().is_some(),
            Compiled::Not(inner) => !inner.eval_one(state, instance),
            Compiled::And(items) => items.iter().all(|item| item.eval_one(state, instance)),
            Compiled::Or(items) => items.iter().any(|item| item.eval_one(state, instance)),
        }
    }

    /// All instances into `out`, which is `len` bits long (contents overwritten).
    pub(crate) fn eval_all(
        &self,
        state: &impl TaskState,
        pool: &mut Vec<FixedBitSet>,
        out: &mut FixedBitSet,
        len: usize,
    ) {
        match self {
            Compiled::Bits(bits) => out.clone_from(bits),
            Compiled::Count(condition) => {
                let holds = CountTest::of(condition);
                match state.running_tasks_counts() {
                    Some(counts) => {
                        fill_from_column(out, &counts[..len], |c| holds.test(u64::from(c)))
                    }
                    None => fill(out, len, |i| holds.test(state.running_tasks_count(i))),
                }
            }
            Compiled::AnyGroup => fill(out, len, |i| self.eval_one(state, i)),
            Compiled::Groups(set) => {
                out.clear();
                // OR the groups' instance sets when that touches fewer words than asking
                // every instance for its groups.
                let words = len.div_ceil(Block::BITS as usize);
                if set.count_ones(..).saturating_mul(words) <= len {
                    for group in set.ones().filter_map(|g| GroupId::try_from(g).ok()) {
                        state.add_instances_with_group(group, out);
                    }
                } else {
                    fill(out, len, |i| self.eval_one(state, i));
                }
            }
            Compiled::Not(inner) => {
                inner.eval_all(state, pool, out, len);
                out.toggle_range(..);
            }
            Compiled::And(items) => {
                let Some((first, rest)) = items.split_first() else {
                    return;
                };
                first.eval_all(state, pool, out, len);
                if out.count_ones(..).saturating_mul(16) <= len {
                    // Few candidates left: ask the remaining operands per candidate.
                    filter_in_place(out, |i| rest.iter().all(|item| item.eval_one(state, i)));
                    return;
                }
                let mut temp = pool.pop().unwrap_or_default();
                for item in rest {
                    if out.is_clear() {
                        break;
                    }
                    reset(&mut temp, len);
                    item.eval_all(state, pool, &mut temp, len);
                    out.intersect_with(&temp);
                }
                pool.push(temp);
            }
            Compiled::Or(items) => {
                let Some((first, rest)) = items.split_first() else {
                    return;
                };
                first.eval_all(state, pool, out, len);
                let mut temp = pool.pop().unwrap_or_default();
                for item in rest {
                    if out.is_full() {
                        break;
                    }
                    reset(&mut temp, len);
                    item.eval_all(state, pool, &mut temp, len);
                    out.union_with(&temp);
                }
                pool.push(temp);
            }
        }
    }
}

/// A `runningTasksCount` condition as a range of counts, to test every instance without
/// matching on the operator each time: it holds inside `low..=high`, or outside it when
/// `outside` (`!=`).
#[derive(Clone, Copy, Debug)]
struct CountTest {
    low: u64,
    high: u64,
    outside: bool,
}

impl CountTest {
    fn of(condition: &Condition) -> Self {
        let range = |low, high| Self {
            low,
            high,
            outside: false,
        };
        let never = range(1, 0);
        let Operand::Count(value) = condition.operand else {
            return never;
        };
        let test = match condition.operator {
            Operator::Eq => range(value, value),
            Operator::Ne => Self {
                outside: true,
                ..range(value, value)
            },
            Operator::Gt => value
                .checked_add(1)
                .map_or(never, |low| range(low, u64::MAX)),
            Operator::Ge => range(value, u64::MAX),
            Operator::Lt => value.checked_sub(1).map_or(never, |high| range(0, high)),
            Operator::Le => range(0, value),
            _ => never,
        };
        debug_assert!(
            [
                0,
                1,
                value.saturating_sub(1),
                value,
                value.saturating_add(1),
                u64::MAX
            ]
            .into_iter()
            .all(|count| test.test(count) == condition.test_count(count))
        );
        test
    }

    #[inline]
    fn test(self, count: u64) -> bool {
        (self.low <= count && count <= self.high) != self.outside
    }
}

/// Sets `out`, `len` bits long, to the instances `0..len` where `test` holds: a word at a
/// time rather than one insert (and bounds check) per instance.
fn fill(out: &mut FixedBitSet, len: usize, test: impl Fn(usize) -> bool) {
    debug_assert_eq!(out.len(), len);
    let width = Block::BITS as usize;
    for (index, block) in out.as_mut_slice().iter_mut().enumerate() {
        let base = index * width;
        let mut word: Block = 0;
        for bit in 0..width.min(len - base) {
            word |= Block::from(test(base + bit)) << bit;
        }
        *block = word;
    }
}

/// [`fill`] from a column of values: the same bits, in a loop the compiler can vectorise.
fn fill_from_column(out: &mut FixedBitSet, column: &[u32], test: impl Fn(u32) -> bool) {
    debug_assert_eq!(out.len(), column.len());
    let width = Block::BITS as usize;
    for (block, values) in out.as_mut_slice().iter_mut().zip(column.chunks(width)) {
        *block = values.iter().enumerate().fold(0, |word, (bit, &value)| {
            word | Block::from(test(value)) << bit
        });
    }
}

/// Clears every set bit `i` of `bits` for which `keep(i)` is false.
fn filter_in_place(bits: &mut FixedBitSet, keep: impl Fn(usize) -> bool) {
    let width = Block::BITS as usize;
    for (index, block) in bits.as_mut_slice().iter_mut().enumerate() {
        let mut pending = *block;
        while pending != 0 {
            let bit = pending.trailing_zeros();
            pending &= pending - 1;
            if !keep(index * width + bit as usize) {
                *block &= !(1 << bit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The column path of a count condition sets the same bits as asking instance by
        /// instance.
        #[test]
        fn a_count_column_fills_like_the_per_instance_test(
            counts in proptest::collection::vec(0u32..12, 0..200),
            low in 0u64..12,
            high in 0u64..12,
            outside in any::<bool>(),
        ) {
            let holds = CountTest { low, high, outside };
            let mut by_instance = FixedBitSet::with_capacity(counts.len());
            fill(&mut by_instance, counts.len(), |i| holds.test(u64::from(counts[i])));
            let mut by_column = FixedBitSet::with_capacity(counts.len());
            fill_from_column(&mut by_column, &counts, |c| holds.test(u64::from(c)));
            prop_assert_eq!(by_instance, by_column);
        }
    }
}
