//! Generated task definitions: one family per placement feature (plain, static host ports,
//! GPUs, awsvpc, host network mode, task-definition constraints), with random requirements.

use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::cql::expression;
use super::universe::{STACKS, TASK_ENI, TCP_PORTS, UDP_PORTS, task_definition_arn};

/// The families every generated cluster defines.
pub const FAMILIES: [&str; 6] = ["app", "web", "gpu", "vpc", "host", "pinned"];

/// The family whose task definition is awsvpc with Fargate-sized task-level cpu/memory.
pub const AWSVPC_FAMILY: &str = "vpc";

/// One container definition.
#[derive(Clone, Debug)]
pub struct GenContainer {
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub memory_reservation: Option<u32>,
    /// (containerPort, hostPort when written, udp?)
    pub ports: Vec<(u16, Option<u16>, bool)>,
    pub gpus: Option<u32>,
}

/// One task definition revision.
#[derive(Clone, Debug)]
pub struct GenTaskDefinition {
    pub family: &'static str,
    pub revision: u32,
    pub active: bool,
    pub network_mode: &'static str,
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub containers: Vec<GenContainer>,
    /// `requiresAttributes` (name, value).
    pub requires: Vec<(&'static str, Option<&'static str>)>,
    /// `memberOf` expressions of the task definition.
    pub constraints: Vec<String>,
}

fn container(
    ports: impl Strategy<Value = Vec<(u16, Option<u16>, bool)>>,
) -> impl Strategy<Value = GenContainer> {
    (
        prop::option::weighted(0.8, (0u32..=8).prop_map(|n| n * 128)),
        prop::option::weighted(0.8, (1u32..=16).prop_map(|n| n * 256)),
        prop::option::weighted(0.4, (1u32..=8).prop_map(|n| n * 128)),
        ports,
    )
        .prop_map(|(cpu, memory, memory_reservation, ports)| GenContainer {
            cpu,
            // A container needs `memory` or `memoryReservation`; keep one at least.
            memory: memory.or(if memory_reservation.is_none() {
                Some(128)
            } else {
                None
            }),
            memory_reservation,
            ports,
            gpus: None,
        })
}

fn no_ports() -> impl Strategy<Value = Vec<(u16, Option<u16>, bool)>> {
    Just(Vec::new())
}

fn static_ports() -> impl Strategy<Value = Vec<(u16, Option<u16>, bool)>> {
    prop_oneof![
        (0..TCP_PORTS.len()).prop_map(|i| vec![(80, Some(TCP_PORTS[i]), false)]),
        (0..UDP_PORTS.len()).prop_map(|i| vec![(53, Some(UDP_PORTS[i]), true)]),
        (0..TCP_PORTS.len(), 0..UDP_PORTS.len()).prop_map(|(t, u)| vec![
            (80, Some(TCP_PORTS[t]), false),
            (53, Some(UDP_PORTS[u]), true)
        ]),
        // A dynamic host port takes nothing.
        Just(vec![(8080, Some(0), false)]),
    ]
}

fn revision(
    family: &'static str,
    revision: u32,
    network_mode: &'static str,
    containers: impl Strategy<Value = Vec<GenContainer>>,
) -> impl Strategy<Value = GenTaskDefinition> {
    containers.prop_map(move |containers| GenTaskDefinition {
        family,
        revision,
        active: true,
        network_mode,
        cpu: None,
        memory: None,
        containers,
        requires: Vec::new(),
        constraints: Vec::new(),
    })
}

fn app() -> impl Strategy<Value = Vec<GenTaskDefinition>> {
    (
        revision("app", 1, "bridge", vec(container(no_ports()), 1..3)),
        revision("app", 2, "bridge", vec(container(no_ports()), 1..3)),
        revision("app", 3, "bridge", vec(container(no_ports()), 1..3)),
        any::<bool>(),
    )
        .prop_map(|(mut first, second, mut third, third_active)| {
            first.active = false;
            third.active = third_active;
            vec![first, second, third]
        })
}

fn web() -> impl Strategy<Value = GenTaskDefinition> {
    revision(
        "web",
        1,
        "bridge",
        container(static_ports()).prop_map(|c| vec![c]),
    )
}

fn gpu() -> impl Strategy<Value = GenTaskDefinition> {
    (
        revision("gpu", 1, "bridge", vec(container(no_ports()), 1..3)),
        vec(1u32..=2, 2),
    )
        .prop_map(|(mut definition, gpus)| {
            for (container, gpus) in definition.containers.iter_mut().zip(gpus) {
                container.gpus = Some(gpus);
            }
            definition
        })
}

fn vpc() -> impl Strategy<Value = GenTaskDefinition> {
    (
        revision(
            "vpc",
            1,
            "awsvpc",
            container(static_ports()).prop_map(|c| vec![c]),
        ),
        prop_oneof![Just((256, 512)), Just((512, 1024)), Just((1024, 2048))],
    )
        .prop_map(|(mut definition, (cpu, memory))| {
            definition.cpu = Some(cpu);
            definition.memory = Some(memory);
            definition.requires.push((TASK_ENI, None));
            definition
        })
}

fn host() -> impl Strategy<Value = GenTaskDefinition> {
    revision(
        "host",
        1,
        "host",
        container(no_ports()).prop_map(|c| vec![c]),
    )
    .prop_map(|mut definition| {
        for container in &mut definition.containers {
            // host mode: no hostPort means the container port.
            container.ports.push((9000, None, false));
        }
        definition
    })
}

fn pinned() -> impl Strategy<Value = GenTaskDefinition> {
    (
        revision("pinned", 1, "bridge", vec(container(no_ports()), 1..2)),
        vec(expression().boxed(), 0..3),
        prop::option::weighted(0.4, 0..STACKS.len()),
        prop::option::weighted(0.5, (1u32..=4).prop_map(|n| n * 256)),
    )
        .prop_map(|(mut definition, constraints, stack, task_cpu)| {
            definition.constraints = constraints;
            definition.cpu = task_cpu;
            if let Some(stack) = stack {
                definition.requires.push(("stack", Some(STACKS[stack])));
            }
            definition
        })
}

/// Every family's revisions.
pub fn task_definitions() -> impl Strategy<Value = Vec<GenTaskDefinition>> {
    (
        app().boxed(),
        web().boxed(),
        gpu().boxed(),
        vpc().boxed(),
        host().boxed(),
        pinned().boxed(),
    )
        .prop_map(|(mut all, web, gpu, vpc, host, pinned)| {
            all.extend([web, gpu, vpc, host, pinned]);
            all
        })
}

impl GenContainer {
    fn to_json(&self, index: usize) -> Value {
        let mut object = serde_json::Map::new();
        object.insert("name".into(), json!(format!("c{index}")));
        object.insert(
            "image".into(),
            json!("public.ecr.aws/docker/library/busybox"),
        );
        if let Some(cpu) = self.cpu {
            object.insert("cpu".into(), json!(cpu));
        }
        if let Some(memory) = self.memory {
            object.insert("memory".into(), json!(memory));
        }
        if let Some(reservation) = self.memory_reservation {
            object.insert("memoryReservation".into(), json!(reservation));
        }
        if !self.ports.is_empty() {
            let mappings: Vec<Value> = self
                .ports
                .iter()
                .map(|(container_port, host_port, udp)| {
                    let mut mapping = serde_json::Map::new();
                    mapping.insert("containerPort".into(), json!(container_port));
                    if let Some(host_port) = host_port {
                        mapping.insert("hostPort".into(), json!(host_port));
                    }
                    mapping.insert("protocol".into(), json!(if *udp { "udp" } else { "tcp" }));
                    Value::Object(mapping)
                })
                .collect();
            object.insert("portMappings".into(), Value::Array(mappings));
        }
        if let Some(gpus) = self.gpus {
            object.insert(
                "resourceRequirements".into(),
                json!([{"type": "GPU", "value": gpus.to_string()}]),
            );
        }
        Value::Object(object)
    }
}

impl GenTaskDefinition {
    /// The `taskDefinition` object of `describe-task-definition`.
    pub fn to_json(&self) -> Value {
        let mut object = serde_json::Map::new();
        object.insert(
            "taskDefinitionArn".into(),
            json!(task_definition_arn(self.family, self.revision)),
        );
        object.insert("family".into(), json!(self.family));
        object.insert("revision".into(), json!(self.revision));
        object.insert(
            "status".into(),
            json!(if self.active { "ACTIVE" } else { "INACTIVE" }),
        );
        object.insert("networkMode".into(), json!(self.network_mode));
        let compatibilities: &[&str] = if self.network_mode == "awsvpc" {
            &["EC2", "EXTERNAL", "MANAGED_INSTANCES", "FARGATE"]
        } else {
            &["EC2", "EXTERNAL", "MANAGED_INSTANCES"]
        };
        object.insert("requiresCompatibilities".into(), json!(compatibilities));
        if let Some(cpu) = self.cpu {
            object.insert("cpu".into(), json!(cpu.to_string()));
        }
        if let Some(memory) = self.memory {
            object.insert("memory".into(), json!(memory.to_string()));
        }
        let containers: Vec<Value> = self
            .containers
            .iter()
            .enumerate()
            .map(|(index, container)| container.to_json(index))
            .collect();
        object.insert("containerDefinitions".into(), Value::Array(containers));
        let requires: Vec<Value> = self
            .requires
            .iter()
            .map(|(name, value)| match value {
                Some(value) => json!({"name": name, "value": value}),
                None => json!({"name": name}),
            })
            .collect();
        object.insert("requiresAttributes".into(), Value::Array(requires));
        let constraints: Vec<Value> = self
            .constraints
            .iter()
            .map(|expression| json!({"type": "memberOf", "expression": expression}))
            .collect();
        object.insert("placementConstraints".into(), Value::Array(constraints));
        Value::Object(object)
    }
}
