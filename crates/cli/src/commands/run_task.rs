//! `ecs-place run-task`: the RunTask response for a request on a snapshot.

use crate::args::RunTaskArgs;
use crate::exit::Failure;
use crate::input;

pub fn run(args: &RunTaskArgs) -> Result<(), Failure> {
    let state = input::cluster_state(&args.cluster_state)?;
    let request = input::request(&args.request)?;
    let options = ecs_place::Options {
        seed: args.seed,
        explain: args.explain,
        ..ecs_place::Options::default()
    };
    let placement = ecs_place::place(&request, &state, &options)?;
    super::print_json(&placement)
}
