//! A least-significant-byte-first radix sort of `(key, payload)` pairs by key.

/// Sorts by the integer key, a byte at a time (least significant first, stable), skipping
/// the bytes every key shares: a few linear passes instead of a comparison sort's
/// `n log n` unpredictable branches. One pass counts every byte position at once.
pub(crate) fn radix_sort(keys: &mut Vec<(u64, u32)>) {
    let mut counts = [[0usize; 256]; 8];
    for &(k, _) in keys.iter() {
        for (byte, counts) in counts.iter_mut().enumerate() {
            counts[(k >> (8 * byte)) as usize & 0xff] += 1;
        }
    }
    let mut spare = Vec::new();
    for (byte, mut offsets) in counts.into_iter().enumerate() {
        if offsets.contains(&keys.len()) {
            continue;
        }
        let mut next = 0;
        for offset in &mut offsets {
            let count = *offset;
            *offset = next;
            next += count;
        }
        spare.resize(keys.len(), (0, 0));
        for &entry in keys.iter() {
            let slot = &mut offsets[(entry.0 >> (8 * byte)) as usize & 0xff];
            spare[*slot] = entry;
            *slot += 1;
        }
        std::mem::swap(keys, &mut spare);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn sorts_by_key_and_keeps_equal_keys_in_input_order(
            keys in proptest::collection::vec(any::<u64>().prop_map(|k| k % 1000 * 0x0101_0000_0001), 0..300),
        ) {
            let mut pairs: Vec<(u64, u32)> = keys.iter().enumerate().map(|(at, &k)| (k, at as u32)).collect();
            let mut want = pairs.clone();
            want.sort_by_key(|p| p.0);
            radix_sort(&mut pairs);
            prop_assert_eq!(pairs, want);
        }
    }
}
