use ecs_place_model::{ProviderKind, Timestamp, parse_cluster_state};

use crate::fixture;

const GPU_INSTANCE: &str =
    "arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/0a1b2c3d4e5f60718293a4b5c6d7e8f9";

#[test]
fn captured_cluster_parses_unchanged() {
    let state = parse_cluster_state(&fixture("cluster-state.json")).expect("valid snapshot");
    let cluster = state.cluster().expect("one cluster");
    assert_eq!(cluster.cluster_name, "prod");
    assert_eq!(
        cluster.capacity_providers,
        ["gpu-asg", "FARGATE", "FARGATE_SPOT"]
    );
    assert_eq!(
        cluster.default_capacity_provider_strategy[0].capacity_provider,
        "gpu-asg"
    );
    assert_eq!(
        state.capacity_providers[0].provider_kind(),
        ProviderKind::AutoScalingGroup
    );
    assert_eq!(
        state.capacity_providers[0]
            .auto_scaling_group_provider
            .as_ref()
            .and_then(|p| p.managed_scaling.as_ref())
            .and_then(|s| s.status.as_deref()),
        Some("ENABLED")
    );
    assert_eq!(state.tasks[0].group.as_deref(), Some("family:trainer"));
    assert_eq!(state.subnets[1].availability_zone, "eu-west-1b");
    assert_eq!(
        state.task_definitions[0].tags[0].key.as_deref(),
        Some("team")
    );
}

#[test]
fn gpu_instance_resources_read_by_type() {
    let state = parse_cluster_state(&fixture("cluster-state.json")).expect("valid snapshot");
    let instance = &state.container_instances[0];
    assert_eq!(instance.container_instance_arn, GPU_INSTANCE);
    assert_eq!(instance.remaining("CPU").map(|r| r.units()), Some(Ok(6144)));
    assert_eq!(
        instance.remaining("MEMORY").map(|r| r.units()),
        Some(Ok(56000))
    );
    assert_eq!(
        instance.remaining("GPU").map(|r| r.strings().len()),
        Some(3)
    );
    assert_eq!(
        instance.remaining("PORTS_UDP").map(|r| r.ports()),
        Some(Ok(vec![5353]))
    );
    assert_eq!(
        instance.remaining("PORTS").map(|r| r.ports()),
        Some(Ok(vec![22, 2375, 2376, 8080, 51678, 51679]))
    );
    assert_eq!(
        instance
            .version_info
            .as_ref()
            .and_then(|v| v.agent_version.as_deref()),
        Some("1.82.1")
    );
}

#[test]
fn capability_attributes_have_no_value() {
    let state = parse_cluster_state(&fixture("cluster-state.json")).expect("valid snapshot");
    let gpu = &state.container_instances[0];
    assert_eq!(
        gpu.attribute("ecs.capability.nvidia-gpu")
            .map(|a| a.value.as_deref()),
        Some(None)
    );
    assert_eq!(
        gpu.attribute("ecs.instance-type")
            .and_then(|a| a.value.as_deref()),
        Some("p3.8xlarge")
    );
    assert!(!gpu.is_external());
    assert!(state.container_instances[1].is_external());
}

#[test]
fn long_and_double_resources_read_as_units() {
    let state = parse_cluster_state(&fixture("cluster-state.json")).expect("valid snapshot");
    let external = &state.container_instances[1];
    assert_eq!(
        external.remaining("MEMORY").map(|r| r.units()),
        Some(Ok(3767))
    );
    assert_eq!(
        external.registered("MEMORY").map(|r| r.units()),
        Some(Ok(3767))
    );
    assert_eq!(
        external.remaining("PORTS_UDP").map(|r| r.ports()),
        Some(Ok(vec![53, 161]))
    );
}

#[test]
fn iso_and_epoch_timestamps_become_utc_nanoseconds() {
    let state = parse_cluster_state(&fixture("cluster-state.json")).expect("valid snapshot");
    // 2024-03-05T09:14:27.512+01:00 = 2024-03-05T08:14:27.512Z = 1709626467.512 s.
    assert_eq!(
        state.container_instances[0].registered_at,
        Some(Timestamp::from_nanos(1_709_626_467_512_000_000))
    );
    assert_eq!(
        state.container_instances[1].registered_at,
        Some(Timestamp::from_nanos(1_709_626_467_250_000_000))
    );
}

#[test]
fn whole_epoch_seconds_and_utc_text_parse() {
    let text = |registered_at: &str| {
        format!(
            r#"{{"clusters": [{{"clusterArn": "arn:aws:ecs:us-east-1:1:cluster/c", "clusterName": "c"}}],
               "containerInstances": [{{"containerInstanceArn": "a", "status": "ACTIVE", "registeredAt": {registered_at},
               "remainingResources": [{{"name": "CPU", "type": "INTEGER", "integerValue": 1}},
                                      {{"name": "MEMORY", "type": "INTEGER", "integerValue": 1}}]}}]}}"#
        )
    };
    for (value, nanos) in [
        ("1529360908", 1_529_360_908_000_000_000),
        ("\"2018-06-18T22:28:28\"", 1_529_360_908_000_000_000),
        ("\"2018-06-18T22:28:28Z\"", 1_529_360_908_000_000_000),
        ("\"2018-06-18T22:28:28.5-00:30\"", 1_529_362_708_500_000_000),
        // Fractional epoch seconds keep the decimal digits written (what boto3 sends):
        // 1700000000.123 is not 1700000000.122999907 s.
        ("1700000000.123", 1_700_000_000_123_000_000),
        ("1529360908.123456", 1_529_360_908_123_456_000),
        ("1529360908.000001", 1_529_360_908_000_001_000),
        ("-1.5", -1_500_000_000),
        ("1529360908.0", 1_529_360_908_000_000_000),
    ] {
        let state = parse_cluster_state(&text(value)).expect("valid snapshot");
        assert_eq!(
            state.container_instances[0]
                .registered_at
                .map(Timestamp::as_nanos),
            Some(nanos),
            "{value}"
        );
    }
    let error = parse_cluster_state(&text("\"yesterday\"")).expect_err("bad timestamp");
    assert_eq!(error.path(), Some("containerInstances[0].registeredAt"));
}

#[test]
fn snapshot_writes_back_and_reads_again() {
    let state = parse_cluster_state(&fixture("cluster-state.json")).expect("valid snapshot");
    let written = serde_json::to_string(&state).expect("serialises");
    let again = parse_cluster_state(&written).expect("reads again");
    assert_eq!(again, state);
    let value: serde_json::Value = serde_json::from_str(&written).expect("json");
    assert_eq!(
        value["containerInstances"][0]["registeredAt"],
        "2024-03-05T08:14:27.512Z"
    );
    assert_eq!(value["subnets"][0]["SubnetId"], "subnet-0a1b2c3d");
}

#[test]
fn missing_required_field_is_malformed_with_path() {
    let error = parse_cluster_state(r#"{"clusters": [{"clusterName": "c"}]}"#)
        .expect_err("clusterArn is required");
    assert_eq!(error.path(), Some("clusters[0]"));
    assert!(
        error.message().contains("missing field `clusterArn`"),
        "{}",
        error.message()
    );
}
