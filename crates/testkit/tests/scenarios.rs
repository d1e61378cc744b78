//! Every scenario file of `testdata/scenarios/` against both engines.

use std::path::PathBuf;

use ecs_place_testkit::scenario::{Engine, engines, load, run, run_folder};

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/scenarios")
}

const ENGINES: [Engine<'static>; 2] = [
    Engine {
        name: "fast",
        run: &engines::fast,
    },
    Engine {
        name: "reference",
        run: &engines::reference,
    },
];

#[test]
fn every_scenario_file_passes_on_both_engines() {
    match run_folder(&folder(), &ENGINES) {
        Ok(count) => assert!(count >= 4, "only {count} scenario files found"),
        Err(failures) => panic!(
            "{} scenario(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        ),
    }
}

#[test]
fn a_wrong_expectation_is_reported_for_each_engine() {
    let path = folder().join("runner-binpack-memory-picks-fullest.json");
    let mut scenario = load(&path).unwrap_or_else(|e| panic!("{e}"));
    scenario.scenario.expect.placed = Some(2);
    let failure = run(&scenario, &ENGINES)
        .err()
        .unwrap_or_else(|| panic!("a wrong expectation passed"));
    assert_eq!(failure.scenario, "runner-binpack-memory-picks-fullest");
    assert_eq!(
        failure.problems,
        vec![
            "fast: placed: expected 2, got 1".to_owned(),
            "reference: placed: expected 2, got 1".to_owned(),
        ]
    );
}

#[test]
fn engines_that_disagree_are_reported() {
    let path = folder().join("runner-binpack-memory-picks-fullest.json");
    let scenario = load(&path).unwrap_or_else(|e| panic!("{e}"));
    let empty = |_: &serde_json::Value, _: &serde_json::Value, _: Option<u64>| {
        Ok(ecs_place_testkit::scenario::Response::Ok(
            serde_json::json!({"tasks": [], "failures": []}),
        ))
    };
    let engines = [
        ENGINES[0],
        Engine {
            name: "empty",
            run: &empty,
        },
    ];
    let failure = run(&scenario, &engines)
        .err()
        .unwrap_or_else(|| panic!("disagreement not reported"));
    assert!(
        failure
            .problems
            .iter()
            .any(|p| p.starts_with("engines disagree: fast gave")),
        "{:?}",
        failure.problems
    );
    assert!(
        failure
            .problems
            .iter()
            .any(|p| p.starts_with("empty: tasksPerInstance")),
        "{:?}",
        failure.problems
    );
}
