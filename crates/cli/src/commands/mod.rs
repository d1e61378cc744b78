//! One module per subcommand; [`run`] dispatches.

pub mod bench;
pub mod generate_cluster;
pub mod generate_trace;
mod list;
mod run_task;
pub mod simulate;

use std::io::Write;

use serde::Serialize;

use crate::args::{Cli, Command};
use crate::exit::Failure;

/// Runs the subcommand `cli` names.
pub fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::RunTask(args) => run_task::run(&args),
        Command::ListContainerInstances(args) => list::run(&args),
        Command::GenerateCluster(args) => generate_cluster::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::GenerateTrace(args) => generate_trace::run(&args),
    }
}

/// Writes `value` as pretty JSON and a newline on stdout, as the AWS CLI prints responses.
pub fn print_json(value: &impl Serialize) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, value).map_err(std::io::Error::from)?;
    writeln!(stdout)?;
    stdout.flush()?;
    Ok(())
}
