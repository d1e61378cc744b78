//! Request validation (spec §9, §7.1–7.2, §11).
//!
//! [`validate_request`] checks every rule that needs nothing but the request and returns the
//! checked values in typed form ([`ValidRequest`]); the rules that need the cluster or the task
//! definition run during resolution (`crate::resolve`), in the order of spec §11. Every
//! broken rule is an `InvalidParameterException` whose message names the field and the rule.

mod bounds;
mod dependent;
mod ebs;
mod expression;
mod fargate;
mod network;
mod overrides;
mod placement;
mod tags;

use ecs_place_model::ApiError;
use ecs_place_model::request::RunTaskRequest;

use self::bounds::{check_chars, check_one_of, invalid, range_u32};
use crate::plan::{LaunchType, Strategy};

pub(crate) use self::dependent::{TaskDefinitionContext, check_with_task_definition};
pub use self::expression::check_expression;
pub use self::overrides::TaskSizes;
pub(crate) use self::placement::capacity_provider_strategy;
pub use self::placement::{RequestConstraint, StrategyItem};

const MAX_COUNT: u32 = 10;
const MAX_GROUP_CHARS: usize = 255;
const MAX_STARTED_BY_CHARS: usize = 128;
const MAX_CLIENT_TOKEN_CHARS: usize = 64;

/// The request's values after the request-only rules, in typed form.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRequest {
    /// `taskDefinition` (family, `family:revision` or ARN).
    pub task_definition: String,
    /// `count` (default 1).
    pub count: u32,
    /// `launchType`, when given.
    pub launch_type: Option<LaunchType>,
    /// `capacityProviderStrategy`, when given with at least one item.
    pub capacity_provider_strategy: Option<Vec<StrategyItem>>,
    /// `placementConstraints`, in order.
    pub constraints: Vec<RequestConstraint>,
    /// `placementStrategy`, in order.
    pub strategies: Vec<Strategy>,
    /// `propagateTags` is `TASK_DEFINITION`.
    pub propagate_task_definition_tags: bool,
    /// `overrides.cpu` and `overrides.memory`.
    pub task_sizes: TaskSizes,
}

/// Checks the rules of spec §9 and §7.1–7.2 that need only the request, in this order:
/// `taskDefinition`, `count`, `launchType`, `capacityProviderStrategy`,
/// `placementConstraints` (with CQL syntax), `placementStrategy`, `group`, `startedBy`,
/// `clientToken`, `tags`, `propagateTags`, `overrides`, `networkConfiguration`,
/// `volumeConfigurations`, then the rules a `launchType` given in the request decides (no
/// constraints or strategies on Fargate, ephemeral storage only on Fargate, the EC2 task
/// `cpu` range). The first broken rule is the error.
pub fn validate_request(request: &RunTaskRequest) -> Result<ValidRequest, ApiError> {
    let task_definition = request
        .task_definition
        .as_deref()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| invalid("taskDefinition is required"))?;
    let count = range_u32("count", request.count.unwrap_or(1), 1, MAX_COUNT)?;
    let launch_type = request
        .launch_type
        .as_deref()
        .map(launch_type)
        .transpose()?;
    let strategy = request
        .capacity_provider_strategy
        .as_deref()
        .filter(|items| !items.is_empty());
    if let (Some(launch_type), Some(_)) = (launch_type, strategy) {
        return Err(invalid(format!(
            "launchType `{}` and capacityProviderStrategy cannot both be given",
            launch_type.as_str()
        )));
    }
    let capacity_provider_strategy = strategy
        .map(|items| capacity_provider_strategy("capacityProviderStrategy", items))
        .transpose()?;
    let constraints =
        placement::constraints(request.placement_constraints.as_deref().unwrap_or_default())?;
    let strategies =
        placement::strategies(request.placement_strategy.as_deref().unwrap_or_default())?;
    if let Some(group) = request.group.as_deref() {
        check_chars("group", group, 0, MAX_GROUP_CHARS)?;
    }
    if let Some(started_by) = request.started_by.as_deref() {
        check_started_by(started_by)?;
    }
    if let Some(token) = request.client_token.as_deref() {
        check_client_token(token)?;
    }
    tags::tags(request.tags.as_deref().unwrap_or_default())?;
    let propagate_task_definition_tags = match request.propagate_tags.as_deref() {
        Some("SERVICE") => {
            return Err(invalid(
                "propagateTags `SERVICE` is only valid for services, not for RunTask",
            ));
        }
        Some(value) => {
            check_one_of("propagateTags", value, &["TASK_DEFINITION", "NONE"])?;
            value == "TASK_DEFINITION"
        }
        None => false,
    };
    let task_sizes = request
        .overrides
        .as_ref()
        .map(overrides::overrides)
        .transpose()?
        .unwrap_or_default();
    if let Some(config) = request
        .network_configuration
        .as_ref()
        .and_then(|n| n.awsvpc_configuration.as_ref())
    {
        network::awsvpc_configuration(config)?;
    }
    ebs::volume_configurations(request.volume_configurations.as_deref().unwrap_or_default())?;
    if let Some(launch_type) = launch_type {
        launch_type_rules(launch_type, request, &constraints, &strategies, task_sizes)?;
    }
    Ok(ValidRequest {
        task_definition: task_definition.to_owned(),
        count,
        launch_type,
        capacity_provider_strategy,
        constraints,
        strategies,
        propagate_task_definition_tags,
        task_sizes,
    })
}

/// The rules a launch type given in the request decides without the cluster or the task
/// definition (spec §11: they come first): no constraints or strategies on Fargate (§7.4),
/// ephemeral storage only on Fargate and the EC2 task `cpu` range otherwise (§9). Resolution
/// checks them again for a target taken from the cluster.
fn launch_type_rules(
    launch_type: LaunchType,
    request: &RunTaskRequest,
    constraints: &[RequestConstraint],
    strategies: &[Strategy],
    task_sizes: TaskSizes,
) -> Result<(), ApiError> {
    if launch_type == LaunchType::Fargate {
        return no_placement_on_fargate(constraints, strategies);
    }
    dependent::not_fargate(request, task_sizes)
}

/// Fargate takes no placement constraints and no placement strategies (spec §7.4).
pub(crate) fn no_placement_on_fargate(
    constraints: &[RequestConstraint],
    strategies: &[Strategy],
) -> Result<(), ApiError> {
    if !constraints.is_empty() {
        return Err(invalid(
            "placementConstraints are not supported for Fargate tasks",
        ));
    }
    if !strategies.is_empty() {
        return Err(invalid(
            "placementStrategy is not supported for Fargate tasks",
        ));
    }
    Ok(())
}

fn launch_type(value: &str) -> Result<LaunchType, ApiError> {
    match value {
        "EC2" => Ok(LaunchType::Ec2),
        "EXTERNAL" => Ok(LaunchType::External),
        "FARGATE" => Ok(LaunchType::Fargate),
        "MANAGED_INSTANCES" => Err(invalid(
            "launchType `MANAGED_INSTANCES` is only available through a capacityProviderStrategy",
        )),
        other => Err(invalid(format!(
            "launchType must be one of `EC2`, `FARGATE`, `EXTERNAL`, got `{other}`"
        ))),
    }
}

/// At most 128 characters of ASCII letters, digits, `-`, `/` and `_`.
fn check_started_by(value: &str) -> Result<(), ApiError> {
    check_chars("startedBy", value, 0, MAX_STARTED_BY_CHARS)?;
    match value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '_')))
    {
        Some(c) => Err(invalid(format!(
            "startedBy may contain only letters, digits, `-`, `/` and `_`, got `{c}`"
        ))),
        None => Ok(()),
    }
}

/// At most 64 characters, each ASCII 33–126.
fn check_client_token(value: &str) -> Result<(), ApiError> {
    check_chars("clientToken", value, 0, MAX_CLIENT_TOKEN_CHARS)?;
    match value.chars().find(|c| !('!'..='~').contains(c)) {
        Some(c) => Err(invalid(format!(
            "clientToken may contain only ASCII characters 33 to 126, got {:?}",
            c
        ))),
        None => Ok(()),
    }
}
