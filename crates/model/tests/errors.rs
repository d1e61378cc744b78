use ecs_place_model::{ApiError, ErrorKind, InputError};
use serde_json::json;

#[test]
fn api_errors_serialise_as_the_aws_cli_prints_them() {
    let cases = [
        (
            ApiError::invalid_parameter("count must be between 1 and 10, got 11"),
            "InvalidParameterException",
        ),
        (
            ApiError::client("TaskDefinition not found."),
            "ClientException",
        ),
        (
            ApiError::cluster_not_found("cluster `x` not found"),
            "ClusterNotFoundException",
        ),
    ];
    for (error, name) in cases {
        assert_eq!(error.kind().as_str(), name);
        assert_eq!(
            serde_json::to_value(&error).ok(),
            Some(json!({"__type": name, "message": error.message()}))
        );
        assert_eq!(error.to_string(), format!("{name}: {}", error.message()));
    }
    let back: Result<ApiError, _> =
        serde_json::from_value(json!({"__type": "ClientException", "message": "m"}));
    assert_eq!(
        back.map(|e| e.kind()).ok(),
        Some(ErrorKind::ClientException)
    );
}

#[test]
fn input_error_display_names_file_position_and_path() {
    let error = InputError::new("invalid type: string \"3\", expected i64")
        .with_position(3, 14)
        .with_path("count")
        .with_file("request.json");
    assert_eq!(
        error.to_string(),
        "request.json:3:14: at `count`: invalid type: string \"3\", expected i64"
    );
    assert_eq!(
        InputError::new("m").with_path("clusters").to_string(),
        "at `clusters`: m"
    );
    assert_eq!(error.file(), Some("request.json"));
}
