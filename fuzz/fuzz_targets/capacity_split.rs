//! Feeds arbitrary capacity-provider strategies, existing counts and task counts to the
//! allocator and checks the laws of spec §7.3 (see `ecs-place-capacity`'s crate docs).
//!
//! Values are not limited to the valid ranges of spec §7.2: the allocator is total, so any
//! `u32` weight, base, existing count and task count must give a split that sums to the count
//! without a panic or an overflow. Only the number of items is bounded, to keep runs fast.

#![no_main]

use arbitrary::Arbitrary;
use ecs_place_capacity::{Share, Split, split, split_with_existing};
use libfuzzer_sys::fuzz_target;

/// Most items fed to the allocator (a valid strategy has at most 20).
const MAX_ITEMS: usize = 32;

#[derive(Debug, Arbitrary)]
struct Input {
    /// (weight, base) per item.
    items: Vec<(u32, u32)>,
    /// May be shorter or longer than `items`: missing entries count as 0.
    existing: Vec<u32>,
    count: u32,
}

fuzz_target!(|input: Input| {
    let items: Vec<Share> = input
        .items
        .iter()
        .take(MAX_ITEMS)
        .map(|&(weight, base)| Share { weight, base })
        .collect();
    let existing = &input.existing[..input.existing.len().min(MAX_ITEMS + 1)];
    let count = input.count;

    let plain = split(&items, count);
    check(&items, &[], count, &plain);
    let with = split_with_existing(&items, existing, count);
    check(&items, existing, count, &with);
    assert_eq!(
        split_with_existing(&items, &vec![0; items.len()], count),
        plain
    );

    if let Some(next) = count.checked_add(1) {
        let weighted = items.iter().filter(|s| s.weight > 0).count();
        let plain_next = split(&items, next);
        let with_next = split_with_existing(&items, existing, next);
        for (&before, &after) in plain.iter().zip(&plain_next) {
            // Every share stays within one task of its exact proportion, so at most one is
            // lost; none is lost when at most two items are weighted (the Alabama paradox of
            // largest remainder needs three).
            assert!(
                u64::from(after) + 1 >= u64::from(before),
                "{plain:?} -> {plain_next:?}"
            );
            assert!(
                weighted > 2 || after >= before,
                "{plain:?} -> {plain_next:?}"
            );
        }
        for (&before, &after) in with.iter().zip(&with_next) {
            assert!(weighted > 2 || after >= before, "{with:?} -> {with_next:?}");
        }
    }
});

/// The laws every split of `count` new tasks over `items` with `existing` obeys.
fn check(items: &[Share], existing: &[u32], count: u32, out: &Split) {
    assert_eq!(out.len(), items.len());
    let total: u64 = out.iter().map(|&n| u64::from(n)).sum();
    if items.is_empty() {
        assert_eq!(total, 0);
        return;
    }
    assert_eq!(
        total,
        u64::from(count),
        "{items:?} {existing:?} {count} -> {out:?}"
    );

    // Bases first, in listed order, each counting the tasks the item already has.
    let mut remaining = count;
    for (i, (share, &got)) in items.iter().zip(out).enumerate() {
        let lacking = share
            .base
            .saturating_sub(existing.get(i).copied().unwrap_or(0));
        let base = lacking.min(remaining);
        assert!(got >= base, "{items:?} {existing:?} {count} -> {out:?}");
        remaining -= base;
    }

    // With some weight above 0, an item with neither weight nor base gets nothing.
    if items.iter().any(|s| s.weight > 0) {
        for (share, &got) in items.iter().zip(out) {
            if share.weight == 0 && share.base == 0 {
                assert_eq!(got, 0, "{items:?} {existing:?} {count} -> {out:?}");
            }
        }
    }
}
