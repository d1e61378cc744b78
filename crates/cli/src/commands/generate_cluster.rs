//! `ecs-place generate-cluster`: a synthetic cluster snapshot (spec §1.2) on stdout.
//!
//! The profile (zones, instance types, attributes, about 40 % in use, 0–8 tasks per instance
//! over 100 groups, ...) is documented in the `ecs-place-synth` crate. The output is compact
//! JSON on one line by default (a 50,000-instance snapshot is about 170 MB); `--pretty`
//! indents it.

use std::io::{BufWriter, Write};

use crate::exit::Failure;

/// The most instances one snapshot may have (a million instances are about 3.4 GB of JSON).
const MAX_INSTANCES: u32 = 1_000_000;

#[derive(Debug, clap::Args)]
pub struct GenerateClusterArgs {
    /// Number of container instances (0 to 1000000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_INSTANCES)))]
    pub instances: u32,
    /// Seed of the generator: the same count and seed give the same snapshot.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Indent the JSON (default: compact, one line).
    #[arg(long)]
    pub pretty: bool,
}

pub fn run(args: &GenerateClusterArgs) -> Result<(), Failure> {
    let state = ecs_place_synth::generate_cluster(args.instances as usize, args.seed);
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if args.pretty {
        serde_json::to_writer_pretty(&mut out, &state)
    } else {
        serde_json::to_writer(&mut out, &state)
    }
    .map_err(std::io::Error::from)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}
