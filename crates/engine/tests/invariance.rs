//! Determinism (spec §8): array order and thread count change nothing; a prebuilt index
//! places like the one-shot function and stays current through commits and stops.

use ecs_place::{ClusterIndex, IndexOptions, Options, Scratch};
use serde_json::{Value, json};

use crate::fixture::{Inst, inst, parse_request, parse_state, state, task, try_run};

/// A deterministic pseudo-random cluster of `n` instances (zones a–c, mixed sizes, a
/// `stack` attribute, some busy ports, tasks of three groups).
fn generated(n: usize) -> Value {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
    let mut instances: Vec<Inst> = Vec::new();
    let mut tasks = Vec::new();
    for i in 0..n {
        let name = format!("i{i:04}");
        let zone = ["us-east-1a", "us-east-1b", "us-east-1c"][next(3) as usize];
        let mut instance = inst(
            &name,
            zone,
            256 * (1 + next(8) as u32),
            512 * (1 + next(8) as u32),
        )
        .attr("stack", Some(["dev", "prod", "test"][next(3) as usize]));
        if next(4) == 0 {
            instance = instance.tcp(&["22", "8080"]);
        }
        if next(10) == 0 {
            instance = instance.set("agentConnected", json!(false));
        }
        instances.push(instance);
        for t in 0..next(3) {
            let group = ["family:web", "db", "batch"][next(3) as usize];
            tasks.push(task(&format!("t{i}-{t}"), &name, group));
        }
    }
    state(&instances, &tasks)
}

fn requests() -> Vec<Value> {
    vec![
        json!({"taskDefinition": "web", "count": 10}),
        json!({"taskDefinition": "web", "count": 10, "placementStrategy": [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"}]}),
        json!({"taskDefinition": "web", "count": 10, "placementStrategy": [
            {"type": "spread", "field": "attribute:stack"},
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "spread", "field": "instanceId"}]}),
        json!({"taskDefinition": "port", "count": 10,
            "placementConstraints": [
                {"type": "memberOf", "expression": "attribute:stack in [prod, test] and not(task:group == db)"},
                {"type": "distinctInstance"}],
            "placementStrategy": [{"type": "binpack", "field": "cpu"}]}),
        json!({"taskDefinition": "web", "count": 10, "placementConstraints": [
            {"type": "memberOf", "expression": "runningTasksCount < 1 and attribute:stack == dev"}]}),
    ]
}

fn reversed(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.reverse();
            items.iter_mut().for_each(reversed);
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                // Container definitions and strategy items keep their order (spec §8.2).
                if key != "containerDefinitions" {
                    reversed(item);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn permuting_every_snapshot_array_changes_nothing() {
    let s = generated(60);
    let mut r = s.clone();
    reversed(&mut r);
    assert_ne!(s, r);
    for request in requests() {
        let options = Options {
            seed: Some(42),
            explain: true,
            ..Options::default()
        };
        let a = try_run(&request, &s, &options).expect("valid").to_json();
        let b = try_run(&request, &r, &options).expect("valid").to_json();
        assert_eq!(a, b, "request {request}");
    }
}

#[test]
fn thread_count_and_threshold_change_nothing() {
    let s = generated(300);
    for request in requests() {
        let sequential = Options {
            seed: Some(7),
            explain: true,
            parallel_threshold: usize::MAX,
        };
        let parallel = Options {
            parallel_threshold: 0,
            ..sequential.clone()
        };
        let a = try_run(&request, &s, &sequential).expect("valid").to_json();
        let b = try_run(&request, &s, &parallel).expect("valid").to_json();
        assert_eq!(a, b, "request {request}");
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool");
        let c = one_thread.install(|| try_run(&request, &s, &parallel).expect("valid").to_json());
        assert_eq!(a, c, "request {request}");
    }
}

#[test]
fn a_prebuilt_index_places_like_the_one_shot_function() {
    let s = generated(120);
    let snapshot = parse_state(&s);
    for threshold in [0, usize::MAX] {
        let index = ClusterIndex::build(
            &snapshot,
            &IndexOptions {
                parallel_threshold: threshold,
                ..IndexOptions::default()
            },
        );
        assert_eq!(
            index,
            ClusterIndex::build(&snapshot, &IndexOptions::default())
        );
        let mut scratch = Scratch::default();
        for request in requests() {
            let options = Options {
                seed: Some(3),
                explain: true,
                ..Options::default()
            };
            let one_shot = try_run(&request, &s, &options).expect("valid");
            let prebuilt = index
                .place(&parse_request(&request), &options, &mut scratch)
                .expect("valid");
            assert_eq!(one_shot.to_json(), prebuilt.to_json(), "request {request}");
        }
    }
}

#[test]
fn committing_then_placing_equals_placing_on_the_exported_snapshot() {
    let s = generated(80);
    let snapshot = parse_state(&s);
    let mut index = ClusterIndex::build(&snapshot, &IndexOptions::default());
    let mut scratch = Scratch::default();
    let requests = requests();
    for (n, request) in requests.iter().enumerate() {
        // Task ARNs derive from (seed, position): each call needs its own seed.
        let options = Options::with_seed(9 + n as u64);
        let placement = index
            .place(&parse_request(request), &options, &mut scratch)
            .expect("valid");
        index.commit(&placement).expect("fits");
        // The index after the commits equals a fresh build of its export ...
        let exported = index.to_snapshot();
        exported
            .check()
            .expect("the export is a consistent snapshot");
        let rebuilt = ClusterIndex::build(&exported, &IndexOptions::default());
        assert_eq!(index, rebuilt, "after request {n}");
        // ... and the next request places the same on both, and one-shot on the export.
        let next = parse_request(&requests[(n + 1) % requests.len()]);
        let options = Options::with_seed(100 + n as u64);
        let on_index = index
            .place(&next, &options, &mut scratch)
            .expect("valid")
            .to_json();
        let on_rebuilt = rebuilt
            .place(&next, &options, &mut scratch)
            .expect("valid")
            .to_json();
        let one_shot = ecs_place::place(&next, &exported, &options)
            .expect("valid")
            .to_json();
        assert_eq!(on_index, on_rebuilt);
        assert_eq!(on_index, one_shot);
    }
}

#[test]
fn stopping_gives_back_exactly_what_was_taken() {
    let s = state(
        &[
            inst("a", "z", 1024, 2048).gpus(&["g0", "g1", "g2", "g3"]),
            inst("b", "z", 1024, 2048),
        ],
        &[task("old", "b", "family:gpu")],
    );
    let snapshot = parse_state(&s);
    let original = ClusterIndex::build(&snapshot, &IndexOptions::default());
    let mut index = original.clone();
    let mut scratch = Scratch::default();
    let request = parse_request(&json!({"taskDefinition": "gpu", "count": 1}));
    let placement = index
        .place(&request, &Options::with_seed(1), &mut scratch)
        .expect("valid");
    assert_eq!(placement.response().tasks.len(), 1);
    index.commit(&placement).expect("fits");
    assert_ne!(index, original);
    // Committing the same placement twice is refused and changes nothing.
    let before = index.clone();
    assert!(index.commit(&placement).is_err());
    assert_eq!(index, before);
    let arns: Vec<String> = placement
        .response()
        .tasks
        .iter()
        .filter_map(|t| t.task_arn.clone())
        .collect();
    index.stop_tasks(&arns).expect("running");
    assert_eq!(index, original);
    assert!(index.stop_tasks(&arns).is_err(), "already stopped");
    // Stopping a snapshot task leaves its group (resources are not itemised for it).
    assert_eq!(index.stop_group("family:gpu"), 1);
    let export = index.to_snapshot();
    let old = export
        .tasks
        .iter()
        .find(|t| t.task_arn.as_deref().is_some_and(|a| a.ends_with("/old")));
    assert_eq!(
        old.and_then(|t| t.desired_status.as_deref()),
        Some("STOPPED")
    );
    assert_eq!(
        ClusterIndex::build(&export, &IndexOptions::default()),
        index
    );
}

#[test]
fn the_one_shot_index_interns_only_what_the_request_reads() {
    let s = generated(10);
    let snapshot = parse_state(&s);
    let full = ClusterIndex::build(&snapshot, &IndexOptions::default());
    assert_eq!(full.projection(), &ecs_place::Projection::All);
    // The one-shot path's projection: zone, external flag, and the names the request uses.
    let request = parse_request(&json!({"taskDefinition": "web", "placementConstraints": [
        {"type": "memberOf", "expression": "attribute:stack == dev"}]}));
    let plan =
        ecs_place::resolve::resolve(&request, &snapshot, &Default::default()).expect("valid");
    let options = IndexOptions {
        projection: ecs_place::Projection::Only(vec!["stack".into()]),
        ..IndexOptions::default()
    };
    let projected = ClusterIndex::build(&snapshot, &options);
    let mut scratch = Scratch::default();
    let a = full
        .place(&request, &Options::with_seed(1), &mut scratch)
        .expect("valid")
        .to_json();
    let b = projected
        .place(&request, &Options::with_seed(1), &mut scratch)
        .expect("valid")
        .to_json();
    assert_eq!(a, b);
    assert_eq!(plan.group, "family:web");
}

#[test]
fn a_compiled_request_sees_groups_committed_after_it_was_compiled() {
    let s = state(
        &[inst("a", "z", 4096, 4096), inst("b", "z", 4096, 4096)],
        &[],
    );
    let mut index = ClusterIndex::build(&parse_state(&s), &IndexOptions::default());
    let mut scratch = Scratch::default();
    let avoid = parse_request(
        &json!({"taskDefinition": "web", "count": 1, "group": "avoider",
        "placementConstraints": [{"type": "memberOf", "expression": "not(task:group == newcomer)"}]}),
    );
    // Compiled before the group exists: `task:group == newcomer` was bound to no group.
    let compiled: Vec<_> = (0..8)
        .map(|seed| {
            index
                .compile(&avoid, &Options::with_seed(seed))
                .expect("valid")
        })
        .collect();
    let newcomer =
        parse_request(&json!({"taskDefinition": "web", "count": 1, "group": "newcomer"}));
    let first = index
        .place(&newcomer, &Options::with_seed(1), &mut scratch)
        .expect("valid");
    index.commit(&first).expect("fits");
    let taken = first.response().tasks[0].container_instance_arn.clone();
    for compiled in &compiled {
        let placement = index.place_compiled(compiled, &Options::default(), &mut scratch);
        assert_ne!(placement.response().tasks[0].container_instance_arn, taken);
    }
}
