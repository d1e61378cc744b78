//! The `ecs-place` command line as other tools see it: stdout, stderr and exit codes
//! (issue #2 item 5).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(path: &str) -> String {
    root().join("examples").join(path).display().to_string()
}

fn ecs_place(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ecs-place"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    // A command that fails before reading its input closes the pipe: not a test failure.
    let _ = input.write_all(stdin.unwrap_or_default().as_bytes());
    drop(input);
    child.wait_with_output().expect("the binary finishes")
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn stderr_text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write_temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ecs-place-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path
}

const STATE: &str = "cluster-state.json";

#[test]
fn run_task_prints_the_run_task_response() {
    let output = ecs_place(
        &[
            "run-task",
            "--cluster-state",
            &example(STATE),
            "--request",
            &example("requests/zone-spread-binpack.json"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let response = stdout_json(&output);
    let keys: Vec<&String> = response.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["failures", "tasks"]);
    let tasks = response["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 3);
    for task in tasks {
        assert_eq!(task["lastStatus"], "PENDING");
        assert_eq!(task["desiredStatus"], "RUNNING");
        assert!(task["containerInstanceArn"].as_str().is_some());
    }
    // Spec §8.1: the same inputs give the same bytes.
    let again = ecs_place(
        &[
            "run-task",
            "--cluster-state",
            &example(STATE),
            "--request",
            &example("requests/zone-spread-binpack.json"),
        ],
        None,
    );
    assert_eq!(output.stdout, again.stdout);
}

#[test]
fn run_task_reads_the_request_from_standard_input() {
    let request = std::fs::read_to_string(example("requests/binpack.json")).expect("example");
    let from_stdin = ecs_place(
        &[
            "run-task",
            "--cluster-state",
            &example(STATE),
            "--request",
            "-",
            "--seed",
            "7",
        ],
        Some(&request),
    );
    let from_file = ecs_place(
        &[
            "run-task",
            "--cluster-state",
            &example(STATE),
            "--request",
            &example("requests/binpack.json"),
            "--seed",
            "7",
        ],
        None,
    );
    assert_eq!(
        from_stdin.status.code(),
        Some(0),
        "{}",
        stderr_text(&from_stdin)
    );
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn explain_adds_an_explanation_next_to_tasks_and_failures() {
    let output = ecs_place(
        &[
            "run-task",
            "--cluster-state",
            &example(STATE),
            "--request",
            &example("requests/fails-clearly.json"),
            "--explain",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let response = stdout_json(&output);
    assert_eq!(response["tasks"].as_array().map(Vec::len), Some(0));
    assert!(
        !response["failures"]
            .as_array()
            .expect("failures")
            .is_empty()
    );
    assert!(response["explanation"].is_object(), "{response}");
}

#[test]
fn an_engine_error_prints_the_exception_and_exits_254() {
    let request = write_temp("count.json", r#"{"taskDefinition": "web", "count": 11}"#);
    let output = ecs_place(
        &[
            "run-task",
            "--cluster-state",
            &example(STATE),
            "--request",
            &request.display().to_string(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(254));
    assert!(output.stdout.is_empty());
    let error: Value = serde_json::from_str(stderr_text(&output).trim()).expect("stderr is JSON");
    assert_eq!(error["__type"], "InvalidParameterException");
    assert!(
        error["message"]
            .as_str()
            .expect("message")
            .contains("count"),
        "{error}"
    );
}

#[test]
fn an_unknown_request_field_is_an_invalid_parameter_naming_it() {
    let output = ecs_place(
        &[
            "run-task",
            "--cluster-state",
            &example(STATE),
            "--request",
            "-",
        ],
        Some(r#"{"taskDefinition": "web", "placementStrategies": []}"#),
    );
    assert_eq!(output.status.code(), Some(254));
    let stderr = stderr_text(&output);
    assert!(stderr.contains("InvalidParameterException"), "{stderr}");
    assert!(stderr.contains("placementStrategies"), "{stderr}");
}

#[test]
fn a_malformed_file_names_the_file_line_column_and_field_and_exits_252() {
    let request = write_temp(
        "typed.json",
        "{\n  \"taskDefinition\": \"web\",\n  \"count\": \"3\"\n}",
    );
    let name = request.display().to_string();
    let output = ecs_place(
        &[
            "run-task",
            "--cluster-state",
            &example(STATE),
            "--request",
            &name,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(252));
    let stderr = stderr_text(&output);
    assert!(stderr.contains(&name), "{stderr}");
    assert!(stderr.contains(":3:"), "line 3 in {stderr}");
    assert!(stderr.contains("count"), "{stderr}");
}

#[test]
fn an_unreadable_file_exits_252() {
    let output = ecs_place(
        &[
            "run-task",
            "--cluster-state",
            "/nonexistent/state.json",
            "--request",
            "-",
        ],
        Some("{}"),
    );
    assert_eq!(output.status.code(), Some(252));
    assert!(stderr_text(&output).contains("/nonexistent/state.json"));
}

#[test]
fn a_usage_error_exits_2() {
    let output = ecs_place(&["run-task", "--request", "x.json"], None);
    assert_eq!(output.status.code(), Some(2));
    let output = ecs_place(&["no-such-command"], None);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn list_container_instances_filters_in_arn_order() {
    let output = ecs_place(
        &[
            "list-container-instances",
            "--cluster-state",
            &example(STATE),
            "--filter",
            "attribute:ecs.availability-zone == us-east-1a and attribute:ecs.instance-type =~ m5.*",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let arns: Vec<String> =
        serde_json::from_value(stdout_json(&output)["containerInstanceArns"].clone())
            .expect("a list of ARNs");
    assert!(!arns.is_empty());
    let mut sorted = arns.clone();
    sorted.sort();
    assert_eq!(arns, sorted);

    let all = ecs_place(
        &[
            "list-container-instances",
            "--cluster-state",
            &example(STATE),
        ],
        None,
    );
    let all: Vec<String> =
        serde_json::from_value(stdout_json(&all)["containerInstanceArns"].clone()).expect("ARNs");
    assert!(arns.len() < all.len());
    assert!(arns.iter().all(|arn| all.contains(arn)));
}

#[test]
fn list_container_instances_by_status() {
    let output = ecs_place(
        &[
            "list-container-instances",
            "--cluster-state",
            &example(STATE),
            "--status",
            "DRAINING",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr_text(&output));
    let arns = stdout_json(&output)["containerInstanceArns"].clone();
    assert_eq!(arns.as_array().map(Vec::len), Some(1), "{arns}");

    let bad = ecs_place(
        &[
            "list-container-instances",
            "--cluster-state",
            &example(STATE),
            "--status",
            "active",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(254));
    assert!(stderr_text(&bad).contains("InvalidParameterException"));
}

#[test]
fn a_bad_filter_exits_254_with_the_position() {
    let output = ecs_place(
        &[
            "list-container-instances",
            "--cluster-state",
            &example(STATE),
            "--filter",
            "attribute:stack = prod",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(254));
    let stderr = stderr_text(&output);
    assert!(stderr.contains("InvalidParameterException"), "{stderr}");
    assert!(stderr.contains("byte 16"), "{stderr}");
}
