//! Stranded resources: free capacity that no task of the trace can use because the other
//! resource of its instance is exhausted.
//!
//! A resource of an `ACTIVE` instance is *exhausted* when what remains of it is below the
//! smallest amount of it any request of the trace asks for (the smallest CPU units and the
//! smallest memory MiB are taken separately, over the requests that place on container
//! instances). Stranded CPU is the remaining CPU of instances whose memory is exhausted and
//! whose CPU is not; stranded memory the remaining memory of instances whose CPU is exhausted
//! and whose memory is not. An instance with both exhausted strands nothing: its leftovers are
//! too small for any task in either dimension. Without a request (no task size) nothing is
//! exhausted.

use serde::Serialize;

use super::snapshot::SnapshotView;

/// Stranded CPU and memory over the `ACTIVE` instances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stranded {
    /// CPU units free on instances whose memory is exhausted.
    pub cpu: u64,
    /// Memory MiB free on instances whose CPU is exhausted.
    pub memory: u64,
    /// How many instances strand CPU, and how many strand memory.
    pub cpu_instances: u64,
    pub memory_instances: u64,
    /// The thresholds: the smallest CPU units and memory MiB a request of the trace asks for.
    pub min_task_cpu: Option<u32>,
    pub min_task_memory: Option<u32>,
}

fn exhausted(remaining: u32, smallest: Option<u32>) -> bool {
    smallest.is_some_and(|s| remaining < s)
}

/// The stranded resources of `view` for the smallest task sizes `min_cpu`, `min_memory`.
pub(crate) fn stranded(
    view: &SnapshotView<'_>,
    min_cpu: Option<u32>,
    min_memory: Option<u32>,
) -> Stranded {
    let mut out = Stranded {
        cpu: 0,
        memory: 0,
        cpu_instances: 0,
        memory_instances: 0,
        min_task_cpu: min_cpu,
        min_task_memory: min_memory,
    };
    for instance in view.active() {
        let cpu_gone = exhausted(instance.remaining_cpu, min_cpu);
        let memory_gone = exhausted(instance.remaining_memory, min_memory);
        if memory_gone && !cpu_gone {
            out.cpu += u64::from(instance.remaining_cpu);
            out.cpu_instances += 1;
        }
        if cpu_gone && !memory_gone {
            out.memory += u64::from(instance.remaining_memory);
            out.memory_instances += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exhausted_means_below_the_smallest_task() {
        assert!(exhausted(255, Some(256)));
        assert!(!exhausted(256, Some(256)));
        assert!(!exhausted(0, Some(0)));
        assert!(!exhausted(0, None));
    }
}
