//! Test support for `ecs-place`, never published.
//!
//! - [`reference`]: the naive reference engine, the spec written as plainly as possible,
//!   sharing no placement code with the fast engine; differential tests compare the two.
//! - [`generate`]: proptest strategies for cluster snapshots and `RunTask` requests (`gen`
//!   is a reserved word in edition 2024).
//! - [`laws`]: the properties every placement obeys, checked by replaying an outcome.
//! - [`scenario`]: the engine-neutral scenario files of `testdata/scenarios/` and their
//!   runner.
//! - [`harness`]: parsing generated documents and running both engines on them.
//!
//! Everything here reads only in-memory values; the scenario runner also reads files.
//! Nothing panics on input: malformed documents come back as errors.
//!
//! ```
//! use ecs_place_testkit::harness::{parse, run_both};
//! use serde_json::json;
//!
//! let arn = "arn:aws:ecs:us-east-1:123456789012";
//! let instance = |id: &str, memory: u32| json!({
//!     "containerInstanceArn": format!("{arn}:container-instance/demo/{id}"),
//!     "status": "ACTIVE",
//!     "remainingResources": [
//!         {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
//!         {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
//!     ],
//! });
//! let snapshot = json!({
//!     "clusters": [{"clusterName": "demo", "clusterArn": format!("{arn}:cluster/demo")}],
//!     "containerInstances": [instance("a", 4096), instance("b", 1024)],
//!     "taskDefinitions": [{
//!         "taskDefinitionArn": format!("{arn}:task-definition/web:1"),
//!         "family": "web", "revision": 1, "status": "ACTIVE",
//!         "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 512}],
//!     }],
//! });
//! let request = json!({"cluster": "demo", "taskDefinition": "web",
//!     "placementStrategy": [{"type": "binpack", "field": "memory"}]});
//!
//! let (request, state) = parse(&snapshot, &request).map_err(|e| format!("{e:?}"))?;
//! let both = run_both(&request, &state, &ecs_place::Options::with_seed(7));
//! assert_eq!(both.disagreement(), None);
//! let reference = both.reference.map_err(|e| e.to_string())?;
//! let placed_on = reference.outcome.tasks[0].container_instance_arn.as_deref();
//! assert_eq!(placed_on, Some(format!("{arn}:container-instance/demo/b").as_str()));
//! # Ok::<(), String>(())
//! ```

pub mod generate;
pub mod harness;
pub mod laws;
pub mod reference;
pub mod scenario;
