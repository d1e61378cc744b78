//! The tasks placed so far in one call, over an index that `place` does not mutate.
//!
//! Every task of a call is the same task definition in the same group, so what an instance
//! has given to the call is fully described by how many of the call's tasks it took: `n`
//! times the CPU, memory and GPUs, the request's host ports once `n > 0`, `n` more tasks of
//! the group and in `runningTasksCount`. A call places at most 10 tasks, so a short list is
//! the whole overlay.

use smallvec::SmallVec;

/// Tasks placed per instance in the current call, and Fargate tasks per (spot, zone).
#[derive(Clone, Debug, Default)]
pub(crate) struct Overlay {
    /// `(instance, tasks placed on it in this call)`, in placement order of first task.
    instances: SmallVec<[(u32, u32); 10]>,
    /// `(spot, zone, tasks)` for Fargate tasks placed in this call.
    fargate: SmallVec<[(bool, Box<str>, u32); 4]>,
}

impl Overlay {
    pub(crate) fn clear(&mut self) {
        self.instances.clear();
        self.fargate.clear();
    }

    /// No task placed on an instance yet in this call.
    pub(crate) fn is_empty(&self) -> bool {
        self.instances.is_empty()
    }

    /// Tasks placed on `instance` in this call.
    pub(crate) fn placed(&self, instance: u32) -> u32 {
        self.instances
            .iter()
            .find(|&&(i, _)| i == instance)
            .map_or(0, |&(_, n)| n)
    }

    /// Records one more task on `instance`.
    pub(crate) fn add(&mut self, instance: u32) {
        match self.instances.iter_mut().find(|(i, _)| *i == instance) {
            Some((_, n)) => *n += 1,
            None => self.instances.push((instance, 1)),
        }
    }

    /// Instances that took tasks in this call, with their counts.
    pub(crate) fn instances(&self) -> &[(u32, u32)] {
        &self.instances
    }

    /// Fargate tasks placed in this call in `zone` for the spot or on-demand provider.
    pub(crate) fn fargate_placed(&self, spot: bool, zone: &str) -> u32 {
        self.fargate
            .iter()
            .find(|(s, z, _)| *s == spot && &**z == zone)
            .map_or(0, |&(_, _, n)| n)
    }

    /// Records one more Fargate task in `zone`.
    pub(crate) fn add_fargate(&mut self, spot: bool, zone: &str) {
        match self
            .fargate
            .iter_mut()
            .find(|(s, z, _)| *s == spot && &**z == zone)
        {
            Some((_, _, n)) => *n += 1,
            None => self.fargate.push((spot, zone.into(), 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_instance_and_zone() {
        let mut overlay = Overlay::default();
        overlay.add(4);
        overlay.add(2);
        overlay.add(4);
        assert_eq!(overlay.placed(4), 2);
        assert_eq!(overlay.placed(3), 0);
        assert_eq!(overlay.instances(), &[(4, 2), (2, 1)]);
        overlay.add_fargate(true, "a");
        overlay.add_fargate(true, "a");
        assert_eq!(overlay.fargate_placed(true, "a"), 2);
        assert_eq!(overlay.fargate_placed(false, "a"), 0);
        overlay.clear();
        assert_eq!(overlay.placed(4), 0);
    }
}
