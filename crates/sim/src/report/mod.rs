//! The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched)
//! with the comparison table, instances used against the lower bound, and for each run the
//! per-instance utilisation by instance group and the tasks per zone per group over the trace.

mod charts;
mod svg;

use std::fmt::Write;

use crate::evaluate::Evaluated;
use crate::metrics::Metrics;
use crate::table;

use svg::escape;

/// The most task groups a timeline chart draws (the largest peaks first).
pub const TIMELINE_GROUPS: usize = 48;

/// What the page says about where the numbers come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportContext {
    /// The cluster snapshot, as the user named it.
    pub cluster_state: String,
    /// The trace, as the user named it.
    pub trace: String,
    /// Operations in the trace.
    pub operations: usize,
    pub seed: u64,
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;font-size:13px}\
td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #eee}\
td:first-child,th:first-child{text-align:left;white-space:pre}\
tr.heading td{font-weight:bold;padding-top:10px;border-bottom:1px solid #999}\
section{margin-top:2em}svg{display:block;margin:1em 0}";

/// The report page for `runs` (the first is the trace's own strategies).
pub fn render(context: &ReportContext, runs: &[Evaluated]) -> String {
    let metrics: Vec<Metrics> = runs.iter().map(|r| r.metrics.clone()).collect();
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<title>ecs-place simulation report</title>\n");
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    out.push_str("<h1>ecs-place simulation report</h1>\n");
    let _ = writeln!(
        out,
        "<p>Cluster state <code>{}</code>, trace <code>{}</code> ({} operations), seed {}.</p>",
        escape(&context.cluster_state),
        escape(&context.trace),
        context.operations,
        context.seed
    );
    out.push_str("<h2>Comparison</h2>\n");
    out.push_str(&comparison_table(&metrics));
    out.push_str(&charts::packing(&metrics));
    out.push('\n');
    for run in runs {
        run_section(&mut out, run);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The metrics table, one column per run.
fn comparison_table(metrics: &[Metrics]) -> String {
    let mut out = String::from("<table>\n");
    for (n, row) in table::rows(metrics).into_iter().enumerate() {
        let (open, close) = if n == 0 { ("th", "th") } else { ("td", "td") };
        if row.heading {
            let _ = writeln!(
                out,
                "<tr class=\"heading\"><td colspan=\"{}\">{}</td></tr>",
                metrics.len() + 1,
                escape(&row.label)
            );
            continue;
        }
        out.push_str("<tr>");
        let _ = write!(out, "<{open}>{}</{close}>", escape(&row.label));
        for value in &row.values {
            let _ = write!(out, "<{open}>{}</{close}>", escape(value));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

fn run_section(out: &mut String, run: &Evaluated) {
    let _ = writeln!(
        out,
        "<section>\n<h2>Run <code>{}</code></h2>",
        escape(&run.metrics.label)
    );
    out.push_str("<h3>Per-instance utilisation</h3>\n");
    out.push_str(&charts::utilisation(&run.instances));
    out.push('\n');
    out.push_str("<h3>Tasks per zone per group</h3>\n");
    let (chart, left_out) = charts::zone_timeline(&run.timeline, TIMELINE_GROUPS);
    out.push_str(&chart);
    out.push('\n');
    if left_out > 0 {
        let _ = writeln!(
            out,
            "<p>{left_out} smaller groups are not drawn (the {TIMELINE_GROUPS} largest peaks are).</p>"
        );
    }
    out.push_str("</section>\n");
}
