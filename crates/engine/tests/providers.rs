//! Capacity-provider buckets, `PROVISIONING` tasks, Fargate zones and managed instances
//! (spec §7).

use serde_json::{Value, json};

use crate::fixture::{failures, hosts, inst, kinds, run, state, task};

/// `(capacityProviderName, lastStatus, launchType)` per task.
fn statuses(placement: &ecs_place::Placement) -> Vec<(String, String, String)> {
    kinds(placement)
        .into_iter()
        .map(|(provider, status, launch, _)| (provider, status, launch))
        .collect()
}

fn strategy(items: Value) -> Value {
    json!({"taskDefinition": "web", "count": 4, "capacityProviderStrategy": items})
}

#[test]
fn each_bucket_uses_only_its_providers_instances() {
    let s = state(
        &[
            inst("a1", "z", 4096, 4096).provider("asg-a"),
            inst("b1", "z", 4096, 4096).provider("asg-b"),
            inst("x", "z", 4096, 4096),
        ],
        &[],
    );
    let placement = run(
        &strategy(
            json!([{"capacityProvider": "asg-a", "weight": 1}, {"capacityProvider": "asg-b", "weight": 1}]),
        ),
        &s,
        1,
    );
    assert_eq!(hosts(&placement), ["a1", "a1", "b1", "b1"]);
    let s = &statuses(&placement);
    assert_eq!(s[0], ("asg-a".into(), "PENDING".into(), "EC2".into()));
    assert_eq!(s[3], ("asg-b".into(), "PENDING".into(), "EC2".into()));
}

#[test]
fn a_full_provider_leaves_its_tasks_provisioning_without_failures() {
    let s = state(
        &[
            inst("a1", "z", 4096, 4096).provider("asg-a"),
            inst("b1", "z", 4096, 600).provider("asg-b"),
        ],
        &[],
    );
    let request = strategy(
        json!([{"capacityProvider": "asg-a", "weight": 1}, {"capacityProvider": "asg-b", "weight": 1}]),
    );
    let placement = run(&request, &s, 1);
    assert_eq!(hosts(&placement), ["a1", "a1", "b1", "-"]);
    assert_eq!(
        statuses(&placement)[3],
        ("asg-b".into(), "PROVISIONING".into(), "EC2".into())
    );
    assert!(placement.response().failures.is_empty());
    // Positions run over placed and provisioning tasks alike.
    let ids: Vec<String> = placement
        .response()
        .tasks
        .iter()
        .map(|t| t.task_arn.clone().unwrap_or_default())
        .collect();
    assert!(ids[3].ends_with(&ecs_place::rng::task_id(1, 3)));
    // A provider with no instance at all: every task provisioning.
    let request = json!({"taskDefinition": "web", "count": 2, "capacityProviderStrategy": [{"capacityProvider": "asg-b", "weight": 1}]});
    let s = state(&[inst("a1", "z", 4096, 4096).provider("asg-a")], &[]);
    let placement = run(&request, &s, 1);
    assert_eq!(hosts(&placement), ["-", "-"]);
    assert!(placement.response().failures.is_empty());
}

#[test]
fn managed_instances_spread_over_zones_and_ignore_strategies() {
    let s = state(
        &[
            inst("m1", "us-east-1a", 4096, 300).provider("mi"),
            inst("m2", "us-east-1a", 4096, 4096).provider("mi"),
            inst("m3", "us-east-1b", 4096, 4096).provider("mi"),
        ],
        &[
            task("t1", "m2", "family:web"),
            task("t2", "m2", "family:web"),
        ],
    );
    let request = json!({"taskDefinition": "web", "count": 3,
        "capacityProviderStrategy": [{"capacityProvider": "mi", "weight": 1}],
        "placementStrategy": [{"type": "binpack", "field": "memory"}]});
    let placement = run(&request, &s, 3);
    // Zone a has 2 tasks, b none: m3, m3 (b reaches 2), then a and b tie → a or b.
    let placed = hosts(&placement);
    assert_eq!(placed[..2], ["m3", "m3"]);
    assert!(placed[2] == "m2" || placed[2] == "m3", "{placed:?}");
    assert_eq!(
        statuses(&placement)[0],
        ("mi".into(), "PENDING".into(), "MANAGED_INSTANCES".into())
    );
    // No room at all: provisioning.
    let s = state(&[inst("m1", "us-east-1a", 4096, 300).provider("mi")], &[]);
    let placement = run(&request, &s, 3);
    assert_eq!(
        statuses(&placement)[0],
        (
            "mi".into(),
            "PROVISIONING".into(),
            "MANAGED_INSTANCES".into()
        )
    );
    assert!(failures(&placement).is_empty());
}

fn fargate_request(count: u32, subnets: &[&str], launch: Value) -> Value {
    let mut request = json!({"taskDefinition": "fg", "count": count,
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": subnets}}});
    if let (Some(out), Some(extra)) = (request.as_object_mut(), launch.as_object()) {
        for (k, v) in extra {
            out.insert(k.clone(), v.clone());
        }
    }
    request
}

fn fargate_task(id: &str, zone: &str, provider: Option<&str>) -> Value {
    let mut t = json!({"taskArn": format!("arn:aws:ecs:us-east-1:111122223333:task/default/{id}"),
        "group": "family:fg", "desiredStatus": "RUNNING", "lastStatus": "RUNNING",
        "launchType": "FARGATE", "availabilityZone": zone});
    if let Some(p) = provider {
        t["capacityProviderName"] = json!(p);
    }
    t
}

fn zones(placement: &ecs_place::Placement) -> Vec<String> {
    placement
        .response()
        .tasks
        .iter()
        .map(|t| t.availability_zone.clone().unwrap_or_else(|| "-".into()))
        .collect()
}

#[test]
fn fargate_spreads_the_group_over_the_subnets_zones() {
    let tasks = [
        fargate_task("f1", "us-east-1a", None),
        fargate_task("f2", "us-east-1a", None),
        fargate_task("f3", "us-east-1b", None),
        // Spot tasks count for FARGATE_SPOT only.
        fargate_task("s1", "us-east-1c", Some("FARGATE_SPOT")),
        fargate_task("s2", "us-east-1c", Some("FARGATE_SPOT")),
    ];
    let s = state(&[], &tasks);
    let request = fargate_request(
        3,
        &["subnet-a", "subnet-b", "subnet-c"],
        json!({"launchType": "FARGATE"}),
    );
    let placement = run(&request, &s, 5);
    let got = zones(&placement);
    // Counts a:2 b:1 c:0 → c; then b and c tie at 1 → one of them; then the other.
    assert_eq!(got[0], "us-east-1c");
    let mut rest = got[1..].to_vec();
    rest.sort();
    assert_eq!(rest, ["us-east-1b", "us-east-1c"]);
    let t = &placement.response().tasks[0];
    assert_eq!(t.launch_type.as_deref(), Some("FARGATE"));
    assert_eq!(t.container_instance_arn, None);
    assert_eq!(t.platform_version.as_deref(), Some("LATEST"));

    let spot = fargate_request(
        2,
        &["subnet-a", "subnet-c"],
        json!({"capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]}),
    );
    let placement = run(&spot, &s, 5);
    assert_eq!(zones(&placement), ["us-east-1a", "us-east-1a"]);
    assert_eq!(
        placement.response().tasks[0]
            .capacity_provider_name
            .as_deref(),
        Some("FARGATE_SPOT")
    );

    // Subnets the snapshot does not map: no zone.
    let unmapped = fargate_request(1, &["subnet-zzz"], json!({"launchType": "FARGATE"}));
    assert_eq!(zones(&run(&unmapped, &s, 5)), ["-"]);
}
