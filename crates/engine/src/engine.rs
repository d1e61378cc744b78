//! The fast engine: the pipeline of spec §2 over a [`ClusterIndex`] and a
//! [`CompiledRequest`], producing an [`Outcome`].
//!
//! Per bucket: one pass over the candidates decides who passes every check (in parallel
//! above the threshold), the passing ones go into the incremental [`Ranking`], and each task
//! is one pick plus an update of the instance it landed on. A bucket whose task fits nowhere
//! gets one more pass over its candidates for the failures (or, for a capacity provider, the
//! explanation of its `PROVISIONING` tasks).

use std::collections::BTreeMap;

use fixedbitset::FixedBitSet;
use rayon::prelude::*;

use ecs_place_model::snapshot::ProviderKind;

use crate::checks::{Probe, Rejection};
use crate::compile::{CompiledRequest, InstancePart, Ranker};
use crate::index::{ClusterIndex, FargateKey};
use crate::member_of::StateView;
use crate::options::Options;
use crate::outcome::{
    Explanation, Failure, LaunchKind, MemberOfExplanation, Outcome, Reason, TaskDecision,
    TaskStatus, UnplacedExplanation,
};
use crate::overlay::Overlay;
use crate::plan::{LaunchType, Target};
use crate::rank::{ClassKey, MAX_COMPONENTS, Ranking, Score};
use crate::rng::Rng;

/// Reusable buffers of the placement path (like `regex`'s `Cache`): keep one per thread and
/// pass it to every call, and placing allocates nothing proportional to the cluster per task.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    candidates: Vec<u32>,
    /// Words of the bucket's first-pass set: `active ∧ pool ∧ static_ok`.
    eligible: Vec<usize>,
    /// First-pass rows of the parallel pass, per chunk of `eligible`.
    rows: Vec<Vec<Row>>,
    ranking: Ranking,
    overlay: Overlay,
    /// Buffers of the dynamic `memberOf` constraints evaluated over all instances.
    member_of: MemberOfSets,
}

/// The dynamic `memberOf` constraints' buffers: the query language's, and one constraint's
/// instances.
#[derive(Clone, Debug, Default)]
struct MemberOfSets {
    scratch: ecs_place_cql::Scratch,
    holds: FixedBitSet,
}

/// A passing candidate of the first pass: instance, class key, instance-level score.
type Row = (u32, ClassKey, Score);

/// Words of `eligible` per chunk of the parallel first pass (4096 instances).
const PASS_CHUNK_WORDS: usize = 64;

/// Which checks of [`Probe::passes_dynamic`] a request needs; the first pass skips the
/// others (no ports, no GPUs, no `distinctInstance`, no dynamic `memberOf`).
#[derive(Clone, Copy, Debug)]
struct Needs {
    /// Host ports or GPUs: take the general path.
    general: bool,
    distinct: bool,
    dynamic: bool,
}

/// Which instances a bucket may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pool {
    /// Launch type `EC2`: instances without `ecs.capability.external`.
    Ec2,
    /// Launch type `EXTERNAL`: instances with it.
    External,
    /// A capacity provider's instances (by provider index in the index).
    Provider(Option<u32>),
}

/// What to do with a task that fits nowhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unplaced {
    /// Leave it and the rest of the bucket out; report failures (launch types).
    Fail,
    /// Return it and the rest as `PROVISIONING` (capacity providers).
    Provision,
}

/// One bucket of instance-placed tasks.
struct InstanceBucket<'a> {
    bucket: Option<usize>,
    provider: Option<&'a str>,
    kind: LaunchKind,
    pool: Pool,
    ranker: &'a Ranker,
    unplaced: Unplaced,
    count: u32,
}

/// One call in progress.
struct Call<'a> {
    index: &'a ClusterIndex,
    request: &'a CompiledRequest,
    options: &'a Options,
    rng: Rng,
    position: u32,
    outcome: Outcome,
    /// Failures by instance, so each instance is reported once (spec §6).
    failures: BTreeMap<u32, Failure>,
}

/// Places the compiled request on the index. Pure: the index is not changed.
pub(crate) fn run(
    index: &ClusterIndex,
    request: &CompiledRequest,
    options: &Options,
    scratch: &mut Scratch,
) -> Outcome {
    let mut call = Call {
        index,
        request,
        options,
        rng: Rng::new(request.plan.seed),
        position: 0,
        outcome: Outcome::default(),
        failures: BTreeMap::new(),
    };
    scratch.overlay.clear();
    let tasks = match &request.plan.target {
        Target::LaunchType { count, .. } => *count,
        Target::CapacityProviders(buckets) => buckets.iter().map(|b| b.count).sum(),
    };
    call.outcome.tasks.reserve_exact(tasks as usize);
    match &request.plan.target {
        Target::LaunchType { launch_type, count } => match launch_type {
            LaunchType::Fargate => call.fargate(None, None, false, *count, &mut scratch.overlay),
            LaunchType::Ec2 | LaunchType::External => {
                let external = *launch_type == LaunchType::External;
                let bucket = InstanceBucket {
                    bucket: None,
                    provider: None,
                    kind: if external {
                        LaunchKind::External
                    } else {
                        LaunchKind::Ec2
                    },
                    pool: if external { Pool::External } else { Pool::Ec2 },
                    ranker: &request.ranker,
                    unplaced: Unplaced::Fail,
                    count: *count,
                };
                call.instances(&bucket, scratch);
            }
        },
        Target::CapacityProviders(buckets) => {
            for (at, bucket) in buckets.iter().enumerate() {
                let name = bucket.provider.as_str();
                match bucket.kind {
                    ProviderKind::Fargate | ProviderKind::FargateSpot => {
                        let spot = bucket.kind == ProviderKind::FargateSpot;
                        call.fargate(
                            Some(at),
                            Some(name),
                            spot,
                            bucket.count,
                            &mut scratch.overlay,
                        );
                    }
                    ProviderKind::AutoScalingGroup | ProviderKind::ManagedInstances => {
                        let managed = bucket.kind == ProviderKind::ManagedInstances;
                        let provider = index.providers.binary_search_by(|p| p.as_ref().cmp(name));
                        let spec = InstanceBucket {
                            bucket: Some(at),
                            provider: Some(name),
                            kind: if managed {
                                LaunchKind::ManagedInstances
                            } else {
                                LaunchKind::Ec2
                            },
                            pool: Pool::Provider(provider.ok().map(|p| p as u32)),
                            ranker: if managed {
                                &request.managed_ranker
                            } else {
                                &request.ranker
                            },
                            unplaced: Unplaced::Provision,
                            count: bucket.count,
                        };
                        call.instances(&spec, scratch);
                    }
                }
            }
        }
    }
    let mut outcome = call.outcome;
    outcome.failures = call.failures.into_values().collect();
    if options.explain && outcome.explanation.is_none() {
        outcome.explanation = Some(Explanation::default());
    }
    outcome
}

impl Call<'_> {
    fn in_pool(&self, pool: Pool, instance: usize) -> bool {
        match pool {
            Pool::Ec2 => !self.index.external.contains(instance),
            Pool::External => self.index.external.contains(instance),
            Pool::Provider(p) => p.is_some() && self.index.provider[instance] == p,
        }
    }

    fn state<'s>(&'s self, overlay: &'s Overlay) -> StateView<'s> {
        StateView::new(self.index, overlay, self.request.catalog_group)
    }

    /// Whether a candidate passes every check as of now.
    fn passes(&self, probe: &Probe<'_>) -> bool {
        self.request.static_ok.contains(probe.instance) && probe.passes_dynamic()
    }

    /// The instance-level score and the class key of a passing candidate.
    fn rank_row(&self, ranker: &Ranker, probe: &Probe<'_>) -> (ClassKey, Score) {
        (
            self.class_key(ranker, probe.instance),
            self.instance_score(ranker, probe),
        )
    }

    /// The class key of an instance: per attribute-spread slot, its spread key.
    fn class_key(&self, ranker: &Ranker, instance: usize) -> ClassKey {
        let mut key = [0; MAX_COMPONENTS];
        for (slot, column) in ranker.slots.iter().enumerate() {
            key[slot] = column.map_or(0, |c| self.index.attributes.columns[c].spread_key(instance));
        }
        key
    }

    fn instance_score(&self, ranker: &Ranker, probe: &Probe<'_>) -> Score {
        let mut parts = [0; MAX_COMPONENTS];
        for (at, part) in ranker.instance_parts.iter().enumerate() {
            parts[at] = match part {
                InstancePart::RemainingCpu => probe.cpu_left(),
                InstancePart::RemainingMemory => probe.memory_left(),
                InstancePart::GroupTasksOnInstance => probe.group_tasks(),
            };
        }
        Score::from_slice(&parts[..ranker.instance_parts.len()])
    }

    /// The words of `active ∧ pool ∧ static_ok`: the instances the first pass looks at.
    fn eligible_words(&self, pool: Pool, out: &mut Vec<usize>) {
        let index = self.index;
        let active = index.active.as_slice();
        let ok = self.request.static_ok.as_slice();
        let external = index.external.as_slice();
        out.clear();
        let both = active.iter().zip(ok).map(|(a, o)| a & o);
        match pool {
            Pool::Ec2 => out.extend(both.zip(external).map(|(w, e)| w & !e)),
            Pool::External => out.extend(both.zip(external).map(|(w, e)| w & e)),
            Pool::Provider(None) => out.resize(active.len(), 0),
            Pool::Provider(Some(_)) => {
                out.extend(both);
                for (at, word) in out.iter_mut().enumerate() {
                    let mut bits = *word;
                    while bits != 0 {
                        let bit = bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        if !self.in_pool(pool, at * usize::BITS as usize + bit) {
                            *word &= !(1 << bit);
                        }
                    }
                }
            }
        }
    }

    /// The checks the request needs in the first pass.
    fn needs(&self) -> Needs {
        let request = self.request;
        Needs {
            general: !request.need.tcp.is_empty()
                || !request.need.udp.is_empty()
                || request.need.gpus > 0,
            distinct: request.distinct_instance,
            dynamic: request.member_of.iter().any(|m| m.dynamic),
        }
    }

    /// [`passes`](Self::passes) for an instance known to be in `static_ok`, skipping the
    /// checks the request does not need.
    #[inline]
    fn passes_needed(&self, needs: Needs, probe: &Probe<'_>) -> bool {
        let need = &self.request.need;
        let pass = if needs.general {
            probe.passes_dynamic()
        } else {
            probe.cpu_left() >= u64::from(need.cpu)
                && probe.memory_left() >= u64::from(need.memory)
                && !(needs.distinct && probe.group_tasks() > 0)
                && (!needs.dynamic
                    || self
                        .request
                        .member_of
                        .iter()
                        .filter(|m| m.dynamic)
                        .all(|m| m.holds(probe.state, probe.instance)))
        };
        debug_assert_eq!(pass, self.passes(probe));
        pass
    }

    /// The first-pass row of instance `i` of `eligible`, when it passes.
    #[inline]
    fn first_pass_row(
        &self,
        needs: Needs,
        ranker: &Ranker,
        state: &StateView<'_>,
        i: usize,
    ) -> Option<Row> {
        let probe = Probe::new(self.request, state, i);
        self.passes_needed(needs, &probe).then(|| {
            let (key, score) = self.rank_row(ranker, &probe);
            (i as u32, key, score)
        })
    }

    /// Clears from `eligible` the instances where a dynamic `memberOf` constraint is false,
    /// each constraint evaluated once over all instances (bitsets) in `state`.
    fn restrict_to_member_of(
        &self,
        state: &StateView<'_>,
        eligible: &mut [usize],
        sets: &mut MemberOfSets,
    ) {
        for constraint in self.request.member_of.iter().filter(|m| m.dynamic) {
            constraint
                .predicate
                .eval_all(state, &mut sets.scratch, &mut sets.holds);
            for (word, &holds) in eligible.iter_mut().zip(sets.holds.as_slice()) {
                *word &= holds;
            }
        }
    }

    /// The sequential first pass of a request without ports or GPUs, before any task of the
    /// call is placed: the same rows as [`first_pass_row`](Self::first_pass_row), from the
    /// columns, a check or score component at a time. INVARIANT: `eligible` excludes the
    /// instances where a dynamic `memberOf` constraint is false.
    fn first_pass_columns(
        &self,
        needs: Needs,
        ranker: &Ranker,
        eligible: &mut [usize],
        ranking: &mut Ranking,
    ) {
        let index = self.index;
        self.restrict_to_columns(needs, eligible);
        let passing = &*eligible;
        let key_of = |i: usize| self.class_key(ranker, i);
        // One attribute spread (the usual zone spread): classes straight from the column's
        // per-value instance sets.
        let by_value = match ranker.slots[..] {
            [Some(c)] if !index.attributes.columns[c].valueless => {
                Some(&index.attributes.columns[c])
            }
            _ => None,
        };
        match by_value {
            Some(column) => ranking.fill_by_value(passing, &column.members, &column.present),
            None => ranking.fill(passing, key_of),
        }
        for (at, part) in ranker.instance_parts.iter().enumerate() {
            match part {
                InstancePart::RemainingCpu => {
                    ranking.set_part(at, |i| u64::from(index.cpu[i as usize]));
                }
                InstancePart::RemainingMemory => {
                    ranking.set_part(at, |i| u64::from(index.memory[i as usize]));
                }
                // 0 but on the group's hosts.
                InstancePart::GroupTasksOnInstance => {
                    let hosts = self
                        .request
                        .group
                        .map_or(&[][..], |g| index.groups.hosts(g));
                    for &(i, tasks) in hosts {
                        let key = key_of(i as usize);
                        ranking.set_part_of(i, &key, at, u64::from(tasks));
                    }
                }
            }
        }
        #[cfg(debug_assertions)]
        {
            let mut rows = ranking.candidates();
            rows.sort_unstable_by_key(|row| row.0);
            let empty = Overlay::default();
            let state = StateView::new(index, &empty, self.request.catalog_group);
            let want: Vec<Row> = crate::rank::ones(passing)
                .filter_map(|i| self.first_pass_row(needs, ranker, &state, i))
                .collect();
            debug_assert_eq!(rows, want);
        }
    }

    /// Clears from `eligible` the instances that fail the CPU, memory or `distinctInstance`
    /// check before any task of the call is placed: 64 instances at a time without branches
    /// (which instances fail is unpredictable), then the group's hosts.
    fn restrict_to_columns(&self, needs: Needs, eligible: &mut [usize]) {
        let index = self.index;
        let need = &self.request.need;
        let word_bits = usize::BITS as usize;
        #[cfg(debug_assertions)]
        let before = eligible.to_vec();
        let fits = |cpu: &[u32], memory: &[u32]| {
            let mut fits = 0;
            for (bit, (&cpu, &memory)) in cpu.iter().zip(memory).enumerate() {
                fits |= usize::from((cpu >= need.cpu) & (memory >= need.memory)) << bit;
            }
            fits
        };
        let columns = index
            .cpu
            .chunks(word_bits)
            .zip(index.memory.chunks(word_bits));
        for (word, (cpu, memory)) in eligible.iter_mut().zip(columns) {
            if *word == 0 {
                continue;
            }
            // Whole words as arrays: a constant trip count, which the compiler vectorizes.
            *word &= match (<&[u32; 64]>::try_from(cpu), <&[u32; 64]>::try_from(memory)) {
                (Ok(cpu), Ok(memory)) => fits(cpu, memory),
                _ => fits(cpu, memory),
            };
        }
        if needs.distinct
            && let Some(group) = self.request.group
        {
            for &(i, _) in index.groups.hosts(group) {
                eligible[i as usize / word_bits] &= !(1 << (i as usize % word_bits));
            }
        }
        #[cfg(debug_assertions)]
        {
            let empty = Overlay::default();
            let state = StateView::new(index, &empty, self.request.catalog_group);
            for (at, (&was, &now)) in before.iter().zip(eligible.iter()).enumerate() {
                for bit in (0..word_bits).filter(|b| was >> b & 1 == 1) {
                    let probe = Probe::new(self.request, &state, at * word_bits + bit);
                    debug_assert_eq!(now >> bit & 1 == 1, self.passes_needed(needs, &probe));
                }
            }
        }
    }

    /// Places the tasks of one instance bucket.
    fn instances(&mut self, bucket: &InstanceBucket<'_>, scratch: &mut Scratch) {
        let Scratch {
            candidates,
            eligible,
            rows,
            ranking,
            overlay,
            member_of,
        } = scratch;
        let index = self.index;
        self.eligible_words(bucket.pool, eligible);

        let keys_per_slot: smallvec::SmallVec<[usize; MAX_COMPONENTS]> = bucket
            .ranker
            .slots
            .iter()
            .map(|c| c.map_or(1, |c| index.attributes.columns[c].values.len() + 1))
            .collect();
        ranking.reset(&bucket.ranker.components, &keys_per_slot);
        self.count_group_keys(bucket.ranker, ranking, overlay);

        // First pass: who passes, with what score, straight into the ranking in instance
        // order. Each row depends on its instance only, so the parallel pass (chunks in
        // order) gives the same rows in the same order.
        {
            let state = self.state(overlay);
            let needs = self.needs();
            let count: usize = eligible.iter().map(|w| w.count_ones() as usize).sum();
            let word_bits = usize::BITS as usize;
            let columns_only = !needs.general && overlay.is_empty();
            // The column checks (after the dynamic `memberOf` constraints as bitsets) cost a
            // few nanoseconds per instance, less than handing rows between threads: only the
            // heavier passes (ports, GPUs, a bucket after an earlier one placed tasks) go to
            // the pool.
            if !columns_only && self.options.parallel_for(count) {
                eligible
                    .par_chunks(PASS_CHUNK_WORDS)
                    .enumerate()
                    .map(|(chunk, words)| {
                        let mut out = Vec::new();
                        for (at, &word) in words.iter().enumerate() {
                            let base = (chunk * PASS_CHUNK_WORDS + at) * word_bits;
                            let mut bits = word;
                            while bits != 0 {
                                let i = base + bits.trailing_zeros() as usize;
                                bits &= bits - 1;
                                out.extend(self.first_pass_row(needs, bucket.ranker, &state, i));
                            }
                        }
                        out
                    })
                    .collect_into_vec(rows);
                for &(i, key, score) in rows.iter().flatten() {
                    ranking.push_candidate(i, key, score);
                }
            } else if columns_only {
                if needs.dynamic {
                    self.restrict_to_member_of(&state, eligible, member_of);
                }
                self.first_pass_columns(needs, bucket.ranker, eligible, ranking);
            } else {
                for (at, &word) in eligible.iter().enumerate() {
                    let mut bits = word;
                    while bits != 0 {
                        let i = at * word_bits + bits.trailing_zeros() as usize;
                        bits &= bits - 1;
                        if let Some((i, key, score)) =
                            self.first_pass_row(needs, bucket.ranker, &state, i)
                        {
                            ranking.push_candidate(i, key, score);
                        }
                    }
                }
            }
        }
        ranking.build();

        for placed in 0..bucket.count {
            let Some(pick) = ranking.pick(&mut self.rng) else {
                candidates.clear();
                candidates.extend(
                    index
                        .active
                        .ones()
                        .filter(|&i| self.in_pool(bucket.pool, i))
                        .map(|i| i as u32),
                );
                self.unplaced(bucket, bucket.count - placed, candidates, overlay);
                return;
            };
            let instance = pick.instance as usize;
            let before = overlay.placed(pick.instance);
            overlay.add(pick.instance);
            self.push_task(bucket, instance, before);
            let state = self.state(overlay);
            let probe = Probe::new(self.request, &state, instance);
            let score = if self.passes(&probe) {
                self.instance_score(bucket.ranker, &probe)
            } else {
                Score::INFINITY
            };
            ranking.landed(pick, score);
        }
    }

    /// Spread counts: the group's counted tasks per attribute value over the whole cluster
    /// (spec §4), the call's tasks so far included.
    fn count_group_keys(&self, ranker: &Ranker, ranking: &mut Ranking, overlay: &Overlay) {
        let index = self.index;
        for (slot, column) in ranker.slots.iter().enumerate() {
            let key = |i: usize| column.map_or(0, |c| index.attributes.columns[c].spread_key(i));
            if let Some(group) = self.request.group {
                for &(i, n) in index.groups.hosts(group) {
                    ranking.add_count(slot, key(i as usize), u64::from(n));
                }
            }
            for &(i, n) in overlay.instances() {
                ranking.add_count(slot, key(i as usize), u64::from(n));
            }
        }
    }

    fn push_task(&mut self, bucket: &InstanceBucket<'_>, instance: usize, before: u32) {
        let index = self.index;
        let need = self.request.need.gpus as usize;
        // GPU ids lowest first: the call's earlier tasks on this instance took the first
        // `before * need` of the remaining (sorted) ids.
        let start = before as usize * need;
        let mut ids = index.gpus[instance][start..start + need].iter();
        let gpu_ids = self
            .request
            .gpu_split
            .iter()
            .map(|&n| {
                ids.by_ref()
                    .take(n as usize)
                    .map(|id| id.to_string())
                    .collect()
            })
            .collect();
        self.outcome.tasks.push(TaskDecision {
            position: self.position,
            bucket: bucket.bucket,
            capacity_provider: bucket.provider.map(str::to_owned),
            launch_type: bucket.kind,
            container_instance_arn: Some(index.arns[instance].to_string()),
            availability_zone: index.zone(instance).map(str::to_owned),
            gpu_ids,
            status: TaskStatus::Pending,
        });
        self.position += 1;
    }

    /// The bucket's next task fits nowhere: failures or `PROVISIONING` tasks, and the
    /// explanation.
    fn unplaced(
        &mut self,
        bucket: &InstanceBucket<'_>,
        left: u32,
        candidates: &[u32],
        overlay: &Overlay,
    ) {
        let wants_failures = bucket.unplaced == Unplaced::Fail;
        if wants_failures || self.options.explain {
            let state = self.state(overlay);
            let reject = |&i: &u32| {
                Probe::new(self.request, &state, i as usize)
                    .first_failure()
                    .map(|r| (i, r))
            };
            let rejections: Vec<(u32, Rejection)> = if self.options.parallel_for(candidates.len()) {
                candidates.par_iter().filter_map(reject).collect()
            } else {
                candidates.iter().filter_map(reject).collect()
            };
            if self.options.explain {
                let explanation = self.explain(bucket, candidates.len(), &rejections);
                self.outcome
                    .explanation
                    .get_or_insert_with(Explanation::default)
                    .unplaced
                    .push(explanation);
            }
            if wants_failures {
                for (i, rejection) in rejections {
                    self.failures.entry(i).or_insert_with(|| Failure {
                        arn: self.index.arns[i as usize].to_string(),
                        reason: rejection.reason,
                        detail: rejection.detail,
                    });
                }
            }
        }
        if bucket.unplaced == Unplaced::Provision {
            for _ in 0..left {
                self.outcome.tasks.push(TaskDecision {
                    position: self.position,
                    bucket: bucket.bucket,
                    capacity_provider: bucket.provider.map(str::to_owned),
                    launch_type: bucket.kind,
                    container_instance_arn: None,
                    availability_zone: None,
                    gpu_ids: self.request.gpu_split.iter().map(|_| Vec::new()).collect(),
                    status: TaskStatus::Provisioning,
                });
                self.position += 1;
            }
        }
    }

    fn explain(
        &self,
        bucket: &InstanceBucket<'_>,
        candidates: usize,
        rejections: &[(u32, Rejection)],
    ) -> UnplacedExplanation {
        let mut per_reason: BTreeMap<Reason, u32> = BTreeMap::new();
        let mut deciding: BTreeMap<usize, BTreeMap<&str, u32>> = BTreeMap::new();
        for (_, rejection) in rejections {
            *per_reason.entry(rejection.reason).or_default() += 1;
            if let Some((constraint, part)) = &rejection.member_of {
                *deciding
                    .entry(*constraint)
                    .or_default()
                    .entry(part.as_str())
                    .or_default() += 1;
            }
        }
        let member_of = deciding
            .into_iter()
            .map(|(at, parts)| {
                let constraint = &self.request.member_of[at];
                let mut false_on: Vec<(String, u32)> = parts
                    .into_iter()
                    .map(|(text, n)| (text.to_owned(), n))
                    .collect();
                // Most frequent first; equal counts in text order.
                false_on.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                MemberOfExplanation {
                    constraint: constraint.position,
                    expression: constraint.expression.clone(),
                    false_on,
                }
            })
            .collect();
        UnplacedExplanation {
            position: self.position,
            capacity_provider: bucket.provider.map(str::to_owned),
            candidates: u32::try_from(candidates).unwrap_or(u32::MAX),
            rejected: per_reason.into_iter().collect(),
            member_of,
        }
    }

    /// Fargate tasks: no instance; the zone spreads the group over the request's subnets'
    /// zones (spec §7.4, §11): fewest tasks of the group in that zone (counted separately for
    /// `FARGATE` and `FARGATE_SPOT`), ties by one draw over the tied zones in name order.
    fn fargate(
        &mut self,
        bucket: Option<usize>,
        provider: Option<&str>,
        spot: bool,
        count: u32,
        overlay: &mut Overlay,
    ) {
        let zones = &self.request.zones;
        let group = &self.request.plan.group;
        for _ in 0..count {
            let zone = if zones.is_empty() {
                None
            } else {
                let counts: Vec<u64> = zones
                    .iter()
                    .map(|zone| {
                        let key = FargateKey {
                            group: group.as_str().into(),
                            spot,
                            zone: zone.clone(),
                        };
                        let existing = self.index.fargate.get(&key).copied().unwrap_or(0);
                        u64::from(existing) + u64::from(overlay.fargate_placed(spot, zone))
                    })
                    .collect();
                let least = counts.iter().copied().min().unwrap_or(0);
                let tied: Vec<usize> = (0..zones.len()).filter(|&z| counts[z] == least).collect();
                let zone = &zones[tied[self.rng.choose(tied.len())]];
                overlay.add_fargate(spot, zone);
                Some(zone.to_string())
            };
            self.outcome.tasks.push(TaskDecision {
                position: self.position,
                bucket,
                capacity_provider: provider.map(str::to_owned),
                launch_type: LaunchKind::Fargate,
                container_instance_arn: None,
                availability_zone: zone,
                gpu_ids: self.request.gpu_split.iter().map(|_| Vec::new()).collect(),
                status: TaskStatus::Pending,
            });
            self.position += 1;
        }
    }
}
