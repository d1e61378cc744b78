//! Strategy sets for `--compare`: a strategy list written on one line.
//!
//! Syntax: items separated by commas, each `TYPE` or `TYPE:FIELD` where `FIELD` is everything
//! after the first colon — `binpack:memory`, `spread:attribute:ecs.availability-zone,binpack:memory`,
//! `spread:instanceId`, `random`. Types are `binpack`, `spread` and `random` (any case); a
//! binpack field is `cpu` or `memory`, a spread field `instanceId`, `host` or
//! `attribute:NAME` (spec §4, §9); at most 5 items.

use std::fmt;
use std::str::FromStr;

use ecs_place_model::{PlacementStrategy, RunTaskRequest};

/// The most strategies a request may carry (spec §9).
const MAX_STRATEGIES: usize = 5;

/// A strategy list that replaces the requests' own `placementStrategy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrategySet {
    items: Vec<PlacementStrategy>,
}

/// Why a strategy set does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("strategy set `{text}`: {reason}")]
pub struct StrategySetError {
    text: String,
    reason: String,
}

impl StrategySet {
    /// The strategies, in order.
    pub fn items(&self) -> &[PlacementStrategy] {
        &self.items
    }

    /// `request` with its `placementStrategy` replaced by this set, when the request places on
    /// container instances; Fargate requests (launch type `FARGATE`, or a capacity provider
    /// strategy naming `FARGATE`/`FARGATE_SPOT`) take no strategy (spec §4) and are returned
    /// unchanged.
    pub fn apply(&self, request: &RunTaskRequest) -> Option<RunTaskRequest> {
        if is_fargate(request) {
            return None;
        }
        let mut out = request.clone();
        out.placement_strategy = Some(self.items.clone());
        Some(out)
    }
}

fn is_fargate(request: &RunTaskRequest) -> bool {
    request.launch_type.as_deref() == Some("FARGATE")
        || request
            .capacity_provider_strategy
            .iter()
            .flatten()
            .any(|item| {
                matches!(
                    item.capacity_provider.as_deref(),
                    Some("FARGATE" | "FARGATE_SPOT")
                )
            })
}

impl FromStr for StrategySet {
    type Err = StrategySetError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = |reason: String| StrategySetError {
            text: text.to_owned(),
            reason,
        };
        let items = text
            .split(',')
            .map(|item| parse_item(item.trim()).map_err(fail))
            .collect::<Result<Vec<_>, _>>()?;
        if items.len() > MAX_STRATEGIES {
            return Err(fail(format!(
                "{} strategies; a request takes at most {MAX_STRATEGIES}",
                items.len()
            )));
        }
        Ok(Self { items })
    }
}

fn parse_item(item: &str) -> Result<PlacementStrategy, String> {
    let (kind, field) = match item.split_once(':') {
        Some((kind, field)) => (kind, Some(field)),
        None => (item, None),
    };
    let strategy = |kind: &str, field: Option<String>| PlacementStrategy {
        kind: Some(kind.to_owned()),
        field,
    };
    match kind.to_ascii_lowercase().as_str() {
        "" => Err("an empty item; write items as `TYPE` or `TYPE:FIELD`".to_owned()),
        "random" => match field {
            None => Ok(strategy("random", None)),
            Some(field) => Err(format!("`random` takes no field (got `{field}`)")),
        },
        "binpack" => match field.map(str::to_ascii_lowercase).as_deref() {
            Some(f @ ("cpu" | "memory")) => Ok(strategy("binpack", Some(f.to_owned()))),
            _ => Err(format!(
                "`binpack` needs the field `cpu` or `memory` (got `{}`)",
                field.unwrap_or_default()
            )),
        },
        "spread" => {
            let field = field.unwrap_or_default();
            let lower = field.to_ascii_lowercase();
            if lower == "instanceid" || lower == "host" {
                Ok(strategy("spread", Some("instanceId".to_owned())))
            } else if lower.starts_with("attribute:") && field.len() > "attribute:".len() {
                let name = &field["attribute:".len()..];
                Ok(strategy("spread", Some(format!("attribute:{name}"))))
            } else {
                Err(format!(
                    "`spread` needs the field `instanceId`, `host` or `attribute:NAME` (got `{field}`)"
                ))
            }
        }
        _ => Err(format!(
            "unknown strategy type `{kind}`; expected `binpack`, `spread` or `random`"
        )),
    }
}

impl fmt::Display for StrategySet {
    /// The set in the syntax it is parsed from, normalised (`spread:host` is shown as
    /// `spread:instanceId`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (at, item) in self.items.iter().enumerate() {
            if at > 0 {
                f.write_str(",")?;
            }
            f.write_str(item.kind.as_deref().unwrap_or_default())?;
            if let Some(field) = &item.field {
                write!(f, ":{field}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: &str, field: Option<&str>) -> PlacementStrategy {
        PlacementStrategy {
            kind: Some(kind.into()),
            field: field.map(Into::into),
        }
    }

    #[test]
    fn parses_the_documented_examples() {
        let set: StrategySet = "binpack:memory".parse().unwrap();
        assert_eq!(set.items(), [item("binpack", Some("memory"))]);
        let set: StrategySet = "spread:attribute:ecs.availability-zone, binpack:MEMORY"
            .parse()
            .unwrap();
        assert_eq!(
            set.items(),
            [
                item("spread", Some("attribute:ecs.availability-zone")),
                item("binpack", Some("memory"))
            ]
        );
        assert_eq!(
            set.to_string(),
            "spread:attribute:ecs.availability-zone,binpack:memory"
        );
        let set: StrategySet = "random".parse().unwrap();
        assert_eq!(set.items(), [item("random", None)]);
        let set: StrategySet = "Spread:HOST".parse().unwrap();
        assert_eq!(set.to_string(), "spread:instanceId");
    }

    #[test]
    fn rejects_what_a_request_would_reject() {
        for (text, needle) in [
            ("pack:cpu", "unknown strategy type `pack`"),
            ("binpack", "`binpack` needs"),
            ("binpack:disk", "got `disk`"),
            ("spread:zone", "`spread` needs"),
            ("spread:attribute:", "`spread` needs"),
            ("random:cpu", "takes no field"),
            ("binpack:cpu,", "an empty item"),
            ("random,random,random,random,random,random", "at most 5"),
        ] {
            let error = text.parse::<StrategySet>().unwrap_err().to_string();
            assert!(error.contains(needle), "{text}: {error}");
            assert!(
                error.starts_with(&format!("strategy set `{text}`")),
                "{error}"
            );
        }
    }

    #[test]
    fn apply_replaces_strategies_except_on_fargate() {
        let set: StrategySet = "binpack:cpu".parse().unwrap();
        let request = RunTaskRequest {
            task_definition: Some("web".into()),
            placement_strategy: Some(vec![item("random", None)]),
            ..RunTaskRequest::default()
        };
        let replaced = set.apply(&request).unwrap();
        assert_eq!(
            replaced.placement_strategy,
            Some(vec![item("binpack", Some("cpu"))])
        );
        let fargate = RunTaskRequest {
            launch_type: Some("FARGATE".into()),
            ..request
        };
        assert_eq!(set.apply(&fargate), None);
    }
}
