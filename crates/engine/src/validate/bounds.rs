//! Small helpers that check one rule and word the `InvalidParameterException` for it.
//! Field paths are written as in the request (`placementConstraints[2].expression`); they
//! are `Display` values, formatted only into an error message (a valid request formats no
//! path: see [`Path`]).

use std::fmt::{self, Display};

use ecs_place_model::ApiError;

/// A field path of a list item, `LIST[INDEX]SUFFIX` (`placementStrategy[0].field`), written
/// out only when displayed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Path<'a> {
    pub(crate) list: &'a str,
    pub(crate) index: usize,
    pub(crate) suffix: &'a str,
}

impl<'a> Path<'a> {
    pub(crate) fn new(list: &'a str, index: usize) -> Self {
        Self {
            list,
            index,
            suffix: "",
        }
    }

    /// The path of a field of the item: `.type`, `.field`.
    pub(crate) fn field(self, suffix: &'a str) -> Self {
        Self { suffix, ..self }
    }
}

impl Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]{}", self.list, self.index, self.suffix)
    }
}

/// An `InvalidParameterException` with `message`.
pub(crate) fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::invalid_parameter(message)
}

/// `value` must lie in `lo..=hi`: `count must be between 1 and 10, got 11`.
pub(crate) fn check_range(
    field: impl Display,
    value: i64,
    lo: i64,
    hi: i64,
) -> Result<(), ApiError> {
    if (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(invalid(format!(
            "{field} must be between {lo} and {hi}, got {value}"
        )))
    }
}

/// `value` as a `u32`, after [`check_range`] with `lo..=hi` (which must lie within `u32`).
pub(crate) fn range_u32(
    field: impl Display,
    value: i64,
    lo: u32,
    hi: u32,
) -> Result<u32, ApiError> {
    check_range(&field, value, i64::from(lo), i64::from(hi))?;
    u32::try_from(value).map_err(|_| invalid(format!("{field} is out of range, got {value}")))
}

/// A list of at most `max` items: `tags must have at most 50 items, got 51`.
pub(crate) fn check_max_items(field: impl Display, len: usize, max: usize) -> Result<(), ApiError> {
    if len <= max {
        Ok(())
    } else {
        Err(invalid(format!(
            "{field} must have at most {max} items, got {len}"
        )))
    }
}

/// A text of `lo..=hi` characters (Unicode scalar values):
/// `tags[0].key must be between 1 and 128 characters, got 129`.
pub(crate) fn check_chars(
    field: impl Display,
    text: &str,
    lo: usize,
    hi: usize,
) -> Result<(), ApiError> {
    let len = text.chars().count();
    if (lo..=hi).contains(&len) {
        Ok(())
    } else if lo == 0 {
        Err(invalid(format!(
            "{field} must be at most {hi} characters, got {len}"
        )))
    } else {
        Err(invalid(format!(
            "{field} must be between {lo} and {hi} characters, got {len}"
        )))
    }
}

/// `value` must be one of `allowed` (exactly):
/// ``launchType must be one of `EC2`, `FARGATE`, `EXTERNAL`, got `EC3` ``.
pub(crate) fn check_one_of(
    field: impl Display,
    value: &str,
    allowed: &[&str],
) -> Result<(), ApiError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(invalid(format!(
            "{field} must be one of {}, got `{value}`",
            quoted_list(allowed)
        )))
    }
}

/// The value of a required field: `taskDefinition is required`.
pub(crate) fn required<T: ?Sized>(field: impl Display, value: Option<&T>) -> Result<&T, ApiError> {
    value.ok_or_else(|| invalid(format!("{field} is required")))
}

/// `` `a`, `b`, `c` ``.
pub(crate) fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_the_rule_and_the_value() {
        let error = check_range("count", 11, 1, 10).err();
        assert_eq!(
            error.as_ref().map(ApiError::message),
            Some("count must be between 1 and 10, got 11")
        );
        let error = check_chars("group", &"g".repeat(256), 0, 255).err();
        assert_eq!(
            error.as_ref().map(ApiError::message),
            Some("group must be at most 255 characters, got 256")
        );
        let error = check_one_of("launchType", "EC3", &["EC2", "FARGATE"]).err();
        assert_eq!(
            error.as_ref().map(ApiError::message),
            Some("launchType must be one of `EC2`, `FARGATE`, got `EC3`")
        );
    }

    #[test]
    fn range_u32_converts_in_range_values() {
        assert_eq!(range_u32("weight", 1000, 0, 1000).ok(), Some(1000));
        assert!(range_u32("weight", -1, 0, 1000).is_err());
    }
}
