//! Explain mode (spec §6, last bullet): why the first unplaced task of a bucket found no
//! instance, as counts per reason and, per `memberOf` constraint, per false sub-expression.

use std::collections::BTreeMap;

use ecs_place::outcome::{MemberOfExplanation, Reason, UnplacedExplanation};
use ecs_place::plan::{Constraint, Plan};

use super::checks::Rejection;

/// The explanation for one task given every candidate's rejection.
pub fn explain(
    plan: &Plan,
    position: u32,
    capacity_provider: Option<&str>,
    rejections: &[Rejection],
) -> UnplacedExplanation {
    let count = |reason: Reason| {
        rejections
            .iter()
            .filter(|rejection| rejection.reason == reason)
            .count()
    };
    let rejected = Reason::ALL
        .into_iter()
        .map(|reason| (reason, count(reason)))
        .filter(|(_, n)| *n > 0)
        .map(|(reason, n)| (reason, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect();
    let mut member_of = Vec::new();
    for constraint in &plan.constraints {
        let Constraint::MemberOf(constraint) = constraint else {
            continue;
        };
        let mut false_on: BTreeMap<&str, u32> = BTreeMap::new();
        for rejection in rejections {
            if let Some((position, part)) = &rejection.member_of
                && *position == constraint.position
            {
                *false_on.entry(part.as_str()).or_insert(0) += 1;
            }
        }
        if !false_on.is_empty() {
            let mut false_on: Vec<(String, u32)> = false_on
                .into_iter()
                .map(|(part, n)| (part.to_owned(), n))
                .collect();
            // Most frequent first, equal counts in text order (the explanation's contract).
            false_on.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            member_of.push(MemberOfExplanation {
                constraint: constraint.position,
                expression: constraint.expression.clone(),
                false_on,
            });
        }
    }
    UnplacedExplanation {
        position,
        capacity_provider: capacity_provider.map(str::to_owned),
        candidates: u32::try_from(rejections.len()).unwrap_or(u32::MAX),
        rejected,
        member_of,
    }
}
