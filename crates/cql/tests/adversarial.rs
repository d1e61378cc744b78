//! Inputs built to break a parser: deep nesting, long chains, long text, a regex that is
//! exponential for backtracking engines. None may crash or hang.

use ecs_place_cql::{ErrorKind, ExprView, MAX_DEPTH, MAX_LEN, parse};

use crate::fixture::{Cluster, Instance};

#[test]
fn two_thousand_nested_parentheses_are_an_error_not_a_crash() {
    let text = format!("{}{}", "(".repeat(1000), ")".repeat(1000));
    let error = parse(&text).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooDeep);
    assert_eq!(error.span(), 64..65);
    let opens = "(".repeat(MAX_LEN);
    assert_eq!(parse(&opens).unwrap_err().kind(), ErrorKind::TooDeep);
    let nots = "!".repeat(MAX_LEN);
    let error = parse(&nots).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::TooDeep | ErrorKind::Syntax),
        "{error}"
    );
    let mixed = "not(".repeat(MAX_LEN / 4);
    assert_eq!(parse(&mixed).unwrap_err().kind(), ErrorKind::TooDeep);
}

#[test]
fn depth_64_is_allowed_and_65_is_an_error() {
    let condition = "attribute:x exists";
    let parens = |n: usize| format!("{}{condition}{}", "(".repeat(n), ")".repeat(n));
    let nots = |n: usize| format!("{}{condition}", "not ".repeat(n));
    let mixed = |n: usize| format!("{}{condition}{}", "!(".repeat(n / 2), ")".repeat(n / 2));
    for build in [&parens as &dyn Fn(usize) -> String, &nots, &mixed] {
        let ok = build(MAX_DEPTH);
        let expr = parse(&ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        assert_eq!(parse(&expr.to_string()).unwrap(), expr);
        let error = parse(&build(MAX_DEPTH + 2)).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::TooDeep);
    }
    assert_eq!(
        parse(&parens(MAX_DEPTH + 1)).unwrap_err().kind(),
        ErrorKind::TooDeep
    );
    assert_eq!(
        parse(&nots(MAX_DEPTH + 1)).unwrap_err().kind(),
        ErrorKind::TooDeep
    );
    let error = parse(&nots(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(error.span(), 4 * MAX_DEPTH..4 * MAX_DEPTH + 3);
    // A `not` inside 64 parentheses is the 65th level.
    let inner_not = format!("{}not {condition}{}", "(".repeat(64), ")".repeat(64));
    assert_eq!(parse(&inner_not).unwrap_err().kind(), ErrorKind::TooDeep);
}

#[test]
fn flat_chains_as_long_as_the_limit_allows_add_no_depth() {
    // `a==b` joined by `&&` and `||` up to 2000 characters: about 160 operators.
    let mut text = String::from("attribute:x==y");
    let mut joins = 0;
    while text.len() + 18 <= MAX_LEN {
        text.push_str(if joins % 3 == 0 { "||" } else { "&&" });
        text.push_str("attribute:x==y");
        joins += 1;
    }
    let expr = parse(&text).unwrap();
    let ExprView::Or(items) = expr.view() else {
        panic!()
    };
    assert_eq!(items.len(), text.matches("||").count() + 1);
    assert!(joins > 120, "{joins}");
    let cluster = Cluster::new(
        vec![Instance::named("yes").attr("x", "y"), Instance::named("no")],
        &[],
    );
    assert_eq!(cluster.names(&cluster.select_expr(&expr)), ["yes"]);
    // Inside 64 parentheses too.
    let nested = format!(
        "{}{}{}",
        "(".repeat(64),
        &text[..MAX_LEN - 200],
        ")".repeat(64)
    );
    let cut = nested.len() - 64;
    let mut nested = nested;
    // Cut at a condition boundary so that the text stays valid.
    let end = nested[..cut].rfind("attribute").unwrap();
    nested.replace_range(end - 2..cut, "");
    assert!(parse(&nested).is_ok(), "{nested}");
}

#[test]
fn the_length_limit_counts_characters_not_bytes() {
    let value = "é".repeat(MAX_LEN - 16);
    let text = format!("attribute:x == {value}");
    assert_eq!(text.chars().count(), MAX_LEN - 1);
    assert!(parse(&text).is_ok());
    let text = format!("attribute:x == {value}é");
    assert!(parse(&text).is_ok());
    let text = format!("attribute:x == {value}éé");
    let error = parse(&text).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooLong);
    assert_eq!(&text[error.span()], "é");
    let huge = "a".repeat(1 << 20);
    assert_eq!(parse(&huge).unwrap_err().kind(), ErrorKind::TooLong);
}

#[test]
fn a_regex_exponential_for_backtracking_engines_runs_in_linear_time() {
    let cluster = Cluster::new(
        vec![
            Instance::named("long").attr("x", &"a".repeat(100_000)),
            Instance::named("match").attr("x", &format!("{}b", "a".repeat(50_000))),
        ],
        &[],
    );
    assert_eq!(cluster.select("attribute:x =~ '(a+)+b'"), ["match"]);
    assert_eq!(
        cluster.select("attribute:x =~ '(a|aa)+c'"),
        Vec::<&str>::new()
    );
    assert_eq!(cluster.select("attribute:x =~ '(a*)*(a*)*b'"), ["match"]);
}

#[test]
fn values_after_one_value_operators_are_values_even_when_they_read_like_keywords() {
    for keyword in [
        "and",
        "or",
        "not",
        "exists",
        "in",
        "AND",
        "not_in",
        "task:group",
    ] {
        let text = format!("attribute:x == {keyword} and attribute:y exists");
        let expr = parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let ExprView::And(items) = expr.view() else {
            panic!("{text}")
        };
        let ExprView::Condition(first) = items[0].view() else {
            panic!()
        };
        assert_eq!(first.argument().values()[0].text(), keyword);
    }
}

/// Parsing, printing, binding and evaluating the deepest allowed expression fits in a
/// 512 KiB stack even in a debug build (threads get 2 MiB by default).
#[test]
fn the_deepest_expression_fits_a_small_stack() {
    let text = format!(
        "{}attribute:x == y and task:group == web{}",
        "!(".repeat(MAX_DEPTH / 2),
        ")".repeat(MAX_DEPTH / 2)
    );
    let worker = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || {
            let expr = parse(&text).unwrap();
            let printed = expr.to_string();
            assert_eq!(parse(&printed).unwrap(), expr);
            let cluster = Cluster::new(
                vec![
                    Instance::named("both").attr("x", "y").group("web"),
                    Instance::named("none"),
                ],
                &[],
            );
            cluster.names(&cluster.select_expr(&expr)).join(",")
        });
    assert_eq!(worker.unwrap().join().unwrap(), "both");
}
