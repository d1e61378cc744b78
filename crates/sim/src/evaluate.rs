//! From finished runs to what is printed and drawn: metrics measured with one shared
//! workload, per-instance utilisation, and the timeline.

use crate::metrics::{InstancePoint, Metrics, Workload, instance_points, measure};
use crate::replay::Run;
use crate::timeline::Timeline;

/// One run, measured.
#[derive(Debug, Clone)]
pub struct Evaluated {
    pub metrics: Metrics,
    /// The `ACTIVE` instances of the final state, in ARN order.
    pub instances: Vec<InstancePoint>,
    pub timeline: Timeline,
}

/// Measures every run with the union of their workloads (so that compared runs have the same
/// skew rows and stranded thresholds).
pub fn evaluate(runs: &[Run]) -> Vec<Evaluated> {
    let workload = Workload::of(runs.iter().map(|r| &r.tally));
    runs.iter()
        .map(|run| Evaluated {
            metrics: Metrics::new(
                &run.label,
                &run.tally,
                run.wall,
                measure(&run.final_state, &workload),
            ),
            instances: instance_points(&run.final_state),
            timeline: run.timeline.clone(),
        })
        .collect()
}
