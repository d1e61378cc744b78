//! The one source of randomness in placement: a seeded SplitMix64 stream.
//!
//! Both the fast engine and the reference engine draw from this generator with the same
//! discipline (see `docs/DECISIONS.md`), which is what makes their outputs comparable byte for
//! byte. SplitMix64 is tiny, has no state beyond one `u64`, and passes BigCrush; placement
//! needs reproducibility, not cryptographic strength.

/// A SplitMix64 generator whose state starts at the seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function: a bijective scramble of one 64-bit word.
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator for `seed`.
    pub const fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// A uniform index below `n` (multiply-shift; the bias is below 2^-32 for any `n` a
    /// cluster can have). Returns 0 for `n == 0` so that callers never divide by zero.
    pub fn choose(&mut self, n: usize) -> usize {
        let n = n as u128;
        ((u128::from(self.next_u64()) * n) >> 64) as usize
    }
}

/// The 32-hex-digit ID of the task at `position` (0-based over the whole call) for `seed`.
pub fn task_id(seed: u64, position: u32) -> String {
    let mut out = String::with_capacity(32);
    push_task_id(&mut out, seed, position);
    out
}

/// The two 64-bit halves of a task id.
fn task_id_words(seed: u64, position: u32) -> [u64; 2] {
    let base = seed
        ^ mix(u64::from(position)
            .wrapping_add(1)
            .wrapping_mul(GOLDEN_GAMMA));
    [
        mix(base.wrapping_add(GOLDEN_GAMMA)),
        mix(base.wrapping_add(GOLDEN_GAMMA.wrapping_mul(2))),
    ]
}

/// Appends [`task_id`] to `out` (32 lower-case hex digits; no formatting machinery, which
/// costs more than the hashing).
pub(crate) fn push_task_id(out: &mut String, seed: u64, position: u32) {
    for word in task_id_words(seed, position) {
        for shift in (0..16).rev() {
            let digit = (word >> (shift * 4)) & 0xf;
            out.push(char::from(b"0123456789abcdef"[digit as usize]));
        }
    }
}

/// FNV-1a, 64 bits: the seed derived from a `clientToken` (spec §8.1).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_published_sequence() {
        // Reference values of SplitMix64 seeded with 1234567 (Vigna's splitmix64.c).
        let mut rng = Rng::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
        assert_eq!(rng.next_u64(), 9_817_491_932_198_370_423);
    }

    #[test]
    fn choose_stays_below_n_and_covers_every_index() {
        let mut rng = Rng::new(7);
        let mut seen = [0u32; 5];
        for _ in 0..10_000 {
            seen[rng.choose(5)] += 1;
        }
        assert!(
            seen.iter().all(|&hits| (1_700..2_300).contains(&hits)),
            "{seen:?}"
        );
        assert_eq!(Rng::new(1).choose(0), 0);
        assert_eq!(Rng::new(1).choose(1), 0);
    }

    #[test]
    fn task_ids_are_32_hex_digits_and_differ_by_position_and_seed() {
        let a = task_id(0, 0);
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_ne!(a, task_id(0, 1));
        assert_ne!(a, task_id(1, 0));
        assert_eq!(a, task_id(0, 0));
        // The hand-written hex is `{:016x}` twice (ids are in every recorded scenario).
        for (seed, position) in [(0, 0), (7, 3), (u64::MAX, u32::MAX)] {
            let [high, low] = task_id_words(seed, position);
            assert_eq!(task_id(seed, position), format!("{high:016x}{low:016x}"));
        }
    }

    #[test]
    fn fnv1a64_matches_known_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
