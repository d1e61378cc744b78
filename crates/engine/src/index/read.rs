//! Reading a run of instances (in ARN order) into column parts: the one pass over the
//! snapshot's instances that a build makes, reading only what [`Reads`] asks for.

use std::collections::HashMap;

use ecs_place_model::snapshot::EXTERNAL_ATTRIBUTE;
use ecs_place_model::{ContainerInstance, Resource, Timestamp};

use super::attrs::{ABSENT, NO_VALUE};
use super::intern::{Interner, same_text};
use super::{ArnHasher, Ports, Projection};

/// What a build reads of each instance and task. A reusable index reads everything
/// ([`Reads::all`]); the one-shot path reads what the compiled request refers to (issue 6,
/// design 1): the projected attributes, ports and GPU ids only when the task needs them, the
/// query language's instance fields only when an expression names them, and only the request
/// group's tasks unless an expression reads `task:group` or `runningTasksCount`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reads {
    pub(crate) projection: Projection,
    /// `PORTS` and `PORTS_UDP`.
    pub(crate) ports: bool,
    /// `GPU` ids.
    pub(crate) gpus: bool,
    /// `ec2InstanceId`, `agentVersion`, `registeredAt` and `agentConnected` as the query
    /// language sees them.
    pub(crate) instance_fields: bool,
    pub(crate) tasks: TaskReads,
}

/// Which of the snapshot's tasks a build reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TaskReads {
    /// Every task: all groups, `runningTasksCount` defaults, and (with `arns`) the maps by
    /// task ARN that commits and stops need.
    All { arns: bool },
    /// Only the tasks of this group (what `spread`, `distinctInstance` and Fargate zones
    /// count); `runningTasksCount` is not read and reads as 0.
    Group(String),
}

impl Reads {
    /// The reads with the attributes every index interns whatever the projection: the zone
    /// (a task's `availabilityZone`) and `ecs.capability.external` (the launch type's pool);
    /// projected names in ascending order, once each.
    pub(crate) fn normalized(&self) -> Self {
        let mut out = self.clone();
        if let Projection::Only(names) = &mut out.projection {
            names.push(super::ZONE_ATTRIBUTE.to_owned());
            names.push(EXTERNAL_ATTRIBUTE.to_owned());
            names.sort_unstable();
            names.dedup();
        }
        out
    }

    /// Everything: the reads of a reusable index.
    pub(crate) fn all() -> Self {
        Self {
            projection: Projection::All,
            ports: true,
            gpus: true,
            instance_fields: true,
            tasks: TaskReads::All { arns: true },
        }
    }
}

/// One attribute name's values over a run of instances.
#[derive(Debug)]
pub(crate) struct ColumnPart<'a> {
    pub(crate) name: &'a str,
    pub(crate) values: Interner<'a>,
    /// Per instance of the run: a local value id, [`NO_VALUE`] or [`ABSENT`].
    pub(crate) value_of: Vec<u32>,
}

impl<'a> ColumnPart<'a> {
    fn new(name: &'a str, len: usize) -> Self {
        Self {
            name,
            values: Interner::default(),
            value_of: vec![ABSENT; len],
        }
    }

    /// The instance at `row` has the attribute. The first occurrence of a name counts (as
    /// `ContainerInstance::attribute` reads).
    #[inline]
    fn record(&mut self, row: usize, value: Option<&'a str>) {
        if self.value_of[row] == ABSENT {
            self.value_of[row] = match value {
                Some(value) => self.values.id(value),
                None => NO_VALUE,
            };
        }
    }
}

/// The columns of a run of instances.
#[derive(Debug, Default)]
pub(crate) struct Part<'a> {
    pub(crate) cpu: Vec<u32>,
    pub(crate) memory: Vec<u32>,
    pub(crate) active: Vec<bool>,
    pub(crate) connected: Vec<bool>,
    pub(crate) running_field: Vec<Option<u32>>,
    /// Local provider ids (`u32::MAX`: none) and their names.
    pub(crate) provider: Vec<u32>,
    pub(crate) providers: Interner<'a>,
    pub(crate) tcp: Vec<Ports>,
    pub(crate) udp: Vec<Ports>,
    pub(crate) gpus: Vec<Vec<Box<str>>>,
    pub(crate) ec2_ids: Vec<Option<Box<str>>>,
    pub(crate) agent_versions: Vec<Option<Box<str>>>,
    pub(crate) registered_at: Vec<Option<Timestamp>>,
    pub(crate) agent_field: Vec<Option<bool>>,
    pub(crate) columns: Vec<ColumnPart<'a>>,
}

/// Which attribute column an instance's attribute goes to.
enum Columns<'a> {
    /// A fixed set of names; `lengths` has bit `len` set for every name shorter than 64
    /// bytes, so most names are ruled out without reading their bytes.
    Only { lengths: u64 },
    /// Every name: a column per name met, found through the slot the same position had on
    /// the previous instance (instances list their attributes in much the same order) and
    /// else a hash lookup.
    All {
        slots: HashMap<&'a str, usize, ArnHasher>,
        by_position: Vec<usize>,
    },
}

/// Reads `instances` (a run of the snapshot's) into one part.
pub(crate) fn read_part<'a>(instances: &'a [ContainerInstance], reads: &'a Reads) -> Part<'a> {
    let n = instances.len();
    let mut part = Part {
        cpu: Vec::with_capacity(n),
        memory: Vec::with_capacity(n),
        active: Vec::with_capacity(n),
        connected: Vec::with_capacity(n),
        running_field: Vec::with_capacity(n),
        provider: Vec::with_capacity(n),
        ..Part::default()
    };
    let mut columns = match &reads.projection {
        Projection::Only(names) => {
            part.columns = names.iter().map(|name| ColumnPart::new(name, n)).collect();
            let lengths = names
                .iter()
                .filter(|name| name.len() < 64)
                .fold(0, |bits, name| bits | 1 << name.len());
            Columns::Only { lengths }
        }
        Projection::All => Columns::All {
            slots: HashMap::default(),
            by_position: Vec::new(),
        },
    };
    for (row, instance) in instances.iter().enumerate() {
        read_resources(&mut part, instance, reads);
        part.active.push(instance.status == "ACTIVE");
        part.connected.push(instance.agent_connected != Some(false));
        part.running_field.push(instance.running_tasks_count);
        part.provider.push(
            instance
                .capacity_provider_name
                .as_deref()
                .map_or(u32::MAX, |name| part.providers.id(name)),
        );
        if reads.instance_fields {
            part.ec2_ids
                .push(instance.ec2_instance_id.as_deref().map(Box::from));
            part.agent_versions.push(
                instance
                    .version_info
                    .as_ref()
                    .and_then(|v| v.agent_version.as_deref())
                    .map(Box::from),
            );
            part.registered_at.push(instance.registered_at);
            part.agent_field.push(instance.agent_connected);
        }
        read_attributes(&mut part.columns, &mut columns, instance, row, n);
    }
    part
}

fn read_attributes<'a>(
    parts: &mut Vec<ColumnPart<'a>>,
    columns: &mut Columns<'a>,
    instance: &'a ContainerInstance,
    row: usize,
    rows: usize,
) {
    match columns {
        Columns::Only { lengths } => {
            for attribute in &instance.attributes {
                let name = &*attribute.name;
                if name.len() < 64 && *lengths >> name.len() & 1 == 0 {
                    continue;
                }
                if let Some(part) = parts.iter_mut().find(|c| same_text(c.name, name)) {
                    part.record(row, attribute.value.as_deref());
                }
            }
        }
        Columns::All { slots, by_position } => {
            for (position, attribute) in instance.attributes.iter().enumerate() {
                let name = &*attribute.name;
                let slot = match by_position.get(position) {
                    Some(&slot) if same_text(parts[slot].name, name) => slot,
                    _ => {
                        let slot = *slots.entry(name).or_insert_with(|| {
                            parts.push(ColumnPart::new(name, rows));
                            parts.len() - 1
                        });
                        if position < by_position.len() {
                            by_position[position] = slot;
                        } else {
                            by_position.push(slot);
                        }
                        slot
                    }
                };
                parts[slot].record(row, attribute.value.as_deref());
            }
        }
    }
}

/// Remaining CPU and memory, and ports and GPU ids when read. The snapshot check
/// (`ClusterState::check`) has rejected unreadable values; a state that skipped it reads
/// them as 0 / empty rather than panicking. The first resource of a name counts (as
/// `ContainerInstance::remaining` reads).
fn read_resources(part: &mut Part<'_>, instance: &ContainerInstance, reads: &Reads) {
    let (mut cpu, mut memory, mut tcp, mut udp, mut gpus) = (None, None, None, None, None);
    // Stop once every wanted name is found: instances list CPU and MEMORY first.
    let mut missing = 2 + 2 * usize::from(reads.ports) + usize::from(reads.gpus);
    for resource in &instance.remaining_resources {
        let slot = match resource.name.as_str() {
            "CPU" => &mut cpu,
            "MEMORY" => &mut memory,
            "PORTS" if reads.ports => &mut tcp,
            "PORTS_UDP" if reads.ports => &mut udp,
            "GPU" if reads.gpus => &mut gpus,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(resource);
            missing -= 1;
            if missing == 0 {
                break;
            }
        }
    }
    let units = |r: Option<&Resource>| r.and_then(|r| r.units().ok()).unwrap_or(0);
    part.cpu.push(units(cpu));
    part.memory.push(units(memory));
    if reads.ports {
        part.tcp.push(tcp.map(ports).unwrap_or_default());
        part.udp.push(udp.map(ports).unwrap_or_default());
    }
    if reads.gpus {
        part.gpus.push(gpus.map(gpu_ids).unwrap_or_default());
    }
}

/// As `Resource::ports`, straight into the inline vector; unreadable reads as empty.
fn ports(resource: &Resource) -> Ports {
    let mut out = Ports::new();
    for text in resource.strings() {
        match ecs_place_model::resource::parse_port(text) {
            Some(port) => out.push(port),
            None => return Ports::new(),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Remaining GPU ids, ascending byte order.
fn gpu_ids(resource: &Resource) -> Vec<Box<str>> {
    let mut ids: Vec<Box<str>> = resource
        .strings()
        .iter()
        .map(|s| Box::from(s.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
