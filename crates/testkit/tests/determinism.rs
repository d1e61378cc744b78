//! Spec §8: the output depends on the inputs and the seed only — not on the order of any
//! snapshot array, the parallel threshold or the number of threads.

use ecs_place::Options;
use ecs_place_testkit::generate::{case, permute_snapshot};
use ecs_place_testkit::harness::parse;
use proptest::prelude::*;

use crate::support::{config, inputs};

/// The fast engine's JSON bytes (or error) for parsed inputs.
fn output(
    request: &ecs_place_model::RunTaskRequest,
    state: &ecs_place_model::ClusterState,
    options: &Options,
) -> String {
    match ecs_place::place(request, state, options) {
        Ok(placement) => placement.to_json(),
        Err(error) => format!("error: {error}"),
    }
}

fn pool(threads: usize) -> Result<rayon::ThreadPool, TestCaseError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| TestCaseError::fail(format!("cannot build a rayon pool: {e}")))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn permuting_snapshot_arrays_changes_nothing(case in case(), shuffle in any::<u64>()) {
        let (request, state) = inputs(&case).map_err(TestCaseError::fail)?;
        let permuted = permute_snapshot(&case.snapshot(), shuffle);
        let (_, permuted_state) = parse(&permuted, &case.request())
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let options = Options { seed: Some(case.seed), explain: true, ..Options::default() };
        prop_assert_eq!(
            output(&request, &state, &options),
            output(&request, &permuted_state, &options)
        );
    }

    #[test]
    fn thread_count_changes_nothing(case in case()) {
        let (request, state) = inputs(&case).map_err(TestCaseError::fail)?;
        let sequential = Options {
            seed: Some(case.seed),
            explain: true,
            parallel_threshold: usize::MAX,
        };
        let parallel = Options { parallel_threshold: 0, ..sequential.clone() };
        let expected = output(&request, &state, &sequential);
        prop_assert_eq!(&expected, &output(&request, &state, &parallel));
        let one = pool(1)?.install(|| output(&request, &state, &parallel));
        let two = pool(2)?.install(|| output(&request, &state, &parallel));
        prop_assert_eq!(&expected, &one);
        prop_assert_eq!(&expected, &two);
    }
}
