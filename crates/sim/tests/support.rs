//! A small hand-built cluster whose metrics are worked out by hand in `metrics_by_hand`.
//!
//! | instance | status | type | CPU | memory MiB | zone |
//! | --- | --- | --- | --- | --- | --- |
//! | `i-1` | ACTIVE | m5.large | 2048 | 8192 | a |
//! | `i-2` | ACTIVE | m5.large | 2048 | 8192 | b |
//! | `i-3` | ACTIVE | m5.large | 2048 | 8192 | a |
//! | `i-4` | ACTIVE | c5.large | 2048 | 4096 | b |
//! | `i-5` | DRAINING | m5.large | 2048 | 8192 (one `web` task: 512 / 2048 in use) | c |
//!
//! Task definitions: `web` (512 CPU, 2048 MiB, task level), `batch` (1024 CPU, 1024 MiB),
//! `port` (128 CPU, 128 MiB, host port 8080).

use std::sync::Arc;

use serde_json::{Value, json};

use ecs_place_model::{ClusterState, RunTaskRequest};
use ecs_place_sim::{Trace, TraceOp};

pub const CLUSTER_ARN: &str = "arn:aws:ecs:us-east-1:111122223333:cluster/demo";

pub fn instance_arn(n: u32) -> String {
    format!("arn:aws:ecs:us-east-1:111122223333:container-instance/demo/i-{n}")
}

fn instance(n: u32, status: &str, kind: &str, memory: u32, zone: &str, used: (u32, u32)) -> Value {
    json!({
        "containerInstanceArn": instance_arn(n),
        "ec2InstanceId": format!("i-{n}"),
        "status": status,
        "agentConnected": true,
        "runningTasksCount": u32::from(used.0 > 0),
        "attributes": [
            {"name": "ecs.availability-zone", "value": zone},
            {"name": "ecs.instance-type", "value": kind}
        ],
        "registeredResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22"]}
        ],
        "remainingResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 2048 - used.0},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": memory - used.1},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22"]}
        ]
    })
}

fn definition(family: &str, cpu: &str, memory: &str, host_port: Option<u16>) -> Value {
    let ports: Vec<Value> = host_port
        .map(|p| json!({"containerPort": p, "hostPort": p, "protocol": "tcp"}))
        .into_iter()
        .collect();
    json!({
        "taskDefinitionArn": format!("arn:aws:ecs:us-east-1:111122223333:task-definition/{family}:1"),
        "family": family,
        "revision": 1,
        "status": "ACTIVE",
        "cpu": cpu,
        "memory": memory,
        "networkMode": "bridge",
        "requiresCompatibilities": ["EC2"],
        "containerDefinitions": [{"name": family, "portMappings": ports}]
    })
}

/// The cluster of the module documentation.
pub fn hand_cluster() -> ClusterState {
    let document = json!({
        "clusters": [{
            "clusterArn": CLUSTER_ARN,
            "clusterName": "demo",
            "status": "ACTIVE",
            "capacityProviders": [],
            "defaultCapacityProviderStrategy": []
        }],
        "capacityProviders": [],
        "containerInstances": [
            instance(1, "ACTIVE", "m5.large", 8192, "a", (0, 0)),
            instance(2, "ACTIVE", "m5.large", 8192, "b", (0, 0)),
            instance(3, "ACTIVE", "m5.large", 8192, "a", (0, 0)),
            instance(4, "ACTIVE", "c5.large", 4096, "b", (0, 0)),
            instance(5, "DRAINING", "m5.large", 8192, "c", (512, 2048))
        ],
        "taskDefinitions": [
            definition("web", "512", "2048", None),
            definition("batch", "1024", "1024", None),
            definition("port", "128", "128", Some(8080))
        ],
        "tasks": [{
            "taskArn": "arn:aws:ecs:us-east-1:111122223333:task/demo/snap1",
            "containerInstanceArn": instance_arn(5),
            "group": "web",
            "desiredStatus": "RUNNING",
            "lastStatus": "RUNNING",
            "launchType": "EC2"
        }]
    });
    ecs_place_model::parse_cluster_state(&document.to_string()).expect("the hand cluster reads")
}

pub fn shared(state: ClusterState) -> Arc<ClusterState> {
    Arc::new(state)
}

/// A request from its JSON.
pub fn request(value: Value) -> RunTaskRequest {
    ecs_place_model::parse_request(&value.to_string()).expect("the request reads")
}

pub fn run_task(value: Value) -> TraceOp {
    TraceOp::RunTask(Box::new(request(value)))
}

/// The trace of `metrics_by_hand`: `batch` ×2 on the c5.large, `web` ×4 spread over zones with
/// `distinctInstance`, a stop of an unknown task.
pub fn hand_trace() -> Trace {
    Trace::from_ops([
        run_task(json!({
            "cluster": "demo",
            "taskDefinition": "batch",
            "group": "batch",
            "count": 2,
            "launchType": "EC2",
            "placementConstraints": [
                {"type": "memberOf", "expression": "attribute:ecs.instance-type == c5.large"}
            ]
        })),
        run_task(json!({
            "cluster": "demo",
            "taskDefinition": "web",
            "group": "web",
            "count": 4,
            "launchType": "EC2",
            "placementConstraints": [{"type": "distinctInstance"}],
            "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}]
        })),
        TraceOp::StopTasks(vec![
            "arn:aws:ecs:us-east-1:111122223333:task/demo/unknown".into(),
        ]),
    ])
}

/// Remaining (CPU, memory) and `runningTasksCount` of every instance of `state`, by ARN.
pub fn remaining(state: &ClusterState) -> Vec<(String, u32, u32, u32)> {
    let mut out: Vec<(String, u32, u32, u32)> = state
        .container_instances
        .iter()
        .map(|i| {
            let units = |name: &str| i.remaining(name).and_then(|r| r.units().ok()).unwrap_or(0);
            (
                i.container_instance_arn.clone(),
                units("CPU"),
                units("MEMORY"),
                i.running_tasks_count.unwrap_or(0),
            )
        })
        .collect();
    out.sort();
    out
}
