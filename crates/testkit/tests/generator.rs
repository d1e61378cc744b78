//! The generators reach placement: most generated requests are valid, and the mix covers
//! every failure reason, every launch kind and the provisioning path. Without this, the
//! properties could pass by exercising nothing.

use std::collections::BTreeSet;

use ecs_place::Options;
use ecs_place::outcome::{LaunchKind, Reason, TaskStatus};
use ecs_place_testkit::generate::case;
use ecs_place_testkit::harness::parse;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

/// What 300 deterministic cases produced.
#[derive(Default)]
struct Coverage {
    valid: usize,
    reasons: BTreeSet<Reason>,
    kinds: BTreeSet<(LaunchKind, TaskStatus)>,
    gpu_tasks: usize,
    zoned_fargate: usize,
}

fn coverage() -> Coverage {
    let mut runner = TestRunner::deterministic();
    let mut seen = Coverage::default();
    for _ in 0..300 {
        let Ok(tree) = case().new_tree(&mut runner) else {
            continue;
        };
        let case = tree.current();
        let Ok((request, state)) = parse(&case.snapshot(), &case.request()) else {
            continue;
        };
        let options = Options {
            seed: Some(case.seed),
            explain: true,
            ..Options::default()
        };
        let Ok(placement) = ecs_place::place(&request, &state, &options) else {
            continue;
        };
        seen.valid += 1;
        let outcome = placement.outcome();
        seen.reasons
            .extend(outcome.failures.iter().map(|f| f.reason));
        for unplaced in outcome.explanation.iter().flat_map(|e| &e.unplaced) {
            seen.reasons
                .extend(unplaced.rejected.iter().map(|(reason, _)| *reason));
        }
        for task in &outcome.tasks {
            seen.kinds.insert((task.launch_type, task.status));
            seen.gpu_tasks += usize::from(task.gpu_ids.iter().any(|ids| !ids.is_empty()));
            seen.zoned_fargate += usize::from(
                task.launch_type == LaunchKind::Fargate && task.availability_zone.is_some(),
            );
        }
    }
    seen
}

#[test]
fn generated_cases_reach_every_part_of_placement() {
    let seen = coverage();
    assert!(
        seen.valid >= 240,
        "only {} of 300 generated requests resolved",
        seen.valid
    );
    assert_eq!(
        seen.reasons,
        Reason::ALL.into_iter().collect::<BTreeSet<_>>()
    );
    for kind in [
        (LaunchKind::Ec2, TaskStatus::Pending),
        (LaunchKind::Ec2, TaskStatus::Provisioning),
        (LaunchKind::External, TaskStatus::Pending),
        (LaunchKind::Fargate, TaskStatus::Pending),
        (LaunchKind::ManagedInstances, TaskStatus::Pending),
        (LaunchKind::ManagedInstances, TaskStatus::Provisioning),
    ] {
        assert!(
            seen.kinds.contains(&kind),
            "no generated task of kind {kind:?}"
        );
    }
    assert!(
        seen.gpu_tasks >= 10,
        "only {} tasks took GPUs",
        seen.gpu_tasks
    );
    assert!(
        seen.zoned_fargate >= 10,
        "only {} Fargate tasks got a zone",
        seen.zoned_fargate
    );
}
