//! Proptest strategies for cluster snapshots and `RunTask` requests.
//!
//! Both are generated as small plain structs over a fixed vocabulary ([`universe`]) and
//! rendered to the JSON documents of spec §1, so that generated inputs go through the same
//! parsing as real ones. [`case`] pairs a cluster, a request and a seed.
//!
//! ```
//! use ecs_place_testkit::generate::case;
//! use proptest::strategy::{Strategy, ValueTree};
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::deterministic();
//! let case = case().new_tree(&mut runner).map(|tree| tree.current());
//! let case = case.map_err(|reason| reason.to_string());
//! assert!(case.is_ok_and(|case| case.snapshot()["clusters"].is_array()));
//! ```

pub mod cluster;
pub mod cql;
pub mod permute;
pub mod request;
pub mod taskdef;
pub mod universe;

use proptest::prelude::*;
use serde_json::Value;

pub use cluster::{GenCluster, GenInstance, any_cluster};
pub use permute::permute_snapshot;
pub use request::{GenRequest, request};

/// One generated input: a cluster, a request and a seed.
#[derive(Clone, Debug)]
pub struct GenCase {
    pub cluster: GenCluster,
    pub request: GenRequest,
    pub seed: u64,
}

impl GenCase {
    /// The snapshot document.
    pub fn snapshot(&self) -> Value {
        self.cluster.to_json()
    }

    /// The request document.
    pub fn request(&self) -> Value {
        self.request.to_json()
    }
}

/// A cluster of any size, a request and a seed.
pub fn case() -> impl Strategy<Value = GenCase> {
    (any_cluster().boxed(), request().boxed(), any::<u64>()).prop_map(|(cluster, request, seed)| {
        GenCase {
            cluster,
            request,
            seed,
        }
    })
}
