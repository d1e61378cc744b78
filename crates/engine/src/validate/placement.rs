//! Request rules for `placementConstraints`, `placementStrategy` and
//! `capacityProviderStrategy` (spec §9, §7.2), turning each into its typed form.

use std::collections::HashSet;
use std::sync::Arc;

use ecs_place_cql::Expr;
use ecs_place_model::ApiError;
use ecs_place_model::request::{
    CapacityProviderStrategyItem, PlacementConstraint, PlacementStrategy,
};

use super::bounds::{
    Path, check_chars, check_max_items, check_one_of, invalid, range_u32, required,
};
use super::expression::check_expression;
use crate::plan::{BinpackField, SpreadField, Strategy};

/// Most constraints of one task, the task definition's included.
pub(crate) const MAX_CONSTRAINTS: usize = 10;
/// Most strategies.
const MAX_STRATEGIES: usize = 5;
/// Most capacity provider strategy items.
const MAX_STRATEGY_ITEMS: usize = ecs_place_capacity::MAX_ITEMS;
/// Longest `memberOf` expression (characters).
pub(crate) const MAX_EXPRESSION_CHARS: usize = 2000;

/// A request constraint, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestConstraint {
    /// `memberOf`, with its expression as written and parsed.
    MemberOf {
        /// The expression as written.
        expression: String,
        /// The parsed expression (shared with the parse cache).
        parsed: Arc<Expr>,
    },
    /// `distinctInstance`.
    DistinctInstance,
}

/// A capacity provider strategy item, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrategyItem {
    /// `capacityProvider`.
    pub provider: String,
    /// `weight` (default 0).
    pub weight: u32,
    /// `base` (default 0).
    pub base: u32,
}

pub(crate) fn constraints(
    constraints: &[PlacementConstraint],
) -> Result<Vec<RequestConstraint>, ApiError> {
    check_max_items("placementConstraints", constraints.len(), MAX_CONSTRAINTS)?;
    constraints
        .iter()
        .enumerate()
        .map(|(index, constraint)| self::constraint(index, constraint))
        .collect()
}

fn constraint(
    index: usize,
    constraint: &PlacementConstraint,
) -> Result<RequestConstraint, ApiError> {
    let field = Path::new("placementConstraints", index);
    let kind = required(field.field(".type"), constraint.kind.as_deref())?;
    check_one_of(
        field.field(".type"),
        kind,
        &["memberOf", "distinctInstance"],
    )?;
    // An empty expression is an absent one (spec §11).
    let expression = constraint.expression.as_deref().filter(|e| !e.is_empty());
    match (kind, expression) {
        ("memberOf", None) => Err(invalid(format!(
            "{field}.expression is required for a memberOf constraint"
        ))),
        ("memberOf", Some(expression)) => {
            let label = field.field(".expression");
            check_chars(label, expression, 0, MAX_EXPRESSION_CHARS)?;
            let parsed = check_expression(label, expression)?;
            Ok(RequestConstraint::MemberOf {
                expression: expression.to_owned(),
                parsed,
            })
        }
        (_, Some(_)) => Err(invalid(format!(
            "{field}.expression is not allowed for a distinctInstance constraint"
        ))),
        (_, None) => Ok(RequestConstraint::DistinctInstance),
    }
}

pub(crate) fn strategies(strategies: &[PlacementStrategy]) -> Result<Vec<Strategy>, ApiError> {
    check_max_items("placementStrategy", strategies.len(), MAX_STRATEGIES)?;
    strategies
        .iter()
        .enumerate()
        .map(|(index, strategy)| self::strategy(index, strategy))
        .collect()
}

fn strategy(index: usize, strategy: &PlacementStrategy) -> Result<Strategy, ApiError> {
    let field = Path::new("placementStrategy", index);
    let kind = required(field.field(".type"), strategy.kind.as_deref())?;
    check_one_of(field.field(".type"), kind, &["random", "spread", "binpack"])?;
    let field_name = field.field(".field");
    let value = strategy.field.as_deref();
    match kind {
        "binpack" => {
            let value = required(field_name, value)?;
            if value.eq_ignore_ascii_case("cpu") {
                Ok(Strategy::Binpack(BinpackField::Cpu))
            } else if value.eq_ignore_ascii_case("memory") {
                Ok(Strategy::Binpack(BinpackField::Memory))
            } else {
                Err(invalid(format!(
                    "{field_name} must be `cpu` or `memory` for binpack, got `{value}`"
                )))
            }
        }
        "spread" => {
            let value = required(field_name, value)?;
            spread_field(value).map(Strategy::Spread).ok_or_else(|| {
                invalid(format!(
                    "{field_name} must be `instanceId`, `host` or `attribute:NAME` for spread, got `{value}`"
                ))
            })
        }
        _ => Ok(Strategy::Random),
    }
}

/// `instanceId`, `host` (any case) or `attribute:NAME` (prefix any case, non-empty name).
fn spread_field(value: &str) -> Option<SpreadField> {
    const PREFIX: &str = "attribute:";
    if value.eq_ignore_ascii_case("instanceId") || value.eq_ignore_ascii_case("host") {
        return Some(SpreadField::Instance);
    }
    let prefix = value.get(..PREFIX.len())?;
    let name = &value[PREFIX.len()..];
    (prefix.eq_ignore_ascii_case(PREFIX) && !name.is_empty())
        .then(|| SpreadField::Attribute(name.to_owned()))
}

/// The numeric and shape rules of a capacity provider strategy (spec §7.2) that need no
/// cluster: item count, `capacityProvider` required, weight and base ranges, one base, one
/// item per provider, not all weights 0. `field` names the list in messages.
pub(crate) fn capacity_provider_strategy(
    field: &str,
    items: &[CapacityProviderStrategyItem],
) -> Result<Vec<StrategyItem>, ApiError> {
    check_max_items(field, items.len(), MAX_STRATEGY_ITEMS)?;
    let mut checked: Vec<StrategyItem> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let at = format!("{field}[{index}]");
        let provider = required(
            format!("{at}.capacityProvider"),
            item.capacity_provider.as_deref(),
        )?;
        let weight = range_u32(
            format!("{at}.weight (capacity provider `{provider}`)"),
            item.weight.unwrap_or(0),
            0,
            ecs_place_capacity::MAX_WEIGHT,
        )?;
        let base = range_u32(
            format!("{at}.base (capacity provider `{provider}`)"),
            item.base.unwrap_or(0),
            0,
            ecs_place_capacity::MAX_BASE,
        )?;
        checked.push(StrategyItem {
            provider: provider.to_owned(),
            weight,
            base,
        });
    }
    let with_base: Vec<&str> = checked
        .iter()
        .filter(|item| item.base > 0)
        .map(|item| item.provider.as_str())
        .collect();
    if let [first, second, ..] = with_base.as_slice() {
        return Err(invalid(format!(
            "{field}: only one capacity provider may have a base, but `{first}` and `{second}` both do"
        )));
    }
    let mut seen = HashSet::new();
    if let Some(item) = checked
        .iter()
        .find(|item| !seen.insert(item.provider.as_str()))
    {
        return Err(invalid(format!(
            "{field}: capacity provider `{}` is listed twice",
            item.provider
        )));
    }
    if !checked.is_empty() && checked.iter().all(|item| item.weight == 0) {
        return Err(invalid(format!(
            "{field}: at least one capacity provider must have a weight above 0, but {} all have weight 0",
            quoted_providers(&checked)
        )));
    }
    Ok(checked)
}

fn quoted_providers(items: &[StrategyItem]) -> String {
    let names: Vec<&str> = items.iter().map(|item| item.provider.as_str()).collect();
    super::bounds::quoted_list(&names)
}
