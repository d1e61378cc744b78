//! Reading the two input documents: [`parse_request`] and [`parse_cluster_state`].

use serde::de::DeserializeOwned;

use crate::error::{ApiError, InputError};
use crate::request::RunTaskRequest;
use crate::snapshot::ClusterState;
use crate::strict::Strict;

/// Why a request document was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// Not JSON, or a field of the wrong JSON type: the caller passed a broken file.
    #[error(transparent)]
    Malformed(InputError),
    /// A field the `RunTask` API does not have: ECS rejects the request with an
    /// `InvalidParameterException` naming the field (spec §1.1).
    #[error(transparent)]
    Invalid(ApiError),
}

/// Reads a `RunTask` request. An unknown field at any level is
/// [`RequestError::Invalid`] naming its path; anything else that does not read is
/// [`RequestError::Malformed`] with line, column and path. The request's rules (spec §9) are
/// checked later, by validation.
pub fn parse_request(text: &str) -> Result<RunTaskRequest, RequestError> {
    parse_json(text).map_err(|failure| match failure.unknown_field {
        Some(field) => RequestError::Invalid(ApiError::invalid_parameter(format!(
            "unknown parameter `{field}`: {}",
            failure.error.message()
        ))),
        None => RequestError::Malformed(failure.error),
    })
}

/// Reads a cluster state snapshot and runs [`ClusterState::check`] on it.
pub fn parse_cluster_state(text: &str) -> Result<ClusterState, InputError> {
    let state: ClusterState = parse_json(text).map_err(|failure| failure.error)?;
    state.check()?;
    Ok(state)
}

struct ParseFailure {
    error: InputError,
    /// The full path of the unknown field, when that is the fault.
    unknown_field: Option<String>,
}

/// Deserialises `text` as a whole JSON document into `T`, naming the path of any fault. A
/// struct must be a JSON object ([`Strict`]); `Strict` sits inside serde_path_to_error's
/// adapter so that its errors carry the path too, and the errors themselves still come from
/// serde_json with their line and column.
fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, Box<ParseFailure>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(Strict(&mut deserializer)).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        // serde_path_to_error already ends the path with the unknown key.
        let unknown_field = is_unknown_field(&inner).then(|| path.clone());
        Box::new(ParseFailure {
            error: input_error(&inner, Some(path)),
            unknown_field,
        })
    })?;
    deserializer.end().map_err(|inner| {
        Box::new(ParseFailure {
            error: input_error(&inner, None),
            unknown_field: None,
        })
    })?;
    Ok(value)
}

/// The `InputError` for a serde_json error, without the ` at line L column C` suffix that the
/// error's own text carries (the position is kept in fields).
fn input_error(error: &serde_json::Error, path: Option<String>) -> InputError {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let mut input = InputError::new(message);
    if error.line() > 0 {
        input = input.with_position(error.line(), error.column());
    }
    match path {
        Some(path) if path != "." => input.with_path(path),
        _ => input,
    }
}

/// True for serde's `unknown field `NAME`, expected ...` error (what `deny_unknown_fields`
/// raises; serde has no error kind for it, so its stable message text is the signal).
fn is_unknown_field(error: &serde_json::Error) -> bool {
    error.is_data() && error.to_string().starts_with("unknown field `")
}
