//! Integration tests of validation and resolution.

mod adversarial;
mod explain;
mod fixture;
mod invariance;
mod long_run;
mod placement;
mod providers;
mod resolution;
mod support;
mod validation;
