//! The cluster: the request's `cluster` (name or ARN, default `default`) must be the
//! snapshot's cluster (spec §1.4).

use ecs_place_model::ApiError;
use ecs_place_model::snapshot::{Cluster, ClusterState};

use crate::plan::ClusterRef;

const DEFAULT_CLUSTER: &str = "default";

/// The snapshot's cluster when the request names it, else `ClusterNotFoundException`.
pub(crate) fn resolve_cluster<'a>(
    requested: Option<&str>,
    state: &'a ClusterState,
) -> Result<&'a Cluster, ApiError> {
    let requested = requested
        .filter(|c| !c.is_empty())
        .unwrap_or(DEFAULT_CLUSTER);
    state
        .cluster()
        .filter(|c| c.cluster_name == requested || c.cluster_arn == requested)
        .ok_or_else(|| {
            let described = state
                .cluster()
                .map(|c| format!(" (the snapshot describes cluster `{}`)", c.cluster_name))
                .unwrap_or_default();
            ApiError::cluster_not_found(format!("cluster `{requested}` not found{described}"))
        })
}

/// The plan's view of the cluster: ARN, name, and the ARN's region and account
/// (`arn:PARTITION:ecs:REGION:ACCOUNT:cluster/NAME`; empty when the ARN lacks them).
pub(crate) fn cluster_ref(cluster: &Cluster) -> ClusterRef {
    let mut fields = cluster.cluster_arn.split(':');
    let region = fields.nth(3).unwrap_or_default().to_owned();
    let account = fields.next().unwrap_or_default().to_owned();
    ClusterRef {
        arn: cluster.cluster_arn.clone(),
        name: cluster.cluster_name.clone(),
        region,
        account,
    }
}
