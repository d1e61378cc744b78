//! One container instance of the synthetic cluster and the tasks running on it.

use ecs_place_model::snapshot::VersionInfo;
use ecs_place_model::{Attribute, ClusterTask, ContainerInstance, Resource, Timestamp};

use crate::catalog::{
    self, AGENT_VERSIONS, AMIS_ARM64, AMIS_GPU, AMIS_X86_64, Architecture, CAPABILITIES,
    CUSTOM_ATTRIBUTES, GPU_CAPABILITY, GPU_GROUPS, GROUP_COUNT, Group, INSTANCE_TYPES,
    InstanceType, RESERVED_PORTS, VPC_ID, ZONES,
};
use crate::rng::{SplitMix64, mix};

/// Stream salts: what a stream generates.
const SALT_INSTANCE: u64 = 1;
const SALT_ARN: u64 = 2;
const SALT_TASK_ARN: u64 = 3;

/// The most tasks one instance runs.
pub(crate) const MAX_TASKS: u64 = 8;
/// Instances `DRAINING`, in thousandths.
const DRAINING_PER_MILLE: u64 = 5;
/// Instances whose agent is disconnected, in thousandths.
const DISCONNECTED_PER_MILLE: u64 = 2;
/// Target CPU and memory use of a busy instance, in percent: drawn uniformly from this range.
const TARGET_USE_PERCENT: (u64, u64) = (40, 100);
/// 2024-01-01T00:00:00Z; instances registered within the 180 days after it.
const REGISTERED_FROM_SECONDS: i128 = 1_704_067_200;
const REGISTERED_SPAN_SECONDS: u64 = 180 * 86_400;

/// The shared, seed-independent tables an instance draws from, built once per snapshot.
pub(crate) struct Tables {
    pub(crate) groups: Vec<Group>,
    arn_prefix: String,
    task_arn_prefix: String,
}

impl Tables {
    pub(crate) fn new() -> Self {
        Self {
            groups: (0..GROUP_COUNT).map(catalog::group).collect(),
            arn_prefix: catalog::instance_arn_prefix(),
            task_arn_prefix: format!(
                "arn:aws:ecs:{}:{}:task/{}/",
                catalog::REGION,
                catalog::ACCOUNT,
                catalog::CLUSTER_NAME
            ),
        }
    }
}

/// A 32-hex-digit id, unique per `(seed, salt, index)`: the low half is a bijection of the
/// index, so two indexes of one snapshot never collide.
fn unique_id(seed: u64, salt: u64, index: u64) -> String {
    let high = SplitMix64::for_item(seed, salt, index).next_u64();
    let low = mix(index ^ mix(seed ^ salt));
    format!("{high:016x}{low:016x}")
}

/// The ARN of instance `index`.
pub(crate) fn instance_arn(tables: &Tables, seed: u64, index: u64) -> String {
    format!("{}{}", tables.arn_prefix, unique_id(seed, SALT_ARN, index))
}

/// Resources in use on an instance while its tasks are drawn.
struct Usage {
    cpu: u32,
    memory: u32,
    tcp: Vec<u16>,
    udp: Vec<u16>,
    /// Indexes into the instance's GPU ids that a task took.
    gpus_taken: Vec<usize>,
}

impl Usage {
    /// Whether a task of `group` keeps the instance under the budgets, with its ports free.
    fn fits(&self, group: &Group, cpu_budget: u32, memory_budget: u32) -> bool {
        self.cpu + group.cpu <= cpu_budget
            && self.memory + group.memory <= memory_budget
            && group.tcp_port.is_none_or(|p| !self.tcp.contains(&p))
            && group.udp_port.is_none_or(|p| !self.udp.contains(&p))
    }

    /// Records a task of `group`; its GPUs are the lowest free ids.
    fn add(&mut self, group: &Group) {
        self.cpu += group.cpu;
        self.memory += group.memory;
        self.tcp.extend(group.tcp_port);
        self.udp.extend(group.udp_port);
        for _ in 0..group.gpus {
            self.gpus_taken.push(self.gpus_taken.len());
        }
    }
}

/// Instance `index` of the snapshot for `seed`, and its running tasks.
pub(crate) fn generate(
    tables: &Tables,
    seed: u64,
    index: u64,
) -> (ContainerInstance, Vec<ClusterTask>) {
    let mut rng = SplitMix64::for_item(seed, SALT_INSTANCE, index);
    let itype = &INSTANCE_TYPES[rng.weighted(INSTANCE_TYPES.iter().map(|t| t.per_mille))];
    // INVARIANT: `index % 3` is below `ZONES.len()`.
    let zone = &ZONES[(index % ZONES.len() as u64) as usize];
    let provider = if itype.gpus > 0 {
        "asg-gpu"
    } else {
        "asg-general"
    };
    let arn = instance_arn(tables, seed, index);
    let gpu_ids: Vec<String> = (0..itype.gpus).map(|_| gpu_id(&mut rng)).collect();

    let draining = rng.chance(DRAINING_PER_MILLE, 1000);
    let connected = !rng.chance(DISCONNECTED_PER_MILLE, 1000);
    let registered_at = REGISTERED_FROM_SECONDS + i128::from(rng.below(REGISTERED_SPAN_SECONDS));
    let agent_version = AGENT_VERSIONS[rng.index(AGENT_VERSIONS.len())];
    let ec2_instance_id = format!("i-0{}", rng.hex(16));
    let attributes = attributes(&mut rng, itype, zone);

    let (usage, groups) = fill(&mut rng, tables, itype);
    let tasks: Vec<ClusterTask> = groups
        .iter()
        .enumerate()
        .map(|(slot, &group)| ClusterTask {
            task_arn: Some(format!(
                "{}{}",
                tables.task_arn_prefix,
                unique_id(seed, SALT_TASK_ARN, index * 16 + slot as u64)
            )),
            container_instance_arn: Some(arn.clone()),
            group: Some(tables.groups[group].name.clone()),
            desired_status: Some("RUNNING".to_owned()),
            last_status: Some("RUNNING".to_owned()),
            availability_zone: Some(zone.name.to_owned()),
            capacity_provider_name: Some(provider.to_owned()),
            launch_type: Some("EC2".to_owned()),
        })
        .collect();

    let mut registered_resources = vec![
        Resource::integer("CPU", itype.cpu_units()),
        Resource::integer("MEMORY", itype.memory_mib),
        Resource::string_set("PORTS", RESERVED_PORTS.iter().map(u16::to_string)),
        Resource::string_set("PORTS_UDP", Vec::<String>::new()),
    ];
    let mut tcp_in_use: Vec<u16> = RESERVED_PORTS.iter().copied().chain(usage.tcp).collect();
    tcp_in_use.sort_unstable();
    let mut udp_in_use = usage.udp;
    udp_in_use.sort_unstable();
    let mut remaining_resources = vec![
        Resource::integer("CPU", itype.cpu_units() - usage.cpu),
        Resource::integer("MEMORY", itype.memory_mib - usage.memory),
        Resource::string_set("PORTS", tcp_in_use.iter().map(u16::to_string)),
        Resource::string_set("PORTS_UDP", udp_in_use.iter().map(u16::to_string)),
    ];
    if !gpu_ids.is_empty() {
        let free = gpu_ids
            .iter()
            .enumerate()
            .filter(|(i, _)| !usage.gpus_taken.contains(i))
            .map(|(_, id)| id.clone());
        remaining_resources.push(Resource::string_set("GPU", free));
        registered_resources.push(Resource::string_set("GPU", gpu_ids));
    }

    let instance = ContainerInstance {
        container_instance_arn: arn,
        ec2_instance_id: Some(ec2_instance_id),
        capacity_provider_name: Some(provider.to_owned()),
        status: if draining { "DRAINING" } else { "ACTIVE" }.to_owned(),
        agent_connected: Some(connected),
        version_info: Some(VersionInfo {
            agent_version: Some(agent_version.to_owned()),
            agent_hash: None,
            docker_version: Some("DockerVersion: 25.0.3".to_owned()),
        }),
        registered_at: Some(Timestamp::from_nanos(registered_at * 1_000_000_000)),
        running_tasks_count: Some(u32::try_from(tasks.len()).unwrap_or(u32::MAX)),
        pending_tasks_count: Some(0),
        attributes,
        registered_resources,
        remaining_resources,
    };
    (instance, tasks)
}

/// An NVIDIA GPU id (`GPU-` and a UUID).
fn gpu_id(rng: &mut SplitMix64) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    format!(
        "GPU-{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

fn named(name: &str, value: Option<&str>) -> Attribute {
    Attribute {
        name: name.into(),
        value: value.map(Box::from),
        target_type: None,
        target_id: None,
    }
}

/// Capabilities, the built-in attributes and the custom attributes of one instance.
fn attributes(rng: &mut SplitMix64, itype: &InstanceType, zone: &catalog::Zone) -> Vec<Attribute> {
    let amis: &[&str] = match (itype.gpus > 0, itype.architecture) {
        (true, _) => &AMIS_GPU,
        (false, Architecture::X86_64) => &AMIS_X86_64,
        (false, Architecture::Arm64) => &AMIS_ARM64,
    };
    let ami = amis[rng.index(amis.len())];
    let mut attributes: Vec<Attribute> = CAPABILITIES.iter().map(|c| named(c, None)).collect();
    if itype.gpus > 0 {
        attributes.push(named(GPU_CAPABILITY, None));
    }
    attributes.extend([
        named("ecs.ami-id", Some(ami)),
        named("ecs.availability-zone", Some(zone.name)),
        named("ecs.cpu-architecture", Some(itype.architecture.as_str())),
        named("ecs.instance-type", Some(itype.name)),
        named("ecs.os-family", Some("LINUX")),
        named("ecs.os-type", Some("linux")),
        named("ecs.subnet-id", Some(zone.subnet_id)),
        named("ecs.vpc-id", Some(VPC_ID)),
    ]);
    for custom in &CUSTOM_ATTRIBUTES {
        // Draw the value even when the attribute is absent, so that one attribute's presence
        // does not shift the values of the next.
        let value = custom.values[rng.index(custom.values.len())];
        if rng.chance(u64::from(custom.per_mille), 1000) {
            attributes.push(named(custom.name, Some(value)));
        }
    }
    attributes
}

/// Draws the instance's running tasks: up to a drawn count (0–8), each of a group drawn
/// uniformly among those that keep the instance under a drawn target use of CPU and memory and
/// whose host ports are free (on a GPU instance with a free GPU, half the draws are among the
/// GPU groups). Returns what
/// they use and their group indexes.
fn fill(rng: &mut SplitMix64, tables: &Tables, itype: &InstanceType) -> (Usage, Vec<usize>) {
    let mut usage = Usage {
        cpu: 0,
        memory: 0,
        tcp: Vec::new(),
        udp: Vec::new(),
        gpus_taken: Vec::new(),
    };
    let mut groups = Vec::new();
    let wanted = rng.below(MAX_TASKS + 1);
    let target = TARGET_USE_PERCENT.0 + rng.below(TARGET_USE_PERCENT.1 - TARGET_USE_PERCENT.0 + 1);
    let budget = |registered: u32| (u64::from(registered) * target / 100) as u32;
    let (cpu_budget, memory_budget) = (budget(itype.cpu_units()), budget(itype.memory_mib));
    let plain_groups = tables.groups.len() - GPU_GROUPS;
    let mut fitting: Vec<usize> = Vec::with_capacity(plain_groups);
    while (groups.len() as u64) < wanted {
        let fits = |g: &usize| usage.fits(&tables.groups[*g], cpu_budget, memory_budget);
        fitting.clear();
        if usage.gpus_taken.len() < itype.gpus as usize && rng.chance(1, 2) {
            fitting.extend((plain_groups..tables.groups.len()).filter(fits));
        }
        if fitting.is_empty() {
            fitting.extend((0..plain_groups).filter(fits));
        }
        if fitting.is_empty() {
            break;
        }
        // Of three groups drawn among those that fit, the one closest in CPU to an even share
        // of what is left of the budget: big instances run bigger tasks.
        let tasks_left = (wanted - groups.len() as u64) as u32;
        let share = (cpu_budget - usage.cpu) / tasks_left;
        let group = (0..3)
            .map(|_| fitting[rng.index(fitting.len())])
            .min_by_key(|&g| tables.groups[g].cpu.abs_diff(share))
            .unwrap_or(fitting[0]);
        usage.add(&tables.groups[group]);
        groups.push(group);
    }
    (usage, groups)
}
