//! Min-and-tie-count segment trees, one per candidate class, in one shared arena.
//!
//! Each tree covers the members of one class in instance order. A node holds the minimum
//! [`Score`] below it and how many leaves reach that minimum, which answers the three
//! questions the ranking asks per task in `O(log m)`: the class minimum and its tie count
//! (the root), the k-th tied member in instance order (a descent), and how many tied members
//! precede a position (a prefix query). Updating one leaf costs one path to the root.

use super::Score;

/// A tree node: the minimum score below it and how many leaves reach it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) min: Score,
    pub(crate) ties: u32,
}

impl Node {
    /// An empty leaf (padding, or a member that no longer passes its checks).
    const EMPTY: Self = Self {
        min: Score::INFINITY,
        ties: 0,
    };

    fn leaf(score: Score) -> Self {
        if score == Score::INFINITY {
            Self::EMPTY
        } else {
            Self {
                min: score,
                ties: 1,
            }
        }
    }

    fn merge(left: Self, right: Self) -> Self {
        match left.min.cmp(&right.min) {
            std::cmp::Ordering::Less => left,
            std::cmp::Ordering::Greater => right,
            // Both at INFINITY means both empty: ties stay 0.
            std::cmp::Ordering::Equal => Self {
                min: left.min,
                ties: left.ties + right.ties,
            },
        }
    }
}

/// Where one class's tree lives in the arena.
#[derive(Clone, Copy, Debug)]
struct Tree {
    /// Offset of node 0 (unused; the root is node 1) in the node arena.
    nodes: usize,
    /// Number of leaves, a power of two at least `len`.
    width: usize,
    /// Number of members.
    len: usize,
}

/// All class trees of one call. Buffers are kept between calls (they live in `Scratch`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Forest {
    nodes: Vec<Node>,
    trees: Vec<Tree>,
}

impl Forest {
    /// Forget every tree, keeping the buffers.
    pub(crate) fn clear(&mut self) {
        self.nodes.clear();
        self.trees.clear();
    }

    /// Number of trees.
    pub(crate) fn len(&self) -> usize {
        self.trees.len()
    }

    /// Adds a tree whose leaves, in member order, have the given scores; returns its id.
    pub(crate) fn push(&mut self, scores: impl ExactSizeIterator<Item = Score>) -> usize {
        let len = scores.len();
        let width = len.max(1).next_power_of_two();
        let base = self.nodes.len();
        self.nodes.resize(base + 2 * width, Node::EMPTY);
        for (at, score) in scores.enumerate() {
            self.nodes[base + width + at] = Node::leaf(score);
        }
        for node in (1..width).rev() {
            self.nodes[base + node] =
                Node::merge(self.nodes[base + 2 * node], self.nodes[base + 2 * node + 1]);
        }
        self.trees.push(Tree {
            nodes: base,
            width,
            len,
        });
        self.trees.len() - 1
    }

    /// The minimum score of tree `tree` and how many members reach it.
    pub(crate) fn root(&self, tree: usize) -> Node {
        let t = self.trees[tree];
        self.nodes[t.nodes + 1]
    }

    /// Sets the score of member `at` of tree `tree` (`Score::INFINITY` removes it).
    pub(crate) fn update(&mut self, tree: usize, at: usize, score: Score) {
        let t = self.trees[tree];
        debug_assert!(at < t.len);
        let mut node = t.width + at;
        self.nodes[t.nodes + node] = Node::leaf(score);
        while node > 1 {
            node /= 2;
            self.nodes[t.nodes + node] = Node::merge(
                self.nodes[t.nodes + 2 * node],
                self.nodes[t.nodes + 2 * node + 1],
            );
        }
    }

    /// The member position of the `k`-th (0-based) member reaching the tree's minimum.
    ///
    /// INVARIANT: `k < root(tree).ties`.
    pub(crate) fn kth_tied(&self, tree: usize, mut k: u32) -> usize {
        let t = self.trees[tree];
        let target = self.nodes[t.nodes + 1].min;
        debug_assert!(k < self.nodes[t.nodes + 1].ties);
        let mut node = 1;
        while node < t.width {
            let left = self.nodes[t.nodes + 2 * node];
            if left.min == target {
                if k < left.ties {
                    node *= 2;
                    continue;
                }
                k -= left.ties;
            }
            node = 2 * node + 1;
        }
        node - t.width
    }

    /// How many of the members before position `end` reach the tree's minimum.
    pub(crate) fn tied_before(&self, tree: usize, end: usize) -> u32 {
        let t = self.trees[tree];
        let target = self.nodes[t.nodes + 1].min;
        if end >= t.width {
            let root = self.nodes[t.nodes + 1];
            return if root.min == target { root.ties } else { 0 };
        }
        // Walk from the root towards leaf `end`; every left sibling passed lies wholly
        // before `end`.
        let mut count = 0;
        let mut node = 1;
        let mut lo = 0;
        let mut span = t.width;
        while span > 1 {
            span /= 2;
            if end >= lo + span {
                let left = self.nodes[t.nodes + 2 * node];
                if left.min == target {
                    count += left.ties;
                }
                lo += span;
                node = 2 * node + 1;
            } else {
                node *= 2;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn score(v: u64) -> Score {
        if v == u64::MAX {
            Score::INFINITY
        } else {
            Score::from_slice(&[v])
        }
    }

    fn brute_tied(scores: &[u64]) -> Vec<usize> {
        let min = scores.iter().copied().filter(|&v| v != u64::MAX).min();
        scores
            .iter()
            .enumerate()
            .filter(|&(_, &v)| Some(v) == min)
            .map(|(at, _)| at)
            .collect()
    }

    fn check(forest: &Forest, tree: usize, scores: &[u64]) {
        let tied = brute_tied(scores);
        let root = forest.root(tree);
        assert_eq!(root.ties as usize, tied.len());
        for (k, &at) in tied.iter().enumerate() {
            assert_eq!(forest.kth_tied(tree, k as u32), at);
        }
        for end in 0..=scores.len() + 1 {
            let want = tied.iter().filter(|&&at| at < end).count();
            assert_eq!(forest.tied_before(tree, end) as usize, want, "end {end}");
        }
    }

    proptest! {
        #[test]
        fn tree_queries_match_a_scan(
            scores in proptest::collection::vec(prop_oneof![0u64..4, Just(u64::MAX)], 1..40),
            updates in proptest::collection::vec((0usize..40, prop_oneof![0u64..4, Just(u64::MAX)]), 0..10),
        ) {
            let mut forest = Forest::default();
            forest.push([score(9)].into_iter());
            let tree = forest.push(scores.iter().map(|&v| score(v)));
            let mut scores = scores;
            check(&forest, tree, &scores);
            for (at, v) in updates {
                let at = at % scores.len();
                scores[at] = v;
                forest.update(tree, at, score(v));
                check(&forest, tree, &scores);
            }
            // The first tree is untouched by the second's updates.
            prop_assert_eq!(forest.root(0), Node { min: score(9), ties: 1 });
        }
    }
}
