//! The fast engine against the reference engine.

use ecs_place::Options;
use ecs_place_testkit::generate::case;
use ecs_place_testkit::harness::run_both;
use proptest::prelude::*;

use crate::support::{config, inputs};

proptest! {
    #![proptest_config(config())]

    /// Same outcome (tasks, failures) and byte-identical rendered JSON, or the same error.
    #[test]
    fn fast_engine_matches_reference(case in case()) {
        let (request, state) = inputs(&case).map_err(TestCaseError::fail)?;
        let options = Options { seed: Some(case.seed), ..Options::default() };
        let both = run_both(&request, &state, &options);
        if let Some(difference) = both.disagreement() {
            return Err(TestCaseError::fail(difference));
        }
    }

    /// In explain mode too: the same outcome, explanation included.
    #[test]
    fn fast_engine_explains_like_reference(case in case()) {
        let (request, state) = inputs(&case).map_err(TestCaseError::fail)?;
        let options = Options { seed: Some(case.seed), explain: true, ..Options::default() };
        let both = run_both(&request, &state, &options);
        if let Some(difference) = both.disagreement() {
            return Err(TestCaseError::fail(difference));
        }
    }
}
