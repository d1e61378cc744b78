//! `ecs-place`: where would these tasks go, and why not there?
//!
//! The command line over the `ecs-place` library. Its interface is a contract other tools rely
//! on: JSON on stdout, errors on stderr, and the AWS CLI's exit codes (see [`exit`]).

mod args;
mod commands;
mod exit;
mod input;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = args::Cli::parse();
    match commands::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
