//! Integration tests of the synthetic cluster generator: the profile the crate documents,
//! determinism, consistency and the benchmark requests.

mod consistency;
mod profile;
mod requests;
mod stats;
