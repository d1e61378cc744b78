//! Integration tests of the synthetic cluster generator.

mod stats;

use stats::Stats;

#[test]
fn print_stats() {
    for (n, seed) in [(1000, 1), (5000, 2), (50000, 3)] {
        let state = ecs_place_synth::generate_cluster(n, seed);
        let s = Stats::of(&state);
        let mut hist = [0usize; 9];
        for &t in &s.tasks_per_instance {
            hist[t] += 1;
        }
        println!(
            "{n}: cpu {:.3} mem {:.3} mean tasks {:.2} hist {:?} groups {} gpu {}",
            s.cpu_use(),
            s.memory_use(),
            s.mean_tasks(),
            hist,
            s.groups.len(),
            s.gpu_instances
        );
    }
}
