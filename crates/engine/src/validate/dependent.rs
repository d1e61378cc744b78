//! The rules that depend on the task definition (spec §11, last group), in this order:
//! launch-type compatibility, network mode and `awsvpcConfiguration`, the Fargate rules
//! (§7.4: `awsvpc`, no `memberOf` in the task definition, task sizes), ephemeral storage
//! (Fargate only) and the EC2 task `cpu` range, container names in overrides, the merged
//! constraint count, volume configurations.

use std::collections::HashSet;

use ecs_place_model::ApiError;
use ecs_place_model::request::RunTaskRequest;
use ecs_place_model::snapshot::TaskDefinition;

use super::ValidRequest;
use super::bounds::{check_range, invalid};
use super::fargate::check_task_size;
use super::overrides::TaskSizes;
use super::placement::MAX_CONSTRAINTS;
use crate::plan::NetworkMode;

/// EC2 task-level `cpu` bounds (spec §9), for a value given in the request.
const EC2_TASK_CPU: (i64, i64) = (128, 196_608);

/// What the task-definition rules look at.
pub(crate) struct TaskDefinitionContext<'a> {
    pub(crate) request: &'a RunTaskRequest,
    pub(crate) valid: &'a ValidRequest,
    pub(crate) definition: &'a TaskDefinition,
    pub(crate) network_mode: NetworkMode,
    /// The target runs Fargate tasks.
    pub(crate) fargate: bool,
    /// The launch types the target's tasks get (`EC2`, `EXTERNAL`, `FARGATE`,
    /// `MANAGED_INSTANCES`), for the compatibility check.
    pub(crate) launch_types: &'a [&'static str],
}

pub(crate) fn check_with_task_definition(
    context: &TaskDefinitionContext<'_>,
) -> Result<(), ApiError> {
    compatibilities(context)?;
    network(context)?;
    if context.fargate {
        fargate(context)?;
    } else {
        not_fargate(context.request, context.valid.task_sizes)?;
    }
    container_names(context)?;
    constraint_count(context)?;
    volumes(context)
}

fn definition_name(definition: &TaskDefinition) -> String {
    definition.family_revision()
}

/// The task definition's `compatibilities` (what ECS computed), else its
/// `requiresCompatibilities`, must include every launch type of the target; an empty list
/// allows everything.
fn compatibilities(context: &TaskDefinitionContext<'_>) -> Result<(), ApiError> {
    let definition = context.definition;
    let list = if definition.compatibilities.is_empty() {
        &definition.requires_compatibilities
    } else {
        &definition.compatibilities
    };
    if list.is_empty() {
        return Ok(());
    }
    match context
        .launch_types
        .iter()
        .find(|launch_type| !list.iter().any(|c| c == *launch_type))
    {
        Some(launch_type) => Err(invalid(format!(
            "task definition `{}` does not support launch type {launch_type} (compatible with {})",
            definition_name(definition),
            list.join(", ")
        ))),
        None => Ok(()),
    }
}

fn network(context: &TaskDefinitionContext<'_>) -> Result<(), ApiError> {
    let given = context
        .request
        .network_configuration
        .as_ref()
        .and_then(|n| n.awsvpc_configuration.as_ref())
        .is_some();
    let mode = context.network_mode;
    match (mode, given) {
        (NetworkMode::Awsvpc, false) => Err(invalid(format!(
            "networkConfiguration.awsvpcConfiguration is required: task definition `{}` uses network mode awsvpc",
            definition_name(context.definition)
        ))),
        (NetworkMode::Awsvpc, true) | (_, false) => Ok(()),
        (_, true) => Err(invalid(format!(
            "networkConfiguration.awsvpcConfiguration is only supported for network mode awsvpc; task definition `{}` uses {}",
            definition_name(context.definition),
            mode.as_str()
        ))),
    }
}

fn fargate(context: &TaskDefinitionContext<'_>) -> Result<(), ApiError> {
    let definition = context.definition;
    let name = definition_name(definition);
    if context.network_mode != NetworkMode::Awsvpc {
        return Err(invalid(format!(
            "Fargate tasks require network mode awsvpc; task definition `{name}` uses {}",
            context.network_mode.as_str()
        )));
    }
    if !definition.placement_constraints.is_empty() {
        return Err(invalid(format!(
            "task definition `{name}` has placement constraints, which Fargate does not support"
        )));
    }
    let sizes = context.valid.task_sizes;
    let cpu = sizes.cpu.or_else(|| definition.cpu_units());
    let memory = sizes.memory.or_else(|| definition.memory_mib());
    match (cpu, memory) {
        (Some(cpu), Some(memory)) => check_task_size(cpu, memory),
        _ => Err(invalid(format!(
            "Fargate tasks require task-level cpu and memory; neither task definition `{name}` nor overrides set both"
        ))),
    }
}

/// The request's rules for a task that does not run on Fargate: no ephemeral storage, and a
/// task-level `cpu` override within the EC2 range.
pub(crate) fn not_fargate(request: &RunTaskRequest, sizes: TaskSizes) -> Result<(), ApiError> {
    let overrides = request.overrides.as_ref();
    if overrides.is_some_and(|o| o.ephemeral_storage.is_some()) {
        return Err(invalid(
            "overrides.ephemeralStorage is only supported for Fargate tasks",
        ));
    }
    if let Some(cpu) = sizes.cpu {
        check_range(
            "overrides.cpu for an EC2 task",
            i64::from(cpu),
            EC2_TASK_CPU.0,
            EC2_TASK_CPU.1,
        )?;
    }
    Ok(())
}

/// A non-empty container override must name a container of the task definition.
fn container_names(context: &TaskDefinitionContext<'_>) -> Result<(), ApiError> {
    let names: HashSet<&str> = context
        .definition
        .container_definitions
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let overrides = context
        .request
        .overrides
        .as_ref()
        .and_then(|o| o.container_overrides.as_deref())
        .unwrap_or_default();
    for (index, container) in overrides.iter().enumerate() {
        if let Some(name) = container.name.as_deref()
            && !names.contains(name)
        {
            return Err(invalid(format!(
                "overrides.containerOverrides[{index}].name `{name}` is not a container of task definition `{}`",
                definition_name(context.definition)
            )));
        }
    }
    Ok(())
}

fn constraint_count(context: &TaskDefinitionContext<'_>) -> Result<(), ApiError> {
    let from_definition = context.definition.placement_constraints.len();
    let from_request = context.valid.constraints.len();
    if from_definition + from_request > MAX_CONSTRAINTS {
        return Err(invalid(format!(
            "placementConstraints must have at most {MAX_CONSTRAINTS} items including the task definition's, got {from_request} + {from_definition} from task definition `{}`",
            definition_name(context.definition)
        )));
    }
    Ok(())
}

/// Each volume configuration names a task-definition volume marked `configuredAtLaunch`.
fn volumes(context: &TaskDefinitionContext<'_>) -> Result<(), ApiError> {
    let configurable: HashSet<&str> = context
        .definition
        .volumes
        .iter()
        .filter(|v| v.configured_at_launch == Some(true))
        .filter_map(|v| v.name.as_deref())
        .collect();
    let configurations = context
        .request
        .volume_configurations
        .as_deref()
        .unwrap_or_default();
    for (index, volume) in configurations.iter().enumerate() {
        let name = volume.name.as_deref().unwrap_or_default();
        if !configurable.contains(name) {
            return Err(invalid(format!(
                "volumeConfigurations[{index}].name `{name}` is not a volume of task definition `{}` marked configuredAtLaunch",
                definition_name(context.definition)
            )));
        }
    }
    Ok(())
}
