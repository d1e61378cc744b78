//! Criterion benches of placement (issue 6) on synthetic clusters of 1,000, 5,000 and 50,000
//! instances (`ecs_place_synth::generate_cluster`, seed 1) with the four benchmark requests
//! R1–R4 of `ecs_place_synth::bench_requests` (count 10 each).
//!
//! Per size, group `place/<instances>`:
//!
//! - `oneShot/rN`: `ecs_place::place` from the parsed request and snapshot to the response;
//! - `prebuilt/rN`: `ClusterIndex::place` (validate, resolve, compile, place) on an index built
//!   once, with a reused `Scratch`; placing never changes the index, so every iteration does
//!   the same work;
//! - `prebuiltCompiled/rN`: `ClusterIndex::place_compiled` with the request compiled once;
//! - `indexBuild`: `ClusterIndex::build_shared` with every attribute interned;
//! - `floor`: one pass over the remaining CPU and memory columns finding the best-fit
//!   instance for one 256-unit / 512-MiB task. The index keeps its columns private, so the
//!   pass runs on equivalent `Vec<u32>` columns extracted once in ARN order
//!   (`ecs_place_synth::floor::Columns`).
//!
//! Each size's fixture (snapshot, index, compiled requests) is built once, on the first bench
//! of its size that the filter selects. `cargo test --benches` runs every bench once (criterion's test mode).

use std::hint::black_box;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use ecs_place::{ClusterIndex, CompiledRequest, IndexOptions, Options, Scratch};
use ecs_place_model::ClusterState;
use ecs_place_synth::floor::Columns;
use ecs_place_synth::{BenchRequest, bench_requests, generate_cluster};

const SIZES: [usize; 3] = [1_000, 5_000, 50_000];
const SEED: u64 = 1;

/// Everything one size's benches share, built once.
struct Fixture {
    state: Arc<ClusterState>,
    index: ClusterIndex,
    requests: Vec<(BenchRequest, CompiledRequest)>,
    columns: Columns,
}

impl Fixture {
    fn new(instances: usize, options: &Options) -> Self {
        let state = Arc::new(generate_cluster(instances, SEED));
        let index = ClusterIndex::build_shared(Arc::clone(&state), &IndexOptions::default());
        let requests = bench_requests()
            .into_iter()
            .map(|bench| {
                let compiled = index
                    .compile(&bench.request, options)
                    .unwrap_or_else(|e| panic!("{} does not compile: {e}", bench.name));
                (bench, compiled)
            })
            .collect();
        let columns = Columns::of(&state);
        Self {
            state,
            index,
            requests,
            columns,
        }
    }
}

fn configure(group: &mut BenchmarkGroup<'_, WallTime>, instances: usize) {
    group.sample_size(20);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(if instances >= 50_000 {
        Duration::from_secs(4)
    } else {
        Duration::from_secs(1)
    });
}

fn bench_size(c: &mut Criterion, instances: usize) {
    let options = Options::with_seed(SEED);
    // Built on first use, so that a filtered run builds only the sizes it measures.
    let fixture: OnceLock<Fixture> = OnceLock::new();
    let fixture = || fixture.get_or_init(|| Fixture::new(instances, &options));
    let mut group = c.benchmark_group(format!("place/{instances}"));
    configure(&mut group, instances);
    group.bench_function("floor", |b| {
        let columns = &fixture().columns;
        b.iter(|| columns.best_fit(black_box(256), black_box(512)));
    });
    group.bench_function("indexBuild", |b| {
        let state = &fixture().state;
        b.iter(|| ClusterIndex::build_shared(Arc::clone(state), &IndexOptions::default()));
    });
    let mut scratch = Scratch::default();
    for (position, name) in bench_requests().map(|b| b.name).into_iter().enumerate() {
        group.bench_function(format!("prebuiltCompiled/{name}"), |b| {
            let fixture = fixture();
            let compiled = &fixture.requests[position].1;
            b.iter(|| {
                fixture
                    .index
                    .place_compiled(compiled, &options, &mut scratch)
            });
        });
        group.bench_function(format!("prebuilt/{name}"), |b| {
            let fixture = fixture();
            let request = &fixture.requests[position].0.request;
            b.iter(|| fixture.index.place(request, &options, &mut scratch));
        });
        group.bench_function(format!("oneShot/{name}"), |b| {
            let fixture = fixture();
            let request = &fixture.requests[position].0.request;
            b.iter(|| ecs_place::place(request, &fixture.state, &options));
        });
    }
    group.finish();
}

fn bench_place(c: &mut Criterion) {
    for instances in SIZES {
        bench_size(c, instances);
    }
}

criterion_group!(benches, bench_place);
criterion_main!(benches);
