use ecs_place_testkit::generate::case;
use ecs_place_testkit::harness::{parse, run_both};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use std::collections::BTreeMap;
fn main() {
    let mut runner = TestRunner::deterministic();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut placed = 0;
    for _ in 0..300 {
        let c = case().new_tree(&mut runner).unwrap().current();
        let (req, state) = match parse(&c.snapshot(), &c.request()) {
            Ok(x) => x,
            Err(e) => {
                *kinds.entry(format!("parse {e:?}")).or_default() += 1;
                continue;
            }
        };
        let both = run_both(&req, &state, &ecs_place::Options::with_seed(c.seed));
        match &both.fast {
            Ok(p) => {
                placed += p.outcome().tasks.len();
                *kinds
                    .entry(format!(
                        "ok tasks>0={} failures>0={}",
                        !p.outcome().tasks.is_empty(),
                        !p.outcome().failures.is_empty()
                    ))
                    .or_default() += 1;
            }
            Err(e) => {
                let m: String = e.message().chars().take(70).collect();
                *kinds.entry(format!("err {m}")).or_default() += 1;
            }
        }
        if let Some(d) = both.disagreement() {
            println!("DISAGREE {}", &d[..d.len().min(3000)]);
        }
    }
    for (k, v) in kinds {
        println!("{v:5} {k}");
    }
    println!("placed {placed}");
}
