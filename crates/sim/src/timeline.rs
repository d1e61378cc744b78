//! Tasks per zone per group as the trace goes: samples of the [`Ledger`] at evenly spaced
//! lines, for the report.

use std::collections::HashMap;

use crate::ledger::Ledger;

/// The most samples a replay takes (plus the state before the first line).
pub const MAX_SAMPLES: usize = 200;

/// The counts at one point of the trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// The line just replayed (0 before the first).
    pub line: usize,
    /// `(group id, tasks per zone)` for the groups the trace had placed into by then; zone
    /// vectors may be shorter than [`Timeline::zones`] (zones met later count 0).
    pub counts: Vec<(u32, Vec<u32>)>,
}

/// Samples of tasks per zone for each group of the trace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    zones: Vec<String>,
    groups: Vec<String>,
    group_ids: HashMap<String, u32>,
    samples: Vec<Sample>,
}

impl Timeline {
    /// Records the ledger's counts for `groups` after `line`.
    pub fn sample<'a>(
        &mut self,
        line: usize,
        ledger: &Ledger,
        groups: impl IntoIterator<Item = &'a String>,
    ) {
        let mut counts = Vec::new();
        for group in groups {
            let Some(per_zone) = ledger.per_zone(group) else {
                continue;
            };
            let id = match self.group_ids.get(group) {
                Some(&id) => id,
                None => {
                    let id = self.groups.len() as u32;
                    self.groups.push(group.clone());
                    self.group_ids.insert(group.clone(), id);
                    id
                }
            };
            counts.push((id, per_zone.to_vec()));
        }
        if ledger.zones().len() > self.zones.len() {
            self.zones = ledger.zones().iter().map(|z| z.to_string()).collect();
        }
        self.samples.push(Sample { line, counts });
    }

    /// Zone names (the `ACTIVE` instances' zones ascending, then zones met later).
    pub fn zones(&self) -> &[String] {
        &self.zones
    }

    /// The groups sampled, in the order first met.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// The samples, in line order.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// The series of `group`: per sample, `(line, tasks per zone)` with one entry per zone of
    /// [`zones`](Self::zones) (0 before the group was first placed into).
    pub fn series(&self, group: &str) -> Vec<(usize, Vec<u32>)> {
        let id = self.group_ids.get(group).copied();
        self.samples
            .iter()
            .map(|sample| {
                let mut row = vec![0; self.zones.len()];
                if let Some((_, counts)) = sample.counts.iter().find(|(g, _)| Some(*g) == id) {
                    for (slot, &n) in row.iter_mut().zip(counts) {
                        *slot = n;
                    }
                }
                (sample.line, row)
            })
            .collect()
    }
}
