//! The seed of each trace line.
//!
//! Every request of a trace is placed with its own seed, derived from the simulation's seed
//! and the request's line number, so that a request's decision does not depend on how many
//! random draws earlier lines made, and replaying a prefix of a trace reproduces its
//! decisions exactly.
//!
//! Line `n` (1-based, counting every physical line of the file) gets the `n`-th output of the
//! SplitMix64 stream ([`ecs_place::rng::Rng`]) whose state starts at the simulation's seed.
//! SplitMix64 advances its state by a constant, so that output is computed directly:
//! `Rng::new(seed + (n - 1) * 0x9E3779B97F4A7C15).next_u64()` (wrapping arithmetic).

use ecs_place::rng::Rng;

/// SplitMix64's state increment (the golden-ratio constant).
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The seed the request on line `line` (1-based) is placed with, for simulation seed `seed`.
pub fn line_seed(seed: u64, line: usize) -> u64 {
    let skipped = (line as u64).wrapping_sub(1);
    Rng::new(seed.wrapping_add(skipped.wrapping_mul(GOLDEN_GAMMA))).next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_n_gets_the_nth_output_of_the_seed_stream() {
        let mut stream = Rng::new(42);
        for line in 1..=20 {
            assert_eq!(line_seed(42, line), stream.next_u64(), "line {line}");
        }
    }

    #[test]
    fn lines_and_seeds_give_different_seeds() {
        assert_ne!(line_seed(0, 1), line_seed(0, 2));
        assert_ne!(line_seed(0, 1), line_seed(1, 1));
    }
}
