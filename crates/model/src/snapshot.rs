//! The cluster state snapshot (spec §1.2): the arrays the AWS CLI prints for
//! `describe-clusters`, `describe-capacity-providers`, `describe-container-instances`,
//! `describe-task-definition` (one `taskDefinition` object per revision), `describe-tasks` and,
//! optionally, `ec2 describe-subnets`.
//!
//! Unknown fields are ignored everywhere, so real output parses unchanged. Fields the engine
//! cannot do without are required (a missing one is a malformed document naming its path);
//! the rest are `Option`s or default to empty. Consistency rules that serde cannot express
//! live in [`ClusterState::check`](crate::ClusterState::check).

use serde::{Deserialize, Serialize};

use crate::request::Tag;
use crate::resource::Resource;
use crate::timestamp::Timestamp;

/// One cluster's state, the second input of placement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterState {
    /// Exactly one cluster (checked).
    pub clusters: Vec<Cluster>,
    #[serde(default)]
    pub capacity_providers: Vec<CapacityProvider>,
    #[serde(default)]
    pub container_instances: Vec<ContainerInstance>,
    #[serde(default)]
    pub task_definitions: Vec<TaskDefinition>,
    #[serde(default)]
    pub tasks: Vec<ClusterTask>,
    /// `ec2 describe-subnets` `Subnets`; also read from a key spelt `Subnets`.
    #[serde(default, alias = "Subnets", skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Subnet>,
}

impl ClusterState {
    /// The cluster (the first one; [`check`](Self::check) makes sure there is exactly one).
    pub fn cluster(&self) -> Option<&Cluster> {
        self.clusters.first()
    }
}

/// `Cluster` (from `describe-clusters`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub cluster_arn: String,
    pub cluster_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    #[serde(default)]
    pub default_capacity_provider_strategy: Vec<ClusterStrategyItem>,
}

/// An item of a cluster's `defaultCapacityProviderStrategy`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterStrategyItem {
    pub capacity_provider: String,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub base: i64,
}

/// The kind of a capacity provider, which decides where its tasks go (spec §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ProviderKind {
    /// An Auto Scaling group provider: tasks go to its instances or wait in `PROVISIONING`.
    AutoScalingGroup,
    /// A `MANAGED_INSTANCES` provider: placed like an Auto Scaling group provider, spread over
    /// zones (spec §11).
    ManagedInstances,
    /// The `FARGATE` provider.
    Fargate,
    /// The `FARGATE_SPOT` provider.
    FargateSpot,
}

impl ProviderKind {
    /// `FARGATE` and `FARGATE_SPOT`.
    pub fn is_fargate(self) -> bool {
        matches!(self, Self::Fargate | Self::FargateSpot)
    }

    /// The kind of the built-in providers `FARGATE` and `FARGATE_SPOT`, which need no entry in
    /// the snapshot's `capacityProviders`.
    pub fn builtin(name: &str) -> Option<Self> {
        match name {
            "FARGATE" => Some(Self::Fargate),
            "FARGATE_SPOT" => Some(Self::FargateSpot),
            _ => None,
        }
    }
}

/// `CapacityProvider` (from `describe-capacity-providers`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProvider {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_status: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_provider: Option<AutoScalingGroupProvider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_instances_provider: Option<serde_json::Value>,
}

impl CapacityProvider {
    /// The provider's kind: its `type` when given (`EC2_AUTOSCALING`, `MANAGED_INSTANCES`,
    /// `FARGATE`, `FARGATE_SPOT`), else `FARGATE`/`FARGATE_SPOT` by name, else
    /// `MANAGED_INSTANCES` when it has a `managedInstancesProvider`, else an Auto Scaling group
    /// provider. An unknown `type` reads as an Auto Scaling group provider.
    pub fn provider_kind(&self) -> ProviderKind {
        match self.kind.as_deref() {
            Some("MANAGED_INSTANCES") => ProviderKind::ManagedInstances,
            Some("FARGATE") => ProviderKind::Fargate,
            Some("FARGATE_SPOT") => ProviderKind::FargateSpot,
            Some(_) => ProviderKind::AutoScalingGroup,
            None => ProviderKind::builtin(&self.name).unwrap_or(
                if self.managed_instances_provider.is_some() {
                    ProviderKind::ManagedInstances
                } else {
                    ProviderKind::AutoScalingGroup
                },
            ),
        }
    }
}

/// `AutoScalingGroupProvider`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoScalingGroupProvider {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_scaling: Option<ManagedScaling>,
}

/// `ManagedScaling`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedScaling {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// `ContainerInstance` (from `describe-container-instances`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstance {
    pub container_instance_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec2_instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_name: Option<String>,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_connected: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_info: Option<VersionInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_tasks_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_tasks_count: Option<u32>,
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    #[serde(default)]
    pub registered_resources: Vec<Resource>,
    #[serde(default)]
    pub remaining_resources: Vec<Resource>,
}

impl ContainerInstance {
    /// The attribute named `name`, if the instance has it.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| *a.name == *name)
    }

    /// True for an external instance (attribute `ecs.capability.external`, spec §11).
    pub fn is_external(&self) -> bool {
        self.attribute(EXTERNAL_ATTRIBUTE).is_some()
    }

    /// The remaining resource named `name`.
    pub fn remaining(&self, name: &str) -> Option<&Resource> {
        crate::resource::find(&self.remaining_resources, name)
    }

    /// The registered resource named `name`.
    pub fn registered(&self, name: &str) -> Option<&Resource> {
        crate::resource::find(&self.registered_resources, name)
    }
}

/// The attribute that marks an external instance.
pub const EXTERNAL_ATTRIBUTE: &str = "ecs.capability.external";

/// `Attribute` (instance attributes and a task definition's `requiresAttributes`). An
/// attribute without a value is a capability flag.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    pub name: Box<str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Box<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<Box<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<Box<str>>,
}

/// `VersionInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_version: Option<String>,
}

/// `TaskDefinition` (the `taskDefinition` object of `describe-task-definition`, plus the
/// `tags` that `--include TAGS` prints beside it, spec §11).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinition {
    pub task_definition_arn: String,
    pub family: String,
    pub revision: u32,
    pub status: String,
    pub container_definitions: Vec<ContainerDefinition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<String>,
    #[serde(default)]
    pub requires_compatibilities: Vec<String>,
    #[serde(default)]
    pub compatibilities: Vec<String>,
    #[serde(default)]
    pub placement_constraints: Vec<TaskDefinitionPlacementConstraint>,
    #[serde(default)]
    pub requires_attributes: Vec<Attribute>,
    #[serde(default)]
    pub volumes: Vec<Volume>,
    /// Read leniently, like the rest of the snapshot (the request's [`Tag`] rejects unknown
    /// fields).
    #[serde(default, deserialize_with = "lenient_tags")]
    pub tags: Vec<Tag>,
}

/// Task-definition tags, ignoring fields other than `key` and `value`.
fn lenient_tags<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Tag>, D::Error> {
    #[derive(Deserialize)]
    struct SnapshotTag {
        #[serde(default)]
        key: Option<String>,
        #[serde(default)]
        value: Option<String>,
    }
    let tags = Vec::<SnapshotTag>::deserialize(deserializer)?;
    Ok(tags
        .into_iter()
        .map(|tag| Tag {
            key: tag.key,
            value: tag.value,
        })
        .collect())
}

impl TaskDefinition {
    /// `family:revision`.
    pub fn family_revision(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }

    /// The task-level `cpu` as units: `None` when absent, `0` or not a whole number (the
    /// snapshot check rejects the last case).
    pub fn cpu_units(&self) -> Option<u32> {
        parse_task_size(self.cpu.as_deref())
    }

    /// The task-level `memory` in MiB, like [`cpu_units`](Self::cpu_units).
    pub fn memory_mib(&self) -> Option<u32> {
        parse_task_size(self.memory.as_deref())
    }
}

/// A task-level size string (`"1024"`): `None` when absent, zero or not a whole number.
fn parse_task_size(text: Option<&str>) -> Option<u32> {
    text.and_then(|t| t.trim().parse::<u32>().ok())
        .filter(|v| *v > 0)
}

/// `TaskDefinitionPlacementConstraint`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitionPlacementConstraint {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// `Volume` (only what volume configurations need).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configured_at_launch: Option<bool>,
}

/// `ContainerDefinition` (what placement needs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<u32>,
    #[serde(default)]
    pub port_mappings: Vec<PortMapping>,
    #[serde(default)]
    pub resource_requirements: Vec<ContainerResourceRequirement>,
}

/// `PortMapping`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port_range: Option<String>,
}

/// A container definition's `ResourceRequirement` (`GPU`, ...), read leniently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerResourceRequirement {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A task of `describe-tasks` (only group membership is read from it, spec §5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterTask {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_instance_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
}

/// A subnet of `ec2 describe-subnets` (PascalCase, as EC2 prints it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    pub subnet_id: String,
    pub availability_zone: String,
}
