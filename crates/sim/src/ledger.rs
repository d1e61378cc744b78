//! The simulation's own count of running tasks per group and zone, for the timeline.
//!
//! The index knows the same facts but keeps them private; the ledger mirrors the changes the
//! simulator makes (placements, stops) so that the report can draw tasks per zone per group
//! as the trace goes. It starts from the snapshot's counted tasks (spec §5: `desiredStatus`
//! `RUNNING` on an instance of the snapshot, zone = the instance's `ecs.availability-zone`);
//! tasks the simulation places add their decision's zone. Snapshot tasks on Fargate are not
//! counted.

use std::collections::HashMap;

use ecs_place::Placement;
use ecs_place_model::ClusterState;

use crate::metrics::snapshot::ZONE_ATTRIBUTE;

/// The zone name of a task without one.
pub const NO_ZONE: &str = "(no zone)";

/// Running tasks per (group, zone).
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    groups: Vec<Box<str>>,
    group_ids: HashMap<Box<str>, u32>,
    zones: Vec<Box<str>>,
    zone_ids: HashMap<Box<str>, u32>,
    /// `counts[group][zone]`.
    counts: Vec<Vec<u32>>,
    /// Running tasks with an ARN: (group, zone).
    tasks: HashMap<Box<str>, (u32, u32)>,
}

impl Ledger {
    /// The counted tasks of `state`, with the zones of its `ACTIVE` instances registered even
    /// when they run nothing (ascending).
    pub fn from_snapshot(state: &ClusterState) -> Self {
        let mut ledger = Self::default();
        let mut zones: Vec<&str> = state
            .container_instances
            .iter()
            .filter(|i| i.status == "ACTIVE")
            .filter_map(|i| i.attribute(ZONE_ATTRIBUTE)?.value.as_deref())
            .collect();
        zones.sort_unstable();
        zones.dedup();
        for zone in zones {
            ledger.zone_id(Some(zone));
        }
        let instance_zone: HashMap<&str, Option<&str>> = state
            .container_instances
            .iter()
            .map(|i| {
                let zone = i.attribute(ZONE_ATTRIBUTE).and_then(|a| a.value.as_deref());
                (i.container_instance_arn.as_str(), zone)
            })
            .collect();
        for task in &state.tasks {
            if task.desired_status.as_deref() != Some("RUNNING") {
                continue;
            }
            let Some(&zone) = task
                .container_instance_arn
                .as_deref()
                .and_then(|arn| instance_zone.get(arn))
            else {
                continue;
            };
            let Some(group) = task.group.as_deref().filter(|g| !g.is_empty()) else {
                continue;
            };
            ledger.add(group, zone, task.task_arn.as_deref());
        }
        ledger
    }

    fn group_id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.group_ids.get(name) {
            return id;
        }
        let id = self.groups.len() as u32;
        self.groups.push(name.into());
        self.group_ids.insert(name.into(), id);
        self.counts.push(vec![0; self.zones.len()]);
        id
    }

    fn zone_id(&mut self, zone: Option<&str>) -> u32 {
        let name = zone.unwrap_or(NO_ZONE);
        if let Some(&id) = self.zone_ids.get(name) {
            return id;
        }
        let id = self.zones.len() as u32;
        self.zones.push(name.into());
        self.zone_ids.insert(name.into(), id);
        for row in &mut self.counts {
            row.push(0);
        }
        id
    }

    fn add(&mut self, group: &str, zone: Option<&str>, arn: Option<&str>) {
        let g = self.group_id(group);
        let z = self.zone_id(zone);
        self.counts[g as usize][z as usize] += 1;
        if let Some(arn) = arn {
            self.tasks.insert(arn.into(), (g, z));
        }
    }

    /// Records the tasks of a committed placement (placed and `PROVISIONING` alike).
    pub fn record(&mut self, group: &str, placement: &Placement) {
        let decisions = &placement.outcome().tasks;
        for (decision, task) in decisions.iter().zip(&placement.response().tasks) {
            self.add(
                group,
                decision.availability_zone.as_deref(),
                task.task_arn.as_deref(),
            );
        }
    }

    /// Records that the task `arn` stopped (nothing when the ledger does not hold it).
    pub fn stop_task(&mut self, arn: &str) {
        if let Some((g, z)) = self.tasks.remove(arn) {
            self.counts[g as usize][z as usize] -= 1;
        }
    }

    /// Records that every task of `group` with an ARN stopped (what the index can stop).
    pub fn stop_group(&mut self, group: &str) {
        let Some(&g) = self.group_ids.get(group) else {
            return;
        };
        let counts = &mut self.counts[g as usize];
        self.tasks.retain(|_, &mut (tg, z)| {
            if tg == g {
                counts[z as usize] -= 1;
                false
            } else {
                true
            }
        });
    }

    /// Zone names, in id order (the `ACTIVE` instances' zones ascending, then others as met).
    pub fn zones(&self) -> &[Box<str>] {
        &self.zones
    }

    /// Tasks of `group` per zone (indexed like [`zones`](Self::zones)), `None` for a group
    /// the ledger never saw.
    pub fn per_zone(&self, group: &str) -> Option<&[u32]> {
        let &g = self.group_ids.get(group)?;
        Some(&self.counts[g as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_place_model::{Attribute, ClusterTask, ContainerInstance};

    fn instance(arn: &str, zone: &str) -> ContainerInstance {
        ContainerInstance {
            container_instance_arn: arn.into(),
            status: "ACTIVE".into(),
            attributes: vec![Attribute {
                name: ZONE_ATTRIBUTE.into(),
                value: Some(zone.into()),
                ..Attribute::default()
            }],
            ..ContainerInstance::default()
        }
    }

    fn task(arn: &str, instance: &str, group: &str, status: &str) -> ClusterTask {
        ClusterTask {
            task_arn: Some(arn.into()),
            container_instance_arn: Some(instance.into()),
            group: Some(group.into()),
            desired_status: Some(status.into()),
            ..ClusterTask::default()
        }
    }

    #[test]
    fn counts_snapshot_tasks_per_zone_and_follows_stops() {
        let state = ClusterState {
            container_instances: vec![instance("i-b", "zone-b"), instance("i-a", "zone-a")],
            tasks: vec![
                task("t1", "i-a", "web", "RUNNING"),
                task("t2", "i-b", "web", "RUNNING"),
                task("t3", "i-b", "web", "RUNNING"),
                task("t4", "i-b", "web", "STOPPED"),
                task("t5", "i-unknown", "web", "RUNNING"),
                task("t6", "i-a", "db", "RUNNING"),
            ],
            ..ClusterState::default()
        };
        let mut ledger = Ledger::from_snapshot(&state);
        assert_eq!(
            ledger.zones(),
            [Box::from("zone-a"), Box::from("zone-b")].as_slice()
        );
        assert_eq!(ledger.per_zone("web"), Some([1, 2].as_slice()));
        assert_eq!(ledger.per_zone("db"), Some([1, 0].as_slice()));
        assert_eq!(ledger.per_zone("cache"), None);
        ledger.stop_task("t2");
        ledger.stop_task("t2");
        ledger.stop_task("nope");
        assert_eq!(ledger.per_zone("web"), Some([1, 1].as_slice()));
        ledger.stop_group("web");
        assert_eq!(ledger.per_zone("web"), Some([0, 0].as_slice()));
        assert_eq!(ledger.per_zone("db"), Some([1, 0].as_slice()));
    }
}
