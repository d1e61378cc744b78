//! Amazon ECS `RunTask` placement as a pure, deterministic function.
//!
//! Stages: [`validate`] checks a request (spec §9, §11), [`resolve`](resolve::resolve) turns a
//! request and a cluster snapshot into a [`Plan`](plan::Plan), the single input of placement.

pub mod plan;
pub mod resolve;
mod seed;
pub mod validate;

mod checks;
mod compile;
pub mod detail;
mod engine;
mod index;
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
pub use options::{DEFAULT_PARALLEL_THRESHOLD, Options};
pub use outcome::Outcome;
pub use place::{PlaceError, place, place_json};
pub use placement::Placement;
