//! Integration tests of validation and resolution.

mod fixture;
mod placement;
mod resolution;
mod support;
mod validation;
