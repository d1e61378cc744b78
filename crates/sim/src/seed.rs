//! The seed of each trace line.
//!
//! Every request of a trace is placed with its own seed, derived from the simulation's seed
//! and the request's line number, so that a request's decision does not depend on how many
//! random draws earlier lines made, and replaying a prefix of a trace reproduces its
//! decisions exactly.
//!
//! Line `n` (1-based, counting every physical line of the file) is placed with
//!
//! ```text
//! line_seed(seed, n) = SplitMix64(SplitMix64(seed) XOR n)
//! ```
//!
//! where `SplitMix64(s)` is the first output of [`ecs_place::rng::Rng`] started at `s`. The
//! seed is hashed before the line number is mixed in: seeds that are consecutive outputs of
//! one SplitMix64 stream would collide with the engine's own derivation of task IDs
//! (`rng::task_id(seed, position)` XORs the seed with the stream's outputs), giving line `n`'s
//! task at position `p + 1` the ARN of line `n + 1`'s task at position `p`.

use ecs_place::rng::Rng;

fn splitmix64(state: u64) -> u64 {
    Rng::new(state).next_u64()
}

/// The seed the request on line `line` (1-based) is placed with, for simulation seed `seed`.
pub fn line_seed(seed: u64, line: usize) -> u64 {
    splitmix64(splitmix64(seed) ^ line as u64)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn follows_the_documented_formula() {
        // SplitMix64 seeded with 0: first output 0xE220A8397B1DCDAF.
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(line_seed(0, 1), splitmix64(0xE220_A839_7B1D_CDAF ^ 1));
        assert_eq!(line_seed(7, 3), splitmix64(splitmix64(7) ^ 3));
    }

    #[test]
    fn lines_and_seeds_give_different_seeds() {
        assert_ne!(line_seed(0, 1), line_seed(0, 2));
        assert_ne!(line_seed(0, 1), line_seed(1, 1));
    }

    /// Regression: seeds taken as consecutive outputs of one SplitMix64 stream made the task
    /// at position 1 of line 1 and the task at position 0 of line 2 share an ARN.
    #[test]
    fn task_ids_of_different_lines_never_collide() {
        for seed in [0, 1, 42] {
            let mut ids = HashSet::new();
            for line in 1..=2000 {
                for position in 0..10 {
                    let id = ecs_place::rng::task_id(line_seed(seed, line), position);
                    assert!(
                        ids.insert(id),
                        "seed {seed} line {line} position {position}"
                    );
                }
            }
        }
    }
}
