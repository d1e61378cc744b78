//! A small cluster snapshot and request helpers shared by the topic modules.

use ecs_place::plan::Plan;
use ecs_place::resolve::{ResolveOptions, resolve};
use ecs_place_model::{ApiError, ClusterState, ErrorKind, RunTaskRequest};
use serde_json::{Value, json};

pub const CLUSTER_ARN: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";
pub const EC2_INSTANCE: &str = "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/aaaa";
pub const EXTERNAL_INSTANCE: &str =
    "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/bbbb";

fn td_arn(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:task-definition/{family}:{revision}")
}

fn instance(arn: &str, status: &str, external: bool) -> Value {
    let mut attributes = vec![json!({"name": "ecs.availability-zone", "value": "eu-west-1a"})];
    if external {
        attributes.push(json!({"name": "ecs.capability.external"}));
    }
    json!({
        "containerInstanceArn": arn,
        "status": status,
        "agentConnected": true,
        "attributes": attributes,
        "remainingResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 4096}
        ]
    })
}

fn container(name: &str) -> Value {
    json!({"name": name, "cpu": 128, "memory": 256})
}

fn definition(family: &str, revision: u32, status: &str, extra: Value) -> Value {
    let mut definition = json!({
        "taskDefinitionArn": td_arn(family, revision),
        "family": family,
        "revision": revision,
        "status": status,
        "containerDefinitions": [container("app")]
    });
    if let (Some(target), Some(fields)) = (definition.as_object_mut(), extra.as_object()) {
        for (key, value) in fields {
            target.insert(key.clone(), value.clone());
        }
    }
    definition
}

/// The base snapshot: cluster `prod` with providers, one EC2 and one external instance, and
/// task definitions for every resolution rule.
pub fn state_json() -> Value {
    json!({
        "clusters": [{
            "clusterArn": CLUSTER_ARN,
            "clusterName": "prod",
            "status": "ACTIVE",
            "capacityProviders": ["asg-a", "asg-b", "mi", "asg-off", "asg-undescribed", "FARGATE", "FARGATE_SPOT"],
            "defaultCapacityProviderStrategy": []
        }],
        "capacityProviders": [
            {"name": "asg-a", "status": "ACTIVE", "type": "EC2_AUTOSCALING"},
            {"name": "asg-b", "status": "ACTIVE", "autoScalingGroupProvider": {"autoScalingGroupArn": "arn:asg"}},
            {"name": "mi", "status": "ACTIVE", "type": "MANAGED_INSTANCES"},
            {"name": "asg-off", "status": "INACTIVE", "type": "EC2_AUTOSCALING"},
            {"name": "asg-unassociated", "status": "ACTIVE", "type": "EC2_AUTOSCALING"}
        ],
        "containerInstances": [
            instance(EC2_INSTANCE, "ACTIVE", false),
            instance(EXTERNAL_INSTANCE, "ACTIVE", true)
        ],
        "taskDefinitions": [
            definition("web", 1, "ACTIVE", json!({})),
            definition("web", 2, "ACTIVE", json!({"tags": [{"key": "team", "value": "web"}, {"key": "tier", "value": "front"}]})),
            definition("web", 3, "INACTIVE", json!({})),
            definition("old", 1, "INACTIVE", json!({})),
            definition("serverless", 1, "ACTIVE", json!({
                "networkMode": "awsvpc", "cpu": "256", "memory": "512",
                "compatibilities": ["EC2", "FARGATE"]
            })),
            definition("vpc", 1, "ACTIVE", json!({"networkMode": "awsvpc"})),
            definition("ec2only", 1, "ACTIVE", json!({"networkMode": "awsvpc", "cpu": "256", "memory": "512", "compatibilities": ["EC2"]})),
            definition("pinned", 1, "ACTIVE", json!({
                "placementConstraints": [
                    {"type": "memberOf", "expression": "attribute:ecs.availability-zone == eu-west-1a"},
                    {"type": "memberOf", "expression": "attribute:stack exists"}
                ],
                "networkMode": "awsvpc", "cpu": "256", "memory": "512"
            })),
            definition("volumes", 1, "ACTIVE", json!({"volumes": [
                {"name": "data", "configuredAtLaunch": true},
                {"name": "fixed"}
            ]})),
            definition("sized", 1, "ACTIVE", json!({"cpu": "1024", "memory": "2048"})),
            definition("multi", 1, "ACTIVE", json!({
                "containerDefinitions": [
                    {"name": "app", "cpu": 256, "memory": 1024, "memoryReservation": 512,
                     "portMappings": [{"containerPort": 80, "hostPort": 8080}, {"containerPort": 53, "hostPort": 53, "protocol": "udp"}],
                     "resourceRequirements": [{"type": "GPU", "value": "2"}]},
                    {"name": "sidecar", "cpu": 128, "memory": 256,
                     "portMappings": [{"containerPort": 9000, "hostPort": 0}, {"containerPort": 53, "hostPort": 53}],
                     "resourceRequirements": [{"type": "GPU", "value": "1"}]}
                ],
                "requiresAttributes": [
                    {"name": "ecs.capability.nvidia-gpu"},
                    {"name": "ecs.os-type", "value": "linux"}
                ]
            })),
            definition("hostnet", 1, "ACTIVE", json!({
                "networkMode": "host",
                "containerDefinitions": [{"name": "app", "cpu": 0, "memory": 128,
                    "portMappings": [{"containerPort": 80}, {"containerPort": 81, "hostPort": 8081}]}]
            })),
            definition("vpcports", 1, "ACTIVE", json!({
                "networkMode": "awsvpc",
                "containerDefinitions": [{"name": "app", "memory": 128, "portMappings": [{"containerPort": 80, "hostPort": 80}]}]
            })),
            definition("dupports", 1, "ACTIVE", json!({
                "containerDefinitions": [
                    {"name": "a", "memory": 128, "portMappings": [{"containerPort": 80, "hostPort": 8080}]},
                    {"name": "b", "memory": 128, "portMappings": [{"containerPort": 81, "hostPort": 8080, "protocol": "tcp"}]}
                ]
            })),
            definition("badgpu", 1, "ACTIVE", json!({
                "containerDefinitions": [{"name": "app", "memory": 128, "resourceRequirements": [{"type": "GPU", "value": "0"}]}]
            }))
        ],
        "tasks": []
    })
}

pub fn state_from(value: Value) -> ClusterState {
    match serde_json::from_value::<ClusterState>(value) {
        Ok(state) if state.check().is_ok() => state,
        other => panic!("test snapshot does not read: {other:?}"),
    }
}

pub fn request(value: Value) -> RunTaskRequest {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("test request does not read: {e}"))
}

/// Resolves `value` in `state`, naming cluster `prod` unless the request names one.
pub fn resolve_in(state: &ClusterState, value: Value) -> Result<Plan, ApiError> {
    let value = if value.get("cluster").is_some() {
        value
    } else {
        with(json!({"cluster": "prod"}), value)
    };
    resolve(&request(value), state, &ResolveOptions::default())
}

pub fn resolve_json(value: Value) -> Result<Plan, ApiError> {
    resolve_in(&state_from(state_json()), value)
}

pub fn plan(value: Value) -> Plan {
    resolve_json(value).unwrap_or_else(|e| panic!("expected a plan, got {e}"))
}

/// The error of a request that must fail with `kind`.
pub fn error_of(kind: ErrorKind, value: Value) -> String {
    match resolve_json(value) {
        Err(error) if error.kind() == kind => error.message().to_owned(),
        other => panic!("expected {kind}, got {other:?}"),
    }
}

/// The message of a request that must fail with `InvalidParameterException`.
pub fn invalid(value: Value) -> String {
    error_of(ErrorKind::InvalidParameterException, value)
}

/// `base` with the fields of `extra` added (for `{"taskDefinition": ..., ...}`).
pub fn with(base: Value, extra: Value) -> Value {
    let mut base = base;
    if let (Some(target), Some(fields)) = (base.as_object_mut(), extra.as_object()) {
        for (key, value) in fields {
            target.insert(key.clone(), value.clone());
        }
    }
    base
}
