//! The floor of placement cost: one pass over a CPU column and a memory column that finds
//! the best-fit instance for one task with no constraint (issue 6). Benchmarks divide every
//! figure by it: it is what reading the data once costs.
//!
//! The engine's index keeps its columns private, so the floor runs on equivalent columns
//! extracted once from the snapshot: remaining `CPU` and `MEMORY` of every instance, in
//! ascending `containerInstanceArn` order (the index's instance order), as `Vec<u32>`.

use ecs_place_model::ClusterState;

/// Remaining CPU units and MiB per instance, in ARN order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub cpu: Vec<u32>,
    pub memory: Vec<u32>,
}

impl Columns {
    /// The columns of `state` (an unreadable value, which the snapshot check rejects, reads
    /// as 0).
    pub fn of(state: &ClusterState) -> Self {
        let mut rows: Vec<(&str, u32, u32)> = state
            .container_instances
            .iter()
            .map(|i| {
                let units = |name: &str| i.remaining(name).and_then(|r| r.units().ok());
                (
                    i.container_instance_arn.as_str(),
                    units("CPU").unwrap_or(0),
                    units("MEMORY").unwrap_or(0),
                )
            })
            .collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Self {
            cpu: rows.iter().map(|r| r.1).collect(),
            memory: rows.iter().map(|r| r.2).collect(),
        }
    }

    /// Number of instances.
    pub fn len(&self) -> usize {
        self.cpu.len()
    }

    /// True without instances.
    pub fn is_empty(&self) -> bool {
        self.cpu.is_empty()
    }

    /// The instance with the least remaining memory among those with at least `cpu` units
    /// and `memory` MiB left (binpack memory); ties go to the lowest index. `None` when none
    /// fits.
    pub fn best_fit(&self, cpu: u32, memory: u32) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut best_memory = u32::MAX;
        for (index, (&c, &m)) in self.cpu.iter().zip(&self.memory).enumerate() {
            if c >= cpu && m >= memory && (m < best_memory || best.is_none()) {
                best_memory = m;
                best = Some(index);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_fit_is_the_least_memory_that_fits() {
        let columns = Columns {
            cpu: vec![4096, 128, 1024, 2048, 512],
            memory: vec![9000, 600, 700, 700, 8000],
        };
        // Index 1 has too little CPU; 2 and 3 tie at 700 MiB, the lower index wins.
        assert_eq!(columns.best_fit(256, 512), Some(2));
        assert_eq!(columns.best_fit(2048, 512), Some(3));
        assert_eq!(columns.best_fit(4096, 512), Some(0));
        assert_eq!(columns.best_fit(8192, 512), None);
        assert_eq!(Columns::default().best_fit(1, 1), None);
    }

    #[test]
    fn columns_follow_arn_order() {
        let state = crate::generate_cluster(50, 3);
        let columns = Columns::of(&state);
        assert_eq!(columns.len(), 50);
        let mut arns: Vec<&str> = state
            .container_instances
            .iter()
            .map(|i| i.container_instance_arn.as_str())
            .collect();
        arns.sort_unstable();
        let first = state
            .container_instances
            .iter()
            .find(|i| i.container_instance_arn == arns[0])
            .and_then(|i| i.remaining("MEMORY"))
            .and_then(|r| r.units().ok());
        assert_eq!(Some(columns.memory[0]), first);
    }
}
