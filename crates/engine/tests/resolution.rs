//! Every resolution rule and error (spec §1.4, §5, §7, §10, §11).

use ecs_place::plan::{
    BinpackField, Bucket, Constraint, ConstraintSource, LaunchType, NetworkMode, RequiredAttribute,
    SpreadField, Strategy, Target,
};
use ecs_place::resolve::{ResolveOptions, resolve};
use ecs_place_model::{ErrorKind, ProviderKind, Tag};
use serde_json::{Value, json};

use crate::support::{
    CLUSTER_ARN, error_of, invalid, plan, request, resolve_in, state_from, state_json, with,
};

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: Some(key.into()),
        value: Some(value.into()),
    }
}

fn bucket(provider: &str, kind: ProviderKind, count: u32) -> Bucket {
    Bucket {
        provider: provider.into(),
        kind,
        count,
    }
}

// ---- cluster -------------------------------------------------------------------------------

#[test]
fn cluster_by_name_arn_or_default() {
    for cluster in [json!("prod"), json!(CLUSTER_ARN)] {
        let plan = plan(json!({"taskDefinition": "web", "cluster": cluster}));
        assert_eq!(plan.cluster.name, "prod");
        assert_eq!(plan.cluster.arn, CLUSTER_ARN);
        assert_eq!(plan.cluster.region, "eu-west-1");
        assert_eq!(plan.cluster.account, "123456789012");
    }
    let without_cluster = resolve(
        &request(json!({"taskDefinition": "web"})),
        &state_from(state_json()),
        &ResolveOptions::default(),
    );
    assert_eq!(
        without_cluster
            .err()
            .map(|e| (e.kind(), e.message().to_owned())),
        Some((
            ErrorKind::ClusterNotFoundException,
            "cluster `default` not found (the snapshot describes cluster `prod`)".to_owned()
        ))
    );
    assert_eq!(
        error_of(
            ErrorKind::ClusterNotFoundException,
            json!({"taskDefinition": "web", "cluster": "Prod"})
        ),
        "cluster `Prod` not found (the snapshot describes cluster `prod`)"
    );
}

#[test]
fn cluster_named_default_is_found_without_a_cluster_field() {
    let mut state = state_json();
    state["clusters"][0]["clusterName"] = json!("default");
    let state = state_from(state);
    let plan = resolve(
        &request(json!({"taskDefinition": "web"})),
        &state,
        &ResolveOptions::default(),
    );
    assert_eq!(
        plan.map(|p| p.cluster.name).ok().as_deref(),
        Some("default")
    );
}

/// The requests below name the cluster; this adds it.
fn req(value: Value) -> Value {
    with(json!({"cluster": "prod"}), value)
}

// ---- task definition -----------------------------------------------------------------------

#[test]
fn bare_family_is_the_highest_active_revision() {
    let plan = plan(req(json!({"taskDefinition": "web"})));
    assert_eq!(plan.task_definition.family, "web");
    assert_eq!(plan.task_definition.revision, 2);
    assert_eq!(
        plan.task_definition.arn,
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2"
    );
}

#[test]
fn family_revision_and_arn_name_one_revision() {
    assert_eq!(
        plan(req(json!({"taskDefinition": "web:1"})))
            .task_definition
            .revision,
        1
    );
    let arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1";
    assert_eq!(
        plan(req(json!({"taskDefinition": arn})))
            .task_definition
            .revision,
        1
    );
    let without_revision = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web";
    assert_eq!(
        plan(req(json!({"taskDefinition": without_revision})))
            .task_definition
            .revision,
        2
    );
}

#[test]
fn missing_task_definition_is_a_client_exception() {
    for reference in [
        "nope",
        "web:9",
        "web:x",
        "old",
        "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:9",
    ] {
        assert_eq!(
            error_of(
                ErrorKind::ClientException,
                req(json!({"taskDefinition": reference}))
            ),
            "TaskDefinition not found.",
            "{reference}"
        );
    }
}

#[test]
fn inactive_revision_is_an_invalid_parameter() {
    assert_eq!(
        invalid(req(json!({"taskDefinition": "web:3"}))),
        "task definition `web:3` is INACTIVE, not ACTIVE"
    );
    assert_eq!(
        invalid(req(
            json!({"taskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/old:1"})
        )),
        "task definition `old:1` is INACTIVE, not ACTIVE"
    );
}

// ---- requirements --------------------------------------------------------------------------

#[test]
fn requirements_sum_containers_and_collect_ports_gpus_and_attributes() {
    let plan = plan(req(json!({"taskDefinition": "multi"})));
    let r = &plan.requirements;
    assert_eq!(r.cpu, 384);
    // memoryReservation 512 for `app`, memory 256 for `sidecar`.
    assert_eq!(r.memory, 768);
    assert_eq!(r.tcp_ports, [53, 8080]);
    assert_eq!(r.udp_ports, [53]);
    assert_eq!(r.gpus, 3);
    assert_eq!(r.network_mode, NetworkMode::Bridge);
    assert_eq!(
        r.required_attributes,
        [
            RequiredAttribute {
                name: "ecs.capability.nvidia-gpu".into(),
                value: None
            },
            RequiredAttribute {
                name: "ecs.os-type".into(),
                value: Some("linux".into())
            },
        ]
    );
    let containers: Vec<(&str, u32)> = plan
        .echo
        .containers
        .iter()
        .map(|c| (c.name.as_str(), c.gpus))
        .collect();
    assert_eq!(containers, [("app", 2), ("sidecar", 1)]);
    assert_eq!(
        (plan.echo.cpu.as_str(), plan.echo.memory.as_str()),
        ("384", "768")
    );
}

#[test]
fn task_level_sizes_win_over_containers() {
    let plan = plan(req(json!({"taskDefinition": "sized"})));
    assert_eq!(
        (plan.requirements.cpu, plan.requirements.memory),
        (1024, 2048)
    );
}

#[test]
fn overrides_apply_to_task_and_containers() {
    let plan = plan(req(json!({"taskDefinition": "multi", "overrides": {
    "containerOverrides": [
        {"name": "sidecar", "cpu": 512, "memoryReservation": 64, "resourceRequirements": []},
        {"name": "app", "memory": 100, "memoryReservation": 0}
    ]}})));
    let r = &plan.requirements;
    assert_eq!(r.cpu, 256 + 512);
    // app: reservation 0 counts as unset, so its overridden memory 100; sidecar: 64.
    assert_eq!(r.memory, 164);
    // The sidecar's empty override list replaces its GPU requirement.
    assert_eq!(r.gpus, 2);
    let plan = crate::support::plan(req(
        json!({"taskDefinition": "multi", "overrides": {"cpu": "2048", "memory": "4096"}}),
    ));
    assert_eq!(
        (plan.requirements.cpu, plan.requirements.memory),
        (2048, 4096)
    );
    assert_eq!(
        (plan.echo.cpu.as_str(), plan.echo.memory.as_str()),
        ("2048", "4096")
    );
}

#[test]
fn host_mode_uses_container_ports_and_awsvpc_uses_none() {
    let host = plan(req(json!({"taskDefinition": "hostnet"})));
    assert_eq!(host.requirements.network_mode, NetworkMode::Host);
    assert_eq!(host.requirements.tcp_ports, [80, 8081]);
    let vpc = plan(req(json!({"taskDefinition": "vpcports",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}})));
    assert_eq!(vpc.requirements.network_mode, NetworkMode::Awsvpc);
    assert!(vpc.requirements.tcp_ports.is_empty());
}

#[test]
fn duplicate_host_port_is_a_client_exception() {
    assert_eq!(
        error_of(
            ErrorKind::ClientException,
            req(json!({"taskDefinition": "dupports"}))
        ),
        "task definition `dupports:1` maps host port 8080/tcp twice (containers `a` and `b`)"
    );
    // One container mapping the port twice is named once; in host mode a mapping without
    // `hostPort` takes its `containerPort`.
    for (mode, mappings, port) in [
        (
            "bridge",
            json!([{"containerPort": 80, "hostPort": 8080}, {"containerPort": 81, "hostPort": 8080}]),
            8080,
        ),
        (
            "host",
            json!([{"containerPort": 80}, {"containerPort": 80, "hostPort": 80}]),
            80,
        ),
    ] {
        let mut state = state_json();
        let definitions = state["taskDefinitions"].as_array_mut().expect("array");
        let dupports = definitions
            .iter_mut()
            .find(|d| d["family"] == "dupports")
            .expect("dupports");
        dupports["networkMode"] = json!(mode);
        dupports["containerDefinitions"][0]["portMappings"] = mappings;
        dupports["containerDefinitions"][1]["portMappings"] =
            json!([{"containerPort": 81, "hostPort": 9090}]);
        let error = resolve_in(
            &state_from(state),
            req(json!({"taskDefinition": "dupports"})),
        )
        .err();
        assert_eq!(
            error.map(|e| (e.kind(), e.message().to_owned())),
            Some((
                ErrorKind::ClientException,
                format!(
                    "container `a` of task definition `dupports:1` maps host port {port}/tcp twice"
                )
            )),
            "{mode}"
        );
    }
}

#[test]
fn gpu_requirement_must_be_a_positive_whole_number() {
    assert_eq!(
        error_of(
            ErrorKind::ClientException,
            req(json!({"taskDefinition": "badgpu"}))
        ),
        "container `app` of task definition `badgpu:1` has GPU requirement `0`; it must be a positive whole number"
    );
    assert_eq!(
        error_of(
            ErrorKind::ClientException,
            req(json!({"taskDefinition": "web", "overrides": {
            "containerOverrides": [{"name": "app", "resourceRequirements": [{"type": "GPU", "value": "1.5"}]}]}}))
        ),
        "container `app` of task definition `web:2` has GPU requirement `1.5`; it must be a positive whole number"
    );
}

/// Container sizes whose sum does not fit in 32 bits: no instance can have that much, and a
/// saturated sum would fit an instance with `u32::MAX` remaining, so the task is refused.
#[test]
fn container_sums_beyond_32_bits_are_refused() {
    let mut state = state_json();
    state["taskDefinitions"][10]["containerDefinitions"][0]["cpu"] = json!(u32::MAX);
    state["taskDefinitions"][10]["containerDefinitions"][1]["memory"] = json!(u32::MAX);
    state["taskDefinitions"][10]["containerDefinitions"][1]["memoryReservation"] = json!(u32::MAX);
    let state = state_from(state);
    let error = resolve_in(&state, req(json!({"taskDefinition": "multi"}))).err();
    assert_eq!(
        error.map(|e| (e.kind(), e.message().to_owned())),
        Some((
            ErrorKind::ClientException,
            "task definition `multi:1` needs 4294967423 CPU units in total (the sum of its containers' cpu); no instance can have more than 4294967295".to_owned()
        ))
    );
    // Task-level sizes replace the sums.
    let sized = resolve_in(
        &state,
        req(json!({"taskDefinition": "multi", "overrides": {"cpu": "1024", "memory": "2048"}})),
    );
    assert_eq!(
        sized
            .map(|p| (p.requirements.cpu, p.requirements.memory))
            .ok(),
        Some((1024, 2048))
    );
    // Through container overrides: the sum of the overridden sizes.
    assert_eq!(
        error_of(
            ErrorKind::ClientException,
            req(
                json!({"taskDefinition": "multi", "overrides": {"containerOverrides": [
                {"name": "app", "memoryReservation": 4_294_967_295_u32}]}})
            )
        ),
        "task definition `multi:1` needs 4294967551 MiB memory in total (the sum of its containers' memoryReservation, else memory, overrides applied); no instance can have more than 4294967295"
    );
    // At exactly u32::MAX the task is valid (it fits an instance with that much).
    let plan = plan(req(
        json!({"taskDefinition": "multi", "overrides": {"containerOverrides": [
        {"name": "app", "cpu": 4_294_967_167_u32}]}}),
    ));
    assert_eq!(plan.requirements.cpu, u32::MAX);
}

// ---- launch target -------------------------------------------------------------------------

#[test]
fn launch_types_and_the_ec2_fallback() {
    let target = |extra: Value| {
        plan(req(with(
            json!({"taskDefinition": "web", "count": 3}),
            extra,
        )))
        .target
    };
    let ec2 = Target::LaunchType {
        launch_type: LaunchType::Ec2,
        count: 3,
    };
    assert_eq!(target(json!({})), ec2);
    assert_eq!(target(json!({"launchType": "EC2"})), ec2);
    assert_eq!(
        target(json!({"launchType": "EXTERNAL"})),
        Target::LaunchType {
            launch_type: LaunchType::External,
            count: 3
        }
    );
}

#[test]
fn strategy_splits_count_into_buckets_in_item_order() {
    let plan = plan(req(
        json!({"taskDefinition": "web", "count": 10, "capacityProviderStrategy": [
            {"capacityProvider": "asg-b", "weight": 4},
            {"capacityProvider": "asg-a", "weight": 1}
        ]}),
    ));
    assert_eq!(
        plan.target,
        Target::CapacityProviders(vec![
            bucket("asg-b", ProviderKind::AutoScalingGroup, 8),
            bucket("asg-a", ProviderKind::AutoScalingGroup, 2),
        ])
    );
    assert_eq!(plan.echo.platform_version, None);
}

#[test]
fn base_first_and_empty_buckets_dropped() {
    let target = plan(req(
        json!({"taskDefinition": "web", "count": 2, "capacityProviderStrategy": [
            {"capacityProvider": "asg-a", "weight": 0, "base": 2},
            {"capacityProvider": "mi", "weight": 1}
        ]}),
    ))
    .target;
    assert_eq!(
        target,
        Target::CapacityProviders(vec![bucket("asg-a", ProviderKind::AutoScalingGroup, 2)])
    );
    let target = plan(req(
        json!({"taskDefinition": "web", "count": 10, "capacityProviderStrategy": [
            {"capacityProvider": "asg-a", "weight": 1, "base": 1},
            {"capacityProvider": "mi", "weight": 4}
        ]}),
    ))
    .target;
    assert_eq!(
        target,
        Target::CapacityProviders(vec![
            bucket("asg-a", ProviderKind::AutoScalingGroup, 3),
            bucket("mi", ProviderKind::ManagedInstances, 7),
        ])
    );
}

#[test]
fn cluster_default_strategy_applies_without_launch_type_or_strategy() {
    let mut state = state_json();
    state["clusters"][0]["defaultCapacityProviderStrategy"] = json!([
        {"capacityProvider": "asg-a", "weight": 1},
        {"capacityProvider": "asg-b", "weight": 1}
    ]);
    let state = state_from(state);
    let target =
        resolve_in(&state, req(json!({"taskDefinition": "web", "count": 3}))).map(|p| p.target);
    assert_eq!(
        target.ok(),
        Some(Target::CapacityProviders(vec![
            bucket("asg-a", ProviderKind::AutoScalingGroup, 2),
            bucket("asg-b", ProviderKind::AutoScalingGroup, 1),
        ]))
    );
    // A launch type still wins over the default strategy.
    let target = resolve_in(
        &state,
        req(json!({"taskDefinition": "web", "launchType": "EC2"})),
    )
    .map(|p| p.target);
    assert_eq!(
        target.ok(),
        Some(Target::LaunchType {
            launch_type: LaunchType::Ec2,
            count: 1
        })
    );
}

#[test]
fn cluster_default_strategy_with_all_zero_weights_is_rejected() {
    let mut state = state_json();
    state["clusters"][0]["defaultCapacityProviderStrategy"] = json!([
        {"capacityProvider": "asg-a", "base": 1}
    ]);
    let state = state_from(state);
    let error = resolve_in(&state, req(json!({"taskDefinition": "web"}))).err();
    assert_eq!(
        error.map(|e| (e.kind(), e.message().to_owned())),
        Some((
            ErrorKind::InvalidParameterException,
            "the cluster's defaultCapacityProviderStrategy: at least one capacity provider must have a weight above 0, but `asg-a` all have weight 0".to_owned()
        ))
    );
}

fn strategy(items: Value) -> Value {
    req(json!({"taskDefinition": "web", "capacityProviderStrategy": items}))
}

#[test]
fn providers_must_be_associated_described_and_active() {
    assert_eq!(
        invalid(strategy(
            json!([{"capacityProvider": "asg-unassociated", "weight": 1}])
        )),
        "capacityProviderStrategy: capacity provider `asg-unassociated` is not associated with cluster `prod`"
    );
    assert_eq!(
        invalid(strategy(
            json!([{"capacityProvider": "asg-undescribed", "weight": 1}])
        )),
        "capacityProviderStrategy: capacity provider `asg-undescribed` is not ACTIVE: the snapshot's capacityProviders do not describe it"
    );
    assert_eq!(
        invalid(strategy(
            json!([{"capacityProvider": "asg-off", "weight": 1}])
        )),
        "capacityProviderStrategy: capacity provider `asg-off` is not ACTIVE (status INACTIVE)"
    );
}

#[test]
fn fargate_and_instance_providers_do_not_mix() {
    assert_eq!(
        invalid(strategy(json!([
            {"capacityProvider": "asg-a", "weight": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 1}
        ]))),
        "capacityProviderStrategy cannot mix Fargate capacity provider `FARGATE_SPOT` with capacity provider `asg-a`"
    );
}

fn fargate_request(extra: Value) -> Value {
    req(with(
        json!({"taskDefinition": "serverless",
               "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-b", "subnet-a"]}}}),
        extra,
    ))
}

#[test]
fn fargate_providers_split_and_echo_the_platform_version() {
    let plan = plan(fargate_request(
        json!({"count": 4, "capacityProviderStrategy": [
            {"capacityProvider": "FARGATE", "weight": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 3}
        ]}),
    ));
    assert_eq!(
        plan.target,
        Target::CapacityProviders(vec![
            bucket("FARGATE", ProviderKind::Fargate, 1),
            bucket("FARGATE_SPOT", ProviderKind::FargateSpot, 3),
        ])
    );
    assert_eq!(plan.echo.platform_version.as_deref(), Some("LATEST"));
    assert_eq!(plan.echo.subnets, ["subnet-b", "subnet-a"]);
    let given = crate::support::plan(fargate_request(
        json!({"launchType": "FARGATE", "platformVersion": "1.4.0"}),
    ));
    assert_eq!(given.echo.platform_version.as_deref(), Some("1.4.0"));
    assert_eq!(
        given.target,
        Target::LaunchType {
            launch_type: LaunchType::Fargate,
            count: 1
        }
    );
}

#[test]
fn fargate_rejects_constraints_strategies_and_other_network_modes() {
    assert_eq!(
        invalid(fargate_request(
            json!({"launchType": "FARGATE", "placementConstraints": [{"type": "distinctInstance"}]})
        )),
        "placementConstraints are not supported for Fargate tasks"
    );
    assert_eq!(
        invalid(fargate_request(
            json!({"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}],
            "placementStrategy": [{"type": "random"}]})
        )),
        "placementStrategy is not supported for Fargate tasks"
    );
    assert_eq!(
        invalid(req(
            json!({"taskDefinition": "web", "launchType": "FARGATE"})
        )),
        "Fargate tasks require network mode awsvpc; task definition `web:2` uses bridge"
    );
    assert_eq!(
        invalid(req(
            json!({"taskDefinition": "pinned", "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}})
        )),
        "task definition `pinned:1` has placement constraints, which Fargate does not support"
    );
    assert_eq!(
        invalid(req(
            json!({"taskDefinition": "vpc", "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}})
        )),
        "Fargate tasks require task-level cpu and memory; neither task definition `vpc:1` nor overrides set both"
    );
}

#[test]
fn task_definition_must_be_compatible_with_the_launch_type() {
    assert_eq!(
        invalid(req(
            json!({"taskDefinition": "ec2only", "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}})
        )),
        "task definition `ec2only:1` does not support launch type FARGATE (compatible with EC2)"
    );
    assert_eq!(
        invalid(req(
            json!({"taskDefinition": "serverless", "launchType": "EXTERNAL",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}})
        )),
        "task definition `serverless:1` does not support launch type EXTERNAL (compatible with EC2, FARGATE)"
    );
}

#[test]
fn no_active_instance_for_ec2_or_external_is_an_error() {
    let message = "No Container Instances were found in your cluster.";
    let mut only_external = state_json();
    only_external["containerInstances"][0]["status"] = json!("DRAINING");
    let state = state_from(only_external);
    let error = resolve_in(&state, req(json!({"taskDefinition": "web"}))).err();
    assert_eq!(error.as_ref().map(|e| e.message()), Some(message));
    assert!(
        resolve_in(
            &state,
            req(json!({"taskDefinition": "web", "launchType": "EXTERNAL"}))
        )
        .is_ok()
    );

    let mut only_ec2 = state_json();
    only_ec2["containerInstances"][1]["status"] = json!("INACTIVE");
    let state = state_from(only_ec2);
    let error = resolve_in(
        &state,
        req(json!({"taskDefinition": "web", "launchType": "EXTERNAL"})),
    )
    .err();
    assert_eq!(error.as_ref().map(|e| e.message()), Some(message));

    let mut empty = state_json();
    empty["containerInstances"] = json!([]);
    let state = state_from(empty);
    // An Auto Scaling group strategy waits for capacity instead (spec §11).
    let plan = resolve_in(
        &state,
        req(json!({"taskDefinition": "web",
        "capacityProviderStrategy": [{"capacityProvider": "asg-a", "weight": 1}]})),
    );
    assert!(plan.is_ok());
    assert!(resolve_in(&state, fargate_request(json!({"launchType": "FARGATE"}))).is_ok());
}

// ---- constraints, strategies, group, tags, seed ----------------------------------------------

#[test]
fn constraints_merge_task_definition_first_with_positions() {
    let plan = plan(req(json!({"taskDefinition": "pinned",
    "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}},
    "placementConstraints": [
        {"type": "distinctInstance"},
        {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}
    ]})));
    let summary: Vec<(Option<usize>, Option<ConstraintSource>, Option<&str>)> = plan
        .constraints
        .iter()
        .map(|c| match c {
            Constraint::MemberOf(m) => (
                Some(m.position),
                Some(m.source),
                Some(m.expression.as_str()),
            ),
            Constraint::DistinctInstance => (None, None, None),
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                Some(1),
                Some(ConstraintSource::TaskDefinition),
                Some("attribute:ecs.availability-zone == eu-west-1a")
            ),
            (
                Some(2),
                Some(ConstraintSource::TaskDefinition),
                Some("attribute:stack exists")
            ),
            (None, None, None),
            (
                Some(4),
                Some(ConstraintSource::Request),
                Some("attribute:ecs.instance-type =~ t3.*")
            ),
        ]
    );
    if let Some(Constraint::MemberOf(first)) = plan.constraints.first() {
        assert_eq!(
            Some((*first.parsed).clone()),
            ecs_place_cql::parse("attribute:ecs.availability-zone == eu-west-1a").ok()
        );
    }
}

#[test]
fn bad_task_definition_expression_is_reported_with_its_index() {
    let mut state = state_json();
    state["taskDefinitions"][7]["placementConstraints"][1]["expression"] =
        json!("attribute:stack ==");
    let state = state_from(state);
    let error = resolve_in(
        &state,
        req(json!({"taskDefinition": "pinned",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}})),
    )
    .err();
    let message = error.map(|e| e.message().to_owned()).unwrap_or_default();
    assert!(
        message.starts_with("task definition `pinned:1` placementConstraints[1].expression is not a valid cluster query language expression: at byte"),
        "{message}"
    );
}

#[test]
fn strategies_are_kept_in_order_with_normalised_fields() {
    let plan = plan(req(json!({"taskDefinition": "web", "placementStrategy": [
        {"type": "spread", "field": "ATTRIBUTE:ecs.availability-zone"},
        {"type": "binpack", "field": "MEMORY"},
        {"type": "spread", "field": "Host"},
        {"type": "random", "field": "ignored"},
        {"type": "binpack", "field": "cpu"}
    ]})));
    assert_eq!(
        plan.strategies,
        [
            Strategy::Spread(SpreadField::Attribute("ecs.availability-zone".into())),
            Strategy::Binpack(BinpackField::Memory),
            Strategy::Spread(SpreadField::Instance),
            Strategy::Random,
            Strategy::Binpack(BinpackField::Cpu),
        ]
    );
}

#[test]
fn group_defaults_to_the_family() {
    assert_eq!(
        plan(req(json!({"taskDefinition": "web"}))).group,
        "family:web"
    );
    assert_eq!(
        plan(req(json!({"taskDefinition": "web", "group": "batch"}))).group,
        "batch"
    );
    // An empty group is an absent one (docs/DECISIONS.md): the default group.
    assert_eq!(
        plan(req(json!({"taskDefinition": "web", "group": ""}))).group,
        "family:web"
    );
}

#[test]
fn tags_propagate_from_the_task_definition_when_asked() {
    let request_tags = json!([{"key": "team", "value": "ops"}]);
    let propagated = plan(req(json!({"taskDefinition": "web", "tags": request_tags,
        "propagateTags": "TASK_DEFINITION"})));
    assert_eq!(
        propagated.echo.tags,
        [tag("team", "ops"), tag("tier", "front")]
    );
    let not = plan(req(
        json!({"taskDefinition": "web", "tags": request_tags, "propagateTags": "NONE"}),
    ));
    assert_eq!(not.echo.tags, [tag("team", "ops")]);
}

#[test]
fn echo_repeats_started_by_overrides_and_execute_command() {
    let plan = plan(req(json!({"taskDefinition": "web", "startedBy": "ci",
        "enableExecuteCommand": true, "overrides": {"containerOverrides": [{"name": "app", "cpu": 64}]}})));
    assert_eq!(plan.echo.started_by.as_deref(), Some("ci"));
    assert!(plan.echo.enable_execute_command);
    let cpu = plan
        .echo
        .overrides
        .as_ref()
        .and_then(|o| o.container_overrides.as_ref())
        .and_then(|c| c.first())
        .and_then(|c| c.cpu);
    assert_eq!(cpu, Some(64));
    assert_eq!(plan.requirements.cpu, 64);
}

#[test]
fn seed_is_explicit_else_the_client_token_hash_else_zero() {
    let state = state_from(state_json());
    let seed = |value: Value, explicit: Option<u64>| {
        resolve(
            &request(req(value)),
            &state,
            &ResolveOptions { seed: explicit },
        )
        .map(|p| p.seed)
        .ok()
    };
    assert_eq!(
        seed(
            json!({"taskDefinition": "web", "clientToken": "a"}),
            Some(9)
        ),
        Some(9)
    );
    assert_eq!(
        seed(json!({"taskDefinition": "web", "clientToken": "a"}), None),
        Some(0xaf63_dc4c_8601_ec8c)
    );
    assert_eq!(
        seed(json!({"taskDefinition": "web", "clientToken": ""}), None),
        Some(0)
    );
    assert_eq!(seed(json!({"taskDefinition": "web"}), None), Some(0));
}

#[test]
fn order_of_checks_is_cluster_then_target_then_task_definition() {
    // Unknown cluster and unknown task definition: the cluster is reported.
    assert_eq!(
        error_of(
            ErrorKind::ClusterNotFoundException,
            json!({"taskDefinition": "nope", "cluster": "x"})
        ),
        "cluster `x` not found (the snapshot describes cluster `prod`)"
    );
    // A bad provider and an unknown task definition: the provider is reported.
    assert_eq!(
        invalid(req(json!({"taskDefinition": "nope",
            "capacityProviderStrategy": [{"capacityProvider": "asg-off", "weight": 1}]}))),
        "capacityProviderStrategy: capacity provider `asg-off` is not ACTIVE (status INACTIVE)"
    );
}

/// Spec §11: the request's own rules first — including those a launch type given in the
/// request decides (no constraints or strategies on Fargate, ephemeral storage only on
/// Fargate, the EC2 task cpu range) — even when the cluster and the task definition are
/// unknown.
#[test]
fn rules_of_a_launch_type_given_in_the_request_come_before_the_cluster() {
    let unknown = |extra: Value| with(json!({"taskDefinition": "nope", "cluster": "x"}), extra);
    assert_eq!(
        invalid(unknown(
            json!({"launchType": "FARGATE", "placementStrategy": [{"type": "random"}]})
        )),
        "placementStrategy is not supported for Fargate tasks"
    );
    assert_eq!(
        invalid(unknown(
            json!({"launchType": "FARGATE", "placementConstraints": [{"type": "distinctInstance"}]})
        )),
        "placementConstraints are not supported for Fargate tasks"
    );
    assert_eq!(
        invalid(unknown(
            json!({"launchType": "EC2", "overrides": {"ephemeralStorage": {"sizeInGiB": 30}}})
        )),
        "overrides.ephemeralStorage is only supported for Fargate tasks"
    );
    assert_eq!(
        invalid(unknown(
            json!({"launchType": "EXTERNAL", "overrides": {"cpu": "100"}})
        )),
        "overrides.cpu for an EC2 task must be between 128 and 196608, got 100"
    );
    // Without a launch type the target comes from the cluster: the cluster is reported.
    assert_eq!(
        error_of(
            ErrorKind::ClusterNotFoundException,
            unknown(json!({"overrides": {"cpu": "100"}}))
        ),
        "cluster `x` not found (the snapshot describes cluster `prod`)"
    );
}

/// Spec §11: the task definition before the rules that depend on it, and those before the
/// check that the launch type has an `ACTIVE` instance (a placement precondition).
#[test]
fn task_definition_then_its_rules_then_the_instances() {
    // An INACTIVE revision and an override naming no container: the revision is reported.
    assert_eq!(
        invalid(req(json!({"taskDefinition": "web:3",
            "overrides": {"containerOverrides": [{"name": "ghost", "cpu": 1}]}}))),
        "task definition `web:3` is INACTIVE, not ACTIVE"
    );
    let mut empty = state_json();
    empty["containerInstances"] = json!([]);
    let empty = state_from(empty);
    let error = |value: Value| {
        resolve_in(&empty, req(value))
            .err()
            .map(|e| (e.kind(), e.message().to_owned()))
    };
    assert_eq!(
        error(json!({"taskDefinition": "nope"})),
        Some((
            ErrorKind::ClientException,
            "TaskDefinition not found.".to_owned()
        ))
    );
    assert_eq!(
        error(json!({"taskDefinition": "vpc"})),
        Some((
            ErrorKind::InvalidParameterException,
            "networkConfiguration.awsvpcConfiguration is required: task definition `vpc:1` uses network mode awsvpc".to_owned()
        ))
    );
    assert_eq!(
        error(json!({"taskDefinition": "web"})),
        Some((
            ErrorKind::InvalidParameterException,
            "No Container Instances were found in your cluster.".to_owned()
        ))
    );
}

// ---- counted tasks (spec §5) ------------------------------------------------------------------

mod counted_tasks {
    use serde_json::{Value, json};

    use crate::fixture::{hosts, inst, run, state, task};

    fn member_of(expression: &str, extra: Value) -> Value {
        crate::support::with(
            json!({"taskDefinition": "web",
                   "placementConstraints": [{"type": "memberOf", "expression": expression}]}),
            extra,
        )
    }

    fn stopped(id: &str, instance: &str, group: &str) -> Value {
        let mut t = task(id, instance, group);
        t["desiredStatus"] = json!("STOPPED");
        t
    }

    /// `runningTasksCount` absent: the instance's counted tasks (desired `RUNNING`, on a
    /// snapshot instance); present: the field, whatever the tasks say. Tasks placed earlier in
    /// the call add one each.
    #[test]
    fn running_tasks_count_is_the_field_else_the_counted_tasks() {
        let s = state(
            &[
                inst("a", "z1", 4096, 4096),
                inst("b", "z1", 4096, 4096).set("runningTasksCount", json!(5)),
            ],
            &[
                task("t1", "a", "g"),
                task("t2", "a", "h"),
                stopped("t3", "a", "g"),
                task("t4", "b", "g"),
            ],
        );
        let placed = |expression: &str| hosts(&run(&member_of(expression, json!({})), &s, 1));
        assert_eq!(placed("runningTasksCount == 2"), ["a"]);
        assert_eq!(placed("runningTasksCount == 5"), ["b"]);
        assert!(placed("runningTasksCount == 3").is_empty());
        // The second task sees the first: a goes from 2 to 3.
        let two = run(
            &member_of("runningTasksCount <= 3", json!({"count": 3})),
            &s,
            1,
        );
        assert_eq!(hosts(&two), ["a", "a"]);
    }

    /// Tasks that name no snapshot instance, and tasks not desired `RUNNING`, are not counted:
    /// no group, no `runningTasksCount`.
    #[test]
    fn tasks_on_unknown_instances_and_stopped_tasks_are_ignored() {
        let s = state(
            &[inst("a", "z1", 4096, 4096)],
            &[
                task("t1", "ghost", "g"),
                stopped("t2", "a", "g"),
                json!({"taskArn": "t3", "containerInstanceArn": crate::fixture::arn("a"), "group": "g"}),
            ],
        );
        let placed = |expression: &str| hosts(&run(&member_of(expression, json!({})), &s, 1));
        assert_eq!(placed("runningTasksCount == 0"), ["a"]);
        assert!(placed("task:group == g").is_empty());
        let distinct = run(
            &json!({"taskDefinition": "web", "group": "g",
                    "placementConstraints": [{"type": "distinctInstance"}]}),
            &s,
            1,
        );
        assert_eq!(hosts(&distinct), ["a"]);
    }

    /// A draining instance takes no task, but its counted tasks count toward spread and
    /// `task:group`.
    #[test]
    fn draining_instances_tasks_count() {
        let s = state(
            &[
                inst("a", "z1", 4096, 4096),
                inst("b", "z1", 4096, 4096).set("status", json!("DRAINING")),
                inst("c", "z2", 4096, 4096),
            ],
            &[
                task("t1", "b", "g"),
                task("t2", "b", "g"),
                task("t3", "c", "g"),
            ],
        );
        let spread = run(
            &json!({"taskDefinition": "web", "group": "g",
                    "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}]}),
            &s,
            1,
        );
        // Zone z1 holds 2 tasks of g (on the draining b), z2 holds 1.
        assert_eq!(hosts(&spread), ["c"]);
        let listed = ecs_place::list_container_instances(
            &crate::fixture::parse_state(&s),
            Some("task:group == g"),
            Some("DRAINING"),
        );
        assert_eq!(listed, Ok(vec![crate::fixture::arn("b")]));
    }
}
