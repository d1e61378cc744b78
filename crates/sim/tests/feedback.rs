//! The final state of a simulation, written as a snapshot and read back, gives `place` the
//! same decision the simulator makes for the next line.

use std::sync::Arc;

use ecs_place_sim::{SimConfig, Simulator, Step, TraceOp, generate_trace, line_seed};

fn through_json(state: &ecs_place_model::ClusterState) -> ecs_place_model::ClusterState {
    let text = serde_json::to_string_pretty(state).unwrap();
    ecs_place_model::parse_cluster_state(&text).expect("the final state reads as a snapshot")
}

fn check(instances: usize, tasks: u64, seed: u64, strategies: Option<&str>) {
    let state = Arc::new(ecs_place_synth::generate_cluster(instances, seed));
    let trace = generate_trace(&state, tasks, seed).unwrap();
    let config = SimConfig {
        seed,
        strategies: strategies.map(|s| s.parse().unwrap()),
        ..SimConfig::default()
    };
    let mut sim = Simulator::new(state, config.clone());
    let mut checked = 0;
    let mut stops = 0;
    for entry in &trace.entries {
        if let TraceOp::RunTask(request) = &entry.op {
            let exported = through_json(&sim.state());
            let request = config
                .strategies
                .as_ref()
                .and_then(|s| s.apply(request))
                .unwrap_or_else(|| (**request).clone());
            let options = sim.options(entry.line);
            assert_eq!(options.seed, Some(line_seed(seed, entry.line)));
            let expected = ecs_place::place(&request, &exported, &options).unwrap();
            let Step::Placed(actual) = sim.step(entry).unwrap() else {
                panic!("line {} is a request", entry.line);
            };
            assert_eq!(*actual, expected, "line {}", entry.line);
            checked += 1;
        } else {
            sim.step(entry).unwrap();
            stops += 1;
        }
    }
    assert!(checked >= 20, "{checked} requests checked");
    assert!(stops > 0, "the trace has stops");
}

#[test]
fn final_state_fed_back_gives_the_next_decision() {
    check(40, 400, 3, None);
}

#[test]
fn holds_with_a_strategy_override() {
    check(
        25,
        250,
        8,
        Some("spread:attribute:ecs.availability-zone,binpack:cpu"),
    );
}

#[test]
fn a_replay_on_the_final_state_continues_the_simulation() {
    // Simulating the first half of a trace, then the requests of the second half from the
    // exported state with a fresh simulator, ends in the same state as one simulation of
    // both. (Stops are left out of the second half: a task placed by the first simulation is
    // a snapshot task for the second, and stopping a snapshot task gives back no resources,
    // spec §1.2.)
    let state = Arc::new(ecs_place_synth::generate_cluster(30, 5));
    let trace = generate_trace(&state, 300, 5).unwrap();
    let half = trace.len() / 2;
    let second_half: Vec<_> = trace.entries[half..]
        .iter()
        .filter(|e| matches!(e.op, TraceOp::RunTask(_)))
        .cloned()
        .collect();
    assert!(second_half.len() > 10);
    let config = SimConfig {
        seed: 5,
        ..SimConfig::default()
    };
    let mut whole = Simulator::new(Arc::clone(&state), config.clone());
    for entry in trace.entries[..half].iter().chain(&second_half) {
        whole.step(entry).unwrap();
    }
    let mut first = Simulator::new(state, config.clone());
    for entry in &trace.entries[..half] {
        first.step(entry).unwrap();
    }
    let mut second = Simulator::new(Arc::new(through_json(&first.state())), config);
    for entry in &second_half {
        second.step(entry).unwrap();
    }
    assert_eq!(second.index(), whole.index());
    assert_eq!(
        second.tally().placed + first.tally().placed,
        whole.tally().placed
    );
}
