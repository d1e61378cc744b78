//! `networkConfiguration.awsvpcConfiguration` (spec §9): 1–16 subnets, at most 5 security
//! groups, `assignPublicIp` `ENABLED`/`DISABLED`. Whether it may be given at all depends on
//! the task definition's network mode (see `dependent`).

use ecs_place_model::ApiError;
use ecs_place_model::request::AwsVpcConfiguration;

use super::bounds::{check_max_items, check_one_of, invalid};

const FIELD: &str = "networkConfiguration.awsvpcConfiguration";
const MAX_SUBNETS: usize = 16;
const MAX_SECURITY_GROUPS: usize = 5;

pub(crate) fn awsvpc_configuration(config: &AwsVpcConfiguration) -> Result<(), ApiError> {
    let subnets = config.subnets.as_deref().unwrap_or_default();
    if subnets.is_empty() {
        return Err(invalid(format!(
            "{FIELD}.subnets must name at least 1 subnet"
        )));
    }
    check_max_items(format!("{FIELD}.subnets"), subnets.len(), MAX_SUBNETS)?;
    check_max_items(
        format!("{FIELD}.securityGroups"),
        config.security_groups.as_deref().unwrap_or_default().len(),
        MAX_SECURITY_GROUPS,
    )?;
    if let Some(assign) = config.assign_public_ip.as_deref() {
        check_one_of(
            format!("{FIELD}.assignPublicIp"),
            assign,
            &["ENABLED", "DISABLED"],
        )?;
    }
    Ok(())
}
