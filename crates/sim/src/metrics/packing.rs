//! Instances used against the lower bound, per homogeneous group of instances.
//!
//! A homogeneous group is the `ACTIVE` instances with the same `ecs.instance-type` (or none)
//! and the same registered CPU and memory. In the final state, a group's demand is what its
//! instances have in use (registered minus remaining: the snapshot's tasks and the trace's);
//! its lower bound is `max(ceil(cpu demand / cpu per instance), ceil(memory demand / memory per
//! instance))` — fewer instances of that shape could not hold what runs on them. An instance
//! is used when it runs a task or has resources in use. `DRAINING` and other non-`ACTIVE`
//! instances take no new task and are left out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::snapshot::SnapshotView;

/// One homogeneous group of instances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceGroup {
    /// The instance type, with `CPU/MEMORY` added when two groups share a type (or the
    /// instances have none).
    pub name: String,
    pub instance_type: Option<String>,
    /// Registered CPU units and memory MiB of each instance.
    pub cpu: u32,
    pub memory: u32,
    pub instances: u64,
    pub used: u64,
    pub lower_bound: u64,
    /// CPU units and memory MiB in use over the group.
    pub cpu_demand: u64,
    pub memory_demand: u64,
}

/// Instances used against the lower bound, over the `ACTIVE` instances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Packing {
    pub active_instances: u64,
    pub used: u64,
    pub lower_bound: u64,
    pub groups: Vec<InstanceGroup>,
}

/// The key of a homogeneous group.
pub(crate) type GroupKey<'a> = (Option<&'a str>, u32, u32);

/// `ceil(demand / capacity)`, 0 for a capacity of 0 (nothing fits such an instance).
fn ceil_div(demand: u64, capacity: u32) -> u64 {
    if capacity == 0 {
        0
    } else {
        demand.div_ceil(u64::from(capacity))
    }
}

/// The group key of each `ACTIVE` instance of `view` (in `view.instances` order, `None` for
/// the others), and the groups' display names in key order.
pub(crate) fn group_keys<'a>(
    view: &SnapshotView<'a>,
) -> (Vec<Option<GroupKey<'a>>>, BTreeMap<GroupKey<'a>, String>) {
    let keys: Vec<Option<GroupKey<'a>>> = view
        .instances
        .iter()
        .map(|i| {
            i.active
                .then_some((i.instance_type, i.registered_cpu, i.registered_memory))
        })
        .collect();
    let mut names: BTreeMap<GroupKey<'a>, String> = BTreeMap::new();
    for key in keys.iter().flatten() {
        names.entry(*key).or_default();
    }
    let mut per_type: BTreeMap<Option<&str>, u32> = BTreeMap::new();
    for (kind, _, _) in names.keys() {
        *per_type.entry(*kind).or_default() += 1;
    }
    for (key, name) in &mut names {
        let (kind, cpu, memory) = *key;
        *name = match kind {
            Some(kind) if per_type[&Some(kind)] == 1 => kind.to_owned(),
            Some(kind) => format!("{kind} {cpu}/{memory}"),
            None => format!("untyped {cpu}/{memory}"),
        };
    }
    (keys, names)
}

/// The packing metrics of `view`.
pub(crate) fn packing(view: &SnapshotView<'_>) -> Packing {
    let (keys, names) = group_keys(view);
    let mut groups: BTreeMap<GroupKey<'_>, InstanceGroup> = names
        .into_iter()
        .map(|(key @ (kind, cpu, memory), name)| {
            let group = InstanceGroup {
                name,
                instance_type: kind.map(str::to_owned),
                cpu,
                memory,
                instances: 0,
                used: 0,
                lower_bound: 0,
                cpu_demand: 0,
                memory_demand: 0,
            };
            (key, group)
        })
        .collect();
    for (instance, key) in view.instances.iter().zip(&keys) {
        let Some(group) = key.and_then(|k| groups.get_mut(&k)) else {
            continue;
        };
        group.instances += 1;
        group.used += u64::from(instance.is_used());
        group.cpu_demand += u64::from(instance.used_cpu());
        group.memory_demand += u64::from(instance.used_memory());
    }
    let mut groups: Vec<InstanceGroup> = groups.into_values().collect();
    for group in &mut groups {
        group.lower_bound =
            ceil_div(group.cpu_demand, group.cpu).max(ceil_div(group.memory_demand, group.memory));
    }
    Packing {
        active_instances: groups.iter().map(|g| g.instances).sum(),
        used: groups.iter().map(|g| g.used).sum(),
        lower_bound: groups.iter().map(|g| g.lower_bound).sum(),
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceil_div_rounds_up_and_ignores_empty_capacity() {
        assert_eq!(ceil_div(0, 1024), 0);
        assert_eq!(ceil_div(1, 1024), 1);
        assert_eq!(ceil_div(2048, 1024), 2);
        assert_eq!(ceil_div(2049, 1024), 3);
        assert_eq!(ceil_div(5, 0), 0);
    }
}
