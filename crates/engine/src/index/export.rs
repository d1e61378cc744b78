//! Writing an index back as a spec §1.2 snapshot.

use std::collections::HashMap;

use ecs_place_model::{ClusterState, ContainerInstance, Resource};

use super::ClusterIndex;

/// Replaces (or adds) the resource `name` in `resources`, keeping the others in place.
fn set_resource(resources: &mut Vec<Resource>, value: Resource) {
    match resources.iter_mut().find(|r| r.name == value.name) {
        Some(slot) => *slot = value,
        None => resources.push(value),
    }
}

impl ClusterIndex {
    /// The current state as a snapshot: the snapshot the index was built from with each
    /// instance's `remainingResources` (`CPU`, `MEMORY`, `PORTS`, `PORTS_UDP`, `GPU`) and
    /// `runningTasksCount` replaced by the index's, tasks stopped through the index marked
    /// `STOPPED`, and committed tasks added (`desiredStatus` `RUNNING`).
    ///
    /// Building an index from the export gives an index equal (`==`) to this one.
    pub fn to_snapshot(&self) -> ClusterState {
        // INVARIANT: only the crate's one-shot path builds an index without a snapshot copy,
        // and it never exports.
        let mut state = self.base.as_deref().cloned().unwrap_or_default();
        let positions: HashMap<&str, usize> = self
            .arns
            .iter()
            .enumerate()
            .map(|(at, arn)| (arn, at))
            .collect();
        for instance in &mut state.container_instances {
            if let Some(&at) = positions.get(instance.container_instance_arn.as_str()) {
                self.export_instance(at, instance);
            }
        }
        for task in &mut state.tasks {
            if task
                .task_arn
                .as_deref()
                .is_some_and(|arn| self.stopped.contains(arn))
            {
                task.desired_status = Some("STOPPED".to_owned());
                task.last_status = Some("STOPPED".to_owned());
            }
        }
        let mut committed: Vec<(&Box<str>, &ecs_place_model::ClusterTask)> =
            self.committed.iter().collect();
        committed.sort_unstable_by(|a, b| a.0.cmp(b.0));
        state
            .tasks
            .extend(committed.into_iter().map(|(_, task)| task.clone()));
        state
    }

    fn export_instance(&self, at: usize, instance: &mut ContainerInstance) {
        let resources = &mut instance.remaining_resources;
        set_resource(resources, Resource::integer("CPU", self.cpu[at]));
        set_resource(resources, Resource::integer("MEMORY", self.memory[at]));
        for (name, ports) in [("PORTS", &self.tcp[at]), ("PORTS_UDP", &self.udp[at])] {
            if !ports.is_empty() || resources.iter().any(|r| r.name == name) {
                let texts = ports.iter().map(u16::to_string);
                set_resource(resources, Resource::string_set(name, texts));
            }
        }
        if !self.gpus[at].is_empty() || resources.iter().any(|r| r.name == "GPU") {
            let ids = self.gpus[at].iter().map(|id| id.to_string());
            set_resource(resources, Resource::string_set("GPU", ids));
        }
        instance.running_tasks_count = Some(self.running[at]);
    }
}
