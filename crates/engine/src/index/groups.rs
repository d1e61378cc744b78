//! Task groups of the counted tasks (spec §5): per instance the groups it hosts, per group the
//! instances that host it, both with task counts.

use std::collections::BTreeMap;

use smallvec::SmallVec;

use super::radix::radix_sort;

/// Interned group id.
pub(crate) type GroupId = u32;

/// Group membership of every instance.
#[derive(Clone, Debug, Default)]
pub(crate) struct GroupTable {
    names: Vec<Box<str>>,
    by_name: BTreeMap<Box<str>, GroupId>,
    /// Per instance: `(group, tasks)` sorted by group id, tasks > 0.
    on_instance: Vec<SmallVec<[(GroupId, u32); 4]>>,
    /// Per group: `(instance, tasks)` sorted by instance, tasks > 0.
    hosts: Vec<Vec<(u32, u32)>>,
}

impl GroupTable {
    /// An empty table for `instances` instances.
    pub(crate) fn new(instances: usize) -> Self {
        Self {
            on_instance: std::iter::repeat_with(SmallVec::new)
                .take(instances)
                .collect(),
            ..Self::default()
        }
    }

    /// Number of interned groups; ids are `0..len()`.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// The id of `name`, if some task ever had that group.
    pub(crate) fn id(&self, name: &str) -> Option<GroupId> {
        self.by_name.get(name).copied()
    }

    /// The id of `name`, adding it when new.
    pub(crate) fn intern(&mut self, name: &str) -> GroupId {
        if let Some(id) = self.id(name) {
            return id;
        }
        let id = self.names.len() as GroupId;
        self.names.push(name.into());
        self.by_name.insert(name.into(), id);
        self.hosts.push(Vec::new());
        id
    }

    /// The name of group `id`.
    pub(crate) fn name(&self, id: GroupId) -> &str {
        &self.names[id as usize]
    }

    /// Tasks of `group` on `instance`.
    pub(crate) fn count(&self, group: GroupId, instance: usize) -> u32 {
        let on = &self.on_instance[instance];
        on.binary_search_by_key(&group, |&(g, _)| g)
            .map_or(0, |at| on[at].1)
    }

    /// The groups on `instance` with their task counts.
    pub(crate) fn on_instance(&self, instance: usize) -> &[(GroupId, u32)] {
        &self.on_instance[instance]
    }

    /// The instances hosting `group` with their task counts, in instance order.
    pub(crate) fn hosts(&self, group: GroupId) -> &[(u32, u32)] {
        &self.hosts[group as usize]
    }

    /// Records one task per `(instance, group)` pair into a table that has no task yet: one
    /// sort and appends, where [`add`](Self::add) per task would insert into sorted lists.
    pub(crate) fn load(&mut self, pairs: &[(u32, GroupId)]) {
        debug_assert!(self.hosts.iter().all(Vec::is_empty), "a fresh table");
        let mut keys: Vec<(u64, u32)> = pairs
            .iter()
            .map(|&(instance, group)| (u64::from(instance) << 32 | u64::from(group), 0))
            .collect();
        radix_sort(&mut keys);
        for run in keys.chunk_by(|a, b| a.0 == b.0) {
            let (instance, group) = ((run[0].0 >> 32) as u32, run[0].0 as u32);
            let n = run.len() as u32;
            self.on_instance[instance as usize].push((group, n));
            self.hosts[group as usize].push((instance, n));
        }
    }

    /// Records `n` more tasks of `group` on `instance`.
    pub(crate) fn add(&mut self, group: GroupId, instance: usize, n: u32) {
        if n == 0 {
            return;
        }
        let on = &mut self.on_instance[instance];
        match on.binary_search_by_key(&group, |&(g, _)| g) {
            Ok(at) => on[at].1 += n,
            Err(at) => on.insert(at, (group, n)),
        }
        let hosts = &mut self.hosts[group as usize];
        match hosts.binary_search_by_key(&(instance as u32), |&(i, _)| i) {
            Ok(at) => hosts[at].1 += n,
            Err(at) => hosts.insert(at, (instance as u32, n)),
        }
    }

    /// Removes one task of `group` from `instance`. INVARIANT: the task was recorded.
    pub(crate) fn remove_one(&mut self, group: GroupId, instance: usize) {
        let on = &mut self.on_instance[instance];
        if let Ok(at) = on.binary_search_by_key(&group, |&(g, _)| g) {
            on[at].1 -= 1;
            if on[at].1 == 0 {
                on.remove(at);
            }
        }
        let hosts = &mut self.hosts[group as usize];
        if let Ok(at) = hosts.binary_search_by_key(&(instance as u32), |&(i, _)| i) {
            hosts[at].1 -= 1;
            if hosts[at].1 == 0 {
                hosts.remove(at);
            }
        }
    }

    /// Per instance, `(group name, tasks)` sorted by name: the id-free form for comparisons.
    pub(crate) fn canonical(&self, instance: usize) -> Vec<(&str, u32)> {
        let mut out: Vec<(&str, u32)> = self.on_instance[instance]
            .iter()
            .map(|&(g, n)| (self.name(g), n))
            .collect();
        out.sort_unstable();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_and_remove_keep_both_views_in_step() {
        let mut table = GroupTable::new(3);
        let web = table.intern("web");
        let db = table.intern("db");
        assert_eq!(table.intern("web"), web);
        table.add(web, 2, 2);
        table.add(db, 2, 1);
        table.add(web, 0, 1);
        assert_eq!(table.count(web, 2), 2);
        assert_eq!(table.hosts(web), &[(0, 1), (2, 2)]);
        assert_eq!(table.canonical(2), vec![("db", 1), ("web", 2)]);
        let mut loaded = GroupTable::new(3);
        let (a, b) = (loaded.intern("a"), loaded.intern("b"));
        loaded.load(&[(2, b), (0, a), (2, a), (2, b)]);
        assert_eq!(loaded.on_instance(2), &[(a, 1), (b, 2)]);
        assert_eq!(loaded.hosts(a), &[(0, 1), (2, 1)]);
        assert_eq!(loaded.count(b, 2), 2);
        table.remove_one(web, 2);
        table.remove_one(web, 0);
        assert_eq!(table.hosts(web), &[(2, 1)]);
        assert_eq!(table.on_instance(0), &[]);
        assert_eq!(table.count(db, 2), 1);
    }
}
