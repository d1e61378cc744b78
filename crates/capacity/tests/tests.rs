//! Integration tests of `ecs-place-capacity`: the worked examples of spec §7.3 and the laws
//! of the split, as properties.

use ecs_place_capacity::{Share, Split, split, split_with_existing};

fn w(weight: u32) -> Share {
    Share { weight, base: 0 }
}

fn wb(weight: u32, base: u32) -> Share {
    Share { weight, base }
}

fn sum(split: &Split) -> u64 {
    split.iter().map(|&n| u64::from(n)).sum()
}

mod examples {
    use super::*;

    #[test]
    fn weights_1_4_count_10() {
        assert_eq!(split(&[w(1), w(4)], 10).as_slice(), &[2, 8]);
    }

    #[test]
    fn base_1_weight_1_and_weight_4_count_10() {
        assert_eq!(split(&[wb(1, 1), w(4)], 10).as_slice(), &[3, 7]);
    }

    #[test]
    fn weights_1_1_count_3_tie_to_first() {
        assert_eq!(split(&[w(1), w(1)], 3).as_slice(), &[2, 1]);
    }

    #[test]
    fn base_larger_than_count_takes_everything() {
        assert_eq!(split(&[w(3), wb(1, 10)], 4).as_slice(), &[0, 4]);
        assert_eq!(split(&[wb(0, 10), w(1)], 10).as_slice(), &[10, 0]);
        assert_eq!(split(&[wb(0, 10), w(1)], 11).as_slice(), &[10, 1]);
    }

    #[test]
    fn base_on_weight_zero_item_then_weights_share_the_rest() {
        assert_eq!(split(&[w(1), wb(0, 2), w(1)], 7).as_slice(), &[3, 2, 2]);
    }

    #[test]
    fn weight_zero_item_gets_nothing() {
        assert_eq!(split(&[w(0), w(2), w(1)], 7).as_slice(), &[0, 5, 2]);
    }

    #[test]
    fn remainders_are_compared_exactly() {
        // 7 by 333:334:333 → 2331/1000, 2338/1000, 2331/1000: floors 2, 2, 2, one leftover
        // to the largest remainder 338.
        assert_eq!(split(&[w(333), w(334), w(333)], 7).as_slice(), &[2, 3, 2]);
    }

    #[test]
    fn zero_count_gives_nothing() {
        assert_eq!(split(&[wb(1, 5), w(4)], 0).as_slice(), &[0, 0]);
    }

    #[test]
    fn extreme_values_do_not_overflow() {
        let max = u32::MAX;
        assert_eq!(
            split(&[w(max), w(max)], max).as_slice(),
            &[max / 2 + 1, max / 2]
        );
        assert_eq!(split(&[wb(max, max), w(max)], max).as_slice(), &[max, 0]);
        assert_eq!(
            split(&[wb(1, max - 1), w(max)], max).as_slice(),
            &[max - 1, 1]
        );
        assert_eq!(
            split_with_existing(&[w(max), w(max)], &[max, max], max).as_slice(),
            &[max / 2 + 1, max / 2]
        );
        assert_eq!(
            split_with_existing(&[w(max), w(1)], &[max, 0], max).as_slice(),
            &[max - 2, 2]
        );
        assert_eq!(
            split_with_existing(&[w(1), w(max)], &[max, 0], max).as_slice(),
            &[0, max]
        );
    }

    #[test]
    fn largest_remainder_is_not_house_monotone_with_three_weighted_items() {
        // Spec §7.3 prescribes largest remainder, which has the Alabama paradox: 10 by 6:6:2
        // is 60/14, 60/14, 20/14 → 4, 4, 1 + the leftover to the 6/14 → 4, 4, 2; but 11 is
        // 66/14, 66/14, 22/14 → 4, 4, 1 + two leftovers to the 10/14s → 5, 5, 1.
        let items = [w(6), w(6), w(2)];
        assert_eq!(split(&items, 10).as_slice(), &[4, 4, 2]);
        assert_eq!(split(&items, 11).as_slice(), &[5, 5, 1]);
    }

    #[test]
    fn existing_above_target_gets_nothing() {
        assert_eq!(
            split_with_existing(&[w(1), w(1)], &[6, 0], 4).as_slice(),
            &[0, 4]
        );
        assert_eq!(
            split_with_existing(&[w(1), w(1)], &[6, 0], 8).as_slice(),
            &[1, 7]
        );
    }

    #[test]
    fn existing_base_is_counted_toward_the_base() {
        // Base 3 already met by 5 running: 2 of them count toward weight 1:1, so the target
        // for 2 + 0 + 4 is 3 and 3 and the new tasks fill 1 and 3.
        assert_eq!(
            split_with_existing(&[wb(1, 3), w(1)], &[5, 0], 4).as_slice(),
            &[1, 3]
        );
        // Base 3 with 1 running: 2 go to the base first, the other 2 by weight.
        assert_eq!(
            split_with_existing(&[wb(1, 3), w(1)], &[1, 0], 4).as_slice(),
            &[3, 1]
        );
    }

    #[test]
    fn short_existing_counts_missing_entries_as_zero() {
        assert_eq!(
            split_with_existing(&[w(1), w(1), w(1)], &[3], 3),
            split_with_existing(&[w(1), w(1), w(1)], &[3, 0, 0], 3)
        );
        assert_eq!(
            split_with_existing(&[w(1), w(1)], &[0, 0, 9], 3),
            split(&[w(1), w(1)], 3)
        );
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A weight: mostly small (to make ties and zeros common), sometimes in the valid range,
    /// sometimes any `u32`.
    fn weight() -> impl Strategy<Value = u32> {
        prop_oneof![4 => 0..4u32, 2 => 0..=1000u32, 1 => any::<u32>()]
    }

    fn amount() -> impl Strategy<Value = u32> {
        prop_oneof![4 => 0..50u32, 2 => 0..=100_000u32, 1 => any::<u32>()]
    }

    /// Any items at all: several bases, all weights zero, huge values.
    fn any_items() -> impl Strategy<Value = Vec<Share>> {
        prop::collection::vec(
            (weight(), prop_oneof![3 => Just(0u32), 1 => amount()]).prop_map(|(w, b)| wb(w, b)),
            1..8,
        )
    }

    /// Items with some weight above 0 and at most one base.
    fn valid_items() -> impl Strategy<Value = Vec<Share>> {
        (
            prop::collection::vec(weight(), 1..8),
            any::<prop::sample::Index>(),
            amount(),
        )
            .prop_filter("some weight above 0", |(ws, _, _)| {
                ws.iter().any(|&w| w > 0)
            })
            .prop_map(|(ws, at, base)| {
                let at = at.index(ws.len());
                ws.iter()
                    .enumerate()
                    .map(|(i, &w)| wb(w, if i == at { base } else { 0 }))
                    .collect()
            })
    }

    /// Items with some weight above 0 and no base.
    fn weighted_items() -> impl Strategy<Value = Vec<Share>> {
        prop::collection::vec(weight(), 1..8)
            .prop_filter("some weight above 0", |ws| ws.iter().any(|&w| w > 0))
            .prop_map(|ws| ws.into_iter().map(w).collect())
    }

    /// Items (any bases) with at most two weights above 0 — where largest remainder is
    /// house-monotone.
    fn at_most_two_weighted() -> impl Strategy<Value = Vec<Share>> {
        any_items().prop_filter("at most two weighted items", |items| {
            items.iter().filter(|s| s.weight > 0).count() <= 2
        })
    }

    fn existing(len: usize) -> impl Strategy<Value = Vec<u32>> {
        prop::collection::vec(amount(), len)
    }

    fn with_existing(
        items: impl Strategy<Value = Vec<Share>>,
    ) -> impl Strategy<Value = (Vec<Share>, Vec<u32>)> {
        items.prop_flat_map(|items| {
            let len = items.len();
            (Just(items), existing(len))
        })
    }

    /// Items without a base, existing counts each at most the item's target for some total,
    /// and the count that makes up that total.
    fn below_target() -> impl Strategy<Value = (Vec<Share>, Vec<u32>, u32)> {
        (weighted_items(), 0..10_000u32).prop_flat_map(|(items, total)| {
            let target = split(&items, total);
            let existing: Vec<_> = target.iter().map(|&t| 0..=t).collect();
            (Just(items), existing).prop_map(move |(items, existing)| {
                let count = total - existing.iter().sum::<u32>();
                (items, existing, count)
            })
        })
    }

    fn the_base(items: &[Share]) -> Option<(usize, u32)> {
        items
            .iter()
            .position(|s| s.base > 0)
            .map(|i| (i, items[i].base))
    }

    proptest! {
        #[test]
        fn split_sums_to_count(items in any_items(), count in amount()) {
            prop_assert_eq!(sum(&split(&items, count)), u64::from(count));
        }

        #[test]
        fn base_honoured_when_count_allows(items in valid_items(), count in amount()) {
            let out = split(&items, count);
            if let Some((i, base)) = the_base(&items) {
                prop_assert!(out[i] >= base.min(count), "{out:?}");
            }
        }

        #[test]
        fn bases_are_taken_in_listed_order(items in any_items(), count in amount()) {
            let out = split(&items, count);
            let mut remaining = count;
            for (share, &got) in items.iter().zip(&out) {
                let base = share.base.min(remaining);
                prop_assert!(got >= base, "{out:?}");
                remaining -= base;
            }
        }

        #[test]
        fn no_base_share_within_one_of_exact_proportion(
            items in weighted_items(),
            count in amount(),
        ) {
            let out = split(&items, count);
            let total: u128 = items.iter().map(|s| u128::from(s.weight)).sum();
            for (share, &got) in items.iter().zip(&out) {
                // |got - count * w / W| < 1, in integers.
                let exact = u128::from(count) * u128::from(share.weight);
                prop_assert!(u128::from(got) * total < exact + total, "{out:?}");
                prop_assert!(u128::from(got) * total + total > exact, "{out:?}");
            }
        }

        #[test]
        fn weight_zero_without_base_gets_nothing(items in any_items(), count in amount()) {
            prop_assume!(items.iter().any(|s| s.weight > 0));
            let out = split(&items, count);
            for (share, &got) in items.iter().zip(&out) {
                if share.weight == 0 && share.base == 0 {
                    prop_assert_eq!(got, 0);
                }
            }
        }

        #[test]
        fn adding_a_task_never_takes_one_away(
            items in at_most_two_weighted(),
            count in 0..u32::MAX,
        ) {
            let before = split(&items, count);
            let after = split(&items, count + 1);
            for (b, a) in before.iter().zip(&after) {
                prop_assert!(a >= b, "{before:?} -> {after:?}");
            }
        }

        #[test]
        fn adding_a_task_takes_at_most_one_away(items in any_items(), count in 0..u32::MAX) {
            let before = split(&items, count);
            let after = split(&items, count + 1);
            for (&b, &a) in before.iter().zip(&after) {
                prop_assert!(u64::from(a) + 1 >= u64::from(b), "{before:?} -> {after:?}");
            }
        }

        #[test]
        fn split_with_existing_sums_to_count(
            (items, existing) in with_existing(any_items()),
            count in amount(),
        ) {
            let out = split_with_existing(&items, &existing, count);
            prop_assert_eq!(sum(&out), u64::from(count));
        }

        #[test]
        fn split_with_existing_honours_the_base_when_count_allows(
            (items, existing) in with_existing(valid_items()),
            count in amount(),
        ) {
            let out = split_with_existing(&items, &existing, count);
            if let Some((i, base)) = the_base(&items) {
                let lacking = base.saturating_sub(existing[i]);
                prop_assert!(out[i] >= lacking.min(count), "{out:?}");
            }
        }

        #[test]
        fn split_with_existing_weight_zero_without_base_gets_nothing(
            (items, existing) in with_existing(any_items()),
            count in amount(),
        ) {
            prop_assume!(items.iter().any(|s| s.weight > 0));
            let out = split_with_existing(&items, &existing, count);
            for (share, &got) in items.iter().zip(&out) {
                if share.weight == 0 && share.base == 0 {
                    prop_assert_eq!(got, 0);
                }
            }
        }

        #[test]
        fn split_with_existing_adding_a_task_never_takes_one_away(
            (items, existing) in with_existing(at_most_two_weighted()),
            count in 0..u32::MAX,
        ) {
            let before = split_with_existing(&items, &existing, count);
            let after = split_with_existing(&items, &existing, count + 1);
            for (b, a) in before.iter().zip(&after) {
                prop_assert!(a >= b, "{before:?} -> {after:?}");
            }
        }

        #[test]
        fn split_with_zero_existing_equals_split(items in any_items(), count in amount()) {
            let zeros = vec![0; items.len()];
            prop_assert_eq!(split_with_existing(&items, &zeros, count), split(&items, count));
            prop_assert_eq!(split_with_existing(&items, &[], count), split(&items, count));
        }

        #[test]
        fn split_with_existing_reaches_the_target_when_nothing_is_over(
            (items, existing, count) in below_target(),
        ) {
            let total = existing.iter().sum::<u32>() + count;
            let target = split(&items, total);
            let out = split_with_existing(&items, &existing, count);
            let totals: Vec<u32> = existing.iter().zip(&out).map(|(e, n)| e + n).collect();
            prop_assert_eq!(totals.as_slice(), target.as_slice());
        }

        #[test]
        fn split_with_existing_never_overshoots_the_target(
            items in weighted_items(),
            existing in prop::collection::vec(0..1000u32, 8),
            count in 0..1000u32,
        ) {
            let existing = &existing[..items.len()];
            let total = existing.iter().sum::<u32>() + count;
            let target = split(&items, total);
            let out = split_with_existing(&items, existing, count);
            for ((&e, &t), &n) in existing.iter().zip(&target).zip(&out) {
                prop_assert!(n == 0 || e + n <= t, "{existing:?} + {out:?} vs {target:?}");
            }
        }
    }
}
