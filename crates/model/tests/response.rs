use ecs_place_model::{Container, Failure, RunTaskResponse, Tag, Task, TaskOverride};
use serde_json::json;

#[test]
fn response_writes_present_fields_in_a_stable_order() {
    let response = RunTaskResponse {
        tasks: vec![Task {
            task_arn: Some("arn:aws:ecs:eu-west-1:1:task/prod/0123".into()),
            cluster_arn: Some("arn:aws:ecs:eu-west-1:1:cluster/prod".into()),
            task_definition_arn: Some("arn:aws:ecs:eu-west-1:1:task-definition/web:3".into()),
            container_instance_arn: Some(
                "arn:aws:ecs:eu-west-1:1:container-instance/prod/a".into(),
            ),
            launch_type: Some("EC2".into()),
            availability_zone: Some("eu-west-1a".into()),
            group: Some("family:web".into()),
            tags: Some(vec![Tag {
                key: Some("team".into()),
                value: Some("web".into()),
            }]),
            cpu: Some("256".into()),
            memory: Some("512".into()),
            overrides: Some(TaskOverride::default()),
            containers: Some(vec![Container {
                name: Some("app".into()),
                last_status: Some("PENDING".into()),
                gpu_ids: Some(vec!["GPU-1".into()]),
                ..Container::default()
            }]),
            desired_status: Some("RUNNING".into()),
            last_status: Some("PENDING".into()),
            enable_execute_command: Some(false),
            version: Some(1),
            ..Task::default()
        }],
        failures: vec![Failure {
            arn: Some("arn:aws:ecs:eu-west-1:1:container-instance/prod/b".into()),
            reason: Some("RESOURCE:MEMORY".into()),
            detail: Some("requires 2048 MiB memory; 1536 MiB remaining".into()),
        }],
    };
    let text = serde_json::to_string(&response).unwrap_or_default();
    assert_eq!(
        text,
        concat!(
            r#"{"tasks":[{"taskArn":"arn:aws:ecs:eu-west-1:1:task/prod/0123","#,
            r#""clusterArn":"arn:aws:ecs:eu-west-1:1:cluster/prod","#,
            r#""taskDefinitionArn":"arn:aws:ecs:eu-west-1:1:task-definition/web:3","#,
            r#""containerInstanceArn":"arn:aws:ecs:eu-west-1:1:container-instance/prod/a","#,
            r#""launchType":"EC2","availabilityZone":"eu-west-1a","group":"family:web","#,
            r#""tags":[{"key":"team","value":"web"}],"cpu":"256","memory":"512","overrides":{},"#,
            r#""containers":[{"name":"app","lastStatus":"PENDING","gpuIds":["GPU-1"]}],"#,
            r#""desiredStatus":"RUNNING","lastStatus":"PENDING","enableExecuteCommand":false,"version":1}],"#,
            r#""failures":[{"arn":"arn:aws:ecs:eu-west-1:1:container-instance/prod/b","#,
            r#""reason":"RESOURCE:MEMORY","detail":"requires 2048 MiB memory; 1536 MiB remaining"}]}"#
        )
    );
    let back: RunTaskResponse = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(back, response);
}

#[test]
fn empty_response_keeps_both_arrays() {
    assert_eq!(
        serde_json::to_value(RunTaskResponse::default()).ok(),
        Some(json!({"tasks": [], "failures": []}))
    );
}
