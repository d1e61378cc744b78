//! Criterion benches of the cluster query language: parsing, binding a compound expression
//! to a 5,000-instance synthetic catalog, and evaluating it over every instance, both
//! per instance and all at once.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecs_place_cql::{Catalog, FixedBitSet, GroupId, Predicate, Scratch, TaskState, parse};

const INSTANCES: usize = 5_000;

/// A memberOf constraint of the usual kind: instance family by regex, zones by list, agent
/// version, anti-affinity with a group, and a load cap.
const EXPRESSION: &str = "attribute:ecs.instance-type =~ '(m5|c5)\\..*' \
    and attribute:ecs.availability-zone in [us-east-1a, us-east-1b] \
    and agentVersion >= 1.50 \
    and not(task:group == service:db) \
    and runningTasksCount < 20";

/// The catalog and task state of a synthetic cluster, indexed the way the engine indexes.
struct Synthetic {
    attributes: HashMap<String, Vec<(Option<String>, FixedBitSet)>>,
    versions: Vec<String>,
    groups: Vec<String>,
    group_of: Vec<Vec<GroupId>>,
    group_bits: Vec<FixedBitSet>,
    running: Vec<u64>,
}

impl Synthetic {
    fn new() -> Self {
        let families = ["m5", "c5", "t3", "r5", "g4dn"];
        let sizes = ["large", "xlarge", "2xlarge", "4xlarge"];
        let zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"];
        let groups: Vec<String> = (0..50)
            .map(|g| format!("service:svc{g}"))
            .chain(["service:db".to_owned()])
            .collect();
        let mut attributes: HashMap<String, Vec<(Option<String>, FixedBitSet)>> = HashMap::new();
        let mut add = |name: &str, value: String, instance: usize| {
            let values = attributes.entry(name.to_owned()).or_default();
            let position = match values
                .iter()
                .position(|(v, _)| v.as_deref() == Some(&value))
            {
                Some(position) => position,
                None => {
                    values.push((Some(value), FixedBitSet::with_capacity(INSTANCES)));
                    values.len() - 1
                }
            };
            values[position].1.insert(instance);
        };
        let mut versions = Vec::with_capacity(INSTANCES);
        let mut group_of = Vec::with_capacity(INSTANCES);
        let mut running = Vec::with_capacity(INSTANCES);
        let mut group_bits = vec![FixedBitSet::with_capacity(INSTANCES); groups.len()];
        for i in 0..INSTANCES {
            let kind = format!(
                "{}.{}",
                families[i % families.len()],
                sizes[(i / 5) % sizes.len()]
            );
            add("ecs.instance-type", kind, i);
            add(
                "ecs.availability-zone",
                zones[(i * 7) % zones.len()].to_owned(),
                i,
            );
            versions.push(format!("1.{}.{}", 40 + i % 30, i % 7));
            let ids: Vec<GroupId> = (0..(i % 4))
                .map(|k| ((i * 13 + k * 7) % groups.len()) as GroupId)
                .collect();
            for &id in &ids {
                group_bits[id as usize].insert(i);
            }
            running.push(ids.len() as u64 * 6 + (i % 5) as u64);
            group_of.push(ids);
        }
        Synthetic {
            attributes,
            versions,
            groups,
            group_of,
            group_bits,
            running,
        }
    }
}

impl Catalog for Synthetic {
    fn instance_count(&self) -> usize {
        INSTANCES
    }
    fn attribute_value(&self, name: &str, value: &str) -> Option<&FixedBitSet> {
        let values = self.attributes.get(name)?;
        values
            .iter()
            .find(|(v, _)| v.as_deref() == Some(value))
            .map(|(_, bits)| bits)
    }
    fn attribute_values(&self, name: &str) -> impl Iterator<Item = (Option<&str>, &FixedBitSet)> {
        self.attributes
            .get(name)
            .into_iter()
            .flatten()
            .map(|(v, bits)| (v.as_deref(), bits))
    }
    fn ec2_instance_id(&self, _: usize) -> Option<&str> {
        None
    }
    fn agent_connected(&self, _: usize) -> Option<bool> {
        Some(true)
    }
    fn agent_version(&self, instance: usize) -> Option<&str> {
        Some(&self.versions[instance])
    }
    fn registered_at(&self, _: usize) -> Option<i128> {
        None
    }
    fn group_count(&self) -> usize {
        self.groups.len()
    }
    fn group_name(&self, id: GroupId) -> &str {
        &self.groups[id as usize]
    }
}

impl TaskState for Synthetic {
    fn running_tasks_count(&self, instance: usize) -> u64 {
        self.running[instance]
    }
    fn groups_on(&self, instance: usize) -> impl Iterator<Item = GroupId> {
        self.group_of[instance].iter().copied()
    }
    fn add_instances_with_group(&self, group: GroupId, out: &mut FixedBitSet) {
        if let Some(bits) = self.group_bits.get(group as usize) {
            out.union_with(bits);
        }
    }
}

fn bench_cql(c: &mut Criterion) {
    let cluster = Synthetic::new();
    let mut group = c.benchmark_group("cql");
    group.bench_function("parse", |b| b.iter(|| parse(black_box(EXPRESSION))));
    let expr = parse(EXPRESSION).expect("the bench expression parses");
    group.bench_function("parse_and_bind_5000", |b| {
        b.iter(|| Predicate::bind(&parse(black_box(EXPRESSION)).expect("parses"), &cluster));
    });
    let predicate = Predicate::bind(&expr, &cluster);
    group.bench_function("eval_one_5000", |b| {
        b.iter(|| {
            (0..INSTANCES)
                .filter(|&i| predicate.eval_one(&cluster, i))
                .count()
        });
    });
    let mut scratch = Scratch::default();
    let mut out = FixedBitSet::new();
    group.bench_function("eval_all_5000", |b| {
        b.iter(|| {
            predicate.eval_all(&cluster, &mut scratch, &mut out);
            out.count_ones(..)
        });
    });
    group.bench_function("interpret_5000_for_comparison", |b| {
        struct One<'a>(&'a Synthetic, usize);
        impl ecs_place_cql::InstanceFacts for One<'_> {
            fn attribute(&self, name: &str) -> Option<Option<&str>> {
                let values = self.0.attributes.get(name)?;
                values
                    .iter()
                    .find(|(_, bits)| bits.contains(self.1))
                    .map(|(v, _)| v.as_deref())
            }
            fn ec2_instance_id(&self) -> Option<&str> {
                None
            }
            fn agent_connected(&self) -> Option<bool> {
                Some(true)
            }
            fn agent_version(&self) -> Option<&str> {
                Some(&self.0.versions[self.1])
            }
            fn registered_at(&self) -> Option<i128> {
                None
            }
            fn running_tasks_count(&self) -> u64 {
                self.0.running[self.1]
            }
            fn groups(&self) -> impl Iterator<Item = &str> {
                self.0.group_of[self.1]
                    .iter()
                    .map(|&g| self.0.groups[g as usize].as_str())
            }
        }
        b.iter(|| {
            (0..INSTANCES)
                .filter(|&i| expr.evaluate(&One(&cluster, i)))
                .count()
        });
    });
    group.finish();
}

criterion_group!(benches, bench_cql);
criterion_main!(benches);
