//! Shared helpers of the property tests.

use ecs_place::plan::Plan;
use ecs_place::{Options, Outcome};
use ecs_place_model::{ClusterState, RunTaskRequest};
use ecs_place_testkit::generate::GenCase;
use ecs_place_testkit::harness::parse;
use proptest::test_runner::Config;

/// The proptest configuration: `PROPTEST_CASES` cases, 64 when unset.
pub fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(128);
    Config {
        cases,
        // Shrinking a several-hundred-instance cluster is slow; this bound keeps a failing
        // run to minutes while still reaching a small case.
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// A generated case as parsed inputs. Generated documents are always well formed: a parse
/// failure is a generator bug, reported as a test failure.
pub fn inputs(case: &GenCase) -> Result<(RunTaskRequest, ClusterState), String> {
    parse(&case.snapshot(), &case.request())
        .map_err(|e| format!("generated input does not parse: {e:?}"))
}

/// The fast engine's plan and outcome for a case, `None` when the request is rejected.
pub fn fast(
    request: &RunTaskRequest,
    state: &ClusterState,
    options: &Options,
) -> Option<(Plan, Outcome)> {
    let plan = ecs_place::resolve::resolve(
        request,
        state,
        &ecs_place::resolve::ResolveOptions { seed: options.seed },
    )
    .ok()?;
    let placement = ecs_place::place(request, state, options).ok()?;
    Some((plan, placement.outcome().clone()))
}
