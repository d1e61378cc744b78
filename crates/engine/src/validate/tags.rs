//! `tags` (spec §9): at most 50, key 1–128 and value 0–256 characters, no `aws:` prefix in
//! any case, unique keys.

use std::collections::HashSet;

use ecs_place_model::ApiError;
use ecs_place_model::request::Tag;

use super::bounds::{check_chars, check_max_items, invalid};

const MAX_TAGS: usize = 50;
const MAX_KEY_CHARS: usize = 128;
const MAX_VALUE_CHARS: usize = 256;

pub(crate) fn tags(tags: &[Tag]) -> Result<(), ApiError> {
    check_max_items("tags", tags.len(), MAX_TAGS)?;
    let mut keys = HashSet::new();
    for (index, tag) in tags.iter().enumerate() {
        let key = tag.key.as_deref().unwrap_or_default();
        check_chars(format!("tags[{index}].key"), key, 1, MAX_KEY_CHARS)?;
        check_chars(
            format!("tags[{index}].value"),
            tag.value.as_deref().unwrap_or_default(),
            0,
            MAX_VALUE_CHARS,
        )?;
        if key
            .get(..4)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
        {
            return Err(invalid(format!(
                "tags[{index}].key `{key}` uses the reserved prefix `aws:`"
            )));
        }
        if !keys.insert(key) {
            return Err(invalid(format!(
                "tags[{index}].key `{key}` is used by an earlier tag; tag keys must be unique"
            )));
        }
    }
    Ok(())
}
