//! Generated `RunTask` requests (spec §1.1): count 1–10, groups, `memberOf` and
//! `distinctInstance` constraints, 0–5 strategies of every kind, every launch target. They
//! are built to pass validation (spec §9) almost always, so that tests exercise placement.

use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::cql::expression;
use super::taskdef::{AWSVPC_FAMILY, FAMILIES};
use super::universe::{
    ASG_PROVIDERS, CLUSTER_NAME, FARGATE_PROVIDERS, GROUPS, MANAGED_PROVIDER, SUBNETS, cluster_arn,
    task_definition_arn,
};

/// Where the tasks go.
#[derive(Clone, Debug)]
pub enum GenLaunch {
    /// No `launchType`, no strategy: the cluster's (empty) default strategy means EC2.
    Default,
    Ec2,
    External,
    /// A capacity provider strategy: (provider, weight, base).
    Providers(Vec<(&'static str, u32, u32)>),
    /// Fargate, by launch type (`None`) or by a strategy over the Fargate providers.
    Fargate(Option<Vec<(&'static str, u32, u32)>>),
}

/// One constraint of the request.
#[derive(Clone, Debug)]
pub enum GenConstraint {
    MemberOf(String),
    DistinctInstance,
}

/// One strategy item: (type, field).
pub type GenStrategy = (&'static str, Option<&'static str>);

/// A request, before rendering.
#[derive(Clone, Debug)]
pub struct GenRequest {
    pub family: &'static str,
    /// 0: bare family, 1: `family:1`, 2: the ARN of revision 1.
    pub reference: u8,
    pub count: Option<u32>,
    pub group: Option<&'static str>,
    pub launch: GenLaunch,
    pub constraints: Vec<GenConstraint>,
    pub strategies: Vec<GenStrategy>,
    pub client_token: Option<String>,
    /// Whether to name the cluster by ARN (else by name).
    pub cluster_by_arn: bool,
    /// A container override of `c0`: (cpu, memory).
    pub container_override: Option<(Option<u32>, Option<u32>)>,
    /// Subnet indexes for awsvpc.
    pub subnets: Vec<usize>,
}

fn strategy_item() -> impl Strategy<Value = GenStrategy> {
    prop_oneof![
        1 => Just(("random", None)),
        1 => Just(("random", Some("instanceId"))),
        2 => Just(("spread", Some("attribute:ecs.availability-zone"))),
        2 => Just(("spread", Some("instanceId"))),
        1 => Just(("spread", Some("host"))),
        1 => Just(("spread", Some("attribute:stack"))),
        1 => Just(("spread", Some("ATTRIBUTE:rack"))),
        1 => Just(("spread", Some("attribute:ssd"))),
        1 => Just(("spread", Some("attribute:tier"))),
        2 => Just(("binpack", Some("memory"))),
        2 => Just(("binpack", Some("cpu"))),
        1 => Just(("binpack", Some("CPU"))),
        1 => Just(("binpack", Some("Memory"))),
    ]
}

fn constraint() -> impl Strategy<Value = GenConstraint> {
    prop_oneof![
        3 => expression().boxed().prop_map(GenConstraint::MemberOf),
        1 => Just(GenConstraint::DistinctInstance),
    ]
}

fn provider_items(
    names: &'static [&'static str],
) -> impl Strategy<Value = Vec<(&'static str, u32, u32)>> {
    (vec((0..names.len(), 0u32..4), 1..=names.len()), 0u32..3).prop_map(move |(items, base)| {
        let mut seen = Vec::new();
        let mut result: Vec<(&'static str, u32, u32)> = Vec::new();
        for (index, weight) in items {
            if !seen.contains(&index) {
                seen.push(index);
                result.push((names[index], weight, 0));
            }
        }
        // At least one weight above 0, at most one base.
        if result.iter().all(|(_, weight, _)| *weight == 0)
            && let Some(first) = result.first_mut()
        {
            first.1 = 1;
        }
        if let Some(first) = result.first_mut() {
            first.2 = base;
        }
        result
    })
}

const EC2_PROVIDERS: [&str; 3] = [ASG_PROVIDERS[0], ASG_PROVIDERS[1], MANAGED_PROVIDER];

fn launch() -> impl Strategy<Value = GenLaunch> {
    prop_oneof![
        3 => Just(GenLaunch::Default),
        4 => Just(GenLaunch::Ec2),
        1 => Just(GenLaunch::External),
        3 => provider_items(&EC2_PROVIDERS).prop_map(GenLaunch::Providers),
        1 => prop::option::of(provider_items(&FARGATE_PROVIDERS)).prop_map(GenLaunch::Fargate),
    ]
}

prop_compose! {
    fn request_parts()(
        family in (0..FAMILIES.len()).prop_map(|i| FAMILIES[i]),
        reference in 0u8..3,
        count in prop::option::weighted(0.9, 1u32..=10),
        group in prop::option::weighted(0.6, (0..GROUPS.len()).prop_map(|i| GROUPS[i])),
        launch in launch(),
        constraints in vec(constraint(), 0..4),
        strategies in vec(strategy_item(), 0..=5),
    ) -> (&'static str, u8, Option<u32>, Option<&'static str>, GenLaunch, Vec<GenConstraint>, Vec<GenStrategy>) {
        (family, reference, count, group, launch, constraints, strategies)
    }
}

/// A request over the generated universe.
pub fn request() -> impl Strategy<Value = GenRequest> {
    (
        request_parts().boxed(),
        prop::option::weighted(0.3, "[a-z0-9]{1,12}"),
        any::<bool>(),
        prop::option::weighted(
            0.15,
            (
                prop::option::of((1u32..=8).prop_map(|n| n * 128)),
                prop::option::of((1u32..=8).prop_map(|n| n * 256)),
            ),
        ),
        prop::collection::btree_set(0..SUBNETS.len(), 1..=SUBNETS.len()),
    )
        .prop_map(
            |(parts, client_token, cluster_by_arn, container_override, subnets)| {
                let (family, reference, count, group, launch, constraints, strategies) = parts;
                let mut request = GenRequest {
                    family,
                    reference,
                    count,
                    group,
                    launch,
                    constraints,
                    strategies,
                    client_token,
                    cluster_by_arn,
                    container_override,
                    subnets: subnets.into_iter().collect(),
                };
                if matches!(request.launch, GenLaunch::Fargate(_)) {
                    // Fargate takes no constraints or strategies and needs awsvpc (spec §7.4).
                    request.family = AWSVPC_FAMILY;
                    request.constraints.clear();
                    request.strategies.clear();
                    request.container_override = None;
                }
                request
            },
        )
}

fn providers_json(items: &[(&str, u32, u32)]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|(name, weight, base)| json!({"capacityProvider": name, "weight": weight, "base": base}))
            .collect(),
    )
}

impl GenRequest {
    /// The `RunTask` request JSON.
    pub fn to_json(&self) -> Value {
        let mut object = serde_json::Map::new();
        let cluster = if self.cluster_by_arn {
            cluster_arn()
        } else {
            CLUSTER_NAME.to_owned()
        };
        object.insert("cluster".into(), json!(cluster));
        let task_definition = match self.reference {
            0 => self.family.to_owned(),
            1 => format!("{}:1", self.family),
            _ => task_definition_arn(self.family, 1),
        };
        // Revision 1 of `app` is INACTIVE: name it by family so the request stays valid.
        let task_definition = if self.family == "app" {
            self.family.to_owned()
        } else {
            task_definition
        };
        object.insert("taskDefinition".into(), json!(task_definition));
        if let Some(count) = self.count {
            object.insert("count".into(), json!(count));
        }
        if let Some(group) = self.group {
            object.insert("group".into(), json!(group));
        }
        match &self.launch {
            GenLaunch::Default => {}
            GenLaunch::Ec2 => {
                object.insert("launchType".into(), json!("EC2"));
            }
            GenLaunch::External => {
                object.insert("launchType".into(), json!("EXTERNAL"));
            }
            GenLaunch::Providers(items) | GenLaunch::Fargate(Some(items)) => {
                object.insert("capacityProviderStrategy".into(), providers_json(items));
            }
            GenLaunch::Fargate(None) => {
                object.insert("launchType".into(), json!("FARGATE"));
            }
        }
        if !self.constraints.is_empty() {
            let constraints: Vec<Value> = self
                .constraints
                .iter()
                .map(|constraint| match constraint {
                    GenConstraint::MemberOf(expression) => {
                        json!({"type": "memberOf", "expression": expression})
                    }
                    GenConstraint::DistinctInstance => json!({"type": "distinctInstance"}),
                })
                .collect();
            object.insert("placementConstraints".into(), Value::Array(constraints));
        }
        if !self.strategies.is_empty() {
            let strategies: Vec<Value> = self
                .strategies
                .iter()
                .map(|(kind, field)| match field {
                    Some(field) => json!({"type": kind, "field": field}),
                    None => json!({"type": kind}),
                })
                .collect();
            object.insert("placementStrategy".into(), Value::Array(strategies));
        }
        if let Some(token) = &self.client_token {
            object.insert("clientToken".into(), json!(token));
        }
        if let Some((cpu, memory)) = self.container_override {
            let mut container = serde_json::Map::new();
            container.insert("name".into(), json!("c0"));
            if let Some(cpu) = cpu {
                container.insert("cpu".into(), json!(cpu));
            }
            if let Some(memory) = memory {
                container.insert("memory".into(), json!(memory));
            }
            object.insert(
                "overrides".into(),
                json!({"containerOverrides": [Value::Object(container)]}),
            );
        }
        if self.family == AWSVPC_FAMILY {
            let subnets: Vec<&str> = self.subnets.iter().map(|&i| SUBNETS[i]).collect();
            object.insert(
                "networkConfiguration".into(),
                json!({"awsvpcConfiguration": {"subnets": subnets, "assignPublicIp": "DISABLED"}}),
            );
        }
        Value::Object(object)
    }
}
