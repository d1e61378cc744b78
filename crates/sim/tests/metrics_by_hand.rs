//! The metrics of the hand trace on the hand cluster (see `support`), worked out by hand.
//!
//! Line 1 puts both `batch` tasks on `i-4` (the only c5.large): it is left with 0 CPU and
//! 2048 MiB. Line 2 places `web` with `distinctInstance`: `i-4` has no CPU, so the three
//! m5.large take one task each whatever the random ties, and the fourth task fails (three
//! instances rejected by `distinctInstance`, one by CPU). Line 3 stops an unknown task.

use ecs_place_sim::metrics::{InstanceGroup, Skew};
use ecs_place_sim::{SimConfig, evaluate, simulate};

use crate::support::{hand_cluster, hand_trace, shared};

fn measured() -> ecs_place_sim::metrics::Metrics {
    let run = simulate(
        shared(hand_cluster()),
        &hand_trace(),
        SimConfig::default(),
        &mut |_| {},
    )
    .expect("the hand trace replays");
    evaluate(&[run]).remove(0).metrics
}

#[test]
fn task_counts_and_failure_reasons() {
    let m = measured();
    assert_eq!(m.label, "trace");
    assert_eq!(m.tasks.requests, 2);
    assert_eq!(m.tasks.requested, 6);
    assert_eq!(m.tasks.placed, 5);
    assert_eq!(m.tasks.provisioning, 0);
    assert_eq!(m.tasks.failed, 1);
    assert_eq!(
        m.tasks.failed_by_reason.into_iter().collect::<Vec<_>>(),
        [(
            "DistinctInstance placement constraint unsatisfied.".to_owned(),
            1
        )]
    );
    assert_eq!(
        (m.stops.lines, m.stops.stopped, m.stops.unknown_arns),
        (1, 0, 1)
    );
}

#[test]
fn lower_bound_per_homogeneous_group() {
    let packing = measured().state.packing;
    // m5.large (i-5 is DRAINING and left out): web 3 × 512 CPU = 1536 of 2048 per instance,
    // 3 × 2048 MiB = 6144 of 8192: one instance would do. c5.large: 2048 CPU of 2048, 2048 MiB
    // of 4096: one.
    assert_eq!(
        packing.groups,
        [
            InstanceGroup {
                name: "c5.large".into(),
                instance_type: Some("c5.large".into()),
                cpu: 2048,
                memory: 4096,
                instances: 1,
                used: 1,
                lower_bound: 1,
                cpu_demand: 2048,
                memory_demand: 2048,
            },
            InstanceGroup {
                name: "m5.large".into(),
                instance_type: Some("m5.large".into()),
                cpu: 2048,
                memory: 8192,
                instances: 3,
                used: 3,
                lower_bound: 1,
                cpu_demand: 1536,
                memory_demand: 6144,
            },
        ]
    );
    assert_eq!(
        (packing.active_instances, packing.used, packing.lower_bound),
        (4, 4, 2)
    );
}

#[test]
fn stranded_resources() {
    let stranded = measured().state.stranded;
    // Smallest task: 512 CPU (web), 1024 MiB (batch). i-4 has 0 CPU (< 512: exhausted) and
    // 2048 MiB (not exhausted): 2048 MiB stranded. The m5.large keep 1536 CPU and 6144 MiB.
    assert_eq!(stranded.min_task_cpu, Some(512));
    assert_eq!(stranded.min_task_memory, Some(1024));
    assert_eq!((stranded.memory, stranded.memory_instances), (2048, 1));
    assert_eq!((stranded.cpu, stranded.cpu_instances), (0, 0));
}

#[test]
fn zone_skew_per_group() {
    let skew = measured().state.skew;
    // Keys: zones a and b of the ACTIVE instances, plus those hosting the group's tasks: c
    // for web, where the DRAINING i-5 runs one. batch: a 0, b 2. web: a 2 (i-1, i-3), b 1
    // (i-2), c 1 (i-5).
    let zone = "attribute:ecs.availability-zone".to_owned();
    assert_eq!(
        skew,
        [
            Skew {
                field: zone.clone(),
                group: "batch".into(),
                skew: 2,
                min: 0,
                max: 2,
                keys: 2,
            },
            Skew {
                field: zone,
                group: "web".into(),
                skew: 1,
                min: 1,
                max: 2,
                keys: 3,
            },
        ]
    );
}

#[test]
fn utilisation_deciles() {
    let u = measured().state.utilisation;
    // CPU: 25 % on the three m5.large, 100 % on i-4. Memory: 25 % and 50 %.
    let cpu = [
        25.0, 25.0, 25.0, 25.0, 25.0, 25.0, 25.0, 25.0, 100.0, 100.0, 100.0,
    ];
    let memory = [
        25.0, 25.0, 25.0, 25.0, 25.0, 25.0, 25.0, 25.0, 50.0, 50.0, 50.0,
    ];
    assert_eq!(u.cpu, cpu);
    assert_eq!(u.memory, memory);
}

#[test]
fn the_text_table_shows_the_numbers() {
    let table = ecs_place_sim::table::render(&[measured()]);
    for line in [
        "used / lower bound",
        "  m5.large",
        "3 / 1 of 3",
        "2048 on 1",
        "  attribute:ecs.availability-zone batch",
        "25.0% | 25.0%",
    ] {
        assert!(table.contains(line), "{line:?} missing from\n{table}");
    }
    let skew_row = table
        .lines()
        .find(|l| l.starts_with("  attribute:ecs.availability-zone batch"))
        .unwrap();
    assert!(skew_row.ends_with(" 2"), "{skew_row}");
}

#[test]
fn json_names_the_fields() {
    let value = serde_json::to_value(measured()).unwrap();
    assert_eq!(
        value["tasks"]["failedByReason"]["DistinctInstance placement constraint unsatisfied."],
        1
    );
    assert_eq!(value["packing"]["lowerBound"], 2);
    assert_eq!(value["stranded"]["memory"], 2048);
    assert_eq!(value["skew"][1]["group"], "web");
    assert_eq!(value["utilisation"]["cpu"][10], 100.0);
    assert!(value["timing"]["wallSeconds"].is_number());
}
