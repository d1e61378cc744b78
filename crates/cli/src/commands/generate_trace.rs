//! `ecs-place generate-trace`: a realistic trace (JSON Lines) against a snapshot, on stdout.
//!
//! Several task definitions of the snapshot at different sizes, a mix of strategies and
//! constraints, counts 1–10, one group per workload, and stops that keep the cluster in a
//! steady state (see `ecs_place_sim::generate_trace`). `stopTasks` lines name the tasks the
//! simulator places when `simulate --seed` equals this command's `--seed`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use ecs_place_model::InputError;

use crate::exit::Failure;
use crate::input;

#[derive(Debug, clap::Args)]
pub struct GenerateTraceArgs {
    /// The cluster state snapshot (spec §1.2) the trace runs against, or `-` for standard
    /// input.
    #[arg(long, value_name = "FILE")]
    pub cluster_state: PathBuf,
    /// The number of tasks the requests ask for, in all.
    #[arg(long, value_name = "N")]
    pub tasks: u64,
    /// Seed of the generator; simulate with the same seed so that `stopTasks` lines name the
    /// placed tasks.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
}

pub fn run(args: &GenerateTraceArgs) -> Result<(), Failure> {
    let state = input::cluster_state(&args.cluster_state)?;
    let trace = ecs_place_sim::generate_trace(&state, args.tasks, args.seed).map_err(|e| {
        InputError::new(e.to_string()).with_file(input::display_name(&args.cluster_state))
    })?;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for entry in &trace.entries {
        writeln!(out, "{}", entry.op.to_json())?;
    }
    out.flush()?;
    Ok(())
}
