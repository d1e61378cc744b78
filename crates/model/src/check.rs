//! Snapshot consistency: what serde cannot express and the engine relies on (spec §1.2, §11).
//!
//! Decisions where the spec is silent:
//! - `CPU` and `MEMORY` (registered and remaining) must be whole numbers in `0..=u32::MAX`, of
//!   any numeric type (`DOUBLE` `1024.0` is fine); they are required in `remainingResources`.
//! - A remaining `CPU`/`MEMORY` above the registered one is rejected, as are remaining `GPU` ids
//!   that were never registered (when the registered list has a `GPU` entry).
//! - Two resources of one name in one list, and one GPU id listed twice, are rejected.
//! - Task definitions: two with one ARN or one `family:revision`, two containers of one name,
//!   a task-level `cpu`/`memory` that is not a whole number, no container at all, a
//!   `networkMode` other than `bridge`/`host`/`awsvpc`/`none`, and a placement constraint
//!   that is not `memberOf` with a non-empty expression are rejected. Two capacity providers of one name and two subnets of one id are rejected.

use std::collections::HashSet;

use crate::error::InputError;
use crate::resource::Resource;
use crate::snapshot::{ClusterState, ContainerInstance, TaskDefinition};

/// Resources read as whole units.
const UNIT_RESOURCES: [&str; 2] = ["CPU", "MEMORY"];
/// The network modes a task definition may have.
const NETWORK_MODES: [&str; 4] = ["bridge", "host", "awsvpc", "none"];
/// Resources read as port numbers.
const PORT_RESOURCES: [&str; 2] = ["PORTS", "PORTS_UDP"];

impl ClusterState {
    /// Rejects a snapshot the engine cannot use, naming the entity and the field.
    /// [`parse_cluster_state`](crate::parse_cluster_state) runs it; call it yourself on a state
    /// built in code.
    pub fn check(&self) -> Result<(), InputError> {
        if self.clusters.len() != 1 {
            return Err(InputError::new(format!(
                "the snapshot must describe exactly one cluster, found {}",
                self.clusters.len()
            ))
            .with_path("clusters"));
        }
        unique(
            self.capacity_providers.iter().map(|p| p.name.as_str()),
            "capacityProviders",
            "capacity provider",
        )?;
        unique(
            self.subnets.iter().map(|s| s.subnet_id.as_str()),
            "subnets",
            "subnet",
        )?;
        unique(
            self.container_instances
                .iter()
                .map(|i| i.container_instance_arn.as_str()),
            "containerInstances",
            "container instance",
        )?;
        for (index, instance) in self.container_instances.iter().enumerate() {
            check_instance(instance)
                .map_err(|e| e.with_path(format!("containerInstances[{index}]")))?;
        }
        unique(
            self.task_definitions
                .iter()
                .map(|t| t.task_definition_arn.as_str()),
            "taskDefinitions",
            "task definition",
        )?;
        let family_revisions: Vec<String> = self
            .task_definitions
            .iter()
            .map(TaskDefinition::family_revision)
            .collect();
        unique(
            family_revisions.iter().map(String::as_str),
            "taskDefinitions",
            "task definition revision",
        )?;
        for (index, definition) in self.task_definitions.iter().enumerate() {
            check_task_definition(definition)
                .map_err(|e| e.with_path(format!("taskDefinitions[{index}]")))?;
        }
        Ok(())
    }
}

/// Fails on the first value seen twice.
fn unique<'a>(
    values: impl IntoIterator<Item = &'a str>,
    path: &str,
    what: &str,
) -> Result<(), InputError> {
    let mut seen = HashSet::new();
    for value in values {
        if !seen.insert(value) {
            return Err(InputError::new(format!("{what} `{value}` appears twice")).with_path(path));
        }
    }
    Ok(())
}

fn check_instance(instance: &ContainerInstance) -> Result<(), InputError> {
    let arn = &instance.container_instance_arn;
    let fail = |message: String| InputError::new(format!("container instance `{arn}`: {message}"));
    let mut names = HashSet::new();
    for attribute in &instance.attributes {
        if !names.insert(&*attribute.name) {
            return Err(fail(format!(
                "attributes: `{}` appears twice",
                attribute.name
            )));
        }
    }
    check_resources(&instance.registered_resources, "registeredResources").map_err(&fail)?;
    check_resources(&instance.remaining_resources, "remainingResources").map_err(&fail)?;
    for name in UNIT_RESOURCES {
        let remaining = instance
            .remaining(name)
            .ok_or_else(|| fail(format!("remainingResources has no `{name}` entry")))?
            .units()
            .map_err(&fail)?;
        if let Some(registered) = instance.registered(name) {
            let registered = registered.units().map_err(&fail)?;
            if remaining > registered {
                return Err(fail(format!(
                    "remainingResources `{name}` {remaining} is above registeredResources `{name}` {registered}"
                )));
            }
        }
    }
    if let (Some(remaining), Some(registered)) =
        (instance.remaining("GPU"), instance.registered("GPU"))
    {
        let registered: HashSet<&String> = registered.strings().iter().collect();
        if let Some(id) = remaining
            .strings()
            .iter()
            .find(|id| !registered.contains(id))
        {
            return Err(fail(format!(
                "remainingResources `GPU` id `{id}` is not in registeredResources `GPU`"
            )));
        }
    }
    Ok(())
}

/// One resource list: unique names, readable CPU/MEMORY, decimal ports, unique GPU ids.
fn check_resources(resources: &[Resource], field: &str) -> Result<(), String> {
    let mut names = HashSet::new();
    for resource in resources {
        let name = resource.name.as_str();
        if !names.insert(name) {
            return Err(format!("{field}: `{name}` appears twice"));
        }
        if UNIT_RESOURCES.contains(&name) {
            resource
                .units()
                .map_err(|why| format!("{field} `{name}`: {why}"))?;
        }
        if PORT_RESOURCES.contains(&name) {
            resource
                .ports()
                .map_err(|why| format!("{field} `{name}`: {why}"))?;
        }
        if name == "GPU" {
            let mut ids = HashSet::new();
            if let Some(id) = resource.strings().iter().find(|id| !ids.insert(*id)) {
                return Err(format!("{field} `GPU`: id `{id}` appears twice"));
            }
        }
    }
    Ok(())
}

fn check_task_definition(definition: &TaskDefinition) -> Result<(), InputError> {
    let arn = &definition.task_definition_arn;
    let fail = |message: String| InputError::new(format!("task definition `{arn}`: {message}"));
    for (field, value) in [("cpu", &definition.cpu), ("memory", &definition.memory)] {
        if let Some(text) = value
            && text.trim().parse::<u32>().is_err()
        {
            return Err(fail(format!(
                "{field} `{text}` is not a whole number of {}",
                if field == "cpu" { "CPU units" } else { "MiB" }
            )));
        }
    }
    if let Some(mode) = definition.network_mode.as_deref()
        && !NETWORK_MODES.contains(&mode)
    {
        return Err(fail(format!(
            "networkMode `{mode}` is not one of bridge, host, awsvpc, none"
        )));
    }
    for (index, constraint) in definition.placement_constraints.iter().enumerate() {
        let is_member_of = constraint.kind.as_deref() == Some("memberOf");
        let has_expression = constraint
            .expression
            .as_deref()
            .is_some_and(|e| !e.is_empty());
        if !(is_member_of && has_expression) {
            return Err(fail(format!(
                "placementConstraints[{index}] must be of type memberOf with an expression"
            )));
        }
    }
    if definition.container_definitions.is_empty() {
        return Err(fail("containerDefinitions is empty".to_owned()));
    }
    let mut names = HashSet::new();
    for container in &definition.container_definitions {
        if !names.insert(container.name.as_str()) {
            return Err(fail(format!(
                "containerDefinitions: container `{}` appears twice",
                container.name
            )));
        }
    }
    Ok(())
}
