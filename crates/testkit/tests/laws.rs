//! The laws of placement, checked on the fast engine's outcomes by replaying them on the
//! snapshot (see `ecs_place_testkit::laws`).

use ecs_place::Options;
use ecs_place::Outcome;
use ecs_place::plan::Plan;
use ecs_place_model::ClusterState;
use ecs_place_testkit::generate::{GenCase, case};
use ecs_place_testkit::laws;
use proptest::prelude::*;

use crate::support::{config, fast, inputs};

type Law = fn(&Plan, &ClusterState, &Outcome) -> Result<(), String>;

/// Places the case with the fast engine and checks `law`; a rejected request passes.
fn holds(case: &GenCase, law: Law) -> Result<(), TestCaseError> {
    let (request, state) = inputs(case).map_err(TestCaseError::fail)?;
    let options = Options::with_seed(case.seed);
    if let Some((plan, outcome)) = fast(&request, &state, &options) {
        law(&plan, &state, &outcome).map_err(TestCaseError::fail)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn placement_never_overcommits(case in case()) {
        holds(&case, laws::never_overcommits)?;
    }

    #[test]
    fn placed_tasks_satisfy_member_of_at_placement_time(case in case()) {
        holds(&case, laws::placed_tasks_pass_every_check)?;
    }

    #[test]
    fn distinct_instance_holds_across_call_and_group(case in case()) {
        holds(&case, laws::distinct_instance_holds)?;
    }

    #[test]
    fn binpack_picks_least_remaining_among_fitting(case in case()) {
        holds(&case, laws::binpack_picks_least_remaining)?;
    }

    #[test]
    fn spread_picks_a_least_count_key(case in case()) {
        holds(&case, laws::spread_picks_least_count_key)?;
    }

    #[test]
    fn placed_plus_unplaced_equals_count(case in case()) {
        holds(&case, laws::placed_plus_unplaced_is_count)?;
    }
}

/// The law checks themselves: each one rejects a hand-made outcome that breaks its law, so a
/// passing property above means something.
mod checks_catch_violations {
    use ecs_place::Outcome;
    use ecs_place::outcome::{Failure, LaunchKind, Reason, TaskDecision, TaskStatus};
    use ecs_place::plan::Plan;
    use ecs_place::resolve::{ResolveOptions, resolve};
    use ecs_place_model::{ClusterState, parse_cluster_state, parse_request};
    use ecs_place_testkit::laws;
    use serde_json::{Value, json};

    const ARN: &str = "arn:aws:ecs:us-east-1:123456789012";

    fn arn(id: &str) -> String {
        format!("{ARN}:container-instance/demo/{id}")
    }

    fn instance(id: &str, zone: &str, cpu: u32, memory: u32) -> Value {
        json!({
            "containerInstanceArn": arn(id), "ec2InstanceId": format!("i-{id}"),
            "status": "ACTIVE", "agentConnected": true,
            "attributes": [{"name": "ecs.availability-zone", "value": zone}],
            "remainingResources": [
                {"name": "CPU", "type": "INTEGER", "integerValue": cpu},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
                {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22"]},
                {"name": "GPU", "type": "STRINGSET", "stringSetValue": ["g0", "g1"]},
            ],
        })
    }

    /// Instances `a` (roomy, zone 1a, one task of the group), `b` (roomy, 1b), `c` (little
    /// CPU, 1a); task definition `web`: 1024 CPU, 512 MiB, host port 8080, one GPU.
    fn state() -> ClusterState {
        let snapshot = json!({
            "clusters": [{"clusterName": "demo", "clusterArn": format!("{ARN}:cluster/demo")}],
            "containerInstances": [
                instance("a", "us-east-1a", 4096, 4096),
                instance("b", "us-east-1b", 4096, 8192),
                instance("c", "us-east-1a", 512, 8192),
            ],
            "taskDefinitions": [{
                "taskDefinitionArn": format!("{ARN}:task-definition/web:1"), "family": "web",
                "revision": 1, "status": "ACTIVE",
                "containerDefinitions": [{
                    "name": "app", "cpu": 1024, "memory": 512,
                    "portMappings": [{"containerPort": 80, "hostPort": 8080}],
                    "resourceRequirements": [{"type": "GPU", "value": "1"}],
                }],
            }],
            "tasks": [{"taskArn": format!("{ARN}:task/demo/1"), "containerInstanceArn": arn("a"),
                       "group": "family:web", "desiredStatus": "RUNNING"}],
        });
        parse_cluster_state(&snapshot.to_string()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn plan(state: &ClusterState, extra: Value) -> Plan {
        let mut request = json!({"cluster": "demo", "taskDefinition": "web", "count": 2});
        if let (Some(request), Some(extra)) = (request.as_object_mut(), extra.as_object()) {
            request.extend(extra.clone());
        }
        let request = parse_request(&request.to_string()).unwrap_or_else(|e| panic!("{e}"));
        resolve(&request, state, &ResolveOptions { seed: Some(0) })
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn on(position: u32, id: &str, gpu: &str) -> TaskDecision {
        TaskDecision {
            position,
            bucket: None,
            capacity_provider: None,
            launch_type: LaunchKind::Ec2,
            container_instance_arn: Some(arn(id)),
            availability_zone: None,
            gpu_ids: vec![vec![gpu.to_owned()]],
            status: TaskStatus::Pending,
        }
    }

    fn outcome(tasks: Vec<TaskDecision>) -> Outcome {
        Outcome {
            tasks,
            ..Outcome::default()
        }
    }

    #[test]
    fn overcommit_of_cpu_ports_and_gpus_is_caught() {
        let state = state();
        let plan = plan(&state, json!({}));
        assert_eq!(
            laws::never_overcommits(
                &plan,
                &state,
                &outcome(vec![on(0, "b", "g0"), on(1, "a", "g1")])
            ),
            Ok(())
        );
        let cpu = laws::never_overcommits(&plan, &state, &outcome(vec![on(0, "c", "g0")]));
        assert!(cpu.is_err_and(|e| e.contains("needs 1024 CPU")));
        let port = laws::never_overcommits(
            &plan,
            &state,
            &outcome(vec![on(0, "b", "g0"), on(1, "b", "g1")]),
        );
        assert!(port.is_err_and(|e| e.contains("port in use")));
        let gpu = laws::never_overcommits(&plan, &state, &outcome(vec![on(0, "b", "g7")]));
        assert!(gpu.is_err_and(|e| e.contains("took GPU ids")));
    }

    #[test]
    fn a_task_on_a_failing_instance_is_caught() {
        let state = state();
        let plan = plan(
            &state,
            json!({"placementConstraints": [
            {"type": "memberOf", "expression": "attribute:ecs.availability-zone == us-east-1b"}]}),
        );
        assert_eq!(
            laws::placed_tasks_pass_every_check(&plan, &state, &outcome(vec![on(0, "b", "g0")])),
            Ok(())
        );
        let wrong =
            laws::placed_tasks_pass_every_check(&plan, &state, &outcome(vec![on(0, "a", "g0")]));
        assert!(wrong.is_err_and(|e| e.contains("MemberOf placement constraint unsatisfied.")));
    }

    #[test]
    fn a_second_task_of_the_group_on_an_instance_is_caught() {
        let state = state();
        let plan = plan(
            &state,
            json!({"placementConstraints": [{"type": "distinctInstance"}]}),
        );
        assert!(
            laws::distinct_instance_holds(&plan, &state, &outcome(vec![on(0, "a", "g0")])).is_err()
        );
        let twice = laws::distinct_instance_holds(
            &plan,
            &state,
            &outcome(vec![on(0, "b", "g0"), on(1, "b", "g1")]),
        );
        assert!(twice.is_err_and(|e| e.starts_with("task 1 placed on")));
    }

    #[test]
    fn binpack_and_spread_choices_are_checked() {
        let state = state();
        let binpack = plan(
            &state,
            json!({"placementStrategy": [{"type": "binpack", "field": "memory"}]}),
        );
        assert_eq!(
            laws::binpack_picks_least_remaining(&binpack, &state, &outcome(vec![on(0, "a", "g0")])),
            Ok(())
        );
        assert!(
            laws::binpack_picks_least_remaining(&binpack, &state, &outcome(vec![on(0, "b", "g0")]))
                .is_err()
        );
        let spread = plan(
            &state,
            json!({"placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}]}),
        );
        assert_eq!(
            laws::spread_picks_least_count_key(&spread, &state, &outcome(vec![on(0, "b", "g0")])),
            Ok(())
        );
        assert!(
            laws::spread_picks_least_count_key(&spread, &state, &outcome(vec![on(0, "a", "g0")]))
                .is_err()
        );
    }

    #[test]
    fn missing_tasks_without_failures_are_caught() {
        let state = state();
        let plan = plan(&state, json!({}));
        let short = outcome(vec![on(0, "b", "g0")]);
        assert!(laws::placed_plus_unplaced_is_count(&plan, &state, &short).is_err());
        let failures: Vec<Failure> = ["a", "b", "c"]
            .iter()
            .map(|id| Failure {
                arn: arn(id),
                reason: Reason::Cpu,
                detail: String::new(),
            })
            .collect();
        let explained = Outcome { failures, ..short };
        assert_eq!(
            laws::placed_plus_unplaced_is_count(&plan, &state, &explained),
            Ok(())
        );
        let gap = outcome(vec![on(0, "b", "g0"), on(2, "a", "g1")]);
        assert!(
            laws::placed_plus_unplaced_is_count(&plan, &state, &gap)
                .is_err_and(|e| e.contains("position 2"))
        );
    }
}
