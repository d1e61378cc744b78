//! A realistic trace against a snapshot, for users and benchmarks ([`generate_trace`]).
//!
//! The trace mixes [`WORKLOADS`](workloads::WORKLOADS) workloads drawn from the snapshot:
//!
//! - **task definitions**: the snapshot's `ACTIVE` definitions that run on its container
//!   instances (not `awsvpc`, no GPU), each at its own size; when there are fewer than the
//!   workloads, the rest reuse those that bind no host port at other sizes given as
//!   task-level `overrides` (128/256 up to 4096/8192 CPU units/MiB);
//! - **strategies**: binpack on memory, zone spread then binpack, instance spread, random;
//! - **constraints**: none, `memberOf` on an attribute the instances carry (`in` a subset of
//!   its values, or `!=` one value), `distinctInstance`, or both;
//! - **launch**: launch type `EC2` (`EXTERNAL` on a cluster of external instances only), or,
//!   for some workloads, the cluster's default capacity provider strategy when it names no
//!   Fargate provider;
//! - **groups** `sim:FAMILY-NN`, one per workload, and `count` 1–10 per request;
//! - **frequencies**: each workload's share of the requests is random and inversely
//!   proportional to its memory size (small tasks start far more often than large ones).
//!
//! **Stops** keep the cluster in a steady state: the generator estimates how many of the
//! workloads' tasks the free capacity holds at 60 % (free memory and CPU of the `ACTIVE`
//! instances over the mean task size) and, once more are running, follows each request with
//! a stop — `stopTasks` of the 1–10 oldest running tasks, or (1 in 20) `stopGroup` of the
//! oldest task's workload; below that, about 1 request in 500 is preceded by a `stopGroup` of
//! a random workload.
//!
//! `stopTasks` lines name the ARNs the simulator gives the tasks when it is run with the same
//! seed as the generator (`simulate --seed S` for `generate-trace --seed S`; ARNs derive from
//! [`line_seed`] and the task's position, docs/DECISIONS.md). A task that was not placed, or a
//! simulation with another seed, makes such an ARN a counted no-op.
//!
//! Every request line asks for at most 10 tasks and the counts add up to exactly the number of
//! tasks asked for. The same snapshot, task count and seed give the same trace.

mod catalog;
mod workloads;

use std::collections::VecDeque;

use ecs_place::rng::Rng;
use ecs_place_model::ClusterState;

use crate::seed::line_seed;
use crate::trace::{Trace, TraceOp};

use catalog::Catalog;
use workloads::Workload;

/// Why no trace could be generated for a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    #[error("the snapshot describes no cluster")]
    NoCluster,
    #[error("the snapshot has no ACTIVE container instance to place tasks on")]
    NoInstance,
    #[error(
        "the snapshot has no ACTIVE task definition that runs on its container instances (not awsvpc, no GPU)"
    )]
    NoTaskDefinition,
}

/// The share of the free capacity the running workload tasks aim at.
const FILL_PERCENT: u64 = 60;

/// A running task the generator knows of.
#[derive(Debug, Clone)]
struct Live {
    workload: usize,
    /// The workload's epoch when the task started; a `stopGroup` starts a new one.
    epoch: u32,
    arn: String,
}

/// The generator's state.
struct Generator {
    rng: Rng,
    seed: u64,
    catalog: Catalog,
    workloads: Vec<Workload>,
    ops: Vec<TraceOp>,
    /// Running tasks, oldest first (entries of an old epoch are stale).
    live: VecDeque<Live>,
    epochs: Vec<u32>,
    running: Vec<u64>,
    target: u64,
}

impl Generator {
    fn running_total(&self) -> u64 {
        self.running.iter().sum()
    }

    /// The line number the next operation gets.
    fn next_line(&self) -> usize {
        self.ops.len() + 1
    }

    fn pick_workload(&mut self) -> usize {
        let total: u32 = self.workloads.iter().map(|w| w.weight).sum();
        let mut roll = self.rng.choose(total as usize) as u32;
        for (k, workload) in self.workloads.iter().enumerate() {
            if roll < workload.weight {
                return k;
            }
            roll -= workload.weight;
        }
        self.workloads.len() - 1
    }

    fn request(&mut self, count: u32) {
        let k = self.pick_workload();
        let seed = line_seed(self.seed, self.next_line());
        for position in 0..count {
            self.live.push_back(Live {
                workload: k,
                epoch: self.epochs[k],
                arn: self.catalog.task_arn(seed, position),
            });
        }
        self.running[k] += u64::from(count);
        let mut request = self.workloads[k].request.clone();
        request.count = Some(i64::from(count));
        self.ops.push(TraceOp::RunTask(Box::new(request)));
    }

    fn stop_group(&mut self, k: usize) {
        let group = self.workloads[k].request.group.clone().unwrap_or_default();
        self.epochs[k] += 1;
        self.running[k] = 0;
        self.ops.push(TraceOp::StopGroup(group));
    }

    /// Drops stale entries from the front of the queue.
    fn oldest(&mut self) -> Option<&Live> {
        while let Some(front) = self.live.front() {
            if front.epoch == self.epochs[front.workload] {
                break;
            }
            self.live.pop_front();
        }
        self.live.front()
    }

    /// One stop line: `stopTasks` of the oldest tasks, or (1 in 20) `stopGroup`.
    fn stop(&mut self) {
        let Some(oldest) = self.oldest().map(|l| l.workload) else {
            return;
        };
        if self.rng.choose(20) == 0 {
            self.stop_group(oldest);
            return;
        }
        let wanted = 1 + self.rng.choose(10);
        let mut arns = Vec::with_capacity(wanted);
        while arns.len() < wanted {
            let Some(live) = self.oldest().cloned() else {
                break;
            };
            self.live.pop_front();
            self.running[live.workload] -= 1;
            arns.push(live.arn);
        }
        self.ops.push(TraceOp::StopTasks(arns));
    }
}

/// How many workload tasks the free capacity holds at [`FILL_PERCENT`]: the smaller of the
/// CPU and memory estimates, with the workloads' sizes weighted by their frequencies.
fn steady_target(catalog: &Catalog, workloads: &[Workload]) -> u64 {
    let weight: u64 = workloads.iter().map(|w| u64::from(w.weight)).sum();
    let mean = |size: fn(&Workload) -> u32| {
        let total: u64 = workloads
            .iter()
            .map(|w| u64::from(w.weight) * u64::from(size(w)))
            .sum();
        total / weight.max(1)
    };
    let by = |free: u64, mean: u64| (free * FILL_PERCENT / 100).checked_div(mean);
    let cpu = by(catalog.free_cpu, mean(|w| w.cpu));
    let memory = by(catalog.free_memory, mean(|w| w.memory));
    match (cpu, memory) {
        (Some(c), Some(m)) => c.min(m),
        (c, m) => c.or(m).unwrap_or(u64::MAX),
    }
}

/// A trace of requests asking for `tasks` tasks in all, with stops, against `state` (see the
/// module documentation).
pub fn generate_trace(state: &ClusterState, tasks: u64, seed: u64) -> Result<Trace, GenerateError> {
    let catalog = Catalog::new(state)?;
    let mut rng = Rng::new(seed);
    let workloads = workloads::workloads(&mut rng, &catalog);
    let target = steady_target(&catalog, &workloads);
    let n = workloads.len();
    let mut generator = Generator {
        rng,
        seed,
        catalog,
        workloads,
        ops: Vec::new(),
        live: VecDeque::new(),
        epochs: vec![0; n],
        running: vec![0; n],
        target,
    };
    let mut requested = 0u64;
    while requested < tasks {
        if generator.running_total() > generator.target {
            generator.stop();
        } else if generator.running_total() > 0 && generator.rng.choose(500) == 0 {
            let k = generator.rng.choose(n);
            if generator.running[k] > 0 {
                generator.stop_group(k);
            }
        }
        let count = (1 + generator.rng.choose(10) as u64).min(tasks - requested);
        generator.request(count as u32);
        requested += count;
    }
    Ok(Trace::from_ops(generator.ops))
}
