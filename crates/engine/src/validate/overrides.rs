//! `overrides` rules that need nothing but the request (spec §9): the 8192-character limit,
//! container overrides (name, environment files, sizes, resource requirements), task-level
//! `cpu`/`memory` as whole numbers, `ephemeralStorage.sizeInGiB` 21–200.

use ecs_place_model::ApiError;
use ecs_place_model::request::{ContainerOverride, NvidiaMpsAllocation, TaskOverride};

use super::bounds::{check_max_items, check_one_of, check_range, invalid, range_u32, required};

const MAX_OVERRIDE_CHARS: usize = 8192;
const MAX_ENVIRONMENT_FILES: usize = 10;

/// Task-level sizes given in `overrides`; `None` when absent or `0` (unset, spec §11).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaskSizes {
    /// `overrides.cpu`, CPU units.
    pub cpu: Option<u32>,
    /// `overrides.memory`, MiB.
    pub memory: Option<u32>,
}

pub(crate) fn overrides(overrides: &TaskOverride) -> Result<TaskSizes, ApiError> {
    let compact = serde_json::to_string(overrides)
        .map_err(|e| invalid(format!("overrides cannot be written as JSON: {e}")))?;
    let chars = compact.chars().count();
    if chars > MAX_OVERRIDE_CHARS {
        return Err(invalid(format!(
            "overrides must be at most {MAX_OVERRIDE_CHARS} characters as compact JSON, got {chars}"
        )));
    }
    for (index, container) in overrides
        .container_overrides
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        container_override(index, container)?;
    }
    if let Some(storage) = &overrides.ephemeral_storage {
        let field = "overrides.ephemeralStorage.sizeInGiB";
        check_range(
            field,
            *required(field, storage.size_in_gib.as_ref())?,
            21,
            200,
        )?;
    }
    Ok(TaskSizes {
        cpu: task_size("overrides.cpu", overrides.cpu.as_deref(), "CPU units")?,
        memory: task_size("overrides.memory", overrides.memory.as_deref(), "MiB")?,
    })
}

/// A task-level size: a whole number; `0` means unset.
fn task_size(field: &str, text: Option<&str>, unit: &str) -> Result<Option<u32>, ApiError> {
    let Some(text) = text else {
        return Ok(None);
    };
    let value: u32 = text.trim().parse().map_err(|_| {
        invalid(format!(
            "{field} must be a whole number of {unit}, got `{text}`"
        ))
    })?;
    Ok((value > 0).then_some(value))
}

fn container_override(index: usize, container: &ContainerOverride) -> Result<(), ApiError> {
    let at = format!("overrides.containerOverrides[{index}]");
    if container.is_empty() {
        return Ok(());
    }
    if container.name.as_deref().is_none_or(str::is_empty) {
        return Err(invalid(format!(
            "{at}.name is required in a non-empty container override"
        )));
    }
    let files = container.environment_files.as_deref().unwrap_or_default();
    check_max_items(
        format!("{at}.environmentFiles"),
        files.len(),
        MAX_ENVIRONMENT_FILES,
    )?;
    for (file_index, file) in files.iter().enumerate() {
        let file_at = format!("{at}.environmentFiles[{file_index}]");
        required(format!("{file_at}.value"), file.value.as_deref())?;
        let kind = required(format!("{file_at}.type"), file.kind.as_deref())?;
        check_one_of(format!("{file_at}.type"), kind, &["s3"])?;
    }
    for (field, value) in [
        ("cpu", container.cpu),
        ("memory", container.memory),
        ("memoryReservation", container.memory_reservation),
    ] {
        if let Some(value) = value {
            range_u32(format!("{at}.{field}"), value, 0, u32::MAX)?;
        }
    }
    for (requirement_index, requirement) in container
        .resource_requirements
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let requirement_at = format!("{at}.resourceRequirements[{requirement_index}]");
        let field = format!("{requirement_at}.type");
        let kind = required(&field, requirement.kind.as_deref())?;
        check_one_of(
            &field,
            kind,
            &["GPU", "InferenceAccelerator", "NeuronDevice"],
        )?;
        if let Some(mps) = requirement
            .sharing_strategy
            .as_ref()
            .and_then(|s| s.nvidia_mps.as_ref())
        {
            nvidia_mps(&format!("{requirement_at}.sharingStrategy.nvidiaMps"), mps)?;
        }
    }
    Ok(())
}

/// `NvidiaMpsAllocation`: `memory` required and at least 1, `maxComputePercent` 1–100.
fn nvidia_mps(at: &str, mps: &NvidiaMpsAllocation) -> Result<(), ApiError> {
    let field = format!("{at}.memory");
    let memory = *required(&field, mps.memory.as_ref())?;
    if memory < 1 {
        return Err(invalid(format!("{field} must be at least 1, got {memory}")));
    }
    if let Some(percent) = mps.max_compute_percent {
        check_range(format!("{at}.maxComputePercent"), percent, 1, 100)?;
    }
    Ok(())
}
