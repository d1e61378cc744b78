//! Spread balance: for each spread field the trace used and each group it placed into, the
//! skew — the largest minus the smallest count of the group's tasks per key.
//!
//! Keys follow spread (spec §4): for `instanceId` each instance, for `attribute:NAME` the
//! attribute's value, with one "absent" key for instances that lack it or have it without a
//! value. The keys are those of the `ACTIVE` instances (a key with no task counts 0: that is
//! the imbalance spread tries to avoid) and of the instances hosting the group's counted tasks;
//! tasks are counted over every instance, as spread counts them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::snapshot::SnapshotView;

/// The skew of one group over one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skew {
    /// `instanceId` or `attribute:NAME`.
    pub field: String,
    pub group: String,
    /// `max - min`.
    pub skew: u32,
    pub min: u32,
    pub max: u32,
    /// Number of keys (values of the field).
    pub keys: u32,
}

/// A spread key: an instance (by index), or an attribute value, `None` for "absent".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Instance(usize),
    Value(Option<&'a str>),
}

fn key<'a>(view: &SnapshotView<'a>, field: &str, instance: usize) -> Key<'a> {
    match field.strip_prefix("attribute:") {
        Some(name) => Key::Value(view.instances[instance].attribute(name)),
        None => Key::Instance(instance),
    }
}

/// The skew of `group` over `field` in `view`.
pub(crate) fn skew(view: &SnapshotView<'_>, field: &str, group: &str) -> Skew {
    let mut counts: BTreeMap<Key<'_>, u32> = BTreeMap::new();
    for (at, instance) in view.instances.iter().enumerate() {
        if instance.active {
            counts.entry(key(view, field, at)).or_default();
        }
    }
    if let Some(tasks) = view.group_tasks.get(group) {
        for (&at, &n) in tasks {
            *counts.entry(key(view, field, at)).or_default() += n;
        }
    }
    let min = counts.values().copied().min().unwrap_or(0);
    let max = counts.values().copied().max().unwrap_or(0);
    Skew {
        field: field.to_owned(),
        group: group.to_owned(),
        skew: max - min,
        min,
        max,
        keys: counts.len() as u32,
    }
}
