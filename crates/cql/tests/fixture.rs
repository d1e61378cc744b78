//! A small in-memory cluster implementing every trait of the crate, and a helper that
//! evaluates an expression three ways (interpreter, compiled per instance, compiled over
//! all instances) and insists they agree.

use std::collections::BTreeMap;

use ecs_place_cql::{Catalog, Expr, GroupId, InstanceFacts, Predicate, Scratch, TaskState, parse};
use fixedbitset::FixedBitSet;

/// One container instance; `None` fields are missing from the snapshot.
#[derive(Clone, Debug, Default)]
pub struct Instance {
    pub name: String,
    pub attributes: Vec<(String, Option<String>)>,
    pub ec2: Option<String>,
    pub connected: Option<bool>,
    pub version: Option<String>,
    pub registered: Option<i128>,
    pub running: u64,
    pub groups: Vec<String>,
}

impl Instance {
    pub fn named(name: &str) -> Self {
        Instance {
            name: name.to_owned(),
            ..Instance::default()
        }
    }

    pub fn attr(mut self, name: &str, value: &str) -> Self {
        self.attributes
            .push((name.to_owned(), Some(value.to_owned())));
        self
    }

    pub fn bare_attr(mut self, name: &str) -> Self {
        self.attributes.push((name.to_owned(), None));
        self
    }

    pub fn ec2(mut self, id: &str) -> Self {
        self.ec2 = Some(id.to_owned());
        self
    }

    pub fn connected(mut self, connected: bool) -> Self {
        self.connected = Some(connected);
        self
    }

    pub fn version(mut self, version: &str) -> Self {
        self.version = Some(version.to_owned());
        self
    }

    /// `registeredAt` from whole seconds plus nanoseconds since the epoch.
    pub fn registered(mut self, seconds: i128, nanos: i128) -> Self {
        self.registered = Some(seconds * 1_000_000_000 + nanos);
        self
    }

    pub fn running(mut self, count: u64) -> Self {
        self.running = count;
        self
    }

    pub fn group(mut self, group: &str) -> Self {
        self.groups.push(group.to_owned());
        self
    }
}

impl InstanceFacts for Instance {
    fn attribute(&self, name: &str) -> Option<Option<&str>> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref())
    }
    fn ec2_instance_id(&self) -> Option<&str> {
        self.ec2.as_deref()
    }
    fn agent_connected(&self) -> Option<bool> {
        self.connected
    }
    fn agent_version(&self) -> Option<&str> {
        self.version.as_deref()
    }
    fn registered_at(&self) -> Option<i128> {
        self.registered
    }
    fn running_tasks_count(&self) -> u64 {
        self.running
    }
    fn groups(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(String::as_str)
    }
}

/// A cluster with the indexes the compiled predicate wants.
pub struct Cluster {
    pub instances: Vec<Instance>,
    groups: Vec<String>,
    group_ids: Vec<Vec<GroupId>>,
    group_bits: Vec<FixedBitSet>,
    attributes: BTreeMap<String, Vec<(Option<String>, FixedBitSet)>>,
    /// Answer `Catalog::group_id` (as the engine's catalog does) instead of the default.
    look_up_groups: bool,
}

impl Cluster {
    /// Indexes the instances; the group list holds every group of an instance plus
    /// `extra_groups` (groups with no task, like the request's own).
    pub fn new(instances: Vec<Instance>, extra_groups: &[&str]) -> Self {
        let n = instances.len();
        let mut groups: Vec<String> = extra_groups.iter().map(|g| (*g).to_owned()).collect();
        for instance in &instances {
            for group in &instance.groups {
                if !groups.contains(group) {
                    groups.push(group.clone());
                }
            }
        }
        let id_of = |g: &str| groups.iter().position(|x| x == g).map(|p| p as GroupId);
        let group_ids: Vec<Vec<GroupId>> = instances
            .iter()
            .map(|i| i.groups.iter().filter_map(|g| id_of(g)).collect())
            .collect();
        let mut group_bits = vec![FixedBitSet::with_capacity(n); groups.len()];
        for (i, ids) in group_ids.iter().enumerate() {
            for &id in ids {
                group_bits[id as usize].insert(i);
            }
        }
        let mut attributes: BTreeMap<String, Vec<(Option<String>, FixedBitSet)>> = BTreeMap::new();
        for (i, instance) in instances.iter().enumerate() {
            for (name, value) in &instance.attributes {
                let values = attributes.entry(name.clone()).or_default();
                match values.iter_mut().find(|(v, _)| v == value) {
                    Some((_, bits)) => bits.insert(i),
                    None => {
                        let mut bits = FixedBitSet::with_capacity(n);
                        bits.insert(i);
                        values.push((value.clone(), bits));
                    }
                }
            }
        }
        Cluster {
            instances,
            groups,
            group_ids,
            group_bits,
            attributes,
            look_up_groups: false,
        }
    }

    /// The names of the instances in `bits`.
    pub fn names(&self, bits: &FixedBitSet) -> Vec<&str> {
        bits.ones()
            .map(|i| self.instances[i].name.as_str())
            .collect()
    }

    /// The instances the interpreter selects.
    pub fn interpret(&self, expr: &Expr) -> FixedBitSet {
        let mut bits = FixedBitSet::with_capacity(self.instances.len());
        bits.extend(
            self.instances
                .iter()
                .enumerate()
                .filter(|(_, i)| expr.evaluate(*i))
                .map(|(i, _)| i),
        );
        bits
    }

    /// Evaluates the expression three ways, asserts they agree, and returns the result.
    pub fn select_expr(&self, expr: &Expr) -> FixedBitSet {
        let interpreted = self.interpret(expr);
        let predicate = Predicate::bind(expr, self);
        let mut one = FixedBitSet::with_capacity(self.instances.len());
        one.extend((0..self.instances.len()).filter(|&i| predicate.eval_one(self, i)));
        let mut all = FixedBitSet::new();
        predicate.eval_all(self, &mut Scratch::default(), &mut all);
        assert_eq!(
            one, interpreted,
            "eval_one disagrees with the interpreter on `{expr}`"
        );
        assert_eq!(
            all, interpreted,
            "eval_all disagrees with the interpreter on `{expr}`"
        );
        assert_eq!(predicate.is_dynamic(), predicate.static_matches().is_none());
        if let Some(bits) = predicate.static_matches() {
            assert_eq!(bits, &interpreted);
        }
        interpreted
    }

    /// The same cluster answering group lookups by name.
    pub fn with_group_lookup(mut self) -> Self {
        self.look_up_groups = true;
        self
    }

    /// Parses and selects; returns the names of the matching instances.
    pub fn select(&self, text: &str) -> Vec<&str> {
        let expr = parse(text).unwrap_or_else(|e| panic!("`{text}` does not parse: {e}"));
        let bits = self.select_expr(&expr);
        self.names(&bits)
    }
}

impl Catalog for Cluster {
    fn instance_count(&self) -> usize {
        self.instances.len()
    }
    fn attribute_value(&self, name: &str, value: &str) -> Option<&FixedBitSet> {
        self.attributes
            .get(name)?
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
    fn ec2_instance_id(&self, instance: usize) -> Option<&str> {
        self.instances[instance].ec2.as_deref()
    }
    fn agent_connected(&self, instance: usize) -> Option<bool> {
        self.instances[instance].connected
    }
    fn agent_version(&self, instance: usize) -> Option<&str> {
        self.instances[instance].version.as_deref()
    }
    fn registered_at(&self, instance: usize) -> Option<i128> {
        self.instances[instance].registered
    }
    fn group_count(&self) -> usize {
        self.groups.len()
    }
    fn group_name(&self, id: GroupId) -> &str {
        &self.groups[id as usize]
    }
    fn group_id(&self, name: &str) -> Option<Option<GroupId>> {
        self.look_up_groups.then(|| {
            self.groups
                .iter()
                .position(|g| g == name)
                .map(|at| at as GroupId)
        })
    }
}

impl TaskState for Cluster {
    fn running_tasks_count(&self, instance: usize) -> u64 {
        self.instances[instance].running
    }
    fn groups_on(&self, instance: usize) -> impl Iterator<Item = GroupId> {
        self.group_ids[instance].iter().copied()
    }
    fn add_instances_with_group(&self, group: GroupId, out: &mut FixedBitSet) {
        if let Some(bits) = self.group_bits.get(group as usize) {
            out.union_with(bits);
        }
    }
}

/// Seconds since the epoch of a UTC calendar date at midnight (tests only).
pub fn midnight(year: i64, month: i64, day: i64) -> i128 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i128::from((era * 146_097 + doe - 719_468) * 86_400)
}
