//! The reference engine's view of the cluster: one plain struct per container instance,
//! sorted by ARN, holding what placement reads and changes (spec §1.2, §5, §10).

use std::collections::{BTreeMap, BTreeSet};

use ecs_place_model::{ClusterState, ContainerInstance};

/// One container instance as placement sees it, updated as tasks are placed.
#[derive(Clone, Debug)]
pub struct Instance<'s> {
    /// The snapshot's record (attributes, ids, version, registration time).
    pub source: &'s ContainerInstance,
    pub remaining_cpu: u32,
    pub remaining_memory: u32,
    /// Host ports in use (the `remainingResources` sets, plus ports taken in this call).
    pub tcp_in_use: BTreeSet<u16>,
    pub udp_in_use: BTreeSet<u16>,
    /// Free GPU ids; `BTreeSet<String>` iterates in byte order, the order ids are taken in.
    pub free_gpus: BTreeSet<String>,
    /// `runningTasksCount` (spec §5).
    pub running_tasks: u32,
    /// The groups of the instance's counted tasks, one entry per task that has a group (a
    /// task without a group, or with an empty one, counts for `runningTasksCount` only).
    pub groups: Vec<String>,
}

impl Instance<'_> {
    pub fn arn(&self) -> &str {
        &self.source.container_instance_arn
    }

    pub fn is_active(&self) -> bool {
        self.source.status == "ACTIVE"
    }

    /// The value of attribute `name`: `None` when absent, `Some(None)` when value-less.
    pub fn attribute(&self, name: &str) -> Option<Option<&str>> {
        self.source
            .attributes
            .iter()
            .find(|attribute| *attribute.name == *name)
            .map(|attribute| attribute.value.as_deref())
    }

    pub fn zone(&self) -> Option<&str> {
        self.attribute("ecs.availability-zone").flatten()
    }

    /// How many counted tasks of `group` the instance has.
    pub fn tasks_of(&self, group: &str) -> usize {
        self.groups.iter().filter(|g| *g == group).count()
    }
}

fn units(instance: &ContainerInstance, name: &str) -> u32 {
    instance
        .remaining(name)
        .and_then(|resource| resource.units().ok())
        .unwrap_or(0)
}

fn ports(instance: &ContainerInstance, name: &str) -> BTreeSet<u16> {
    instance
        .remaining(name)
        .and_then(|resource| resource.ports().ok())
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// Every instance of the snapshot (all statuses), sorted by ARN, with its counted tasks.
pub fn instances(state: &ClusterState) -> Vec<Instance<'_>> {
    let mut groups: BTreeMap<&str, Vec<Option<String>>> = BTreeMap::new();
    let known: BTreeSet<&str> = state
        .container_instances
        .iter()
        .map(|instance| instance.container_instance_arn.as_str())
        .collect();
    for task in &state.tasks {
        // A counted task: desiredStatus RUNNING on an instance of the snapshot (spec §5).
        let Some(arn) = task.container_instance_arn.as_deref() else {
            continue;
        };
        if task.desired_status.as_deref() == Some("RUNNING") && known.contains(arn) {
            groups
                .entry(arn)
                .or_default()
                .push(task.group.clone().filter(|group| !group.is_empty()));
        }
    }
    let mut instances: Vec<Instance<'_>> = state
        .container_instances
        .iter()
        .map(|source| {
            let counted_tasks = groups
                .remove(source.container_instance_arn.as_str())
                .unwrap_or_default();
            let counted = u32::try_from(counted_tasks.len()).unwrap_or(u32::MAX);
            let groups = counted_tasks.into_iter().flatten().collect();
            Instance {
                source,
                remaining_cpu: units(source, "CPU"),
                remaining_memory: units(source, "MEMORY"),
                tcp_in_use: ports(source, "PORTS"),
                udp_in_use: ports(source, "PORTS_UDP"),
                free_gpus: source
                    .remaining("GPU")
                    .map(|gpu| gpu.strings().iter().cloned().collect())
                    .unwrap_or_default(),
                running_tasks: source.running_tasks_count.unwrap_or(counted),
                groups,
            }
        })
        .collect();
    instances.sort_by(|a, b| a.arn().as_bytes().cmp(b.arn().as_bytes()));
    instances
}
