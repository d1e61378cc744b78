//! The checks of spec §2 step 4.2 on one instance, as of the task being placed.

use crate::compile::CompiledRequest;
use crate::detail::{self, Protocol};
use crate::index::ClusterIndex;
use crate::member_of::{InstanceView, StateView};
use crate::outcome::Reason;

/// One instance against one compiled request, with `placed` tasks of the current call
/// already on it.
#[derive(Clone, Copy)]
pub(crate) struct Probe<'a> {
    pub(crate) index: &'a ClusterIndex,
    pub(crate) request: &'a CompiledRequest,
    /// The index plus the call's overlay, as the constraints see it.
    pub(crate) state: &'a StateView<'a>,
    pub(crate) instance: usize,
    pub(crate) placed: u32,
}

impl<'a> Probe<'a> {
    pub(crate) fn new(
        request: &'a CompiledRequest,
        state: &'a StateView<'a>,
        instance: usize,
    ) -> Self {
        Self {
            index: state.index,
            request,
            state,
            instance,
            placed: state.placed(instance),
        }
    }
}

/// Why an instance was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub(crate) reason: Reason,
    pub(crate) detail: String,
    /// For `memberOf`: the constraint's index among the request's `memberOf` constraints
    /// and the canonical text of the sub-expression that decided it.
    pub(crate) member_of: Option<(usize, String)>,
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

/// `total - placed * each`, never below zero (u64: no overflow for u32 operands and a
/// call's at most 10 tasks).
fn left(total: u32, placed: u32, each: u32) -> u64 {
    u64::from(total).saturating_sub(u64::from(placed) * u64::from(each))
}

impl Probe<'_> {
    pub(crate) fn view(&self) -> InstanceView<'_> {
        InstanceView {
            index: self.index,
            instance: self.instance,
            placed: self.placed,
            request_group: &self.request.plan.group,
        }
    }

    /// Remaining CPU units, the call's tasks subtracted.
    pub(crate) fn cpu_left(&self) -> u64 {
        left(
            self.index.cpu[self.instance],
            self.placed,
            self.request.need.cpu,
        )
    }

    /// Remaining memory MiB, the call's tasks subtracted.
    pub(crate) fn memory_left(&self) -> u64 {
        left(
            self.index.memory[self.instance],
            self.placed,
            self.request.need.memory,
        )
    }

    /// Remaining GPU ids, the call's tasks' removed.
    pub(crate) fn gpus_left(&self) -> u64 {
        let total = self.index.gpus[self.instance].len() as u64;
        total.saturating_sub(u64::from(self.placed) * u64::from(self.request.need.gpus))
    }

    /// Tasks of the request's group on the instance (spec §5).
    pub(crate) fn group_tasks(&self) -> u64 {
        let existing = self
            .request
            .group
            .map_or(0, |g| self.index.groups.count(g, self.instance));
        u64::from(existing) + u64::from(self.placed)
    }

    /// The lowest requested host port of `protocol` that is in use.
    fn port_conflict(&self, protocol: Protocol) -> Option<u16> {
        let (wanted, used) = match protocol {
            Protocol::Tcp => (&self.request.need.tcp, &self.index.tcp[self.instance]),
            Protocol::Udp => (&self.request.need.udp, &self.index.udp[self.instance]),
        };
        if self.placed > 0 {
            // The call's own tasks hold every requested port.
            return wanted.first().copied();
        }
        wanted
            .iter()
            .copied()
            .find(|p| used.binary_search(p).is_ok())
    }

    /// Resources, ports, GPUs and `distinctInstance`: the checks that read the instance's
    /// columns and the call's overlay.
    pub(crate) fn passes_local(&self) -> bool {
        let need = &self.request.need;
        self.cpu_left() >= u64::from(need.cpu)
            && self.memory_left() >= u64::from(need.memory)
            && self.port_conflict(Protocol::Tcp).is_none()
            && self.port_conflict(Protocol::Udp).is_none()
            && self.gpus_left() >= u64::from(need.gpus)
            && !(self.request.distinct_instance && self.group_tasks() > 0)
    }

    /// Every check whose outcome can change within a call: [`passes_local`](Self::passes_local)
    /// and the dynamic `memberOf` constraints, evaluated on this instance. The static checks
    /// are in `CompiledRequest::static_ok`.
    pub(crate) fn passes_dynamic(&self) -> bool {
        self.passes_local()
            && self
                .request
                .member_of
                .iter()
                .filter(|m| m.dynamic)
                .all(|m| m.holds(self.state, self.instance))
    }

    /// The first failing check in spec order, with its detail; `None` when all pass.
    pub(crate) fn first_failure(&self) -> Option<Rejection> {
        let (index, request, i) = (self.index, self.request, self.instance);
        let need = &request.need;
        if !index.connected.contains(i) {
            return Some(Rejection::new(Reason::Agent, detail::agent_disconnected()));
        }
        if !request.required_ok.contains(i) {
            let view = self.view();
            use ecs_place_cql::InstanceFacts as _;
            for wanted in &request.required {
                let actual = view.attribute(&wanted.name);
                let ok = match (&wanted.value, actual) {
                    (None, Some(_)) => true,
                    (Some(value), Some(Some(actual))) => value == actual,
                    _ => false,
                };
                if !ok {
                    let text =
                        detail::missing_attribute(&wanted.name, wanted.value.as_deref(), actual);
                    return Some(Rejection::new(Reason::Attribute, text));
                }
            }
        }
        let to_u32 = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        if self.cpu_left() < u64::from(need.cpu) {
            let text = detail::cpu(need.cpu, to_u32(self.cpu_left()));
            return Some(Rejection::new(Reason::Cpu, text));
        }
        if self.memory_left() < u64::from(need.memory) {
            let text = detail::memory(need.memory, to_u32(self.memory_left()));
            return Some(Rejection::new(Reason::Memory, text));
        }
        if let Some(port) = self.port_conflict(Protocol::Tcp) {
            return Some(Rejection::new(
                Reason::Ports,
                detail::port_in_use(port, Protocol::Tcp),
            ));
        }
        if let Some(port) = self.port_conflict(Protocol::Udp) {
            let text = detail::port_in_use(port, Protocol::Udp);
            return Some(Rejection::new(Reason::PortsUdp, text));
        }
        if self.gpus_left() < u64::from(need.gpus) {
            let text = detail::gpu(need.gpus, to_u32(self.gpus_left()));
            return Some(Rejection::new(Reason::Gpu, text));
        }
        let view = self.view();
        for (at, constraint) in request.member_of.iter().enumerate() {
            if !constraint.holds(self.state, i) {
                let (part, text) = constraint.why_false(&view);
                return Some(Rejection {
                    reason: Reason::MemberOf,
                    detail: text,
                    member_of: Some((at, part)),
                });
            }
        }
        if request.distinct_instance && self.group_tasks() > 0 {
            let text = detail::distinct_instance(&request.plan.group);
            return Some(Rejection::new(Reason::DistinctInstance, text));
        }
        None
    }
}
