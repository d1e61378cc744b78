//! The launch target (spec §7.1–7.2, §7.4): a launch type, the request's capacity provider
//! strategy, or the cluster's default strategy (else `EC2`), split into buckets with
//! `ecs_place_capacity::split`.

use ecs_place_capacity::Share;
use ecs_place_model::ApiError;
use ecs_place_model::request::CapacityProviderStrategyItem;
use ecs_place_model::snapshot::{Cluster, ClusterState, ProviderKind};

use crate::plan::{Bucket, LaunchType, Target};
use crate::validate::{
    StrategyItem, ValidRequest, capacity_provider_strategy, no_placement_on_fargate,
};

const DEFAULT_STRATEGY_FIELD: &str = "the cluster's defaultCapacityProviderStrategy";
const ACTIVE: &str = "ACTIVE";

pub(crate) fn resolve_target(
    valid: &ValidRequest,
    cluster: &Cluster,
    state: &ClusterState,
) -> Result<Target, ApiError> {
    let target = if let Some(launch_type) = valid.launch_type {
        Target::LaunchType {
            launch_type,
            count: valid.count,
        }
    } else if let Some(items) = &valid.capacity_provider_strategy {
        buckets(
            "capacityProviderStrategy",
            items,
            valid.count,
            cluster,
            state,
        )?
    } else if !cluster.default_capacity_provider_strategy.is_empty() {
        let items: Vec<CapacityProviderStrategyItem> = cluster
            .default_capacity_provider_strategy
            .iter()
            .map(|item| CapacityProviderStrategyItem {
                capacity_provider: Some(item.capacity_provider.clone()),
                weight: Some(item.weight),
                base: Some(item.base),
            })
            .collect();
        let items = capacity_provider_strategy(DEFAULT_STRATEGY_FIELD, &items)?;
        buckets(DEFAULT_STRATEGY_FIELD, &items, valid.count, cluster, state)?
    } else {
        Target::LaunchType {
            launch_type: LaunchType::Ec2,
            count: valid.count,
        }
    };
    if is_fargate(&target) {
        no_placement_on_fargate(&valid.constraints, &valid.strategies)?;
    }
    Ok(target)
}

/// True when the target's tasks run on Fargate (a valid target never mixes).
pub(crate) fn is_fargate(target: &Target) -> bool {
    match target {
        Target::LaunchType { launch_type, .. } => *launch_type == LaunchType::Fargate,
        Target::CapacityProviders(buckets) => buckets.iter().any(|b| b.kind.is_fargate()),
    }
}

/// The launch types the target's tasks get, without repeats, in bucket order.
pub(crate) fn launch_types(target: &Target) -> Vec<&'static str> {
    let mut types = Vec::new();
    let mut add = |launch_type: &'static str| {
        if !types.contains(&launch_type) {
            types.push(launch_type);
        }
    };
    match target {
        Target::LaunchType { launch_type, .. } => add(launch_type.as_str()),
        Target::CapacityProviders(buckets) => {
            for bucket in buckets {
                add(bucket.launch_type());
            }
        }
    }
    types
}

/// Checks the cluster rules of each item, then splits `count` over the items.
fn buckets(
    field: &str,
    items: &[StrategyItem],
    count: u32,
    cluster: &Cluster,
    state: &ClusterState,
) -> Result<Target, ApiError> {
    let kinds = items
        .iter()
        .map(|item| provider_kind(field, &item.provider, cluster, state))
        .collect::<Result<Vec<_>, _>>()?;
    let fargate = items.iter().zip(&kinds).find(|(_, kind)| kind.is_fargate());
    let other = items
        .iter()
        .zip(&kinds)
        .find(|(_, kind)| !kind.is_fargate());
    if let (Some((fargate, _)), Some((other, _))) = (fargate, other) {
        return Err(ApiError::invalid_parameter(format!(
            "{field} cannot mix Fargate capacity provider `{}` with capacity provider `{}`",
            fargate.provider, other.provider
        )));
    }
    let shares: Vec<Share> = items
        .iter()
        .map(|item| Share {
            weight: item.weight,
            base: item.base,
        })
        .collect();
    let counts = ecs_place_capacity::split(&shares, count);
    Ok(Target::CapacityProviders(
        items
            .iter()
            .zip(kinds)
            .zip(counts)
            .filter(|(_, count)| *count > 0)
            .map(|((item, kind), count)| Bucket {
                provider: item.provider.clone(),
                kind,
                count,
            })
            .collect(),
    ))
}

/// A provider must be associated with the cluster and, unless it is `FARGATE` or
/// `FARGATE_SPOT`, described in the snapshot with status `ACTIVE`.
fn provider_kind(
    field: &str,
    name: &str,
    cluster: &Cluster,
    state: &ClusterState,
) -> Result<ProviderKind, ApiError> {
    if !cluster.capacity_providers.iter().any(|p| p == name) {
        return Err(ApiError::invalid_parameter(format!(
            "{field}: capacity provider `{name}` is not associated with cluster `{}`",
            cluster.cluster_name
        )));
    }
    if let Some(kind) = ProviderKind::builtin(name) {
        return Ok(kind);
    }
    let provider = state
        .capacity_providers
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "{field}: capacity provider `{name}` is not ACTIVE: the snapshot's capacityProviders do not describe it"
            ))
        })?;
    match provider.status.as_deref() {
        Some(ACTIVE) => Ok(provider.provider_kind()),
        status => Err(ApiError::invalid_parameter(format!(
            "{field}: capacity provider `{name}` is not ACTIVE (status {})",
            status.unwrap_or("absent")
        ))),
    }
}
