//! The `ecs-place` command line (being written).
fn main() {}
