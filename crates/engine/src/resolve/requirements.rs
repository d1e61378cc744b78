//! What one task needs from an instance (spec §10, §11), overrides applied.
//!
//! Decisions where the spec is silent: a container override's `resourceRequirements` replace
//! the container's list; a `memoryReservation` of 0 counts as unset; the `none` network mode
//! uses no host ports, like `awsvpc`; `containerPortRange` mappings reserve no fixed host
//! port; a container sum (CPU, memory) beyond `u32` is a `ClientException` (no instance can
//! have that much), a GPU sum beyond it saturates (such a task fits nowhere).

use std::collections::BTreeMap;

use ecs_place_model::ApiError;
use ecs_place_model::request::{ContainerOverride, ResourceRequirement, TaskOverride};
use ecs_place_model::snapshot::{ContainerDefinition, TaskDefinition};

use crate::plan::{ContainerEcho, NetworkMode, RequiredAttribute, Requirements};
use crate::validate::TaskSizes;

/// A container with its overrides applied.
struct Container<'a> {
    definition: &'a ContainerDefinition,
    cpu: u32,
    memory: Option<u32>,
    memory_reservation: Option<u32>,
    gpus: u32,
}

/// The task's requirements and its containers (name and GPU count, in order).
pub(crate) fn requirements(
    definition: &TaskDefinition,
    overrides: Option<&TaskOverride>,
    sizes: TaskSizes,
    network_mode: NetworkMode,
) -> Result<(Requirements, Vec<ContainerEcho>), ApiError> {
    let container_overrides = overrides
        .and_then(|o| o.container_overrides.as_deref())
        .unwrap_or_default();
    let containers = definition
        .container_definitions
        .iter()
        .map(|c| apply_override(definition, c, find_override(container_overrides, &c.name)))
        .collect::<Result<Vec<_>, _>>()?;
    let overridden = |field: fn(&ContainerOverride) -> bool| {
        definition
            .container_definitions
            .iter()
            .filter_map(|c| find_override(container_overrides, &c.name))
            .any(field)
    };
    let cpu = match sizes.cpu.or_else(|| definition.cpu_units()) {
        Some(cpu) => cpu,
        None => container_sum(
            definition,
            containers.iter().map(|c| c.cpu),
            "CPU units",
            "cpu",
            overridden(|o| o.cpu.is_some()),
        )?,
    };
    let memory = match sizes.memory.or_else(|| definition.memory_mib()) {
        Some(memory) => memory,
        None => container_sum(
            definition,
            containers
                .iter()
                .map(|c| c.memory_reservation.or(c.memory).unwrap_or(0)),
            "MiB memory",
            "memoryReservation, else memory",
            overridden(|o| o.memory.is_some() || o.memory_reservation.is_some()),
        )?,
    };
    let (tcp_ports, udp_ports) = host_ports(definition, network_mode)?;
    let requirements = Requirements {
        cpu,
        memory,
        tcp_ports,
        udp_ports,
        gpus: saturating_sum(containers.iter().map(|c| c.gpus)),
        network_mode,
        required_attributes: definition
            .requires_attributes
            .iter()
            .map(|a| RequiredAttribute {
                name: a.name.to_string(),
                value: a.value.as_deref().map(str::to_owned),
            })
            .collect(),
    };
    let echoes = containers
        .iter()
        .map(|c| ContainerEcho {
            name: c.definition.name.clone(),
            gpus: c.gpus,
        })
        .collect();
    Ok((requirements, echoes))
}

/// The network mode of a task definition; the snapshot check admits only these values.
pub(crate) fn network_mode(definition: &TaskDefinition) -> NetworkMode {
    match definition.network_mode.as_deref() {
        Some("host") => NetworkMode::Host,
        Some("awsvpc") => NetworkMode::Awsvpc,
        Some("none") => NetworkMode::None,
        _ => NetworkMode::Bridge,
    }
}

fn find_override<'a>(
    overrides: &'a [ContainerOverride],
    name: &str,
) -> Option<&'a ContainerOverride> {
    overrides.iter().find(|o| o.name.as_deref() == Some(name))
}

fn apply_override<'a>(
    task: &TaskDefinition,
    definition: &'a ContainerDefinition,
    over: Option<&ContainerOverride>,
) -> Result<Container<'a>, ApiError> {
    // Validation has checked the override sizes lie within u32.
    let size = |value: Option<i64>| value.and_then(|v| u32::try_from(v).ok());
    let cpu = over
        .and_then(|o| size(o.cpu))
        .or(definition.cpu)
        .unwrap_or(0);
    let memory = over.and_then(|o| size(o.memory)).or(definition.memory);
    let memory_reservation = over
        .and_then(|o| size(o.memory_reservation))
        .or(definition.memory_reservation)
        .filter(|m| *m > 0);
    let gpus = match over.and_then(|o| o.resource_requirements.as_deref()) {
        Some(requirements) => gpu_count(task, definition, requirements.iter().map(requirement_of))?,
        None => gpu_count(
            task,
            definition,
            definition
                .resource_requirements
                .iter()
                .map(|r| (r.kind.as_str(), r.value.as_deref())),
        )?,
    };
    Ok(Container {
        definition,
        cpu,
        memory,
        memory_reservation,
        gpus,
    })
}

fn requirement_of(requirement: &ResourceRequirement) -> (&str, Option<&str>) {
    (
        requirement.kind.as_deref().unwrap_or_default(),
        requirement.value.as_deref(),
    )
}

/// The sum of a container's `GPU` requirements; each value must be a positive whole number
/// (`ClientException` otherwise, spec §11).
fn gpu_count<'r>(
    task: &TaskDefinition,
    container: &ContainerDefinition,
    requirements: impl Iterator<Item = (&'r str, Option<&'r str>)>,
) -> Result<u32, ApiError> {
    let mut total: u32 = 0;
    for (kind, value) in requirements.filter(|(kind, _)| *kind == "GPU") {
        let count = value
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|v| *v > 0)
            .ok_or_else(|| {
                ApiError::client(format!(
                    "container `{}` of task definition `{}` has {kind} requirement `{}`; it must be a positive whole number",
                    container.name,
                    task.family_revision(),
                    value.unwrap_or_default()
                ))
            })?;
        total = total.saturating_add(count);
    }
    Ok(total)
}

fn saturating_sum(values: impl Iterator<Item = u32>) -> u32 {
    values.fold(0, u32::saturating_add)
}

/// The sum of the containers' sizes, which must fit in 32 bits: a larger task fits no
/// instance, and a saturated sum would wrongly fit an instance with `u32::MAX` remaining.
/// `ClientException` naming the task definition otherwise.
fn container_sum(
    definition: &TaskDefinition,
    values: impl Iterator<Item = u32>,
    unit: &str,
    fields: &str,
    overridden: bool,
) -> Result<u32, ApiError> {
    let total: u64 = values.map(u64::from).sum();
    u32::try_from(total).map_err(|_| {
        ApiError::client(format!(
            "task definition `{}` needs {total} {unit} in total (the sum of its containers' {fields}{}); no instance can have more than {}",
            definition.family_revision(),
            if overridden { ", overrides applied" } else { "" },
            u32::MAX
        ))
    })
}

/// The task's TCP and UDP host ports, sorted; one port and protocol asked for twice is a
/// `ClientException` naming the container, or both containers.
fn host_ports(
    definition: &TaskDefinition,
    mode: NetworkMode,
) -> Result<(Vec<u16>, Vec<u16>), ApiError> {
    let mut seen: BTreeMap<(bool, u16), &str> = BTreeMap::new();
    for container in &definition.container_definitions {
        for mapping in &container.port_mappings {
            let port = match mode {
                NetworkMode::Awsvpc | NetworkMode::None => None,
                NetworkMode::Host => mapping
                    .host_port
                    .filter(|p| *p > 0)
                    .or(mapping.container_port),
                NetworkMode::Bridge => mapping.host_port,
            };
            let Some(port) = port.filter(|p| *p > 0) else {
                continue;
            };
            let udp = mapping
                .protocol
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case("udp"));
            if let Some(first) = seen.insert((udp, port), &container.name) {
                let (family, protocol) = (
                    definition.family_revision(),
                    if udp { "udp" } else { "tcp" },
                );
                let second = &container.name;
                // Container names are unique (the snapshot check): equal names, one container.
                return Err(ApiError::client(if first == second {
                    format!(
                        "container `{second}` of task definition `{family}` maps host port {port}/{protocol} twice"
                    )
                } else {
                    format!(
                        "task definition `{family}` maps host port {port}/{protocol} twice (containers `{first}` and `{second}`)"
                    )
                }));
            }
        }
    }
    let ports = |udp: bool| {
        seen.keys()
            .filter(|(u, _)| *u == udp)
            .map(|(_, p)| *p)
            .collect()
    };
    Ok((ports(false), ports(true)))
}
