//! The Amazon ECS API types `ecs-place` reads and writes, in the exact JSON shapes of the
//! service model (camelCase field names).
//!
//! - [`RunTaskRequest`] (spec §1.1): unknown fields are rejected at every level; values are
//!   kept as given (enums as strings, integers as `i64`) so that validation, not parsing,
//!   reports a value outside its set.
//! - [`ClusterState`] (spec §1.2): what the AWS CLI prints for five `describe-*` commands;
//!   unknown fields are ignored, [`ClusterState::check`] rejects what the engine cannot use.
//! - [`RunTaskResponse`] (spec §1.3).
//! - [`ApiError`] (the ECS exceptions of spec §1.4) and [`InputError`] (a malformed document).
//!
//! No placement logic lives here.
//!
//! ```
//! let request = ecs_place_model::parse_request(r#"{"taskDefinition": "web", "count": 2}"#)?;
//! assert_eq!(request.count, Some(2));
//! # Ok::<(), ecs_place_model::RequestError>(())
//! ```

mod check;
mod error;
mod parse;
pub mod request;
pub mod resource;
pub mod response;
pub mod snapshot;
mod strict;
mod timestamp;

pub use error::{ApiError, ErrorKind, InputError};
pub use parse::{RequestError, parse_cluster_state, parse_request};
pub use request::{
    AwsVpcConfiguration, CapacityProviderStrategyItem, ContainerOverride, NetworkConfiguration,
    PlacementConstraint, PlacementStrategy, RunTaskRequest, Tag, TaskOverride,
    TaskVolumeConfiguration,
};
pub use resource::Resource;
pub use response::{Container, Failure, RunTaskResponse, Task};
pub use snapshot::{
    Attribute, CapacityProvider, Cluster, ClusterState, ClusterTask, ContainerDefinition,
    ContainerInstance, ProviderKind, TaskDefinition,
};
pub use timestamp::Timestamp;
