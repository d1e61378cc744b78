//! The task definition: by full ARN, `family:revision` or bare `family` (the highest
//! `ACTIVE` revision). Missing is `ClientException` `TaskDefinition not found.`; a named
//! revision that is not `ACTIVE` is `InvalidParameterException` (spec §1.4, §11).

use ecs_place_model::ApiError;
use ecs_place_model::snapshot::{ClusterState, TaskDefinition};

const ACTIVE: &str = "ACTIVE";
const NOT_FOUND: &str = "TaskDefinition not found.";

pub(crate) fn resolve_task_definition<'a>(
    reference: &str,
    state: &'a ClusterState,
) -> Result<&'a TaskDefinition, ApiError> {
    let definitions = &state.task_definitions;
    let found = if reference.starts_with("arn:") {
        by_arn(reference, definitions)
    } else {
        match reference.rsplit_once(':') {
            Some((family, revision)) => by_revision(family, revision, definitions),
            None => latest_active(definitions.iter().filter(|d| d.family == reference)),
        }
    };
    let definition = found.ok_or_else(|| ApiError::client(NOT_FOUND))?;
    if definition.status != ACTIVE {
        return Err(ApiError::invalid_parameter(format!(
            "task definition `{}` is {}, not ACTIVE",
            definition.family_revision(),
            definition.status
        )));
    }
    Ok(definition)
}

/// The definition with this exact ARN; an ARN without `:revision` means the latest `ACTIVE`
/// revision of the family it names.
fn by_arn<'a>(arn: &str, definitions: &'a [TaskDefinition]) -> Option<&'a TaskDefinition> {
    if let Some(definition) = definitions.iter().find(|d| d.task_definition_arn == arn) {
        return Some(definition);
    }
    let prefix = format!("{arn}:");
    latest_active(
        definitions.iter().filter(|d| {
            d.task_definition_arn.strip_prefix(&prefix) == Some(&d.revision.to_string())
        }),
    )
}

fn by_revision<'a>(
    family: &str,
    revision: &str,
    definitions: &'a [TaskDefinition],
) -> Option<&'a TaskDefinition> {
    let revision: u32 = revision.parse().ok()?;
    definitions
        .iter()
        .find(|d| d.family == family && d.revision == revision)
}

fn latest_active<'a>(
    candidates: impl Iterator<Item = &'a TaskDefinition>,
) -> Option<&'a TaskDefinition> {
    candidates
        .filter(|d| d.status == ACTIVE)
        .max_by_key(|d| d.revision)
}
