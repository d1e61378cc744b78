//! The pipeline of spec §2: checks and their failure details, strategies, commits within a
//! call, GPU ids, and the response fields.

use serde_json::json;

use crate::fixture::{CLUSTER, arn, failures, hosts, inst, run, state, task};

#[test]
fn placed_tasks_carry_the_response_fields() {
    let s = state(&[inst("a", "us-east-1a", 1024, 2048)], &[]);
    let placement = run(
        &json!({"taskDefinition": "web", "startedBy": "me", "tags": [{"key": "k", "value": "v"}]}),
        &s,
        7,
    );
    let response = placement.response();
    assert!(response.failures.is_empty());
    let task = &response.tasks[0];
    let task_arn = task.task_arn.as_deref().unwrap_or_default();
    let id = task_arn
        .strip_prefix("arn:aws:ecs:us-east-1:111122223333:task/default/")
        .unwrap_or_default();
    assert_eq!(id, ecs_place::rng::task_id(7, 0));
    assert_eq!(task.cluster_arn.as_deref(), Some(CLUSTER));
    assert_eq!(
        task.container_instance_arn.as_deref(),
        Some(arn("a").as_str())
    );
    assert_eq!(task.launch_type.as_deref(), Some("EC2"));
    assert_eq!(task.availability_zone.as_deref(), Some("us-east-1a"));
    assert_eq!(task.group.as_deref(), Some("family:web"));
    assert_eq!(task.started_by.as_deref(), Some("me"));
    assert_eq!(task.cpu.as_deref(), Some("256"));
    assert_eq!(task.memory.as_deref(), Some("512"));
    assert_eq!(task.desired_status.as_deref(), Some("RUNNING"));
    assert_eq!(task.last_status.as_deref(), Some("PENDING"));
    assert_eq!(task.version, Some(1));
    assert_eq!(task.platform_version, None);
    let containers = task.containers.as_deref().unwrap_or_default();
    assert_eq!(containers.len(), 1);
    assert_eq!(containers[0].name.as_deref(), Some("app"));
    assert_eq!(containers[0].last_status.as_deref(), Some("PENDING"));
    assert_eq!(containers[0].task_arn.as_deref(), Some(task_arn));
    let json: serde_json::Value = serde_json::from_str(&placement.to_json()).unwrap_or_default();
    let keys: Vec<&String> = json
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        ["failures", "tasks"],
        "exactly the RunTask shape without explain"
    );
}

#[test]
fn resource_and_agent_failures_state_what_was_asked() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096).set("agentConnected", json!(false)),
            inst("b", "z", 64, 4096),
            inst("c", "z", 4096, 100),
            inst("d", "z", 4096, 4096).tcp(&["22", "8080"]),
            inst("e", "z", 4096, 4096).udp(&["53"]),
            inst("f", "z", 4096, 4096).set("status", json!("DRAINING")),
        ],
        &[],
    );
    let placement = run(&json!({"taskDefinition": "port"}), &s, 1);
    assert!(placement.response().tasks.is_empty());
    let expected = [
        ("a", "AGENT", "agent is not connected"),
        ("b", "RESOURCE:CPU", "requires 128 CPU units; 64 remaining"),
        (
            "c",
            "RESOURCE:MEMORY",
            "requires 128 MiB memory; 100 MiB remaining",
        ),
        ("d", "RESOURCE:PORTS", "host port 8080/tcp already in use"),
        ("e", "RESOURCE:PORTS_UDP", "host port 53/udp already in use"),
    ];
    let got = failures(&placement);
    let got: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        got, expected,
        "one failure per ACTIVE candidate, in instance order"
    );
}
