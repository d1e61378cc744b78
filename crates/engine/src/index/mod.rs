//! The cluster index: a snapshot turned into columns the engine reads in its hot loops.
//!
//! Instances are indexed in ascending byte order of their ARN (docs/DECISIONS.md), so instance
//! index order *is* the tie-break order. Each field the checks read is a column; attributes
//! are interned per name with per-value instance sets; task groups are kept both per instance
//! and per group. [`ClusterIndex::build`] makes a reusable index; `commit` and the stop
//! methods keep it current across calls, and [`ClusterIndex::to_snapshot`] writes it back.

mod arns;
mod attrs;
mod build;
pub(crate) mod commit;
mod export;
mod groups;
mod intern;
mod radix;
mod read;

use std::collections::BTreeMap;
use std::sync::Arc;

use fixedbitset::FixedBitSet;
use smallvec::SmallVec;

use ecs_place_model::{ClusterState, Timestamp};

pub(crate) use arns::Arns;
#[cfg(test)]
pub(crate) use attrs::ABSENT;
pub use attrs::Projection;
pub(crate) use attrs::{AttributeColumn, AttributeTable, InstanceSet, NO_VALUE};
pub use commit::CommitError;
pub(crate) use groups::{GroupId, GroupTable};
pub(crate) use read::{Reads, TaskReads};

/// The attribute holding an instance's zone.
pub(crate) const ZONE_ATTRIBUTE: &str = "ecs.availability-zone";

/// How to build a [`ClusterIndex`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexOptions {
    /// Which attributes to intern. A reusable index needs [`Projection::All`] (the default):
    /// requests placed on it later may reference any attribute.
    pub projection: Projection,
    /// Instance count at or above which the build runs on rayon's pool; the result is
    /// identical either way.
    pub parallel_threshold: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        Self {
            projection: Projection::All,
            parallel_threshold: crate::options::DEFAULT_PARALLEL_THRESHOLD,
        }
    }
}

/// The hasher of the index's maps keyed by task ARN: ahash with fixed keys, so every run
/// hashes alike. These maps are only looked up (never iterated into output; where they are
/// iterated the result is sorted), so no order depends on the hasher.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ArnHasher;

impl std::hash::BuildHasher for ArnHasher {
    type Hasher = ahash::AHasher;

    fn build_hasher(&self) -> ahash::AHasher {
        let state = ahash::RandomState::with_seeds(
            0x243f_6a88_85a3_08d3,
            0x1319_8a2e_0370_7344,
            0xa409_3822_299f_31d0,
            0x082e_fa98_ec4e_6c89,
        );
        std::hash::BuildHasher::build_hasher(&state)
    }
}

/// A map keyed by task ARN (ARNs share long prefixes, which makes ordered maps compare
/// them at length).
pub(crate) type ArnMap<V> = std::collections::HashMap<Box<str>, V, ArnHasher>;

/// Host ports of one protocol, sorted and without duplicates.
pub(crate) type Ports = SmallVec<[u16; 8]>;

/// What a task took from its instance, remembered so that stopping it gives exactly that back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Taken {
    pub(crate) cpu: u32,
    pub(crate) memory: u32,
    pub(crate) tcp: Ports,
    pub(crate) udp: Ports,
    pub(crate) gpu_ids: Vec<Box<str>>,
}

/// A counted task on an instance (spec §5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CountedTask {
    pub(crate) instance: u32,
    pub(crate) group: Option<GroupId>,
    /// Resources, for tasks committed through this index; `None` for snapshot tasks, whose
    /// resources the snapshot does not itemise (spec §1.2).
    pub(crate) taken: Option<Taken>,
}

/// A running Fargate task: what zone spread counts (spec §11).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct FargateKey {
    pub(crate) group: Box<str>,
    pub(crate) spot: bool,
    pub(crate) zone: Box<str>,
}

/// A placement-ready view of one cluster snapshot.
///
/// Build it once with [`ClusterIndex::build`], place many requests on it with
/// [`ClusterIndex::place`] (which never mutates it), and record the tasks you accept with
/// [`ClusterIndex::commit`].
#[derive(Clone, Debug)]
pub struct ClusterIndex {
    pub(crate) arns: Arns,
    pub(crate) ec2_ids: Vec<Option<Box<str>>>,
    pub(crate) agent_versions: Vec<Option<Box<str>>>,
    pub(crate) registered_at: Vec<Option<Timestamp>>,
    /// `agentConnected` as given (CQL treats an absent field as false for every operator).
    pub(crate) agent_field: Vec<Option<bool>>,
    /// Status `ACTIVE`.
    pub(crate) active: FixedBitSet,
    /// Agent connected for the `AGENT` check: `agentConnected` is not `false`.
    pub(crate) connected: FixedBitSet,
    /// Has the `ecs.capability.external` attribute.
    pub(crate) external: FixedBitSet,
    /// Capacity provider names, ascending; `provider` indexes into it.
    pub(crate) providers: Vec<Box<str>>,
    pub(crate) provider: Vec<Option<u32>>,
    pub(crate) cpu: Vec<u32>,
    pub(crate) memory: Vec<u32>,
    pub(crate) running: Vec<u32>,
    pub(crate) tcp: Vec<Ports>,
    pub(crate) udp: Vec<Ports>,
    /// Remaining GPU ids, ascending byte order.
    pub(crate) gpus: Vec<Vec<Box<str>>>,
    pub(crate) attributes: AttributeTable,
    pub(crate) groups: GroupTable,
    /// Counted tasks with an ARN, by ARN (several entries only for a malformed snapshot).
    pub(crate) tasks: ArnMap<SmallVec<[CountedTask; 1]>>,
    /// Running Fargate tasks per (group, spot, zone).
    pub(crate) fargate: BTreeMap<FargateKey, u32>,
    /// Fargate task ARNs and their keys, for stops.
    pub(crate) fargate_tasks: ArnMap<FargateKey>,
    /// Tasks of the snapshot that were stopped through this index (kept for the export).
    pub(crate) stopped: std::collections::BTreeSet<Box<str>>,
    /// Tasks committed through this index and not stopped, by ARN (for the export, which
    /// sorts them by ARN).
    pub(crate) committed: ArnMap<ecs_place_model::ClusterTask>,
    pub(crate) projection: Projection,
    /// The snapshot the index was built from: the cluster, providers, task definitions and
    /// subnets `place` resolves requests against, and the base of the export. `None` for the
    /// one-shot path, which borrows the caller's snapshot instead.
    pub(crate) base: Option<Arc<ClusterState>>,
}

impl ClusterIndex {
    /// Number of instances (every status).
    pub fn len(&self) -> usize {
        self.arns.len()
    }

    /// True when the snapshot has no container instance.
    pub fn is_empty(&self) -> bool {
        self.arns.is_empty()
    }

    /// The index of the instance with this ARN.
    pub fn instance(&self, arn: &str) -> Option<usize> {
        self.arns.binary_search(arn)
    }

    /// The ARN of instance `index`.
    pub fn arn(&self, index: usize) -> &str {
        &self.arns[index]
    }

    /// The instance's zone (`ecs.availability-zone`).
    pub(crate) fn zone(&self, instance: usize) -> Option<&str> {
        self.attributes
            .get(ZONE_ATTRIBUTE)
            .and_then(|c| c.value(instance).flatten())
    }

    /// Which attributes the index interned.
    pub fn projection(&self) -> &Projection {
        &self.projection
    }

    /// The snapshot `place` resolves requests against, when the index owns one.
    pub fn snapshot(&self) -> Option<&ClusterState> {
        self.base.as_deref()
    }
}

/// The id-free state of an index, compared by [`PartialEq for ClusterIndex`](ClusterIndex):
/// two indexes are equal when every instance has the same fields, attributes, groups and
/// counted tasks. Interned ids, the projection and the resources remembered for committed
/// tasks are representation, not state, and are left out, so that an index after commits
/// equals a fresh build from its export.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Canonical<'a> {
    instances: Vec<CanonicalInstance<'a>>,
    tasks: Vec<(&'a str, &'a str, Option<&'a str>)>,
    fargate: Vec<(&'a FargateKey, u32)>,
}

#[derive(Debug, PartialEq, Eq)]
struct CanonicalInstance<'a> {
    arn: &'a str,
    ec2_id: Option<&'a str>,
    agent_version: Option<&'a str>,
    registered_at: Option<Timestamp>,
    agent: Option<bool>,
    active: bool,
    external: bool,
    provider: Option<&'a str>,
    cpu: u32,
    memory: u32,
    running: u32,
    tcp: &'a [u16],
    udp: &'a [u16],
    gpus: &'a [Box<str>],
    attributes: Vec<(&'a str, Option<&'a str>)>,
    groups: Vec<(&'a str, u32)>,
}

impl ClusterIndex {
    pub(crate) fn canonical(&self) -> Canonical<'_> {
        let instances = (0..self.len())
            .map(|i| CanonicalInstance {
                arn: &self.arns[i],
                ec2_id: self.ec2_ids[i].as_deref(),
                agent_version: self.agent_versions[i].as_deref(),
                registered_at: self.registered_at[i],
                agent: self.agent_field[i],
                active: self.active.contains(i),
                external: self.external.contains(i),
                provider: self.provider[i].map(|p| &*self.providers[p as usize]),
                cpu: self.cpu[i],
                memory: self.memory[i],
                running: self.running[i],
                tcp: &self.tcp[i],
                udp: &self.udp[i],
                gpus: &self.gpus[i],
                attributes: self
                    .attributes
                    .columns
                    .iter()
                    .filter_map(|c| c.value(i).map(|v| (&*c.name, v)))
                    .collect(),
                groups: self.groups.canonical(i),
            })
            .collect();
        let mut tasks: Vec<_> = self
            .tasks
            .iter()
            .flat_map(|(arn, entries)| {
                entries.iter().map(move |t| {
                    (
                        &**arn,
                        &self.arns[t.instance as usize],
                        t.group.map(|g| self.groups.name(g)),
                    )
                })
            })
            .collect();
        // Stable: several entries of one ARN keep their order.
        tasks.sort_by(|a: &(&str, &str, Option<&str>), b| a.0.cmp(b.0));
        let fargate = self.fargate.iter().map(|(k, &n)| (k, n)).collect();
        Canonical {
            instances,
            tasks,
            fargate,
        }
    }
}

impl PartialEq for ClusterIndex {
    /// Equal cluster state; see `Canonical` for what is compared.
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }
}

impl Eq for ClusterIndex {}
