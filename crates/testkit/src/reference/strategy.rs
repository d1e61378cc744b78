//! Strategies as successive narrowing (spec §4), written out plainly: each strategy keeps the
//! candidates with the smallest score, in instance order.

use std::collections::BTreeMap;

use ecs_place::plan::{BinpackField, SpreadField, Strategy};

use super::state::Instance;

/// The key of `instance` for a spread over `field`: its ARN, or its attribute value; `None`
/// is the shared "absent" key (attribute missing or present without a value, spec §11).
fn spread_key<'a>(instance: &'a Instance<'_>, field: &SpreadField) -> Option<&'a str> {
    match field {
        SpreadField::Instance => Some(instance.arn()),
        SpreadField::Attribute(name) => instance.attribute(name).flatten(),
    }
}

/// Keeps the candidates whose `score` is smallest.
fn keep_least(candidates: Vec<usize>, score: impl Fn(usize) -> u64) -> Vec<usize> {
    let Some(least) = candidates.iter().map(|&index| score(index)).min() else {
        return candidates;
    };
    candidates
        .into_iter()
        .filter(|&index| score(index) == least)
        .collect()
}

/// Binpack: the least remaining CPU or memory.
fn binpack(instances: &[Instance<'_>], candidates: Vec<usize>, field: BinpackField) -> Vec<usize> {
    keep_least(candidates, |index| match field {
        BinpackField::Cpu => u64::from(instances[index].remaining_cpu),
        BinpackField::Memory => u64::from(instances[index].remaining_memory),
    })
}

/// Spread: the group's counted tasks per key over the whole cluster (every instance of the
/// snapshot, whatever its status or provider), then the candidates of the least-count key.
fn spread(
    instances: &[Instance<'_>],
    candidates: Vec<usize>,
    field: &SpreadField,
    group: &str,
) -> Vec<usize> {
    let mut counts: BTreeMap<Option<&str>, u64> = BTreeMap::new();
    for instance in instances {
        *counts.entry(spread_key(instance, field)).or_insert(0) += instance.tasks_of(group) as u64;
    }
    keep_least(candidates, |index| {
        counts
            .get(&spread_key(&instances[index], field))
            .copied()
            .unwrap_or(0)
    })
}

/// Applies `strategies` in order to `candidates` (indexes in instance order). A `random`
/// strategy stops the list: the final pick among what is left is the one random draw.
pub fn narrow(
    instances: &[Instance<'_>],
    mut candidates: Vec<usize>,
    strategies: &[Strategy],
    group: &str,
) -> Vec<usize> {
    for strategy in strategies {
        candidates = match strategy {
            Strategy::Random => return candidates,
            Strategy::Binpack(field) => binpack(instances, candidates, *field),
            Strategy::Spread(field) => spread(instances, candidates, field, group),
        };
    }
    candidates
}
