//! Explain mode (spec §6, last bullet; docs/DECISIONS.md "Failures and explain"): why the
//! first unplaced task of a bucket found no instance — every candidate counted under its
//! first failing check and, per `memberOf` constraint that rejected instances, the deciding
//! sub-expressions with the number of instances, most frequent first, ties in text order.

use std::collections::BTreeMap;

use ecs_place::outcome::{MemberOfExplanation, Reason, UnplacedExplanation};
use ecs_place::plan::{Constraint, Plan};

use super::checks::Rejection;

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The explanation for one task given every candidate's rejection.
pub fn explain(
    plan: &Plan,
    position: u32,
    capacity_provider: Option<&str>,
    rejections: &[Rejection],
) -> UnplacedExplanation {
    let rejected = Reason::ALL
        .into_iter()
        .map(|reason| {
            (
                reason,
                rejections.iter().filter(|r| r.reason == reason).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .map(|(reason, n)| (reason, count(n)))
        .collect();
    let mut member_of = Vec::new();
    for constraint in &plan.constraints {
        let Constraint::MemberOf(constraint) = constraint else {
            continue;
        };
        let mut deciding: BTreeMap<&str, usize> = BTreeMap::new();
        for rejection in rejections {
            if let Some((position, part)) = &rejection.member_of
                && *position == constraint.position
            {
                *deciding.entry(part.as_str()).or_insert(0) += 1;
            }
        }
        if deciding.is_empty() {
            continue;
        }
        let mut false_on: Vec<(String, u32)> = deciding
            .into_iter()
            .map(|(part, n)| (part.to_owned(), count(n)))
            .collect();
        false_on.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        member_of.push(MemberOfExplanation {
            constraint: constraint.position,
            expression: constraint.expression.clone(),
            false_on,
        });
    }
    UnplacedExplanation {
        position,
        capacity_provider: capacity_provider.map(str::to_owned),
        candidates: count(rejections.len()),
        rejected,
        member_of,
    }
}
