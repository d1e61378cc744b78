//! A snapshot instance seen through the query language's [`InstanceFacts`]: what `list`
//! evaluates filters over, and what the reference engine evaluates `memberOf` over.

use ahash::AHashMap;
use ecs_place_cql::InstanceFacts;
use ecs_place_model::{ClusterState, ContainerInstance};

/// The counted tasks of spec §5 in a snapshot: per instance ARN, the groups of its tasks whose
/// `desiredStatus` is `RUNNING` and whose `containerInstanceArn` names a snapshot instance.
pub fn counted_groups(state: &ClusterState) -> AHashMap<&str, Vec<&str>> {
    let mut groups: AHashMap<&str, Vec<&str>> = state
        .container_instances
        .iter()
        .map(|instance| (instance.container_instance_arn.as_str(), Vec::new()))
        .collect();
    for task in &state.tasks {
        if task.desired_status.as_deref() != Some("RUNNING") {
            continue;
        }
        let Some(arn) = task.container_instance_arn.as_deref() else {
            continue;
        };
        if let Some(list) = groups.get_mut(arn) {
            // A counted task without a group still counts for `runningTasksCount`.
            list.push(task.group.as_deref().unwrap_or(""));
        }
    }
    groups
}

/// One snapshot instance plus its counted tasks' groups.
#[derive(Clone, Copy, Debug)]
pub struct SnapshotFacts<'a> {
    instance: &'a ContainerInstance,
    groups: &'a [&'a str],
    /// Tasks placed on the instance earlier in the same call (spec §5).
    placed: u64,
}

impl<'a> SnapshotFacts<'a> {
    /// The facts of `instance` whose counted tasks have `groups` (one entry per task).
    pub fn new(instance: &'a ContainerInstance, groups: &'a [&'a str]) -> Self {
        Self {
            instance,
            groups,
            placed: 0,
        }
    }

    /// The same facts with `placed` more tasks counted in `runningTasksCount`.
    #[must_use]
    pub fn with_placed(self, placed: u64) -> Self {
        Self { placed, ..self }
    }
}

impl InstanceFacts for SnapshotFacts<'_> {
    fn attribute(&self, name: &str) -> Option<Option<&str>> {
        self.instance
            .attribute(name)
            .map(|attribute| attribute.value.as_deref())
    }

    fn ec2_instance_id(&self) -> Option<&str> {
        self.instance.ec2_instance_id.as_deref()
    }

    fn agent_connected(&self) -> Option<bool> {
        self.instance.agent_connected
    }

    fn agent_version(&self) -> Option<&str> {
        self.instance
            .version_info
            .as_ref()
            .and_then(|info| info.agent_version.as_deref())
    }

    fn registered_at(&self) -> Option<i128> {
        self.instance.registered_at.map(|at| at.as_nanos())
    }

    fn running_tasks_count(&self) -> u64 {
        let recorded = self
            .instance
            .running_tasks_count
            .map_or(self.groups.len() as u64, u64::from);
        recorded + self.placed
    }

    fn groups(&self) -> impl Iterator<Item = &str> {
        self.groups
            .iter()
            .copied()
            .filter(|group| !group.is_empty())
    }
}
