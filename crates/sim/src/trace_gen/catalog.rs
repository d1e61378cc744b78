//! What the trace generator reads from a snapshot: the task definitions it can run on
//! container instances, the attributes worth a `memberOf`, the launch type, the free capacity,
//! and the parts of task ARNs.

use std::collections::BTreeMap;

use ecs_place_model::snapshot::ProviderKind;
use ecs_place_model::{Cluster, ClusterState, ContainerInstance, TaskDefinition};

use crate::metrics::ZONE_ATTRIBUTE;

use super::GenerateError;

/// A task definition the generator uses, with the size one task takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Definition {
    /// `family:revision`.
    pub(crate) name: String,
    pub(crate) family: String,
    pub(crate) cpu: u32,
    pub(crate) memory: u32,
    /// A container binds a host port: one task per instance at most.
    pub(crate) host_ports: bool,
}

/// An attribute with a few values shared by many instances: material for `memberOf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttributeChoice {
    pub(crate) name: String,
    /// Distinct values, ascending.
    pub(crate) values: Vec<String>,
}

/// The snapshot as the generator sees it.
#[derive(Debug, Clone)]
pub(crate) struct Catalog {
    pub(crate) cluster_name: String,
    /// `arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/` — a task ARN without its ID.
    pub(crate) task_arn_prefix: String,
    pub(crate) definitions: Vec<Definition>,
    pub(crate) attributes: Vec<AttributeChoice>,
    pub(crate) has_zones: bool,
    /// `EC2` or `EXTERNAL`: where the instances are.
    pub(crate) launch_type: &'static str,
    /// True when requests may leave the launch target to the cluster's default capacity
    /// provider strategy (it exists and names no Fargate provider).
    pub(crate) default_strategy_usable: bool,
    /// Free CPU units and memory MiB over the `ACTIVE` instances of the launch type.
    pub(crate) free_cpu: u64,
    pub(crate) free_memory: u64,
}

/// Attribute names the generator writes into expressions without quoting.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// Task-level size, else the sum over containers (spec §10: memory reservation first).
fn size(definition: &TaskDefinition) -> (u32, u32) {
    let containers = &definition.container_definitions;
    let cpu = definition.cpu_units().unwrap_or_else(|| {
        containers
            .iter()
            .map(|c| c.cpu.unwrap_or(0))
            .fold(0, u32::saturating_add)
    });
    let memory = definition.memory_mib().unwrap_or_else(|| {
        containers
            .iter()
            .map(|c| c.memory_reservation.or(c.memory).unwrap_or(0))
            .fold(0, u32::saturating_add)
    });
    (cpu, memory)
}

/// Some container binds a host port (spec §10, §11: in `host` mode the container port).
fn binds_host_port(definition: &TaskDefinition) -> bool {
    let host_mode = definition.network_mode.as_deref() == Some("host");
    definition
        .container_definitions
        .iter()
        .flat_map(|c| &c.port_mappings)
        .any(|m| m.host_port.unwrap_or(0) > 0 || (host_mode && m.container_port.unwrap_or(0) > 0))
}

/// A definition the generated requests can run on container instances: `ACTIVE`, not
/// `awsvpc` (which needs a network configuration), compatible with `launch_type`, no GPU (GPU
/// instances are too few to carry a workload of their own).
fn usable(definition: &TaskDefinition, launch_type: &str) -> bool {
    let compatible = definition.requires_compatibilities.is_empty()
        || definition
            .requires_compatibilities
            .iter()
            .any(|c| c == launch_type);
    let gpu = definition
        .container_definitions
        .iter()
        .any(|c| c.resource_requirements.iter().any(|r| r.kind == "GPU"));
    definition.status == "ACTIVE"
        && definition.network_mode.as_deref() != Some("awsvpc")
        && compatible
        && !gpu
}

/// Attributes of the `ACTIVE` instances with 2 to 20 distinct values, present with a value on
/// at least half of them, with plain names; values holding a `"` are left out (they cannot be
/// quoted).
fn attribute_choices(instances: &[&ContainerInstance]) -> Vec<AttributeChoice> {
    let mut values: BTreeMap<&str, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    for instance in instances {
        for attribute in &instance.attributes {
            if let Some(value) = attribute.value.as_deref() {
                let entry = values.entry(&attribute.name).or_default();
                entry.0 += 1;
                *entry.1.entry(value).or_default() += 1;
            }
        }
    }
    values
        .into_iter()
        .filter(|(name, (present, distinct))| {
            plain_name(name)
                && *present * 2 >= instances.len()
                && (2..=20).contains(&distinct.len())
        })
        .map(|(name, (_, distinct))| AttributeChoice {
            name: name.to_owned(),
            values: distinct
                .into_keys()
                .filter(|v| !v.contains('"'))
                .map(str::to_owned)
                .collect(),
        })
        .filter(|choice| !choice.values.is_empty())
        .collect()
}

fn task_arn_prefix(cluster: &Cluster) -> String {
    let mut fields = cluster.cluster_arn.split(':');
    let region = fields.nth(3).unwrap_or_default();
    let account = fields.next().unwrap_or_default();
    format!(
        "arn:aws:ecs:{region}:{account}:task/{}/",
        cluster.cluster_name
    )
}

impl Catalog {
    pub(crate) fn new(state: &ClusterState) -> Result<Self, GenerateError> {
        let cluster = state.cluster().ok_or(GenerateError::NoCluster)?;
        let active: Vec<&ContainerInstance> = state
            .container_instances
            .iter()
            .filter(|i| i.status == "ACTIVE")
            .collect();
        let (ec2, external): (Vec<&ContainerInstance>, Vec<&ContainerInstance>) =
            active.iter().partition(|i| !i.is_external());
        let (launch_type, instances) = match (ec2.is_empty(), external.is_empty()) {
            (false, _) => ("EC2", ec2),
            (true, false) => ("EXTERNAL", external),
            (true, true) => return Err(GenerateError::NoInstance),
        };
        let mut definitions: Vec<Definition> = state
            .task_definitions
            .iter()
            .filter(|d| usable(d, launch_type))
            .map(|d| {
                let (cpu, memory) = size(d);
                Definition {
                    name: d.family_revision(),
                    family: d.family.clone(),
                    cpu,
                    memory,
                    host_ports: binds_host_port(d),
                }
            })
            .collect();
        definitions.sort_by(|a, b| a.name.cmp(&b.name));
        if definitions.is_empty() {
            return Err(GenerateError::NoTaskDefinition);
        }
        let default_strategy_usable = launch_type == "EC2"
            && !cluster.default_capacity_provider_strategy.is_empty()
            && cluster
                .default_capacity_provider_strategy
                .iter()
                .all(|item| {
                    ProviderKind::builtin(&item.capacity_provider).is_none_or(|k| !k.is_fargate())
                });
        let units = |i: &ContainerInstance, name: &str| {
            u64::from(i.remaining(name).and_then(|r| r.units().ok()).unwrap_or(0))
        };
        Ok(Self {
            cluster_name: cluster.cluster_name.clone(),
            task_arn_prefix: task_arn_prefix(cluster),
            definitions,
            attributes: attribute_choices(&instances),
            has_zones: instances
                .iter()
                .any(|i| i.attribute(ZONE_ATTRIBUTE).is_some()),
            launch_type,
            default_strategy_usable,
            free_cpu: instances.iter().map(|i| units(i, "CPU")).sum(),
            free_memory: instances.iter().map(|i| units(i, "MEMORY")).sum(),
        })
    }

    /// The ARN the simulator gives the task at `position` of a request placed with `seed`.
    pub(crate) fn task_arn(&self, seed: u64, position: u32) -> String {
        format!(
            "{}{}",
            self.task_arn_prefix,
            ecs_place::rng::task_id(seed, position)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_what_cql_reads_bare() {
        assert!(plain_name("ecs.availability-zone"));
        assert!(plain_name("cost_center"));
        assert!(!plain_name("has space"));
        assert!(!plain_name("a:b"));
        assert!(!plain_name(""));
    }

    #[test]
    fn task_arns_follow_the_cluster_arn() {
        let cluster = Cluster {
            cluster_arn: "arn:aws:ecs:eu-west-1:111122223333:cluster/prod".into(),
            cluster_name: "prod".into(),
            ..Cluster::default()
        };
        assert_eq!(
            task_arn_prefix(&cluster),
            "arn:aws:ecs:eu-west-1:111122223333:task/prod/"
        );
    }
}
