//! The laws every placement must obey, checked by replaying an [`Outcome`] task by task on
//! the snapshot (whichever engine produced it). Each function returns the first violation as
//! a sentence naming the task, the instance and the numbers.

use ecs_place::outcome::{Outcome, TaskDecision, TaskStatus};
use ecs_place::plan::{BinpackField, Constraint, Plan, SpreadField, Strategy, Target};
use ecs_place_model::ClusterState;
use ecs_place_model::snapshot::ProviderKind;

use crate::reference::{Instance, commit_task, first_failure, instances};

/// One placed task and the cluster as it was just before it was placed.
pub struct Step<'a, 's> {
    pub task: &'a TaskDecision,
    pub before: &'a [Instance<'s>],
    pub chosen: usize,
}

/// Replays the placed tasks of `outcome` in order, calling `visit` before committing each.
/// Fails when a task names an instance the snapshot does not have.
pub fn replay(
    plan: &Plan,
    state: &ClusterState,
    outcome: &Outcome,
    mut visit: impl FnMut(&Step<'_, '_>) -> Result<(), String>,
) -> Result<(), String> {
    let mut cluster = instances(state);
    for task in &outcome.tasks {
        let Some(arn) = &task.container_instance_arn else {
            continue;
        };
        let chosen = cluster
            .iter()
            .position(|instance| instance.arn() == arn)
            .ok_or_else(|| format!("task {} names unknown instance {arn}", task.position))?;
        visit(&Step {
            task,
            before: &cluster,
            chosen,
        })?;
        commit_task(&mut cluster[chosen], plan);
    }
    Ok(())
}

/// Resources, ports and GPU ids: the chosen instance had room, and the GPU ids taken were
/// free, distinct and as many as the containers ask for.
pub fn never_overcommits(
    plan: &Plan,
    state: &ClusterState,
    outcome: &Outcome,
) -> Result<(), String> {
    replay(plan, state, outcome, |step| {
        let instance = &step.before[step.chosen];
        let needs = &plan.requirements;
        let position = step.task.position;
        if needs.cpu > instance.remaining_cpu || needs.memory > instance.remaining_memory {
            return Err(format!(
                "task {position} on {}: needs {} CPU / {} MiB, had {} / {}",
                instance.arn(),
                needs.cpu,
                needs.memory,
                instance.remaining_cpu,
                instance.remaining_memory
            ));
        }
        let clash = needs
            .tcp_ports
            .iter()
            .find(|p| instance.tcp_in_use.contains(p));
        let clash_udp = needs
            .udp_ports
            .iter()
            .find(|p| instance.udp_in_use.contains(p));
        if clash.is_some() || clash_udp.is_some() {
            return Err(format!(
                "task {position} on {}: port in use (tcp {clash:?}, udp {clash_udp:?})",
                instance.arn()
            ));
        }
        let taken: Vec<&String> = step.task.gpu_ids.iter().flatten().collect();
        let mut distinct = taken.clone();
        distinct.sort();
        distinct.dedup();
        let wanted = needs.gpus as usize;
        if taken.len() != wanted
            || distinct.len() != taken.len()
            || taken.iter().any(|id| !instance.free_gpus.contains(*id))
        {
            return Err(format!(
                "task {position} on {}: took GPU ids {taken:?} (wanted {wanted}) from free {:?}",
                instance.arn(),
                instance.free_gpus
            ));
        }
        Ok(())
    })
}

/// Every placed task passed every check of spec §2 step 4.2 (memberOf evaluated by the
/// interpreter on the state it was placed in, distinctInstance against the call and group).
pub fn placed_tasks_pass_every_check(
    plan: &Plan,
    state: &ClusterState,
    outcome: &Outcome,
) -> Result<(), String> {
    replay(plan, state, outcome, |step| {
        let instance = &step.before[step.chosen];
        match first_failure(instance, plan) {
            None => Ok(()),
            Some(rejection) => Err(format!(
                "task {} placed on {} which fails {}: {}",
                step.task.position,
                instance.arn(),
                rejection.reason,
                rejection.detail
            )),
        }
    })
}

/// With `distinctInstance`, no instance hosts two tasks of the group after the call unless it
/// hosted one before, and none of the call's tasks lands on an instance that had one.
pub fn distinct_instance_holds(
    plan: &Plan,
    state: &ClusterState,
    outcome: &Outcome,
) -> Result<(), String> {
    if !plan
        .constraints
        .iter()
        .any(|constraint| matches!(constraint, Constraint::DistinctInstance))
    {
        return Ok(());
    }
    replay(plan, state, outcome, |step| {
        let instance = &step.before[step.chosen];
        let existing = instance.tasks_of(&plan.group);
        if existing == 0 {
            Ok(())
        } else {
            Err(format!(
                "task {} placed on {} which already ran {existing} task(s) of group `{}`",
                step.task.position,
                instance.arn(),
                plan.group
            ))
        }
    })
}

/// The first strategy the task's bucket ranks with (managed instances: zone spread).
fn first_strategy(plan: &Plan, task: &TaskDecision) -> Option<Strategy> {
    match (&plan.target, task.bucket) {
        (Target::CapacityProviders(buckets), Some(index))
            if buckets.get(index)?.kind == ProviderKind::ManagedInstances =>
        {
            Some(Strategy::Spread(SpreadField::Attribute(
                "ecs.availability-zone".to_owned(),
            )))
        }
        _ => plan.strategies.first().cloned(),
    }
}

/// The fitting candidates of the step's bucket: instances of the chosen one's pool that pass
/// every check. The pool is read off the chosen instance (same provider, same external flag).
fn fitting<'a, 's>(step: &'a Step<'a, 's>, plan: &Plan) -> Vec<&'a Instance<'s>> {
    let chosen = &step.before[step.chosen];
    let external = |i: &Instance<'_>| i.attribute("ecs.capability.external").is_some();
    step.before
        .iter()
        .filter(|i| i.is_active())
        .filter(|i| match step.task.bucket {
            Some(_) => i.source.capacity_provider_name == chosen.source.capacity_provider_name,
            None => external(i) == external(chosen),
        })
        .filter(|i| first_failure(i, plan).is_none())
        .collect()
}

/// When the first strategy is `binpack`, the chosen instance has the least remaining amount
/// of its field among the instances that fit.
pub fn binpack_picks_least_remaining(
    plan: &Plan,
    state: &ClusterState,
    outcome: &Outcome,
) -> Result<(), String> {
    replay(plan, state, outcome, |step| {
        let Some(Strategy::Binpack(field)) = first_strategy(plan, step.task) else {
            return Ok(());
        };
        let amount = |i: &Instance<'_>| match field {
            BinpackField::Cpu => i.remaining_cpu,
            BinpackField::Memory => i.remaining_memory,
        };
        chosen_has_least(step, plan, amount, &format!("binpack {field:?} remaining"))
    })
}

/// Ok when the chosen instance has the least `score` among the instances that fit.
fn chosen_has_least<S: Ord + Copy + std::fmt::Debug>(
    step: &Step<'_, '_>,
    plan: &Plan,
    score: impl Fn(&Instance<'_>) -> S,
    what: &str,
) -> Result<(), String> {
    let least = fitting(step, plan).into_iter().map(&score).min();
    let chosen = score(&step.before[step.chosen]);
    if least == Some(chosen) {
        Ok(())
    } else {
        Err(format!(
            "task {} {what}: chose {} with {chosen:?}, least among the fitting is {least:?}",
            step.task.position,
            step.before[step.chosen].arn()
        ))
    }
}

/// When the first strategy is `spread`, the chosen instance's key has the least count of
/// the group's tasks (over the whole cluster) among the keys of the instances that fit.
pub fn spread_picks_least_count_key(
    plan: &Plan,
    state: &ClusterState,
    outcome: &Outcome,
) -> Result<(), String> {
    replay(plan, state, outcome, |step| {
        let Some(Strategy::Spread(field)) = first_strategy(plan, step.task) else {
            return Ok(());
        };
        let key = |i: &Instance<'_>| -> Option<String> {
            match &field {
                SpreadField::Instance => Some(i.arn().to_owned()),
                SpreadField::Attribute(name) => i.attribute(name).flatten().map(str::to_owned),
            }
        };
        let count = |k: &Option<String>| -> usize {
            step.before
                .iter()
                .filter(|i| key(i) == *k)
                .map(|i| i.tasks_of(&plan.group))
                .sum()
        };
        chosen_has_least(
            step,
            plan,
            |i| count(&key(i)),
            &format!("spread {field:?} tasks per key"),
        )
    })
}

/// Placed plus unplaced equals `count` (spec §6): positions run 0.. without gaps; every
/// capacity-provider task is returned (placed or `PROVISIONING`); a launch-type call that
/// returns fewer tasks than `count` has one failure per `ACTIVE` instance of its pool, and
/// one that returns them all has none.
pub fn placed_plus_unplaced_is_count(
    plan: &Plan,
    state: &ClusterState,
    outcome: &Outcome,
) -> Result<(), String> {
    for (expected, task) in outcome.tasks.iter().enumerate() {
        if task.position as usize != expected {
            return Err(format!(
                "task at index {expected} has position {}",
                task.position
            ));
        }
    }
    let returned = outcome.tasks.len();
    match &plan.target {
        Target::CapacityProviders(buckets) => {
            for (index, bucket) in buckets.iter().enumerate() {
                let got = outcome
                    .tasks
                    .iter()
                    .filter(|t| t.bucket == Some(index))
                    .count();
                if got != bucket.count as usize {
                    return Err(format!(
                        "bucket {} returned {got} tasks of {}",
                        bucket.provider, bucket.count
                    ));
                }
            }
            if !outcome.failures.is_empty() {
                return Err(format!(
                    "capacity-provider call returned {} failures",
                    outcome.failures.len()
                ));
            }
        }
        Target::LaunchType { count, .. } => {
            if returned > *count as usize {
                return Err(format!("{returned} tasks returned for count {count}"));
            }
            if outcome
                .tasks
                .iter()
                .any(|t| t.status != TaskStatus::Pending)
            {
                return Err("a launch-type task is not PENDING".to_owned());
            }
            let pool = pool_size(plan, state);
            let failures = outcome.failures.len();
            let expected = if returned < *count as usize { pool } else { 0 };
            if failures != expected {
                return Err(format!(
                    "{returned} of {count} tasks placed, {failures} failures, {pool} active instances in the pool"
                ));
            }
        }
    }
    Ok(())
}

/// ACTIVE instances of a launch type's pool.
fn pool_size(plan: &Plan, state: &ClusterState) -> usize {
    let Target::LaunchType { launch_type, .. } = &plan.target else {
        return 0;
    };
    state
        .container_instances
        .iter()
        .filter(|i| i.status == "ACTIVE")
        .filter(|i| match launch_type {
            ecs_place::plan::LaunchType::Ec2 => !i.is_external(),
            ecs_place::plan::LaunchType::External => i.is_external(),
            ecs_place::plan::LaunchType::Fargate => false,
        })
        .count()
}
