//! Every file of `grammar/examples/valid` parses, prints canonical text, and re-parses to
//! an equal tree; every file of `grammar/examples/invalid` fails as the table says.

use std::fs;
use std::path::{Path, PathBuf};

use ecs_place_cql::{ErrorKind, parse};

fn examples(folder: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../grammar/examples")
        .join(folder);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "cql"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect()
}

#[test]
fn every_valid_example_parses_and_round_trips() {
    let valid = examples("valid");
    assert!(valid.len() >= 100, "only {} valid examples", valid.len());
    for (name, text) in valid {
        let expr = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let printed = expr.to_string();
        let reparsed = parse(&printed).unwrap_or_else(|e| panic!("{name}: `{printed}`: {e}"));
        assert_eq!(reparsed, expr, "{name}: `{printed}`");
        assert_eq!(
            reparsed.to_string(),
            printed,
            "{name}: printing is not idempotent"
        );
    }
}

/// (file stem, kind, underlined text).
const INVALID: &[(&str, ErrorKind, &str)] = &[
    ("empty", ErrorKind::Empty, ""),
    ("empty-whitespace", ErrorKind::Empty, "  \t\r\n "),
    ("too-long", ErrorKind::TooLong, "a"),
    ("too-long-surrounding-whitespace", ErrorKind::TooLong, " "),
    ("too-long-unicode", ErrorKind::TooLong, "'"),
    ("too-deep-parentheses", ErrorKind::TooDeep, "("),
    ("too-deep-not", ErrorKind::TooDeep, "not"),
    ("too-deep-mixed", ErrorKind::TooDeep, "!"),
    ("unknown-subject", ErrorKind::UnknownSubject, "agentVer"),
    (
        "unknown-subject-attribute-typo",
        ErrorKind::UnknownSubject,
        "atribute:stack",
    ),
    (
        "unknown-subject-no-prefix",
        ErrorKind::UnknownSubject,
        "ecs.instance-type",
    ),
    (
        "unknown-subject-missing-attribute-name",
        ErrorKind::UnknownSubject,
        "attribute:",
    ),
    (
        "unknown-subject-task-family",
        ErrorKind::UnknownSubject,
        "task:family",
    ),
    (
        "operator-not-accepted-version-regex",
        ErrorKind::OperatorNotAccepted,
        "=~",
    ),
    (
        "operator-not-accepted-ec2-order",
        ErrorKind::OperatorNotAccepted,
        ">",
    ),
    (
        "operator-not-accepted-count-exists",
        ErrorKind::OperatorNotAccepted,
        "exists",
    ),
    (
        "operator-not-accepted-connected-order",
        ErrorKind::OperatorNotAccepted,
        "less_than",
    ),
    (
        "operator-not-accepted-date-in",
        ErrorKind::OperatorNotAccepted,
        "in",
    ),
    ("missing-argument-value", ErrorKind::MissingArgument, "=="),
    (
        "missing-argument-before-paren",
        ErrorKind::MissingArgument,
        "==",
    ),
    ("missing-argument-list", ErrorKind::MissingArgument, "in"),
    (
        "missing-argument-list-keyword",
        ErrorKind::MissingArgument,
        "not_in",
    ),
    ("extra-argument-exists", ErrorKind::ExtraArgument, "y"),
    ("extra-argument-value", ErrorKind::ExtraArgument, "b"),
    ("extra-argument-list", ErrorKind::ExtraArgument, "[b]"),
    ("extra-argument-quoted", ErrorKind::ExtraArgument, "'api'"),
    (
        "argument-mismatch-list-for-value",
        ErrorKind::ArgumentMismatch,
        "[a, b]",
    ),
    (
        "argument-mismatch-value-for-list",
        ErrorKind::ArgumentMismatch,
        "a",
    ),
    (
        "unterminated-quote-single",
        ErrorKind::UnterminatedQuote,
        "'abc",
    ),
    (
        "unterminated-quote-double",
        ErrorKind::UnterminatedQuote,
        "\"b]",
    ),
    (
        "unterminated-quote-subject",
        ErrorKind::UnterminatedQuote,
        "'attribute:x == a",
    ),
    ("unterminated-list", ErrorKind::UnterminatedList, "[a, b"),
    (
        "unterminated-list-trailing-space",
        ErrorKind::UnterminatedList,
        "[a ",
    ),
    ("empty-list", ErrorKind::EmptyList, "[]"),
    ("empty-list-spaces", ErrorKind::EmptyList, "[ ]"),
    ("bad-value-version-prefix", ErrorKind::BadValue, "v1.2"),
    ("bad-value-version-beta", ErrorKind::BadValue, "1.0-beta"),
    (
        "bad-value-version-five-components",
        ErrorKind::BadValue,
        "1.2.3.4.5",
    ),
    (
        "bad-value-version-overflow",
        ErrorKind::BadValue,
        "18446744073709551616",
    ),
    (
        "bad-value-version-empty-component",
        ErrorKind::BadValue,
        "1..2",
    ),
    ("bad-value-date-day", ErrorKind::BadValue, "2018-02-30"),
    (
        "bad-value-date-lowercase-t",
        ErrorKind::BadValue,
        "2018-06-18t22:28:28",
    ),
    (
        "bad-value-date-ten-fraction-digits",
        ErrorKind::BadValue,
        "'2018-06-18T22:28:28.1234567890Z'",
    ),
    (
        "bad-value-date-no-seconds",
        ErrorKind::BadValue,
        "2018-06-18T22:28",
    ),
    (
        "bad-value-date-offset-without-colon",
        ErrorKind::BadValue,
        "2018-06-18T22:28:28+0100",
    ),
    ("bad-value-count-negative", ErrorKind::BadValue, "-1"),
    ("bad-value-count-exponent", ErrorKind::BadValue, "1e3"),
    (
        "bad-value-count-overflow",
        ErrorKind::BadValue,
        "4294967296",
    ),
    ("bad-value-count-plus", ErrorKind::BadValue, "+1"),
    ("bad-value-boolean", ErrorKind::BadValue, "yes"),
    ("bad-value-boolean-in-list", ErrorKind::BadValue, "maybe"),
    ("bad-regex-unclosed-group", ErrorKind::BadRegex, "'(a'"),
    ("bad-regex-backreference", ErrorKind::BadRegex, "'(a)\\1'"),
    ("bad-regex-lookahead", ErrorKind::BadRegex, "'(?=a)b'"),
    (
        "bad-regex-escapes-anchor-group",
        ErrorKind::BadRegex,
        "'a)|(b'",
    ),
    (
        "bad-regex-too-big",
        ErrorKind::BadRegex,
        "'\\w{1000}{1000}'",
    ),
    ("syntax-missing-operator", ErrorKind::Syntax, ""),
    ("syntax-dangling-and", ErrorKind::Syntax, ""),
    ("syntax-unmatched-close", ErrorKind::Syntax, ")"),
    ("syntax-unclosed-paren", ErrorKind::Syntax, ""),
    ("syntax-single-ampersand", ErrorKind::Syntax, "&"),
    ("syntax-trailing-comma", ErrorKind::Syntax, "]"),
    ("syntax-empty-item", ErrorKind::Syntax, ","),
    ("syntax-items-without-comma", ErrorKind::Syntax, "b"),
    ("syntax-bang-space-in", ErrorKind::Syntax, "!"),
    ("syntax-keyword-subject", ErrorKind::Syntax, "or"),
    ("syntax-quoted-subject", ErrorKind::Syntax, "'attribute:x'"),
    ("syntax-value-needs-quotes", ErrorKind::Syntax, "("),
    ("syntax-unquoted-alternation", ErrorKind::Syntax, "|"),
    ("syntax-empty-parentheses", ErrorKind::Syntax, ")"),
    ("syntax-not-alone", ErrorKind::Syntax, ""),
    ("syntax-double-operator", ErrorKind::Syntax, "=="),
    ("syntax-bang-equals-as-not", ErrorKind::Syntax, "!="),
    ("syntax-single-equals", ErrorKind::Syntax, "="),
    ("syntax-nested-list", ErrorKind::Syntax, "["),
    ("syntax-memberof-wrapper", ErrorKind::Syntax, "("),
];

#[test]
fn every_invalid_example_fails_with_its_kind_and_underline() {
    let invalid = examples("invalid");
    assert_eq!(
        invalid.len(),
        INVALID.len(),
        "the table and the folder differ"
    );
    for (name, text) in invalid {
        let Some((_, kind, underlined)) = INVALID.iter().find(|(n, _, _)| *n == name) else {
            panic!("{name} is not in the table");
        };
        let error = parse(&text).expect_err(&name);
        assert_eq!(error.kind(), *kind, "{name}: {error}");
        let span = error.span();
        assert!(span.end <= text.len(), "{name}: span {span:?} past the end");
        assert_eq!(&text[span.clone()], *underlined, "{name}: {error}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("at byte {}: ", span.start)),
            "{name}"
        );
        assert!(!error.message().is_empty());
        assert_eq!(
            error.message().chars().next().map(char::is_uppercase),
            Some(false),
            "{name}: messages start lower case"
        );
        if !underlined.is_empty() && underlined.chars().count() < 40 {
            let bare = underlined.trim().trim_matches(['\'', '"']);
            assert!(
                error.message().contains(bare),
                "{name}: `{error}` lacks the text"
            );
        }
    }
}

#[test]
fn every_error_kind_has_an_invalid_example() {
    let kinds = [
        ErrorKind::Syntax,
        ErrorKind::UnknownSubject,
        ErrorKind::OperatorNotAccepted,
        ErrorKind::MissingArgument,
        ErrorKind::ExtraArgument,
        ErrorKind::ArgumentMismatch,
        ErrorKind::UnterminatedQuote,
        ErrorKind::UnterminatedList,
        ErrorKind::EmptyList,
        ErrorKind::BadValue,
        ErrorKind::BadRegex,
        ErrorKind::TooLong,
        ErrorKind::TooDeep,
        ErrorKind::Empty,
    ];
    for kind in kinds {
        assert!(
            INVALID.iter().any(|(_, k, _)| *k == kind),
            "{kind:?} has no example"
        );
    }
}

/// The code blocks of `grammar/README.md` say what the parser does.
#[test]
fn the_language_reference_examples_hold() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../grammar/README.md");
    let readme = fs::read_to_string(path).unwrap();
    let block = |heading: &str| -> Vec<String> {
        let after = &readme[readme.find(heading).unwrap()..];
        let start = after.find("```text\n").unwrap() + "```text\n".len();
        let end = start + after[start..].find("```").unwrap();
        after[start..end].lines().map(str::to_owned).collect()
    };
    let examples = block("## Examples");
    assert!(examples.len() >= 10);
    for line in examples {
        parse(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
    }
    let canonical = block("## Canonical form");
    let [written, printed] = canonical.as_slice() else {
        panic!("{canonical:?}")
    };
    assert_eq!(&parse(written).unwrap().to_string(), printed);
    let error = block("## Errors");
    let expected = parse("agentVer < 1.14.5").unwrap_err().to_string();
    assert_eq!(error.join("\n"), expected);
}
