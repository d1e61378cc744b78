//! Synthetic Amazon ECS cluster snapshots for benchmarks and what-ifs.
//!
//! [`generate_cluster`] writes a snapshot in the format of spec §1.2 (what five `describe-*`
//! commands print) for a made-up but realistic cluster; [`bench_requests`] gives the four
//! `RunTask` requests the benchmarks place on it. Generation is deterministic: the same
//! `(instances, seed)` gives the same snapshot on every machine, and instance `i` depends only
//! on `(seed, i)`, so a larger snapshot of one seed extends a smaller one. It draws from its
//! own SplitMix64 streams (no `rand`), and 50,000 instances take well under a second in a
//! release build.
//!
//! ```
//! let state = ecs_place_synth::generate_cluster(100, 7);
//! assert_eq!(state.container_instances.len(), 100);
//! state.check()?;
//! # Ok::<(), ecs_place_model::InputError>(())
//! ```
//!
//! # The profile
//!
//! | what | value |
//! | --- | --- |
//! | cluster | `synthetic`, `arn:aws:ecs:us-east-1:123456789012:cluster/synthetic`, `ACTIVE` |
//! | capacity providers | `asg-general` (every non-GPU instance), `asg-gpu` (GPU instances), `FARGATE`, `FARGATE_SPOT`; default strategy `asg-general` weight 1 |
//! | zones | `us-east-1a`, `us-east-1b`, `us-east-1c`, round robin (instance `i` in zone `i mod 3`), one subnet each (also in `subnets`) |
//! | instance types (share) | `t3.medium` 2 vCPU 3840 MiB (8 %), `m5.large` 2/7680 (19 %), `m5.xlarge` 4/15788 (13 %), `m5.2xlarge` 8/31784 (5 %), `c5.large` 2/3788 (11 %), `c5.xlarge` 4/7680 (10 %), `c5.2xlarge` 8/15788 (4 %), `r5.large` 2/15788 (9 %), `r5.xlarge` 4/31784 (6 %), `m6g.large` arm64 2/7680 (8 %), `m6g.xlarge` arm64 4/15788 (5 %), `g4dn.xlarge` 4/15788 1 GPU (1.5 %), `g4dn.12xlarge` 48/191488 4 GPUs (0.5 %) |
//! | registered CPU | vCPUs × 1024 |
//! | built-in attributes | `ecs.availability-zone`, `ecs.instance-type`, `ecs.os-type` (`linux`), `ecs.os-family` (`LINUX`), `ecs.cpu-architecture` (`x86_64`/`arm64`), `ecs.ami-id` (3 x86, 2 arm, 1 GPU AMI), `ecs.vpc-id` (one VPC), `ecs.subnet-id` |
//! | capability attributes (no value) | 8 on every instance (`docker-remote-api.1.17`, `logging-driver.awslogs`, `task-eni`, ...), `ecs.capability.nvidia-driver` on GPU instances |
//! | custom attributes, 10 values each, uniform | `team` (`payments`, `search`, `storefront`, ...), `stack` (`prod`, `staging`, ...), `tier` (`web`, `api`, ...) on every instance; `rack` (`rack-01`..`rack-10`), `cost-center` (`cc-1001`..`cc-1010`), `pool` (`pool-a`..`pool-j`), `disk`, `kernel` (`4.14.336`..`6.8.1`), `image-version` (`2023.11`..`2024.08`), `priority` (`0`..`9`) on 95 % of instances |
//! | status | 99.5 % `ACTIVE`, 0.5 % `DRAINING`; agent disconnected on 0.2 % |
//! | agent | versions `1.82.4`, `1.83.0`, `1.84.0`, `1.85.1`, `1.86.2`; registered during the first 180 days of 2024 |
//! | running tasks | 0–8 per instance (about 3.4 on average; 11 % of instances run none), of 100 groups `service:svc-00`..`service:svc-99`, listed in `tasks` (`desiredStatus` `RUNNING`) and in `runningTasksCount` |
//! | groups | fixed sizes (128–2048 CPU units, 256–16384 MiB); 14 groups bind a TCP host port (80, 443, 8080, ...; `service:svc-03` binds 80, `service:svc-17` 8080), 4 a UDP port (8125, 514, 6343, 4789), `service:svc-96`..`99` take one GPU each and run only on GPU instances |
//! | resources in use | about 40 % of CPU and 39 % of memory over the cluster (each instance draws a task count in 0–8 and a target use in 40–100 %, and adds tasks of groups that fit under it, preferring sizes near an even share of the target): `remainingResources` is registered minus what the instance's tasks take |
//! | ports | registered `PORTS` 22, 2375, 2376, 51678, 51679, 51680 (the agent's); remaining `PORTS`/`PORTS_UDP` add the host ports of running tasks |
//! | GPUs | `GPU` string sets of `GPU-<uuid>` ids; remaining ids exclude those GPU tasks took |
//! | task definitions | `bench` (256 CPU, 512 MiB, bridge, no host port; what the benchmarks run), `bench-port` (host port 8080), `bench-gpu` (1 GPU), `bench-large` (4096 CPU, 16384 MiB), `bench-fargate` (`awsvpc`, `FARGATE`) |
//! | ARNs | `arn:aws:ecs:us-east-1:123456789012:container-instance/synthetic/<32 hex>` and `.../task/synthetic/<32 hex>`, unique and derived from the seed |
//!
//! # The benchmark requests
//!
//! All run `bench` with `count` 10 and launch type `EC2` on cluster `synthetic`:
//! R1 no strategy; R2 zone spread then binpack memory; R3 `memberOf`
//! [`R3_EXPRESSION`] + `distinctInstance` + zone spread + binpack memory; R4 `memberOf`
//! [`R4_EXPRESSION`] + `spread(instanceId)`. `examples/bench/r1.json` .. `r4.json` hold them.
//! [`explain_request`] (X1, `examples/bench/x1.json`) places nothing, so that explain mode has
//! failures to explain.
//!
//! # The floor
//!
//! [`floor::Columns`] holds the remaining CPU and memory columns of a snapshot in ARN order;
//! [`Columns::best_fit`](floor::Columns::best_fit) is the one pass over them that the
//! benchmarks use as the cost of reading the data once.
//!
//! # Input safety and errors
//!
//! Generation takes no input but two integers and cannot fail; every snapshot passes
//! [`ClusterState::check`](ecs_place_model::ClusterState::check).

mod catalog;
mod cluster;
pub mod floor;
mod instance;
mod requests;
mod rng;

/// The tables the generator draws from (zones, instance types, attributes, groups, ports).
pub mod profile {
    pub use crate::catalog::{
        ACCOUNT, AGENT_VERSIONS, AMIS_ARM64, AMIS_GPU, AMIS_X86_64, Architecture, CAPABILITIES,
        CLUSTER_NAME, CUSTOM_ATTRIBUTES, CustomAttribute, GPU_CAPABILITY, GPU_GROUPS, GROUP_COUNT,
        Group, INSTANCE_TYPES, InstanceType, REGION, RESERVED_PORTS, TCP_HOST_PORTS,
        UDP_HOST_PORTS, VPC_ID, ZONES, Zone, cluster_arn, group,
    };
    pub use crate::cluster::ASG_PROVIDERS;

    /// The most tasks one instance runs.
    pub const MAX_TASKS_PER_INSTANCE: u32 = crate::instance::MAX_TASKS as u32;
}

pub use cluster::generate_cluster;
pub use requests::{
    BENCH_COUNT, BenchRequest, R3_EXPRESSION, R4_EXPRESSION, X1_EXPRESSION, bench_requests,
    explain_request,
};
