//! Structured cluster + request → fast engine vs reference engine, and the placement laws.
//!
//! `arbitrary` bytes are shaped into a small *valid* snapshot (up to 8 instances over three
//! zones and two Auto Scaling group providers, ports, GPU ids, attributes, counted tasks,
//! one task definition) and a `RunTask` request (count, group, launch type or capacity
//! provider strategy, `memberOf` expressions over every subject, `distinctInstance`, up to
//! three strategies). Both documents go through the public parsers, as user input does.
//!
//! Laws checked on every input:
//! - the fast engine and the reference engine give the same error, or the same outcome and
//!   the same response bytes (spec §8.1, explain mode included);
//! - no over-commit: per instance the placed tasks' CPU and memory (summed here from the task
//!   definition, in u64) fit what was remaining, no host port is taken twice or was in use,
//!   GPU ids are distinct and were free (spec §10), checked from the response and the
//!   snapshot, independently of both engines; instances at `u32::MAX` and containers of
//!   `2^31` appear now and then, so that sums beyond `u32` are exercised;
//! - every placed task passed every check, `memberOf` and `distinctInstance` included, on
//!   the state it was placed in; placed + unplaced = `count` (spec §6);
//! - the prebuilt index places identically to the one-shot path; after committing the
//!   placement it equals a fresh build of its export, and stopping the committed tasks
//!   gives back the index of the original snapshot.

#![no_main]

use std::collections::{BTreeMap, BTreeSet};

use arbitrary::{Arbitrary, Unstructured};
use ecs_place::{ClusterIndex, IndexOptions, Options, Scratch};
use ecs_place_model::{parse_cluster_state, parse_request};
use ecs_place_testkit::harness::run_both;
use ecs_place_testkit::laws;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

const MAX_INSTANCES: usize = 8;
const MAX_TASKS: usize = 12;
const ZONES: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
const TYPES: [&str; 3] = ["m5.large", "c5.xlarge", "t3.micro"];
const STACKS: [&str; 3] = ["prod", "dev", "ça-va ☃"];
const PROVIDERS: [&str; 2] = ["asg-a", "asg-b"];
const GROUPS: [&str; 4] = ["family:fz", "web", "db", "service:api"];
const TCP: [u16; 5] = [22, 80, 443, 8080, 9000];
const UDP: [u16; 3] = [53, 123, 9000];
const GPU_IDS: [&str; 4] = ["GPU-0", "GPU-1", "GPU-2", "GPU-3"];
const VERSIONS: [&str; 4] = ["1.9.0", "1.14.5", "1.14.10", "1.82.4"];
const CLUSTER_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/fz";

fn pick<'a, T>(u: &mut Unstructured<'_>, items: &'a [T]) -> arbitrary::Result<&'a T> {
    u.choose(items)
}

fn mask<T: Copy>(bits: u8, items: &[T]) -> Vec<T> {
    items
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, &x)| x)
        .collect()
}

fn instance_arn(id: u8) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:container-instance/fz/{id:02x}")
}

/// One container instance.
fn instance(u: &mut Unstructured<'_>, id: u8) -> arbitrary::Result<Value> {
    let status = *pick(u, &["ACTIVE", "ACTIVE", "ACTIVE", "DRAINING"])?;
    // Now and then an instance at the top of the `u32` range (spec §1.2 allows it).
    let huge = u.ratio(1, 8)?;
    let cpu = if huge {
        u32::MAX
    } else {
        u32::from(u.int_in_range(0..=4u16)?) * 512 + u32::from(u.int_in_range(0..=3u8)?) * 128
    };
    let memory = if huge {
        u32::MAX - u32::from(u8::arbitrary(u)?)
    } else {
        u32::from(u.int_in_range(0..=8u16)?) * 512 + u32::from(u8::arbitrary(u)?)
    };
    let tcp = mask(u8::arbitrary(u)?, &TCP);
    let udp = mask(u8::arbitrary(u)?, &UDP);
    let gpus = mask(u8::arbitrary(u)? & 0x0f, &GPU_IDS);
    let has_gpu = bool::arbitrary(u)?;
    let mut attributes = vec![
        json!({"name": "ecs.availability-zone", "value": pick(u, &ZONES)?}),
        json!({"name": "ecs.instance-type", "value": pick(u, &TYPES)?}),
    ];
    if bool::arbitrary(u)? {
        attributes.push(json!({"name": "stack", "value": pick(u, &STACKS)?}));
    }
    if bool::arbitrary(u)? {
        // Present without a value: a capability flag.
        attributes.push(json!({"name": "flag"}));
    }
    if u.ratio(1, 8)? {
        attributes.push(json!({"name": "ecs.capability.external"}));
    }
    let mut remaining = vec![
        json!({"name": "CPU", "type": "INTEGER", "integerValue": cpu}),
        json!({"name": "MEMORY", "type": "INTEGER", "integerValue": memory}),
        json!({"name": "PORTS", "type": "STRINGSET",
               "stringSetValue": tcp.iter().map(u16::to_string).collect::<Vec<_>>()}),
    ];
    if !udp.is_empty() {
        remaining.push(json!({"name": "PORTS_UDP", "type": "STRINGSET",
            "stringSetValue": udp.iter().map(u16::to_string).collect::<Vec<_>>()}));
    }
    let mut registered = vec![
        json!({"name": "CPU", "type": "INTEGER", "integerValue": cpu.saturating_add(u32::from(u8::arbitrary(u)?))}),
        json!({"name": "MEMORY", "type": "INTEGER", "integerValue": memory.saturating_add(256)}),
    ];
    if has_gpu {
        remaining.push(json!({"name": "GPU", "type": "STRINGSET", "stringSetValue": gpus}));
        registered.push(json!({"name": "GPU", "type": "STRINGSET", "stringSetValue": GPU_IDS}));
    }
    let mut out = json!({
        "containerInstanceArn": instance_arn(id),
        "ec2InstanceId": format!("i-{id:017x}"),
        "status": status,
        "attributes": attributes,
        "registeredResources": registered,
        "remainingResources": remaining,
        "versionInfo": {"agentVersion": pick(u, &VERSIONS)?},
        "registeredAt": format!("2024-0{}-1{}T12:00:00Z", u.int_in_range(1..=9u8)?, u.int_in_range(0..=9u8)?),
    });
    let object = out.as_object_mut().expect("an object literal");
    match u.int_in_range(0..=3u8)? {
        0 => {}
        1 => {
            object.insert("agentConnected".into(), json!(false));
        }
        _ => {
            object.insert("agentConnected".into(), json!(true));
        }
    }
    if u.ratio(1, 3)? {
        object.insert("capacityProviderName".into(), json!(pick(u, &PROVIDERS)?));
    }
    if u.ratio(1, 4)? {
        object.insert(
            "runningTasksCount".into(),
            json!(u.int_in_range(0..=20u32)?),
        );
    }
    Ok(out)
}

/// A value for `subject`, mostly one the instances above can have.
fn value_for(u: &mut Unstructured<'_>, subject: &str) -> arbitrary::Result<String> {
    let value = match subject {
        "attribute:ecs.availability-zone" => pick(u, &ZONES)?.to_string(),
        "attribute:ecs.instance-type" => pick(u, &TYPES)?.to_string(),
        "attribute:stack" => format!("'{}'", pick(u, &STACKS)?),
        "attribute:flag" => "x".to_owned(),
        "task:group" => format!("'{}'", pick(u, &GROUPS)?),
        "runningTasksCount" => u.int_in_range(0..=4u8)?.to_string(),
        "agentConnected" => pick(u, &["true", "false", "TRUE"])?.to_string(),
        "agentVersion" => pick(u, &VERSIONS)?.to_string(),
        "registeredAt" => pick(
            u,
            &[
                "2024-05-15",
                "2024-03-10T00:00:00Z",
                "2024-09-19T12:00:00+02:00",
            ],
        )?
        .to_string(),
        _ => format!("i-{:017x}", u8::arbitrary(u)? % 12),
    };
    Ok(value)
}

const SUBJECTS: [&str; 10] = [
    "attribute:ecs.availability-zone",
    "attribute:ecs.instance-type",
    "attribute:stack",
    "attribute:flag",
    "task:group",
    "runningTasksCount",
    "agentConnected",
    "agentVersion",
    "registeredAt",
    "ec2InstanceId",
];

/// One simple expression, with an operator the subject accepts.
fn simple(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let subject = *pick(u, &SUBJECTS)?;
    let ops: &[&str] = match subject {
        "runningTasksCount" | "agentVersion" | "registeredAt" => {
            &["==", "!=", ">", ">=", "<", "<="]
        }
        "agentConnected" | "ec2InstanceId" => &["==", "!=", "in", "!in", "=~", "!~"],
        _ => &[
            "==", "!=", ">", "<=", "exists", "!exists", "in", "not_in", "=~", "!~",
        ],
    };
    let op = *pick(u, ops)?;
    Ok(match op {
        "exists" | "!exists" => format!("{subject} {op}"),
        "in" | "!in" | "not_in" => {
            let a = value_for(u, subject)?;
            let b = value_for(u, subject)?;
            format!("{subject} {op} [{a}, {b}]")
        }
        "=~" | "!~" => {
            let v = value_for(u, subject)?;
            let v = v.trim_matches('\'');
            let prefix: String = v.chars().take(2).collect();
            format!("{subject} {op} '{}.*'", prefix.replace('.', "\\."))
        }
        _ => format!("{subject} {op} {}", value_for(u, subject)?),
    })
}

/// A compound expression of bounded depth.
fn expression(u: &mut Unstructured<'_>, depth: u8) -> arbitrary::Result<String> {
    if depth == 0 {
        return simple(u);
    }
    Ok(match u.int_in_range(0..=4u8)? {
        0 => format!("not({})", expression(u, depth - 1)?),
        1 => format!(
            "({}) and ({})",
            expression(u, depth - 1)?,
            expression(u, depth - 1)?
        ),
        2 => format!(
            "{} or {}",
            expression(u, depth - 1)?,
            expression(u, depth - 1)?
        ),
        _ => simple(u)?,
    })
}

fn container(u: &mut Unstructured<'_>, at: usize, network: &str) -> arbitrary::Result<Value> {
    let mut c = json!({"name": format!("c{at}")});
    let object = c.as_object_mut().expect("an object literal");
    // Now and then half the `u32` range, so that two containers sum beyond it.
    if u.ratio(1, 6)? {
        object.insert("cpu".into(), json!(1_u32 << 31));
    } else if u.ratio(3, 4)? {
        object.insert("cpu".into(), json!(u.int_in_range(0..=8u32)? * 128));
    }
    if u.ratio(1, 8)? {
        object.insert("memory".into(), json!(1_u32 << 31));
    } else if u.ratio(3, 4)? {
        object.insert("memory".into(), json!(u.int_in_range(1..=16u32)? * 128));
    }
    if u.ratio(1, 3)? {
        object.insert(
            "memoryReservation".into(),
            json!(u.int_in_range(1..=8u32)? * 128),
        );
    }
    let mut mappings = Vec::new();
    for _ in 0..u.int_in_range(0..=2u8)? {
        let udp = u.ratio(1, 3)?;
        let port = if udp {
            *pick(u, &UDP)?
        } else {
            *pick(u, &TCP)?
        };
        let mut m = json!({"containerPort": port});
        let map = m.as_object_mut().expect("an object literal");
        if network != "host" || bool::arbitrary(u)? {
            map.insert(
                "hostPort".into(),
                json!(if u.ratio(1, 5)? { 0 } else { port }),
            );
        }
        if udp {
            map.insert("protocol".into(), json!("udp"));
        }
        mappings.push(m);
    }
    object.insert("portMappings".into(), json!(mappings));
    if u.ratio(1, 4)? {
        object.insert(
            "resourceRequirements".into(),
            json!([{"type": "GPU", "value": u.int_in_range(1..=2u8)?.to_string()}]),
        );
    }
    Ok(c)
}

struct Case {
    snapshot: Value,
    request: Value,
    options: Options,
}

fn case(u: &mut Unstructured<'_>) -> arbitrary::Result<Case> {
    // Instances: distinct ids, in arbitrary array order (the engines must not care).
    let mut ids = BTreeSet::new();
    let mut instances = Vec::new();
    for _ in 0..u.int_in_range(0..=MAX_INSTANCES)? {
        let id = u.int_in_range(0..=11u8)?;
        if ids.insert(id) {
            instances.push(instance(u, id)?);
        }
    }
    let mut tasks = Vec::new();
    for n in 0..u.int_in_range(0..=MAX_TASKS)? {
        // Ids above 11 name no instance: such tasks are ignored (spec §5).
        let id = u.int_in_range(0..=13u8)?;
        let mut task = json!({
            "taskArn": format!("arn:aws:ecs:us-east-1:123456789012:task/fz/{n:032x}"),
            "containerInstanceArn": instance_arn(id),
            "desiredStatus": pick(u, &["RUNNING", "RUNNING", "STOPPED"])?,
            "lastStatus": "RUNNING",
        });
        if u.ratio(7, 8)? {
            task["group"] = json!(pick(u, &GROUPS)?);
        }
        tasks.push(task);
    }

    let network = *pick(u, &["bridge", "bridge", "host", "awsvpc", "none"])?;
    let mut containers = Vec::new();
    for at in 0..u.int_in_range(1..=3usize)? {
        containers.push(container(u, at, network)?);
    }
    let mut task_definition = json!({
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/fz:1",
        "family": "fz",
        "revision": 1,
        "status": "ACTIVE",
        "networkMode": network,
        "containerDefinitions": containers,
    });
    if u.ratio(1, 3)? {
        task_definition["cpu"] = json!((u.int_in_range(1..=8u32)? * 128).to_string());
    }
    if u.ratio(1, 3)? {
        task_definition["memory"] = json!((u.int_in_range(1..=16u32)? * 256).to_string());
    }
    if u.ratio(1, 5)? {
        let (name, value) = if bool::arbitrary(u)? {
            ("ecs.instance-type", Some(*pick(u, &TYPES)?))
        } else {
            ("flag", None)
        };
        task_definition["requiresAttributes"] = json!([{"name": name, "value": value}]);
    }
    if u.ratio(1, 5)? {
        task_definition["placementConstraints"] =
            json!([{"type": "memberOf", "expression": expression(u, 1)?}]);
    }

    let default_strategy = if u.ratio(1, 5)? {
        json!([{"capacityProvider": pick(u, &PROVIDERS)?, "weight": 1}])
    } else {
        json!([])
    };
    let snapshot = json!({
        "clusters": [{
            "clusterArn": CLUSTER_ARN,
            "clusterName": "fz",
            "status": "ACTIVE",
            "capacityProviders": PROVIDERS,
            "defaultCapacityProviderStrategy": default_strategy,
        }],
        "capacityProviders": PROVIDERS.iter().map(|name| json!({
            "name": name, "status": "ACTIVE", "type": "EC2_AUTOSCALING",
        })).collect::<Vec<_>>(),
        "containerInstances": instances,
        "taskDefinitions": [task_definition],
        "tasks": tasks,
    });

    let mut request = json!({
        "cluster": "fz",
        "taskDefinition": "fz",
        "count": u.int_in_range(1..=10u8)?,
    });
    if u.ratio(2, 3)? {
        request["group"] = json!(pick(u, &GROUPS)?);
    }
    match u.int_in_range(0..=5u8)? {
        0 | 1 => {}
        2 | 3 => request["launchType"] = json!("EC2"),
        4 => request["launchType"] = json!("EXTERNAL"),
        _ => {
            let mut items = Vec::new();
            for (at, provider) in PROVIDERS.iter().enumerate() {
                if at == 0 || bool::arbitrary(u)? {
                    let mut item =
                        json!({"capacityProvider": provider, "weight": u.int_in_range(1..=4u8)?});
                    if at == 0 && bool::arbitrary(u)? {
                        item["base"] = json!(u.int_in_range(0..=3u8)?);
                    }
                    items.push(item);
                }
            }
            request["capacityProviderStrategy"] = json!(items);
        }
    }
    if network == "awsvpc" {
        request["networkConfiguration"] = json!({"awsvpcConfiguration": {"subnets": ["subnet-1"]}});
    }
    let mut constraints = Vec::new();
    for _ in 0..u.int_in_range(0..=3u8)? {
        if u.ratio(1, 3)? {
            constraints.push(json!({"type": "distinctInstance"}));
        } else {
            constraints.push(json!({"type": "memberOf", "expression": expression(u, 2)?}));
        }
    }
    if !constraints.is_empty() {
        request["placementConstraints"] = json!(constraints);
    }
    let mut strategies = Vec::new();
    for _ in 0..u.int_in_range(0..=3u8)? {
        let (kind, field) = *pick(
            u,
            &[
                ("binpack", "cpu"),
                ("binpack", "MEMORY"),
                ("spread", "instanceId"),
                ("spread", "host"),
                ("spread", "attribute:ecs.availability-zone"),
                ("spread", "attribute:stack"),
                ("random", ""),
            ],
        )?;
        strategies.push(json!({"type": kind, "field": field}));
    }
    if !strategies.is_empty() {
        request["placementStrategy"] = json!(strategies);
    }
    let options = Options {
        seed: Some(u64::arbitrary(u)?),
        explain: bool::arbitrary(u)?,
        // Both paths, serial and rayon's, must give the same bytes.
        parallel_threshold: if u.ratio(1, 4)? { 0 } else { usize::MAX },
    };
    Ok(Case {
        snapshot,
        request,
        options,
    })
}

/// No over-commit, checked from the response and the snapshot alone (spec §10): per instance, the placed
/// tasks' CPU and memory sum within what was remaining, their host ports were free and are
/// distinct, their GPU ids were free and are distinct.
fn check_no_overcommit(
    state: &ecs_place_model::ClusterState,
    plan: &ecs_place::plan::Plan,
    response: &ecs_place_model::RunTaskResponse,
) {
    let mut per_instance: BTreeMap<&str, Vec<&ecs_place_model::Task>> = BTreeMap::new();
    for task in &response.tasks {
        if let Some(arn) = task.container_instance_arn.as_deref() {
            per_instance.entry(arn).or_default().push(task);
        }
    }
    let needs = &plan.requirements;
    // CPU and memory per task, from the task definition itself (spec §10), in u64: no engine
    // code is trusted for the arithmetic.
    let definition = &state.task_definitions[0];
    let containers = &definition.container_definitions;
    let cpu = definition.cpu_units().map_or_else(
        || {
            containers
                .iter()
                .map(|c| u64::from(c.cpu.unwrap_or(0)))
                .sum()
        },
        u64::from,
    );
    let memory = definition.memory_mib().map_or_else(
        || {
            containers
                .iter()
                .map(|c| {
                    u64::from(
                        c.memory_reservation
                            .filter(|m| *m > 0)
                            .or(c.memory)
                            .unwrap_or(0),
                    )
                })
                .sum()
        },
        u64::from,
    );
    for (arn, tasks) in per_instance {
        let instance = state
            .container_instances
            .iter()
            .find(|i| i.container_instance_arn == arn)
            .unwrap_or_else(|| panic!("a task names unknown instance {arn}"));
        assert_eq!(
            instance.status, "ACTIVE",
            "task placed on a non-ACTIVE instance {arn}"
        );
        let n = tasks.len() as u64;
        let remaining = |name| {
            instance
                .remaining(name)
                .and_then(|r| r.units().ok())
                .unwrap_or(0)
        };
        assert!(
            cpu * n <= u64::from(remaining("CPU")),
            "{arn}: {n} tasks of {cpu} CPU, {} remaining",
            remaining("CPU")
        );
        assert!(
            memory * n <= u64::from(remaining("MEMORY")),
            "{arn}: {n} tasks of {memory} MiB, {} remaining",
            remaining("MEMORY")
        );
        for (ports, name) in [(&needs.tcp_ports, "PORTS"), (&needs.udp_ports, "PORTS_UDP")] {
            if ports.is_empty() {
                continue;
            }
            assert_eq!(n, 1, "{arn}: {n} tasks each taking host ports {ports:?}");
            let used = instance
                .remaining(name)
                .and_then(|r| r.ports().ok())
                .unwrap_or_default();
            assert!(
                ports.iter().all(|p| !used.contains(p)),
                "{arn}: ports {ports:?} overlap {used:?} in use"
            );
        }
        let free: BTreeSet<&str> = instance
            .remaining("GPU")
            .map(|r| r.strings().iter().map(String::as_str).collect())
            .unwrap_or_default();
        let mut taken = BTreeSet::new();
        for task in &tasks {
            let ids: Vec<&str> = task
                .containers
                .iter()
                .flatten()
                .flat_map(|c| c.gpu_ids.iter().flatten().map(String::as_str))
                .collect();
            assert_eq!(ids.len() as u32, needs.gpus, "{arn}: GPU ids {ids:?}");
            for id in ids {
                assert!(free.contains(id), "{arn}: GPU {id} was not free");
                assert!(taken.insert(id), "{arn}: GPU {id} taken twice");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(case) = case(&mut u) else {
        return;
    };
    let state = match parse_cluster_state(&case.snapshot.to_string()) {
        Ok(state) => state,
        Err(error) => panic!("generated snapshot is invalid: {error}\n{}", case.snapshot),
    };
    let request = match parse_request(&case.request.to_string()) {
        Ok(request) => request,
        Err(error) => panic!(
            "generated request does not parse: {error}\n{}",
            case.request
        ),
    };

    let both = run_both(&request, &state, &case.options);
    if let Some(difference) = both.disagreement() {
        panic!(
            "engines disagree\nsnapshot: {}\nrequest: {}\n{difference}",
            case.snapshot, case.request
        );
    }
    let (Ok(fast), Ok(reference)) = (&both.fast, &both.reference) else {
        return;
    };
    let plan = &reference.plan;
    let outcome = fast.outcome();
    check_no_overcommit(&state, plan, fast.response());
    for law in [
        laws::never_overcommits,
        laws::placed_tasks_pass_every_check,
        laws::distinct_instance_holds,
        laws::placed_plus_unplaced_is_count,
    ] {
        if let Err(violation) = law(plan, &state, outcome) {
            panic!(
                "{violation}\nsnapshot: {}\nrequest: {}",
                case.snapshot, case.request
            );
        }
    }

    // The prebuilt index: same placement, then commit / export / rebuild / stop.
    let index_options = IndexOptions {
        parallel_threshold: case.options.parallel_threshold,
        ..IndexOptions::default()
    };
    let fresh = ClusterIndex::build(&state, &index_options);
    let mut index = fresh.clone();
    let placement = index
        .place(&request, &case.options, &mut Scratch::default())
        .unwrap_or_else(|error| panic!("the index rejects what place accepted: {error}"));
    assert_eq!(
        &placement, fast,
        "index placement differs from the one-shot placement"
    );
    if let Err(error) = index.commit(&placement) {
        panic!("commit of a fresh placement failed: {error}");
    }
    let exported = index.to_snapshot();
    if let Err(error) = exported.check() {
        panic!("export after commit fails the check: {error}");
    }
    assert!(
        index == ClusterIndex::build(&exported, &index_options),
        "index after commit differs from a fresh build of its export"
    );
    let arns: Vec<&str> = placement
        .response()
        .tasks
        .iter()
        .filter_map(|t| t.task_arn.as_deref())
        .collect();
    if let Err(error) = index.stop_tasks(&arns) {
        panic!("stopping the committed tasks failed: {error}");
    }
    assert!(
        index == fresh,
        "commit then stop did not give the original index back"
    );
});
