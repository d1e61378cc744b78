//! What a placement engine decides, before it is rendered as a `RunTask` response.
//!
//! Both the fast engine and the reference engine (in the testkit crate) produce an
//! [`Outcome`]; equality of outcomes is what the differential tests compare. Rendering to
//! the ECS response shape (`render`) is shared, so it cannot make the engines disagree.

use std::fmt;

/// The decision for one `RunTask` call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Tasks in the order they were placed (buckets in strategy-item order), including
    /// `PROVISIONING` ones. Unplaced tasks of a launch-type call are not listed here.
    pub tasks: Vec<TaskDecision>,
    /// One entry per rejected instance for the first unplaced task (spec §6), each instance
    /// at most once, ordered by instance order (ascending ARN).
    pub failures: Vec<Failure>,
    /// Present only when explain mode was asked for.
    pub explanation: Option<Explanation>,
}

/// Where one task goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskDecision {
    /// Position of the task in the call (0-based, placed and provisioning alike); feeds
    /// `rng::task_id`.
    pub position: u32,
    /// Index of the capacity-provider bucket (strategy-item order), `None` for a launch type.
    pub bucket: Option<usize>,
    /// The capacity provider the task belongs to, when one was used.
    pub capacity_provider: Option<String>,
    /// `EC2`, `EXTERNAL`, `FARGATE` or `MANAGED_INSTANCES`.
    pub launch_type: LaunchKind,
    /// The container instance, for a task placed on one.
    pub container_instance_arn: Option<String>,
    /// The instance's `ecs.availability-zone`, or the Fargate zone.
    pub availability_zone: Option<String>,
    /// GPU ids taken, per container definition in task-definition order.
    pub gpu_ids: Vec<Vec<String>>,
    /// `PENDING` for a placed task, `PROVISIONING` for one waiting for capacity (spec §7.3).
    pub status: TaskStatus,
}

/// The launch type a task reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LaunchKind {
    Ec2,
    External,
    Fargate,
    ManagedInstances,
}

impl LaunchKind {
    /// The ECS API spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ec2 => "EC2",
            Self::External => "EXTERNAL",
            Self::Fargate => "FARGATE",
            Self::ManagedInstances => "MANAGED_INSTANCES",
        }
    }
}

/// `lastStatus` of a task in the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskStatus {
    Pending,
    Provisioning,
}

impl TaskStatus {
    /// The ECS API spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Provisioning => "PROVISIONING",
        }
    }
}

/// One rejected instance (spec §6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub arn: String,
    pub reason: Reason,
    /// What was asked and what the instance has, from the shared `detail` formatters.
    pub detail: String,
}

/// The first failing check of spec §2 step 4.2, in check order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    Agent,
    Attribute,
    Cpu,
    Memory,
    Ports,
    PortsUdp,
    Gpu,
    MemberOf,
    DistinctInstance,
}

impl Reason {
    /// Every reason, in check order.
    pub const ALL: [Reason; 9] = [
        Self::Agent,
        Self::Attribute,
        Self::Cpu,
        Self::Memory,
        Self::Ports,
        Self::PortsUdp,
        Self::Gpu,
        Self::MemberOf,
        Self::DistinctInstance,
    ];

    /// The ECS reason code as it appears in `failures[].reason`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Agent => "AGENT",
            Self::Attribute => "ATTRIBUTE",
            Self::Cpu => "RESOURCE:CPU",
            Self::Memory => "RESOURCE:MEMORY",
            Self::Ports => "RESOURCE:PORTS",
            Self::PortsUdp => "RESOURCE:PORTS_UDP",
            Self::Gpu => "RESOURCE:GPU",
            Self::MemberOf => "MemberOf placement constraint unsatisfied.",
            Self::DistinctInstance => "DistinctInstance placement constraint unsatisfied.",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Explain mode: why tasks were not placed (spec §6, last bullet).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explanation {
    /// One entry per bucket (or the launch type) whose first task found no instance.
    pub unplaced: Vec<UnplacedExplanation>,
}

/// Why the first unplaced task of one bucket found no instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnplacedExplanation {
    pub position: u32,
    pub capacity_provider: Option<String>,
    /// Instances considered (ACTIVE, of the bucket's provider and launch type).
    pub candidates: u32,
    /// Instances rejected per reason, in check order; reasons with no instance omitted.
    pub rejected: Vec<(Reason, u32)>,
    /// For each `memberOf` constraint that rejected instances: which sub-expressions were
    /// false on how many of the instances that reached that check.
    pub member_of: Vec<MemberOfExplanation>,
}

/// The sub-expressions of one `memberOf` constraint that were false.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberOfExplanation {
    /// 1-based position of the constraint in the merged list (task definition's first).
    pub constraint: usize,
    pub expression: String,
    /// (canonical sub-expression text, number of instances where it was false).
    pub false_on: Vec<(String, u32)>,
}
