use ecs_place_model::{ApiError, ErrorKind, RequestError, RunTaskRequest, parse_request};
use serde_json::json;

use crate::fixture;

fn invalid(text: &str) -> ApiError {
    match parse_request(text) {
        Err(RequestError::Invalid(e)) => e,
        other => panic!("expected an InvalidParameterException, got {other:?}"),
    }
}

#[test]
fn full_request_reads_every_field() {
    let request = parse_request(&fixture("run-task-full.json")).expect("valid request");
    assert_eq!(request.task_definition.as_deref(), Some("web:3"));
    assert_eq!(request.count, Some(2));
    assert_eq!(request.enable_ecs_managed_tags, Some(true));
    assert_eq!(request.launch_type, None);
    let strategy = request
        .capacity_provider_strategy
        .as_deref()
        .unwrap_or_default();
    assert_eq!(strategy.len(), 2);
    assert_eq!(
        strategy[1].capacity_provider.as_deref(),
        Some("FARGATE_SPOT")
    );
    assert_eq!(strategy[1].weight, Some(3));
    let overrides = request.overrides.as_ref().expect("overrides");
    let container = &overrides.container_overrides.as_deref().unwrap_or_default()[0];
    assert_eq!(container.memory_reservation, Some(256));
    let gpu = &container
        .resource_requirements
        .as_deref()
        .unwrap_or_default()[0];
    assert_eq!(
        (gpu.kind.as_deref(), gpu.value.as_deref()),
        (Some("GPU"), Some("1"))
    );
    let ebs = request.volume_configurations.as_deref().unwrap_or_default()[0]
        .managed_ebs_volume
        .as_ref()
        .expect("managedEBSVolume");
    assert_eq!(ebs.size_in_gib, Some(100));
    assert_eq!(ebs.volume_type.as_deref(), Some("io2"));
    assert_eq!(request.reference_id.as_deref(), Some("ref-1"));
}

#[test]
fn request_writes_back_the_same_json() {
    let text = fixture("run-task-full.json");
    let request = parse_request(&text).expect("valid request");
    let written = serde_json::to_value(&request).expect("serialises");
    let original: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(written, original);
}

#[test]
fn absent_fields_are_not_written() {
    let request = RunTaskRequest {
        task_definition: Some("web".into()),
        ..RunTaskRequest::default()
    };
    assert_eq!(
        serde_json::to_value(&request).ok(),
        Some(json!({"taskDefinition": "web"}))
    );
}

#[test]
fn unknown_top_level_field_is_named() {
    let error = invalid(r#"{"taskDefinition": "web", "lauchType": "EC2"}"#);
    assert_eq!(error.kind(), ErrorKind::InvalidParameterException);
    assert!(
        error.message().starts_with("unknown parameter `lauchType`"),
        "{}",
        error.message()
    );
}

#[test]
fn unknown_nested_field_is_named_with_its_path() {
    let error = invalid(
        r#"{"taskDefinition": "web", "overrides": {"containerOverrides": [{"name": "a", "cpuu": 1}]}}"#,
    );
    assert!(
        error
            .message()
            .starts_with("unknown parameter `overrides.containerOverrides[0].cpuu`"),
        "{}",
        error.message()
    );
}

#[test]
fn unknown_field_is_rejected_at_every_level() {
    let cases = [
        (
            json!({"networkConfiguration": {"x": 1}}),
            "networkConfiguration.x",
        ),
        (
            json!({"networkConfiguration": {"awsvpcConfiguration": {"subnets": [], "x": 1}}}),
            "networkConfiguration.awsvpcConfiguration.x",
        ),
        (json!({"overrides": {"x": 1}}), "overrides.x"),
        (
            json!({"overrides": {"ephemeralStorage": {"sizeInGiB": 30, "x": 1}}}),
            "overrides.ephemeralStorage.x",
        ),
        (
            json!({"overrides": {"containerOverrides": [{"environment": [{"name": "a", "x": 1}]}]}}),
            "overrides.containerOverrides[0].environment[0].x",
        ),
        (
            json!({"overrides": {"containerOverrides": [{"environmentFiles": [{"x": 1}]}]}}),
            "overrides.containerOverrides[0].environmentFiles[0].x",
        ),
        (
            json!({"overrides": {"containerOverrides": [{"resourceRequirements": [{"x": 1}]}]}}),
            "overrides.containerOverrides[0].resourceRequirements[0].x",
        ),
        (
            json!({"overrides": {"inferenceAcceleratorOverrides": [{"x": 1}]}}),
            "overrides.inferenceAcceleratorOverrides[0].x",
        ),
        (
            json!({"capacityProviderStrategy": [{"x": 1}]}),
            "capacityProviderStrategy[0].x",
        ),
        (
            json!({"placementConstraints": [{"x": 1}]}),
            "placementConstraints[0].x",
        ),
        (
            json!({"placementStrategy": [{"x": 1}]}),
            "placementStrategy[0].x",
        ),
        (json!({"tags": [{"x": 1}]}), "tags[0].x"),
        (
            json!({"volumeConfigurations": [{"x": 1}]}),
            "volumeConfigurations[0].x",
        ),
        (
            json!({"volumeConfigurations": [{"managedEBSVolume": {"x": 1}}]}),
            "volumeConfigurations[0].managedEBSVolume.x",
        ),
        (
            json!({"volumeConfigurations": [{"managedEBSVolume": {"tagSpecifications": [{"x": 1}]}}]}),
            "volumeConfigurations[0].managedEBSVolume.tagSpecifications[0].x",
        ),
        (
            json!({"volumeConfigurations": [{"managedEBSVolume": {"terminationPolicy": {"x": 1}}}]}),
            "volumeConfigurations[0].managedEBSVolume.terminationPolicy.x",
        ),
    ];
    for (value, path) in cases {
        let error = invalid(&value.to_string());
        let expected = format!("unknown parameter `{path}`");
        assert!(
            error.message().starts_with(&expected),
            "{path}: {}",
            error.message()
        );
    }
}

#[test]
fn wrong_json_type_is_malformed_with_position_and_path() {
    let text = "{\n  \"taskDefinition\": \"web\",\n  \"count\": \"3\"\n}";
    match parse_request(text) {
        Err(RequestError::Malformed(error)) => {
            assert_eq!(error.path(), Some("count"));
            assert_eq!(error.line(), Some(3));
            assert_eq!(error.column(), Some(14));
            assert!(
                error.message().contains("invalid type: string"),
                "{}",
                error.message()
            );
        }
        other => panic!("expected a malformed document, got {other:?}"),
    }
}

#[test]
fn not_json_is_malformed_without_path() {
    match parse_request("not json") {
        Err(RequestError::Malformed(error)) => {
            assert_eq!(error.path(), None);
            assert_eq!(error.line(), Some(1));
        }
        other => panic!("expected a malformed document, got {other:?}"),
    }
    assert!(matches!(
        parse_request("{} {}"),
        Err(RequestError::Malformed(_))
    ));
}

#[test]
fn values_outside_their_set_still_read() {
    let request = parse_request(
        r#"{"launchType": "EC3", "count": -4, "placementStrategy": [{"type": "pack"}]}"#,
    )
    .expect("reads; validation rejects it later");
    assert_eq!(request.launch_type.as_deref(), Some("EC3"));
    assert_eq!(request.count, Some(-4));
    assert_eq!(request.task_definition, None);
}
