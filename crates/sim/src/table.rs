//! The metrics as rows of text, one column per run: the table printed on stdout and the
//! comparison table of the report.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::metrics::Metrics;

/// One row: a label and one value per run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub values: Vec<String>,
    /// A section heading (no values).
    pub heading: bool,
}

fn heading(label: &str, runs: usize) -> Row {
    Row {
        label: label.to_owned(),
        values: vec![String::new(); runs],
        heading: true,
    }
}

fn row(label: impl Into<String>, values: Vec<String>) -> Row {
    Row {
        label: label.into(),
        values,
        heading: false,
    }
}

/// Formats a percentage with one decimal.
fn pct(value: f64) -> String {
    format!("{value:.1}%")
}

/// The rows for `runs`, in a fixed order: tasks, stops, packing (total and per instance
/// group), stranded resources, skew, utilisation deciles, timing.
pub fn rows(runs: &[Metrics]) -> Vec<Row> {
    let n = runs.len();
    let each = |f: &dyn Fn(&Metrics) -> String| runs.iter().map(f).collect::<Vec<_>>();
    let mut out = vec![row("", each(&|m| m.label.clone())), heading("tasks", n)];
    out.push(row("requests", each(&|m| m.tasks.requests.to_string())));
    out.push(row("requested", each(&|m| m.tasks.requested.to_string())));
    out.push(row("placed", each(&|m| m.tasks.placed.to_string())));
    out.push(row(
        "provisioning",
        each(&|m| m.tasks.provisioning.to_string()),
    ));
    out.push(row("failed", each(&|m| m.tasks.failed.to_string())));
    let reasons: BTreeSet<&String> = runs
        .iter()
        .flat_map(|m| m.tasks.failed_by_reason.keys())
        .collect();
    for reason in reasons {
        out.push(row(
            format!("  {reason}"),
            each(&|m| {
                m.tasks
                    .failed_by_reason
                    .get(reason)
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            }),
        ));
    }
    out.push(heading("stops", n));
    out.push(row("stop lines", each(&|m| m.stops.lines.to_string())));
    out.push(row("tasks stopped", each(&|m| m.stops.stopped.to_string())));
    out.push(row(
        "unknown stop ARNs",
        each(&|m| m.stops.unknown_arns.to_string()),
    ));
    out.push(heading("instances (ACTIVE)", n));
    out.push(row(
        "active",
        each(&|m| m.state.packing.active_instances.to_string()),
    ));
    out.push(row(
        "used / lower bound",
        each(&|m| format!("{} / {}", m.state.packing.used, m.state.packing.lower_bound)),
    ));
    let groups: BTreeSet<&String> = runs
        .iter()
        .flat_map(|m| m.state.packing.groups.iter().map(|g| &g.name))
        .collect();
    for group in groups {
        out.push(row(
            format!("  {group}"),
            each(&|m| {
                m.state
                    .packing
                    .groups
                    .iter()
                    .find(|g| &g.name == group)
                    .map_or_else(
                        || "-".to_owned(),
                        |g| format!("{} / {} of {}", g.used, g.lower_bound, g.instances),
                    )
            }),
        ));
    }
    out.push(heading("stranded", n));
    out.push(row(
        "CPU units",
        each(&|m| {
            let s = &m.state.stranded;
            format!("{} on {}", s.cpu, s.cpu_instances)
        }),
    ));
    out.push(row(
        "memory MiB",
        each(&|m| {
            let s = &m.state.stranded;
            format!("{} on {}", s.memory, s.memory_instances)
        }),
    ));
    out.push(heading("skew (max - min tasks per value)", n));
    let skews: BTreeSet<(&String, &String)> = runs
        .iter()
        .flat_map(|m| m.state.skew.iter().map(|s| (&s.field, &s.group)))
        .collect();
    for (field, group) in skews {
        out.push(row(
            format!("  {field} {group}"),
            each(&|m| {
                m.state
                    .skew
                    .iter()
                    .find(|s| &s.field == field && &s.group == group)
                    .map_or_else(|| "-".to_owned(), |s| s.skew.to_string())
            }),
        ));
    }
    out.push(heading("utilisation deciles (CPU | memory)", n));
    for k in 0..=10 {
        out.push(row(
            format!("  p{}", k * 10),
            each(&|m| {
                let u = &m.state.utilisation;
                match (u.cpu.get(k), u.memory.get(k)) {
                    (Some(&c), Some(&mem)) => format!("{} | {}", pct(c), pct(mem)),
                    _ => "-".to_owned(),
                }
            }),
        ));
    }
    out.push(heading("timing", n));
    out.push(row(
        "wall seconds",
        each(&|m| format!("{:.3}", m.timing.wall_seconds)),
    ));
    out.push(row(
        "placements / s",
        each(&|m| format!("{:.0}", m.timing.placements_per_second)),
    ));
    out
}

/// The rows as an aligned text table: labels left, values right-aligned, headings on their
/// own line.
pub fn render(runs: &[Metrics]) -> String {
    let rows = rows(runs);
    let label_width = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut widths = vec![0; runs.len()];
    for r in &rows {
        for (w, v) in widths.iter_mut().zip(&r.values) {
            *w = (*w).max(v.chars().count());
        }
    }
    let mut out = String::new();
    for r in &rows {
        if r.heading {
            out.push_str(&r.label);
        } else {
            let _ = write!(out, "{:<label_width$}", r.label);
            for (w, v) in widths.iter().zip(&r.values) {
                let _ = write!(out, "  {v:>w$}");
            }
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
    out
}
