//! The laws of placement, checked on the fast engine's outcomes by replaying them on the
//! snapshot (see `ecs_place_testkit::laws`).

use ecs_place::Options;
use ecs_place::Outcome;
use ecs_place::plan::Plan;
use ecs_place_model::ClusterState;
use ecs_place_testkit::generate::{GenCase, case};
use ecs_place_testkit::laws;
use proptest::prelude::*;

use crate::support::{config, fast, inputs};

type Law = fn(&Plan, &ClusterState, &Outcome) -> Result<(), String>;

/// Places the case with the fast engine and checks `law`; a rejected request passes.
fn holds(case: &GenCase, law: Law) -> Result<(), TestCaseError> {
    let (request, state) = inputs(case).map_err(TestCaseError::fail)?;
    let options = Options::with_seed(case.seed);
    if let Some((plan, outcome)) = fast(&request, &state, &options) {
        law(&plan, &state, &outcome).map_err(TestCaseError::fail)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn placement_never_overcommits(case in case()) {
        holds(&case, laws::never_overcommits)?;
    }

    #[test]
    fn placed_tasks_satisfy_member_of_at_placement_time(case in case()) {
        holds(&case, laws::placed_tasks_pass_every_check)?;
    }

    #[test]
    fn distinct_instance_holds_across_call_and_group(case in case()) {
        holds(&case, laws::distinct_instance_holds)?;
    }

    #[test]
    fn binpack_picks_least_remaining_among_fitting(case in case()) {
        holds(&case, laws::binpack_picks_least_remaining)?;
    }

    #[test]
    fn spread_picks_a_least_count_key(case in case()) {
        holds(&case, laws::spread_picks_least_count_key)?;
    }

    #[test]
    fn placed_plus_unplaced_equals_count(case in case()) {
        holds(&case, laws::placed_plus_unplaced_is_count)?;
    }
}
