//! The numbers the crate documentation promises, measured on generated snapshots.

use std::collections::BTreeSet;

use ecs_place_synth::generate_cluster;
use ecs_place_synth::profile::{CUSTOM_ATTRIBUTES, GROUP_COUNT, INSTANCE_TYPES};

use crate::stats::Stats;

#[test]
fn same_inputs_give_the_same_snapshot() {
    assert_eq!(generate_cluster(300, 9), generate_cluster(300, 9));
    let text = |n, seed| serde_json::to_string(&generate_cluster(n, seed)).unwrap_or_default();
    assert_eq!(text(200, 4), text(200, 4));
}

#[test]
fn another_seed_gives_another_snapshot() {
    let a = generate_cluster(50, 1);
    let b = generate_cluster(50, 2);
    assert_ne!(
        a.container_instances[0].container_instance_arn,
        b.container_instances[0].container_instance_arn
    );
    assert_ne!(a.container_instances, b.container_instances);
}

#[test]
fn a_larger_snapshot_extends_a_smaller_one() {
    let small = generate_cluster(40, 5);
    let large = generate_cluster(90, 5);
    assert_eq!(
        small.container_instances[..],
        large.container_instances[..40]
    );
    assert_eq!(small.tasks[..], large.tasks[..small.tasks.len()]);
    assert_eq!(small.task_definitions, large.task_definitions);
}

#[test]
fn zero_instances_is_an_empty_cluster() {
    let state = generate_cluster(0, 1);
    assert!(state.container_instances.is_empty());
    assert!(state.tasks.is_empty());
    assert_eq!(state.clusters.len(), 1);
    assert_eq!(state.check(), Ok(()));
}

#[test]
fn three_zones_and_every_instance_type() {
    let stats = Stats::of(&generate_cluster(5000, 2));
    let zones: Vec<&str> = stats.zones.iter().map(String::as_str).collect();
    assert_eq!(zones, ["us-east-1a", "us-east-1b", "us-east-1c"]);
    assert_eq!(stats.instance_types.len(), INSTANCE_TYPES.len());
    let families: BTreeSet<&str> = stats
        .instance_types
        .keys()
        .filter_map(|t| t.split('.').next())
        .collect();
    assert_eq!(families.len(), 6, "{families:?}");
    // Shares within a few points of the table: m5.large is 19 %.
    let m5_large = stats.instance_types["m5.large"] as f64 / 5000.0;
    assert!(
        (0.16..0.22).contains(&m5_large),
        "m5.large share {m5_large}"
    );
    // A few GPU instances (2 % expected).
    assert!(
        (50..=150).contains(&stats.gpu_instances),
        "{}",
        stats.gpu_instances
    );
}

#[test]
fn instance_types_register_their_real_sizes() {
    let state = generate_cluster(2000, 3);
    for instance in &state.container_instances {
        let name = instance
            .attribute("ecs.instance-type")
            .and_then(|a| a.value.as_deref())
            .unwrap_or_default();
        let (cpu, memory) = match name {
            "t3.medium" => (2048, 3840),
            "m5.large" | "m6g.large" => (2048, 7680),
            "c5.large" => (2048, 3788),
            "c5.xlarge" => (4096, 7680),
            "m5.xlarge" | "m6g.xlarge" | "g4dn.xlarge" => (4096, 15788),
            "r5.large" => (2048, 15788),
            "r5.xlarge" => (4096, 31784),
            "m5.2xlarge" => (8192, 31784),
            "c5.2xlarge" => (8192, 15788),
            "g4dn.12xlarge" => (49152, 191_488),
            other => panic!("unexpected instance type {other}"),
        };
        let registered = |r: &str| instance.registered(r).and_then(|r| r.units().ok());
        assert_eq!(registered("CPU"), Some(cpu), "{name}");
        assert_eq!(registered("MEMORY"), Some(memory), "{name}");
        let arch = instance
            .attribute("ecs.cpu-architecture")
            .and_then(|a| a.value.as_deref());
        let expected = if name.starts_with("m6g") {
            "arm64"
        } else {
            "x86_64"
        };
        assert_eq!(arch, Some(expected), "{name}");
    }
}

#[test]
fn ten_custom_attributes_of_ten_values() {
    let stats = Stats::of(&generate_cluster(3000, 4));
    assert_eq!(CUSTOM_ATTRIBUTES.len(), 10);
    for custom in CUSTOM_ATTRIBUTES {
        let values = &stats.attribute_values[custom.name];
        let expected: BTreeSet<String> = custom.values.iter().map(|v| (*v).to_owned()).collect();
        assert_eq!(values, &expected, "{}", custom.name);
    }
    for builtin in [
        "ecs.availability-zone",
        "ecs.instance-type",
        "ecs.os-type",
        "ecs.cpu-architecture",
        "ecs.ami-id",
        "ecs.vpc-id",
        "ecs.subnet-id",
    ] {
        assert!(!stats.attribute_values[builtin].is_empty(), "{builtin}");
    }
    assert_eq!(stats.attribute_values["ecs.ami-id"].len(), 6);
    // Capability attributes carry no value.
    assert!(stats.attribute_values["ecs.capability.task-eni"].is_empty());
}

#[test]
fn about_forty_percent_of_cpu_and_memory_in_use() {
    for (instances, seed) in [(1000, 1), (5000, 2)] {
        let stats = Stats::of(&generate_cluster(instances, seed));
        let (cpu, memory) = (stats.cpu_use(), stats.memory_use());
        assert!((0.35..=0.45).contains(&cpu), "cpu use {cpu} at {instances}");
        assert!(
            (0.35..=0.45).contains(&memory),
            "memory use {memory} at {instances}"
        );
    }
}

#[test]
fn zero_to_eight_tasks_per_instance_over_at_most_one_hundred_groups() {
    let stats = Stats::of(&generate_cluster(5000, 2));
    let max = stats.tasks_per_instance.iter().copied().max();
    let min = stats.tasks_per_instance.iter().copied().min();
    assert_eq!((min, max), (Some(0), Some(8)));
    let mean = stats.mean_tasks();
    assert!((3.0..=3.8).contains(&mean), "mean tasks {mean}");
    assert!(stats.groups.len() <= GROUP_COUNT);
    assert!(stats.groups.len() >= 95, "{} groups", stats.groups.len());
    assert!(stats.groups.iter().all(|g| g.starts_with("service:svc-")));
}
