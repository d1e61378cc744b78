//! Interning the texts of one column (attribute values, capacity provider names, group
//! names) while reading instances, and merging the tables of several readers.
//!
//! Columns usually have a handful of distinct values (zones, instance types), for which a
//! scan with a length check beats hashing; past [`SMALL`] distinct texts the table switches
//! to a hash map, so a column with one value per instance stays linear.

use std::collections::HashMap;

use super::ArnHasher;

/// Distinct texts up to which lookups scan the table.
const SMALL: usize = 16;

/// Local ids of texts in first-seen order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner<'a> {
    texts: Vec<&'a str>,
    by_text: Option<HashMap<&'a str, u32, ArnHasher>>,
}

impl<'a> Interner<'a> {
    /// The local id of `text`, a new one when first seen.
    pub(crate) fn id(&mut self, text: &'a str) -> u32 {
        let next = self.texts.len() as u32;
        if let Some(by_text) = &mut self.by_text {
            let id = *by_text.entry(text).or_insert(next);
            if id == next {
                self.texts.push(text);
            }
            return id;
        }
        if let Some(at) = self.texts.iter().position(|t| same_text(t, text)) {
            return at as u32;
        }
        self.texts.push(text);
        if self.texts.len() > SMALL {
            self.by_text = Some(
                self.texts
                    .iter()
                    .enumerate()
                    .map(|(id, &t)| (t, id as u32))
                    .collect(),
            );
        }
        next
    }

    /// The texts by local id.
    pub(crate) fn texts(&self) -> &[&'a str] {
        &self.texts
    }
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
    fn ids_survive_the_switch_to_hashing_and_merge_in_byte_order() {
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
