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
