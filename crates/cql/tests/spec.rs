//! Spec §3 of `PLACEMENT.md`, sentence by sentence: one test per rule, named after the
//! section it pins.

use ecs_place_cql::{Argument, ErrorKind, ExprView, MAX_DEPTH, MAX_LEN, Operator, Subject, parse};

use crate::fixture::{Cluster, Instance};

const NONE: [&str; 0] = [];

/// Parses text that must fail; returns its kind and the underlined text.
fn fail(text: &str) -> (ErrorKind, &str) {
    match parse(text) {
        Ok(expr) => panic!("`{text}` parsed as `{expr}`"),
        Err(error) => (error.kind(), &text[error.span()]),
    }
}

fn ok(text: &str) -> ecs_place_cql::Expr {
    parse(text).unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

/// The single condition of a one-condition expression.
fn condition(text: &str) -> (Subject, Operator, Vec<String>) {
    let expr = ok(text);
    let ExprView::Condition(condition) = expr.view() else {
        panic!("`{text}` is not one condition")
    };
    let values = condition
        .argument()
        .values()
        .iter()
        .map(|v| v.text().to_owned())
        .collect();
    (condition.subject().clone(), condition.operator(), values)
}

#[test]
fn s3_1_length_counts_scalar_values_with_surrounding_white_space() {
    let base = "attribute:x == ";
    let fill = |total: usize, pad: usize, ch: char| {
        let value: String = std::iter::repeat_n(ch, total - base.len() - 2 * pad).collect();
        format!("{}{base}{value}{}", " ".repeat(pad), "\t".repeat(pad))
    };
    for ch in ['a', 'é', '€', '😀'] {
        for pad in [0, 3] {
            let at_limit = fill(MAX_LEN, pad, ch);
            assert_eq!(at_limit.chars().count(), MAX_LEN);
            ok(&at_limit);
            let over = fill(MAX_LEN + 1, pad, ch);
            let error = parse(&over).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::TooLong, "{ch} {pad}");
            assert!(error.to_string().contains("2001 characters"), "{error}");
        }
    }
    // White space alone past the limit is still "too long", or empty; never accepted.
    assert!(parse(&" ".repeat(MAX_LEN + 1)).is_err());
    // Padding counts: 1990 characters of expression plus 11 spaces is too long.
    let text = format!("{}{}", fill(1990, 0, 'a'), " ".repeat(11));
    assert_eq!(parse(&text).unwrap_err().kind(), ErrorKind::TooLong);
}

#[test]
fn s3_1_empty_or_white_space_only_is_an_error() {
    for text in ["", " ", "\t", "\r\n", " \t\r\n "] {
        assert_eq!(fail(text).0, ErrorKind::Empty, "{text:?}");
    }
}

#[test]
fn s3_1_error_positions_are_byte_offsets() {
    let text = "attribute:é == 'ü' and attribute:ñ == a b";
    let error = parse(text).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ExtraArgument);
    let at = text.rfind(" b").unwrap() + 1;
    assert_eq!(error.span(), at..at + 1);
    assert!(error.to_string().starts_with(&format!("at byte {at}: ")));
    // A bad value after multibyte text.
    let text = "attribute:日本 == x and agentVersion < v1.2";
    let error = parse(text).unwrap_err();
    let at = text.find("v1.2").unwrap();
    assert_eq!(error.span(), at..at + 4);
    assert!(error.to_string().starts_with(&format!("at byte {at}: ")));
    // A syntax error after multibyte text.
    let text = "attribute:x == '😀' &";
    let error = parse(text).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Syntax);
    assert_eq!(error.span().start, text.len() - 1);
}

#[test]
fn s3_1_compound_operators_and_precedence() {
    let c = |t: &str| ok(t).to_string();
    assert_eq!(
        ok("attribute:a exists or attribute:b exists and attribute:c exists"),
        ok("attribute:a exists or (attribute:b exists and attribute:c exists)")
    );
    assert_eq!(
        ok("not attribute:a exists and attribute:b exists"),
        ok("(not attribute:a exists) and attribute:b exists")
    );
    assert_eq!(
        ok("! attribute:a exists && attribute:b exists || attribute:c exists"),
        ok("((not attribute:a exists) and attribute:b exists) or attribute:c exists")
    );
    assert_eq!(
        c("attribute:a exists || attribute:b exists && !attribute:c exists"),
        "attribute:a exists or attribute:b exists and not attribute:c exists"
    );
}

#[test]
fn s3_1_no_white_space_needed_next_to_symbols() {
    let cluster = Cluster::new(
        vec![
            Instance::named("prod").attr("stack", "prod").attr("x", "1"),
            Instance::named("dev").attr("stack", "dev").group("db"),
        ],
        &["db"],
    );
    assert_eq!(cluster.select("attribute:stack==prod"), ["prod"]);
    assert_eq!(cluster.select("attribute:stack!=prod"), ["dev"]);
    assert_eq!(cluster.select("attribute:stack>=prod"), ["prod"]);
    assert_eq!(cluster.select("attribute:stack<=dev"), ["dev"]);
    assert_eq!(cluster.select("attribute:stack>dev"), ["prod"]);
    assert_eq!(cluster.select("attribute:stack<prod"), ["dev"]);
    assert_eq!(cluster.select("attribute:stack=~p.*"), ["prod"]);
    assert_eq!(cluster.select("attribute:stack!~p.*"), ["dev"]);
    assert_eq!(cluster.select("attribute:stack=='prod'"), ["prod"]);
    assert_eq!(cluster.select("attribute:stack==\"prod\""), ["prod"]);
    assert_eq!(cluster.select("attribute:stack in[prod]"), ["prod"]);
    assert_eq!(cluster.select("attribute:stack !in[prod]"), ["dev"]);
    assert_eq!(
        cluster.select("(attribute:stack==prod)and(attribute:x exists)"),
        ["prod"]
    );
    assert_eq!(
        cluster.select("(attribute:stack==prod)or(attribute:x exists)"),
        ["prod"]
    );
    assert_eq!(
        cluster.select("attribute:stack==prod&&attribute:x exists"),
        ["prod"]
    );
    assert_eq!(
        cluster.select("attribute:stack==dev||attribute:x exists"),
        ["prod", "dev"]
    );
    assert_eq!(cluster.select("not(task:group == db)"), ["prod"]);
    assert_eq!(cluster.select("NOT(task:group==db)"), ["prod"]);
    assert_eq!(cluster.select("!attribute:x exists"), ["dev"]);
    assert_eq!(cluster.select("!(attribute:x exists)"), ["dev"]);
    assert_eq!(cluster.select("!!attribute:x exists"), ["prod"]);
    assert_eq!(
        cluster.select("attribute:stack in [ prod , dev ]"),
        ["prod", "dev"]
    );
    assert_eq!(
        cluster.select("attribute:stack in['prod','dev']"),
        ["prod", "dev"]
    );
    assert_eq!(cluster.select("(((attribute:x exists)))"), ["prod"]);
    assert_eq!(
        cluster.select("attribute:stack\t==\r\nprod"),
        ["prod"],
        "tab, carriage return and newline are white space"
    );
}

#[test]
fn s3_1_bang_operators_are_single_tokens() {
    assert_eq!(condition("attribute:x !in [a]").1, Operator::NotIn);
    assert_eq!(condition("attribute:x !exists").1, Operator::NotExists);
    assert_eq!(condition("attribute:x != a").1, Operator::Ne);
    assert_eq!(condition("attribute:x !~ a").1, Operator::NotMatches);
    assert_eq!(condition("attribute:x !IN [a]").1, Operator::NotIn);
    assert_eq!(condition("attribute:x !Exists").1, Operator::NotExists);
    // `! in` is `not` followed by `in`: never the operator `!in`.
    assert_eq!(fail("attribute:x ! in [a]").0, ErrorKind::Syntax);
    assert_eq!(fail("attribute:x ! exists").0, ErrorKind::Syntax);
    assert_eq!(fail("attribute:x ! = a").0, ErrorKind::Syntax);
    assert_eq!(fail("attribute:x ! ~ a").0, ErrorKind::Syntax);
    let (kind, underlined) = fail("! in == a");
    assert_eq!((kind, underlined), (ErrorKind::UnknownSubject, "in"));
    assert_eq!(fail("! in [a]").0, ErrorKind::Syntax);
    // `!` then a subject is `not`.
    let expr = ok("! attribute:x exists");
    assert!(matches!(expr.view(), ExprView::Not(_)));
    let (kind, underlined) = fail("!inx exists");
    assert_eq!((kind, underlined), (ErrorKind::UnknownSubject, "inx"));
    let (kind, underlined) = fail("!existsy exists");
    assert_eq!((kind, underlined), (ErrorKind::UnknownSubject, "existsy"));
}

#[test]
fn s3_1_case_insensitive_words_case_sensitive_names_and_values() {
    let cluster = Cluster::new(
        vec![
            Instance::named("lower")
                .attr("stack", "prod")
                .running(1)
                .group("g"),
            Instance::named("upper").attr("Stack", "Prod").running(0),
        ],
        &["g"],
    );
    assert_eq!(cluster.select("ATTRIBUTE:stack == prod"), ["lower"]);
    assert_eq!(cluster.select("Attribute:Stack == Prod"), ["upper"]);
    assert_eq!(cluster.select("attribute:stack == Prod"), NONE);
    assert_eq!(cluster.select("attribute:Stack == prod"), NONE);
    assert_eq!(cluster.select("attribute:STACK exists"), NONE);
    assert_eq!(cluster.select("RunningTasksCount == 1"), ["lower"]);
    assert_eq!(cluster.select("RUNNINGTASKSCOUNT == 1"), ["lower"]);
    assert_eq!(cluster.select("TASK:GROUP == g"), ["lower"]);
    assert_eq!(cluster.select("Task:Group == G"), NONE);
    assert_eq!(cluster.select("task:group IN [g]"), ["lower"]);
    assert_eq!(
        cluster.select("attribute:stack EXISTS AND NOT attribute:Stack Exists"),
        ["lower"]
    );
    assert_eq!(
        cluster.select("attribute:stack Not_In [x] Or attribute:Stack NOT_EXISTS"),
        ["lower"]
    );
    for (text, op) in [
        ("attribute:x EQUALS a", Operator::Eq),
        ("attribute:x Not_Equals a", Operator::Ne),
        ("attribute:x GREATER_THAN a", Operator::Gt),
        ("attribute:x Greater_Than_Equal a", Operator::Ge),
        ("attribute:x LESS_THAN a", Operator::Lt),
        ("attribute:x less_THAN_equal a", Operator::Le),
        ("attribute:x MATCHES a", Operator::Matches),
        ("attribute:x Not_Matches a", Operator::NotMatches),
        ("attribute:x Not_Exists", Operator::NotExists),
        ("attribute:x IN [a]", Operator::In),
        ("attribute:x NOT_IN [a]", Operator::NotIn),
    ] {
        assert_eq!(condition(text).1, op, "{text}");
    }
    for text in [
        "AgentVersion > 1",
        "AGENTCONNECTED == true",
        "ec2instanceid == i-1",
        "REGISTEREDAT > 2018-01-01",
    ] {
        ok(text);
    }
}

#[test]
fn s3_1_quoted_values() {
    assert_eq!(condition("attribute:x == 'a b'").2, ["a b"]);
    assert_eq!(condition("attribute:x == \"a b\"").2, ["a b"]);
    assert_eq!(condition("attribute:x == \"it's\"").2, ["it's"]);
    assert_eq!(condition("attribute:x == 'say \"hi\"'").2, ["say \"hi\""]);
    assert_eq!(condition("attribute:x == \"\"").2, [""]);
    assert_eq!(condition("attribute:x == ''").2, [""]);
    // No escapes: a backslash is an ordinary character.
    assert_eq!(condition(r"attribute:x == 'a\'").2, [r"a\"]);
    assert_eq!(
        fail(r"attribute:x == 'a\'b'").0,
        ErrorKind::UnterminatedQuote
    );
    // Symbols and keywords inside quotes are text.
    assert_eq!(
        condition("attribute:x == '(a|b) && [c], !d <e> ~f =g'").2,
        ["(a|b) && [c], !d <e> ~f =g"]
    );
    assert_eq!(condition("attribute:x in ['a,b', \"c]\"]").2, ["a,b", "c]"]);
    let cluster = Cluster::new(
        vec![
            Instance::named("empty").attr("x", ""),
            Instance::named("bare").bare_attr("x"),
        ],
        &[],
    );
    assert_eq!(cluster.select("attribute:x == \"\""), ["empty"]);
}

#[test]
fn s3_1_bare_value_character_set() {
    // Everything but white space, quotes, ( ) [ ] , & | ! = < > ~ may be bare.
    for value in [
        "t2.*",
        "a:b/c\\d",
        "@#$%^*+?{}.;`",
        "2018-06-18T22:28:28+00:00",
        "é日本😀",
        "a\u{a0}b",
        "^x$",
        "-1.5",
    ] {
        assert_eq!(
            condition(&format!("attribute:x == {value}")).2,
            [value],
            "{value}"
        );
    }
    for symbol in [
        "'", "\"", "(", ")", "[", "]", ",", "&", "|", "!", "=", "<", ">", "~",
    ] {
        let text = format!("attribute:x == a{symbol}b");
        assert!(parse(&text).is_err(), "{text}");
        let quoted = if symbol == "'" {
            format!("attribute:x == \"a{symbol}b\"")
        } else {
            format!("attribute:x == 'a{symbol}b'")
        };
        assert_eq!(condition(&quoted).2, [format!("a{symbol}b")], "{quoted}");
    }
    // A value with white space must be quoted.
    assert_eq!(fail("attribute:x == a b").0, ErrorKind::ExtraArgument);
}

#[test]
fn s3_1_token_after_a_one_value_operator_is_a_value() {
    for op in [
        "==",
        "!=",
        ">",
        ">=",
        "<",
        "<=",
        "=~",
        "!~",
        "equals",
        "NOT_EQUALS",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "matches",
        "not_matches",
    ] {
        for word in [
            "and",
            "or",
            "not",
            "in",
            "exists",
            "!in",
            "not_in",
            "AND",
            "Not",
            "not_exists",
        ] {
            let valid = !word.starts_with('!');
            let text = format!("attribute:x {op} {word}");
            if valid {
                let (_, _, values) = condition(&text);
                assert_eq!(values, [word], "{text}");
                let text = format!("attribute:x {op} {word} and attribute:y exists");
                assert!(
                    matches!(ok(&text).view(), ExprView::And(items) if items.len() == 2),
                    "{text}"
                );
                let text = format!("attribute:x {op} {word} or attribute:y exists");
                assert!(
                    matches!(ok(&text).view(), ExprView::Or(items) if items.len() == 2),
                    "{text}"
                );
            } else {
                assert!(parse(&text).is_err(), "{text}");
            }
        }
    }
    let cluster = Cluster::new(
        vec![
            Instance::named("and").attr("x", "and"),
            Instance::named("not").attr("x", "not"),
        ],
        &[],
    );
    assert_eq!(cluster.select("attribute:x == and"), ["and"]);
    assert_eq!(cluster.select("attribute:x == not"), ["not"]);
    assert_eq!(cluster.select("attribute:x != not"), ["and"]);
    assert_eq!(
        cluster.select("attribute:x == in or attribute:x == exists"),
        NONE
    );
}

#[test]
fn s3_1_lists() {
    assert_eq!(condition("attribute:x in [a]").2, ["a"]);
    assert_eq!(condition("attribute:x in [a,b]").2, ["a", "b"]);
    assert_eq!(condition("attribute:x in [ a , b ]").2, ["a", "b"]);
    assert_eq!(condition("attribute:x in [\ta,\nb\r]").2, ["a", "b"]);
    assert_eq!(condition("attribute:x in ['', \"\"]").2, ["", ""]);
    assert_eq!(
        condition("attribute:x in [and, or, not, in]").2,
        ["and", "or", "not", "in"]
    );
    assert_eq!(fail("attribute:x in []").0, ErrorKind::EmptyList);
    assert_eq!(fail("attribute:x in [ ]").0, ErrorKind::EmptyList);
    assert_eq!(fail("attribute:x in [a,]").0, ErrorKind::Syntax);
    assert_eq!(fail("attribute:x in [a, ]").0, ErrorKind::Syntax);
    assert_eq!(fail("attribute:x in [,a]").0, ErrorKind::Syntax);
    assert_eq!(fail("attribute:x in [a,,b]").0, ErrorKind::Syntax);
    assert_eq!(fail("attribute:x in [a b]").0, ErrorKind::Syntax);
    assert_eq!(fail("attribute:x in [[a]]").0, ErrorKind::Syntax);
    assert_eq!(fail("attribute:x in [a").0, ErrorKind::UnterminatedList);
    assert_eq!(fail("attribute:x in a").0, ErrorKind::ArgumentMismatch);
    assert_eq!(fail("attribute:x == [a]").0, ErrorKind::ArgumentMismatch);
}

#[test]
fn s3_1_nesting_counts_parentheses_and_nots() {
    let c = "attribute:x exists";
    let parens = |n: usize| format!("{}{c}{}", "(".repeat(n), ")".repeat(n));
    let nots = |n: usize| format!("{}{c}", "not ".repeat(n));
    let bangs = |n: usize| format!("{}{c}", "!".repeat(n));
    // Odd mixes: a `not` outside, alternating inside.
    let mixed = |n: usize| {
        let mut open = String::new();
        let mut close = String::new();
        for i in 0..n {
            if i % 3 == 0 {
                open.push('(');
                close.push(')');
            } else if i % 3 == 1 {
                open.push_str("not ");
            } else {
                open.push('!');
            }
        }
        format!("{open}{c}{close}")
    };
    let not_parens = |n: usize| {
        // `not(` is two levels.
        let pairs = n / 2;
        let extra = if n % 2 == 1 { "!" } else { "" };
        format!("{extra}{}{c}{}", "not(".repeat(pairs), ")".repeat(pairs))
    };
    for build in [
        &parens as &dyn Fn(usize) -> String,
        &nots,
        &bangs,
        &mixed,
        &not_parens,
    ] {
        let text = build(MAX_DEPTH);
        ok(&text);
        let text = build(MAX_DEPTH + 1);
        assert_eq!(fail(&text).0, ErrorKind::TooDeep, "{text}");
    }
    // A flat chain adds no level, and siblings do not add up.
    let chain = |n: usize| {
        let inner = vec![c; 20].join(" and ");
        let inner = format!("{inner} or {}", vec![c; 20].join(" || "));
        format!("{}{inner}{}", "(".repeat(n), ")".repeat(n))
    };
    ok(&chain(MAX_DEPTH));
    assert_eq!(fail(&chain(MAX_DEPTH + 1)).0, ErrorKind::TooDeep);
    let siblings = format!(
        "{} and {} or {}",
        parens(MAX_DEPTH),
        nots(MAX_DEPTH),
        mixed(MAX_DEPTH)
    );
    ok(&siblings);
    // The 65th level is reported where it opens.
    let text = format!("attribute:é exists and {}", parens(MAX_DEPTH + 1));
    let error = parse(&text).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooDeep);
    let at = text.find('(').unwrap() + MAX_DEPTH;
    assert_eq!(error.span(), at..at + 1);
}

#[test]
fn s3_1_operator_table_and_arity() {
    let table = [
        ("==", "equals", Operator::Eq),
        ("!=", "not_equals", Operator::Ne),
        (">", "greater_than", Operator::Gt),
        (">=", "greater_than_equal", Operator::Ge),
        ("<", "less_than", Operator::Lt),
        ("<=", "less_than_equal", Operator::Le),
        ("=~", "matches", Operator::Matches),
        ("!~", "not_matches", Operator::NotMatches),
    ];
    for (symbol, word, op) in table {
        assert_eq!(condition(&format!("attribute:x {symbol} 1")).1, op);
        assert_eq!(condition(&format!("attribute:x {word} 1")).1, op);
        assert_eq!(
            condition(&format!("attribute:x {word} 1")),
            condition(&format!("attribute:x {symbol} 1"))
        );
        assert_eq!(
            fail(&format!("attribute:x {symbol}")).0,
            ErrorKind::MissingArgument
        );
        assert_eq!(
            fail(&format!("attribute:x {word}")).0,
            ErrorKind::MissingArgument
        );
        assert_eq!(
            fail(&format!("attribute:x {symbol} [1]")).0,
            ErrorKind::ArgumentMismatch
        );
        assert_eq!(
            fail(&format!("attribute:x {symbol} 1 2")).0,
            ErrorKind::ExtraArgument
        );
    }
    for (spelled, op) in [
        ("exists", Operator::Exists),
        ("!exists", Operator::NotExists),
        ("not_exists", Operator::NotExists),
    ] {
        let (_, got, values) = condition(&format!("attribute:x {spelled}"));
        assert_eq!((got, values.len()), (op, 0));
        assert_eq!(
            fail(&format!("attribute:x {spelled} 1")).0,
            ErrorKind::ExtraArgument
        );
        assert_eq!(
            fail(&format!("attribute:x {spelled} [1]")).0,
            ErrorKind::ExtraArgument
        );
    }
    for (spelled, op) in [
        ("in", Operator::In),
        ("!in", Operator::NotIn),
        ("not_in", Operator::NotIn),
    ] {
        assert_eq!(condition(&format!("attribute:x {spelled} [1]")).1, op);
        assert_eq!(
            fail(&format!("attribute:x {spelled}")).0,
            ErrorKind::MissingArgument
        );
        assert_eq!(
            fail(&format!("attribute:x {spelled} 1")).0,
            ErrorKind::ArgumentMismatch
        );
        assert_eq!(
            fail(&format!("attribute:x {spelled} [1] [2]")).0,
            ErrorKind::ExtraArgument
        );
    }
    assert!(matches!(
        ok("attribute:x exists").view(),
        ExprView::Condition(c) if *c.argument() == Argument::None
    ));
}

/// A valid argument for each operator and subject, to test acceptance alone.
fn argument_for(subject: &str, op: Operator) -> &'static str {
    let one = match subject {
        "agentVersion" => "1.2.3",
        "registeredAt" => "2018-06-18",
        "runningTasksCount" => "3",
        "agentConnected" => "true",
        _ => "x",
    };
    match (op, one) {
        (Operator::Exists | Operator::NotExists, _) => "",
        (Operator::In | Operator::NotIn, "true") => "[true]",
        (Operator::In | Operator::NotIn, "1.2.3") => "[1.2.3]",
        (Operator::In | Operator::NotIn, "2018-06-18") => "[2018-06-18]",
        (Operator::In | Operator::NotIn, "3") => "[3]",
        (Operator::In | Operator::NotIn, _) => "[x]",
        (Operator::Matches | Operator::NotMatches, _) => "'t.*'",
        _ => one,
    }
}

#[test]
fn s3_2_subject_operator_table() {
    use Operator::*;
    let all = Operator::ALL.to_vec();
    let table: [(&str, Vec<Operator>); 7] = [
        ("attribute:stack", all.clone()),
        ("task:group", all),
        (
            "ec2InstanceId",
            vec![Eq, Ne, In, NotIn, Matches, NotMatches],
        ),
        (
            "agentConnected",
            vec![Eq, Ne, In, NotIn, Matches, NotMatches],
        ),
        ("agentVersion", vec![Eq, Ne, Gt, Ge, Lt, Le]),
        ("registeredAt", vec![Eq, Ne, Gt, Ge, Lt, Le]),
        ("runningTasksCount", vec![Eq, Ne, Gt, Ge, Lt, Le]),
    ];
    for (subject, accepted) in &table {
        for op in Operator::ALL {
            for spelled in [op.symbol(), op.word()] {
                let text = format!("{subject} {spelled} {}", argument_for(subject, op));
                if accepted.contains(&op) {
                    let (_, got, _) = condition(text.trim_end());
                    assert_eq!(got, op, "{text}");
                } else {
                    let (kind, underlined) = fail(text.trim_end());
                    assert_eq!(
                        (kind, underlined),
                        (ErrorKind::OperatorNotAccepted, spelled),
                        "{text}"
                    );
                }
            }
        }
    }
}

#[test]
fn s3_2_agent_version_values() {
    for good in [
        "1",
        "1.2",
        "1.2.3",
        "1.2.3.4",
        "01.002.0003",
        "0",
        "18446744073709551615",
        "18446744073709551615.18446744073709551615.0.0",
        "'1.14.5'",
    ] {
        ok(&format!("agentVersion > {good}"));
    }
    for bad in [
        "v1.2",
        "1.0-beta",
        "1.2.3.4.5",
        "1.",
        ".1",
        "1..2",
        "''",
        "18446744073709551616",
        "1.18446744073709551616",
        "+1",
        "-1",
        "1.2a",
        "' 1.2'",
        "1.2 ",
        "١",
    ] {
        let text = format!("agentVersion > {bad}");
        let text = if bad == "1.2 " {
            "agentVersion > '1.2 '".to_owned()
        } else {
            text
        };
        let (kind, _) = fail(&text);
        assert_eq!(kind, ErrorKind::BadValue, "{text}");
    }
}

#[test]
fn s3_2_registered_at_values() {
    for good in [
        "2018-06-18T22:28:28+00:00",
        "2018-06-18T22:28:28-08:00",
        "2018-06-18T22:28:28+05:30",
        "2018-06-18T22:28:28+23:59",
        "2018-06-18T22:28:28Z",
        "2018-06-18T22:28:28",
        "2018-06-18",
        "2018-06-18T22:28:28.1",
        "2018-06-18T22:28:28.123456789",
        "2018-06-18T22:28:28.5Z",
        "2018-06-18T22:28:28.123456789+01:00",
        "2020-02-29",
        "2000-02-29T00:00:00Z",
        "2018-12-31T23:59:59Z",
        "'2018-06-18T22:28:28Z'",
    ] {
        ok(&format!("registeredAt < {good}"));
    }
    for bad in [
        "2018-02-30",
        "2019-02-29",
        "1900-02-29",
        "2018-04-31",
        "2018-00-10",
        "2018-13-01",
        "2018-06-00",
        "2018-06-18T25:00:00",
        "2018-06-18T24:00:00",
        "2018-06-18T23:60:00",
        "2018-06-18T23:59:60",
        "2018-06-18t22:28:28",
        "2018-06-18T22:28:28z",
        "2018-06-18T22:28:28.",
        "2018-06-18T22:28:28.1234567890",
        "2018-06-18T22:28:28+0000",
        "2018-06-18T22:28:28+00",
        "2018-06-18T22:28:28+24:00",
        "2018-06-18T22:28:28+00:60",
        "2018-06-18T22:28:28Z+00:00",
        "2018-06-18T22:28",
        "2018-06-18T",
        "2018-06-18Z",
        "2018-6-18",
        "18-06-18",
        "2018/06/18",
        "'2018-06-18 22:28:28'",
        "1529360908",
        "yesterday",
    ] {
        let text = format!("registeredAt < {bad}");
        assert_eq!(fail(&text).0, ErrorKind::BadValue, "{text}");
    }
}

#[test]
fn s3_2_running_tasks_count_and_agent_connected_values() {
    for good in ["0", "1", "007", "4294967295", "0004294967295"] {
        ok(&format!("runningTasksCount >= {good}"));
    }
    for bad in [
        "-1",
        "1e3",
        "+1",
        "1.0",
        "4294967296",
        "99999999999999999999",
        "''",
        "x",
        "0x10",
    ] {
        let text = format!("runningTasksCount >= {bad}");
        assert_eq!(fail(&text).0, ErrorKind::BadValue, "{text}");
    }
    for good in ["true", "false", "TRUE", "False", "tRuE", "'true'"] {
        ok(&format!("agentConnected == {good}"));
        ok(&format!("agentConnected in [{good}, false]"));
    }
    for bad in ["yes", "no", "1", "0", "t", "''", "truee"] {
        let text = format!("agentConnected == {bad}");
        assert_eq!(fail(&text).0, ErrorKind::BadValue, "{text}");
        let text = format!("agentConnected !in [true, {bad}]");
        let (kind, underlined) = fail(&text);
        assert_eq!((kind, underlined), (ErrorKind::BadValue, bad), "{text}");
    }
    // Regexes over agentConnected are compiled, not read as booleans.
    ok("agentConnected =~ 'yes|t.*'");
}

#[test]
fn s3_2_unknown_subjects_suggest_the_closest() {
    for (text, suggestion) in [
        ("agentVersio < 1", "agentVersion"),
        ("agentconected == true", "agentConnected"),
        ("registerdAt < 2018-01-01", "registeredAt"),
        ("runningTaskCount > 1", "runningTasksCount"),
        ("ec2InstanceID == i-1", ""),
        ("task:groups == x", "task:group"),
        ("attributes:stack == x", "attribute:stack"),
        ("attribute.stack == x", "attribute:stack"),
        ("attributestack == x", "attribute:stack"),
        ("Attribute_ecs.os-type == linux", "attribute:ecs.os-type"),
        ("attrib:stack == x", "attribute:stack"),
        ("ecs.os-type == linux", "attribute:ecs.os-type"),
        ("taskgroup == x", "task:group"),
        ("task-group == x", "task:group"),
        ("group == x", "task:group"),
        ("instanceId == i-1", "ec2InstanceId"),
        ("connected == true", "agentConnected"),
    ] {
        let result = parse(text);
        if suggestion.is_empty() {
            // Case-insensitive: this one is a valid subject.
            assert!(result.is_ok(), "{text}");
            continue;
        }
        let error = result.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::UnknownSubject, "{text}");
        assert_eq!(
            error.help(),
            Some(format!("did you mean `{suggestion}`?").as_str()),
            "{text}"
        );
        assert_eq!(error.span().start, 0);
    }
    assert_eq!(fail("attribute: == x").0, ErrorKind::UnknownSubject);
}

#[test]
fn s3_2_bad_regexes_are_errors() {
    for bad in [
        "'(a'",
        "'a)'",
        r"'(a)\1'",
        "'(?=a)'",
        "'(?<=a)b'",
        "'a{1000}{1000}{1000}'",
        "'['",
    ] {
        let text = format!("attribute:x =~ {bad}");
        let (kind, underlined) = fail(&text);
        assert_eq!((kind, underlined), (ErrorKind::BadRegex, bad), "{text}");
        let text = format!("task:group !~ {bad}");
        assert_eq!(fail(&text).0, ErrorKind::BadRegex, "{text}");
    }
}

fn semantics_cluster() -> Cluster {
    Cluster::new(
        vec![
            Instance::named("full")
                .attr("stack", "prod")
                .attr("n", "10")
                .ec2("i-1")
                .connected(true)
                .version("1.14.5")
                .registered(1_529_360_908, 1)
                .running(2)
                .group("a")
                .group("b"),
            Instance::named("valueless")
                .bare_attr("stack")
                .bare_attr("n"),
            Instance::named("missing"),
        ],
        &["a", "b", "c"],
    )
}

#[test]
fn s3_3_missing_and_valueless_fields() {
    let c = semantics_cluster();
    assert_eq!(c.select("attribute:stack exists"), ["full", "valueless"]);
    assert_eq!(c.select("attribute:stack !exists"), ["missing"]);
    assert_eq!(c.select("attribute:stack not_exists"), ["missing"]);
    for op in [
        "== prod",
        "!= prod",
        "!= x",
        "> a",
        ">= a",
        "< zzz",
        "<= zzz",
        "=~ '.*'",
        "!~ x",
        "in [prod, x]",
        "!in [x]",
        "== ''",
        "!= ''",
    ] {
        let text = format!("attribute:stack {op}");
        let want: &[&str] = match op {
            "== prod" | "> a" | ">= a" | "< zzz" | "<= zzz" | "=~ '.*'" | "!~ x"
            | "in [prod, x]" | "!in [x]" | "!= x" | "!= ''" => &["full"],
            _ => &[],
        };
        assert_eq!(c.select(&text), want, "{text}");
        let negated = format!("not attribute:stack {op}");
        let mut rest: Vec<&str> = ["full", "valueless", "missing"]
            .into_iter()
            .filter(|n| !want.contains(n))
            .collect();
        rest.sort_unstable();
        let mut got = c.select(&negated);
        got.sort_unstable();
        assert_eq!(got, rest, "{negated}");
    }
    for text in [
        "ec2InstanceId == i-1",
        "ec2InstanceId != i-9",
        "ec2InstanceId in [i-1]",
        "ec2InstanceId !in [i-9]",
        "ec2InstanceId =~ '.*'",
        "ec2InstanceId !~ x",
        "agentConnected == true",
        "agentConnected != false",
        "agentConnected in [true]",
        "agentConnected !in [false]",
        "agentConnected =~ '.*'",
        "agentConnected !~ x",
        "agentVersion == 1.14.5",
        "agentVersion != 1",
        "agentVersion > 0",
        "agentVersion >= 0",
        "agentVersion < 99",
        "agentVersion <= 99",
        "registeredAt == '2018-06-18T22:28:28.000000001Z'",
        "registeredAt != 2000-01-01",
        "registeredAt > 2000-01-01",
        "registeredAt >= 2000-01-01",
        "registeredAt < 2100-01-01",
        "registeredAt <= 2100-01-01",
    ] {
        assert_eq!(c.select(text), ["full"], "{text}");
    }
    assert_eq!(
        c.select("not agentConnected == true"),
        ["valueless", "missing"]
    );
}

#[test]
fn s3_3_equality_is_exact_ordering_is_decimal_or_bytewise() {
    let values = [
        "10", "9", "-1.5", "-1.25", "1.10", "1.1", "01", "1", "1e3", "+1", ".5", "1.", "abc", "-0",
        "0",
    ];
    let c = Cluster::new(
        values
            .iter()
            .map(|v| Instance::named(v).attr("n", v))
            .collect(),
        &[],
    );
    assert_eq!(c.select("attribute:n == 1.1"), ["1.1"]);
    assert_eq!(c.select("attribute:n == 1"), ["1"]);
    assert_eq!(c.select("attribute:n in [1, 0]"), ["1", "0"]);
    assert_eq!(c.select("attribute:n != 1.1").len(), values.len() - 1);
    assert_eq!(
        c.select("attribute:n >= 1.1"),
        ["10", "9", "1.10", "1.1", "1e3", "abc"]
    );
    assert_eq!(
        c.select("attribute:n <= 1.1"),
        [
            "-1.5", "-1.25", "1.10", "1.1", "01", "1", "+1", ".5", "1.", "-0", "0"
        ]
    );
    assert_eq!(c.select("attribute:n > 9"), ["10", "abc"]);
    assert_eq!(c.select("attribute:n < -1.25"), ["-1.5", "+1"]);
    assert_eq!(
        c.select("attribute:n > -1.5"),
        [
            "10", "9", "-1.25", "1.10", "1.1", "01", "1", "1e3", ".5", "1.", "abc", "-0", "0"
        ]
    );
    assert_eq!(
        c.select("attribute:n <= 0"),
        ["-1.5", "-1.25", "+1", ".5", "-0", "0"]
    );
    assert_eq!(
        c.select("attribute:n >= 1 and attribute:n <= 1"),
        ["01", "1"]
    );
    // Literal not decimal: byte-wise for every value.
    assert_eq!(c.select("attribute:n > 1e2"), ["9", "1e3", "abc"]);
    assert_eq!(
        c.select("attribute:n < '1.'"),
        ["-1.5", "-1.25", "01", "1", "+1", ".5", "-0", "0"]
    );
}

#[test]
fn s3_3_versions_instants_counts_booleans_compare_as_such() {
    let c = Cluster::new(
        [
            "1.9.0", "1.14.5", "1.14.10", "1.14", "1.14.0.0", "01.014", "2", "x1",
        ]
        .iter()
        .map(|v| Instance::named(v).version(v))
        .collect(),
        &[],
    );
    assert_eq!(
        c.select("agentVersion < 1.14.5"),
        ["1.9.0", "1.14", "1.14.0.0", "01.014"]
    );
    assert_eq!(c.select("agentVersion > 1.14.5"), ["1.14.10", "2"]);
    assert_eq!(
        c.select("agentVersion == 1.14"),
        ["1.14", "1.14.0.0", "01.014"]
    );
    assert_eq!(
        c.select("agentVersion == 1.14.0"),
        ["1.14", "1.14.0.0", "01.014"]
    );
    assert_eq!(
        c.select("agentVersion != 1.14"),
        ["1.9.0", "1.14.5", "1.14.10", "2"]
    );
    assert_eq!(c.select("agentVersion >= 2.0.0.0"), ["2"]);
    let at = 1_529_360_908;
    let c = Cluster::new(
        vec![
            Instance::named("before").registered(at, 0),
            Instance::named("after").registered(at, 1),
            Instance::named("ms").registered(at, 500_000_000),
        ],
        &[],
    );
    assert_eq!(
        c.select("registeredAt > 2018-06-18T22:28:28Z"),
        ["after", "ms"]
    );
    assert_eq!(c.select("registeredAt == 2018-06-18T22:28:28"), ["before"]);
    assert_eq!(
        c.select("registeredAt == 2018-06-19T00:28:28+02:00"),
        ["before"]
    );
    assert_eq!(c.select("registeredAt == 2018-06-18T22:28:28.5Z"), ["ms"]);
    assert_eq!(
        c.select("registeredAt <= 2018-06-18T22:28:28.000000001"),
        ["before", "after"]
    );
    assert_eq!(
        c.select("registeredAt > 2018-06-18"),
        ["before", "after", "ms"]
    );
    assert_eq!(
        c.select("registeredAt < 2018-06-19"),
        ["before", "after", "ms"]
    );
    let c = Cluster::new(
        vec![
            Instance::named("9").running(9),
            Instance::named("10").running(10),
        ],
        &[],
    );
    assert_eq!(c.select("runningTasksCount > 9"), ["10"]);
    assert_eq!(c.select("runningTasksCount == 0010"), ["10"]);
    assert_eq!(c.select("runningTasksCount < 10"), ["9"]);
}

#[test]
fn s3_3_regex_matches_the_whole_value() {
    let c = Cluster::new(
        vec![
            Instance::named("t2")
                .attr("type", "t2.micro")
                .ec2("i-12")
                .group("web-1"),
            Instance::named("xt2")
                .attr("type", "xt2.micro")
                .ec2("xi-12")
                .group("xweb-1"),
        ],
        &[],
    );
    assert_eq!(c.select("attribute:type =~ t2.*"), ["t2"]);
    assert_eq!(c.select("attribute:type =~ t2"), NONE);
    assert_eq!(c.select("attribute:type !~ t2.*"), ["xt2"]);
    assert_eq!(c.select("attribute:type =~ 't2|xt2.micro'"), ["xt2"]);
    assert_eq!(c.select("ec2InstanceId =~ i-.*"), ["t2"]);
    assert_eq!(c.select("ec2InstanceId !~ i-.*"), ["xt2"]);
    assert_eq!(c.select("task:group =~ web.*"), ["t2"]);
    assert_eq!(c.select("task:group !~ web.*"), ["xt2"]);
}

#[test]
fn s3_3_task_group_is_existential_over_counted_tasks() {
    let c = Cluster::new(
        vec![
            Instance::named("ab").group("a").group("b"),
            Instance::named("a").group("a"),
            Instance::named("aa").group("a").group("a"),
            Instance::named("none"),
        ],
        &["a", "b", "c"],
    );
    assert_eq!(c.select("task:group == a"), ["ab", "a", "aa"]);
    assert_eq!(c.select("task:group != a"), ["ab"]);
    assert_eq!(c.select("not(task:group == a)"), ["none"]);
    assert_eq!(c.select("not task:group == b"), ["a", "aa", "none"]);
    assert_eq!(c.select("task:group in [b, c]"), ["ab"]);
    assert_eq!(c.select("task:group !in [a]"), ["ab"]);
    assert_eq!(c.select("task:group !in [a, b]"), NONE);
    assert_eq!(c.select("task:group exists"), ["ab", "a", "aa"]);
    assert_eq!(c.select("task:group !exists"), ["none"]);
    assert_eq!(c.select("task:group > a"), ["ab"]);
    assert_eq!(c.select("task:group =~ '.*'"), ["ab", "a", "aa"]);
    assert_eq!(c.select("task:group !~ a"), ["ab"]);
}
