//! An [`Outcome`] rendered as the `RunTask` response (spec §1.3).
//!
//! Shared by the fast and the reference engine, so the response cannot make them disagree:
//! equal outcomes render to equal bytes.

use ecs_place_model::{Container, Failure, RunTaskResponse, Task};

use crate::outcome::{Outcome, TaskDecision, TaskStatus};
use crate::plan::Plan;
use crate::rng;

/// The ARN of the task at `position` (docs/DECISIONS.md): `arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID`.
pub fn task_arn(plan: &Plan, position: u32) -> String {
    let cluster = &plan.cluster;
    let mut arn = String::with_capacity(
        "arn:aws:ecs:::task//".len()
            + cluster.region.len()
            + cluster.account.len()
            + cluster.name.len()
            + 32,
    );
    for part in [
        "arn:aws:ecs:",
        &cluster.region,
        ":",
        &cluster.account,
        ":task/",
        &cluster.name,
        "/",
    ] {
        arn.push_str(part);
    }
    rng::push_task_id(&mut arn, plan.seed, position);
    arn
}

/// The response for `outcome` (tasks in placement order, failures in instance order).
pub fn response(plan: &Plan, outcome: &Outcome) -> RunTaskResponse {
    RunTaskResponse {
        tasks: outcome.tasks.iter().map(|t| task(plan, t)).collect(),
        failures: outcome
            .failures
            .iter()
            .map(|f| Failure {
                arn: Some(f.arn.clone()),
                reason: Some(f.reason.code().to_owned()),
                detail: Some(f.detail.clone()),
            })
            .collect(),
    }
}

/// One task of the response.
pub fn task(plan: &Plan, decision: &TaskDecision) -> Task {
    let arn = task_arn(plan, decision.position);
    let echo = &plan.echo;
    let containers = echo
        .containers
        .iter()
        .enumerate()
        .map(|(at, container)| {
            let ids = decision.gpu_ids.get(at).filter(|ids| !ids.is_empty());
            Container {
                container_arn: None,
                task_arn: Some(arn.clone()),
                name: Some(container.name.clone()),
                last_status: Some("PENDING".to_owned()),
                gpu_ids: ids.cloned(),
            }
        })
        .collect();
    let fargate = decision.launch_type == crate::outcome::LaunchKind::Fargate;
    Task {
        task_arn: Some(arn),
        cluster_arn: Some(plan.cluster.arn.clone()),
        task_definition_arn: Some(plan.task_definition.arn.clone()),
        container_instance_arn: decision.container_instance_arn.clone(),
        capacity_provider_name: decision.capacity_provider.clone(),
        launch_type: Some(decision.launch_type.as_str().to_owned()),
        availability_zone: decision.availability_zone.clone(),
        group: Some(plan.group.clone()),
        started_by: echo.started_by.clone(),
        // Always present, as ECS prints them: `[]` and `{}` when the request gave none.
        tags: Some(echo.tags.clone()),
        cpu: Some(echo.cpu.clone()),
        memory: Some(echo.memory.clone()),
        overrides: Some(echo.overrides.clone().unwrap_or_default()),
        containers: Some(containers),
        desired_status: Some("RUNNING".to_owned()),
        last_status: Some(
            match decision.status {
                TaskStatus::Pending => "PENDING",
                TaskStatus::Provisioning => "PROVISIONING",
            }
            .to_owned(),
        ),
        enable_execute_command: Some(echo.enable_execute_command),
        platform_version: if fargate {
            echo.platform_version.clone()
        } else {
            None
        },
        version: Some(1),
    }
}
