//! The one place CQL enters validation: parsing a `memberOf` expression.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use ecs_place_cql::Expr;
use ecs_place_model::ApiError;

use super::bounds::invalid;

/// Parses a `memberOf` expression; a syntax error is an `InvalidParameterException` naming
/// `field` (the constraint) and the parser's byte offset and message.
pub fn check_expression(
    field: impl std::fmt::Display,
    expression: &str,
) -> Result<Arc<Expr>, ApiError> {
    if let Some(parsed) = cached(expression) {
        return Ok(parsed);
    }
    let parsed = ecs_place_cql::parse(expression).map_err(|error| {
        invalid(format!(
            "{field} is not a valid cluster query language expression: {error}"
        ))
    })?;
    let parsed = Arc::new(parsed);
    remember(expression, &parsed);
    Ok(parsed)
}

/// Expressions parsed so far: a scheduler validates the same few expressions on every call,
/// and parsing (pest) costs more than placing on a few thousand instances. Parsing is pure,
/// so a hit is exactly what parsing again would give. Only valid expressions are kept (an
/// error's message names the field). Bounded: emptied when full. Shared, not cloned: a
/// clone would copy the tree, and a cloned `Regex` starts without the matching cache its
/// original built (creating one costs more than the match).
static PARSED: Mutex<Option<HashMap<String, Arc<Expr>>>> = Mutex::new(None);

/// Entries kept at most in [`PARSED`].
const PARSED_LIMIT: usize = 256;

fn cached(expression: &str) -> Option<Arc<Expr>> {
    let cache = PARSED.lock().unwrap_or_else(PoisonError::into_inner);
    cache.as_ref()?.get(expression).cloned()
}

fn remember(expression: &str, parsed: &Arc<Expr>) {
    let mut cache = PARSED.lock().unwrap_or_else(PoisonError::into_inner);
    let map = cache.get_or_insert_with(HashMap::new);
    if map.len() >= PARSED_LIMIT {
        map.clear();
    }
    map.insert(expression.to_owned(), Arc::clone(parsed));
}
