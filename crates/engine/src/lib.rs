//! Amazon ECS `RunTask` placement as a pure, deterministic function.
//!
//! Given a `RunTask` request and a snapshot of one cluster (what five `aws ecs describe-*`
//! commands print), [`place`] returns what ECS would return — the tasks with their container
//! instances, or the failures with the reason ECS gives and a sentence saying why — and, in
//! explain mode, how many instances each check rejected. Section numbers ("spec §4") refer to
//! the project's placement specification, `PLACEMENT.md`.
//!
//! What this crate owns:
//!
//! - validation and resolution: [`validate`] checks a request (spec §9, §11),
//!   [`resolve`](resolve::resolve) turns a request and a snapshot into a [`Plan`](plan::Plan),
//!   the single input of placement;
//! - the fast engine: [`place`] and [`place_json`] (one shot), and [`ClusterIndex`] for
//!   callers that place many requests on one cluster — build it once, [`compile`]
//!   requests against it, [`place_compiled`] without changing it, [`commit`] the placements
//!   you accept, [`stop_tasks`]/[`stop_group`] to release them, [`to_snapshot`] to write the
//!   state back;
//! - what both engines share: the [`Outcome`] of a call, the failure sentences of
//!   [`detail`], the response rendering of [`render`], and the random source [`rng`].
//!
//! [`compile`]: ClusterIndex::compile
//! [`place_compiled`]: ClusterIndex::place_compiled
//! [`commit`]: ClusterIndex::commit
//! [`stop_tasks`]: ClusterIndex::stop_tasks
//! [`stop_group`]: ClusterIndex::stop_group
//! [`to_snapshot`]: ClusterIndex::to_snapshot
//!
//! # Example
//!
//! ```
//! use ecs_place::{Options, place_json};
//!
//! let state = r#"{
//!   "clusters": [{"clusterName": "default",
//!                 "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/default"}],
//!   "containerInstances": [
//!     {"containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/default/big",
//!      "status": "ACTIVE", "agentConnected": true,
//!      "attributes": [{"name": "ecs.availability-zone", "value": "us-east-1a"}],
//!      "remainingResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 4096},
//!                             {"name": "MEMORY", "type": "INTEGER", "integerValue": 8192}]},
//!     {"containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/default/small",
//!      "status": "ACTIVE", "agentConnected": true,
//!      "attributes": [{"name": "ecs.availability-zone", "value": "us-east-1b"}],
//!      "remainingResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 1024},
//!                             {"name": "MEMORY", "type": "INTEGER", "integerValue": 1024}]}],
//!   "taskDefinitions": [
//!     {"taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
//!      "family": "web", "revision": 1, "status": "ACTIVE",
//!      "containerDefinitions": [{"name": "app", "cpu": 512, "memory": 768}]}]
//! }"#;
//! let request = r#"{"taskDefinition": "web", "count": 2,
//!                   "placementStrategy": [{"type": "binpack", "field": "memory"}]}"#;
//!
//! let placement = place_json(request, state, &Options::with_seed(1))?;
//! let tasks = &placement.response().tasks;
//! // binpack fills the small instance first; it has room for one task only.
//! assert!(tasks[0].container_instance_arn.as_deref().unwrap().ends_with("/small"));
//! assert!(tasks[1].container_instance_arn.as_deref().unwrap().ends_with("/big"));
//! assert_eq!(tasks[1].availability_zone.as_deref(), Some("us-east-1a"));
//! # Ok::<(), ecs_place::PlaceError>(())
//! ```
//!
//! # Determinism and purity
//!
//! Placement does no I/O, reads no clock and no global or thread-local state. All
//! randomness comes from one seed ([`Options::seed`], else derived from `clientToken`), and
//! every tie is broken in ascending `containerInstanceArn` order, so the same inputs give
//! the same bytes whatever the order of the snapshot's arrays and however many threads
//! rayon uses (spec §8).
//!
//! # Errors
//!
//! A request ECS would reject is an [`ApiError`](ecs_place_model::ApiError) naming the ECS
//! exception (`InvalidParameterException`, `ClientException`, `ClusterNotFoundException`);
//! [`place_json`] also reports a malformed document as an
//! [`InputError`](ecs_place_model::InputError) ([`PlaceError`]). A task that fits nowhere is
//! not an error: it is a failure entry (or a `PROVISIONING` task) of the response.
//! [`ClusterIndex::commit`] and the stop methods return a [`CommitError`] and change nothing
//! when the placement does not fit the index's current state or a task is unknown.
//!
//! # Cost
//!
//! The one-shot path reads only what the request needs of the snapshot (the attributes it
//! names; ports, GPU ids and the request group's tasks only when they matter), in one pass
//! over the instances. Per call the engine passes once over the candidates (on rayon above
//! [`Options::parallel_threshold`]), then each task costs one pick among the classes' tied
//! minima plus an update of the instance it landed on; `docs/ARCHITECTURE.md` describes the
//! data flow and `BENCHMARKS.md` what it costs.
//!
#![doc = include_str!("../../../docs/INPUT-SAFETY.md")]

pub mod plan;
pub mod resolve;
mod seed;
pub mod validate;

mod checks;
mod compile;
pub mod detail;
mod engine;
pub mod facts;
mod index;
mod list;
mod member_of;
pub mod options;
pub mod outcome;
mod overlay;
mod place;
mod placement;
mod rank;
pub mod render;
pub mod rng;

pub use compile::CompiledRequest;
pub use engine::Scratch;
pub use index::{ClusterIndex, CommitError, IndexOptions, Projection};
pub use list::{INSTANCE_STATUSES, list_container_instances};
pub use options::{DEFAULT_PARALLEL_THRESHOLD, Options};
pub use outcome::Outcome;
pub use place::{PlaceError, place, place_json};
pub use placement::Placement;

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
