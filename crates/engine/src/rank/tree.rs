//! Min-and-tie-count segment trees, one per candidate class, in one shared arena.
//!
//! Each tree covers the members of one class in instance order. Members are grouped in
//! blocks of [`BLOCK`] consecutive members; a tree's leaves are the blocks and a node holds
//! the minimum [`Score`] below it and how many members reach it. That answers the three
//! questions the ranking asks per task in `O(log m + BLOCK)`: the class minimum and its tie
//! count (the root), the k-th tied member in instance order (a descent, then a scan of one
//! block), and how many tied members precede a position (a prefix walk plus part of one
//! block). Updating one member rescans its block and walks one path to the root. Building
//! is one linear pass over the scores plus `O(m / BLOCK)` merges, bottom-up.

use super::Score;

/// Members per leaf block.
const BLOCK: usize = 32;

/// A tree node: the minimum score below it and how many members reach it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) min: Score,
    pub(crate) ties: u32,
}

impl Node {
    /// An empty node (padding, or members that no longer pass their checks).
    const EMPTY: Self = Self {
        min: Score::INFINITY,
        ties: 0,
    };

    /// The summary of one block of member scores.
    fn block(scores: &[Score]) -> Self {
        let mut node = Self::EMPTY;
        for score in scores {
            match score.cmp(&node.min) {
                std::cmp::Ordering::Less => {
                    node = Self {
                        min: *score,
                        ties: 1,
                    };
                }
                // A member at INFINITY is not a candidate: it never counts as a tie.
                std::cmp::Ordering::Equal if node.ties > 0 => node.ties += 1,
                _ => {}
            }
        }
        node
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

/// Where one class's tree lives in the node arena (its member scores are `scores[tree]`).
#[derive(Clone, Copy, Debug)]
struct Tree {
    /// Offset of node 0 (unused; the root is node 1) in the node arena.
    nodes: usize,
    /// Number of leaves (blocks), a power of two at least the block count.
    width: usize,
    /// Number of members.
    len: usize,
}

/// All class trees of one call. Buffers are kept between calls (they live in `Scratch`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Forest {
    nodes: Vec<Node>,
    /// Per tree, its members' scores in member order (kept allocated between calls).
    scores: Vec<Vec<Score>>,
    /// Trees whose score lists are in use since the last `clear`.
    used: usize,
    trees: Vec<Tree>,
}

impl Forest {
    /// Forget every tree, keeping the buffers.
    pub(crate) fn clear(&mut self) {
        self.nodes.clear();
        for scores in &mut self.scores[..self.used] {
            scores.clear();
        }
        self.used = 0;
        self.trees.clear();
    }

    /// Number of trees.
    pub(crate) fn len(&self) -> usize {
        self.trees.len()
    }

    /// The member scores of tree `tree` (the next tree to [`add`](Self::add) or a later
    /// one), to be filled in member order.
    #[inline]
    pub(crate) fn scores_mut(&mut self, tree: usize) -> &mut Vec<Score> {
        if tree >= self.used {
            if self.scores.len() <= tree {
                self.scores.resize_with(tree + 1, Vec::new);
            }
            self.used = tree + 1;
        }
        &mut self.scores[tree]
    }

    /// Adds a tree whose leaves, in member order, have the given scores; returns its id.
    #[cfg(test)]
    pub(crate) fn push(&mut self, scores: impl ExactSizeIterator<Item = Score>) -> usize {
        let tree = self.trees.len();
        self.scores_mut(tree).extend(scores);
        self.add()
    }

    /// Adds the next tree (id = number of trees so far) over its filled member scores;
    /// returns its id.
    pub(crate) fn add(&mut self) -> usize {
        let tree = self.trees.len();
        let len = self.scores_mut(tree).len();
        let blocks = len.div_ceil(BLOCK).max(1);
        let width = blocks.next_power_of_two();
        let base = self.nodes.len();
        self.nodes.resize(base + 2 * width, Node::EMPTY);
        for (b, chunk) in self.scores[tree].chunks(BLOCK).enumerate() {
            self.nodes[base + width + b] = Node::block(chunk);
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
        tree
    }

    /// The minimum score of tree `tree` and how many members reach it.
    pub(crate) fn root(&self, tree: usize) -> Node {
        let t = self.trees[tree];
        self.nodes[t.nodes + 1]
    }

    /// The scores of block `b` of tree `tree`.
    fn block_scores(&self, tree: usize, b: usize) -> &[Score] {
        let scores = &self.scores[tree];
        &scores[b * BLOCK..((b + 1) * BLOCK).min(scores.len())]
    }

    /// Sets the score of member `at` of tree `tree` (`Score::INFINITY` removes it).
    pub(crate) fn update(&mut self, tree: usize, at: usize, score: Score) {
        let t = self.trees[tree];
        debug_assert!(at < t.len);
        self.scores[tree][at] = score;
        let b = at / BLOCK;
        let mut node = t.width + b;
        self.nodes[t.nodes + node] = Node::block(self.block_scores(tree, b));
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
        let b = node - t.width;
        for (at, score) in self.block_scores(tree, b).iter().enumerate() {
            if *score == target {
                if k == 0 {
                    return b * BLOCK + at;
                }
                k -= 1;
            }
        }
        unreachable!("the block holds the k-th tied member")
    }

    /// How many of the members before position `end` reach the tree's minimum.
    pub(crate) fn tied_before(&self, tree: usize, end: usize) -> u32 {
        let t = self.trees[tree];
        let root = self.nodes[t.nodes + 1];
        if root.ties == 0 {
            return 0;
        }
        let target = root.min;
        let end = end.min(t.len);
        if end == t.len {
            return root.ties;
        }
        // Whole blocks before `end`: walk from the root towards leaf `end_block`; every left
        // sibling passed lies wholly before it.
        let end_block = end / BLOCK;
        let mut count = 0;
        let mut node = 1;
        let mut lo = 0;
        let mut span = t.width;
        while span > 1 {
            span /= 2;
            if end_block >= lo + span {
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
        // Then the members of `end_block` before `end`.
        count += self.scores[tree][end_block * BLOCK..end]
            .iter()
            .filter(|s| **s == target)
            .count() as u32;
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
            scores in proptest::collection::vec(prop_oneof![0u64..4, Just(u64::MAX)], 1..200),
            updates in proptest::collection::vec((0usize..200, prop_oneof![0u64..4, Just(u64::MAX)]), 0..10),
        ) {
            let mut forest = Forest::default();
            forest.push([score(9)].into_iter());
            let tree = forest.push(scores.iter().map(|&v| score(v)));
            forest.push([score(7), score(8)].into_iter());
            let mut scores = scores;
            check(&forest, tree, &scores);
            for (at, v) in updates {
                let at = at % scores.len();
                scores[at] = v;
                forest.update(tree, at, score(v));
                check(&forest, tree, &scores);
            }
            // The other trees are untouched by the second's updates.
            prop_assert_eq!(forest.root(0), Node { min: score(9), ties: 1 });
            prop_assert_eq!(forest.root(2), Node { min: score(7), ties: 1 });
        }
    }
}
