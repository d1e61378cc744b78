//! Test support for `ecs-place`, never published.
//!
//! - [`reference`]: the naive reference engine, the spec written as plainly as possible,
//!   sharing no placement code with the fast engine; differential tests compare the two.
//! - [`generate`]: proptest strategies for cluster snapshots and `RunTask` requests (`gen`
//!   is a reserved word in edition 2024).
//! - [`laws`]: the properties every placement obeys, checked by replaying an outcome.
//! - [`scenario`]: the engine-neutral scenario files of `testdata/scenarios/` and their
//!   runner.
//! - [`harness`]: parsing generated documents and running both engines on them.
//!
//! Everything here reads only in-memory values; the scenario runner also reads files.
//! Nothing panics on input: malformed documents come back as errors.

pub mod generate;
pub mod harness;
pub mod laws;
pub mod reference;
pub mod scenario;
