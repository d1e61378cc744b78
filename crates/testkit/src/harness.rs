//! Running both engines on the same documents: parsing generated JSON the way real input is
//! parsed, and the fast and reference results side by side.

use serde_json::Value;

use ecs_place::{Options, Outcome, Placement};
use ecs_place_model::{
    ApiError, ClusterState, RequestError, RunTaskRequest, parse_cluster_state, parse_request,
};

use crate::reference::{ReferencePlacement, place_reference_with};

/// Why a pair of documents did not become inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// ECS would reject the request before resolution (an unknown field).
    Api(ApiError),
    /// A malformed document; the message names the document and the fault.
    Input(String),
}

/// Parses a snapshot and a request document as `place_json` does (snapshot checks included).
pub fn parse(
    snapshot: &Value,
    request: &Value,
) -> Result<(RunTaskRequest, ClusterState), Unreadable> {
    let state = parse_cluster_state(&snapshot.to_string())
        .map_err(|e| Unreadable::Input(format!("snapshot: {e}")))?;
    let request = parse_request(&request.to_string()).map_err(|e| match e {
        RequestError::Invalid(e) => Unreadable::Api(e),
        RequestError::Malformed(e) => Unreadable::Input(format!("request: {e}")),
    })?;
    Ok((request, state))
}

/// The two engines' results for one request.
#[derive(Clone, Debug)]
pub struct Both {
    pub fast: Result<Placement, ApiError>,
    pub reference: Result<ReferencePlacement, ApiError>,
}

/// Runs the fast engine and the reference engine with the same options.
pub fn run_both(request: &RunTaskRequest, state: &ClusterState, options: &Options) -> Both {
    Both {
        fast: ecs_place::place(request, state, options),
        reference: place_reference_with(request, state, options),
    }
}

/// The reference engine's response as JSON text, in the bytes [`Placement::to_json`] gives
/// for the same response outside explain mode.
pub fn reference_json(reference: &ReferencePlacement) -> String {
    serde_json::to_string(&reference.response).unwrap_or_default()
}

/// The first place where two outcomes differ, described; `None` when they are equal.
pub fn first_difference(fast: &Outcome, reference: &Outcome) -> Option<String> {
    fn compare<T: PartialEq + std::fmt::Debug>(
        what: &str,
        fast: &[T],
        reference: &[T],
    ) -> Option<String> {
        if let Some(at) = (0..fast.len().min(reference.len())).find(|&i| fast[i] != reference[i]) {
            return Some(format!(
                "{what}[{at}] differs:\n fast:      {:?}\n reference: {:?}",
                fast[at], reference[at]
            ));
        }
        (fast.len() != reference.len()).then(|| {
            format!(
                "{what}: fast has {}, reference has {}; first extra: {:?}",
                fast.len(),
                reference.len(),
                fast.get(reference.len())
                    .map(|x| format!("{x:?}"))
                    .or_else(|| reference.get(fast.len()).map(|x| format!("{x:?}")))
            )
        })
    }
    compare("tasks", &fast.tasks, &reference.tasks)
        .or_else(|| compare("failures", &fast.failures, &reference.failures))
        .or_else(|| match (&fast.explanation, &reference.explanation) {
            (Some(f), Some(r)) => compare("explanation.unplaced", &f.unplaced, &r.unplaced),
            (f, r) if f != r => Some(format!("explanation: fast {f:?}, reference {r:?}")),
            _ => None,
        })
}

impl Both {
    /// `None` when the engines agree (same error, or same outcome and same response bytes);
    /// otherwise a description of the first difference.
    pub fn disagreement(&self) -> Option<String> {
        match (&self.fast, &self.reference) {
            (Err(fast), Err(reference)) if fast == reference => None,
            (Ok(fast), Ok(reference)) => {
                if let Some(difference) = first_difference(fast.outcome(), &reference.outcome) {
                    return Some(difference);
                }
                let (fast_json, reference_json) = if fast.outcome().explanation.is_some() {
                    (
                        serde_json::to_string(fast.response()).unwrap_or_default(),
                        reference_json(reference),
                    )
                } else {
                    (fast.to_json(), reference_json(reference))
                };
                (fast_json != reference_json).then(|| {
                    format!(
                        "responses differ:\n fast:      {fast_json}\n reference: {reference_json}"
                    )
                })
            }
            (fast, reference) => Some(format!(
                "results differ:\n fast:      {:?}\n reference: {:?}",
                fast.as_ref().map(Placement::outcome),
                reference.as_ref().map(|r| &r.outcome)
            )),
        }
    }
}
