//! The reference engine end to end: resolve (shared) → [`place_reference`] → render (shared).

use ecs_place::Options;
use ecs_place::outcome::Outcome;
use ecs_place::plan::Plan;
use ecs_place::render;
use ecs_place::resolve::{ResolveOptions, resolve};
use ecs_place_model::{ApiError, ClusterState, RunTaskRequest, RunTaskResponse};

use super::place_reference;

/// What the reference engine decided for one request, and the response rendered from it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferencePlacement {
    pub plan: Plan,
    pub outcome: Outcome,
    pub response: RunTaskResponse,
}

/// Resolves `request` on `state` exactly as the fast engine does (`seed` as in
/// [`Options::seed`]), places it with the reference engine and renders the response.
pub fn place_reference_response(
    request: &RunTaskRequest,
    state: &ClusterState,
    seed: Option<u64>,
    explain: bool,
) -> Result<ReferencePlacement, ApiError> {
    let plan = resolve(request, state, &ResolveOptions { seed })?;
    let outcome = place_reference(&plan, state, explain);
    let response = render::response(&plan, &outcome);
    Ok(ReferencePlacement {
        plan,
        outcome,
        response,
    })
}

/// [`place_reference_response`] with the seed and explain flag of fast-engine `options`.
pub fn place_reference_with(
    request: &RunTaskRequest,
    state: &ClusterState,
    options: &Options,
) -> Result<ReferencePlacement, ApiError> {
    place_reference_response(request, state, options.seed, options.explain)
}
