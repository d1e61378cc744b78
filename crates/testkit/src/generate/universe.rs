//! The fixed vocabulary generated clusters and requests share: names, zones, instance types,
//! attribute values, groups, ports. Requests are generated independently of the cluster, so
//! they draw from the same lists to name things the cluster may have.

pub const REGION: &str = "us-east-1";
pub const ACCOUNT: &str = "123456789012";
pub const CLUSTER_NAME: &str = "gen";

/// `arn:aws:ecs:us-east-1:123456789012:cluster/gen`.
pub fn cluster_arn() -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{CLUSTER_NAME}")
}

/// The ARN of a container instance with the given id.
pub fn instance_arn(id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:container-instance/{CLUSTER_NAME}/{id}")
}

/// The ARN of a task definition revision.
pub fn task_definition_arn(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:{revision}")
}

pub const ZONES: [&str; 4] = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"];

/// One subnet per zone (the `subnets` map of the snapshot, spec §7.4).
pub const SUBNETS: [&str; 4] = ["subnet-0a11", "subnet-0b22", "subnet-0c33", "subnet-0d44"];

/// An instance type: name, registered CPU units, registered MiB, GPU count.
#[derive(Clone, Copy, Debug)]
pub struct InstanceType {
    pub name: &'static str,
    pub cpu: u32,
    pub memory: u32,
    pub gpus: u32,
}

pub const INSTANCE_TYPES: [InstanceType; 5] = [
    InstanceType {
        name: "t3.small",
        cpu: 2048,
        memory: 1_900,
        gpus: 0,
    },
    InstanceType {
        name: "m5.large",
        cpu: 2048,
        memory: 7_680,
        gpus: 0,
    },
    InstanceType {
        name: "c5.xlarge",
        cpu: 4096,
        memory: 7_500,
        gpus: 0,
    },
    InstanceType {
        name: "m5.2xlarge",
        cpu: 8192,
        memory: 31_000,
        gpus: 0,
    },
    InstanceType {
        name: "p3.8xlarge",
        cpu: 32_768,
        memory: 240_000,
        gpus: 4,
    },
];

/// Custom attributes with few values (`tier` values compare numerically, `stack` has a value
/// with a space that CQL must quote).
pub const STACKS: [&str; 3] = ["prod", "dev", "qa env"];
pub const TIERS: [&str; 4] = ["1", "2", "10", "1.5"];
pub const RACKS: [&str; 3] = ["r1", "r2", "r3"];
pub const ARCHITECTURES: [&str; 2] = ["x86_64", "arm64"];

/// A value-less attribute some instances carry.
pub const SSD: &str = "ssd";
/// The capability awsvpc task definitions require.
pub const TASK_ENI: &str = "ecs.capability.task-eni";
/// The attribute that marks an external (ECS Anywhere) instance (spec §11).
pub const EXTERNAL: &str = "ecs.capability.external";

/// Task groups: running tasks and requests draw from these.
pub const GROUPS: [&str; 5] = ["web", "db", "batch", "family:app", "service:api"];

/// Auto Scaling group providers (`ACTIVE` in the snapshot), the managed-instances provider,
/// and the Fargate ones.
pub const ASG_PROVIDERS: [&str; 2] = ["asg-a", "asg-b"];
pub const MANAGED_PROVIDER: &str = "mi";
pub const FARGATE_PROVIDERS: [&str; 2] = ["FARGATE", "FARGATE_SPOT"];

/// Host ports tasks ask for and running tasks hold.
pub const TCP_PORTS: [u16; 4] = [80, 443, 8080, 9000];
pub const UDP_PORTS: [u16; 2] = [53, 5000];
/// Ports the agent reserves at registration (Linux defaults).
pub const RESERVED_TCP: [u16; 5] = [22, 2375, 2376, 51678, 51679];

/// Registration dates (ISO-8601 without offset, UTC).
pub const REGISTERED_AT: [&str; 4] = [
    "2022-03-01T08:00:00",
    "2023-06-18T22:28:28.5",
    "2024-01-01T00:00:00",
    "2024-11-30T12:00:00",
];
