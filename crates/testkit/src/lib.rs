//! Test support for `ecs-place`: proptest generators ([`generate`]; `gen` is a reserved word in edition 2024) and, later, the reference
//! engine and the scenario runner.

pub mod generate;
