//! Step 4.4 of spec §2: what placing one task changes on its instance.

use ecs_place::plan::Plan;

use super::state::Instance;

/// Places one task of `plan` on `instance`; returns the GPU ids taken, one list per container
/// definition in task-definition order (lowest ids first, in byte order, handed out to the
/// containers in order).
pub fn commit(instance: &mut Instance<'_>, plan: &Plan) -> Vec<Vec<String>> {
    let needs = &plan.requirements;
    instance.remaining_cpu = instance.remaining_cpu.saturating_sub(needs.cpu);
    instance.remaining_memory = instance.remaining_memory.saturating_sub(needs.memory);
    instance.tcp_in_use.extend(needs.tcp_ports.iter().copied());
    instance.udp_in_use.extend(needs.udp_ports.iter().copied());
    let gpu_ids = plan
        .echo
        .containers
        .iter()
        .map(|container| {
            (0..container.gpus)
                .filter_map(|_| instance.free_gpus.pop_first())
                .collect()
        })
        .collect();
    instance.running_tasks = instance.running_tasks.saturating_add(1);
    instance.groups.push(plan.group.clone());
    gpu_ids
}
