//! Long-run invariants of the prebuilt [`ClusterIndex`] (issue 8): hundreds of consecutive
//! requests placed and committed, tasks stopped one by one and by group, and after every
//! step:
//!
//! - the index equals a fresh build from its own export (`to_snapshot`);
//! - a placement on the index equals the one-shot `place` on the exported snapshot;
//! - an independent ledger of what every live task took agrees with the export: remaining
//!   CPU and memory are the initial amounts minus the live tasks' (so nothing went below
//!   zero or leaked), host ports in use are the initial ones plus the live tasks', GPU ids
//!   are the initial ones minus those taken, and `runningTasksCount` is the initial count
//!   plus the live tasks.
//!
//! Bounds: 8 cases of 150–300 steps each, on clusters of 3–9 instances.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use serde_json::{Value, json};

use ecs_place::{ClusterIndex, CommitError, IndexOptions, Options, Placement, Scratch};
use ecs_place_model::{ClusterState, Resource, RunTaskRequest, parse_cluster_state, parse_request};

const CLUSTER_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/long";
const ZONES: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
const GROUPS: [&str; 3] = ["web", "db", "batch"];
const GPU_IDS: [&str; 3] = ["g0", "g1", "g2"];

fn arn(n: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:container-instance/long/{n:04}")
}

/// One generated instance: CPU units, MiB, whether port 22 is in use, GPU count, zone.
#[derive(Clone, Debug)]
struct Shape {
    cpu: u32,
    memory: u32,
    ssh: bool,
    gpus: usize,
    zone: usize,
    /// Counted tasks of group `web` already running (snapshot tasks).
    running: usize,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        1u32..=16,
        1u32..=32,
        any::<bool>(),
        0usize..=3,
        0usize..3,
        0usize..=2,
    )
        .prop_map(|(cpu, memory, ssh, gpus, zone, running)| Shape {
            cpu: cpu * 256,
            memory: memory * 256,
            ssh,
            gpus,
            zone,
            running,
        })
}

fn definition(family: &str, container: Value) -> Value {
    json!({
        "taskDefinitionArn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:1"),
        "family": family,
        "revision": 1,
        "status": "ACTIVE",
        "containerDefinitions": [container],
    })
}

/// Task definitions: plain, one with TCP and UDP host ports, one with a GPU, a large one.
const FAMILIES: [&str; 4] = ["small", "ported", "gpu", "large"];

fn snapshot(shapes: &[Shape]) -> Value {
    let mut tasks = Vec::new();
    let instances: Vec<Value> = shapes
        .iter()
        .enumerate()
        .map(|(n, s)| {
            for _ in 0..s.running {
                tasks.push(json!({
                    "taskArn": format!("arn:aws:ecs:us-east-1:123456789012:task/long/snap{}", tasks.len()),
                    "containerInstanceArn": arn(n),
                    "group": "web",
                    "desiredStatus": "RUNNING",
                }));
            }
            let ports: Vec<&str> = if s.ssh { vec!["22"] } else { vec![] };
            json!({
                "containerInstanceArn": arn(n),
                "status": "ACTIVE",
                "agentConnected": true,
                "attributes": [{"name": "ecs.availability-zone", "value": ZONES[s.zone]}],
                "registeredResources": [
                    {"name": "CPU", "type": "INTEGER", "integerValue": s.cpu},
                    {"name": "MEMORY", "type": "INTEGER", "integerValue": s.memory},
                    {"name": "GPU", "type": "STRINGSET", "stringSetValue": GPU_IDS},
                ],
                "remainingResources": [
                    {"name": "CPU", "type": "INTEGER", "integerValue": s.cpu},
                    {"name": "MEMORY", "type": "INTEGER", "integerValue": s.memory},
                    {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ports},
                    {"name": "GPU", "type": "STRINGSET", "stringSetValue": &GPU_IDS[..s.gpus]},
                ],
            })
        })
        .collect();
    json!({
        "clusters": [{"clusterArn": CLUSTER_ARN, "clusterName": "long", "status": "ACTIVE"}],
        "containerInstances": instances,
        "taskDefinitions": [
            definition("small", json!({"name": "app", "cpu": 256, "memory": 256})),
            definition("ported", json!({"name": "app", "cpu": 128, "memoryReservation": 128, "memory": 1024,
                "portMappings": [
                    {"containerPort": 80, "hostPort": 8080},
                    {"containerPort": 53, "hostPort": 53, "protocol": "udp"}]})),
            definition("gpu", json!({"name": "app", "cpu": 512, "memory": 512,
                "resourceRequirements": [{"type": "GPU", "value": "1"}]})),
            definition("large", json!({"name": "app", "cpu": 1024, "memory": 2048})),
        ],
        "tasks": tasks,
    })
}

/// One step of a run.
#[derive(Clone, Debug)]
enum Step {
    /// Place a request (family, count, group, strategy, constraint) and commit it.
    Place {
        family: usize,
        count: u8,
        group: usize,
        strategy: u8,
        constraint: u8,
    },
    /// Stop some live tasks (indexes into the live list, modulo its length).
    Stop(Vec<usize>),
    /// Stop every task of a group.
    StopGroup(usize),
    /// Commit the last placement a second time: rejected, nothing changes.
    Recommit,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0usize..4, 1u8..=10, 0usize..3, 0u8..6, 0u8..4).prop_map(
            |(family, count, group, strategy, constraint)| Step::Place {
                family,
                count,
                group,
                strategy,
                constraint,
            }
        ),
        3 => prop::collection::vec(any::<usize>(), 1..4).prop_map(Step::Stop),
        1 => (0usize..3).prop_map(Step::StopGroup),
        1 => Just(Step::Recommit),
    ]
}

fn request(family: usize, count: u8, group: usize, strategy: u8, constraint: u8) -> RunTaskRequest {
    let mut request = json!({
        "cluster": "long",
        "taskDefinition": FAMILIES[family],
        "count": count,
        "group": GROUPS[group],
    });
    let strategies = match strategy {
        0 => json!([]),
        1 => json!([{"type": "binpack", "field": "memory"}]),
        2 => json!([{"type": "binpack", "field": "cpu"}]),
        3 => json!([{"type": "spread", "field": "instanceId"}]),
        4 => json!([{"type": "spread", "field": "attribute:ecs.availability-zone"},
                    {"type": "binpack", "field": "memory"}]),
        _ => json!([{"type": "random"}]),
    };
    request["placementStrategy"] = strategies;
    request["placementConstraints"] = match constraint {
        0 => json!([]),
        1 => json!([{"type": "distinctInstance"}]),
        2 => {
            json!([{"type": "memberOf", "expression": "attribute:ecs.availability-zone != us-east-1c"}])
        }
        _ => {
            json!([{"type": "memberOf", "expression": "not(task:group == db) and runningTasksCount < 12"}])
        }
    };
    parse_request(&request.to_string()).unwrap_or_else(|e| panic!("generated request: {e}"))
}

/// What one live task took, read from the response (independent of the index).
#[derive(Clone, Debug)]
struct Held {
    instance: String,
    group: String,
    cpu: u32,
    memory: u32,
    tcp: Vec<u16>,
    udp: Vec<u16>,
    gpus: Vec<String>,
}

/// The ledger: the initial snapshot and every live task.
struct Ledger {
    initial: ClusterState,
    /// Live committed tasks by ARN.
    live: BTreeMap<String, Held>,
    /// Snapshot tasks not stopped yet: ARN → (instance, group).
    snapshot_tasks: BTreeMap<String, (String, String)>,
}

fn units(resources: &[Resource], name: &str) -> u32 {
    let resource = resources.iter().find(|r| r.name == name);
    resource.map_or(0, |r| r.units().unwrap_or_else(|e| panic!("{name}: {e}")))
}

fn strings(resources: &[Resource], name: &str) -> BTreeSet<String> {
    resources
        .iter()
        .find(|r| r.name == name)
        .map(|r| r.strings().iter().cloned().collect())
        .unwrap_or_default()
}

impl Ledger {
    fn new(initial: ClusterState) -> Self {
        let snapshot_tasks = initial
            .tasks
            .iter()
            .map(|t| {
                (
                    t.task_arn.clone().unwrap_or_default(),
                    (
                        t.container_instance_arn.clone().unwrap_or_default(),
                        t.group.clone().unwrap_or_default(),
                    ),
                )
            })
            .collect();
        Self {
            initial,
            live: BTreeMap::new(),
            snapshot_tasks,
        }
    }

    fn record(&mut self, placement: &Placement, tcp: &[u16], udp: &[u16]) {
        for task in &placement.response().tasks {
            let arn = task.task_arn.clone().unwrap_or_default();
            let held = Held {
                instance: task.container_instance_arn.clone().unwrap_or_default(),
                group: task.group.clone().unwrap_or_default(),
                cpu: task
                    .cpu
                    .as_deref()
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(u32::MAX),
                memory: task
                    .memory
                    .as_deref()
                    .and_then(|m| m.parse().ok())
                    .unwrap_or(u32::MAX),
                tcp: tcp.to_vec(),
                udp: udp.to_vec(),
                gpus: task
                    .containers
                    .iter()
                    .flatten()
                    .flat_map(|c| c.gpu_ids.iter().flatten().cloned())
                    .collect(),
            };
            assert!(
                self.live.insert(arn.clone(), held).is_none(),
                "task {arn} placed twice"
            );
        }
    }

    /// Every resource of the export is the initial amount adjusted by the live tasks.
    fn check(&self, exported: &ClusterState) -> Result<(), TestCaseError> {
        for initial in &self.initial.container_instances {
            let arn = &initial.container_instance_arn;
            let now = exported
                .container_instances
                .iter()
                .find(|i| &i.container_instance_arn == arn)
                .ok_or_else(|| TestCaseError::fail(format!("{arn} missing from the export")))?;
            let held: Vec<&Held> = self.live.values().filter(|h| &h.instance == arn).collect();
            let cpu: u64 = held.iter().map(|h| u64::from(h.cpu)).sum();
            let memory: u64 = held.iter().map(|h| u64::from(h.memory)).sum();
            let start_cpu = u64::from(units(&initial.remaining_resources, "CPU"));
            let start_memory = u64::from(units(&initial.remaining_resources, "MEMORY"));
            prop_assert!(
                cpu <= start_cpu,
                "{arn}: live tasks hold {cpu} of {start_cpu} CPU"
            );
            prop_assert!(
                memory <= start_memory,
                "{arn}: {memory} of {start_memory} MiB"
            );
            prop_assert_eq!(
                u64::from(units(&now.remaining_resources, "CPU")),
                start_cpu - cpu,
                "{} CPU",
                arn
            );
            prop_assert_eq!(
                u64::from(units(&now.remaining_resources, "MEMORY")),
                start_memory - memory,
                "{} memory",
                arn
            );
            for (name, ports) in [("PORTS", 0), ("PORTS_UDP", 1)] {
                let mut expected = strings(&initial.remaining_resources, name);
                for h in &held {
                    let list = if ports == 0 { &h.tcp } else { &h.udp };
                    for port in list {
                        prop_assert!(
                            expected.insert(port.to_string()),
                            "{}: port {} {} taken twice",
                            arn,
                            name,
                            port
                        );
                    }
                }
                prop_assert_eq!(
                    strings(&now.remaining_resources, name),
                    expected,
                    "{} {}",
                    arn,
                    name
                );
            }
            let mut gpus = strings(&initial.remaining_resources, "GPU");
            for h in &held {
                for id in &h.gpus {
                    prop_assert!(gpus.remove(id), "{}: GPU {} was not free", arn, id);
                }
            }
            prop_assert_eq!(
                strings(&now.remaining_resources, "GPU"),
                gpus,
                "{} GPU",
                arn
            );
            let snapshot_running = self
                .snapshot_tasks
                .values()
                .filter(|(i, _)| i == arn)
                .count();
            prop_assert_eq!(
                now.running_tasks_count,
                Some((snapshot_running + held.len()) as u32),
                "{} runningTasksCount",
                arn
            );
        }
        Ok(())
    }
}

/// Tasks placed and tasks stopped over a run.
#[derive(Debug, Default)]
struct Totals {
    placed: usize,
    stopped: usize,
}

fn run(shapes: &[Shape], steps: &[Step]) -> Result<Totals, TestCaseError> {
    let initial = parse_cluster_state(&snapshot(shapes).to_string())
        .map_err(|e| TestCaseError::fail(format!("generated snapshot: {e}")))?;
    let options = IndexOptions::default();
    let mut index = ClusterIndex::build(&initial, &options);
    let mut ledger = Ledger::new(initial);
    let mut scratch = Scratch::default();
    let mut last: Option<Placement> = None;
    let mut totals = Totals::default();

    for (at, step) in steps.iter().enumerate() {
        match step {
            Step::Place {
                family,
                count,
                group,
                strategy,
                constraint,
            } => {
                let request = request(*family, *count, *group, *strategy, *constraint);
                // A distinct seed per step gives distinct task ARNs.
                let place_options = Options::with_seed(at as u64 + 1);
                let placement = index
                    .place(&request, &place_options, &mut scratch)
                    .map_err(|e| TestCaseError::fail(format!("step {at}: {e}")))?;
                let one_shot = ecs_place::place(&request, &index.to_snapshot(), &place_options)
                    .map_err(|e| TestCaseError::fail(format!("step {at}: {e}")))?;
                prop_assert_eq!(&placement, &one_shot, "step {}: index vs export", at);
                let placed = placement.response().tasks.len();
                let failed = !placement.response().failures.is_empty();
                prop_assert!(placed <= usize::from(*count));
                prop_assert_eq!(placed < usize::from(*count), failed, "step {}", at);
                index
                    .commit(&placement)
                    .map_err(|e| TestCaseError::fail(format!("step {at}: commit: {e}")))?;
                let (tcp, udp): (&[u16], &[u16]) = if FAMILIES[*family] == "ported" {
                    (&[8080], &[53])
                } else {
                    (&[], &[])
                };
                ledger.record(&placement, tcp, udp);
                totals.placed += placed;
                last = Some(placement);
            }
            Step::Stop(picks) => {
                let live: Vec<String> = ledger
                    .live
                    .keys()
                    .cloned()
                    .chain(ledger.snapshot_tasks.keys().cloned())
                    .collect();
                if live.is_empty() {
                    let error =
                        index.stop_tasks(&["arn:aws:ecs:us-east-1:123456789012:task/long/none"]);
                    prop_assert!(matches!(error, Err(CommitError::UnknownTask(_))));
                    continue;
                }
                let mut chosen: Vec<String> =
                    picks.iter().map(|p| live[p % live.len()].clone()).collect();
                chosen.sort();
                chosen.dedup();
                index
                    .stop_tasks(&chosen)
                    .map_err(|e| TestCaseError::fail(format!("step {at}: stop: {e}")))?;
                totals.stopped += chosen.len();
                for arn in &chosen {
                    if ledger.live.remove(arn).is_none() {
                        ledger.snapshot_tasks.remove(arn);
                    }
                }
                // Stopping again is an error and changes nothing.
                let before = index.clone();
                prop_assert!(matches!(
                    index.stop_tasks(&chosen[..1]),
                    Err(CommitError::UnknownTask(_))
                ));
                prop_assert!(index == before);
            }
            Step::StopGroup(group) => {
                let name = GROUPS[*group];
                let expected = ledger.live.values().filter(|h| h.group == name).count()
                    + ledger
                        .snapshot_tasks
                        .values()
                        .filter(|(_, g)| g == name)
                        .count();
                prop_assert_eq!(
                    index.stop_group(name),
                    expected,
                    "step {}: stop {}",
                    at,
                    name
                );
                ledger.live.retain(|_, h| h.group != name);
                ledger.snapshot_tasks.retain(|_, (_, g)| g != name);
            }
            Step::Recommit => {
                let Some(placement) = &last else { continue };
                // A task still live makes the whole commit a duplicate. (Once all are stopped
                // they leave no trace, and committing them again is a new commit.)
                let live = placement.response().tasks.iter().any(|t| {
                    t.task_arn
                        .as_ref()
                        .is_some_and(|a| ledger.live.contains_key(a))
                });
                if !live {
                    continue;
                }
                let before = index.clone();
                let again = index.commit(placement);
                prop_assert!(
                    matches!(again, Err(CommitError::DuplicateTask(_))),
                    "step {}: {:?}",
                    at,
                    again
                );
                prop_assert!(
                    index == before,
                    "step {}: a failed commit changed the index",
                    at
                );
            }
        }

        let exported = index.to_snapshot();
        exported
            .check()
            .map_err(|e| TestCaseError::fail(format!("step {at}: export: {e}")))?;
        prop_assert!(
            index == ClusterIndex::build(&exported, &options),
            "step {}: the index differs from a fresh build of its export",
            at
        );
        ledger
            .check(&exported)
            .map_err(|e| TestCaseError::fail(format!("step {at} ({step:?}): {e}")))?;
    }
    Ok(totals)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Hundreds of placements, commits and stops through one index: after every step the
    /// index equals a fresh build of its export and the ledger of live tasks explains every
    /// resource (none negative, none leaked).
    #[test]
    fn index_equals_fresh_build_of_its_export_after_every_step(
        shapes in prop::collection::vec(shape(), 3..10),
        steps in prop::collection::vec(step(), 150..300),
    ) {
        run(&shapes, &steps)?;
    }
}

/// A fixed run, so that a failure reproduces without proptest's seed: 300 steps cycling
/// through every request shape, with stops in between.
#[test]
fn three_hundred_fixed_steps_keep_the_index_consistent() {
    let shapes: Vec<Shape> = (0..6)
        .map(|n| Shape {
            cpu: 1024 * (n as u32 + 1),
            memory: 2048 * (n as u32 + 1),
            ssh: n % 2 == 0,
            gpus: n % 4,
            zone: n % 3,
            running: n % 3,
        })
        .collect();
    let steps: Vec<Step> = (0..300usize)
        .map(|n| match n % 7 {
            5 => Step::Stop(vec![n, n * 7, n * 13]),
            6 if n % 5 == 0 => Step::StopGroup(n % 3),
            6 => Step::Recommit,
            _ => Step::Place {
                family: n % 4,
                count: (n % 10) as u8 + 1,
                group: n % 3,
                strategy: (n % 6) as u8,
                constraint: (n % 4) as u8,
            },
        })
        .collect();
    match run(&shapes, &steps) {
        // Not a vacuous run: most requests placed tasks, and stops gave room back.
        Ok(totals) => assert!(totals.placed > 300 && totals.stopped > 100, "{totals:?}"),
        Err(error) => panic!("{error}"),
    }
}
