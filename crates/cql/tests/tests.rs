//! The integration tests of `ecs-place-cql`, one module per topic.

mod adversarial;
mod corpus;
mod errors;
mod examples;
mod explain;
mod fixture;
mod precedence;
mod properties;
mod semantics;
mod spec;
