//! The distribution of per-instance utilisation: deciles of CPU and of memory in use, in
//! percent of registered, over the `ACTIVE` instances that register some of that resource.
//!
//! Decile `k` (0 to 10) is the nearest-rank percentile `10k`: the value at rank
//! `ceil(k / 10 * n)` (1-based) of the ascending values, and the minimum for `k = 0`. Values are
//! rounded up to hundredths of a percent, so an instance with anything in use never shows 0.

use serde::Serialize;

use super::snapshot::SnapshotView;

/// Deciles of per-instance CPU and memory utilisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Utilisation {
    /// `[min, p10, p20, ..., p90, max]`, percent; empty when no instance counts.
    pub cpu: Vec<f64>,
    pub memory: Vec<f64>,
}

/// `used / registered` in percent, rounded up to hundredths.
pub(crate) fn percent(used: u32, registered: u32) -> f64 {
    let basis_points = (u64::from(used) * 10_000).div_ceil(u64::from(registered).max(1));
    basis_points as f64 / 100.0
}

/// The 11 nearest-rank deciles of `values` (sorted here), empty for no value.
pub(crate) fn deciles(mut values: Vec<f64>) -> Vec<f64> {
    if values.is_empty() {
        return Vec::new();
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    (0..=10)
        .map(|k| {
            let rank = (k * n).div_ceil(10).max(1);
            values[rank - 1]
        })
        .collect()
}

/// The utilisation deciles of `view`.
pub(crate) fn utilisation(view: &SnapshotView<'_>) -> Utilisation {
    let cpu = view
        .active()
        .filter(|i| i.registered_cpu > 0)
        .map(|i| percent(i.used_cpu(), i.registered_cpu))
        .collect();
    let memory = view
        .active()
        .filter(|i| i.registered_memory > 0)
        .map(|i| percent(i.used_memory(), i.registered_memory))
        .collect();
    Utilisation {
        cpu: deciles(cpu),
        memory: deciles(memory),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_deciles() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(
            deciles(values),
            [1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
        );
        assert_eq!(
            deciles(vec![30.0, 10.0, 20.0]),
            [
                10.0, 10.0, 10.0, 10.0, 20.0, 20.0, 20.0, 30.0, 30.0, 30.0, 30.0
            ]
        );
        assert!(deciles(Vec::new()).is_empty());
    }

    #[test]
    fn percent_rounds_up_to_hundredths() {
        assert_eq!(percent(512, 2048), 25.0);
        assert_eq!(percent(1, 3), 33.34);
        assert_eq!(percent(0, 0), 0.0);
    }
}
