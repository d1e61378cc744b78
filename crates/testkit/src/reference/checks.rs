//! The filter of spec §2 step 4.2: the checks one instance goes through for one task, in
//! order, stopping at the first that fails.

use ecs_place::detail::{self, Protocol};
use ecs_place::outcome::Reason;
use ecs_place::plan::{Constraint, Plan, Requirements};

use super::member_of;
use super::state::Instance;

/// Why an instance cannot take the task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub reason: Reason,
    pub detail: String,
    /// For `memberOf`: the 1-based constraint position and the false sub-expression.
    pub member_of: Option<(usize, String)>,
}

impl Rejection {
    fn new(reason: Reason, detail: String) -> Self {
        Self {
            reason,
            detail,
            member_of: None,
        }
    }
}

fn agent(instance: &Instance<'_>) -> Option<Rejection> {
    // An absent `agentConnected` reads as connected: only a snapshot that says the agent is
    // disconnected rejects the instance.
    (instance.source.agent_connected == Some(false))
        .then(|| Rejection::new(Reason::Agent, detail::agent_disconnected()))
}

fn attributes(instance: &Instance<'_>, requirements: &Requirements) -> Option<Rejection> {
    requirements
        .required_attributes
        .iter()
        .find_map(|required| {
            let actual = instance.attribute(&required.name);
            let satisfied = match (&required.value, actual) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(wanted), Some(value)) => value == Some(wanted.as_str()),
            };
            (!satisfied).then(|| {
                Rejection::new(
                    Reason::Attribute,
                    detail::missing_attribute(&required.name, required.value.as_deref(), actual),
                )
            })
        })
}

fn resources(instance: &Instance<'_>, requirements: &Requirements) -> Option<Rejection> {
    if requirements.cpu > instance.remaining_cpu {
        return Some(Rejection::new(
            Reason::Cpu,
            detail::cpu(requirements.cpu, instance.remaining_cpu),
        ));
    }
    if requirements.memory > instance.remaining_memory {
        return Some(Rejection::new(
            Reason::Memory,
            detail::memory(requirements.memory, instance.remaining_memory),
        ));
    }
    // The requested ports are sorted: the first one in use is the lowest.
    if let Some(port) = requirements
        .tcp_ports
        .iter()
        .find(|p| instance.tcp_in_use.contains(p))
    {
        return Some(Rejection::new(
            Reason::Ports,
            detail::port_in_use(*port, Protocol::Tcp),
        ));
    }
    if let Some(port) = requirements
        .udp_ports
        .iter()
        .find(|p| instance.udp_in_use.contains(p))
    {
        return Some(Rejection::new(
            Reason::PortsUdp,
            detail::port_in_use(*port, Protocol::Udp),
        ));
    }
    let free = u32::try_from(instance.free_gpus.len()).unwrap_or(u32::MAX);
    if requirements.gpus > free {
        return Some(Rejection::new(
            Reason::Gpu,
            detail::gpu(requirements.gpus, free),
        ));
    }
    None
}

fn constraints(instance: &Instance<'_>, plan: &Plan) -> Option<Rejection> {
    for constraint in &plan.constraints {
        if let Constraint::MemberOf(member_of) = constraint
            && let Err(falsity) = member_of::check(member_of, instance)
        {
            return Some(Rejection {
                reason: Reason::MemberOf,
                detail: falsity.detail,
                member_of: Some((member_of.position, falsity.false_part)),
            });
        }
    }
    let distinct = plan
        .constraints
        .iter()
        .any(|constraint| matches!(constraint, Constraint::DistinctInstance));
    (distinct && instance.tasks_of(&plan.group) > 0).then(|| {
        Rejection::new(
            Reason::DistinctInstance,
            detail::distinct_instance(&plan.group),
        )
    })
}

/// The first failing check for placing one task of `plan` on `instance`, or `None` when
/// the instance can take it.
pub fn first_failure(instance: &Instance<'_>, plan: &Plan) -> Option<Rejection> {
    agent(instance)
        .or_else(|| attributes(instance, &plan.requirements))
        .or_else(|| resources(instance, &plan.requirements))
        .or_else(|| constraints(instance, plan))
}
