//! The entry points: one-shot [`place`], [`place_json`], and compile-then-place on a
//! [`ClusterIndex`].

use ecs_place_model::{
    ApiError, ClusterState, InputError, RequestError, RunTaskRequest, parse_cluster_state,
    parse_request,
};

use crate::compile::{self, CompiledRequest};
use crate::engine::{self, Scratch};
use crate::index::ClusterIndex;
use crate::options::Options;
use crate::placement::Placement;
use crate::plan::Plan;
use crate::resolve::{ResolveOptions, resolve};

/// Why [`place_json`] produced no placement.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    /// A document is not JSON, has a field of the wrong JSON type, or is a snapshot the
    /// engine cannot use (the CLI exits 252).
    #[error(transparent)]
    Input(#[from] InputError),
    /// ECS would reject the request (the CLI exits 254).
    #[error(transparent)]
    Api(#[from] ApiError),
}

fn resolve_plan(
    request: &RunTaskRequest,
    state: &ClusterState,
    options: &Options,
) -> Result<Plan, ApiError> {
    resolve(request, state, &ResolveOptions { seed: options.seed })
}

/// Places `request` on the cluster described by `state` (spec §2).
///
/// Validates and resolves the request (an `Err` is what ECS would raise), builds an index
/// of only what the request reads, and places `count` tasks one after another. Pure: no
/// I/O, no clock, no global state; the same inputs and seed give the same bytes on any
/// number of threads.
pub fn place(
    request: &RunTaskRequest,
    state: &ClusterState,
    options: &Options,
) -> Result<Placement, ApiError> {
    let plan = resolve_plan(request, state, options)?;
    let reads = compile::reads(&plan);
    let index = ClusterIndex::build_one_shot(state, &reads, options.parallel_threshold);
    let compiled = CompiledRequest::new(plan, &index, &state.subnets);
    let outcome = engine::run(&index, &compiled, options, &mut Scratch::default());
    Ok(Placement::new(&compiled, outcome))
}

/// [`place`] from the two JSON documents: a `RunTask` request and a cluster snapshot.
///
/// A request with an unknown field is an [`ApiError`] (ECS rejects it); any other unreadable
/// document is an [`InputError`].
pub fn place_json(request: &str, state: &str, options: &Options) -> Result<Placement, PlaceError> {
    let request = parse_request(request).map_err(|e| match e {
        RequestError::Malformed(e) => PlaceError::Input(e.with_file("request")),
        RequestError::Invalid(e) => PlaceError::Api(e),
    })?;
    let state = parse_cluster_state(state).map_err(|e| e.with_file("cluster state"))?;
    Ok(place(&request, &state, options)?)
}

impl ClusterIndex {
    /// Validates and resolves `request` against the index's snapshot and binds it to the
    /// index: compile once, then [`place_compiled`](Self::place_compiled) as often as needed
    /// (after commits too).
    pub fn compile(
        &self,
        request: &RunTaskRequest,
        options: &Options,
    ) -> Result<CompiledRequest, ApiError> {
        // INVARIANT: public constructors always keep the snapshot (see `build`).
        let state = self.base.as_deref().ok_or_else(|| {
            ApiError::client(
                "the index was built without its snapshot; build it with `ClusterIndex::build`",
            )
        })?;
        let plan = resolve_plan(request, state, options)?;
        Ok(CompiledRequest::new(plan, self, &state.subnets))
    }

    /// Places a compiled request on the index's current state without changing it. The same
    /// output as [`place`] on the snapshot the index stands for.
    ///
    /// The seed is the one fixed at compile time; `options` give explain mode and the
    /// parallel threshold.
    pub fn place_compiled(
        &self,
        request: &CompiledRequest,
        options: &Options,
        scratch: &mut Scratch,
    ) -> Placement {
        debug_assert_eq!(request.instances, self.len(), "compiled for another index");
        // A commit that added a group shifts the ids `task:group` conditions were bound to.
        let rebound;
        let request = if request.is_stale(self) {
            rebound = request.rebind(self);
            &rebound
        } else {
            request
        };
        let outcome = engine::run(self, request, options, scratch);
        Placement::new(request, outcome)
    }

    /// [`compile`](Self::compile) then [`place_compiled`](Self::place_compiled).
    pub fn place(
        &self,
        request: &RunTaskRequest,
        options: &Options,
        scratch: &mut Scratch,
    ) -> Result<Placement, ApiError> {
        let compiled = self.compile(request, options)?;
        Ok(self.place_compiled(&compiled, options, scratch))
    }
}
