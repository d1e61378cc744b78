//! Fargate tasks (spec §7.4, §11): no instance; the zone spreads the group's tasks over the
//! zones of the request's subnets, counted separately for `FARGATE` and `FARGATE_SPOT`.

use std::collections::{BTreeMap, BTreeSet};

use ecs_place::plan::Plan;
use ecs_place::rng::Rng;
use ecs_place_model::{ClusterState, ClusterTask};

/// Which Fargate pool a task counts in.
fn is_spot(task: &ClusterTask) -> Option<bool> {
    match task.capacity_provider_name.as_deref() {
        Some("FARGATE_SPOT") => Some(true),
        Some("FARGATE") => Some(false),
        _ => (task.launch_type.as_deref() == Some("FARGATE")).then_some(false),
    }
}

/// The zone counts of one Fargate pool (`spot` or not) for the plan's group.
#[derive(Clone, Debug)]
pub struct FargateZones {
    /// The zones of the request's subnets that the snapshot maps, ascending.
    zones: Vec<String>,
    /// Counted tasks per (spot, zone), snapshot tasks and tasks placed earlier in the call.
    counts: BTreeMap<(bool, String), u64>,
}

impl FargateZones {
    pub fn new(plan: &Plan, state: &ClusterState) -> Self {
        let zones: BTreeSet<String> = plan
            .echo
            .subnets
            .iter()
            .filter_map(|id| state.subnets.iter().find(|subnet| subnet.subnet_id == *id))
            .map(|subnet| subnet.availability_zone.clone())
            .collect();
        let mut counts = BTreeMap::new();
        for task in &state.tasks {
            let running = task.desired_status.as_deref() == Some("RUNNING");
            let of_group = task.group.as_deref() == Some(plan.group.as_str());
            if let (true, true, Some(spot), Some(zone)) =
                (running, of_group, is_spot(task), &task.availability_zone)
            {
                *counts.entry((spot, zone.clone())).or_insert(0) += 1;
            }
        }
        Self {
            zones: zones.into_iter().collect(),
            counts,
        }
    }

    /// The zone of the next task of the pool: a least-count zone, ties drawn in zone order.
    /// `None` (and no draw) when no subnet zone is known.
    pub fn place(&mut self, spot: bool, rng: &mut Rng) -> Option<String> {
        let count = |zone: &String| self.counts.get(&(spot, zone.clone())).copied().unwrap_or(0);
        let least = self.zones.iter().map(count).min()?;
        let ties: Vec<&String> = self
            .zones
            .iter()
            .filter(|zone| count(zone) == least)
            .collect();
        let zone = ties
            .get(rng.choose(ties.len()))
            .map(|zone| (*zone).clone())?;
        *self.counts.entry((spot, zone.clone())).or_insert(0) += 1;
        Some(zone)
    }
}
