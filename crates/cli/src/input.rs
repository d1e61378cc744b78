//! Reading input files (`-` is standard input) into the model's documents.

use std::io::Read;
use std::path::Path;

use ecs_place_model::{ClusterState, InputError, RequestError, RunTaskRequest};

use crate::exit::Failure;

/// The text of `path`, or of standard input for `-`.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let name = display_name(path);
    let result = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    result.map_err(|error| InputError::new(format!("cannot read: {error}")).with_file(name))
}

/// Reads and checks a cluster state snapshot (spec §1.2).
pub fn cluster_state(path: &Path) -> Result<ClusterState, Failure> {
    let text = read_text(path)?;
    ecs_place_model::parse_cluster_state(&text)
        .map_err(|error| Failure::Input(error.with_file(display_name(path))))
}

/// Reads a `RunTask` request (spec §1.1). An unknown field is an ECS exception, a broken
/// document an input error.
pub fn request(path: &Path) -> Result<RunTaskRequest, Failure> {
    let text = read_text(path)?;
    ecs_place_model::parse_request(&text).map_err(|error| match error {
        RequestError::Invalid(api) => Failure::Api(api),
        RequestError::Malformed(input) => Failure::Input(input.with_file(display_name(path))),
    })
}

/// How a file is named in messages.
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}
