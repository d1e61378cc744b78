//! Resolution: a request and a snapshot become a [`Plan`] (spec §2 steps 1–3).
//!
//! [`resolve`] runs the checks in the order of spec §11 — the request alone
//! ([`validate_request`]), the cluster, the launch target (which needs only the cluster), the
//! task definition, the rules that depend on it, the task's requirements — and finally, for
//! launch type `EC2`/`EXTERNAL`, that at least one `ACTIVE` instance of that kind exists. The
//! first broken rule is the error.

mod cluster;
mod requirements;
mod target;
mod task_definition;

use ecs_place_model::ApiError;
use ecs_place_model::request::{RunTaskRequest, Tag};
use ecs_place_model::snapshot::{ClusterState, TaskDefinition};

use self::cluster::{cluster_ref, resolve_cluster};
use self::requirements::{network_mode, requirements};
use self::target::{is_fargate, launch_types, resolve_target};
use self::task_definition::resolve_task_definition;
use crate::plan::{
    Constraint, ConstraintSource, Echo, LaunchType, MemberOf, Plan, Target, TaskDefinitionRef,
};
use crate::validate::{
    RequestConstraint, TaskDefinitionContext, ValidRequest, check_expression,
    check_with_task_definition, validate_request,
};

/// Knobs of resolution.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResolveOptions {
    /// The seed of every random choice; default: FNV-1a 64 of a non-empty `clientToken`,
    /// else 0.
    pub seed: Option<u64>,
}

/// The message ECS gives when a launch type has no instance to use.
const NO_INSTANCES: &str = "No Container Instances were found in your cluster.";
/// The `platformVersion` of Fargate tasks when the request names none.
const DEFAULT_PLATFORM_VERSION: &str = "LATEST";

/// Validates `request` against `state` and resolves everything placement needs.
///
/// `state` should have passed [`ClusterState::check`] (as
/// [`parse_cluster_state`](ecs_place_model::parse_cluster_state) does); on a state that did
/// not, resolution still never panics.
pub fn resolve(
    request: &RunTaskRequest,
    state: &ClusterState,
    options: &ResolveOptions,
) -> Result<Plan, ApiError> {
    let valid = validate_request(request)?;
    let cluster = resolve_cluster(request.cluster.as_deref(), state)?;
    let target = resolve_target(&valid, cluster, state)?;
    let definition = resolve_task_definition(&valid.task_definition, state)?;
    let network_mode = network_mode(definition);
    let fargate = is_fargate(&target);
    check_with_task_definition(&TaskDefinitionContext {
        request,
        valid: &valid,
        definition,
        network_mode,
        fargate,
        launch_types: &launch_types(&target),
    })?;
    let constraints = merge_constraints(definition, &valid)?;
    let (requirements, containers) = requirements(
        definition,
        request.overrides.as_ref(),
        valid.task_sizes,
        network_mode,
    )?;
    check_instances_exist(&target, state)?;
    let echo = Echo {
        started_by: request.started_by.clone(),
        tags: tags(request, definition, &valid),
        overrides: request.overrides.clone(),
        enable_execute_command: request.enable_execute_command.unwrap_or(false),
        platform_version: fargate.then(|| {
            request
                .platform_version
                .clone()
                .unwrap_or_else(|| DEFAULT_PLATFORM_VERSION.to_owned())
        }),
        containers,
        cpu: requirements.cpu.to_string(),
        memory: requirements.memory.to_string(),
        subnets: request
            .network_configuration
            .as_ref()
            .and_then(|n| n.awsvpc_configuration.as_ref())
            .and_then(|a| a.subnets.clone())
            .unwrap_or_default(),
    };
    Ok(Plan {
        cluster: cluster_ref(cluster),
        task_definition: TaskDefinitionRef {
            arn: definition.task_definition_arn.clone(),
            family: definition.family.clone(),
            revision: definition.revision,
        },
        // An empty group is an absent one (docs/DECISIONS.md, spec §5).
        group: request
            .group
            .clone()
            .filter(|group| !group.is_empty())
            .unwrap_or_else(|| format!("family:{}", definition.family)),
        count: valid.count,
        requirements,
        constraints,
        strategies: valid.strategies,
        target,
        seed: crate::seed::seed(options.seed, request.client_token.as_deref()),
        echo,
    })
}

/// The task definition's `memberOf` constraints, then the request's, numbered from 1.
fn merge_constraints(
    definition: &TaskDefinition,
    valid: &ValidRequest,
) -> Result<Vec<Constraint>, ApiError> {
    let mut merged =
        Vec::with_capacity(definition.placement_constraints.len() + valid.constraints.len());
    for (index, constraint) in definition.placement_constraints.iter().enumerate() {
        let expression = constraint.expression.as_deref().unwrap_or_default();
        let field = format!(
            "task definition `{}` placementConstraints[{index}].expression",
            definition.family_revision()
        );
        let parsed = check_expression(&field, expression)?;
        merged.push(Constraint::MemberOf(MemberOf {
            position: merged.len() + 1,
            source: ConstraintSource::TaskDefinition,
            expression: expression.to_owned(),
            parsed,
        }));
    }
    for constraint in &valid.constraints {
        merged.push(match constraint {
            RequestConstraint::MemberOf { expression, parsed } => Constraint::MemberOf(MemberOf {
                position: merged.len() + 1,
                source: ConstraintSource::Request,
                expression: expression.clone(),
                parsed: parsed.clone(),
            }),
            RequestConstraint::DistinctInstance => Constraint::DistinctInstance,
        });
    }
    Ok(merged)
}

/// The request's tags and, with `propagateTags` `TASK_DEFINITION`, the task definition's
/// tags whose keys the request does not use, in ascending key order: tags are a set
/// (spec §8.2), so the order they were given in must not show in the response.
fn tags(request: &RunTaskRequest, definition: &TaskDefinition, valid: &ValidRequest) -> Vec<Tag> {
    let mut tags = request.tags.clone().unwrap_or_default();
    if valid.propagate_task_definition_tags {
        let inherited: Vec<Tag> = definition
            .tags
            .iter()
            .filter(|tag| !tags.iter().any(|t| t.key == tag.key))
            .cloned()
            .collect();
        tags.extend(inherited);
    }
    tags.sort_by(|a, b| (&a.key, &a.value).cmp(&(&b.key, &b.value)));
    // Request keys are unique (spec §9); a task definition repeating a key keeps its
    // smallest value, whatever the order of its array.
    tags.dedup_by(|later, earlier| later.key == earlier.key);
    tags
}

/// Launch type `EC2` or `EXTERNAL` needs at least one `ACTIVE` instance of its kind
/// (external instances carry `ecs.capability.external`, spec §11).
fn check_instances_exist(target: &Target, state: &ClusterState) -> Result<(), ApiError> {
    let external = match target {
        Target::LaunchType {
            launch_type: LaunchType::Ec2,
            ..
        } => false,
        Target::LaunchType {
            launch_type: LaunchType::External,
            ..
        } => true,
        _ => return Ok(()),
    };
    let found = state
        .container_instances
        .iter()
        .any(|i| i.status == "ACTIVE" && i.is_external() == external);
    if found {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(NO_INSTANCES))
    }
}
