//! Integration tests of validation and resolution.

mod adversarial;
mod docs;
mod explain;
mod fixture;
mod invariance;
mod long_run;
mod placement;
mod providers;
mod resolution;
mod spec_audit;
mod support;
mod validation;
