//! The workloads of a generated trace: each a task definition at some size, a group, a
//! strategy list, constraints and a launch target, drawn once per trace.

use ecs_place::rng::Rng;
use ecs_place_model::{PlacementConstraint, PlacementStrategy, RunTaskRequest, TaskOverride};

use crate::metrics::ZONE_ATTRIBUTE;

use super::catalog::{AttributeChoice, Catalog, Definition};

/// How many workloads a trace mixes.
pub(crate) const WORKLOADS: usize = 12;

/// Task-level sizes (CPU units, memory MiB) given as overrides to the workloads beyond the
/// snapshot's own definitions, so that a snapshot with few definitions still yields a mix.
const SIZES: [(u32, u32); 9] = [
    (128, 256),
    (256, 512),
    (512, 1024),
    (1024, 2048),
    (256, 2048),
    (512, 4096),
    (1024, 1024),
    (2048, 4096),
    (4096, 8192),
];

/// One workload.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Workload {
    /// The request each line of this workload sends, without its `count`.
    pub(crate) request: RunTaskRequest,
    /// Relative frequency among the workloads (see [`weight`]).
    pub(crate) weight: u32,
    /// CPU units and memory MiB one task takes.
    pub(crate) cpu: u32,
    pub(crate) memory: u32,
}

fn strategy(kind: &str, field: Option<&str>) -> PlacementStrategy {
    PlacementStrategy {
        kind: Some(kind.to_owned()),
        field: field.map(str::to_owned),
    }
}

/// binpack on memory (30 %), zone spread then binpack (30 %), instance spread (20 %), random
/// (20 %). Without zones, the zone spread is an instance spread.
fn strategies(rng: &mut Rng, has_zones: bool) -> Vec<PlacementStrategy> {
    let zone = format!("attribute:{ZONE_ATTRIBUTE}");
    match rng.choose(10) {
        0..=2 => vec![strategy("binpack", Some("memory"))],
        3..=5 if has_zones => vec![
            strategy("spread", Some(&zone)),
            strategy("binpack", Some("memory")),
        ],
        3..=5 => vec![
            strategy("spread", Some("instanceId")),
            strategy("binpack", Some("memory")),
        ],
        6 | 7 => vec![strategy("spread", Some("instanceId"))],
        _ => vec![strategy("random", None)],
    }
}

/// `attribute:NAME in ["v", ...]` over about half the values, or `attribute:NAME != "v"`.
fn member_of(rng: &mut Rng, attribute: &AttributeChoice) -> String {
    let values = &attribute.values;
    if values.len() > 2 && rng.choose(3) == 0 {
        let excluded = &values[rng.choose(values.len())];
        return format!("attribute:{} != \"{excluded}\"", attribute.name);
    }
    let take = values.len().div_ceil(2);
    let start = rng.choose(values.len());
    let chosen: Vec<String> = (0..take)
        .map(|k| format!("\"{}\"", values[(start + k) % values.len()]))
        .collect();
    format!("attribute:{} in [{}]", attribute.name, chosen.join(", "))
}

/// None (50 %), a `memberOf` (25 %), `distinctInstance` (15 %), both (10 %); without a usable
/// attribute the `memberOf` is left out.
fn constraints(rng: &mut Rng, catalog: &Catalog) -> Vec<PlacementConstraint> {
    let roll = rng.choose(20);
    let mut out = Vec::new();
    let wants_member_of = (10..15).contains(&roll) || roll >= 18;
    let wants_distinct = roll >= 15;
    if wants_member_of && !catalog.attributes.is_empty() {
        let attribute = &catalog.attributes[rng.choose(catalog.attributes.len())];
        out.push(PlacementConstraint {
            kind: Some("memberOf".to_owned()),
            expression: Some(member_of(rng, attribute)),
        });
    }
    if wants_distinct {
        out.push(PlacementConstraint {
            kind: Some("distinctInstance".to_owned()),
            expression: None,
        });
    }
    out
}

/// A workload's relative frequency: 1–10 at random, scaled by `2048 / memory` (at least 1):
/// small tasks are started far more often than large ones, as in most clusters.
fn weight(rng: &mut Rng, memory: u32) -> u32 {
    let base = 1 + rng.choose(10) as u64;
    (base * 2048 / u64::from(memory.max(256))).max(1) as u32
}

/// The workloads of a trace: the first `D` workloads run the `D` definitions (in
/// `family:revision` order) at their own sizes; the others cycle through the definitions that
/// bind no host port (all of them when each does: such tasks cannot share an instance, so
/// several workloads of them would mostly fight over ports) at sizes of [`SIZES`], given as
/// task-level overrides.
pub(crate) fn workloads(rng: &mut Rng, catalog: &Catalog) -> Vec<Workload> {
    let definitions = &catalog.definitions;
    let portless: Vec<&Definition> = definitions.iter().filter(|d| !d.host_ports).collect();
    let reusable: Vec<&Definition> = if portless.is_empty() {
        definitions.iter().collect()
    } else {
        portless
    };
    (0..WORKLOADS)
        .map(|k| {
            let definition = match k.checked_sub(definitions.len()) {
                None => &definitions[k],
                Some(extra) => reusable[extra % reusable.len()],
            };
            let (cpu, memory, overrides) = if k < definitions.len() {
                (definition.cpu, definition.memory, None)
            } else {
                let (cpu, memory) = SIZES[rng.choose(SIZES.len())];
                let overrides = TaskOverride {
                    cpu: Some(cpu.to_string()),
                    memory: Some(memory.to_string()),
                    ..TaskOverride::default()
                };
                (cpu, memory, Some(overrides))
            };
            let constraints = constraints(rng, catalog);
            let launch_type = (!catalog.default_strategy_usable || rng.choose(10) < 7)
                .then(|| catalog.launch_type.to_owned());
            let request = RunTaskRequest {
                cluster: Some(catalog.cluster_name.clone()),
                task_definition: Some(definition.name.clone()),
                group: Some(format!("sim:{}-{k:02}", definition.family)),
                launch_type,
                overrides,
                placement_strategy: Some(strategies(rng, catalog.has_zones)),
                placement_constraints: (!constraints.is_empty()).then_some(constraints),
                ..RunTaskRequest::default()
            };
            Workload {
                request,
                weight: weight(rng, memory),
                cpu,
                memory,
            }
        })
        .collect()
}
