//! The conformance corpus of research notes §1.7: every expression without placeholders
//! (#18 in its concrete form) selects what its source says on a fixture cluster.

use crate::fixture::{Cluster, Instance, midnight};

fn cluster() -> Cluster {
    let kind = |name: &str, kind: &str| Instance::named(name).attr("ecs.instance-type", kind);
    Cluster::new(
        vec![
            kind("a", "t2.small")
                .attr("ecs.availability-zone", "us-east-1a")
                .attr("stack", "prod")
                .attr("ecs.os-type", "linux")
                .attr("ecs.cpu-architecture", "x86_64")
                .attr("color", "green")
                .ec2("i-abcd1234")
                .connected(true)
                .version("1.14.4")
                .registered(midnight(2018, 1, 1), 0)
                .running(1)
                .group("service:production"),
            kind("b", "t2.medium")
                .attr("ecs.availability-zone", "us-east-1b")
                .attr("stack", "dev")
                .attr("ecs.os-type", "linux")
                .attr("color", "blue")
                .ec2("i-wxyx7890")
                .connected(true)
                .version("1.14.5")
                .registered(midnight(2018, 2, 13), 0),
            kind("c", "g2.2xlarge")
                .attr("ecs.availability-zone", "us-east-1d")
                .attr("ecs.os-type", "linux")
                .attr("color", "red")
                .ec2("i-0000aaaa")
                .connected(false)
                .version("1.9.0")
                .registered(midnight(2018, 2, 13) - 1, 999_999_999)
                .running(2)
                .group("database")
                .group("databases"),
            kind("d", "g2.2xlarge")
                .attr("ecs.availability-zone", "us-east-1c")
                .bare_attr("stack")
                .ec2("i-0000bbbb")
                .version("1.14.10")
                .registered(midnight(2019, 5, 5), 0)
                .running(1)
                .group("service:daemon-service"),
            kind("e", "xt2.micro")
                .attr("ecs.availability-zone", "us-east-1e")
                .attr("ecs.os-type", "windows")
                .attr("ecs.os-family", "WINDOWS_SERVER_2019_FULL")
                .attr("color", "yellow")
                .version("1.x")
                .running(3)
                .group("databases")
                .group("service:production"),
            kind("f", "p2.xlarge")
                .attr("ecs.availability-zone", "us-east-1a")
                .attr("ecs.cpu-architecture", "arm64")
                .attr("catslike", "catnip")
                .attr("color", "greenish"),
            kind("g", "dl1.24xlarge").attr("ecs.availability-zone", "us-east-1b"),
            kind("h", "Inf1.xlarge"),
            kind("i", "inf1.xlarge"),
            kind("j", "vt1.3xlarge"),
            kind("k", "vt1.6xlarge"),
            kind("l", "vt1.24xlarge"),
            kind("m", "c4.large"),
        ],
        &["web"],
    )
}

#[test]
fn every_concrete_example_selects_what_its_source_says() {
    let cluster = cluster();
    let cases: &[(u32, &str, &[&str])] = &[
        (1, "attribute:ecs.instance-type == t2.small", &["a"]),
        (
            2,
            "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
            &["a", "b", "f", "g"],
        ),
        (
            3,
            "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d",
            &["d"],
        ),
        (4, "task:group == service:production", &["a", "e"]),
        (
            5,
            "not(task:group == database)",
            &["a", "b", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"],
        ),
        (6, "runningTasksCount == 1", &["a", "d"]),
        // `e` has an unreadable agent version: missing, so false.
        (7, "agentVersion < 1.14.5", &["a", "c"]),
        // `b` registered exactly at midnight of the date, `c` one nanosecond before.
        (8, "registeredAt < 2018-02-13", &["a", "c"]),
        (
            9,
            "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']",
            &["a", "b"],
        ),
        (11, "attribute:ecs.instance-type == g2.2xlarge", &["c", "d"]),
        (12, "attribute:stack == prod", &["a"]),
        // Only instances having `stack` with a value: not `d` (no value), not the rest.
        (13, "attribute:stack != prod", &["b"]),
        (
            14,
            "attribute:ecs.instance-type in [t2.small, t2.medium]",
            &["a", "b"],
        ),
        (
            15,
            "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a",
            &["a"],
        ),
        // Whole-value match: not `xt2.micro`.
        (16, "attribute:ecs.instance-type =~ t2.*", &["a", "b"]),
        (17, "task:group == databases", &["c", "e"]),
        (18, "task:group == service:daemon-service", &["d"]),
        (20, "attribute:ecs.instance-type == p2.xlarge", &["f"]),
        (21, "attribute:ecs.instance-type == dl1.24xlarge", &["g"]),
        (22, "attribute:ecs.os-type == linux", &["a", "b", "c"]),
        (23, "attribute:ecs.instance-type == Inf1.xlarge", &["h"]),
        (24, "attribute:ecs.instance-type == inf1.xlarge", &["i"]),
        (25, "attribute:ecs.instance-type == vt1.3xlarge", &["j"]),
        (26, "attribute:ecs.instance-type == vt1.6xlarge", &["k"]),
        (27, "attribute:ecs.instance-type == vt1.24xlarge", &["l"]),
        (28, "attribute:ecs.instance-type == c4.large", &["m"]),
        (29, "attribute:catslike == catnip", &["f"]),
        (30, "attribute:ecs.cpu-architecture == arm64", &["f"]),
        (
            31,
            "attribute:ecs.os-family == WINDOWS_SERVER_2019_FULL",
            &["e"],
        ),
        (32, "attribute:ecs.os-type == invalidOS", &[]),
        (
            33,
            "attribute:ecs.availability-zone not_in [us-east-1e]",
            &["a", "b", "c", "d", "f", "g"],
        ),
        // Byte-wise: `blue` and `green` are <= `green`; `greenish`, `red`, `yellow` are not.
        (34, "attribute:color <= green", &["a", "b"]),
        (35, "attribute:color =~ green", &["a"]),
    ];
    assert_eq!(cases.len(), 33);
    for (number, text, expected) in cases {
        assert_eq!(cluster.select(text), *expected, "§1.7 #{number}: `{text}`");
    }
}

#[test]
fn templates_with_placeholders() {
    // #10 and #19 verbatim are templates, not expressions.
    for text in [
        "(expression1 or expression2) and expression3",
        "memberOf(attribute:ecs.os-family == WINDOWS_SERVER_<OS_Release>_<FULL or CORE>)",
    ] {
        assert!(ecs_place_cql::parse(text).is_err(), "{text}");
    }
    // #18 verbatim is well-formed (`{` is a bare character): a literal group name that
    // no task has.
    assert_eq!(
        cluster().select("task:group == service:{{daemon-service}}"),
        Vec::<&str>::new()
    );
}
