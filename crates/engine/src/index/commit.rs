//! Keeping an index current: recording placed tasks and stopping tasks.

use ecs_place_model::ClusterTask;

use super::{ClusterIndex, CountedTask, FargateKey, Ports, Taken};

/// What a placement asks the index to record (carried by `Placement`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CommitRecord {
    pub(crate) group: Box<str>,
    pub(crate) cpu: u32,
    pub(crate) memory: u32,
    pub(crate) tcp: Ports,
    pub(crate) udp: Ports,
    pub(crate) tasks: Vec<CommitTask>,
}

/// One task of a placement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CommitTask {
    pub(crate) arn: Box<str>,
    /// The container instance, for a task placed on one.
    pub(crate) instance: Option<Box<str>>,
    /// Every GPU id taken, ascending.
    pub(crate) gpu_ids: Vec<Box<str>>,
    pub(crate) zone: Option<Box<str>>,
    pub(crate) provider: Option<Box<str>>,
    pub(crate) launch_type: &'static str,
    pub(crate) last_status: &'static str,
    /// `Some(spot)` for a Fargate task.
    pub(crate) fargate_spot: Option<bool>,
}

/// Why a placement or a stop could not be recorded. Nothing is changed when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CommitError {
    /// The placement names an instance this index does not have.
    #[error("container instance `{0}` is not in the index")]
    UnknownInstance(String),
    /// The placement needs more than the instance has left: it was made on another state.
    #[error("container instance `{0}` no longer has room for the placed tasks")]
    NoRoom(String),
    /// A task ARN the index already holds.
    #[error("task `{0}` is already recorded")]
    DuplicateTask(String),
    /// A stop names a task the index does not hold.
    #[error("task `{0}` is not a running task of the index")]
    UnknownTask(String),
}

impl ClusterIndex {
    /// Checks that every task of `record` fits the current state, as one batch.
    fn check_commit(&self, record: &CommitRecord) -> Result<Vec<Option<usize>>, CommitError> {
        let mut at = Vec::with_capacity(record.tasks.len());
        for (n, task) in record.tasks.iter().enumerate() {
            if self.tasks.contains_key(&task.arn)
                || self.fargate_tasks.contains_key(&task.arn)
                || self.committed.contains_key(&task.arn)
                || record.tasks[..n].iter().any(|t| t.arn == task.arn)
            {
                return Err(CommitError::DuplicateTask(task.arn.to_string()));
            }
            let Some(arn) = task.instance.as_deref() else {
                at.push(None);
                continue;
            };
            let instance = self
                .instance(arn)
                .ok_or_else(|| CommitError::UnknownInstance(arn.to_owned()))?;
            at.push(Some(instance));
        }
        // Per instance: the sum of what its new tasks take must fit.
        let mut seen: Vec<usize> = at.iter().flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        for &instance in &seen {
            let tasks: Vec<&CommitTask> = record
                .tasks
                .iter()
                .zip(&at)
                .filter(|(_, a)| **a == Some(instance))
                .map(|(t, _)| t)
                .collect();
            let n = tasks.len() as u64;
            let no_room = || CommitError::NoRoom(self.arns[instance].to_string());
            let fits = u64::from(record.cpu) * n <= u64::from(self.cpu[instance])
                && u64::from(record.memory) * n <= u64::from(self.memory[instance]);
            let ports_free = (record.tcp.is_empty() && record.udp.is_empty())
                || (n == 1
                    && record
                        .tcp
                        .iter()
                        .all(|p| self.tcp[instance].binary_search(p).is_err())
                    && record
                        .udp
                        .iter()
                        .all(|p| self.udp[instance].binary_search(p).is_err()));
            let mut ids: Vec<&Box<str>> = tasks.iter().flat_map(|t| &t.gpu_ids).collect();
            let ids_total = ids.len();
            ids.sort_unstable();
            ids.dedup();
            let gpus_free = ids.len() == ids_total
                && ids
                    .iter()
                    .all(|id| self.gpus[instance].binary_search(id).is_ok());
            if !(fits && ports_free && gpus_free) {
                return Err(no_room());
            }
        }
        Ok(at)
    }

    /// Records the tasks of a placement (made by `place` on this index, or on the snapshot it
    /// was built from): their resources, ports, GPU ids, `runningTasksCount`, group
    /// membership and Fargate zone counts, remembering what each task took so that stopping
    /// it gives exactly that back. All or nothing: on error the index is unchanged.
    pub fn commit(&mut self, placement: &crate::Placement) -> Result<(), CommitError> {
        self.commit_record(&placement.commit_record())
    }

    pub(crate) fn commit_record(&mut self, record: &CommitRecord) -> Result<(), CommitError> {
        let at = self.check_commit(record)?;
        let group = (!record.tasks.is_empty()).then(|| self.groups.intern(&record.group));
        for (task, instance) in record.tasks.iter().zip(at) {
            if let Some(i) = instance {
                // INVARIANT: `check_commit` verified the sums fit.
                self.cpu[i] -= record.cpu;
                self.memory[i] -= record.memory;
                insert_ports(&mut self.tcp[i], &record.tcp);
                insert_ports(&mut self.udp[i], &record.udp);
                self.gpus[i].retain(|id| task.gpu_ids.binary_search(id).is_err());
                self.running[i] = self.running[i].saturating_add(1);
                if let Some(g) = group {
                    self.groups.add(g, i, 1);
                }
                let taken = Taken {
                    cpu: record.cpu,
                    memory: record.memory,
                    tcp: record.tcp.clone(),
                    udp: record.udp.clone(),
                    gpu_ids: task.gpu_ids.clone(),
                };
                self.tasks
                    .entry(task.arn.clone())
                    .or_default()
                    .push(CountedTask {
                        instance: i as u32,
                        group,
                        taken: Some(taken),
                    });
            } else if let (Some(spot), Some(zone)) = (task.fargate_spot, task.zone.as_deref()) {
                let key = FargateKey {
                    group: record.group.clone(),
                    spot,
                    zone: zone.into(),
                };
                *self.fargate.entry(key.clone()).or_default() += 1;
                self.fargate_tasks.insert(task.arn.clone(), key);
            }
            self.committed
                .insert(task.arn.clone(), export_task(record, task));
        }
        Ok(())
    }

    /// Stops the tasks with these ARNs: each gives back what it took (for tasks committed
    /// through this index: CPU, memory, ports, GPU ids) and leaves `runningTasksCount`, its
    /// group and the Fargate zone counts. A task of the snapshot gives back no resources:
    /// the snapshot's `remainingResources` does not say what it holds (spec §1.2). All or
    /// nothing: an ARN that is not a running task is an error and nothing is stopped.
    pub fn stop_tasks<S: AsRef<str>>(&mut self, arns: &[S]) -> Result<(), CommitError> {
        for (n, arn) in arns.iter().enumerate() {
            let arn = arn.as_ref();
            let known = self.tasks.contains_key(arn)
                || self.fargate_tasks.contains_key(arn)
                || self.is_committed(arn);
            if !known || arns[..n].iter().any(|a| a.as_ref() == arn) {
                return Err(CommitError::UnknownTask(arn.to_owned()));
            }
        }
        for arn in arns {
            self.stop_one(arn.as_ref());
        }
        Ok(())
    }

    /// Stops every running task of group `name` (on instances and on Fargate); returns how
    /// many were stopped.
    pub fn stop_group(&mut self, name: &str) -> usize {
        let group = self.groups.id(name);
        let mut arns: Vec<Box<str>> = self
            .tasks
            .iter()
            .filter(|(_, entries)| {
                entries
                    .iter()
                    .any(|t| t.group.is_some() && t.group == group)
            })
            .map(|(arn, _)| arn.clone())
            .collect();
        arns.extend(
            self.fargate_tasks
                .iter()
                .filter(|(_, key)| &*key.group == name)
                .map(|(arn, _)| arn.clone()),
        );
        arns.sort_unstable();
        for arn in &arns {
            self.stop_one(arn);
        }
        arns.len()
    }

    /// A task committed through this index and not stopped (also `PROVISIONING` tasks and
    /// Fargate tasks without a zone, which no other map holds).
    fn is_committed(&self, arn: &str) -> bool {
        self.committed.contains_key(arn)
    }

    fn stop_one(&mut self, arn: &str) {
        if let Some(entries) = self.tasks.remove(arn) {
            for task in entries {
                let i = task.instance as usize;
                self.running[i] = self.running[i].saturating_sub(1);
                if let Some(g) = task.group {
                    self.groups.remove_one(g, i);
                }
                if let Some(taken) = task.taken {
                    // INVARIANT: these were subtracted at commit, so the sums stay within
                    // what the instance had; saturating only guards a foreign snapshot edit.
                    self.cpu[i] = self.cpu[i].saturating_add(taken.cpu);
                    self.memory[i] = self.memory[i].saturating_add(taken.memory);
                    remove_ports(&mut self.tcp[i], &taken.tcp);
                    remove_ports(&mut self.udp[i], &taken.udp);
                    self.gpus[i].extend(taken.gpu_ids);
                    self.gpus[i].sort_unstable();
                }
            }
        }
        if let Some(key) = self.fargate_tasks.remove(arn)
            && let Some(count) = self.fargate.get_mut(&key)
        {
            *count -= 1;
            if *count == 0 {
                self.fargate.remove(&key);
            }
        }
        // A committed task leaves no trace; a snapshot task is exported as stopped.
        if self.committed.remove(arn).is_none() {
            self.stopped.insert(arn.into());
        }
    }
}

fn insert_ports(used: &mut Ports, add: &Ports) {
    for &port in add {
        if let Err(at) = used.binary_search(&port) {
            used.insert(at, port);
        }
    }
}

fn remove_ports(used: &mut Ports, release: &Ports) {
    used.retain(|p| release.binary_search(p).is_err());
}

/// The `describe-tasks` form of a committed task, for the export.
fn export_task(record: &CommitRecord, task: &CommitTask) -> ClusterTask {
    ClusterTask {
        task_arn: Some(task.arn.to_string()),
        container_instance_arn: task.instance.as_deref().map(str::to_owned),
        group: Some(record.group.to_string()),
        desired_status: Some("RUNNING".to_owned()),
        last_status: Some(task.last_status.to_owned()),
        availability_zone: task.zone.as_deref().map(str::to_owned),
        capacity_provider_name: task.provider.as_deref().map(str::to_owned),
        launch_type: Some(task.launch_type.to_owned()),
    }
}
