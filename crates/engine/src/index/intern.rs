//! Interning the texts of one column (attribute values, capacity provider names, group
//! names) while reading instances, and merging the tables of several readers.
//!
//! A lookup hashes a cheap fingerprint of the text (its length and its first and last eight
//! bytes) into a small open-addressing table and confirms with one comparison: columns
//! usually have a handful of values (zones, instance types), where a general-purpose hash of
//! the whole text or a scan of every value costs several times more; a column with one
//! value per instance stays linear.

/// Local ids of texts in first-seen order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner<'a> {
    texts: Vec<&'a str>,
    /// Open addressing by fingerprint: local id + 1, 0 for an empty slot; at most half full.
    slots: Vec<u32>,
}

/// Slots of a new table.
const FIRST_SLOTS: usize = 32;

impl<'a> Interner<'a> {
    /// The local id of `text`, a new one when first seen.
    pub(crate) fn id(&mut self, text: &'a str) -> u32 {
        if self.slots.is_empty() {
            self.slots = vec![0; FIRST_SLOTS];
        }
        let mask = self.slots.len() - 1;
        let mut slot = home(text, mask);
        loop {
            match self.slots[slot] {
                0 => break,
                id if same_text(self.texts[id as usize - 1], text) => return id - 1,
                _ => slot = (slot + 1) & mask,
            }
        }
        let id = self.texts.len() as u32;
        self.texts.push(text);
        self.slots[slot] = id + 1;
        if self.texts.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    /// Doubles the table.
    fn grow(&mut self) {
        let mask = self.slots.len() * 2 - 1;
        self.slots = vec![0; mask + 1];
        for (id, text) in self.texts.iter().enumerate() {
            let mut slot = home(text, mask);
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = id as u32 + 1;
        }
    }

    /// The texts by local id.
    pub(crate) fn texts(&self) -> &[&'a str] {
        &self.texts
    }
}

/// The home slot of a text: its length and first and last eight bytes, mixed.
fn home(text: &str, mask: usize) -> usize {
    let bytes = text.as_bytes();
    let word = |chunk: &[u8]| {
        let mut out = [0; 8];
        out[..chunk.len()].copy_from_slice(chunk);
        u64::from_le_bytes(out)
    };
    let n = bytes.len();
    let head = word(&bytes[..n.min(8)]);
    let tail = word(&bytes[n.saturating_sub(8)..]);
    let mixed = (head ^ tail.rotate_left(29) ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> 32) as usize & mask
}

/// `a == b`, cheaper for the short, mostly different texts of one column: lengths first,
/// then the last eight bytes as one integer, and only then the rest (a `memcmp` call costs
/// more than the comparison itself for a ten-byte zone name).
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let tail = |t: &[u8]| {
        let mut word = [0; 8];
        word.copy_from_slice(&t[t.len() - 8..]);
        u64::from_ne_bytes(word)
    };
    tail(a) == tail(b) && a == b
}

/// The texts of several tables in ascending byte order (so global ids do not depend on
/// input order or on how the input was split), and per table its local → global id map.
pub(crate) fn merge<'a>(tables: &[&[&'a str]]) -> (Vec<&'a str>, Vec<Vec<u32>>) {
    let mut texts: Vec<&'a str> = tables.iter().flat_map(|t| t.iter().copied()).collect();
    texts.sort_unstable();
    texts.dedup();
    let remaps = tables
        .iter()
        .map(|table| {
            table
                .iter()
                // INVARIANT: every text of every table is in `texts`.
                .map(|t| texts.binary_search(t).unwrap_or_default() as u32)
                .collect()
        })
        .collect();
    (texts, remaps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_survive_the_table_growing_and_merge_in_byte_order() {
        let words: Vec<String> = (0..40).map(|i| format!("v{:02}", 39 - i)).collect();
        let mut interner = Interner::default();
        let ids: Vec<u32> = words.iter().map(|w| interner.id(w)).collect();
        assert_eq!(ids, (0..40).collect::<Vec<u32>>());
        // Seen again, before and after the switch: the same ids.
        assert_eq!(interner.id(&words[3]), 3);
        assert_eq!(interner.id(&words[30]), 30);
        let mut other = Interner::default();
        other.id("v05");
        other.id("extra");
        let (texts, remaps) = merge(&[interner.texts(), other.texts()]);
        assert_eq!(texts.len(), 41);
        assert_eq!(texts[0], "extra");
        assert_eq!(texts[remaps[0][0] as usize], "v39");
        assert_eq!(texts[remaps[1][0] as usize], "v05");
        assert!(texts.windows(2).all(|w| w[0] < w[1]));
    }
}
