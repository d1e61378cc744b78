//! Differential, property and scenario tests of `ecs-place` against the reference engine.
//!
//! Every property runs `support::config()` cases (128 by default, so the suite stays within a
//! few minutes in a debug build on two cores). Run more with the usual proptest variable:
//! `PROPTEST_CASES=2000 cargo test -p ecs-place-testkit`. A failing case is shrunk and saved
//! under `proptest-regressions/`; commit that file so the case is replayed first.

mod determinism;
mod differential;
mod generator;
mod laws;
mod scenarios;
mod support;
