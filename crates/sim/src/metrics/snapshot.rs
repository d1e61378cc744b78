//! A snapshot read as the metrics need it: per instance its resources and attributes, per
//! group its counted tasks per instance.

use std::collections::{BTreeMap, HashMap};

use ecs_place_model::{Attribute, ClusterState, ContainerInstance};

/// The attribute holding an instance's zone.
pub const ZONE_ATTRIBUTE: &str = "ecs.availability-zone";
/// The attribute holding an instance's type.
pub const INSTANCE_TYPE_ATTRIBUTE: &str = "ecs.instance-type";

/// One container instance.
#[derive(Debug, Clone)]
pub(crate) struct InstanceRow<'a> {
    pub(crate) arn: &'a str,
    pub(crate) active: bool,
    pub(crate) instance_type: Option<&'a str>,
    pub(crate) registered_cpu: u32,
    pub(crate) registered_memory: u32,
    pub(crate) remaining_cpu: u32,
    pub(crate) remaining_memory: u32,
    pub(crate) running: u32,
    pub(crate) attributes: &'a [Attribute],
}

impl<'a> InstanceRow<'a> {
    pub(crate) fn used_cpu(&self) -> u32 {
        self.registered_cpu.saturating_sub(self.remaining_cpu)
    }

    pub(crate) fn used_memory(&self) -> u32 {
        self.registered_memory.saturating_sub(self.remaining_memory)
    }

    /// Runs a task or has resources in use.
    pub(crate) fn is_used(&self) -> bool {
        self.running > 0 || self.used_cpu() > 0 || self.used_memory() > 0
    }

    /// The attribute's value; `None` when absent or present without a value (spec §11: the
    /// "absent" bucket of spread).
    pub(crate) fn attribute(&self, name: &str) -> Option<&'a str> {
        self.attributes
            .iter()
            .find(|a| *a.name == *name)
            .and_then(|a| a.value.as_deref())
    }
}

/// The snapshot's instances in ARN order and its counted tasks per group.
#[derive(Debug, Clone)]
pub(crate) struct SnapshotView<'a> {
    pub(crate) instances: Vec<InstanceRow<'a>>,
    /// Per group, counted tasks per instance (index into `instances`), ascending.
    pub(crate) group_tasks: BTreeMap<&'a str, BTreeMap<usize, u32>>,
}

fn units(resources: Option<&ecs_place_model::Resource>) -> u32 {
    resources.and_then(|r| r.units().ok()).unwrap_or(0)
}

fn row(instance: &ContainerInstance) -> InstanceRow<'_> {
    InstanceRow {
        arn: &instance.container_instance_arn,
        active: instance.status == "ACTIVE",
        instance_type: instance
            .attribute(INSTANCE_TYPE_ATTRIBUTE)
            .and_then(|a| a.value.as_deref()),
        registered_cpu: units(instance.registered("CPU")),
        registered_memory: units(instance.registered("MEMORY")),
        remaining_cpu: units(instance.remaining("CPU")),
        remaining_memory: units(instance.remaining("MEMORY")),
        running: 0,
        attributes: &instance.attributes,
    }
}

impl<'a> SnapshotView<'a> {
    /// Reads `state`. A counted task (spec §5) is a task with `desiredStatus` `RUNNING` on an
    /// instance of the snapshot; an instance's running count is its `runningTasksCount`, else
    /// its counted tasks.
    pub(crate) fn new(state: &'a ClusterState) -> Self {
        let mut instances: Vec<InstanceRow<'a>> =
            state.container_instances.iter().map(row).collect();
        instances.sort_by(|a, b| a.arn.cmp(b.arn));
        let at: HashMap<&str, usize> = instances
            .iter()
            .enumerate()
            .map(|(at, i)| (i.arn, at))
            .collect();
        let mut counted = vec![0u32; instances.len()];
        let mut group_tasks: BTreeMap<&'a str, BTreeMap<usize, u32>> = BTreeMap::new();
        for task in &state.tasks {
            if task.desired_status.as_deref() != Some("RUNNING") {
                continue;
            }
            let Some(&i) = task
                .container_instance_arn
                .as_deref()
                .and_then(|arn| at.get(arn))
            else {
                continue;
            };
            counted[i] += 1;
            if let Some(group) = task.group.as_deref().filter(|g| !g.is_empty()) {
                *group_tasks.entry(group).or_default().entry(i).or_default() += 1;
            }
        }
        let running_fields: HashMap<&str, Option<u32>> = state
            .container_instances
            .iter()
            .map(|i| (i.container_instance_arn.as_str(), i.running_tasks_count))
            .collect();
        for (i, instance) in instances.iter_mut().enumerate() {
            instance.running = running_fields
                .get(instance.arn)
                .copied()
                .flatten()
                .unwrap_or(counted[i]);
        }
        Self {
            instances,
            group_tasks,
        }
    }

    /// The `ACTIVE` instances.
    pub(crate) fn active(&self) -> impl Iterator<Item = &InstanceRow<'a>> {
        self.instances.iter().filter(|i| i.active)
    }
}
