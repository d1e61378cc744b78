//! `ecs-place bench`: how long placement takes on one snapshot and one request.
//!
//! Prints one JSON object: the instance count, the tasks per call (the request's `count`),
//! the thread count, the iteration count, and the median and 99th-percentile nanoseconds of
//! each figure:
//!
//! - `oneShot`: [`ecs_place::place`] from the parsed request and snapshot to the response;
//! - `prebuilt`: [`ClusterIndex::place`](ecs_place::ClusterIndex::place) on an index built
//!   once, with a reused scratch — the request is validated, resolved and compiled every
//!   call, and the index is never changed, so each iteration does the same work;
//! - `prebuiltCompiled`: the same with the request compiled once
//!   ([`ClusterIndex::place_compiled`](ecs_place::ClusterIndex::place_compiled));
//! - `indexBuild`: [`ClusterIndex::build_shared`](ecs_place::ClusterIndex::build_shared)
//!   with every attribute interned (what a reusable index needs);
//! - `floor`: one pass over the remaining CPU and memory columns (extracted once, in ARN
//!   order, see `ecs_place_synth::floor`) finding the best-fit instance for one task of the
//!   size of the first placed task (256 CPU units / 512 MiB when none was placed).
//!
//! `--only FIGURE` (repeatable) measures only the figures named; the others are left out of
//! the output. `--threads N` runs everything on a rayon pool of N threads; with 1 the library's parallel
//! threshold is also set to never, otherwise it keeps its default. Each figure runs a few
//! warm-up iterations first. No figure is asserted anywhere: this command measures.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use ecs_place::{ClusterIndex, DEFAULT_PARALLEL_THRESHOLD, IndexOptions, Options, Projection};
use ecs_place_model::{ClusterState, InputError, RunTaskRequest};
use ecs_place_synth::floor::Columns;

use crate::exit::Failure;
use crate::input;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// The cluster state snapshot (spec §1.2), or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub cluster_state: PathBuf,
    /// The RunTask request in the ECS API's JSON shape, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub request: PathBuf,
    /// Timed iterations of each figure.
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub iterations: u32,
    /// Threads of the rayon pool (default: one per CPU). 1 also turns the library's parallel
    /// passes off.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Seed for every random choice (default: derived from `clientToken`, else 0).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Measure in explain mode.
    #[arg(long)]
    pub explain: bool,
    /// Measure only these figures (repeatable; default: all).
    #[arg(long, value_name = "FIGURE", value_enum)]
    pub only: Vec<FigureName>,
}

/// A figure `--only` can select.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "camelCase")]
pub enum FigureName {
    OneShot,
    Prebuilt,
    PrebuiltCompiled,
    IndexBuild,
    Floor,
}

/// Median and 99th percentile of one figure, in nanoseconds per call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Figure {
    median_ns: u64,
    p99_ns: u64,
}

impl Figure {
    /// Nearest-rank median (the lower middle for an even count) and 99th percentile.
    fn of(samples: &mut [u64]) -> Self {
        samples.sort_unstable();
        let rank = |per_cent: usize| {
            let n = samples.len();
            let at = (n * per_cent).div_ceil(100).clamp(1, n.max(1)) - 1;
            samples.get(at).copied().unwrap_or(0)
        };
        Self {
            median_ns: rank(50),
            p99_ns: rank(99),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    instances: usize,
    tasks_per_call: i64,
    /// Tasks the response places (the rest are failures).
    placed: usize,
    threads: usize,
    iterations: u32,
    explain: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    one_shot: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prebuilt: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prebuilt_compiled: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index_build: Option<Figure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    floor: Option<Figure>,
    /// The prebuilt path returned the same bytes as the one-shot path.
    prebuilt_matches_one_shot: bool,
}

/// Runs `f` a few times to warm up, then `iterations` times under the clock. What `f`
/// returns is dropped outside the timed region.
fn time<T>(iterations: u32, mut f: impl FnMut() -> T) -> Figure {
    for _ in 0..(iterations / 10).clamp(1, 10) {
        drop(black_box(f()));
    }
    let mut samples = Vec::with_capacity(iterations as usize);
    for _ in 0..iterations {
        let start = Instant::now();
        let out = black_box(f());
        let elapsed = start.elapsed();
        drop(out);
        samples.push(u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX));
    }
    Figure::of(&mut samples)
}

pub fn run(args: &BenchArgs) -> Result<(), Failure> {
    let state = input::cluster_state(&args.cluster_state)?;
    let request = input::request(&args.request)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, usize::from))
        .build()
        .map_err(|e| InputError::new(format!("cannot start the thread pool: {e}")))?;
    let report = pool.install(|| measure(&request, Arc::new(state), args))?;
    super::print_json(&report)
}

/// Every figure, on the current rayon pool.
fn measure(
    request: &RunTaskRequest,
    state: Arc<ClusterState>,
    args: &BenchArgs,
) -> Result<Report, Failure> {
    let threads = rayon::current_num_threads();
    let parallel_threshold = if threads == 1 {
        usize::MAX
    } else {
        DEFAULT_PARALLEL_THRESHOLD
    };
    let options = Options {
        seed: args.seed,
        explain: args.explain,
        parallel_threshold,
    };
    let index_options = IndexOptions {
        projection: Projection::All,
        parallel_threshold,
    };
    let iterations = args.iterations;

    let reference = ecs_place::place(request, &state, &options)?;
    let index = ClusterIndex::build_shared(Arc::clone(&state), &index_options);
    let compiled = index.compile(request, &options)?;
    let mut scratch = ecs_place::Scratch::default();
    let prebuilt_output = index.place_compiled(&compiled, &options, &mut scratch);
    let columns = Columns::of(&state);
    let first = reference.response().tasks.first();
    let size =
        |field: Option<&String>, default| field.and_then(|v| v.parse().ok()).unwrap_or(default);
    let (cpu, memory) = (
        size(first.and_then(|t| t.cpu.as_ref()), 256),
        size(first.and_then(|t| t.memory.as_ref()), 512),
    );

    let wanted = |figure| args.only.is_empty() || args.only.contains(&figure);
    let floor = wanted(FigureName::Floor).then(|| {
        time(iterations, || {
            columns.best_fit(black_box(cpu), black_box(memory))
        })
    });
    let index_build = wanted(FigureName::IndexBuild).then(|| {
        time(iterations, || {
            ClusterIndex::build_shared(Arc::clone(&state), &index_options)
        })
    });
    let prebuilt_compiled = wanted(FigureName::PrebuiltCompiled).then(|| {
        time(iterations, || {
            index.place_compiled(&compiled, &options, &mut scratch)
        })
    });
    let prebuilt = wanted(FigureName::Prebuilt)
        .then(|| time(iterations, || index.place(request, &options, &mut scratch)));
    let one_shot = wanted(FigureName::OneShot)
        .then(|| time(iterations, || ecs_place::place(request, &state, &options)));

    Ok(Report {
        instances: state.container_instances.len(),
        tasks_per_call: request.count.unwrap_or(1),
        placed: reference.response().tasks.len(),
        threads,
        iterations,
        explain: args.explain,
        one_shot,
        prebuilt,
        prebuilt_compiled,
        index_build,
        floor,
        prebuilt_matches_one_shot: prebuilt_output.to_json() == reference.to_json(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_nearest_rank() {
        let mut samples: Vec<u64> = (1..=100).rev().collect();
        assert_eq!(
            Figure::of(&mut samples),
            Figure {
                median_ns: 50,
                p99_ns: 99
            }
        );
        let mut three = vec![30, 10, 20];
        assert_eq!(
            Figure::of(&mut three),
            Figure {
                median_ns: 20,
                p99_ns: 30
            }
        );
        let mut one = vec![7];
        assert_eq!(
            Figure::of(&mut one),
            Figure {
                median_ns: 7,
                p99_ns: 7
            }
        );
    }

    #[test]
    fn time_takes_the_requested_samples() {
        let mut calls = 0;
        let figure = time(20, || calls += 1);
        // Two warm-up calls (20 / 10), then twenty timed ones.
        assert_eq!(calls, 22);
        assert!(figure.median_ns <= figure.p99_ns);
    }
}
