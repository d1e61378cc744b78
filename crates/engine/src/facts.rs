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
    /// The group of the tasks placed in this call.
    placed_group: &'a str,
}

impl<'a> SnapshotFacts<'a> {
    /// The facts of `instance` whose counted tasks have `groups` (one entry per task).
    pub fn new(instance: &'a ContainerInstance, groups: &'a [&'a str]) -> Self {
        Self {
            instance,
            groups,
            placed: 0,
            placed_group: "",
        }
    }

    /// The same facts with `placed` tasks of `group` placed on the instance earlier in the
    /// same call: they count in `runningTasksCount` and, when `placed > 0`, their group is
    /// one of the instance's groups for `task:group` (spec §3.3, §5).
    #[must_use]
    pub fn with_placed(self, placed: u64, group: &'a str) -> Self {
        Self {
            placed,
            placed_group: group,
            ..self
        }
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
            .chain((self.placed > 0).then_some(self.placed_group))
            .filter(|group| !group.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use ecs_place_cql::{InstanceFacts, parse};
    use serde_json::json;

    use super::*;

    fn state() -> ClusterState {
        serde_json::from_value(json!({
            "clusters": [{"clusterName": "c", "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/c"}],
            "containerInstances": [
                {"containerInstanceArn": "arn:a", "status": "ACTIVE", "runningTasksCount": 5},
                {"containerInstanceArn": "arn:b", "status": "ACTIVE"},
            ],
            "tasks": [
                {"taskArn": "t1", "containerInstanceArn": "arn:a", "group": "web", "desiredStatus": "RUNNING"},
                {"taskArn": "t2", "containerInstanceArn": "arn:b", "group": "db", "desiredStatus": "RUNNING"},
                {"taskArn": "t3", "containerInstanceArn": "arn:b", "group": "web", "desiredStatus": "PENDING"},
                {"taskArn": "t4", "containerInstanceArn": "arn:b", "group": "db", "desiredStatus": "RUNNING"},
                {"taskArn": "t5", "containerInstanceArn": "arn:gone", "group": "web", "desiredStatus": "RUNNING"},
            ],
        }))
        .unwrap()
    }

    #[test]
    fn counted_tasks_are_running_tasks_on_snapshot_instances() {
        let state = state();
        let groups = counted_groups(&state);
        assert_eq!(groups["arn:a"], ["web"]);
        assert_eq!(groups["arn:b"], ["db", "db"]);
        assert!(!groups.contains_key("arn:gone"));
    }

    #[test]
    fn running_tasks_count_is_the_field_else_the_counted_tasks_plus_placed_ones() {
        let state = state();
        let groups = counted_groups(&state);
        let facts = |i: usize| {
            let instance = &state.container_instances[i];
            SnapshotFacts::new(instance, &groups[instance.container_instance_arn.as_str()])
        };
        assert_eq!(facts(0).running_tasks_count(), 5);
        assert_eq!(facts(1).running_tasks_count(), 2);
        assert_eq!(facts(0).with_placed(3, "api").running_tasks_count(), 8);
        assert_eq!(facts(1).with_placed(1, "api").running_tasks_count(), 3);
    }

    /// Spec §3.3: `task:group` sees the tasks placed earlier in the same call.
    #[test]
    fn placed_tasks_add_their_group() {
        let state = state();
        let groups = counted_groups(&state);
        let instance = &state.container_instances[0];
        let facts = SnapshotFacts::new(instance, &groups["arn:a"]);
        let api = parse("task:group == api").unwrap();
        assert!(!api.evaluate(&facts));
        assert!(!api.evaluate(&facts.with_placed(0, "api")));
        let placed = facts.with_placed(2, "api");
        assert!(api.evaluate(&placed));
        assert_eq!(placed.groups().collect::<Vec<_>>(), ["web", "api"]);
        assert!(parse("not(task:group == db)").unwrap().evaluate(&placed));
    }
}
