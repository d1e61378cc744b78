//! Property tests, named after the law each checks.

use ecs_place_cql::{Predicate, parse};
use fixedbitset::FixedBitSet;
use proptest::prelude::*;

use crate::fixture::{Cluster, Instance};

const ATTRIBUTES: [&str; 3] = ["a", "b", "ecs.x"];
const TEXTS: [&str; 20] = [
    "1", "2", "10", "9", "-1.5", "-1.25", "1.0", "1.10", "1.1", "01", "-0", "1e3", "x", "y", "",
    "x y", "it's", "and", "not", "X",
];
const GROUPS: [&str; 7] = ["g1", "g2", "web", "10", "9", "-1.5", "service:api"];
const REGEXES: [&str; 6] = ["x.*", "1|2", "[0-9]+", ".*", "g.", "(?i)X"];
const VERSIONS: [&str; 8] = [
    "1", "1.2", "1.14.5", "1.9", "1.14.10", "2.0.0.1", "01.014", "1.14.0.0",
];
const INSTANTS: [(&str, i128); 4] = [
    ("2018-06-18", 1_529_280_000_000_000_000),
    ("2018-06-18T22:28:28Z", 1_529_360_908_000_000_000),
    ("2018-06-18T22:28:28.5+01:00", 1_529_357_308_500_000_000),
    ("2020-01-01T00:00:00", 1_577_836_800_000_000_000),
];

/// Writes a value bare or quoted, as the grammar allows.
fn value_text(value: &str, quote: bool) -> String {
    let bare = !value.is_empty() && value.chars().all(|c| !" '\"()[],&|!=<>~".contains(c));
    match (bare && !quote, value.contains('\'')) {
        (true, _) => value.to_owned(),
        (false, true) => format!("\"{value}\""),
        (false, false) => format!("'{value}'"),
    }
}

/// Picks one of two spellings, and a case for words.
fn spell(symbol: &str, word: &str, pick: u8) -> String {
    match pick % 4 {
        0 => symbol.to_owned(),
        1 => word.to_owned(),
        2 => word.to_uppercase(),
        _ => format!(" {symbol} "),
    }
}

/// One condition's text, valid for its subject.
fn condition() -> impl Strategy<Value = String> {
    let pick = any::<u8>();
    let texts = prop::sample::select(&TEXTS[..]);
    let list = prop::collection::vec((texts.clone(), any::<bool>()), 1..4).prop_map(|items| {
        let items: Vec<String> = items.iter().map(|(v, q)| value_text(v, *q)).collect();
        format!("[{}]", items.join(","))
    });
    let text_op = (
        pick,
        texts.clone(),
        any::<bool>(),
        list.clone(),
        prop::sample::select(&REGEXES[..]),
    )
        .prop_map(|(p, v, q, list, regex)| {
            let v = value_text(v, q);
            match p % 12 {
                0 => format!("{} {v}", spell("==", "equals", p / 12)),
                1 => format!("{} {v}", spell("!=", "not_equals", p / 12)),
                2 => format!("{} {v}", spell(">", "greater_than", p / 12)),
                3 => format!("{} {v}", spell(">=", "greater_than_equal", p / 12)),
                4 => format!("{} {v}", spell("<", "less_than", p / 12)),
                5 => format!("{} {v}", spell("<=", "less_than_equal", p / 12)),
                6 => spell("exists", "EXISTS", p / 12),
                7 => spell("!exists", "not_exists", p / 12),
                8 => format!("in {list}"),
                9 => format!("{} {list}", spell("!in", "not_in", p / 12)),
                10 => format!("{} '{regex}'", spell("=~", "matches", p / 12)),
                _ => format!("{} '{regex}'", spell("!~", "not_matches", p / 12)),
            }
        });
    let ordered = |values: &'static [&'static str]| {
        (any::<u8>(), prop::sample::select(values)).prop_map(|(p, v)| {
            let (symbol, word) = [
                ("==", "equals"),
                ("!=", "not_equals"),
                (">", "greater_than"),
                (">=", "greater_than_equal"),
                ("<", "less_than"),
                ("<=", "less_than_equal"),
            ][usize::from(p % 6)];
            format!("{} {v}", spell(symbol, word, p / 6))
        })
    };
    let instants: &'static [&'static str] = &[
        "2018-06-18",
        "2018-06-18T22:28:28Z",
        "2019-01-01T00:00:00+05:00",
        "2018-06-18T22:28:28.5+01:00",
        "2018-06-18T21:28:28.500000001Z",
        "2020-01-01T00:00:00",
    ];
    let counts: &'static [&'static str] = &["0", "1", "2", "03", "0010", "9"];
    prop_oneof![
        (prop::sample::select(&ATTRIBUTES[..]), text_op.clone())
            .prop_map(|(name, op)| format!("attribute:{name} {op}")),
        text_op.clone().prop_map(|op| format!("task:group {op}")),
        (prop::sample::select(&GROUPS[..]), any::<bool>())
            .prop_map(|(g, q)| format!("task:group == {}", value_text(g, q))),
        (
            any::<u8>(),
            prop::sample::select(&["i-1", "i-2", "I-1"][..]),
            prop::sample::select(&REGEXES[..])
        )
            .prop_map(|(p, id, regex)| {
                let word = p / 6;
                match p % 6 {
                    0 => format!("ec2InstanceId {} {id}", spell("==", "equals", word)),
                    1 => format!("ec2InstanceId {} {id}", spell("!=", "not_equals", word)),
                    2 => format!("ec2InstanceId in [{id}, i-9]"),
                    3 => format!("ec2InstanceId {} [{id}, i-9]", spell("!in", "not_in", word)),
                    4 => format!("ec2InstanceId {} '{regex}'", spell("=~", "matches", word)),
                    _ => format!(
                        "ec2InstanceId {} '{regex}'",
                        spell("!~", "not_matches", word)
                    ),
                }
            }),
        (any::<u8>(), any::<bool>(), any::<bool>()).prop_map(|(p, a, b)| {
            let word = p / 6;
            let upper = if b { "TRUE" } else { "False" };
            match p % 6 {
                0 => format!("agentConnected {} {a}", spell("==", "equals", word)),
                1 => format!("agentConnected {} {upper}", spell("!=", "not_equals", word)),
                2 => format!("agentConnected in [{a}, {upper}]"),
                3 => format!("agentConnected {} [{upper}]", spell("!in", "not_in", word)),
                4 => format!(
                    "agentConnected {} '{}.*'",
                    spell("=~", "matches", word),
                    if a { "t" } else { "f" }
                ),
                _ => format!(
                    "agentConnected {} '{}'",
                    spell("!~", "not_matches", word),
                    if a { "true" } else { "TRUE" }
                ),
            }
        }),
        ordered(&VERSIONS).prop_map(|op| format!("agentVersion {op}")),
        ordered(instants).prop_map(|op| format!("registeredAt {op}")),
        ordered(counts).prop_map(|op| format!("runningTasksCount {op}")),
    ]
}

/// Whole expressions: conditions combined with and/or/not and parentheses.
fn expression() -> impl Strategy<Value = String> {
    condition().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone(), any::<u8>()).prop_map(|(a, b, p)| {
                let op = ["and", "&&", "AND", "or", "||", "Or"][usize::from(p % 6)];
                format!("{a} {op} {b}")
            }),
            (inner.clone(), any::<u8>()).prop_map(|(a, p)| match p % 4 {
                0 => format!("not ({a})"),
                1 => format!("!({a})"),
                2 => format!("({a})"),
                _ => format!("NOT({a})"),
            }),
        ]
    })
}

fn instance() -> impl Strategy<Value = Instance> {
    let attribute = prop_oneof![
        Just(None),
        Just(Some(None)),
        prop::sample::select(&TEXTS[..]).prop_map(|v| Some(Some(v.to_owned()))),
    ];
    (
        prop::collection::vec(attribute, ATTRIBUTES.len()),
        prop::option::of(prop::sample::select(&["i-1", "i-2", "i-3", "I-1"][..])),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(
            &[
                "1.2",
                "1.14.5",
                "1.9.0",
                "2",
                "bad",
                "1.14.10",
                "1.14",
                "01.14.5.0",
                "v1.2",
            ][..],
        )),
        prop::option::of(prop::sample::select(&INSTANTS[..])),
        0_u64..12,
        prop::collection::vec(prop::sample::select(&GROUPS[..]), 0..3),
    )
        .prop_map(
            |(attributes, ec2, connected, version, registered, running, groups)| {
                let mut instance = Instance::named("i");
                for (name, value) in ATTRIBUTES.iter().zip(attributes) {
                    match value {
                        None => {}
                        Some(None) => instance = instance.bare_attr(name),
                        Some(Some(value)) => instance = instance.attr(name, &value),
                    }
                }
                instance.ec2 = ec2.map(str::to_owned);
                instance.connected = connected;
                instance.version = version.map(str::to_owned);
                instance.registered = registered.map(|(_, ns)| ns);
                instance.running = running;
                instance.groups = groups.into_iter().map(str::to_owned).collect();
                instance
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn canonical_print_round_trips(text in expression()) {
        let expr = parse(&text).map_err(|e| TestCaseError::fail(format!("`{text}`: {e}")))?;
        let printed = expr.to_string();
        let reparsed = parse(&printed).map_err(|e| TestCaseError::fail(format!("`{printed}`: {e}")))?;
        prop_assert_eq!(&reparsed, &expr);
        prop_assert_eq!(reparsed.to_string(), printed);
    }

    #[test]
    fn compiled_eval_matches_ast_eval(
        text in expression(),
        instances in prop::collection::vec(instance(), 0..12),
    ) {
        let expr = parse(&text).map_err(|e| TestCaseError::fail(format!("`{text}`: {e}")))?;
        let cluster = Cluster::new(instances.clone(), &GROUPS);
        // `select_expr` asserts interpreter == eval_one == eval_all.
        let selected = cluster.select_expr(&expr);
        // Binding `task:group` conditions by name lookup selects the same instances.
        let by_name = Cluster::new(instances, &GROUPS).with_group_lookup();
        prop_assert_eq!(by_name.select_expr(&expr), selected.clone());
        let predicate = Predicate::bind(&expr, &cluster);
        prop_assert_eq!(predicate.is_dynamic(), expr.is_dynamic() && predicate.static_matches().is_none());
        let mut everyone = FixedBitSet::with_capacity(cluster.instances.len());
        everyone.insert_range(..);
        let explained = predicate.explain(&cluster, &cluster, &everyone);
        prop_assert_eq!(explained[0].false_on(), cluster.instances.len() - selected.count_ones(..));
        prop_assert_eq!(explained.iter().filter(|e| e.is_condition()).count(), expr.conditions().len());
    }

    #[test]
    fn errors_never_panic_and_spans_lie_inside_input(
        pieces in prop::collection::vec(
            prop_oneof![
                prop::sample::select(&[
                    "attribute:x", "task:group", "agentVersion", "registeredAt", "runningTasksCount",
                    "agentConnected", "ec2InstanceId", "==", "!=", ">=", "<", "=~", "!~", "in", "!in",
                    "not_in", "exists", "!exists", "and", "&&", "or", "||", "not", "!", "(", ")", "[",
                    "]", ",", "'", "\"", " ", "1.2", "2018-01-01", "true", "x", "é", "\u{0}", "\t",
                ][..]).prop_map(str::to_owned),
                any::<char>().prop_map(String::from),
            ],
            0..40,
        ),
    ) {
        let text: String = pieces.concat();
        match parse(&text) {
            Ok(expr) => {
                let printed = expr.to_string();
                if printed.chars().count() <= ecs_place_cql::MAX_LEN {
                    prop_assert_eq!(parse(&printed).ok(), Some(expr));
                }
            }
            Err(error) => {
                let span = error.span();
                prop_assert!(span.start <= span.end && span.end <= text.len(), "{:?} in {:?}", span, text);
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                let prefix = format!("at byte {}: ", span.start);
                prop_assert!(error.to_string().starts_with(&prefix));
            }
        }
    }
}
