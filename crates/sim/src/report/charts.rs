//! The report's charts, each a self-contained SVG document.

use std::collections::BTreeMap;

use crate::metrics::{InstancePoint, Metrics};
use crate::timeline::Timeline;

use super::svg::{Anchor, Svg, colour};

const PANEL_WIDTH: f64 = 330.0;
const PANEL_HEIGHT: f64 = 190.0;
const LEGEND_HEIGHT: f64 = 28.0;
const COLUMNS: usize = 3;
/// The most points one series draws; longer series are sampled evenly (first and last kept).
const MAX_POINTS: usize = 300;
const AXIS: &str = "#999999";
const GRID: &str = "#e5e5e5";

/// Where one panel's plot area is.
#[derive(Debug, Clone, Copy)]
struct Plot {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Plot {
    /// The plot area of panel `n` in a grid of [`COLUMNS`] columns below the legend.
    fn panel(n: usize) -> (f64, f64, Self) {
        let x0 = (n % COLUMNS) as f64 * PANEL_WIDTH;
        let y0 = LEGEND_HEIGHT + (n / COLUMNS) as f64 * PANEL_HEIGHT;
        let plot = Self {
            left: x0 + 44.0,
            top: y0 + 26.0,
            width: PANEL_WIDTH - 60.0,
            height: PANEL_HEIGHT - 56.0,
        };
        (x0, y0, plot)
    }

    /// The point for fraction `fx` across and value `v` of `max` up.
    fn at(&self, fx: f64, v: f64, max: f64) -> (f64, f64) {
        let fy = if max > 0.0 { v / max } else { 0.0 };
        (
            self.left + fx * self.width,
            self.top + (1.0 - fy) * self.height,
        )
    }

    /// Axes and horizontal grid lines at 0, half and `max`, labelled with `label(value)`.
    fn frame(&self, svg: &mut Svg, max: f64, label: impl Fn(f64) -> String) {
        for step in [0.0, 0.5, 1.0] {
            let (x, y) = self.at(0.0, step * max, max);
            svg.line((x, y), (x + self.width, y), GRID);
            svg.text((x - 4.0, y + 3.0), Anchor::End, 9, &label(step * max));
        }
        let bottom = self.top + self.height;
        svg.line((self.left, self.top), (self.left, bottom), AXIS);
        svg.line((self.left, bottom), (self.left + self.width, bottom), AXIS);
    }
}

/// Canvas size for `panels` panels.
fn canvas(panels: usize) -> (f64, f64) {
    let columns = panels.clamp(1, COLUMNS);
    let rows = panels.div_ceil(COLUMNS).max(1);
    (
        columns as f64 * PANEL_WIDTH,
        LEGEND_HEIGHT + rows as f64 * PANEL_HEIGHT,
    )
}

/// Legend entries `(colour, name)` in a row at the top.
fn legend(svg: &mut Svg, entries: &[(&str, &str)]) {
    let mut x = 8.0;
    for (fill, name) in entries {
        svg.rect(x, 9.0, 12.0, 12.0, fill);
        svg.text((x + 16.0, 19.0), Anchor::Start, 11, name);
        x += 28.0 + 7.0 * name.chars().count() as f64;
    }
}

/// Up to [`MAX_POINTS`] evenly spaced `(fraction, value)` of `values`; one value is drawn
/// as a level line across the plot.
fn sample(values: &[f64]) -> Vec<(f64, f64)> {
    let n = values.len();
    if n == 1 {
        return vec![(0.0, values[0]), (1.0, values[0])];
    }
    let take = n.min(MAX_POINTS);
    (0..take)
        .map(|k| {
            let at = k * (n - 1) / (take - 1);
            (at as f64 / (n - 1) as f64, values[at])
        })
        .collect()
}

/// A task or instance count on an axis: whole numbers as such, halves with one decimal.
fn count_label(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Per-instance CPU and memory utilisation, one panel per homogeneous instance group: each
/// resource's per-instance values sorted from most to least used.
pub(crate) fn utilisation(points: &[InstancePoint]) -> String {
    let mut groups: BTreeMap<&str, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for point in points {
        let entry = groups.entry(&point.group).or_default();
        entry.0.push(point.cpu);
        entry.1.push(point.memory);
    }
    let (width, height) = canvas(groups.len());
    let mut svg = Svg::new(
        width,
        height,
        "Per-instance CPU and memory utilisation by instance group",
    );
    legend(&mut svg, &[(colour(0), "CPU"), (colour(1), "memory")]);
    if groups.is_empty() {
        svg.text(
            (8.0, LEGEND_HEIGHT + 20.0),
            Anchor::Start,
            12,
            "no ACTIVE instance",
        );
    }
    for (n, (name, (mut cpu, mut memory))) in groups.into_iter().enumerate() {
        let (x0, y0, plot) = Plot::panel(n);
        let title = format!("{name} ({} instances)", cpu.len());
        svg.text(
            (x0 + PANEL_WIDTH / 2.0, y0 + 16.0),
            Anchor::Middle,
            12,
            &title,
        );
        plot.frame(&mut svg, 100.0, |v| format!("{v:.0}%"));
        svg.text(
            (plot.left + plot.width / 2.0, plot.top + plot.height + 16.0),
            Anchor::Middle,
            9,
            "instances, most used first",
        );
        for (series, values) in [&mut cpu, &mut memory].into_iter().enumerate() {
            values.sort_by(|a, b| b.total_cmp(a));
            let line: Vec<(f64, f64)> = sample(values)
                .into_iter()
                .map(|(fx, v)| plot.at(fx, v, 100.0))
                .collect();
            svg.polyline(&line, colour(series));
        }
    }
    svg.finish()
}

/// The groups a timeline chart draws: at most `limit`, the largest peaks first (ties by
/// name), and how many were left out.
fn chosen_groups(timeline: &Timeline, limit: usize) -> (Vec<(String, u32)>, usize) {
    let mut groups: Vec<(String, u32)> = timeline
        .groups()
        .iter()
        .map(|g| {
            let peak = timeline
                .series(g)
                .iter()
                .flat_map(|(_, zones)| zones.iter().copied())
                .max()
                .unwrap_or(0);
            (g.clone(), peak)
        })
        .collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let left_out = groups.len().saturating_sub(limit);
    groups.truncate(limit);
    (groups, left_out)
}

/// Tasks per zone for each group of the trace as the trace goes (at most `limit` groups, the
/// largest peaks first); returns the SVG and how many groups were left out.
pub(crate) fn zone_timeline(timeline: &Timeline, limit: usize) -> (String, usize) {
    let (groups, left_out) = chosen_groups(timeline, limit);
    let (width, height) = canvas(groups.len());
    let mut svg = Svg::new(width, height, "Tasks per zone per group over the trace");
    let zones: Vec<(&str, &str)> = timeline
        .zones()
        .iter()
        .enumerate()
        .map(|(n, z)| (colour(n), z.as_str()))
        .collect();
    legend(&mut svg, &zones);
    if groups.is_empty() {
        svg.text(
            (8.0, LEGEND_HEIGHT + 20.0),
            Anchor::Start,
            12,
            "the trace placed no task",
        );
    }
    let last_line = timeline.samples().last().map_or(0, |s| s.line).max(1) as f64;
    for (n, (group, peak)) in groups.iter().enumerate() {
        let (x0, y0, plot) = Plot::panel(n);
        let title = format!("{group} (peak {peak} per zone)");
        svg.text(
            (x0 + PANEL_WIDTH / 2.0, y0 + 16.0),
            Anchor::Middle,
            12,
            &title,
        );
        let max = f64::from((*peak).max(1));
        plot.frame(&mut svg, max, count_label);
        svg.text(
            (plot.left + plot.width / 2.0, plot.top + plot.height + 16.0),
            Anchor::Middle,
            9,
            &format!("trace line (0 to {last_line:.0})"),
        );
        let series = timeline.series(group);
        for zone in 0..timeline.zones().len() {
            let line: Vec<(f64, f64)> = series
                .iter()
                .map(|(l, counts)| plot.at(*l as f64 / last_line, f64::from(counts[zone]), max))
                .collect();
            svg.polyline(&line, colour(zone));
        }
    }
    (svg.finish(), left_out)
}

/// Instances used against the lower bound, one pair of bars per run.
pub(crate) fn packing(runs: &[Metrics]) -> String {
    const HEIGHT: f64 = 230.0;
    const TOP: f64 = LEGEND_HEIGHT + 20.0;
    const PLOT_HEIGHT: f64 = 140.0;
    const LEFT: f64 = 50.0;
    let slot = |m: &Metrics| (7.0 * m.label.chars().count() as f64).max(120.0);
    // Wide enough for the legend even with one run.
    let width = (LEFT + runs.iter().map(slot).sum::<f64>() + 20.0).max(300.0);
    let mut svg = Svg::new(width, HEIGHT, "Instances used and lower bound per run");
    legend(
        &mut svg,
        &[(colour(0), "instances used"), (colour(4), "lower bound")],
    );
    let max = runs
        .iter()
        .map(|m| m.state.packing.used.max(m.state.packing.lower_bound))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let plot = Plot {
        left: LEFT,
        top: TOP,
        width: width - LEFT - 20.0,
        height: PLOT_HEIGHT,
    };
    plot.frame(&mut svg, max, count_label);
    let bottom = TOP + PLOT_HEIGHT;
    let mut x = LEFT;
    for run in runs {
        let w = slot(run);
        let centre = x + w / 2.0;
        for (k, (value, fill)) in [
            (run.state.packing.used, colour(0)),
            (run.state.packing.lower_bound, colour(4)),
        ]
        .into_iter()
        .enumerate()
        {
            let h = value as f64 / max * PLOT_HEIGHT;
            let bar_x = centre - 32.0 + k as f64 * 34.0;
            svg.rect(bar_x, bottom - h, 30.0, h, fill);
            svg.text(
                (bar_x + 15.0, bottom - h - 3.0),
                Anchor::Middle,
                9,
                &value.to_string(),
            );
        }
        svg.text((centre, bottom + 16.0), Anchor::Middle, 10, &run.label);
        x += w;
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_keeps_the_ends_and_caps_the_points() {
        let values: Vec<f64> = (0..1000).map(f64::from).collect();
        let points = sample(&values);
        assert_eq!(points.len(), MAX_POINTS);
        assert_eq!(points[0], (0.0, 0.0));
        assert_eq!(points[MAX_POINTS - 1], (1.0, 999.0));
        assert_eq!(sample(&[5.0]), [(0.0, 5.0), (1.0, 5.0)]);
        assert!(sample(&[]).is_empty());
        assert_eq!(sample(&[1.0, 2.0]), [(0.0, 1.0), (1.0, 2.0)]);
    }

    #[test]
    fn count_labels_show_halves() {
        assert_eq!(count_label(17.0), "17");
        assert_eq!(count_label(8.5), "8.5");
        assert_eq!(count_label(0.0), "0");
    }
}
