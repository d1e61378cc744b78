//! Explain mode (spec §6, last bullet; issue 4.4).

use ecs_place::Options;
use serde_json::json;

use crate::fixture::{inst, state, try_run};

#[test]
fn explanation_counts_reasons_and_false_sub_expressions() {
    let s = state(
        &[
            inst("a", "z", 4096, 4096).attr("stack", Some("dev")),
            inst("b", "z", 4096, 4096).attr("stack", Some("dev")),
            inst("c", "z", 4096, 4096),
            inst("d", "z", 64, 4096).attr("stack", Some("prod")),
            inst("e", "z", 4096, 4096)
                .attr("stack", Some("prod"))
                .attr("tier", Some("db")),
        ],
        &[],
    );
    let request = json!({"taskDefinition": "web", "count": 2, "placementConstraints": [
        {"type": "memberOf", "expression": "attribute:stack == prod and attribute:tier != db"}
    ]});
    let options = Options {
        seed: Some(1),
        explain: true,
        ..Options::default()
    };
    let placement = try_run(&request, &s, &options).expect("valid");
    assert!(placement.response().tasks.is_empty());
    let json: serde_json::Value = serde_json::from_str(&placement.to_json()).expect("json");
    assert_eq!(
        json["explanation"],
        json!({"unplaced": [{
            "position": 0,
            "candidates": 5,
            "rejected": {"RESOURCE:CPU": 1, "MemberOf placement constraint unsatisfied.": 4},
            "memberOf": [{
                "constraint": 1,
                "expression": "attribute:stack == prod and attribute:tier != db",
                "falseOn": [
                    {"expression": "attribute:stack == prod", "instances": 3},
                    // The first false operand of the `and` decides: `stack` on a, b, c;
                    // `tier` on e only.
                    {"expression": "attribute:tier != db", "instances": 1}
                ]
            }]
        }]})
    );
    // The keys keep the RunTask order, explanation last.
    let keys: Vec<&String> = json
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys.len(), 3);
    assert!(
        placement
            .to_json()
            .starts_with("{\"tasks\":[],\"failures\":[")
    );
}

#[test]
fn provisioning_buckets_are_explained_without_failures() {
    let s = state(&[inst("a1", "z", 100, 4096).provider("asg-a")], &[]);
    let request = json!({"taskDefinition": "web", "count": 1,
        "capacityProviderStrategy": [{"capacityProvider": "asg-a", "weight": 1}]});
    let options = Options {
        seed: Some(1),
        explain: true,
        ..Options::default()
    };
    let placement = try_run(&request, &s, &options).expect("valid");
    assert!(placement.response().failures.is_empty());
    let explanation = placement.explanation().expect("explain mode");
    assert_eq!(explanation.unplaced.len(), 1);
    let unplaced = &explanation.unplaced[0];
    assert_eq!(unplaced.capacity_provider.as_deref(), Some("asg-a"));
    assert_eq!(unplaced.rejected, [(ecs_place::outcome::Reason::Cpu, 1)]);
    // Without explain, no explanation key at all.
    let plain = try_run(&request, &s, &Options::with_seed(1)).expect("valid");
    assert!(plain.explanation().is_none());
    assert!(!plain.to_json().contains("explanation"));
}
