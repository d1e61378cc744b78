//! The pipeline of spec §2: checks and their failure details, strategies, commits within a
//! call, GPU ids, and the response fields.

use serde_json::json;

use crate::fixture::{CLUSTER, arn, failures, hosts, inst, run, state, task};

#[test]
fn placed_tasks_carry_the_response_fields() {
    let s = state(&[inst("a", "us-east-1a", 1024, 2048)], &[]);
    let placement = run(
        &json!({"taskDefinition": "web", "startedBy": "me", "tags": [{"key": "k", "value": "v"}]}),
        &s,
        7,
    );
    let response = placement.response();
    assert!(response.failures.is_empty());
    let task = &response.tasks[0];
    let task_arn = task.task_arn.as_deref().unwrap_or_default();
    let id = task_arn
        .strip_prefix("arn:aws:ecs:us-east-1:111122223333:task/default/")
        .unwrap_or_default();
    assert_eq!(id, ecs_place::rng::task_id(7, 0));
    assert_eq!(task.cluster_arn.as_deref(), Some(CLUSTER));
    assert_eq!(
        task.container_instance_arn.as_deref(),
        Some(arn("a").as_str())
    );
    assert_eq!(task.launch_type.as_deref(), Some("EC2"));
    assert_eq!(task.availability_zone.as_deref(), Some("us-east-1a"));
    assert_eq!(task.group.as_deref(), Some("family:web"));
    assert_eq!(task.started_by.as_deref(), Some("me"));
    assert_eq!(task.cpu.as_deref(), Some("256"));
    assert_eq!(task.memory.as_deref(), Some("512"));
    assert_eq!(task.desired_status.as_deref(), Some("RUNNING"));
    assert_eq!(task.last_status.as_deref(), Some("PENDING"));
    assert_eq!(task.version, Some(1));
    assert_eq!(task.platform_version, None);
    let containers = task.containers.as_deref().unwrap_or_default();
    assert_eq!(containers.len(), 1);
    assert_eq!(containers[0].name.as_deref(), Some("app"));
    assert_eq!(containers[0].last_status.as_deref(), Some("PENDING"));
    assert_eq!(containers[0].task_arn.as_deref(), Some(task_arn));
    let json: serde_json::Value = serde_json::from_str(&placement.to_json()).unwrap_or_default();
    let keys: Vec<&String> = json
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        ["failures", "tasks"],
        "exactly the RunTask shape without explain"
    );
}

#[test]
fn resource_and_agent_failures_state_what_was_asked() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096).set("agentConnected", json!(false)),
            inst("b", "z", 64, 4096),
            inst("c", "z", 4096, 100),
            inst("d", "z", 4096, 4096).tcp(&["22", "8080"]),
            inst("e", "z", 4096, 4096).udp(&["53"]),
            inst("f", "z", 4096, 4096).set("status", json!("DRAINING")),
        ],
        &[],
    );
    let placement = run(&json!({"taskDefinition": "port"}), &s, 1);
    assert!(placement.response().tasks.is_empty());
    let expected = [
        ("a", "AGENT", "agent is not connected"),
        ("b", "RESOURCE:CPU", "requires 128 CPU units; 64 remaining"),
        (
            "c",
            "RESOURCE:MEMORY",
            "requires 128 MiB memory; 100 MiB remaining",
        ),
        ("d", "RESOURCE:PORTS", "host port 8080/tcp already in use"),
        ("e", "RESOURCE:PORTS_UDP", "host port 53/udp already in use"),
    ];
    let got = failures(&placement);
    let got: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        got, expected,
        "one failure per ACTIVE candidate, in instance order"
    );
}

#[test]
fn attribute_gpu_member_of_and_distinct_instance_details() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096)
                .attr("ecs.instance-type", Some("c5.large"))
                .gpus(&["g0", "g1", "g2"]),
            inst("b", "z", 4096, 4096)
                .attr("ecs.instance-type", Some("m5.large"))
                .gpus(&["g0", "g1"]),
            inst("c", "z", 4096, 4096)
                .attr("ecs.instance-type", Some("m5.large"))
                .gpus(&["g0", "g1", "g2"]),
            inst("d", "z", 4096, 4096),
        ],
        &[task("t1", "c", "family:gpu")],
    );
    let request = json!({
        "taskDefinition": "gpu",
        "placementConstraints": [
            {"type": "distinctInstance"},
            {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ m5.*"}
        ]
    });
    let placement = run(&request, &s, 3);
    assert!(placement.response().tasks.is_empty());
    let got = failures(&placement);
    assert_eq!(got[0].0, "a");
    assert_eq!(got[0].1, "MemberOf placement constraint unsatisfied.");
    assert_eq!(
        got[0].2,
        "constraint 2 (memberOf \"attribute:ecs.instance-type =~ m5.*\") is false: \
         instance type is c5.large"
    );
    assert_eq!(
        got[1],
        (
            "b".into(),
            "RESOURCE:GPU".into(),
            "requires 3 GPUs; 2 remaining".into()
        )
    );
    assert_eq!(
        got[2],
        (
            "c".into(),
            "DistinctInstance placement constraint unsatisfied.".into(),
            "the instance already runs a task of group `family:gpu`".into()
        )
    );
    assert_eq!(got[3].0, "d");
    assert_eq!(got[3].1, "RESOURCE:GPU");
}

#[test]
fn required_attributes_are_checked_before_resources() {
    let mut s = state(
        &[
            inst("a", "z", 1, 1),
            inst("b", "z", 4096, 4096).attr("ecs.capability.task-eni", None),
        ],
        &[],
    );
    s["taskDefinitions"][0]["requiresAttributes"] = json!([{"name": "ecs.capability.task-eni"}]);
    let placement = run(&json!({"taskDefinition": "web", "count": 2}), &s, 0);
    assert_eq!(hosts(&placement), ["b", "b"]);
    s["containerInstances"][1]["remainingResources"][0]["integerValue"] = json!(256);
    let placement = run(&json!({"taskDefinition": "web", "count": 2}), &s, 0);
    assert_eq!(hosts(&placement), ["b"]);
    assert_eq!(
        failures(&placement),
        [
            (
                "a".into(),
                "ATTRIBUTE".into(),
                "requires attribute `ecs.capability.task-eni`".into()
            ),
            (
                "b".into(),
                "RESOURCE:CPU".into(),
                "requires 256 CPU units; 0 remaining".into()
            ),
        ]
    );
}

#[test]
fn binpack_takes_the_least_remaining_that_fits() {
    let s = state(
        &[
            inst("a", "z", 4096, 600),
            inst("b", "z", 4096, 1200),
            inst("c", "z", 4096, 300),
            inst("d", "z", 4096, 2000),
        ],
        &[],
    );
    let request = json!({"taskDefinition": "web", "count": 3,
        "placementStrategy": [{"type": "binpack", "field": "MEMORY"}]});
    // 600 → a (88 left); then b (1200 → 688), then b again (688 → 176).
    assert_eq!(hosts(&run(&request, &s, 5)), ["a", "b", "b"]);
    let cpu = json!({"taskDefinition": "web", "count": 1,
        "placementStrategy": [{"type": "binpack", "field": "cpu"}]});
    let s = state(
        &[
            inst("a", "z", 1000, 4096),
            inst("b", "z", 300, 4096),
            inst("c", "z", 100, 4096),
        ],
        &[],
    );
    assert_eq!(hosts(&run(&cpu, &s, 5)), ["b"]);
}

#[test]
fn spread_over_instances_counts_the_existing_group() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096),
            inst("b", "z", 4096, 4096),
            inst("c", "z", 4096, 4096),
        ],
        &[
            task("t1", "a", "family:web"),
            task("t2", "b", "family:web"),
            task("t3", "b", "other"),
        ],
    );
    let request = json!({"taskDefinition": "web", "count": 3,
        "placementStrategy": [{"type": "spread", "field": "instanceId"}]});
    let placed = hosts(&run(&request, &s, 9));
    assert_eq!(placed[0], "c");
    let mut rest = placed[1..].to_vec();
    rest.sort();
    assert!(
        rest == ["a", "c"] || rest == ["b", "c"] || rest == ["a", "b"],
        "{placed:?}"
    );
    // After c, every instance has one task: the next two land on two different instances.
    assert_ne!(placed[1], placed[2]);
}

#[test]
fn zone_spread_then_binpack_memory() {
    let s = state(
        &[
            inst("a1", "us-east-1a", 4096, 3000),
            inst("a2", "us-east-1a", 4096, 1000),
            inst("b1", "us-east-1b", 4096, 4000),
            inst("b2", "us-east-1b", 4096, 2000),
            inst("c1", "us-east-1c", 4096, 900),
        ],
        &[task("t1", "c1", "family:web")],
    );
    let request = json!({"taskDefinition": "web", "count": 4, "placementStrategy": [
        {"type": "spread", "field": "attribute:ecs.availability-zone"},
        {"type": "binpack", "field": "memory"}
    ]});
    let placed = hosts(&run(&request, &s, 11));
    // Zones a and b have 0 tasks, c has 1. Task 1: zones a and b tie, binpack takes a2
    // (1000 MiB) over b2 (2000); task 2: zone b → b2; task 3: every zone at 1, a2 (488 MiB
    // left) no longer fits, so c1 (900); task 4: zones a and b at 1 → b2 (1488) over a1.
    assert_eq!(placed, ["a2", "b2", "c1", "b2"]);
}

#[test]
fn zone_spread_then_instance_spread() {
    let s = state(
        &[
            inst("a1", "us-east-1a", 4096, 4096),
            inst("a2", "us-east-1a", 4096, 4096),
            inst("b1", "us-east-1b", 4096, 4096),
        ],
        &[task("t1", "a1", "family:web")],
    );
    let request = json!({"taskDefinition": "web", "count": 3, "placementStrategy": [
        {"type": "spread", "field": "attribute:ecs.availability-zone"},
        {"type": "spread", "field": "instanceId"}
    ]});
    // b has 0 → b1; zones 1:1 → a2 (0 tasks) beats a1 and b1 (1 each) ... a2; then zone
    // b (1) vs a (2) → b1.
    assert_eq!(hosts(&run(&request, &s, 2)), ["b1", "a2", "b1"]);
}

#[test]
fn instance_spread_then_binpack_memory() {
    let s = state(
        &[
            inst("a", "z", 4096, 3000),
            inst("b", "z", 4096, 1000),
            inst("c", "z", 4096, 2000),
        ],
        &[task("t1", "b", "family:web")],
    );
    let request = json!({"taskDefinition": "web", "count": 3, "placementStrategy": [
        {"type": "spread", "field": "host"},
        {"type": "binpack", "field": "memory"}
    ]});
    assert_eq!(hosts(&run(&request, &s, 2)), ["c", "a", "b"]);
}

#[test]
fn random_ends_the_strategy_list() {
    let s = state(
        &[inst("a", "z", 4096, 600), inst("b", "z", 4096, 4000)],
        &[],
    );
    let request = json!({"taskDefinition": "web", "count": 1, "placementStrategy": [
        {"type": "random"}, {"type": "binpack", "field": "memory"}
    ]});
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..40 {
        seen.insert(hosts(&run(&request, &s, seed))[0].clone());
    }
    assert_eq!(seen.len(), 2, "binpack after random decides nothing");
    // Without strategies the pick is uniform too, and follows the documented draw: one
    // choose(2) over the candidates in ARN order.
    let plain = json!({"taskDefinition": "web"});
    for seed in 0..10 {
        let mut rng = ecs_place::rng::Rng::new(seed);
        let want = ["a", "b"][rng.choose(2)];
        assert_eq!(hosts(&run(&plain, &s, seed)), [want]);
    }
}

#[test]
fn distinct_instance_holds_across_the_call_and_the_existing_group() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096),
            inst("b", "z", 4096, 4096),
            inst("c", "z", 4096, 4096),
        ],
        &[task("t1", "a", "family:web")],
    );
    let request = json!({"taskDefinition": "web", "count": 3,
        "placementConstraints": [{"type": "distinctInstance"}]});
    let placement = run(&request, &s, 4);
    let mut placed = hosts(&placement);
    placed.sort();
    assert_eq!(placed, ["b", "c"]);
    let reasons: Vec<(String, String)> = failures(&placement)
        .into_iter()
        .map(|f| (f.0, f.1))
        .collect();
    let distinct = "DistinctInstance placement constraint unsatisfied.".to_owned();
    assert_eq!(
        reasons,
        [
            ("a".into(), distinct.clone()),
            ("b".into(), distinct.clone()),
            ("c".into(), distinct)
        ]
    );
}

#[test]
fn gpu_ids_are_taken_lowest_first_and_split_by_container() {
    let ids = ["gpu-0", "gpu-1", "gpu-10", "gpu-2", "gpu-3", "gpu-4"];
    let s = state(&[inst("a", "z", 4096, 4096).gpus(&ids)], &[]);
    let placement = run(&json!({"taskDefinition": "gpu", "count": 3}), &s, 0);
    let tasks = &placement.response().tasks;
    assert_eq!(tasks.len(), 2);
    let gpu = |t: usize, c: usize| tasks[t].containers.as_ref().map(|cs| cs[c].gpu_ids.clone());
    // Byte order: gpu-0 < gpu-1 < gpu-10 < gpu-2 < gpu-3 < gpu-4.
    assert_eq!(gpu(0, 0), Some(Some(vec!["gpu-0".to_owned()])));
    assert_eq!(
        gpu(0, 1),
        Some(Some(vec!["gpu-1".to_owned(), "gpu-10".to_owned()]))
    );
    assert_eq!(gpu(1, 0), Some(Some(vec!["gpu-2".to_owned()])));
    assert_eq!(
        gpu(1, 1),
        Some(Some(vec!["gpu-3".to_owned(), "gpu-4".to_owned()]))
    );
    assert_eq!(
        failures(&placement),
        [(
            "a".into(),
            "RESOURCE:GPU".into(),
            "requires 3 GPUs; 0 remaining".into()
        )]
    );
}

#[test]
fn host_ports_are_committed_within_the_call() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096),
            inst("b", "z", 4096, 4096).tcp(&["8080"]),
        ],
        &[],
    );
    let placement = run(&json!({"taskDefinition": "port", "count": 2}), &s, 0);
    assert_eq!(hosts(&placement), ["a"]);
    assert_eq!(
        failures(&placement),
        [
            (
                "a".into(),
                "RESOURCE:PORTS".into(),
                "host port 8080/tcp already in use".into()
            ),
            (
                "b".into(),
                "RESOURCE:PORTS".into(),
                "host port 8080/tcp already in use".into()
            ),
        ]
    );
}

#[test]
fn dynamic_constraints_see_the_tasks_of_the_call() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096).set("runningTasksCount", json!(0)),
            inst("b", "z", 4096, 4096),
        ],
        &[task("t1", "b", "other"), task("t2", "b", "other")],
    );
    let request = json!({"taskDefinition": "web", "count": 2,
        "placementConstraints": [{"type": "memberOf", "expression": "runningTasksCount < 1"}]});
    let placement = run(&request, &s, 0);
    assert_eq!(hosts(&placement), ["a"]);
    let got = failures(&placement);
    assert_eq!(
        got[0].2,
        "constraint 1 (memberOf \"runningTasksCount < 1\") is false: runningTasksCount is `1`"
    );
    assert_eq!(
        got[1].2,
        "constraint 1 (memberOf \"runningTasksCount < 1\") is false: runningTasksCount is `2`"
    );

    let request = json!({"taskDefinition": "web", "count": 3, "group": "g",
        "placementConstraints": [{"type": "memberOf", "expression": "not(task:group == g) and runningTasksCount <= 1"}]});
    let placement = run(&request, &s, 0);
    assert_eq!(hosts(&placement), ["a"]);
    let got = failures(&placement);
    assert_eq!(got[0].0, "a");
    assert_eq!(
        got[0].2,
        "constraint 1 (memberOf \"not(task:group == g) and runningTasksCount <= 1\") is false: \
         `not task:group == g` is false"
    );
    assert_eq!(got[1].0, "b");
    assert_eq!(
        got[1].2,
        "constraint 1 (memberOf \"not(task:group == g) and runningTasksCount <= 1\") is false: \
         `runningTasksCount <= 1` is false; runningTasksCount is `2`"
    );
}
