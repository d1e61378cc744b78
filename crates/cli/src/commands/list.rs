//! `ecs-place list-container-instances`: instance ARNs matching a filter (spec §3.4).

use serde::Serialize;

use crate::args::ListArgs;
use crate::exit::Failure;
use crate::input;

/// The `ListContainerInstances` response shape.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListResponse {
    container_instance_arns: Vec<String>,
}

pub fn run(args: &ListArgs) -> Result<(), Failure> {
    let state = input::cluster_state(&args.cluster_state)?;
    let container_instance_arns = ecs_place::list_container_instances(
        &state,
        args.filter.as_deref(),
        args.status.as_deref(),
    )?;
    super::print_json(&ListResponse {
        container_instance_arns,
    })
}
