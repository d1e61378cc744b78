//! What a replay counts as it goes: tasks placed, failed and provisioning, stops, and the
//! facts about the workload the final-state metrics need (groups, spread fields, task sizes).

use std::collections::{BTreeMap, BTreeSet};

use ecs_place::Placement;
use ecs_place::outcome::{Failure, TaskStatus};
use ecs_place::plan::{LaunchType, Plan, SpreadField, Strategy, Target};
use ecs_place_model::snapshot::ProviderKind;

/// The reason recorded for unplaced tasks whose request reported no rejected instance.
pub const NO_CANDIDATE: &str = "NO_CANDIDATE";

/// Counts of one replay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Request lines replayed.
    pub requests: u64,
    /// The sum of the requests' `count`.
    pub requested: u64,
    /// Tasks placed on a container instance (or on Fargate).
    pub placed: u64,
    /// Tasks left `PROVISIONING` (spec §7.3).
    pub provisioning: u64,
    /// Tasks not placed.
    pub failed: u64,
    /// Unplaced tasks per reason code (see [`dominant_reason`]).
    pub failed_by_reason: BTreeMap<String, u64>,
    /// `stopTasks` and `stopGroup` lines replayed.
    pub stop_lines: u64,
    /// Tasks those lines stopped.
    pub stopped: u64,
    /// `stopTasks` ARNs that named no running task (no-ops).
    pub unknown_stop_arns: u64,
    /// The groups the requests placed into (spec §5).
    pub groups: BTreeSet<String>,
    /// The spread fields the requests used, as `instanceId` or `attribute:NAME`.
    pub spread_fields: BTreeSet<String>,
    /// The smallest CPU units and memory MiB of a request placing on container instances.
    pub min_cpu: Option<u32>,
    pub min_memory: Option<u32>,
}

impl Tally {
    /// Records one request's placement.
    pub fn record(&mut self, plan: &Plan, placement: &Placement) {
        let outcome = placement.outcome();
        let decided = outcome.tasks.len() as u64;
        let provisioning = outcome
            .tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Provisioning)
            .count() as u64;
        let failed = u64::from(plan.count).saturating_sub(decided);
        self.requests += 1;
        self.requested += u64::from(plan.count);
        self.placed += decided - provisioning;
        self.provisioning += provisioning;
        self.failed += failed;
        if failed > 0 {
            let reason = dominant_reason(&outcome.failures);
            *self.failed_by_reason.entry(reason.to_owned()).or_default() += failed;
        }
        if !self.groups.contains(&plan.group) {
            self.groups.insert(plan.group.clone());
        }
        for strategy in &plan.strategies {
            match strategy {
                Strategy::Random => break,
                Strategy::Binpack(_) => {}
                Strategy::Spread(field) => {
                    let name = spread_field_name(field);
                    if !self.spread_fields.contains(&name) {
                        self.spread_fields.insert(name);
                    }
                }
            }
        }
        if places_on_instances(&plan.target) {
            let r = &plan.requirements;
            self.min_cpu = Some(self.min_cpu.map_or(r.cpu, |m| m.min(r.cpu)));
            self.min_memory = Some(self.min_memory.map_or(r.memory, |m| m.min(r.memory)));
        }
    }

    /// Records one stop line: `stopped` tasks stopped, `unknown` ARNs that were no-ops.
    pub fn record_stop(&mut self, stopped: usize, unknown: usize) {
        self.stop_lines += 1;
        self.stopped += stopped as u64;
        self.unknown_stop_arns += unknown as u64;
    }
}

/// The spread field as the metrics name it: `instanceId` or `attribute:NAME`.
pub fn spread_field_name(field: &SpreadField) -> String {
    match field {
        SpreadField::Instance => "instanceId".to_owned(),
        SpreadField::Attribute(name) => format!("attribute:{name}"),
    }
}

/// True when some task of the target needs a container instance.
fn places_on_instances(target: &Target) -> bool {
    match target {
        Target::LaunchType { launch_type, .. } => *launch_type != LaunchType::Fargate,
        Target::CapacityProviders(buckets) => buckets
            .iter()
            .any(|b| !matches!(b.kind, ProviderKind::Fargate | ProviderKind::FargateSpot)),
    }
}

/// The reason an unplaced task is counted under: the reason code that rejected the most
/// instances for the request's first unplaced task (spec §6), ties to the earlier check of
/// spec §2 step 4.2; [`NO_CANDIDATE`] when no instance was rejected.
pub fn dominant_reason(failures: &[Failure]) -> &'static str {
    let mut counts: BTreeMap<ecs_place::outcome::Reason, u32> = BTreeMap::new();
    for failure in failures {
        *counts.entry(failure.reason).or_default() += 1;
    }
    // `Reason` orders in check order; `max_by_key` keeps the last maximum, so iterate in
    // reverse to let the earliest check win ties.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| **n)
        .map_or(NO_CANDIDATE, |(reason, _)| reason.code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_place::outcome::Reason;

    fn failure(reason: Reason) -> Failure {
        Failure {
            arn: "i".into(),
            reason,
            detail: String::new(),
        }
    }

    #[test]
    fn the_most_common_reason_wins_and_ties_go_to_the_earlier_check() {
        assert_eq!(dominant_reason(&[]), NO_CANDIDATE);
        let failures = [
            failure(Reason::Memory),
            failure(Reason::Cpu),
            failure(Reason::Memory),
        ];
        assert_eq!(dominant_reason(&failures), "RESOURCE:MEMORY");
        let failures = [
            failure(Reason::DistinctInstance),
            failure(Reason::Cpu),
            failure(Reason::Memory),
            failure(Reason::DistinctInstance),
            failure(Reason::Cpu),
        ];
        assert_eq!(dominant_reason(&failures), "RESOURCE:CPU");
    }
}
