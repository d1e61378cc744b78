//! The naive reference engine: spec §2, §4–§7 written as plainly as possible.
//!
//! It starts from the resolved [`Plan`] (validation and resolution are shared with the fast
//! engine; they are not placement) and shares no placement code with the fast engine: no
//! index, no bitsets, no incremental ranking, and `memberOf` through the `ecs-place-cql`
//! tree-walking interpreter. For every task it loops over every instance in ARN order,
//! applies the checks of spec §2 step 4.2 in order, narrows the survivors with the
//! strategies one after another (spec §4), draws once among the ties (docs/DECISIONS.md) and
//! commits. Formatting shared with the fast engine (`detail`, `render`) is not placement.
//!
//! [`place_reference_response`] runs a request end to end (resolve, place, render).

mod buckets;
mod checks;
mod commit;
mod explain;
mod fargate;
mod member_of;
mod response;
mod state;
mod strategy;

use ecs_place::outcome::{Failure, Outcome, TaskDecision, TaskStatus};
use ecs_place::plan::Plan;
use ecs_place::rng::Rng;
use ecs_place_model::ClusterState;

pub use checks::{Rejection, first_failure};
pub use commit::commit as commit_task;
pub use response::{ReferencePlacement, place_reference_response, place_reference_with};
pub use state::{Instance, instances};

use buckets::{Pool, Work, in_pool, work};
use fargate::FargateZones;

/// The mutable state of one call.
struct Call<'s, 'p> {
    plan: &'p Plan,
    instances: Vec<Instance<'s>>,
    fargate: FargateZones,
    rng: Rng,
    outcome: Outcome,
    explain: bool,
}

impl Call<'_, '_> {
    fn next_position(&self) -> u32 {
        u32::try_from(self.outcome.tasks.len()).unwrap_or(u32::MAX)
    }

    fn decision(&self, work: &Work<'_>, status: TaskStatus) -> TaskDecision {
        TaskDecision {
            position: self.next_position(),
            bucket: work.bucket,
            capacity_provider: work.provider.map(str::to_owned),
            launch_type: work.kind,
            container_instance_arn: None,
            availability_zone: None,
            // One (empty) list per container; placed tasks fill theirs in.
            gpu_ids: self
                .plan
                .echo
                .containers
                .iter()
                .map(|_| Vec::new())
                .collect(),
            status,
        }
    }

    /// Places the bucket's tasks on instances, one after another.
    fn place_on_instances(&mut self, work: &Work<'_>) {
        for placed in 0..work.count {
            let mut survivors = Vec::new();
            let mut rejections = Vec::new();
            for (index, instance) in self.instances.iter().enumerate() {
                if !instance.is_active() || !in_pool(instance, work.pool) {
                    continue;
                }
                match first_failure(instance, self.plan) {
                    None => survivors.push(index),
                    Some(rejection) => rejections.push((index, rejection)),
                }
            }
            let ties = strategy::narrow(
                &self.instances,
                survivors,
                &work.strategies,
                &self.plan.group,
            );
            let drawn = if ties.is_empty() {
                None
            } else {
                ties.get(self.rng.choose(ties.len())).copied()
            };
            let Some(chosen) = drawn else {
                self.not_placed(work, work.count - placed, &rejections);
                return;
            };
            let gpu_ids = commit::commit(&mut self.instances[chosen], self.plan);
            let instance = &self.instances[chosen];
            let mut decision = self.decision(work, TaskStatus::Pending);
            decision.container_instance_arn = Some(instance.arn().to_owned());
            decision.availability_zone = instance.zone().map(str::to_owned);
            decision.gpu_ids = gpu_ids;
            self.outcome.tasks.push(decision);
        }
    }

    /// The bucket's first task found no instance: `left` tasks are not placed.
    fn not_placed(&mut self, work: &Work<'_>, left: u32, rejections: &[(usize, Rejection)]) {
        if self.explain {
            let only: Vec<Rejection> = rejections.iter().map(|(_, r)| r.clone()).collect();
            let explanation =
                explain::explain(self.plan, self.next_position(), work.provider, &only);
            self.outcome
                .explanation
                .get_or_insert_with(Default::default)
                .unplaced
                .push(explanation);
        }
        if work.provisioning {
            for _ in 0..left {
                let decision = self.decision(work, TaskStatus::Provisioning);
                self.outcome.tasks.push(decision);
            }
            return;
        }
        // Failures of the first unplaced task only, each instance once, in instance order.
        if self.outcome.failures.is_empty() {
            self.outcome.failures = rejections
                .iter()
                .map(|(index, rejection)| Failure {
                    arn: self.instances[*index].arn().to_owned(),
                    reason: rejection.reason,
                    detail: rejection.detail.clone(),
                })
                .collect();
        }
    }

    fn place_on_fargate(&mut self, work: &Work<'_>, spot: bool) {
        for _ in 0..work.count {
            let zone = self.fargate.place(spot, &mut self.rng);
            let mut decision = self.decision(work, TaskStatus::Pending);
            decision.availability_zone = zone;
            self.outcome.tasks.push(decision);
        }
    }
}

/// Places `plan` on `state` the plain way. `explain` adds the explanation of spec §6.
pub fn place_reference(plan: &Plan, state: &ClusterState, explain: bool) -> Outcome {
    let mut call = Call {
        plan,
        instances: instances(state),
        fargate: FargateZones::new(plan, state),
        rng: Rng::new(plan.seed),
        outcome: Outcome {
            explanation: explain.then(Default::default),
            ..Outcome::default()
        },
        explain,
    };
    for work in work(plan) {
        match work.pool {
            Pool::Fargate { spot } => call.place_on_fargate(&work, spot),
            _ => call.place_on_instances(&work),
        }
    }
    call.outcome
}
