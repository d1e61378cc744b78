//! [`Plan`]: everything placement needs, resolved from a request and a snapshot.
//!
//! The plan is the single input of the fast placement engine and of the reference engine, so
//! it is plain data: no references into the request or the snapshot, every choice the
//! request leaves open already made (defaults applied, overrides merged, strategy split).

use std::sync::Arc;

use ecs_place_cql::Expr;
use ecs_place_model::request::{Tag, TaskOverride};
use ecs_place_model::snapshot::ProviderKind;

/// A resolved `RunTask` call.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The cluster the tasks run in.
    pub cluster: ClusterRef,
    /// The task definition revision the tasks run.
    pub task_definition: TaskDefinitionRef,
    /// The task group: the request's `group`, else `family:FAMILY` (spec §5).
    pub group: String,
    /// How many tasks the call starts (1–10).
    pub count: u32,
    /// What one task needs from an instance (spec §10).
    pub requirements: Requirements,
    /// The task definition's `memberOf` constraints, then the request's constraints, in
    /// order (at most 10).
    pub constraints: Vec<Constraint>,
    /// The request's strategies, in order, all of them (the engine stops at `Random`).
    pub strategies: Vec<Strategy>,
    /// Where the tasks go: a launch type, or capacity-provider buckets.
    pub target: Target,
    /// The seed of every random choice (spec §8.1).
    pub seed: u64,
    /// What the response repeats from the request and the task definition.
    pub echo: Echo,
}

/// The cluster, with the region and account of its ARN (for task ARNs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterRef {
    /// `clusterArn`.
    pub arn: String,
    /// `clusterName`.
    pub name: String,
    /// The region field of the ARN (empty when the ARN has none).
    pub region: String,
    /// The account field of the ARN (empty when the ARN has none).
    pub account: String,
}

/// The task definition revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDefinitionRef {
    /// `taskDefinitionArn`.
    pub arn: String,
    /// `family`.
    pub family: String,
    /// `revision`.
    pub revision: u32,
}

/// What one task needs from an instance (spec §10), overrides applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirements {
    /// CPU units.
    pub cpu: u32,
    /// Memory, MiB.
    pub memory: u32,
    /// TCP host ports, sorted, without duplicates.
    pub tcp_ports: Vec<u16>,
    /// UDP host ports, sorted, without duplicates.
    pub udp_ports: Vec<u16>,
    /// GPUs (the sum over containers).
    pub gpus: u32,
    /// The task definition's network mode (`bridge` when absent).
    pub network_mode: NetworkMode,
    /// The task definition's `requiresAttributes`, in its order.
    pub required_attributes: Vec<RequiredAttribute>,
}

/// A task definition's `networkMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetworkMode {
    /// `bridge` (the default).
    Bridge,
    /// `host`: a port mapping without `hostPort` uses its `containerPort`.
    Host,
    /// `awsvpc`: no host ports.
    Awsvpc,
    /// `none`: no networking, no host ports.
    None,
}

impl NetworkMode {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bridge => "bridge",
            Self::Host => "host",
            Self::Awsvpc => "awsvpc",
            Self::None => "none",
        }
    }
}

/// An attribute the instance must have: with a value, that value exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequiredAttribute {
    /// The attribute name.
    pub name: String,
    /// The value, when one is required.
    pub value: Option<String>,
}

/// One placement constraint of the merged list.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    /// `memberOf`: the instance must satisfy the expression.
    MemberOf(MemberOf),
    /// `distinctInstance`: no task of the group on the instance.
    DistinctInstance,
}

/// A `memberOf` constraint, parsed once.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberOf {
    /// 1-based index in the merged constraint list (what failure details cite).
    pub position: usize,
    /// Where the constraint comes from.
    pub source: ConstraintSource,
    /// The expression as written.
    pub expression: String,
    /// The parsed expression (shared: plans of one expression hold the same one).
    pub parsed: Arc<Expr>,
}

/// Where a constraint was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstraintSource {
    /// The task definition's `placementConstraints`.
    TaskDefinition,
    /// The request's `placementConstraints`.
    Request,
}

/// One placement strategy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// Keep the candidates with the least remaining amount of a resource.
    Binpack(BinpackField),
    /// Keep the candidates whose key has the fewest tasks of the group.
    Spread(SpreadField),
    /// Pick one candidate at random; later strategies decide nothing.
    Random,
}

/// The resource `binpack` packs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinpackField {
    /// `cpu` (any case).
    Cpu,
    /// `memory` (any case).
    Memory,
}

/// The key `spread` spreads over.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SpreadField {
    /// `instanceId` or `host` (any case): each instance is its own key.
    Instance,
    /// `attribute:NAME` (prefix any case, name as written): the attribute's value.
    Attribute(String),
}

/// Where the tasks go (spec §7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A launch type: every task placed the same way.
    LaunchType {
        /// `EC2`, `EXTERNAL` or `FARGATE`.
        launch_type: LaunchType,
        /// The number of tasks (the plan's `count`).
        count: u32,
    },
    /// A capacity provider strategy split into buckets, in the strategy's item order, buckets
    /// of zero tasks left out. The counts sum to the plan's `count`.
    CapacityProviders(Vec<Bucket>),
}

/// A launch type given as such.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LaunchType {
    /// The cluster's instances without `ecs.capability.external`.
    Ec2,
    /// The cluster's instances with `ecs.capability.external`.
    External,
    /// No instance (spec §7.4).
    Fargate,
}

impl LaunchType {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ec2 => "EC2",
            Self::External => "EXTERNAL",
            Self::Fargate => "FARGATE",
        }
    }
}

/// The tasks one capacity provider gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// The provider's name.
    pub provider: String,
    /// How its tasks are placed.
    pub kind: ProviderKind,
    /// How many tasks (at least 1).
    pub count: u32,
}

impl Bucket {
    /// The `launchType` of the bucket's tasks (spec §1.3): `EC2` for an Auto Scaling group
    /// provider, `MANAGED_INSTANCES` for a managed instances provider, `FARGATE` for
    /// `FARGATE` and `FARGATE_SPOT`.
    pub fn launch_type(&self) -> &'static str {
        match self.kind {
            ProviderKind::AutoScalingGroup => "EC2",
            ProviderKind::ManagedInstances => "MANAGED_INSTANCES",
            ProviderKind::Fargate | ProviderKind::FargateSpot => "FARGATE",
        }
    }
}

/// What the response repeats (spec §1.3).
#[derive(Debug, Clone, PartialEq)]
pub struct Echo {
    /// `startedBy`, as given.
    pub started_by: Option<String>,
    /// The request's tags and (with `propagateTags` `TASK_DEFINITION`) the task
    /// definition's tags whose keys the request does not use, sorted by key (tags are a set,
    /// spec §8.2).
    pub tags: Vec<Tag>,
    /// `overrides`, as given.
    pub overrides: Option<TaskOverride>,
    /// `enableExecuteCommand` (default false).
    pub enable_execute_command: bool,
    /// For a target with Fargate tasks: the request's `platformVersion`, else `LATEST`;
    /// otherwise `None`.
    pub platform_version: Option<String>,
    /// The task definition's containers, in order.
    pub containers: Vec<ContainerEcho>,
    /// The task's effective CPU units, as the response prints them.
    pub cpu: String,
    /// The task's effective memory MiB, as the response prints them.
    pub memory: String,
    /// The request's `awsvpcConfiguration.subnets`, in order (Fargate zone choice, spec §7.4).
    pub subnets: Vec<String>,
}

/// A container of the task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerEcho {
    /// The container's name.
    pub name: String,
    /// GPUs it takes (its share of [`Requirements::gpus`]; the response lists their ids).
    pub gpus: u32,
}
