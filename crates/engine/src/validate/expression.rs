//! The one place CQL enters validation: parsing a `memberOf` expression.

use ecs_place_cql::Expr;
use ecs_place_model::ApiError;

use super::bounds::invalid;

/// Parses a `memberOf` expression; a syntax error is an `InvalidParameterException` naming
/// `field` (the constraint) and the parser's byte offset and message.
pub fn check_expression(field: &str, expression: &str) -> Result<Expr, ApiError> {
    ecs_place_cql::parse(expression).map_err(|error| {
        invalid(format!(
            "{field} is not a valid cluster query language expression: {error}"
        ))
    })
}
