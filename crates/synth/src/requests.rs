//! The four benchmark `RunTask` requests (issue 6), each placing 10 tasks of the `bench` task
//! definition on the synthetic cluster with launch type `EC2`.

use ecs_place_model::{PlacementConstraint, PlacementStrategy, RunTaskRequest};

use crate::catalog::CLUSTER_NAME;

/// `memberOf` expression of R3: `m5` instances of two teams (about 7 % of the instances).
pub const R3_EXPRESSION: &str =
    "attribute:ecs.instance-type =~ m5.* and attribute:team in [payments, search]";
/// `memberOf` expression of R4: anti-affinity with one service, and not the busiest instances.
pub const R4_EXPRESSION: &str = "not(task:group == service:svc-07) and runningTasksCount < 6";

/// `memberOf` expression of the explain request X1.
pub const X1_EXPRESSION: &str = "attribute:ecs.instance-type == t3.medium";

/// Tasks per benchmark call.
pub const BENCH_COUNT: i64 = 10;

/// One benchmark request.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchRequest {
    /// `r1` .. `r4` (also the file name under `examples/bench/`).
    pub name: &'static str,
    /// What it exercises.
    pub description: &'static str,
    pub request: RunTaskRequest,
}

fn strategy(kind: &str, field: &str) -> PlacementStrategy {
    PlacementStrategy {
        kind: Some(kind.to_owned()),
        field: Some(field.to_owned()),
    }
}

fn constraint(kind: &str, expression: Option<&str>) -> PlacementConstraint {
    PlacementConstraint {
        kind: Some(kind.to_owned()),
        expression: expression.map(str::to_owned),
    }
}

fn base(name: &str) -> RunTaskRequest {
    RunTaskRequest {
        cluster: Some(CLUSTER_NAME.to_owned()),
        task_definition: Some("bench".to_owned()),
        count: Some(BENCH_COUNT),
        launch_type: Some("EC2".to_owned()),
        started_by: Some(format!("bench-{name}")),
        ..RunTaskRequest::default()
    }
}

/// R1 to R4, in order:
///
/// - R1: no constraint, no strategy (random placement);
/// - R2: `spread(attribute:ecs.availability-zone)` then `binpack(memory)`;
/// - R3: `memberOf` [`R3_EXPRESSION`] + `distinctInstance`, then zone spread and
///   `binpack(memory)`;
/// - R4: `memberOf` [`R4_EXPRESSION`], then `spread(instanceId)`.
pub fn bench_requests() -> [BenchRequest; 4] {
    let zone_spread = strategy("spread", "attribute:ecs.availability-zone");
    let binpack_memory = strategy("binpack", "memory");
    let r2 = RunTaskRequest {
        placement_strategy: Some(vec![zone_spread.clone(), binpack_memory.clone()]),
        ..base("r2")
    };
    let r3 = RunTaskRequest {
        placement_constraints: Some(vec![
            constraint("memberOf", Some(R3_EXPRESSION)),
            constraint("distinctInstance", None),
        ]),
        placement_strategy: Some(vec![zone_spread, binpack_memory]),
        ..base("r3")
    };
    let r4 = RunTaskRequest {
        placement_constraints: Some(vec![constraint("memberOf", Some(R4_EXPRESSION))]),
        placement_strategy: Some(vec![strategy("spread", "instanceId")]),
        ..base("r4")
    };
    [
        BenchRequest {
            name: "r1",
            description: "no strategy",
            request: base("r1"),
        },
        BenchRequest {
            name: "r2",
            description: "zone spread, then binpack memory",
            request: r2,
        },
        BenchRequest {
            name: "r3",
            description: "memberOf instance type and team, distinctInstance, zone spread, binpack memory",
            request: r3,
        },
        BenchRequest {
            name: "r4",
            description: "memberOf group anti-affinity and runningTasksCount, instance spread",
            request: r4,
        },
    ]
}

/// X1, the explain-mode workload: 10 tasks of `bench-large` (4096 CPU units, 16384 MiB) with
/// `memberOf` [`X1_EXPRESSION`] and `binpack(memory)`. No instance fits (a `t3.medium` has
/// 2048 CPU units), so the first task fails and the response carries one failure per
/// `ACTIVE` instance — the path where explain mode does extra work.
pub fn explain_request() -> BenchRequest {
    BenchRequest {
        name: "x1",
        description: "nothing fits: one failure per instance (explain-mode workload)",
        request: RunTaskRequest {
            task_definition: Some("bench-large".to_owned()),
            placement_constraints: Some(vec![constraint("memberOf", Some(X1_EXPRESSION))]),
            placement_strategy: Some(vec![strategy("binpack", "memory")]),
            ..base("x1")
        },
    }
}

impl BenchRequest {
    /// The request as the pretty JSON of `examples/bench/<name>.json` (with a final newline).
    pub fn to_json(&self) -> String {
        // Serialising plain strings, integers and vectors cannot fail.
        let mut text = serde_json::to_string_pretty(&self.request).unwrap_or_default();
        text.push('\n');
        text
    }
}
