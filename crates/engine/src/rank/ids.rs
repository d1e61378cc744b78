//! Class ids of one call: each distinct class key gets the next id when first seen.
//!
//! Keys whose mixed-radix code is below [`DENSE_CODES`] are looked up in a dense table (no
//! hashing per candidate); larger key spaces use a hash map.

use std::collections::HashMap;

use ahash::RandomState;

use super::ClassKey;

/// Key spaces up to this many codes use the dense table.
const DENSE_CODES: usize = 1 << 16;

/// The class ids of one call. Buffers are kept between calls.
#[derive(Clone, Debug, Default)]
pub(crate) struct ClassIds {
    /// Class keys by id.
    keys: Vec<ClassKey>,
    /// Dense mode: per attribute-spread slot, the multiplier of its key in a key's code.
    strides: Vec<usize>,
    dense_mode: bool,
    /// Dense mode: id by key code (`u32::MAX`: none yet).
    dense: Vec<u32>,
    /// The codes set in `dense`, to clear them on reset.
    dense_used: Vec<usize>,
    map: HashMap<ClassKey, u32, RandomState>,
}

impl ClassIds {
    /// Forgets every id, for keys with `keys_per_slot[slot]` values per slot.
    pub(crate) fn reset(&mut self, keys_per_slot: &[usize]) {
        self.keys.clear();
        self.map.clear();
        for &code in &self.dense_used {
            self.dense[code] = u32::MAX;
        }
        self.dense_used.clear();
        self.strides.clear();
        let mut space: usize = 1;
        for &keys in keys_per_slot {
            self.strides.push(space);
            space = space.saturating_mul(keys.max(1));
        }
        self.dense_mode = space <= DENSE_CODES;
        if self.dense_mode && self.dense.len() < space {
            self.dense.resize(space, u32::MAX);
        }
    }

    /// Class keys by id.
    pub(crate) fn keys(&self) -> &[ClassKey] {
        &self.keys
    }

    #[inline]
    fn code(&self, key: &ClassKey) -> usize {
        self.strides
            .iter()
            .zip(key)
            .map(|(&stride, &k)| stride * k as usize)
            .sum()
    }

    /// The id of `key`, the next one when first seen.
    #[inline]
    pub(crate) fn id(&mut self, key: ClassKey) -> u32 {
        // Inlined: the common case, a key seen before in dense mode, is one table read.
        if self.dense_mode {
            let id = self.dense[self.code(&key)];
            if id != u32::MAX {
                return id;
            }
        }
        self.id_or_new(key)
    }

    #[inline(never)]
    fn id_or_new(&mut self, key: ClassKey) -> u32 {
        let next = self.keys.len() as u32;
        let id = if self.dense_mode {
            let code = self.code(&key);
            let id = &mut self.dense[code];
            if *id == u32::MAX {
                *id = next;
                self.dense_used.push(code);
            }
            *id
        } else {
            *self.map.entry(key).or_insert(next)
        };
        if id == next {
            self.keys.push(key);
        }
        id
    }

    /// The id of `key`, if it was seen.
    pub(crate) fn find(&self, key: &ClassKey) -> Option<u32> {
        if self.dense_mode {
            Some(self.dense[self.code(key)]).filter(|&id| id != u32::MAX)
        } else {
            self.map.get(key).copied()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_order_of_first_sight_in_both_modes() {
        for keys_per_slot in [vec![3, 2], vec![1 << 9, 1 << 9]] {
            let mut ids = ClassIds::default();
            ids.reset(&keys_per_slot);
            let key = |a, b| [a, b, 0, 0, 0];
            assert_eq!(ids.id(key(2, 1)), 0);
            assert_eq!(ids.id(key(0, 1)), 1);
            assert_eq!(ids.id(key(2, 1)), 0);
            assert_eq!(ids.find(&key(0, 1)), Some(1));
            assert_eq!(ids.find(&key(1, 1)), None);
            assert_eq!(ids.keys(), &[key(2, 1), key(0, 1)]);
            ids.reset(&keys_per_slot);
            assert_eq!(ids.find(&key(2, 1)), None);
            assert_eq!(ids.id(key(0, 1)), 0);
        }
    }
}
