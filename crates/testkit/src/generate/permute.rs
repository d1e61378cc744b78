//! Reordering every set-like array of a snapshot (spec §8.2): `clusters`,
//! `capacityProviders`, `containerInstances`, `taskDefinitions`, `tasks`, `subnets`, and inside
//! instances their attributes, resources and string sets. Arrays whose order has meaning
//! (container definitions, constraints) keep it.

use serde_json::Value;

/// A small deterministic shuffler (an LCG's high bits are plenty for reordering test data).
struct Shuffler(u64);

impl Shuffler {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((u128::from(self.0 >> 16) * n as u128) >> 48) as usize
    }

    fn shuffle(&mut self, items: &mut [Value]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

fn shuffle_key(object: &mut Value, key: &str, shuffler: &mut Shuffler) {
    if let Some(Value::Array(items)) = object.get_mut(key) {
        shuffler.shuffle(items);
    }
}

fn permute_instance(instance: &mut Value, shuffler: &mut Shuffler) {
    shuffle_key(instance, "attributes", shuffler);
    for key in ["registeredResources", "remainingResources"] {
        shuffle_key(instance, key, shuffler);
        if let Some(Value::Array(resources)) = instance.get_mut(key) {
            for resource in resources {
                shuffle_key(resource, "stringSetValue", shuffler);
            }
        }
    }
}

/// `snapshot` with every set-like array reordered by `seed`.
pub fn permute_snapshot(snapshot: &Value, seed: u64) -> Value {
    let mut shuffler = Shuffler(seed);
    let mut snapshot = snapshot.clone();
    for key in [
        "clusters",
        "capacityProviders",
        "containerInstances",
        "taskDefinitions",
        "tasks",
        "subnets",
    ] {
        shuffle_key(&mut snapshot, key, &mut shuffler);
    }
    if let Some(Value::Array(clusters)) = snapshot.get_mut("clusters") {
        for cluster in clusters {
            shuffle_key(cluster, "capacityProviders", &mut shuffler);
        }
    }
    if let Some(Value::Array(instances)) = snapshot.get_mut("containerInstances") {
        for instance in instances {
            permute_instance(instance, &mut shuffler);
        }
    }
    if let Some(Value::Array(definitions)) = snapshot.get_mut("taskDefinitions") {
        for definition in definitions {
            shuffle_key(definition, "requiresAttributes", &mut shuffler);
        }
    }
    snapshot
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn permuting_keeps_every_element_and_moves_some() {
        let snapshot = json!({
            "containerInstances": (0..20).map(|i| json!({"containerInstanceArn": format!("arn{i}")})).collect::<Vec<_>>(),
            "taskDefinitions": [{"containerDefinitions": [{"name": "a"}, {"name": "b"}]}],
        });
        let permuted = permute_snapshot(&snapshot, 42);
        let arns = |value: &Value| -> Vec<String> {
            value["containerInstances"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| {
                    i["containerInstanceArn"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect()
        };
        let (before, after) = (arns(&snapshot), arns(&permuted));
        assert_ne!(before, after);
        let (mut sorted_before, mut sorted_after) = (before, after);
        sorted_before.sort();
        sorted_after.sort();
        assert_eq!(sorted_before, sorted_after);
        assert_eq!(
            permuted["taskDefinitions"][0]["containerDefinitions"],
            json!([{"name": "a"}, {"name": "b"}])
        );
    }
}
