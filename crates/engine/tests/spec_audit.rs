//! Placement audited against the spec rule by rule (spec §2, §4–§8, §10, §11): each test
//! names the sentence it pins.

use ecs_place::{Options, list_container_instances};
use serde_json::{Value, json};

use crate::fixture::{
    Inst, arn, definition, failures, hosts, inst, kinds, parse_state, run, state, task, try_run,
};

fn with_definition(mut snapshot: Value, definition: Value) -> Value {
    if let Some(list) = snapshot["taskDefinitions"].as_array_mut() {
        list.push(definition);
    }
    snapshot
}

/// Spec §2 step 4.2 and §6: every reason in check order, the task definition's `memberOf`
/// before the request's, every `memberOf` before `distinctInstance` wherever it is listed,
/// and nothing for instances that are not `ACTIVE`.
#[test]
fn the_first_failing_check_is_reported_in_spec_order() {
    let gated = definition(
        "gated",
        json!([{"name": "app", "cpu": 256, "memory": 512,
            "portMappings": [
                {"containerPort": 80, "hostPort": 8080},
                {"containerPort": 53, "hostPort": 53, "protocol": "udp"}],
            "resourceRequirements": [{"type": "GPU", "value": "1"}]}]),
        json!({
            "requiresAttributes": [{"name": "ecs.capability.x"}],
            "placementConstraints": [{"type": "memberOf", "expression": "attribute:stack exists"}]
        }),
    );
    let ok = |name: &str| {
        inst(name, "z", 4096, 4096)
            .attr("ecs.capability.x", None)
            .gpus(&["g0"])
    };
    let instances = [
        inst("a", "z", 0, 0)
            .set("agentConnected", json!(false))
            .tcp(&["8080"]),
        inst("b", "z", 0, 0),
        inst("c", "z", 100, 100).attr("ecs.capability.x", None),
        inst("d", "z", 4096, 100)
            .attr("ecs.capability.x", None)
            .tcp(&["8080"]),
        ok("e").tcp(&["8080"]).udp(&["53"]),
        inst("f", "z", 4096, 4096)
            .attr("ecs.capability.x", None)
            .udp(&["53"]),
        inst("g", "z", 4096, 4096).attr("ecs.capability.x", None),
        ok("h"),
        ok("i").attr("stack", Some("s")),
        ok("j").attr("stack", Some("s")).attr("tier", Some("web")),
        inst("k", "z", 0, 0).set("status", json!("DRAINING")),
        inst("l", "z", 0, 0).set("status", json!("INACTIVE")),
        inst("m", "z", 0, 0).set("status", json!("REGISTERING")),
    ];
    let s = with_definition(
        state(
            &instances,
            &[
                task("t1", "i", "family:gated"),
                task("t2", "j", "family:gated"),
            ],
        ),
        gated,
    );
    let request = json!({"taskDefinition": "gated", "placementConstraints": [
        {"type": "distinctInstance"},
        {"type": "memberOf", "expression": "attribute:tier == web"}
    ]});
    let placement = run(&request, &s, 0);
    assert!(placement.response().tasks.is_empty());
    let got = failures(&placement);
    let reasons: Vec<(&str, &str)> = got
        .iter()
        .map(|(a, r, _)| (a.as_str(), r.as_str()))
        .collect();
    let member_of = "MemberOf placement constraint unsatisfied.";
    assert_eq!(
        reasons,
        [
            ("a", "AGENT"),
            ("b", "ATTRIBUTE"),
            ("c", "RESOURCE:CPU"),
            ("d", "RESOURCE:MEMORY"),
            ("e", "RESOURCE:PORTS"),
            ("f", "RESOURCE:PORTS_UDP"),
            ("g", "RESOURCE:GPU"),
            ("h", member_of),
            ("i", member_of),
            ("j", "DistinctInstance placement constraint unsatisfied."),
        ]
    );
    // The task definition's constraint is number 1; the request's distinctInstance is 2 and
    // its memberOf 3 — checked before distinctInstance although listed after it.
    assert!(
        got[7]
            .2
            .starts_with("constraint 1 (memberOf \"attribute:stack exists\")")
    );
    assert!(
        got[8]
            .2
            .starts_with("constraint 3 (memberOf \"attribute:tier == web\")")
    );
}

/// Spec §6: failures describe the first unplaced task, as of the state the call's earlier
/// tasks left; each instance once; placed + unplaced = count.
#[test]
fn failures_describe_the_first_unplaced_task_after_the_calls_own_tasks() {
    let s = state(
        &[
            inst("a", "z", 512, 4096),
            inst("b", "z", 4096, 600),
            inst("c", "z", 4096, 4096).set("agentConnected", json!(false)),
        ],
        &[],
    );
    for seed in 0..8 {
        let placement = run(&json!({"taskDefinition": "web", "count": 5}), &s, seed);
        let mut placed = hosts(&placement);
        placed.sort();
        assert_eq!(placed, ["a", "a", "b"]);
        assert_eq!(
            failures(&placement),
            [
                (
                    "a".into(),
                    "RESOURCE:CPU".into(),
                    "requires 256 CPU units; 0 remaining".into()
                ),
                (
                    "b".into(),
                    "RESOURCE:MEMORY".into(),
                    "requires 512 MiB memory; 88 MiB remaining".into()
                ),
                ("c".into(), "AGENT".into(), "agent is not connected".into()),
            ]
        );
    }
}

/// Spec §4: up to five strategies narrow the candidates one after another; spread counts
/// the group over the whole cluster, a `DRAINING` instance included; binpack reads the state
/// the call's earlier tasks left.
#[test]
fn five_strategies_narrow_one_after_another() {
    let s = state(
        &[
            inst("a1", "us-east-1a", 4000, 1000),
            inst("a2", "us-east-1a", 3000, 1000),
            inst("a3", "us-east-1a", 300, 3000),
            inst("b1", "us-east-1b", 300, 600),
            inst("b9", "us-east-1b", 4096, 4096).set("status", json!("DRAINING")),
        ],
        &[task("t1", "b9", "family:web")],
    );
    let request = json!({"taskDefinition": "web", "count": 4, "placementStrategy": [
        {"type": "spread", "field": "attribute:ecs.availability-zone"},
        {"type": "binpack", "field": "memory"},
        {"type": "binpack", "field": "cpu"},
        {"type": "spread", "field": "instanceId"},
        {"type": "random"}
    ]});
    // 1: zone a (0) beats b (1, the draining b9); memory a1 = a2 = 1000; cpu a2 (3000).
    // 2: zones 1:1; least memory that fits: a2 has 488 (does not fit), b1 600 → b1.
    // 3: zone a (1) beats b (2) → a1 (1000) over a3 (3000). 4: zones 2:2 → a3, the only fit.
    for seed in 0..6 {
        assert_eq!(hosts(&run(&request, &s, seed)), ["a2", "b1", "a1", "a3"]);
    }
}

/// Spec §1.3, §7.3: buckets in strategy-item order (the base item listed second still comes
/// second), every task with its provider, `EC2` for an Auto Scaling group provider, and
/// `PROVISIONING` tasks with no instance, no zone and no failure entries.
#[test]
fn capacity_provider_buckets_follow_the_item_order() {
    let s = state(
        &[
            inst("a1", "us-east-1a", 4096, 8192).provider("asg-a"),
            inst("x", "us-east-1a", 4096, 8192),
        ],
        &[],
    );
    let request = json!({"taskDefinition": "web", "count": 3, "capacityProviderStrategy": [
        {"capacityProvider": "asg-a", "weight": 1},
        {"capacityProvider": "asg-b", "base": 2}
    ]});
    let placement = run(&request, &s, 4);
    let got = kinds(&placement);
    assert_eq!(
        got,
        [
            ("asg-a".into(), "PENDING".into(), "EC2".into(), "a1".into()),
            (
                "asg-b".into(),
                "PROVISIONING".into(),
                "EC2".into(),
                "-".into()
            ),
            (
                "asg-b".into(),
                "PROVISIONING".into(),
                "EC2".into(),
                "-".into()
            ),
        ]
    );
    let tasks = &placement.response().tasks;
    assert_eq!(tasks[1].availability_zone, None);
    assert!(
        tasks[2]
            .task_arn
            .as_deref()
            .is_some_and(|a| a.ends_with(&ecs_place::rng::task_id(4, 2)))
    );
    assert!(placement.response().failures.is_empty());

    // Base 1 on the first, weights 1:4, count 10 → 3 and 7 (spec §7.3's example).
    let s = state(
        &[
            inst("a1", "z", 8192, 32768).provider("asg-a"),
            inst("b1", "z", 8192, 32768).provider("asg-b"),
        ],
        &[],
    );
    let request = json!({"taskDefinition": "web", "count": 10, "capacityProviderStrategy": [
        {"capacityProvider": "asg-a", "base": 1, "weight": 1},
        {"capacityProvider": "asg-b", "weight": 4}
    ]});
    let placed = hosts(&run(&request, &s, 0));
    assert_eq!(placed, [["a1"; 3].as_slice(), &["b1"; 7]].concat());
}

/// Spec §7.4, §11: Fargate zones spread per provider; tasks placed earlier in the call count
/// for their own provider only.
#[test]
fn fargate_zone_spread_counts_each_provider_apart_within_the_call() {
    let s = state(&[], &[]);
    let request = json!({"taskDefinition": "fg", "count": 4,
    "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-b", "subnet-a"]}},
    "capacityProviderStrategy": [
        {"capacityProvider": "FARGATE", "weight": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 1}
    ]});
    for seed in 0..6 {
        let placement = run(&request, &s, seed);
        let got: Vec<(String, String, String)> = placement
            .response()
            .tasks
            .iter()
            .map(|t| {
                (
                    t.capacity_provider_name.clone().unwrap_or_default(),
                    t.launch_type.clone().unwrap_or_default(),
                    t.availability_zone.clone().unwrap_or_default(),
                )
            })
            .collect();
        let zones = |provider: &str| {
            let mut z: Vec<&str> = got
                .iter()
                .filter(|t| t.0 == provider)
                .map(|t| t.2.as_str())
                .collect();
            z.sort_unstable();
            z
        };
        assert_eq!(zones("FARGATE"), ["us-east-1a", "us-east-1b"]);
        assert_eq!(zones("FARGATE_SPOT"), ["us-east-1a", "us-east-1b"]);
        assert!(got.iter().all(|t| t.1 == "FARGATE"));
    }
}

/// Spec §5, §11 (empty strings): a snapshot task with `group` "" counts for
/// `runningTasksCount` but belongs to no group, and a request's `group` "" is the default
/// group — so the call's own tasks and the snapshot's agree on what "" means.
#[test]
fn an_empty_group_is_no_group_for_snapshot_and_request_alike() {
    let s = state(
        &[inst("a", "z", 4096, 4096), inst("b", "z", 4096, 4096)],
        &[task("t1", "a", ""), task("t2", "b", "family:web")],
    );
    // Spread over instances: a's "" task is not a task of the request's group (which is
    // the family's), b's is — so the task goes to a.
    let request = json!({"taskDefinition": "web", "group": "",
        "placementStrategy": [{"type": "spread", "field": "instanceId"}]});
    let placement = run(&request, &s, 0);
    assert_eq!(hosts(&placement), ["a"]);
    let task = &placement.response().tasks[0];
    assert_eq!(task.group.as_deref(), Some("family:web"));
    // distinctInstance with group "" is the family's group: b hosts it, a does not.
    let request = json!({"taskDefinition": "web", "group": "", "count": 2,
        "placementConstraints": [{"type": "distinctInstance"}]});
    let placement = run(&request, &s, 0);
    assert_eq!(hosts(&placement), ["a"]);
    assert_eq!(
        failures(&placement)[1].2,
        "the instance already runs a task of group `family:web`"
    );
    // The "" task still counts toward runningTasksCount (a has no field: its counted tasks).
    let request = json!({"taskDefinition": "web", "placementConstraints": [
        {"type": "memberOf", "expression": "runningTasksCount == 1 and not(task:group == 'family:web')"}]});
    assert_eq!(hosts(&run(&request, &s, 0)), ["a"]);
}

/// Spec §11: required attributes with a value; a value-less instance attribute does not
/// satisfy one; `ecs.capability.external` with or without a value makes an instance external.
#[test]
fn required_attribute_values_and_the_external_attribute() {
    let mut s = state(
        &[
            inst("a", "z", 4096, 4096).attr("os", None),
            inst("b", "z", 4096, 4096).attr("os", Some("windows")),
            inst("c", "z", 256, 4096).attr("os", Some("linux")),
            inst("d", "z", 4096, 4096)
                .attr("os", Some("linux"))
                .attr("ecs.capability.external", Some("true")),
            inst("e", "z", 4096, 4096),
        ],
        &[],
    );
    s["taskDefinitions"][0]["requiresAttributes"] = json!([{"name": "os", "value": "linux"}]);
    let placement = run(&json!({"taskDefinition": "web", "count": 2}), &s, 0);
    assert_eq!(hosts(&placement), ["c"]);
    let got = failures(&placement);
    let details: Vec<(&str, &str)> = got
        .iter()
        .map(|(a, _, d)| (a.as_str(), d.as_str()))
        .collect();
    // d is external: not a candidate of launch type EC2, so no failure either.
    assert_eq!(
        details,
        [
            (
                "a",
                "requires attribute `os` = `linux`; the instance's `os` has no value"
            ),
            (
                "b",
                "requires attribute `os` = `linux`; the instance's `os` is `windows`"
            ),
            ("c", "requires 256 CPU units; 0 remaining"),
            (
                "e",
                "requires attribute `os` = `linux`; the instance has no `os`"
            ),
        ]
    );
    let external = run(
        &json!({"taskDefinition": "web", "launchType": "EXTERNAL"}),
        &s,
        0,
    );
    assert_eq!(hosts(&external), ["d"]);
    assert_eq!(
        external.response().tasks[0].launch_type.as_deref(),
        Some("EXTERNAL")
    );
}

/// Spec §8.1: the seed is the explicit option, else FNV-1a of a non-empty `clientToken`, else
/// 0; task ARNs are `arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/ID`.
#[test]
fn the_seed_comes_from_the_client_token() {
    let s = state(&[inst("a", "z", 4096, 4096)], &[]);
    let fnv = |bytes: &[u8]| {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let arn_of = |request: Value, options: &Options| {
        try_run(&request, &s, options)
            .expect("valid")
            .response()
            .tasks[0]
            .task_arn
            .clone()
            .unwrap_or_default()
    };
    let prefix = "arn:aws:ecs:us-east-1:111122223333:task/default/";
    let token = json!({"taskDefinition": "web", "clientToken": "retry-1"});
    assert_eq!(
        arn_of(token.clone(), &Options::default()),
        format!("{prefix}{}", ecs_place::rng::task_id(fnv(b"retry-1"), 0))
    );
    assert_eq!(
        arn_of(token, &Options::with_seed(9)),
        format!("{prefix}{}", ecs_place::rng::task_id(9, 0))
    );
    assert_eq!(
        arn_of(
            json!({"taskDefinition": "web", "clientToken": ""}),
            &Options::default()
        ),
        format!("{prefix}{}", ecs_place::rng::task_id(0, 0))
    );
}

/// Spec §11 (draining instances): their counted tasks count for `task:group`.
#[test]
fn draining_instances_keep_their_groups() {
    let s = parse_state(&state(
        &[
            inst("a", "z", 4096, 4096).set("status", json!("DRAINING")),
            inst("b", "z", 4096, 4096),
        ],
        &[task("t1", "a", "db")],
    ));
    let listed = list_container_instances(&s, Some("task:group == db"), Some("DRAINING"))
        .expect("a valid filter");
    assert_eq!(listed, [arn("a")]);
}

/// Spec §10: GPU ids lowest first in byte order (`GPU-10` before `GPU-9`), whatever the order
/// of the instance's string set.
#[test]
fn gpu_ids_are_taken_in_byte_order() {
    for ids in [["GPU-9", "GPU-10", "GPU-2"], ["GPU-2", "GPU-9", "GPU-10"]] {
        let s = state(&[inst("a", "z", 4096, 4096).gpus(&ids)], &[]);
        let placement = run(&json!({"taskDefinition": "gpu"}), &s, 0);
        let containers = placement.response().tasks[0]
            .containers
            .clone()
            .unwrap_or_default();
        assert_eq!(containers[0].gpu_ids, Some(vec!["GPU-10".to_owned()]));
        assert_eq!(
            containers[1].gpu_ids,
            Some(vec!["GPU-2".to_owned(), "GPU-9".to_owned()])
        );
    }
}

/// Rotates the array at `path` (a JSON pointer) by one and reverses it.
fn permuted(value: &Value, path: &str, reverse: bool) -> Option<Value> {
    let mut out = value.clone();
    let items = out.pointer_mut(path)?.as_array_mut()?;
    if items.len() < 2 {
        return None;
    }
    if reverse {
        items.reverse();
    } else {
        items.rotate_left(1);
    }
    Some(out)
}

/// Spec §8.2: permuting any set-like array — of the snapshot or the request — changes
/// nothing.
#[test]
fn permuting_each_set_like_array_changes_nothing() {
    let tagged = definition(
        "tagged",
        json!([{"name": "app", "cpu": 128, "memory": 128,
            "portMappings": [{"containerPort": 80, "hostPort": 8080}],
            "resourceRequirements": [{"type": "GPU", "value": "1"}]}]),
        json!({"tags": [
            {"key": "team", "value": "web"}, {"key": "cost", "value": "1"}, {"key": "app", "value": "x"}
        ]}),
    );
    let instances: Vec<Inst> = (0..4)
        .map(|i| {
            inst(
                &format!("i{i}"),
                ["us-east-1a", "us-east-1b"][i % 2],
                4096,
                4096,
            )
            .attr("stack", Some(["dev", "prod"][i / 2]))
            .attr("ecs.instance-type", Some("m5.large"))
            .tcp(&["22", "9000", "7000"])
            .gpus(&["g3", "g1", "g2"])
        })
        .collect();
    let mut s = with_definition(
        state(
            &instances,
            &[
                task("t1", "i0", "family:tagged"),
                task("t2", "i1", "family:tagged"),
                task("t3", "i1", "other"),
                task("t4", "i3", "family:tagged"),
            ],
        ),
        tagged,
    );
    s["taskDefinitions"]
        .as_array_mut()
        .expect("array")
        .push(definition(
            "tagged",
            json!([{"name": "app", "memory": 64}]),
            json!({}),
        ));
    let last = s["taskDefinitions"].as_array().map_or(0, Vec::len) - 1;
    s["taskDefinitions"][last]["revision"] = json!(2);
    s["taskDefinitions"][last]["status"] = json!("INACTIVE");
    s["taskDefinitions"][last]["taskDefinitionArn"] =
        json!("arn:aws:ecs:us-east-1:111122223333:task-definition/tagged:2");
    let requests = [
        json!({"taskDefinition": "tagged", "count": 3, "propagateTags": "TASK_DEFINITION",
            "tags": [{"key": "b", "value": "2"}, {"key": "team", "value": "ops"}, {"key": "a", "value": "1"}],
            "placementStrategy": [
                {"type": "spread", "field": "attribute:stack"},
                {"type": "spread", "field": "instanceId"}]}),
        json!({"taskDefinition": "fg", "count": 4,
            "tags": [{"key": "y", "value": "2"}, {"key": "x", "value": "1"}],
            "networkConfiguration": {"awsvpcConfiguration": {
                "subnets": ["subnet-c", "subnet-a", "subnet-b"], "securityGroups": ["sg-2", "sg-1"]}},
            "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]}),
    ];
    // `clusters` holds exactly one cluster (spec §11), so it has no other order.
    let snapshot_paths = [
        "/clusters/0/capacityProviders",
        "/capacityProviders",
        "/containerInstances",
        "/containerInstances/0/attributes",
        "/containerInstances/0/remainingResources",
        "/containerInstances/0/registeredResources",
        "/containerInstances/0/remainingResources/2/stringSetValue",
        "/containerInstances/0/remainingResources/3/stringSetValue",
        "/taskDefinitions",
        "/taskDefinitions/4/tags",
        "/tasks",
        "/subnets",
    ];
    let request_paths = [
        "/tags",
        "/networkConfiguration/awsvpcConfiguration/subnets",
        "/networkConfiguration/awsvpcConfiguration/securityGroups",
    ];
    let options = Options {
        seed: Some(5),
        explain: true,
        ..Options::default()
    };
    for request in &requests {
        let base = try_run(request, &s, &options).expect("valid").to_json();
        for path in snapshot_paths {
            for reverse in [false, true] {
                let other = permuted(&s, path, reverse)
                    .unwrap_or_else(|| panic!("`{path}` is an array of two or more"));
                let got = try_run(request, &other, &options).expect("valid").to_json();
                assert_eq!(got, base, "snapshot `{path}` permuted, request {request}");
            }
        }
        for path in request_paths {
            for reverse in [false, true] {
                let Some(other) = permuted(request, path, reverse) else {
                    continue;
                };
                let got = try_run(&other, &s, &options).expect("valid").to_json();
                assert_eq!(got, base, "request `{path}` permuted");
            }
        }
    }
}

/// Spec §6: the `memberOf` detail of the spec's own example, word for word, and the same
/// shape for other subjects.
#[test]
fn member_of_details_read_like_the_spec_example() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096).attr("ecs.instance-type", Some("c5.large")),
            inst("b", "z", 4096, 4096).attr("stack", Some("dev")),
        ],
        &[],
    );
    let request = json!({"taskDefinition": "web", "placementConstraints": [
        {"type": "distinctInstance"},
        {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ m5.*"}
    ]});
    let got = failures(&run(&request, &s, 0));
    assert_eq!(
        got[0].2,
        "constraint 2 (memberOf \"attribute:ecs.instance-type =~ m5.*\") is false: \
         instance type is c5.large"
    );
    assert_eq!(
        got[1].2,
        "constraint 2 (memberOf \"attribute:ecs.instance-type =~ m5.*\") is false: \
         the instance has no attribute `ecs.instance-type`"
    );
    let request = json!({"taskDefinition": "web", "placementConstraints": [
        {"type": "memberOf", "expression": "attribute:stack == prod and runningTasksCount < 5"}
    ]});
    let got = failures(&run(&request, &s, 0));
    assert_eq!(
        got[1].2,
        "constraint 1 (memberOf \"attribute:stack == prod and runningTasksCount < 5\") is false: \
         `attribute:stack == prod` is false; attribute `stack` is `dev`"
    );
    let request = json!({"taskDefinition": "web", "placementConstraints": [
        {"type": "memberOf", "expression": "runningTasksCount > 3"}
    ]});
    assert_eq!(
        failures(&run(&request, &s, 0))[0].2,
        "constraint 1 (memberOf \"runningTasksCount > 3\") is false: runningTasksCount is `0`"
    );
}

/// Spec §11 (spread fields): `instanceId`, `host` and the `attribute:` prefix in any case;
/// the attribute name as written (`Stack` is another attribute, absent everywhere: one key).
#[test]
fn spread_fields_are_case_insensitive_but_attribute_names_are_not() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096).attr("stack", Some("x")),
            inst("b", "z", 4096, 4096).attr("stack", Some("y")),
            inst("c", "z", 4096, 4096).attr("stack", Some("y")),
        ],
        &[task("t1", "a", "family:web"), task("t2", "b", "family:web")],
    );
    let spread = |field: &str| {
        json!({"taskDefinition": "web",
            "placementStrategy": [{"type": "spread", "field": field}]})
    };
    for seed in 0..6 {
        for field in ["instanceId", "INSTANCEID", "host", "Host"] {
            assert_eq!(hosts(&run(&spread(field), &s, seed)), ["c"], "{field}");
        }
        // The prefix in any case reads the same attribute: the same bytes.
        let lower = run(&spread("attribute:stack"), &s, seed).to_json();
        assert_eq!(run(&spread("ATTRIBUTE:stack"), &s, seed).to_json(), lower);
    }
    // With counts that differ (x: 1, y: 0), `attribute:stack` always picks b, while
    // `attribute:Stack`, which no instance has, puts both in the one "absent" bucket and
    // leaves the pick to the draw.
    let s = state(
        &[
            inst("a", "z", 4096, 4096).attr("stack", Some("x")),
            inst("b", "z", 4096, 4096).attr("stack", Some("y")),
        ],
        &[task("t1", "a", "family:web")],
    );
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..32 {
        assert_eq!(hosts(&run(&spread("attribute:stack"), &s, seed)), ["b"]);
        seen.extend(hosts(&run(&spread("attribute:Stack"), &s, seed)));
    }
    assert_eq!(
        seen.len(),
        2,
        "`Stack` is not `stack`: both instances are in one bucket"
    );
}
