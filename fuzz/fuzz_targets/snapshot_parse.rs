//! Snapshot JSON bytes → parse + check + index build: never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(state) = ecs_place_model::parse_cluster_state(text) {
        let _ = ecs_place::ClusterIndex::build(&state, &ecs_place::IndexOptions::default());
    }
});
