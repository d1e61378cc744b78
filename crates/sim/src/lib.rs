//! What-if simulation on top of `ecs-place`: replay a workload trace against a cluster
//! snapshot, measure how well it packed and how evenly it spread, compare strategies.
//!
//! - [`parse_trace`] reads a trace: JSON Lines of `RunTask` requests (spec §1.1),
//!   `{"stopTasks": [taskArn, ...]}` and `{"stopGroup": "group"}` (see [`trace`]).
//! - [`simulate`] replays it on **one** prebuilt [`ecs_place::ClusterIndex`]: each request is
//!   compiled and placed on the state the earlier lines left, and its tasks are committed;
//!   stops give back what the tasks took. Line `n` is placed with the seed [`line_seed`]`(seed,
//!   n)`. The final state is a spec §1.2 snapshot ([`Run::final_state`]), so simulations
//!   chain and their output can be fed to `run-task`. [`Simulator`] does the same one line at
//!   a time. When chaining, the tasks of the earlier simulation are snapshot tasks for the
//!   next one: stopping them ends their count and group membership but gives back no
//!   resources, because a snapshot does not say what each task holds (spec §1.2).
//! - [`evaluate`] measures finished runs ([`metrics`]): tasks placed, failed (by reason) and
//!   provisioning; instances used against a lower bound per homogeneous instance group;
//!   stranded CPU and memory; spread skew per field and group; utilisation deciles; wall time.
//! - [`StrategySet`] replaces every request's strategies, for side-by-side comparisons.
//! - [`table::render`] prints the metrics as a text table, [`report::render`] as an HTML page
//!   with SVG charts.
//! - [`generate_trace`] writes a realistic trace for a snapshot.
//!
//! ```
//! use std::sync::Arc;
//! use ecs_place_sim::{SimConfig, evaluate, generate_trace, simulate};
//!
//! let state = Arc::new(ecs_place_synth::generate_cluster(30, 1));
//! let trace = generate_trace(&state, 100, 1).unwrap();
//! let run = simulate(state, &trace, SimConfig::default(), &mut |_| {}).unwrap();
//! assert_eq!(run.tally.requested, 100);
//! let measured = evaluate(&[run]);
//! assert_eq!(measured[0].metrics.tasks.requested, 100);
//! ```
//!
//! # Input safety and errors
//!
//! A trace line that does not read is a [`TraceError`] naming its line; a request ECS would
//! reject stops the replay with [`SimError::Rejected`] naming the line. Nothing panics on bad
//! input; decisions depend only on the snapshot, the trace, the seed and the strategy set.

mod evaluate;
mod ledger;
pub mod metrics;
mod replay;
pub mod report;
mod seed;
mod strategy_set;
pub mod table;
mod tally;
mod timeline;
pub mod trace;
mod trace_gen;

pub use evaluate::{Evaluated, evaluate};
pub use ledger::{Ledger, NO_ZONE};
pub use replay::{Run, SimConfig, SimError, Simulator, Step, simulate};
pub use seed::line_seed;
pub use strategy_set::{StrategySet, StrategySetError};
pub use tally::{NO_CANDIDATE, Tally, dominant_reason, spread_field_name};
pub use timeline::{MAX_SAMPLES, Sample, Timeline};
pub use trace::{Trace, TraceEntry, TraceError, TraceOp, parse_trace};
pub use trace_gen::{GenerateError, generate_trace};
