//! Normalised-tree tests: precedence, associativity, spelling and spacing do not change
//! the tree, and the tree has the expected shape.

use ecs_place_cql::{ExprView, parse};

fn same(a: &str, b: &str) {
    let left = parse(a).unwrap_or_else(|e| panic!("{a}: {e}"));
    let right = parse(b).unwrap_or_else(|e| panic!("{b}: {e}"));
    assert_eq!(left, right, "`{a}` and `{b}` differ: `{left}` vs `{right}`");
}

fn different(a: &str, b: &str) {
    assert_ne!(
        parse(a).unwrap(),
        parse(b).unwrap(),
        "`{a}` and `{b}` should differ"
    );
}

const A: &str = "attribute:a exists";
const B: &str = "attribute:b exists";
const C: &str = "attribute:c exists";

#[test]
fn and_binds_tighter_than_or() {
    same(
        &format!("{A} and {B} or {C}"),
        &format!("({A} and {B}) or {C}"),
    );
    same(
        &format!("{A} or {B} and {C}"),
        &format!("{A} or ({B} and {C})"),
    );
    different(
        &format!("{A} and {B} or {C}"),
        &format!("{A} and ({B} or {C})"),
    );
}

#[test]
fn not_binds_tighter_than_and() {
    same(&format!("not {A} and {B}"), &format!("(not {A}) and {B}"));
    different(&format!("not {A} and {B}"), &format!("not ({A} and {B})"));
    same(&format!("!{A} || {B}"), &format!("(not {A}) or {B}"));
}

#[test]
fn chains_are_flat_and_associative() {
    same(
        &format!("{A} and {B} and {C}"),
        &format!("({A} and {B}) and {C}"),
    );
    same(
        &format!("{A} and {B} and {C}"),
        &format!("{A} and ({B} and {C})"),
    );
    let expr = parse(&format!("{A} or {B} or {C} and {A}")).unwrap();
    let ExprView::Or(items) = expr.view() else {
        panic!("{expr}")
    };
    assert_eq!(items.len(), 3);
    assert!(matches!(items[2].view(), ExprView::And(inner) if inner.len() == 2));
}

#[test]
fn spelling_and_spacing_do_not_matter() {
    same(
        "attribute:a==b&&attribute:c!=d",
        "ATTRIBUTE:a EQUALS b AND attribute:c not_equals d",
    );
    same("task:group in ['x', \"y\"]", "Task:Group IN [x,y]");
    same("not(task:group == db)", "! ( task:group == db )");
    same("agentVersion greater_than_equal 1.2", "agentversion>=1.2");
    same("attribute:x not_exists", "attribute:x !EXISTS");
    same("attribute:x not_matches 'a.*'", "attribute:x !~ a.*");
}

#[test]
fn names_and_values_stay_case_sensitive() {
    different("attribute:Stack == prod", "attribute:stack == prod");
    different("attribute:stack == Prod", "attribute:stack == prod");
}

#[test]
fn double_negation_is_kept_in_the_tree() {
    let expr = parse(&format!("not not {A}")).unwrap();
    let ExprView::Not(inner) = expr.view() else {
        panic!()
    };
    assert!(matches!(inner.view(), ExprView::Not(_)));
    same(&format!("not not {A}"), &format!("!(!({A}))"));
}

#[test]
fn spans_cover_parentheses_and_not() {
    let text = "not (attribute:a exists or attribute:b exists) and attribute:c == x";
    let expr = parse(text).unwrap();
    let ExprView::And(items) = expr.view() else {
        panic!()
    };
    assert_eq!(&text[expr.span()], text);
    assert_eq!(
        &text[items[0].span()],
        "not (attribute:a exists or attribute:b exists)"
    );
    let ExprView::Not(inner) = items[0].view() else {
        panic!()
    };
    assert_eq!(
        &text[inner.span()],
        "(attribute:a exists or attribute:b exists)"
    );
    let ExprView::Condition(condition) = items[1].view() else {
        panic!()
    };
    assert_eq!(&text[condition.span()], "attribute:c == x");
    assert_eq!(&text[condition.argument().values()[0].span()], "x");
}
