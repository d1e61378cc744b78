//! `Predicate::explain`: which sub-expressions were false, and on how many instances.

use ecs_place_cql::{Predicate, parse};
use fixedbitset::FixedBitSet;

use crate::fixture::{Cluster, Instance};

#[test]
fn explain_counts_false_instances_per_node_in_pre_order() {
    let cluster = Cluster::new(
        vec![
            Instance::named("t2-web")
                .attr("type", "t2.micro")
                .group("web"),
            Instance::named("t2-db")
                .attr("type", "t2.small")
                .group("db"),
            Instance::named("m5").attr("type", "m5.large"),
        ],
        &[],
    );
    let text = "attribute:type =~ t2.* and not(task:group == db)";
    let expr = parse(text).unwrap();
    let predicate = Predicate::bind(&expr, &cluster);
    let mut asked = FixedBitSet::with_capacity(3);
    asked.insert_range(..);
    let report = predicate.explain(&cluster, &cluster, &asked);
    let rows: Vec<(&str, usize, usize, bool, &str)> = report
        .iter()
        .map(|e| {
            (
                e.text(),
                e.depth(),
                e.false_on(),
                e.is_condition(),
                &text[e.span()],
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "attribute:type =~ t2.* and not task:group == db",
                0,
                2,
                false,
                text
            ),
            (
                "attribute:type =~ t2.*",
                1,
                1,
                true,
                "attribute:type =~ t2.*"
            ),
            ("not task:group == db", 1, 1, false, "not(task:group == db)"),
            // A parenthesised node's span includes its parentheses.
            ("task:group == db", 2, 2, true, "(task:group == db)"),
        ]
    );
    // Only the asked instances count.
    let mut only_m5 = FixedBitSet::with_capacity(3);
    only_m5.insert(2);
    let report = predicate.explain(&cluster, &cluster, &only_m5);
    let counts: Vec<usize> = report.iter().map(|e| e.false_on()).collect();
    assert_eq!(counts, [1, 1, 0, 1]);
}
