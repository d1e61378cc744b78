//! Interned instance attributes: per name a column of value ids and per value the set of
//! instances that have it.

use std::collections::BTreeMap;

use fixedbitset::FixedBitSet;

/// The value id of an instance that has the attribute without a value.
pub(crate) const NO_VALUE: u32 = u32::MAX - 1;
/// The value id of an instance that lacks the attribute.
pub(crate) const ABSENT: u32 = u32::MAX;

/// The instances that have one value: a bitset when at least one instance in 32 has it (a
/// bitset is then no larger than a list), else a sorted list. This keeps a high-cardinality
/// attribute (one value per instance) linear in size rather than quadratic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum InstanceSet {
    Dense(FixedBitSet),
    Sparse(Vec<u32>),
}

impl InstanceSet {
    /// An empty set for a value `size` of `instances` instances will have: a bitset when at
    /// least one instance in 32 has it.
    fn empty(size: usize, instances: usize) -> Self {
        if size * 32 >= instances {
            Self::Dense(FixedBitSet::with_capacity(instances))
        } else {
            Self::Sparse(Vec::with_capacity(size))
        }
    }

    /// Adds an instance; INVARIANT: in ascending order.
    fn push(&mut self, instance: u32) {
        match self {
            Self::Dense(bits) => bits.insert(instance as usize),
            Self::Sparse(list) => list.push(instance),
        }
    }

    /// Sets the bits of these instances in `out`.
    pub(crate) fn union_into(&self, out: &mut FixedBitSet) {
        match self {
            Self::Dense(bits) => out.union_with(bits),
            Self::Sparse(list) => {
                for &m in list {
                    out.insert(m as usize);
                }
            }
        }
    }

    /// Number of its instances whose bit is set in `words`.
    pub(crate) fn count_within(&self, words: &[usize]) -> usize {
        match self {
            Self::Dense(bits) => bits
                .as_slice()
                .iter()
                .zip(words)
                .map(|(a, b)| (a & b).count_ones() as usize)
                .sum(),
            Self::Sparse(list) => list.iter().filter(|&&i| bit(words, i)).count(),
        }
    }

    /// Writes its instances whose bit is set in `words`, ascending, into `out` (exactly
    /// [`count_within`](Self::count_within) long).
    pub(crate) fn write_within(&self, words: &[usize], out: &mut [u32]) {
        let mut out = out.iter_mut();
        match self {
            Self::Dense(bits) => {
                for (at, (a, b)) in bits.as_slice().iter().zip(words).enumerate() {
                    let mut both = a & b;
                    while both != 0 {
                        let i = at * usize::BITS as usize + both.trailing_zeros() as usize;
                        both &= both - 1;
                        if let Some(slot) = out.next() {
                            *slot = i as u32;
                        }
                    }
                }
            }
            Self::Sparse(list) => {
                for (slot, &i) in out.zip(list.iter().filter(|&&i| bit(words, i))) {
                    *slot = i;
                }
            }
        }
    }

    /// Number of instances.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::Dense(bits) => bits.count_ones(..),
            Self::Sparse(list) => list.len(),
        }
    }
}

/// Whether bit `i` of `words` is set.
fn bit(words: &[usize], i: u32) -> bool {
    let width = usize::BITS as usize;
    words
        .get(i as usize / width)
        .is_some_and(|w| w >> (i as usize % width) & 1 == 1)
}

/// One attribute name over all instances.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AttributeColumn {
    pub(crate) name: Box<str>,
    /// Value texts by id, in ascending byte order (so ids do not depend on input order).
    pub(crate) values: Vec<Box<str>>,
    /// Per instance: a value id, [`NO_VALUE`] or [`ABSENT`].
    pub(crate) value_of: Vec<u32>,
    /// Instances that have the attribute, with or without a value.
    pub(crate) present: FixedBitSet,
    /// Per value id, the instances that have it.
    pub(crate) members: Vec<InstanceSet>,
    /// Some instance has the attribute without a value (a [`NO_VALUE`] in `value_of`).
    pub(crate) valueless: bool,
}

impl AttributeColumn {
    /// Builds the column from each instance's value (`None` = absent, `Some(None)` = no
    /// value). INVARIANT: `per_instance` is in instance order.
    #[cfg(test)]
    pub(crate) fn build<'a>(name: &str, per_instance: &[Option<Option<&'a str>>]) -> Self {
        let mut texts: Vec<&'a str> = per_instance.iter().flatten().flatten().copied().collect();
        texts.sort_unstable();
        texts.dedup();
        let value_of = per_instance
            .iter()
            .map(|slot| match slot {
                None => ABSENT,
                Some(None) => NO_VALUE,
                // INVARIANT: every text was collected above.
                Some(Some(text)) => texts.binary_search(text).unwrap_or_default() as u32,
            })
            .collect();
        Self::from_ids(
            name,
            texts.iter().map(|t| Box::from(*t)).collect(),
            value_of,
        )
    }

    /// Builds the column from its value texts (ascending byte order) and each instance's
    /// value id, [`NO_VALUE`] or [`ABSENT`].
    pub(crate) fn from_ids(name: &str, values: Vec<Box<str>>, value_of: Vec<u32>) -> Self {
        let n = value_of.len();
        let mut sizes = vec![0usize; values.len()];
        let mut present = FixedBitSet::with_capacity(n);
        let mut valueless = false;
        for (i, &id) in value_of.iter().enumerate() {
            match id {
                ABSENT => continue,
                NO_VALUE => valueless = true,
                id => sizes[id as usize] += 1,
            }
            present.insert(i);
        }
        let mut members: Vec<InstanceSet> = sizes
            .iter()
            .map(|&size| InstanceSet::empty(size, n))
            .collect();
        for (i, &id) in value_of.iter().enumerate() {
            if let Some(set) = members.get_mut(id as usize) {
                set.push(i as u32);
            }
        }
        Self {
            name: name.into(),
            values,
            value_of,
            present,
            members,
            valueless,
        }
    }

    /// The id of a value text.
    pub(crate) fn value_id(&self, text: &str) -> Option<u32> {
        self.values
            .binary_search_by(|v| v.as_ref().cmp(text))
            .ok()
            .map(|id| id as u32)
    }

    /// The instance's value: `None` = absent, `Some(None)` = present without a value.
    pub(crate) fn value(&self, instance: usize) -> Option<Option<&str>> {
        match self.value_of[instance] {
            ABSENT => None,
            NO_VALUE => Some(None),
            id => Some(Some(&self.values[id as usize])),
        }
    }

    /// The spread key of the instance: its value id, or the value count for "absent" (which
    /// also covers a value-less attribute, spec §11).
    pub(crate) fn spread_key(&self, instance: usize) -> u32 {
        match self.value_of[instance] {
            ABSENT | NO_VALUE => self.values.len() as u32,
            id => id,
        }
    }
}

/// Which attribute names an index interns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Projection {
    /// Every attribute of every instance (a reusable index).
    #[default]
    All,
    /// Only these names (the one-shot path: what the compiled request references).
    Only(Vec<String>),
}

/// Every interned attribute, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AttributeTable {
    /// Columns in ascending name order.
    pub(crate) columns: Vec<AttributeColumn>,
    by_name: BTreeMap<Box<str>, usize>,
}

impl AttributeTable {
    pub(crate) fn from_columns(mut columns: Vec<AttributeColumn>) -> Self {
        columns.sort_by(|a, b| a.name.cmp(&b.name));
        let by_name = columns
            .iter()
            .enumerate()
            .map(|(at, c)| (c.name.clone(), at))
            .collect();
        Self { columns, by_name }
    }

    /// The column of `name`, if interned (and present on some instance).
    pub(crate) fn get(&self, name: &str) -> Option<&AttributeColumn> {
        self.by_name.get(name).map(|&at| &self.columns[at])
    }

    /// The id of `name`'s column.
    pub(crate) fn id(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_ids_follow_byte_order_whatever_the_instance_order() {
        let column = AttributeColumn::build(
            "zone",
            &[
                Some(Some("b")),
                None,
                Some(Some("a")),
                Some(None),
                Some(Some("b")),
            ],
        );
        assert_eq!(column.values, vec![Box::from("a"), Box::from("b")]);
        assert_eq!(column.value_of, vec![1, ABSENT, 0, NO_VALUE, 1]);
        assert_eq!(column.spread_key(1), 2);
        assert_eq!(column.spread_key(3), 2);
        assert_eq!(column.present.ones().collect::<Vec<_>>(), vec![0, 2, 3, 4]);
        let mut bits = FixedBitSet::with_capacity(5);
        column.members[1].union_into(&mut bits);
        assert_eq!(bits.ones().collect::<Vec<_>>(), vec![0, 4]);
        assert_eq!(column.value(3), Some(None));
        assert_eq!(column.value(0), Some(Some("b")));
    }

    #[test]
    fn rare_values_are_stored_as_lists() {
        let mut values = vec![None; 100];
        values[7] = Some(Some("x"));
        let column = AttributeColumn::build("rare", &values);
        assert_eq!(column.members[0], InstanceSet::Sparse(vec![7]));
        assert_eq!(column.members[0].len(), 1);
    }
}
