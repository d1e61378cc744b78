//! Generated `memberOf` expressions (spec §3) over the generated attributes and every subject,
//! including the dynamic ones (`task:group`, `runningTasksCount`) that change as tasks are
//! placed. Expressions are always valid; operators and keywords vary in spelling.

use proptest::prelude::*;

use super::universe::{GROUPS, INSTANCE_TYPES, RACKS, REGISTERED_AT, SSD, STACKS, TIERS, ZONES};

/// A value quoted when it needs it (spaces, dots are fine bare).
fn value(text: &str) -> String {
    if text.contains(' ') || text.contains(':') {
        format!("\"{text}\"")
    } else {
        text.to_owned()
    }
}

fn list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|item| value(item)).collect();
    format!("[{}]", items.join(", "))
}

fn pick<'a>(items: &'a [&'a str]) -> impl Strategy<Value = &'a str> + 'a {
    (0..items.len()).prop_map(move |i| items[i])
}

fn pair<'a>(items: &'a [&'a str]) -> impl Strategy<Value = Vec<&'a str>> + 'a {
    (0..items.len(), 0..items.len()).prop_map(move |(a, b)| {
        let mut chosen = vec![items[a]];
        if b != a {
            chosen.push(items[b]);
        }
        chosen
    })
}

fn equality() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("=="), Just("!="), Just("equals"), Just("NOT_EQUALS")]
}

fn ordering() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(">"),
        Just(">="),
        Just("<"),
        Just("<="),
        Just("greater_than"),
        Just("less_than_equal"),
    ]
}

fn membership() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("in"), Just("!in"), Just("not_in"), Just("IN")]
}

fn attribute_leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        (equality(), pick(&STACKS))
            .prop_map(|(op, v)| format!("attribute:stack {op} {}", value(v))),
        (membership(), pair(&STACKS))
            .prop_map(|(op, vs)| format!("attribute:stack {op} {}", list(&vs))),
        prop_oneof![Just("exists"), Just("!exists"), Just("not_exists")]
            .prop_map(|op| format!("attribute:stack {op}")),
        (ordering(), pick(&TIERS)).prop_map(|(op, v)| format!("attribute:tier {op} {v}")),
        (equality(), pick(&RACKS)).prop_map(|(op, v)| format!("ATTRIBUTE:rack {op} {v}")),
        (membership(), pair(&ZONES))
            .prop_map(|(op, vs)| format!("attribute:ecs.availability-zone {op} {}", list(&vs))),
        (
            any::<bool>(),
            pick(&["m5.*", "t3\\..*", "c5.xlarge", "p3.*"])
        )
            .prop_map(|(negate, re)| {
                let op = if negate { "!~" } else { "=~" };
                format!("attribute:ecs.instance-type {op} \"{re}\"")
            }),
        (
            equality(),
            (0..INSTANCE_TYPES.len()).prop_map(|i| INSTANCE_TYPES[i].name)
        )
            .prop_map(|(op, v)| format!("attribute:ecs.instance-type {op} {v}")),
        Just(format!("attribute:{SSD} exists")),
        (membership(), pair(&["x86_64", "arm64"]))
            .prop_map(|(op, vs)| format!("attribute:ecs.cpu-architecture {op} {}", list(&vs))),
    ]
}

fn dynamic_leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        (equality(), pick(&GROUPS)).prop_map(|(op, g)| format!("task:group {op} {}", value(g))),
        pick(&GROUPS).prop_map(|g| format!("not(task:group == {})", value(g))),
        (membership(), pair(&GROUPS)).prop_map(|(op, gs)| format!("task:group {op} {}", list(&gs))),
        Just("task:group exists".to_owned()),
        (ordering(), 0u32..6).prop_map(|(op, n)| format!("runningTasksCount {op} {n}")),
        (equality(), 0u32..4).prop_map(|(op, n)| format!("RunningTasksCount {op} {n}")),
    ]
}

fn instance_leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        (ordering(), 55u32..85, 0u32..12)
            .prop_map(|(op, minor, patch)| format!("agentVersion {op} 1.{minor}.{patch}")),
        (ordering(), pick(&["1.70", "1"])).prop_map(|(op, v)| format!("agentVersion {op} {v}")),
        (
            ordering(),
            (0..REGISTERED_AT.len()).prop_map(|i| REGISTERED_AT[i])
        )
            .prop_map(|(op, at)| format!("registeredAt {op} {}", &at[..10])),
        (ordering(), Just("2023-06-18T22:28:28.5Z"))
            .prop_map(|(op, at)| format!("registeredAt {op} \"{at}\"")),
        (any::<bool>(), pick(&["i-[0-7].*", "mi-.*", "i-.*0"])).prop_map(|(negate, re)| {
            let op = if negate { "!~" } else { "=~" };
            format!("ec2InstanceId {op} \"{re}\"")
        }),
        (equality(), pick(&["true", "false", "TRUE"]))
            .prop_map(|(op, b)| format!("agentConnected {op} {b}")),
    ]
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => attribute_leaf(),
        3 => dynamic_leaf(),
        2 => instance_leaf(),
    ]
}

/// A valid expression of up to three levels of `and`/`or`/`not`.
pub fn expression() -> impl Strategy<Value = String> {
    leaf().boxed().prop_recursive(3, 8, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop_oneof![Just("and"), Just("&&"), Just("AND")],
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
            (
                inner.clone(),
                prop_oneof![Just("or"), Just("||"), Just("Or")],
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
            (prop_oneof![Just("not"), Just("!")], inner).prop_map(|(op, a)| format!("{op}({a})")),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    #[test]
    fn values_with_spaces_are_quoted_and_lists_are_comma_separated() {
        assert_eq!(value("qa env"), "\"qa env\"");
        assert_eq!(value("family:app"), "\"family:app\"");
        assert_eq!(value("prod"), "prod");
        assert_eq!(list(&["prod", "qa env"]), "[prod, \"qa env\"]");
    }

    #[test]
    fn generated_expressions_stay_within_the_length_limit() {
        let mut runner = TestRunner::deterministic();
        for _ in 0..200 {
            let text = expression()
                .new_tree(&mut runner)
                .map(|tree| tree.current());
            let text = text.unwrap_or_default();
            assert!(!text.trim().is_empty());
            assert!(text.chars().count() <= 2000, "{text}");
        }
    }
}
