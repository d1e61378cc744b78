//! The benchmark requests and their copies in `examples/bench/`.

use ecs_place_model::parse_request;
use ecs_place_synth::profile::CUSTOM_ATTRIBUTES;
use ecs_place_synth::{
    R3_EXPRESSION, R4_EXPRESSION, X1_EXPRESSION, bench_requests, explain_request, generate_cluster,
};

fn example(name: &str) -> String {
    let path = format!(
        "{}/../../examples/bench/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| format!("cannot read {path}: {e}"))
}

#[test]
fn example_files_hold_the_bench_requests() {
    for bench in bench_requests().into_iter().chain([explain_request()]) {
        let text = example(bench.name);
        assert_eq!(text, bench.to_json(), "examples/bench/{}.json", bench.name);
        assert_eq!(parse_request(&text), Ok(bench.request.clone()));
    }
}

#[test]
fn requests_place_ten_bench_tasks_on_ec2() {
    let names: Vec<&str> = bench_requests().iter().map(|b| b.name).collect();
    assert_eq!(names, ["r1", "r2", "r3", "r4"]);
    for bench in bench_requests() {
        let request = &bench.request;
        assert_eq!(request.count, Some(10));
        assert_eq!(request.task_definition.as_deref(), Some("bench"));
        assert_eq!(request.cluster.as_deref(), Some("synthetic"));
        assert_eq!(request.launch_type.as_deref(), Some("EC2"));
    }
    let [r1, r2, r3, r4] = bench_requests();
    assert!(r1.request.placement_strategy.is_none() && r1.request.placement_constraints.is_none());
    let fields = |b: &ecs_place_synth::BenchRequest| -> Vec<(String, String)> {
        b.request
            .placement_strategy
            .iter()
            .flatten()
            .map(|s| {
                (
                    s.kind.clone().unwrap_or_default(),
                    s.field.clone().unwrap_or_default(),
                )
            })
            .collect()
    };
    let zone_binpack = vec![
        (
            "spread".to_owned(),
            "attribute:ecs.availability-zone".to_owned(),
        ),
        ("binpack".to_owned(), "memory".to_owned()),
    ];
    assert_eq!(fields(&r2), zone_binpack);
    assert_eq!(fields(&r3), zone_binpack);
    assert_eq!(
        fields(&r4),
        vec![("spread".to_owned(), "instanceId".to_owned())]
    );
    let kinds = |b: &ecs_place_synth::BenchRequest| -> Vec<String> {
        b.request
            .placement_constraints
            .iter()
            .flatten()
            .map(|c| c.kind.clone().unwrap_or_default())
            .collect()
    };
    assert_eq!(kinds(&r3), ["memberOf", "distinctInstance"]);
    assert_eq!(kinds(&r4), ["memberOf"]);
}

#[test]
fn constraint_values_exist_in_the_profile() {
    let team = CUSTOM_ATTRIBUTES.iter().find(|a| a.name == "team");
    assert!(team.is_some_and(|t| t.values.contains(&"payments") && t.values.contains(&"search")));
    assert!(R3_EXPRESSION.contains("attribute:team in [payments, search]"));
    assert!(R4_EXPRESSION.contains("service:svc-07"));
    // R3's constraint selects a few percent of the instances (m5.* is 37 %, two teams 20 %).
    let state = generate_cluster(5000, 2);
    let selected = state
        .container_instances
        .iter()
        .filter(|i| {
            let value = |n: &str| i.attribute(n).and_then(|a| a.value.as_deref());
            value("ecs.instance-type").is_some_and(|t| t.starts_with("m5."))
                && matches!(value("team"), Some("payments" | "search"))
        })
        .count();
    assert!(
        (250..=500).contains(&selected),
        "{selected} instances match R3"
    );
    assert!(
        state
            .tasks
            .iter()
            .any(|t| t.group.as_deref() == Some("service:svc-07"))
    );
}

#[test]
fn no_instance_fits_the_explain_request() {
    let x1 = explain_request();
    assert_eq!(x1.request.task_definition.as_deref(), Some("bench-large"));
    assert_eq!(x1.request.count, Some(10));
    let state = generate_cluster(2000, 2);
    let large = state
        .task_definitions
        .iter()
        .find(|d| d.family == "bench-large")
        .and_then(|d| d.cpu_units());
    assert_eq!(large, Some(4096));
    // Only t3.medium instances satisfy the constraint, and they have 2048 CPU units.
    assert_eq!(X1_EXPRESSION, "attribute:ecs.instance-type == t3.medium");
    let t3_cpu = state
        .container_instances
        .iter()
        .filter(|i| {
            i.attribute("ecs.instance-type")
                .and_then(|a| a.value.as_deref())
                == Some("t3.medium")
        })
        .filter_map(|i| i.registered("CPU").and_then(|r| r.units().ok()))
        .max();
    assert_eq!(t3_cpu, Some(2048));
}
