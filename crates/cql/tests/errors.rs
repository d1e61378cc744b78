//! Error messages: the words a person reads, the help lines, and the underlined text.

use ecs_place_cql::{ErrorKind, parse};

/// Parses text that must fail; returns (kind, underlined text, message, help).
fn fail(text: &str) -> (ErrorKind, String, String, Option<String>) {
    let error = parse(text).expect_err(text);
    let underlined = text[error.span()].to_owned();
    (
        error.kind(),
        underlined,
        error.message().to_owned(),
        error.help().map(str::to_owned),
    )
}

#[test]
fn unknown_subjects_suggest_the_closest_one() {
    let (kind, underlined, message, help) = fail("runingTasksCount > 1");
    assert_eq!(kind, ErrorKind::UnknownSubject);
    assert_eq!(underlined, "runingTasksCount");
    assert_eq!(message, "unknown subject `runingTasksCount`");
    assert_eq!(help.as_deref(), Some("did you mean `runningTasksCount`?"));
    let (_, _, _, help) = fail("Atribute:stack == prod");
    assert_eq!(help.as_deref(), Some("did you mean `attribute:stack`?"));
    let (_, _, _, help) = fail("stack == prod");
    assert_eq!(help.as_deref(), Some("did you mean `attribute:stack`?"));
    let (_, _, _, help) = fail("foo:bar == prod");
    assert!(
        help.unwrap()
            .starts_with("subjects are `attribute:NAME`, `task:group`")
    );
}

#[test]
fn operator_errors_list_what_the_subject_accepts() {
    let (kind, underlined, message, help) = fail("agentVersion matches 1.*");
    assert_eq!(kind, ErrorKind::OperatorNotAccepted);
    assert_eq!(underlined, "matches");
    assert_eq!(message, "`agentVersion` does not accept `matches`");
    assert_eq!(
        help.as_deref(),
        Some("`agentVersion` accepts `==`, `!=`, `>`, `>=`, `<`, `<=`")
    );
    let (_, _, _, help) = fail("ec2InstanceId exists");
    assert_eq!(
        help.as_deref(),
        Some("`ec2InstanceId` accepts `==`, `!=`, `in`, `!in`, `=~`, `!~`")
    );
}

#[test]
fn argument_errors_say_what_the_operator_takes() {
    assert_eq!(fail("task:group ==").2, "missing value after `==`");
    assert_eq!(fail("task:group in").2, "missing list after `in`");
    let (kind, underlined, message, help) = fail("attribute:x == a b");
    assert_eq!((kind, underlined.as_str()), (ErrorKind::ExtraArgument, "b"));
    assert_eq!(message, "unexpected extra argument `b`");
    assert_eq!(
        help.as_deref(),
        Some("`==` takes one value; quote a value that contains white space")
    );
    assert_eq!(
        fail("attribute:x exists 1").3.as_deref(),
        Some("`exists` takes no argument")
    );
    assert_eq!(fail("attribute:x in a").3.as_deref(), Some("write `[a]`"));
    assert_eq!(
        fail("attribute:x == [a]").3.as_deref(),
        Some("use `in` to compare with a list")
    );
}

#[test]
fn value_errors_show_the_accepted_forms() {
    let (kind, underlined, message, help) = fail("registeredAt >= '2018-06-18 22:28:28'");
    assert_eq!(kind, ErrorKind::BadValue);
    assert_eq!(underlined, "'2018-06-18 22:28:28'");
    assert_eq!(message, "`2018-06-18 22:28:28` is not a date");
    assert!(help.unwrap().contains("`2018-06-18T22:28:28Z`"));
    assert_eq!(
        fail("agentVersion < v1.2").2,
        "`v1.2` is not an agent version"
    );
    assert_eq!(
        fail("runningTasksCount < 1e3").2,
        "`1e3` is not a task count"
    );
    assert_eq!(fail("agentConnected == yes").2, "`yes` is not a boolean");
}

#[test]
fn regex_errors_give_the_reason_on_one_line() {
    let (kind, underlined, message, _) = fail("attribute:x =~ '(a'");
    assert_eq!((kind, underlined.as_str()), (ErrorKind::BadRegex, "'(a'"));
    assert_eq!(message, "bad regex `(a`: unclosed group");
    let (_, _, message, _) = fail("attribute:x =~ 'a{1000}{1000}{1000}'");
    assert!(
        message.starts_with("bad regex `a{1000}{1000}{1000}`: "),
        "{message}"
    );
    assert!(!message.contains('\n'));
}

#[test]
fn syntax_errors_say_what_was_expected() {
    let (kind, underlined, message, _) = fail("attribute:x exists & attribute:y exists");
    assert_eq!((kind, underlined.as_str()), (ErrorKind::Syntax, "&"));
    assert_eq!(
        message,
        "unexpected `&`; expected `and`, `or` or the end of the expression"
    );
    assert_eq!(
        fail("attribute:x").2,
        "unexpected end of expression; expected an operator"
    );
    let (_, _, message, help) = fail("attribute:x ==");
    assert_eq!(message, "missing value after `==`");
    assert_eq!(help, None);
    let (_, underlined, message, _) = fail("attribute:x in [a, (b)]");
    assert_eq!(underlined, "(");
    assert_eq!(message, "unexpected `(`; expected a value");
}

#[test]
fn unterminated_errors_underline_to_the_end() {
    let (kind, underlined, message, help) = fail("attribute:x in ['a', 'b]");
    assert_eq!(
        (kind, underlined.as_str()),
        (ErrorKind::UnterminatedQuote, "'b]")
    );
    assert_eq!(message, "unterminated quote `'b]`");
    assert_eq!(help.as_deref(), Some("add the closing '"));
    let (kind, underlined, _, help) = fail("attribute:x in [a, b");
    assert_eq!(
        (kind, underlined.as_str()),
        (ErrorKind::UnterminatedList, "[a, b")
    );
    assert_eq!(help.as_deref(), Some("add the closing `]`"));
}

#[test]
fn display_prefixes_the_byte_offset() {
    let text = "attribute:a exists and é == 1";
    let error = parse(text).unwrap_err();
    assert_eq!(error.span(), 23..25);
    assert_eq!(&text[error.span()], "é");
    assert!(
        error
            .to_string()
            .starts_with("at byte 23: unknown subject `é`\nhelp: ")
    );
    let error = parse("").unwrap_err();
    assert_eq!(error.to_string(), "at byte 0: expression is empty");
    let error = parse(&"x".repeat(2001)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "at byte 2000: expression is 2001 characters long; at most 2000 are allowed\n\
         help: the text past the limit is `x`"
    );
}
