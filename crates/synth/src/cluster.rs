//! The snapshot around the instances: the cluster, its capacity providers, the task
//! definitions the benchmark requests use, and the subnets.

use ecs_place_model::snapshot::{
    AutoScalingGroupProvider, ClusterStrategyItem, ContainerResourceRequirement, ManagedScaling,
    PortMapping, Subnet,
};
use ecs_place_model::{
    Attribute, CapacityProvider, Cluster, ClusterState, ContainerDefinition, TaskDefinition,
};

use crate::catalog::{ACCOUNT, CLUSTER_NAME, REGION, ZONES, cluster_arn};
use crate::instance::{self, Tables};

/// The Auto Scaling group providers: every non-GPU instance belongs to the first, every GPU
/// instance to the second.
pub const ASG_PROVIDERS: [&str; 2] = ["asg-general", "asg-gpu"];

/// A synthetic snapshot of `instances` container instances (spec §1.2), the same for the same
/// `(instances, seed)`. Instance `i` depends only on `(seed, i)`: a larger snapshot of one seed
/// extends a smaller one. See the crate documentation for the profile.
pub fn generate_cluster(instances: usize, seed: u64) -> ClusterState {
    let tables = Tables::new();
    let mut container_instances = Vec::with_capacity(instances);
    let mut tasks = Vec::with_capacity(instances * 4);
    for index in 0..instances as u64 {
        let (instance, running) = instance::generate(&tables, seed, index);
        container_instances.push(instance);
        tasks.extend(running);
    }
    ClusterState {
        clusters: vec![cluster()],
        capacity_providers: capacity_providers(),
        container_instances,
        task_definitions: task_definitions(),
        tasks,
        subnets: ZONES
            .iter()
            .map(|z| Subnet {
                subnet_id: z.subnet_id.to_owned(),
                availability_zone: z.name.to_owned(),
            })
            .collect(),
    }
}

fn cluster() -> Cluster {
    Cluster {
        cluster_arn: cluster_arn(),
        cluster_name: CLUSTER_NAME.to_owned(),
        status: Some("ACTIVE".to_owned()),
        capacity_providers: ASG_PROVIDERS
            .iter()
            .chain(&["FARGATE", "FARGATE_SPOT"])
            .map(|p| (*p).to_owned())
            .collect(),
        default_capacity_provider_strategy: vec![ClusterStrategyItem {
            capacity_provider: ASG_PROVIDERS[0].to_owned(),
            weight: 1,
            base: 0,
        }],
    }
}

fn capacity_providers() -> Vec<CapacityProvider> {
    let arn = |name: &str| format!("arn:aws:ecs:{REGION}:{ACCOUNT}:capacity-provider/{name}");
    let asg = ASG_PROVIDERS
        .iter()
        .enumerate()
        .map(|(i, name)| CapacityProvider {
            name: (*name).to_owned(),
            capacity_provider_arn: Some(arn(name)),
            status: Some("ACTIVE".to_owned()),
            update_status: Some("UPDATE_COMPLETE".to_owned()),
            kind: Some("EC2_AUTOSCALING".to_owned()),
            auto_scaling_group_provider: Some(AutoScalingGroupProvider {
                auto_scaling_group_arn: Some(format!(
                    "arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:\
                 5eed{i:04x}-0000-4000-8000-00000000000{i}:autoScalingGroupName/{CLUSTER_NAME}-{}",
                    name.trim_start_matches("asg-")
                )),
                managed_scaling: Some(ManagedScaling {
                    status: Some("ENABLED".to_owned()),
                }),
            }),
            managed_instances_provider: None,
        });
    let fargate = ["FARGATE", "FARGATE_SPOT"]
        .into_iter()
        .map(|name| CapacityProvider {
            name: name.to_owned(),
            capacity_provider_arn: Some(arn(name)),
            status: Some("ACTIVE".to_owned()),
            kind: Some(name.to_owned()),
            ..CapacityProvider::default()
        });
    asg.chain(fargate).collect()
}

fn container(name: &str, cpu: u32, memory: u32) -> ContainerDefinition {
    ContainerDefinition {
        name: name.to_owned(),
        cpu: Some(cpu),
        memory: Some(memory),
        ..ContainerDefinition::default()
    }
}

fn definition(family: &str, containers: Vec<ContainerDefinition>) -> TaskDefinition {
    TaskDefinition {
        task_definition_arn: format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:1"),
        family: family.to_owned(),
        revision: 1,
        status: "ACTIVE".to_owned(),
        container_definitions: containers,
        network_mode: Some("bridge".to_owned()),
        requires_compatibilities: vec!["EC2".to_owned()],
        compatibilities: vec!["EC2".to_owned()],
        requires_attributes: vec![Attribute {
            name: "com.amazonaws.ecs.capability.logging-driver.awslogs".into(),
            ..Attribute::default()
        }],
        ..TaskDefinition::default()
    }
}

/// The task definitions: `bench` (what the benchmark requests run) and a few for what-ifs.
///
/// | family | needs |
/// | --- | --- |
/// | `bench` | one container, 256 CPU units, 512 MiB, bridge, no host port |
/// | `bench-port` | 256 CPU units, 512 MiB, host port 8080/tcp (which group `service:svc-17` binds) |
/// | `bench-gpu` | 1024 CPU units, 4096 MiB, 1 GPU |
/// | `bench-large` | task-level 4096 CPU units, 16384 MiB |
/// | `bench-fargate` | `awsvpc`, `FARGATE`, task-level 256 CPU units, 512 MiB |
fn task_definitions() -> Vec<TaskDefinition> {
    let bench = definition("bench", vec![container("app", 256, 512)]);
    let mut web = container("web", 256, 512);
    web.port_mappings = vec![PortMapping {
        container_port: Some(80),
        host_port: Some(8080),
        protocol: Some("tcp".to_owned()),
        container_port_range: None,
    }];
    let port = definition("bench-port", vec![web]);
    let mut cuda = container("cuda", 1024, 4096);
    cuda.resource_requirements = vec![ContainerResourceRequirement {
        kind: "GPU".to_owned(),
        value: Some("1".to_owned()),
    }];
    let gpu = definition("bench-gpu", vec![cuda]);
    let mut large = definition("bench-large", vec![container("app", 2048, 8192)]);
    large.cpu = Some("4096".to_owned());
    large.memory = Some("16384".to_owned());
    let mut fargate = definition(
        "bench-fargate",
        vec![ContainerDefinition {
            name: "app".to_owned(),
            ..ContainerDefinition::default()
        }],
    );
    fargate.cpu = Some("256".to_owned());
    fargate.memory = Some("512".to_owned());
    fargate.network_mode = Some("awsvpc".to_owned());
    fargate.requires_compatibilities = vec!["FARGATE".to_owned()];
    fargate.compatibilities = vec!["EC2".to_owned(), "FARGATE".to_owned()];
    fargate.requires_attributes = Vec::new();
    vec![bench, port, gpu, large, fargate]
}
