//! Incremental ranking of the candidates of one call (spec §4).
//!
//! The strategies are a lexicographic order on score tuples; the pick is the minimum, ties
//! broken by one `rng.choose(n)` over the tied candidates in instance order (docs/DECISIONS.md).
//! A strategy component is either *instance-level* (binpack's remaining amount, spread over
//! `instanceId`: it changes only when a task lands on that instance) or *class-level* (spread
//! over `attribute:NAME`: the group's tasks over the whole cluster on instances with the same
//! value, shared by every instance of that value).
//!
//! Candidates are partitioned into classes by the tuple of their attribute-spread keys, which
//! is fixed for the call. Within a class the class-level components are constant, so the
//! class's best full tuple is its class components interleaved with the minimum of its
//! members' instance-level tuples, which each [`Class`] keeps with its tied members. Per task
//! the engine compares one tuple per class, draws once, and after the task lands updates the
//! landed member and the counters of its class's keys: besides the first pass, the work per
//! task grows with the number of classes, not of instances (a class is rescanned only when
//! its last tied member leaves the tie).

mod class;
mod ids;

use fixedbitset::FixedBitSet;

use crate::index::InstanceSet;
use crate::rng::Rng;
use class::Class;
use ids::ClassIds;

/// The most score components a request can have (spec §9: at most 5 strategies).
pub(crate) const MAX_COMPONENTS: usize = 5;

/// A score tuple, compared lexicographically; unused trailing components are 0, so tuples
/// of one call always have the same length. Lower is better.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Score([u64; MAX_COMPONENTS]);

// Written out: the derived array comparisons call `memcmp`, which dominates the ranking's
// inner loops.
impl PartialEq for Score {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        (a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3]) | (a[4] ^ b[4]) == 0
    }
}

impl Eq for Score {}

impl PartialOrd for Score {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        for at in 0..MAX_COMPONENTS {
            if self.0[at] != other.0[at] {
                return self.0[at].cmp(&other.0[at]);
            }
        }
        std::cmp::Ordering::Equal
    }
}

impl Score {
    /// Above every real score: a member that does not (or no longer) pass its checks.
    pub(crate) const INFINITY: Self = Self([u64::MAX; MAX_COMPONENTS]);

    /// A score from its leading components.
    #[inline]
    pub(crate) fn from_slice(components: &[u64]) -> Self {
        let mut out = [0; MAX_COMPONENTS];
        // A loop: a copy of unknown length would be a `memcpy` call.
        for (out, &part) in out.iter_mut().zip(components) {
            *out = part;
        }
        Self(out)
    }

    /// All components, the unused ones 0.
    #[inline]
    pub(crate) fn parts(&self) -> &[u64; MAX_COMPONENTS] {
        &self.0
    }
}

/// One component of the score, in strategy order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Component {
    /// Read from the member's instance-level score, in order.
    Instance,
    /// The count of the class's key in attribute-spread slot `slot`.
    Class { slot: usize },
}

/// The class key: per attribute-spread slot, the instance's value key (value id, or the
/// attribute's value count for "absent").
pub(crate) type ClassKey = [u32; MAX_COMPONENTS];

/// The chosen candidate: its instance, class and position in the class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pick {
    pub(crate) instance: u32,
    class: u32,
    member: u32,
}

/// The ranking state of one call. Lives in `Scratch`; every buffer is reused across calls.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ranking {
    components: Vec<Component>,
    /// How many components are instance-level.
    width: usize,
    /// Per attribute-spread slot, the group's counted tasks per value key.
    counts: Vec<Vec<u64>>,
    ids: ClassIds,
    /// Per class id (the first `ids.keys().len()` are in use; the others are kept
    /// allocated for later calls).
    classes: Vec<Class>,
    /// [`fill`](Ranking::fill): each candidate's class, the candidates by class, and per
    /// class where its members start in them.
    candidate_classes: Vec<u32>,
    by_class: Vec<u32>,
    class_starts: Vec<usize>,
    /// [`pick`](Ranking::pick): the tied classes, and their tied candidates when few.
    tied: Vec<u32>,
    few: Vec<(u32, u32, usize)>,
}

/// Up to this many candidates tied over several classes, [`Ranking::pick`] lists them.
const FEW_TIES: u64 = 64;

/// The indexes of the set bits of `words`, ascending.
pub(crate) fn ones(words: &[usize]) -> Ones<'_> {
    Ones {
        words: words.iter(),
        base: 0,
        next_base: 0,
        bits: 0,
    }
}

/// The iterator of [`ones`]: a plain struct rather than a `flat_map`, which the first
/// pass's loops compile better.
pub(crate) struct Ones<'a> {
    /// The words after the current one.
    words: std::slice::Iter<'a, usize>,
    /// The index of the current word's bit 0, and of the next word's.
    base: usize,
    next_base: usize,
    /// The current word's bits not yet returned.
    bits: usize,
}

impl Iterator for Ones<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            self.bits = *self.words.next()?;
            self.base = self.next_base;
            self.next_base += usize::BITS as usize;
        }
        let bit = self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(self.base + bit)
    }
}

impl Ranking {
    /// Starts a call: the components in strategy order and, per attribute-spread slot, the
    /// number of value keys (values plus one for "absent").
    pub(crate) fn reset(&mut self, components: &[Component], keys_per_slot: &[usize]) {
        self.components.clear();
        self.components.extend_from_slice(components);
        self.width = components
            .iter()
            .filter(|c| **c == Component::Instance)
            .count();
        self.counts.truncate(keys_per_slot.len());
        self.counts.resize_with(keys_per_slot.len(), Vec::new);
        for (counts, &keys) in self.counts.iter_mut().zip(keys_per_slot) {
            counts.clear();
            counts.resize(keys, 0);
        }
        self.ids.reset(keys_per_slot);
    }

    /// Adds `n` to the count of value key `key` in attribute-spread slot `slot`.
    pub(crate) fn add_count(&mut self, slot: usize, key: u32, n: u64) {
        self.counts[slot][key as usize] += n;
    }

    /// Number of classes so far.
    fn class_count(&self) -> usize {
        self.ids.keys().len()
    }

    /// Starts the classes the ids opened since there were `from`.
    fn start_classes(&mut self, from: usize) {
        let to = self.class_count();
        if self.classes.len() < to {
            self.classes.resize_with(to, Class::default);
        }
        for class in &mut self.classes[from..to] {
            class.start(self.width);
        }
    }

    /// The class of a class key, a new one when first seen.
    #[inline]
    fn class_of(&mut self, key: ClassKey) -> u32 {
        let before = self.class_count();
        let class = self.ids.id(key);
        if class as usize == before {
            self.start_classes(before);
        }
        class
    }

    /// Adds the instances of `passing` as candidates, `key_of` giving each one's class key,
    /// with instance-level scores 0 for [`set_part`](Self::set_part) to fill: the classes and
    /// members [`push_candidate`](Self::push_candidate) per instance would give, with less
    /// work per candidate.
    pub(crate) fn fill(&mut self, passing: &[usize], key_of: impl Fn(usize) -> ClassKey) {
        let count = passing.iter().map(|w| w.count_ones() as usize).sum();
        if self.counts.is_empty() {
            // No attribute spread: one class, its members straight from the bits.
            let class = self.class_of([0; MAX_COMPONENTS]);
            let members = self.classes[class as usize].members_to_write(count);
            for (member, i) in members.iter_mut().zip(ones(passing)) {
                *member = i as u32;
            }
            return;
        }
        // A counting sort: each candidate's class, the class sizes, the candidates by
        // class (still in instance order within each), then each class's members.
        let before = self.class_count();
        let classes = &mut self.candidate_classes;
        classes.clear();
        classes.resize(count, 0);
        for (class, i) in classes.iter_mut().zip(ones(passing)) {
            *class = self.ids.id(key_of(i));
        }
        self.start_classes(before);
        let classes = &self.candidate_classes;
        let starts = &mut self.class_starts;
        starts.clear();
        starts.resize(self.ids.keys().len() + 1, 0);
        for &class in classes.iter() {
            starts[class as usize + 1] += 1;
        }
        for at in 1..starts.len() {
            starts[at] += starts[at - 1];
        }
        let by_class = &mut self.by_class;
        by_class.clear();
        by_class.resize(count, 0);
        // `starts[c]` walks through class `c`'s range, ending at `starts[c + 1]`'s old value.
        for (&class, i) in classes.iter().zip(ones(passing)) {
            let next = &mut starts[class as usize];
            by_class[*next] = i as u32;
            *next += 1;
        }
        let mut start = 0;
        for (class, &end) in self.classes.iter_mut().zip(starts.iter()) {
            let members = &by_class[start..end];
            class
                .members_to_write(members.len())
                .copy_from_slice(members);
            start = end;
        }
    }

    /// [`fill`](Self::fill) for one attribute-spread slot whose instances per value are
    /// known as sets: value `v`'s class gets the passing instances of `sets[v]`, and the
    /// passing instances outside `present` get the "absent" key `sets.len()`. Word-wise
    /// ANDs instead of a class lookup per candidate. INVARIANT: the sets are disjoint and
    /// within `present`, and every instance of `present` is in one of them.
    pub(crate) fn fill_by_value(
        &mut self,
        passing: &[usize],
        sets: &[InstanceSet],
        present: &FixedBitSet,
    ) {
        let absent = sets.len() as u32;
        let mut sizes = std::mem::take(&mut self.class_starts);
        sizes.clear();
        sizes.extend(sets.iter().map(|set| set.count_within(passing)));
        let present_words = present.as_slice();
        let outside =
            |(at, &word): (usize, &usize)| word & !present_words.get(at).copied().unwrap_or(0);
        sizes.push(
            passing
                .iter()
                .enumerate()
                .map(|w| outside(w).count_ones() as usize)
                .sum(),
        );
        // Classes in value order (the order classes are numbered in does not show: picks
        // compare instances, not class ids).
        let mut key = [0; MAX_COMPONENTS];
        for (value, &size) in sizes.iter().enumerate() {
            if size == 0 {
                continue;
            }
            key[0] = value as u32;
            let opened = self.class_count();
            let class = self.ids.id(key);
            self.start_classes(opened);
            let members = self.classes[class as usize].members_to_write(size);
            if value as u32 == absent {
                let outside = ones(passing).filter(|&i| !present.contains(i));
                for (member, i) in members.iter_mut().zip(outside) {
                    *member = i as u32;
                }
            } else {
                sets[value].write_within(passing, members);
            }
        }
        self.class_starts = sizes;
    }

    /// Sets component `part` of every candidate's instance-level score to `value(instance)`.
    pub(crate) fn set_part(&mut self, part: usize, value: impl Fn(u32) -> u64) {
        for class in self.live_classes_mut() {
            class.set_part(part, &value);
        }
    }

    /// Sets component `part` of the instance-level score of `instance`, whose class key is
    /// `key`, if it is a candidate.
    pub(crate) fn set_part_of(&mut self, instance: u32, key: &ClassKey, part: usize, value: u64) {
        if let Some(class) = self.ids.find(key) {
            self.classes[class as usize].set_part_of(instance, part, value);
        }
    }

    /// Every candidate with its class key and instance-level score, by class.
    #[cfg(debug_assertions)]
    pub(crate) fn candidates(&self) -> Vec<(u32, ClassKey, Score)> {
        let classes = self.classes.iter().zip(self.ids.keys());
        classes
            .flat_map(|(class, key)| {
                let members = class.members().iter().enumerate();
                members.map(move |(member, &i)| (i, *key, class.score(member)))
            })
            .collect()
    }

    /// Adds a passing candidate. INVARIANT: called in ascending instance order.
    #[inline]
    pub(crate) fn push_candidate(&mut self, instance: u32, key: ClassKey, score: Score) {
        let class = self.class_of(key);
        self.classes[class as usize].push(instance, &score);
    }

    /// Computes each class's minimum once every candidate is pushed.
    pub(crate) fn build(&mut self) {
        for class in self.live_classes_mut() {
            class.seal();
        }
    }

    fn live_classes_mut(&mut self) -> &mut [Class] {
        let live = self.class_count();
        &mut self.classes[..live]
    }

    /// The full score of class `class` given its best instance-level score.
    fn full_score(&self, class: usize, instance_level: Score) -> Score {
        let mut out = [0; MAX_COMPONENTS];
        let mut next_instance = 0;
        for (at, component) in self.components.iter().enumerate() {
            out[at] = match *component {
                Component::Instance => {
                    next_instance += 1;
                    instance_level.0[next_instance - 1]
                }
                Component::Class { slot } => {
                    self.counts[slot][self.ids.keys()[class][slot] as usize]
                }
            };
        }
        Score(out)
    }

    /// The best candidate: the minimum full score, ties broken by one draw from `rng` over
    /// the tied candidates in instance order. `None` (and no draw) when no candidate is left.
    pub(crate) fn pick(&mut self, rng: &mut Rng) -> Option<Pick> {
        let mut best = Score::INFINITY;
        let mut total: u64 = 0;
        self.tied.clear();
        for at in 0..self.class_count() {
            let class = &self.classes[at];
            if class.ties() == 0 {
                continue;
            }
            let (min, ties) = (class.min(), class.ties());
            let full = self.full_score(at, min);
            match full.cmp(&best) {
                std::cmp::Ordering::Less => {
                    best = full;
                    total = 0;
                    self.tied.clear();
                }
                std::cmp::Ordering::Greater => continue,
                std::cmp::Ordering::Equal => {}
            }
            total += u64::from(ties);
            self.tied.push(at as u32);
        }
        if self.tied.is_empty() {
            return None;
        }
        // INVARIANT: total counts candidates, so it fits in usize.
        let k = rng.choose(total as usize) as u32;
        if let [class] = self.tied[..] {
            let member = self.classes[class as usize].kth_tied(k);
            return Some(self.pick_at(class, member));
        }
        // Several classes tie: the k-th tied candidate in global instance order. Few tied
        // candidates (binpack's usual case) are listed and the k-th selected; else it is
        // the smallest instance `g` with more than `k` tied candidates at or below it.
        if total <= FEW_TIES {
            self.few.clear();
            for &class in &self.tied {
                let members = self.classes[class as usize].members();
                let tied = self.classes[class as usize].tied();
                self.few
                    .extend(tied.map(|member| (members[member], class, member)));
            }
            let (_, &mut (_, class, member), _) = self.few.select_nth_unstable(k as usize);
            return Some(self.pick_at(class, member));
        }
        let (mut lo, mut hi) = (u32::MAX, 0);
        for &class in &self.tied {
            let members = self.classes[class as usize].members();
            lo = lo.min(members[0]);
            hi = hi.max(members[members.len() - 1]);
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.tied_at_or_below(mid) > k {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        // INVARIANT: classes are disjoint, so exactly one tied class holds instance `lo`.
        for &class in &self.tied {
            let members = self.classes[class as usize].members();
            if let Ok(member) = members.binary_search(&lo) {
                return Some(self.pick_at(class, member));
            }
        }
        unreachable!("the binary search ends on a tied candidate")
    }

    fn pick_at(&self, class: u32, member: usize) -> Pick {
        Pick {
            instance: self.classes[class as usize].members()[member],
            class,
            member: member as u32,
        }
    }

    /// Tied candidates (of the tied classes) whose instance index is at most `instance`.
    fn tied_at_or_below(&self, instance: u32) -> u32 {
        self.tied
            .iter()
            .map(|&class| {
                let class = &self.classes[class as usize];
                let end = class.members().partition_point(|&m| m <= instance);
                class.tied_before(end)
            })
            .sum()
    }

    /// After a task landed on `pick`: its new instance-level score (`Score::INFINITY` when it
    /// no longer passes its checks), and one more task for each of its class keys.
    pub(crate) fn landed(&mut self, pick: Pick, score: Score) {
        self.classes[pick.class as usize].update(pick.member as usize, score);
        let key = self.ids.keys()[pick.class as usize];
        for (slot, counts) in self.counts.iter_mut().enumerate() {
            counts[key[slot] as usize] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;
    use proptest::prelude::{Strategy, any, prop_assert_eq, proptest};

    /// Brute force: full scores per candidate, min, ties in instance order, one draw.
    fn brute_pick(
        components: &[Component],
        counts: &[Vec<u64>],
        candidates: &[(u32, ClassKey, Score)],
        rng: &mut Rng,
    ) -> Option<u32> {
        let full = |key: &ClassKey, score: &Score| {
            let mut out = Vec::new();
            let mut next = 0;
            for c in components {
                out.push(match *c {
                    Component::Instance => {
                        next += 1;
                        score.0[next - 1]
                    }
                    Component::Class { slot } => counts[slot][key[slot] as usize],
                });
            }
            out
        };
        let live: Vec<_> = candidates
            .iter()
            .filter(|c| c.2 != Score::INFINITY)
            .collect();
        let best = live.iter().map(|c| full(&c.1, &c.2)).min()?;
        let tied: Vec<u32> = live
            .iter()
            .filter(|c| full(&c.1, &c.2) == best)
            .map(|c| c.0)
            .collect();
        Some(tied[rng.choose(tied.len())])
    }

    #[test]
    fn ones_lists_the_set_bits() {
        let bits = usize::BITS as usize;
        let words = [0b1001, 0, usize::MAX << (bits - 2)];
        assert_eq!(
            ones(&words).collect::<Vec<_>>(),
            [0, 3, 3 * bits - 2, 3 * bits - 1]
        );
        assert_eq!(ones(&[]).count(), 0);
    }

    proptest! {
        /// One attribute spread filled from the column's value sets gives every candidate
        /// the class key the per-candidate fill gives it (bitset and list sets, "absent").
        #[test]
        fn filling_by_value_sets_matches_filling_by_key(
            // Values 0-2 are rare (each held by about 1 instance in 64: stored as lists),
            // 3 and 4 common (bitsets); about 1 instance in 6 lacks the attribute.
            values in proptest::collection::vec(
                (0u32..64).prop_map(|v| match v {
                    0..=2 => Some(v),
                    3..=35 => Some(3),
                    36..=53 => Some(4),
                    _ => None,
                }),
                0..400,
            ),
            passing_bits in proptest::collection::vec(any::<bool>(), 400),
        ) {
            let n = values.len();
            let value_of: Vec<u32> = values.iter().map(|v| v.unwrap_or(crate::index::ABSENT)).collect();
            let names: Vec<Box<str>> = (0..5).map(|v| format!("v{v}").into()).collect();
            let column = crate::index::AttributeColumn::from_ids("a", names, value_of);
            let mut passing = vec![0usize; n.div_ceil(usize::BITS as usize)];
            for i in (0..n).filter(|&i| passing_bits[i]) {
                passing[i / usize::BITS as usize] |= 1 << (i % usize::BITS as usize);
            }
            let components = [Component::Class { slot: 0 }];
            let mut by_key = Ranking::default();
            by_key.reset(&components, &[6]);
            by_key.fill(&passing, |i| {
                let mut key = [0; MAX_COMPONENTS];
                key[0] = column.spread_key(i);
                key
            });
            let mut by_value = Ranking::default();
            by_value.reset(&components, &[6]);
            by_value.fill_by_value(&passing, &column.members, &column.present);
            let sorted = |ranking: &Ranking| {
                let mut rows = ranking.candidates();
                rows.sort_unstable_by_key(|row| row.0);
                rows.into_iter().map(|(i, key, _)| (i, key)).collect::<Vec<_>>()
            };
            prop_assert_eq!(sorted(&by_value), sorted(&by_key));
        }
    }

    proptest! {
        #[test]
        // Up to 200 candidates: ties over several classes both below and above `FEW_TIES`.
        fn pick_matches_a_full_scan(
            layout in proptest::collection::vec(any::<bool>(), 0..4),
            raw in proptest::collection::vec((0u32..3, 0u32..3, 0u64..3, 0u64..3), 1..200),
            seed in any::<u64>(),
        ) {
            let components: Vec<Component> = {
                let mut slot = 0;
                layout.iter().map(|&class| if class { slot += 1; Component::Class { slot: slot - 1 } } else { Component::Instance }).collect()
            };
            let slots = layout.iter().filter(|&&c| c).count();
            // Instance scores fill exactly the instance-level components (as the engine's do).
            let instance_parts = (layout.len() - slots).min(2);
            let score_of = |x: u64, y: u64| Score::from_slice(&[x, y][..instance_parts]);
            let mut candidates: Vec<(u32, ClassKey, Score)> = raw.iter().enumerate().map(|(i, &(a, b, x, y))| {
                let mut key = [0; MAX_COMPONENTS];
                key[0] = a;
                key[1] = b;
                (i as u32 * 2, key, score_of(x, y))
            }).collect();
            let mut counts: Vec<Vec<u64>> = vec![vec![0; 4]; slots];
            let mut ranking = Ranking::default();
            ranking.reset(&components, &vec![4; slots]);
            for (slot, c) in counts.iter_mut().enumerate() {
                c[1] = slot as u64 + 1;
                ranking.add_count(slot, 1, slot as u64 + 1);
            }
            for &(i, key, score) in &candidates {
                ranking.push_candidate(i, key, score);
            }
            ranking.build();
            let mut rng_fast = Rng::new(seed);
            let mut rng_slow = Rng::new(seed);
            for step in 0..8 {
                let want = brute_pick(&components, &counts, &candidates, &mut rng_slow);
                let got = ranking.pick(&mut rng_fast);
                prop_assert_eq!(got.map(|p| p.instance), want);
                let Some(pick) = got else { break };
                let at = candidates.iter().position(|c| c.0 == pick.instance).unwrap();
                let bumped = if step % 3 == 2 { Score::INFINITY } else {
                    let s = candidates[at].2;
                    score_of(s.0[0] + 1, s.0[1])
                };
                candidates[at].2 = bumped;
                for (slot, c) in counts.iter_mut().enumerate() {
                    c[candidates[at].1[slot] as usize] += 1;
                }
                ranking.landed(pick, bumped);
            }
        }
    }
}
