//! The capacity-provider split of spec §7.3: how many of a request's tasks each item of a
//! capacity-provider strategy receives.
//!
//! This crate owns only the arithmetic. It knows nothing about provider names, clusters or
//! instances: a strategy is a slice of [`Share`]s (weight and base, in listed order) and the
//! answer is a [`Split`], one task count per item in the same order.
//!
//! # The rule ([`split`])
//!
//! 1. **Base first.** An item with a base gets `min(base, count)` tasks before anything else,
//!    even when its weight is 0. A valid strategy has at most one such item (spec §7.2); if
//!    several are given anyway, bases are taken in listed order, each from what the earlier
//!    ones left.
//! 2. **Weights share the rest.** The remaining `R` tasks are shared among the items with
//!    weight > 0 by largest remainder: each gets `floor(R * w / W)` (`W` the sum of the
//!    weights), and the `R - Σ floor` leftover tasks go one each to the items with the largest
//!    fractional parts. Fractional parts are compared exactly as the integers
//!    `(R * w) mod W`; ties go to the item listed first.
//!
//! ```
//! use ecs_place_capacity::{Share, split};
//!
//! let weights_1_4 = [Share { weight: 1, base: 0 }, Share { weight: 4, base: 0 }];
//! assert_eq!(split(&weights_1_4, 10).as_slice(), &[2, 8]);
//!
//! // Base 1 first, then 9 tasks by 1:4 → 1.8 and 7.2 → 1 and 7, the leftover to the 0.8.
//! let with_base = [Share { weight: 1, base: 1 }, Share { weight: 4, base: 0 }];
//! assert_eq!(split(&with_base, 10).as_slice(), &[3, 7]);
//!
//! // Equal fractional parts: the tie goes to the item listed first.
//! let even = [Share { weight: 1, base: 0 }, Share { weight: 1, base: 0 }];
//! assert_eq!(split(&even, 3).as_slice(), &[2, 1]);
//!
//! // A base larger than the count takes everything, even with weight 0.
//! let big_base = [Share { weight: 0, base: 5 }, Share { weight: 1, base: 0 }];
//! assert_eq!(split(&big_base, 3).as_slice(), &[3, 0]);
//! ```
//!
//! # Tasks a group already has ([`split_with_existing`])
//!
//! A scheduler that keeps a service's share over time passes the counts the group already has
//! per item and gets back where the *new* tasks go. The same two steps apply to the totals:
//!
//! 1. **Base first.** An item with a base gets `min(base - existing, count)` new tasks first
//!    (nothing if it already has its base); bases again in listed order.
//! 2. **Weights steer the rest.** For the items with weight > 0, the tasks that already count
//!    toward the weights are `x = existing - base` (floored at 0). The target is the largest
//!    remainder split of `Σx + R` by weight (the rule above); each item's *deficit* is
//!    `target - x` (floored at 0). The `R` new tasks are shared in proportion to the deficits
//!    by the same largest-remainder rule. When no item is above its target the deficits sum to
//!    exactly `R` and every item lands on its target; an item above its target gets nothing
//!    and the others share the rest, never overshooting their targets.
//!
//! With all existing counts 0 this is exactly [`split`].
//!
//! ```
//! use ecs_place_capacity::{Share, split, split_with_existing};
//!
//! let weights_1_4 = [Share { weight: 1, base: 0 }, Share { weight: 4, base: 0 }];
//!
//! // 0 and 4 running, 5 more: the target for 9 is 2 and 7 (1.8 and 7.2), so the new tasks
//! // fill the deficits 2 and 3 and the totals equal `split` of 9.
//! assert_eq!(split_with_existing(&weights_1_4, &[0, 4], 5).as_slice(), &[2, 3]);
//! assert_eq!(split(&weights_1_4, 9).as_slice(), &[2, 7]);
//!
//! // 6 and 0 running on 1:1, 4 more: the target for 10 is 5 and 5; the first item is already
//! // above it and gets nothing, the second takes all 4 (totals 6 and 4).
//! let even = [Share { weight: 1, base: 0 }, Share { weight: 1, base: 0 }];
//! assert_eq!(split_with_existing(&even, &[6, 0], 4).as_slice(), &[0, 4]);
//!
//! // Three items 1:1:1 with 9, 0 and 0 running, 5 more: the target for 14 is 5, 5 and 4; the
//! // deficits 0, 5 and 4 share the 5 new tasks: 25/9 and 20/9 → 2 and 2, the leftover to the
//! // larger fractional part 7/9 → 3 and 2.
//! let three = [Share { weight: 1, base: 0 }; 3];
//! assert_eq!(split_with_existing(&three, &[9, 0, 0], 5).as_slice(), &[0, 3, 2]);
//!
//! // A base of 2 (weight 0) with 1 task running first takes the 1 it lacks; the weight-1
//! // item takes the other 2.
//! let base = [Share { weight: 0, base: 2 }, Share { weight: 1, base: 0 }];
//! assert_eq!(split_with_existing(&base, &[1, 5], 3).as_slice(), &[1, 2]);
//!
//! // No existing tasks: the same as `split`.
//! assert_eq!(split_with_existing(&weights_1_4, &[0, 0], 10), split(&weights_1_4, 10));
//! ```
//!
//! # Input safety
//!
//! Both functions are total: any `u32` weights, bases, counts and existing counts, any number
//! of items, never a panic and never an overflow (products and sums are taken in `u64` and
//! `u128`). They use integers only and allocate nothing for up to [`MAX_ITEMS`] items (the
//! result spills to the heap beyond 8). Degenerate input that [`validate`] would reject still
//! has a defined answer:
//!
//! - The counts always sum to `count`, except for an empty strategy, whose split is empty.
//! - All weights 0: the tasks left after the bases go to the first item with a base, else to
//!   the first item. (Otherwise an item with weight 0 and no base gets nothing.)
//! - Several items with a base: bases in listed order, as above.
//! - `existing` shorter than `items` counts the missing entries as 0; extra entries are
//!   ignored.
//!
//! # Monotonicity
//!
//! Adding a task never takes one away from an item when at most two items have weight > 0
//! (any bases). With three or more weighted items, the largest-remainder rule that spec §7.3
//! prescribes shows the *Alabama paradox*: weights 6:6:2 split 10 tasks as 4, 4, 2 but 11
//! tasks as 5, 5, 1. Even then every item stays within one task of its exact proportional
//! share, so an item loses at most one task when the count grows by one.
//!
//! # Errors
//!
//! Splitting cannot fail. [`validate`] checks the numeric rules of spec §7.2 (item count,
//! weight and base ranges, at most one base, not all weights 0) and names the offending item
//! by index, for a caller that wants to reject a strategy before splitting it.

use std::cmp::Ordering;
use std::fmt;

use smallvec::SmallVec;

/// Most items a valid strategy has (spec §7.2).
pub const MAX_ITEMS: usize = 20;
/// Largest valid weight (spec §7.2).
pub const MAX_WEIGHT: u32 = 1000;
/// Largest valid base (spec §7.2).
pub const MAX_BASE: u32 = 100_000;

/// One capacity-provider strategy item: its weight and base, in listed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Share {
    /// Relative share of the tasks left after the bases (0 = none of them).
    pub weight: u32,
    /// Tasks this item gets before the weights are applied (0 = no base).
    pub base: u32,
}

/// Task counts per strategy item, in the same order as the items.
pub type Split = SmallVec<[u32; 8]>;

/// Scratch space sized for a valid strategy, so valid input never touches the heap.
type Scratch<T> = SmallVec<[T; MAX_ITEMS]>;

/// Splits `count` tasks over the strategy `items` by the rule of spec §7.3 (see the crate
/// docs): bases first, in listed order, then the rest by largest remainder of the weights.
///
/// Total for any input; the result sums to `count` unless `items` is empty.
pub fn split(items: &[Share], count: u32) -> Split {
    let mut out: Split = SmallVec::from_elem(0, items.len());
    let rest = take_bases(items, &[], count, &mut out);
    let weights: Scratch<u64> = items.iter().map(|s| u64::from(s.weight)).collect();
    let shares = apportion(u64::from(rest), &weights);
    finish(items, rest, &shares, &mut out);
    out
}

/// Splits `count` new tasks over the strategy `items` when the group already has
/// `existing[i]` tasks on item `i`, so that the totals approach the base-then-weights target
/// (see the crate docs for the rule and worked examples).
///
/// Total for any input; the result sums to `count` unless `items` is empty, and equals
/// [`split`] when every existing count is 0. Missing `existing` entries count as 0.
pub fn split_with_existing(items: &[Share], existing: &[u32], count: u32) -> Split {
    let mut out: Split = SmallVec::from_elem(0, items.len());
    let rest = take_bases(items, existing, count, &mut out);
    let weights: Scratch<u64> = items.iter().map(|s| u64::from(s.weight)).collect();
    // Tasks that already count toward the weights: the part of an item's existing tasks above
    // its base. Items with weight 0 are outside the weighted pool.
    let toward_weights: Scratch<u64> = items
        .iter()
        .enumerate()
        .map(|(i, s)| match s.weight {
            0 => 0,
            _ => u64::from(existing_at(existing, i).saturating_sub(s.base)),
        })
        .collect();
    // A u64 holds the sum of 2^32 u32 values; saturating keeps even longer inputs panic-free
    // (they would only skew the target, never the sum of the result).
    let pool = toward_weights
        .iter()
        .fold(u64::from(rest), |sum, &x| sum.saturating_add(x));
    let target = apportion(pool, &weights);
    let deficits: Scratch<u64> = target
        .iter()
        .zip(&toward_weights)
        .map(|(&t, &x)| t.saturating_sub(x))
        .collect();
    // The deficits sum to at least `rest` (exactly `rest` when no item is above its target),
    // so sharing `rest` by them never gives an item more than its deficit.
    let shares = apportion(u64::from(rest), &deficits);
    finish(items, rest, &shares, &mut out);
    out
}

/// Gives each item with a base `min(base - existing, remaining)` tasks, in listed order, and
/// returns the tasks left.
fn take_bases(items: &[Share], existing: &[u32], count: u32, out: &mut Split) -> u32 {
    let mut remaining = count;
    for (i, (share, slot)) in items.iter().zip(out.iter_mut()).enumerate() {
        let wanted = share.base.saturating_sub(existing_at(existing, i));
        let given = wanted.min(remaining);
        *slot = given;
        remaining -= given;
    }
    remaining
}

/// Adds the weighted `shares` of `rest` tasks to `out`, or, when no item has a weight, gives
/// all of `rest` to the first item with a base, else to the first item.
fn finish(items: &[Share], rest: u32, shares: &[u64], out: &mut Split) {
    if items.iter().all(|s| s.weight == 0) {
        let fallback = items.iter().position(|s| s.base > 0).unwrap_or(0);
        if let Some(slot) = out.get_mut(fallback) {
            *slot += rest;
        }
        return;
    }
    for (slot, &share) in out.iter_mut().zip(shares) {
        // INVARIANT: each share is at most `rest`, and the base part plus `rest` is at most
        // `count`, so the sum fits in u32.
        *slot += share as u32;
    }
}

fn existing_at(existing: &[u32], i: usize) -> u32 {
    existing.get(i).copied().unwrap_or(0)
}

/// Largest-remainder apportionment of `amount` in proportion to `weights`: each entry gets
/// `floor(amount * w / W)`, and the leftover units go one each to the largest remainders
/// `(amount * w) mod W`, ties to the lower index. All zeros when the weights sum to 0.
///
/// The shares sum to `amount` whenever some weight is positive, and each share is at most
/// `amount`, and at most the weight itself when the weights sum to at least `amount`.
fn apportion(amount: u64, weights: &[u64]) -> Scratch<u64> {
    let mut shares: Scratch<u64> = SmallVec::from_elem(0, weights.len());
    // INVARIANT: fewer than 2^64 weights of at most 2^64 each: the sum fits in u128, and so
    // does `amount * w` (two u64 factors).
    let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if total == 0 || amount == 0 {
        return shares;
    }
    let mut remainders: Scratch<(u128, usize)> = SmallVec::new();
    let mut given: u64 = 0;
    for (i, (&w, slot)) in weights.iter().zip(shares.iter_mut()).enumerate() {
        let exact = u128::from(amount) * u128::from(w);
        // INVARIANT: w <= total, so the quotient is at most `amount` and fits in u64.
        let whole = (exact / total) as u64;
        *slot = whole;
        given += whole;
        let remainder = exact % total;
        if remainder > 0 {
            remainders.push((remainder, i));
        }
    }
    // Σ floor(amount * w / W) <= amount, and the fractional parts sum to the leftover exactly,
    // each below 1, so more items have a remainder than there are leftover units.
    let leftover = amount - given;
    debug_assert!((leftover as usize) < remainders.len() || leftover == 0);
    // Largest remainder first; equal remainders in listed order. Indices are distinct, so
    // this is a total order and the result does not depend on the sort algorithm.
    remainders.sort_unstable_by(|a, b| match b.0.cmp(&a.0) {
        Ordering::Equal => a.1.cmp(&b.1),
        other => other,
    });
    for &(_, i) in remainders
        .iter()
        .take(usize::try_from(leftover).unwrap_or(usize::MAX))
    {
        shares[i] += 1;
    }
    shares
}

/// Why a strategy breaks a numeric rule of spec §7.2. Items are named by index in the slice
/// given to [`validate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Invalid {
    /// The strategy has no items.
    NoItems,
    /// More than [`MAX_ITEMS`] items.
    TooManyItems {
        /// How many items were given.
        len: usize,
    },
    /// A weight above [`MAX_WEIGHT`].
    WeightTooLarge {
        /// The item.
        index: usize,
        /// Its weight.
        weight: u32,
    },
    /// A base above [`MAX_BASE`].
    BaseTooLarge {
        /// The item.
        index: usize,
        /// Its base.
        base: u32,
    },
    /// A second item with a base above 0.
    SecondBase {
        /// The second item with a base.
        index: usize,
    },
    /// Every weight is 0.
    AllWeightsZero,
}

impl Invalid {
    /// The offending item, when the rule concerns one item.
    pub fn index(&self) -> Option<usize> {
        match *self {
            Invalid::WeightTooLarge { index, .. }
            | Invalid::BaseTooLarge { index, .. }
            | Invalid::SecondBase { index } => Some(index),
            Invalid::NoItems | Invalid::TooManyItems { .. } | Invalid::AllWeightsZero => None,
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Invalid::NoItems => f.write_str("the strategy has no items"),
            Invalid::TooManyItems { len } => {
                write!(
                    f,
                    "the strategy has {len} items, at most {MAX_ITEMS} are allowed"
                )
            }
            Invalid::WeightTooLarge { index, weight } => write!(
                f,
                "item {index} has weight {weight}, the weight must be between 0 and {MAX_WEIGHT}"
            ),
            Invalid::BaseTooLarge { index, base } => write!(
                f,
                "item {index} has base {base}, the base must be between 0 and {MAX_BASE}"
            ),
            Invalid::SecondBase { index } => write!(
                f,
                "item {index} has a base, but only one item of a strategy may have a base"
            ),
            Invalid::AllWeightsZero => f.write_str("at least one item must have a weight above 0"),
        }
    }
}

impl std::error::Error for Invalid {}

/// Checks the numeric rules of spec §7.2: 1 to [`MAX_ITEMS`] items, weights at most
/// [`MAX_WEIGHT`], bases at most [`MAX_BASE`], at most one base above 0, not all weights 0.
/// Reports the first broken rule in that order, items in listed order.
///
/// Splitting does not need this (it is total); it is for callers that reject such
/// strategies.
pub fn validate(items: &[Share]) -> Result<(), Invalid> {
    if items.is_empty() {
        return Err(Invalid::NoItems);
    }
    if items.len() > MAX_ITEMS {
        return Err(Invalid::TooManyItems { len: items.len() });
    }
    if let Some((index, s)) = items
        .iter()
        .enumerate()
        .find(|(_, s)| s.weight > MAX_WEIGHT)
    {
        return Err(Invalid::WeightTooLarge {
            index,
            weight: s.weight,
        });
    }
    if let Some((index, s)) = items.iter().enumerate().find(|(_, s)| s.base > MAX_BASE) {
        return Err(Invalid::BaseTooLarge {
            index,
            base: s.base,
        });
    }
    if let Some(index) = items
        .iter()
        .enumerate()
        .filter(|(_, s)| s.base > 0)
        .nth(1)
        .map(|(i, _)| i)
    {
        return Err(Invalid::SecondBase { index });
    }
    if items.iter().all(|s| s.weight == 0) {
        return Err(Invalid::AllWeightsZero);
    }
    Ok(())
}

#[cfg(test)]
mod unit {
    use super::*;

    fn w(weight: u32) -> Share {
        Share { weight, base: 0 }
    }

    #[test]
    fn apportion_gives_leftovers_to_largest_remainders() {
        // 10 by 3:3:1 → 30/7, 30/7, 10/7 → 4, 4, 1 with remainders 2, 2, 3: the one leftover
        // goes to the third.
        assert_eq!(apportion(10, &[3, 3, 1]).as_slice(), &[4, 4, 2]);
    }

    #[test]
    fn apportion_breaks_remainder_ties_by_index() {
        assert_eq!(apportion(5, &[1, 1, 1]).as_slice(), &[2, 2, 1]);
        assert_eq!(apportion(1, &[0, 1, 1]).as_slice(), &[0, 1, 0]);
    }

    #[test]
    fn apportion_of_zero_weights_is_all_zero() {
        assert_eq!(apportion(7, &[0, 0]).as_slice(), &[0, 0]);
        assert_eq!(apportion(7, &[]).as_slice(), &[] as &[u64]);
    }

    #[test]
    fn apportion_handles_extreme_values() {
        let max = u64::from(u32::MAX);
        assert_eq!(
            apportion(max, &[max, max]).as_slice(),
            &[max / 2 + 1, max / 2]
        );
        assert_eq!(
            apportion(u64::MAX, &[u64::MAX, 1]).as_slice(),
            &[u64::MAX - 1, 1]
        );
    }

    #[test]
    fn take_bases_applies_bases_in_listed_order() {
        let items = [Share { weight: 0, base: 3 }, Share { weight: 0, base: 4 }];
        let mut out: Split = SmallVec::from_elem(0, 2);
        assert_eq!(take_bases(&items, &[], 5, &mut out), 0);
        assert_eq!(out.as_slice(), &[3, 2]);
        assert_eq!(take_bases(&items, &[1, 0], 10, &mut out), 4);
        assert_eq!(out.as_slice(), &[2, 4]);
    }

    #[test]
    fn all_weights_zero_sends_the_rest_to_the_base_item_else_the_first() {
        let based = [Share { weight: 0, base: 0 }, Share { weight: 0, base: 2 }];
        assert_eq!(split(&based, 5).as_slice(), &[0, 5]);
        assert_eq!(split(&[w(0), w(0)], 5).as_slice(), &[5, 0]);
        assert_eq!(
            split_with_existing(&[w(0), w(0)], &[4, 4], 5).as_slice(),
            &[5, 0]
        );
    }

    #[test]
    fn empty_strategy_splits_into_nothing() {
        assert!(split(&[], 5).is_empty());
        assert!(split_with_existing(&[], &[3], 5).is_empty());
    }

    #[test]
    fn validate_names_the_broken_rule() {
        assert_eq!(validate(&[]), Err(Invalid::NoItems));
        assert_eq!(
            validate(&[w(1); 21]),
            Err(Invalid::TooManyItems { len: 21 })
        );
        assert_eq!(validate(&[w(1); 20]), Ok(()));
        assert_eq!(
            validate(&[w(1), w(1001)]),
            Err(Invalid::WeightTooLarge {
                index: 1,
                weight: 1001
            })
        );
        let base = |base| Share { weight: 1, base };
        assert_eq!(
            validate(&[base(100_001)]),
            Err(Invalid::BaseTooLarge {
                index: 0,
                base: 100_001
            })
        );
        assert_eq!(
            validate(&[w(1), base(1), base(2)]),
            Err(Invalid::SecondBase { index: 2 })
        );
        assert_eq!(
            validate(&[w(0), Share { weight: 0, base: 3 }]),
            Err(Invalid::AllWeightsZero)
        );
        assert_eq!(validate(&[Share { weight: 0, base: 3 }, w(1)]), Ok(()));
    }

    #[test]
    fn invalid_messages_are_lower_case_and_name_the_item() {
        assert_eq!(Invalid::SecondBase { index: 2 }.index(), Some(2));
        assert_eq!(Invalid::AllWeightsZero.index(), None);
        assert_eq!(
            Invalid::WeightTooLarge {
                index: 1,
                weight: 1001
            }
            .to_string(),
            "item 1 has weight 1001, the weight must be between 0 and 1000"
        );
        assert_eq!(
            Invalid::TooManyItems { len: 21 }.to_string(),
            "the strategy has 21 items, at most 20 are allowed"
        );
    }
}
