//! The generator's randomness: SplitMix64, seeded per instance so that instance `i` of a
//! snapshot does not depend on how many instances come before or after it.

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function: a bijective scramble of one 64-bit word.
pub(crate) const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A SplitMix64 stream.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The stream of `seed`.
    pub(crate) const fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The stream for one item (`salt` names what it generates, `index` which one), so that
    /// items of one snapshot draw from unrelated streams.
    pub(crate) const fn for_item(seed: u64, salt: u64, index: u64) -> Self {
        Self::new(mix(seed ^ mix(salt.wrapping_add(mix(index)))))
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// A uniform integer below `n` (multiply-shift); 0 when `n` is 0.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform index below `n`.
    pub(crate) fn index(&mut self, n: usize) -> usize {
        // INVARIANT: the result is below `n`, which is a usize.
        self.below(n as u64) as usize
    }

    /// True with probability `numerator / denominator`.
    pub(crate) fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        self.below(denominator) < numerator
    }

    /// An index into `weights` chosen with probability proportional to its weight.
    pub(crate) fn weighted(&mut self, weights: impl Iterator<Item = u32> + Clone) -> usize {
        let total: u64 = weights.clone().map(u64::from).sum();
        let mut pick = self.below(total);
        let mut last = 0;
        for (index, weight) in weights.enumerate() {
            last = index;
            if pick < u64::from(weight) {
                return index;
            }
            pick -= u64::from(weight);
        }
        last
    }

    /// `digits` lowercase hex digits (at most 16).
    pub(crate) fn hex(&mut self, digits: usize) -> String {
        let value = self.next_u64();
        let text = format!("{value:016x}");
        text[16 - digits.min(16)..].to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // The first outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = SplitMix64::new(7);
        let mut seen = [false; 5];
        for _ in 0..200 {
            let value = rng.below(5);
            assert!(value < 5);
            seen[value as usize] = true;
        }
        assert_eq!(seen, [true; 5]);
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn weighted_never_picks_a_zero_weight() {
        let mut rng = SplitMix64::new(3);
        for _ in 0..500 {
            let pick = rng.weighted([0u32, 5, 0, 1].into_iter());
            assert!(pick == 1 || pick == 3, "picked {pick}");
        }
    }

    #[test]
    fn hex_has_the_requested_width() {
        let mut rng = SplitMix64::new(11);
        let text = rng.hex(16);
        assert_eq!(text.len(), 16);
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(rng.hex(8).len(), 8);
    }
}
