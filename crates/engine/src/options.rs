//! The knobs of one placement call.

/// The default [`Options::parallel_threshold`]: below this many candidate instances the
/// per-call passes run on the calling thread.
///
/// Below a few thousand instances a pass over the columns takes a few microseconds, less
/// than waking rayon's workers costs.
pub const DEFAULT_PARALLEL_THRESHOLD: usize = 4096;

/// How to place: the seed, explain mode and when to use several threads.
///
/// None of these change *which* placement is made for a given seed: the output is
/// byte-identical whatever `parallel_threshold` and the thread count are (spec §8.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The random seed (spec §8.1). `None` derives it from the request's `clientToken`
    /// (FNV-1a 64 of its bytes when present and non-empty), else 0.
    pub seed: Option<u64>,
    /// Add an `explanation` object next to `tasks` and `failures`: for the first unplaced
    /// (or `PROVISIONING`) task of each bucket, why each instance was rejected.
    pub explain: bool,
    /// Candidate count at or above which the filtering and failure passes (and the index
    /// build) run on rayon's thread pool. `0` always parallelises, `usize::MAX` never.
    /// Default [`DEFAULT_PARALLEL_THRESHOLD`].
    pub parallel_threshold: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seed: None,
            explain: false,
            parallel_threshold: DEFAULT_PARALLEL_THRESHOLD,
        }
    }
}

impl Options {
    /// Default options with an explicit seed.
    pub fn with_seed(seed: u64) -> Self {
        Self {
            seed: Some(seed),
            ..Self::default()
        }
    }

    /// Whether a pass over `len` items should run on rayon's pool.
    pub(crate) fn parallel_for(&self, len: usize) -> bool {
        len >= self.parallel_threshold
    }
}
