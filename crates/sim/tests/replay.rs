//! The replay loop: errors name their line, runs are deterministic, strategy sets override.

use std::sync::Arc;

use serde_json::json;

use ecs_place_model::ErrorKind;
use ecs_place_sim::{SimConfig, SimError, Trace, TraceOp, generate_trace, parse_trace, simulate};

use crate::support::{hand_cluster, run_task, shared};

#[test]
fn a_request_ecs_rejects_stops_the_replay_at_its_line() {
    let text = concat!(
        r#"{"cluster": "demo", "taskDefinition": "web", "launchType": "EC2"}"#,
        "\n\n",
        r#"{"cluster": "demo", "taskDefinition": "nope", "launchType": "EC2"}"#,
        "\n"
    );
    let trace = parse_trace(text).unwrap();
    let error = rejection(&trace);
    assert_eq!(error.line(), 3);
    let SimError::Rejected { error, .. } = error else {
        panic!("{error:?}");
    };
    assert_eq!(error.kind(), ErrorKind::ClientException);
    assert_eq!(error.message(), "TaskDefinition not found.");
}

#[test]
fn an_invalid_strategy_is_rejected_with_its_line() {
    let trace = Trace::from_ops([run_task(json!({
        "cluster": "demo", "taskDefinition": "web",
        "placementStrategy": [{"type": "binpack", "field": "disk"}]
    }))]);
    let error = rejection(&trace);
    assert_eq!(error.line(), 1);
    assert!(
        error
            .to_string()
            .starts_with("line 1: InvalidParameterException"),
        "{error}"
    );
}

#[test]
fn the_same_inputs_give_the_same_run() {
    let state = Arc::new(ecs_place_synth::generate_cluster(40, 11));
    let trace = generate_trace(&state, 500, 11).unwrap();
    let config = SimConfig {
        seed: 11,
        ..SimConfig::default()
    };
    let mut calls = Vec::new();
    let a = simulate(Arc::clone(&state), &trace, config.clone(), &mut |n| {
        calls.push(n)
    })
    .unwrap();
    let b = simulate(Arc::clone(&state), &trace, config, &mut |_| {}).unwrap();
    assert_eq!(a.final_state, b.final_state);
    assert_eq!(a.tally, b.tally);
    assert_eq!(a.timeline, b.timeline);
    assert_eq!(calls.last(), Some(&trace.len()));
    assert!(calls.windows(2).all(|w| w[0] <= w[1]));
    let other = simulate(
        state,
        &trace,
        SimConfig {
            seed: 12,
            ..SimConfig::default()
        },
        &mut |_| {},
    )
    .unwrap();
    assert_ne!(a.final_state, other.final_state);
}

#[test]
fn a_strategy_set_replaces_the_requests_strategies() {
    let state = Arc::new(ecs_place_synth::generate_cluster(30, 4));
    let trace = generate_trace(&state, 300, 4).unwrap();
    let own = simulate(
        Arc::clone(&state),
        &trace,
        SimConfig::default(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(own.label, "trace");
    assert!(!own.tally.spread_fields.is_empty());
    let binpack = SimConfig {
        strategies: Some("binpack:memory".parse().unwrap()),
        ..SimConfig::default()
    };
    let run = simulate(Arc::clone(&state), &trace, binpack, &mut |_| {}).unwrap();
    assert_eq!(run.label, "binpack:memory");
    assert!(run.tally.spread_fields.is_empty());
    assert_eq!(run.tally.requested, own.tally.requested);
    let spread = SimConfig {
        strategies: Some("spread:instanceId".parse().unwrap()),
        ..SimConfig::default()
    };
    let run = simulate(state, &trace, spread, &mut |_| {}).unwrap();
    assert_eq!(
        run.tally.spread_fields.iter().collect::<Vec<_>>(),
        ["instanceId"]
    );
}

#[test]
fn the_timeline_follows_the_ledger() {
    let state = shared(hand_cluster());
    let trace = Trace::from_ops([
        run_task(json!({
            "cluster": "demo", "taskDefinition": "web", "group": "web", "count": 3,
            "launchType": "EC2", "placementConstraints": [{"type": "distinctInstance"}],
            "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}]
        })),
        TraceOp::StopGroup("web".into()),
    ]);
    let run = simulate(state, &trace, SimConfig::default(), &mut |_| {}).unwrap();
    let timeline = &run.timeline;
    assert_eq!(timeline.zones(), ["a", "b", "c"]);
    // Before: nothing placed by the trace yet. After line 1: web spread over a and b (3 tasks
    // on 4 candidate instances, at most 2 per zone), plus the snapshot's task in c. After the
    // stop: nothing.
    let series = timeline.series("web");
    assert_eq!(series[0], (0, vec![0, 0, 0]));
    let (line, counts) = &series[1];
    assert_eq!(*line, 1);
    assert_eq!(counts.iter().sum::<u32>(), 4);
    assert_eq!(counts[2], 1);
    assert_eq!(series[2], (2, vec![0, 0, 0]));
}

/// The error replaying `trace` on the hand-written cluster ends with.
fn rejection(trace: &Trace) -> SimError {
    simulate(
        shared(hand_cluster()),
        trace,
        SimConfig::default(),
        &mut |_| {},
    )
    .unwrap_err()
}
