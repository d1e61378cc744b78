//! The replay loop: one prebuilt [`ClusterIndex`], each line placed on the state the earlier
//! lines left and its tasks committed, stops released — never a rebuild per request.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ecs_place::{ClusterIndex, CommitError, IndexOptions, Options, Placement, Scratch};
use ecs_place_model::{ApiError, ClusterState, RunTaskRequest};

use crate::ledger::Ledger;
use crate::seed::line_seed;
use crate::strategy_set::StrategySet;
use crate::tally::Tally;
use crate::timeline::{MAX_SAMPLES, Timeline};
use crate::trace::{Trace, TraceEntry, TraceOp};

/// How to replay a trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimConfig {
    /// The simulation seed; line `n` is placed with [`line_seed`]`(seed, n)`. Default 0.
    pub seed: u64,
    /// Strategies that replace every request's own (Fargate requests keep theirs, spec §4).
    pub strategies: Option<StrategySet>,
    /// Candidate count at or above which the engine uses rayon's pool; the decisions do not
    /// depend on it. Default [`ecs_place::DEFAULT_PARALLEL_THRESHOLD`].
    pub parallel_threshold: usize,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            strategies: None,
            parallel_threshold: ecs_place::DEFAULT_PARALLEL_THRESHOLD,
        }
    }
}

impl SimConfig {
    /// The run's label: `trace` for the requests' own strategies, else the strategy set.
    pub fn label(&self) -> String {
        self.strategies
            .as_ref()
            .map_or_else(|| "trace".to_owned(), ToString::to_string)
    }
}

/// Why a replay stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    /// ECS would reject the request on this line.
    #[error("line {line}: {error}")]
    Rejected { line: usize, error: ApiError },
    /// The placement of this line could not be recorded. In practice: its task ARNs are
    /// already in the state, as when a trace is replayed with the same seed on its own final
    /// state.
    #[error("line {line}: {error} (replaying a trace on its own final state needs another seed)")]
    Commit { line: usize, error: CommitError },
}

impl SimError {
    /// The 1-based trace line at fault.
    pub fn line(&self) -> usize {
        match self {
            Self::Rejected { line, .. } | Self::Commit { line, .. } => *line,
        }
    }
}

/// What one line did.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A request was placed and its tasks committed.
    Placed(Box<Placement>),
    /// A stop line: how many tasks stopped, and how many `stopTasks` ARNs named no running
    /// task.
    Stopped { stopped: usize, unknown: usize },
}

/// A simulation in progress: the index, the counts, and the ledger for the timeline.
#[derive(Debug)]
pub struct Simulator {
    index: ClusterIndex,
    scratch: Scratch,
    config: SimConfig,
    tally: Tally,
    ledger: Ledger,
}

impl Simulator {
    /// Builds the index of `state` (once).
    pub fn new(state: Arc<ClusterState>, config: SimConfig) -> Self {
        let ledger = Ledger::from_snapshot(&state);
        let options = IndexOptions {
            parallel_threshold: config.parallel_threshold,
            ..IndexOptions::default()
        };
        Self {
            index: ClusterIndex::build_shared(state, &options),
            scratch: Scratch::default(),
            config,
            tally: Tally::default(),
            ledger,
        }
    }

    /// Replays one line.
    pub fn step(&mut self, entry: &TraceEntry) -> Result<Step, SimError> {
        match &entry.op {
            TraceOp::RunTask(request) => self
                .run_task(entry.line, request)
                .map(|p| Step::Placed(Box::new(p))),
            TraceOp::StopTasks(arns) => {
                let mut stopped = 0;
                for arn in arns {
                    // One at a time: the index stops all or nothing, and an ARN that is not a
                    // running task (never placed, failed, stopped already) is a no-op here.
                    if self.index.stop_tasks(std::slice::from_ref(arn)).is_ok() {
                        self.ledger.stop_task(arn);
                        stopped += 1;
                    }
                }
                let unknown = arns.len() - stopped;
                self.tally.record_stop(stopped, unknown);
                Ok(Step::Stopped { stopped, unknown })
            }
            TraceOp::StopGroup(group) => {
                let stopped = self.index.stop_group(group);
                self.ledger.stop_group(group);
                self.tally.record_stop(stopped, 0);
                Ok(Step::Stopped {
                    stopped,
                    unknown: 0,
                })
            }
        }
    }

    /// The options line `line` is placed with.
    pub fn options(&self, line: usize) -> Options {
        Options {
            seed: Some(line_seed(self.config.seed, line)),
            explain: false,
            parallel_threshold: self.config.parallel_threshold,
        }
    }

    fn run_task(&mut self, line: usize, request: &RunTaskRequest) -> Result<Placement, SimError> {
        let options = self.options(line);
        let replaced = self
            .config
            .strategies
            .as_ref()
            .and_then(|s| s.apply(request));
        let request = replaced.as_ref().unwrap_or(request);
        let compiled = self
            .index
            .compile(request, &options)
            .map_err(|error| SimError::Rejected { line, error })?;
        let placement = self
            .index
            .place_compiled(&compiled, &options, &mut self.scratch);
        self.index
            .commit(&placement)
            .map_err(|error| SimError::Commit { line, error })?;
        let plan = compiled.plan();
        self.tally.record(plan, &placement);
        self.ledger.record(&plan.group, &placement);
        Ok(placement)
    }

    /// The counts so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Running tasks per group and zone so far.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The index in its current state.
    pub fn index(&self) -> &ClusterIndex {
        &self.index
    }

    /// The current state as a spec §1.2 snapshot: remaining resources and running counts as
    /// the simulation left them, its tasks added, stopped snapshot tasks marked `STOPPED`.
    pub fn state(&self) -> ClusterState {
        self.index.to_snapshot()
    }
}

/// A finished replay.
#[derive(Debug, Clone)]
pub struct Run {
    /// `trace`, or the strategy set that replaced the requests' own.
    pub label: String,
    pub tally: Tally,
    pub timeline: Timeline,
    /// The state after the last line.
    pub final_state: ClusterState,
    /// Building the index and replaying every line.
    pub wall: Duration,
}

/// Replays `trace` on `state`. `progress` is called with the number of lines replayed so far,
/// every few lines and once at the end.
pub fn simulate(
    state: Arc<ClusterState>,
    trace: &Trace,
    config: SimConfig,
    progress: &mut dyn FnMut(usize),
) -> Result<Run, SimError> {
    const PROGRESS_EVERY: usize = 64;
    let label = config.label();
    let started = Instant::now();
    let mut simulator = Simulator::new(state, config);
    let mut timeline = Timeline::default();
    let sample_every = trace.len().div_ceil(MAX_SAMPLES).max(1);
    timeline.sample(0, simulator.ledger(), &simulator.tally().groups);
    for (done, entry) in trace.entries.iter().enumerate() {
        simulator.step(entry)?;
        let done = done + 1;
        if done % sample_every == 0 || done == trace.len() {
            timeline.sample(entry.line, simulator.ledger(), &simulator.tally().groups);
        }
        if done % PROGRESS_EVERY == 0 {
            progress(done);
        }
    }
    progress(trace.len());
    let wall = started.elapsed();
    Ok(Run {
        label,
        final_state: simulator.state(),
        tally: simulator.tally,
        timeline,
        wall,
    })
}
