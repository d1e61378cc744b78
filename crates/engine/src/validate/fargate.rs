//! The Fargate task sizes of spec §9: which memory (MiB) each CPU size allows.

use ecs_place_model::ApiError;

use super::bounds::invalid;

/// `(cpu, lowest memory, highest memory, step)`; for 256 CPU the allowed values are listed
/// separately because they are not evenly spaced.
const SIZES: [(u32, u32, u32, u32); 6] = [
    (512, 1024, 4096, 1024),
    (1024, 2048, 8192, 1024),
    (2048, 4096, 16384, 1024),
    (4096, 8192, 30720, 1024),
    (8192, 16384, 61440, 4096),
    (16384, 32768, 122_880, 8192),
];
const CPU_256_MEMORY: [u32; 3] = [512, 1024, 2048];

/// Checks a Fargate task's `cpu` and `memory` against the allowed combinations.
pub(crate) fn check_task_size(cpu: u32, memory: u32) -> Result<(), ApiError> {
    if cpu == 256 {
        return if CPU_256_MEMORY.contains(&memory) {
            Ok(())
        } else {
            Err(invalid(format!(
                "Fargate task memory {memory} MiB is not valid for cpu 256; allowed: 512, 1024, 2048"
            )))
        };
    }
    let Some(&(_, lo, hi, step)) = SIZES.iter().find(|size| size.0 == cpu) else {
        return Err(invalid(format!(
            "Fargate task cpu {cpu} is not valid; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384"
        )));
    };
    if (lo..=hi).contains(&memory) && (memory - lo).is_multiple_of(step) {
        Ok(())
    } else {
        Err(invalid(format!(
            "Fargate task memory {memory} MiB is not valid for cpu {cpu}; allowed: {lo} to {hi} in steps of {step}"
        )))
    }
}
