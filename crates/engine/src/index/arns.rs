//! Instance ARNs: ordering them without comparing their shared prefix again and again, and
//! keeping them in one buffer.
//!
//! The ARNs of one cluster share a long prefix (`arn:aws:ecs:REGION:ACCOUNT:container-instance/
//! CLUSTER/`, about 70 bytes), so a comparison sort on whole strings spends most of its time
//! in `memcmp` on bytes that never differ. [`ArnOrder`] finds the common prefix once, sorts
//! by the next eight bytes as an integer and compares whole suffixes only on ties.

use std::ops::Index;

use rayon::prelude::*;

use super::radix::radix_sort;

/// Instances per [`Arns`] segment.
const SEGMENT: usize = 1024;

/// Instance ARNs in instance order, in one allocation per segment of [`SEGMENT`] instances
/// (one `Box<str>` per instance costs an allocation each, which the one-shot path would pay
/// on every call; segments are filled in parallel).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Arns {
    segments: Vec<Segment>,
    len: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Segment {
    text: String,
    /// End of each ARN in `text`.
    ends: Vec<usize>,
}

impl Segment {
    fn of(all: &[&str], order: &[(u64, u32)]) -> Self {
        let bytes = order.iter().map(|&(_, at)| all[at as usize].len()).sum();
        let mut text = String::with_capacity(bytes);
        let mut ends = Vec::with_capacity(order.len());
        for &(_, at) in order {
            text.push_str(all[at as usize]);
            ends.push(text.len());
        }
        Self { text, ends }
    }
}

impl Arns {
    /// The ARNs of `order`, an instance order of `all`.
    fn gather(all: &[&str], order: &[(u64, u32)], parallel: bool) -> Self {
        let segments = if parallel {
            order
                .par_chunks(SEGMENT)
                .map(|run| Segment::of(all, run))
                .collect()
        } else {
            order
                .chunks(SEGMENT)
                .map(|run| Segment::of(all, run))
                .collect()
        };
        Self {
            segments,
            len: order.len(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The position of `arn`. INVARIANT: the ARNs are in ascending byte order.
    pub(crate) fn binary_search(&self, arn: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self[mid].cmp(arn) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|at| &self[at])
    }
}

impl Index<usize> for Arns {
    type Output = str;

    fn index(&self, at: usize) -> &str {
        let segment = &self.segments[at / SEGMENT];
        let at = at % SEGMENT;
        let start = if at == 0 { 0 } else { segment.ends[at - 1] };
        &segment.text[start..segment.ends[at]]
    }
}

/// The ascending byte order of a snapshot's instance ARNs, and lookups of ARNs in it.
#[derive(Debug)]
pub(crate) struct ArnOrder {
    /// Length of the prefix every ARN shares.
    prefix: usize,
    /// Per instance in ARN order: its sort key and its position in the snapshot.
    keys: Vec<(u64, u32)>,
    /// Open addressing from a key to the first instance with that key (position + 1; 0 is
    /// an empty slot), for [`find`](Self::find): a probe or two instead of a binary search.
    first_with_key: Vec<u32>,
}

impl ArnOrder {
    /// Orders `arns` (the snapshot's, in input order); sorts on rayon's pool when `parallel`.
    pub(crate) fn new(arns: &[&str], parallel: bool) -> Self {
        let shared_with = |first: &str, rest: &[&str]| {
            rest.iter().fold(first.len(), |shared, arn| {
                common_prefix(&first.as_bytes()[..shared], arn.as_bytes())
            })
        };
        let prefix = match arns.split_first() {
            None => 0,
            Some((first, rest)) if parallel => rest
                .par_chunks(SEGMENT)
                .map(|run| shared_with(first, run))
                .min()
                .unwrap_or(first.len()),
            Some((first, rest)) => shared_with(first, rest),
        };
        let key_of = |(at, arn): (usize, &&str)| (key(&arn.as_bytes()[prefix..]), at as u32);
        let mut keys: Vec<(u64, u32)> = if parallel {
            arns.par_iter().enumerate().map(key_of).collect()
        } else {
            arns.iter().enumerate().map(key_of).collect()
        };
        // Keys order as the bytes they are made of (zero-padded: a shorter suffix that is a
        // prefix of a longer one sorts first either way); equal keys compare the suffixes.
        radix_sort(&mut keys);
        let suffix = |at: u32| &arns[at as usize].as_bytes()[prefix..];
        let mut start = 0;
        while start < keys.len() {
            let end = start
                + keys[start..]
                    .iter()
                    .take_while(|k| k.0 == keys[start].0)
                    .count();
            if end - start > 1 {
                let run = &mut keys[start..end];
                if parallel {
                    run.par_sort_unstable_by(|a, b| suffix(a.1).cmp(suffix(b.1)));
                } else {
                    run.sort_unstable_by(|a, b| suffix(a.1).cmp(suffix(b.1)));
                }
            }
            start = end;
        }
        let first_with_key = key_table(&keys);
        Self {
            prefix,
            keys,
            first_with_key,
        }
    }

    /// The snapshot positions of the instances, in ARN order.
    pub(crate) fn positions(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.keys.iter().map(|&(_, at)| at)
    }

    /// The ARNs in this order.
    pub(crate) fn gather(&self, arns: &[&str], parallel: bool) -> Arns {
        Arns::gather(arns, &self.keys, parallel)
    }

    /// The instance (position in this order) whose ARN is `arn`; `sorted` is
    /// [`gather`](Self::gather)'s result.
    pub(crate) fn find(&self, sorted: &Arns, arn: &str) -> Option<u32> {
        let first = sorted.iter().next()?;
        let bytes = arn.as_bytes();
        if bytes.len() < self.prefix || bytes[..self.prefix] != first.as_bytes()[..self.prefix] {
            return None;
        }
        let suffix = &bytes[self.prefix..];
        let wanted = key(suffix);
        let mask = self.first_with_key.len() - 1;
        let mut slot = slot_of(wanted, mask);
        let start = loop {
            match self.first_with_key[slot] {
                0 => return None,
                at if self.keys[at as usize - 1].0 == wanted => break at as usize - 1,
                _ => slot = (slot + 1) & mask,
            }
        };
        (start..self.keys.len())
            .take_while(|&at| self.keys[at].0 == wanted)
            .find(|&at| &sorted[at].as_bytes()[self.prefix..] == suffix)
            .map(|at| at as u32)
    }
}

/// The table of [`ArnOrder::first_with_key`]: at most half full, a power of two long.
fn key_table(keys: &[(u64, u32)]) -> Vec<u32> {
    let len = (keys.len() * 2).next_power_of_two().max(16);
    let mask = len - 1;
    let mut table = vec![0; len];
    for (at, &(key, _)) in keys.iter().enumerate() {
        if at > 0 && keys[at - 1].0 == key {
            continue;
        }
        let mut slot = slot_of(key, mask);
        while table[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        table[slot] = at as u32 + 1;
    }
    table
}

/// The home slot of a key: Fibonacci hashing, the high bits of the product.
fn slot_of(key: u64, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask
}

/// The first eight bytes as a big-endian integer, zero-padded.
fn key(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    let n = bytes.len().min(8);
    word[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(word)
}

/// Length of the common prefix of `a` and `b`, eight bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut at = 0;
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        let differ = u64::from_le_bytes(word(x)) ^ u64::from_le_bytes(word(y));
        if differ != 0 {
            return at + (differ.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + a[at..]
        .iter()
        .zip(&b[at..])
        .take_while(|(x, y)| x == y)
        .count()
}

fn word(chunk: &[u8]) -> [u8; 8] {
    let mut out = [0; 8];
    out.copy_from_slice(chunk);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn order_and_find_agree_with_plain_string_order(
            suffixes in proptest::collection::btree_set("[a-c]{0,12}", 0..40),
            shared in "[a-z/:]{0,20}",
            parallel in any::<bool>(),
            probe in "[a-c]{0,12}",
        ) {
            let mut arns: Vec<String> = suffixes.iter().map(|s| format!("{shared}{s}")).collect();
            // Input order must not matter: reverse it.
            arns.reverse();
            let refs: Vec<&str> = arns.iter().map(String::as_str).collect();
            let order = ArnOrder::new(&refs, parallel);
            let sorted = order.gather(&refs, parallel);
            let mut want = refs.clone();
            want.sort_unstable();
            prop_assert_eq!(sorted.iter().collect::<Vec<_>>(), want.clone());
            for (at, arn) in want.iter().enumerate() {
                prop_assert_eq!(order.find(&sorted, arn), Some(at as u32));
                prop_assert_eq!(sorted.binary_search(arn), Some(at));
            }
            let probe = format!("{shared}{probe}");
            let expected = want.iter().position(|a| *a == probe).map(|at| at as u32);
            prop_assert_eq!(order.find(&sorted, &probe), expected);
            prop_assert_eq!(order.find(&sorted, "zzz"), None);
        }
    }

    #[test]
    fn several_segments_keep_every_arn_in_order() {
        let arns: Vec<String> = (0..2 * SEGMENT + 7)
            .map(|i| {
                format!(
                    "arn:aws:ecs:r:1:container-instance/c/{:08x}",
                    (i * 7919) % 100_003
                )
            })
            .collect();
        let refs: Vec<&str> = arns.iter().map(String::as_str).collect();
        for parallel in [false, true] {
            let order = ArnOrder::new(&refs, parallel);
            let sorted = order.gather(&refs, parallel);
            let mut want = refs.clone();
            want.sort_unstable();
            assert_eq!(sorted.len(), want.len());
            assert!(sorted.iter().eq(want.iter().copied()));
            assert_eq!(
                order.find(&sorted, want[SEGMENT + 3]),
                Some(SEGMENT as u32 + 3)
            );
        }
    }

    #[test]
    fn common_prefix_counts_whole_words_and_tails() {
        assert_eq!(common_prefix(b"abcdefghij", b"abcdefghiX"), 9);
        assert_eq!(common_prefix(b"abcdefghij", b"abcXefghij"), 3);
        assert_eq!(common_prefix(b"abc", b"abcdef"), 3);
        assert_eq!(common_prefix(b"", b"abc"), 0);
    }
}
