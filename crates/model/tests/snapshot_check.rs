//! Every rejection of `ClusterState::check`, each with the entity and the field named.

use ecs_place_model::{ClusterState, InputError, parse_cluster_state};
use serde_json::{Value, json};

use crate::fixture;

fn base() -> Value {
    serde_json::from_str(&fixture("cluster-state.json")).unwrap_or(Value::Null)
}

fn reject(state: &Value) -> InputError {
    match parse_cluster_state(&state.to_string()) {
        Err(error) => error,
        Ok(_) => panic!("expected a rejection"),
    }
}

fn assert_rejected(state: &Value, path: &str, message: &str) {
    let error = reject(state);
    assert_eq!(error.path(), Some(path), "{error}");
    assert_eq!(error.message(), message);
}

const ARN: &str =
    "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const TD_ARN: &str = "arn:aws:ecs:eu-west-1:123456789012:task-definition/trainer:4";

#[test]
fn the_fixture_passes() {
    let state: Result<ClusterState, _> = serde_json::from_value(base());
    assert_eq!(state.map(|s| s.check()).ok(), Some(Ok(())));
}

#[test]
fn zero_or_two_clusters_are_rejected() {
    let mut state = base();
    state["clusters"] = json!([]);
    assert_rejected(
        &state,
        "clusters",
        "the snapshot must describe exactly one cluster, found 0",
    );
    let mut state = base();
    let cluster = state["clusters"][0].clone();
    state["clusters"] = json!([cluster.clone(), cluster]);
    assert_rejected(
        &state,
        "clusters",
        "the snapshot must describe exactly one cluster, found 2",
    );
}

#[test]
fn two_instances_with_one_arn_are_rejected() {
    let mut state = base();
    let first = state["containerInstances"][0].clone();
    state["containerInstances"][1] = first;
    assert_rejected(
        &state,
        "containerInstances",
        &format!("container instance `{ARN}` appears twice"),
    );
}

#[test]
fn two_attributes_of_one_name_are_rejected() {
    let mut state = base();
    state["containerInstances"][0]["attributes"] =
        json!([{"name": "stack", "value": "a"}, {"name": "stack"}]);
    assert_rejected(
        &state,
        "containerInstances[0]",
        &format!("container instance `{ARN}`: attributes: `stack` appears twice"),
    );
}

fn with_remaining(index: usize, resource: Value) -> Value {
    let mut state = base();
    state["containerInstances"][0]["remainingResources"][index] = resource;
    state
}

#[test]
fn bad_cpu_and_memory_values_are_rejected() {
    let cases = [
        (
            0,
            json!({"name": "CPU", "type": "INTEGER", "integerValue": -1}),
            "remainingResources `CPU`: `-1` is not a whole number between 0 and 4294967295",
        ),
        (
            0,
            json!({"name": "CPU", "type": "DOUBLE", "doubleValue": 1.5}),
            "remainingResources `CPU`: `1.5` is not a whole number between 0 and 4294967295",
        ),
        (
            1,
            json!({"name": "MEMORY", "type": "LONG", "longValue": 4_294_967_296_i64}),
            "remainingResources `MEMORY`: `4294967296` is not a whole number between 0 and 4294967295",
        ),
        (
            1,
            json!({"name": "MEMORY", "type": "STRINGSET", "stringSetValue": ["1"]}),
            "remainingResources `MEMORY`: has type `STRINGSET` but no numeric value for it",
        ),
    ];
    for (index, resource, message) in cases {
        assert_rejected(
            &with_remaining(index, resource),
            "containerInstances[0]",
            &format!("container instance `{ARN}`: {message}"),
        );
    }
}

#[test]
fn missing_remaining_cpu_is_rejected() {
    let mut state = base();
    state["containerInstances"][0]["remainingResources"] =
        json!([{"name": "MEMORY", "type": "INTEGER", "integerValue": 1}]);
    assert_rejected(
        &state,
        "containerInstances[0]",
        &format!("container instance `{ARN}`: remainingResources has no `CPU` entry"),
    );
}

#[test]
fn bad_ports_are_rejected() {
    for (name, port) in [
        ("PORTS", "65536"),
        ("PORTS_UDP", "-1"),
        ("PORTS", "http"),
        ("PORTS_UDP", ""),
    ] {
        let index = if name == "PORTS" { 2 } else { 3 };
        let state = with_remaining(
            index,
            json!({"name": name, "type": "STRINGSET", "stringSetValue": ["22", port]}),
        );
        assert_rejected(
            &state,
            "containerInstances[0]",
            &format!(
                "container instance `{ARN}`: remainingResources `{name}`: `{port}` is not a port number in 0-65535"
            ),
        );
    }
    let state = with_remaining(
        2,
        json!({"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["0", "65535"]}),
    );
    assert!(parse_cluster_state(&state.to_string()).is_ok());
}

#[test]
fn remaining_above_registered_is_rejected() {
    let state = with_remaining(
        0,
        json!({"name": "CPU", "type": "INTEGER", "integerValue": 8193}),
    );
    assert_rejected(
        &state,
        "containerInstances[0]",
        &format!(
            "container instance `{ARN}`: remainingResources `CPU` 8193 is above registeredResources `CPU` 8192"
        ),
    );
    let state = with_remaining(
        0,
        json!({"name": "CPU", "type": "INTEGER", "integerValue": 8192}),
    );
    assert!(parse_cluster_state(&state.to_string()).is_ok());
}

#[test]
fn unregistered_or_repeated_gpu_ids_are_rejected() {
    let state = with_remaining(
        4,
        json!({"name": "GPU", "type": "STRINGSET", "stringSetValue": ["GPU-x"]}),
    );
    assert_rejected(
        &state,
        "containerInstances[0]",
        &format!(
            "container instance `{ARN}`: remainingResources `GPU` id `GPU-x` is not in registeredResources `GPU`"
        ),
    );
    let id = "GPU-8a2f9d3e-1111-2222-3333-444455556666";
    let state = with_remaining(
        4,
        json!({"name": "GPU", "type": "STRINGSET", "stringSetValue": [id, id]}),
    );
    assert_rejected(
        &state,
        "containerInstances[0]",
        &format!("container instance `{ARN}`: remainingResources `GPU`: id `{id}` appears twice"),
    );
}

#[test]
fn two_resources_of_one_name_are_rejected() {
    let state = with_remaining(
        1,
        json!({"name": "CPU", "type": "INTEGER", "integerValue": 1}),
    );
    assert_rejected(
        &state,
        "containerInstances[0]",
        &format!("container instance `{ARN}`: remainingResources: `CPU` appears twice"),
    );
}

fn with_definition(edit: impl FnOnce(&mut Value)) -> Value {
    let mut state = base();
    edit(&mut state["taskDefinitions"][0]);
    state
}

/// An edit of a task definition.
type Edit = fn(&mut Value);

#[test]
fn unusable_task_definitions_are_rejected() {
    let cases: [(Edit, &str); 5] = [
        (
            |d| d["cpu"] = json!("1 vCPU"),
            "cpu `1 vCPU` is not a whole number of CPU units",
        ),
        (
            |d| d["memory"] = json!("-5"),
            "memory `-5` is not a whole number of MiB",
        ),
        (
            |d| d["networkMode"] = json!("nat"),
            "networkMode `nat` is not one of bridge, host, awsvpc, none",
        ),
        (
            |d| d["containerDefinitions"] = json!([]),
            "containerDefinitions is empty",
        ),
        (
            |d| d["placementConstraints"] = json!([{"type": "distinctInstance"}]),
            "placementConstraints[0] must be of type memberOf with an expression",
        ),
    ];
    for (edit, message) in cases {
        assert_rejected(
            &with_definition(edit),
            "taskDefinitions[0]",
            &format!("task definition `{TD_ARN}`: {message}"),
        );
    }
    let state = with_definition(|d| {
        let container = d["containerDefinitions"][0].clone();
        d["containerDefinitions"] = json!([container.clone(), container]);
    });
    assert_rejected(
        &state,
        "taskDefinitions[0]",
        &format!(
            "task definition `{TD_ARN}`: containerDefinitions: container `trainer` appears twice"
        ),
    );
}

#[test]
fn task_definition_missing_a_needed_field_is_malformed() {
    let mut state = base();
    if let Some(definition) = state["taskDefinitions"][0].as_object_mut() {
        definition.remove("status");
    }
    let error = reject(&state);
    assert_eq!(error.path(), Some("taskDefinitions[0]"));
    assert!(
        error.message().contains("missing field `status`"),
        "{}",
        error.message()
    );
}

#[test]
fn duplicate_task_definitions_providers_and_subnets_are_rejected() {
    let mut state = base();
    let definition = state["taskDefinitions"][0].clone();
    let mut other = definition.clone();
    other["taskDefinitionArn"] =
        json!("arn:aws:ecs:eu-west-1:123456789012:task-definition/trainer:4b");
    state["taskDefinitions"] = json!([definition.clone(), definition.clone()]);
    assert_rejected(
        &state,
        "taskDefinitions",
        &format!("task definition `{TD_ARN}` appears twice"),
    );
    state["taskDefinitions"] = json!([definition, other]);
    assert_rejected(
        &state,
        "taskDefinitions",
        "task definition revision `trainer:4` appears twice",
    );

    let mut state = base();
    let provider = state["capacityProviders"][0].clone();
    state["capacityProviders"] = json!([provider.clone(), provider]);
    assert_rejected(
        &state,
        "capacityProviders",
        "capacity provider `gpu-asg` appears twice",
    );

    let mut state = base();
    let subnet = state["subnets"][0].clone();
    state["subnets"] = json!([subnet.clone(), subnet]);
    assert_rejected(&state, "subnets", "subnet `subnet-0a1b2c3d` appears twice");
}

#[test]
fn unknown_snapshot_fields_are_ignored_at_every_level() {
    let mut state = base();
    state["extra"] = json!(1);
    state["clusters"][0]["future"] = json!({"a": 1});
    state["containerInstances"][0]["remainingResources"][0]["future"] = json!(true);
    state["containerInstances"][0]["attributes"][0]["future"] = json!(true);
    state["taskDefinitions"][0]["containerDefinitions"][0]["portMappings"][0]["future"] = json!(1);
    state["tasks"][0]["future"] = json!(1);
    state["taskDefinitions"][0]["tags"][0]["future"] = json!(1);
    state["taskDefinitions"][0]["placementConstraints"] =
        json!([{"type": "memberOf", "expression": "attribute:a exists", "future": 1}]);
    state["taskDefinitions"][0]["requiresAttributes"] = json!([{"name": "x", "future": 1}]);
    state["taskDefinitions"][0]["volumes"] = json!([{"name": "v", "future": 1}]);
    state["capacityProviders"][0]["autoScalingGroupProvider"]["managedScaling"]["future"] =
        json!(1);
    state["subnets"][0]["Future"] = json!(1);
    state["clusters"][0]["defaultCapacityProviderStrategy"][0]["future"] = json!(1);
    state["containerInstances"][0]["versionInfo"] = json!({"agentVersion": "1.0", "future": 1});
    let parsed = parse_cluster_state(&state.to_string());
    assert!(parsed.is_ok(), "{parsed:?}");
}
