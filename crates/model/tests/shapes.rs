//! A JSON array where the service model has an object is a malformed document (spec §1.4),
//! although serde's derived `Deserialize` would read it as the struct's fields in order; and
//! every document the repository ships still reads.

use std::path::{Path, PathBuf};

use ecs_place_model::{InputError, RequestError, parse_cluster_state, parse_request};
use serde_json::{Value, json};

use crate::fixture;

/// The malformed-input error of a request that must not read.
fn malformed_request(text: &str) -> InputError {
    match parse_request(text) {
        Err(RequestError::Malformed(error)) => error,
        other => panic!("expected a malformed document for {text}, got {other:?}"),
    }
}

/// Asserts that `error` rejects an array at `path` with serde_json's position.
fn assert_array_rejected(error: &InputError, path: &str) {
    assert_eq!(error.path(), Some(path), "{error}");
    assert!(
        error
            .message()
            .starts_with("invalid type: sequence, expected struct "),
        "{error}"
    );
    assert_eq!(error.line(), Some(1), "{error}");
    assert!(error.column().is_some_and(|c| c > 1), "{error}");
}

#[test]
fn request_array_in_place_of_an_object_is_malformed_with_its_path() {
    let cases = [
        (
            json!({"taskDefinition": "web", "placementStrategy": [["binpack", "memory"]]}),
            "placementStrategy[0]",
        ),
        (
            json!({"taskDefinition": "web", "overrides": [null, "256"]}),
            "overrides",
        ),
        (
            json!({"taskDefinition": "web", "overrides": {"containerOverrides": [["app"]]}}),
            "overrides.containerOverrides[0]",
        ),
        (
            json!({"taskDefinition": "web", "tags": [["team", "payments"]]}),
            "tags[0]",
        ),
        (
            json!({"taskDefinition": "web", "networkConfiguration": {"awsvpcConfiguration": [["subnet-1"]]}}),
            "networkConfiguration.awsvpcConfiguration",
        ),
        (
            json!({"taskDefinition": "web", "capacityProviderStrategy": [["FARGATE", 1, 0]]}),
            "capacityProviderStrategy[0]",
        ),
    ];
    for (request, path) in cases {
        assert_array_rejected(&malformed_request(&request.to_string()), path);
    }
    // The whole request as an array: no path to name, still a position.
    let error = malformed_request(r#"[null, null, 2]"#);
    assert_eq!(error.path(), None, "{error}");
    assert_eq!(error.line(), Some(1), "{error}");
}

#[test]
fn request_objects_still_read_as_objects() {
    let request = parse_request(
        r#"{"taskDefinition": "web", "placementStrategy": [{"type": "binpack", "field": "memory"}],
            "overrides": {"cpu": "256", "containerOverrides": [{"name": "app"}]},
            "tags": [{"key": "team", "value": "payments"}]}"#,
    )
    .expect("a well-formed request");
    let strategy = &request.placement_strategy.as_deref().expect("strategies")[0];
    assert_eq!(strategy.field.as_deref(), Some("memory"));
    let overrides = request.overrides.as_ref().expect("overrides");
    assert_eq!(overrides.cpu.as_deref(), Some("256"));
    assert_eq!(
        request.tags.as_deref().expect("tags")[0].key.as_deref(),
        Some("team")
    );
}

#[test]
fn snapshot_array_in_place_of_an_object_is_malformed_with_its_path() {
    let base: Value = serde_json::from_str(&fixture("cluster-state.json")).expect("json");
    // (JSON pointer of the value replaced, the array put there, the path the error names)
    let cases = [
        (
            "/clusters/0",
            json!(["arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "prod"]),
            "clusters[0]",
        ),
        (
            "/containerInstances/0",
            json!(["arn:aws:ecs:eu-west-1:123456789012:container-instance/prod/1"]),
            "containerInstances[0]",
        ),
        (
            "/containerInstances/0/remainingResources/0",
            json!(["CPU", "INTEGER", null, null, 2048]),
            "containerInstances[0].remainingResources[0]",
        ),
        (
            "/containerInstances/0/attributes/0",
            json!(["ecs.os-type", "linux"]),
            "containerInstances[0].attributes[0]",
        ),
        (
            "/taskDefinitions/0/containerDefinitions/0",
            json!(["app", "nginx"]),
            "taskDefinitions[0].containerDefinitions[0]",
        ),
        // Task-definition tags are read by a lenient helper of their own; still no arrays.
        (
            "/taskDefinitions/0/tags",
            json!([["team", "payments"]]),
            "taskDefinitions[0].tags[0]",
        ),
    ];
    for (pointer, array, path) in cases {
        let mut snapshot = base.clone();
        *snapshot.pointer_mut(pointer).expect(pointer) = array;
        let error = parse_cluster_state(&snapshot.to_string()).expect_err(path);
        assert_array_rejected(&error, path);
    }
}

/// The repository root (two levels above this crate).
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `.json` files of `dir` under the repository root, sorted.
fn json_files(dir: &str) -> Vec<PathBuf> {
    let dir = repository().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn every_shipped_document_still_reads() {
    let mut snapshots = vec![repository().join("examples/cluster-state.json")];
    snapshots.extend(json_files("testdata/snapshots"));
    let mut requests = json_files("examples/requests");
    requests.extend(json_files("examples/bench"));
    for file in json_files("crates/model/tests/fixtures") {
        let text = read(&file);
        let read = if file.ends_with("cluster-state.json") {
            parse_cluster_state(&text)
                .map(drop)
                .map_err(|e| e.to_string())
        } else {
            parse_request(&text).map(drop).map_err(|e| e.to_string())
        };
        assert_eq!(read, Ok(()), "{}", file.display());
    }
    for file in &snapshots {
        assert_eq!(
            parse_cluster_state(&read(file)).map(drop),
            Ok(()),
            "{}",
            file.display()
        );
    }
    for file in &requests {
        assert_eq!(
            parse_request(&read(file)).map(drop),
            Ok(()),
            "{}",
            file.display()
        );
    }

    let scenarios = json_files("testdata/scenarios");
    assert!(scenarios.len() > 100, "{} scenarios", scenarios.len());
    let mut inline_snapshots = 0;
    for file in &scenarios {
        let scenario: Value = serde_json::from_str(&read(file)).expect("scenario json");
        if let Some(snapshot) = scenario.get("snapshot") {
            inline_snapshots += 1;
            assert_eq!(
                parse_cluster_state(&snapshot.to_string()).map(drop),
                Ok(()),
                "{}",
                file.display()
            );
        }
        // A request with an unknown field is the one a scenario expects parsing to refuse,
        // and then as an `InvalidParameterException`, never as malformed input.
        let expects_invalid = scenario["expect"]["error"]["type"] == "InvalidParameterException";
        match parse_request(&scenario["request"].to_string()) {
            Ok(_) => {}
            Err(RequestError::Invalid(_)) if expects_invalid => {}
            Err(other) => panic!("{}: {other}", file.display()),
        }
    }
    assert!(inline_snapshots > 50, "{inline_snapshots} inline snapshots");
}
