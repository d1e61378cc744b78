//! `volumeConfigurations` (spec §9, §11): the request-only rules of a managed EBS volume.
//! Whether the name matches a task-definition volume is checked in `dependent`.

use ecs_place_model::ApiError;
use ecs_place_model::request::{TaskManagedEbsVolumeConfiguration, TaskVolumeConfiguration};

use super::bounds::{check_one_of, check_range, invalid, required};

const VOLUME_TYPES: [&str; 7] = ["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"];
const FILESYSTEM_TYPES: [&str; 3] = ["ext3", "ext4", "xfs"];
const RESERVED_TAG_KEYS: [&str; 2] = ["AmazonECSCreated", "AmazonECSManaged"];
const MAX_SIZE_GIB: i64 = 16_384;
const MAX_THROUGHPUT: i64 = 1000;

pub(crate) fn volume_configurations(volumes: &[TaskVolumeConfiguration]) -> Result<(), ApiError> {
    for (index, volume) in volumes.iter().enumerate() {
        let at = format!("volumeConfigurations[{index}]");
        required(
            format!("{at}.name"),
            volume.name.as_deref().filter(|n| !n.is_empty()),
        )?;
        if let Some(ebs) = &volume.managed_ebs_volume {
            managed_ebs_volume(&format!("{at}.managedEBSVolume"), ebs)?;
        }
    }
    Ok(())
}

fn managed_ebs_volume(at: &str, ebs: &TaskManagedEbsVolumeConfiguration) -> Result<(), ApiError> {
    required(format!("{at}.roleArn"), ebs.role_arn.as_deref())?;
    let volume_type = ebs.volume_type.as_deref().unwrap_or("gp3");
    check_one_of(format!("{at}.volumeType"), volume_type, &VOLUME_TYPES)?;
    match (ebs.size_in_gib, ebs.snapshot_id.as_deref()) {
        (None, None) => {
            return Err(invalid(format!(
                "{at}: sizeInGiB or snapshotId is required"
            )));
        }
        (Some(size), _) => {
            let (lo, hi) = size_range(volume_type);
            check_range(
                format!("{at}.sizeInGiB for volume type {volume_type}"),
                size,
                lo,
                hi,
            )?;
        }
        (None, Some(_)) => {}
    }
    iops(at, volume_type, ebs.iops)?;
    if let Some(throughput) = ebs.throughput {
        if volume_type != "gp3" {
            return Err(invalid(format!(
                "{at}.throughput is only supported for volume type gp3, not {volume_type}"
            )));
        }
        check_range(format!("{at}.throughput"), throughput, 0, MAX_THROUGHPUT)?;
    }
    if let Some(policy) = &ebs.termination_policy {
        required(
            format!("{at}.terminationPolicy.deleteOnTermination"),
            policy.delete_on_termination.as_ref(),
        )?;
    }
    if let Some(filesystem) = ebs.filesystem_type.as_deref() {
        check_one_of(
            format!("{at}.filesystemType"),
            filesystem,
            &FILESYSTEM_TYPES,
        )?;
    }
    for (spec_index, spec) in ebs
        .tag_specifications
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let spec_at = format!("{at}.tagSpecifications[{spec_index}]");
        let resource_type = required(
            format!("{spec_at}.resourceType"),
            spec.resource_type.as_deref(),
        )?;
        check_one_of(
            format!("{spec_at}.resourceType"),
            resource_type,
            &["volume"],
        )?;
        for (tag_index, tag) in spec.tags.as_deref().unwrap_or_default().iter().enumerate() {
            let key = tag.key.as_deref().unwrap_or_default();
            if RESERVED_TAG_KEYS.contains(&key) {
                return Err(invalid(format!(
                    "{spec_at}.tags[{tag_index}].key `{key}` is reserved"
                )));
            }
        }
    }
    Ok(())
}

/// `sizeInGiB` bounds by volume type.
fn size_range(volume_type: &str) -> (i64, i64) {
    match volume_type {
        "io1" | "io2" => (4, MAX_SIZE_GIB),
        "st1" | "sc1" => (125, MAX_SIZE_GIB),
        "standard" => (1, 1024),
        _ => (1, MAX_SIZE_GIB),
    }
}

/// `iops`: required for io1/io2, accepted for gp3, rejected otherwise; ranged by type.
fn iops(at: &str, volume_type: &str, iops: Option<i64>) -> Result<(), ApiError> {
    let field = format!("{at}.iops for volume type {volume_type}");
    let range = match volume_type {
        "gp3" => (3000, 16_000),
        "io1" => (100, 64_000),
        "io2" => (100, 256_000),
        _ => {
            return match iops {
                Some(_) => Err(invalid(format!(
                    "{at}.iops is only supported for volume types gp3, io1 and io2, not {volume_type}"
                ))),
                None => Ok(()),
            };
        }
    };
    match iops {
        Some(value) => check_range(&field, value, range.0, range.1),
        None if volume_type == "gp3" => Ok(()),
        None => Err(invalid(format!("{field} is required"))),
    }
}
