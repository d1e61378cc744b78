//! Building a [`ClusterIndex`] from a snapshot.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use fixedbitset::FixedBitSet;
use rayon::prelude::*;

use ecs_place_model::snapshot::EXTERNAL_ATTRIBUTE;
use ecs_place_model::{ClusterState, ClusterTask, ContainerInstance};

use super::arns::{ArnOrder, Arns};
use super::attrs::{ABSENT, NO_VALUE};
use super::intern::{Interner, merge};
use super::read::{ColumnPart, Part, Reads, TaskReads, read_part};
use super::{
    ArnMap, AttributeColumn, AttributeTable, ClusterIndex, CountedTask, FargateKey, GroupTable,
    IndexOptions, Projection,
};

/// Instances per part of the instance pass (a multiple of 64: parts never share a bitset
/// word, and each is worth handing to another thread).
const PART: usize = 1024;

/// A task the snapshot says should be running.
fn is_running(task: &ClusterTask) -> bool {
    task.desired_status.as_deref() == Some("RUNNING")
}

/// A Fargate task: launch type `FARGATE` or a Fargate provider.
pub(crate) fn fargate_spot(task: &ClusterTask) -> Option<bool> {
    match task.capacity_provider_name.as_deref() {
        Some("FARGATE_SPOT") => Some(true),
        Some("FARGATE") => Some(false),
        _ if task.launch_type.as_deref() == Some("FARGATE") => Some(false),
        _ => None,
    }
}

impl ClusterIndex {
    /// Builds a reusable index of `state` (which it keeps a copy of, to resolve requests
    /// against and to export). Instances are ordered by ARN; the result does not depend on
    /// the order of any array of the snapshot, nor on the thread count.
    pub fn build(state: &ClusterState, options: &IndexOptions) -> Self {
        let mut index = Self::build_shared_reads(state, options);
        index.base = Some(Arc::new(state.clone()));
        index
    }

    /// Like [`build`](Self::build), taking a shared snapshot without copying it.
    pub fn build_shared(state: Arc<ClusterState>, options: &IndexOptions) -> Self {
        let mut index = Self::build_shared_reads(&state, options);
        index.base = Some(state);
        index
    }

    fn build_shared_reads(state: &ClusterState, options: &IndexOptions) -> Self {
        let reads = Reads {
            projection: options.projection.clone(),
            ..Reads::all()
        };
        Self::build_reads(state, &reads, options.parallel_threshold)
    }

    /// The index of the one-shot path: only what `reads` asks for, and no copy of the
    /// snapshot (the path keeps borrowing it).
    pub(crate) fn build_one_shot(
        state: &ClusterState,
        reads: &Reads,
        parallel_threshold: usize,
    ) -> Self {
        Self::build_reads(state, reads, parallel_threshold)
    }

    /// One pass over the instances (in parts, on rayon's pool above the threshold), then
    /// the tasks.
    fn build_reads(state: &ClusterState, reads: &Reads, parallel_threshold: usize) -> Self {
        let reads = &reads.normalized();
        let parallel = state.container_instances.len() >= parallel_threshold;
        let instances = &state.container_instances;
        let arn_texts: Vec<&str> = if parallel {
            instances.par_iter().map(arn_of).collect()
        } else {
            instances.iter().map(arn_of).collect()
        };
        let order = ArnOrder::new(&arn_texts, parallel);
        // Read in input order, where each instance's data lies after the previous one's in
        // memory (the parser allocated it so), then gather into ARN order: reading in ARN
        // order jumps across the heap and waits on memory at every instance.
        let parts: Vec<Part<'_>> = if parallel {
            instances
                .par_chunks(PART)
                .map(|run| read_part(run, reads))
                .collect()
        } else {
            instances
                .chunks(PART)
                .map(|run| read_part(run, reads))
                .collect()
        };
        let positions: Vec<u32> = order.positions().collect();
        let arns = order.gather(&arn_texts, parallel);
        let mut index = assemble(arns, &parts, &positions, reads, parallel);
        index.add_snapshot_tasks(state, &order, &reads.tasks, parallel);
        if matches!(reads.tasks, TaskReads::All { .. }) {
            let fields = gather(&parts, &positions, parallel, |_, p, row| {
                p.running_field[row]
            });
            for (running, field) in index.running.iter_mut().zip(fields) {
                if let Some(count) = field {
                    *running = count;
                }
            }
        }
        index
    }

    /// Counted tasks (spec §5) and running Fargate tasks, as far as `reads` asks. Group ids
    /// are interned in ascending name order, so they too do not depend on the order of
    /// `tasks`.
    fn add_snapshot_tasks<'s>(
        &mut self,
        state: &'s ClusterState,
        order: &ArnOrder,
        reads: &TaskReads,
        parallel: bool,
    ) {
        let arns = &self.arns;
        let wanted = match reads {
            TaskReads::All { .. } => None,
            TaskReads::Group(group) => Some(group.as_str()),
        };
        let sort = |task: &'s ClusterTask| -> Option<Found<'s>> {
            if wanted.is_some_and(|g| task.group.as_deref() != Some(g)) || !is_running(task) {
                return None;
            }
            let instance = task
                .container_instance_arn
                .as_deref()
                .and_then(|arn| order.find(arns, arn));
            match instance {
                // An empty group is no group (as the query language's facts read it).
                Some(instance) => Some(Found::Counted(
                    instance,
                    task.group.as_deref().filter(|g| !g.is_empty()),
                    task.task_arn.as_deref(),
                )),
                None => {
                    let (spot, group, zone) = (
                        fargate_spot(task)?,
                        task.group.as_deref()?,
                        task.availability_zone.as_deref()?,
                    );
                    let key = FargateKey {
                        group: group.into(),
                        spot,
                        zone: zone.into(),
                    };
                    Some(Found::Fargate(key, task.task_arn.as_deref()))
                }
            }
        };
        let found: Vec<Found<'s>> = if parallel {
            state.tasks.par_iter().filter_map(sort).collect()
        } else {
            state.tasks.iter().filter_map(sort).collect()
        };
        let mut groups = Interner::default();
        let mut counted: Vec<(u32, u32, Option<&str>)> = Vec::new();
        let mut fargate: Vec<(FargateKey, Option<&str>)> = Vec::new();
        for entry in found {
            match entry {
                Found::Counted(instance, group, arn) => {
                    let group = group.map_or(u32::MAX, |g| groups.id(g));
                    counted.push((instance, group, arn));
                }
                Found::Fargate(key, arn) => fargate.push((key, arn)),
            }
        }
        let (names, remap) = merge(&[groups.texts()]);
        for name in names {
            self.groups.intern(name);
        }
        for task in &mut counted {
            if let Some(&id) = remap[0].get(task.1 as usize) {
                task.1 = id;
            }
        }
        let task_arns = matches!(reads, TaskReads::All { arns: true });
        if task_arns {
            self.tasks.reserve(counted.len());
        }
        let counts_running = matches!(reads, TaskReads::All { .. });
        let mut grouped = Vec::with_capacity(counted.len());
        for (instance, group, arn) in counted {
            let group = (group != u32::MAX).then_some(group);
            if let Some(g) = group {
                grouped.push((instance, g));
            }
            // `runningTasksCount` defaults to the counted tasks (spec §5); the field, when
            // present, overrides this afterwards.
            if counts_running {
                self.running[instance as usize] += 1;
            }
            if let Some(arn) = arn.filter(|_| task_arns) {
                self.tasks.entry(arn.into()).or_default().push(CountedTask {
                    instance,
                    group,
                    taken: None,
                });
            }
        }
        self.groups.load(&grouped);
        // A task listed twice (a malformed snapshot) keeps its entries in one order, whatever
        // the input's.
        for entries in self.tasks.values_mut().filter(|e| e.len() > 1) {
            entries.sort_unstable_by_key(|t| (t.instance, t.group));
        }
        fargate.sort();
        for (key, arn) in fargate {
            *self.fargate.entry(key.clone()).or_default() += 1;
            if let Some(arn) = arn.filter(|_| task_arns) {
                self.fargate_tasks.insert(arn.into(), key);
            }
        }
    }
}

fn arn_of(instance: &ContainerInstance) -> &str {
    &instance.container_instance_arn
}

/// A task the build counts: on an instance (position, group, task ARN), or a Fargate task.
enum Found<'a> {
    Counted(u32, Option<&'a str>, Option<&'a str>),
    Fargate(FargateKey, Option<&'a str>),
}

/// The index from the parts of the instance pass (in input order); `positions` are the
/// input positions in ARN order.
fn assemble(
    arns: Arns,
    parts: &[Part<'_>],
    positions: &[u32],
    reads: &Reads,
    parallel: bool,
) -> ClusterIndex {
    let n = arns.len();
    let (providers, remaps) = merge(
        &parts
            .iter()
            .map(|p| p.providers.texts())
            .collect::<Vec<_>>(),
    );
    let provider = gather(parts, positions, parallel, |part, p, row| {
        remaps[part].get(p.provider[row] as usize).copied()
    });
    let attributes = assemble_attributes(parts, positions, &reads.projection, parallel);
    let external = attributes
        .get(EXTERNAL_ATTRIBUTE)
        .map_or_else(|| FixedBitSet::with_capacity(n), |c| c.present.clone());
    let fields = reads.instance_fields;
    let column = |read: bool| read.then_some(parallel);
    ClusterIndex {
        ec2_ids: gather_if(column(fields), parts, positions, |p| &p.ec2_ids),
        agent_versions: gather_if(column(fields), parts, positions, |p| &p.agent_versions),
        registered_at: gather_if(column(fields), parts, positions, |p| &p.registered_at),
        agent_field: gather_if(column(fields), parts, positions, |p| &p.agent_field),
        active: to_bits(&gather(parts, positions, parallel, |_, p, row| {
            p.active[row]
        })),
        connected: to_bits(&gather(parts, positions, parallel, |_, p, row| {
            p.connected[row]
        })),
        external,
        providers: providers.into_iter().map(Box::from).collect(),
        provider,
        cpu: gather(parts, positions, parallel, |_, p, row| p.cpu[row]),
        memory: gather(parts, positions, parallel, |_, p, row| p.memory[row]),
        running: vec![0; n],
        tcp: gather_if(column(reads.ports), parts, positions, |p| &p.tcp),
        udp: gather_if(column(reads.ports), parts, positions, |p| &p.udp),
        gpus: gather_if(column(reads.gpus), parts, positions, |p| &p.gpus),
        attributes,
        groups: GroupTable::new(n),
        tasks: ArnMap::default(),
        fargate: BTreeMap::new(),
        fargate_tasks: ArnMap::default(),
        stopped: BTreeSet::new(),
        committed: ArnMap::default(),
        projection: reads.projection.clone(),
        base: None,
        arns,
    }
}

/// Flags as a bitset.
fn to_bits(flags: &[bool]) -> FixedBitSet {
    let mut out = FixedBitSet::with_capacity(flags.len());
    for (at, &flag) in flags.iter().enumerate() {
        out.set(at, flag);
    }
    out
}

/// The part and row of input position `at`.
fn locate(at: u32) -> (usize, usize) {
    (at as usize / PART, at as usize % PART)
}

/// A column in ARN order from the parts (in input order): `value(part index, part, row)`
/// at every position; on rayon's pool when `parallel`.
fn gather<'a, T: Send>(
    parts: &[Part<'a>],
    positions: &[u32],
    parallel: bool,
    value: impl Fn(usize, &Part<'a>, usize) -> T + Sync + Send,
) -> Vec<T> {
    let at = |&position: &u32| {
        let (part, row) = locate(position);
        value(part, &parts[part], row)
    };
    if parallel {
        positions.par_iter().map(at).collect()
    } else {
        positions.iter().map(at).collect()
    }
}

/// [`gather`] of a column the parts read (`Some(parallel)`), else the default value for
/// every instance (a field the request never looks at).
fn gather_if<'a, T: Clone + Default + Send + Sync>(
    read: Option<bool>,
    parts: &[Part<'a>],
    positions: &[u32],
    column: impl for<'r> Fn(&'r Part<'a>) -> &'r Vec<T> + Sync + Send,
) -> Vec<T> {
    match read {
        Some(parallel) => gather(parts, positions, parallel, |_, p, row| {
            column(p)[row].clone()
        }),
        // Not `vec![T::default(); n]`, which clones (a `SmallVec` clone is no memset).
        None => std::iter::repeat_with(T::default)
            .take(positions.len())
            .collect(),
    }
}

/// The attribute columns: per name, the parts' value tables merged into one in byte order
/// and their value ids renumbered, in ARN order (each column on its own, in parallel when
/// large).
fn assemble_attributes(
    parts: &[Part<'_>],
    positions: &[u32],
    projection: &Projection,
    parallel: bool,
) -> AttributeTable {
    let names: Vec<&str> = match projection {
        // Every projected name has a column, present on some instance or not.
        Projection::Only(names) => names.iter().map(String::as_str).collect(),
        Projection::All => {
            let mut names: Vec<&str> = parts
                .iter()
                .flat_map(|p| p.columns.iter().map(|c| c.name))
                .collect();
            names.sort_unstable();
            names.dedup();
            names
        }
    };
    let column = |name: &&str| {
        let pieces: Vec<Option<&ColumnPart<'_>>> = parts
            .iter()
            .map(|p| p.columns.iter().find(|c| c.name == *name))
            .collect();
        let tables: Vec<&[&str]> = pieces
            .iter()
            .map(|c| c.map_or(&[][..], |c| c.values.texts()))
            .collect();
        let (values, remaps) = merge(&tables);
        let value_of = positions
            .iter()
            .map(|&at| {
                let (part, row) = locate(at);
                match pieces[part].map_or(ABSENT, |piece| piece.value_of[row]) {
                    id @ (ABSENT | NO_VALUE) => id,
                    id => remaps[part][id as usize],
                }
            })
            .collect();
        AttributeColumn::from_ids(name, values.into_iter().map(Box::from).collect(), value_of)
    };
    let columns = if parallel {
        names.par_iter().map(column).collect()
    } else {
        names.iter().map(column).collect()
    };
    AttributeTable::from_columns(columns)
}

#[cfg(test)]
mod tests {
    use ecs_place_model::parse_cluster_state;
    use serde_json::json;

    use super::*;

    fn instance(id: &str, tasks: u32) -> serde_json::Value {
        json!({
            "containerInstanceArn": format!("arn:aws:ecs:r:1:container-instance/c/{id}"),
            "ec2InstanceId": format!("i-{id}"),
            "status": "ACTIVE",
            "runningTasksCount": tasks,
            "attributes": [
                {"name": "ecs.availability-zone", "value": "z1"},
                {"name": "stack", "value": "dev"},
                {"name": "team", "value": id},
            ],
            "remainingResources": [
                {"name": "CPU", "type": "INTEGER", "integerValue": 1024},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": 2048},
                {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22"]},
                {"name": "GPU", "type": "STRINGSET", "stringSetValue": ["g0"]},
            ],
        })
    }

    fn task(id: &str, instance: &str, group: &str) -> serde_json::Value {
        json!({
            "taskArn": format!("arn:aws:ecs:r:1:task/c/{id}"),
            "containerInstanceArn": format!("arn:aws:ecs:r:1:container-instance/c/{instance}"),
            "group": group,
            "desiredStatus": "RUNNING",
        })
    }

    fn snapshot() -> ClusterState {
        let state = json!({
            "clusters": [{"clusterArn": "arn:aws:ecs:r:1:cluster/c", "clusterName": "c"}],
            "containerInstances": [instance("b", 7), instance("a", 2)],
            "tasks": [task("t1", "a", "web"), task("t2", "b", "db"), task("t3", "a", "db")],
        });
        parse_cluster_state(&state.to_string()).expect("valid snapshot")
    }

    /// Spec-independent: issue 6, design 1 — the one-shot build reads only what it is asked.
    #[test]
    fn a_lean_build_reads_only_what_it_is_asked_for() {
        let state = snapshot();
        let lean = Reads {
            projection: Projection::Only(vec!["stack".into()]),
            ports: false,
            gpus: false,
            instance_fields: false,
            tasks: TaskReads::Group("db".into()),
        };
        let index = ClusterIndex::build_one_shot(&state, &lean, usize::MAX);
        let names: Vec<&str> = index.attributes.columns.iter().map(|c| &*c.name).collect();
        assert_eq!(
            names,
            ["ecs.availability-zone", "ecs.capability.external", "stack"]
        );
        assert_eq!(index.arn(0), "arn:aws:ecs:r:1:container-instance/c/a");
        assert_eq!(index.cpu, [1024, 1024]);
        assert!(index.tcp.iter().chain(&index.udp).all(|p| p.is_empty()));
        assert!(index.gpus.iter().all(Vec::is_empty));
        assert!(index.ec2_ids.iter().all(Option::is_none));
        // Only the request group's tasks: `web` is never interned, counts are not read.
        assert_eq!(index.groups.len(), 1);
        let db = index.groups.id("db").expect("interned");
        assert_eq!(index.groups.hosts(db), [(0, 1), (1, 1)]);
        assert_eq!(index.running, [0, 0]);
        assert!(index.tasks.is_empty());

        let full = ClusterIndex::build_one_shot(&state, &Reads::all(), usize::MAX);
        assert_eq!(full.attributes.columns.len(), 3);
        assert_eq!(full.tcp[0].as_slice(), [22]);
        assert_eq!(full.gpus[0], [Box::from("g0")]);
        assert_eq!(full.ec2_ids[0].as_deref(), Some("i-a"));
        assert_eq!(full.groups.len(), 2);
        // The field wins over the counted tasks (spec §5).
        assert_eq!(full.running, [2, 7]);
        assert_eq!(full.tasks.len(), 3);
    }

    /// Spec §8: the parts the pass is split into do not show in the index.
    #[test]
    fn parts_and_threads_do_not_show() {
        let instances: Vec<serde_json::Value> = (0..2 * PART + 5)
            .map(|i| instance(&format!("{:05}", (i * 7919) % 10_007), 1))
            .collect();
        let mut state = snapshot();
        state.container_instances = instances
            .into_iter()
            .map(|i| serde_json::from_value(i).expect("instance"))
            .collect();
        let sequential = ClusterIndex::build_one_shot(&state, &Reads::all(), usize::MAX);
        let parallel = ClusterIndex::build_one_shot(&state, &Reads::all(), 0);
        assert!(sequential == parallel);
        state.container_instances.reverse();
        assert!(ClusterIndex::build_one_shot(&state, &Reads::all(), 0) == sequential);
        let team = sequential.attributes.get("team").expect("column");
        assert_eq!(team.values.len(), 2 * PART + 5);
        assert!(team.values.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(team.value(0), Some(Some(&*team.values[0])));
    }
}
