//! Inputs built to break a scheduler library (issue 8): each gets a clear error or a correct
//! answer, never a panic, a stack overflow, a hang or an over-commit. Every test states its
//! bound (time, stack or memory) in its name or its doc comment; no test measures time.

use std::collections::BTreeMap;

use ecs_place::{ClusterIndex, IndexOptions, Options, Placement, Scratch};
use ecs_place_model::{
    ApiError, Attribute, Cluster, ClusterState, ContainerDefinition, ContainerInstance, ErrorKind,
    RequestError, Resource, RunTaskRequest, TaskDefinition, parse_cluster_state, parse_request,
};
use serde_json::{Value, json};

const CLUSTER_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/adv";

fn arn(n: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:container-instance/adv/{n:08}")
}

/// An `ACTIVE`, connected instance in `zone` with `cpu` units and `memory` MiB remaining.
fn instance(n: usize, cpu: u64, memory: u64) -> Value {
    json!({
        "containerInstanceArn": arn(n),
        "ec2InstanceId": format!("i-{n:017x}"),
        "status": "ACTIVE",
        "agentConnected": true,
        "attributes": [{"name": "ecs.availability-zone", "value": "us-east-1a"}],
        "remainingResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": cpu},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": memory}
        ]
    })
}

/// `instance` with extra attributes.
fn with_attributes(mut instance: Value, attributes: &[(&str, Option<&str>)]) -> Value {
    let list = instance["attributes"]
        .as_array_mut()
        .expect("instance() writes an attributes array");
    for (name, value) in attributes {
        list.push(match value {
            Some(value) => json!({"name": name, "value": value}),
            None => json!({"name": name}),
        });
    }
    instance
}

/// Task definition `family:1` with `containers` and top-level `extra` fields.
fn definition(family: &str, containers: Value, extra: Value) -> Value {
    let mut definition = json!({
        "taskDefinitionArn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:1"),
        "family": family,
        "revision": 1,
        "status": "ACTIVE",
        "containerDefinitions": containers,
    });
    if let (Some(target), Some(fields)) = (definition.as_object_mut(), extra.as_object()) {
        for (key, value) in fields {
            target.insert(key.clone(), value.clone());
        }
    }
    definition
}

/// `web`: one container of 256 CPU units and 512 MiB.
fn web() -> Value {
    definition(
        "web",
        json!([{"name": "app", "cpu": 256, "memory": 512}]),
        json!({}),
    )
}

fn snapshot(instances: Vec<Value>, tasks: Vec<Value>, definitions: Vec<Value>) -> Value {
    json!({
        "clusters": [{
            "clusterArn": CLUSTER_ARN,
            "clusterName": "adv",
            "status": "ACTIVE",
            "capacityProviders": ["asg-a", "asg-b"],
            "defaultCapacityProviderStrategy": []
        }],
        "capacityProviders": [
            {"name": "asg-a", "status": "ACTIVE", "type": "EC2_AUTOSCALING"},
            {"name": "asg-b", "status": "ACTIVE", "type": "EC2_AUTOSCALING"}
        ],
        "containerInstances": instances,
        "taskDefinitions": definitions,
        "tasks": tasks,
    })
}

fn task(n: usize, instance: &str, group: &str) -> Value {
    json!({
        "taskArn": format!("arn:aws:ecs:us-east-1:123456789012:task/adv/{n:032x}"),
        "containerInstanceArn": instance,
        "group": group,
        "desiredStatus": "RUNNING",
        "lastStatus": "RUNNING"
    })
}

fn state(snapshot: &Value) -> ClusterState {
    parse_cluster_state(&snapshot.to_string())
        .unwrap_or_else(|error| panic!("test snapshot does not parse: {error}"))
}

fn request(fields: Value) -> RunTaskRequest {
    let mut request = json!({"cluster": "adv", "taskDefinition": "web"});
    if let (Some(target), Some(fields)) = (request.as_object_mut(), fields.as_object()) {
        for (key, value) in fields {
            target.insert(key.clone(), value.clone());
        }
    }
    parse_request(&request.to_string())
        .unwrap_or_else(|error| panic!("test request does not parse: {error}"))
}

fn place(fields: Value, state: &ClusterState) -> Result<Placement, ApiError> {
    ecs_place::place(&request(fields), state, &Options::with_seed(1))
}

fn placed(fields: Value, state: &ClusterState) -> Placement {
    place(fields, state).unwrap_or_else(|error| panic!("request rejected: {error}"))
}

fn rejected(fields: Value, state: &ClusterState) -> ApiError {
    match place(fields, state) {
        Ok(placement) => panic!("expected an error, got {}", placement.to_json()),
        Err(error) => error,
    }
}

/// Container instance ARN of each task, in placement order.
fn hosts(placement: &Placement) -> Vec<String> {
    placement
        .response()
        .tasks
        .iter()
        .map(|t| t.container_instance_arn.clone().unwrap_or_default())
        .collect()
}

/// `(instance ARN, reason)` of each failure.
fn failures(placement: &Placement) -> Vec<(String, String)> {
    placement
        .response()
        .failures
        .iter()
        .map(|f| {
            (
                f.arn.clone().unwrap_or_default(),
                f.reason.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn member_of(expression: &str) -> Value {
    json!({"placementConstraints": [{"type": "memberOf", "expression": expression}]})
}

/// Runs `f` on a thread with a `stack`-byte stack: a recursion that the input could drive
/// deeper than that overflows and fails the test.
fn on_small_stack<T: Send + 'static>(stack: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("spawn a test thread")
        .join()
        .unwrap_or_else(|_| panic!("the thread panicked or overflowed its stack"))
}

const SMALL_STACK: usize = 512 * 1024;

/// Two instances that differ in `stack`: 0 is `prod`, 1 is `dev`.
fn two_stacks() -> ClusterState {
    state(&snapshot(
        vec![
            with_attributes(instance(0, 2048, 4096), &[("stack", Some("prod"))]),
            with_attributes(instance(1, 2048, 4096), &[("stack", Some("dev"))]),
        ],
        vec![],
        vec![web()],
    ))
}

// ---------------------------------------------------------------------------------------
// Cluster query language through RunTask and ListContainerInstances

/// 2000 characters of nested parentheses (about 990 levels): an error naming the depth, from
/// a scan before any recursion, so it fits a 512 KiB stack in a debug build.
#[test]
fn nested_parentheses_of_2000_characters_are_too_deep_on_a_512_kib_stack() {
    let core = "attribute:stack exists";
    let depth = (2000 - core.len()) / 2;
    let expression = format!("{}{core}{}", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(expression.chars().count(), 2000 - (2000 - core.len()) % 2);
    let bangs = format!("{}{core}", "!".repeat(2000 - core.len()));

    let (run_task, negations, listed) = on_small_stack(SMALL_STACK, move || {
        let state = two_stacks();
        (
            place(member_of(&expression), &state),
            place(member_of(&bangs), &state),
            ecs_place::list_container_instances(&state, Some(&expression), None),
        )
    });
    for result in [
        run_task.map(|_| ()),
        negations.map(|_| ()),
        listed.map(|_| ()),
    ] {
        let error = result.expect_err("too deep");
        assert_eq!(error.kind(), ErrorKind::InvalidParameterException);
        assert!(
            error.message().contains("nests deeper than 64 levels"),
            "{error}"
        );
    }
}

/// The deepest allowed expression (64 levels) is placed and explained on a 1 MiB stack in a
/// debug build; the recursion of every evaluator is bounded by the depth limit.
#[test]
fn the_deepest_allowed_expression_places_and_explains_on_a_1_mib_stack() {
    let expression = format!(
        "{}attribute:stack == prod{}",
        "(".repeat(64),
        ")".repeat(64)
    );
    let too_deep = format!("not {expression}");
    let (ok, explained, error) = on_small_stack(1024 * 1024, move || {
        let state = two_stacks();
        let options = Options {
            explain: true,
            ..Options::with_seed(3)
        };
        let mut fields = member_of(&expression);
        fields["count"] = json!(2);
        let ok = place(fields, &state);
        let mut fields = member_of(&expression);
        fields["placementConstraints"][0]["expression"] =
            json!(format!("{expression} and attribute:stack == nowhere"));
        let explained = ecs_place::place(&request(fields), &state, &options);
        (ok, explained, place(member_of(&too_deep), &state))
    });
    let ok = ok.expect("64 levels are allowed");
    assert_eq!(hosts(&ok), [arn(0), arn(0)]);
    let explained = explained.expect("64 levels are allowed");
    assert!(explained.response().tasks.is_empty());
    let explanation = explained.explanation().expect("explain mode");
    assert_eq!(explanation.unplaced.len(), 1);
    assert_eq!(explanation.unplaced[0].member_of.len(), 1);
    let error = error.expect_err("65 levels");
    assert!(
        error.message().contains("nests deeper than 64 levels"),
        "{error}"
    );
}

/// 2000 `and`s do not fit in the 2000-character limit: an error found by counting
/// characters (linear time). The longest chain that fits (a flat n-ary node, depth 0) is
/// placed correctly, with `&&` and with `or`.
#[test]
fn two_thousand_ands_exceed_the_length_limit_and_the_longest_chain_that_fits_places() {
    let state = two_stacks();
    let chain = vec!["attribute:stack exists"; 2001].join(" and ");
    let error = rejected(member_of(&chain), &state);
    assert_eq!(error.kind(), ErrorKind::InvalidParameterException);
    assert_eq!(
        error.message(),
        format!(
            "placementConstraints[0].expression must be at most 2000 characters, got {}",
            chain.chars().count()
        )
    );
    let listed = ecs_place::list_container_instances(&state, Some(&chain), None)
        .expect_err("too long for a filter too");
    assert!(
        listed.message().contains("at most 2000 are allowed"),
        "{listed}"
    );

    // `attribute:stack!=vN` for N = 0.., joined by `&&`, as many as fit in 2000 characters
    // with a last condition that excludes `dev`: only instance 0 qualifies.
    let and_chain = longest_chain("attribute:stack!=v", "&&", "attribute:stack!=dev");
    assert!(and_chain.chars().count() > 1970 && and_chain.matches("&&").count() > 80);
    let mut fields = member_of(&and_chain);
    fields["count"] = json!(3);
    let placement = placed(fields, &state);
    assert_eq!(hosts(&placement), [arn(0), arn(0), arn(0)]);

    // The same with `or`: no `vN` matches, the last condition selects `dev`.
    let or_chain = longest_chain("attribute:stack == v", " or ", "attribute:stack == dev");
    assert!(or_chain.chars().count() > 1970 && or_chain.matches(" or ").count() > 70);
    assert_eq!(hosts(&placed(member_of(&or_chain), &state)), [arn(1)]);
}

/// `{prefix}0{separator}{prefix}1...{separator}{last}`, as long as fits in 2000 characters.
fn longest_chain(prefix: &str, separator: &str, last: &str) -> String {
    let mut chain = String::new();
    for n in 0.. {
        let next = format!("{prefix}{n}{separator}");
        if chain.len() + next.len() + last.len() > 2000 {
            break;
        }
        chain.push_str(&next);
    }
    chain.push_str(last);
    chain
}

/// Regexes that are exponential for a backtracking engine, against attribute values of
/// 100,000 characters on 50 instances: the `regex` crate matches in time linear in the value
/// (a backtracking engine would need about 2^100000 steps for `(a+)+$` on `aaa…ab`).
#[test]
fn regexes_exponential_for_backtracking_are_linear_on_100k_character_values() {
    let mut instances = Vec::new();
    for n in 0..50 {
        let value = if n == 17 {
            "a".repeat(100_000)
        } else {
            format!("{}b", "a".repeat(100_000))
        };
        instances.push(with_attributes(
            instance(n, 2048, 4096),
            &[("pattern", Some(&value))],
        ));
    }
    let state = state(&snapshot(instances, vec![], vec![web()]));
    for pattern in ["(a+)+$", "(a|aa)*", "(a*)*", "(a|a)*", "((a?){1,16}a?)*"] {
        let expression = format!("attribute:pattern =~ '{pattern}'");
        // Two tasks, one instance each: the second finds none and every instance reports
        // why (49 regex mismatches, and the one that took the first task).
        let mut fields = member_of(&expression);
        fields["count"] = json!(2);
        if let Some(list) = fields["placementConstraints"].as_array_mut() {
            list.push(json!({"type": "distinctInstance"}));
        }
        let placement = placed(fields, &state);
        assert_eq!(hosts(&placement), [arn(17)], "{pattern}");
        let reasons = failures(&placement);
        assert_eq!(reasons.len(), 50, "{pattern}");
        for (arn_of, reason) in reasons {
            let expected = if arn_of == arn(17) {
                "DistinctInstance placement constraint unsatisfied."
            } else {
                "MemberOf placement constraint unsatisfied."
            };
            assert_eq!(reason, expected, "{pattern} {arn_of}");
        }
        let listed = ecs_place::list_container_instances(&state, Some(&expression), None)
            .unwrap_or_else(|error| panic!("{pattern}: {error}"));
        assert_eq!(listed, [arn(17)], "{pattern}");
    }
    // A pattern the regex crate refuses (a backreference) is an error, never a slow path.
    let error = rejected(member_of(r"attribute:pattern =~ '(a)\1'"), &state);
    assert_eq!(error.kind(), ErrorKind::InvalidParameterException);
}

/// An `in` list of 100,000 items (about 790 KB) breaks the 2000-character limit: an error in
/// RunTask (request and task definition) and in the ListContainerInstances filter, found by
/// counting characters (linear time, no parse). The longest list that fits works.
#[test]
fn a_list_of_100000_items_is_an_error_in_run_task_and_in_the_list_filter() {
    let items: Vec<String> = (0..100_000).map(|n| format!("v{n}")).collect();
    let expression = format!("attribute:stack in [{}]", items.join(", "));
    let state = two_stacks();
    let error = rejected(member_of(&expression), &state);
    assert_eq!(error.kind(), ErrorKind::InvalidParameterException);
    assert!(
        error
            .message()
            .starts_with("placementConstraints[0].expression must be at most 2000 characters"),
        "{error}"
    );
    let listed =
        ecs_place::list_container_instances(&state, Some(&expression), None).expect_err("too long");
    assert_eq!(listed.kind(), ErrorKind::InvalidParameterException);
    assert!(listed.message().starts_with("filter: at byte "), "{listed}");
    assert!(
        listed.message().contains("at most 2000 are allowed"),
        "{listed}"
    );

    // The same list in a task definition of the snapshot: the task definition is trusted for
    // its shape, but its expression is parsed like the request's and rejected clearly.
    let gated = definition(
        "gated",
        json!([{"name": "app", "cpu": 256, "memory": 512}]),
        json!({"placementConstraints": [{"type": "memberOf", "expression": expression}]}),
    );
    let mut instances = vec![instance(0, 2048, 4096)];
    instances[0] = with_attributes(instances[0].clone(), &[("stack", Some("v99999"))]);
    let gated_state = state_of(&snapshot(instances, vec![], vec![gated]));
    let error = rejected(json!({"taskDefinition": "gated"}), &gated_state);
    assert!(error.message().contains("2000"), "{error}");

    // The longest list that fits: `prod` is its last item.
    let mut fitting = Vec::new();
    for item in &items {
        let next_len = "attribute:stack in [".len()
            + fitting.iter().map(|i: &String| i.len() + 1).sum::<usize>()
            + item.len()
            + ",prod]".len();
        if next_len > 2000 {
            break;
        }
        fitting.push(item.clone());
    }
    fitting.push("prod".to_owned());
    let expression = format!("attribute:stack in [{}]", fitting.join(","));
    assert!(expression.len() <= 2000 && fitting.len() > 300);
    assert_eq!(hosts(&placed(member_of(&expression), &state)), [arn(0)]);
    let listed = ecs_place::list_container_instances(&state, Some(&expression), None);
    assert_eq!(listed, Ok(vec![arn(0)]));
}

/// `state` under another name, for a snapshot built inside a test that shadows `state`.
fn state_of(snapshot: &Value) -> ClusterState {
    state(snapshot)
}

/// Attribute names with every character the API allows in a name (letters, digits, `-`,
/// `_`, `/`, `\`, `.`), values with every character it allows in a value (those plus `@`,
/// `:` and inner spaces), and non-ASCII letters, through `memberOf`, `requiresAttributes`,
/// `spread`, failures, explain mode and the list filter.
#[test]
fn attribute_names_and_values_with_every_allowed_special_character_and_non_ascii_text() {
    let name = r"Ab9-_/\.Zürich日本";
    let value = r"Ab9-_.@/\: Ünïcödé ☃ 日本";
    let other = "ÄÖÜ-other";
    let state = state(&snapshot(
        vec![
            with_attributes(instance(0, 2048, 4096), &[(name, Some(value))]),
            with_attributes(instance(1, 2048, 4096), &[(name, Some(other))]),
            instance(2, 2048, 4096),
        ],
        vec![],
        vec![
            web(),
            definition(
                "needs",
                json!([{"name": "app", "cpu": 256, "memory": 512}]),
                json!({"requiresAttributes": [{"name": name, "value": value}]}),
            ),
        ],
    ));

    let equal = format!("attribute:{name} == '{value}'");
    assert_eq!(hosts(&placed(member_of(&equal), &state)), [arn(0)]);
    let listed = ecs_place::list_container_instances(&state, Some(&equal), None);
    assert_eq!(listed, Ok(vec![arn(0)]));

    let bare = format!("attribute:{name} == {other}");
    assert_eq!(hosts(&placed(member_of(&bare), &state)), [arn(1)]);
    let list = format!("attribute:{name} in ['{value}', {other}]");
    let mut fields = member_of(&list);
    fields["count"] = json!(4);
    fields["placementStrategy"] = json!([{"type": "spread", "field": format!("attribute:{name}")}]);
    let spread = placed(fields, &state);
    let mut per_host: BTreeMap<String, usize> = BTreeMap::new();
    for host in hosts(&spread) {
        *per_host.entry(host).or_default() += 1;
    }
    assert_eq!(per_host, BTreeMap::from([(arn(0), 2), (arn(1), 2)]));
    let regex = format!("attribute:{name} =~ '.*☃.*'");
    assert_eq!(hosts(&placed(member_of(&regex), &state)), [arn(0)]);

    let needs = placed(json!({"taskDefinition": "needs", "count": 2}), &state);
    assert_eq!(hosts(&needs), [arn(0), arn(0)]);

    // A failure detail and an explanation quoting non-ASCII text do not split characters.
    let nowhere = format!("attribute:{name} == '☃☃☃'");
    let options = Options {
        explain: true,
        ..Options::with_seed(1)
    };
    let failed =
        ecs_place::place(&request(member_of(&nowhere)), &state, &options).expect("a valid request");
    assert!(failed.response().tasks.is_empty());
    assert_eq!(failed.response().failures.len(), 3);
    assert!(failed.to_json().contains("☃☃☃"));

    // An error after non-ASCII text reports a byte offset on a character boundary.
    let broken = format!("attribute:{name} == '{value}");
    let error = rejected(member_of(&broken), &state);
    let offset = format!("attribute:{name} == ").len();
    assert!(
        error.message().contains(&format!("at byte {offset}:")),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------
// Request values at and beyond their bounds (spec §9, §7.2)

#[test]
fn count_at_and_beyond_its_bounds() {
    let state = state(&snapshot(
        vec![instance(0, 1 << 20, 1 << 20)],
        vec![],
        vec![web()],
    ));
    assert_eq!(
        placed(json!({"count": 1}), &state).response().tasks.len(),
        1
    );
    assert_eq!(
        placed(json!({"count": 10}), &state).response().tasks.len(),
        10
    );
    for count in [0, 11, -1, i64::MAX, i64::MIN] {
        let error = rejected(json!({ "count": count }), &state);
        assert_eq!(error.kind(), ErrorKind::InvalidParameterException);
        assert_eq!(
            error.message(),
            format!("count must be between 1 and 10, got {count}")
        );
    }
    // Beyond i64 is not a number of the request's type: malformed input, not a panic.
    let text = r#"{"cluster": "adv", "taskDefinition": "web", "count": 18446744073709551616}"#;
    assert!(parse_request(text).is_err());
}

#[test]
fn capacity_provider_weights_and_bases_at_and_beyond_their_bounds() {
    let state = state(&snapshot(
        vec![
            json!({
                "containerInstanceArn": arn(0), "status": "ACTIVE", "capacityProviderName": "asg-a",
                "remainingResources": [
                    {"name": "CPU", "type": "INTEGER", "integerValue": 1 << 20},
                    {"name": "MEMORY", "type": "INTEGER", "integerValue": 1 << 20}]
            }),
            json!({
                "containerInstanceArn": arn(1), "status": "ACTIVE", "capacityProviderName": "asg-b",
                "remainingResources": [
                    {"name": "CPU", "type": "INTEGER", "integerValue": 1 << 20},
                    {"name": "MEMORY", "type": "INTEGER", "integerValue": 1 << 20}]
            }),
        ],
        vec![],
        vec![web()],
    ));
    let strategy = |a: Value, b: Value| {
        json!({"count": 10, "capacityProviderStrategy": [
            {"capacityProvider": "asg-a", "weight": a["weight"], "base": a["base"]},
            {"capacityProvider": "asg-b", "weight": b["weight"], "base": b["base"]}
        ]})
    };
    let providers = |placement: &Placement| -> Vec<String> {
        placement
            .response()
            .tasks
            .iter()
            .map(|t| t.capacity_provider_name.clone().unwrap_or_default())
            .collect()
    };

    // At the bounds: weight 1000 against 1 (10 tasks: 10 and 0 by largest remainder), base
    // 100000 on a weight-0 provider (all 10 tasks).
    let at = placed(
        strategy(
            json!({"weight": 1000, "base": 0}),
            json!({"weight": 1, "base": 0}),
        ),
        &state,
    );
    assert_eq!(providers(&at), vec!["asg-a"; 10]);
    let based = placed(
        strategy(
            json!({"weight": 0, "base": 100_000}),
            json!({"weight": 1, "base": 0}),
        ),
        &state,
    );
    assert_eq!(providers(&based), vec!["asg-a"; 10]);

    for (a, field, value) in [
        (json!({"weight": 1001, "base": 0}), "weight", "1001"),
        (json!({"weight": -1, "base": 0}), "weight", "-1"),
        (
            json!({"weight": i64::MAX, "base": 0}),
            "weight",
            "9223372036854775807",
        ),
        (json!({"weight": 1, "base": 100_001}), "base", "100001"),
        (
            json!({"weight": 1, "base": i64::MIN}),
            "base",
            "-9223372036854775808",
        ),
    ] {
        let error = rejected(strategy(a, json!({"weight": 1, "base": 0})), &state);
        assert_eq!(error.kind(), ErrorKind::InvalidParameterException);
        assert!(
            error.message().contains(field) && error.message().ends_with(&format!("got {value}")),
            "{error}"
        );
    }
}

#[test]
fn task_and_container_sizes_at_and_beyond_their_bounds() {
    let state = state(&snapshot(
        vec![instance(0, 1 << 20, 1 << 20)],
        vec![],
        vec![web()],
    ));
    let sized = |cpu: &str| json!({"overrides": {"cpu": cpu, "memory": "512"}});
    for cpu in ["128", "196608"] {
        let placement = placed(sized(cpu), &state);
        assert_eq!(placement.response().tasks[0].cpu.as_deref(), Some(cpu));
    }
    for cpu in ["127", "196609", "99999999999999999999999", "-128", "1.5"] {
        let error = rejected(sized(cpu), &state);
        assert_eq!(error.kind(), ErrorKind::InvalidParameterException, "{cpu}");
        assert!(error.message().contains(cpu), "{error}");
    }
    for (field, value) in [
        ("cpu", json!(4_294_967_296_i64)),
        ("cpu", json!(-1)),
        ("memory", json!(i64::MAX)),
        ("memoryReservation", json!(i64::MIN)),
    ] {
        let mut container = json!({"name": "app"});
        container[field] = value.clone();
        let error = rejected(
            json!({"overrides": {"containerOverrides": [container]}}),
            &state,
        );
        assert_eq!(
            error.kind(),
            ErrorKind::InvalidParameterException,
            "{field} {value}"
        );
        assert!(error.message().contains(field), "{error}");
    }
}

// ---------------------------------------------------------------------------------------
// Resource arithmetic at the edges of u32

/// Container sizes whose sum exceeds `u32::MAX` (each fits in `u32`): the task needs more
/// than any instance can have. It is a `ClientException` naming the task definition and the
/// exact sum, never placed, not even on an instance with `u32::MAX` remaining.
///
/// Regression (issue 8): the sums used to saturate at `u32::MAX`, so such a task fit an
/// instance with `u32::MAX` remaining and over-committed it by one unit or more.
#[test]
fn container_sums_beyond_u32_never_overcommit_an_instance_at_u32_max() {
    let half = 1_u64 << 31;
    let max = u64::from(u32::MAX);
    let state = state(&snapshot(
        vec![instance(0, max, max)],
        vec![],
        vec![
            definition(
                "cpu-heavy",
                json!([
                    {"name": "a", "cpu": half, "memory": 1},
                    {"name": "b", "cpu": half, "memory": 1}
                ]),
                json!({}),
            ),
            definition(
                "memory-heavy",
                json!([
                    {"name": "a", "cpu": 1, "memoryReservation": half},
                    {"name": "b", "cpu": 1, "memory": half}
                ]),
                json!({}),
            ),
            definition(
                "fits",
                json!([
                    {"name": "a", "cpu": half, "memory": half},
                    {"name": "b", "cpu": half - 1, "memory": half - 1}
                ]),
                json!({}),
            ),
        ],
    ));
    for (family, needs) in [
        ("cpu-heavy", "needs 4294967296 CPU units in total"),
        ("memory-heavy", "needs 4294967296 MiB"),
    ] {
        let error = rejected(json!({ "taskDefinition": family }), &state);
        assert_eq!(error.kind(), ErrorKind::ClientException, "{error}");
        assert!(
            error.message().contains(&format!("`{family}:1`")) && error.message().contains(needs),
            "{error}"
        );
    }
    // Overrides that push the sum past `u32` are caught the same way.
    let error = rejected(
        json!({"taskDefinition": "fits", "overrides": {"containerOverrides": [
            {"name": "b", "cpu": half}]}}),
        &state,
    );
    assert_eq!(error.kind(), ErrorKind::ClientException, "{error}");
    // Exactly `u32::MAX` fits an instance that has exactly that, once.
    let placement = placed(json!({"taskDefinition": "fits", "count": 2}), &state);
    assert_eq!(hosts(&placement), [arn(0)]);
    assert_eq!(failures(&placement), [(arn(0), "RESOURCE:CPU".to_owned())]);
}

/// An instance with `u32::MAX` CPU units and MiB takes exactly one task of `u32::MAX`; the
/// index commits it down to 0 and a stop gives it back. One more unit is malformed input.
#[test]
fn instance_resources_at_u32_max_place_commit_and_stop_exactly() {
    let max = u64::from(u32::MAX);
    let whole = definition(
        "whole",
        json!([{"name": "app"}]),
        json!({"cpu": max.to_string(), "memory": max.to_string()}),
    );
    let mut at_max = instance(0, max, max);
    at_max["registeredResources"] = json!([
        {"name": "CPU", "type": "LONG", "longValue": max},
        {"name": "MEMORY", "type": "DOUBLE", "doubleValue": 4_294_967_295.0}
    ]);
    let state = state(&snapshot(vec![at_max.clone()], vec![], vec![whole]));
    let placement = placed(json!({"taskDefinition": "whole", "count": 2}), &state);
    assert_eq!(hosts(&placement), [arn(0)]);
    assert_eq!(failures(&placement), [(arn(0), "RESOURCE:CPU".to_owned())]);
    let detail = placement.response().failures[0]
        .detail
        .clone()
        .unwrap_or_default();
    assert!(detail.contains("4294967295"), "{detail}");

    let mut index = ClusterIndex::build(&state, &IndexOptions::default());
    index.commit(&placement).expect("fits");
    let exported = index.to_snapshot();
    let left = &exported.container_instances[0];
    assert_eq!(left.remaining("CPU").map(Resource::units), Some(Ok(0)));
    assert_eq!(left.remaining("MEMORY").map(Resource::units), Some(Ok(0)));
    let arns: Vec<String> = placement
        .response()
        .tasks
        .iter()
        .filter_map(|t| t.task_arn.clone())
        .collect();
    index.stop_tasks(&arns).expect("committed tasks");
    assert!(index == ClusterIndex::build(&state, &IndexOptions::default()));

    let mut beyond = at_max;
    beyond["remainingResources"][0]["integerValue"] = json!(max + 1);
    beyond["registeredResources"] = json!([]);
    let error = parse_cluster_state(&snapshot(vec![beyond], vec![], vec![web()]).to_string())
        .expect_err("beyond u32");
    assert!(
        error
            .to_string()
            .contains("is not a whole number between 0 and 4294967295"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------
// Large clusters and groups

/// 10,000 counted tasks of one group on one instance: counted once at build (linear in the
/// tasks); spread, `distinctInstance`, `task:group` and `runningTasksCount` read them right.
#[test]
fn ten_thousand_tasks_of_one_group_on_one_instance() {
    let crowded = arn(0);
    let tasks: Vec<Value> = (0..10_000).map(|n| task(n, &crowded, "web")).collect();
    let state = state(&snapshot(
        vec![instance(0, 1 << 20, 1 << 20), instance(1, 1 << 20, 1 << 20)],
        tasks,
        vec![web()],
    ));
    let spread = placed(
        json!({"group": "web", "count": 3,
               "placementStrategy": [{"type": "spread", "field": "instanceId"}]}),
        &state,
    );
    assert_eq!(hosts(&spread), [arn(1), arn(1), arn(1)]);

    let distinct = placed(
        json!({"group": "web", "count": 3,
               "placementConstraints": [{"type": "distinctInstance"}]}),
        &state,
    );
    assert_eq!(hosts(&distinct), [arn(1)]);
    let reason = "DistinctInstance placement constraint unsatisfied.".to_owned();
    assert_eq!(
        failures(&distinct),
        [(arn(0), reason.clone()), (arn(1), reason)]
    );

    let mut fields = member_of("task:group == web and runningTasksCount >= 10000");
    fields["count"] = json!(2);
    assert_eq!(hosts(&placed(fields, &state)), [arn(0), arn(0)]);
    let fields = member_of("runningTasksCount > 10000");
    assert!(placed(fields, &state).response().tasks.is_empty());

    let mut index = ClusterIndex::build(&state, &IndexOptions::default());
    assert_eq!(index.stop_group("web"), 10_000);
    let after = index
        .place(
            &request(member_of("not(task:group exists)")),
            &Options::with_seed(1),
            &mut Scratch::default(),
        )
        .expect("valid");
    assert_eq!(after.response().tasks.len(), 1);
}

/// Instances for a large cluster, built in code (no JSON) so that a debug build stays fast:
/// every instance has 2048 CPU units and 4096 MiB except `low` (600 MiB) and `lower` (1200
/// MiB); three zones.
fn large_state(count: usize, low: usize, lower: usize) -> ClusterState {
    let zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
    let container_instances = (0..count)
        .map(|n| ContainerInstance {
            container_instance_arn: arn(n),
            status: "ACTIVE".to_owned(),
            agent_connected: Some(true),
            attributes: vec![Attribute {
                name: "ecs.availability-zone".into(),
                value: Some(zones[n % 3].into()),
                ..Attribute::default()
            }],
            remaining_resources: vec![
                Resource::integer("CPU", 2048),
                Resource::integer(
                    "MEMORY",
                    match n {
                        _ if n == low => 600,
                        _ if n == lower => 1200,
                        _ => 4096,
                    },
                ),
            ],
            ..ContainerInstance::default()
        })
        .rev()
        .collect();
    ClusterState {
        clusters: vec![Cluster {
            cluster_arn: CLUSTER_ARN.to_owned(),
            cluster_name: "adv".to_owned(),
            ..Cluster::default()
        }],
        container_instances,
        task_definitions: vec![TaskDefinition {
            task_definition_arn: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"
                .to_owned(),
            family: "web".to_owned(),
            revision: 1,
            status: "ACTIVE".to_owned(),
            container_definitions: vec![ContainerDefinition {
                name: "app".to_owned(),
                cpu: Some(256),
                memory: Some(512),
                ..ContainerDefinition::default()
            }],
            ..TaskDefinition::default()
        }],
        ..ClusterState::default()
    }
}

/// 200,000 instances (given in reverse ARN order): the snapshot check, three index builds and
/// three placements complete in time linear in the instances (up to the sort), and binpack
/// finds the two fullest instances among them. Measured bound: about 4.5 s and 570 MB peak
/// RSS for the whole test in a debug build on 2 cores.
#[test]
fn two_hundred_thousand_instances_build_and_place() {
    let state = large_state(200_000, 150_000, 20);
    state.check().expect("a valid snapshot");
    let fields = json!({"count": 3, "placementStrategy": [{"type": "binpack", "field": "memory"}]});
    let placement = placed(fields.clone(), &state);
    // 600 MiB takes one task (88 left); then 1200 MiB takes two (688, then 176 left).
    assert_eq!(hosts(&placement), [arn(150_000), arn(20), arn(20)]);

    let index = ClusterIndex::build(&state, &IndexOptions::default());
    assert_eq!(index.len(), 200_000);
    assert_eq!(index.arn(0), arn(0));
    let again = index
        .place(
            &request(fields),
            &Options::with_seed(1),
            &mut Scratch::default(),
        )
        .expect("valid");
    assert_eq!(again, placement);

    let zoned = placed(
        json!({"count": 6, "placementStrategy": [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"}]}),
        &state,
    );
    let zones: Vec<String> = zoned
        .response()
        .tasks
        .iter()
        .map(|t| t.availability_zone.clone().unwrap_or_default())
        .collect();
    for zone in ["us-east-1a", "us-east-1b", "us-east-1c"] {
        assert_eq!(zones.iter().filter(|z| *z == zone).count(), 2, "{zones:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Inconsistent snapshots

#[test]
fn duplicate_arns_are_a_clear_error() {
    let twice = snapshot(
        vec![
            instance(0, 2048, 4096),
            instance(1, 1024, 1024),
            instance(0, 1, 1),
        ],
        vec![],
        vec![web()],
    );
    let error = parse_cluster_state(&twice.to_string()).expect_err("duplicate instance");
    assert_eq!(error.path(), Some("containerInstances"));
    assert_eq!(
        error.message(),
        format!("container instance `{}` appears twice", arn(0))
    );

    let definitions = snapshot(vec![instance(0, 2048, 4096)], vec![], vec![web(), web()]);
    let error = parse_cluster_state(&definitions.to_string()).expect_err("duplicate definition");
    assert!(error.message().contains("appears twice"), "{error}");
}

/// A task whose `containerInstanceArn` names no instance of the snapshot is not counted
/// (spec §5): no group membership, no `runningTasksCount`, no effect on spread or
/// `distinctInstance`.
#[test]
fn a_task_on_a_missing_instance_is_ignored() {
    let missing = arn(99);
    let tasks: Vec<Value> = (0..5).map(|n| task(n, &missing, "web")).collect();
    let state = state(&snapshot(vec![instance(0, 4096, 8192)], tasks, vec![web()]));
    let placement = placed(
        json!({"group": "web", "count": 1, "placementConstraints": [{"type": "distinctInstance"}]}),
        &state,
    );
    assert_eq!(hosts(&placement), [arn(0)]);
    assert!(
        placed(member_of("task:group exists"), &state)
            .response()
            .tasks
            .is_empty()
    );
    assert_eq!(
        hosts(&placed(member_of("runningTasksCount == 0"), &state)),
        [arn(0)]
    );
    let listed = ecs_place::list_container_instances(&state, Some("task:group == web"), None);
    assert_eq!(listed, Ok(vec![]));
}

#[test]
fn remaining_resources_above_registered_resources_are_a_clear_error() {
    let mut above = instance(0, 2048, 4096);
    above["registeredResources"] = json!([
        {"name": "CPU", "type": "INTEGER", "integerValue": 1024},
        {"name": "MEMORY", "type": "INTEGER", "integerValue": 4096}
    ]);
    let error = parse_cluster_state(&snapshot(vec![above], vec![], vec![web()]).to_string())
        .expect_err("remaining above registered");
    assert_eq!(error.path(), Some("containerInstances[0]"));
    assert_eq!(
        error.message(),
        format!(
            "container instance `{}`: remainingResources `CPU` 2048 is above registeredResources `CPU` 1024",
            arn(0)
        )
    );

    let mut gpus = instance(0, 2048, 4096);
    gpus["registeredResources"] =
        json!([{"name": "GPU", "type": "STRINGSET", "stringSetValue": ["g0"]}]);
    gpus["remainingResources"]
        .as_array_mut()
        .expect("an array")
        .push(json!({"name": "GPU", "type": "STRINGSET", "stringSetValue": ["g0", "g1"]}));
    let error = parse_cluster_state(&snapshot(vec![gpus], vec![], vec![web()]).to_string())
        .expect_err("unregistered GPU");
    assert!(error.message().contains("`g1`"), "{error}");
}

/// JSON nested 100,000 levels deep never overflows a 512 KiB stack: where a document reads
/// the nesting, serde_json stops at 128 levels (malformed input); an ignored field is skipped
/// without recursion.
#[test]
fn deeply_nested_json_documents_never_overflow_a_512_kib_stack() {
    let (request, state) = on_small_stack(SMALL_STACK, || {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        // The request rejects the nesting a few levels in, where a string belongs.
        let in_field = format!(r#"{{"taskDefinition": "web", "overrides": {deep}}}"#);
        // The snapshot skips an unknown field, and reads a free-form one in full.
        let ignored = format!(r#"{{"clusters": [], "somethingElse": {deep}}}"#);
        let free_form = format!(
            r#"{{"clusters": [], "capacityProviders": [{{"name": "p", "managedInstancesProvider": {deep}}}]}}"#
        );
        (
            parse_request(&in_field).map(|_| ()),
            [ignored, free_form].map(|text| parse_cluster_state(&text).map(|_| ())),
        )
    });
    match request {
        Err(RequestError::Malformed(error)) => {
            // A struct is read from an object only, so the fault is the outermost array.
            assert_eq!(error.path(), Some("overrides"), "{error}");
        }
        other => panic!("expected malformed input, got {other:?}"),
    }
    let [ignored, free_form] = state;
    // An ignored field is skipped without recursion (serde_json), so the document reads as far
    // as the snapshot check, which wants one cluster.
    let error = ignored.expect_err("no cluster");
    assert_eq!(
        error.message(),
        "the snapshot must describe exactly one cluster, found 0"
    );
    let error = free_form.expect_err("too deep");
    assert!(
        error.message().contains("recursion limit exceeded"),
        "{error}"
    );
}

/// A JSON array where the API has an object is a field of the wrong JSON type: malformed
/// input (spec §1.4) naming the path, in the request and in the snapshot.
///
/// Regression (found by this test): serde's derived `Deserialize` also reads a struct from an
/// array of its fields in declaration order, so the request below was accepted as
/// `{"type": "binpack", "field": "memory"}` and the snapshot as a cluster. The model's
/// `strict` adapter now reads every struct as a map only.
#[test]
fn an_array_where_an_object_belongs_is_malformed_input() {
    let text = r#"{"cluster": "adv", "taskDefinition": "web", "placementStrategy": [["binpack", "memory"]]}"#;
    match parse_request(text) {
        Err(RequestError::Malformed(error)) => {
            assert_eq!(error.path(), Some("placementStrategy[0]"), "{error}");
        }
        other => panic!("expected malformed input, got {other:?}"),
    }
    let mut positional = snapshot(vec![instance(0, 2048, 4096)], vec![], vec![web()]);
    positional["clusters"] = json!([[CLUSTER_ARN, "adv"]]);
    let error = parse_cluster_state(&positional.to_string()).expect_err("positional cluster");
    assert_eq!(error.path(), Some("clusters[0]"), "{error}");
}
