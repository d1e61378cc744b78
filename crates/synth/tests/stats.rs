//! Measures a generated snapshot: what the profile promises, computed from the JSON types.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ecs_place_model::ClusterState;

/// Figures of one snapshot.
#[derive(Debug)]
pub struct Stats {
    pub zones: BTreeSet<String>,
    pub instance_types: BTreeMap<String, usize>,
    /// Values per attribute name (value-less attributes map to an empty set).
    pub attribute_values: BTreeMap<String, BTreeSet<String>>,
    pub registered_cpu: u64,
    pub remaining_cpu: u64,
    pub registered_memory: u64,
    pub remaining_memory: u64,
    /// Tasks per instance, in `containerInstances` order.
    pub tasks_per_instance: Vec<usize>,
    pub groups: BTreeSet<String>,
    pub gpu_instances: usize,
}

fn units(resources: &[ecs_place_model::Resource], name: &str) -> u64 {
    let resource = resources.iter().find(|r| r.name == name);
    u64::from(resource.and_then(|r| r.units().ok()).unwrap_or(0))
}

impl Stats {
    pub fn of(state: &ClusterState) -> Self {
        let mut tasks: HashMap<&str, usize> = HashMap::new();
        for task in &state.tasks {
            if let Some(arn) = task.container_instance_arn.as_deref() {
                *tasks.entry(arn).or_default() += 1;
            }
        }
        let mut stats = Stats {
            zones: BTreeSet::new(),
            instance_types: BTreeMap::new(),
            attribute_values: BTreeMap::new(),
            registered_cpu: 0,
            remaining_cpu: 0,
            registered_memory: 0,
            remaining_memory: 0,
            tasks_per_instance: Vec::new(),
            groups: state.tasks.iter().filter_map(|t| t.group.clone()).collect(),
            gpu_instances: 0,
        };
        for instance in &state.container_instances {
            for attribute in &instance.attributes {
                let values = stats
                    .attribute_values
                    .entry(attribute.name.to_string())
                    .or_default();
                values.extend(attribute.value.as_deref().map(str::to_owned));
            }
            if let Some(zone) = instance.attribute("ecs.availability-zone") {
                stats.zones.extend(zone.value.as_deref().map(str::to_owned));
            }
            if let Some(kind) = instance
                .attribute("ecs.instance-type")
                .and_then(|a| a.value.as_deref().map(str::to_owned))
            {
                *stats.instance_types.entry(kind).or_default() += 1;
            }
            stats.registered_cpu += units(&instance.registered_resources, "CPU");
            stats.remaining_cpu += units(&instance.remaining_resources, "CPU");
            stats.registered_memory += units(&instance.registered_resources, "MEMORY");
            stats.remaining_memory += units(&instance.remaining_resources, "MEMORY");
            stats.tasks_per_instance.push(
                tasks
                    .get(instance.container_instance_arn.as_str())
                    .copied()
                    .unwrap_or(0),
            );
            if instance.registered("GPU").is_some() {
                stats.gpu_instances += 1;
            }
        }
        stats
    }

    /// Share of registered CPU in use.
    pub fn cpu_use(&self) -> f64 {
        1.0 - self.remaining_cpu as f64 / self.registered_cpu as f64
    }

    /// Share of registered memory in use.
    pub fn memory_use(&self) -> f64 {
        1.0 - self.remaining_memory as f64 / self.registered_memory as f64
    }

    pub fn mean_tasks(&self) -> f64 {
        self.tasks_per_instance.iter().sum::<usize>() as f64 / self.tasks_per_instance.len() as f64
    }
}
