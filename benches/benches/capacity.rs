//! Criterion benches of the capacity-provider split on a 20-item strategy (the most spec §7.2
//! allows).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ecs_place_capacity::{Share, split, split_with_existing};

/// 20 items with assorted weights in 0..=1000 and one base, so that both steps and the
/// largest-remainder leftovers do real work.
fn twenty_items() -> Vec<Share> {
    (0..20u32)
        .map(|i| Share {
            weight: (i * 379 + 17) % 1001,
            base: if i == 3 { 50 } else { 0 },
        })
        .collect()
}

fn bench_split(c: &mut Criterion) {
    let items = twenty_items();
    let mut group = c.benchmark_group("capacity_split");
    for count in [10u32, 1_000, 100_000] {
        group.bench_with_input(BenchmarkId::new("split", count), &count, |b, &count| {
            b.iter(|| split(black_box(&items), black_box(count)));
        });
    }
    let existing: Vec<u32> = (0..20u32).map(|i| (i * 7919) % 400).collect();
    for count in [10u32, 1_000, 100_000] {
        group.bench_with_input(
            BenchmarkId::new("split_with_existing", count),
            &count,
            |b, &count| {
                b.iter(|| split_with_existing(black_box(&items), black_box(&existing), count));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_split);
criterion_main!(benches);
