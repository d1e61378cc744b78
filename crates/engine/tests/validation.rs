//! Both sides of every request limit (spec §9, §7.1–7.2), each error naming field and rule.

use ecs_place::validate::validate_request;
use serde_json::{Value, json};

use crate::support::{invalid, plan, request, resolve_json, with};

/// Resolves `extra` on top of an EC2 request for `web`; it must succeed.
fn ok(extra: Value) {
    plan(with(json!({"taskDefinition": "web"}), extra));
}

/// Resolves `extra` on top of an EC2 request for `web`; returns the
/// `InvalidParameterException` message.
fn bad(extra: Value) -> String {
    invalid(with(json!({"taskDefinition": "web"}), extra))
}

fn text(len: usize) -> String {
    "a".repeat(len)
}

#[test]
fn task_definition_is_required() {
    assert_eq!(invalid(json!({})), "taskDefinition is required");
    assert_eq!(
        invalid(json!({"taskDefinition": ""})),
        "taskDefinition is required"
    );
}

#[test]
fn count_is_1_to_10() {
    assert_eq!(
        bad(json!({"count": 0})),
        "count must be between 1 and 10, got 0"
    );
    assert_eq!(
        bad(json!({"count": 11})),
        "count must be between 1 and 10, got 11"
    );
    assert_eq!(
        bad(json!({"count": -3})),
        "count must be between 1 and 10, got -3"
    );
    ok(json!({"count": 1}));
    ok(json!({"count": 10}));
    assert_eq!(plan(json!({"taskDefinition": "web"})).count, 1);
}

#[test]
fn launch_type_is_in_its_set() {
    assert_eq!(
        bad(json!({"launchType": "EC3"})),
        "launchType must be one of `EC2`, `FARGATE`, `EXTERNAL`, got `EC3`"
    );
    assert_eq!(
        bad(json!({"launchType": "MANAGED_INSTANCES"})),
        "launchType `MANAGED_INSTANCES` is only available through a capacityProviderStrategy"
    );
    ok(json!({"launchType": "EC2"}));
    ok(json!({"launchType": "EXTERNAL"}));
}

#[test]
fn launch_type_excludes_a_strategy() {
    assert_eq!(
        bad(
            json!({"launchType": "EC2", "capacityProviderStrategy": [{"capacityProvider": "asg-a", "weight": 1}]})
        ),
        "launchType `EC2` and capacityProviderStrategy cannot both be given"
    );
    // An empty strategy is no strategy.
    ok(json!({"launchType": "EC2", "capacityProviderStrategy": []}));
}

fn providers(count: usize) -> Value {
    let names = ["asg-a", "asg-b", "mi"];
    Value::Array(
        (0..count)
            .map(|i| json!({"capacityProvider": names.get(i).copied().unwrap_or("asg-a"), "weight": 1}))
            .collect(),
    )
}

#[test]
fn strategy_has_at_most_20_items() {
    let message = bad(json!({"capacityProviderStrategy": providers(21)}));
    assert_eq!(
        message,
        "capacityProviderStrategy must have at most 20 items, got 21"
    );
    // 20 items pass the count rule and reach the next one (each provider at most once).
    let message = bad(json!({"capacityProviderStrategy": providers(20)}));
    assert_eq!(
        message,
        "capacityProviderStrategy: capacity provider `asg-a` is listed twice"
    );
    ok(json!({"capacityProviderStrategy": providers(3)}));
}

#[test]
fn strategy_item_needs_a_provider() {
    assert_eq!(
        bad(json!({"capacityProviderStrategy": [{"weight": 1}]})),
        "capacityProviderStrategy[0].capacityProvider is required"
    );
}

#[test]
fn strategy_weight_is_0_to_1000() {
    let item = |weight: i64| json!({"capacityProviderStrategy": [{"capacityProvider": "asg-a", "weight": weight}]});
    assert_eq!(
        bad(item(1001)),
        "capacityProviderStrategy[0].weight (capacity provider `asg-a`) must be between 0 and 1000, got 1001"
    );
    assert_eq!(
        bad(item(-1)),
        "capacityProviderStrategy[0].weight (capacity provider `asg-a`) must be between 0 and 1000, got -1"
    );
    ok(item(1000));
    ok(item(1));
}

#[test]
fn strategy_base_is_0_to_100000() {
    let item = |base: i64| json!({"capacityProviderStrategy": [{"capacityProvider": "asg-a", "weight": 1, "base": base}]});
    assert_eq!(
        bad(item(100_001)),
        "capacityProviderStrategy[0].base (capacity provider `asg-a`) must be between 0 and 100000, got 100001"
    );
    assert_eq!(
        bad(item(-1)),
        "capacityProviderStrategy[0].base (capacity provider `asg-a`) must be between 0 and 100000, got -1"
    );
    ok(item(100_000));
    ok(item(0));
}

#[test]
fn strategy_has_at_most_one_base() {
    assert_eq!(
        bad(json!({"capacityProviderStrategy": [
            {"capacityProvider": "asg-a", "weight": 1, "base": 1},
            {"capacityProvider": "asg-b", "weight": 1, "base": 2}
        ]})),
        "capacityProviderStrategy: only one capacity provider may have a base, but `asg-a` and `asg-b` both do"
    );
    ok(json!({"capacityProviderStrategy": [
        {"capacityProvider": "asg-a", "weight": 0, "base": 1},
        {"capacityProvider": "asg-b", "weight": 1, "base": 0}
    ]}));
}

#[test]
fn strategy_weights_are_not_all_zero() {
    assert_eq!(
        bad(json!({"capacityProviderStrategy": [
            {"capacityProvider": "asg-a", "base": 1},
            {"capacityProvider": "asg-b", "weight": 0}
        ]})),
        "capacityProviderStrategy: at least one capacity provider must have a weight above 0, but `asg-a`, `asg-b` all have weight 0"
    );
}

fn memberof(expression: &str) -> Value {
    json!({"type": "memberOf", "expression": expression})
}

#[test]
fn constraints_are_at_most_10() {
    let distinct = |n: usize| Value::Array(vec![json!({"type": "distinctInstance"}); n]);
    assert_eq!(
        bad(json!({"placementConstraints": distinct(11)})),
        "placementConstraints must have at most 10 items, got 11"
    );
    ok(json!({"placementConstraints": distinct(10)}));
}

#[test]
fn constraints_including_the_task_definitions_are_at_most_10() {
    // `pinned` has 2 memberOf constraints: 8 more pass, 9 do not.
    let distinct = |n: usize| Value::Array(vec![json!({"type": "distinctInstance"}); n]);
    let request = |n: usize| {
        json!({"taskDefinition": "pinned", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s-1"]}},
               "placementConstraints": distinct(n)})
    };
    assert_eq!(
        invalid(request(9)),
        "placementConstraints must have at most 10 items including the task definition's, got 9 + 2 from task definition `pinned:1`"
    );
    assert_eq!(plan(request(8)).constraints.len(), 10);
}

#[test]
fn constraint_type_is_required_and_in_its_set() {
    assert_eq!(
        bad(json!({"placementConstraints": [{"expression": "attribute:a exists"}]})),
        "placementConstraints[0].type is required"
    );
    assert_eq!(
        bad(
            json!({"placementConstraints": [{"type": "memberof", "expression": "attribute:a exists"}]})
        ),
        "placementConstraints[0].type must be one of `memberOf`, `distinctInstance`, got `memberof`"
    );
}

#[test]
fn member_of_needs_an_expression_and_distinct_instance_takes_none() {
    for constraint in [
        json!({"type": "memberOf"}),
        json!({"type": "memberOf", "expression": ""}),
    ] {
        assert_eq!(
            bad(json!({"placementConstraints": [constraint]})),
            "placementConstraints[0].expression is required for a memberOf constraint"
        );
    }
    assert_eq!(
        bad(
            json!({"placementConstraints": [{"type": "distinctInstance", "expression": "attribute:a exists"}]})
        ),
        "placementConstraints[0].expression is not allowed for a distinctInstance constraint"
    );
    ok(json!({"placementConstraints": [{"type": "distinctInstance", "expression": ""}]}));
}

#[test]
fn expression_is_at_most_2000_characters() {
    // `attribute:a == "…"` padded to the exact length with a quoted value.
    let expression = |len: usize| format!("attribute:a == \"{}\"", "é".repeat(len - 17));
    assert_eq!(expression(2000).chars().count(), 2000);
    assert_eq!(
        bad(json!({"placementConstraints": [memberof(&expression(2001))]})),
        "placementConstraints[0].expression must be at most 2000 characters, got 2001"
    );
    ok(json!({"placementConstraints": [memberof(&expression(2000))]}));
}

#[test]
fn expression_syntax_error_quotes_the_constraint_and_the_offset() {
    let message = bad(json!({"placementConstraints": [
        {"type": "distinctInstance"},
        memberof("attribute:stack == prod and")
    ]}));
    assert!(
        message.starts_with("placementConstraints[1].expression is not a valid cluster query language expression: at byte "),
        "{message}"
    );
    let message = bad(json!({"placementConstraints": [memberof("agentVersoin >= 1.2")]}));
    assert!(message.contains("at byte 0:"), "{message}");
    assert!(message.contains("agentVersoin"), "{message}");
}

#[test]
fn strategies_are_at_most_5() {
    let random = |n: usize| Value::Array(vec![json!({"type": "random"}); n]);
    assert_eq!(
        bad(json!({"placementStrategy": random(6)})),
        "placementStrategy must have at most 5 items, got 6"
    );
    ok(json!({"placementStrategy": random(5)}));
}

#[test]
fn strategy_types_and_fields_are_checked() {
    let cases = [
        (json!({}), "placementStrategy[0].type is required"),
        (
            json!({"type": "pack"}),
            "placementStrategy[0].type must be one of `random`, `spread`, `binpack`, got `pack`",
        ),
        (
            json!({"type": "binpack"}),
            "placementStrategy[0].field is required",
        ),
        (
            json!({"type": "binpack", "field": "gpu"}),
            "placementStrategy[0].field must be `cpu` or `memory` for binpack, got `gpu`",
        ),
        (
            json!({"type": "spread"}),
            "placementStrategy[0].field is required",
        ),
        (
            json!({"type": "spread", "field": "zone"}),
            "placementStrategy[0].field must be `instanceId`, `host` or `attribute:NAME` for spread, got `zone`",
        ),
        (
            json!({"type": "spread", "field": "attribute:"}),
            "placementStrategy[0].field must be `instanceId`, `host` or `attribute:NAME` for spread, got `attribute:`",
        ),
    ];
    for (strategy, message) in cases {
        assert_eq!(bad(json!({"placementStrategy": [strategy]})), message);
    }
}

#[test]
fn group_is_at_most_255_characters() {
    assert_eq!(
        bad(json!({"group": text(256)})),
        "group must be at most 255 characters, got 256"
    );
    ok(json!({"group": text(255)}));
}

#[test]
fn started_by_is_at_most_128_allowed_characters() {
    assert_eq!(
        bad(json!({"startedBy": text(129)})),
        "startedBy must be at most 128 characters, got 129"
    );
    ok(json!({"startedBy": text(128)}));
    ok(json!({"startedBy": "ci/job-42_B"}));
    ok(json!({"startedBy": ""}));
    assert_eq!(
        bad(json!({"startedBy": "ci job"})),
        "startedBy may contain only letters, digits, `-`, `/` and `_`, got ` `"
    );
    assert_eq!(
        bad(json!({"startedBy": "café"})),
        "startedBy may contain only letters, digits, `-`, `/` and `_`, got `é`"
    );
}

#[test]
fn client_token_is_at_most_64_printable_ascii_characters() {
    assert_eq!(
        bad(json!({"clientToken": text(65)})),
        "clientToken must be at most 64 characters, got 65"
    );
    ok(json!({"clientToken": text(64)}));
    ok(json!({"clientToken": "!~"}));
    ok(json!({"clientToken": ""}));
    assert_eq!(
        bad(json!({"clientToken": "a b"})),
        "clientToken may contain only ASCII characters 33 to 126, got ' '"
    );
    assert_eq!(
        bad(json!({"clientToken": "a\u{7f}"})),
        "clientToken may contain only ASCII characters 33 to 126, got '\\u{7f}'"
    );
}

fn tags(count: usize) -> Value {
    Value::Array(
        (0..count)
            .map(|i| json!({"key": format!("k{i}"), "value": "v"}))
            .collect(),
    )
}

#[test]
fn tags_are_at_most_50() {
    assert_eq!(
        bad(json!({"tags": tags(51)})),
        "tags must have at most 50 items, got 51"
    );
    ok(json!({"tags": tags(50)}));
}

#[test]
fn tag_key_is_1_to_128_and_value_0_to_256_characters() {
    assert_eq!(
        bad(json!({"tags": [{"key": text(129), "value": "v"}]})),
        "tags[0].key must be between 1 and 128 characters, got 129"
    );
    assert_eq!(
        bad(json!({"tags": [{"key": "", "value": "v"}]})),
        "tags[0].key must be between 1 and 128 characters, got 0"
    );
    assert_eq!(
        bad(json!({"tags": [{"value": "v"}]})),
        "tags[0].key must be between 1 and 128 characters, got 0"
    );
    assert_eq!(
        bad(json!({"tags": [{"key": "k", "value": text(257)}]})),
        "tags[0].value must be at most 256 characters, got 257"
    );
    ok(json!({"tags": [{"key": text(128), "value": text(256)}, {"key": "k"}]}));
}

#[test]
fn tag_keys_are_unique_and_not_reserved() {
    assert_eq!(
        bad(json!({"tags": [{"key": "AWS:owner", "value": "v"}]})),
        "tags[0].key `AWS:owner` uses the reserved prefix `aws:`"
    );
    assert_eq!(
        bad(json!({"tags": [{"key": "k", "value": "1"}, {"key": "k", "value": "2"}]})),
        "tags[1].key `k` is used by an earlier tag; tag keys must be unique"
    );
    ok(json!({"tags": [{"key": "k"}, {"key": "K"}, {"key": "awsx"}]}));
}

#[test]
fn propagate_tags_is_task_definition_or_none() {
    assert_eq!(
        bad(json!({"propagateTags": "SERVICE"})),
        "propagateTags `SERVICE` is only valid for services, not for RunTask"
    );
    assert_eq!(
        bad(json!({"propagateTags": "ALL"})),
        "propagateTags must be one of `TASK_DEFINITION`, `NONE`, got `ALL`"
    );
    ok(json!({"propagateTags": "NONE"}));
    ok(json!({"propagateTags": "TASK_DEFINITION"}));
}

/// Overrides whose compact JSON is exactly `len` characters.
fn overrides_of_length(len: usize) -> Value {
    let shape =
        |command: String| json!({"containerOverrides": [{"name": "app", "command": [command]}]});
    let frame = shape(String::new()).to_string().chars().count();
    let value = shape(text(len - frame));
    assert_eq!(value.to_string().chars().count(), len);
    value
}

#[test]
fn overrides_are_at_most_8192_characters() {
    assert_eq!(
        bad(json!({"overrides": overrides_of_length(8193)})),
        "overrides must be at most 8192 characters as compact JSON, got 8193"
    );
    ok(json!({"overrides": overrides_of_length(8192)}));
}

#[test]
fn non_empty_container_override_needs_a_known_name() {
    assert_eq!(
        bad(json!({"overrides": {"containerOverrides": [{"cpu": 1}]}})),
        "overrides.containerOverrides[0].name is required in a non-empty container override"
    );
    assert_eq!(
        bad(json!({"overrides": {"containerOverrides": [{}, {"name": "db"}]}})),
        "overrides.containerOverrides[1].name `db` is not a container of task definition `web:2`"
    );
    ok(json!({"overrides": {"containerOverrides": [{}]}}));
}

fn env_files(count: usize, kind: &str) -> Value {
    json!({"overrides": {"containerOverrides": [{"name": "app",
        "environmentFiles": vec![json!({"value": "arn:aws:s3:::b/f.env", "type": kind}); count]}]}})
}

#[test]
fn environment_files_are_at_most_10_of_type_s3() {
    assert_eq!(
        bad(env_files(11, "s3")),
        "overrides.containerOverrides[0].environmentFiles must have at most 10 items, got 11"
    );
    ok(env_files(10, "s3"));
    assert_eq!(
        bad(env_files(1, "S3")),
        "overrides.containerOverrides[0].environmentFiles[0].type must be one of `s3`, got `S3`"
    );
    assert_eq!(
        bad(
            json!({"overrides": {"containerOverrides": [{"name": "app", "environmentFiles": [{"value": "x"}]}]}})
        ),
        "overrides.containerOverrides[0].environmentFiles[0].type is required"
    );
}

#[test]
fn container_override_sizes_are_not_negative() {
    assert_eq!(
        bad(
            json!({"overrides": {"containerOverrides": [{"name": "app", "memoryReservation": -1}]}})
        ),
        "overrides.containerOverrides[0].memoryReservation must be between 0 and 4294967295, got -1"
    );
    assert_eq!(
        bad(
            json!({"overrides": {"containerOverrides": [{"name": "app", "resourceRequirements": [{"type": "TPU", "value": "1"}]}]}})
        ),
        "overrides.containerOverrides[0].resourceRequirements[0].type must be one of `GPU`, `InferenceAccelerator`, `NeuronDevice`, got `TPU`"
    );
}

#[test]
fn task_level_override_sizes_are_whole_numbers() {
    assert_eq!(
        bad(json!({"overrides": {"cpu": "1 vCPU"}})),
        "overrides.cpu must be a whole number of CPU units, got `1 vCPU`"
    );
    assert_eq!(
        bad(json!({"overrides": {"memory": "-512"}})),
        "overrides.memory must be a whole number of MiB, got `-512`"
    );
}

fn fargate(extra: Value) -> Value {
    with(
        json!({"taskDefinition": "serverless", "launchType": "FARGATE",
               "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}}),
        extra,
    )
}

#[test]
fn ephemeral_storage_is_21_to_200_and_fargate_only() {
    let storage = |size: i64| json!({"overrides": {"ephemeralStorage": {"sizeInGiB": size}}});
    assert_eq!(
        invalid(fargate(storage(20))),
        "overrides.ephemeralStorage.sizeInGiB must be between 21 and 200, got 20"
    );
    assert_eq!(
        invalid(fargate(storage(201))),
        "overrides.ephemeralStorage.sizeInGiB must be between 21 and 200, got 201"
    );
    plan(fargate(storage(21)));
    plan(fargate(storage(200)));
    assert_eq!(
        invalid(fargate(json!({"overrides": {"ephemeralStorage": {}}}))),
        "overrides.ephemeralStorage.sizeInGiB is required"
    );
    assert_eq!(
        bad(storage(30)),
        "overrides.ephemeralStorage is only supported for Fargate tasks"
    );
}

#[test]
fn ec2_task_cpu_is_128_to_196608() {
    let cpu = |units: u32| json!({"overrides": {"cpu": units.to_string()}});
    assert_eq!(
        bad(cpu(127)),
        "overrides.cpu for an EC2 task must be between 128 and 196608, got 127"
    );
    assert_eq!(
        bad(cpu(196_609)),
        "overrides.cpu for an EC2 task must be between 128 and 196608, got 196609"
    );
    ok(cpu(128));
    ok(cpu(196_608));
    // 0 means unset: the task definition's value (here: the containers' sum) applies.
    assert_eq!(
        plan(with(json!({"taskDefinition": "web"}), cpu(0)))
            .requirements
            .cpu,
        128
    );
}

/// Every edge of the Fargate cpu → memory table (spec §9).
#[test]
fn fargate_sizes_follow_the_table() {
    let size = |cpu: u32, memory: u32| {
        fargate(json!({"overrides": {"cpu": cpu.to_string(), "memory": memory.to_string()}}))
    };
    let table: [(u32, u32, u32, u32); 6] = [
        (512, 1024, 4096, 1024),
        (1024, 2048, 8192, 1024),
        (2048, 4096, 16384, 1024),
        (4096, 8192, 30720, 1024),
        (8192, 16384, 61440, 4096),
        (16384, 32768, 122_880, 8192),
    ];
    for (cpu, lo, hi, step) in table {
        for memory in [lo, lo + step, hi] {
            assert_eq!(
                plan(size(cpu, memory)).requirements.memory,
                memory,
                "{cpu}/{memory}"
            );
        }
        for memory in [lo - 1, hi + step, lo + step / 2] {
            assert_eq!(
                invalid(size(cpu, memory)),
                format!(
                    "Fargate task memory {memory} MiB is not valid for cpu {cpu}; allowed: {lo} to {hi} in steps of {step}"
                )
            );
        }
    }
    for memory in [512, 1024, 2048] {
        assert_eq!(plan(size(256, memory)).requirements.cpu, 256);
    }
    for memory in [256, 1536, 3072] {
        assert_eq!(
            invalid(size(256, memory)),
            format!(
                "Fargate task memory {memory} MiB is not valid for cpu 256; allowed: 512, 1024, 2048"
            )
        );
    }
    for cpu in [128, 300, 32768] {
        assert_eq!(
            invalid(size(cpu, 2048)),
            format!(
                "Fargate task cpu {cpu} is not valid; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384"
            )
        );
    }
}

fn subnets(count: usize) -> Value {
    Value::Array((0..count).map(|i| json!(format!("subnet-{i}"))).collect())
}

fn vpc(config: Value) -> Value {
    json!({"taskDefinition": "vpc", "networkConfiguration": {"awsvpcConfiguration": config}})
}

#[test]
fn awsvpc_subnets_are_1_to_16() {
    assert_eq!(
        invalid(vpc(json!({"subnets": subnets(0)}))),
        "networkConfiguration.awsvpcConfiguration.subnets must name at least 1 subnet"
    );
    assert_eq!(
        invalid(vpc(json!({}))),
        "networkConfiguration.awsvpcConfiguration.subnets must name at least 1 subnet"
    );
    assert_eq!(
        invalid(vpc(json!({"subnets": subnets(17)}))),
        "networkConfiguration.awsvpcConfiguration.subnets must have at most 16 items, got 17"
    );
    plan(vpc(json!({"subnets": subnets(1)})));
    assert_eq!(
        plan(vpc(json!({"subnets": subnets(16)})))
            .echo
            .subnets
            .len(),
        16
    );
}

#[test]
fn awsvpc_security_groups_are_at_most_5_and_public_ip_is_in_its_set() {
    let groups = |n: usize| Value::Array((0..n).map(|i| json!(format!("sg-{i}"))).collect());
    assert_eq!(
        invalid(vpc(json!({"subnets": ["s"], "securityGroups": groups(6)}))),
        "networkConfiguration.awsvpcConfiguration.securityGroups must have at most 5 items, got 6"
    );
    plan(vpc(json!({"subnets": ["s"], "securityGroups": groups(5)})));
    assert_eq!(
        invalid(vpc(json!({"subnets": ["s"], "assignPublicIp": "YES"}))),
        "networkConfiguration.awsvpcConfiguration.assignPublicIp must be one of `ENABLED`, `DISABLED`, got `YES`"
    );
    plan(vpc(json!({"subnets": ["s"], "assignPublicIp": "ENABLED"})));
}

#[test]
fn awsvpc_configuration_follows_the_network_mode() {
    assert_eq!(
        invalid(json!({"taskDefinition": "vpc"})),
        "networkConfiguration.awsvpcConfiguration is required: task definition `vpc:1` uses network mode awsvpc"
    );
    assert_eq!(
        bad(json!({"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}})),
        "networkConfiguration.awsvpcConfiguration is only supported for network mode awsvpc; task definition `web:2` uses bridge"
    );
    ok(json!({"networkConfiguration": {}}));
}

fn ebs(volume: Value) -> Value {
    json!({"taskDefinition": "volumes", "volumeConfigurations": [{"name": "data", "managedEBSVolume": volume}]})
}

fn ebs_ok(volume: Value) {
    plan(ebs(volume));
}

fn ebs_bad(volume: Value) -> String {
    invalid(ebs(volume))
}

const ROLE: &str = "arn:aws:iam::1:role/ebs";

#[test]
fn ebs_volume_needs_a_role_and_a_size_or_snapshot() {
    assert_eq!(
        ebs_bad(json!({"sizeInGiB": 10})),
        "volumeConfigurations[0].managedEBSVolume.roleArn is required"
    );
    assert_eq!(
        ebs_bad(json!({"roleArn": ROLE})),
        "volumeConfigurations[0].managedEBSVolume: sizeInGiB or snapshotId is required"
    );
    ebs_ok(json!({"roleArn": ROLE, "snapshotId": "snap-1"}));
    assert_eq!(
        invalid(json!({"taskDefinition": "volumes", "volumeConfigurations": [{}]})),
        "volumeConfigurations[0].name is required"
    );
}

#[test]
fn ebs_volume_type_is_in_its_set() {
    assert_eq!(
        ebs_bad(json!({"roleArn": ROLE, "sizeInGiB": 10, "volumeType": "gp4"})),
        "volumeConfigurations[0].managedEBSVolume.volumeType must be one of `gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1`, `standard`, got `gp4`"
    );
}

#[test]
fn ebs_size_follows_the_volume_type() {
    let cases: [(&str, i64, i64, Option<i64>); 7] = [
        ("gp2", 1, 16384, None),
        ("gp3", 1, 16384, None),
        ("io1", 4, 16384, Some(100)),
        ("io2", 4, 16384, Some(100)),
        ("st1", 125, 16384, None),
        ("sc1", 125, 16384, None),
        ("standard", 1, 1024, None),
    ];
    for (volume_type, lo, hi, iops) in cases {
        let volume = |size: i64| {
            let mut v = json!({"roleArn": ROLE, "sizeInGiB": size, "volumeType": volume_type});
            if let Some(iops) = iops {
                v["iops"] = json!(iops);
            }
            v
        };
        ebs_ok(volume(lo));
        ebs_ok(volume(hi));
        for size in [lo - 1, hi + 1] {
            assert_eq!(
                ebs_bad(volume(size)),
                format!(
                    "volumeConfigurations[0].managedEBSVolume.sizeInGiB for volume type {volume_type} must be between {lo} and {hi}, got {size}"
                )
            );
        }
    }
    // The default type is gp3.
    assert_eq!(
        ebs_bad(json!({"roleArn": ROLE, "sizeInGiB": 16385})),
        "volumeConfigurations[0].managedEBSVolume.sizeInGiB for volume type gp3 must be between 1 and 16384, got 16385"
    );
}

#[test]
fn ebs_iops_follow_the_volume_type() {
    let cases: [(&str, i64, i64); 3] = [
        ("gp3", 3000, 16000),
        ("io1", 100, 64000),
        ("io2", 100, 256_000),
    ];
    for (volume_type, lo, hi) in cases {
        let volume = |iops: i64| json!({"roleArn": ROLE, "sizeInGiB": 100, "volumeType": volume_type, "iops": iops});
        ebs_ok(volume(lo));
        ebs_ok(volume(hi));
        for iops in [lo - 1, hi + 1] {
            assert_eq!(
                ebs_bad(volume(iops)),
                format!(
                    "volumeConfigurations[0].managedEBSVolume.iops for volume type {volume_type} must be between {lo} and {hi}, got {iops}"
                )
            );
        }
    }
    for volume_type in ["io1", "io2"] {
        assert_eq!(
            ebs_bad(json!({"roleArn": ROLE, "sizeInGiB": 100, "volumeType": volume_type})),
            format!(
                "volumeConfigurations[0].managedEBSVolume.iops for volume type {volume_type} is required"
            )
        );
    }
    ebs_ok(json!({"roleArn": ROLE, "sizeInGiB": 100, "volumeType": "gp3"}));
    for volume_type in ["gp2", "st1", "sc1", "standard"] {
        assert_eq!(
            ebs_bad(
                json!({"roleArn": ROLE, "sizeInGiB": 500, "volumeType": volume_type, "iops": 3000})
            ),
            format!(
                "volumeConfigurations[0].managedEBSVolume.iops is only supported for volume types gp3, io1 and io2, not {volume_type}"
            )
        );
    }
}

#[test]
fn ebs_throughput_is_at_most_1000_and_gp3_only() {
    ebs_ok(json!({"roleArn": ROLE, "sizeInGiB": 100, "throughput": 1000}));
    assert_eq!(
        ebs_bad(json!({"roleArn": ROLE, "sizeInGiB": 100, "throughput": 1001})),
        "volumeConfigurations[0].managedEBSVolume.throughput must be between 0 and 1000, got 1001"
    );
    assert_eq!(
        ebs_bad(json!({"roleArn": ROLE, "sizeInGiB": 100, "volumeType": "gp2", "throughput": 125})),
        "volumeConfigurations[0].managedEBSVolume.throughput is only supported for volume type gp3, not gp2"
    );
}

#[test]
fn ebs_filesystem_and_tags_are_checked() {
    for filesystem in ["ext3", "ext4", "xfs"] {
        ebs_ok(json!({"roleArn": ROLE, "sizeInGiB": 10, "filesystemType": filesystem}));
    }
    assert_eq!(
        ebs_bad(json!({"roleArn": ROLE, "sizeInGiB": 10, "filesystemType": "ntfs"})),
        "volumeConfigurations[0].managedEBSVolume.filesystemType must be one of `ext3`, `ext4`, `xfs`, got `ntfs`"
    );
    for key in ["AmazonECSCreated", "AmazonECSManaged"] {
        assert_eq!(
            ebs_bad(json!({"roleArn": ROLE, "sizeInGiB": 10,
                "tagSpecifications": [{"resourceType": "volume", "tags": [{"key": "ok"}, {"key": key, "value": "x"}]}]})),
            format!(
                "volumeConfigurations[0].managedEBSVolume.tagSpecifications[0].tags[1].key `{key}` is reserved"
            )
        );
    }
    ebs_ok(json!({"roleArn": ROLE, "sizeInGiB": 10,
        "tagSpecifications": [{"resourceType": "volume", "tags": [{"key": "AmazonECS"}]}]}));
}

#[test]
fn volume_configuration_names_a_volume_configured_at_launch() {
    let named = |name: &str| {
        json!({"taskDefinition": "volumes", "volumeConfigurations": [{"name": name,
            "managedEBSVolume": {"roleArn": ROLE, "sizeInGiB": 10}}]})
    };
    plan(named("data"));
    for name in ["fixed", "other"] {
        assert_eq!(
            invalid(named(name)),
            format!(
                "volumeConfigurations[0].name `{name}` is not a volume of task definition `volumes:1` marked configuredAtLaunch"
            )
        );
    }
}

#[test]
fn request_rules_come_before_cluster_and_task_definition() {
    // A bad count on an unknown cluster and an unknown task definition: the count is reported.
    assert_eq!(
        invalid(json!({"taskDefinition": "nope", "cluster": "other", "count": 11})),
        "count must be between 1 and 10, got 11"
    );
    // validate_request alone returns the typed values.
    let valid = validate_request(&request(json!({"taskDefinition": "web", "count": 3,
        "propagateTags": "TASK_DEFINITION", "overrides": {"cpu": "0", "memory": "512"}})));
    let valid = valid.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(valid.count, 3);
    assert!(valid.propagate_task_definition_tags);
    assert_eq!(
        (valid.task_sizes.cpu, valid.task_sizes.memory),
        (None, Some(512))
    );
    assert!(resolve_json(json!({"taskDefinition": "web", "count": 3})).is_ok());
}

/// Members the service model marks required, at every level (spec §11 "Missing fields").
#[test]
fn members_the_service_model_requires_are_required_at_every_level() {
    assert_eq!(
        ebs_bad(json!({"roleArn": ROLE, "sizeInGiB": 10, "terminationPolicy": {}})),
        "volumeConfigurations[0].managedEBSVolume.terminationPolicy.deleteOnTermination is required"
    );
    ebs_ok(json!({"roleArn": ROLE, "sizeInGiB": 10,
        "terminationPolicy": {"deleteOnTermination": false}}));
    assert_eq!(
        ebs_bad(json!({"roleArn": ROLE, "sizeInGiB": 10, "tagSpecifications": [{"tags": []}]})),
        "volumeConfigurations[0].managedEBSVolume.tagSpecifications[0].resourceType is required"
    );
    let mps = |allocation: Value| {
        json!({"overrides": {"containerOverrides": [{"name": "app", "resourceRequirements": [
            {"type": "GPU", "value": "1", "sharingStrategy": {"nvidiaMps": allocation}}]}]}})
    };
    assert_eq!(
        bad(mps(json!({"maxComputePercent": 50}))),
        "overrides.containerOverrides[0].resourceRequirements[0].sharingStrategy.nvidiaMps.memory is required"
    );
    assert_eq!(
        bad(mps(json!({"memory": 0}))),
        "overrides.containerOverrides[0].resourceRequirements[0].sharingStrategy.nvidiaMps.memory must be at least 1, got 0"
    );
    assert_eq!(
        bad(mps(json!({"memory": 1, "maxComputePercent": 101}))),
        "overrides.containerOverrides[0].resourceRequirements[0].sharingStrategy.nvidiaMps.maxComputePercent must be between 1 and 100, got 101"
    );
    assert_eq!(
        bad(mps(json!({"memory": 1, "maxComputePercent": 0}))),
        "overrides.containerOverrides[0].resourceRequirements[0].sharingStrategy.nvidiaMps.maxComputePercent must be between 1 and 100, got 0"
    );
    ok(mps(json!({"memory": 1, "maxComputePercent": 100})));
    assert_eq!(
        bad(
            json!({"overrides": {"containerOverrides": [{"name": "app", "environmentFiles": [{"type": "s3"}]}]}})
        ),
        "overrides.containerOverrides[0].environmentFiles[0].value is required"
    );
}

/// Spec §1.4 through the JSON entry point: a malformed document is the library's own
/// `InputError` (named file, line, column, path), a value of the right JSON type outside its
/// set — or an unknown field — is an `InvalidParameterException`.
#[test]
fn malformed_documents_are_input_errors_and_bad_values_are_api_errors() {
    use ecs_place::{Options, PlaceError, place_json};
    use ecs_place_model::ErrorKind;

    let state = crate::support::state_json().to_string();
    let run = |request: &str| place_json(request, &state, &Options::with_seed(1)).err();
    match run(r#"{"cluster": "prod", "taskDefinition": "web", "count": "3"}"#) {
        Some(PlaceError::Input(error)) => {
            assert_eq!(error.file(), Some("request"));
            assert_eq!(error.path(), Some("count"));
            assert_eq!((error.line(), error.column()), (Some(1), Some(57)));
        }
        other => panic!("expected an input error, got {other:?}"),
    }
    for (request, message) in [
        (
            r#"{"cluster": "prod", "taskDefinition": "web", "launchType": "EC3"}"#,
            "launchType must be one of `EC2`, `FARGATE`, `EXTERNAL`, got `EC3`",
        ),
        (
            r#"{"cluster": "prod", "taskDefinition": "web", "placementStrategy": [{"type": "pack"}]}"#,
            "placementStrategy[0].type must be one of `random`, `spread`, `binpack`, got `pack`",
        ),
    ] {
        match run(request) {
            Some(PlaceError::Api(error)) => {
                assert_eq!(error.kind(), ErrorKind::InvalidParameterException);
                assert_eq!(error.message(), message);
            }
            other => panic!("expected an API error, got {other:?}"),
        }
    }
    match run(
        r#"{"cluster": "prod", "taskDefinition": "web", "placementStrategy": [{"type": "random", "feild": "x"}]}"#,
    ) {
        Some(PlaceError::Api(error)) => {
            assert_eq!(error.kind(), ErrorKind::InvalidParameterException);
            assert!(
                error
                    .message()
                    .starts_with("unknown parameter `placementStrategy[0].feild`"),
                "{error}"
            );
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    // A snapshot with two clusters, or without a field the engine needs, is malformed too.
    let mut two = crate::support::state_json();
    let cluster = two["clusters"][0].clone();
    if let Some(clusters) = two["clusters"].as_array_mut() {
        clusters.push(cluster);
    }
    let mut no_status = crate::support::state_json();
    if let Some(instance) = no_status["containerInstances"][0].as_object_mut() {
        instance.remove("status");
    }
    for snapshot in [two, no_status] {
        let result = place_json(
            r#"{"cluster": "prod", "taskDefinition": "web"}"#,
            &snapshot.to_string(),
            &Options::with_seed(1),
        );
        match result {
            Err(PlaceError::Input(error)) => assert_eq!(error.file(), Some("cluster state")),
            other => panic!("expected an input error, got {other:?}"),
        }
    }
}
