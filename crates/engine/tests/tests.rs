//! Integration tests of validation and resolution.

mod explain;
mod fixture;
mod invariance;
mod placement;
mod providers;
mod resolution;
mod support;
mod validation;
