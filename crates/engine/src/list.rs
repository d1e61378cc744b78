//! `ListContainerInstances --filter` (spec §3.4).

use ecs_place_model::{ApiError, ClusterState};

use crate::facts::{SnapshotFacts, counted_groups};

/// The statuses `--status` accepts, exactly as ECS spells them.
pub const INSTANCE_STATUSES: [&str; 6] = [
    "ACTIVE",
    "DRAINING",
    "REGISTERING",
    "DEREGISTERING",
    "REGISTRATION_FAILED",
    "INACTIVE",
];

/// The ARNs of the instances that match `filter` (a cluster query expression), in ARN order.
///
/// With `status` only instances of that status are listed; without it every status except
/// `INACTIVE`. A bad expression or status is an `InvalidParameterException`.
///
/// ```
/// # let state: ecs_place_model::ClusterState = serde_json::from_str(r#"{
/// #   "clusters": [{"clusterName": "demo", "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/demo"}],
/// #   "containerInstances": [
/// #     {"containerInstanceArn": "arn:b", "status": "ACTIVE",
/// #      "attributes": [{"name": "stack", "value": "prod"}]},
/// #     {"containerInstanceArn": "arn:a", "status": "ACTIVE",
/// #      "attributes": [{"name": "stack", "value": "dev"}]}]}"#).unwrap();
/// let arns = ecs_place::list_container_instances(&state, Some("attribute:stack == prod"), None)?;
/// assert_eq!(arns, ["arn:b"]);
/// # Ok::<(), ecs_place_model::ApiError>(())
/// ```
pub fn list_container_instances(
    state: &ClusterState,
    filter: Option<&str>,
    status: Option<&str>,
) -> Result<Vec<String>, ApiError> {
    if let Some(status) = status
        && !INSTANCE_STATUSES.contains(&status)
    {
        return Err(ApiError::invalid_parameter(format!(
            "status must be one of {}, got `{status}`",
            INSTANCE_STATUSES.join(", ")
        )));
    }
    let expression = filter
        .map(|text| {
            ecs_place_cql::parse(text)
                .map_err(|error| ApiError::invalid_parameter(format!("filter: {error}")))
        })
        .transpose()?;
    let groups = counted_groups(state);
    let mut arns: Vec<String> = state
        .container_instances
        .iter()
        .filter(|instance| match status {
            Some(wanted) => instance.status == wanted,
            None => instance.status != "INACTIVE",
        })
        .filter(|instance| {
            expression.as_ref().is_none_or(|expression| {
                let arn = instance.container_instance_arn.as_str();
                let own = groups.get(arn).map_or(&[][..], Vec::as_slice);
                ecs_place_cql::evaluate(expression, &SnapshotFacts::new(instance, own))
            })
        })
        .map(|instance| instance.container_instance_arn.clone())
        .collect();
    arns.sort_unstable();
    Ok(arns)
}

#[cfg(test)]
mod tests {
    use ecs_place_model::ErrorKind;
    use serde_json::json;

    use super::*;

    /// Instances listed out of ARN order, one per status plus a second `ACTIVE` one, and
    /// tasks of which only the `RUNNING` ones on known instances count (spec §5).
    fn state() -> ClusterState {
        let instance = |arn: &str, status: &str| json!({"containerInstanceArn": arn, "status": status, "ec2InstanceId": format!("i-{arn}")});
        serde_json::from_value(json!({
            "clusters": [{"clusterName": "c", "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/c"}],
            "containerInstances": [
                instance("arn:f", "REGISTRATION_FAILED"),
                instance("arn:B", "ACTIVE"),
                instance("arn:e", "INACTIVE"),
                instance("arn:d", "DEREGISTERING"),
                instance("arn:c", "REGISTERING"),
                instance("arn:b", "DRAINING"),
                instance("arn:a", "ACTIVE"),
                instance("arn:a2", "ACTIVE"),
            ],
            "tasks": [
                {"taskArn": "t1", "containerInstanceArn": "arn:a", "group": "web", "desiredStatus": "RUNNING"},
                {"taskArn": "t2", "containerInstanceArn": "arn:a", "group": "db", "desiredStatus": "STOPPED"},
                {"taskArn": "t3", "containerInstanceArn": "arn:B", "group": "db", "desiredStatus": "RUNNING"},
                {"taskArn": "t4", "containerInstanceArn": "arn:B", "group": "db", "desiredStatus": "RUNNING"},
                {"taskArn": "t5", "containerInstanceArn": "arn:zz", "group": "web", "desiredStatus": "RUNNING"},
            ],
        }))
        .unwrap()
    }

    fn list(filter: Option<&str>, status: Option<&str>) -> Vec<String> {
        list_container_instances(&state(), filter, status)
            .unwrap_or_else(|error| panic!("{filter:?} {status:?}: {error}"))
    }

    #[test]
    fn without_status_every_status_but_inactive_in_arn_byte_order() {
        assert_eq!(
            list(None, None),
            [
                "arn:B", "arn:a", "arn:a2", "arn:b", "arn:c", "arn:d", "arn:f"
            ]
        );
        assert_eq!(
            list(Some("ec2InstanceId =~ 'i-.*'"), None),
            list(None, None)
        );
    }

    #[test]
    fn status_lists_only_that_status() {
        assert_eq!(list(None, Some("ACTIVE")), ["arn:B", "arn:a", "arn:a2"]);
        assert_eq!(list(None, Some("DRAINING")), ["arn:b"]);
        assert_eq!(list(None, Some("REGISTERING")), ["arn:c"]);
        assert_eq!(list(None, Some("DEREGISTERING")), ["arn:d"]);
        assert_eq!(list(None, Some("REGISTRATION_FAILED")), ["arn:f"]);
        assert_eq!(list(None, Some("INACTIVE")), ["arn:e"]);
        assert_eq!(
            list(Some("ec2InstanceId == i-arn:e"), Some("INACTIVE")),
            ["arn:e"]
        );
        assert!(list(Some("ec2InstanceId == i-arn:e"), None).is_empty());
    }

    #[test]
    fn any_other_status_is_an_invalid_parameter() {
        for status in ["active", "Active", "ACTIVE ", "", "STOPPED", "ALL"] {
            let error = list_container_instances(&state(), None, Some(status)).unwrap_err();
            assert_eq!(
                error.kind(),
                ErrorKind::InvalidParameterException,
                "{status}"
            );
            assert!(error.message().contains(&format!("`{status}`")), "{error}");
        }
    }

    #[test]
    fn a_bad_filter_is_an_invalid_parameter_with_its_byte_offset() {
        for (filter, at) in [
            ("", 0),
            ("  ", 0),
            ("attribute:é == a b", 18),
            ("agentVersion < v1.2", 15),
        ] {
            let error = list_container_instances(&state(), Some(filter), None).unwrap_err();
            assert_eq!(
                error.kind(),
                ErrorKind::InvalidParameterException,
                "{filter}"
            );
            assert!(
                error.message().contains(&format!("at byte {at}: ")),
                "{filter}: {error}"
            );
        }
    }

    #[test]
    fn task_group_and_running_tasks_count_see_the_counted_tasks() {
        assert_eq!(list(Some("task:group == web"), None), ["arn:a"]);
        assert_eq!(list(Some("task:group == db"), None), ["arn:B"]);
        assert_eq!(list(Some("task:group exists"), None), ["arn:B", "arn:a"]);
        assert_eq!(
            list(Some("not(task:group == db)"), Some("ACTIVE")),
            ["arn:a", "arn:a2"]
        );
        assert_eq!(list(Some("runningTasksCount == 2"), None), ["arn:B"]);
        assert_eq!(list(Some("runningTasksCount == 1"), None), ["arn:a"]);
        assert_eq!(
            list(Some("runningTasksCount == 0"), Some("ACTIVE")),
            ["arn:a2"]
        );
    }
}
