//! The fixed tables the generator draws from: account, zones, instance types, attributes,
//! task groups, ports. The crate docs describe the profile these tables produce.

/// Region of every ARN.
pub const REGION: &str = "us-east-1";
/// Account of every ARN.
pub const ACCOUNT: &str = "123456789012";
/// The cluster's name.
pub const CLUSTER_NAME: &str = "synthetic";
/// The one VPC.
pub const VPC_ID: &str = "vpc-0f1e2d3c4b5a69788";

/// A zone and the one subnet the cluster uses in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone {
    pub name: &'static str,
    pub subnet_id: &'static str,
}

/// The three zones; instances are spread evenly over them.
pub const ZONES: [Zone; 3] = [
    Zone {
        name: "us-east-1a",
        subnet_id: "subnet-0a1f3c5e7b9d24681",
    },
    Zone {
        name: "us-east-1b",
        subnet_id: "subnet-0b2e4d6f8a1c35792",
    },
    Zone {
        name: "us-east-1c",
        subnet_id: "subnet-0c3d5e7f9b2a46803",
    },
];

/// CPU architecture (`ecs.cpu-architecture`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Architecture {
    X86_64,
    Arm64,
}

impl Architecture {
    /// The attribute value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::X86_64 => "x86_64",
            Self::Arm64 => "arm64",
        }
    }
}

/// An EC2 instance type as ECS registers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InstanceType {
    pub name: &'static str,
    pub vcpus: u32,
    /// Registered `MEMORY` in MiB: the instance's memory less what the OS and agent keep.
    pub memory_mib: u32,
    pub architecture: Architecture,
    /// NVIDIA GPUs (registered as a `GPU` string set of their ids).
    pub gpus: u32,
    /// Share of the cluster's instances, in thousandths.
    pub per_mille: u32,
}

impl InstanceType {
    /// Registered `CPU` units (1024 per vCPU).
    pub const fn cpu_units(&self) -> u32 {
        self.vcpus * 1024
    }
}

const fn itype(
    name: &'static str,
    vcpus: u32,
    memory_mib: u32,
    architecture: Architecture,
    gpus: u32,
    per_mille: u32,
) -> InstanceType {
    InstanceType {
        name,
        vcpus,
        memory_mib,
        architecture,
        gpus,
        per_mille,
    }
}

/// The instance types and their shares (the shares sum to 1000). GPU types belong to the
/// `asg-gpu` provider, every other type to `asg-general`.
pub const INSTANCE_TYPES: [InstanceType; 13] = [
    itype("t3.medium", 2, 3840, Architecture::X86_64, 0, 80),
    itype("m5.large", 2, 7680, Architecture::X86_64, 0, 190),
    itype("m5.xlarge", 4, 15788, Architecture::X86_64, 0, 130),
    itype("m5.2xlarge", 8, 31784, Architecture::X86_64, 0, 50),
    itype("c5.large", 2, 3788, Architecture::X86_64, 0, 110),
    itype("c5.xlarge", 4, 7680, Architecture::X86_64, 0, 100),
    itype("c5.2xlarge", 8, 15788, Architecture::X86_64, 0, 40),
    itype("r5.large", 2, 15788, Architecture::X86_64, 0, 90),
    itype("r5.xlarge", 4, 31784, Architecture::X86_64, 0, 60),
    itype("m6g.large", 2, 7680, Architecture::Arm64, 0, 80),
    itype("m6g.xlarge", 4, 15788, Architecture::Arm64, 0, 50),
    itype("g4dn.xlarge", 4, 15788, Architecture::X86_64, 1, 15),
    itype("g4dn.12xlarge", 48, 191_488, Architecture::X86_64, 4, 5),
];

/// ECS-optimized AMIs: an instance gets one of its kind's, chosen at random.
pub const AMIS_X86_64: [&str; 3] = [
    "ami-0c4e8a3f9d2b71e56",
    "ami-0d5f9b4e0a3c82f67",
    "ami-0e6a0c5f1b4d93a78",
];
/// See [`AMIS_X86_64`].
pub const AMIS_ARM64: [&str; 2] = ["ami-0a7b1d6e2c5f04b89", "ami-0b8c2e7f3d6a15c9a"];
/// See [`AMIS_X86_64`] (GPU types).
pub const AMIS_GPU: [&str; 1] = ["ami-0f9d3a8b4e7c26dab"];

/// Value-less capability attributes every instance carries.
pub const CAPABILITIES: [&str; 8] = [
    "com.amazonaws.ecs.capability.docker-remote-api.1.17",
    "com.amazonaws.ecs.capability.docker-remote-api.1.30",
    "com.amazonaws.ecs.capability.logging-driver.awslogs",
    "com.amazonaws.ecs.capability.ecr-auth",
    "com.amazonaws.ecs.capability.task-iam-role",
    "ecs.capability.execution-role-ecr-pull",
    "ecs.capability.container-health-check",
    "ecs.capability.task-eni",
];

/// The capability attribute that only GPU instances carry.
pub const GPU_CAPABILITY: &str = "ecs.capability.nvidia-driver";

/// A custom attribute and its ten values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustomAttribute {
    pub name: &'static str,
    pub values: [&'static str; 10],
    /// Share of instances that carry the attribute, in thousandths.
    pub per_mille: u32,
}

/// The ten custom attributes. Each value is equally likely on an instance that has the
/// attribute.
pub const CUSTOM_ATTRIBUTES: [CustomAttribute; 10] = [
    CustomAttribute {
        name: "team",
        values: [
            "payments",
            "search",
            "storefront",
            "identity",
            "platform",
            "data",
            "ml",
            "mobile",
            "ads",
            "growth",
        ],
        per_mille: 1000,
    },
    CustomAttribute {
        name: "stack",
        values: [
            "prod", "staging", "qa", "dev", "perf", "canary", "sandbox", "demo", "dr", "shadow",
        ],
        per_mille: 1000,
    },
    CustomAttribute {
        name: "tier",
        values: [
            "web", "api", "worker", "batch", "cache", "db", "stream", "cron", "edge", "internal",
        ],
        per_mille: 1000,
    },
    CustomAttribute {
        name: "rack",
        values: [
            "rack-01", "rack-02", "rack-03", "rack-04", "rack-05", "rack-06", "rack-07", "rack-08",
            "rack-09", "rack-10",
        ],
        per_mille: 950,
    },
    CustomAttribute {
        name: "cost-center",
        values: [
            "cc-1001", "cc-1002", "cc-1003", "cc-1004", "cc-1005", "cc-1006", "cc-1007", "cc-1008",
            "cc-1009", "cc-1010",
        ],
        per_mille: 950,
    },
    CustomAttribute {
        name: "pool",
        values: [
            "pool-a", "pool-b", "pool-c", "pool-d", "pool-e", "pool-f", "pool-g", "pool-h",
            "pool-i", "pool-j",
        ],
        per_mille: 950,
    },
    CustomAttribute {
        name: "disk",
        values: [
            "gp2", "gp3", "io1", "io2", "st1", "sc1", "nvme", "ssd", "hdd", "standard",
        ],
        per_mille: 950,
    },
    CustomAttribute {
        name: "kernel",
        values: [
            "4.14.336", "5.4.268", "5.10.205", "5.10.209", "5.15.148", "6.1.72", "6.1.77",
            "6.1.79", "6.6.13", "6.8.1",
        ],
        per_mille: 950,
    },
    CustomAttribute {
        name: "image-version",
        values: [
            "2023.11", "2023.12", "2024.01", "2024.02", "2024.03", "2024.04", "2024.05", "2024.06",
            "2024.07", "2024.08",
        ],
        per_mille: 950,
    },
    CustomAttribute {
        name: "priority",
        values: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        per_mille: 950,
    },
];

/// Host ports the ECS agent reserves on every instance (registered and remaining `PORTS`).
pub const RESERVED_PORTS: [u16; 6] = [22, 2375, 2376, 51678, 51679, 51680];

/// Agent versions, equally likely.
pub const AGENT_VERSIONS: [&str; 5] = ["1.82.4", "1.83.0", "1.84.0", "1.85.1", "1.86.2"];

/// Number of task groups (`service:svc-00` .. `service:svc-99`).
pub const GROUP_COUNT: usize = 100;
/// The last [`GPU_GROUPS`] groups need one GPU each and run only on GPU instances.
pub const GPU_GROUPS: usize = 4;

/// TCP host ports of the groups that bind one: group `i` with `i % 7 == 3` binds
/// `TCP_HOST_PORTS[i / 7]`.
pub const TCP_HOST_PORTS: [u16; 14] = [
    80, 443, 8080, 8443, 9000, 9090, 3000, 5000, 6379, 8000, 8081, 9100, 9200, 11211,
];
/// UDP host ports of the groups that bind one: group `i` with `i % 25 == 11` binds
/// `UDP_HOST_PORTS[i / 25]`.
pub const UDP_HOST_PORTS: [u16; 4] = [8125, 514, 6343, 4789];

/// CPU sizes of the groups (CPU units), indexed by a mix of the group number.
const GROUP_CPU: [u32; 8] = [128, 256, 256, 512, 512, 512, 1024, 2048];
/// Memory per CPU unit of the groups (MiB per unit, times 4), indexed likewise.
const GROUP_MEMORY_PER_UNIT_X4: [u32; 5] = [6, 10, 14, 16, 32];

/// One task group: what each of its running tasks took from its instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub cpu: u32,
    pub memory: u32,
    pub tcp_port: Option<u16>,
    pub udp_port: Option<u16>,
    pub gpus: u32,
}

/// Group `index` (below [`GROUP_COUNT`]). The table is fixed: it does not depend on the seed.
pub fn group(index: usize) -> Group {
    let name = format!("service:svc-{index:02}");
    if index >= GROUP_COUNT - GPU_GROUPS {
        let cpu = if index.is_multiple_of(2) { 1024 } else { 2048 };
        return Group {
            name,
            cpu,
            memory: cpu * 4,
            tcp_port: None,
            udp_port: None,
            gpus: 1,
        };
    }
    let bits = crate::rng::mix(0x5eed_0f67_0c05 ^ index as u64);
    let cpu = GROUP_CPU[(bits % GROUP_CPU.len() as u64) as usize];
    let per_unit_x4 =
        GROUP_MEMORY_PER_UNIT_X4[((bits >> 8) % GROUP_MEMORY_PER_UNIT_X4.len() as u64) as usize];
    let tcp_port = (index % 7 == 3).then(|| TCP_HOST_PORTS[index / 7]);
    let udp_port = (index % 25 == 11).then(|| UDP_HOST_PORTS[index / 25]);
    Group {
        name,
        cpu,
        memory: (cpu * per_unit_x4 / 4).max(256),
        tcp_port,
        udp_port,
        gpus: 0,
    }
}

/// The container instance ARN prefix (`.../container-instance/synthetic/`).
pub fn instance_arn_prefix() -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:container-instance/{CLUSTER_NAME}/")
}

/// The cluster ARN.
pub fn cluster_arn() -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{CLUSTER_NAME}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_type_shares_sum_to_one_thousand() {
        let total: u32 = INSTANCE_TYPES.iter().map(|t| t.per_mille).sum();
        assert_eq!(total, 1000);
    }

    #[test]
    fn custom_attribute_values_are_distinct() {
        for attribute in CUSTOM_ATTRIBUTES {
            let mut values = attribute.values.to_vec();
            values.sort_unstable();
            values.dedup();
            assert_eq!(values.len(), 10, "{}", attribute.name);
        }
    }

    #[test]
    fn groups_have_sane_sizes_and_ports() {
        let groups: Vec<Group> = (0..GROUP_COUNT).map(group).collect();
        assert_eq!(groups[0].name, "service:svc-00");
        assert_eq!(groups[99].name, "service:svc-99");
        assert!(groups.iter().all(|g| (128..=2048).contains(&g.cpu)));
        assert!(groups.iter().all(|g| g.memory >= 256 && g.memory <= 16384));
        assert_eq!(groups.iter().filter(|g| g.tcp_port.is_some()).count(), 14);
        assert_eq!(groups.iter().filter(|g| g.udp_port.is_some()).count(), 4);
        assert_eq!(groups.iter().filter(|g| g.gpus > 0).count(), GPU_GROUPS);
        assert_eq!(groups[3].tcp_port, Some(80));
        assert_eq!(groups[11].udp_port, Some(8125));
        // No group's host port collides with a port the agent reserves.
        for g in &groups {
            assert!(g.tcp_port.is_none_or(|p| !RESERVED_PORTS.contains(&p)));
        }
    }
}
