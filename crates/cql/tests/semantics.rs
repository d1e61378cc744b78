//! One test per rule of spec §3.3, each checked by all three evaluators.

use crate::fixture::{Cluster, Instance, midnight};

const NONE: &[&str] = &[];

fn attrs() -> Cluster {
    Cluster::new(
        vec![
            Instance::named("with").attr("stack", "prod"),
            Instance::named("other").attr("stack", "dev"),
            Instance::named("valueless").bare_attr("stack"),
            Instance::named("without"),
        ],
        &[],
    )
}

#[test]
fn missing_attribute_is_false_for_everything_but_exists_and_not_exists() {
    let c = attrs();
    assert_eq!(
        c.select("attribute:stack exists"),
        ["with", "other", "valueless"]
    );
    assert_eq!(c.select("attribute:stack !exists"), ["without"]);
    assert_eq!(c.select("attribute:stack == prod"), ["with"]);
    assert_eq!(c.select("attribute:stack != prod"), ["other"]);
    assert_eq!(
        c.select("attribute:stack in [prod, dev]"),
        ["with", "other"]
    );
    assert_eq!(c.select("attribute:stack !in [prod]"), ["other"]);
    assert_eq!(c.select("attribute:stack =~ '.*'"), ["with", "other"]);
    assert_eq!(c.select("attribute:stack !~ 'p.*'"), ["other"]);
    assert_eq!(c.select("attribute:stack > a"), ["with", "other"]);
    assert_eq!(c.select("attribute:stack <= zzz"), ["with", "other"]);
    // Only an enclosing `not` selects instances lacking it.
    assert_eq!(
        c.select("not attribute:stack == prod"),
        ["other", "valueless", "without"]
    );
}

#[test]
fn valueless_attribute_is_present_for_exists_only() {
    let c = attrs();
    assert_eq!(c.select("attribute:stack == ''"), NONE);
    assert_eq!(c.select("attribute:stack != ''"), ["with", "other"]);
    assert_eq!(c.select("attribute:stack !~ 'x'"), ["with", "other"]);
    let empty = Cluster::new(vec![Instance::named("empty").attr("stack", "")], &[]);
    assert_eq!(empty.select("attribute:stack == ''"), ["empty"]);
}

#[test]
fn missing_fixed_fields_are_false() {
    let c = Cluster::new(vec![Instance::named("bare")], &[]);
    for text in [
        "ec2InstanceId != i-1",
        "ec2InstanceId !in [i-1]",
        "ec2InstanceId !~ 'x'",
        "agentConnected != true",
        "agentConnected !in [true]",
        "agentConnected !~ 'x'",
        "agentVersion != 1.0",
        "agentVersion > 0",
        "registeredAt != 2018-01-01",
        "registeredAt > 1970-01-01",
    ] {
        assert_eq!(c.select(text), NONE, "{text}");
    }
    assert_eq!(c.select("runningTasksCount == 0"), ["bare"]);
}

#[test]
fn equality_is_exact_string_equality_for_attributes() {
    let c = Cluster::new(vec![Instance::named("one").attr("n", "1.0")], &[]);
    assert_eq!(c.select("attribute:n == 1"), NONE);
    assert_eq!(c.select("attribute:n == 1.0"), ["one"]);
    assert_eq!(c.select("attribute:n >= 1"), ["one"]);
    assert_eq!(c.select("attribute:n <= 1"), ["one"]);
}

#[test]
fn order_on_attributes_is_exact_decimal_when_both_are_numbers() {
    let c = Cluster::new(
        vec![
            Instance::named("9").attr("n", "9"),
            Instance::named("10").attr("n", "10"),
            Instance::named("-2.5").attr("n", "-2.5"),
            Instance::named("0.30000000000000000001").attr("n", "0.30000000000000000001"),
            Instance::named("9a").attr("n", "9a"),
            Instance::named("+5").attr("n", "+5"),
        ],
        &[],
    );
    // 9a and +5 are not decimals: byte-wise against "5" ('9' > '5', '+' < '5').
    assert_eq!(c.select("attribute:n > 5"), ["9", "10", "9a"]);
    assert_eq!(c.select("attribute:n < 0.3"), ["-2.5", "+5"]);
    assert_eq!(
        c.select("attribute:n > 0.3"),
        ["9", "10", "0.30000000000000000001", "9a"]
    );
    assert_eq!(
        c.select("attribute:n >= -2.50"),
        ["9", "10", "-2.5", "0.30000000000000000001", "9a"]
    );
    // Byte-wise against a non-number: "10" < "9" < "9a" < "a".
    assert_eq!(
        c.select("attribute:n < a"),
        ["9", "10", "-2.5", "0.30000000000000000001", "9a", "+5"]
    );
    assert_eq!(
        c.select("attribute:n < 9a"),
        ["9", "10", "-2.5", "0.30000000000000000001", "+5"]
    );
}

#[test]
fn agent_version_compares_component_by_component() {
    let c = Cluster::new(
        vec![
            Instance::named("1.9.0").version("1.9.0"),
            Instance::named("1.14.5").version("1.14.5"),
            Instance::named("1.14.10").version("1.14.10"),
            Instance::named("1.14").version("1.14"),
            Instance::named("unreadable").version("1.14.5-dev"),
        ],
        &[],
    );
    assert_eq!(c.select("agentVersion < 1.14.5"), ["1.9.0", "1.14"]);
    assert_eq!(c.select("agentVersion > 1.14.5"), ["1.14.10"]);
    assert_eq!(c.select("agentVersion == 1.14.0.0"), ["1.14"]);
    assert_eq!(
        c.select("agentVersion != 1.14.5"),
        ["1.9.0", "1.14.10", "1.14"]
    );
    assert_eq!(c.select("agentVersion >= 01.014.05"), ["1.14.5", "1.14.10"]);
    assert_eq!(
        c.select("agentVersion <= 1.14.5.0"),
        ["1.9.0", "1.14.5", "1.14"]
    );
}

#[test]
fn registered_at_compares_instants_at_full_precision() {
    let noon = midnight(2018, 6, 18) + 12 * 3600;
    let c = Cluster::new(
        vec![
            Instance::named("noon").registered(noon, 0),
            Instance::named("noon+1ns").registered(noon, 1),
            Instance::named("midnight").registered(midnight(2018, 6, 18), 0),
        ],
        &[],
    );
    assert_eq!(c.select("registeredAt == 2018-06-18T12:00:00Z"), ["noon"]);
    assert_eq!(c.select("registeredAt == 2018-06-18T12:00:00"), ["noon"]);
    assert_eq!(
        c.select("registeredAt == 2018-06-18T14:00:00+02:00"),
        ["noon"]
    );
    assert_eq!(
        c.select("registeredAt == 2018-06-18T07:30:00-04:30"),
        ["noon"]
    );
    assert_eq!(
        c.select("registeredAt > 2018-06-18T12:00:00.000000000Z"),
        ["noon+1ns"]
    );
    assert_eq!(
        c.select("registeredAt == '2018-06-18T12:00:00.000000001Z'"),
        ["noon+1ns"]
    );
    assert_eq!(c.select("registeredAt == 2018-06-18"), ["midnight"]);
    assert_eq!(
        c.select("registeredAt < 2018-06-18T12:00:00.1"),
        ["noon", "noon+1ns", "midnight"]
    );
}

#[test]
fn running_tasks_count_compares_integers() {
    let c = Cluster::new(
        vec![
            Instance::named("0"),
            Instance::named("2").running(2),
            Instance::named("10").running(10),
        ],
        &[],
    );
    assert_eq!(c.select("runningTasksCount > 2"), ["10"]);
    assert_eq!(c.select("runningTasksCount >= 002"), ["2", "10"]);
    assert_eq!(c.select("runningTasksCount != 0"), ["2", "10"]);
    assert_eq!(c.select("runningTasksCount < 10"), ["0", "2"]);
    assert_eq!(c.select("runningTasksCount <= 0"), ["0"]);
}

#[test]
fn agent_connected_compares_booleans_and_matches_text() {
    let c = Cluster::new(
        vec![
            Instance::named("up").connected(true),
            Instance::named("down").connected(false),
            Instance::named("unknown"),
        ],
        &[],
    );
    assert_eq!(c.select("agentConnected == TRUE"), ["up"]);
    assert_eq!(c.select("agentConnected != true"), ["down"]);
    assert_eq!(c.select("agentConnected in [false]"), ["down"]);
    assert_eq!(c.select("agentConnected !in [false]"), ["up"]);
    assert_eq!(c.select("agentConnected in [true, false]"), ["up", "down"]);
    assert_eq!(c.select("agentConnected =~ 't.*'"), ["up"]);
    assert_eq!(c.select("agentConnected =~ 'TRUE'"), NONE);
    assert_eq!(c.select("agentConnected !~ 't.*'"), ["down"]);
}

#[test]
fn regexes_match_the_whole_value() {
    let c = Cluster::new(
        vec![
            Instance::named("t2").attr("type", "t2.micro").ec2("i-123"),
            Instance::named("xt2")
                .attr("type", "xt2.micro")
                .ec2("xi-123"),
        ],
        &[],
    );
    assert_eq!(c.select("attribute:type =~ t2.*"), ["t2"]);
    assert_eq!(c.select("attribute:type =~ micro"), NONE);
    assert_eq!(c.select("attribute:type =~ '.*micro'"), ["t2", "xt2"]);
    assert_eq!(c.select("attribute:type =~ 't2|xt2\\.micro'"), ["xt2"]);
    assert_eq!(c.select("attribute:type !~ t2.*"), ["xt2"]);
    assert_eq!(c.select("ec2InstanceId =~ 'i-[0-9]+'"), ["t2"]);
    assert_eq!(c.select("ec2InstanceId =~ '(?i)I-123'"), ["t2"]);
}

fn groups() -> Cluster {
    Cluster::new(
        vec![
            Instance::named("db").group("database"),
            Instance::named("db+web").group("database").group("web"),
            Instance::named("web").group("web").group("web"),
            Instance::named("idle"),
        ],
        &["service:new"],
    )
}

#[test]
fn task_group_is_true_when_some_group_satisfies_it() {
    let c = groups();
    assert_eq!(c.select("task:group == database"), ["db", "db+web"]);
    assert_eq!(c.select("task:group in [web, other]"), ["db+web", "web"]);
    assert_eq!(c.select("task:group =~ 'd.*'"), ["db", "db+web"]);
    assert_eq!(c.select("task:group > m"), ["db+web", "web"]);
    assert_eq!(c.select("task:group == service:new"), NONE);
    assert_eq!(c.select("task:group == unknown"), NONE);
}

#[test]
fn task_group_negated_operators_ask_for_some_group_that_differs() {
    // Spec §3.3 reading: `task:group != v` holds when at least one group is not `v`, so
    // an instance with only `database` fails it and one with `database` and `web` passes.
    let c = groups();
    assert_eq!(c.select("task:group != database"), ["db+web", "web"]);
    assert_eq!(c.select("task:group !in [database]"), ["db+web", "web"]);
    assert_eq!(c.select("task:group !~ 'd.*'"), ["db+web", "web"]);
    // Anti-affinity is written with `not`, as the ECS documentation does.
    assert_eq!(c.select("not(task:group == database)"), ["web", "idle"]);
}

#[test]
fn task_group_exists_means_at_least_one_counted_task() {
    let c = groups();
    assert_eq!(c.select("task:group exists"), ["db", "db+web", "web"]);
    assert_eq!(c.select("task:group !exists"), ["idle"]);
    assert_eq!(
        c.select("task:group not_exists or task:group == web"),
        ["db+web", "web", "idle"]
    );
}

#[test]
fn dynamic_subjects_follow_the_task_state() {
    // The same bound predicate sees a later state: place a `database` task on `idle`.
    let before = groups();
    let expr =
        ecs_place_cql::parse("not(task:group == database) and runningTasksCount < 1").unwrap();
    let predicate = ecs_place_cql::Predicate::bind(&expr, &before);
    assert!(predicate.is_dynamic());
    assert!(predicate.eval_one(&before, 3));
    assert_eq!(before.names(&before.select_expr(&expr)), ["web", "idle"]);
    let mut instances = before.instances.clone();
    instances[3] = Instance::named("idle").group("database").running(1);
    let after = Cluster::new(instances, &["service:new"]);
    assert!(!predicate.eval_one(&after, 3));
    assert_eq!(after.names(&after.select_expr(&expr)), ["web"]);
}
