use ecs_place_testkit::generate::case;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let h = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let mut runner = TestRunner::deterministic();
            for _ in 0..100 {
                let c = case().new_tree(&mut runner).unwrap().current();
                if which == "json" {
                    let _ = c.snapshot();
                    let _ = c.request();
                }
                if which == "place" {
                    let (r, s) =
                        ecs_place_testkit::harness::parse(&c.snapshot(), &c.request()).unwrap();
                    let _ = ecs_place_testkit::harness::run_both(
                        &r,
                        &s,
                        &ecs_place::Options::with_seed(1),
                    );
                }
            }
        })
        .unwrap();
    println!("{:?}", h.join().is_ok());
}
