//! Generated traces: the requested task count, the documented mix, stops that name the tasks
//! the simulator places with the same seed.

use std::collections::BTreeSet;
use std::sync::Arc;

use ecs_place_sim::{GenerateError, SimConfig, TraceOp, generate_trace, parse_trace, simulate};

use crate::support::hand_cluster;

#[test]
fn asks_for_exactly_the_tasks_wanted_with_a_mix() {
    let state = ecs_place_synth::generate_cluster(50, 9);
    let trace = generate_trace(&state, 1234, 9).unwrap();
    let mut total = 0;
    let mut strategies = BTreeSet::new();
    let mut constraints = BTreeSet::new();
    let mut definitions = BTreeSet::new();
    let mut sizes = BTreeSet::new();
    let (mut stop_tasks, mut stop_groups) = (0, 0);
    for entry in &trace.entries {
        match &entry.op {
            TraceOp::RunTask(request) => {
                let count = request.count.unwrap();
                assert!((1..=10).contains(&count), "count {count}");
                total += count;
                assert_eq!(request.cluster.as_deref(), Some("synthetic"));
                assert!(request.group.as_deref().unwrap().starts_with("sim:"));
                let kinds: Vec<String> = request
                    .placement_strategy
                    .iter()
                    .flatten()
                    .map(|s| {
                        format!(
                            "{}:{}",
                            s.kind.clone().unwrap(),
                            s.field.clone().unwrap_or_default()
                        )
                    })
                    .collect();
                strategies.insert(kinds.join(","));
                for c in request.placement_constraints.iter().flatten() {
                    constraints.insert(c.kind.clone().unwrap());
                }
                definitions.insert(request.task_definition.clone().unwrap());
                let o = request.overrides.as_ref();
                sizes.insert((
                    o.and_then(|o| o.cpu.clone()),
                    o.and_then(|o| o.memory.clone()),
                ));
            }
            TraceOp::StopTasks(arns) => {
                assert!((1..=10).contains(&arns.len()));
                stop_tasks += 1;
            }
            TraceOp::StopGroup(group) => {
                assert!(group.starts_with("sim:"));
                stop_groups += 1;
            }
        }
    }
    assert_eq!(total, 1234);
    assert!(strategies.len() >= 3, "{strategies:?}");
    assert_eq!(
        constraints,
        BTreeSet::from(["distinctInstance".to_owned(), "memberOf".to_owned()])
    );
    // bench, bench-large, bench-port (bench-gpu needs a GPU, bench-fargate is awsvpc).
    assert_eq!(
        definitions,
        BTreeSet::from([
            "bench-large:1".to_owned(),
            "bench-port:1".to_owned(),
            "bench:1".to_owned()
        ])
    );
    assert!(sizes.len() >= 4, "{sizes:?}");
    assert!(stop_tasks > 10, "{stop_tasks} stopTasks lines");
    assert!(stop_groups >= 1, "{stop_groups} stopGroup lines");
}

#[test]
fn the_trace_round_trips_through_jsonl_and_is_deterministic() {
    let state = ecs_place_synth::generate_cluster(20, 4);
    let trace = generate_trace(&state, 200, 4).unwrap();
    assert_eq!(parse_trace(&trace.to_jsonl()).unwrap(), trace);
    assert_eq!(generate_trace(&state, 200, 4).unwrap(), trace);
    assert_ne!(generate_trace(&state, 200, 5).unwrap(), trace);
    assert!(generate_trace(&state, 0, 4).unwrap().is_empty());
}

#[test]
fn stop_tasks_name_placed_tasks_when_the_seeds_match() {
    let state = Arc::new(ecs_place_synth::generate_cluster(40, 6));
    let trace = generate_trace(&state, 800, 6).unwrap();
    let named: u64 = trace
        .entries
        .iter()
        .map(|e| match &e.op {
            TraceOp::StopTasks(arns) => arns.len() as u64,
            _ => 0,
        })
        .sum();
    assert!(named > 50, "{named}");
    let same = SimConfig {
        seed: 6,
        ..SimConfig::default()
    };
    let run = simulate(Arc::clone(&state), &trace, same, &mut |_| {}).unwrap();
    // Only tasks that failed to place are unknown.
    assert!(
        run.tally.unknown_stop_arns <= run.tally.failed,
        "{:?}",
        run.tally
    );
    assert!(run.tally.stopped >= named - run.tally.unknown_stop_arns);
    let other = SimConfig {
        seed: 7,
        ..SimConfig::default()
    };
    let run = simulate(state, &trace, other, &mut |_| {}).unwrap();
    assert_eq!(run.tally.unknown_stop_arns, named);
}

#[test]
fn a_snapshot_without_usable_definitions_is_an_error() {
    let mut state = hand_cluster();
    for definition in &mut state.task_definitions {
        definition.status = "INACTIVE".into();
    }
    assert_eq!(
        generate_trace(&state, 10, 0),
        Err(GenerateError::NoTaskDefinition)
    );
    let mut state = hand_cluster();
    for instance in &mut state.container_instances {
        instance.status = "DRAINING".into();
    }
    assert_eq!(
        generate_trace(&state, 10, 0),
        Err(GenerateError::NoInstance)
    );
    let mut state = hand_cluster();
    state.clusters.clear();
    assert_eq!(generate_trace(&state, 10, 0), Err(GenerateError::NoCluster));
}

#[test]
fn uses_what_a_small_snapshot_has() {
    // The hand cluster has three definitions, one with a host port: the nine extra workloads
    // reuse `batch` and `web` at other sizes.
    let trace = generate_trace(&hand_cluster(), 500, 1).unwrap();
    let mut port_groups = BTreeSet::new();
    for entry in &trace.entries {
        if let TraceOp::RunTask(request) = &entry.op {
            assert_eq!(request.cluster.as_deref(), Some("demo"));
            assert_eq!(
                request.launch_type.as_deref(),
                Some("EC2"),
                "no default strategy"
            );
            if request.task_definition.as_deref() == Some("port:1") {
                port_groups.insert(request.group.clone().unwrap());
            }
        }
    }
    assert!(port_groups.len() <= 1, "{port_groups:?}");
    let run = simulate(
        Arc::new(hand_cluster()),
        &trace,
        SimConfig {
            seed: 1,
            ..SimConfig::default()
        },
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(run.tally.requested, 500);
}
