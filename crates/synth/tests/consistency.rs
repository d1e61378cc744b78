//! Every snapshot is valid input, and its resources agree with its tasks.

use std::collections::{BTreeSet, HashMap, HashSet};

use ecs_place_model::{ClusterState, ContainerInstance, parse_cluster_state};
use ecs_place_synth::generate_cluster;
use ecs_place_synth::profile::{Group, RESERVED_PORTS, group};

#[test]
fn snapshots_pass_the_model_check() {
    for (instances, seed) in [(1, 0), (10, 1), (500, 7), (2000, u64::MAX)] {
        assert_eq!(
            generate_cluster(instances, seed).check(),
            Ok(()),
            "{instances}/{seed}"
        );
    }
}

#[test]
fn snapshots_round_trip_through_json() {
    let state = generate_cluster(400, 12);
    let compact = serde_json::to_string(&state).unwrap_or_default();
    assert_eq!(parse_cluster_state(&compact), Ok(state.clone()));
    let pretty = serde_json::to_string_pretty(&state).unwrap_or_default();
    assert_eq!(parse_cluster_state(&pretty), Ok(state));
}

fn hex32(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn arns_have_the_ecs_shape_and_are_unique() {
    let state = generate_cluster(3000, 21);
    let cluster = state.cluster().map(|c| c.cluster_arn.as_str());
    assert_eq!(
        cluster,
        Some("arn:aws:ecs:us-east-1:123456789012:cluster/synthetic")
    );
    let instance_prefix = "arn:aws:ecs:us-east-1:123456789012:container-instance/synthetic/";
    for instance in &state.container_instances {
        let id = instance
            .container_instance_arn
            .strip_prefix(instance_prefix);
        assert!(id.is_some_and(hex32), "{}", instance.container_instance_arn);
    }
    let task_prefix = "arn:aws:ecs:us-east-1:123456789012:task/synthetic/";
    let mut arns = HashSet::new();
    for task in &state.tasks {
        let arn = task.task_arn.as_deref().unwrap_or_default();
        assert!(arn.strip_prefix(task_prefix).is_some_and(hex32), "{arn}");
        assert!(arns.insert(arn), "{arn} twice");
        assert_eq!(task.desired_status.as_deref(), Some("RUNNING"));
        assert_eq!(task.launch_type.as_deref(), Some("EC2"));
    }
}

fn ports(instance: &ContainerInstance, list: &str, name: &str) -> BTreeSet<u16> {
    let resources = if list == "registered" {
        instance.registered(name)
    } else {
        instance.remaining(name)
    };
    resources
        .and_then(|r| r.ports().ok())
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// For one instance: registered minus remaining CPU, memory, ports and GPUs is exactly what
/// its tasks take, and the counts and zones agree.
fn check_instance(instance: &ContainerInstance, tasks: &[&ecs_place_model::ClusterTask]) {
    let groups: HashMap<String, Group> = (0..100).map(|i| (group(i).name, group(i))).collect();
    let arn = &instance.container_instance_arn;
    let taken: Vec<&Group> = tasks
        .iter()
        .map(|t| &groups[t.group.as_deref().unwrap_or_default()])
        .collect();
    let units = |r: Option<&ecs_place_model::Resource>| r.and_then(|r| r.units().ok());
    let used = |name: &str| {
        units(instance.registered(name))
            .zip(units(instance.remaining(name)))
            .map(|(a, b)| a - b)
    };
    assert_eq!(
        used("CPU"),
        Some(taken.iter().map(|g| g.cpu).sum()),
        "{arn}"
    );
    assert_eq!(
        used("MEMORY"),
        Some(taken.iter().map(|g| g.memory).sum()),
        "{arn}"
    );
    let reserved: BTreeSet<u16> = RESERVED_PORTS.into_iter().collect();
    assert_eq!(ports(instance, "registered", "PORTS"), reserved, "{arn}");
    let mut tcp = reserved.clone();
    tcp.extend(taken.iter().filter_map(|g| g.tcp_port));
    assert_eq!(ports(instance, "remaining", "PORTS"), tcp, "{arn}");
    let udp: BTreeSet<u16> = taken.iter().filter_map(|g| g.udp_port).collect();
    assert_eq!(ports(instance, "remaining", "PORTS_UDP"), udp, "{arn}");
    // No two tasks of one instance bind the same host port.
    let bound = taken.iter().filter(|g| g.tcp_port.is_some()).count();
    assert_eq!(tcp.len(), reserved.len() + bound, "{arn}");
    let gpus = |r: Option<&ecs_place_model::Resource>| r.map_or(0, |r| r.strings().len());
    let gpu_tasks: u32 = taken.iter().map(|g| g.gpus).sum();
    assert_eq!(
        gpus(instance.registered("GPU")) - gpus(instance.remaining("GPU")),
        gpu_tasks as usize,
        "{arn}"
    );
    assert_eq!(
        instance.running_tasks_count,
        Some(tasks.len() as u32),
        "{arn}"
    );
    let zone = instance
        .attribute("ecs.availability-zone")
        .and_then(|a| a.value.as_deref());
    assert!(
        tasks.iter().all(|t| t.availability_zone.as_deref() == zone),
        "{arn}"
    );
}

#[test]
fn remaining_resources_are_registered_minus_the_running_tasks() {
    let state: ClusterState = generate_cluster(3000, 8);
    let mut by_instance: HashMap<&str, Vec<&ecs_place_model::ClusterTask>> = HashMap::new();
    for task in &state.tasks {
        let arn = task.container_instance_arn.as_deref().unwrap_or_default();
        by_instance.entry(arn).or_default().push(task);
    }
    let arns: HashSet<&str> = state
        .container_instances
        .iter()
        .map(|i| i.container_instance_arn.as_str())
        .collect();
    assert!(by_instance.keys().all(|arn| arns.contains(arn)));
    let mut gpu_tasks = 0;
    for instance in &state.container_instances {
        let tasks = by_instance
            .get(instance.container_instance_arn.as_str())
            .map_or(&[][..], Vec::as_slice);
        check_instance(instance, tasks);
        gpu_tasks += tasks
            .iter()
            .filter(|t| t.group.as_deref().is_some_and(|g| g >= "service:svc-96"))
            .count();
    }
    assert!(gpu_tasks > 0, "some GPU tasks run");
}

#[test]
fn some_instances_are_draining_or_disconnected() {
    let state = generate_cluster(5000, 2);
    let draining = state
        .container_instances
        .iter()
        .filter(|i| i.status == "DRAINING")
        .count();
    let disconnected = state
        .container_instances
        .iter()
        .filter(|i| i.agent_connected == Some(false))
        .count();
    assert!((10..=45).contains(&draining), "{draining} draining");
    assert!(
        (2..=25).contains(&disconnected),
        "{disconnected} disconnected"
    );
    let active = state
        .container_instances
        .iter()
        .filter(|i| i.status == "ACTIVE")
        .count();
    assert_eq!(active + draining, 5000);
}
