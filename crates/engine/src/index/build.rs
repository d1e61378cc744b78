//! Building a [`ClusterIndex`] from a snapshot.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use fixedbitset::FixedBitSet;
use rayon::prelude::*;

use ecs_place_model::snapshot::EXTERNAL_ATTRIBUTE;
use ecs_place_model::{ClusterState, ClusterTask, ContainerInstance};

use super::{
    ArnMap, AttributeColumn, AttributeTable, ClusterIndex, CountedTask, FargateKey, GroupTable,
    IndexOptions, Ports, Projection,
};

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

/// Maps `f` over `items`, on rayon's pool when `parallel`; the output order is the input's.
fn map_rows<T: Sync, U: Send>(
    items: &[T],
    parallel: bool,
    f: impl Fn(&T) -> U + Sync + Send,
) -> Vec<U> {
    if parallel {
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}

/// Resource readers. The snapshot check (`ClusterState::check`) has rejected unreadable
/// values; a state that skipped it reads them as 0 / empty rather than panicking.
fn units(instance: &ContainerInstance, name: &str) -> u32 {
    instance
        .remaining(name)
        .and_then(|r| r.units().ok())
        .unwrap_or(0)
}

fn ports(instance: &ContainerInstance, name: &str) -> Ports {
    let Some(resource) = instance.remaining(name) else {
        return Ports::new();
    };
    // As `Resource::ports`, straight into the inline vector; unreadable reads as empty.
    let mut out = Ports::new();
    for text in resource.strings() {
        match ecs_place_model::resource::parse_port(text) {
            Some(port) => out.push(port),
            None => return Ports::new(),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn gpu_ids(instance: &ContainerInstance) -> Vec<Box<str>> {
    let mut ids: Vec<Box<str>> = instance
        .remaining("GPU")
        .map(|r| r.strings().iter().map(|s| Box::from(s.as_str())).collect())
        .unwrap_or_default();
    ids.sort_unstable();
    ids.dedup();
    ids
}

impl ClusterIndex {
    /// Builds a reusable index of `state` (which it keeps a copy of, to resolve requests
    /// against and to export). Instances are ordered by ARN; the result does not depend on
    /// the order of any array of the snapshot, nor on the thread count.
    pub fn build(state: &ClusterState, options: &IndexOptions) -> Self {
        let mut index = Self::build_borrowed(state, options, true);
        index.base = Some(Arc::new(state.clone()));
        index
    }

    /// Like [`build`](Self::build), taking a shared snapshot without copying it.
    pub fn build_shared(state: Arc<ClusterState>, options: &IndexOptions) -> Self {
        let mut index = Self::build_borrowed(&state, options, true);
        index.base = Some(state);
        index
    }

    /// The index of the one-shot path: no copy of the snapshot (the path keeps borrowing
    /// it) and no task-ARN maps (it never commits or stops tasks).
    pub(crate) fn build_one_shot(state: &ClusterState, options: &IndexOptions) -> Self {
        Self::build_borrowed(state, options, false)
    }

    /// The index without a copy of the snapshot; `task_arns`: with the maps by task ARN that
    /// commits and stops need.
    fn build_borrowed(state: &ClusterState, options: &IndexOptions, task_arns: bool) -> Self {
        let parallel = state.container_instances.len() >= options.parallel_threshold;
        let mut sorted: Vec<&ContainerInstance> = state.container_instances.iter().collect();
        let by_arn = |a: &&ContainerInstance, b: &&ContainerInstance| {
            a.container_instance_arn.cmp(&b.container_instance_arn)
        };
        if parallel {
            sorted.par_sort_unstable_by(by_arn);
        } else {
            sorted.sort_unstable_by(by_arn);
        }
        let n = sorted.len();

        let arns = map_rows(&sorted, parallel, |i| {
            Box::from(i.container_instance_arn.as_str())
        });
        let ec2_ids = map_rows(&sorted, parallel, |i| {
            i.ec2_instance_id.as_deref().map(Box::from)
        });
        let agent_versions = map_rows(&sorted, parallel, |i| {
            i.version_info
                .as_ref()
                .and_then(|v| v.agent_version.as_deref())
                .map(Box::from)
        });
        let registered_at = map_rows(&sorted, parallel, |i| i.registered_at);
        let agent_field = map_rows(&sorted, parallel, |i| i.agent_connected);
        let cpu = map_rows(&sorted, parallel, |i| units(i, "CPU"));
        let memory = map_rows(&sorted, parallel, |i| units(i, "MEMORY"));
        let tcp = map_rows(&sorted, parallel, |i| ports(i, "PORTS"));
        let udp = map_rows(&sorted, parallel, |i| ports(i, "PORTS_UDP"));
        let gpus = map_rows(&sorted, parallel, |i| gpu_ids(i));

        let mut active = FixedBitSet::with_capacity(n);
        let mut connected = FixedBitSet::with_capacity(n);
        let mut external = FixedBitSet::with_capacity(n);
        let provider_names: BTreeSet<&str> = sorted
            .iter()
            .filter_map(|i| i.capacity_provider_name.as_deref())
            .collect();
        let providers: Vec<Box<str>> = provider_names.iter().map(|&p| Box::from(p)).collect();
        let mut provider = Vec::with_capacity(n);
        for (at, instance) in sorted.iter().enumerate() {
            active.set(at, instance.status == "ACTIVE");
            connected.set(at, instance.agent_connected != Some(false));
            external.set(at, instance.attribute(EXTERNAL_ATTRIBUTE).is_some());
            provider.push(instance.capacity_provider_name.as_deref().map(|p| {
                // INVARIANT: every name was collected into `providers` above.
                providers
                    .binary_search_by(|x| x.as_ref().cmp(p))
                    .unwrap_or_default() as u32
            }));
        }

        let attributes = build_attributes(&sorted, &options.projection, parallel);

        let mut index = Self {
            arns,
            ec2_ids,
            agent_versions,
            registered_at,
            agent_field,
            active,
            connected,
            external,
            providers,
            provider,
            cpu,
            memory,
            running: vec![0; n],
            tcp,
            udp,
            gpus,
            attributes,
            groups: GroupTable::new(n),
            tasks: ArnMap::default(),
            fargate: BTreeMap::new(),
            fargate_tasks: ArnMap::default(),
            stopped: BTreeSet::new(),
            committed: ArnMap::default(),
            projection: options.projection.clone(),
            base: None,
        };
        // ARN lookups by hash: the ARNs share long prefixes, which binary search compares
        // at length, once per task.
        let positions: ArnPositions<'_> = sorted
            .iter()
            .enumerate()
            .map(|(at, i)| (i.container_instance_arn.as_str(), at as u32))
            .collect();
        index.add_snapshot_tasks(state, &positions, task_arns);
        for (at, instance) in sorted.iter().enumerate() {
            if let Some(count) = instance.running_tasks_count {
                index.running[at] = count;
            }
        }
        index
    }

    /// Counted tasks (spec §5) and running Fargate tasks. Group ids are interned in ascending
    /// name order, so they too do not depend on the order of `tasks`.
    fn add_snapshot_tasks(
        &mut self,
        state: &ClusterState,
        positions: &ArnPositions<'_>,
        task_arns: bool,
    ) {
        let mut counted: Vec<(u32, Option<&str>, Option<&str>)> = Vec::new();
        let mut fargate: Vec<(FargateKey, Option<&str>)> = Vec::new();
        for task in state.tasks.iter().filter(|t| is_running(t)) {
            if let Some(instance) = task
                .container_instance_arn
                .as_deref()
                .and_then(|arn| positions.get(arn))
            {
                let instance = *instance as usize;
                // An empty group is no group (as the query language's facts read it).
                let group = task.group.as_deref().filter(|g| !g.is_empty());
                counted.push((instance as u32, group, task.task_arn.as_deref()));
            } else if let (Some(spot), Some(group), Some(zone)) = (
                fargate_spot(task),
                task.group.as_deref(),
                task.availability_zone.as_deref(),
            ) {
                let key = FargateKey {
                    group: group.into(),
                    spot,
                    zone: zone.into(),
                };
                fargate.push((key, task.task_arn.as_deref()));
            }
        }
        let names: BTreeSet<&str> = counted.iter().filter_map(|t| t.1).collect();
        for name in names {
            self.groups.intern(name);
        }
        counted.sort_unstable();
        if task_arns {
            self.tasks.reserve(counted.len());
        }
        for (instance, group, arn) in counted {
            let group = group.and_then(|g| self.groups.id(g));
            if let Some(g) = group {
                self.groups.add(g, instance as usize, 1);
            }
            // `runningTasksCount` defaults to the counted tasks (spec §5); the field, when
            // present, overrides this afterwards.
            self.running[instance as usize] += 1;
            if let Some(arn) = arn.filter(|_| task_arns) {
                self.tasks.entry(arn.into()).or_default().push(CountedTask {
                    instance,
                    group,
                    taken: None,
                });
            }
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

/// Instance position by ARN, during a build.
type ArnPositions<'a> = std::collections::HashMap<&'a str, u32, super::ArnHasher>;

/// `(instance, value)` of the instances having one attribute.
type Pairs<'a> = Vec<(u32, Option<&'a str>)>;

/// Interns the projected attributes: one pass over the instances gathers `(instance, value)`
/// pairs per name, then each column is built on its own (in parallel when large).
fn build_attributes<'a>(
    sorted: &[&'a ContainerInstance],
    projection: &'a Projection,
    parallel: bool,
) -> AttributeTable {
    let n = sorted.len();
    // Names hashed (not ordered) while gathering; sorted once at the end.
    let mut slots: std::collections::HashMap<&str, usize, super::ArnHasher> =
        std::collections::HashMap::default();
    let mut named: Vec<(&str, Pairs<'a>)> = Vec::new();
    fn slot_of<'a>(
        slots: &mut std::collections::HashMap<&'a str, usize, super::ArnHasher>,
        named: &mut Vec<(&'a str, Pairs<'a>)>,
        name: &'a str,
    ) -> usize {
        *slots.entry(name).or_insert_with(|| {
            named.push((name, Vec::new()));
            named.len() - 1
        })
    }
    if let Projection::Only(names) = projection {
        for name in names {
            slot_of(&mut slots, &mut named, name.as_str());
        }
    }
    slot_of(&mut slots, &mut named, super::ZONE_ATTRIBUTE);
    let all = matches!(projection, Projection::All);
    let few = named.len() <= 8;
    for (at, instance) in sorted.iter().enumerate() {
        for attribute in &instance.attributes {
            let name = attribute.name.as_str();
            let slot = if all {
                Some(slot_of(&mut slots, &mut named, name))
            } else if few {
                // A handful of projected names: comparing is cheaper than hashing.
                named.iter().position(|(n, _)| *n == name)
            } else {
                slots.get(name).copied()
            };
            if let Some(slot) = slot {
                named[slot].1.push((at as u32, attribute.value.as_deref()));
            }
        }
    }
    named.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let columns = map_rows(&named, parallel, |(name, pairs)| {
        let mut values: Vec<Option<Option<&str>>> = vec![None; n];
        for &(at, value) in pairs {
            values[at as usize] = Some(value);
        }
        AttributeColumn::build(name, &values)
    });
    AttributeTable::from_columns(columns)
}
