//! A [`Plan`] bound to a [`ClusterIndex`]: what placement reads per candidate, computed once.

use std::collections::BTreeSet;

use fixedbitset::FixedBitSet;

use ecs_place_cql::Subject;
use ecs_place_model::snapshot::Subnet;

use crate::index::{ClusterIndex, GroupId, Ports, Projection, Reads, TaskReads, ZONE_ATTRIBUTE};
use crate::member_of::{BoundMemberOf, CatalogView};
use crate::plan::{BinpackField, Constraint, Plan, RequiredAttribute, SpreadField, Strategy};
use crate::rank::Component;

/// What one task takes from an instance (spec §10).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Need {
    pub(crate) cpu: u32,
    pub(crate) memory: u32,
    pub(crate) tcp: Ports,
    pub(crate) udp: Ports,
    pub(crate) gpus: u32,
}

/// An instance-level score component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InstancePart {
    RemainingCpu,
    RemainingMemory,
    GroupTasksOnInstance,
}

/// The strategies of one bucket as score components (spec §4), truncated at `random`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ranker {
    pub(crate) components: Vec<Component>,
    /// The instance-level components, in order.
    pub(crate) instance_parts: Vec<InstancePart>,
    /// Per attribute-spread slot, the attribute's column in the index (`None`: no instance
    /// has it, so every instance is in the "absent" bucket).
    pub(crate) slots: Vec<Option<usize>>,
}

impl Ranker {
    fn new(strategies: &[Strategy], index: &ClusterIndex) -> Self {
        let mut ranker = Self::default();
        for strategy in strategies {
            match strategy {
                Strategy::Random => break,
                Strategy::Binpack(field) => {
                    ranker.components.push(Component::Instance);
                    ranker.instance_parts.push(match field {
                        BinpackField::Cpu => InstancePart::RemainingCpu,
                        BinpackField::Memory => InstancePart::RemainingMemory,
                    });
                }
                Strategy::Spread(SpreadField::Instance) => {
                    ranker.components.push(Component::Instance);
                    ranker
                        .instance_parts
                        .push(InstancePart::GroupTasksOnInstance);
                }
                Strategy::Spread(SpreadField::Attribute(name)) => {
                    ranker.components.push(Component::Class {
                        slot: ranker.slots.len(),
                    });
                    ranker.slots.push(index.attributes.id(name));
                }
            }
        }
        ranker
    }
}

/// A request compiled against one index: the [`Plan`] plus everything placement reads per
/// candidate, computed once — the task's needs, the instances that satisfy the static
/// checks, the `memberOf` constraints, the strategies as score components and the Fargate
/// zones.
///
/// Made by [`ClusterIndex::compile`]; valid for that index (and its later states: commits
/// and stops do not change what is precomputed here).
#[derive(Clone, Debug)]
pub struct CompiledRequest {
    pub(crate) plan: Plan,
    pub(crate) need: Need,
    /// GPUs per container definition, in order (their ids are handed out in this order).
    pub(crate) gpu_split: Vec<u32>,
    /// The request's group in the index, when some task already has it.
    pub(crate) group: Option<GroupId>,
    /// Instances that pass `AGENT`, `ATTRIBUTE` and every static `memberOf` constraint.
    pub(crate) static_ok: FixedBitSet,
    pub(crate) required: Vec<RequiredAttribute>,
    /// Instances that have every required attribute.
    pub(crate) required_ok: FixedBitSet,
    pub(crate) member_of: Vec<BoundMemberOf>,
    pub(crate) distinct_instance: bool,
    pub(crate) ranker: Ranker,
    /// The ranker of `MANAGED_INSTANCES` buckets: `spread(attribute:ecs.availability-zone)`.
    pub(crate) managed_ranker: Ranker,
    /// The zones of the request's subnets, ascending, for Fargate tasks.
    pub(crate) zones: Vec<Box<str>>,
    /// The number of instances of the index it was compiled for.
    pub(crate) instances: usize,
    /// The number of groups the index had when the constraints were bound: `task:group`
    /// conditions hold group ids, so a commit that adds a group calls for a rebind.
    pub(crate) bound_groups: usize,
    /// The request's group id in the catalog the constraints were bound to.
    pub(crate) catalog_group: ecs_place_cql::GroupId,
}

impl CompiledRequest {
    /// The plan this request was compiled from.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub(crate) fn new(plan: Plan, index: &ClusterIndex, subnets: &[Subnet]) -> Self {
        let wanted: BTreeSet<&str> = plan.echo.subnets.iter().map(String::as_str).collect();
        let zones: BTreeSet<&str> = subnets
            .iter()
            .filter(|s| wanted.contains(s.subnet_id.as_str()))
            .map(|s| s.availability_zone.as_str())
            .collect();
        let zones = zones.into_iter().map(Box::from).collect();
        Self::bind(plan, index, zones)
    }

    /// The same request bound again, to the index's current groups.
    pub(crate) fn rebind(&self, index: &ClusterIndex) -> Self {
        Self::bind(self.plan.clone(), index, self.zones.clone())
    }

    /// Whether the index gained groups since the constraints were bound.
    pub(crate) fn is_stale(&self, index: &ClusterIndex) -> bool {
        self.bound_groups != index.groups.len()
    }

    fn bind(plan: Plan, index: &ClusterIndex, zones: Vec<Box<str>>) -> Self {
        let n = index.len();
        let r = &plan.requirements;
        let need = Need {
            cpu: r.cpu,
            memory: r.memory,
            tcp: r.tcp_ports.iter().copied().collect(),
            udp: r.udp_ports.iter().copied().collect(),
            gpus: r.gpus,
        };
        let gpu_split = plan.echo.containers.iter().map(|c| c.gpus).collect();
        let required_ok = required_attributes(&r.required_attributes, index);
        let exprs: Vec<&ecs_place_cql::Expr> = plan
            .constraints
            .iter()
            .filter_map(|c| match c {
                Constraint::MemberOf(m) => Some(&*m.parsed),
                Constraint::DistinctInstance => None,
            })
            .collect();
        let catalog = CatalogView::new(index, &plan.group, &exprs);
        let member_of: Vec<BoundMemberOf> = plan
            .constraints
            .iter()
            .filter_map(|c| match c {
                Constraint::MemberOf(m) => Some(BoundMemberOf::bind(
                    m.position,
                    &m.expression,
                    &m.parsed,
                    &catalog,
                )),
                Constraint::DistinctInstance => None,
            })
            .collect();
        let catalog_group = catalog.request_group_id();
        let distinct_instance = plan
            .constraints
            .iter()
            .any(|c| matches!(c, Constraint::DistinctInstance));
        let mut static_ok = index.connected.clone();
        static_ok.intersect_with(&required_ok);
        for constraint in &member_of {
            if let Some(bits) = constraint.predicate.static_matches() {
                static_ok.intersect_with(bits);
            }
        }
        debug_assert_eq!(static_ok.len(), n);
        let ranker = Ranker::new(&plan.strategies, index);
        let managed = [Strategy::Spread(SpreadField::Attribute(
            ZONE_ATTRIBUTE.to_owned(),
        ))];
        let managed_ranker = Ranker::new(&managed, index);
        Self {
            group: index.groups.id(&plan.group),
            need,
            gpu_split,
            static_ok,
            required: r.required_attributes.clone(),
            required_ok,
            member_of,
            distinct_instance,
            ranker,
            managed_ranker,
            zones,
            instances: n,
            bound_groups: index.groups.len(),
            catalog_group,
            plan,
        }
    }
}

/// Instances with every required attribute (with its value, when one is given; spec §11).
fn required_attributes(required: &[RequiredAttribute], index: &ClusterIndex) -> FixedBitSet {
    let mut ok = FixedBitSet::with_capacity(index.len());
    ok.insert_range(..);
    for attribute in required {
        let mut has = FixedBitSet::with_capacity(index.len());
        if let Some(column) = index.attributes.get(&attribute.name) {
            match &attribute.value {
                None => has.union_with(&column.present),
                Some(value) => {
                    if let Some(id) = column.value_id(value) {
                        column.members[id as usize].union_into(&mut has);
                    }
                }
            }
        }
        ok.intersect_with(&has);
    }
    ok
}

/// What the one-shot index of a plan reads (issue 6, design 1): the attributes the plan
/// names, ports and GPU ids only when its task takes some, the instance fields its
/// expressions name, and every task only when an expression reads `task:group` or
/// `runningTasksCount` (else only the request group's, what strategies and
/// `distinctInstance` count).
pub(crate) fn reads(plan: &Plan) -> Reads {
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut instance_fields = false;
    let mut all_tasks = false;
    for attribute in &plan.requirements.required_attributes {
        names.insert(attribute.name.clone());
    }
    for constraint in &plan.constraints {
        if let Constraint::MemberOf(m) = constraint {
            for condition in m.parsed.conditions() {
                match condition.subject() {
                    Subject::Attribute(name) => {
                        names.insert(name.clone());
                    }
                    Subject::TaskGroup | Subject::RunningTasksCount => all_tasks = true,
                    Subject::Ec2InstanceId
                    | Subject::AgentConnected
                    | Subject::AgentVersion
                    | Subject::RegisteredAt => instance_fields = true,
                }
            }
        }
    }
    for strategy in &plan.strategies {
        if let Strategy::Spread(SpreadField::Attribute(name)) = strategy {
            names.insert(name.clone());
        }
    }
    let r = &plan.requirements;
    Reads {
        projection: Projection::Only(names.into_iter().collect()),
        ports: !r.tcp_ports.is_empty() || !r.udp_ports.is_empty(),
        gpus: r.gpus > 0,
        instance_fields,
        tasks: if all_tasks {
            TaskReads::All { arns: false }
        } else {
            TaskReads::Group(plan.group.clone())
        },
    }
}
