//! Snapshot JSON bytes → parse + check → index build → export → rebuild, list, place.
//!
//! Laws: nothing panics or hangs, whatever the bytes (spec §1.2, §11); an index built from
//! a snapshot equals the index built from its own export (`ClusterIndex::to_snapshot`), and
//! the export passes the snapshot check; the build does not depend on the thread count; a
//! plain request for each task definition family places identically with the fast and the
//! reference engine; listing every instance never fails.
//! Seeds: `examples/cluster-state.json`, `testdata/snapshots/` and the `snapshot` objects of
//! `testdata/scenarios/` (see `fuzz/seeds.sh`).

#![no_main]

use std::collections::BTreeSet;

use ecs_place::{ClusterIndex, IndexOptions, Options};
use ecs_place_model::{RunTaskRequest, parse_cluster_state};
use ecs_place_testkit::harness::run_both;
use libfuzzer_sys::fuzz_target;

/// Most task definition families placed per input, to keep each run short.
const MAX_FAMILIES: usize = 3;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(state) = parse_cluster_state(text) else {
        return;
    };

    let serial = IndexOptions {
        parallel_threshold: usize::MAX,
        ..IndexOptions::default()
    };
    let index = ClusterIndex::build(&state, &serial);
    assert_eq!(index.len(), state.container_instances.len());
    let parallel = IndexOptions {
        parallel_threshold: 0,
        ..IndexOptions::default()
    };
    assert!(
        index == ClusterIndex::build(&state, &parallel),
        "thread count changed the index"
    );

    let exported = index.to_snapshot();
    if let Err(error) = exported.check() {
        panic!("the export of a valid snapshot fails the check: {error}");
    }
    assert!(
        index == ClusterIndex::build(&exported, &serial),
        "an index differs from the index of its export"
    );

    let listed = ecs_place::list_container_instances(&state, None, None)
        .unwrap_or_else(|error| panic!("listing without a filter failed: {error}"));
    assert!(listed.windows(2).all(|w| w[0] < w[1]), "not in ARN order");

    let families: BTreeSet<&str> = state
        .task_definitions
        .iter()
        .map(|t| t.family.as_str())
        .filter(|f| !f.is_empty())
        .take(MAX_FAMILIES)
        .collect();
    for family in families {
        let request = RunTaskRequest {
            cluster: state.cluster().map(|c| c.cluster_name.clone()),
            task_definition: Some(family.to_owned()),
            count: Some(3),
            ..RunTaskRequest::default()
        };
        let both = run_both(&request, &state, &Options::with_seed(7));
        if let Some(difference) = both.disagreement() {
            panic!("fast and reference engines disagree for family `{family}`:\n{difference}");
        }
    }
});
