//! Stopping tasks gives back exactly what they took.

use serde_json::json;

use ecs_place_sim::{SimConfig, Simulator, Step, TraceEntry, TraceOp};

use crate::support::{hand_cluster, instance_arn, remaining, run_task, shared};

fn entry(line: usize, op: TraceOp) -> TraceEntry {
    TraceEntry { line, op }
}

fn place(sim: &mut Simulator, line: usize, op: TraceOp) -> Vec<(String, String)> {
    let Step::Placed(placement) = sim.step(&entry(line, op)).unwrap() else {
        panic!("not a placement");
    };
    placement
        .response()
        .tasks
        .iter()
        .map(|t| {
            (
                t.task_arn.clone().unwrap(),
                t.container_instance_arn.clone().unwrap(),
            )
        })
        .collect()
}

fn web(count: u32) -> TraceOp {
    run_task(json!({
        "cluster": "demo", "taskDefinition": "web", "group": "web", "count": count,
        "launchType": "EC2", "placementConstraints": [{"type": "distinctInstance"}]
    }))
}

#[test]
fn stopping_one_task_frees_exactly_its_resources() {
    let mut sim = Simulator::new(shared(hand_cluster()), SimConfig::default());
    let before = remaining(&sim.state());
    let tasks = place(&mut sim, 1, web(3));
    assert_eq!(tasks.len(), 3);
    let during = remaining(&sim.state());
    let (arn, instance) = &tasks[0];
    let step = sim
        .step(&entry(2, TraceOp::StopTasks(vec![arn.clone()])))
        .unwrap();
    assert_eq!(
        step,
        Step::Stopped {
            stopped: 1,
            unknown: 0
        }
    );
    let after = remaining(&sim.state());
    for ((d, a), b) in during.iter().zip(&after).zip(&before) {
        if &d.0 == instance {
            // The stopped task's 512 CPU units and 2048 MiB come back, and its count.
            assert_eq!(
                (a.1, a.2, a.3),
                (d.1 + 512, d.2 + 2048, d.3 - 1),
                "{instance}"
            );
            assert_eq!(a, b);
        } else {
            assert_eq!(a, d);
        }
    }
    // Stopping it again is a counted no-op.
    let step = sim
        .step(&entry(3, TraceOp::StopTasks(vec![arn.clone()])))
        .unwrap();
    assert_eq!(
        step,
        Step::Stopped {
            stopped: 0,
            unknown: 1
        }
    );
    assert_eq!(remaining(&sim.state()), after);
    assert_eq!(sim.tally().unknown_stop_arns, 1);
}

#[test]
fn stopping_every_placed_task_restores_the_snapshot() {
    let mut sim = Simulator::new(shared(hand_cluster()), SimConfig::default());
    let before = remaining(&sim.state());
    let mut arns: Vec<String> = place(&mut sim, 1, web(3))
        .into_iter()
        .map(|t| t.0)
        .collect();
    let port = run_task(json!({
        "cluster": "demo", "taskDefinition": "port", "count": 2, "launchType": "EC2"
    }));
    arns.extend(place(&mut sim, 2, port).into_iter().map(|t| t.0));
    assert_ne!(remaining(&sim.state()), before);
    arns.push("arn:aws:ecs:us-east-1:111122223333:task/demo/never-placed".into());
    let step = sim.step(&entry(3, TraceOp::StopTasks(arns))).unwrap();
    assert_eq!(
        step,
        Step::Stopped {
            stopped: 5,
            unknown: 1
        }
    );
    let state = sim.state();
    assert_eq!(remaining(&state), before);
    // Host ports are given back too: only the agent's port 22 is left in use.
    for instance in &state.container_instances {
        let ports = instance.remaining("PORTS").map(|r| r.strings().to_vec());
        assert_eq!(
            ports,
            Some(vec!["22".to_owned()]),
            "{}",
            instance.container_instance_arn
        );
    }
}

#[test]
fn stop_group_frees_the_group_and_marks_snapshot_tasks_stopped() {
    let mut sim = Simulator::new(shared(hand_cluster()), SimConfig::default());
    let before = remaining(&sim.state());
    place(&mut sim, 1, web(2));
    let batch = run_task(json!({
        "cluster": "demo", "taskDefinition": "batch", "count": 1, "launchType": "EC2"
    }));
    let batch_tasks = place(&mut sim, 2, batch);
    let step = sim
        .step(&entry(3, TraceOp::StopGroup("web".into())))
        .unwrap();
    // Two placed tasks and the snapshot's task on i-5.
    assert_eq!(
        step,
        Step::Stopped {
            stopped: 3,
            unknown: 0
        }
    );
    let state = sim.state();
    let after = remaining(&state);
    let batch_instance = &batch_tasks[0].1;
    for (a, b) in after.iter().zip(&before) {
        if &a.0 == batch_instance {
            assert_eq!((a.1, a.2, a.3), (b.1 - 1024, b.2 - 1024, b.3 + 1));
        } else if a.0 == instance_arn(5) {
            // A snapshot task gives back no resources (the snapshot does not itemise them,
            // spec §1.2), but it no longer counts.
            assert_eq!((a.1, a.2, a.3), (b.1, b.2, 0));
        } else {
            assert_eq!(a, b);
        }
    }
    let snapshot_task = state
        .tasks
        .iter()
        .find(|t| {
            t.task_arn.as_deref() == Some("arn:aws:ecs:us-east-1:111122223333:task/demo/snap1")
        })
        .unwrap();
    assert_eq!(snapshot_task.desired_status.as_deref(), Some("STOPPED"));
    assert_eq!(sim.ledger().per_zone("web"), Some([0, 0, 0].as_slice()));
}
