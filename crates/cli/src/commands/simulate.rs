//! `ecs-place simulate`: replays a trace on a snapshot and prints what it did to the cluster.
//!
//! The trace is JSON Lines of `RunTask` requests, `{"stopTasks": [...]}` and
//! `{"stopGroup": "..."}` (see the `ecs-place-sim` crate). Every request is placed on the state
//! the earlier lines left, on one index built once; line `n` uses the seed
//! `line_seed(--seed, n)`. The metrics go to stdout as a table, or as
//! `{"runs": [...]}` with `--json`; `--compare` adds one run per strategy set, side by side.
//! A progress bar is drawn on stderr when it is a terminal.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use ecs_place_model::{ApiError, ClusterState, InputError};
use ecs_place_sim::report::{self, ReportContext};
use ecs_place_sim::{
    Run, SimConfig, SimError, StrategySet, Trace, TraceError, evaluate, metrics::Metrics,
    parse_trace, simulate, table,
};

use crate::exit::Failure;
use crate::input;

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The cluster state snapshot (spec §1.2), or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub cluster_state: PathBuf,
    /// The trace: JSON Lines of RunTask requests, `{"stopTasks": [ARN, ...]}` and
    /// `{"stopGroup": "GROUP"}`, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub trace: PathBuf,
    /// Simulation seed; line N is placed with a seed derived from it and N. Use the seed a
    /// trace was generated with so that its `stopTasks` lines name the placed tasks.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Writes the state after the last line as a cluster snapshot (spec §1.2), which
    /// `run-task` and another `simulate` read.
    #[arg(long, value_name = "FILE")]
    pub final_state: Option<PathBuf>,
    /// Writes a self-contained HTML report with SVG charts.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Prints the metrics as JSON (`{"runs": [...]}`) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also replays the trace once per strategy set, replacing the requests' own strategies:
    /// comma-separated `TYPE[:FIELD]` items, e.g. `binpack:memory`,
    /// `spread:attribute:ecs.availability-zone,binpack:memory`, `random`.
    #[arg(long, value_name = "STRATEGY-SET", num_args = 1..)]
    pub compare: Vec<StrategySet>,
}

#[derive(Serialize)]
struct Output<'a> {
    runs: &'a [Metrics],
}

pub fn run(args: &SimulateArgs) -> Result<(), Failure> {
    let state = Arc::new(input::cluster_state(&args.cluster_state)?);
    let trace_name = input::display_name(&args.trace);
    let trace = read_trace(&args.trace)?;
    let configs = std::iter::once(None)
        .chain(args.compare.iter().cloned().map(Some))
        .map(|strategies| SimConfig {
            seed: args.seed,
            strategies,
            ..SimConfig::default()
        });
    let mut runs = Vec::with_capacity(1 + args.compare.len());
    for config in configs {
        runs.push(replay(&state, &trace, config, &trace_name)?);
    }
    if let Some(path) = &args.final_state {
        write_final_state(path, &runs[0].final_state)?;
    }
    let evaluated = evaluate(&runs);
    if let Some(path) = &args.report {
        let context = ReportContext {
            cluster_state: input::display_name(&args.cluster_state),
            trace: trace_name,
            operations: trace.len(),
            seed: args.seed,
        };
        write_file(path, report::render(&context, &evaluated).as_bytes())?;
    }
    let metrics: Vec<Metrics> = evaluated.into_iter().map(|e| e.metrics).collect();
    if args.json {
        super::print_json(&Output { runs: &metrics })
    } else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(table::render(&metrics).as_bytes())?;
        stdout.flush()?;
        Ok(())
    }
}

fn read_trace(path: &Path) -> Result<Trace, Failure> {
    let text = input::read_text(path)?;
    parse_trace(&text).map_err(|error| match error {
        TraceError::Malformed(error) => Failure::Input(error.with_file(input::display_name(path))),
        TraceError::Invalid { line, error } => Failure::Api(at_line(line, None, &error)),
    })
}

/// `error` with `trace line N` (and the strategy set, for a compared run) in front.
fn at_line(line: usize, label: Option<&str>, error: &ApiError) -> ApiError {
    let run = label.map_or_else(String::new, |l| format!(" (strategy set `{l}`)"));
    ApiError::new(
        error.kind(),
        format!("trace line {line}{run}: {}", error.message()),
    )
}

/// One replay, with a progress bar on a terminal.
fn replay(
    state: &Arc<ClusterState>,
    trace: &Trace,
    config: SimConfig,
    trace_name: &str,
) -> Result<Run, Failure> {
    let label = config.strategies.as_ref().map(ToString::to_string);
    let bar = progress_bar(trace.len() as u64, &config.label());
    let result = simulate(Arc::clone(state), trace, config, &mut |done| {
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    result.map_err(|error| match error {
        SimError::Rejected { line, error } => Failure::Api(at_line(line, label.as_deref(), &error)),
        other @ SimError::Commit { .. } => {
            Failure::Input(InputError::new(other.to_string()).with_file(trace_name))
        }
    })
}

fn progress_bar(lines: u64, label: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(lines), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{msg} [{bar:40}] {pos}/{len} lines, {elapsed_precise} (eta {eta})",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(label.to_owned());
    bar
}

fn write_final_state(path: &Path, state: &ClusterState) -> Result<(), Failure> {
    let file = std::fs::File::create(path).map_err(|e| named(path, e))?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    serde_json::to_writer_pretty(&mut out, state).map_err(|e| named(path, e.into()))?;
    writeln!(out).map_err(|e| named(path, e))?;
    out.flush().map_err(|e| named(path, e))?;
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| named(path, e).into())
}

/// An I/O error that names the file.
fn named(path: &Path, error: std::io::Error) -> std::io::Error {
    std::io::Error::new(error.kind(), format!("`{}`: {error}", path.display()))
}
