//! One class of a call's candidates: its members in instance order, their instance-level
//! scores, and which members reach the class minimum.
//!
//! After a task lands only the landed member's score changes, so the minimum and its tied
//! members are kept up to date per task at the cost of one comparison (and clearing the tied
//! bitset when the member becomes the sole new minimum); the class is rescanned only when
//! its last tied member leaves the tie. The tied members are a bitset over member positions:
//! the k-th of them in instance order, and how many precede a position, are popcounts.

use super::Score;

/// Bits per word of the tied bitset.
const WORD: usize = usize::BITS as usize;

/// The members of one class and their minimum. Buffers are kept between calls.
#[derive(Clone, Debug, Default)]
pub(crate) struct Class {
    /// Members (instance indexes), ascending.
    members: Vec<u32>,
    /// Instance-level scores, `width` components per member, in member order. Compact
    /// rather than one [`Score`] each: the first pass writes and the rescans read fewer
    /// bytes.
    scores: Vec<u64>,
    /// Instance-level components per score. At 0 nothing is stored: every live member
    /// scores the empty tuple, so the live members are exactly the tied ones.
    width: usize,
    /// The least score of the live members (`Score::INFINITY` when none is left).
    min: Score,
    /// Over member positions: the live members scoring `min`.
    tied: Vec<usize>,
    ties: u32,
}

impl Class {
    /// Empties the class for a call whose scores have `width` instance-level components.
    pub(crate) fn start(&mut self, width: usize) {
        self.members.clear();
        self.scores.clear();
        self.tied.clear();
        self.width = width;
        self.min = Score::INFINITY;
        self.ties = 0;
    }

    /// Adds a passing member. INVARIANT: in ascending instance order, before [`seal`](Self::seal).
    #[inline]
    pub(crate) fn push(&mut self, instance: u32, score: &Score) {
        self.members.push(instance);
        // One or two components are the common cases; a slice copy of unknown length would
        // be a `memcpy` call per member.
        match self.width {
            0 => {}
            1 => self.scores.push(score.parts()[0]),
            width => self.scores.extend_from_slice(&score.parts()[..width]),
        }
    }

    /// Makes the class `len` members long, every score 0, and returns the members for the
    /// caller to write in ascending instance order. INVARIANT: right after `start`.
    pub(crate) fn members_to_write(&mut self, len: usize) -> &mut [u32] {
        self.members.clear();
        self.members.resize(len, 0);
        self.scores.clear();
        self.scores.resize(len * self.width, 0);
        &mut self.members
    }

    /// Sets component `part` of every member's instance-level score to `value(instance)`.
    pub(crate) fn set_part(&mut self, part: usize, value: impl Fn(u32) -> u64) {
        let scores = self.scores.chunks_exact_mut(self.width);
        for (score, &instance) in scores.zip(&self.members) {
            score[part] = value(instance);
        }
    }

    /// Sets component `part` of the score of `instance`, if it is a member.
    pub(crate) fn set_part_of(&mut self, instance: u32, part: usize, value: u64) {
        if let Ok(member) = self.members.binary_search(&instance) {
            self.scores[member * self.width + part] = value;
        }
    }

    /// The instance-level score of member `member`.
    #[cfg(debug_assertions)]
    pub(crate) fn score(&self, member: usize) -> Score {
        Score::from_slice(&self.scores[member * self.width..(member + 1) * self.width])
    }

    /// Computes the minimum and its tied members once every member is pushed.
    pub(crate) fn seal(&mut self) {
        if self.width == 0 {
            let len = self.members.len();
            self.tied.clear();
            self.tied.resize(len.div_ceil(WORD), usize::MAX);
            if !len.is_multiple_of(WORD)
                && let Some(last) = self.tied.last_mut()
            {
                *last = (1 << (len % WORD)) - 1;
            }
            self.min = Score::default();
            self.ties = len as u32;
        } else {
            self.rescan();
        }
        self.debug_check();
    }

    /// Minimum and tied members from the stored scores. INVARIANT: `width > 0`.
    fn rescan(&mut self) {
        // The width as a constant: the scans below then compile to straight-line compares.
        match self.width {
            1 => self.rescan_with::<1>(),
            2 => self.rescan_with::<2>(),
            3 => self.rescan_with::<3>(),
            4 => self.rescan_with::<4>(),
            5 => self.rescan_with::<5>(),
            width => unreachable!("{width} instance-level components"),
        }
    }

    fn rescan_with<const W: usize>(&mut self) {
        let (scores, rest) = self.scores.as_chunks::<W>();
        debug_assert!(rest.is_empty());
        // Members that no longer pass store `Score::INFINITY`'s leading parts.
        // One component: a plain minimum, which the compiler vectorizes.
        let min = if W == 1 {
            self.scores.iter().copied().min().map(|m| [m; W])
        } else {
            scores.iter().min().copied()
        };
        let min = min.filter(|m| *m != [u64::MAX; W]);
        self.min = min.map_or(Score::INFINITY, |m| Score::from_slice(&m));
        self.tied.clear();
        self.tied.resize(self.members.len().div_ceil(WORD), 0);
        self.ties = 0;
        if self.min == Score::INFINITY {
            return;
        }
        let target: [u64; W] = std::array::from_fn(|at| self.min.parts()[at]);
        for (word, chunk) in self.tied.iter_mut().zip(scores.chunks(WORD)) {
            for (bit, score) in chunk.iter().enumerate() {
                *word |= usize::from(*score == target) << bit;
            }
            self.ties += word.count_ones();
        }
    }

    /// Members in ascending instance order.
    pub(crate) fn members(&self) -> &[u32] {
        &self.members
    }

    /// The least instance-level score of the live members.
    pub(crate) fn min(&self) -> Score {
        self.min
    }

    /// How many live members score [`min`](Self::min); 0 when none is live.
    pub(crate) fn ties(&self) -> u32 {
        self.ties
    }

    fn is_tied(&self, member: usize) -> bool {
        self.tied[member / WORD] >> (member % WORD) & 1 == 1
    }

    fn set_tied(&mut self, member: usize, tied: bool) {
        let bit = 1 << (member % WORD);
        if tied {
            self.tied[member / WORD] |= bit;
        } else {
            self.tied[member / WORD] &= !bit;
        }
    }

    /// Sets the score of member `member` (`Score::INFINITY`: it no longer passes).
    pub(crate) fn update(&mut self, member: usize, score: Score) {
        let width = self.width;
        self.scores[member * width..(member + 1) * width].copy_from_slice(&score.parts()[..width]);
        let was_tied = self.is_tied(member);
        // Without instance-level components every live score is the empty tuple: the
        // member either stays tied or leaves.
        let order = if score == Score::INFINITY {
            std::cmp::Ordering::Greater
        } else if width == 0 {
            std::cmp::Ordering::Equal
        } else {
            score.cmp(&self.min)
        };
        match order {
            std::cmp::Ordering::Less => {
                self.tied.fill(0);
                self.set_tied(member, true);
                self.min = score;
                self.ties = 1;
            }
            std::cmp::Ordering::Equal if !was_tied => {
                self.set_tied(member, true);
                self.ties += 1;
            }
            std::cmp::Ordering::Greater if was_tied => {
                self.set_tied(member, false);
                self.ties -= 1;
                // The last tied member left: the next minimum is among the others. (At
                // width 0 nobody else is live.)
                if self.ties == 0 && width > 0 {
                    self.rescan();
                }
            }
            _ => {}
        }
        self.debug_check();
    }

    /// The member positions of the tied members, ascending.
    pub(crate) fn tied(&self) -> super::Ones<'_> {
        super::ones(&self.tied)
    }

    /// The member position of the `k`-th (0-based) tied member. INVARIANT: `k < ties()`.
    pub(crate) fn kth_tied(&self, mut k: u32) -> usize {
        debug_assert!(k < self.ties);
        for (at, &word) in self.tied.iter().enumerate() {
            let here = word.count_ones();
            if k < here {
                let mut bits = word;
                for _ in 0..k {
                    bits &= bits - 1;
                }
                return at * WORD + bits.trailing_zeros() as usize;
            }
            k -= here;
        }
        unreachable!("fewer than k tied members")
    }

    /// How many tied members are before member position `end`.
    pub(crate) fn tied_before(&self, end: usize) -> u32 {
        let end = end.min(self.members.len());
        let whole: u32 = self.tied[..end / WORD].iter().map(|w| w.count_ones()).sum();
        let part = match end % WORD {
            0 => 0,
            bits => (self.tied[end / WORD] & ((1 << bits) - 1)).count_ones(),
        };
        whole + part
    }

    /// Debug builds: the kept minimum and tied set equal a fresh scan's.
    fn debug_check(&self) {
        if !cfg!(debug_assertions) || self.width == 0 {
            return;
        }
        let mut fresh = self.clone();
        fresh.rescan();
        debug_assert_eq!((fresh.min, fresh.ties), (self.min, self.ties));
        debug_assert_eq!(fresh.tied, self.tied);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DEAD: u64 = u64::MAX;

    fn score(width: usize, v: u64) -> Score {
        if v == DEAD {
            Score::INFINITY
        } else {
            Score::from_slice(&[v, 1][..width])
        }
    }

    fn check(class: &Class, width: usize, scores: &[u64]) {
        let min = scores.iter().copied().filter(|&v| v != DEAD).min();
        let tied: Vec<usize> = (0..scores.len())
            .filter(|&at| scores[at] != DEAD && (width == 0 || Some(scores[at]) == min))
            .collect();
        assert_eq!(class.ties() as usize, tied.len());
        if let Some(min) = min.filter(|_| width > 0) {
            assert_eq!(class.min(), score(width, min));
        }
        for (k, &at) in tied.iter().enumerate() {
            assert_eq!(class.kth_tied(k as u32), at);
        }
        for end in 0..=scores.len() + 1 {
            let want = tied.iter().filter(|&&at| at < end).count();
            assert_eq!(class.tied_before(end) as usize, want, "end {end}");
        }
    }

    proptest! {
        #[test]
        fn class_queries_match_a_scan(
            width in 0usize..3,
            scores in proptest::collection::vec(0u64..4, 1..200),
            updates in proptest::collection::vec((0usize..200, prop_oneof![0u64..4, Just(DEAD)]), 0..12),
        ) {
            let mut class = Class::default();
            // A used class first: `start` must forget it.
            class.start(2);
            class.push(3, &score(2, 9));
            class.seal();
            class.start(width);
            // Without instance-level components every live member scores the same.
            let mut scores: Vec<u64> = scores.iter().map(|&v| if width == 0 { 0 } else { v }).collect();
            for (at, &v) in scores.iter().enumerate() {
                class.push(at as u32 * 3, &score(width, v));
            }
            class.seal();
            check(&class, width, &scores);
            for (at, v) in updates {
                let at = at % scores.len();
                let v = if width == 0 && v != DEAD { 0 } else { v };
                scores[at] = v;
                class.update(at, score(width, v));
                check(&class, width, &scores);
            }
        }
    }
}
