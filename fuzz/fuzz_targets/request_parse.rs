//! Request JSON bytes → parse → validate → resolve and place on two fixed snapshots.
//!
//! Laws: nothing panics, overflows the stack or hangs, whatever the bytes (spec §1.4, §9,
//! §11); a request either fails with an ECS exception carrying a message or is placed, and
//! then the fast engine and the reference engine agree byte for byte (spec §8.1).
//! Seeds: the `request` objects of `testdata/scenarios/*.json` and `examples/requests/`
//! (see `fuzz/seeds.sh`); dictionary `fuzz/dicts/request_parse.dict`.

#![no_main]

use std::sync::OnceLock;

use ecs_place::Options;
use ecs_place_model::{ClusterState, RequestError, parse_cluster_state, parse_request};
use ecs_place_testkit::harness::run_both;
use libfuzzer_sys::fuzz_target;

/// The snapshots requests are resolved against: the README's example cluster (`demo`) and the
/// scenarios' shared one (`test`), so that seeds from either resolve past the cluster check.
fn snapshots() -> &'static [ClusterState] {
    static SNAPSHOTS: OnceLock<Vec<ClusterState>> = OnceLock::new();
    SNAPSHOTS.get_or_init(|| {
        [
            include_str!("../../examples/cluster-state.json"),
            include_str!("../../testdata/snapshots/basic.json"),
            include_str!("../../testdata/snapshots/two-asg-providers.json"),
        ]
        .iter()
        .map(|text| match parse_cluster_state(text) {
            Ok(state) => state,
            Err(error) => panic!("a shipped snapshot does not parse: {error}"),
        })
        .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let request = match parse_request(text) {
        Ok(request) => request,
        Err(RequestError::Invalid(error)) => {
            assert!(!error.message().is_empty());
            return;
        }
        Err(RequestError::Malformed(error)) => {
            assert!(!error.message().is_empty());
            return;
        }
    };
    if let Err(error) = ecs_place::validate::validate_request(&request) {
        assert!(!error.message().is_empty());
        return;
    }
    let options = Options::with_seed(text.len() as u64);
    for state in snapshots() {
        let both = run_both(&request, state, &options);
        if let Some(difference) = both.disagreement() {
            panic!("fast and reference engines disagree on `{text}`:\n{difference}");
        }
        if let Ok(placement) = &both.fast {
            let count = request.count.unwrap_or(1);
            assert!(placement.response().tasks.len() as i64 <= count);
        }
    }
});
