//! The command-line interface: subcommands and their options.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Reproduces Amazon ECS RunTask placement on a snapshot of a cluster, and explains it.
#[derive(Debug, Parser)]
#[command(name = "ecs-place", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Places a RunTask request on a cluster snapshot and prints the RunTask response.
    RunTask(RunTaskArgs),
    /// Lists container instance ARNs, optionally filtered by a cluster query expression.
    ListContainerInstances(ListArgs),
    /// Writes a synthetic cluster snapshot (the benchmark profile) as JSON on stdout.
    GenerateCluster(crate::commands::generate_cluster::GenerateClusterArgs),
    /// Measures placement on a snapshot and a request; prints medians and p99s as JSON.
    Bench(crate::commands::bench::BenchArgs),
    /// Replays a trace of RunTask requests and stops; prints packing and balance metrics.
    Simulate(crate::commands::simulate::SimulateArgs),
    /// Writes a realistic trace (JSON Lines) against a snapshot on stdout.
    GenerateTrace(crate::commands::generate_trace::GenerateTraceArgs),
}

#[derive(Debug, clap::Args)]
pub struct RunTaskArgs {
    /// The cluster state snapshot (spec §1.2), or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub cluster_state: PathBuf,
    /// The RunTask request in the ECS API's JSON shape, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub request: PathBuf,
    /// Seed for every random choice (default: derived from `clientToken`, else 0).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Adds an `explanation` object: why tasks were not placed, per reason and sub-expression.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The cluster state snapshot (spec §1.2), or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub cluster_state: PathBuf,
    /// A cluster query language expression (spec §3), e.g. `attribute:stack == prod`.
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// Only instances of this status (ACTIVE, DRAINING, REGISTERING, DEREGISTERING,
    /// REGISTRATION_FAILED, INACTIVE); by default every status except INACTIVE.
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
}
