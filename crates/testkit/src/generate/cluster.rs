//! Generated cluster snapshots (spec §1.2): container instances of several zones, types and
//! statuses, custom and value-less attributes, external instances, capacity providers, ports
//! and GPU ids in use, running tasks of several groups, task definitions.
//!
//! The strategies produce small plain structs ([`GenInstance`], [`GenCluster`]) that render
//! to the snapshot JSON, so a shrunk failing case stays readable.

use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::taskdef::{GenTaskDefinition, task_definitions};
use super::universe::{
    ARCHITECTURES, ASG_PROVIDERS, EXTERNAL, FARGATE_PROVIDERS, GROUPS, INSTANCE_TYPES,
    MANAGED_PROVIDER, RACKS, REGISTERED_AT, RESERVED_TCP, SSD, STACKS, SUBNETS, TASK_ENI,
    TCP_PORTS, TIERS, UDP_PORTS, ZONES, cluster_arn, instance_arn,
};

/// One container instance, before rendering.
#[derive(Clone, Debug)]
pub struct GenInstance {
    /// Random part of the ARN (so ARN order differs from generation order).
    pub id: u32,
    pub status: &'static str,
    /// `agentConnected`; `None` leaves the field out (it then passes the `AGENT` check).
    pub agent_connected: Option<bool>,
    pub agent_version: Option<(u32, u32, u32)>,
    /// Index into `REGISTERED_AT`, and whether to write it as epoch seconds.
    pub registered_at: Option<(usize, bool)>,
    /// Whether the snapshot carries `runningTasksCount` (else it is the counted tasks).
    pub running_count_field: bool,
    pub zone: usize,
    pub instance_type: usize,
    /// `stack`: absent, present without value, or a value.
    pub stack: Option<Option<usize>>,
    pub tier: Option<usize>,
    pub rack: Option<usize>,
    pub ssd: bool,
    pub task_eni: bool,
    pub architecture: usize,
    pub external: bool,
    /// Index into the providers an instance can belong to (`ASG_PROVIDERS` then `mi`).
    pub provider: Option<usize>,
    /// Remaining CPU and memory in eighths of the registered amount (0..=8).
    pub cpu_eighths: u32,
    pub memory_eighths: u32,
    /// Bit i set: `TCP_PORTS[i]` (resp. `UDP_PORTS[i]`) is in use.
    pub tcp_in_use: u8,
    pub udp_in_use: u8,
    /// GPU ids (for GPU types), and which of them are still free (bit mask).
    pub gpu_ids: Vec<u16>,
    pub gpu_free: u8,
    /// Tasks on this instance: group index (`GROUPS.len()` is the empty group `""`) and
    /// whether `desiredStatus` is `RUNNING`.
    pub tasks: Vec<(usize, bool)>,
}

/// A generated cluster: the instances, task definitions and a few snapshot-level choices.
#[derive(Clone, Debug)]
pub struct GenCluster {
    pub instances: Vec<GenInstance>,
    pub task_definitions: Vec<GenTaskDefinition>,
    /// Tasks that name no instance of the snapshot (ignored by spec §5) and Fargate tasks:
    /// (group, zone, Fargate provider index).
    pub fargate_tasks: Vec<(usize, usize, usize)>,
    pub stray_tasks: Vec<usize>,
    /// Whether the snapshot carries the `subnets` map.
    pub subnets: bool,
}

fn status() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        40 => Just("ACTIVE"),
        4 => Just("DRAINING"),
        1 => Just("REGISTERING"),
        1 => Just("DEREGISTERING"),
        1 => Just("REGISTRATION_FAILED"),
        1 => Just("INACTIVE"),
    ]
}

fn agent_version() -> impl Strategy<Value = Option<(u32, u32, u32)>> {
    prop::option::weighted(0.9, (1u32..=1, 50u32..90, 0u32..12))
}

type Core = (u32, &'static str, Option<bool>, Option<(u32, u32, u32)>);

fn instance_core() -> impl Strategy<Value = Core> {
    (
        any::<u32>(),
        status(),
        prop::option::weighted(0.95, prop::bool::weighted(0.9)),
        agent_version(),
    )
}

fn instance_place() -> impl Strategy<Value = (usize, usize, usize, bool, Option<usize>)> {
    (
        0..ZONES.len(),
        0..INSTANCE_TYPES.len(),
        0..ARCHITECTURES.len(),
        prop::bool::weighted(0.12),
        prop::option::weighted(0.35, 0..ASG_PROVIDERS.len() + 1),
    )
}

type Attributes = (
    Option<Option<usize>>,
    Option<usize>,
    Option<usize>,
    bool,
    bool,
);

fn instance_attributes() -> impl Strategy<Value = Attributes> {
    (
        prop::option::weighted(0.8, prop::option::weighted(0.9, 0..STACKS.len())),
        prop::option::weighted(0.7, 0..TIERS.len()),
        prop::option::weighted(0.6, 0..RACKS.len()),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.6),
    )
}

fn instance_resources() -> impl Strategy<Value = (u32, u32, u8, u8, Vec<u16>, u8)> {
    (
        0u32..=8,
        0u32..=8,
        any::<u8>(),
        any::<u8>(),
        prop::collection::btree_set(any::<u16>(), 4).prop_map(|ids| ids.into_iter().collect()),
        any::<u8>(),
    )
}

fn instance_tasks() -> impl Strategy<Value = Vec<(usize, bool)>> {
    vec((0..=GROUPS.len(), prop::bool::weighted(0.9)), 0..4)
}

prop_compose! {
    fn instance()(
        core in instance_core().boxed(),
        place in instance_place().boxed(),
        attributes in instance_attributes().boxed(),
        resources in instance_resources().boxed(),
        registered_at in prop::option::weighted(0.9, (0..REGISTERED_AT.len(), any::<bool>())),
        running_count_field in prop::bool::weighted(0.8),
        tasks in instance_tasks().boxed(),
    ) -> GenInstance {
        let (id, status, agent_connected, agent_version) = core;
        let (zone, instance_type, architecture, external, provider) = place;
        let (stack, tier, rack, ssd, task_eni) = attributes;
        let (cpu_eighths, memory_eighths, tcp_mask, udp_mask, gpu_ids, gpu_free) = resources;
        GenInstance {
            id,
            status,
            agent_connected,
            agent_version,
            registered_at,
            running_count_field,
            zone,
            instance_type,
            stack,
            tier,
            rack,
            ssd,
            task_eni,
            architecture,
            external,
            provider,
            cpu_eighths,
            memory_eighths,
            tcp_in_use: tcp_mask & ((1 << TCP_PORTS.len()) - 1),
            udp_in_use: udp_mask & ((1 << UDP_PORTS.len()) - 1),
            gpu_ids,
            gpu_free,
            tasks,
        }
    }
}

/// A cluster of `instances` container instances (the range of sizes).
pub fn cluster(instances: std::ops::Range<usize>) -> impl Strategy<Value = GenCluster> {
    (
        vec(instance().boxed(), instances),
        task_definitions().boxed(),
        vec((0..GROUPS.len(), 0..ZONES.len(), 0..2usize), 0..4),
        vec(0..GROUPS.len(), 0..2),
        prop::bool::weighted(0.8),
    )
        .prop_map(
            |(instances, task_definitions, fargate_tasks, stray_tasks, subnets)| GenCluster {
                instances,
                task_definitions,
                fargate_tasks,
                stray_tasks,
                subnets,
            },
        )
}

/// Cluster sizes mostly small, sometimes a few hundred instances.
pub fn any_cluster() -> impl Strategy<Value = GenCluster> {
    prop_oneof![
        6 => cluster(1..24).boxed(),
        3 => cluster(24..80).boxed(),
        1 => cluster(80..300).boxed(),
    ]
}

impl GenInstance {
    /// The instance id part of the ARN: random bits then the position (unique).
    pub fn arn(&self, position: usize) -> String {
        instance_arn(&format!("{:08x}{position:04x}", self.id))
    }

    fn provider_name(&self) -> Option<&'static str> {
        self.provider.map(|index| {
            ASG_PROVIDERS
                .get(index)
                .copied()
                .unwrap_or(MANAGED_PROVIDER)
        })
    }

    fn attributes(&self) -> Vec<Value> {
        let instance_type = INSTANCE_TYPES[self.instance_type];
        let mut attributes = vec![
            json!({"name": "ecs.availability-zone", "value": ZONES[self.zone]}),
            json!({"name": "ecs.instance-type", "value": instance_type.name}),
            json!({"name": "ecs.os-type", "value": "linux"}),
            json!({"name": "ecs.cpu-architecture", "value": ARCHITECTURES[self.architecture]}),
        ];
        match self.stack {
            Some(Some(value)) => attributes.push(json!({"name": "stack", "value": STACKS[value]})),
            Some(None) => attributes.push(json!({"name": "stack"})),
            None => {}
        }
        if let Some(tier) = self.tier {
            attributes.push(json!({"name": "tier", "value": TIERS[tier]}));
        }
        if let Some(rack) = self.rack {
            attributes.push(json!({"name": "rack", "value": RACKS[rack]}));
        }
        for (present, name) in [
            (self.ssd, SSD),
            (self.task_eni, TASK_ENI),
            (self.external, EXTERNAL),
        ] {
            if present {
                attributes.push(json!({"name": name}));
            }
        }
        attributes
    }

    fn gpu_names(&self) -> Vec<String> {
        let count = INSTANCE_TYPES[self.instance_type].gpus as usize;
        self.gpu_ids
            .iter()
            .take(count)
            .map(|id| format!("GPU-{id:04x}"))
            .collect()
    }

    fn resources(&self, remaining: bool) -> Vec<Value> {
        let instance_type = INSTANCE_TYPES[self.instance_type];
        let (cpu, memory) = if remaining {
            (
                instance_type.cpu / 8 * self.cpu_eighths,
                instance_type.memory / 8 * self.memory_eighths,
            )
        } else {
            (instance_type.cpu, instance_type.memory)
        };
        let mut tcp: Vec<String> = RESERVED_TCP.iter().map(u16::to_string).collect();
        let mut udp: Vec<String> = Vec::new();
        if remaining {
            tcp.extend(masked(&TCP_PORTS, self.tcp_in_use).map(|port| port.to_string()));
            udp.extend(masked(&UDP_PORTS, self.udp_in_use).map(|port| port.to_string()));
        }
        let mut resources = vec![
            json!({"name": "CPU", "type": "INTEGER", "integerValue": cpu}),
            json!({"name": "MEMORY", "type": "INTEGER", "integerValue": memory}),
            json!({"name": "PORTS", "type": "STRINGSET", "stringSetValue": tcp}),
            json!({"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": udp}),
        ];
        let gpus = self.gpu_names();
        if !gpus.is_empty() {
            let gpus: Vec<&String> = if remaining {
                gpus.iter()
                    .enumerate()
                    .filter(|(bit, _)| self.gpu_free & (1 << bit) != 0)
                    .map(|(_, id)| id)
                    .collect()
            } else {
                gpus.iter().collect()
            };
            resources.push(json!({"name": "GPU", "type": "STRINGSET", "stringSetValue": gpus}));
        }
        resources
    }

    fn counted_tasks(&self) -> usize {
        self.tasks.iter().filter(|(_, running)| *running).count()
    }

    /// The `describe-container-instances` element.
    pub fn to_json(&self, position: usize) -> Value {
        let mut object = json!({
            "containerInstanceArn": self.arn(position),
            "ec2InstanceId": if self.external {
                format!("mi-{:08x}{position:04x}", self.id)
            } else {
                format!("i-{:08x}{position:04x}", self.id)
            },
            "status": self.status,
            "attributes": self.attributes(),
            "registeredResources": self.resources(false),
            "remainingResources": self.resources(true),
        });
        let fields = object.as_object_mut();
        let Some(fields) = fields else {
            return object;
        };
        if let Some(connected) = self.agent_connected {
            fields.insert("agentConnected".into(), json!(connected));
        }
        if let Some(provider) = self.provider_name() {
            fields.insert("capacityProviderName".into(), json!(provider));
        }
        if let Some((major, minor, patch)) = self.agent_version {
            fields.insert(
                "versionInfo".into(),
                json!({"agentVersion": format!("{major}.{minor}.{patch}")}),
            );
        }
        if let Some((index, epoch)) = self.registered_at {
            let value = if epoch {
                json!(1_600_000_000 + 86_400 * index as u64)
            } else {
                json!(REGISTERED_AT[index])
            };
            fields.insert("registeredAt".into(), value);
        }
        if self.running_count_field {
            // The field may exceed the counted tasks (tasks not captured in the snapshot).
            let count = self.counted_tasks() + (self.id % 3) as usize;
            fields.insert("runningTasksCount".into(), json!(count));
        }
        object
    }
}

fn masked(ports: &[u16], mask: u8) -> impl Iterator<Item = u16> + '_ {
    ports
        .iter()
        .enumerate()
        .filter(move |(bit, _)| mask & (1 << bit) != 0)
        .map(|(_, port)| *port)
}

fn task_arn(counter: usize) -> String {
    format!(
        "arn:aws:ecs:us-east-1:123456789012:task/{}/{counter:032x}",
        super::universe::CLUSTER_NAME
    )
}

impl GenCluster {
    fn tasks_json(&self) -> Vec<Value> {
        let mut tasks = Vec::new();
        for (position, instance) in self.instances.iter().enumerate() {
            for (group, running) in &instance.tasks {
                let desired = if *running { "RUNNING" } else { "STOPPED" };
                tasks.push(json!({
                    "taskArn": task_arn(tasks.len()),
                    "containerInstanceArn": instance.arn(position),
                    "group": GROUPS.get(*group).copied().unwrap_or(""),
                    "desiredStatus": desired,
                    "lastStatus": desired,
                    "availabilityZone": ZONES[instance.zone],
                    "launchType": if instance.external { "EXTERNAL" } else { "EC2" },
                }));
            }
        }
        for group in &self.stray_tasks {
            tasks.push(json!({
                "taskArn": task_arn(tasks.len()),
                "containerInstanceArn": instance_arn("ffffffff-not-in-snapshot"),
                "group": GROUPS[*group],
                "desiredStatus": "RUNNING",
                "lastStatus": "RUNNING",
                "launchType": "EC2",
            }));
        }
        for (group, zone, provider) in &self.fargate_tasks {
            tasks.push(json!({
                "taskArn": task_arn(tasks.len()),
                "group": GROUPS[*group],
                "desiredStatus": "RUNNING",
                "lastStatus": "RUNNING",
                "availabilityZone": ZONES[*zone],
                "capacityProviderName": FARGATE_PROVIDERS[*provider],
                "launchType": "FARGATE",
            }));
        }
        tasks
    }

    fn capacity_providers_json() -> Vec<Value> {
        let mut providers: Vec<Value> = ASG_PROVIDERS
            .iter()
            .map(|name| {
                json!({
                    "name": name,
                    "status": "ACTIVE",
                    "type": "EC2_AUTOSCALING",
                    "autoScalingGroupProvider": {
                        "autoScalingGroupArn": format!("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0:autoScalingGroupName/{name}"),
                        "managedScaling": {"status": "ENABLED"},
                    },
                })
            })
            .collect();
        providers.push(json!({
            "name": MANAGED_PROVIDER,
            "status": "ACTIVE",
            "type": "MANAGED_INSTANCES",
            "managedInstancesProvider": {},
        }));
        providers
    }

    /// The snapshot document of spec §1.2.
    pub fn to_json(&self) -> Value {
        let instances: Vec<Value> = self
            .instances
            .iter()
            .enumerate()
            .map(|(position, instance)| instance.to_json(position))
            .collect();
        let mut cluster_providers: Vec<&str> = ASG_PROVIDERS.to_vec();
        cluster_providers.push(MANAGED_PROVIDER);
        cluster_providers.extend(FARGATE_PROVIDERS);
        let mut snapshot = json!({
            "clusters": [{
                "clusterName": super::universe::CLUSTER_NAME,
                "clusterArn": cluster_arn(),
                "status": "ACTIVE",
                "capacityProviders": cluster_providers,
                "defaultCapacityProviderStrategy": [],
            }],
            "capacityProviders": Self::capacity_providers_json(),
            "containerInstances": instances,
            "taskDefinitions": self.task_definitions.iter().map(GenTaskDefinition::to_json).collect::<Vec<_>>(),
            "tasks": self.tasks_json(),
        });
        if self.subnets
            && let Some(fields) = snapshot.as_object_mut()
        {
            let subnets: Vec<Value> = SUBNETS
                .iter()
                .zip(ZONES)
                .map(|(subnet, zone)| json!({"SubnetId": subnet, "AvailabilityZone": zone}))
                .collect();
            fields.insert("subnets".into(), Value::Array(subnets));
        }
        snapshot
    }
}
