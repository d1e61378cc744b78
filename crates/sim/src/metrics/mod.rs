//! The metrics of a simulation: counts from the replay ([`Tally`]) and measures of its final
//! state (packing, stranded resources, spread skew, utilisation), each defined in its module.
//!
//! The final-state measures take a [`Workload`]: the groups, spread fields and task sizes of
//! the trace. When runs are compared, one workload (the union over the runs) measures every
//! run, so that their rows line up.

mod packing;
mod skew;
pub(crate) mod snapshot;
mod stranded;
mod utilisation;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde::Serialize;

use ecs_place_model::ClusterState;

use crate::tally::Tally;

pub use packing::{InstanceGroup, Packing};
pub use skew::Skew;
pub use snapshot::{INSTANCE_TYPE_ATTRIBUTE, ZONE_ATTRIBUTE};
pub use stranded::Stranded;
pub use utilisation::Utilisation;

use snapshot::SnapshotView;

/// What the final-state measures need to know about the trace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workload {
    /// The groups the requests placed into: skew is measured for each.
    pub groups: BTreeSet<String>,
    /// The spread fields the requests used (`instanceId`, `attribute:NAME`).
    pub spread_fields: BTreeSet<String>,
    /// The smallest task CPU units and memory MiB: the stranded-resource thresholds.
    pub min_cpu: Option<u32>,
    pub min_memory: Option<u32>,
}

impl Workload {
    /// The union of the workloads the tallies saw.
    pub fn of<'a>(tallies: impl IntoIterator<Item = &'a Tally>) -> Self {
        let mut out = Self::default();
        for tally in tallies {
            out.groups.extend(tally.groups.iter().cloned());
            out.spread_fields
                .extend(tally.spread_fields.iter().cloned());
            out.min_cpu = min_option(out.min_cpu, tally.min_cpu);
            out.min_memory = min_option(out.min_memory, tally.min_memory);
        }
        out
    }
}

fn min_option(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The measures of a final state.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateMetrics {
    pub packing: Packing,
    pub stranded: Stranded,
    /// One entry per (spread field, group), fields then groups ascending.
    pub skew: Vec<Skew>,
    pub utilisation: Utilisation,
}

/// Measures `state` for `workload`.
pub fn measure(state: &ClusterState, workload: &Workload) -> StateMetrics {
    let view = SnapshotView::new(state);
    let skew = workload
        .spread_fields
        .iter()
        .flat_map(|field| {
            let view = &view;
            workload
                .groups
                .iter()
                .map(move |group| skew::skew(view, field, group))
        })
        .collect();
    StateMetrics {
        packing: packing::packing(&view),
        stranded: stranded::stranded(&view, workload.min_cpu, workload.min_memory),
        skew,
        utilisation: utilisation::utilisation(&view),
    }
}

/// One `ACTIVE` instance of a final state, for the report's utilisation charts.
#[derive(Debug, Clone, PartialEq)]
pub struct InstancePoint {
    /// The name of its homogeneous group (see [`InstanceGroup::name`]).
    pub group: String,
    pub arn: String,
    /// Percent of registered CPU and memory in use.
    pub cpu: f64,
    pub memory: f64,
}

/// The `ACTIVE` instances of `state`, in ARN order.
pub fn instance_points(state: &ClusterState) -> Vec<InstancePoint> {
    let view = SnapshotView::new(state);
    let (keys, names) = packing::group_keys(&view);
    view.instances
        .iter()
        .zip(&keys)
        .filter_map(|(instance, key)| {
            let group = names.get(key.as_ref()?)?.clone();
            Some(InstancePoint {
                group,
                arn: instance.arn.to_owned(),
                cpu: utilisation::percent(instance.used_cpu(), instance.registered_cpu),
                memory: utilisation::percent(instance.used_memory(), instance.registered_memory),
            })
        })
        .collect()
}

/// Task counts of a replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskCounts {
    pub requests: u64,
    pub requested: u64,
    pub placed: u64,
    pub provisioning: u64,
    pub failed: u64,
    /// Unplaced tasks per reason code (the reason that rejected the most instances for the
    /// request's first unplaced task, ties to the earlier check; `NO_CANDIDATE` when none).
    pub failed_by_reason: BTreeMap<String, u64>,
}

/// Stop counts of a replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StopCounts {
    pub lines: u64,
    pub stopped: u64,
    /// `stopTasks` ARNs that named no running task (no-ops).
    pub unknown_arns: u64,
}

/// How long a replay took: building the index and replaying every line (not reading the
/// files, exporting the final state or measuring it).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timing {
    pub wall_seconds: f64,
    /// Tasks placed (on an instance or on Fargate) per second of wall time.
    pub placements_per_second: f64,
}

/// Every metric of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    /// `trace` for the requests' own strategies, else the strategy set.
    pub label: String,
    pub tasks: TaskCounts,
    pub stops: StopCounts,
    #[serde(flatten)]
    pub state: StateMetrics,
    pub timing: Timing,
}

impl Metrics {
    /// Assembles the metrics of a run.
    pub fn new(label: &str, tally: &Tally, wall: Duration, state: StateMetrics) -> Self {
        let seconds = wall.as_secs_f64();
        let placements_per_second = if seconds > 0.0 {
            tally.placed as f64 / seconds
        } else {
            0.0
        };
        Self {
            label: label.to_owned(),
            tasks: TaskCounts {
                requests: tally.requests,
                requested: tally.requested,
                placed: tally.placed,
                provisioning: tally.provisioning,
                failed: tally.failed,
                failed_by_reason: tally.failed_by_reason.clone(),
            },
            stops: StopCounts {
                lines: tally.stop_lines,
                stopped: tally.stopped,
                unknown_arns: tally.unknown_stop_arns,
            },
            state,
            timing: Timing {
                wall_seconds: seconds,
                placements_per_second,
            },
        }
    }
}
