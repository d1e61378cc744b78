//! The buckets of one call (spec §7): a launch type is one bucket, a capacity provider
//! strategy one per provider in item order; each says which instances it may use, how its
//! tasks are ranked and what happens to a task that fits nowhere.

use std::borrow::Cow;

use ecs_place::outcome::LaunchKind;
use ecs_place::plan::{LaunchType, Plan, SpreadField, Strategy, Target};
use ecs_place_model::snapshot::ProviderKind;

use super::state::Instance;

/// Which instances a bucket may use.
#[derive(Clone, Copy, Debug)]
pub enum Pool<'p> {
    /// Launch type `EC2`: instances without `ecs.capability.external`.
    Ec2,
    /// Launch type `EXTERNAL`: instances with it.
    External,
    /// An Auto Scaling group or managed-instances provider: its instances.
    Provider(&'p str),
    /// Fargate (launch type, or provider; `true` for `FARGATE_SPOT`).
    Fargate { spot: bool },
}

/// One bucket of tasks to place.
#[derive(Clone, Debug)]
pub struct Work<'p> {
    pub bucket: Option<usize>,
    pub provider: Option<&'p str>,
    pub count: u32,
    pub pool: Pool<'p>,
    pub kind: LaunchKind,
    /// Tasks that fit nowhere wait in `PROVISIONING` (providers) instead of failing.
    pub provisioning: bool,
    pub strategies: Cow<'p, [Strategy]>,
}

pub fn work(plan: &Plan) -> Vec<Work<'_>> {
    let strategies = Cow::Borrowed(plan.strategies.as_slice());
    match &plan.target {
        Target::LaunchType { launch_type, count } => {
            let (pool, kind) = match launch_type {
                LaunchType::Ec2 => (Pool::Ec2, LaunchKind::Ec2),
                LaunchType::External => (Pool::External, LaunchKind::External),
                LaunchType::Fargate => (Pool::Fargate { spot: false }, LaunchKind::Fargate),
            };
            vec![Work {
                bucket: None,
                provider: None,
                count: *count,
                pool,
                kind,
                provisioning: false,
                strategies,
            }]
        }
        Target::CapacityProviders(buckets) => buckets
            .iter()
            .enumerate()
            .map(|(index, bucket)| {
                let name = bucket.provider.as_str();
                let (pool, kind, strategies) = match bucket.kind {
                    ProviderKind::AutoScalingGroup => {
                        (Pool::Provider(name), LaunchKind::Ec2, strategies.clone())
                    }
                    // Managed instances ignore the request's strategies and spread over
                    // zones (spec §4, §11).
                    ProviderKind::ManagedInstances => (
                        Pool::Provider(name),
                        LaunchKind::ManagedInstances,
                        Cow::Owned(vec![Strategy::Spread(SpreadField::Attribute(
                            "ecs.availability-zone".to_owned(),
                        ))]),
                    ),
                    ProviderKind::Fargate => (
                        Pool::Fargate { spot: false },
                        LaunchKind::Fargate,
                        Cow::Owned(Vec::new()),
                    ),
                    ProviderKind::FargateSpot => (
                        Pool::Fargate { spot: true },
                        LaunchKind::Fargate,
                        Cow::Owned(Vec::new()),
                    ),
                };
                Work {
                    bucket: Some(index),
                    provider: Some(name),
                    count: bucket.count,
                    pool,
                    kind,
                    provisioning: true,
                    strategies,
                }
            })
            .collect(),
    }
}

/// Whether `instance` is a candidate of `pool` (spec §2 step 4.1; status checked apart).
pub fn in_pool(instance: &Instance<'_>, pool: Pool<'_>) -> bool {
    let external = instance.attribute("ecs.capability.external").is_some();
    match pool {
        Pool::Ec2 => !external,
        Pool::External => external,
        Pool::Provider(name) => instance.source.capacity_provider_name.as_deref() == Some(name),
        Pool::Fargate { .. } => false,
    }
}
